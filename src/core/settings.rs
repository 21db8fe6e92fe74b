//! The user's settings: one record.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    /// The zone the side panel shows times in; None means the browser's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Self-hosted Roundcube origins the user switched on (and granted access to).
    #[serde(default)]
    pub roundcube_origins: Vec<String>,
    /// The sender's postal address, for the compliance footer.
    #[serde(default)]
    pub physical_address: String,
    /// Extra addresses of the user's (aliases) that never count as replies.
    #[serde(default)]
    pub own_addresses: Vec<String>,
    /// Whether to raise a notification when sending is blocked.
    #[serde(default = "yes")]
    pub notify_blocked: bool,
}

fn yes() -> bool {
    true
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            time_zone: None,
            roundcube_origins: Vec::new(),
            physical_address: String::new(),
            own_addresses: Vec::new(),
            notify_blocked: true,
        }
    }
}
