// Reading a Gmail page: the account index, the composes, what one compose holds, and the
// open thread. Pure functions of the DOM (tested with linkedom on the dated fixtures);
// nothing here changes the page or talks to the background. Page text is read with
// textContent / attributes only, and every value is treated as untrusted data.
(function () {
  'use strict';
  const gm = (globalThis.mailseqGmail = globalThis.mailseqGmail || {});
  const { q, qa } = gm;

  // /mail/u/N/ -> N; a delegated mailbox is /mail/b/<id>/u/N/; without /u/ Gmail means 0
  // (InboxSDK getAccountUrlPart, NOTES §4).
  function accountIndex(pathname) {
    const m = /\/u\/(\d+)(\/|$)/.exec(pathname || '');
    return m ? Number(m[1]) : 0;
  }

  // "Name <a@b>" or "a@b" -> {email, name}; null without an address.
  function parseMailbox(text) {
    const t = String(text || '').trim();
    const m = /^(.*)<([^<>]+)>\s*$/.exec(t);
    const email = (m ? m[2] : t).trim();
    if (!email.includes('@')) return null;
    const name = m ? m[1].trim().replace(/^"(.*)"$/, '$1') : '';
    return { email, name };
  }

  // Every compose on the page: dialogs (new message, pop-out) and inline replies, each with
  // its root (composeRoot, div.M9) as the scope for the compose entries.
  function composes(doc) {
    const inline = new Set(qa('inlineCompose', doc));
    return qa('composeRoot', doc).map((root) => ({ root, kind: inline.has(root) ? 'inline' : 'dialog' }));
  }

  // To, as Gmail will send it: the chips (address in data-hovercard-id, name in data-name;
  // the name equals the address when there is none), plus addresses typed but not turned
  // into a chip (gmail.js #719). Cc is never a prospect.
  function recipients(root) {
    const out = [];
    for (const chip of qa('toChip', root)) {
      const email = (chip.getAttribute('data-hovercard-id') || '').trim();
      if (!email.includes('@')) continue;
      const raw = (chip.getAttribute('data-name') || '').trim();
      out.push({ email, name: raw.toLowerCase() === email.toLowerCase() ? '' : raw });
    }
    const typed = q('toInput', root);
    for (const part of String((typed && typed.value) || '').split(/[,;]/)) {
      const r = parseMailbox(part);
      if (r) out.push(r);
    }
    const seen = new Set();
    return out.filter((r) => {
      const k = r.email.toLowerCase();
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  const valueOf = (el) => (el ? String(el.value ?? el.getAttribute('value') ?? '') : '');

  function subject(root) {
    return valueOf(q('subjectInput', root)).trim() || valueOf(q('replySubjectInput', root)).trim();
  }

  // The body as plain text: block elements and <br> become line breaks (textContent alone
  // would glue "Hi Dana,<br>would" into one word).
  function textOf(node) {
    let out = '';
    const walk = (n) => {
      if (n.nodeType === 3) {
        out += n.nodeValue;
        return;
      }
      if (n.nodeType !== 1) return;
      const tag = n.tagName.toLowerCase();
      if (tag === 'br') {
        out += '\n';
        return;
      }
      const block = /^(div|p|li|blockquote|tr|h\d)$/.test(tag);
      if (block && out && !out.endsWith('\n')) out += '\n';
      for (const c of n.childNodes) walk(c);
      if (block && !out.endsWith('\n')) out += '\n';
    };
    walk(node);
    return out.replace(/\u00a0/g, ' ').replace(/\n{3,}/g, '\n\n').trim();
  }

  function body(root) {
    const el = q('body', root);
    return el ? textOf(el) : '';
  }

  // The send-as identity: input[name=from] ("a@b" or "Name <a@b>"), the name from the
  // matching menu choice. Without the field (no aliases) the background uses the account's
  // own address.
  function identity(root) {
    const from = parseMailbox(valueOf(q('fromInput', root)));
    if (!from) return { id: '', email: '', name: '' };
    if (!from.name) {
      const choice = qa('fromChoice', root).find(
        (c) => (c.getAttribute('value') || '').toLowerCase() === from.email.toLowerCase(),
      );
      if (choice) from.name = (choice.textContent || '').replace(/<.*/, '').trim();
    }
    return { id: from.email, email: from.email, name: from.name };
  }

  // The Gmail API thread id of the open thread (hex; the h2's data-legacy-thread-id), and
  // its subject. The URL's hash token is opaque and never parsed (NOTES §5).
  function openThread(doc) {
    const container = q('threadContainer', doc);
    if (!container) return null;
    const h2 = q('threadSubject', container);
    const id = (h2 && h2.getAttribute('data-legacy-thread-id')) || '';
    if (!/^[0-9a-f]+$/i.test(id)) return null;
    return { threadId: id, subject: h2 ? (h2.textContent || '').trim() : '' };
  }

  // A reply compose's thread: its own lts field, else the open thread's id.
  function replyThread(root, doc) {
    const lts = valueOf(q('replyThreadId', root)).trim();
    if (/^[0-9a-f]+$/i.test(lts)) return lts;
    const t = openThread(doc);
    return t ? t.threadId : '';
  }

  // The senders of the open thread's messages (layer 2 of reply detection): expanded ones
  // carry their API id, collapsed ones only the sender.
  function threadMessages(doc) {
    const container = q('threadContainer', doc);
    if (!container) return [];
    const out = [];
    for (const item of qa('messageItem', container)) {
      const expanded = gm.SELECTORS.expandedMessage.selectors.some((s) => item.matches(s));
      const sender = expanded ? q('expandedSender', item) : item.querySelector('span[email]');
      const from = ((sender && sender.getAttribute('email')) || '').trim().toLowerCase();
      if (!from.includes('@')) continue;
      const holder = expanded ? q('messageIdHolder', item) : null;
      const handle = (holder && holder.getAttribute('data-legacy-message-id')) || '';
      const m = { from };
      if (/^[0-9a-f]+$/i.test(handle)) m.handle = handle;
      out.push(m);
    }
    return out;
  }

  function composeState(root, doc, loc) {
    const kind = gm.SELECTORS.inlineCompose.selectors.some((s) => root.matches(s)) ? 'inline' : 'dialog';
    return {
      kind,
      composeId: valueOf(q('composeId', root)).trim(),
      recipients: recipients(root),
      subject: subject(root),
      body: body(root),
      identity: identity(root),
      threadId: kind === 'inline' ? replyThread(root, doc) : '',
      accountIndex: accountIndex(loc && loc.pathname),
    };
  }

  gm.page = Object.freeze({
    accountIndex,
    parseMailbox,
    composes,
    recipients,
    subject,
    body,
    textOf,
    identity,
    openThread,
    replyThread,
    threadMessages,
    composeState,
  });
})();
