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
    /// The OAuth client id `launchWebAuthFlow` signs in with (a "Web application" client).
    /// Not a secret: it is in every authorization URL. Empty: only a build with the
    /// manifest's `oauth2` (Chrome's `getAuthToken`) can connect Gmail.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub gmail_client_id: String,
    /// The client redeems an authorization code without a secret, so the code flow with PKCE
    /// is used instead of the implicit flow (Google's Web application clients need a secret).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gmail_code_flow: bool,
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
            gmail_client_id: String::new(),
            gmail_code_flow: false,
        }
    }
}
