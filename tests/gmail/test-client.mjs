// Helpers for tests in Node: call the double under Google's hostnames (TLS with SNI, trusting
// the double's certificate) and drive its control API.
import { request } from 'node:https';

export function google(double, host, { method = 'GET', path, token, body, headers = {} }) {
  const isJson = body !== undefined && !Buffer.isBuffer(body) && typeof body !== 'string';
  const payload = isJson ? JSON.stringify(body) : body;
  const h = { host, ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (isJson) h['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: double.port, servername: host, ca: double.cert, method, path, headers: h },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export const gmail = (double, opts) => google(double, 'gmail.googleapis.com', opts);

export async function control(double, method, path, body) {
  const res = await fetch(`${double.controlUrl}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function token(double, scopes, user) {
  return (await control(double, 'POST', '/control/token', { action: 'issue', scopes, user })).access_token;
}

export const SCOPES = {
  send: 'https://www.googleapis.com/auth/gmail.send',
  metadata: 'https://www.googleapis.com/auth/gmail.metadata',
  readonly: 'https://www.googleapis.com/auth/gmail.readonly',
  settings: 'https://www.googleapis.com/auth/gmail.settings.basic',
};

export function rfc5322({ from = 'Alice Example <alice@gmail.test>', to = 'Pat Prospect <pat@prospect.test>', subject, messageId, inReplyTo, references, text = 'Hello' }) {
  const lines = [`From: ${from}`, `To: ${to}`, `Subject: ${subject}`, 'Date: Fri, 27 Nov 2026 10:00:00 +0000'];
  if (messageId) lines.push(`Message-ID: ${messageId}`);
  if (inReplyTo) lines.push(`In-Reply-To: ${inReplyTo}`);
  if (references) lines.push(`References: ${references}`);
  lines.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8');
  return `${lines.join('\r\n')}\r\n\r\n${text}\r\n`;
}

export const b64url = (s) => Buffer.from(s).toString('base64url');
