// What Gmail's quota pays, measured by the double (Google's unit table per method):
// - a follow-up: the tick's sync, the pre-send re-read of the thread, and the send;
// - idle polling: however often the worker wakes (pollTick is a tick as the sync alarm runs
//   it, without the test's force), at most one history.list (2 units) per rolling minute.
// The figures are printed as test diagnostics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { advanceToDue, connectGmail, enrollFromCompose, sequenceAndClock, startRig } from './rig.mjs';

let rig;
before(async () => {
  rig = await startRig();
  (await connectGmail(rig)).page.close();
});
after(async () => {
  await rig?.close();
});

const units = async () => (await rig.units()).totalUnits;
const byMethod = async () => (await rig.units()).unitsByMethod;
const diff = (a, b) => Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - (a[k] ?? 0)]).filter(([, v]) => v));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('units per follow-up, and per idle minute', async (t) => {
  const seq = await sequenceAndClock(rig);
  const u0 = await units();
  const { enrollment } = await enrollFromCompose(rig, seq);
  const enrollCost = (await units()) - u0;
  t.diagnostic(`enrolling (finding the sent email over Undo Send): ${enrollCost} units`);

  // The first poll after enrolling reads the new SENT message once; take it out of the way.
  await rig.tick();
  await advanceToDue(rig, enrollment.id);
  const m1 = await byMethod();
  const u1 = await units();
  const report = await rig.tick();
  assert.equal(report.sent, 1, JSON.stringify(report));
  const perFollowUp = (await units()) - u1;
  const parts = diff(m1, await byMethod());
  t.diagnostic(`one follow-up: ${perFollowUp} units ${JSON.stringify(parts)}`);
  assert.deepEqual(parts, {
    'gmail.users.history.list': 2,
    'gmail.users.threads.get': 10,
    'gmail.users.messages.send': 100,
  });

  // Idle: wake the worker 20 times in a few seconds, as far more alarms than a minute has.
  // The forced ticks above spent this minute's poll, so none of these may call Gmail...
  const u2 = await units();
  for (let i = 0; i < 20; i++) await rig.ext.swEval(() => mailseqTest.pollTick());
  assert.equal((await units()) - u2, 0, 'the idle budget skips polls inside the minute');
  // ...and once the minute has rolled on, 20 more wake-ups cost one history.list: 2 units.
  await sleep(61_000);
  const u3 = await units();
  for (let i = 0; i < 20; i++) {
    await rig.ext.swEval(() => mailseqTest.pollTick());
    await sleep(250);
  }
  const idle = (await units()) - u3;
  t.diagnostic(`idle minute (20 wake-ups): ${idle} units`);
  assert.equal(idle, 2);
  assert.deepEqual(await rig.violations(), []);
});
