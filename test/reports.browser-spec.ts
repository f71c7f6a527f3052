/**
 * In Chromium: a coordinator opens the dashboard; Chart.js (served by the application) draws every
 * chart beside its table of numbers, with no request to another host, no Content-Security-Policy
 * violation and no script error; the statistics page renders its tables. On a 360-px screen the
 * dashboard does not scroll sideways.
 */
import { Page } from 'playwright-core';
import { Role } from '../src/platform/auth/permissions';
import { registerCase } from './support/case-fixtures';
import { apiLogin, createUser, TEST_PASSWORD } from './support/test-app';
import {
  horizontalOverflow,
  launchBrowser,
  PageWatch,
  RunningApp,
  startApp,
  TestBrowser,
  watchPage,
} from './support/browser';

jest.setTimeout(120_000);

describe('reports dashboard in Chromium', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let watch: PageWatch;
  const url = (path: string) => `${app.baseUrl}${path}`;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    await createUser(app.t, 'koordinator', [Role.Coordinator]);
    const token = await apiLogin(app.t, 'koordinator');
    for (const receivedAt of ['2026-01-03', '2026-01-09', '2026-01-12'])
      await registerCase(app.t, token, { receivedAt, incident: { date: receivedAt } });
    page = await browser.context.newPage();
    watch = watchPage(page, app.baseUrl);
    await page.goto(url('/login'));
    await page.fill('#username', 'koordinator');
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL(url('/')), page.click('form[action="/login"] button[type="submit"]')]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('draws every chart with Chart.js from the app, under the CSP, beside its numbers', async () => {
    await page.goto(url('/reports/dashboard?from=2026-01-01&to=2026-01-15'));
    await page.waitForSelector('canvas[data-drawn="true"]');
    const canvases = await page.locator('canvas[data-chart]').count();
    expect(canvases).toBe(6);
    expect(await page.locator('canvas[data-drawn="true"]').count()).toBe(6);
    // each chart has its table of numbers beside it
    expect(await page.locator('.report-panel .report-figures').count()).toBe(7);
    const months = await page.locator('#chart-months').getAttribute('data-values');
    expect(months).toBe('[3]');
    // the canvas was really painted (non-zero size)
    const box = await page.locator('#chart-stages').boundingBox();
    expect(box && box.width > 0 && box.height > 0).toBe(true);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.cspViolations).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
  });

  it('fits a 360-px screen and shows the statistics tables', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(url('/reports/dashboard?from=2026-01-01&to=2026-01-15'));
    await page.waitForSelector('canvas[data-drawn="true"]');
    const { scrollWidth } = await horizontalOverflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(url('/reports?from=2026-01-01&to=2026-01-15'));
    expect(await page.locator('table[data-table="simfoni.victimsBySexAge"]').count()).toBe(1);
    expect(watch.cspViolations).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
  });
});
