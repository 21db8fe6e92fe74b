// Issue 3 §4, scenarios 5, 6 and 7: the send protocol's races on the real Roundcube, made
// deterministic with the test build's checkpoint holds (mailseqTest.holdAt / reached /
// release): a reply that lands between the tick's decision and the send, a service worker
// stopped right after the `sending` record and right after the HTTP send, and two Roundcube
// tabs open on the thread.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from '../harness.mjs';
import * as rc from './rc.mjs';

const STAMP = Date.now();
let ext;
let day = 0;

before(async () => {
  rc.resetTestbed();
  ext = await launch();
  await ext.ready();
  await rc.login(ext.context, 'alice');
});
after(async () => {
  await ext?.close();
});

/**
 * A new enrollment of bob (in a sequence of its own: the earlier ones may still hold him),
 * made a week after the previous one, and the clock moved past its due time.
 */
async function enrolledAndDue(subject) {
  await ext.swEval((t) => mailseqTest.setNow(t), rc.MONDAY_0930_BERLIN + 7 * 86_400_000 * day++);
  const seqId = await rc.newSequence(ext, subject);
  const enr = await rc.enrollByCompose(ext, { to: 'Bob Prospect <bob@mail.test>', subject, body: `About ${subject}.`, sequenceId: seqId });
  await rc.waitUntil(() => rc.bobsMessages(subject).then((m) => m.length === 1), 'bob got the enrolling email');
  await ext.swEval((t) => mailseqTest.setNow(t), Date.parse(enr.nextDue) + 60_000);
  return enr;
}

/**
 * Starts a tick that will stop at `point` and resolves once it is there, with `{ running }`:
 * the tick's own promise, boxed so that awaiting this does not wait for the held tick.
 */
async function tickHeldAt(point) {
  await ext.swEval((p) => mailseqTest.holdAt(p), point);
  const running = rc.tick(ext, 180_000).then(
    (report) => ({ report }),
    (error) => ({ error }),
  );
  await ext.swEval((p) => mailseqTest.reached(p), point, 90_000);
  return { running };
}

const sentSteps = (e) => e.history.filter((h) => h.event === 'sent').map((h) => h.step);

test('5. a reply landing after the tick decided but before the send: paused, nothing sent', async () => {
  const subject = `Race reply ${STAMP}`;
  const enr = await enrolledAndDue(subject);
  const { running } = await tickHeldAt('before-presend-check');
  await rc.mailtool('reply', '--from', 'bob', '--to', 'alice', '--subject-match', subject);
  const count = await rc.mailtool('count', 'bob');
  await ext.swEval((p) => mailseqTest.release(p), 'before-presend-check');
  const { report, error } = await running;
  assert.equal(error, undefined);
  assert.equal(report.sent, 0, JSON.stringify(report));
  const e = await rc.enrollment(ext, enr.id);
  assert.equal(e.status, 'replied', JSON.stringify(e));
  assert.deepEqual(sentSteps(e), []);
  assert.equal(await rc.mailtool('count', 'bob'), count, 'nothing reached bob');
  assert.equal((await rc.bobsMessages(subject)).length, 1);
});

for (const point of ['after-sending-record', 'after-http-send']) {
  test(`6. the service worker stops right ${point.replace(/-/g, ' ')}: after restart, bob has one copy`, async () => {
    const subject = `Restart ${point} ${STAMP}`;
    const enr = await enrolledAndDue(subject);
    await tickHeldAt(point); // that tick dies with the worker: its promise is left alone
    await ext.stopServiceWorker();
    await ext.wake();

    const report = await rc.tick(ext);
    assert.deepEqual(report.errors, []);
    // One more tick: the step must not go out again.
    await rc.tick(ext);
    const copies = await rc.waitUntil(async () => {
      const all = await rc.bobsMessages(subject);
      return all.length >= 2 ? all : null;
    }, 'the follow-up reached bob');
    assert.equal(copies.filter((m) => m.subject === `Re: ${subject}`).length, 1, JSON.stringify(copies.map((m) => m.messageId)));
    assert.equal(copies.length, 2);
    const e = await rc.enrollment(ext, enr.id);
    assert.deepEqual(sentSteps(e), [0], JSON.stringify(e.history));
    assert.equal(e.stepIndex, 1);
  });
}

test('7. two Roundcube tabs open on the thread: exactly one follow-up', async () => {
  const subject = `Two tabs ${STAMP}`;
  const enr = await enrolledAndDue(subject);
  const tabs = [];
  for (let i = 0; i < 2; i++) {
    const tab = await ext.context.newPage();
    const rows = await rc.threadRows(tab, 'Sent');
    const mine = rows.find((r) => r.subject === subject);
    assert.ok(mine, JSON.stringify(rows));
    await tab.goto(`${rc.RC}/?_task=mail&_action=show&_uid=${mine.uid}&_mbox=Sent`);
    tabs.push(tab);
  }
  // Two ticks at once (the alarm and a manual check, say): they run one after the other.
  const reports = await Promise.all([rc.tick(ext), rc.tick(ext)]);
  assert.equal(reports[0].sent + reports[1].sent, 1, JSON.stringify(reports));
  for (const tab of tabs) await tab.reload();
  await rc.tick(ext);
  const copies = await rc.waitUntil(async () => {
    const all = await rc.bobsMessages(subject);
    return all.length >= 2 ? all : null;
  }, 'the follow-up reached bob');
  assert.equal(copies.length, 2, JSON.stringify(copies.map((m) => m.subject)));
  assert.deepEqual(sentSteps(await rc.enrollment(ext, enr.id)), [0]);
  for (const tab of tabs) await tab.close();
});
