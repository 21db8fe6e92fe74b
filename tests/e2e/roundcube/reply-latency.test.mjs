// Reply detection in real time, through its two passive layers (DESIGN.md "Reply detection"),
// each measured:
// - thread closed: no Roundcube page shows the reply; the clock runs free and the periodic
//   sync alarm (one minute) must find it by itself, with no tick from the test;
// - thread open: the clock is frozen (so alarms do nothing) and only the content script's
//   report of the message alice opens (ThreadOpened, layer 2) can find it.
// The figures are printed as test diagnostics ("reply -> replied"); bounds are generous on
// purpose: a test waits for a condition, it does not time the machine.
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
  seqId = await ext.swEval((s) => mailseqTest.createSequence(s), rc.SEQUENCE);
});
after(async () => {
  await ext?.close();
});

async function enrolledWithReply(subject) {
  const tab = await rc.login(ext.context, 'alice');
  const enr = await rc.enrollByCompose(ext, { to: 'Bob Prospect <bob@mail.test>', subject, body: 'Hello Bob.', sequenceId: seqId });
  await rc.waitUntil(() => rc.bobsMessages(subject).then((m) => m.length === 1), 'bob got it');
  await tab.close();
  assert.equal(ext.context.pages().filter((p) => p.url().startsWith(rc.RC)).length, 0, 'no Roundcube page open');
  // mailtool returns once the reply is in alice's INBOX.
  await rc.mailtool('reply', '--from', 'bob', '--to', 'alice', '--subject-match', subject);
  return { enr, delivered: Date.now() };
}

test('thread closed: the periodic sync finds the reply by itself (real clock, no tick)', async (t) => {
  const { enr, delivered } = await enrolledWithReply(`Closed thread ${STAMP}`);
  assert.equal((await rc.enrollment(ext, enr.id)).status, 'active');
  await rc.waitForStatus(ext, enr.id, 'replied', 180_000);
  t.diagnostic(`reply -> replied, thread closed (next periodic sync): ${((Date.now() - delivered) / 1000).toFixed(1)} s`);
});

test('thread open: opening the reply in Roundcube marks the enrollment replied (layer 2, no sync)', async (t) => {
  // Frozen from here on: alarms do nothing, and the test ticks never; only the page reports.
  await ext.swEval(() => mailseqTest.setNow(Date.now()));
  const subject = `Open thread ${STAMP}`;
  const { enr, delivered } = await enrolledWithReply(subject);
  const page = await ext.context.newPage();
  const rows = await rc.threadRows(page, 'INBOX');
  const reply = rows.find((r) => r.subject === `Re: ${subject}`);
  assert.ok(reply, JSON.stringify(rows));
  assert.equal((await rc.enrollment(ext, enr.id)).status, 'active', 'nothing found it before the page did');
  const opened = Date.now();
  await page.goto(`${rc.RC}/?_task=mail&_action=show&_uid=${reply.uid}&_mbox=INBOX`);
  await rc.waitForStatus(ext, enr.id, 'replied', 60_000);
  const now = Date.now();
  t.diagnostic(
    `reply -> replied, thread open (ThreadOpened): ${((now - opened) / 1000).toFixed(2)} s from opening the message` +
      ` (${((now - delivered) / 1000).toFixed(1)} s from delivery, including the test finding the row)`,
  );
  await page.close();
});
