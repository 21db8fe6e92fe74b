// The control API: plain HTTP on 127.0.0.1 only, so tests in Node can drive the double
// (deliver inbound mail, read what was sent, inject failures, expire tokens).
import { randomBytes } from 'node:crypto';
import { addressParser } from 'postal-mime';
import { readBody } from './api-server.mjs';
import { buildMessage, normalizeSubject, parseMessage } from './mime.mjs';

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body, null, 1));
}

function box(state, user) {
  const b = state.mailboxes.get(user);
  if (!b) throw Object.assign(new Error(`no such user: ${user}`), { status: 404 });
  return b;
}

// An inbound message from a prospect (or, with `from` set to the user, one the user sent
// from Gmail's own UI). It joins a thread the way Gmail threads incoming mail: a known
// Message-ID in In-Reply-To/References and a matching subject; or `threadId` forces one.
async function deliver(state, req) {
  const b = box(state, req.user);
  if (!req.raw && !req.from) throw Object.assign(new Error('deliver needs `from` (or `raw`)'), { status: 400 });
  const messageId = req.messageId ?? `<inbound-${randomBytes(8).toString('hex')}@${(addressParser(req.from ?? '')[0]?.address ?? 'x@prospect.test').split('@')[1]}>`;
  const bytes = req.raw
    ? Buffer.from(req.raw, 'base64url')
    : buildMessage({
        from: req.from,
        to: req.to ?? b.email,
        subject: req.subject ?? '',
        date: req.date ? new Date(req.date) : undefined,
        messageId,
        inReplyTo: req.inReplyTo,
        references: req.references ?? req.inReplyTo,
        headers: req.headers ?? {},
        text: req.text ?? '',
      });
  const parsed = await parseMessage(bytes);
  let threadId = req.threadId;
  if (threadId && !b.threads.has(threadId)) throw Object.assign(new Error(`no such thread: ${threadId}`), { status: 404 });
  if (!threadId) {
    for (const ref of [...parsed.inReplyTo, ...parsed.references]) {
      const m = b.findByMessageIdHeader(ref);
      if (m && normalizeSubject(m.subject) === normalizeSubject(parsed.subject)) {
        threadId = m.threadId;
        break;
      }
    }
  }
  const fromSelf = parsed.from && b.ownAddresses().includes(parsed.from.address);
  const labelIds = req.labelIds ?? (fromSelf ? ['SENT'] : ['UNREAD', 'CATEGORY_PERSONAL', 'INBOX']);
  const msg = b.add({ bytes, parsed, threadId, labelIds, internalDate: req.date ? Date.parse(req.date) : Date.now() });
  return { id: msg.id, threadId: msg.threadId, historyId: String(msg.historyId), messageId: parsed.messageId, labelIds: msg.labelIds };
}

function mailboxDump(b) {
  return {
    email: b.email,
    historyId: String(b.historyId),
    minHistoryId: String(b.minHistoryId),
    threads: [...b.threads.values()].map((t) => ({
      id: t.id,
      messages: t.messageIds.map((id) => {
        const m = b.messages.get(id);
        return { id, labelIds: m.labelIds, historyId: String(m.historyId), messageId: m.messageIdHeader, subject: m.subject, headers: m.headers, text: m.text };
      }),
    })),
  };
}

export function makeControlHandler(state, { reset, info }) {
  const routes = {
    'GET /control/info': () => info(),
    'POST /control/reset': (b) => {
      reset(b);
      return { ok: true };
    },
    'POST /control/deliver': (b) => deliver(state, b),
    'POST /control/label': (b) => {
      const m = box(state, b.user).changeLabels(b.messageId, b.add ?? [], b.remove ?? []);
      if (!m) throw Object.assign(new Error(`no such message: ${b.messageId}`), { status: 404 });
      return { id: m.id, labelIds: m.labelIds, historyId: String(m.historyId) };
    },
    'POST /control/history': (b) => {
      const mb = box(state, b.user);
      mb.expireHistory(b.expireBefore !== undefined ? Number(b.expireBefore) : undefined);
      return { minHistoryId: String(mb.minHistoryId), historyId: String(mb.historyId) };
    },
    'GET /control/sent': () => state.sent,
    'GET /control/requests': () => {
      const byMethod = {};
      for (const r of state.requests) if (r.units) byMethod[r.methodId] = (byMethod[r.methodId] ?? 0) + r.units;
      return { requests: state.requests, totalUnits: state.requests.reduce((a, r) => a + r.units, 0), unitsByMethod: byMethod };
    },
    'GET /control/violations': () => state.violations,
    'GET /control/unknown': () => state.unknown,
    'GET /control/auth-log': () => state.oauth.authLog,
    'GET /control/mailbox': (_, q) => mailboxDump(box(state, q.get('user') ?? undefined)),
    'POST /control/fail': (b) => {
      state.quota.addFailure(b);
      return { rules: state.quota.rules };
    },
    'POST /control/quota': (b) => {
      if (b.perUserPerMinute !== undefined) state.quota.perUserPerMinute = b.perUserPerMinute;
      return { perUserPerMinute: state.quota.perUserPerMinute };
    },
    'POST /control/token': (b) => {
      if (b.action === 'issue') {
        return state.oauth.issue({
          user: (b.user ?? state.mailboxes.defaultEmail).toLowerCase(),
          scopes: b.scopes ?? ['https://www.googleapis.com/auth/gmail.send', 'https://www.googleapis.com/auth/gmail.metadata'],
          lifetime: b.lifetime,
        });
      }
      return state.oauth.control(b);
    },
  };
  return async function handle(req, res) {
    const url = new URL(req.url, 'http://127.0.0.1');
    const route = routes[`${req.method} ${url.pathname}`];
    if (!route) return json(res, 404, { error: `no control route ${req.method} ${url.pathname}`, routes: Object.keys(routes) });
    try {
      const text = (await readBody(req)).toString('utf8');
      const body = text ? JSON.parse(text) : {};
      json(res, 200, await route(body, url.searchParams));
    } catch (e) {
      json(res, e.status ?? 500, { error: e.message });
    }
  };
}
