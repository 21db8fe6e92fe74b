// Validator driven by Google's Gmail discovery document (gmail.v1.json).
// It checks what a client sends (method, path, parameters, JSON body) and what the double
// answers (JSON body) against the schemas Google publishes, so a field the real API would
// not know fails a test here instead of in production.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DISCOVERY_PATH = fileURLToPath(new URL('./.cache/gmail.v1.json', import.meta.url));

export class SchemaError extends Error {
  constructor(message, field) {
    super(message);
    this.name = 'SchemaError';
    this.field = field;
  }
}

export function loadDiscovery(path = DISCOVERY_PATH) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read ${path} (run tests/gmail/fetch-discovery.sh): ${e.message}`);
  }
}

const INT_RANGES = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
};
const DECIMAL = { int64: /^-?\d+$/, uint64: /^\d+$/, int32: /^-?\d+$/, uint32: /^\d+$/ };
// Google's `byte` format is base64; its APIs accept the standard and the URL-safe alphabet.
const BYTE = /^[A-Za-z0-9+/_-]*={0,2}$/;

function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

// Escapes a discovery path template into a RegExp; `{name}` is one segment, `{+name}` many.
function templateRegex(template) {
  const names = [];
  let literals = 0;
  const src = template
    .split('/')
    .map((seg) => {
      const m = /^\{(\+?)([^}]+)\}$/.exec(seg);
      if (!m) {
        literals += 1;
        return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
      names.push(m[2]);
      return m[1] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { re: new RegExp(`^/${src}$`), names, literals };
}

function collectMethods(resource, out) {
  for (const m of Object.values(resource.methods ?? {})) out.push(m);
  for (const r of Object.values(resource.resources ?? {})) collectMethods(r, out);
  return out;
}

export class GmailSchema {
  constructor(doc = loadDiscovery()) {
    this.doc = doc;
    this.schemas = doc.schemas;
    this.routes = [];
    for (const m of collectMethods(doc, [])) {
      const variants = [{ path: doc.servicePath + m.path, upload: null }];
      const protocols = m.mediaUpload?.protocols ?? {};
      for (const [protocol, p] of Object.entries(protocols)) {
        variants.push({ path: p.path.replace(/^\//, ''), upload: protocol });
      }
      for (const v of variants) {
        this.routes.push({ method: m, upload: v.upload, ...templateRegex(v.path) });
      }
    }
    // Literal segments win over templates: POST .../messages/send before .../messages/{id}.
    this.routes.sort((a, b) => b.literals - a.literals);
    this.byId = new Map(collectMethods(doc, []).map((m) => [m.id, m]));
  }

  method(id) {
    return this.byId.get(id);
  }

  // Finds the discovery method for an HTTP method and URL path ("/gmail/v1/users/me/profile").
  resolve(httpMethod, pathname) {
    let pathMatched = null;
    for (const r of this.routes) {
      const m = r.re.exec(pathname);
      if (!m) continue;
      if (r.method.httpMethod !== httpMethod) {
        pathMatched ??= r.method;
        continue;
      }
      const pathParams = {};
      r.names.forEach((n, i) => {
        pathParams[n] = decodeURIComponent(m[i + 1]);
      });
      return { method: r.method, upload: r.upload, pathParams };
    }
    const hint = pathMatched ? ` (the path exists for ${pathMatched.httpMethod}: ${pathMatched.id})` : '';
    throw new SchemaError(`${httpMethod} ${pathname}: no such method in the discovery document${hint}`, pathname);
  }

  // Validates method, path and query parameters. `url` is a URL object.
  // Returns { method, upload, params } with params typed as the doc says (repeated -> arrays).
  validateRequest(httpMethod, url) {
    const resolved = this.resolve(httpMethod, url.pathname);
    try {
      return this.#params(resolved, url);
    } catch (e) {
      if (e instanceof SchemaError) e.methodId = resolved.method.id;
      throw e;
    }
  }

  #params({ method, upload, pathParams }, url) {
    const id = method.id;
    const defs = method.parameters ?? {};
    const params = {};
    for (const [name, def] of Object.entries(defs)) {
      if (def.location !== 'path') continue;
      const v = pathParams[name];
      if (v === undefined || v === '') throw new SchemaError(`${id}: path parameter ${name} is required`, name);
      params[name] = v;
    }
    const seen = new Map();
    for (const [name, value] of url.searchParams) {
      if (!seen.has(name)) seen.set(name, []);
      seen.get(name).push(value);
    }
    for (const [name, values] of seen) {
      const def = defs[name] ?? this.doc.parameters[name];
      if (!def || def.location !== 'query') {
        throw new SchemaError(`${id}: query parameter ${name}: unknown parameter`, name);
      }
      if (values.length > 1 && !def.repeated) {
        throw new SchemaError(`${id}: query parameter ${name}: given ${values.length} times but not repeated`, name);
      }
      const typed = values.map((v) => this.#checkParam(id, name, def, v));
      params[name] = def.repeated ? typed : typed[0];
    }
    for (const [name, def] of Object.entries(defs)) {
      if (def.location === 'query' && isRequiredParam(def) && !seen.has(name)) {
        throw new SchemaError(`${id}: query parameter ${name} is required`, name);
      }
    }
    return { method, upload, params };
  }

  #checkParam(id, name, def, v) {
    const where = `${id}: query parameter ${name}`;
    if (def.enum && !def.enum.includes(v)) {
      throw new SchemaError(`${where}: ${JSON.stringify(v)} is not one of ${def.enum.join('|')}`, name);
    }
    switch (def.type) {
      case 'integer': {
        if (!/^-?\d+$/.test(v)) throw new SchemaError(`${where}: ${JSON.stringify(v)} is not an integer`, name);
        const n = Number(v);
        const range = INT_RANGES[def.format];
        if (range && (n < range[0] || n > range[1])) {
          throw new SchemaError(`${where}: ${v} is out of range for ${def.format}`, name);
        }
        return n;
      }
      case 'boolean':
        if (v !== 'true' && v !== 'false') {
          throw new SchemaError(`${where}: ${JSON.stringify(v)} is not a boolean`, name);
        }
        return v === 'true';
      case 'string':
        if (DECIMAL[def.format] && !DECIMAL[def.format].test(v)) {
          throw new SchemaError(`${where}: ${JSON.stringify(v)} is not a valid ${def.format}`, name);
        }
        return v;
      default:
        return v;
    }
  }

  // Validates a JSON request body for a method: the referenced schema plus the method's own
  // required fields (discovery `annotations.required`, e.g. Message.raw for messages.send).
  validateRequestBody(methodId, body, { upload = null } = {}) {
    const method = this.byId.get(methodId);
    if (!method?.request) {
      if (body !== undefined) throw new SchemaError(`${methodId}: takes no request body`, '');
      return;
    }
    const name = method.request.$ref;
    if (body === undefined) throw new SchemaError(`${methodId}: request body ${name} is required`, name);
    // In the upload variants the message is the media part, so `raw` is not in the metadata.
    this.validate(name, body, { direction: 'request', methodId: upload ? null : methodId });
  }

  validateResponseBody(methodId, body) {
    const method = this.byId.get(methodId);
    if (!method?.response) return;
    this.validate(method.response.$ref, body, { direction: 'response' });
  }

  // Validates `value` against schema `name`; throws SchemaError naming the path.
  validate(name, value, opts = {}) {
    this.#value({ $ref: name }, value, name, { direction: 'response', methodId: null, ...opts });
  }

  #value(schema, value, path, opts) {
    if (schema.$ref) {
      const target = this.schemas[schema.$ref];
      if (!target) throw new SchemaError(`${path}: unknown schema ${schema.$ref}`, path);
      return this.#value(target, value, path, opts);
    }
    if (value === null) {
      // Google's JSON parser treats null as "unset", so a request may carry it; the real API
      // omits unset fields in answers, so a response must not.
      if (opts.direction === 'request') return;
      throw new SchemaError(`${path}: null where ${schema.type} expected (omit the field instead)`, path);
    }
    const fail = (what) => {
      throw new SchemaError(`${path}: ${what}`, path);
    };
    switch (schema.type) {
      case 'object':
        return this.#object(schema, value, path, opts);
      case 'array':
        if (!Array.isArray(value)) fail(`expected array, got ${describe(value)}`);
        value.forEach((item, i) => this.#value(schema.items, item, `${path}[${i}]`, opts));
        return;
      case 'string':
        if (typeof value !== 'string') fail(`expected string${fmt(schema)}, got ${describe(value)}`);
        if (DECIMAL[schema.format] && !DECIMAL[schema.format].test(value)) {
          fail(`${JSON.stringify(value)} is not a valid ${schema.format} string`);
        }
        if (schema.format === 'byte' && !BYTE.test(value)) fail('not base64 (format byte)');
        if (schema.format === 'google-datetime' && Number.isNaN(Date.parse(value))) fail('not an RFC 3339 time');
        if (schema.enum && !schema.enum.includes(value)) {
          fail(`${JSON.stringify(value)} is not one of ${schema.enum.join('|')}`);
        }
        return;
      case 'integer': {
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          fail(`expected integer${fmt(schema)}, got ${describe(value)}`);
        }
        const range = INT_RANGES[schema.format];
        if (range && (value < range[0] || value > range[1])) fail(`${value} is out of range for ${schema.format}`);
        return;
      }
      case 'number':
        if (typeof value !== 'number') fail(`expected number, got ${describe(value)}`);
        return;
      case 'boolean':
        if (typeof value !== 'boolean') fail(`expected boolean, got ${describe(value)}`);
        return;
      case 'any':
        return;
      default:
        fail(`schema type ${schema.type} not supported by the validator`);
    }
  }

  #object(schema, value, path, opts) {
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new SchemaError(`${path}: expected object, got ${describe(value)}`, path);
    }
    const props = schema.properties ?? {};
    for (const [key, v] of Object.entries(value)) {
      const sub = `${path}.${key}`;
      if (props[key]) this.#value(props[key], v, sub, opts);
      else if (schema.additionalProperties) this.#value(schema.additionalProperties, v, sub, opts);
      else throw new SchemaError(`${sub}: unknown field`, sub);
    }
    if (opts.direction === 'request' && opts.methodId) {
      for (const [key, def] of Object.entries(props)) {
        if (def.annotations?.required?.includes(opts.methodId) && value[key] == null) {
          throw new SchemaError(`${path}.${key}: required by ${opts.methodId}`, `${path}.${key}`);
        }
      }
    }
  }
}

function fmt(schema) {
  return schema.format ? ` (format ${schema.format})` : '';
}

// The doc marks most required parameters with `required: true`, but some only say so in
// prose (history.list's startHistoryId: "Required. Returns history records after...").
// The real API answers 400 without it, so the prose counts too.
function isRequiredParam(def) {
  return def.required === true || /^Required\./.test(def.description ?? '');
}
