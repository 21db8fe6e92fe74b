//! Synthetic Roundcube answers, built the way Roundcube's PHP builds them, for cases the
//! dated fixtures do not hold (new mail, empty results, bounces in a search).
use serde_json::{json, Value};

/// One `add_message_row` of a search/list answer.
pub struct R {
    pub uid: u64,
    pub mbox: String,
    pub from: String,
    pub subject: String,
    pub ctype: String,
}

pub fn row(uid: u64, mbox: &str, from: &str, subject: &str) -> R {
    R {
        uid,
        mbox: mbox.into(),
        from: from.into(),
        subject: subject.into(),
        ctype: "text/plain".into(),
    }
}

/// search.php's answer (`scope_all`: uids as "<uid>-<mbox>").
pub fn search(mbox: &str, filter: &str, rows: &[R], scope_all: bool) -> String {
    let mut exec = String::from(
        "this.set_message_coltypes([\"threads\",\"subject\",\"status\",\"fromto\",\"date\",\"size\",\"flag\",\"attachment\"],null,\"from\");\n",
    );
    for r in rows {
        let uid: Value = if scope_all {
            json!(format!("{}-{}", r.uid, r.mbox))
        } else {
            json!(r.uid)
        };
        let cols = json!({
            "subject": r.subject,
            "fromto": format!("<span class=\"adr\"><span title=\"{}\" class=\"rcmContactAddress\">X</span></span>", r.from),
            "date": "Today 10:13",
            "size": "1 KB",
        });
        let flags = json!({"ctype": r.ctype, "mbox": r.mbox});
        exec.push_str(&format!(
            "this.add_message_row({uid},{cols},{flags},false);\n"
        ));
    }
    if rows.is_empty() {
        exec.push_str("this.display_message(\"Search returned no matches.\",\"notice\",0);\n");
    }
    json!({
        "action": "search",
        "env": {
            "mailbox": mbox,
            "search_request": "0123456789abcdef",
            "search_filter": filter,
            "messagecount": rows.len(),
            "pagecount": if rows.is_empty() { 0 } else { 1 },
        },
        "exec": exec,
    })
    .to_string()
}

/// headers.php's answer for a raw header block.
pub fn headers(raw: &str) -> String {
    let escaped = raw
        .trim()
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace("\r\n", "\n");
    let mut lines: Vec<String> = Vec::new();
    for line in escaped.split('\n') {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = lines.last_mut() {
                last.push_str("<br />&nbsp;&nbsp;&nbsp;&nbsp;");
                last.push_str(line.trim_start());
            }
        } else {
            let (name, rest) = line.split_at(line.find(' ').unwrap_or(line.len()));
            lines.push(format!("<font class=\"bold\">{name}</font>{rest}"));
        }
    }
    let html = lines.join("<br />");
    json!({"action": "headers", "exec": format!("this.set_headers({});\n", json!(html))})
        .to_string()
}

pub fn reply_headers(id: &str, from: &str, subject: &str, answers: &str) -> String {
    headers(&format!(
        "From: {from}\r\nTo: alice@mail.test\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\nContent-Type: text/plain; charset=utf-8\r\nIn-Reply-To: <{answers}>\r\nReferences: <{answers}>\r\n"
    ))
}

pub fn raw_reply(id: &str, from: &str, body: &str) -> String {
    format!(
        "From: {from}\r\nTo: alice@mail.test\r\nSubject: Re: Intro\r\nMessage-ID: <{id}>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
}
