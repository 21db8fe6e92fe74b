// Real Chromium reaches the double under Google's hostnames through --host-resolver-rules.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { startDouble } from './double.mjs';
import { control, SCOPES, token } from './test-client.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BASE_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let double;
let browser;
before(async () => {
  double = await startDouble({ port: 0, controlPort: 0, pagesDir: '' });
});
after(async () => {
  await browser?.close();
  await double.close();
});

test('a page at https://mail.google.com/mail/u/0/ and its fetch to gmail.googleapis.com reach the double', { skip: !existsSync(CHROMIUM) && `no ${CHROMIUM}` }, async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...BASE_ARGS, ...double.chromiumArgs()] });
  const page = await browser.newPage();
  const res = await page.goto('https://mail.google.com/mail/u/0/');
  assert.equal(res.status(), 200);
  assert.equal(await page.getAttribute('body', 'data-mailseq-double'), 'gmail');

  const tok = await token(double, [SCOPES.send, SCOPES.metadata]);
  const profile = await page.evaluate(async (t) => {
    const r = await fetch('https://gmail.googleapis.com/gmail/v1/users/me/profile', { headers: { Authorization: `Bearer ${t}` } });
    return { status: r.status, body: await r.json() };
  }, tok);
  assert.equal(profile.status, 200);
  assert.equal(profile.body.emailAddress, 'alice@gmail.test');

  const log = await control(double, 'GET', '/control/requests');
  assert.ok(log.requests.some((r) => r.methodId === 'gmail.users.getProfile' && r.status === 200));
  assert.deepEqual(await control(double, 'GET', '/control/violations'), []);
});

test('chrome.identity.launchWebAuthFlow gets a token from the mapped accounts.google.com', { skip: !existsSync(CHROMIUM) && `no ${CHROMIUM}` }, async () => {
  const ext = mkdtempSync(join(tmpdir(), 'gmail-double-ext-'));
  const profileDir = mkdtempSync(join(tmpdir(), 'gmail-double-profile-'));
  writeFileSync(join(ext, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'oauth probe', version: '1', permissions: ['identity'], host_permissions: ['https://gmail.googleapis.com/*'], background: { service_worker: 'sw.js' } }));
  writeFileSync(join(ext, 'sw.js'), '');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...BASE_ARGS, ...double.chromiumArgs(), `--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
  });
  try {
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const out = await sw.evaluate(async (scope) => {
      const redirect = chrome.identity.getRedirectURL();
      const url = `https://accounts.google.com/o/oauth2/v2/auth?${new URLSearchParams({ client_id: 'probe.apps.googleusercontent.com', response_type: 'token', redirect_uri: redirect, scope, state: 'st' })}`;
      const final = await chrome.identity.launchWebAuthFlow({ url, interactive: false });
      const f = new URLSearchParams(new URL(final).hash.slice(1));
      const r = await fetch('https://gmail.googleapis.com/gmail/v1/users/me/profile', { headers: { Authorization: `Bearer ${f.get('access_token')}` } });
      return { state: f.get('state'), status: r.status, email: (await r.json()).emailAddress };
    }, `${SCOPES.send} ${SCOPES.metadata}`);
    assert.deepEqual(out, { state: 'st', status: 200, email: 'alice@gmail.test' });
  } finally {
    await context.close();
    rmSync(ext, { recursive: true, force: true });
    rmSync(profileDir, { recursive: true, force: true });
  }
});
