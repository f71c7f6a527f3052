/**
 * Browser tests: Debian's Chromium driven by playwright-core (`.ci/run` installs it with apt-get;
 * `npx playwright install` cannot download a browser on these machines), against the full
 * application listening on a free loopback port.
 */
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { BrowserContext, chromium, ConsoleMessage, Page, Request } from 'playwright-core';
import { createTestApp, TEST_PASSWORD, TestApp } from './test-app';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh, throw-away user-data-dir (no state shared between runs). */
export async function launchBrowser(
  options: { width?: number; height?: number; javaScriptEnabled?: boolean } = {},
): Promise<TestBrowser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface RunningApp {
  t: TestApp;
  baseUrl: string;
  close(): Promise<void>;
}

/** The application (createTestApp) listening on 127.0.0.1 on a free port. */
export async function startApp(options: Parameters<typeof createTestApp>[0] = {}): Promise<RunningApp> {
  const t = await createTestApp(options);
  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address() as AddressInfo;
  return { t, baseUrl: `http://127.0.0.1:${address.port}`, close: () => t.close() };
}

export interface PageWatch {
  /** Console messages of type error or warning. */
  problems: string[];
  /** Console errors (a subset of problems). */
  errors: string[];
  /** Console messages that report a Content-Security-Policy violation. */
  cspViolations: string[];
  /** Requests to any origin other than the application's (data: and blob: URLs aside). */
  foreignRequests: string[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /**
   * Declares console errors the test causes on purpose (a page answered 403/404 logs "Failed to load
   * resource …"): those matching `pattern` are not held against the page.
   */
  allowConsoleErrors(pattern: RegExp): void;
  allowed: RegExp[];
}

/** Every page watched since the last test ended (checked by the afterEach below). */
const watches: PageWatch[] = [];

/**
 * Fails the test when a page it drove logged a console error (not declared with allowConsoleErrors),
 * a Content-Security-Policy violation or an uncaught exception. Runs after every browser test, so no
 * suite has to remember to assert it.
 */
export function assertQuietPages(): void {
  const found: string[] = [];
  for (const w of watches) {
    found.push(...w.cspViolations.map((v) => `CSP violation: ${v}`));
    found.push(...w.pageErrors.map((e) => `uncaught exception: ${e}`));
    found.push(
      ...w.errors.filter((e) => !w.allowed.some((p) => p.test(e))).map((e) => `console error: ${e}`),
    );
    w.cspViolations.length = 0;
    w.pageErrors.length = 0;
    w.errors.length = 0;
  }
  if (found.length) throw new Error(`The pages were not quiet:\n  ${found.join('\n  ')}`);
}

if (typeof afterEach === 'function') afterEach(() => assertQuietPages());

/**
 * Records what a page does that a test may want to forbid: CSP violations logged to the console,
 * requests to other hosts, uncaught errors. Console errors, CSP violations and uncaught errors fail the
 * test by themselves (assertQuietPages after each test); the page's responses are checked for
 * untranslated words by the application's harness (test-app.ts).
 */
export function watchPage(page: Page, baseUrl: string): PageWatch {
  const origin = new URL(baseUrl).origin;
  const watch: PageWatch = {
    problems: [],
    errors: [],
    cspViolations: [],
    foreignRequests: [],
    pageErrors: [],
    allowed: [],
    allowConsoleErrors(pattern: RegExp) {
      watch.allowed.push(pattern);
    },
  };
  watches.push(watch);
  page.on('console', (msg: ConsoleMessage) => {
    const text = msg.text();
    if (/Content[- ]Security[- ]Policy/i.test(text)) watch.cspViolations.push(`${page.url()}: ${text}`);
    if (msg.type() === 'error' || msg.type() === 'warning') watch.problems.push(`${msg.type()}: ${text}`);
    if (msg.type() === 'error') watch.errors.push(`${page.url()}: ${text}`);
  });
  page.on('pageerror', (err) => watch.pageErrors.push(`${page.url()}: ${err.message}`));
  page.on('request', (req: Request) => {
    const url = req.url();
    if (/^(data|blob|about):/.test(url)) return;
    if (new URL(url).origin !== origin) watch.foreignRequests.push(url);
  });
  return watch;
}

/** Whether the page scrolls sideways at its current viewport width. */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; viewport: number }> {
  // Runs in the page; the project's TypeScript has no DOM types, hence globalThis.
  return page.evaluate(() => {
    const w = globalThis as any;
    return {
      scrollWidth: w.document.documentElement.scrollWidth as number,
      viewport: w.innerWidth as number,
    };
  });
}

/**
 * Logs `username` in through the login page (labels, as a user reads them; the test password) and
 * waits for the home page.
 */
export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(TEST_PASSWORD);
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.getByRole('button', { name: 'Masuk' }).click()]);
}

/** Logs out with the navigation's button and waits for the login page. */
export async function signOut(page: Page): Promise<void> {
  await Promise.all([page.waitForURL(/\/login/), page.getByRole('button', { name: 'Keluar' }).click()]);
}

/** A link of the main navigation (the home page repeats them as tiles). */
export const mainNavLink = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name });
