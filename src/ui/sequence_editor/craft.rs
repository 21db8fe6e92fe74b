//! The editor's sequence-craft parts: A/B versions of an email, the first email of imported
//! prospects, and the compliance footer.
use super::{check, control, field, input, select, warning_slot};
use crate::core::view::{
    version_label, FirstEmailForm, FooterForm, VariantForm, FOOTER_LANGUAGES, MAX_EXTRA_VERSIONS,
};
use crate::ui::dom::{button, El};
use wasm_bindgen::prelude::*;
use web_sys::Element;

pub(super) const VARIABLES_HINT: &str = "Variables: {{first_name|there}} uses the first name, or “there” when it is unknown. Also {{last_name}}, {{company}}, {{title}}, {{email}}, {{domain}} and any column of an imported CSV.";

/// Versions B, C… of the email at `at` (`steps[2]`, `firstEmail`). `subjects`: whether this
/// email sends a subject (a new thread or the first email); a same-thread follow-up goes out
/// as "Re: " the thread's subject, so its versions differ in text only.
pub(super) fn versions(at: &str, vs: &[VariantForm], subjects: bool) -> Result<Element, JsValue> {
    let mut list = El::new("ol")?.class("versions plain");
    for (j, v) in vs.iter().enumerate() {
        let label = version_label(j);
        let p = |f: &str| format!("{at}.variants[{j}].{f}");
        let mut fs = El::new("fieldset")?
            .attr("data-version", &label)
            .child(El::new("legend")?.text(&format!("Version {label}")));
        if subjects {
            fs = fs.child(field(
                "Subject",
                input("text", &p("subject"), &v.subject)?
                    .attr("placeholder", "Empty: version A's subject"),
                &p("subject"),
                None,
            )?);
        }
        fs = fs
            .child(field(
                "Text",
                control("textarea", &p("body"))?
                    .attr("rows", "4")
                    .text(&v.body),
                &p("body"),
                None,
            )?)
            .child(
                button(&format!("Remove version {label}"))?
                    .attr("data-action", "variant-remove")
                    .attr("data-email", at)
                    .attr("data-index", &j.to_string())
                    .attr("data-key", &format!("variant-remove:{at}:{j}")),
            );
        list = list.child(El::new("li")?.child(fs));
    }
    let next = version_label(vs.len());
    let hint = if subjects {
        "Each prospect gets one version, always the same one. The metrics compare versions’ reply rates."
    } else {
        "Each prospect gets one version, always the same one. A follow-up in the same thread keeps the thread’s subject, so versions differ in text only."
    };
    Ok(El::new("div")?
        .class("versions-box")
        .child(list)
        .child(warning_slot(&format!("{at}.variants"))?)
        .child(
            button(&format!("Add version {next} (A/B test)"))?
                .attr("data-action", "variant-add")
                .attr("data-email", at)
                .attr("data-key", &format!("variant-add:{at}"))
                .flag("disabled", vs.len() >= MAX_EXTRA_VERSIONS),
        )
        .child(El::new("p")?.class("hint").text(hint))
        .build())
}

pub(super) fn first_email(f: &FirstEmailForm) -> Result<Element, JsValue> {
    Ok(El::new("fieldset")?
        .attr("id", "first-email")
        .child(El::new("legend")?.text("First email (for prospects imported from a CSV)"))
        .child(El::new("p")?.class("hint").text("mailseq sends this email itself, in a new thread, to prospects you import; the steps below follow it. People you enroll from your webmail’s compose window get the email you write there instead. Leave it empty if you only enroll from the compose window."))
        .child(warning_slot("firstEmail")?)
        .child(field(
            "Subject",
            input("text", "firstEmail.subject", &f.subject)?,
            "firstEmail.subject",
            None,
        )?)
        .child(field(
            "Text",
            control("textarea", "firstEmail.body")?
                .attr("rows", "5")
                .text(&f.body),
            "firstEmail.body",
            Some(VARIABLES_HINT),
        )?)
        .child(versions("firstEmail", &f.variants, true)?)
        .build())
}

pub(super) fn footer(f: &FooterForm, address: &str) -> Result<Element, JsValue> {
    let langs: Vec<(&str, &str)> = FOOTER_LANGUAGES.iter().map(|(_, t, l)| (*t, *l)).collect();
    let default = FooterForm {
        text: String::new(),
        ..f.clone()
    }
    .sentence();
    let address_line = if address.trim().is_empty() {
        El::new("p")?
            .class("hint")
            .text("Postal address: none yet. Enter it once in Settings below; the law asks for it in every commercial email.")
    } else {
        El::new("p")?
            .class("hint")
            .text("Postal address (from Settings): ")
            .child(El::new("span")?.class("address").text(address.trim()))
    };
    Ok(El::new("fieldset")?
        .attr("id", "footer")
        .child(El::new("legend")?.text("Compliance footer"))
        .child(warning_slot("footer")?)
        .child(check("footer.enabled", "on", "Add an unsubscribe line and your postal address below every email (recommended)", f.enabled)?)
        .child(warning_slot("footer.enabled")?)
        .child(field(
            "Unsubscribe sentence",
            input("text", "footer.text", &f.text)?.attr("placeholder", &default),
            "footer.text",
            Some("Empty: the default sentence shown, in the language below. It asks for a reply that mailseq reads as an opt-out, which stops the sequence and suppresses the address."),
        )?)
        .child(field(
            "Language of the default sentence",
            select("footer.language", &langs, f.language_token())?,
            "footer.language",
            None,
        )?)
        .child(address_line)
        .child(El::new("p")?.class("hint").attr("data-mailseq-note", "list-unsubscribe").text("Gmail also gets a List-Unsubscribe header, so its own Unsubscribe button works. Roundcube cannot set that header: there the footer text is all the prospect gets."))
        .build())
}
