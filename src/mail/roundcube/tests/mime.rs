//! The small MIME reader on the shapes replies and reports come in.
use crate::mail::roundcube::mime::{fields, html_text, leaves, param};
use crate::mail::roundcube::{headers, source};

#[test]
fn roundcube_mime_reads_nested_alternatives_and_transfer_encodings() {
    let raw = "From: =?iso-8859-1?Q?Ren=E9?= <rene@x.test>\r\nSubject: Re: Intro\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\npreamble\r\n--outer\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n--inner\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nBitte entfernen Sie mich aus Ihrer Liste, gr=C3=BC=\r\nße.\r\n--inner\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nPHA+SGk8L3A+\r\n--inner--\r\n--outer\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--outer--\r\nepilogue\r\n";
    let kinds: Vec<String> = leaves(raw).into_iter().map(|l| l.kind).collect();
    assert_eq!(kinds, vec!["text/plain", "text/html", "application/pdf"]);
    let l = leaves(raw);
    assert_eq!(
        l[0].text,
        "Bitte entfernen Sie mich aus Ihrer Liste, grüße."
    );
    assert_eq!(l[1].text, "<p>Hi</p>");
    let s = source::read(raw);
    assert_eq!(
        s.snippet,
        "Bitte entfernen Sie mich aus Ihrer Liste, grüße."
    );
    let m = headers::observe(raw);
    assert_eq!(
        (m.from.as_str(), m.from_name.as_str()),
        ("rene@x.test", "René")
    );
}

#[test]
fn roundcube_mime_html_only_reply_and_latin1_text() {
    let html = "Content-Type: text/html; charset=utf-8\r\n\r\n<html><style>p{color:red}</style><body><p>Please&nbsp;unsubscribe me</p><div>Thanks</div></body></html>";
    assert_eq!(
        source::read(html).snippet,
        "Please unsubscribe me\n\nThanks"
    );
    // 8bit text reached us decoded; quoted-printable bytes are read in the part's charset.
    let latin = "Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\ncaf=E9";
    assert_eq!(source::read(latin).snippet, "café");
    let eight = "Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\ncafé";
    assert_eq!(source::read(eight).snippet, "café");
    assert_eq!(html_text("a<br>b &amp; c"), "a\nb & c");
}

#[test]
fn roundcube_mime_fields_unfold_and_params_unquote() {
    let f = fields("Content-Type: multipart/report;\r\n\treport-type=delivery-status;\r\n boundary=\"a b\"\r\nX: 1");
    assert_eq!(f[0].0, "content-type");
    assert_eq!(
        f[0].1,
        "multipart/report; report-type=delivery-status; boundary=\"a b\""
    );
    assert_eq!(param(&f[0].1, "boundary").as_deref(), Some("a b"));
    assert_eq!(
        param(&f[0].1, "report-type").as_deref(),
        Some("delivery-status")
    );
    assert_eq!(
        headers::date_ms("Date: Fri, 27 Nov 2026 09:13:17 +0000 (UTC)\r\n"),
        Some(1_795_770_797_000)
    );
}
