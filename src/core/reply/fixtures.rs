//! Raw messages as the providers deliver them (headers trimmed to what matters, addresses
//! changed to example domains), and a small test-only reader for them.
use super::{classify, Own};
use crate::core::enrollment::Class;
use crate::core::observed::{bare_id, parse_id_list, ObservedMessage};

pub const ALICE: &str = "alice@seller.example";

/// Reads headers and body of a raw RFC 5322 message into the provider-neutral shape.
pub fn parse(raw: &str) -> ObservedMessage {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
    let mut unfolded: Vec<String> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            let last = unfolded.last_mut().expect("continuation after a header");
            last.push(' ');
            last.push_str(line.trim());
        } else {
            unfolded.push(line.to_owned());
        }
    }
    let mut m = ObservedMessage::default();
    for h in unfolded {
        let (name, value) = h.split_once(':').expect("header line");
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim().to_owned());
        match name.as_str() {
            "from" => {
                let addr = value
                    .rsplit_once('<')
                    .map(|(_, a)| a.trim_end_matches('>'))
                    .unwrap_or(&value);
                m.from = addr.trim().to_ascii_lowercase();
            }
            "subject" => m.subject = value.clone(),
            "message-id" => m.message_id = bare_id(&value),
            "in-reply-to" => m.in_reply_to = parse_id_list(&value),
            "references" => m.references = parse_id_list(&value),
            _ => {}
        }
        m.headers.insert(name, value);
    }
    m.snippet = body.to_owned();
    m
}

/// Classified as the account alice@seller.example (alias sales@) whose enrolling email had
/// the Message-ID below.
pub fn class_of(raw: &str) -> Class {
    let addresses = vec![ALICE.to_owned(), "sales@seller.example".to_owned()];
    let ids = vec!["CAK1alice-intro@mail.gmail.com".to_owned()];
    classify(
        &parse(raw),
        &Own {
            addresses: &addresses,
            message_ids: &ids,
        },
    )
}

/// A human answer from Gmail, quoting our follow-up and its unsubscribe line.
pub const GMAIL_REPLY: &str = "\
MIME-Version: 1.0
Date: Tue, 24 Nov 2026 09:12:40 +0100
References: <CAK1alice-intro@mail.gmail.com> <mseq.e-7b1c44d09a.0@seller.example>
In-Reply-To: <mseq.e-7b1c44d09a.0@seller.example>
Message-ID: <CAJx9bob-answer@mail.gmail.com>
Subject: Re: Intro
From: Bob Prospect <bob@prospect.example>
To: Alice Seller <alice@seller.example>
Content-Type: multipart/alternative; boundary=\"0000000000001f2a3b05e1\"

Thanks Alice, Tuesday at 3 works for me.

Bob

On Mon, Nov 23, 2026 at 10:00 AM Alice Seller <alice@seller.example> wrote:
> Hi Bob, following up on my note below.
> If you'd rather not hear from me, reply \"unsubscribe\" or remove me from your inbox.
";

/// Exchange Online out-of-office, with the X-MS-Exchange headers and X-Auto-Response-Suppress.
pub const EXCHANGE_OOF: &str = "\
From: Bob Prospect <bob@contoso.example>
To: Alice Seller <alice@seller.example>
Subject: Automatic reply: Intro
Thread-Topic: Intro
Message-ID: <7c2d9e1f0a4b4e3f9d1e2c3b4a5f6e7d@AM6PR01MB1234.eurprd01.prod.exchangelabs.com>
In-Reply-To: <mseq.e-7b1c44d09a.0@seller.example>
Auto-Submitted: auto-generated
X-Auto-Response-Suppress: All
X-MS-Exchange-Inbox-Rules-Loop: bob@contoso.example
X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent
Content-Type: text/plain; charset=\"us-ascii\"

I am out of the office until December 2 with limited access to email.
";

/// Apple iCloud vacation reply: no Auto-Submitted, only X-Autoreply, subject unchanged.
pub const ICLOUD_VACATION: &str = "\
From: Carol <carol@icloud.example>
To: alice@seller.example
Subject: Re: Intro
Message-ID: <6A1F8B2C-1D3E-4F5A-9B8C-7D6E5F4A3B2C@icloud.example>
X-Autoreply: yes
Content-Type: text/plain; charset=utf-8

I'm on vacation until Monday and will reply when I'm back.
";

/// Gmail vacation responder (RFC 3834 header, user-chosen subject).
pub const GMAIL_VACATION: &str = "\
From: Dan <dan@prospect.example>
Subject: Re: Intro
Message-ID: <CAO-dan-vacation@mail.gmail.com>
Auto-Submitted: auto-replied
Precedence: bulk
Content-Type: text/plain; charset=\"UTF-8\"

Thanks for your email. I'm away and will answer after the 3rd.
";

/// Postfix DSN for an unknown user.
pub const POSTFIX_DSN: &str = "\
From: MAILER-DAEMON@mail.seller.example (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: alice@seller.example
Auto-Submitted: auto-replied
Message-Id: <20261124081500.3F1A2C0123@mail.seller.example>
Content-Type: multipart/report; report-type=delivery-status;
\tboundary=\"3F1A2C0123.1764000000/mail.seller.example\"

This is the mail system at host mail.seller.example.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

<nobody@prospect.example>: host mx.prospect.example[203.0.113.5] said: 550 5.1.1
    <nobody@prospect.example>: Recipient address rejected: User unknown

--3F1A2C0123.1764000000/mail.seller.example
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.seller.example
Final-Recipient: rfc822; nobody@prospect.example
Original-Recipient: rfc822;nobody@prospect.example
Action: failed
Status: 5.1.1
";

/// Gmail's bounce: X-Failed-Recipients and a human text naming the address.
pub const GMAIL_BOUNCE: &str = "\
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: alice@seller.example
X-Failed-Recipients: gone@prospect.example
Subject: Delivery Status Notification (Failure)
Message-ID: <65a1b2c3.050a0220.abcd.1234.GMR@mx.google.com>
Content-Type: multipart/report; boundary=\"000000000000a1b2c3\"; report-type=delivery-status

Address not found

Your message wasn't delivered to gone@prospect.example because the address couldn't be found.
";

/// qmail's bounce: plain text from MAILER-DAEMON, no report content type.
pub const QMAIL_FAILURE: &str = "\
From: MAILER-DAEMON@mx.prospect.example
To: alice@seller.example
Subject: failure notice
Content-Type: text/plain

Hi. This is the qmail-send program at mx.prospect.example.
I'm afraid I wasn't able to deliver your message to the following addresses.

<old@prospect.example>:
Sorry, no mailbox here by that name. (#5.1.1)
";
