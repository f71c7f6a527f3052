/**
 * Issue 18 (the desk and the phone) in Chromium, on the whole demo:
 *  - 10: the keyboard pass on the main pages — the first Tab lands on the visible skip link, which
 *    takes the focus to the main content; Tab walks through the whole page and comes round (no
 *    trap); every element that takes the focus shows a focus ring of at least 3:1 against what is
 *    behind it (WCAG 1.4.11, 2.4.7);
 *  - 6: the unread-notification badge is readable (≥ 4.5:1); the language buttons, the menu and the
 *    standalone links and buttons are at least 44 px tall on a phone;
 *  - 3: on a 360-px phone the menu is one compact row that opens on demand, with JavaScript off;
 *  - 4: at 360 px the case list, the partner inbox and the referral list show every column (rows
 *    become cards), the page does not scroll sideways, and every scroll region is focusable and
 *    labelled;
 *  - 9: the PDF button of the chronology shows that it is working and is not pressed twice;
 *  - 7: no developer text on user pages: the workflow page shows its diagram (an SVG drawn on the
 *    server, labelled in the reader's language) and no Mermaid source or transition codes; the audit
 *    log names every action and resource in words (the code beside it only as a reference).
 */
import { Page } from 'playwright-core';
import { DEFAULT_DEMO_PASSWORD } from '../src/demo/demo-data';
import { DemoSeeder } from '../src/demo/demo-seeder';
import {
  horizontalOverflow,
  launchBrowser,
  PageWatch,
  RunningApp,
  startApp,
  TestBrowser,
  watchPage,
} from './support/browser';

jest.setTimeout(300_000);

interface FocusStop {
  key: string;
  body: boolean;
  skipLink: boolean;
  outline: string;
  width: number;
  ratio: number;
  inViewport: boolean;
}

/** What has the focus now, with its focus ring and the contrast of the ring against what is behind. */
function focusStop(page: Page): Promise<FocusStop> {
  return page.evaluate(() => {
    const w = globalThis as any;
    const doc = w.document;
    const el = doc.activeElement;
    const rgb = (c: string): number[] | null => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return null;
      const p = m[1]
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return p.length > 3 && p[3] === 0 ? null : p.slice(0, 3);
    };
    const lum = (c: number[]) => {
      const [r, g, b] = c.map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const describe = (e: any): string => {
      const parts: string[] = [];
      for (let n = e; n && n !== doc.body; n = n.parentElement) {
        const i = n.parentElement ? Array.prototype.indexOf.call(n.parentElement.children, n) : 0;
        parts.unshift(`${n.tagName.toLowerCase()}${n.id ? '#' + n.id : ''}:${i}`);
      }
      return parts.join('>');
    };
    if (!el || el === doc.body || el === doc.documentElement)
      return { key: 'body', body: true, skipLink: false, outline: '', width: 0, ratio: 0, inViewport: true };
    const style = w.getComputedStyle(el);
    const ring = rgb(style.outlineColor) ?? [0, 0, 0];
    // The ring is drawn outside the element (positive offset): what is behind it is the nearest
    // ancestor's background; with a negative offset, the element's own.
    let behind: number[] | null = null;
    const start = parseFloat(style.outlineOffset) < 0 ? el : el.parentElement;
    for (let n = start; n && !behind; n = n.parentElement)
      behind = rgb(w.getComputedStyle(n).backgroundColor);
    const [a, b] = [lum(ring), lum(behind ?? [255, 255, 255])].sort((x, y) => y - x);
    const r = el.getBoundingClientRect();
    return {
      key: describe(el),
      body: false,
      skipLink: el.classList.contains('skip-link'),
      outline: style.outlineStyle,
      width: parseFloat(style.outlineWidth),
      ratio: Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100,
      inViewport: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= w.innerWidth,
    };
  });
}

describe('the desk and the phone in Chromium (issue 18)', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let watch: PageWatch;
  let caseUrl: string;
  const url = (path: string) => `${app.baseUrl}${path}`;

  async function logIn(p: Page, username: string): Promise<void> {
    await p.goto(url('/login'));
    await p.fill('#username', username);
    await p.fill('#password', DEFAULT_DEMO_PASSWORD);
    await Promise.all([p.waitForURL(url('/')), p.click('form[action="/login"] button[type="submit"]')]);
  }
  async function logOut(p: Page): Promise<void> {
    await Promise.all([p.waitForURL(/\/login/), p.click('form.logout-form button[type="submit"]')]);
  }

  /**
   * Tabs through the page from its top until the focus leaves it; returns every stop. A date field
   * takes a Tab per part (day, month, year): a few in a row on one element is moving on, not a trap.
   */
  async function walk(path: string): Promise<FocusStop[]> {
    await page.goto(url(path));
    const stops: FocusStop[] = [];
    const landed = await focusStop(page);
    if (!landed.body) {
      // an autofocused field (the login page's user name): Shift+Tab back to the top of the page,
      // where the skip link must be the first stop
      for (let i = 0; i < 50 && !(await focusStop(page)).skipLink; i++)
        await page.keyboard.press('Shift+Tab');
      const first = await focusStop(page);
      if (!first.skipLink) return [first];
      stops.push(first);
    }
    let same = 0;
    for (let i = 0; i < 800; i++) {
      await page.keyboard.press('Tab');
      const stop = await focusStop(page);
      if (stop.body) return stops;
      if (stops.length && stops[stops.length - 1].key === stop.key) {
        if (++same >= 5) throw new Error(`${path}: the focus is stuck on ${stop.key}`);
        continue;
      }
      same = 0;
      if (stops.some((s) => s.key === stop.key)) return [...stops, stop]; // came round
      stops.push(stop);
    }
    throw new Error(`${path}: 800 Tabs did not leave the page (a keyboard trap?)`);
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
  afterEach(() => expect(watch.foreignRequests).toEqual([]));

  it.each([
    ['(anonymous)', ['/login']],
    ['frontdesk', ['/', '/cases', '/cases/new']],
    ['coordinator', ['/cases', ':case', '/reports/dashboard', '/workflow']],
    ['police', ['/partner']],
  ])('10: keyboard pass as %s: skip link first, no trap, a visible focus ring ≥ 3:1', async (who, paths) => {
    if (who !== '(anonymous)') await logIn(page, who);
    for (const path of paths) {
      let target = path;
      if (path === ':case') {
        await page.goto(url('/cases'));
        target = new URL(
          await page
            .locator('a.case-number')
            .first()
            .evaluate((a: any) => a.href),
        ).pathname;
      }
      const stops = await walk(target);
      expect({ path: target, first: stops[0]?.skipLink, visible: stops[0]?.inViewport }).toEqual({
        path: target,
        first: true,
        visible: true,
      });
      expect(stops.length).toBeGreaterThan(3);
      const weak = stops
        .filter((s) => s.outline === 'none' || s.width < 2 || s.ratio < 3)
        .map((s) => `${s.key}: ${s.outline} ${s.width}px ${s.ratio}:1`);
      expect({ path: target, weak }).toEqual({ path: target, weak: [] });
      // the skip link takes the focus to the main content
      await page.goto(url(target));
      if ((await focusStop(page)).body) await page.keyboard.press('Tab');
      else
        for (let i = 0; i < 50 && !(await focusStop(page)).skipLink; i++)
          await page.keyboard.press('Shift+Tab');
      await expect(focusStop(page)).resolves.toEqual(expect.objectContaining({ skipLink: true }));
      await page.keyboard.press('Enter');
      await expect(page.evaluate(() => (globalThis as any).document.activeElement.id)).resolves.toBe('main');
    }
    if (who !== '(anonymous)') await logOut(page);
  });

  it('6: the unread badge is readable; buttons, menu and standalone links are ≥ 44 px tall on a phone', async () => {
    await logIn(page, 'coordinator');
    await page.goto(url('/notifications'));
    const badges = await page.evaluate(() => {
      const w = globalThis as any;
      return Array.from(w.document.querySelectorAll('.badge--count'))
        .filter((b: any) => b.getClientRects().length > 0)
        .map((b: any) => {
          const s = w.getComputedStyle(b);
          return { color: s.color, background: s.backgroundColor };
        });
    });
    expect(badges.length).toBeGreaterThan(0);
    const lum = (c: string) => {
      const [r, g, b] = /rgba?\(([^)]+)\)/
        .exec(c)![1]
        .split(/[\s,]+/)
        .map(Number)
        .map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (const b of badges) {
      const [x, y] = [lum(b.color), lum(b.background)].sort((p, q) => q - p);
      expect((x + 0.05) / (y + 0.05)).toBeGreaterThanOrEqual(4.5);
    }
    await page.setViewportSize({ width: 360, height: 740 });
    for (const path of ['/', '/cases', '/referrals', '/reports']) {
      await page.goto(url(path));
      const small = await page.evaluate(() => {
        const w = globalThis as any;
        const sel =
          '.lang-button, .main-nav__compact > summary, .button, .pagination a, .actions > a, .subnav a, .tile';
        return Array.from(w.document.querySelectorAll(sel))
          .filter((e: any) => e.getClientRects().length > 0)
          .map((e: any) => ({
            what: `${e.tagName} ${e.textContent.trim()}`,
            h: e.getBoundingClientRect().height,
          }))
          .filter((e: any) => e.h < 44);
      });
      expect({ path, small }).toEqual({ path, small: [] });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await logOut(page);
  });

  it('3: on a 360-px phone the menu is one compact row that opens on demand, without JavaScript', async () => {
    const noJs = await launchBrowser({ width: 360, height: 740, javaScriptEnabled: false });
    try {
      const p = await noJs.context.newPage();
      watchPage(p, app.baseUrl);
      await logIn(p, 'coordinator');
      const nav = p.getByRole('navigation', { name: 'Navigasi utama' });
      const menu = nav.locator('summary');
      await expect(menu.isVisible()).resolves.toBe(true);
      await expect(nav.getByRole('link', { name: 'Daftar kasus', exact: true }).count()).resolves.toBe(0);
      const navBox = (await nav.boundingBox())!;
      const headerBox = (await p.locator('.site-header').boundingBox())!;
      expect(navBox.height).toBeLessThanOrEqual(56);
      expect(headerBox.height / 740).toBeLessThan(0.25);
      await menu.click();
      const cases = nav.getByRole('link', { name: 'Daftar kasus', exact: true });
      await expect(cases.isVisible()).resolves.toBe(true);
      await Promise.all([p.waitForURL(url('/cases')), cases.click()]);
      // the menu says where one is, and is closed again on the new page
      await expect(nav.locator('summary').innerText()).resolves.toContain('Daftar kasus');
      await expect(nav.getByRole('link', { name: 'Daftar kasus', exact: true }).count()).resolves.toBe(0);
      // at 1280 px the whole list shows, and no menu button
      await p.setViewportSize({ width: 1280, height: 800 });
      await expect(nav.locator('summary').isVisible()).resolves.toBe(false);
      await expect(nav.getByRole('link', { name: 'Daftar kasus', exact: true }).isVisible()).resolves.toBe(
        true,
      );
    } finally {
      await noJs.close();
    }
  });

  it('4: at 360 px the lists show every column, nothing scrolls sideways, scroll regions are labelled', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    const check = async (path: string, minRows: number) => {
      await page.goto(url(path));
      const { scrollWidth } = await horizontalOverflow(page);
      expect({ path, scrollWidth }).toEqual({ path, scrollWidth: 360 });
      const cells = await page.evaluate(() => {
        const w = globalThis as any;
        return Array.from(
          w.document.querySelectorAll('table.stack-table tbody td, table.stack-table .badge'),
        ).map((c: any) => {
          const r = c.getBoundingClientRect();
          return { text: c.textContent.trim().slice(0, 30), left: r.left, right: r.right };
        });
      });
      expect(cells.length).toBeGreaterThanOrEqual(minRows);
      expect({ path, cut: cells.filter((c) => c.left < 0 || c.right > 360) }).toEqual({ path, cut: [] });
      const regions = await page.evaluate(() =>
        Array.from((globalThis as any).document.querySelectorAll('.table-wrap')).map((e: any) => ({
          role: e.getAttribute('role'),
          tabindex: e.getAttribute('tabindex'),
          label: !!e.getAttribute('aria-label'),
        })),
      );
      for (const r of regions) expect(r).toEqual({ role: 'region', tabindex: '0', label: true });
    };
    await logIn(page, 'police');
    await check('/partner', 5);
    // the overdue badge is among what shows
    await expect(page.locator('table.stack-table .badge--bad').count()).resolves.toBeGreaterThan(0);
    await logOut(page);
    await logIn(page, 'coordinator');
    await check('/cases', 7);
    await expect(page.locator('td[data-label="Risiko"]').first().isVisible()).resolves.toBe(true);
    await check('/referrals', 5);
    await page.setViewportSize({ width: 1280, height: 800 });
    await logOut(page);
  });

  it('9: the chronology PDF button shows that it works and is not pressed twice', async () => {
    await logIn(page, 'coordinator');
    await page.goto(url('/cases'));
    caseUrl = new URL(
      await page
        .locator('a.case-number')
        .first()
        .evaluate((a: any) => a.href),
    ).pathname;
    await page.goto(url(`${caseUrl}/chronology`));
    let pdfRequests = 0;
    page.on('request', (r) => {
      if (/chronology\.pdf/.test(r.url())) pdfRequests++;
    });
    await page.locator('input[name="purpose"]').first().check();
    const button = page.locator('button[formaction$="chronology.pdf"]');
    const idle = (await button.innerText()).trim();
    const sent = page.waitForRequest(/chronology\.pdf/);
    const answered = page.waitForResponse(/chronology\.pdf/, { timeout: 120_000 });
    await button.click();
    await sent;
    await expect(button.getAttribute('aria-busy')).resolves.toBe('true');
    await expect(button.getAttribute('aria-disabled')).resolves.toBe('true');
    await expect(button.innerText()).resolves.toBe('Menyiapkan unduhan…');
    await button.click({ force: true });
    await page.waitForTimeout(700);
    expect(pdfRequests).toBe(1);
    expect((await answered).headers()['content-type']).toMatch(/application\/pdf/);
    // back to the page from elsewhere: the button is ready again
    await page.goto(url(`${caseUrl}/chronology`));
    await expect(button.innerText()).resolves.toBe(idle);
    await expect(button.getAttribute('aria-busy')).resolves.toBeNull();
    await logOut(page);
  });

  it('7: the workflow page draws its diagram in words; the audit log names actions and resources', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await logIn(page, 'coordinator');
    for (const [lang, stage, transition] of [
      ['id', 'Konseling awal', 'Mulai konseling awal'],
      ['en', 'Initial counseling', 'Start initial counseling'],
    ]) {
      await page.context().addCookies([{ name: 'lang', value: lang, url: app.baseUrl }]);
      await page.goto(url('/workflow'));
      const diagram = page.locator('svg[role="img"]');
      await expect(diagram.isVisible()).resolves.toBe(true);
      const box = (await diagram.boundingBox())!;
      expect(box.width).toBeGreaterThan(300);
      expect(box.height).toBeGreaterThan(200);
      const labels = (await diagram.locator('text').allTextContents()).map((l) => l.trim());
      expect(labels).toEqual(expect.arrayContaining([stage, transition]));
      const seen = await page.locator('main').innerText();
      expect({ lang, seen }).not.toEqual({ lang, seen: expect.stringMatching(/stateDiagram|flowchart|-->/) });
      expect({ lang, seen }).not.toEqual({
        lang,
        seen: expect.stringMatching(/\b(start_counseling|admit_to_shelter|initial_counseling|in_shelter)\b/),
      });
    }
    await page.context().addCookies([{ name: 'lang', value: 'id', url: app.baseUrl }]);
    await logOut(page);

    await logIn(page, 'admin');
    await page.goto(url('/admin/audit'));
    // every row's action and resource read as words; their codes sit beside them as references (the
    // route, IP and request id columns are references for the administrator, as stored)
    const unnamed = await page.evaluate(() => {
      const rows = Array.from((globalThis as any).document.querySelectorAll('main table tbody tr')) as any[];
      // a cell whose only text is code: no words outside its <code> elements
      const bare = (cell: any) => {
        if (!cell || !cell.textContent.trim()) return false;
        const copy = cell.cloneNode(true);
        copy.querySelectorAll('code').forEach((c: any) => c.remove());
        return !copy.textContent.trim();
      };
      return {
        rows: rows.length,
        actions: rows.filter((r) => bare(r.cells[3])).map((r) => r.cells[3].textContent.trim()),
        resources: rows.filter((r) => bare(r.cells[4])).map((r) => r.cells[4].textContent.trim()),
      };
    });
    expect(unnamed.rows).toBeGreaterThan(5);
    expect(unnamed).toEqual({ rows: unnamed.rows, actions: [], resources: [] });
    await logOut(page);
  });
});
