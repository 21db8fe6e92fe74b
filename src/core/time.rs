//! Time: instants are `jiff::Timestamp`; stored as integer milliseconds (compact, exact), shown
//! as RFC 3339. Zone rules come from a `Zones` table the edges fill: natively from jiff's
//! bundled database, in the extension from TZif files shipped beside the wasm.
use jiff::tz::TimeZone;
use jiff::Timestamp;
use std::collections::HashMap;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ZoneError {
    #[error("unknown time zone \"{0}\"")]
    Unknown(String),
    #[error("time zone \"{0}\" is not loaded yet")]
    NotLoaded(String),
}

/// Zone rules by IANA name. The core never reads files: whoever builds the engine inserts the
/// zones its sequences and prospects use.
#[derive(Debug, Clone, Default)]
pub struct Zones {
    map: HashMap<String, TimeZone>,
}

impl Zones {
    pub fn insert(&mut self, name: &str, tz: TimeZone) {
        self.map.insert(name.to_owned(), tz);
    }

    pub fn contains(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    pub fn get(&self, name: &str) -> Result<TimeZone, ZoneError> {
        if let Some(tz) = self.map.get(name) {
            return Ok(tz.clone());
        }
        self.fallback(name)
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn fallback(&self, name: &str) -> Result<TimeZone, ZoneError> {
        jiff::tz::db()
            .get(name)
            .map_err(|_| ZoneError::Unknown(name.to_owned()))
    }

    #[cfg(target_arch = "wasm32")]
    fn fallback(&self, name: &str) -> Result<TimeZone, ZoneError> {
        if name == "UTC" {
            return Ok(TimeZone::UTC);
        }
        Err(ZoneError::NotLoaded(name.to_owned()))
    }

    /// Parses TZif bytes (as shipped in the extension's `tz/` folder) and keeps them.
    pub fn insert_tzif(&mut self, name: &str, data: &[u8]) -> Result<(), ZoneError> {
        let tz = TimeZone::tzif(name, data).map_err(|_| ZoneError::Unknown(name.to_owned()))?;
        self.insert(name, tz);
        Ok(())
    }
}

/// serde helpers: a `Timestamp` as integer milliseconds since the epoch.
pub mod ms {
    use jiff::Timestamp;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(t.as_millisecond())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let v = f64::deserialize(d)?;
        Timestamp::from_millisecond(v as i64).map_err(serde::de::Error::custom)
    }

    pub mod option {
        use jiff::Timestamp;
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => s.serialize_some(&t.as_millisecond()),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
            match Option::<f64>::deserialize(d)? {
                Some(v) => Timestamp::from_millisecond(v as i64)
                    .map(Some)
                    .map_err(serde::de::Error::custom),
                None => Ok(None),
            }
        }
    }
}

/// RFC 3339 in UTC with millisecond precision at most, as the test contract shows times.
pub fn rfc3339(t: Timestamp) -> String {
    t.round(jiff::Unit::Millisecond)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| t.to_string())
}

pub fn from_ms(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}
