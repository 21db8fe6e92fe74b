// Assembles one unpacked extension from extension/, the wasm-bindgen output and the tz files,
// and writes its manifest. The three manifests come from ONE source, extension/manifest.base.json
// (the shipped Chrome build); each variant below is a small, explicit change to it.
//   node scripts/assemble.mjs <chrome|chrome-test|firefox> <pkg dir> <tz dir> <out dir>
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [variant, pkgDir, tzDir, outDir] = process.argv.slice(2);
if (!variant || !pkgDir || !tzDir || !outDir) {
  console.error('usage: assemble.mjs <chrome|chrome-test|firefox> <pkg dir> <tz dir> <out dir>');
  process.exit(2);
}

const base = JSON.parse(readFileSync('extension/manifest.base.json', 'utf8'));

// Test builds reach a Roundcube on loopback at any port without asking (DESIGN.md contract).
const LOOPBACK = ['http://127.0.0.1/*', 'http://localhost/*'];
// The Roundcube driver's files, in load order (one list, shared with the background's run-time
// registration for origins the user grants: src/browser/content_scripts.rs).
const ROUNDCUBE = JSON.parse(readFileSync('extension/content/roundcube/files.json', 'utf8'));

// Chrome's getAuthToken reads its OAuth client from the manifest, so the shipped Chrome build
// carries one only when the builder gives it (`MAILSEQ_GOOGLE_CLIENT_ID=... make`); without
// it there is no oauth2 key and Gmail connects through launchWebAuthFlow (docs/gmail.md).
const GOOGLE_CLIENT_ID = (process.env.MAILSEQ_GOOGLE_CLIENT_ID ?? '').trim();
if (GOOGLE_CLIENT_ID && !/^[\w.-]+\.apps\.googleusercontent\.com$/.test(GOOGLE_CLIENT_ID)) {
  console.error(`MAILSEQ_GOOGLE_CLIENT_ID "${GOOGLE_CLIENT_ID}" is not a Google OAuth client id (…apps.googleusercontent.com)`);
  process.exit(2);
}
const GMAIL_SCOPES = [
  'https://www.googleapis.com/auth/gmail.send',
  'https://www.googleapis.com/auth/gmail.metadata',
];

const variants = {
  chrome: (m) => (GOOGLE_CLIENT_ID ? { ...m, oauth2: { client_id: GOOGLE_CLIENT_ID, scopes: GMAIL_SCOPES } } : m),
  'chrome-test': (m) => ({
    ...m,
    name: `${m.name} (test build)`,
    host_permissions: [...m.host_permissions, ...LOOPBACK],
    content_scripts: [
      ...(m.content_scripts ?? []),
      // all_frames: Roundcube shows a message preview in an iframe.
      { matches: LOOPBACK, ...ROUNDCUBE, run_at: 'document_idle', all_frames: true },
    ],
  }),
  firefox: (m) => {
    const { minimum_chrome_version: _c, side_panel: sidePanel, ...rest } = m;
    return {
      ...rest,
      // Firefox has no sidePanel permission; its sidebar shows the same page.
      permissions: m.permissions.filter((p) => p !== 'sidePanel'),
      // Firefox MV3 runs background scripts; Chrome ignores `scripts` next to service_worker.
      background: { ...m.background, scripts: [m.background.service_worker] },
      sidebar_action: {
        default_panel: sidePanel.default_path,
        default_title: m.name,
        default_icon: m.action.default_icon,
      },
      browser_specific_settings: {
        gecko: {
          id: 'mailseq@mailseq.invalid',
          strict_min_version: '142.0',
          data_collection_permissions: { required: ['none'] },
        },
      },
    };
  },
};

const make = variants[variant];
if (!make) {
  console.error(`unknown variant "${variant}"`);
  process.exit(2);
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
cpSync('extension', outDir, {
  recursive: true,
  filter: (src) => !src.endsWith('manifest.base.json'),
});
mkdirSync(join(outDir, 'pkg'), { recursive: true });
// The glue, the wasm and any snippets/ the glue imports (wasm-bindgen inline_js).
cpSync(pkgDir, join(outDir, 'pkg'), {
  recursive: true,
  filter: (src) => !/\.d\.ts$|package\.json$/.test(src),
});
cpSync(tzDir, join(outDir, 'tz'), { recursive: true });
writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(make(base), null, 2) + '\n');
console.log(`assembled ${outDir}`);
