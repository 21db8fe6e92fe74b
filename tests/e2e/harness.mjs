// Playwright harness for the test build (dist/chrome-test) in Debian's Chromium, headless.
// Each launch() gets a fresh temporary profile, so tests never share storage or alarms.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TEST_BUILD = join(ROOT, 'dist', 'chrome-test');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Rejects after `ms` with a message naming `what`: every wait in a test is bounded. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Starts Chromium with the extension. Options: `extension` (dir), `args` (extra flags, e.g.
 * --host-resolver-rules), `headless` (default true; false needs `xvfb-run`).
 * Returns { context, sw, extensionId, swEval, ready, wake, stopServiceWorker, openPage,
 * openSidePanel, openOptions, consoleErrors, close }.
 */
export async function launch({ extension = TEST_BUILD, args = [], headless = true } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'mailseq-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      ...args,
    ],
  });
  const sw =
    context.serviceWorkers()[0] ??
    (await withTimeout(context.waitForEvent('serviceworker'), 15_000, 'service worker start'));
  const extensionId = new URL(sw.url()).host;

  // Console errors of every extension page and of the worker, for "loads cleanly" checks.
  const consoleErrors = [];
  const watch = (page) => {
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${page.url()}: ${m.text()}`));
    page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  };
  context.on('page', watch);
  context.pages().forEach(watch);

  /** Runs `fn(arg)` in the service worker; bounded, because it hangs while the worker is stopped. */
  const swEval = (fn, arg, timeoutMs = 10_000) =>
    withTimeout(sw.evaluate(fn, arg), timeoutMs, `service worker evaluate: ${String(fn).slice(0, 60)}`);

  const openPage = async (path) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${path}`);
    return page;
  };

  /**
   * Stops the worker through CDP and resolves once Chromium reports it stopped. The next
   * message from a page, a due alarm, or `swEval` (which waits for a restart) brings it back.
   */
  const stopServiceWorker = async (timeoutMs = 10_000) => {
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    try {
      await cdp.send('ServiceWorker.enable');
      const stopped = new Promise((resolveStopped) => {
        cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
          const ours = versions.filter((v) => v.scriptURL.includes(extensionId));
          if (ours.length && ours.every((v) => v.runningStatus === 'stopped')) resolveStopped();
        });
      });
      await cdp.send('ServiceWorker.stopAllWorkers');
      await withTimeout(stopped, timeoutMs, 'service worker stop');
    } finally {
      await cdp.detach().catch(() => {});
    }
  };

  /**
   * Restarts a stopped worker: any message from an extension page does (this one is refused
   * by the schema check, so it changes nothing), then waits until start-up finished.
   */
  const wake = async (timeoutMs = 10_000) => {
    const page = await openPage('options.html');
    try {
      await page.evaluate(() => chrome.runtime.sendMessage({ type: 'harnessWake' }).catch(() => null));
    } finally {
      await page.close();
    }
    return ready(timeoutMs);
  };

  /** Waits until the worker has finished starting (storage loaded, hooks provided). */
  const ready = (timeoutMs = 10_000) =>
    swEval(() => globalThis.mailseqTest.now(), undefined, timeoutMs);

  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };

  return {
    context,
    sw,
    extensionId,
    swEval,
    ready,
    wake,
    stopServiceWorker,
    openPage,
    openSidePanel: () => openPage('sidepanel.html'),
    openOptions: () => openPage('options.html'),
    consoleErrors,
    close,
  };
}
