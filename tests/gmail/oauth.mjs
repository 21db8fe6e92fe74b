// Google's OAuth 2.0 endpoints as the extension meets them: the authorization endpoint on
// accounts.google.com (implicit and code+PKCE) and the token endpoint on oauth2.googleapis.com.
import { createHash, randomBytes } from 'node:crypto';

const GOOGLE_EXTRA_SCOPES = ['openid', 'email', 'profile', 'https://www.googleapis.com/auth/userinfo.email'];

function rand(prefix, n = 24) {
  return prefix + randomBytes(n).toString('base64url');
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export class OAuth {
  constructor({ knownScopes, mailboxes }) {
    this.knownScopes = new Set([...knownScopes, ...GOOGLE_EXTRA_SCOPES]);
    this.mailboxes = mailboxes;
    this.reset();
  }

  reset() {
    this.tokens = new Map(); // access token -> {user, scopes, expiresAt, revoked, clientId}
    this.refreshTokens = new Map(); // refresh token -> {user, scopes, clientId, revoked}
    this.codes = new Map();
    this.grants = new Set(); // `${user} ${clientId}` that consented once
    this.mode = 'auto'; // auto | consent | signed-out | deny
    this.user = this.mailboxes.defaultEmail;
    this.lifetime = 3599; // what Google's token endpoint answers
    this.authLog = [];
  }

  issue({ user = this.user, scopes, clientId = 'control', lifetime = this.lifetime }) {
    const token = rand('ya29.test-');
    this.tokens.set(token, { user, scopes: [...scopes], expiresAt: Date.now() + lifetime * 1000, revoked: false, clientId });
    return { access_token: token, expires_in: lifetime, token_type: 'Bearer', scope: scopes.join(' ') };
  }

  // Returns {ok, token} or {ok: false, why}.
  check(token) {
    if (!token) return { ok: false, why: 'missing' };
    const t = this.tokens.get(token);
    if (!t) return { ok: false, why: 'unknown' };
    if (t.revoked) return { ok: false, why: 'revoked' };
    if (Date.now() >= t.expiresAt) return { ok: false, why: 'expired' };
    return { ok: true, token: t };
  }

  // action: expire | revoke, on one token or on all of them (and refresh tokens on revoke).
  control({ action, token, lifetime, mode, user }) {
    if (lifetime !== undefined) this.lifetime = lifetime;
    if (mode !== undefined) this.mode = mode;
    if (user !== undefined) this.user = user.toLowerCase();
    const targets = token ? [this.tokens.get(token)].filter(Boolean) : [...this.tokens.values()];
    if (action === 'expire') for (const t of targets) t.expiresAt = 0;
    if (action === 'revoke') {
      for (const t of targets) t.revoked = true;
      if (!token) for (const r of this.refreshTokens.values()) r.revoked = true;
      this.grants.clear();
    }
    return { affected: action ? targets.length : 0, mode: this.mode, user: this.user, lifetime: this.lifetime };
  }

  // GET /o/oauth2/v2/auth. Returns {status, headers, body}.
  authorize(url) {
    const q = Object.fromEntries(url.searchParams);
    this.authLog.push({ at: new Date().toISOString(), path: url.pathname, params: q });
    const page = (status, title, text) => ({
      status,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<!doctype html><title>${escapeHtml(title)}</title><h1>${escapeHtml(title)}</h1><p id="error">${escapeHtml(text)}</p>`,
    });
    // Google shows an error page (no redirect) when the request itself is malformed.
    if (!q.client_id) return page(400, 'Error 400: invalid_request', 'Missing required parameter: client_id');
    if (!q.redirect_uri) return page(400, 'Error 400: invalid_request', 'Missing required parameter: redirect_uri');
    if (!isAllowedRedirect(q.redirect_uri)) return page(400, 'Error 400: redirect_uri_mismatch', q.redirect_uri);
    if (!['token', 'code'].includes(q.response_type)) {
      return page(400, 'Error 400: invalid_request', `Invalid response_type: ${q.response_type}`);
    }
    const scopes = (q.scope ?? '').split(/\s+/).filter(Boolean);
    if (!scopes.length) return page(400, 'Error 400: invalid_request', 'Missing required parameter: scope');
    const unknown = scopes.filter((s) => !this.knownScopes.has(s));
    if (unknown.length) return page(400, 'Error 400: invalid_scope', `Some requested scopes were invalid: ${unknown.join(' ')}`);
    if (q.response_type === 'code' && q.code_challenge && !['S256', 'plain'].includes(q.code_challenge_method ?? 'plain')) {
      return page(400, 'Error 400: invalid_request', 'Invalid code_challenge_method');
    }
    const user = (q.login_hint && this.mailboxes.get(q.login_hint) ? q.login_hint : this.user).toLowerCase();
    const silent = q.prompt === 'none';
    const granted = this.grants.has(`${user} ${q.client_id}`);
    if (this.mode === 'deny') return this.redirect(q, { error: 'access_denied' });
    if (silent && this.mode === 'signed-out') return this.redirect(q, { error: 'login_required' });
    if (silent && this.mode === 'consent' && !granted) return this.redirect(q, { error: 'consent_required' });
    if (!silent && (this.mode === 'consent' || this.mode === 'signed-out') && q.approve !== '1') {
      return this.consentPage(url, user, scopes);
    }
    this.grants.add(`${user} ${q.client_id}`);
    return this.grant(q, user, scopes);
  }

  consentPage(url, user, scopes) {
    const approve = new URL(url);
    approve.searchParams.set('approve', '1');
    const deny = new URL(url.searchParams.get('redirect_uri'));
    const params = new URLSearchParams({ error: 'access_denied', state: url.searchParams.get('state') ?? '' });
    if (url.searchParams.get('response_type') === 'token') deny.hash = params.toString();
    else deny.search = params.toString();
    return {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<!doctype html><title>Sign in - Google Accounts</title>
<main role="main"><h1>mailseq wants to access your Google Account</h1><p>${escapeHtml(user)}</p>
<ul>${scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
<a id="approve" role="button" href="${escapeHtml(approve.pathname + approve.search)}">Allow</a>
<a id="deny" role="button" href="${escapeHtml(deny.href)}">Cancel</a></main>`,
    };
  }

  grant(q, user, scopes) {
    if (q.response_type === 'token') {
      const t = this.issue({ user, scopes, clientId: q.client_id });
      return this.redirect(q, { access_token: t.access_token, token_type: 'Bearer', expires_in: String(t.expires_in), scope: t.scope });
    }
    const code = rand('4/0test-');
    this.codes.set(code, {
      user,
      scopes,
      clientId: q.client_id,
      redirectUri: q.redirect_uri,
      challenge: q.code_challenge ?? null,
      method: q.code_challenge_method ?? 'plain',
      expiresAt: Date.now() + 600_000,
    });
    return this.redirect(q, { code, scope: scopes.join(' ') });
  }

  // Implicit answers go in the fragment, code answers in the query, each with `state`.
  redirect(q, params) {
    const target = new URL(q.redirect_uri);
    const p = new URLSearchParams(params);
    if (q.state !== undefined) p.set('state', q.state);
    if (q.response_type === 'token') target.hash = p.toString();
    else for (const [k, v] of p) target.searchParams.set(k, v);
    return { status: 302, headers: { location: target.href }, body: '' };
  }

  // POST https://oauth2.googleapis.com/token (form-encoded). Returns {status, json}.
  token(form) {
    const bad = (error, description) => ({ status: 400, json: { error, error_description: description } });
    if (form.grant_type === 'authorization_code') {
      const c = this.codes.get(form.code);
      if (!c) return bad('invalid_grant', 'Malformed auth code.');
      this.codes.delete(form.code); // single use
      if (Date.now() > c.expiresAt) return bad('invalid_grant', 'Auth code expired.');
      if (form.client_id !== c.clientId) return bad('invalid_client', 'The OAuth client was not found.');
      if (form.redirect_uri !== c.redirectUri) return bad('redirect_uri_mismatch', 'Bad Request');
      if (c.challenge) {
        if (!form.code_verifier) return bad('invalid_grant', 'Missing code verifier.');
        const derived = c.method === 'S256' ? createHash('sha256').update(form.code_verifier).digest('base64url') : form.code_verifier;
        if (derived !== c.challenge) return bad('invalid_grant', 'Invalid code verifier.');
      }
      const t = this.issue({ user: c.user, scopes: c.scopes, clientId: c.clientId });
      const refresh = rand('1//0test-');
      this.refreshTokens.set(refresh, { user: c.user, scopes: c.scopes, clientId: c.clientId, revoked: false });
      return { status: 200, json: { ...t, refresh_token: refresh } };
    }
    if (form.grant_type === 'refresh_token') {
      const r = this.refreshTokens.get(form.refresh_token);
      if (!r || r.revoked) return bad('invalid_grant', 'Token has been expired or revoked.');
      if (form.client_id !== r.clientId) return bad('unauthorized_client', 'Unauthorized');
      return { status: 200, json: this.issue({ user: r.user, scopes: r.scopes, clientId: r.clientId }) };
    }
    return bad('unsupported_grant_type', `Invalid grant_type: ${form.grant_type ?? ''}`);
  }

  // POST https://oauth2.googleapis.com/revoke?token=...
  revoke(token) {
    const t = this.tokens.get(token) ?? this.refreshTokens.get(token);
    if (!t) return { status: 400, json: { error: 'invalid_token', error_description: 'Token expired or revoked' } };
    t.revoked = true;
    return { status: 200, json: {} };
  }
}

// Extension redirect URIs (Chromium and Firefox), and loopback for tests.
function isAllowedRedirect(uri) {
  try {
    const u = new URL(uri);
    if (u.protocol === 'https:' && /\.chromiumapp\.org$/.test(u.hostname)) return true;
    if (u.protocol === 'https:' && /\.extensions\.allizom\.org$/.test(u.hostname)) return true;
    if (u.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(u.hostname)) return true;
    return false;
  } catch {
    return false;
  }
}
