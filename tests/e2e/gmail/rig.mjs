// The Gmail E2E rig: the API double (tests/gmail/) under Google's real hostnames, serving the
// dated Gmail page fixtures at https://mail.google.com/mail/u/0/<file>, and the test build in
// Chromium pointed at it with --host-resolver-rules + --ignore-certificate-errors. So the
// shipped manifest's match pattern and host permissions are the ones exercised.
//
// The fixtures are written for a made-up account (sam@acme.test); the double's mailbox is
// alice@gmail.test. The rig serves copies with that address swapped, nothing else changed,
// so the structure under test is the fixtures' own.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDouble } from '../../gmail/double.mjs';
import { control } from '../../gmail/test-client.mjs';
import { launch, withTimeout } from '../harness.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'gmail', '2026-11-27');
export const USER = 'alice@gmail.test';
export const CLIENT_ID = 'e2e-client.apps.googleusercontent.com';
export const MONDAY = Date.parse('2026-11-30T10:00:00Z');
export const DAY = 24 * 3600 * 1000;

export const SEQUENCE = {
  name: 'Gmail intro',
  window: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '24:00', timeZone: 'UTC' },
  steps: [
    { kind: 'email', thread: 'same', delay: { days: 1 }, body: 'Hi {{first_name|there}}, following up on my note below.' },
    { kind: 'email', thread: 'same', delay: { days: 2 }, body: 'One last nudge, {{first_name|there}}.' },
  ],
};

function pagesDir() {
  const dir = mkdtempSync(join(tmpdir(), 'mailseq-gmail-pages-'));
  for (const f of readdirSync(FIXTURES).filter((n) => n.endsWith('.html'))) {
    const html = readFileSync(join(FIXTURES, f), 'utf8')
      .replaceAll('sam@acme.test', USER)
      .replaceAll('Sam Seller', 'Alice Example');
    writeFileSync(join(dir, f), html);
  }
  return dir;
}

/** Starts the double and the extension. `ctl(method, path, body)` drives the double. */
export async function startRig() {
  const pages = pagesDir();
  const double = await startDouble({ port: 0, controlPort: 0, pagesDir: pages });
  let ext;
  try {
    ext = await launch({ args: double.chromiumArgs() });
    await ext.ready();
  } catch (e) {
    await double.close();
    throw e;
  }
  const ctl = (method, path, body) => control(double, method, path, body);
  const rig = {
    double,
    ext,
    ctl,
    pages,
    /** Writes (or rewrites) a page the double serves at /mail/u/N/<name>. */
    page(name, html) {
      writeFileSync(join(pages, name), html);
    },
    fixture(name) {
      return readFileSync(join(pages, name), 'utf8');
    },
    state: () => ext.swEval(() => mailseqTest.state()),
    tick: () => ext.swEval(() => mailseqTest.tick(), undefined, 60_000),
    sent: () => ctl('GET', '/control/sent'),
    violations: () => ctl('GET', '/control/violations'),
    units: () => ctl('GET', '/control/requests'),
    async close() {
      await ext?.close();
      await double.close();
      rmSync(pages, { recursive: true, force: true });
    },
  };
  return rig;
}

/**
 * Moves the engine clock to just after the enrollment's next due time (follow-ups carry a
 * small per-enrollment jitter of up to five minutes, so "one day later" is not exact).
 */
export async function advanceToDue(rig, enrollmentId) {
  const e = (await rig.state()).enrollments.find((x) => x.id === enrollmentId);
  if (!e?.nextDue) throw new Error(`nothing due for ${enrollmentId}`);
  const now = await rig.ext.swEval(() => mailseqTest.now());
  await rig.ext.swEval((ms) => mailseqTest.advance(ms), Math.max(0, Date.parse(e.nextDue) - now) + 1000);
}

/** "Connect Gmail" in the options page, as a user does it; resolves with the result text. */
export async function connectGmail(rig, { index = 0, codeFlow = false } = {}) {
  const page = await rig.ext.openOptions();
  await page.fill('[id="gmail.clientId"]', CLIENT_ID);
  await page.fill('[id="gmail.accountIndex"]', String(index));
  if (codeFlow) await page.check('[id="gmail.codeFlow"]');
  await page.click('[data-action="gmail-connect"]');
  await page.waitForFunction(() => /Connected|not connected|did not/.test(document.querySelector('#gmail-result')?.textContent ?? ''), null, { timeout: 20_000 });
  const text = await page.textContent('#gmail-result');
  return { page, text };
}

/** A sequence through the test hook, the engine clock frozen on a Monday morning. */
export async function sequenceAndClock(rig, spec = SEQUENCE) {
  await rig.ext.swEval((ms) => mailseqTest.setNow(ms), MONDAY);
  return rig.ext.swEval((s) => mailseqTest.createSequence(s), spec);
}

/**
 * Enrolls from the compose dialog fixture: pick the sequence, press Gmail's Send. The page
 * has no Gmail behind it, so the test plays Gmail's part: the sent message lands in the
 * mailbox (SENT) a moment later, as after Undo Send's window. Resolves with that message.
 */
export async function enrollFromCompose(rig, sequenceId, { subject = 'Quick question about Q1' } = {}) {
  const { context } = rig.ext;
  const page = await context.newPage();
  const html = rig.fixture('compose-dialog.html').replace('Quick question about Q1', subject);
  rig.page('compose-dialog.html', html);
  await page.goto('https://mail.google.com/mail/u/0/compose-dialog.html');
  await page.click('button[data-mailseq="enroll"]');
  const picker = page.locator('select[data-mailseq="sequence-picker"]');
  await picker.locator(`option[value="${sequenceId}"]`).waitFor({ state: 'attached', timeout: 10_000 });
  await picker.selectOption(sequenceId);
  await page.waitForFunction(() => /enrolls/.test(document.querySelector('.mailseq-gm-status')?.textContent ?? ''), null, { timeout: 10_000 });
  const before = new Set((await rig.state()).enrollments.map((e) => e.id));
  await page.click('[role=dialog] .T-I.T-I-atl');
  await new Promise((r) => setTimeout(r, 1000));
  const sent = await rig.ctl('POST', '/control/deliver', {
    from: `Alice Example <${USER}>`,
    to: 'Dana Prospect <dana@prospect.test>, lee@prospect.test',
    subject,
    text: 'Hi Dana,\nwould a short call next week work?\n\nAlice',
  });
  await withTimeout(
    page.waitForFunction(() => /enrolled in|mailseq: (?!enrolling)/.test(document.querySelector('[data-mailseq="notice"]')?.textContent ?? ''), null, { timeout: 45_000 }),
    50_000,
    'the enrollment notice',
  );
  const notice = await page.textContent('[data-mailseq="notice"]');
  const state = await rig.state();
  await page.close();
  const added = state.enrollments.filter((e) => !before.has(e.id));
  if (added.length !== 1) throw new Error(`not enrolled once: ${notice}`);
  return { sent, enrollment: added[0], notice };
}

