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

test('side panel and options load without console errors', async () => {
  for (const path of ['sidepanel.html', 'options.html']) {
    const page = await ext.openPage(path);
    await page.waitForSelector('#app h1', { timeout: 10_000 });
    await page.close();
  }
  assert.deepEqual(ext.consoleErrors, []);
});
