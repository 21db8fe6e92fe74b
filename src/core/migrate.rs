//! Ordered schema migrations over raw records (key -> JSON value), run once at start when the
//! stored `meta.schemaVersion` is older than this build's. Each step is a pure function from
//! version N to N+1 and reports the keys it wrote and removed, so the adapter writes exactly
//! those in one call.
//!
//! History of the layout:
//! - v1: everything in one record under the key `mailseq`: `{schemaVersion: 1, sequences: [...],
//!   enrollments: [...], suppression: [...], settings: {...}}` (also the shape of v1 exports).
//!   Every event rewrote the whole pipeline, which does not scale.
//! - v2: one key per record (see `store`), `meta` holds the version.
//! - v3: the same records, each stored as its JSON text rather than as an object (`meta`
//!   excepted), which the browser reads back several times faster. The step changes no value:
//!   it lists every record so that the adapter writes it again in the new form.
use crate::core::store::SCHEMA_VERSION;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use thiserror::Error;

pub type RawRecords = BTreeMap<String, Value>;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MigrateError {
    #[error("stored data is from a newer mailseq (layout v{found}; this version knows up to v{SCHEMA_VERSION}). Nothing was changed: update mailseq to edit it.")]
    Newer { found: u32 },
    #[error("stored data (layout v{version}) cannot be upgraded: {message}")]
    Broken { version: u32, message: String },
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Migrated {
    pub written: BTreeSet<String>,
    pub removed: BTreeSet<String>,
}

/// The layout version of what is stored; 0 means nothing of ours is there yet.
pub fn stored_version(records: &RawRecords) -> u32 {
    let from = |v: &Value| {
        v.get("schemaVersion")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
    };
    if let Some(v) = records.get("meta").and_then(from) {
        return v;
    }
    records.get(LEGACY_KEY).and_then(from).unwrap_or(0)
}

const LEGACY_KEY: &str = "mailseq";

/// Brings `records` up to `SCHEMA_VERSION` in place.
pub fn migrate(records: &mut RawRecords) -> Result<Migrated, MigrateError> {
    let mut version = stored_version(records);
    if version > SCHEMA_VERSION {
        return Err(MigrateError::Newer { found: version });
    }
    let mut out = Migrated::default();
    if version == 0 {
        // A fresh install: just stamp the layout.
        version = SCHEMA_VERSION;
    }
    while version < SCHEMA_VERSION {
        match version {
            1 => v1_to_v2(records, &mut out)?,
            2 => v2_to_v3(records, &mut out),
            v => {
                return Err(MigrateError::Broken {
                    version: v,
                    message: "no migration from this version".into(),
                })
            }
        }
        version += 1;
    }
    let meta = serde_json::json!({ "schemaVersion": SCHEMA_VERSION });
    if records.get("meta") != Some(&meta) {
        records.insert("meta".into(), meta);
        out.written.insert("meta".into());
    }
    Ok(out)
}

fn v1_to_v2(records: &mut RawRecords, out: &mut Migrated) -> Result<(), MigrateError> {
    let broken = |m: &str| MigrateError::Broken {
        version: 1,
        message: m.to_owned(),
    };
    let Some(Value::Object(mut blob)) = records.remove(LEGACY_KEY) else {
        return Err(broken(
            "the v1 record `mailseq` is missing or not an object",
        ));
    };
    out.removed.insert(LEGACY_KEY.into());
    let mut put = |key: String, value: Value, out: &mut Migrated| {
        out.removed.remove(&key);
        out.written.insert(key.clone());
        records.insert(key, value);
    };
    for (list, prefix, id_field) in [
        ("sequences", "seq", "id"),
        ("enrollments", "enr", "id"),
        ("suppression", "sup", "email"),
    ] {
        let items = match blob.remove(list) {
            Some(Value::Array(items)) => items,
            None | Some(Value::Null) => Vec::new(),
            Some(_) => return Err(broken(&format!("`{list}` is not a list"))),
        };
        for item in items {
            let id = item
                .get(id_field)
                .and_then(Value::as_str)
                .ok_or_else(|| broken(&format!("an entry of `{list}` has no `{id_field}`")))?
                .to_owned();
            put(format!("{prefix}:{id}"), item, out);
        }
    }
    let settings = blob
        .remove("settings")
        .unwrap_or_else(|| Value::Object(Map::new()));
    put("settings".into(), settings, out);
    Ok(())
}

fn v2_to_v3(records: &RawRecords, out: &mut Migrated) {
    // Only objects: a value of any other kind is no record of ours (or a broken one), and it
    // stays exactly as it is stored.
    let records = records.iter().filter(|(k, v)| {
        k.as_str() != "meta" && v.is_object() && crate::core::store::Key::parse(k).is_some()
    });
    out.written.extend(records.map(|(k, _)| k.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::store::Record;

    fn v1_fixture() -> RawRecords {
        let text = include_str!("../../tests/fixtures/storage/v1.json");
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn storage_migrates_v1_fixture_to_one_key_per_record() {
        let mut records = v1_fixture();
        let out = migrate(&mut records).unwrap();
        assert!(!records.contains_key("mailseq"));
        assert!(out.removed.contains("mailseq"));
        assert_eq!(records["meta"]["schemaVersion"], SCHEMA_VERSION);
        // Every migrated record decodes into today's types.
        let mut kinds = Vec::new();
        for (k, v) in &records {
            let Some(r) = Record::decode(k, v.clone()).unwrap() else {
                continue;
            };
            kinds.push(match r {
                Record::Sequence(_) => "seq",
                Record::Enrollment(_) => "enr",
                Record::Suppression(_) => "sup",
                Record::Settings(_) => "settings",
                Record::Meta(_) => "meta",
                _ => "other",
            });
        }
        kinds.sort();
        assert_eq!(kinds, vec!["enr", "meta", "seq", "settings", "sup"]);
        // Unrelated keys are untouched.
        assert_eq!(records["testClock"], serde_json::json!(5));
        for k in &out.written {
            assert!(records.contains_key(k), "{k}");
        }
    }

    #[test]
    fn storage_migration_is_idempotent() {
        let mut records = v1_fixture();
        migrate(&mut records).unwrap();
        let again = migrate(&mut records).unwrap();
        assert_eq!(again, Migrated::default());
    }

    #[test]
    fn storage_newer_version_is_refused_and_left_alone() {
        let mut records = RawRecords::new();
        records.insert("meta".into(), serde_json::json!({"schemaVersion": 99}));
        records.insert("seq:x".into(), serde_json::json!({"anything": true}));
        let before = records.clone();
        let e = migrate(&mut records).unwrap_err();
        assert_eq!(e, MigrateError::Newer { found: 99 });
        assert!(e.to_string().contains("newer mailseq"));
        assert_eq!(records, before);
    }

    #[test]
    fn storage_v2_records_are_listed_for_rewriting_and_nothing_else() {
        let mut records = RawRecords::new();
        records.insert("meta".into(), serde_json::json!({"schemaVersion": 2}));
        records.insert("seq:s".into(), serde_json::json!({"id": "s"}));
        records.insert("enr:e".into(), serde_json::json!({"id": "e"}));
        // Already text, not an object, not ours: none of these is written.
        records.insert("enr:t".into(), serde_json::json!("{\"id\":\"t\"}"));
        records.insert("enr:n".into(), serde_json::json!(7));
        records.insert("testClock".into(), serde_json::json!({"frozenAt": 5}));
        let before = records.clone();
        let out = migrate(&mut records).unwrap();
        let written: Vec<&str> = out.written.iter().map(String::as_str).collect();
        assert_eq!(written, vec!["enr:e", "meta", "seq:s"]);
        assert!(out.removed.is_empty());
        for (k, v) in &before {
            if k != "meta" {
                assert_eq!(&records[k], v, "{k} keeps its value");
            }
        }
        assert_eq!(records["meta"]["schemaVersion"], SCHEMA_VERSION);
    }

    #[test]
    fn storage_fresh_install_is_stamped() {
        let mut records = RawRecords::new();
        let out = migrate(&mut records).unwrap();
        assert_eq!(
            out.written.into_iter().collect::<Vec<_>>(),
            vec!["meta".to_string()]
        );
    }
}
