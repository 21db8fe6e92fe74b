//! Reading the header values Gmail's metadata gives: address lists and RFC 2047 encoded
//! words. Written out rather than taken from mail-parser, whose header parser alone adds
//! ~170 KB (51 KB gzipped) to the wasm for the three headers read here.

/// One mailbox of an address list: (display name, address in lower case).
pub fn addresses(value: &str) -> Vec<(String, String)> {
    split_list(value)
        .iter()
        .filter_map(|item| mailbox(item))
        .collect()
}

fn mailbox(item: &str) -> Option<(String, String)> {
    // A group ("Team: a@x, b@y;") was split at its commas; drop the "Team:" label.
    let item = match item.find(':') {
        Some(i) if !item[..i].contains(['<', '@', '"']) => &item[i + 1..],
        _ => item,
    };
    let item = item.trim().trim_end_matches(';').trim();
    let (name, addr) = match (item.rfind('<'), item.rfind('>')) {
        (Some(l), Some(r)) if l < r => (&item[..l], &item[l + 1..r]),
        _ => {
            // "pat@x (Pat)": a comment may carry the name.
            let (addr, comment) = item.split_once('(').unwrap_or((item, ""));
            (comment.trim_end_matches(')'), addr)
        }
    };
    let addr = addr.trim().to_ascii_lowercase();
    addr.contains('@').then(|| (display_name(name), addr))
}

fn display_name(raw: &str) -> String {
    let raw = raw.trim();
    let unquoted = match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) => inner.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => raw.to_owned(),
    };
    decode_words(&unquoted).trim().to_owned()
}

/// Splits at commas outside quotes, angle brackets and comments.
fn split_list(value: &str) -> Vec<String> {
    let (mut out, mut cur) = (Vec::new(), String::new());
    let (mut quoted, mut angle, mut paren, mut escaped) = (false, false, 0u32, false);
    for c in value.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            '(' if !quoted => paren += 1,
            ')' if !quoted => paren = paren.saturating_sub(1),
            ',' if !quoted && !angle && paren == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out.retain(|s| !s.trim().is_empty());
    out
}

/// Decodes RFC 2047 encoded words (`=?utf-8?B?...?=`, `=?iso-8859-1?Q?...?=`). Whitespace
/// between two encoded words is dropped, as the RFC says. Unknown charsets stay as written.
pub fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut pending_space = String::new();
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, tail) = rest.split_at(start);
        let decoded = encoded_word(tail);
        let Some((text, used)) = decoded else {
            out.push_str(&pending_space);
            pending_space.clear();
            out.push_str(before);
            out.push_str("=?");
            rest = &tail[2..];
            last_was_word = false;
            continue;
        };
        if !(last_was_word && before.trim().is_empty()) {
            out.push_str(&pending_space);
            out.push_str(before);
        }
        pending_space.clear();
        out.push_str(&text);
        rest = &tail[used..];
        let ws = rest.len() - rest.trim_start().len();
        pending_space = rest[..ws].to_owned();
        rest = &rest[ws..];
        last_was_word = true;
    }
    out.push_str(&pending_space);
    out.push_str(rest);
    out
}

/// One `=?charset?enc?text?=` at the start of `s`: the text and the bytes it took.
fn encoded_word(s: &str) -> Option<(String, usize)> {
    let body = s.strip_prefix("=?")?;
    let (charset, body) = body.split_once('?')?;
    let (enc, body) = body.split_once('?')?;
    let end = body.find("?=")?;
    let payload = &body[..end];
    let used = 2 + charset.len() + 1 + enc.len() + 1 + end + 2;
    let bytes = match enc {
        "B" | "b" => crate::mail::encode::base64url_decode(payload)?,
        "Q" | "q" => q_decode(payload)?,
        _ => return None,
    };
    // RFC 2231 allows a language after '*': "utf-8*en".
    let charset = charset.split('*').next()?.to_ascii_lowercase();
    let text = match charset.as_str() {
        "utf-8" | "us-ascii" => String::from_utf8_lossy(&bytes).into_owned(),
        // Latin-1 bytes are the first 256 code points; windows-1252 differs only in 0x80-0x9f.
        "iso-8859-1" | "latin1" | "windows-1252" => bytes.iter().map(|b| char::from(*b)).collect(),
        _ => return None,
    };
    Some((text, used))
}

fn q_decode(payload: &str) -> Option<Vec<u8>> {
    let b = payload.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'_' => out.push(b' '),
            b'=' => {
                let hex = payload.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmail_address_lists_parse_names_quotes_comments_and_groups() {
        let got = addresses(
            r#""Prospect, Pat" <Pat@Prospect.test>, sam@prospect.test (Sam Buyer), Team: a@x.test, "Q \"Z\"" <b@x.test>;, undisclosed-recipients:;"#,
        );
        let want = [
            ("Prospect, Pat", "pat@prospect.test"),
            ("Sam Buyer", "sam@prospect.test"),
            ("", "a@x.test"),
            ("Q \"Z\"", "b@x.test"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(n, a)| (n.to_string(), a.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn gmail_encoded_words_are_decoded() {
        assert_eq!(
            decode_words("=?UTF-8?B?R3LDvMOfZQ==?= aus =?utf-8?Q?K=C3=B6ln?="),
            "Grüße aus Köln"
        );
        assert_eq!(
            decode_words("=?iso-8859-1?Q?R=E9ponse_automatique?= : absent"),
            "Réponse automatique : absent"
        );
        assert_eq!(
            decode_words("=?utf-8?B?QQ==?= =?utf-8?B?Qg==?="),
            "AB",
            "space between words dropped"
        );
        assert_eq!(
            decode_words("a =?x-unknown?B?QQ==?= b"),
            "a =?x-unknown?B?QQ==?= b"
        );
        assert_eq!(decode_words("plain =? text"), "plain =? text");
        assert_eq!(addresses("=?utf-8?Q?J=C3=B6rg?= <j@x.test>")[0].0, "Jörg");
    }
}
