//! Times and durations in words, in the user's zone. Labels say "Today"/"Tomorrow" where that
//! is what a person would say, and always carry the 24-hour wall time.
use super::ViewCtx;
use crate::core::time::rfc3339;
use jiff::civil::Date;
use jiff::Timestamp;

/// An instant for the pages: `datetime` goes into `<time datetime>`, `label` is read by people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    pub at: Timestamp,
    pub datetime: String,
    pub label: String,
}

pub(super) fn when(ctx: &ViewCtx, at: Timestamp) -> When {
    When {
        at,
        datetime: rfc3339(at),
        label: label(ctx, at),
    }
}

/// The civil date of `at` in the user's zone.
pub(super) fn local_date(ctx: &ViewCtx, at: Timestamp) -> Date {
    at.to_zoned_datetime(ctx.tz.clone()).date()
}

fn label(ctx: &ViewCtx, at: Timestamp) -> String {
    if at == Timestamp::MAX {
        return "never (the send window never opens)".to_owned();
    }
    let z = at.to_zoned_datetime(ctx.tz.clone());
    let today = local_date(ctx, ctx.now);
    let time = z.strftime("%H:%M").to_string();
    let date = z.date();
    let day = if date == today {
        "Today".to_owned()
    } else if today.tomorrow().ok() == Some(date) {
        "Tomorrow".to_owned()
    } else if today.yesterday().ok() == Some(date) {
        "Yesterday".to_owned()
    } else if date.year() == today.year() {
        z.strftime("%a %-d %b").to_string()
    } else {
        z.strftime("%a %-d %b %Y").to_string()
    };
    format!("{day} {time}")
}

/// A length of time in words: "45 min", "5 h 10 min", "2 d 3 h".
pub fn duration_words(secs: i64) -> String {
    let secs = secs.max(0);
    let (d, h, m) = (secs / 86_400, secs % 86_400 / 3600, (secs % 3600 + 59) / 60);
    match (d, h) {
        (0, 0) => format!("{} min", m.max(1)),
        (0, h) if m == 0 || m == 60 => format!("{} h", h + m / 60),
        (0, h) => format!("{h} h {m} min"),
        (d, 0) => format!("{d} d"),
        (d, h) => format!("{d} d {h} h"),
    }
}

/// Rewrites RFC 3339 instants inside an engine sentence ("moved to 2026-11-30T08:00:00Z") into
/// the user's zone, so history reads in one zone throughout.
pub(super) fn localize_instants(ctx: &ViewCtx, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = find_instant(rest) {
        let (before, from) = rest.split_at(pos);
        out.push_str(before);
        let len = instant_len(from);
        match from[..len].parse::<Timestamp>() {
            Ok(t) => out.push_str(&label(ctx, t)),
            Err(_) => out.push_str(&from[..len]),
        }
        rest = &from[len..];
    }
    out.push_str(rest);
    out
}

/// Where the next "YYYY-MM-DDTHH:MM" starts, if anywhere.
fn find_instant(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    (0..b.len()).find(|&i| {
        let w = &b[i..];
        w.len() >= 16
            && w[..4].iter().all(u8::is_ascii_digit)
            && w[4] == b'-'
            && w[7] == b'-'
            && w[10] == b'T'
            && w[13] == b':'
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
    })
}

/// The length of the instant token at the start of `s`: digits and `-:.+TZ`.
fn instant_len(s: &str) -> usize {
    s.bytes()
        .take_while(|c| c.is_ascii_digit() || b"-:.+TZ".contains(c))
        .count()
}
