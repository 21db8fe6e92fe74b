//! Just enough RFC 5322 / MIME reading for reply detection: header fields, and the leaf
//! parts of a message with their text decoded. Written out rather than taken from
//! mail-parser, which adds ~51 KB gzipped to the wasm (measured by the Gmail provider),
//! for the little read here: a snippet of text, a delivery report's fields and the bounced
//! message's Message-ID. Undecodable text is read lossily: a snippet needs no more.
use crate::mail::encode::base64url_decode;

/// Nested multiparts deeper than this are not read (a snippet never needs them).
const MAX_DEPTH: usize = 6;

/// Splits a message at the blank line after its header block.
pub fn split_head(raw: &str) -> (&str, &str) {
    let crlf = raw.find("\r\n\r\n").map(|i| (i, 4));
    let lf = raw.find("\n\n").map(|i| (i, 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => {
            let (i, n) = if a.0 <= b.0 { a } else { b };
            (&raw[..i], &raw[i + n..])
        }
        (Some((i, n)), None) | (None, Some((i, n))) => (&raw[..i], &raw[i + n..]),
        (None, None) => (raw, ""),
    }
}

/// Header fields in order: (lower-case name, value with folding undone and trimmed).
pub fn fields(head: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = out.last_mut() {
                v.push(' ');
                v.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            out.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    out
}

pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// A parameter of a structured header (`boundary`, `charset`), quoted or not.
pub fn param(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// One leaf of the MIME tree: its type (`text/plain`, `message/rfc822`...), and its body,
/// decoded to text for `text/*` and `message/delivery-status`, raw otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaf {
    pub kind: String,
    pub text: String,
}

/// The leaves of a message, in order. A `message/rfc822` part is a leaf: its raw text is the
/// attached message, whose headers the caller reads.
pub fn leaves(raw: &str) -> Vec<Leaf> {
    let mut out = Vec::new();
    walk(raw, 0, &mut out);
    out
}

fn walk(part: &str, depth: usize, out: &mut Vec<Leaf>) {
    let (head, body) = split_head(part);
    let f = fields(head);
    let ct = field(&f, "content-type").unwrap_or("text/plain");
    let kind = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if kind.starts_with("multipart/") {
        let Some(boundary) = param(ct, "boundary") else {
            return;
        };
        if depth < MAX_DEPTH {
            for sub in parts(body, &boundary) {
                walk(sub, depth + 1, out);
            }
        }
        return;
    }
    let cte = field(&f, "content-transfer-encoding")
        .unwrap_or("7bit")
        .to_ascii_lowercase();
    // 7bit/8bit bodies reached us as text already (fetch decoded the answer); only decoded
    // base64 and quoted-printable bytes are still in the part's charset.
    let bytes = match cte.as_str() {
        "base64" => base64url_decode(body).unwrap_or_default(),
        "quoted-printable" => qp_decode(body),
        _ => {
            out.push(Leaf {
                kind,
                text: body.to_owned(),
            });
            return;
        }
    };
    let charset = param(ct, "charset").map(|c| c.to_ascii_lowercase());
    let text = match charset.as_deref() {
        // Latin-1 bytes are the first 256 code points; windows-1252 differs only in 0x80-0x9f.
        Some("iso-8859-1" | "latin1" | "windows-1252") => {
            bytes.iter().map(|b| char::from(*b)).collect()
        }
        _ => String::from_utf8_lossy(&bytes).into_owned(),
    };
    out.push(Leaf { kind, text });
}

/// The bodies between `--boundary` lines, up to `--boundary--`.
fn parts<'a>(body: &'a str, boundary: &str) -> Vec<&'a str> {
    let open = format!("--{boundary}");
    let close = format!("--{boundary}--");
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let t = line.trim_end();
        if t == open || t == close {
            if let Some(s) = start {
                // The line break before a delimiter belongs to the delimiter.
                let seg = &body[s..pos.max(s)];
                let seg = seg
                    .strip_suffix('\n')
                    .map_or(seg, |x| x.strip_suffix('\r').unwrap_or(x));
                out.push(seg);
            }
            if t == close {
                return out;
            }
            start = Some(pos + line.len());
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(&body[s..]);
    }
    out
}

/// Quoted-printable: `=XX` bytes, and `=` at a line end joins the lines.
fn qp_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            match (b.get(i + 1), b.get(i + 2)) {
                (Some(b'\r'), Some(b'\n')) => i += 3,
                (Some(b'\n'), _) => i += 2,
                (Some(_), Some(_)) => match s
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(v) => {
                        out.push(v);
                        i += 3;
                    }
                    None => {
                        out.push(b'=');
                        i += 1;
                    }
                },
                _ => {
                    out.push(b'=');
                    i += 1;
                }
            }
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// The text of an HTML part, roughly: tags dropped, entities decoded. Enough for a snippet
/// of a reply written in HTML only.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tag = &rest[i..];
        let skip_to = if tag
            .get(..6)
            .is_some_and(|t| t.eq_ignore_ascii_case("<style"))
        {
            tag.to_ascii_lowercase().find("</style>").map(|e| e + 8)
        } else {
            None
        };
        let end = skip_to
            .or_else(|| tag.find('>').map(|e| e + 1))
            .unwrap_or(tag.len());
        let name = tag[1..end.min(tag.len())].to_ascii_lowercase();
        if ["br", "p", "/p", "div", "/div"]
            .iter()
            .any(|n| name.starts_with(n))
        {
            out.push('\n');
        }
        rest = &tag[end..];
    }
    out.push_str(rest);
    super::html::decode_entities(&out).replace('\u{a0}', " ")
}
