use super::*;
use crate::core::reply::opt_out_phrase;

/// What a prospect might write in their own words, and how their client introduces the quote.
fn cases() -> [(Language, &'static str, &'static str); 4] {
    [
        (
            Language::En,
            "Please unsubscribe me.",
            "On Mon, Nov 30, 2026 at 10:00 AM Alice <alice@seller.example> wrote:",
        ),
        (
            Language::De,
            "Bitte abmelden, danke.",
            "Am 30.11.2026 um 10:00 schrieb Alice <alice@seller.example>:",
        ),
        (
            Language::Fr,
            "Merci de me désabonner.",
            "Le lun. 30 nov. 2026 à 10:00, Alice <alice@seller.example> a écrit :",
        ),
        (
            Language::Es,
            "Por favor, darme de baja.",
            "El lun, 30 nov 2026 a las 10:00, Alice <alice@seller.example> escribió:",
        ),
    ]
}

fn footer(language: Language) -> Footer {
    Footer {
        language,
        ..Footer::default()
    }
}

#[test]
fn footer_wording_and_classifier_agree_in_every_language() {
    for (lang, own_words, _) in cases() {
        let d = default_sentence(lang);
        assert_eq!(d.language, lang);
        assert!(d.sentence.contains(d.reply_word), "{lang:?}");
        // The reply the footer asks for is an opt-out...
        assert!(
            opt_out_phrase("Re: Quick question", d.reply_word).is_some(),
            "{lang:?}: \"{}\" is not recognised",
            d.reply_word
        );
        // ...and so is the request in the prospect's own words.
        assert!(
            opt_out_phrase("Re: Quick question", own_words).is_some(),
            "{lang:?}: \"{own_words}\""
        );
    }
}

#[test]
fn footer_quoted_back_in_a_reply_is_not_an_opt_out() {
    for (lang, _, attribution) in cases() {
        let email = append(
            "Hi Bob, a quick question about Acme.",
            text(&footer(lang), "Alice Seller, 1 Main St, Springfield").as_deref(),
        );
        // Quoted with "> ", as most clients do.
        let quoted: String = email.lines().map(|l| format!("> {l}\n")).collect();
        let reply = format!("Sure, Tuesday works.\n\n{attribution}\n{quoted}");
        assert_eq!(
            opt_out_phrase("Re: Quick question", &reply),
            None,
            "{lang:?}"
        );
        // Quoted without markers below the attribution (Outlook-like, or a snippet).
        let reply = format!("Sure, Tuesday works. {attribution} {email}");
        assert_eq!(
            opt_out_phrase("Re: Quick question", &reply),
            None,
            "{lang:?}"
        );
    }
}

#[test]
fn footer_text_holds_sentence_and_address_and_can_be_switched_off() {
    let f = Footer::default();
    let t = text(&f, "  Alice Seller, 1 Main St\nSpringfield  ").unwrap();
    assert_eq!(
        t,
        format!(
            "{}\nAlice Seller, 1 Main St\nSpringfield",
            default_sentence(Language::En).sentence
        )
    );
    assert_eq!(
        text(&f, "").unwrap(),
        default_sentence(Language::En).sentence
    );
    let custom = Footer {
        text: Some("Reply STOP to opt out.".into()),
        ..Footer::default()
    };
    assert!(text(&custom, "").unwrap().starts_with("Reply STOP"));
    let off = Footer {
        enabled: false,
        ..Footer::default()
    };
    assert_eq!(text(&off, "1 Main St"), None);
}

#[test]
fn footer_appends_below_the_signature_separator() {
    assert_eq!(
        append("Hi Bob.\n\n", Some("Reply.")),
        "Hi Bob.\n\n-- \nReply."
    );
    assert_eq!(append("Hi Bob.", None), "Hi Bob.");
}

#[test]
fn footer_list_unsubscribe_header_is_a_mailto_the_sender() {
    assert_eq!(
        list_unsubscribe("alice@seller.example").as_deref(),
        Some("<mailto:alice@seller.example?subject=unsubscribe>")
    );
    assert_eq!(list_unsubscribe("not an address"), None);
    assert_eq!(list_unsubscribe("a?b@x.example"), None);
    // A request sent through the header is classified as an opt-out by its subject.
    assert!(opt_out_phrase("unsubscribe", "").is_some());
}
