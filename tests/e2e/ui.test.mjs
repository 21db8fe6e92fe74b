// The extension pages through their UI only: a sequence created in the options page (not the
// hook) is listed in the side panel and returned by state(); the panel follows storage live
// and shows times from the engine's (frozen) clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, withTimeout } from './harness.mjs';

const SHOTS = process.env.MAILSEQ_SCREENSHOTS; // a directory, to look at the pages
let ext;
before(async () => {
  ext = await launch();
  await ext.ready();
});
after(async () => {
  await ext?.close();
});

const until = (page, fn, what, arg) =>
  withTimeout(page.waitForFunction(fn, arg, { polling: 50 }), 10_000, what);

test('a sequence created through the options page is listed in the side panel', async () => {
  await ext.swEval((t) => mailseqTest.setNow(t), Date.UTC(2026, 10, 27, 9, 0, 0));
  const panel = await ext.openSidePanel();
  await until(panel, () => document.querySelector('#content section'), 'side panel rendered');
  assert.match(await panel.locator('#content').innerText(), /No sequences yet/);

  const options = await ext.openOptions();
  await options.getByRole('button', { name: 'New sequence' }).click();
  await options.getByLabel('Name').fill('Intro from the UI');
  await options.locator('[data-field="window.timeZone"]').selectOption('Europe/Berlin');
  await options.getByRole('button', { name: 'Add a step' }).click();
  await options.locator('[data-field="steps[1].kind"]').selectOption('task-call');
  await options.locator('[data-field="steps[1].note"]').fill('Call them');
  await until(options, () => document.querySelector('#preview ol.preview li'), 'schedule preview');
  const preview = await options.locator('#preview time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
  assert.equal(preview.length, 2, 'one preview date per step');
  // Friday 10:00 Berlin + 2 business days lands on Tuesday inside the window.
  assert.match(preview[0], /^2026-12-01T/);
  if (SHOTS) await options.screenshot({ path: `${SHOTS}/options-editor.png`, fullPage: true });
  await options.getByRole('button', { name: 'Create sequence' }).click();
  await until(options, () => /Saved/.test(document.querySelector('#status')?.textContent ?? ''), 'saved');

  const state = await ext.swEval(() => mailseqTest.state());
  const made = state.sequences.find((s) => s.name === 'Intro from the UI');
  assert.ok(made, 'state() returns the sequence created through the UI');
  await until(panel, (id) => document.querySelector(`[data-mailseq-sequence="${id}"]`), 'listed in the panel', made.id);
  assert.match(await panel.locator(`[data-mailseq-sequence="${made.id}"]`).innerText(), /Intro from the UI/);
  await until(options, (id) => document.querySelector(`#sequence-list [data-mailseq-sequence="${id}"]`), 'listed in options', made.id);
  if (SHOTS) {
    await options.screenshot({ path: `${SHOTS}/options.png`, fullPage: true });
    await panel.screenshot({ path: `${SHOTS}/sidepanel.png`, fullPage: true });
  }
});

test('an invalid sequence is refused with the error next to the named field', async () => {
  const options = await ext.openOptions();
  await options.getByRole('button', { name: 'New sequence' }).click();
  await options.getByRole('button', { name: 'Create sequence' }).click();
  const slot = options.locator('[data-error-for="name"]');
  await withTimeout(slot.waitFor({ state: 'visible' }), 5_000, 'name error shown');
  assert.match(await slot.innerText(), /name/);
  assert.equal(await options.locator('[data-field="name"]').getAttribute('aria-invalid'), 'true');
  assert.match(await options.locator('#form-errors[role="alert"]').innerText(), /Name/);
});

test('Check now runs a tick and says what happened', async () => {
  const panel = await ext.openSidePanel();
  await panel.getByRole('button', { name: 'Check now' }).click();
  await until(panel, () => /Checked/.test(document.querySelector('#status')?.textContent ?? ''), 'tick report');
});

test('the panel follows storage live: enrollment status, due time and task button', async () => {
  const state = await ext.swEval(() => mailseqTest.state());
  const seq = state.sequences[0];
  const at = (iso) => Date.parse(iso);
  const enrollment = {
    id: 'e-ui-1', sequenceId: seq.id, account: 'acct-ui', identity: { id: '', email: 'me@example.org', name: 'Me' },
    recipients: [{ email: 'bob@example.com', name: 'Bob Smith' }], thread: { subject: 'Hello', rootMessageId: 'root@ui' },
    status: 'active', stepIndex: 1, nextDue: at('2026-11-28T09:00:00Z'), anchor: at('2026-11-27T09:00:00Z'),
    tasks: [{ step: 0, due: at('2026-11-27T08:00:00Z') }], seen: [], sequenceRev: 0,
    history: [{ at: at('2026-11-20T09:00:00Z'), event: 'enrolled', step: null }],
  };
  const panel = await ext.openSidePanel();
  await panel.setViewportSize({ width: 400, height: 900 });
  await ext.swEval((e) => chrome.storage.local.set({ ['enr:' + e.id]: e }), enrollment);
  const el = panel.locator('[data-mailseq-enrollment="e-ui-1"]');
  await until(panel, () => document.querySelector('[data-mailseq-enrollment="e-ui-1"]'), 'enrollment shown');
  assert.equal(await panel.locator('[data-mailseq-enrollment]').count(), 1);
  assert.equal(await el.getAttribute('data-status'), 'active');
  assert.equal(await el.locator('[data-mailseq="due"]').getAttribute('datetime'), '2026-11-28T09:00:00Z');
  assert.equal(await panel.locator('[data-mailseq-upcoming]').count(), 1);
  assert.equal(await panel.locator('[data-mailseq="task-done"]').count(), 1);
  // Open the history and focus a button: a re-render must keep both.
  await el.locator('summary').click();
  await el.getByRole('button', { name: 'Pause: Bob Smith' }).focus();
  await ext.swEval((e) => chrome.storage.local.set({ ['enr:' + e.id]: { ...e, status: 'replied', nextDue: null } }), enrollment);
  await until(panel, () => document.querySelector('[data-mailseq-enrollment="e-ui-1"]')?.dataset.status === 'replied', 'status follows storage');
  assert.equal(await el.locator('[data-mailseq="due"]').count(), 0, 'nothing scheduled: no due time');
  assert.equal(await panel.locator('[data-mailseq-upcoming]').count(), 0);
  assert.equal(await el.locator('details').getAttribute('open'), '', 'expanded history stays open');
  if (SHOTS) await panel.screenshot({ path: `${SHOTS}/sidepanel-enrollment.png`, fullPage: true });
  await ext.swEval(() => chrome.storage.local.remove('enr:e-ui-1'));
});

test('more upcoming rows than the first screen builds: each enrollment still shows exactly once', async () => {
  // The panel builds 50 upcoming rows first and the rest one task later (src/ui/sidepanel.rs).
  await ext.swEval((k) => mailseqTest.benchSeed(k), 120, 60_000);
  const panel = await ext.openSidePanel();
  await until(panel, () => performance.getEntriesByName('mailseq:complete-render').length > 0, 'complete render');
  const seen = await panel.evaluate(() => ({
    enrollments: [...document.querySelectorAll('[data-mailseq-enrollment]')].map((e) => e.dataset.mailseqEnrollment),
    upcoming: [...document.querySelectorAll('[data-mailseq-upcoming]')].map((e) => e.dataset.mailseqUpcoming),
  }));
  assert.ok(seen.enrollments.length >= 120, `${seen.enrollments.length} enrollments shown`);
  assert.ok(seen.upcoming.length >= 120, `${seen.upcoming.length} upcoming shown`);
  assert.equal(new Set(seen.enrollments).size, seen.enrollments.length, 'no enrollment shown twice');
  assert.equal(new Set(seen.upcoming).size, seen.upcoming.length, 'no upcoming row shown twice');
  await panel.close();
});

test('the pages load without console errors', () => {
  assert.deepEqual(ext.consoleErrors.filter((e) => !/favicon/.test(e)), []);
});
