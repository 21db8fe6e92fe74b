// Reading a Roundcube page: is it Roundcube at all, which kind of page, and what the
// compose form or the shown message holds. Pure functions of a document (tested with
// linkedom on the dated fixtures); nothing here changes the page or talks to the
// background.
(function () {
  'use strict';
  const rc = (globalThis.mailseqRoundcube = globalThis.mailseqRoundcube || {});
  const { q, qa } = rc;

  // The JSON object literal that starts at text[start] ('{'), or null. Strings are skipped
  // so a brace inside a subject does not end it.
  function objectAt(text, start) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        try {
          return JSON.parse(text.slice(start, i + 1));
        } catch {
          return null;
        }
      }
    }
    return null;
  }

  // rcmail.set_env({...}) of the page's inline script, merged (the isolated world cannot
  // read window.rcmail). Null when the page has no such script: not Roundcube.
  function readEnv(doc) {
    let env = null;
    for (const s of qa('inlineScript', doc)) {
      const text = s.textContent || '';
      if (!text.includes('new rcube_webmail(')) continue;
      let from = 0;
      for (;;) {
        const i = text.indexOf('rcmail.set_env(', from);
        if (i < 0) break;
        from = i + 15;
        const obj = objectAt(text, from);
        if (obj && typeof obj === 'object') env = Object.assign(env || {}, obj);
      }
    }
    return env;
  }

  // 'compose' | 'message' | 'other' for a Roundcube mail page, null for anything else
  // (any other page on a loopback origin in test builds, the login page).
  function kind(doc) {
    if (!q('mailPage', doc)) return null;
    const env = readEnv(doc);
    if (!env || env.task !== 'mail') return null;
    if (q('composePage', doc)) return 'compose';
    if (q('messagePage', doc)) return 'message';
    return 'other';
  }

  // "Bob Prospect <bob@x>, \"Doe, Jo\" <jo@y>,carol@z," -> [{email, name}]. Commas inside
  // quotes or angle brackets do not split.
  function parseAddressList(value) {
    const parts = [];
    let cur = '';
    let quoted = false;
    let angle = false;
    for (const c of value || '') {
      if (c === '"') quoted = !quoted;
      else if (!quoted && c === '<') angle = true;
      else if (!quoted && c === '>') angle = false;
      if ((c === ',' || c === ';') && !quoted && !angle) {
        parts.push(cur);
        cur = '';
      } else cur += c;
    }
    parts.push(cur);
    const out = [];
    for (const raw of parts) {
      const p = raw.trim();
      if (!p) continue;
      const m = p.match(/^(.*)<([^<>]*)>\s*$/);
      const email = (m ? m[2] : p).trim();
      const name = m ? m[1].trim().replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1') : '';
      if (email) out.push({ email, name });
    }
    return out;
  }

  // To, as the page will send it: the canonical textarea value, else the widget's items,
  // plus an address still being typed.
  function recipients(doc) {
    const area = q('toValue', doc);
    let list = parseAddressList(area ? area.value : '');
    if (list.length === 0) {
      list = qa('toRecipient', doc).flatMap((li) =>
        parseAddressList(li.getAttribute('title') || li.querySelector('.name')?.textContent || ''),
      );
    }
    const typing = q('toTyping', doc);
    if (typing && typing.value.includes('@')) list.push(...parseAddressList(typing.value));
    const seen = new Set();
    return list.filter((r) => {
      const k = r.email.toLowerCase();
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  // The sending identity: {id, email, name} of the selected _from option.
  function identity(doc) {
    const sel = q('from', doc);
    const opt = sel && (sel.selectedOptions?.[0] || sel.querySelector('option[selected]') || sel.options?.[0]);
    if (!opt) return null;
    const [parsed] = parseAddressList((opt.textContent || '').replace(/\u00a0/g, ' '));
    return { id: opt.value || opt.getAttribute('value') || '', email: parsed?.email || '', name: parsed?.name || '' };
  }

  function composeState(doc, env) {
    return {
      composeId: q('composeId', doc)?.value || (env && env.compose_id) || '',
      draftUid: q('draftSaveId', doc)?.value || '',
      subject: q('subject', doc)?.value || '',
      body: q('body', doc)?.value || '',
      recipients: recipients(doc),
      identity: identity(doc),
    };
  }

  // The message on screen, for reply detection (layer 2): sender, subject and the
  // Roundcube handle "<uid>-<folder>".
  function shownMessage(doc, env) {
    const from = q('messageFrom', doc)?.getAttribute('title') || '';
    const h2 = q('messageSubject', doc);
    const subject = h2
      ? [...h2.childNodes]
          .filter((n) => n.nodeType === 3)
          .map((n) => n.textContent)
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim()
      : '';
    const handle = env && env.uid && env.mailbox ? `${env.uid}-${env.mailbox}` : undefined;
    return from ? { from: from.trim().toLowerCase(), subject, handle } : null;
  }

  rc.page = Object.freeze({ readEnv, kind, parseAddressList, recipients, identity, composeState, shownMessage });
})();
