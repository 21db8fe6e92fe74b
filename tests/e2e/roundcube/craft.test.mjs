// Issue 6 end to end on the real Roundcube testbed: a 3-row CSV with one bad row is imported
// through the options page, the two good rows are enrolled, their first emails go out in new
// threads through Roundcube, paced (two ticks separated by the gap), and the side panel shows
// each with its A/B version and step. alice's mailbox becomes known to mailseq the way a user
// makes it known: by one enrollment from Roundcube's compose window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, withTimeout } from '../harness.mjs';
import * as rc from './rc.mjs';

const TAG = `Craft ${Date.now()}`;
const GAP_S = 120;
/** First email and the first follow-up each have a version B; the text says which went out. */
const CRAFT = Object.freeze({
  name: 'Craft bulk',
  window: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00', timeZone: 'Europe/Berlin' },
  limits: { dailyCap: 50, minGapSeconds: GAP_S },
  firstEmail: {
    subject: `${TAG} for {{company|your team}}`,
    body: 'Hi {{first_name|there}}, this is version A of my first note.',
    variants: [{ body: 'Hello {{first_name|there}}, this is version B of my first note.' }],
  },
  steps: [
    { kind: 'email', thread: 'same', delay: { businessDays: 2 }, body: 'Version A: following up.', variants: [{ body: 'Version B: following up.' }] },
    { kind: 'task', channel: 'call', delay: { days: 1 }, note: 'Call them' },
    { kind: 'email', thread: 'same', delay: { businessDays: 2 }, body: 'Should I close the loop on this?' },
  ],
});

let ext;
let craftId;
let enrolled = [];

before(async () => {
  rc.resetTestbed();
  ext = await launch();
  await ext.ready();
  await ext.swEval((t) => mailseqTest.setNow(t), rc.MONDAY_0930_BERLIN);
  craftId = await ext.swEval((s) => mailseqTest.createSequence(s), CRAFT);
  await rc.login(ext.context, 'alice');
});
after(async () => {
  await ext?.close();
});

const until = (page, fn, what, arg, ms = 30_000) =>
  withTimeout(page.waitForFunction(fn, arg, { polling: 100, timeout: ms }), ms + 1000, what);

test('1. alice’s mailbox is learned from one enrollment in the compose window', async () => {
  const introId = await ext.swEval((s) => mailseqTest.createSequence(s), rc.SEQUENCE);
  const e = await rc.enrollByCompose(ext, {
    to: 'Bob Prospect <bob@mail.test>',
    subject: `Intro ${TAG}`,
    body: 'Hello Bob, a short intro from Alice.',
    sequenceId: introId,
  });
  assert.equal(e.status, 'active');
});

test('2. a 3-row CSV with one bad row: preview, then the two good rows are enrolled', async () => {
  const options = await ext.openOptions();
  const csv = ['email,first name,company', 'bob@mail.test,Bob,Acme', 'not-an-address,Nobody,Nowhere', 'alice@mail.test,Alice,Example'].join('\n');
  await options.locator('[data-field="prospects.sequence"]').selectOption(craftId);
  await options.locator('[data-field="prospects.csv"]').setInputFiles({ name: 'three.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await until(options, () => document.querySelector('#import-preview .import-summary'), 'preview');
  assert.equal((await options.locator('.import-summary li').first().innerText()).trim(), '3 rows read: 2 good, 1 with a problem.');
  const bad = options.locator('#import-preview [data-problem]');
  assert.equal(await bad.count(), 1);
  assert.equal(await bad.getAttribute('data-row'), '3');
  assert.match(await bad.innerText(), /not-an-address.*not a valid email address/);
  // The mailbox the compose enrollment taught mailseq, with alice's identity.
  const account = options.locator('[data-field="prospects.account"] option');
  assert.equal(await account.count(), 1);
  assert.match(await account.innerText(), /alice@mail\.test .*Roundcube/);
  assert.match(await options.locator('[data-field="prospects.identity"] option').first().innerText(), /alice@mail\.test/);

  const before = (await ext.swEval(() => mailseqTest.state())).enrollments;
  await options.getByRole('button', { name: 'Enroll 2 good rows' }).click();
  await until(options, () => /^Enrolled 2 prospects/.test(document.querySelector('#import-status')?.textContent ?? ''), 'enrolled');
  enrolled = (await rc.newEnrollments(ext, before, 2)).filter((e) => e.sequenceId === craftId);
  assert.equal(enrolled.length, 2);
  assert.deepEqual(enrolled.map((e) => e.recipients[0].email).sort(), ['alice@mail.test', 'bob@mail.test']);
  for (const e of enrolled) {
    assert.equal(e.status, 'active');
    assert.equal(e.stepIndex, 0);
    assert.ok(e.nextDue, 'the first email is scheduled');
    assert.deepEqual(e.history.map((h) => h.event), ['enrolled']);
  }
  // Upcoming in the side panel: each as its first email.
  const panel = await ext.openSidePanel();
  for (const e of enrolled) {
    const item = panel.locator(`[data-mailseq-upcoming="${e.id}"]`);
    await withTimeout(item.waitFor(), 30_000, `upcoming ${e.id}`);
    assert.match(await item.innerText(), /first email · version [AB]/);
  }
  await panel.close();
  await options.close();
});

/** Which version of the first email a received message is, from its text. */
const versionOf = (m) => (/version ([AB]) of my first note/.exec(m.body) ?? [])[1];

test('3. the first emails go out in new threads, paced: one per tick, the next after the gap', async () => {
  assert.equal(enrolled.length, 2, 'scenario 2 enrolled');
  const dues = enrolled.map((e) => Date.parse(e.nextDue)).sort((a, b) => a - b);
  await ext.swEval((t) => mailseqTest.setNow(t), dues[1] + 1000);
  const first = await rc.tick(ext);
  assert.deepEqual(first.errors, []);
  assert.equal(first.sent, 1, JSON.stringify(first));
  // Same instant: the gap holds the second one back.
  const held = await rc.tick(ext);
  assert.equal(held.sent, 0, JSON.stringify(held));
  await ext.swEval((ms) => mailseqTest.advance(ms), GAP_S * 1000);
  const second = await rc.tick(ext);
  assert.deepEqual(second.errors, []);
  assert.equal(second.sent, 1, JSON.stringify(second));

  for (const [who, company] of [['bob', 'Acme'], ['alice', 'Example']]) {
    const got = await rc.waitUntil(async () => {
      const all = (await rc.mailtool('messages', who)).filter((m) => m.subject === `${TAG} for ${company}`);
      return all.length ? all : null;
    }, `${who} got the first email`);
    assert.equal(got.length, 1, `${who}: exactly one first email`);
    assert.equal(got[0].inReplyTo ?? null, null, 'a new thread');
    assert.ok(versionOf(got[0]), got[0].body);
    assert.match(got[0].body, /unsubscribe/, 'the footer is below the text');
  }
  for (const e of enrolled) {
    const now = await rc.enrollment(ext, e.id);
    assert.equal(now.status, 'active');
    assert.equal(now.stepIndex, 0, 'the steps come after the first email');
    const sent = now.history.filter((h) => h.event === 'sent');
    assert.equal(sent.length, 1);
    assert.equal(sent[0].step, null, 'the first email is recorded as step null');
  }
  const times = (await Promise.all(enrolled.map((e) => rc.enrollment(ext, e.id))))
    .map((e) => Date.parse(e.history.find((h) => h.event === 'sent').at))
    .sort((a, b) => a - b);
  assert.ok(times[1] - times[0] >= GAP_S * 1000, `sent ${times[1] - times[0]} ms apart`);
});

test('4. the side panel shows each with its step and version', async () => {
  const panel = await ext.openSidePanel();
  for (const e of enrolled) {
    const who = e.recipients[0].email.split('@')[0];
    const [mail] = (await rc.mailtool('messages', who)).filter((m) => m.subject.startsWith(TAG));
    const { row } = await rc.panelWith(ext, e.id, 'active', panel);
    const text = await row.innerText();
    assert.match(text, /Craft bulk · step 1 of 3 · version [AB]/, text);
    await row.locator('summary').click();
    assert.match(await row.locator('ol.history').innerText(), new RegExp(`Sent the first email \\(version ${versionOf(mail)}\\)`));
    const version = await row.getAttribute('data-version');
    assert.match(text, new RegExp(`version ${version}`));
  }
  // The stats count both first emails.
  const stats = panel.locator(`.sequence-stats[data-mailseq-sequence="${craftId}"]`);
  assert.match(await stats.locator('tbody tr').first().innerText(), /First email\s+2/);
  await panel.close();
});
