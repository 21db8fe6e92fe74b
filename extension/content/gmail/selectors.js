// Every Gmail DOM selector the Gmail content script may use, in one table.
//
// Gmail ships obfuscated class names and changes its DOM without notice
// (InboxSDK #797, #1072/#1073, #1274/#1275, #1281; gmail.js #654, #722), so each
// entry names the dated fixture that proves it and the open-source library that
// relies on it. tests/fixtures/gmail/selectors.test.mjs checks every alternative
// against every fixture; a selector that stops matching exactly the elements a
// fixture marks fails the test.
//
// Rules: ARIA roles and stable attributes (name=, data-*) first, classes only as
// a fallback and only those InboxSDK or gmail.js rely on. No selector reads
// text or an aria-label value, so none depends on Gmail's display language.
// `within` names the entry whose elements scope the query (null: the document).
// Sources: InboxSDK = InboxSDK/InboxSDK@a8a6fe2c9e69 (v2.2.18, 2026-07-23);
// gmail.js = KartikTalwar/gmail.js@b7dfdabc1906 (2026-03-25), src/gmail.js.
// Details per element: tests/fixtures/gmail/2026-11-27/SOURCES.md.
//
// Loaded as a classic content script (content scripts cannot be modules): it hangs the
// table and two query helpers on one namespace object of the isolated world.

(function () {
  'use strict';
  const DIR = 'tests/fixtures/gmail/2026-11-27/';
  const DIALOG = `${DIR}compose-dialog.html`;
  const INLINE = `${DIR}inline-reply.html`;
  const THREAD = `${DIR}thread.html`;

  const IS = 'InboxSDK src/platform-implementation-js/dom-driver/gmail/';
  const GJ = 'gmail.js src/gmail.js ';

  function entry(e) {
    return Object.freeze({
      ...e,
      selectors: Object.freeze([...e.selectors]),
      fixtures: Object.freeze([...e.fixtures]),
    });
  }

  const GMAIL_FIXTURE_DATE = '2026-11-27';

  const GMAIL_SELECTORS = Object.freeze({
    // ---- page ----
    main: entry({
      selectors: ['[role=main]'],
      within: null,
      purpose: 'main content area; its presence means Gmail finished loading',
      fixtures: [DIALOG, INLINE, THREAD],
      source: `${IS}views/gmail-route-view/gmail-route-view.ts (waitFor [role=main]); ${GJ}api.dom.inbox_content`,
    }),
    noticeBar: entry({
      selectors: ['[role=alert] > .vh', 'div.b8[role=alert] .vh'],
      within: null,
      purpose: "Gmail's notice bar; its children change when a notice such as the send confirmation shows",
      fixtures: [DIALOG, INLINE, THREAD],
      source: `${IS}gmail-butter-bar-driver.ts (div.b8[role="alert"], .vh)`,
    }),
    accountLink: entry({
      selectors: ['[role=banner] div[aria-label] div div a[href^="https://myaccount.google."]'],
      within: null,
      purpose: 'account switcher link; parentElement.children[1] holds the signed-in address (deprecated upstream, cross-check only)',
      fixtures: [THREAD],
      source: `${IS}gmail-driver/user-info.ts getAccountSwitcherContactList`,
    }),

    // ---- compose (both kinds) ----
    composeDialog: entry({
      selectors: ['[role=dialog]'],
      within: null,
      purpose: 'new-message compose window (only one that contains a form is a compose)',
      fixtures: [DIALOG],
      source: `${IS}gmail-driver/setup-compose-view-driver-stream.ts _setupStandardComposeElementStream`,
    }),
    composeRoot: entry({
      selectors: ['div.M9'],
      within: null,
      purpose: 'root of one compose, dialog or inline reply; scope for the compose entries below',
      fixtures: [DIALOG, INLINE],
      source: `${GJ}api.dom.composes, api.get.compose_ids; ${IS}views/gmail-message-view.ts #setupReplyStream (M9, InboxSDK PR #1274)`,
    }),
    inlineCompose: entry({
      selectors: ['.ip.adB .M9', '.AO div.M9'],
      within: null,
      purpose: 'compose that is an inline reply inside a thread (not a dialog)',
      fixtures: [INLINE],
      source: `${IS}views/gmail-message-view.ts #setupReplyStream (.ip, adB, M9); ${GJ}api.dom.compose is_inline (.AO)`,
    }),
    replyContainerOpen: entry({
      selectors: ['.ip.adB'],
      within: null,
      purpose: 'reply area under a message while its inline reply is open',
      fixtures: [INLINE],
      source: `${IS}views/gmail-message-view.ts #setupReplyStream`,
    }),
    toChip: entry({
      selectors: [
        '[name=to] [role=listbox] [role=option][data-hovercard-id]',
        '.GS .anm[name="to"] [role=listbox] [role=option][data-name]',
        'tr.bzf div[name=to] div[data-hovercard-id]',
      ],
      within: 'composeRoot',
      purpose: 'one To recipient; email in data-hovercard-id, display name in data-name',
      fixtures: [DIALOG, INLINE],
      source: `${IS}views/gmail-compose-view/page-parser.ts getRecipientChips, get-recipients.ts; ${GJ}api.dom.compose recipients (peoplekit)`,
    }),
    ccChip: entry({
      selectors: [
        '[name=cc] [role=listbox] [role=option][data-hovercard-id]',
        '.GS .anm[name="cc"] [role=listbox] [role=option][data-name]',
      ],
      within: 'composeRoot',
      purpose: 'one Cc recipient (not a prospect; proves toChip excludes Cc)',
      fixtures: [DIALOG],
      source: `${IS}views/gmail-compose-view/page-parser.ts getRecipientChips`,
    }),
    toInput: entry({
      selectors: ['div[name=to] input[peoplekit-id]', 'div[name=to] input'],
      within: 'composeRoot',
      purpose: 'To typing box; holds an address typed but not yet turned into a chip',
      fixtures: [DIALOG, INLINE],
      source: `${GJ}api.check.is_peoplekit_compose, api.dom.compose dom("to")`,
    }),
    subjectInput: entry({
      selectors: ['input[name=subjectbox]'],
      within: 'composeRoot',
      purpose: 'subject text (value)',
      fixtures: [DIALOG, INLINE],
      source: `${IS}views/gmail-compose-view.ts getSubjectInput; ${GJ}api.dom.compose subject`,
    }),
    replySubjectInput: entry({
      selectors: ['input[name=subject]'],
      within: 'composeRoot',
      purpose: 'subject of an inline reply when subjectbox is empty',
      fixtures: [INLINE],
      source: `${GJ}api.dom.compose subject, type`,
    }),
    body: entry({
      selectors: ['[g_editable=true]', '.Ap [g_editable=true]', 'div[contenteditable=true]:not([id=subject])'],
      within: 'composeRoot',
      purpose: 'message body editor (innerHTML / textContent)',
      fixtures: [DIALOG, INLINE],
      source: `${IS}views/gmail-compose-view.ts getMaybeBodyElement; ${GJ}api.dom.compose dom("body")`,
    }),
    sendButton: entry({
      selectors: [
        '.IZ .Up div > div[role=button]:not(.Uo):not([aria-haspopup=true]):not([data-mailseq])',
        'div.T-I.T-I-atl:not([data-mailseq])',
      ],
      within: 'composeRoot',
      purpose: "Gmail's own Send button (click and Enter/Space on it mean 'presending')",
      fixtures: [DIALOG, INLINE],
      source: `${IS}views/gmail-compose-view.ts getSendButton; ${GJ}api.dom.compose dom("send_button")`,
    }),
    sendOptionsButton: entry({
      selectors: ['.IZ .Up div > div[role=button][aria-haspopup=true]:not([data-mailseq])'],
      within: 'composeRoot',
      purpose: 'schedule-send menu button; its parentElement is the Send group where the enroll control goes',
      fixtures: [DIALOG, INLINE],
      source: `${IS}views/gmail-compose-view.ts getSendButtonGroup`,
    }),
    fromInput: entry({
      selectors: ['input[name=from]'],
      within: 'composeRoot',
      purpose: 'chosen send-as address (value; may be "Name <addr>"); absent with a single identity',
      fixtures: [DIALOG],
      source: `${IS}views/gmail-compose-view/from-manager.ts getFromContact; ${GJ}api.dom.compose from`,
    }),
    fromChoice: entry({
      selectors: [
        '[role=menu] [role=menuitem][value]',
        'div.J-M.jQjAxd.J-M-awS[role=menu] > div.SK.AX > div[value][role=menuitem]',
      ],
      within: 'composeRoot',
      purpose: 'one send-as identity; address in value, name is the text before "<"',
      fixtures: [DIALOG],
      source: `${IS}views/gmail-compose-view/from-manager.ts getFromContactChoices`,
    }),
    composeId: entry({
      selectors: ['input[name=composeid]'],
      within: 'composeRoot',
      purpose: "Gmail's id for this compose (value); keys the armed enrollment",
      fixtures: [DIALOG, INLINE],
      source: `${IS}views/gmail-compose-view.ts ready(); ${GJ}api.dom.compose id`,
    }),
    draftId: entry({
      selectors: ['input[name=draft]'],
      within: 'composeRoot',
      purpose: 'draft message id (value, "#msg-a:r..." style; not a Gmail API id)',
      fixtures: [DIALOG, INLINE],
      source: `${IS}views/gmail-compose-view.ts ready() (#messageIDElement); ${GJ}api.get.compose_ids, api.dom.compose email_id`,
    }),
    replyToMessageId: entry({
      selectors: ['input[name=rm]'],
      within: 'composeRoot',
      purpose: 'message being replied to (value "#msg-f:<decimal>"; may be "undefined")',
      fixtures: [INLINE],
      source: `${IS}views/gmail-compose-view.ts #getTargetMessageID`,
    }),
    replyThreadId: entry({
      selectors: ['input[name=lts]'],
      within: 'composeRoot',
      purpose: 'legacy (hex) thread id of a reply (value)',
      fixtures: [INLINE],
      source: `${IS}views/gmail-compose-view.ts #setupIDs`,
    }),

    // ---- thread view (reply detection, layer 2) ----
    threadContainer: entry({
      selectors: ['[role=main] .g.id .a98.iY', '[role=main] div.iY'],
      within: null,
      purpose: 'open conversation; scope for the thread entries below',
      fixtures: [INLINE, THREAD],
      source: `${IS}gmail-element-getter.ts getThreadContainerElement (selector_2023_11_16); ${GJ}dom observer view_thread, api.dom.thread`,
    }),
    threadSubject: entry({
      selectors: ['h2[data-legacy-thread-id]', '.ha h2', 'h2.hP'],
      within: 'threadContainer',
      purpose: 'subject heading; carries data-legacy-thread-id (hex) and data-thread-perm-id ("thread-f:...")',
      fixtures: [INLINE, THREAD],
      source: `${GJ}api.get.thread_id, api.new.get.thread_id, api.dom.thread; ${IS}views/gmail-thread-view.ts getSubject, getThreadID`,
    }),
    messageList: entry({
      selectors: ['[role=list]'],
      within: 'threadContainer',
      purpose: 'container whose children are the messages; observe its childList for new ones',
      fixtures: [INLINE, THREAD],
      source: `${IS}views/gmail-thread-view.ts addCustomMessage, #setupMessageViewStream`,
    }),
    messageItem: entry({
      selectors: ['[role=list] > div'],
      within: 'threadContainer',
      purpose: 'one message of the thread, collapsed or expanded',
      fixtures: [INLINE, THREAD],
      source: `${IS}views/gmail-thread-view.ts #initializeExistingMessages`,
    }),
    expandedMessage: entry({
      selectors: ['[role=list] > .h7'],
      within: 'threadContainer',
      purpose: 'expanded message (ids, sender, recipients, body readable)',
      fixtures: [INLINE, THREAD],
      source: `${IS}views/gmail-message-view.ts getViewState, #checkMessageOpenState`,
    }),
    collapsedMessage: entry({
      selectors: ['[role=list] > .kv, [role=list] > .ky'],
      within: 'threadContainer',
      purpose: 'collapsed message (sender only)',
      fixtures: [INLINE, THREAD],
      source: `${IS}views/gmail-message-view.ts getViewState, #setupMessageStateStream`,
    }),
    messageIdHolder: entry({
      selectors: ['[data-message-id][data-legacy-message-id]', 'div.adn[data-legacy-message-id]', 'div.adn.ads'],
      within: 'threadContainer',
      purpose: 'element with data-message-id ("#msg-f:<decimal>") and data-legacy-message-id (hex, the Gmail API id)',
      fixtures: [INLINE, THREAD],
      source: `${IS}views/gmail-message-view.ts constructor, getMessageID; ${GJ}api.dom.email, dom observer view_email, api.new.get.email_id`,
    }),
    expandedSender: entry({
      selectors: ['h3.iw span[email]', 'td.gF span[email]', 'span.gD[email]'],
      within: 'threadContainer',
      purpose: 'sender of an expanded message; address in the email attribute, name in name',
      fixtures: [INLINE, THREAD],
      source: `${IS}views/gmail-message-view.ts getSender, #monitorEmailAddressHovering (h3.iw); ${GJ}api.dom.email dom("from")`,
    }),
    collapsedSender: entry({
      selectors: ['.kv span[email], .ky span[email]'],
      within: 'messageList',
      purpose: 'sender of a collapsed message (its only [email] element)',
      fixtures: [INLINE, THREAD],
      source: `${IS}views/gmail-message-view.ts #monitorEmailAddressHovering (non-h7 => sender)`,
    }),
    messageRecipient: entry({
      selectors: ['.hb span[email]', 'span.g2[email]'],
      within: 'threadContainer',
      purpose: 'one recipient of an expanded message (email attribute)',
      fixtures: [INLINE, THREAD],
      source: `${IS}views/gmail-message-view.ts getRecipients; ${GJ}api.dom.email dom("to")`,
    }),
    messageBody: entry({
      selectors: ['div.ii.gt'],
      within: 'threadContainer',
      purpose: 'rendered body of an expanded message',
      fixtures: [INLINE, THREAD],
      source: `${IS}views/gmail-message-view.ts getContentsElement; ${GJ}api.check.is_inside_email (.ii.gt .a3s)`,
    }),
  });

  const ns = (globalThis.mailseqGmail = globalThis.mailseqGmail || {});
  ns.SELECTORS = GMAIL_SELECTORS;
  ns.FIXTURE_DATE = GMAIL_FIXTURE_DATE;
  // The first element any alternative of an entry matches under `root`.
  ns.q = (key, root) => {
    for (const s of GMAIL_SELECTORS[key].selectors) {
      const el = root.querySelector(s);
      if (el) return el;
    }
    return null;
  };
  // Every element the alternatives match under `root`, without repeats.
  ns.qa = (key, root) => {
    const out = new Set();
    for (const s of GMAIL_SELECTORS[key].selectors) for (const el of root.querySelectorAll(s)) out.add(el);
    return [...out];
  };
})();
