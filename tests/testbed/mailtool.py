#!/usr/bin/env python3
"""Drive the testbed's mailboxes from E2E tests (stdlib only). Every subcommand prints JSON.

  count USER [--folder F]                      -> N
  messages USER [--folder F]                   -> [{uid, messageId, inReplyTo, ...}]
  send --from bob --to alice --subject S --body B
  reply --from bob --to alice --subject-match S [--body B]
  autoreply --from bob --to alice --subject-match S [--body B]
  bounce --to alice --message-id ID --recipient bob@mail.test
  health                                       -> {"ok": true} (exit 1 otherwise)

A user is a login name (alice) or an address (alice@mail.test); the password is <user>pw.
Mail goes through the testbed's Postfix; send/reply/autoreply/bounce wait until the message
is in the recipient's INBOX (--no-wait skips that) and print its headers.
"""
import argparse
import email
import email.policy
import imaplib
import json
import os
import smtplib
import sys
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

HOST = "127.0.0.1"
IMAP_PORT = int(os.environ.get("MAILSEQ_TESTBED_IMAP_PORT", "10143"))
SMTP_PORT = int(os.environ.get("MAILSEQ_TESTBED_SMTP_PORT", "10025"))
DOMAIN = "mail.test"


def login_name(user):
    return user.split("@")[0]


def address(user):
    return user if "@" in user else f"{user}@{DOMAIN}"


def imap(user):
    conn = imaplib.IMAP4(HOST, IMAP_PORT)
    conn.login(login_name(user), login_name(user) + "pw")
    return conn


def quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def select(conn, folder):
    typ, data = conn.select(quoted(folder), readonly=True)  # EXAMINE: never sets \Seen
    if typ != "OK":
        raise SystemExit(f"mailtool: no folder {folder!r}: {data}")
    return int(data[0])


def search_uids(conn, *criteria):
    typ, data = conn.uid("SEARCH", *criteria)
    return [int(u) for u in data[0].split()] if typ == "OK" and data[0] else []


def fetch(conn, uid):
    typ, data = conn.uid("FETCH", str(uid), "(BODY.PEEK[])")
    raw = next(part[1] for part in data if isinstance(part, tuple))
    return email.message_from_bytes(raw, policy=email.policy.default)


def text_of(msg):
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:  # e.g. multipart/report: take the first text part
        part = next((p for p in msg.walk() if p.get_content_maintype() == "text"), None)
    return part.get_content()[:2000] if part is not None else ""


def summary(uid, msg):
    h = lambda name: str(msg[name]) if msg[name] is not None else None
    return {"uid": uid, "messageId": h("Message-ID"), "inReplyTo": h("In-Reply-To"),
            "references": h("References"), "subject": h("Subject"), "from": h("From"),
            "to": h("To"), "date": h("Date"), "autoSubmitted": h("Auto-Submitted"),
            "contentType": msg.get_content_type(), "body": text_of(msg)}


def newest_matching(user, subject_match, folder="INBOX"):
    conn = imap(user)
    try:
        select(conn, folder)
        uids = search_uids(conn, "SUBJECT", quoted(subject_match))
        if not uids:
            raise SystemExit(f"mailtool: nothing in {user}'s {folder} matches {subject_match!r}")
        return fetch(conn, max(uids))
    finally:
        conn.logout()


def deliver(raw_or_msg, envelope_from, rcpt, message_id, wait):
    with smtplib.SMTP(HOST, SMTP_PORT) as s:
        if isinstance(raw_or_msg, EmailMessage):
            s.send_message(raw_or_msg, from_addr=envelope_from, to_addrs=[rcpt])
        else:
            s.sendmail(envelope_from, [rcpt], raw_or_msg)
    if not wait:
        return
    conn = imap(rcpt)
    try:
        for _ in range(100):  # delivery is asynchronous (Postfix queue -> LMTP): up to 10 s
            select(conn, "INBOX")
            if search_uids(conn, "HEADER", "Message-ID", quoted(message_id.strip("<>"))):
                return
            time.sleep(0.1)
    finally:
        conn.logout()
    raise SystemExit(f"mailtool: {message_id} did not reach {rcpt} within 10 s")


def new_message(sender, to, subject, body):
    m = EmailMessage()
    m["From"] = f"{login_name(sender).capitalize()} <{address(sender)}>"
    m["To"] = address(to)
    m["Subject"] = subject
    m["Date"] = formatdate(localtime=True)
    m["Message-ID"] = make_msgid(domain=DOMAIN)
    m.set_content(body)
    return m


def in_reply_to(m, orig):
    m["In-Reply-To"] = orig["Message-ID"]
    m["References"] = " ".join(x for x in (orig["References"], orig["Message-ID"]) if x)


def quote(orig):
    lines = text_of(orig).splitlines() or [""]
    return f"\n\nOn {orig['Date']}, {orig['From']} wrote:\n" + "\n".join("> " + l for l in lines) + "\n"


def cmd_count(a):
    conn = imap(a.user)
    try:
        return select(conn, a.folder)
    finally:
        conn.logout()


def cmd_messages(a):
    conn = imap(a.user)
    try:
        select(conn, a.folder)
        return [summary(uid, fetch(conn, uid)) for uid in search_uids(conn, "ALL")]
    finally:
        conn.logout()


def cmd_send(a):
    m = new_message(a.sender, a.to, a.subject, a.body)
    deliver(m, address(a.sender), address(a.to), m["Message-ID"], a.wait)
    return summary(None, m)


def cmd_reply(a):
    orig = newest_matching(a.sender, a.subject_match)
    subject = str(orig["Subject"])
    subject = subject if subject.lower().startswith("re:") else "Re: " + subject
    m = new_message(a.sender, a.to, subject, a.body + quote(orig))
    in_reply_to(m, orig)
    deliver(m, address(a.sender), address(a.to), m["Message-ID"], a.wait)
    return summary(None, m)


def cmd_autoreply(a):
    orig = newest_matching(a.sender, a.subject_match)
    m = new_message(a.sender, a.to, "Automatic reply: " + str(orig["Subject"]), a.body)
    in_reply_to(m, orig)
    m["Auto-Submitted"] = "auto-replied"  # RFC 3834
    m["X-Autoreply"] = "yes"
    # RFC 3834 section 3.3: automatic responses go out with a null envelope sender.
    deliver(m, "", address(a.to), m["Message-ID"], a.wait)
    return summary(None, m)


def original_headers(owner, message_id):
    """Headers of the bounced message, from the owner's Sent (a minimal stand-in if absent)."""
    bare = message_id.strip("<>")
    conn = imap(owner)
    try:
        select(conn, "Sent")
        uids = search_uids(conn, "HEADER", "Message-ID", quoted(bare))
        if uids:
            typ, data = conn.uid("FETCH", str(uids[-1]), "(BODY.PEEK[HEADER])")
            return next(p[1] for p in data if isinstance(p, tuple)).decode("utf-8", "replace")
    finally:
        conn.logout()
    return f"From: {address(owner)}\r\nMessage-ID: <{bare}>\r\nSubject: (unknown)\r\n\r\n"


def cmd_bounce(a):
    """A DSN shaped like Postfix's own bounce (RFC 3464), sent to the original sender.
    (Postfix attaches the whole message/rfc822; this one only its headers, which RFC 3462 allows.
    A real Postfix bounce: send to an unknown address such as nobody@mail.test.)"""
    owner, rcpt = address(a.to), a.recipient
    headers = original_headers(a.to, a.message_id).rstrip("\r\n").replace("\r\n", "\n")
    msgid = make_msgid(domain=DOMAIN)
    boundary = f"bounce-{time.time_ns()}/{DOMAIN}"
    date = formatdate(localtime=True)
    raw = f"""\
From: Mail Delivery System <MAILER-DAEMON@{DOMAIN}>
To: {owner}
Subject: Undelivered Mail Returned to Sender
Date: {date}
Message-ID: {msgid}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
 boundary="{boundary}"

This is a MIME-encapsulated message.

--{boundary}
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host {DOMAIN}.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<{rcpt}>: host {DOMAIN} said: 550 5.1.1 <{rcpt}>: Recipient address rejected:
    User unknown in virtual mailbox table

--{boundary}
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; {DOMAIN}
Arrival-Date: {date}

Final-Recipient: rfc822; {rcpt}
Original-Recipient: rfc822;{rcpt}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown

--{boundary}
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

{headers}

--{boundary}--
"""
    deliver(raw.replace("\n", "\r\n").encode(), "", owner, msgid, a.wait)
    return summary(None, email.message_from_string(raw, policy=email.policy.default))


def cmd_health(_a):
    conn = imap("alice")
    conn.logout()
    with smtplib.SMTP(HOST, SMTP_PORT, timeout=5) as s:
        s.noop()
    return {"ok": True}


def main(argv):
    p = argparse.ArgumentParser(prog="mailtool.py", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("count", "messages"):
        s = sub.add_parser(name)
        s.add_argument("user")
        s.add_argument("--folder", default="INBOX")
    sub.add_parser("health")

    def mailer(name):
        s = sub.add_parser(name)
        s.add_argument("--from", dest="sender", default="bob")
        s.add_argument("--to", required=True)
        s.add_argument("--no-wait", dest="wait", action="store_false")
        return s

    s = mailer("send")
    s.add_argument("--subject", required=True)
    s.add_argument("--body", default="Hello.")
    s = mailer("reply")
    s.add_argument("--subject-match", required=True)
    s.add_argument("--body", default="Yes, interested! Let's talk.")
    s = mailer("autoreply")
    s.add_argument("--subject-match", required=True)
    s.add_argument("--body", default="I am out of the office until Monday and will reply then.")
    s = sub.add_parser("bounce")
    s.add_argument("--to", required=True, help="the original sender, who gets the DSN")
    s.add_argument("--message-id", required=True, help="Message-ID of the bounced message")
    s.add_argument("--recipient", required=True, help="the address that failed")
    s.add_argument("--no-wait", dest="wait", action="store_false")

    a = p.parse_args(argv)
    out = globals()["cmd_" + a.cmd](a)
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
