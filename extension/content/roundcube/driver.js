// Entry point of the Roundcube content script (the last file the manifest lists). Test
// builds inject it on every http://127.0.0.1/* and http://localhost/* page, so it first makes
// sure the page is Roundcube and otherwise does nothing at all. One feature per page kind;
// everything it adds is removed when the page goes away.
(function () {
  'use strict';
  const rc = globalThis.mailseqRoundcube;
  if (!rc || rc.started) return;
  rc.started = true;

  const kind = rc.page.kind(document);
  if (!kind || kind === 'other') return;
  const env = rc.page.readEnv(document) || {};
  // The login is in env.username on message pages only; the background matches a page
  // without it by origin (and a compose by the sending identity).
  const account = { provider: 'roundcube', user: String(env.username || '').toLowerCase() };
  const controller = new AbortController();
  addEventListener('pagehide', () => controller.abort(), { once: true });

  if (kind === 'compose') rc.compose.start(document, account, controller.signal);
  if (kind === 'message') rc.thread.start(document, account);
})();
