// Loads the wasm and hands the page to Rust (src/ui/).
import init, { start_sidepanel } from './pkg/mailseq.js';

await init({ module_or_path: chrome.runtime.getURL('pkg/mailseq_bg.wasm') });
start_sidepanel();
