// Every Roundcube DOM selector the Roundcube content script may use, in one table.
//
// Roundcube 1.6, elastic skin (Debian 1.6.5). Each entry names the dated fixture that
// proves it (tests/fixtures/roundcube/2026-11-27/, facts in ../NOTES.md §6), and
// tests/fixtures/roundcube/selectors.test.mjs fails when a selector stops matching its
// fixtures. `count` pins how many elements a fixture must give where that matters.
// Rules: names (name=, id= that Roundcube writes in its templates) first, then classes
// of the elastic templates. Never the generated ids (rcmbtn111), never text: Roundcube
// is translated.
//
// Loaded as a classic content script (the manifest lists the files in order), so it
// hangs its table on one namespace object of the isolated world.
(function () {
  'use strict';
  const DATE = '2026-11-27';
  const DIR = `tests/fixtures/roundcube/${DATE}/`;
  const COMPOSE = `${DIR}compose.dom.html`;
  const REPLY = `${DIR}compose-reply.dom.html`;
  const LIST = `${DIR}list.dom.html`;
  const SHOW = `${DIR}message.dom.html`;
  const PREVIEW = `${DIR}message-preview.dom.html`;
  const LOGIN = `${DIR}login.html`;
  const EXPIRED = `${DIR}session-expired-page.html`;

  const entry = (e) =>
    Object.freeze({
      ...e,
      date: DATE,
      selectors: Object.freeze([...e.selectors]),
      fixtures: Object.freeze([...e.fixtures]),
      count: Object.freeze({ ...(e.count || {}) }),
    });

  const SELECTORS = Object.freeze({
    // ---- every page ----
    mailPage: entry({
      selectors: ['body.task-mail'],
      purpose: 'a page of the mail task (list, compose, message); with the inline set_env script it means Roundcube',
      fixtures: [COMPOSE, REPLY, LIST, SHOW, PREVIEW],
    }),
    loginPage: entry({
      selectors: ['body.task-login'],
      purpose: 'the login page (also what an expired session shows): the driver does nothing there',
      fixtures: [LOGIN, EXPIRED],
    }),
    inlineScript: entry({
      selectors: ['script:not([src])'],
      purpose: 'inline scripts; the one holding "new rcube_webmail()" and rcmail.set_env({...}) is read as JSON (the isolated world cannot see window.rcmail)',
      fixtures: [COMPOSE, REPLY, LIST, SHOW, PREVIEW, LOGIN],
    }),

    // ---- compose ----
    composePage: entry({
      selectors: ['body.action-compose'],
      purpose: 'the compose window (new message or reply, also in its own browser window)',
      fixtures: [COMPOSE, REPLY],
    }),
    composeId: entry({
      selectors: ['form[name="form"] input[name="_id"]'],
      purpose: "the compose session id (also env.compose_id), sent in the hint",
      fixtures: [COMPOSE, REPLY],
      count: { [COMPOSE]: 1, [REPLY]: 1 },
    }),
    sendButton: entry({
      selectors: ['.formbuttons button.btn.btn-primary.send'],
      purpose: 'the desktop Send button: the enroll control is placed after it',
      fixtures: [COMPOSE, REPLY],
      count: { [COMPOSE]: 1, [REPLY]: 1 },
    }),
    sendClone: entry({
      selectors: ['#layout-content .footer a.send.button'],
      purpose: 'the Send button of small layouts (elastic forwards its click); a click on it is a send too',
      fixtures: [COMPOSE, REPLY],
      count: { [COMPOSE]: 1, [REPLY]: 1 },
    }),
    saveDraft: entry({
      selectors: ['#layout-content .header a.save.draft', '#layout-content .footer a.save.draft.button'],
      purpose: "the page's own Save (draft) button, clicked when a sequence is armed: the first draft save fixes the Message-ID the send will carry",
      fixtures: [COMPOSE, REPLY],
      count: { [COMPOSE]: 2, [REPLY]: 2 },
    }),
    draftSaveId: entry({
      selectors: ['input[name="_draft_saveid"]'],
      purpose: "the saved draft's uid in Drafts (its .value; empty until a save)",
      fixtures: [COMPOSE, REPLY],
    }),
    toWidget: entry({
      selectors: ['#compose_to ul.recipient-input'],
      purpose: 'the To widget, observed for recipient changes',
      fixtures: [COMPOSE, REPLY],
      count: { [COMPOSE]: 1 },
    }),
    toRecipient: entry({
      selectors: ['#compose_to ul.recipient-input li.recipient'],
      purpose: 'one recipient of To: title "Name <address>", or span.name alone for a bare address',
      fixtures: [COMPOSE, REPLY],
      count: { [COMPOSE]: 2, [REPLY]: 1 },
    }),
    toValue: entry({
      selectors: ['textarea#_to'],
      purpose: 'the canonical To list (its .value: "Name <a@b>,c@d,")',
      fixtures: [COMPOSE, REPLY],
      count: { [COMPOSE]: 1 },
    }),
    toTyping: entry({
      selectors: ['#compose_to li.input input'],
      purpose: 'text typed in To that is not a recipient yet',
      fixtures: [COMPOSE, REPLY],
      count: { [COMPOSE]: 1 },
    }),
    from: entry({
      selectors: ['select#_from'],
      purpose: 'the sending identity: option value = Roundcube identity id, text "Name <address>"',
      fixtures: [COMPOSE, REPLY],
      count: { [COMPOSE]: 1 },
    }),
    subject: entry({
      selectors: ['input#compose-subject'],
      purpose: 'the subject',
      fixtures: [COMPOSE, REPLY],
      count: { [COMPOSE]: 1 },
    }),
    body: entry({
      selectors: ['textarea#composebody'],
      purpose: 'the plain-text body (kept by the background to quote under the first follow-up)',
      fixtures: [COMPOSE, REPLY],
      count: { [COMPOSE]: 1 },
    }),
    messageStack: entry({
      selectors: ['#messagestack'],
      purpose: "Roundcube's notices (div.confirmation, div.error); a draft save shows a confirmation",
      fixtures: [COMPOSE, REPLY, LIST],
      count: { [COMPOSE]: 1 },
    }),

    // ---- a message on screen (reply detection, layer 2) ----
    messagePage: entry({
      selectors: ['body.action-show', 'body.action-preview'],
      purpose: 'one message shown: its own page, or the preview frame (#messagecontframe) of the list',
      fixtures: [SHOW, PREVIEW],
    }),
    messageFrom: entry({
      selectors: ['#message-header td.header.from a.rcmContactAddress[title]'],
      purpose: "the sender; title is the address (the text is the display name)",
      fixtures: [SHOW, PREVIEW],
      count: { [SHOW]: 1, [PREVIEW]: 1 },
    }),
    messageSubject: entry({
      selectors: ['#message-header h2.subject'],
      purpose: 'the subject: its own text nodes (span.voice and the extwin link are not part of it)',
      fixtures: [SHOW, PREVIEW],
      count: { [SHOW]: 1, [PREVIEW]: 1 },
    }),
  });

  const api = (globalThis.mailseqRoundcube = globalThis.mailseqRoundcube || {});
  api.SELECTORS = SELECTORS;
  api.FIXTURE_DATE = DATE;
  // The first element any alternative of an entry matches.
  api.q = (key, root = document) => {
    for (const s of SELECTORS[key].selectors) {
      const el = root.querySelector(s);
      if (el) return el;
    }
    return null;
  };
  // Every element the alternatives match, without repeats, in document order per alternative.
  api.qa = (key, root = document) => {
    const out = new Set();
    for (const s of SELECTORS[key].selectors) for (const el of root.querySelectorAll(s)) out.add(el);
    return [...out];
  };
})();
