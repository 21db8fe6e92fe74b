// Tokens: an expired token is renewed silently (prompt=none, no window) and the send goes on;
// a revoked one cannot be, so the follow-up waits, the side panel asks to reconnect Gmail,
// and after "Reconnect" in the options the waiting follow-up goes out. Nothing is lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { advanceToDue, connectGmail, enrollFromCompose, sequenceAndClock, startRig } from './rig.mjs';

let rig;
let enrollment;
before(async () => {
  rig = await startRig();
  (await connectGmail(rig)).page.close();
  const seq = await sequenceAndClock(rig);
  ({ enrollment } = await enrollFromCompose(rig, seq));
});
after(async () => {
  await rig?.close();
});

test('an expired token is renewed without a window', async () => {
  await rig.ctl('POST', '/control/token', { action: 'expire' });
  await advanceToDue(rig, enrollment.id);
  const report = await rig.tick();
  assert.equal(report.sent, 1, JSON.stringify(report));
  const log = await rig.ctl('GET', '/control/auth-log');
  assert.equal(log.at(-1).params.prompt, 'none', 'silent renewal');
  assert.equal(log.at(-1).params.login_hint, 'alice@gmail.test');
});

test('a revoked token: the send waits and the side panel asks to reconnect Gmail', async () => {
  await rig.ctl('POST', '/control/token', { action: 'revoke', mode: 'consent' });
  await advanceToDue(rig, enrollment.id);
  const report = await rig.tick();
  assert.equal(report.sent, 0);
  assert.ok(report.waiting >= 1, JSON.stringify(report));
  assert.match(report.errors.join(' '), /Reconnect Gmail/);
  const e = (await rig.state()).enrollments.find((x) => x.id === enrollment.id);
  assert.equal(e.status, 'active', 'waiting, not failed');
  assert.equal((await rig.sent()).length, 1);

  const panel = await rig.ext.openSidePanel();
  await panel.waitForSelector('[data-banner="session"]');
  assert.match(await panel.textContent('[data-banner="session"]'), /Reconnect Gmail for alice@gmail\.test/);
  assert.match(await panel.textContent(`[data-mailseq-upcoming="${enrollment.id}"]`), /reconnect Gmail/);
  await panel.close();
});

test('Reconnect in the options: the waiting follow-up goes out', async () => {
  await rig.ctl('POST', '/control/token', { mode: 'auto' });
  const page = await rig.ext.openOptions();
  await page.waitForSelector('[data-gmail-account="alice@gmail.test"][data-session="needs you to reconnect"]');
  await page.click('[data-action="gmail-reconnect"]');
  await page.waitForFunction(() => /Connected/.test(document.querySelector('#gmail-result')?.textContent ?? ''));
  await page.close();
  const report = await rig.tick();
  assert.equal(report.sent, 1, JSON.stringify(report));
  assert.equal((await rig.sent()).length, 2);
  assert.deepEqual(await rig.violations(), []);
});
