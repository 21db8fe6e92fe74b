// Issue 3 §4, scenarios 1 and 2, on the real Roundcube testbed: alice enrolls bob from
// Roundcube's compose window, the first follow-up goes out in the thread at the due time,
// then bob's reply pauses the enrollment within one sync and nothing more is sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from '../harness.mjs';
import * as rc from './rc.mjs';

const TAG = `Intro ${Date.now()}`;
let ext;
let seqId;
let enr;
let first; // alice's enrolling email as bob received it

before(async () => {
  rc.resetTestbed();
  ext = await launch();
  await ext.ready();
  await ext.swEval((t) => mailseqTest.setNow(t), rc.MONDAY_0930_BERLIN);
  seqId = await ext.swEval((s) => mailseqTest.createSequence(s), rc.SEQUENCE);
  await rc.login(ext.context, 'alice');
});
after(async () => {
  await ext?.close();
});

test('1. enrolled from the compose window; the follow-up goes out in the thread when due', async () => {
  enr = await rc.enrollByCompose(ext, {
    to: 'Bob Prospect <bob@mail.test>',
    subject: TAG,
    body: 'Hello Bob, a short intro from Alice.',
    sequenceId: seqId,
  });
  assert.equal(enr.status, 'active');
  assert.equal(enr.sequenceId, seqId);
  assert.deepEqual(enr.recipients, [{ email: 'bob@mail.test', name: 'Bob Prospect' }]);
  assert.equal(enr.stepIndex, 0);
  // Monday 09:30 Berlin + 2 business days = Wednesday 09:30 Berlin, plus the engine's send-time
  // jitter, which stays inside that day's window (closes 17:00 Berlin = 16:00Z).
  const due = Date.parse(enr.nextDue);
  assert.ok(due >= Date.UTC(2026, 11, 2, 8, 30) && due < Date.UTC(2026, 11, 2, 16, 0), enr.nextDue);

  const { row } = await rc.panelWith(ext, enr.id, 'active');
  const shown = await row.locator('[data-mailseq="due"]').getAttribute('datetime');
  assert.equal(Date.parse(shown), due, `panel due ${shown}`);

  [first] = await rc.waitUntil(() => rc.bobsMessages(TAG), 'bob got the enrolling email');
  assert.equal(first.subject, TAG);

  await ext.swEval((t) => mailseqTest.setNow(t), due + 60_000);
  const report = await rc.tick(ext);
  assert.deepEqual(report.errors, []);
  assert.equal(report.sent, 1, JSON.stringify(report));

  const got = await rc.waitUntil(async () => {
    const all = await rc.bobsMessages(TAG);
    return all.length === 2 ? all : null;
  }, 'bob has the follow-up');
  const follow = got.find((m) => m.messageId !== first.messageId);
  assert.equal(follow.inReplyTo, first.messageId);
  assert.ok(follow.references.includes(first.messageId), follow.references);
  assert.equal(follow.subject, `Re: ${TAG}`);
  // The deterministic Message-ID of (enrollment, step 0), chosen through Roundcube's
  // undocumented compose-URL `_message-id` (pinned natively in
  // tests/roundcube_testbed/headers_pin.rs; here end to end through the extension).
  assert.equal(follow.messageId, `<mseq.${enr.id}.0@mail.test>`);
  assert.match(follow.body, /^Hi Bob, following up on my note below\./);
  assert.match(follow.body, /> Hello Bob, a short intro from Alice\./, 'quotes the enrolling email');

  const after1 = await rc.enrollment(ext, enr.id);
  assert.equal(after1.status, 'active');
  assert.equal(after1.stepIndex, 1);
  assert.deepEqual(after1.history.filter((h) => h.event === 'sent').map((h) => h.step), [0]);

  // The same thread in alice's Roundcube: the conversation view (Virtual/All, thread mode)
  // lists the follow-up under the first message.
  const page = await ext.context.newPage();
  const rows = await rc.threadRows(page);
  const root = rows.find((r) => r.subject === TAG);
  const child = rows.find((r) => r.subject === `Re: ${TAG}`);
  assert.ok(root && child, JSON.stringify(rows));
  assert.equal(child.parentUid, root.uid, JSON.stringify(rows));
  await page.close();
});

test('2. bob replies: replied within one sync, and advancing past every step sends nothing', async () => {
  assert.ok(enr, 'scenario 1 enrolled');
  await rc.mailtool('reply', '--from', 'bob', '--to', 'alice', '--subject-match', TAG);
  const report = await rc.tick(ext);
  assert.deepEqual(report.errors, []);
  const e = await rc.enrollment(ext, enr.id);
  assert.equal(e.status, 'replied', JSON.stringify(e));
  assert.equal(e.nextDue, null);
  assert.ok(e.history.some((h) => h.event === 'replied'), JSON.stringify(e.history));
  await rc.panelWith(ext, enr.id, 'replied');

  const count = await rc.mailtool('count', 'bob');
  for (const days of [4, 30]) {
    await ext.swEval((t) => mailseqTest.setNow(t), rc.MONDAY_0930_BERLIN + days * 86_400_000);
    const r = await rc.tick(ext);
    assert.equal(r.sent, 0, JSON.stringify(r));
  }
  assert.equal(await rc.mailtool('count', 'bob'), count, "bob's message count is unchanged");
  const last = await rc.enrollment(ext, enr.id);
  assert.equal(last.status, 'replied');
  assert.equal(last.history.filter((h) => h.event === 'sent').length, 1);
});
