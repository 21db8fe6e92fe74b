// Serves the Gmail page fixtures for https://mail.google.com/mail/u/N/... from a directory
// (GMAIL_PAGES_DIR). Another part of the test suite writes the fixtures; this only serves them.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

const PLACEHOLDER = (n) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Inbox - Gmail (mailseq double)</title></head>
<body data-mailseq-double="gmail" data-account="${n}"><div role="main" aria-label="Inbox">No GMAIL_PAGES_DIR: placeholder page of the Gmail double, account /u/${n}/</div></body></html>`;

async function fileIn(dir, rel) {
  const full = resolve(dir, normalize(rel));
  if (full !== resolve(dir) && !full.startsWith(resolve(dir) + sep)) return null; // no ../ escapes
  try {
    const s = await stat(full);
    const file = s.isDirectory() ? join(full, 'index.html') : full;
    return { file, body: await readFile(file) };
  } catch {
    return null;
  }
}

// `/mail/u/N/<rest>` (or `?fixture=<file>`) looks in `<dir>/u/N/<rest>`, then `<dir>/<rest>`.
export async function servePage(url, dir = process.env.GMAIL_PAGES_DIR) {
  if (url.pathname === '/' || url.pathname === '/mail' || url.pathname === '/mail/') {
    return { status: 302, headers: { location: '/mail/u/0/' }, body: '' };
  }
  const m = /^\/mail\/u\/(\d+)\/?(.*)$/.exec(url.pathname);
  if (!m) return null;
  const [, n, rest] = m;
  const rel = url.searchParams.get('fixture') ?? decodeURIComponent(rest);
  if (!dir) {
    if (rel === '') return { status: 200, headers: { 'content-type': TYPES['.html'] }, body: PLACEHOLDER(n) };
    return null;
  }
  const found = (await fileIn(dir, join('u', n, rel))) ?? (await fileIn(dir, rel || '.'));
  if (!found) return null;
  const headers = { 'content-type': TYPES[extname(found.file)] ?? 'application/octet-stream' };
  // Lets a test reproduce Gmail's page CSP, which decides whether wasm may run in a content script.
  if (process.env.GMAIL_PAGES_CSP && headers['content-type'].startsWith('text/html')) {
    headers['content-security-policy'] = process.env.GMAIL_PAGES_CSP;
  }
  return { status: 200, headers, body: found.body };
}
