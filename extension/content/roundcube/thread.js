// Reply detection, layer 2: a message is on screen (its own page, or the preview frame of
// the list), so report its sender. The background re-reads the threads of enrollments whose
// prospect wrote it, which catches a reply at once instead of at the next poll. Roundcube
// shows one message at a time; its Message-ID is not in the page, the handle names it.
(function () {
  'use strict';
  const rc = (globalThis.mailseqRoundcube = globalThis.mailseqRoundcube || {});

  function start(doc, account) {
    const env = rc.page.readEnv(doc) || {};
    const shown = rc.page.shownMessage(doc, env);
    if (!shown) return;
    const message = { from: shown.from, subject: shown.subject };
    if (shown.handle) message.handle = shown.handle;
    rc.request({ type: 'threadOpened', account, messages: [message] });
  }

  rc.thread = Object.freeze({ start });
})();
