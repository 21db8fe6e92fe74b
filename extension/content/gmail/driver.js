// Entry point of the Gmail content script (the last file the manifest lists). Gmail is one
// long-lived page that builds composes and threads as the user goes, so the driver watches
// the DOM (debounced) and: starts a control in every new compose, tears it down when the
// compose goes, reports the open thread, and answers the side panel's DescribePage. A
// compose whose Send button stays unfound is reported as "unavailable": the side panel then
// says so and can enroll the open thread instead (NOTES §6: fail visibly).
(function () {
  'use strict';
  const gm = globalThis.mailseqGmail;
  if (!gm || gm.started) return;
  gm.started = true;

  const SCAN_DELAY_MS = 200;
  const UNAVAILABLE_AFTER_MS = 3000;
  const NOTICE_MS = 10000;
  const account = () => ({ provider: 'gmail', user: '', accountIndex: gm.page.accountIndex(location.pathname) });
  const composes = new Map(); // root -> {controller, placed, since}
  const reportThread = gm.thread.watcher(account());

  // A short-lived notice after Send, when the compose (and its alert) is already gone.
  function notify(text, isError) {
    document.querySelector('[data-mailseq="notice"]')?.remove();
    const n = document.createElement('div');
    n.setAttribute('data-mailseq', 'notice');
    n.setAttribute('role', isError ? 'alert' : 'status');
    n.className = isError ? 'mailseq-gm-notice mailseq-gm-notice-error' : 'mailseq-gm-notice';
    n.textContent = text;
    document.body.append(n);
    setTimeout(() => n.remove(), NOTICE_MS);
  }

  function scan() {
    const now = Date.now();
    for (const [root, c] of composes) {
      if (!root.isConnected) {
        c.controller.abort();
        composes.delete(root);
      }
    }
    for (const { root } of gm.page.composes(document)) {
      let c = composes.get(root);
      if (!c) {
        c = { controller: new AbortController(), placed: false, since: now };
        composes.set(root, c);
        setTimeout(schedule, UNAVAILABLE_AFTER_MS + 50);
      }
      if (!c.placed) {
        c.placed = gm.compose.start(root, { doc: document, account: account(), signal: c.controller.signal, notify });
      }
    }
    reportThread(document);
  }

  let timer = 0;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(scan, SCAN_DELAY_MS);
  }

  function control() {
    if (composes.size === 0) return 'no-compose';
    const now = Date.now();
    const missing = [...composes.values()].some((c) => !c.placed && now - c.since >= UNAVAILABLE_AFTER_MS);
    return missing ? 'unavailable' : 'placed';
  }

  chrome.runtime.onMessage.addListener((message, _sender, sendResponse) => {
    if (!message || message.type !== 'describePage') return false;
    sendResponse({
      type: 'pageDescription',
      accountIndex: gm.page.accountIndex(location.pathname),
      thread: gm.page.openThread(document),
      control: control(),
    });
    return false;
  });

  const mo = new MutationObserver(schedule);
  mo.observe(document.documentElement, { childList: true, subtree: true });
  addEventListener('hashchange', schedule);
  addEventListener('pagehide', () => {
    mo.disconnect();
    for (const c of composes.values()) c.controller.abort();
  }, { once: true });
  scan();
})();
