//! PLACEHOLDER until the reply branch lands (minimal classification for engine work).
use crate::core::enrollment::Class;
use crate::core::ids::EnrollmentId;
use crate::core::observed::ObservedMessage;

pub struct Own<'a> {
    pub addresses: &'a [String],
    pub message_ids: &'a [String],
}

pub fn classify(msg: &ObservedMessage, own: &Own) -> Class {
    if msg.sent_by_user
        || own.addresses.contains(&msg.from)
        || own.message_ids.contains(&msg.message_id)
        || is_ours(&msg.message_id)
    {
        return Class::Own;
    }
    let ct = msg
        .header("content-type")
        .unwrap_or("")
        .to_ascii_lowercase();
    if ct.contains("multipart/report") || msg.from.starts_with("mailer-daemon@") {
        return Class::Bounce;
    }
    if msg
        .header("auto-submitted")
        .is_some_and(|v| !v.eq_ignore_ascii_case("no"))
    {
        return Class::AutoReply;
    }
    if msg.snippet.to_ascii_lowercase().contains("unsubscribe") {
        return Class::OptOut;
    }
    Class::Reply
}

pub fn bounced_address(msg: &ObservedMessage) -> Option<String> {
    msg.header("x-failed-recipients")
        .map(|s| s.trim().to_ascii_lowercase())
}

pub fn message_id_for(enrollment: &EnrollmentId, step: u32, domain: &str) -> String {
    format!("mseq.{enrollment}.{step}@{domain}")
}

pub fn is_ours(message_id: &str) -> bool {
    message_id.starts_with("mseq.")
}
