// The Chrome build's oauth2 (for chrome.identity.getAuthToken) comes from
// MAILSEQ_GOOGLE_CLIENT_ID at make time, and only into the Chrome build; without it there is
// no oauth2 key. Runs the same assemble step `make` runs, into a temporary directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function assemble(variant, clientId) {
  const out = mkdtempSync(join(tmpdir(), 'mailseq-assemble-'));
  const env = { ...process.env, MAILSEQ_GOOGLE_CLIENT_ID: clientId ?? '' };
  const r = spawnSync('node', ['scripts/assemble.mjs', variant, 'pkg/chrome', '.cache/tz', join(out, 'x')], { cwd: ROOT, env, encoding: 'utf8' });
  const manifest = r.status === 0 ? JSON.parse(readFileSync(join(out, 'x', 'manifest.json'), 'utf8')) : null;
  rmSync(out, { recursive: true, force: true });
  return { status: r.status, stderr: r.stderr, manifest };
}

test('MAILSEQ_GOOGLE_CLIENT_ID puts oauth2 with the two Gmail scopes into the Chrome build only', () => {
  const id = '1234-abc.apps.googleusercontent.com';
  const chrome = assemble('chrome', id);
  assert.equal(chrome.status, 0, chrome.stderr);
  assert.deepEqual(chrome.manifest.oauth2, {
    client_id: id,
    scopes: ['https://www.googleapis.com/auth/gmail.send', 'https://www.googleapis.com/auth/gmail.metadata'],
  });
  assert.equal(assemble('firefox', id).manifest.oauth2, undefined);
  assert.equal(assemble('chrome-test', id).manifest.oauth2, undefined, 'tests sign in with launchWebAuthFlow');
  assert.equal(assemble('chrome', '').manifest.oauth2, undefined);
});

test('a value that is not a Google client id stops the build', () => {
  const r = assemble('chrome', 'not a client id');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /not a Google OAuth client id/);
});
