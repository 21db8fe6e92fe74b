// The shipped builds carry no test hooks and no test-only host access (DESIGN.md: test builds
// only). Reads every file's bytes, the wasm included, so a hook name in a data section counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');

function filesContaining(dir, needle) {
  const hits = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    if (readFileSync(path).includes(needle)) hits.push(path);
  }
  return hits;
}

const manifest = (build) => JSON.parse(readFileSync(join(DIST, build, 'manifest.json'), 'utf8'));

for (const build of ['chrome', 'firefox']) {
  test(`dist/${build} does not contain the mailseqTest hooks`, () => {
    assert.deepEqual(filesContaining(join(DIST, build), 'mailseqTest'), []);
    assert.deepEqual(filesContaining(join(DIST, build), 'testClock'), []);
  });

  test(`dist/${build} asks only for the shipped permissions`, () => {
    const m = manifest(build);
    assert.deepEqual(m.host_permissions, ['https://mail.google.com/*', 'https://gmail.googleapis.com/*']);
    assert.deepEqual(m.optional_host_permissions, ['http://*/*', 'https://*/*']);
    const expected = ['storage', 'unlimitedStorage', 'alarms', 'notifications', 'scripting', 'identity'];
    if (build === 'chrome') expected.splice(3, 0, 'sidePanel');
    assert.deepEqual(m.permissions, expected);
    assert.equal(
      m.content_security_policy.extension_pages,
      "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    );
    // Self-hosted webmails get their content script at run time, per granted origin; the
    // manifest declares none for them.
    const scripts = (m.content_scripts ?? []).flatMap((c) => c.matches);
    assert.deepEqual(scripts, ['https://mail.google.com/*'], 'the Gmail driver, and only it');
    // No oauth2 unless the builder gave MAILSEQ_GOOGLE_CLIENT_ID (docs/gmail.md).
    if (!process.env.MAILSEQ_GOOGLE_CLIENT_ID) assert.equal(m.oauth2, undefined);
  });
}

test('the test build does carry the hooks (so the check above is not vacuous)', () => {
  assert.notDeepEqual(filesContaining(join(DIST, 'chrome-test'), 'mailseqTest'), []);
  const m = manifest('chrome-test');
  assert.ok(m.host_permissions.includes('http://127.0.0.1/*'));
  assert.ok(m.host_permissions.includes('http://localhost/*'));
});

test('the Firefox build has a gecko id, a scripts fallback and a sidebar', () => {
  const m = manifest('firefox');
  assert.ok(m.browser_specific_settings.gecko.id);
  assert.deepEqual(m.background.scripts, ['background.js']);
  assert.equal(m.sidebar_action.default_panel, 'sidepanel.html');
  assert.equal(m.side_panel, undefined);
});

// Each context loads only its own wasm: the service worker's has no UI entry points, and each
// page's has only its own entry point (the Makefile's `background` / `sidepanel` / `options`
// feature builds).
for (const build of ['chrome', 'chrome-test', 'firefox']) {
  test(`dist/${build} has one wasm for the service worker and one for each page`, () => {
    const pkg = join(DIST, build, 'pkg');
    const glue = (name) => readFileSync(join(pkg, name), 'utf8');
    const bg = glue('background.js');
    assert.match(bg, /export function start_background\b/);
    assert.doesNotMatch(bg, /start_sidepanel|start_options/);
    assert.ok(readFileSync(join(pkg, 'background_bg.wasm')).length > 0);
    const ext = join(DIST, build);
    assert.match(readFileSync(join(ext, 'background.js'), 'utf8'), /from '\.\/pkg\/background\.js'/);
    for (const [page, other] of [['sidepanel', 'options'], ['options', 'sidepanel']]) {
      const js = glue(`${page}.js`);
      assert.match(js, new RegExp(`export function start_${page}\\b`));
      assert.doesNotMatch(js, new RegExp(`start_background|start_${other}`));
      assert.ok(readFileSync(join(pkg, `${page}_bg.wasm`)).length > 0);
      const src = readFileSync(join(ext, `${page}.js`), 'utf8');
      assert.ok(src.includes(`from './pkg/${page}.js'`), `${page}.js loads its own wasm`);
    }
  });
}
