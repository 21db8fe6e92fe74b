// Start-up from storage: unreadable records are reported and left alone; data from a newer
// version makes the extension read-only, and nothing is overwritten.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './harness.mjs';

const SEQ = {
  name: 'Intro',
  window: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00', timeZone: 'America/New_York' },
  steps: [{ kind: 'task', channel: 'call', delay: { days: 1 } }],
};

let ext;
beforeEach(async () => {
  ext = await launch();
  await ext.ready();
});
afterEach(async () => {
  await ext?.close();
});

const storage = () => ext.swEval(() => chrome.storage.local.get(null));
const put = (items) => ext.swEval((i) => chrome.storage.local.set(i), items);
const restart = async () => {
  await ext.stopServiceWorker();
  await ext.wake();
};

test('an unreadable record is left untouched and the rest still loads', async () => {
  const id = await ext.swEval((s) => mailseqTest.createSequence(s), SEQ);
  await put({ 'seq:broken': { id: 'broken', spec: 42 } });
  await restart();
  const state = await ext.swEval(() => mailseqTest.state());
  assert.deepEqual(state.sequences.map(({ id, name }) => ({ id, name })), [{ id, name: 'Intro' }]);
  await ext.swEval((s) => mailseqTest.createSequence(s), { ...SEQ, name: 'Second' });
  assert.deepEqual((await storage())['seq:broken'], { id: 'broken', spec: 42 });
});

test('data from a newer version makes the extension read-only', async () => {
  const id = await ext.swEval((s) => mailseqTest.createSequence(s), SEQ);
  await put({ meta: { schemaVersion: 9999 } });
  await restart();
  const before = await storage();
  const err = await ext.swEval((s) =>
    mailseqTest.createSequence(s).then(() => null, (e) => e.message), { ...SEQ, name: 'Blocked' });
  assert.match(err, /newer/);
  assert.deepEqual(await storage(), before, 'nothing was written');
  const state = await ext.swEval(() => mailseqTest.state());
  assert.deepEqual(state.sequences.map(({ id, name }) => ({ id, name })), [{ id, name: 'Intro' }], 'still readable');
  assert.equal(await ext.swEval(() => chrome.action.getBadgeText({})), '!');
  assert.match(await ext.swEval(() => chrome.action.getTitle({})), /newer/);
});

test('messages are checked: unknown types are refused with a sentence', async () => {
  const page = await ext.openOptions();
  const answer = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'launchMissiles' }));
  assert.equal(answer.type, 'error');
  assert.match(answer.message, /launchMissiles/);
  await page.close();
});
