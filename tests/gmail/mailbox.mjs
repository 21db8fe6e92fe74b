// In-memory Gmail mailbox of one user: messages, threads, labels and the history log.
import { randomBytes } from 'node:crypto';
import { encodeRaw, normalizeSubject, snippetOf } from './mime.mjs';

export const DEFAULT_USERS = [
  {
    email: 'alice@gmail.test',
    displayName: 'Alice Example',
    aliases: [{ sendAsEmail: 'alice.sales@gmail.test', displayName: 'Alice (Sales)' }],
    signature: '<div>Alice Example<br>Example Corp</div>',
  },
  { email: 'bob.user@gmail.test', displayName: 'Bob User', aliases: [], signature: '' },
];

let idSeq = 0n;
// Gmail ids are 16 lower-case hex digits; these grow with gaps like the real ones.
function nextId() {
  idSeq += 1n;
  return (0x19ac5f3e2b100000n + idSeq * 0x1d3n).toString(16);
}

export class Mailbox {
  constructor({ email, displayName = '', aliases = [], signature = '' }) {
    this.email = email.toLowerCase();
    this.sendAs = [
      { sendAsEmail: this.email, displayName, replyToAddress: '', signature, isPrimary: true, isDefault: true },
      ...aliases.map((a) => ({
        sendAsEmail: a.sendAsEmail.toLowerCase(),
        displayName: a.displayName ?? '',
        replyToAddress: a.replyToAddress ?? '',
        signature: a.signature ?? '',
        isDefault: false,
        treatAsAlias: true,
        verificationStatus: a.verificationStatus ?? 'accepted',
      })),
    ];
    this.historySeq = 0;
    this.historyId = 1000000 + Number(randomBytes(2).readUInt16BE() % 1000);
    this.minHistoryId = this.historyId; // start ids below this answer 404
    this.history = []; // {id, kind, messageId, threadId, labelIds}
    this.messages = new Map();
    this.threads = new Map(); // id -> {id, messageIds: []}
  }

  // History ids grow with random-looking gaps: clients must not assume +1.
  bumpHistory() {
    this.historySeq += 1;
    this.historyId += 1 + ((this.historySeq * 7) % 11);
    return this.historyId;
  }

  ownAddresses() {
    return this.sendAs.filter((s) => s.isPrimary || s.verificationStatus === 'accepted').map((s) => s.sendAsEmail);
  }

  findByMessageIdHeader(mid) {
    for (const m of this.messages.values()) if (m.messageIdHeader === mid) return m;
    return null;
  }

  // Gmail's documented rule for adding a message to an existing thread: the threadId is
  // given, References/In-Reply-To point at a message of that thread, and the Subject matches.
  threadingVerdict(threadId, parsed) {
    const thread = this.threads.get(threadId);
    if (!thread) return { ok: false, reason: 'no such thread' };
    const members = thread.messageIds.map((id) => this.messages.get(id));
    const ids = new Set(members.map((m) => m.messageIdHeader));
    const refs = [...parsed.inReplyTo, ...parsed.references];
    if (!refs.some((r) => ids.has(r))) return { ok: false, reason: 'References/In-Reply-To do not point into the thread' };
    const subject = normalizeSubject(parsed.subject);
    if (!members.some((m) => normalizeSubject(m.subject) === subject)) return { ok: false, reason: 'Subject does not match the thread' };
    return { ok: true };
  }

  // Stores a parsed message; returns the stored record.
  add({ bytes, parsed, threadId, labelIds, internalDate = Date.now() }) {
    const id = nextId();
    const tid = threadId ?? id;
    if (!this.threads.has(tid)) this.threads.set(tid, { id: tid, messageIds: [] });
    const msg = {
      id,
      threadId: tid,
      labelIds: [...labelIds],
      bytes,
      headers: parsed.headers,
      subject: parsed.subject,
      messageIdHeader: parsed.messageId,
      mimeType: parsed.mimeType,
      text: parsed.text,
      html: parsed.html,
      snippet: snippetOf(parsed.text || parsed.html.replace(/<[^>]*>/g, ' ')),
      internalDate,
      historyId: this.bumpHistory(),
    };
    this.messages.set(id, msg);
    this.threads.get(tid).messageIds.push(id);
    this.history.push({ id: msg.historyId, kind: 'messageAdded', messageId: id, threadId: tid, labelIds: [...msg.labelIds] });
    return msg;
  }

  changeLabels(messageId, add = [], remove = []) {
    const msg = this.messages.get(messageId);
    if (!msg) return null;
    const added = add.filter((l) => !msg.labelIds.includes(l));
    const removed = remove.filter((l) => msg.labelIds.includes(l));
    msg.labelIds = [...msg.labelIds.filter((l) => !removed.includes(l)), ...added];
    msg.historyId = this.bumpHistory();
    if (added.length) this.history.push({ id: msg.historyId, kind: 'labelAdded', messageId, threadId: msg.threadId, labelIds: [...msg.labelIds], changed: added });
    if (removed.length) this.history.push({ id: msg.historyId, kind: 'labelRemoved', messageId, threadId: msg.threadId, labelIds: [...msg.labelIds], changed: removed });
    return msg;
  }

  // Forgets history before `historyId` (default: now), like Gmail's limited retention.
  expireHistory(historyId = this.historyId) {
    this.minHistoryId = historyId;
    this.history = this.history.filter((h) => h.id >= historyId);
  }

  threadHistoryId(threadId) {
    return Math.max(...this.threads.get(threadId).messageIds.map((id) => this.messages.get(id).historyId));
  }

  // A Message resource in one of the API's formats.
  format(msg, format = 'full', metadataHeaders = []) {
    const base = {
      id: msg.id,
      threadId: msg.threadId,
      labelIds: [...msg.labelIds],
      snippet: msg.snippet,
      sizeEstimate: msg.bytes.length,
      historyId: String(msg.historyId),
      internalDate: String(msg.internalDate),
    };
    if (format === 'minimal') return base;
    if (format === 'raw') return { ...base, raw: encodeRaw(msg.bytes) };
    const wanted = metadataHeaders.map((h) => h.toLowerCase());
    const headers = msg.headers
      .filter((h) => format !== 'metadata' || !wanted.length || wanted.includes(h.name.toLowerCase()))
      .map((h) => ({ name: h.name, value: h.value }));
    const payload = { partId: '', mimeType: msg.mimeType, filename: '', headers, body: { size: 0 } };
    if (format === 'full') {
      // The double keeps only the decoded text and html, not the original MIME tree.
      const parts = [];
      if (msg.text) parts.push(bodyPart('0', 'text/plain', msg.text));
      if (msg.html) parts.push(bodyPart(String(parts.length), 'text/html', msg.html));
      if (parts.length === 1 && !msg.mimeType.startsWith('multipart/')) payload.body = parts[0].body;
      else if (parts.length) payload.parts = parts;
    }
    return { ...base, payload };
  }
}

function bodyPart(partId, mimeType, content) {
  const data = Buffer.from(content);
  return {
    partId,
    mimeType,
    filename: '',
    headers: [{ name: 'Content-Type', value: `${mimeType}; charset="UTF-8"` }],
    body: { size: data.length, data: data.toString('base64url') },
  };
}

export class Mailboxes {
  constructor(users = DEFAULT_USERS) {
    this.byEmail = new Map(users.map((u) => [u.email.toLowerCase(), new Mailbox(u)]));
    this.defaultEmail = users[0].email.toLowerCase();
  }

  get(email = this.defaultEmail) {
    return this.byEmail.get(email.toLowerCase()) ?? null;
  }
}
