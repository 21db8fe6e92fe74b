// Loads the pages' wasm (pkg/pages*: the UI, without the engine's service-worker code) and hands
// the page to Rust (src/ui/). No inline scripts: the CSP forbids them.
import init, { start_options } from './pkg/pages.js';

try {
  await init({ module_or_path: chrome.runtime.getURL('pkg/pages_bg.wasm') });
  start_options();
} catch (e) {
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.textContent = 'mailseq could not start: ' + String(e?.message ?? e);
  document.getElementById('app').replaceChildren(p);
}
