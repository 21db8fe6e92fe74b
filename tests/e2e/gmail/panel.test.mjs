// When Gmail's page has changed so that the control cannot be placed next to Send, mailseq
// still works: the side panel says the in-page button is unavailable and enrolls the thread
// open in Gmail (the user's sent email in it, found through the API).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { advanceToDue, connectGmail, sequenceAndClock, startRig, USER } from './rig.mjs';

let rig;
before(async () => {
  rig = await startRig();
  (await connectGmail(rig)).page.close();
});
after(async () => {
  await rig?.close();
});

/** The thread fixture showing `threadId`, plus a compose dialog whose Send group is gone. */
function brokenPage(threadId, subject) {
  const dialog = rig.fixture('compose-dialog.html');
  const start = dialog.indexOf('<div class="dw">');
  const end = dialog.lastIndexOf('</body>');
  const compose = dialog.slice(start, end).replace(/<div class="IZ">[\s\S]*?<\/div><\/div><\/div>/, '');
  return rig
    .fixture('thread.html')
    .replaceAll('19ac301617753a8b', threadId)
    .replace(/(<h2[^>]*>)[^<]*(<\/h2>)/, `$1${subject}$2`)
    .replace('</body>', `${compose}</body>`);
}

test('no Send button: the side panel says so and enrolls the open thread', async () => {
  const seq = await sequenceAndClock(rig);
  // Sent from Gmail itself, without mailseq's button.
  const root = await rig.ctl('POST', '/control/deliver', {
    from: `Alice Example <${USER}>`,
    to: 'Kim Lead <kim@lead.test>',
    subject: 'Partnership idea',
    text: 'Hi Kim, a thought about working together.',
  });
  rig.page('thread-open.html', brokenPage(root.threadId, 'Partnership idea'));
  const gmail = await rig.ext.context.newPage();
  await gmail.goto('https://mail.google.com/mail/u/0/thread-open.html');
  assert.equal(await gmail.$('[data-mailseq="enroll"]'), null);

  const panel = await rig.ext.openSidePanel();
  await panel.waitForSelector('[data-mailseq="control-unavailable"]', { timeout: 20_000 });
  assert.match(await panel.textContent('[data-mailseq="gmail-page"]'), /Open in Gmail: Partnership idea/);
  await panel.selectOption('[data-mailseq="panel-sequence-picker"]', seq);
  await panel.click('[data-mailseq="enroll-open-thread"]');
  await panel.waitForSelector('[data-mailseq-enrollment]', { timeout: 20_000 });

  const [e] = (await rig.state()).enrollments;
  assert.equal(e.status, 'active');
  assert.deepEqual(e.recipients, [{ email: 'kim@lead.test', name: 'Kim Lead' }]);
  await advanceToDue(rig, e.id);
  assert.equal((await rig.tick()).sent, 1);
  const [f] = await rig.sent();
  assert.equal(f.threadId, root.threadId);
  assert.equal(f.joinedThread, true);
  assert.deepEqual(f.inReplyTo, [root.messageId]);
  assert.deepEqual(await rig.violations(), []);
  await panel.close();
  await gmail.close();
});
