// Quota units per method as Google publishes them (Gmail API "Usage limits" page), plus the
// failures a test can inject: 429 and 5xx with Retry-After.

export const UNITS = {
  'gmail.users.getProfile': 1,
  'gmail.users.settings.sendAs.list': 1,
  'gmail.users.messages.send': 100,
  'gmail.users.messages.get': 5,
  'gmail.users.messages.list': 5,
  'gmail.users.threads.get': 10,
  'gmail.users.threads.list': 10,
  'gmail.users.history.list': 2,
  'gmail.users.labels.list': 1,
  'gmail.users.drafts.create': 10,
  'gmail.users.drafts.send': 100,
};

// Google's published per-user limit (15,000 units per user per minute).
export const PER_USER_PER_MINUTE = 15000;

export function unitsFor(methodId) {
  return UNITS[methodId] ?? 5;
}

const STATUS_TEXT = {
  429: ['RESOURCE_EXHAUSTED', 'usageLimits', 'rateLimitExceeded', 'User-rate limit exceeded.'],
  500: ['INTERNAL', 'global', 'backendError', 'Internal error encountered.'],
  502: ['UNAVAILABLE', 'global', 'backendError', 'Bad Gateway'],
  503: ['UNAVAILABLE', 'global', 'backendError', 'The service is currently unavailable.'],
};

export function failureBody(status, retryAfter) {
  const [st, domain, reason, text] = STATUS_TEXT[status] ?? STATUS_TEXT[500];
  const message = status === 429 && retryAfter ? `${text}  Retry after ${new Date(Date.now() + retryAfter * 1000).toISOString()}` : text;
  return { error: { code: status, message, errors: [{ message, domain, reason }], status: st } };
}

export class Quota {
  constructor() {
    this.reset();
  }

  reset() {
    this.rules = []; // {method, status, remaining, retryAfter}
    this.perUserPerMinute = PER_USER_PER_MINUTE;
    this.spent = new Map(); // user -> [{at, units}]
  }

  // method: full id ("gmail.users.messages.send"), short ("messages.send") or "*".
  addFailure({ method = '*', status = 429, count = 1, retryAfter = 1 }) {
    this.rules.push({ method, status, remaining: count, retryAfter });
  }

  takeFailure(methodId) {
    const rule = this.rules.find(
      (r) => r.remaining > 0 && (r.method === '*' || r.method === methodId || `gmail.users.${r.method}` === methodId),
    );
    if (!rule) return null;
    rule.remaining -= 1;
    return { status: rule.status, retryAfter: rule.retryAfter };
  }

  // Charges units to a user; returns false when the per-user minute budget is exhausted.
  charge(user, units, now = Date.now()) {
    const list = (this.spent.get(user) ?? []).filter((e) => now - e.at < 60_000);
    const used = list.reduce((a, e) => a + e.units, 0);
    if (this.perUserPerMinute && used + units > this.perUserPerMinute) {
      this.spent.set(user, list);
      return false;
    }
    list.push({ at: now, units });
    this.spent.set(user, list);
    return true;
  }
}
