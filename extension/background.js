// The service worker: a static-import shim (dynamic import() is not allowed here) for its own
// wasm (pkg/background*: the engine without the pages' UI code). MV3 only
// delivers an event to listeners added synchronously at top level, so every listener is
// registered before anything is awaited and queued on the wasm start-up promise.
import init, { start_background } from './pkg/background.js';

const ready = init({ module_or_path: chrome.runtime.getURL('pkg/background_bg.wasm') })
  .then(() => start_background());
ready.catch((e) => console.error('mailseq could not start:', e));

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  ready
    .then((bg) => bg.message(message, sender))
    .then(sendResponse, (e) => sendResponse({ type: 'error', message: String(e?.message ?? e) }));
  return true; // the answer comes asynchronously
});
chrome.alarms.onAlarm.addListener((alarm) => {
  ready.then((bg) => bg.alarm(alarm.name)).catch((e) => console.error(e));
});
chrome.runtime.onStartup.addListener(() => {
  ready.then((bg) => bg.started('startup')).catch((e) => console.error(e));
});
chrome.runtime.onInstalled.addListener((details) => {
  ready.then((bg) => bg.started(details.reason)).catch((e) => console.error(e));
});
