// An out-of-office answer in the thread (RFC 3834 Auto-Submitted: auto-replied) is not a
// reply: the enrollment stays active, its history says `auto-reply`, and the follow-up
// still goes out when due.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { advanceToDue, connectGmail, enrollFromCompose, sequenceAndClock, startRig, USER } from './rig.mjs';

let rig;
before(async () => {
  rig = await startRig();
  (await connectGmail(rig)).page.close();
});
after(async () => {
  await rig?.close();
});

test('an out-of-office reply does not pause the enrollment', async () => {
  const seq = await sequenceAndClock(rig);
  const { sent: root, enrollment } = await enrollFromCompose(rig, seq);
  await rig.ctl('POST', '/control/deliver', {
    from: 'Dana Prospect <dana@prospect.test>',
    to: USER,
    subject: 'Automatic reply: Quick question about Q1',
    inReplyTo: root.messageId,
    threadId: root.threadId,
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
    text: 'I am out of the office until Monday.',
  });
  await rig.ext.swEval((ms) => mailseqTest.advance(ms), 60_000);
  const first = await rig.tick();
  assert.equal(first.paused, 0, JSON.stringify(first));
  let e = (await rig.state()).enrollments.find((x) => x.id === enrollment.id);
  assert.equal(e.status, 'active');
  assert.ok(e.history.some((h) => h.event === 'auto-reply'), JSON.stringify(e.history));

  await advanceToDue(rig, enrollment.id);
  const second = await rig.tick();
  assert.equal(second.sent, 1, JSON.stringify(second));
  e = (await rig.state()).enrollments.find((x) => x.id === enrollment.id);
  assert.equal(e.status, 'active');
  const sent = await rig.sent();
  assert.equal(sent.length, 1);
  assert.equal(sent[0].threadId, root.threadId);
  assert.deepEqual(await rig.violations(), []);
});
