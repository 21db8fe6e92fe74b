// OAuth flows against the double: implicit, code + PKCE (S256), refresh, consent modes.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, beforeEach, test } from 'node:test';
import { startDouble } from './double.mjs';
import { control, gmail, google, SCOPES } from './test-client.mjs';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const SCOPE = `${SCOPES.send} ${SCOPES.metadata}`;
let double;
before(async () => {
  double = await startDouble({ port: 0, controlPort: 0, pagesDir: '' });
});
after(() => double.close());
beforeEach(() => control(double, 'POST', '/control/reset'));

function authorize(params) {
  const q = new URLSearchParams({ client_id: 'client-1.apps.googleusercontent.com', redirect_uri: REDIRECT, scope: SCOPE, state: 's1', ...params });
  return google(double, 'accounts.google.com', { path: `/o/oauth2/v2/auth?${q}` });
}

function tokenRequest(form) {
  return google(double, 'oauth2.googleapis.com', {
    method: 'POST',
    path: '/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

test('implicit flow redirects with the token in the fragment; the token works', async () => {
  const r = await authorize({ response_type: 'token' });
  assert.equal(r.status, 302);
  const loc = new URL(r.headers.location);
  assert.equal(loc.origin + loc.pathname, REDIRECT);
  const f = new URLSearchParams(loc.hash.slice(1));
  assert.equal(f.get('token_type'), 'Bearer');
  assert.equal(f.get('state'), 's1');
  assert.ok(Number(f.get('expires_in')) > 3000);
  const profile = await gmail(double, { path: '/gmail/v1/users/me/profile', token: f.get('access_token') });
  assert.equal(profile.status, 200);
});

test('code flow with PKCE S256: a wrong verifier fails, the right one gets tokens, refresh works', async () => {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const code = async () => {
    const r = await authorize({ response_type: 'code', code_challenge: challenge, code_challenge_method: 'S256', access_type: 'offline' });
    const loc = new URL(r.headers.location);
    assert.equal(loc.searchParams.get('state'), 's1');
    return loc.searchParams.get('code');
  };
  const base = { grant_type: 'authorization_code', client_id: 'client-1.apps.googleusercontent.com', redirect_uri: REDIRECT };
  const wrong = await tokenRequest({ ...base, code: await code(), code_verifier: 'x'.repeat(43) });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.json.error, 'invalid_grant');

  const c = await code();
  const ok = await tokenRequest({ ...base, code: c, code_verifier: verifier });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.token_type, 'Bearer');
  assert.ok(ok.json.refresh_token);
  const reused = await tokenRequest({ ...base, code: c, code_verifier: verifier });
  assert.equal(reused.status, 400, 'a code is single-use');

  await control(double, 'POST', '/control/token', { action: 'expire' });
  assert.equal((await gmail(double, { path: '/gmail/v1/users/me/profile', token: ok.json.access_token })).status, 401);
  const refreshed = await tokenRequest({ grant_type: 'refresh_token', client_id: base.client_id, refresh_token: ok.json.refresh_token });
  assert.equal(refreshed.status, 200);
  assert.equal((await gmail(double, { path: '/gmail/v1/users/me/profile', token: refreshed.json.access_token })).status, 200);

  await control(double, 'POST', '/control/token', { action: 'revoke' });
  const dead = await tokenRequest({ grant_type: 'refresh_token', client_id: base.client_id, refresh_token: ok.json.refresh_token });
  assert.equal(dead.json.error, 'invalid_grant');
});

test('bad requests get an error page; consent and signed-out modes answer prompt=none with errors', async () => {
  assert.equal((await authorize({ response_type: 'token', redirect_uri: 'https://evil.test/' })).status, 400);
  assert.equal((await authorize({ response_type: 'token', scope: 'https://www.googleapis.com/auth/gmail.everything' })).status, 400);

  await control(double, 'POST', '/control/token', { mode: 'consent' });
  const silent = await authorize({ response_type: 'token', prompt: 'none' });
  assert.equal(new URLSearchParams(new URL(silent.headers.location).hash.slice(1)).get('error'), 'consent_required');
  const page = await authorize({ response_type: 'token' });
  assert.equal(page.status, 200);
  const approve = /id="approve" role="button" href="([^"]+)"/.exec(page.text)[1].replace(/&#38;/g, '&');
  const granted = await google(double, 'accounts.google.com', { path: approve });
  assert.ok(new URL(granted.headers.location).hash.includes('access_token='));
  const again = await authorize({ response_type: 'token', prompt: 'none' });
  assert.ok(new URL(again.headers.location).hash.includes('access_token='), 'silent renewal works once consented');

  await control(double, 'POST', '/control/token', { mode: 'signed-out' });
  const out = await authorize({ response_type: 'token', prompt: 'none' });
  assert.equal(new URLSearchParams(new URL(out.headers.location).hash.slice(1)).get('error'), 'login_required');
});
