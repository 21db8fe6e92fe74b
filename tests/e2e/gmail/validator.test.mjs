// The double's discovery-schema check bites on what a browser sends it: a send whose body
// has a misspelt field (threadID) or a wrong type is refused with 400 and recorded as a
// violation naming the field. (tests/gmail/schema.test.mjs proves the validator field by
// field; this shows the same check stands between the extension and the double.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connectGmail, startRig, USER } from './rig.mjs';

let rig;
before(async () => {
  rig = await startRig();
  (await connectGmail(rig)).page.close();
});
after(async () => {
  await rig?.close();
});

test('a deliberately wrong field is rejected by the schema check', async () => {
  const out = await rig.ext.swEval(async (user) => {
    const { [`gmailToken:${user}`]: grant } = await chrome.storage.session.get(`gmailToken:${user}`);
    const send = (body) =>
      fetch(`https://gmail.googleapis.com/gmail/v1/users/${user}/messages/send`, {
        method: 'POST',
        headers: { authorization: `Bearer ${grant.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    return [await send({ raw: 'RnJvbTogYQ', threadID: '18c0ffee' }), await send({ raw: 12345 })];
  }, USER);
  assert.equal(out[0].status, 400);
  assert.equal(out[1].status, 400);
  const v = await rig.violations();
  assert.deepEqual(
    v.map((x) => [x.kind, x.message]),
    [
      ['request', 'Message.threadID: unknown field'],
      ['request', 'Message.raw: expected string (format byte), got number'],
    ],
  );
  assert.equal((await rig.sent()).length, 0, 'nothing was sent');
});
