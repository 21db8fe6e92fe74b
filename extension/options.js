// Loads the wasm and hands the page to Rust (src/ui/).
import init, { start_options } from './pkg/mailseq.js';

await init({ module_or_path: chrome.runtime.getURL('pkg/mailseq_bg.wasm') });
start_options();
