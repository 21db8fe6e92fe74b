// Loads the wasm and hands the page to Rust (src/ui/). No inline scripts: the CSP forbids them.
import init, { start_options } from './pkg/mailseq.js';

try {
  await init({ module_or_path: chrome.runtime.getURL('pkg/mailseq_bg.wasm') });
  start_options();
} catch (e) {
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.textContent = 'mailseq could not start: ' + String(e?.message ?? e);
  document.getElementById('app').replaceChildren(p);
}
