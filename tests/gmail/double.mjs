// The Gmail double: HTTPS for Google's hostnames (Chromium maps them here with
// --host-resolver-rules) and a plain-HTTP control API, both on 127.0.0.1 only.
//   node tests/gmail/double.mjs        (GMAIL_DOUBLE_PORT=8443, GMAIL_DOUBLE_CONTROL_PORT=8444,
//                                       GMAIL_PAGES_DIR=<fixtures>, GMAIL_PAGES_CSP=<header>)
import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { fileURLToPath } from 'node:url';
import { makeApiHandler } from './api-server.mjs';
import { HOSTNAMES, makeCertificate } from './cert.mjs';
import { makeControlHandler } from './control.mjs';
import { DEFAULT_USERS, Mailboxes } from './mailbox.mjs';
import { OAuth } from './oauth.mjs';
import { Quota } from './quota.mjs';
import { GmailSchema } from './schema.mjs';

// The Chromium flags that send Google's hostnames to the double.
export function chromiumArgs(port, { spkiHash } = {}) {
  return [
    `--host-resolver-rules=${HOSTNAMES.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ')}`,
    spkiHash ? `--ignore-certificate-errors-spki-list=${spkiHash}` : '--ignore-certificate-errors',
  ];
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server.address().port));
  });
}

export async function startDouble({
  port = Number(process.env.GMAIL_DOUBLE_PORT ?? 8443),
  controlPort = Number(process.env.GMAIL_DOUBLE_CONTROL_PORT ?? 8444),
  pagesDir = process.env.GMAIL_PAGES_DIR,
  users = DEFAULT_USERS,
} = {}) {
  const schema = new GmailSchema();
  const tls = makeCertificate();
  const state = { schema, pagesDir };
  const reset = ({ users: u = users, keepTokens = false } = {}) => {
    state.mailboxes = new Mailboxes(u);
    const knownScopes = Object.keys(schema.doc.auth.oauth2.scopes);
    if (!keepTokens || !state.oauth) state.oauth = new OAuth({ knownScopes, mailboxes: state.mailboxes });
    else state.oauth.mailboxes = state.mailboxes;
    state.quota = new Quota();
    state.requests = [];
    state.violations = [];
    state.sent = [];
    state.unknown = [];
  };
  reset();
  const api = createHttps({ key: tls.key, cert: tls.cert }, makeApiHandler(state));
  const info = () => ({
    port: double.port,
    controlPort: double.controlPort,
    hostnames: HOSTNAMES,
    spkiHash: tls.spkiHash,
    chromiumArgs: chromiumArgs(double.port),
    users: [...state.mailboxes.byEmail.keys()],
    discoveryRevision: schema.doc.revision,
  });
  const control = createHttp(makeControlHandler(state, { reset, info }));
  const double = { state, cert: tls.cert, spkiHash: tls.spkiHash };
  double.port = await listen(api, port);
  double.controlPort = await listen(control, controlPort);
  double.controlUrl = `http://127.0.0.1:${double.controlPort}`;
  double.chromiumArgs = (opts) => chromiumArgs(double.port, opts);
  double.info = info;
  double.close = () =>
    Promise.all(
      [api, control].map((s) => new Promise((r) => {
        s.closeAllConnections?.();
        s.close(() => r());
      })),
    );
  return double;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const d = await startDouble();
  const i = d.info();
  console.log(`gmail double: https://127.0.0.1:${i.port} (${i.hostnames.join(', ')}), control ${d.controlUrl}`);
  console.log(`discovery revision ${i.discoveryRevision}; chromium flags:`);
  for (const a of i.chromiumArgs) console.log(`  '${a}'`);
  console.log(`  or instead of --ignore-certificate-errors: '--ignore-certificate-errors-spki-list=${i.spkiHash}'`);
  const stop = () => d.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
