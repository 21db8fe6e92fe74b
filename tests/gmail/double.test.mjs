// The double round-trips the calls the extension makes, checked against the discovery doc.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { startDouble } from './double.mjs';
import { handlers } from './gmail-api.mjs';
import { b64url, control, gmail, google, rfc5322, SCOPES, token } from './test-client.mjs';

let double;
let tok;
before(async () => {
  double = await startDouble({ port: 0, controlPort: 0, pagesDir: '' });
});
after(() => double.close());
beforeEach(async () => {
  await control(double, 'POST', '/control/reset');
  tok = await token(double, [SCOPES.send, SCOPES.metadata]);
});

const send = (body, t = tok) => gmail(double, { method: 'POST', path: '/gmail/v1/users/me/messages/send', token: t, body });
const violations = () => control(double, 'GET', '/control/violations');

async function firstEmail(subject = 'Quick question') {
  const r = await send({ raw: b64url(rfc5322({ subject, messageId: '<enroll-1@mailseq.test>' })) });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

test('a wrong field name in a request body is rejected, named, and recorded as a violation', async () => {
  const r = await send({ raw: b64url(rfc5322({ subject: 'x' })), threadID: 'x' });
  assert.equal(r.status, 400);
  assert.match(r.json.error.message, /Message\.threadID: unknown field/);
  const [v] = await violations();
  assert.equal(v.kind, 'request');
  assert.equal(v.methodId, 'gmail.users.messages.send');
  assert.equal(v.field, 'Message.threadID');
  const bad = await gmail(double, { path: '/gmail/v1/users/me/threads/abc?format=everything', token: tok });
  assert.equal(bad.status, 400);
  assert.match(bad.json.error.message, /parameter format: "everything"/);
  assert.equal((await violations()).length, 2);
});

test('a response with an unknown field is refused and recorded as a response violation', async () => {
  const real = handlers['gmail.users.getProfile'];
  handlers['gmail.users.getProfile'] = (ctx) => ({ ...real(ctx), emailAdress: 'typo@gmail.test' });
  try {
    const r = await gmail(double, { path: '/gmail/v1/users/me/profile', token: tok });
    assert.equal(r.status, 400);
    const [v] = await violations();
    assert.equal(v.kind, 'response');
    assert.equal(v.message, 'Profile.emailAdress: unknown field');
  } finally {
    handlers['gmail.users.getProfile'] = real;
  }
});

test('send, reply, follow-up in thread; thread metadata; history since a historyId', async () => {
  const profile = await gmail(double, { path: '/gmail/v1/users/me/profile', token: tok });
  assert.equal(profile.json.emailAddress, 'alice@gmail.test');
  const h0 = profile.json.historyId;

  const first = await firstEmail();
  assert.deepEqual(first.labelIds, ['SENT']);
  assert.equal(first.threadId, first.id);

  const reply = await control(double, 'POST', '/control/deliver', {
    from: 'Pat Prospect <pat@prospect.test>',
    subject: 'Re: Quick question',
    inReplyTo: '<enroll-1@mailseq.test>',
    text: 'Tell me more',
  });
  assert.equal(reply.threadId, first.threadId);

  const followUp = await send({
    threadId: first.threadId,
    raw: b64url(rfc5322({ subject: 'Re: Quick question', messageId: '<fu-1@mailseq.test>', inReplyTo: reply.messageId, references: `<enroll-1@mailseq.test> ${reply.messageId}` })),
  });
  assert.equal(followUp.status, 200, followUp.text);
  assert.equal(followUp.json.threadId, first.threadId);
  const [, sent] = await control(double, 'GET', '/control/sent');
  assert.equal(sent.joinedThread, true);
  assert.equal(sent.messageId, '<fu-1@mailseq.test>');
  assert.deepEqual(sent.references, ['<enroll-1@mailseq.test>', reply.messageId]);
  assert.equal(sent.fromRewritten, false);

  const thread = await gmail(double, {
    path: `/gmail/v1/users/me/threads/${first.threadId}?format=metadata&metadataHeaders=From&metadataHeaders=Message-ID&metadataHeaders=In-Reply-To`,
    token: tok,
  });
  assert.equal(thread.status, 200, thread.text);
  assert.equal(thread.json.messages.length, 3);
  assert.deepEqual(thread.json.messages.map((m) => m.payload.headers.find((h) => h.name === 'Message-ID')?.value), ['<enroll-1@mailseq.test>', reply.messageId, '<fu-1@mailseq.test>']);
  for (const m of thread.json.messages) {
    assert.ok(m.payload.headers.every((h) => ['From', 'Message-ID', 'In-Reply-To'].includes(h.name)));
  }
  assert.deepEqual(thread.json.messages[1].labelIds, ['UNREAD', 'CATEGORY_PERSONAL', 'INBOX']);

  const history = await gmail(double, { path: `/gmail/v1/users/me/history?startHistoryId=${h0}&historyTypes=messageAdded`, token: tok });
  assert.equal(history.status, 200, history.text);
  const added = history.json.history.flatMap((h) => h.messagesAdded.map((a) => a.message.id));
  assert.deepEqual(added, [first.id, reply.id, followUp.json.id]);
  assert.ok(BigInt(history.json.historyId) > BigInt(h0));

  const inbox = await gmail(double, { path: `/gmail/v1/users/me/history?startHistoryId=${h0}&historyTypes=messageAdded&labelId=INBOX`, token: tok });
  assert.deepEqual(inbox.json.history.map((h) => h.messagesAdded[0].message.id), [reply.id]);

  const since = await gmail(double, { path: `/gmail/v1/users/me/history?startHistoryId=${history.json.historyId}`, token: tok });
  assert.deepEqual(since.json, { historyId: history.json.historyId });

  assert.deepEqual(await violations(), []);
});

test('deliver: an auto-reply keeps its headers; a send made in Gmail\'s UI is SENT in history', async () => {
  const first = await firstEmail();
  const ooo = await control(double, 'POST', '/control/deliver', {
    from: 'Pat Prospect <pat@prospect.test>',
    subject: 'Automatic reply: Quick question',
    inReplyTo: '<enroll-1@mailseq.test>',
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
    text: 'I am out of office',
  });
  // Gmail threads by References plus subject; an auto-reply with another subject stays apart
  // unless the test forces the thread.
  assert.notEqual(ooo.threadId, first.threadId);
  const forced = await control(double, 'POST', '/control/deliver', {
    from: 'pat@prospect.test', subject: 'Automatic reply: Quick question', inReplyTo: '<enroll-1@mailseq.test>',
    headers: { 'Auto-Submitted': 'auto-replied' }, threadId: first.threadId,
  });
  assert.equal(forced.threadId, first.threadId);
  const t = await gmail(double, { path: `/gmail/v1/users/me/threads/${first.threadId}?format=metadata&metadataHeaders=Auto-Submitted`, token: tok });
  assert.deepEqual(t.json.messages[1].payload.headers, [{ name: 'Auto-Submitted', value: 'auto-replied' }]);
  const h = (await gmail(double, { path: '/gmail/v1/users/me/profile', token: tok })).json.historyId;
  const ui = await control(double, 'POST', '/control/deliver', { from: 'Alice Example <alice@gmail.test>', to: 'sam@prospect.test', subject: 'Hello Sam', messageId: '<ui-1@mail.gmail.com>' });
  const hist = await gmail(double, { path: `/gmail/v1/users/me/history?startHistoryId=${h}&historyTypes=messageAdded&labelId=SENT`, token: tok });
  assert.deepEqual(hist.json.history[0].messagesAdded[0].message, { id: ui.id, threadId: ui.threadId, labelIds: ['SENT'] });
  assert.deepEqual(await violations(), []);
});

test('an expired startHistoryId answers 404', async () => {
  const h0 = (await gmail(double, { path: '/gmail/v1/users/me/profile', token: tok })).json.historyId;
  await firstEmail();
  await control(double, 'POST', '/control/history', {});
  const r = await gmail(double, { path: `/gmail/v1/users/me/history?startHistoryId=${h0}`, token: tok });
  assert.equal(r.status, 404);
  assert.equal(r.json.error.status, 'NOT_FOUND');
});

test("Gmail's threading rule: a wrong subject or missing References starts a new thread", async () => {
  const first = await firstEmail();
  const wrongSubject = await send({ threadId: first.threadId, raw: b64url(rfc5322({ subject: 'Something else', inReplyTo: '<enroll-1@mailseq.test>', references: '<enroll-1@mailseq.test>' })) });
  assert.notEqual(wrongSubject.json.threadId, first.threadId);
  const noRefs = await send({ threadId: first.threadId, raw: b64url(rfc5322({ subject: 'Re: Quick question' })) });
  assert.notEqual(noRefs.json.threadId, first.threadId);
  const sent = await control(double, 'GET', '/control/sent');
  assert.equal(sent[1].threadingRejected, 'Subject does not match the thread');
  assert.equal(sent[2].threadingRejected, 'References/In-Reply-To do not point into the thread');
  assert.ok(sent[2].messageId.endsWith('@mail.gmail.com>'), 'Gmail adds a Message-ID when there is none');
  const unknownThread = await send({ threadId: 'deadbeef', raw: b64url(rfc5322({ subject: 'x' })) });
  assert.equal(unknownThread.status, 400);
});

test('upload variants: message/rfc822 media and multipart with threadId metadata', async () => {
  const first = await firstEmail();
  const media = await gmail(double, {
    method: 'POST',
    path: '/upload/gmail/v1/users/me/messages/send?uploadType=media',
    token: tok,
    headers: { 'content-type': 'message/rfc822' },
    body: rfc5322({ subject: 'Uploaded' }),
  });
  assert.equal(media.status, 200, media.text);
  const boundary = 'b0undary';
  const multipart = [
    `--${boundary}`, 'Content-Type: application/json; charset=UTF-8', '', JSON.stringify({ threadId: first.threadId }),
    `--${boundary}`, 'Content-Type: message/rfc822', '', rfc5322({ subject: 'Re: Quick question', inReplyTo: '<enroll-1@mailseq.test>', references: '<enroll-1@mailseq.test>' }),
    `--${boundary}--`, '',
  ].join('\r\n');
  const mp = await gmail(double, {
    method: 'POST',
    path: '/upload/gmail/v1/users/me/messages/send?uploadType=multipart',
    token: tok,
    headers: { 'content-type': `multipart/related; boundary=${boundary}` },
    body: multipart,
  });
  assert.equal(mp.status, 200, mp.text);
  assert.equal(mp.json.threadId, first.threadId);
  const badMeta = multipart.replace('"threadId"', '"threadID"');
  const bad = await gmail(double, { method: 'POST', path: '/upload/gmail/v1/users/me/messages/send?uploadType=multipart', token: tok, headers: { 'content-type': `multipart/related; boundary=${boundary}` }, body: badMeta });
  assert.equal(bad.status, 400);
  assert.match(bad.json.error.message, /Message\.threadID: unknown field/);
  assert.deepEqual((await control(double, 'GET', '/control/sent')).map((s) => s.via), ['json', 'upload-media', 'upload-multipart']);
});

test('tokens: missing, expired, revoked answer 401 in Google shape; scopes are enforced', async () => {
  const path = '/gmail/v1/users/me/profile';
  const none = await gmail(double, { path });
  assert.equal(none.status, 401);
  assert.equal(none.json.error.status, 'UNAUTHENTICATED');
  assert.equal(none.json.error.errors[0].reason, 'authError');
  await control(double, 'POST', '/control/token', { action: 'expire', token: tok });
  assert.equal((await gmail(double, { path, token: tok })).status, 401);
  const t2 = await token(double, [SCOPES.send, SCOPES.metadata]);
  await control(double, 'POST', '/control/token', { action: 'revoke' });
  assert.equal((await gmail(double, { path, token: t2 })).status, 401);

  assert.equal((await send({ raw: b64url(rfc5322({ subject: 'x' })) }, t2)).status, 401, 'a revoked token cannot send');
  const meta = await token(double, [SCOPES.send, SCOPES.metadata]);
  const sent = await send({ raw: b64url(rfc5322({ subject: 'x' })) }, meta);
  const full = await gmail(double, { path: `/gmail/v1/users/me/messages/${sent.json.id}?format=full`, token: meta });
  assert.equal(full.status, 403);
  assert.match(full.json.error.message, /Metadata scope doesn't allow format FULL/);
  const sendAs = await gmail(double, { path: '/gmail/v1/users/me/settings/sendAs', token: meta });
  assert.equal(sendAs.status, 403, 'sendAs.list needs gmail.settings.basic or a read scope');
  const settings = await token(double, [SCOPES.settings]);
  const ok = await gmail(double, { path: '/gmail/v1/users/me/settings/sendAs', token: settings });
  assert.deepEqual(ok.json.sendAs.map((s) => s.sendAsEmail), ['alice@gmail.test', 'alice.sales@gmail.test']);
  const other = await gmail(double, { path: '/gmail/v1/users/bob.user@gmail.test/profile', token: meta });
  assert.equal(other.status, 403);
});

test('quota units per method, 429/5xx injection with Retry-After', async () => {
  const first = await firstEmail();
  await gmail(double, { path: `/gmail/v1/users/me/threads/${first.threadId}?format=metadata`, token: tok });
  await gmail(double, { path: `/gmail/v1/users/me/messages/${first.id}?format=minimal`, token: tok });
  const h = (await gmail(double, { path: '/gmail/v1/users/me/profile', token: tok })).json.historyId;
  await gmail(double, { path: `/gmail/v1/users/me/history?startHistoryId=${h}`, token: tok });
  const log = await control(double, 'GET', '/control/requests');
  assert.deepEqual(log.unitsByMethod, {
    'gmail.users.messages.send': 100,
    'gmail.users.threads.get': 10,
    'gmail.users.messages.get': 5,
    'gmail.users.getProfile': 1,
    'gmail.users.history.list': 2,
  });
  assert.equal(log.totalUnits, 118);

  await control(double, 'POST', '/control/fail', { method: 'messages.send', status: 429, count: 1, retryAfter: 7 });
  await control(double, 'POST', '/control/fail', { method: 'gmail.users.history.list', status: 503, count: 1, retryAfter: 3 });
  const limited = await send({ raw: b64url(rfc5322({ subject: 'x' })) });
  assert.equal(limited.status, 429);
  assert.equal(limited.headers['retry-after'], '7');
  assert.equal(limited.json.error.errors[0].reason, 'rateLimitExceeded');
  assert.equal((await send({ raw: b64url(rfc5322({ subject: 'x' })) })).status, 200);
  const down = await gmail(double, { path: `/gmail/v1/users/me/history?startHistoryId=${h}`, token: tok });
  assert.equal(down.status, 503);
  assert.equal(down.headers['retry-after'], '3');

  await control(double, 'POST', '/control/reset');
  tok = await token(double, [SCOPES.send, SCOPES.metadata]);
  await control(double, 'POST', '/control/quota', { perUserPerMinute: 250 });
  const statuses = [];
  for (let i = 0; i < 3; i += 1) statuses.push((await send({ raw: b64url(rfc5322({ subject: `n${i}` })) })).status);
  assert.deepEqual(statuses, [200, 200, 429]);
});

test('GMAIL_PAGES_DIR fixtures are served per account, by path or ?fixture=, never outside the dir', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gmail-pages-'));
  mkdirSync(join(dir, 'u', '1'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<p>inbox any account</p>');
  writeFileSync(join(dir, 'u', '1', 'index.html'), '<p>inbox of u1</p>');
  writeFileSync(join(dir, 'compose.html'), '<p>compose</p>');
  const d = await startDouble({ port: 0, controlPort: 0, pagesDir: dir });
  try {
    const get = async (path) => (await google(d, 'mail.google.com', { path })).text;
    assert.equal(await get('/mail/u/0/'), '<p>inbox any account</p>');
    assert.equal(await get('/mail/u/1/'), '<p>inbox of u1</p>');
    assert.equal(await get('/mail/u/0/?fixture=compose.html'), '<p>compose</p>');
    assert.equal((await google(d, 'mail.google.com', { path: '/mail/u/0/?fixture=../../etc/passwd' })).status, 404);
  } finally {
    await d.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('unknown hosts and paths answer 404 quietly; the Gmail page is served', async () => {
  const r = await google(double, 'accounts.google.com', { path: '/ListAccounts?gpsia=1' });
  assert.equal(r.status, 404);
  const page = await google(double, 'mail.google.com', { path: '/mail/u/1/' });
  assert.equal(page.status, 200);
  assert.match(page.text, /data-account="1"/);
  assert.deepEqual(await violations(), []);
});
