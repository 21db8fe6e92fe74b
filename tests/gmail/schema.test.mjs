// The validator bites: each wrong shape is rejected with an error that names the field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GmailSchema, SchemaError } from './schema.mjs';

const schema = new GmailSchema();
const req = (method, path) => schema.validateRequest(method, new URL(path, 'https://gmail.googleapis.com'));
const rejects = (fn, pattern) => assert.throws(fn, (e) => e instanceof SchemaError && pattern.test(e.message), `expected ${pattern}`);

test('resolves methods, upload paths and literal segments before templates', () => {
  assert.equal(req('POST', '/gmail/v1/users/me/messages/send').method.id, 'gmail.users.messages.send');
  const up = req('POST', '/upload/gmail/v1/users/me/messages/send?uploadType=media');
  assert.equal(up.method.id, 'gmail.users.messages.send');
  assert.equal(up.upload, 'simple');
  const get = req('GET', '/gmail/v1/users/me/threads/18c0ffee?format=metadata&metadataHeaders=From&metadataHeaders=Message-ID');
  assert.equal(get.method.id, 'gmail.users.threads.get');
  assert.deepEqual(get.params, { userId: 'me', id: '18c0ffee', format: 'metadata', metadataHeaders: ['From', 'Message-ID'] });
  assert.equal(req('GET', '/gmail/v1/users/me/settings/sendAs').method.id, 'gmail.users.settings.sendAs.list');
  rejects(() => req('GET', '/gmail/v1/users/me/nope'), /no such method/);
  rejects(() => req('DELETE', '/gmail/v1/users/me/profile'), /exists for GET/);
});

test('query parameters: enum, type, unknown, repeated, required', () => {
  rejects(() => req('GET', '/gmail/v1/users/me/messages/1?format=everything'), /parameter format: "everything" is not one of minimal\|full\|raw\|metadata/);
  rejects(() => req('GET', '/gmail/v1/users/me/threads/1?format=raw'), /parameter format: "raw" is not one of full\|metadata\|minimal/);
  rejects(() => req('GET', '/gmail/v1/users/me/history?startHistoryId=1&maxResults=ten'), /parameter maxResults: "ten" is not an integer/);
  rejects(() => req('GET', '/gmail/v1/users/me/history?startHistoryId=abc'), /parameter startHistoryId: "abc" is not a valid uint64/);
  rejects(() => req('GET', '/gmail/v1/users/me/history?startHistoryId=1&historyTypes=messagesAdded'), /parameter historyTypes: "messagesAdded" is not one of/);
  rejects(() => req('GET', '/gmail/v1/users/me/history'), /parameter startHistoryId is required/);
  rejects(() => req('GET', '/gmail/v1/users/me/profile?q=from:x'), /parameter q: unknown parameter/);
  rejects(() => req('GET', '/gmail/v1/users/me/messages/1?format=full&format=raw'), /parameter format: given 2 times/);
  rejects(() => req('GET', '/gmail/v1/users/me/profile?prettyPrint=yes'), /parameter prettyPrint: "yes" is not a boolean/);
  // Google's global parameters are accepted on every method.
  assert.equal(req('GET', '/gmail/v1/users/me/profile?prettyPrint=false&fields=emailAddress').params.prettyPrint, false);
});

test('request bodies: a wrong field name, a wrong type, a missing required field', () => {
  const send = (body) => schema.validateRequestBody('gmail.users.messages.send', body);
  send({ raw: 'RnJvbTogYQ', threadId: '18c0ffee' });
  rejects(() => send({ raw: 'RnJvbTogYQ', threadID: 'x' }), /^Message\.threadID: unknown field$/);
  rejects(() => send({ raw: 12345 }), /^Message\.raw: expected string \(format byte\), got number$/);
  rejects(() => send({ raw: 'not base64!' }), /^Message\.raw: not base64/);
  rejects(() => send({ threadId: 'x' }), /^Message\.raw: required by gmail\.users\.messages\.send$/);
  rejects(() => send({ raw: 'QQ', labelIds: 'SENT' }), /^Message\.labelIds: expected array, got string$/);
  rejects(() => send({ raw: 'QQ', payload: { headers: [{ name: 'a', value: 'b' }, { name: 'c', vlaue: 'd' }] } }), /^Message\.payload\.headers\[1\]\.vlaue: unknown field$/);
  rejects(() => send([]), /^Message: expected object, got array$/);
  // Google's parser takes null as "unset" in a request.
  send({ raw: 'QQ', threadId: null });
  // In the upload variant the message is the media, so the metadata may omit raw.
  schema.validateRequestBody('gmail.users.messages.send', { threadId: 'x' }, { upload: 'simple' });
  rejects(() => schema.validateRequestBody('gmail.users.getProfile', {}), /takes no request body/);
});

test('responses: unknown fields, int64 as strings, nested refs and arrays', () => {
  const ok = {
    id: '19ac',
    threadId: '19ac',
    labelIds: ['SENT'],
    historyId: '1000123',
    internalDate: '1795000000000',
    sizeEstimate: 321,
    payload: { mimeType: 'text/plain', headers: [{ name: 'From', value: 'a' }, { name: 'To', value: 'b' }, { name: 'Subject', value: 'c' }] },
  };
  schema.validate('Message', ok);
  const bad = structuredClone(ok);
  bad.payload.headers[2] = { nam: 'Subject', value: 'c' };
  rejects(() => schema.validate('Message', bad), /^Message\.payload\.headers\[2\]\.nam: unknown field$/);
  rejects(() => schema.validate('Message', { ...ok, historyId: 1000123 }), /^Message\.historyId: expected string \(format uint64\), got number$/);
  rejects(() => schema.validate('Message', { ...ok, internalDate: 'yesterday' }), /^Message\.internalDate: "yesterday" is not a valid int64 string$/);
  rejects(() => schema.validate('Message', { ...ok, sizeEstimate: '321' }), /^Message\.sizeEstimate: expected integer \(format int32\), got string$/);
  rejects(() => schema.validate('Message', { ...ok, snippet: null }), /^Message\.snippet: null/);
  rejects(
    () => schema.validate('ListHistoryResponse', { historyId: '5', history: [{ id: '4', messagesAdded: [{ message: { id: 'a', labelIds: [1] } }] }] }),
    /^ListHistoryResponse\.history\[0\]\.messagesAdded\[0\]\.message\.labelIds\[0\]: expected string, got number$/,
  );
  rejects(() => schema.validate('Thread', { id: 't', messages: [{ id: 'm', threadid: 't' }] }), /^Thread\.messages\[0\]\.threadid: unknown field$/);
  rejects(() => schema.validate('Profile', { emailAddress: 'a', historyId: '1', messagesTotal: 1, threadsTotal: 1, isPrimary: true }), /^Profile\.isPrimary: unknown field$/);
  rejects(() => schema.validate('ListSendAsResponse', { sendAs: [{ sendAsEmail: 'a', verificationStatus: 'verified' }] }), /^ListSendAsResponse\.sendAs\[0\]\.verificationStatus: "verified" is not one of/);
  rejects(() => schema.validate('ListSendAsResponse', { sendAs: [{ sendAsEmail: 'a', isDefault: 'true' }] }), /^ListSendAsResponse\.sendAs\[0\]\.isDefault: expected boolean, got string$/);
});
