// The service worker is stopped right after Gmail accepted the follow-up and before mailseq
// wrote `sent`: the next tick finds the Message-ID among the sent mail and records the step
// as sent. Exactly one message reaches Gmail.
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

test('the worker stopped mid-send: exactly one send', async () => {
  const seq = await sequenceAndClock(rig);
  const { enrollment } = await enrollFromCompose(rig, seq);
  await advanceToDue(rig, enrollment.id);
  await rig.ext.swEval(() => mailseqTest.holdAt('after-http-send'));
  // This tick never finishes: the worker dies under it.
  rig.ext.sw.evaluate(() => mailseqTest.tick()).catch(() => {});
  await rig.ext.swEval(() => mailseqTest.reached('after-http-send'), undefined, 60_000);
  assert.equal((await rig.sent()).length, 1, 'Gmail has it');
  let e = (await rig.state()).enrollments.find((x) => x.id === enrollment.id);
  assert.equal(e.stepIndex, 0, 'not recorded yet');

  await rig.ext.stopServiceWorker();
  await rig.ext.wake();
  const report = await rig.tick();
  assert.deepEqual(report.errors, []);
  await rig.tick();
  const sent = await rig.sent();
  assert.equal(sent.length, 1, 'no second send');
  e = (await rig.state()).enrollments.find((x) => x.id === enrollment.id);
  assert.equal(e.stepIndex, 1);
  assert.deepEqual(e.history.filter((h) => h.event === 'sent').map((h) => h.step), [0]);
  assert.deepEqual(await rig.violations(), []);
});
