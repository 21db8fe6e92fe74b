// Gmail end to end, in real Chromium against the API double under Google's hostnames:
// connect in the options page (launchWebAuthFlow, implicit flow), enroll from the compose
// dialog fixture, the follow-up goes out in the thread with the threading headers, and a
// reply that arrives through history pauses the enrollment as `replied`. Every request and
// answer is checked by the double against Google's discovery document.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { advanceToDue, connectGmail, DAY, enrollFromCompose, sequenceAndClock, startRig, USER } from './rig.mjs';

let rig;
before(async () => {
  rig = await startRig();
});
after(async () => {
  await rig?.close();
});

const ACCOUNT_KEY = `acct:gmail:https://mail.google.com/mail/u/0:${USER}`;

test('Connect Gmail: the account for /u/0 with its address; the token only in storage.session', async () => {
  const { page, text } = await connectGmail(rig);
  assert.match(text, /Connected alice@gmail\.test for \/u\/0\./);
  // sendAs.list answers 403 under gmail.send + gmail.metadata: the page says what to do.
  assert.match(text, /does not let mailseq list your aliases/);
  await page.waitForSelector('[data-gmail-account="alice@gmail.test"][data-session="connected"]');
  await page.close();

  const local = await rig.ext.swEval(() => chrome.storage.local.get(null));
  const session = await rig.ext.swEval(() => chrome.storage.session.get(null));
  const grant = session[`gmailToken:${USER}`];
  assert.match(grant.accessToken, /^ya29\./);
  assert.ok(grant.expiresAt > Date.now() + 30 * 60 * 1000);
  const localText = JSON.stringify(local);
  assert.ok(!localText.includes(grant.accessToken), 'the token is not in storage.local');
  assert.doesNotMatch(localText, /ya29\.|accessToken|access_token|refreshToken|gmailToken/);
  // Records are stored as their JSON text (layout v3).
  const account = JSON.parse(local[ACCOUNT_KEY]);
  assert.equal(account.user, USER);
  assert.equal(account.provider, 'gmail');
  assert.match(account.cursor, /^\d+$/, 'sync starts at the mailbox history id');
  assert.equal(JSON.parse(local.settings).gmailClientId, 'e2e-client.apps.googleusercontent.com');

  // What the double saw: the implicit flow with both scopes, then profile + sendAs.
  const auth = await rig.ctl('GET', '/control/auth-log');
  assert.equal(auth.at(-1).params.response_type, 'token');
  assert.deepEqual(auth.at(-1).params.scope.split(' ').sort(), [
    'https://www.googleapis.com/auth/gmail.metadata',
    'https://www.googleapis.com/auth/gmail.send',
  ]);
  const calls = (await rig.units()).requests.map((r) => `${r.methodId} ${r.status}`);
  assert.deepEqual(calls, ['gmail.users.getProfile 200', 'gmail.users.settings.sendAs.list 403']);
});

test('enroll from the compose dialog: one enrollment, active, with the To recipients', async () => {
  const seq = await sequenceAndClock(rig);
  const { sent, enrollment, notice } = await enrollFromCompose(rig, seq);
  assert.match(notice, /enrolled in Gmail intro/);
  assert.equal(enrollment.sequenceId, seq);
  assert.equal(enrollment.status, 'active');
  assert.deepEqual(enrollment.recipients, [
    { email: 'dana@prospect.test', name: 'Dana Prospect' },
    { email: 'lee@prospect.test', name: '' },
  ]);
  assert.equal(enrollment.stepIndex, 0);
  const due = Date.parse(enrollment.nextDue) - Date.parse('2026-12-01T10:00:00Z');
  assert.ok(due >= 0 && due <= 5 * 60 * 1000, `a day later, plus at most 5 min of jitter: ${enrollment.nextDue}`);
  rig.root = sent;
  rig.enrollment = enrollment.id;
});

test('the follow-up goes out in the thread, as a reply to the enrolling email', async () => {
  await advanceToDue(rig, rig.enrollment);
  const report = await rig.tick();
  assert.deepEqual(report, { sent: 1, paused: 0, waiting: 0, errors: [] });
  const sent = await rig.sent();
  assert.equal(sent.length, 1);
  const f = sent[0];
  assert.equal(f.requestedThreadId, rig.root.threadId);
  assert.equal(f.threadId, rig.root.threadId);
  assert.equal(f.joinedThread, true, f.threadingRejected);
  assert.equal(f.fromRewritten, false);
  assert.equal(f.from.address, USER);
  assert.deepEqual(f.to.map((t) => t.address), ['dana@prospect.test', 'lee@prospect.test']);
  assert.equal(f.subject, 'Re: Quick question about Q1');
  assert.deepEqual(f.inReplyTo, [rig.root.messageId]);
  assert.deepEqual(f.references, [rig.root.messageId]);
  assert.match(f.messageId, new RegExp(`^<mseq\\.${rig.enrollment}\\.0@`));
  assert.match(f.text, /^Hi Dana, following up on my note below\./);
  assert.match(f.text, /would a short call next week work\?/, 'the enrolling email is quoted');
  const state = await rig.state();
  const e = state.enrollments.find((x) => x.id === rig.enrollment);
  assert.equal(e.stepIndex, 1);
  assert.deepEqual(e.history.filter((h) => h.event === 'sent').map((h) => h.step), [0]);
  rig.followUp = f;
});

test('a reply that arrives through history pauses the enrollment: replied', async () => {
  await rig.ctl('POST', '/control/deliver', {
    from: 'Dana Prospect <dana@prospect.test>',
    to: USER,
    subject: 'Re: Quick question about Q1',
    inReplyTo: rig.followUp.messageId,
    references: `${rig.root.messageId} ${rig.followUp.messageId}`,
    text: 'Sounds good, call me Tuesday.',
  });
  await rig.ext.swEval((ms) => mailseqTest.advance(ms), 60_000);
  const report = await rig.tick();
  assert.equal(report.paused, 1, JSON.stringify(report));
  const e = (await rig.state()).enrollments.find((x) => x.id === rig.enrollment);
  assert.equal(e.status, 'replied');
  assert.ok(e.history.some((h) => h.event === 'replied'));
  // Nothing more goes out, even when the next step falls due.
  await rig.ext.swEval((ms) => mailseqTest.advance(ms), 3 * DAY);
  await rig.tick();
  assert.equal((await rig.sent()).length, 1);
  const calls = (await rig.units()).requests.map((r) => r.methodId);
  assert.ok(calls.includes('gmail.users.history.list'), 'found through history');
});

test('no request or answer broke Google\'s discovery schema', async () => {
  assert.deepEqual(await rig.violations(), []);
  const unknown = await rig.ctl('GET', '/control/unknown');
  assert.deepEqual(unknown.filter((u) => u.host === 'gmail.googleapis.com'), []);
});
