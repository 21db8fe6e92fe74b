// Handlers of the Gmail API methods the extension uses. Each gets a request already checked
// against the discovery document and answers {status, json}.
import { randomBytes } from 'node:crypto';
import { decodeRaw, parseMessage } from './mime.mjs';
import { SchemaError } from './schema.mjs';

export class ApiError extends Error {
  constructor(status, message, reason, statusText) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.statusText = statusText;
  }
}

export function errorBody(status, message, reason, statusText, extra = {}) {
  return { error: { code: status, message, errors: [{ message, domain: 'global', reason, ...extra }], status: statusText } };
}

const notFound = () => new ApiError(404, 'Requested entity was not found.', 'notFound', 'NOT_FOUND');
const badRequest = (message) => new ApiError(400, message, 'invalidArgument', 'INVALID_ARGUMENT');

const FULL_READ = ['https://mail.google.com/', 'https://www.googleapis.com/auth/gmail.readonly', 'https://www.googleapis.com/auth/gmail.modify'];

// With only gmail.metadata among the scopes that allow reading, Google refuses bodies.
function checkFormat(token, format) {
  if (!['full', 'raw'].includes(format)) return;
  if (token.scopes.some((s) => FULL_READ.includes(s))) return;
  throw new ApiError(403, `Metadata scope doesn't allow format ${format.toUpperCase()}`, 'forbidden', 'PERMISSION_DENIED');
}

export const handlers = {
  'gmail.users.getProfile'({ box }) {
    return {
      emailAddress: box.email,
      messagesTotal: box.messages.size,
      threadsTotal: box.threads.size,
      historyId: String(box.historyId),
    };
  },

  'gmail.users.settings.sendAs.list'({ box }) {
    return { sendAs: box.sendAs.map((s) => ({ ...s })) };
  },

  'gmail.users.messages.get'({ box, params, token }) {
    const format = params.format ?? 'full';
    checkFormat(token, format);
    const msg = box.messages.get(params.id);
    if (!msg) throw notFound();
    return box.format(msg, format, params.metadataHeaders ?? []);
  },

  // Newest first, as Gmail lists. With only gmail.metadata, `q` is refused (Google's words).
  'gmail.users.messages.list'({ box, params, token }) {
    if (params.q !== undefined) {
      if (!token.scopes.some((s) => FULL_READ.includes(s))) {
        throw new ApiError(403, "Metadata scope does not support 'q' parameter", 'forbidden', 'PERMISSION_DENIED');
      }
      throw new ApiError(501, 'Search (q) is not implemented by the double.', 'notImplemented', 'UNIMPLEMENTED');
    }
    const labels = params.labelIds ?? [];
    const hidden = params.includeSpamTrash ? [] : ['SPAM', 'TRASH'];
    const all = [...box.messages.values()]
      .filter((m) => labels.every((l) => m.labelIds.includes(l)) && !m.labelIds.some((l) => hidden.includes(l)))
      .reverse();
    const offset = params.pageToken ? Number(params.pageToken) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw badRequest('Invalid pageToken');
    const size = Math.min(params.maxResults ?? 100, 500);
    const out = { resultSizeEstimate: all.length };
    const page = all.slice(offset, offset + size).map((m) => ({ id: m.id, threadId: m.threadId }));
    if (page.length) out.messages = page;
    if (offset + size < all.length) out.nextPageToken = String(offset + size);
    return out;
  },

  'gmail.users.threads.get'({ box, params, token }) {
    const format = params.format ?? 'full';
    checkFormat(token, format);
    const thread = box.threads.get(params.id);
    if (!thread) throw notFound();
    return {
      id: thread.id,
      historyId: String(box.threadHistoryId(thread.id)),
      messages: thread.messageIds.map((id) => box.format(box.messages.get(id), format, params.metadataHeaders ?? [])),
    };
  },

  'gmail.users.history.list'({ box, params }) {
    const start = Number(params.startHistoryId);
    if (start < box.minHistoryId) throw notFound();
    const types = params.historyTypes ?? ['messageAdded', 'messageDeleted', 'labelAdded', 'labelRemoved'];
    const matching = box.history.filter(
      (h) => h.id > start && types.includes(h.kind) && (!params.labelId || h.labelIds.includes(params.labelId)),
    );
    // One History record per history id, as Gmail groups the changes of one id.
    const records = [];
    for (const h of matching) {
      let rec = records.at(-1);
      if (!rec || rec.id !== String(h.id)) {
        rec = { id: String(h.id), messages: [] };
        records.push(rec);
      }
      if (!rec.messages.some((m) => m.id === h.messageId)) rec.messages.push({ id: h.messageId, threadId: h.threadId });
      const message = { id: h.messageId, threadId: h.threadId, labelIds: h.labelIds };
      if (h.kind === 'messageAdded') (rec.messagesAdded ??= []).push({ message });
      if (h.kind === 'labelAdded') (rec.labelsAdded ??= []).push({ message, labelIds: h.changed });
      if (h.kind === 'labelRemoved') (rec.labelsRemoved ??= []).push({ message, labelIds: h.changed });
    }
    const offset = params.pageToken ? Number(params.pageToken) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw badRequest('Invalid pageToken');
    const size = Math.min(params.maxResults ?? 100, 500);
    const page = records.slice(offset, offset + size);
    const out = { historyId: String(box.historyId) };
    if (page.length) out.history = page;
    if (offset + size < records.length) out.nextPageToken = String(offset + size);
    return out;
  },

  async 'gmail.users.messages.send'(ctx) {
    const { box, upload, body, contentType, state } = ctx;
    let bytes;
    let threadId;
    let via;
    if (!upload) {
      const decoded = decodeOrFail(body.raw);
      bytes = decoded.bytes;
      threadId = body.threadId;
      via = decoded.urlSafe ? 'json' : 'json (standard base64, not base64url)';
    } else if (upload === 'simple' && ctx.uploadType === 'multipart') {
      const parts = splitMultipart(ctx.rawBody, contentType);
      const meta = parts.find((p) => /application\/json/i.test(p.contentType));
      const media = parts.find((p) => /^message\//i.test(p.contentType));
      if (!media) throw badRequest('multipart upload without a message/* part');
      let metadata = {};
      try {
        if (meta) metadata = JSON.parse(meta.body.toString('utf8'));
      } catch {
        throw new SchemaError('gmail.users.messages.send: multipart metadata part is not valid JSON', 'body');
      }
      ctx.validateMetadata(metadata);
      bytes = media.body;
      threadId = metadata.threadId;
      via = 'upload-multipart';
    } else if (upload === 'simple') {
      if (!/^message\//i.test(contentType ?? '')) throw badRequest(`Media type '${contentType}' is not supported. Valid media types: [message/*]`);
      bytes = ctx.rawBody;
      via = 'upload-media';
    } else {
      throw new ApiError(501, 'Resumable upload is not implemented by the double.', 'notImplemented', 'UNIMPLEMENTED');
    }
    return sendMessage({ box, bytes, threadId, via, state });
  },
};

function decodeOrFail(raw) {
  try {
    return decodeRaw(raw);
  } catch {
    throw badRequest("Invalid value at 'message.raw' (TYPE_BYTES), Base64 decoding failed");
  }
}

async function sendMessage({ box, bytes, threadId, via, state }) {
  if (!bytes.length) throw badRequest("'raw' RFC822 payload message string or uploading message via /upload/* URL required");
  let parsed = await parseMessage(bytes);
  const recipients = [...parsed.to, ...parsed.cc, ...parsed.bcc];
  if (!recipients.length) throw badRequest('Recipient address required');
  const own = box.ownAddresses();
  const fromOk = parsed.from && own.includes(parsed.from.address);
  if (!parsed.messageId) {
    // Gmail adds a Message-ID when the client sent none.
    const mid = `<CAtest${randomBytes(12).toString('hex')}@mail.gmail.com>`;
    bytes = Buffer.concat([Buffer.from(`Message-ID: ${mid}\r\n`), bytes]);
    parsed = await parseMessage(bytes);
  }
  let verdict = null;
  if (threadId !== undefined) {
    if (!box.threads.has(threadId)) throw badRequest('Invalid thread_id value');
    verdict = box.threadingVerdict(threadId, parsed);
  }
  const toSelf = recipients.some((r) => own.includes(r.address));
  const msg = box.add({
    bytes,
    parsed,
    threadId: verdict?.ok ? threadId : undefined,
    labelIds: toSelf ? ['SENT', 'INBOX', 'UNREAD'] : ['SENT'],
  });
  state.sent.push({
    at: new Date().toISOString(),
    user: box.email,
    id: msg.id,
    threadId: msg.threadId,
    requestedThreadId: threadId ?? null,
    joinedThread: verdict?.ok ?? false,
    threadingRejected: verdict && !verdict.ok ? verdict.reason : null,
    via,
    from: parsed.from,
    // Gmail replaces a From that is neither the account nor a verified send-as alias.
    fromRewritten: !fromOk,
    to: parsed.to,
    cc: parsed.cc,
    bcc: parsed.bcc,
    subject: parsed.subject,
    messageId: parsed.messageId,
    inReplyTo: parsed.inReplyTo,
    references: parsed.references,
    headers: parsed.headers,
    text: parsed.text,
    html: parsed.html,
    attachments: parsed.attachments,
    raw: bytes.toString('base64url'),
  });
  return { id: msg.id, threadId: msg.threadId, labelIds: [...msg.labelIds] };
}

function splitMultipart(body, contentType) {
  const m = /boundary="?([^";]+)"?/i.exec(contentType ?? '');
  if (!m) throw badRequest('multipart body without boundary');
  const delim = Buffer.from(`--${m[1]}`);
  const parts = [];
  let pos = body.indexOf(delim);
  while (pos !== -1) {
    const start = pos + delim.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delim, start);
    if (next === -1) break;
    const chunk = body.subarray(start, next).toString('latin1').replace(/^\r?\n/, '').replace(/\r?\n$/, '');
    const split = chunk.search(/\r?\n\r?\n/);
    const head = split === -1 ? chunk : chunk.slice(0, split);
    const rest = split === -1 ? '' : chunk.slice(split).replace(/^\r?\n\r?\n/, '');
    const ct = /^content-type:\s*(.+)$/im.exec(head)?.[1].trim() ?? 'text/plain';
    parts.push({ contentType: ct, body: Buffer.from(rest, 'latin1') });
    pos = next;
  }
  return parts;
}
