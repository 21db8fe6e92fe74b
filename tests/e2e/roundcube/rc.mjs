// The Roundcube side of the E2E suite: the real testbed (tests/testbed/), its mailboxes over
// IMAP/SMTP (mailtool.py), and a user driving Roundcube's own pages in the same Chromium as
// the test build. The extension is driven and observed only through the contract's
// attributes and mailseqTest (plus the checkpoint holds).
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withTimeout } from '../harness.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const TESTBED = join(ROOT, 'tests', 'testbed');
const run = promisify(execFile);

/** Roundcube's address; the testbed's port variables move it (tests/testbed/README.md). */
export const RC = `http://127.0.0.1:${process.env.MAILSEQ_TESTBED_RC_PORT || 18765}`;
export const ORIGIN = new URL(RC).origin;

/** The sequence of issue 3: two follow-ups, 2 business days then 72 hours, 09:00–17:00 Berlin. */
export const SEQUENCE = Object.freeze({
  name: 'Intro follow-ups',
  window: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00', timeZone: 'Europe/Berlin' },
  steps: [
    { kind: 'email', thread: 'same', delay: { businessDays: 2 }, body: 'Hi {{first_name|there}}, following up on my note below.' },
    { kind: 'email', thread: 'same', delay: { hours: 72 }, body: 'One last nudge, {{first_name|there}}.' },
  ],
});

/** Monday 2026-11-30 09:30 in Berlin: inside the window, so the first step is due Wednesday 09:30. */
export const MONDAY_0930_BERLIN = Date.UTC(2026, 10, 30, 8, 30, 0);

/** mailtool.py with JSON out (see tests/testbed/README.md). */
export async function mailtool(...args) {
  const { stdout } = await run('python3', [join(TESTBED, 'mailtool.py'), ...args], { timeout: 60_000 });
  return JSON.parse(stdout);
}

/** Empty mailboxes and a new Roundcube database: every file starts from the same testbed. */
export function resetTestbed() {
  execFileSync(join(TESTBED, 'reset.sh'), { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
}

/**
 * Polls `fn` (sync or async) until it returns something truthy, and returns that. Every wait
 * is a condition with a generous bound, never a fixed sleep: the machine may be loaded.
 */
export async function waitUntil(fn, what, { timeout = 30_000, every = 200 } = {}) {
  const start = Date.now();
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() - start > timeout) {
      throw new Error(`timed out after ${timeout} ms: ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    }
    await new Promise((r) => setTimeout(r, every));
  }
}

/**
 * Logs in through Roundcube's own login form (in `page`, else a new tab); resolves with the
 * mail page. A session that is still alive just shows the mail page.
 */
export async function login(context, user = 'alice', page = null) {
  page ??= await context.newPage();
  await page.goto(`${RC}/?_task=mail`);
  await page.waitForSelector('body.task-mail, #rcmloginuser', { state: 'attached', timeout: 30_000 });
  if (await page.locator('body.task-mail').count()) return page;
  await page.fill('#rcmloginuser', user);
  await page.fill('#rcmloginpwd', `${user}pw`);
  await Promise.all([page.waitForURL(/_task=mail/, { timeout: 30_000 }), page.click('#rcmloginsubmit')]);
  await page.waitForSelector('body.task-mail #messagelist', { state: 'attached', timeout: 30_000 });
  // Let the mail page's first requests (list, getunread) finish: Roundcube keeps a session as
  // one blob that each request writes back whole, so one still running when another tab
  // opens a compose window can drop that compose's data (see compose()).
  await page.waitForLoadState('networkidle');
  return page;
}

/**
 * Opens Roundcube's compose window in `page` (at `base`, the testbed unless a relay stands in
 * front of it); resolves once mailseq's control is in it.
 */
export async function openCompose(page, base = RC) {
  for (let attempt = 1; ; attempt++) {
    await page.goto(`${base}/?_task=mail&_action=compose`);
    // Roundcube's own race: its compose redirect stores the compose in the session, and a
    // request of another Roundcube tab that was running meanwhile writes its older copy of the
    // session back. The compose page then shows Roundcube's error 450 and no compose form (a
    // user sees the same); mailseq has nothing to attach to. Open it again, as a user would.
    const shown = await (
      await page.waitForFunction(
        () => (document.querySelector('[data-mailseq="enroll"]') ? 'compose' : globalThis.rcmail?.env?.server_error === 450 && 'error 450'),
        null,
        { timeout: 30_000 },
      )
    ).jsonValue();
    if (shown === 'compose') return;
    if (attempt === 3) throw new Error(`Roundcube answered the compose window with error 450 ${attempt} times`);
    console.log(`# Roundcube's compose came back as error 450 (session race); opening it again`);
  }
}

/** Roundcube's compose window in a new tab, filled as a user does it: the recipient widget, subject, body. */
export async function compose(context, { to, subject, body }) {
  const page = await context.newPage();
  await openCompose(page);
  await typeRecipients(page, to);
  await page.fill('#compose-subject', subject);
  // Type above the signature Roundcube put in, as a user would.
  await page.click('#composebody');
  await page.keyboard.press('Control+Home');
  await page.keyboard.type(body);
  return page;
}

/** Types recipients into the To widget; each ", " turns the text into a recipient chip. */
export async function typeRecipients(page, to) {
  await page.click('#compose_to li.input input');
  await page.keyboard.type(`${to}, `);
}

/** Clicks the mailseq control and picks the sequence; resolves once the compose is armed. */
export async function arm(page, sequenceId) {
  await page.click('[data-mailseq="enroll"]');
  await page.selectOption('select[data-mailseq="sequence-picker"]', sequenceId);
  // Arming saves a draft, whose Message-ID the send keeps (tests/fixtures/roundcube/NOTES.md
  // §3); Roundcube's own draft id field shows when that is done. The contract has no "armed"
  // signal, and a user takes longer than this between picking and Send.
  await page.waitForFunction(() => document.querySelector('input[name="_draft_saveid"]')?.value, null, { timeout: 30_000 });
}

/** Roundcube's own Send; resolves when the page has left the compose window (sent). */
export async function send(page) {
  await Promise.all([
    page.waitForURL((u) => !u.search.includes('_action=compose'), { timeout: 60_000 }),
    page.click('.formbuttons button.send'),
  ]);
}

/** The enrollments in state() that were not in `before`, once there are `n` of them. */
export async function newEnrollments(ext, before, n = 1, timeout = 60_000) {
  const known = new Set(before.map((e) => e.id));
  return waitUntil(async () => {
    const { enrollments } = await ext.swEval(() => mailseqTest.state());
    const fresh = enrollments.filter((e) => !known.has(e.id));
    return fresh.length >= n ? fresh : null;
  }, `${n} new enrollment(s) in state()`, { timeout });
}

/**
 * A new sequence of issue 3's shape. A prospect can be in a sequence only once at a time, so
 * a test that enrolls bob again while he is still active takes a sequence of its own.
 */
export function newSequence(ext, name = SEQUENCE.name) {
  return ext.swEval((s) => mailseqTest.createSequence(s), { ...SEQUENCE, name });
}

/** The whole enrolling journey: compose to `to`, arm `sequenceId`, Send; returns the new enrollment. */
export async function enrollByCompose(ext, { to, subject, body, sequenceId }) {
  const { enrollments: before } = await ext.swEval(() => mailseqTest.state());
  const page = await compose(ext.context, { to, subject, body });
  await arm(page, sequenceId);
  // A refusal would make this a plain email: say so now rather than wait for an enrollment.
  const refused = page.locator('[data-mailseq="error"][role="alert"]');
  if (await refused.isVisible()) throw new Error(`the compose window refused to enroll: ${await refused.innerText()}`);
  await send(page);
  const [enrollment] = await newEnrollments(ext, before);
  await page.close();
  return enrollment;
}

export async function enrollment(ext, id) {
  const { enrollments } = await ext.swEval(() => mailseqTest.state());
  return enrollments.find((e) => e.id === id);
}

/** Waits until the enrollment has `status`; returns it. */
export function waitForStatus(ext, id, status, timeout = 30_000) {
  return waitUntil(async () => {
    const e = await enrollment(ext, id);
    return e?.status === status ? e : null;
  }, `enrollment ${id} becomes ${status}`, { timeout });
}

/** A tick, bounded: it talks to Roundcube, so give it time on a loaded machine. */
export function tick(ext, timeout = 90_000) {
  return ext.swEval(() => mailseqTest.tick(), undefined, timeout);
}

/** bob's messages whose subject contains `text`. */
export async function bobsMessages(text) {
  const all = await mailtool('messages', 'bob');
  return all.filter((m) => (m.subject ?? '').includes(text));
}

/** The error the compose window shows, once it shows one (contract: [data-mailseq="error"][role=alert]). */
export async function composeError(page, timeout = 15_000) {
  const alert = page.locator('[data-mailseq="error"][role="alert"]');
  await withTimeout(alert.waitFor({ state: 'visible', timeout }), timeout + 1000, 'compose error shown');
  return (await alert.innerText()).trim();
}

/** Roundcube's list of a folder in thread mode, as its page holds it (rcmail.message_list.rows). */
export async function threadRows(page, mbox = 'Virtual/All') {
  await page.goto(`${RC}/?_task=mail&_mbox=${encodeURIComponent(mbox)}`);
  await page.waitForFunction(() => window.rcmail?.message_list?.rowcount > 0, null, { timeout: 30_000 });
  return page.evaluate(() =>
    Object.values(rcmail.message_list.rows).map((r) => ({
      uid: String(r.uid),
      parentUid: r.parent_uid == null ? null : String(r.parent_uid),
      depth: r.depth ?? 0,
      subject: r.obj?.querySelector('td.subject span.subject')?.textContent?.trim() ?? '',
    })),
  );
}

/** The side panel once it shows enrollment `id` with `status` (contract attributes only). */
export async function panelWith(ext, id, status, panel = null) {
  panel ??= await ext.openSidePanel();
  const sel = `[data-mailseq-enrollment="${id}"][data-status="${status}"]`;
  await withTimeout(panel.waitForSelector(sel, { timeout: 30_000 }), 31_000, `side panel shows ${id} ${status}`);
  return { panel, row: panel.locator(sel) };
}
