// Reply detection, layer 2: while a thread is open, report its messages' senders. The
// background decides nothing from them alone: a sender that is a prospect of a watched
// thread makes it re-read that thread through the API at once, instead of at the next poll.
// Reported again only when what is on screen changed (a new message, another thread).
(function () {
  'use strict';
  const gm = (globalThis.mailseqGmail = globalThis.mailseqGmail || {});

  function watcher(account) {
    let last = '';
    return function report(doc) {
      const thread = gm.page.openThread(doc);
      const messages = thread ? gm.page.threadMessages(doc) : [];
      const key = thread ? `${thread.threadId}|${messages.map((m) => m.from + (m.handle || '')).join(',')}` : '';
      if (key === last) return;
      last = key;
      if (!thread || messages.length === 0) return;
      const subject = thread.subject;
      gm.request({ type: 'threadOpened', account, messages: messages.map((m) => ({ ...m, subject })) });
    };
  }

  gm.thread = Object.freeze({ watcher });
})();
