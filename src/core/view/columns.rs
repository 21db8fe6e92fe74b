//! The fast path of the load: storage as one JSON text `[[key, ...], [value, ...]]` (what the
//! browser adapter builds, records spliced in as their stored JSON text), decoded straight into
//! records in one pass. Going through `serde_json::Value` first allocated every field name and
//! value twice, which at 10,000 enrollments was most of the worker's start-up.
//!
//! It covers only the common case: the current layout with every record readable. Anything
//! else (an older layout to migrate, a newer one, a record that does not decode, a value that
//! is not JSON) answers `None`, and the caller takes the value-by-value path, which migrates
//! and reports each unreadable record.
use crate::core::state::State;
use crate::core::store::{Key, Record, SCHEMA_VERSION};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, SeqAccess, Visitor};
use std::fmt;

pub fn load_columns(text: &str) -> Option<State> {
    let records = serde_json::from_str::<Columns>(text).ok()?.0;
    let current = records
        .iter()
        .any(|(_, r)| matches!(r, Record::Meta(m) if m.schema_version == SCHEMA_VERSION));
    current.then(|| State::from_records(records))
}

struct Columns(Vec<(String, Record)>);

impl<'de> de::Deserialize<'de> for Columns {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(ColumnsVisitor)
    }
}

struct ColumnsVisitor;

impl<'de> Visitor<'de> for ColumnsVisitor {
    type Value = Columns;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("[[keys], [values]]")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Columns, A::Error> {
        let keys: Vec<String> = seq
            .next_element()?
            .ok_or_else(|| de::Error::custom("no keys"))?;
        let records = seq
            .next_element_seed(Values { keys: &keys })?
            .ok_or_else(|| de::Error::custom("no values"))?;
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::custom("more than keys and values"));
        }
        Ok(Columns(records))
    }
}

/// The values, each decoded as the record its key names.
struct Values<'a> {
    keys: &'a [String],
}

impl<'de> DeserializeSeed<'de> for Values<'_> {
    type Value = Vec<(String, Record)>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Values<'_> {
    type Value = Vec<(String, Record)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("one value per key")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(self.keys.len());
        for key in self.keys {
            // Bodies are not loaded at start, and keys that are not ours are passed over.
            let wanted = Key::loaded_at_start(key) && Key::parse(key).is_some();
            if !wanted {
                seq.next_element::<IgnoredAny>()?
                    .ok_or_else(|| de::Error::custom("fewer values than keys"))?;
                continue;
            }
            let record = seq
                .next_element_seed(OneRecord { key })?
                .ok_or_else(|| de::Error::custom("fewer values than keys"))?;
            out.push((key.clone(), record));
        }
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::custom("more values than keys"));
        }
        Ok(out)
    }
}

struct OneRecord<'a> {
    key: &'a str,
}

impl<'de> DeserializeSeed<'de> for OneRecord<'_> {
    type Value = Record;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Record, D::Error> {
        Record::decode(self.key, d)
            .map_err(de::Error::custom)?
            .ok_or_else(|| de::Error::custom("not a record key"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::view::load_state;
    use serde_json::json;

    fn text(entries: &[(&str, serde_json::Value)]) -> String {
        let keys: Vec<&str> = entries.iter().map(|(k, _)| *k).collect();
        let values: Vec<&serde_json::Value> = entries.iter().map(|(_, v)| v).collect();
        serde_json::to_string(&(keys, values)).unwrap()
    }

    fn sequence() -> serde_json::Value {
        let spec = json!({"name": "S",
            "window": {"days": ["mon"], "from": "09:00", "to": "17:00", "timeZone": "UTC"},
            "steps": [{"kind": "task", "channel": "call", "delay": {"days": 1}}]});
        let spec = crate::core::sequence::SequenceSpec::parse(spec).unwrap();
        serde_json::to_value(crate::core::sequence::Sequence {
            id: "s".into(),
            spec,
            state: crate::core::sequence::SequenceState::Active,
            rev: 0,
            created_at: jiff::Timestamp::from_millisecond(1_700_000_000_000).unwrap(),
        })
        .unwrap()
    }

    #[test]
    fn load_columns_matches_the_value_path() {
        let entries = [
            ("meta", json!({"schemaVersion": SCHEMA_VERSION})),
            ("seq:s", sequence()),
            ("testClock", json!(5)),
            ("body:e", json!({"text": "not loaded at start"})),
        ];
        let fast = load_columns(&text(&entries)).expect("the fast path takes it");
        let slow = load_state(entries.iter().map(|(k, v)| (k.to_string(), v.clone())));
        assert_eq!(fast.sequences, slow.sequences);
        assert_eq!(fast.sequences.len(), 1);
        assert!(fast.unreadable.is_empty() && fast.read_only.is_none());
    }

    #[test]
    fn load_columns_leaves_anything_unusual_to_the_value_path() {
        let meta = ("meta", json!({"schemaVersion": SCHEMA_VERSION}));
        // An older layout (migrations), a newer one, no meta, a record that does not decode.
        for entries in [
            vec![("meta", json!({"schemaVersion": 2})), ("seq:s", sequence())],
            vec![
                ("meta", json!({"schemaVersion": 99})),
                ("seq:s", sequence()),
            ],
            vec![("seq:s", sequence())],
            vec![
                meta.clone(),
                ("seq:broken", json!({"id": "broken", "spec": 42})),
            ],
        ] {
            assert!(load_columns(&text(&entries)).is_none(), "{entries:?}");
        }
        // Keys and values that do not pair up.
        assert!(load_columns(r#"[["meta"],[{"schemaVersion":3},1]]"#).is_none());
        assert!(load_columns(r#"[["meta","x"],[{"schemaVersion":3}]]"#).is_none());
        assert!(load_columns("not json").is_none());
    }
}
