// A self-signed certificate for Google's hostnames, made with the openssl CLI at start.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HOSTNAMES = ['mail.google.com', 'gmail.googleapis.com', 'accounts.google.com', 'oauth2.googleapis.com'];

export function makeCertificate(hostnames = HOSTNAMES) {
  const dir = mkdtempSync(join(tmpdir(), 'gmail-double-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '30',
      '-keyout', key, '-out', cert, '-subj', `/CN=${hostnames[0]}`,
      '-addext', `subjectAltName=${hostnames.map((h) => `DNS:${h}`).join(',')}`,
      '-addext', 'extendedKeyUsage=serverAuth',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    const pem = readFileSync(cert, 'utf8');
    const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
    return {
      key: readFileSync(key, 'utf8'),
      cert: pem,
      // For Chromium's --ignore-certificate-errors-spki-list.
      spkiHash: createHash('sha256').update(spki).digest('base64'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
