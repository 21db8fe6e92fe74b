// Loads this page's wasm (pkg/options*: its UI only, without the engine's service-worker code
// or the other page's) and hands the page to Rust (src/ui/). No inline scripts: the CSP
// forbids them.
import init, { start_options } from './pkg/options.js';

try {
  await init({ module_or_path: chrome.runtime.getURL('pkg/options_bg.wasm') });
  start_options();
} catch (e) {
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.textContent = 'mailseq could not start: ' + String(e?.message ?? e);
  document.getElementById('app').replaceChildren(p);
}
