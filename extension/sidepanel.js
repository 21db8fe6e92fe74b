// Loads this page's wasm (pkg/sidepanel*: its UI only, without the engine's service-worker code
// or the other page's) and hands the page to Rust (src/ui/). No inline scripts: the CSP
// forbids them.
import init, { start_sidepanel } from './pkg/sidepanel.js';

try {
  await init({ module_or_path: chrome.runtime.getURL('pkg/sidepanel_bg.wasm') });
  start_sidepanel();
} catch (e) {
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.textContent = 'mailseq could not start: ' + String(e?.message ?? e);
  document.getElementById('app').replaceChildren(p);
}
