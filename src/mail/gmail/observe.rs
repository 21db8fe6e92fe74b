//! From Gmail's metadata to what classification reads (`ObservedMessage`), and which added
//! messages a sync needs to look at for the watched threads.
use crate::core::observed::{bare_id, parse_id_list, ObservedMessage};
use crate::core::ports::WatchSet;
use crate::core::reply::CLASSIFY_HEADERS;
use crate::mail::gmail::headers::{addresses, decode_words};
use crate::mail::gmail::types::Message;
use jiff::Timestamp;

/// The addresses and subject of a message, decoded (RFC 2047 words, quoted names, groups).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decoded {
    /// Lower case.
    pub from: String,
    pub from_name: String,
    /// Lower case.
    pub to: Vec<String>,
    pub subject: String,
}

/// Gmail gives header values as they are in the message (encoded words and all).
pub fn decode(msg: &Message) -> Decoded {
    let from = msg.header("From").map(addresses).unwrap_or_default();
    let (from_name, from) = from.into_iter().next().unwrap_or_default();
    Decoded {
        from,
        from_name,
        to: msg
            .header("To")
            .map(addresses)
            .unwrap_or_default()
            .into_iter()
            .map(|(_, a)| a)
            .collect(),
        subject: msg
            .header("Subject")
            .map(decode_words)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

pub fn observed(msg: &Message) -> ObservedMessage {
    let d = decode(msg);
    let mut headers = std::collections::BTreeMap::new();
    if let Some(part) = &msg.payload {
        for h in &part.headers {
            let name = h.name.to_ascii_lowercase();
            if CLASSIFY_HEADERS.contains(&name.as_str()) && !headers.contains_key(&name) {
                headers.insert(name, h.value.clone());
            }
        }
    }
    ObservedMessage {
        message_id: msg.header("Message-ID").map(bare_id).unwrap_or_default(),
        from: d.from,
        from_name: d.from_name,
        subject: d.subject,
        in_reply_to: msg
            .header("In-Reply-To")
            .map(parse_id_list)
            .unwrap_or_default(),
        references: msg
            .header("References")
            .map(parse_id_list)
            .unwrap_or_default(),
        headers,
        snippet: msg.snippet.clone(),
        provider_thread_id: (!msg.thread_id.is_empty()).then(|| msg.thread_id.clone()),
        sent_by_user: msg.has_label("SENT"),
    }
}

/// When Gmail received it (`internalDate`, ms since the epoch).
pub fn internal_date(msg: &Message) -> Option<Timestamp> {
    let ms = msg.internal_date.parse::<i64>().ok()?;
    Timestamp::from_millisecond(ms).ok()
}

/// What a sync keeps: messages of watched threads, messages pointing at our Message-IDs, and
/// mail from prospects (or their domains) where a sequence's stop rules ask for it. It reads
/// the lookups the engine keeps in step, so a poll costs the messages it looks at, not the
/// number of watched threads.
#[derive(Debug, Clone, Copy)]
pub struct Relevance<'a> {
    watched: &'a WatchSet,
}

impl<'a> Relevance<'a> {
    pub fn new(watched: &'a WatchSet) -> Relevance<'a> {
        Relevance { watched }
    }

    /// Decided from history alone (ids and labels), before paying 5 units for the headers.
    /// Drafts never count; the user's own mail outside the watched threads changes nothing.
    pub fn worth_fetching(&self, added: &Message) -> bool {
        if added.has_label("DRAFT") {
            return false;
        }
        if self.watched.has_thread(&added.thread_id) {
            return true;
        }
        self.watched.needs_headers() && !added.has_label("SENT")
    }

    pub fn keeps(&self, m: &ObservedMessage) -> bool {
        m.provider_thread_id
            .as_ref()
            .is_some_and(|t| self.watched.has_thread(t))
            || self.watched.answers(m)
            || self.watched.watches_sender(&m.from)
    }
}
