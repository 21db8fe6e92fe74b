// The HTTPS side of the double: one server answering for every Google hostname, split by Host.
// Every Gmail API request is checked against the discovery document before it is handled,
// and every answer before it is sent; failures answer 400 and are kept as violations.
import { ApiError, errorBody, handlers } from './gmail-api.mjs';
import { servePage } from './pages.mjs';
import { unitsFor, failureBody } from './quota.mjs';
import { SchemaError } from './schema.mjs';

const MAX_BODY = 36700160 + 65536; // the discovery doc's maxSize for messages.send, plus headers

export function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new ApiError(413, 'Request too large', 'uploadTooLarge', 'INVALID_ARGUMENT'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res, status, body, headers = {}) {
  const isJson = typeof body === 'object' && !Buffer.isBuffer(body);
  const payload = isJson ? JSON.stringify(body) : body ?? '';
  res.writeHead(status, { ...(isJson ? { 'content-type': 'application/json; charset=UTF-8' } : {}), ...headers });
  res.end(payload);
}

function cors(req) {
  const origin = req.headers.origin;
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': 'Retry-After, Date, Content-Type',
    vary: 'Origin',
  };
}

function preflight(req, res) {
  send(res, 204, '', {
    ...cors(req),
    'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'authorization, content-type',
    'access-control-max-age': '3600',
  });
}

export function makeApiHandler(state) {
  return async function handle(req, res) {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const url = new URL(req.url, `https://${host || 'localhost'}`);
    try {
      if (host === 'gmail.googleapis.com') return await gmail(state, req, res, url);
      if (host === 'accounts.google.com' && /^\/o\/oauth2(\/v2)?\/auth$/.test(url.pathname) && req.method === 'GET') {
        const r = state.oauth.authorize(url);
        return send(res, r.status, r.body, r.headers);
      }
      if (host === 'oauth2.googleapis.com') return await oauth2(state, req, res, url);
      if (host === 'mail.google.com' && req.method === 'GET') {
        const page = await servePage(url, state.pagesDir);
        if (page) return send(res, page.status, page.body, page.headers);
      }
      // Chromium calls accounts.google.com (ListAccounts...) on its own: answer quietly.
      state.unknown.push({ at: new Date().toISOString(), host, method: req.method, path: url.pathname });
      return send(res, 404, 'Not Found', { 'content-type': 'text/plain' });
    } catch (e) {
      if (!res.headersSent) send(res, 500, errorBody(500, String(e?.stack ?? e), 'backendError', 'INTERNAL'));
    }
  };
}

async function oauth2(state, req, res, url) {
  if (req.method === 'OPTIONS') return preflight(req, res);
  const form = Object.fromEntries(new URLSearchParams((await readBody(req)).toString('utf8')));
  if (req.method === 'POST' && url.pathname === '/token') {
    const r = state.oauth.token(form);
    state.oauth.authLog.push({ at: new Date().toISOString(), path: '/token', grant_type: form.grant_type, status: r.status });
    return send(res, r.status, r.json, { ...cors(req), 'cache-control': 'no-store' });
  }
  if (req.method === 'POST' && url.pathname === '/revoke') {
    const r = state.oauth.revoke(url.searchParams.get('token') ?? form.token);
    return send(res, r.status, r.json, cors(req));
  }
  return send(res, 404, 'Not Found', { 'content-type': 'text/plain' });
}

async function gmail(state, req, res, url) {
  if (req.method === 'OPTIONS') return preflight(req, res);
  const entry = { at: new Date().toISOString(), method: req.method, path: url.pathname, query: url.search, methodId: null, user: null, units: 0, status: 0 };
  state.requests.push(entry);
  const reply = (status, body, headers = {}) => {
    entry.status = status;
    send(res, status, body, { ...cors(req), ...headers });
  };
  const violation = (kind, e) => {
    const v = { at: entry.at, kind, methodId: entry.methodId, request: `${req.method} ${url.pathname}${url.search}`, message: e.message, field: e.field ?? null };
    state.violations.push(v);
    entry.violation = e.message;
    reply(400, errorBody(400, `Schema violation (gmail double): ${e.message}`, 'invalidArgument', 'INVALID_ARGUMENT'));
  };
  let rawBody;
  try {
    rawBody = await readBody(req);
  } catch (e) {
    return reply(e.status ?? 400, errorBody(e.status ?? 400, e.message, e.reason ?? 'badRequest', e.statusText ?? 'INVALID_ARGUMENT'));
  }

  // 1. The request against the discovery document.
  let resolved;
  let body;
  const contentType = req.headers['content-type'] ?? '';
  try {
    resolved = state.schema.validateRequest(req.method, url);
    entry.methodId = resolved.method.id;
    if (resolved.upload) {
      const uploadType = resolved.params.uploadType;
      if (!['media', 'multipart', 'resumable'].includes(uploadType)) {
        throw new SchemaError(`${entry.methodId}: upload path needs uploadType=media|multipart|resumable, got ${uploadType}`, 'uploadType');
      }
    } else if (resolved.method.request) {
      if (!/^application\/json\b/i.test(contentType)) {
        throw new SchemaError(`${entry.methodId}: request body must be application/json, got ${contentType || 'none'}`, 'content-type');
      }
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw new SchemaError(`${entry.methodId}: request body is not valid JSON`, 'body');
      }
      state.schema.validateRequestBody(entry.methodId, body);
    } else if (rawBody.length) {
      throw new SchemaError(`${entry.methodId}: takes no request body`, 'body');
    }
  } catch (e) {
    if (e instanceof SchemaError) {
      entry.methodId ??= e.methodId ?? null;
      return violation('request', e);
    }
    throw e;
  }

  // 2. Credentials and scopes.
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? resolved.params.access_token;
  const auth = state.oauth.check(bearer);
  if (!auth.ok) {
    entry.auth = auth.why;
    return reply(
      401,
      errorBody(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.', 'authError', 'UNAUTHENTICATED', { location: 'Authorization', locationType: 'header' }),
      { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
    );
  }
  const token = auth.token;
  entry.user = token.user;
  if (!resolved.method.scopes.some((s) => token.scopes.includes(s))) {
    return reply(403, errorBody(403, 'Request had insufficient authentication scopes.', 'insufficientPermissions', 'PERMISSION_DENIED'));
  }
  const userId = resolved.params.userId;
  if (userId !== 'me' && userId.toLowerCase() !== token.user) {
    return reply(403, errorBody(403, `Delegation denied for ${token.user}`, 'forbidden', 'PERMISSION_DENIED'));
  }
  const box = state.mailboxes.get(token.user);

  const handler = handlers[entry.methodId];
  if (!handler) return reply(501, errorBody(501, `${entry.methodId} is not implemented by the double`, 'notImplemented', 'UNIMPLEMENTED'));

  // 3. Injected failures, then the per-user rate limit.
  const failure = state.quota.takeFailure(entry.methodId);
  if (failure) {
    entry.injected = failure.status;
    return reply(failure.status, failureBody(failure.status, failure.retryAfter), { 'retry-after': String(failure.retryAfter) });
  }
  const units = unitsFor(entry.methodId);
  if (!state.quota.charge(token.user, units)) {
    const body = failureBody(429, 60);
    body.error.errors[0].reason = 'userRateLimitExceeded';
    return reply(429, body, { 'retry-after': '60' });
  }
  entry.units = units;

  // 4. The method itself, and its answer against the discovery document.
  let result;
  try {
    result = await handler({
      box,
      token,
      params: resolved.params,
      upload: resolved.upload,
      uploadType: resolved.params.uploadType,
      body,
      rawBody,
      contentType,
      state,
      validateMetadata: (meta) => state.schema.validateRequestBody(entry.methodId, meta, { upload: resolved.upload }),
    });
  } catch (e) {
    if (e instanceof SchemaError) return violation('request', e);
    if (e instanceof ApiError) return reply(e.status, errorBody(e.status, e.message, e.reason, e.statusText));
    throw e;
  }
  try {
    state.schema.validateResponseBody(entry.methodId, result);
  } catch (e) {
    if (e instanceof SchemaError) return violation('response', e);
    throw e;
  }
  return reply(200, result);
}
