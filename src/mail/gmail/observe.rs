//! From Gmail's metadata to what classification reads (`ObservedMessage`), and which added
//! messages a sync needs to look at for the watched threads.
use crate::core::observed::{bare_id, parse_id_list, ObservedMessage};
use crate::core::ports::Watched;
use crate::core::reply::CLASSIFY_HEADERS;
use crate::mail::gmail::headers::{addresses, decode_words};
use crate::mail::gmail::types::Message;
use jiff::Timestamp;
use std::collections::BTreeSet;

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
/// mail from prospects (or their domains) where a sequence's stop rules ask for it.
#[derive(Debug, Clone, Default)]
pub struct Relevance {
    threads: BTreeSet<String>,
    ids: BTreeSet<String>,
    prospects: BTreeSet<String>,
    domains: BTreeSet<String>,
    /// Some watched enrollment can only be matched by headers (no thread id, or a stop rule
    /// on senders): then added messages outside the watched threads must be fetched too.
    needs_headers: bool,
}

impl Relevance {
    pub fn new(watched: &[Watched]) -> Relevance {
        let mut r = Relevance::default();
        for w in watched {
            match &w.provider_thread_id {
                Some(t) => {
                    r.threads.insert(t.clone());
                }
                None => r.needs_headers = true,
            }
            r.ids.extend(
                w.message_ids
                    .iter()
                    .map(|m| bare_id(m).to_ascii_lowercase()),
            );
            for p in &w.prospects {
                let p = p.trim().to_ascii_lowercase();
                if w.watch_domain_mail {
                    if let Some((_, d)) = p.rsplit_once('@') {
                        r.domains.insert(d.to_owned());
                    }
                }
                if w.watch_prospect_mail {
                    r.prospects.insert(p);
                }
            }
            r.needs_headers |= w.watch_prospect_mail || w.watch_domain_mail;
        }
        r
    }

    /// Decided from history alone (ids and labels), before paying 5 units for the headers.
    /// Drafts never count; the user's own mail outside the watched threads changes nothing.
    pub fn worth_fetching(&self, added: &Message) -> bool {
        if added.has_label("DRAFT") {
            return false;
        }
        if self.threads.contains(&added.thread_id) {
            return true;
        }
        self.needs_headers && !added.has_label("SENT")
    }

    pub fn keeps(&self, m: &ObservedMessage) -> bool {
        if m.provider_thread_id
            .as_ref()
            .is_some_and(|t| self.threads.contains(t))
        {
            return true;
        }
        let ours = |id: &str| self.ids.contains(&id.to_ascii_lowercase());
        if (!m.message_id.is_empty() && ours(&m.message_id)) || m.ancestors().any(ours) {
            return true;
        }
        let domain = m.from.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
        self.prospects.contains(&m.from) || (!domain.is_empty() && self.domains.contains(domain))
    }
}
