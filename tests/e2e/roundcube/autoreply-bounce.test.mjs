// Issue 3 §4, scenarios 3 and 4: an out-of-office auto-reply does not pause the enrollment;
// a real bounce (Postfix's DSN from MAILER-DAEMON) sets `bounced`, suppresses the address,
// and the compose window then refuses to enroll it, saying why, before Send.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from '../harness.mjs';
import * as rc from './rc.mjs';

const STAMP = Date.now();
let ext;
let seqId;

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

test('3. an auto-reply (Auto-Submitted: auto-replied) does not pause the enrollment', async () => {
  const subject = `Out of office ${STAMP}`;
  const enr = await rc.enrollByCompose(ext, { to: 'Bob Prospect <bob@mail.test>', subject, body: 'Hello Bob.', sequenceId: seqId });
  await rc.waitUntil(() => rc.bobsMessages(subject).then((m) => m.length === 1), 'bob got it');
  const auto = await rc.mailtool('autoreply', '--from', 'bob', '--to', 'alice', '--subject-match', subject);
  assert.equal(auto.autoSubmitted, 'auto-replied');

  const report = await rc.tick(ext);
  assert.deepEqual(report.errors, []);
  const e = await rc.enrollment(ext, enr.id);
  assert.equal(e.status, 'active', JSON.stringify(e));
  assert.ok(e.history.some((h) => h.event === 'auto-reply'), JSON.stringify(e.history));

  // Still running: the follow-up goes out when due.
  await ext.swEval((t) => mailseqTest.setNow(t), Date.parse(e.nextDue) + 60_000);
  const r = await rc.tick(ext);
  assert.equal(r.sent, 1, JSON.stringify(r));
  await rc.waitUntil(() => rc.bobsMessages(subject).then((m) => m.length === 2), 'bob has the follow-up');
});

test('4. a bounce sets bounced and suppresses the address; enrolling it again is refused', async () => {
  // nobody@mail.test has no mailbox: Postfix accepts the send, then returns a real DSN to alice.
  const subject = `Hello nobody ${STAMP}`;
  await ext.swEval((t) => mailseqTest.setNow(t), rc.MONDAY_0930_BERLIN + 7 * 86_400_000);
  const enr = await rc.enrollByCompose(ext, { to: 'Nobody Here <nobody@mail.test>', subject, body: 'Hello?', sequenceId: seqId });
  const dsn = await rc.waitUntil(async () => {
    const inbox = await rc.mailtool('messages', 'alice');
    return inbox.find((m) => /MAILER-DAEMON/i.test(m.from ?? '') && m.contentType === 'multipart/report');
  }, "Postfix's bounce reached alice");
  assert.equal(dsn.autoSubmitted, 'auto-replied');

  const report = await rc.tick(ext);
  assert.deepEqual(report.errors, []);
  const e = await rc.enrollment(ext, enr.id);
  assert.equal(e.status, 'bounced', JSON.stringify(e));
  assert.equal(e.nextDue, null);
  assert.ok(e.history.some((h) => h.event === 'bounced'), JSON.stringify(e.history));
  await rc.panelWith(ext, enr.id, 'bounced');

  // Enrolling the suppressed address again: refused in the compose window before Send.
  const again = `Second try ${STAMP}`;
  const page = await rc.compose(ext.context, { to: 'nobody@mail.test', subject: again, body: 'Hello again?' });
  await page.click('[data-mailseq="enroll"]');
  await page.selectOption('select[data-mailseq="sequence-picker"]', seqId);
  const text = await rc.composeError(page);
  assert.match(text, /nobody@mail\.test/, text);
  assert.match(text, /bounce|suppress/i, text);

  // A send made anyway goes out as a plain email and is not enrolled.
  const { enrollments: before } = await ext.swEval(() => mailseqTest.state());
  await rc.send(page);
  await rc.waitUntil(async () => {
    const sent = await rc.mailtool('messages', 'alice', '--folder', 'Sent');
    return sent.some((m) => m.subject === again);
  }, 'the plain email is in Sent');
  await rc.tick(ext);
  const { enrollments: after } = await ext.swEval(() => mailseqTest.state());
  assert.equal(after.length, before.length, 'no enrollment for the refused send');
});
