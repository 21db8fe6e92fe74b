//! IMAP SEARCH keys for Roundcube's `_filter`, and the query strings that carry them.
//!
//! search.php passes `_filter` to IMAP SEARCH as is, but reads it with
//! `get_input_string(..., INPUT_GET)` without `allow_html`, which runs `strip_tags`:
//! `HEADER Message-ID "<id@x>"` arrives as `HEADER Message-ID ""` and matches EVERY message.
//! So ids go in bare, anything with `<`, `>`, `"`, `\` or a control character is refused
//! here, and callers compare `env.search_filter` in the answer with what they sent.
//! IMAP HEADER matching is a case-insensitive substring match.

/// Keys per search request: IMAP servers take far more, but ids can be short.
pub const MAX_KEYS: usize = 100;
/// Encoded bytes of one `_filter` value. Real front servers refuse request lines over 8 KB
/// (Apache `LimitRequestLine` 8190, nginx 8 KB buffers); the rest of the URL is under 200.
pub const MAX_FILTER_BYTES: usize = 7000;

/// A Message-ID as an IMAP quoted string, or None when it cannot be sent safely.
pub fn quoted(id: &str) -> Option<String> {
    let ok = !id.is_empty()
        && !id
            .chars()
            .any(|c| matches!(c, '<' | '>' | '"' | '\\') || c.is_control());
    ok.then(|| format!("\"{id}\""))
}

/// `HEADER Message-ID "<bare id>"` (brackets left off, see the module comment).
pub fn message_id(id: &str) -> Option<String> {
    quoted(id).map(|q| format!("HEADER Message-ID {q}"))
}

/// `OR k1 k2` folded over any number of keys: `OR OR k1 k2 k3`.
pub fn any_of(keys: &[String]) -> Option<String> {
    let (first, rest) = keys.split_first()?;
    let mut out = String::new();
    for _ in rest {
        out.push_str("OR ");
    }
    out.push_str(first);
    for k in rest {
        out.push(' ');
        out.push_str(k);
    }
    Some(out)
}

/// Messages that answer any of `ids`: one filter per batch of keys that fits one request
/// line (`MAX_KEYS`, `MAX_FILTER_BYTES`), two keys per id (a reply carries the id in
/// In-Reply-To; some clients set only that, others only References).
pub fn answering(ids: &[String]) -> Vec<String> {
    let mut batches: Vec<String> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut bytes = 0;
    for q in ids.iter().filter_map(|id| quoted(id)) {
        let pair = [
            format!("HEADER In-Reply-To {q}"),
            format!("HEADER References {q}"),
        ];
        // Each key also brings an "OR " and a space, encoded.
        let cost: usize = pair.iter().map(|k| enc(k).len() + 6).sum();
        if !keys.is_empty() && (keys.len() + 2 > MAX_KEYS || bytes + cost > MAX_FILTER_BYTES) {
            batches.extend(any_of(&keys));
            keys.clear();
            bytes = 0;
        }
        keys.extend(pair);
        bytes += cost;
    }
    batches.extend(any_of(&keys));
    batches
}

/// `UID <from>:*`. IMAP's `n:*` always includes the highest UID even when it is below n,
/// so the caller drops rows at or below the cursor.
pub fn uids_from(from: u64) -> String {
    format!("UID {from}:*")
}

/// For the enrolling email when the page gave no Message-ID: To, Subject and the day.
/// `day` is an IMAP date (`27-Nov-2026`).
pub fn to_subject_since(to: &str, subject: &str, day: &str) -> Option<String> {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '"' | '\\' | '<' | '>' => ' ',
                c if c.is_control() => ' ',
                c => c,
            })
            .collect::<String>()
            .trim()
            .to_owned()
    };
    let (to, subject) = (clean(to), clean(subject));
    if to.is_empty() {
        return None;
    }
    let mut f = format!("HEADER To \"{to}\"");
    if !subject.is_empty() {
        f.push_str(&format!(" HEADER Subject \"{subject}\""));
    }
    f.push_str(&format!(" SINCE {day}"));
    Some(f)
}

/// `27-Nov-2026`, the IMAP date form SINCE takes.
pub fn imap_date(date: jiff::civil::Date) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let m = MONTHS
        .get(usize::try_from(date.month() - 1).unwrap_or(0))
        .copied()
        .unwrap_or("Jan");
    format!("{}-{m}-{}", date.day(), date.year())
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `a=1&b=x%20y`
pub fn query(params: &[(&str, &str)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}
