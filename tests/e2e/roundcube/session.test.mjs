// Issue 3 §4, scenario 8, and the "unreachable Roundcube" acceptance check: when the session
// has expired the follow-up waits (neither lost nor failed) and the side panel says to log in
// to Roundcube; after logging in it goes out. When Roundcube cannot be reached at all, the
// panel and the tick report say so in a sentence, and nothing reaches the console as an error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { launch } from '../harness.mjs';
import * as rc from './rc.mjs';

const STAMP = Date.now();
let ext;
const workerErrors = [];

before(async () => {
  rc.resetTestbed();
  ext = await launch();
  await ext.ready();
  ext.sw.on('console', (m) => m.type() === 'error' && workerErrors.push(m.text()));
  await ext.swEval((t) => mailseqTest.setNow(t), rc.MONDAY_0930_BERLIN);
});
after(async () => {
  await ext?.close();
});

test('8. the session expired: the follow-up waits, the panel says log in; after login it goes out', async (t) => {
  const subject = `Expired ${STAMP}`;
  const tab = await rc.login(ext.context, 'alice');
  const seqId = await rc.newSequence(ext, subject);
  const enr = await rc.enrollByCompose(ext, { to: 'Bob Prospect <bob@mail.test>', subject, body: 'Hello Bob.', sequenceId: seqId });
  await rc.waitUntil(() => rc.bobsMessages(subject).then((m) => m.length === 1), 'bob got it');

  // The user logs out in the tab (Roundcube's own logout): the session is gone.
  await tab.goto(`${rc.RC}/?_task=mail`);
  await Promise.all([tab.waitForSelector('#rcmloginuser', { timeout: 30_000 }), tab.click('a.logout')]);

  await ext.swEval((t) => mailseqTest.setNow(t), Date.parse(enr.nextDue) + 60_000);
  const report = await rc.tick(ext);
  assert.equal(report.sent, 0, JSON.stringify(report));
  assert.ok(report.waiting >= 1, JSON.stringify(report));
  const held = await rc.enrollment(ext, enr.id);
  assert.equal(held.status, 'active');
  assert.equal(held.stepIndex, 0);
  assert.ok(!held.history.some((h) => h.event === 'send-failed'), 'waiting is not failing');
  assert.equal((await rc.bobsMessages(subject)).length, 1);

  // The panel says why, in words (the contract names no banner element: read its text).
  const panel = await ext.openSidePanel();
  const why = await panelSentence(panel, /log in to roundcube/i);
  assert.ok(why.includes(rc.ORIGIN), why);
  t.diagnostic(`panel: ${why}`);
  t.diagnostic(`tick: ${report.errors.join(' | ')}`);

  await rc.login(ext.context, 'alice', tab);
  const after = await rc.tick(ext);
  assert.equal(after.sent, 1, JSON.stringify(after));
  await rc.waitUntil(() => rc.bobsMessages(subject).then((m) => m.length === 2), 'the follow-up reached bob');
  await panel.waitForFunction(() => !/log in to roundcube/i.test(document.body.innerText), null, { timeout: 30_000 });
  await panel.close();
});

/** The first line of the panel's text that matches `re`, once there is one. */
async function panelSentence(panel, re) {
  const handle = await panel.waitForFunction(
    (source) => document.body.innerText.split('\n').find((line) => new RegExp(source, 'i').test(line)),
    re.source,
    { timeout: 30_000 },
  );
  return handle.jsonValue();
}

/** A TCP relay to Roundcube on its own port: another origin for the same Roundcube, which the test can take away. */
async function relay(port = 0) {
  const target = Number(new URL(rc.RC).port);
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    port: server.address().port,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(r);
      }),
  };
}

test('an unreachable Roundcube: a clear sentence in the tick report and the side panel, no console error', async (t) => {
  const subject = `Unreachable ${STAMP}`;
  const seqId = await rc.newSequence(ext, subject);
  let hop = await relay();
  const page = await ext.context.newPage();
  // The session cookie belongs to 127.0.0.1 whatever the port: already logged in.
  await rc.openCompose(page, hop.url);
  const { enrollments: before } = await ext.swEval(() => mailseqTest.state());
  await rc.typeRecipients(page, 'Bob Prospect <bob@mail.test>');
  await page.fill('#compose-subject', subject);
  await page.fill('#composebody', 'Hello through the relay.');
  await rc.arm(page, seqId);
  await rc.send(page);
  const [enr] = await rc.newEnrollments(ext, before);
  await page.close();

  await hop.close();
  await ext.swEval((t) => mailseqTest.setNow(t), Date.parse(enr.nextDue) + 60_000);
  const report = await rc.tick(ext);
  assert.equal(report.sent, 0, JSON.stringify(report));
  const sentence = report.errors.find((e) => e.includes(hop.url)) ?? '';
  assert.match(sentence, /reach/i, JSON.stringify(report));
  const e = await rc.enrollment(ext, enr.id);
  assert.equal(e.status, 'active');

  const panel = await ext.openSidePanel();
  const said = await panelSentence(panel, /cannot be reached|could not be reached/);
  assert.ok(said.includes(hop.url), said);
  t.diagnostic(`tick: ${sentence}`);
  t.diagnostic(`panel: ${said}`);

  // Back again: the follow-up goes out on the next check.
  hop = await relay(hop.port);
  const again = await rc.tick(ext);
  assert.equal(again.sent, 1, JSON.stringify(again));
  await rc.waitUntil(() => rc.bobsMessages(subject).then((m) => m.length === 2), 'the follow-up reached bob');
  await hop.close();
  await panel.close();

  const ours = ext.consoleErrors.filter((m) => m.startsWith('chrome-extension://'));
  assert.deepEqual(ours, [], 'extension pages logged no errors');
  assert.deepEqual(workerErrors, [], 'the service worker logged no errors');
});
