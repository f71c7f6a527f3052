/**
 * In Chromium (headless): a coordinator opens a case's chronology page, records an incident entry
 * with the keyboard-reachable form, chooses the purpose and opens the print view. The print view is
 * a standalone A4 document (no navigation) that prints to PDF; it loads nothing from another host,
 * logs no CSP violation and fits a 360-px screen.
 */
import * as fs from 'node:fs';
import { Page } from 'playwright-core';
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { bearer, PersonalValues, personalText, registerCase } from './support/case-fixtures';
import { apiLogin, createUser } from './support/test-app';
import {
  horizontalOverflow,
  launchBrowser,
  PageWatch,
  RunningApp,
  signIn,
  startApp,
  TestBrowser,
  watchPage,
} from './support/browser';

jest.setTimeout(120_000);

describe('the printable case chronology in Chromium', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let watch: PageWatch;
  let caseId: string;
  /** The victim: the entries name her and hold her NIK, street and phone (the coordinator reads them in full). */
  let person: PersonalValues;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    const t = app.t;
    await createUser(t, 'fd', [Role.FrontDesk]);
    await createUser(t, 'koordinator', [Role.Coordinator]);
    const counselor = await createUser(t, 'c1', [Role.Counselor]);
    const [fd, coord] = await Promise.all([apiLogin(t, 'fd'), apiLogin(t, 'koordinator')]);
    const c = await registerCase(t, fd);
    caseId = c.id;
    person = c.person;
    await request(t.server)
      .post(`/api/cases/${caseId}/assignment`)
      .set(bearer(coord))
      .send({ counselorId: counselor.id, version: c.version })
      .expect(200);
    await request(t.server)
      .post(`/api/cases/${caseId}/chronology/entries`)
      .set(bearer(coord))
      .send({
        date: '2025-12-24',
        time: '21:15',
        place: 'Dapur',
        description: personalText('ENTRY-ONE Korban dipukul', person),
      })
      .expect(201);
    page = await browser.context.newPage();
    watch = watchPage(page, app.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const url = (path: string) => `${app.baseUrl}${path}`;

  async function fitsNarrowScreen(at: string): Promise<void> {
    await page.setViewportSize({ width: 360, height: 740 });
    const { scrollWidth } = await horizontalOverflow(page);
    expect({ at, fits: scrollWidth <= 360 }).toEqual({ at, fits: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  it('logs in and opens the chronology page', async () => {
    await signIn(page, app.baseUrl, 'koordinator');
    await page.goto(url(`/cases/${caseId}/chronology`));
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^Kronologis kasus PPT\/2026\/\d{6}$/);
    await expect(page.locator('#incident-chronology').textContent()).resolves.toContain('ENTRY-ONE');
    await fitsNarrowScreen('chronology page');
  });

  it('records an entry with the form', async () => {
    await page.fill('#chr-date', '2025-11-02');
    await page.selectOption('#chr-precision', 'month');
    await page.fill('#chr-place', 'Rumah orang tua');
    await page.fill(
      '#chr-description',
      personalText('ENTRY-ZERO Ancaman pertama lewat pesan singkat', person),
    );
    await Promise.all([
      page.waitForURL(url(`/cases/${caseId}/chronology#incident-chronology`)),
      page.click('#chronology-form button[type="submit"]'),
    ]);
    const entries = await page.locator('#incident-chronology > li').allTextContents();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toContain('November 2025');
    expect(entries[0]).toContain(personalText('ENTRY-ZERO Ancaman pertama lewat pesan singkat', person));
    expect(entries[1]).toContain(personalText('ENTRY-ONE Korban dipukul', person));
  });

  it('asks the purpose and opens the print view: a standalone document without navigation', async () => {
    await page.check('#purpose-court');
    await page.fill('#purposeText', 'PN Semarang');
    await Promise.all([
      page.waitForURL(/\/chronology\/print\?/),
      page.click('#print-options button:not([formaction])'),
    ]);
    await expect(page.locator('h1.print-title').textContent()).resolves.toBe('KRONOLOGIS KASUS');
    expect(await page.locator('.main-nav').count()).toBe(0);
    // Section I: the victim's own account from the intake first (issue 14), then the two entries.
    const printed = await page.locator('.print-entry').allTextContents();
    expect(printed).toHaveLength(3);
    expect(await page.locator('.print-entry').first().locator('.print-entry__source').count()).toBe(1);
    // the full version, for the court: the entries as written
    expect(printed[1]).toContain(personalText('ENTRY-ZERO Ancaman pertama lewat pesan singkat', person));
    expect(printed[2]).toContain(personalText('ENTRY-ONE Korban dipukul', person));
    await expect(page.locator('.print-footer').textContent()).resolves.toMatch(
      /kode verifikasi [0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}/,
    );
    await expect(page.locator('.print-facts').first().textContent()).resolves.toContain(
      'Pengadilan: PN Semarang',
    );
    // printing hides the toolbar and keeps the document
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.print-toolbar').isVisible()).toBe(false);
    expect(await page.locator('.print-sheet').isVisible()).toBe(true);
    await page.emulateMedia({ media: null });
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await fitsNarrowScreen('print view');
    if (process.env.CHRONOLOGY_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.CHRONOLOGY_SCREENSHOTS}/print-1280.png`, fullPage: true });
      await page.setViewportSize({ width: 360, height: 740 });
      await page.screenshot({ path: `${process.env.CHRONOLOGY_SCREENSHOTS}/print-360.png` });
      await page.setViewportSize({ width: 1280, height: 800 });
      fs.writeFileSync(`${process.env.CHRONOLOGY_SCREENSHOTS}/print.pdf`, pdf);
    }
  });

  it('loaded nothing from another host and logged no CSP violation or error', () => {
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.cspViolations).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
  });
});
