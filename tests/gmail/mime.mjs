// RFC 5322 parsing and building for the double: postal-mime does the MIME work; this file
// only shapes its result the way Gmail's API exposes a message.
import PostalMime, { decodeWords } from 'postal-mime';

const B64URL = /^[A-Za-z0-9_-]*={0,2}$/;

// Gmail's `raw` is base64url. Standard base64 (+ and /) is a client bug that Google's
// parser happens to accept, so the double accepts it too but reports it separately.
export function decodeRaw(raw) {
  if (typeof raw !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(raw)) {
    throw new Error('raw: not base64url');
  }
  return { bytes: Buffer.from(raw.replace(/\+/g, '-').replace(/\//g, '_'), 'base64url'), urlSafe: B64URL.test(raw) };
}

export function encodeRaw(bytes) {
  return Buffer.from(bytes).toString('base64url');
}

// Every `<...>` token in a Message-ID / In-Reply-To / References value.
export function messageIds(value) {
  return (value ?? '').match(/<[^<>\s]+>/g) ?? [];
}

// Gmail compares subjects without reply/forward prefixes.
export function normalizeSubject(s) {
  return (s ?? '')
    .replace(/^(\s*(re|fwd?|aw|wg|sv|antw)\s*(\[\d+\])?\s*:\s*)+/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

export async function parseMessage(bytes) {
  const email = await PostalMime.parse(bytes);
  const headers = email.headers.map((h) => ({
    name: h.originalKey ?? h.key,
    value: decodeWords(h.value.replace(/\r?\n[ \t]+/g, ' ')),
  }));
  const get = (name) => headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
  const addrs = (list) => (list ?? []).flatMap((a) => (a.group ? a.group : [a])).map((a) => ({ name: a.name, address: a.address.toLowerCase() }));
  return {
    headers,
    get,
    from: email.from ? { name: email.from.name, address: email.from.address.toLowerCase() } : null,
    to: addrs(email.to),
    cc: addrs(email.cc),
    bcc: addrs(email.bcc),
    subject: email.subject ?? '',
    messageId: get('Message-ID') ?? null,
    inReplyTo: messageIds(get('In-Reply-To')),
    references: messageIds(get('References')),
    mimeType: (get('Content-Type') ?? 'text/plain').split(';')[0].trim().toLowerCase(),
    text: email.text ?? '',
    html: email.html ?? '',
    attachments: email.attachments.length,
  };
}

function headerLine(name, value) {
  // Non-ASCII header values go out as one RFC 2047 encoded word.
  const v = /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value).toString('base64')}?=`;
  return `${name}: ${v}`;
}

// Builds a plain-text message, used for inbound mail the control API delivers.
export function buildMessage({ from, to, subject, date, messageId, inReplyTo, references, headers = {}, text = '' }) {
  const lines = [
    headerLine('From', from),
    headerLine('To', to),
    headerLine('Subject', subject ?? ''),
    `Date: ${(date ?? new Date()).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${messageId}`,
  ];
  if (inReplyTo) lines.push(`In-Reply-To: ${inReplyTo}`);
  if (references) lines.push(`References: ${references}`);
  for (const [k, v] of Object.entries(headers)) lines.push(headerLine(k, String(v)));
  lines.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset="UTF-8"', 'Content-Transfer-Encoding: 8bit');
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${text.replace(/\r?\n/g, '\r\n')}\r\n`);
}

export function snippetOf(text) {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
