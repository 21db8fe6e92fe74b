//! The action icon's badge: how many tasks are due and follow-ups are waiting.
use crate::browser::chrome;
use crate::browser::js::{error_text, set};
use wasm_bindgen::JsValue;

/// Amber: something waits for the user. Red: sending is blocked.
const WAITING: &str = "#b45309";
const BLOCKED: &str = "#b91c1c";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Badge {
    pub count: u32,
    pub blocked: bool,
}

/// What the badge shows: nothing at zero, "99+" past two digits, "!" when blocked and idle.
pub fn text(badge: Badge) -> String {
    match (badge.count, badge.blocked) {
        (0, false) => String::new(),
        (0, true) => "!".to_owned(),
        (n, _) if n > 99 => "99+".to_owned(),
        (n, _) => n.to_string(),
    }
}

pub async fn show(badge: Badge, title: &str) -> Result<(), String> {
    let details = js_sys::Object::new();
    set(&details, "text", &JsValue::from_str(&text(badge)));
    chrome::action_set_badge_text(&details)
        .await
        .map_err(|e| error_text(&e))?;
    let colour = js_sys::Object::new();
    let c = if badge.blocked { BLOCKED } else { WAITING };
    set(&colour, "color", &JsValue::from_str(c));
    chrome::action_set_badge_background_color(&colour)
        .await
        .map_err(|e| error_text(&e))?;
    let t = js_sys::Object::new();
    set(&t, "title", &JsValue::from_str(title));
    chrome::action_set_title(&t)
        .await
        .map_err(|e| error_text(&e))?;
    Ok(())
}
