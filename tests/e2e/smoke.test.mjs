// The test build loads, its worker exposes mailseqTest, the frozen clock survives a worker
// restart, and both extension pages load without console errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './harness.mjs';

let ext;
before(async () => {
  ext = await launch();
});
after(async () => {
  await ext?.close();
});

test('the test build exposes mailseqTest in the service worker', async () => {
  const keys = await ext.swEval(() => Object.keys(globalThis.mailseqTest ?? {}).sort());
  for (const hook of ['advance', 'createSequence', 'now', 'setNow', 'state', 'tick']) {
    assert.ok(keys.includes(hook), `mailseqTest.${hook}`);
  }
  const now = await ext.ready();
  assert.equal(typeof now, 'number');
  assert.ok(Math.abs(now - Date.now()) < 60_000, 'an unfrozen clock follows real time');
});

test('setNow freezes the clock and advance moves it', async () => {
  const t0 = Date.UTC(2026, 11, 1, 8, 0, 0);
  await ext.swEval((t) => mailseqTest.setNow(t), t0);
  assert.equal(await ext.swEval(() => mailseqTest.now()), t0);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(await ext.swEval(() => mailseqTest.now()), t0, 'frozen: real time does not move it');
  await ext.swEval(() => mailseqTest.advance(90_000));
  assert.equal(await ext.swEval(() => mailseqTest.now()), t0 + 90_000);
});

test('the frozen clock survives a service-worker restart', async () => {
  const before = await ext.swEval(() => mailseqTest.now());
  await ext.stopServiceWorker();
  // evaluate only waits for the next start: a message from a page brings the worker back.
  assert.equal(await ext.wake(), before);
});

test('tick resolves with the report shape of the contract', async () => {
  const report = await ext.swEval(() => mailseqTest.tick());
  assert.deepEqual(Object.keys(report).sort(), ['errors', 'paused', 'sent', 'waiting']);
  assert.ok(Array.isArray(report.errors));
});

test('createSequence validates, stores, and state() lists the sequence', async () => {
  const seq = {
    name: 'Intro',
    window: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00', timeZone: 'Europe/Berlin' },
    steps: [{ kind: 'email', thread: 'same', delay: { businessDays: 2 }, body: 'Hi {{first_name|there}}' }],
  };
  const id = await ext.swEval((s) => mailseqTest.createSequence(s), seq);
  assert.equal(typeof id, 'string');
  const state = await ext.swEval(() => mailseqTest.state());
  assert.deepEqual(state.sequences.map(({ id, name }) => ({ id, name })), [{ id, name: 'Intro' }]);

  const bad = { ...seq, window: { ...seq.window, timeZone: 'Mars/Olympus' } };
  const err = await ext.swEval((s) => mailseqTest.createSequence(s).then(() => null, (e) => e.message), bad);
  assert.match(err, /timeZone/);
  const unknown = { ...seq, colour: 'red' };
  const err2 = await ext.swEval((s) => mailseqTest.createSequence(s).then(() => null, (e) => e.message), unknown);
  assert.match(err2, /colour/);

  await ext.stopServiceWorker();
  await ext.wake();
  const after = await ext.swEval(() => mailseqTest.state());
  assert.deepEqual(after.sequences.map(({ id, name }) => ({ id, name })), [{ id, name: 'Intro' }], 'state comes back from storage');
});

test('after a restart, state and alarms come back, and a right alarm is not reset', async () => {
  const state = await ext.swEval(() => mailseqTest.state());
  const seq = state.sequences[0];
  const due = Date.parse('2026-12-03T09:00:00Z');
  const enrollment = {
    id: 'e-restart', sequenceId: seq.id, account: 'acct-x', identity: { id: '', email: 'me@example.org', name: 'Me' },
    recipients: [{ email: 'bob@example.com', name: 'Bob' }], thread: { subject: 'Hello', rootMessageId: 'root@restart' },
    status: 'active', stepIndex: 0, nextDue: due, anchor: due - 86_400_000, seen: [], sequenceRev: 0,
    history: [{ at: due - 86_400_000, event: 'enrolled', step: null }],
  };
  await ext.swEval((e) => chrome.storage.local.set({ ['enr:' + e.id]: e }), enrollment);
  // A fresh worker loads the record and arms its wake-up for the due instant.
  await ext.stopServiceWorker();
  await ext.wake();
  const after = await ext.swEval(() => mailseqTest.state());
  const e = after.enrollments.find((x) => x.id === 'e-restart');
  assert.equal(e?.nextDue, '2026-12-03T09:00:00Z');
  const alarm = await ext.swEval(() => chrome.alarms.get('mailseq-wake'));
  assert.equal(alarm?.scheduledTime, due);
  // Once more: the alarm is already right, so it is left as it is.
  await ext.stopServiceWorker();
  await ext.wake();
  const again = await ext.swEval(() => chrome.alarms.get('mailseq-wake'));
  assert.deepEqual(again, alarm);
  const sync = await ext.swEval(() => chrome.alarms.get('mailseq-sync'));
  assert.ok(sync?.periodInMinutes > 0, 'a watched thread keeps the reply sync alarm');
  await ext.swEval(() => chrome.storage.local.remove('enr:e-restart'));
});

test('side panel and options load without console errors', async () => {
  for (const path of ['sidepanel.html', 'options.html']) {
    const page = await ext.openPage(path);
    await page.waitForSelector('#app h1', { timeout: 10_000 });
    await page.close();
  }
  assert.deepEqual(ext.consoleErrors, []);
});
