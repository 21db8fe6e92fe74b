// `make bench`: every figure of issue 5 in one run, printed as one table and written to
// bench/results.json. Each timed figure is the median of several runs with its spread
// (min-max); sizes are exact. Comparisons (the peers' sizes) are measured in this same run.
//
// Env: BENCH_RUNS (default 7), BENCH_TESTBED=skip (leave out the Roundcube reply latency),
// BENCH_GMAIL=skip (leave out the Gmail quota suite, which takes over a minute), BENCH_ONLY=
// a comma list of parts among sizes,native,browser,gmail,testbed (default: all; sizes are
// always measured, "sizes" adds the peers).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const DIST = 'dist/chrome';
const log = (...a) => console.error('bench:', ...a);

// ---- statistics ------------------------------------------------------------------------------
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stat = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length, samples: xs });

// ---- machine ---------------------------------------------------------------------------------
function sh(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return `${r.stdout ?? ''}`.trim();
}
const chromiumVersion = () => sh('/usr/bin/chromium', ['--version']).split('\n').filter((l) => /\d+\.\d+/.test(l) && !l.includes('unexpected operator')).pop() ?? 'unknown';
const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGB: +(os.totalmem() / 2 ** 30).toFixed(1),
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  distro: (readFileSync('/etc/os-release', 'utf8').match(/PRETTY_NAME="([^"]+)"/) ?? [])[1] ?? 'unknown',
  node: process.version,
  rustc: sh('rustc', ['--version']),
  chromium: chromiumVersion(),
  date: new Date().toISOString(),
  commit: sh('git', ['describe', '--always', '--dirty']),
};

// ---- 1. sizes --------------------------------------------------------------------------------
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
function walk(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
function bundle(files) {
  const bufs = files.map((f) => readFileSync(f));
  const all = Buffer.concat(bufs);
  return { files: files.map((f) => relative(ROOT, f)), raw: all.length, gz: gz(all) };
}
function sizes() {
  const entries = walk(DIST)
    .filter((f) => /\.(wasm|js|mjs)$/.test(f))
    .sort()
    .map((f) => {
      const b = readFileSync(f);
      return { file: relative(DIST, f), raw: b.length, gz: gz(b) };
    });
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
  const gmailCs = (manifest.content_scripts ?? []).find((c) => (c.matches ?? []).includes('https://mail.google.com/*'));
  const rcList = JSON.parse(readFileSync('extension/content/roundcube/files.json', 'utf8'));
  // The page payload: the JS (and any wasm) a content script puts into the page. CSS is given
  // apart, as sizes.sh prints it with the JS.
  const page = {
    gmail: bundle((gmailCs?.js ?? []).map((f) => join(DIST, f))),
    roundcube: bundle(rcList.js.map((f) => join(DIST, f))),
  };
  page.gmail.css = bundle((gmailCs?.css ?? []).map((f) => join(DIST, f)));
  page.roundcube.css = bundle((rcList.css ?? []).map((f) => join(DIST, f)));
  return { entries, page };
}

// The peers, installed here from npm into a scratch dir (idempotent).
function peers() {
  const dir = '.cache/bench-peers';
  const inbox = join(dir, 'node_modules/@inboxsdk/core');
  const gmailjs = join(dir, 'node_modules/gmail-js');
  if (!existsSync(join(inbox, 'inboxsdk.js')) || !existsSync(join(gmailjs, 'src/gmail.js'))) {
    log('installing the peers (@inboxsdk/core, gmail-js) into', dir);
    mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', '@inboxsdk/core', 'gmail-js'], { stdio: 'inherit' });
  }
  const version = (p) => JSON.parse(readFileSync(join(p, 'package.json'), 'utf8')).version;
  return {
    inboxsdk: { package: '@inboxsdk/core', version: version(inbox), ...bundle(['inboxsdk.js', 'pageWorld.js'].map((f) => join(inbox, f))) },
    gmailjs: { package: 'gmail-js', version: version(gmailjs), ...bundle([join(gmailjs, 'src/gmail.js')]) },
  };
}

// ---- 3 (native) and 6 (Roundcube requests): cargo, release -------------------------------------
function native() {
  log('native engine scale (cargo test --release, ignored bench)');
  const out = execFileSync(
    'cargo',
    ['test', '--release', '--lib', '--', '--include-ignored', '--nocapture', '--test-threads=1', 'bench_engine_scale', 'roundcube_request_counts'],
    { encoding: 'utf8', env: { ...process.env, BENCH_RUNS: String(RUNS) }, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 },
  );
  // With --nocapture a test's first line follows libtest's "test name ... " on the same line.
  const lines = out.split('\n').filter((l) => l.includes('BENCH_JSON ')).map((l) => JSON.parse(l.slice(l.indexOf('BENCH_JSON ') + 11)));
  return { scale: lines.filter((l) => l.n !== undefined), roundcube: lines.find((l) => l.roundcube)?.roundcube };
}

// ---- 2, 3 (wasm), 4: Chromium --------------------------------------------------------------------
// Restarts the stopped worker by itself through CDP (ServiceWorker.startWorker), so no extension
// page compiles the wasm at the same moment on the same cores; the harness's wake() (which opens
// options.html) is the fallback if Chromium refuses.
async function startWorker(ext) {
  const page = ext.context.pages()[0] ?? (await ext.context.newPage());
  const cdp = await ext.context.newCDPSession(page);
  try {
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.startWorker', { scopeURL: `chrome-extension://${ext.extensionId}/` });
    await ext.ready(60_000);
    return 'cdp';
  } catch (e) {
    log('ServiceWorker.startWorker failed, waking through a page:', e.message);
    await ext.wake(60_000);
    return 'page';
  } finally {
    await cdp.detach().catch(() => {});
  }
}

async function browserVersion(ext) {
  const page = ext.context.pages()[0] ?? (await ext.context.newPage());
  const cdp = await ext.context.newCDPSession(page);
  try {
    const v = await cdp.send('Browser.getVersion');
    return `${v.product} (${v.userAgent.match(/\(([^)]+)\)/)?.[1] ?? ''})`;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

async function browser() {
  const { launch } = await import('../tests/e2e/harness.mjs');
  const out = { coldStart: {}, wasmScale: [], sidePanel: null };

  // Cold start: seed N enrollments, then stop and restart the worker RUNS times. readyAt() is
  // performance.now() in the worker when start-up finished, i.e. from the worker's time origin.
  for (const n of [0, 1000, 10000]) {
    const ext = await launch();
    try {
      await ext.ready();
      out.version ??= await browserVersion(ext);
      if (n) await ext.swEval((k) => mailseqTest.benchSeed(k), n, 120_000);
      const samples = [];
      const how = new Set();
      // One unrecorded restart first: it loads what benchSeed wrote and warms the disk cache.
      for (let i = 0; i < RUNS + 1; i++) {
        await ext.stopServiceWorker(30_000);
        how.add(await startWorker(ext));
        const t = await ext.swEval(() => mailseqTest.readyAt(), undefined, 60_000);
        if (i > 0) samples.push(t);
      }
      const loaded = await ext.swEval(() => mailseqTest.state().then((s) => s.enrollments.length), undefined, 120_000);
      if (loaded !== n) throw new Error(`cold start at ${n}: the worker loaded ${loaded} enrollments`);
      out.coldStart[n] = { ...stat(samples), restartedBy: [...how].join('+') };
      log(`cold start at ${n}: ${median(samples).toFixed(1)} ms [${Math.min(...samples).toFixed(1)}-${Math.max(...samples).toFixed(1)}] (restarted by ${[...how]})`);
    } finally {
      await ext.close();
    }
  }

  // The engine in wasm (the same code as the native bench, on the in-memory ports).
  {
    const ext = await launch();
    try {
      await ext.ready();
      for (const n of [1000, 10000, 100000]) {
        out.wasmScale.push(await ext.swEval((a) => mailseqTest.benchEngine(a), { n, runs: RUNS }, 1_200_000));
        log(`wasm engine at ${n}: tick ${median(out.wasmScale.at(-1).tickMs).toFixed(2)} ms`);
      }
    } finally {
      await ext.close();
    }
  }

  // Side panel: first render with 1,000 upcoming follow-ups, from navigation start to the
  // "mailseq:first-render" mark that src/ui/sidepanel.rs sets right after the first screen of
  // its first render with the stored state (banners, the first 50 upcoming rows, Tasks due),
  // and to "mailseq:complete-render", one task later, when all 1,000 upcoming rows, the
  // Enrollments and the stats are in too.
  {
    const ext = await launch();
    try {
      await ext.ready();
      await ext.swEval((k) => mailseqTest.benchSeed(k), 1000, 120_000);
      await ext.stopServiceWorker(30_000);
      await startWorker(ext);
      const first = [];
      const complete = [];
      let counts = null;
      for (let i = 0; i < RUNS + 1; i++) {
        const page = await ext.context.newPage();
        await page.goto(`chrome-extension://${ext.extensionId}/sidepanel.html`);
        // Polled with evaluate (CDP, not subject to the page's CSP, which forbids eval).
        const until = Date.now() + 60_000;
        while (!(await page.evaluate(() => performance.getEntriesByName('mailseq:complete-render').length > 0))) {
          if (Date.now() > until) throw new Error('side panel: no complete render within 60 s');
          await new Promise((r) => setTimeout(r, 50));
        }
        const r = await page.evaluate(() => ({
          first: performance.getEntriesByName('mailseq:first-render')[0].startTime,
          complete: performance.getEntriesByName('mailseq:complete-render')[0].startTime,
          upcoming: document.querySelectorAll('[data-mailseq-upcoming]').length,
          enrollments: document.querySelectorAll('[data-mailseq-enrollment]').length,
        }));
        // The first open warms the disk cache of the wasm; it is not counted.
        if (i > 0) {
          first.push(r.first);
          complete.push(r.complete);
        }
        counts = r;
        await page.close();
        // Extension pages share one renderer process: let the closed tab's teardown (27k nodes)
        // finish, so the next open does not pay for it.
        await new Promise((res) => setTimeout(res, 1500));
      }
      if (counts.upcoming !== 1000 || counts.enrollments !== 1000) {
        throw new Error(`side panel: ${counts.upcoming} upcoming and ${counts.enrollments} enrollments shown, expected 1000`);
      }
      out.sidePanel = { ...stat(first), complete: stat(complete), upcomingShown: counts.upcoming, enrollmentsShown: counts.enrollments };
      log(`side panel: first screen ${median(first).toFixed(1)} ms, complete ${median(complete).toFixed(1)} ms`);
    } finally {
      await ext.close();
    }
  }
  return out;
}

// ---- 5 and 6: the E2E suites that measure, parsed from their diagnostics -------------------------
function runSuite(file) {
  const r = spawnSync('node', ['--test', '--test-reporter=tap', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const diags = (r.stdout ?? '').split('\n').map((l) => l.trim()).filter((l) => l.startsWith('# ') && !l.startsWith('# Subtest: ')).map((l) => l.slice(2));
  return { ok: r.status === 0, diags, tail: (r.stdout ?? '').split('\n').slice(-15).join('\n') };
}

function gmailQuota() {
  if (process.env.BENCH_GMAIL === 'skip') return { skipped: 'BENCH_GMAIL=skip' };
  log('Gmail quota (tests/e2e/gmail/quota.test.mjs, about 90 s)');
  const r = runSuite('tests/e2e/gmail/quota.test.mjs');
  const num = (re) => Number((r.diags.find((d) => re.test(d)) ?? '').match(re)?.[1] ?? NaN);
  return {
    ok: r.ok,
    perFollowUp: num(/one follow-up: (\d+) units/),
    perIdleMinute: num(/idle minute .*: (\d+) units/),
    enroll: num(/enrolling .*: (\d+) units/),
    diagnostics: r.diags.filter((d) => /units/.test(d)),
    ...(r.ok ? {} : { tail: r.tail }),
  };
}

function replyLatency() {
  if (process.env.BENCH_TESTBED === 'skip') return { skipped: 'BENCH_TESTBED=skip' };
  const tb = 'tests/testbed';
  const up = spawnSync(`${tb}/up.sh`, ['--check']).status === 0;
  try {
    if (!up) {
      log('starting the Roundcube testbed');
      execFileSync(`${tb}/up.sh`, [], { stdio: ['ignore', 'ignore', 'inherit'] });
    }
    log('reply -> pause latency (tests/e2e/roundcube/reply-latency.test.mjs, up to 3 min)');
    const r = runSuite('tests/e2e/roundcube/reply-latency.test.mjs');
    const num = (re) => Number((r.diags.find((d) => re.test(d)) ?? '').match(re)?.[1] ?? NaN);
    return {
      ok: r.ok,
      closedS: num(/thread closed.*: ([\d.]+) s/),
      openS: num(/thread open.*: ([\d.]+) s from opening/),
      diagnostics: r.diags.filter((d) => /replied/.test(d)),
      ...(r.ok ? {} : { tail: r.tail }),
    };
  } finally {
    // Stopped only when this run started it, as scripts/test.sh does.
    if (!up) spawnSync(`${tb}/down.sh`, [], { stdio: 'inherit' });
  }
}

// ---- the table -------------------------------------------------------------------------------------
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const ms = (s) => `${s.median.toFixed(s.median < 10 ? 3 : 1)} ms [${s.min.toFixed(s.min < 10 ? 3 : 1)}-${s.max.toFixed(s.max < 10 ? 3 : 1)}]`;
const verdict = (ok) => (ok === undefined ? '' : ok ? 'yes' : 'NO');

function table(r) {
  const rows = [];
  const add = (figure, value, goal = '', meets) => rows.push({ figure, value, goal, meets: verdict(meets) });
  // The goal is the service worker's wasm: background_bg.wasm, or the only wasm of an unsplit build.
  const wasms = r.sizes.entries.filter((e) => /\.wasm$/.test(e.file));
  for (const e of r.sizes.entries) {
    const isBg = /\.wasm$/.test(e.file) && (wasms.length === 1 || /background/.test(e.file));
    add(`size ${e.file}`, `${kb(e.raw)} raw, ${kb(e.gz)} gz`, isBg ? '<= 250 KB gz (background wasm)' : '', isBg ? e.gz <= 250 * 1024 : undefined);
  }
  for (const [name, p] of Object.entries(r.sizes.page)) {
    add(`page payload ${name} (JS)`, `${kb(p.raw)} raw, ${kb(p.gz)} gz (${p.files.length} files; CSS ${kb(p.css.gz)} gz)`, '<= 20 KB gz', p.gz <= 20 * 1024);
  }
  const g = r.sizes.page.gmail.gz;
  for (const p of Object.values(r.peers)) {
    add(`peer ${p.package} ${p.version}`, `${kb(p.raw)} raw, ${kb(p.gz)} gz = ${(p.gz / g).toFixed(0)}x our Gmail page payload`);
  }
  for (const [n, s] of Object.entries(r.browser?.coldStart ?? {})) {
    add(`cold start, ${Number(n).toLocaleString('en')} enrollments`, ms(s), n === '10000' ? '<= 50 ms' : '', n === '10000' ? s.median <= 50 : undefined);
  }
  const scaleRows = (label, list) => {
    for (const x of list ?? []) {
      const t = stat(x.tickMs);
      const idle = stat(x.idleTickMs);
      const ten = x.n === 10000;
      add(`tick, 1 due, ${x.n.toLocaleString('en')} active (${label})`, ms(t), ten ? '<= 1 ms' : '', ten ? t.median <= 1 : undefined);
      add(`idle tick, ${x.n.toLocaleString('en')} active (${label})`, ms(idle));
      if (x.n !== 100000) {
        const b = stat(x.bytesPerSend);
        add(`bytes per follow-up sent, ${x.n.toLocaleString('en')} (${label})`, `${b.median} B [${b.min}-${b.max}]`, '<= 2 KB, flat in N', b.median <= 2048);
        const be = stat(x.bytesPerEnroll);
        add(`bytes per enroll, ${x.n.toLocaleString('en')} (${label})`, `${be.median} B [${be.min}-${be.max}]`, '<= 2 KB, flat in N', be.median <= 2048);
      }
      if (ten) add(`one enroll at 10,000 (${label})`, ms(stat(x.enrollMs)));
    }
    const byN = Object.fromEntries((list ?? []).map((x) => [x.n, median(x.tickMs)]));
    if (byN[10000] && byN[100000]) {
      const ratio = byN[100000] / byN[10000];
      // Linear is 10x; with an index that plans only what is due, 10x N should cost well under
      // half of that, so anything above 3x counts as (close to) linear.
      add(`tick growth 10k -> 100k (${label})`, `${ratio.toFixed(1)}x for 10x N`, 'sublinear (<= 3x for 10x N)', ratio <= 3);
    }
  };
  scaleRows('native', r.native?.scale);
  scaleRows('wasm', r.browser?.wasmScale);
  if (r.browser?.sidePanel) {
    const s = r.browser.sidePanel;
    add(`side panel first screen, 1,000 upcoming`, ms(s), '<= 100 ms', s.median <= 100);
    add(`side panel complete`, `${ms(s.complete)} (${s.upcomingShown} upcoming, ${s.enrollmentsShown} enrollments shown)`);
  }
  const rl = r.replyLatency;
  if (rl?.skipped) add('reply -> pause latency (Roundcube)', `skipped: ${rl.skipped}`);
  else if (rl) {
    add('reply -> pause, thread open (Roundcube)', rl.ok ? `${rl.openS} s from opening the message (1 run)` : 'suite failed');
    add('reply -> pause, thread closed (Roundcube)', rl.ok ? `${rl.closedS} s (1 run; next periodic sync, 1 min period)` : 'suite failed');
  }
  const gq = r.gmailQuota;
  if (gq?.skipped) add('Gmail quota', `skipped: ${gq.skipped}`);
  else if (gq) {
    add('Gmail quota units per idle minute', gq.ok ? `${gq.perIdleMinute} units` : 'suite failed');
    add('Gmail quota units per follow-up', gq.ok ? `${gq.perFollowUp} units (enroll: ${gq.enroll})` : 'suite failed');
  }
  const rc = r.native?.roundcube;
  if (rc) {
    add('Roundcube requests per idle minute', `${rc.idlePoll * rc.pollsPerIdleMinute} (one search per poll, one poll a minute)`);
    add('Roundcube requests per follow-up', `${rc.followUp} (sync, pre-send re-read, search + compose + send)`);
  }
  return rows;
}

function print(rows) {
  const w = ['figure', 'value', 'goal', 'meets'].map((k) => Math.max(k.length, ...rows.map((r) => r[k].length)));
  const line = (r) => `| ${r.figure.padEnd(w[0])} | ${r.value.padEnd(w[1])} | ${r.goal.padEnd(w[2])} | ${r.meets.padEnd(w[3])} |`;
  console.log(line({ figure: 'figure', value: 'median [min-max] or exact', goal: 'goal', meets: 'meets' }));
  console.log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

const only = new Set((process.env.BENCH_ONLY ?? 'sizes,native,browser,gmail,testbed').split(','));
const results = { machine, runs: RUNS };
results.sizes = sizes();
results.peers = only.has('sizes') ? peers() : {};
if (only.has('native')) results.native = native();
if (only.has('browser')) {
  results.browser = await browser();
  results.machine.browser = results.browser.version;
}
results.machine.playwright = JSON.parse(readFileSync('node_modules/playwright-core/package.json', 'utf8')).version;
if (only.has('gmail')) results.gmailQuota = gmailQuota();
if (only.has('testbed')) results.replyLatency = replyLatency();
results.table = table(results);
mkdirSync('bench', { recursive: true });
writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
console.log(`\nmailseq bench: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, ${machine.distro}; ${machine.browser ?? machine.chromium}; playwright ${machine.playwright}; node ${machine.node}; ${machine.rustc}; commit ${machine.commit}`);
console.log(`Timed figures: median of ${RUNS} runs [min-max].\n`);
print(results.table);
console.log('\nwritten: bench/results.json');
