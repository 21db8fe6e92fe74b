// The worker dies at any moment: after a stop and restart, state and alarms come back from
// storage. Starts from the v1 layout fixture, so the first start also runs the migration.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch } from './harness.mjs';

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/storage/v1.json', import.meta.url), 'utf8'),
);
// A due instant in the future, so the alarm is still pending when the test looks at it.
const DUE = Date.UTC(2030, 0, 7, 9, 0, 0);
fixture.mailseq.enrollments[0].nextDue = DUE;
const FROZEN = Date.UTC(2029, 11, 31, 12, 0, 0);
fixture.testClock = FROZEN;

let ext;
before(async () => {
  ext = await launch();
  await ext.ready();
  await ext.swEval((items) => chrome.storage.local.clear().then(() => chrome.storage.local.set(items)), fixture);
  await ext.stopServiceWorker();
  await ext.wake();
});
after(async () => {
  await ext?.close();
});

const storage = () => ext.swEval(() => chrome.storage.local.get(null));
const wakeAlarm = () => ext.swEval(() => chrome.alarms.get('mailseq-wake'));

test('a v1 layout is migrated to one key per record at start', async () => {
  const s = await storage();
  assert.deepEqual(s.meta, { schemaVersion: 3 });
  assert.equal(s.mailseq, undefined, 'the v1 record is gone');
  assert.ok(s['seq:s-1'] && s['enr:e-1'] && s['sup:gone@example.com']);
  // Layout v3: each record is stored as its JSON text.
  assert.equal(JSON.parse(s['enr:e-1']).id, 'e-1');
  assert.equal(JSON.parse(s['seq:s-1']).id, 's-1');
  assert.equal(s.testClock, FROZEN, 'keys that are not ours are left alone');
});

test('state and the wake-up alarm come from storage', async () => {
  assert.equal(await ext.swEval(() => mailseqTest.now()), FROZEN);
  const state = await ext.swEval(() => mailseqTest.state());
  assert.deepEqual(state.sequences.map((s) => s.id), ['s-1']);
  assert.equal(state.enrollments.length, 1);
  assert.equal(state.enrollments[0].status, 'active');
  assert.equal(Date.parse(state.enrollments[0].nextDue), DUE);
  assert.equal((await wakeAlarm())?.scheduledTime, DUE);
});

test('after a service-worker stop and restart, state and alarms come back', async () => {
  const before = await ext.swEval(() => mailseqTest.state());
  await ext.stopServiceWorker();
  await ext.wake();
  assert.deepEqual(await ext.swEval(() => mailseqTest.state()), before);
  assert.equal((await wakeAlarm())?.scheduledTime, DUE);
  assert.equal(await ext.swEval(() => mailseqTest.now()), FROZEN);
});

test('an alarm lost with the browser is armed again at start', async () => {
  await ext.swEval(() => chrome.alarms.clearAll());
  await ext.stopServiceWorker();
  await ext.wake();
  assert.equal((await wakeAlarm())?.scheduledTime, DUE);
});
