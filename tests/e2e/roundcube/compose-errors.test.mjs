// Bad input in Roundcube's compose window gets a clear sentence in the page, before Send
// (contract: [data-mailseq="error"][role="alert"]), not a console error: a recipient address
// that is not valid, and a template variable the recipient has no value for. Fixing the input
// clears the message, and the email is then enrolled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from '../harness.mjs';
import * as rc from './rc.mjs';

const STAMP = Date.now();
let ext;
let seqId;
let strictId; // a sequence whose template needs first_name, with no fallback
const pageErrors = [];
const workerErrors = [];

before(async () => {
  rc.resetTestbed();
  ext = await launch();
  await ext.ready();
  ext.sw.on('console', (m) => m.type() === 'error' && workerErrors.push(m.text()));
  ext.context.on('page', (p) => {
    p.on('console', (m) => m.type() === 'error' && pageErrors.push(`${p.url()}: ${m.text()}`));
    p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`));
  });
  await ext.swEval((t) => mailseqTest.setNow(t), rc.MONDAY_0930_BERLIN);
  seqId = await ext.swEval((s) => mailseqTest.createSequence(s), rc.SEQUENCE);
  strictId = await ext.swEval(
    (s) => mailseqTest.createSequence(s),
    { ...rc.SEQUENCE, name: 'Needs a first name', steps: [{ kind: 'email', thread: 'same', delay: { days: 1 }, body: 'Hi {{first_name}}, any news?' }] },
  );
  await rc.login(ext.context, 'alice');
});
after(async () => {
  await ext?.close();
});

const hidden = (page) => page.locator('[data-mailseq="error"]').evaluate((e) => e.hidden);

test('an invalid recipient address is refused in the compose window before Send', async (t) => {
  const page = await rc.compose(ext.context, { to: 'bob.mail.test', subject: `Bad address ${STAMP}`, body: 'Hello.' });
  await page.click('[data-mailseq="enroll"]');
  await page.selectOption('select[data-mailseq="sequence-picker"]', seqId);
  const text = await rc.composeError(page);
  assert.match(text, /bob\.mail\.test/, text);
  assert.match(text, /valid|address/i, text);
  t.diagnostic(`compose: ${text}`);
  await page.close();
});

test('a template variable the recipient lacks is refused before Send; a name fixes it', async (t) => {
  const subject = `No name ${STAMP}`;
  const page = await rc.compose(ext.context, { to: 'bob@mail.test', subject, body: 'Hello.' });
  await page.click('[data-mailseq="enroll"]');
  await page.selectOption('select[data-mailseq="sequence-picker"]', strictId);
  const text = await rc.composeError(page);
  assert.match(text, /first_name/, text);
  assert.match(text, /bob@mail\.test/, text);
  t.diagnostic(`compose: ${text}`);

  // Replace the bare address with a named one: the message goes, the enrollment is made.
  await page.click('#compose_to li.recipient a.remove');
  await rc.typeRecipients(page, 'Bob Prospect <bob@mail.test>');
  await page.waitForFunction(() => document.querySelector('[data-mailseq="error"]').hidden, null, { timeout: 15_000 });
  assert.equal(await hidden(page), true);
  const { enrollments: before } = await ext.swEval(() => mailseqTest.state());
  await rc.send(page);
  const [enr] = await rc.newEnrollments(ext, before);
  assert.equal(enr.sequenceId, strictId);
  assert.deepEqual(enr.recipients, [{ email: 'bob@mail.test', name: 'Bob Prospect' }]);
});

test('none of it reached the console as an error', () => {
  const ours = [...pageErrors, ...ext.consoleErrors].filter((m) => /mailseq|chrome-extension:/.test(m));
  assert.deepEqual(ours, []);
  assert.deepEqual(workerErrors, []);
});
