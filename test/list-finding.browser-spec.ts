/**
 * Finding things, in Chromium (issue 18, item 8): a column header of the case list sorts the list
 * (and says so: aria-sort on its header), a second click reverses it; the page-size select shows
 * that many rows and keeps the order; a bad filter value shows the form again with the message
 * beside its field. All of it works with plain links and GET forms.
 */
import { Page } from 'playwright-core';
import { Role } from '../src/platform/auth/permissions';
import { registerCase } from './support/case-fixtures';
import { launchBrowser, PageWatch, RunningApp, startApp, TestBrowser, watchPage } from './support/browser';
import { apiLogin, createUser, TEST_PASSWORD } from './support/test-app';

jest.setTimeout(180_000);

describe('lists: sort by a column header, choose the page size, see the wrong filter, in Chromium', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let watch: PageWatch;
  const numbers: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    await createUser(app.t, 'frontdesk', [Role.FrontDesk]);
    await createUser(app.t, 'coord', [Role.Coordinator]);
    const token = await apiLogin(app.t, 'frontdesk');
    // 12 cases, received on different days (not in the order of their numbers).
    for (let i = 0; i < 12; i++) {
      const day = String(((i * 5) % 12) + 1).padStart(2, '0');
      numbers.push((await registerCase(app.t, token, { receivedAt: `2026-01-${day}` })).number);
    }
    page = await browser.context.newPage();
    watch = watchPage(page, app.baseUrl);
    await page.goto(`${app.baseUrl}/login`);
    await page.fill('#username', 'coord');
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([
      page.waitForURL(`${app.baseUrl}/`),
      page.click('form[action="/login"] button[type="submit"]'),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const shownNumbers = () => page.locator('.case-table tbody .case-number').allTextContents();

  it('clicking the number header sorts by number, ascending then descending, and says so', async () => {
    await page.goto(`${app.baseUrl}/cases`);
    // The default order (received, newest first) is marked on its header.
    expect(await page.locator('th[aria-sort]').count()).toBe(1);
    const numberHeader = page
      .locator('th', { has: page.locator('a.sort-link', { hasText: 'Nomor' }) })
      .first();
    await Promise.all([page.waitForURL(/sort=number&dir=asc/), numberHeader.locator('a').click()]);
    expect(await numberHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await numberHeader.locator('.visually-hidden').textContent()).toContain('diurutkan naik');
    const asc = await shownNumbers();
    expect(asc).toEqual([...numbers].sort());
    await Promise.all([page.waitForURL(/sort=number&dir=desc/), numberHeader.locator('a').click()]);
    expect(await numberHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await shownNumbers()).toEqual([...numbers].sort().reverse());
    expect(watch.pageErrors).toEqual([]);
  });

  it('the page-size select shows that many rows, keeps the order, and the pagination keeps both', async () => {
    await page.goto(`${app.baseUrl}/cases?sort=number&dir=asc`);
    await page.selectOption('#page-size', '10');
    await Promise.all([page.waitForURL(/pageSize=10/), page.click('.page-size-form button[type="submit"]')]);
    expect(page.url()).toMatch(/sort=number/);
    expect(await shownNumbers()).toEqual([...numbers].sort().slice(0, 10));
    const next = page.locator('.pagination a[rel="next"]');
    expect(await next.getAttribute('href')).toMatch(/sort=number.*dir=asc.*pageSize=10.*page=2|pageSize=10/);
    await Promise.all([page.waitForURL(/page=2/), next.click()]);
    expect(await shownNumbers()).toEqual([...numbers].sort().slice(10));
    // A filter keeps the order and the page size.
    await page.fill('#filter-number', numbers[0].slice(0, 3));
    await Promise.all([page.waitForURL(/number=/), page.click('form[role="search"] button[type="submit"]')]);
    expect(page.url()).toMatch(/sort=number/);
    expect(page.url()).toMatch(/pageSize=10/);
  });

  it('a bad filter value shows the form again with the message beside its field', async () => {
    // The refused filters answer 400 (the page is there all the same): the browser logs it.
    watch.allowConsoleErrors(/status of 400/);
    // A date typed by hand in a browser without a date picker, or a link someone edited.
    await page.goto(`${app.baseUrl}/cases?from=2026-13-45&sort=number`);
    const field = page.locator('#filter-from');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    const message = page.locator('#filter-from-error');
    await message.waitFor({ state: 'visible' });
    expect(await message.textContent()).toContain('Diterima sejak');
    expect(await field.getAttribute('aria-describedby')).toContain('filter-from-error');
    // The message sits in the same field as the input, and the summary links to the field.
    expect(await page.locator('.field', { has: field }).locator('.field-error').count()).toBe(1);
    expect(await page.locator('#form-error a[href="#filter-from"]').count()).toBe(1);
    // An unknown sort column: named in the summary (it has no field of its own), the form still there.
    await page.goto(`${app.baseUrl}/cases?sort=victimName`);
    expect(await page.locator('#form-error').textContent()).toContain('Urutkan menurut');
    expect(await page.locator('form[role="search"]').count()).toBe(1);
  });
});
