//! Prospects as a CSV import or the options page knows them, and how they become the
//! engine's `Recipient`: every field is a template value (`{{company}}`, `{{tier}}`, a custom
//! column's key).
use crate::core::enrollment::Recipient;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Prospect {
    pub email: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub first_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub last_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub company: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tier: String,
    /// IANA zone; follow-ups then go at the window's hours in the prospect's zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Other columns, by template key (see `column_key`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom: BTreeMap<String, String>,
}

impl Prospect {
    pub fn to_recipient(&self) -> Recipient {
        let mut fields = BTreeMap::new();
        for (k, v) in [
            // Explicit, so a two-word first name is not split as a display name would be.
            ("first_name", &self.first_name),
            ("last_name", &self.last_name),
            ("company", &self.company),
            ("title", &self.title),
            ("tier", &self.tier),
        ] {
            if !v.trim().is_empty() {
                fields.insert(k.to_owned(), v.trim().to_owned());
            }
        }
        for (k, v) in &self.custom {
            let key = column_key(k);
            if !key.is_empty() && !v.trim().is_empty() {
                fields.entry(key).or_insert_with(|| v.trim().to_owned());
            }
        }
        let name = format!("{} {}", self.first_name.trim(), self.last_name.trim());
        Recipient {
            email: self.email.trim().to_ascii_lowercase(),
            name: name.trim().to_owned(),
            fields,
            time_zone: self
                .time_zone
                .as_deref()
                .map(str::trim)
                .filter(|z| !z.is_empty())
                .map(str::to_owned),
        }
    }
}

/// The template key of a column header: lower case, runs of anything but letters and digits
/// become one `_` ("Plan Name" → `plan_name`, "ARR ($)" → `arr`).
pub fn column_key(header: &str) -> String {
    let mut out = String::new();
    for c in header.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prospects_map_to_recipient_template_values() {
        let mut custom = BTreeMap::new();
        custom.insert("Plan Name".to_owned(), "Pro".to_owned());
        let p = Prospect {
            email: " Mary.Ann@Acme.TEST ".into(),
            first_name: "Mary Ann".into(),
            last_name: "Smith".into(),
            company: "Acme".into(),
            title: "CTO".into(),
            tier: "A".into(),
            time_zone: Some("America/New_York".into()),
            custom,
        };
        let r = p.to_recipient();
        assert_eq!(r.email, "mary.ann@acme.test");
        assert_eq!(r.name, "Mary Ann Smith");
        assert_eq!(r.time_zone.as_deref(), Some("America/New_York"));
        let v = r.template_values();
        assert_eq!(v["first_name"], "Mary Ann");
        assert_eq!(v["last_name"], "Smith");
        assert_eq!(v["company"], "Acme");
        assert_eq!(v["tier"], "A");
        assert_eq!(v["plan_name"], "Pro");
        assert_eq!(v["domain"], "acme.test");
    }

    #[test]
    fn prospects_column_keys() {
        assert_eq!(column_key("Plan Name"), "plan_name");
        assert_eq!(column_key("  ARR ($) "), "arr");
        assert_eq!(column_key("Lead-Source"), "lead_source");
        assert_eq!(column_key("$$"), "");
    }
}
