/**
 * In Chromium (issue 12): a front-desk officer attaches a second complaint to a victim the duplicate
 * check found. The check offers case number, initials and date only; the saved case shows the officer
 * what they typed, never the victim's record (her later address); the coordinator sees her record and
 * the link between the two cases; the choice in the page is a token, never her id.
 */
import { Page } from 'playwright-core';
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { Case } from '../src/case/case.entity';
import { bearer, registerCase } from './support/case-fixtures';
import {
  launchBrowser,
  PageWatch,
  RunningApp,
  signIn,
  startApp,
  TestBrowser,
  watchPage,
} from './support/browser';
import { apiLogin, createUser } from './support/test-app';

jest.setTimeout(180_000);

const VICTIM = { name: 'Rahayu Setyaningsih', nik: '3374016612930004', birthDate: '1993-12-26' };
const MOVED = 'Jl. Flamboyan Ungu Blok C-3';

describe('attaching a complaint to a registered victim in Chromium', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let watch: PageWatch;
  let earlier: { id: string; number: string };

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser({ width: 1024, height: 768 })]);
    const t = app.t;
    await createUser(t, 'fd1', [Role.FrontDesk]);
    await createUser(t, 'fd2', [Role.FrontDesk]);
    const counselor = await createUser(t, 'konselor', [Role.Counselor]);
    await createUser(t, 'coordinator', [Role.Coordinator]);
    const [fd1, coord, c1] = [
      await apiLogin(t, 'fd1'),
      await apiLogin(t, 'coordinator'),
      await apiLogin(t, 'konselor'),
    ];
    earlier = await registerCase(t, fd1, {
      victim: { fullName: VICTIM.name, nik: VICTIM.nik, birthDate: VICTIM.birthDate },
    });
    await request(t.server)
      .post(`/api/cases/${earlier.id}/assignment`)
      .set(bearer(coord))
      .send({ counselorId: counselor.id, version: 1 })
      .expect(200);
    await request(t.server)
      .patch(`/api/cases/${earlier.id}`)
      .set(bearer(c1))
      .send({ version: 2, victim: { address: MOVED } })
      .expect(200);
    page = await browser.context.newPage();
    watch = watchPage(page, app.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const url = (path: string) => `${app.baseUrl}${path}`;

  const logIn = (username: string) => signIn(page, app.baseUrl, username);

  it('the second front desk finds the earlier record by NIK, attaches the complaint and sees only what they typed', async () => {
    await logIn('fd2');
    await page.goto(url('/cases/new'));
    await page.getByLabel('Cara pengaduan').selectOption('phone');
    const victim = page.getByRole('group', { name: 'Korban', exact: true });
    await victim.getByLabel('Nama lengkap korban').fill('Rahayu S.');
    await victim.getByLabel('NIK', { exact: true }).fill(VICTIM.nik);
    await victim.getByLabel('Jenis kelamin').selectOption('female');
    await page.getByLabel('Korban melapor sendiri').check();
    await page
      .getByRole('group', { name: 'Pelaku 1' })
      .getByLabel('Hubungan dengan korban')
      .selectOption('spouse');
    await page.getByLabel('Tempat kejadian').selectOption('household');
    await page
      .getByRole('group', { name: /Jenis kekerasan/ })
      .getByLabel('Psikis')
      .check();
    await Promise.all([
      page.waitForURL(url('/cases/new/check')),
      page.getByRole('button', { name: 'Periksa data ganda' }).click(),
    ]);
    const matches = page.locator('#sec-duplicates');
    await expect(matches.locator('.match__number').textContent()).resolves.toBe(earlier.number);
    await expect(matches.locator('.match__initials').textContent()).resolves.toBe('R.S.');
    const html = await page.content();
    const victimId = (await app.t.dataSource.getRepository(Case).findOneByOrFail({ id: earlier.id }))
      .victimId;
    expect(html).not.toContain(victimId);
    expect(html).not.toContain(VICTIM.name);
    expect(html).not.toContain(MOVED);
    await matches.getByRole('radio').first().check();
    await Promise.all([
      page.waitForURL(/\/cases\/[0-9a-f-]{36}$/),
      page.getByRole('button', { name: 'Simpan pengaduan' }).click(),
    ]);
    // the case overview, then its people section
    const overview = await page.content();
    await page.goto(`${page.url()}/people`);
    const people = page.locator('#people');
    await expect(people.getByText('Rahayu S.').isVisible()).resolves.toBe(true);
    await expect(page.locator('#typed-notice').isVisible()).resolves.toBe(true);
    const shown = overview + (await page.content());
    expect(shown).not.toContain(VICTIM.name);
    expect(shown).not.toContain(MOVED);
    expect(shown).not.toContain(earlier.number);
  });

  it('the coordinator sees her record and the link to her earlier case', async () => {
    const second = page.url();
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.waitForURL(/\/login/);
    await logIn('coordinator');
    await page.goto(second);
    const people = page.locator('#people');
    await expect(people.getByText(VICTIM.name).isVisible()).resolves.toBe(true);
    await expect(people.getByText(MOVED).isVisible()).resolves.toBe(true);
    await Promise.all([
      page.waitForURL(url(`/cases/${earlier.id}`)),
      people.getByRole('link', { name: earlier.number }).click(),
    ]);
  });

  it('loaded nothing from another host and broke no content-security rule', () => {
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.cspViolations).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
  });
});
