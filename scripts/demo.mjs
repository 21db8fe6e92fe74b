// The browser part of `make demo` (scripts/demo.sh brings the Roundcube testbed up first).
//   node scripts/demo.mjs --interactive
//     Chromium on the screen with the SHIPPED build (dist/chrome), Roundcube logged in as
//     alice, an example sequence made, and the options page asking the person at the screen
//     to switch Roundcube on (a real permission prompt). Runs until the browser is closed.
//   node scripts/demo.mjs --screenshots DIR
//     No one can answer a prompt: the TEST build (dist/chrome-test, which may use loopback
//     without asking) walks the journey by itself under Xvfb and saves PNGs into DIR.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../tests/e2e/harness.mjs';
import * as rc from '../tests/e2e/roundcube/rc.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The example sequence: short delays and an always-open window, so a demo sees it work. */
const EXAMPLE = {
  name: 'Demo: intro follow-ups',
  window: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '24:00', timeZone: 'Europe/Berlin' },
  steps: [
    { kind: 'email', thread: 'same', delay: { hours: 1 }, body: 'Hi {{first_name|there}}, just following up on my note below.' },
    { kind: 'task', channel: 'call', delay: { days: 1 }, note: 'Call {{first_name|them}}' },
    { kind: 'email', thread: 'same', delay: { businessDays: 2 }, body: 'One last nudge, {{first_name|there}}.' },
  ],
};

const say = (text) => console.log(`demo: ${text}`);

async function interactive() {
  const ext = await launch({ extension: join(ROOT, 'dist', 'chrome'), headless: false });
  const closed = new Promise((r) => ext.context.on('close', r));
  const options = await ext.openOptions();
  // The shipped build has no test hooks: the sequence is made through the extension's own
  // message, as its options page makes it.
  const made = await options.evaluate((sequence) => chrome.runtime.sendMessage({ type: 'createSequence', sequence }), EXAMPLE);
  if (made?.type !== 'created') throw new Error(`could not create the example sequence: ${JSON.stringify(made)}`);
  say(`example sequence "${EXAMPLE.name}" created`);

  const mail = await rc.login(ext.context, 'alice');
  say(`Roundcube at ${rc.RC} is logged in as alice (password alicepw)`);

  await options.bringToFront();
  await options.fill('[data-field="roundcube.origin"]', rc.ORIGIN);
  await options.locator('[data-action="roundcube-on"]').scrollIntoViewIfNeeded();
  say(`in the mailseq options tab, click "Switch on" and allow access to ${rc.ORIGIN}`);
  const granted = options.waitForSelector(`#roundcube-list [data-origin="${rc.ORIGIN}"]`, { timeout: 0 }).then(() => true);
  // Closing the browser before that ends the demo too.
  if (!(await Promise.race([granted.catch(() => false), closed.then(() => false)]))) return;
  say('Roundcube is switched on');

  await mail.bringToFront();
  await mail.goto(`${rc.RC}/?_task=mail&_action=compose&_to=${encodeURIComponent('Bob Prospect <bob@mail.test>')}`);
  say('now: write to bob, click "Sequence…", pick the demo sequence and Send;');
  say('open mailseq from the toolbar for the side panel ("Send now" sends the follow-up at once);');
  say('log in as bob/bobpw in another window to reply, and watch the enrollment pause.');
  say('close the browser to end the demo.');
  await closed;
}

async function screenshots(dir) {
  mkdirSync(dir, { recursive: true });
  // Chromium takes its zone from TZ: the panel then shows Berlin times, as the sequence's window.
  process.env.TZ = 'Europe/Berlin';
  const shot = (page, name, opts = {}) => page.screenshot({ path: join(dir, name), ...opts }).then(() => say(`saved ${join(dir, name)}`));
  const ext = await launch({ headless: false });
  try {
    await ext.ready();
    await ext.swEval((t) => mailseqTest.setNow(t), rc.MONDAY_0930_BERLIN);
    const seqId = await ext.swEval((s) => mailseqTest.createSequence(s), rc.SEQUENCE);
    const mail = await rc.login(ext.context, 'alice');
    await mail.setViewportSize({ width: 1280, height: 720 });

    // The compose control: button and picker next to Send, armed.
    const subject = 'Intro: Example Co and your team';
    const page = await rc.compose(ext.context, { to: 'Bob Prospect <bob@mail.test>', subject, body: 'Hello Bob,\n\nA short intro from Alice at Example Co.' });
    await page.setViewportSize({ width: 1280, height: 720 });
    await rc.arm(page, seqId);
    await page.locator('.mailseq-rc-status').filter({ hasText: /armed/i }).waitFor({ timeout: 30_000 });
    await shot(page, 'compose-control.png', { clip: await clipAround(page, '#layout-content') });

    // A refusal, before Send: an address that is not valid.
    const bad = await rc.compose(ext.context, { to: 'bob.mail.test', subject: 'A typo in the address', body: 'Hello.' });
    await bad.setViewportSize({ width: 1280, height: 720 });
    await bad.click('[data-mailseq="enroll"]');
    await bad.selectOption('select[data-mailseq="sequence-picker"]', seqId);
    await rc.composeError(bad);
    await shot(bad, 'compose-error.png', { clip: await clipAround(bad, '#layout-content') });
    await bad.close();

    const { enrollments: before } = await ext.swEval(() => mailseqTest.state());
    await rc.send(page);
    const [enr] = await rc.newEnrollments(ext, before);
    await page.close();

    const { panel } = await rc.panelWith(ext, enr.id, 'active');
    await panel.setViewportSize({ width: 420, height: 760 });
    await shot(panel, 'sidepanel-active.png');

    // The clock jumps past the due time; a tick sends the follow-up in the thread.
    await ext.swEval((t) => mailseqTest.setNow(t), Date.parse(enr.nextDue) + 60_000);
    const report = await rc.tick(ext);
    if (report.sent !== 1) throw new Error(`the follow-up did not go out: ${JSON.stringify(report)}`);
    await panel.locator(`[data-mailseq-enrollment="${enr.id}"]`).filter({ hasText: 'step 2 of 2' }).waitFor({ timeout: 30_000 });
    await shot(panel, 'sidepanel-after-follow-up.png');

    // alice's Roundcube: the conversation (Virtual/All), the follow-up under her first email.
    const rows = await rc.threadRows(mail, 'Virtual/All');
    const follow = rows.find((r) => r.subject === `Re: ${subject}`);
    await mail.evaluate(() => rcmail.command('expand-all'));
    await mail.click(`#messagelist tr[id="rcmrow${Buffer.from(follow.uid).toString('base64url')}"] td.subject`);
    await mail.frameLocator('#messagecontframe').locator('#messagebody').waitFor({ timeout: 30_000 });
    await shot(mail, 'roundcube-thread.png');
  } finally {
    await ext.close();
  }
}

/** The box of `selector`: the part of the page a screenshot is about. */
async function clipAround(page, selector) {
  const { x, y, width, height } = await page.locator(selector).boundingBox();
  return { x, y, width, height };
}

const [mode, arg] = process.argv.slice(2);
const run = mode === '--interactive' ? interactive() : mode === '--screenshots' && arg ? screenshots(resolve(arg)) : null;
if (!run) {
  console.error('usage: node scripts/demo.mjs --interactive | --screenshots DIR');
  process.exit(2);
}
run.then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
