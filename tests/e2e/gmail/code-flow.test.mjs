// The authorization-code flow with PKCE (S256), for an OAuth client that may redeem a code
// without a secret: connect through it, keep the refresh token in storage.session only, and
// renew an expired token with that refresh token (no sign-in window, no prompt=none).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { advanceToDue, connectGmail, enrollFromCompose, sequenceAndClock, startRig, USER } from './rig.mjs';

let rig;
before(async () => {
  rig = await startRig();
});
after(async () => {
  await rig?.close();
});

test('code flow with PKCE: connect, then renew with the refresh token', async () => {
  const { page, text } = await connectGmail(rig, { codeFlow: true });
  await page.close();
  assert.match(text, /Connected alice@gmail\.test/);
  const [auth] = await rig.ctl('GET', '/control/auth-log');
  assert.equal(auth.params.response_type, 'code');
  assert.equal(auth.params.code_challenge_method, 'S256');
  assert.match(auth.params.code_challenge, /^[A-Za-z0-9_-]{43}$/);

  const session = await rig.ext.swEval(() => chrome.storage.session.get(null));
  const grant = session[`gmailToken:${USER}`];
  assert.ok(grant.refreshToken, 'a refresh token came with the code');
  const local = JSON.stringify(await rig.ext.swEval(() => chrome.storage.local.get(null)));
  assert.ok(!local.includes(grant.refreshToken) && !local.includes(grant.accessToken));
  // Records are stored as their JSON text (layout v3).
  assert.equal(JSON.parse(JSON.parse(local).settings).gmailCodeFlow, true);

  const seq = await sequenceAndClock(rig);
  const { enrollment } = await enrollFromCompose(rig, seq);
  await rig.ctl('POST', '/control/token', { action: 'expire' });
  await advanceToDue(rig, enrollment.id);
  const report = await rig.tick();
  assert.equal(report.sent, 1, JSON.stringify(report));
  // The log holds authorization pages and token-endpoint calls: one page (connecting), and
  // the renewal is a refresh_token grant.
  const log = await rig.ctl('GET', '/control/auth-log');
  assert.equal(log.filter((e) => e.path !== '/token').length, 1, `renewed without the authorization page: ${JSON.stringify(log)}`);
  assert.ok(log.some((e) => e.path === '/token' && e.grant_type === 'refresh_token' && e.status === 200), `renewed with the refresh token: ${JSON.stringify(log)}`);
  const renewed = (await rig.ext.swEval(() => chrome.storage.session.get(null)))[`gmailToken:${USER}`];
  assert.notEqual(renewed.accessToken, grant.accessToken);
  assert.deepEqual(await rig.violations(), []);
});
