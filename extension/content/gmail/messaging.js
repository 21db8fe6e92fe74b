// Talking to the background: one typed request (core::message::Request, camelCase JSON),
// one typed answer (Response). The service worker may be asleep or restarting; a send that
// finds no listener is tried once more. When the extension was reloaded under the page,
// chrome.runtime is gone: the answer is an error and Gmail keeps working as before.
(function () {
  'use strict';
  const gm = (globalThis.mailseqGmail = globalThis.mailseqGmail || {});

  const failed = (e) => ({ type: 'error', message: String((e && e.message) || e) });

  async function request(message) {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        if (!globalThis.chrome?.runtime?.id) return failed('mailseq was reloaded: reload Gmail');
        const answer = await chrome.runtime.sendMessage(message);
        return answer && typeof answer === 'object' ? answer : failed('no answer from mailseq');
      } catch (e) {
        if (attempt === 1 || !/establish connection|message port closed/i.test(String(e))) return failed(e);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    return failed('no answer from mailseq');
  }

  gm.request = request;
})();
