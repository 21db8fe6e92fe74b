// PLACEHOLDER: the Gmail driver (compose control, thread observer) is written by another part
// of the foundation. Content scripts stay thin plain JS: Gmail's CSP may forbid wasm here.
