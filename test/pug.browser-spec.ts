/**
 * In Chromium (headless), as the PUG secretariat, with keyboard-accessible selectors (labels, roles):
 * renames a region from its page (its SKPD roster stays); edits a training's participants by
 * institution and sex; meets the version conflict when someone else changed the training meanwhile;
 * and deletes a decree's scanned file only after the confirmation page. The edit forms fit a 360-px
 * screen; nothing is loaded from another host and no content-security rule is broken.
 */
import { Page } from 'playwright-core';
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { InstitutionsService } from '../src/institutions/institutions.service';
import { PugDecreesService } from '../src/pug/pug-decrees.service';
import {
  horizontalOverflow,
  launchBrowser,
  PageWatch,
  RunningApp,
  startApp,
  TestBrowser,
  watchPage,
} from './support/browser';
import { apiLogin, createUser, TEST_PASSWORD } from './support/test-app';

jest.setTimeout(180_000);

describe('editing PUG records through the pages, in Chromium', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let watch: PageWatch;
  let token: string;
  const ids: Record<string, string> = {};
  const inst: Record<string, string> = {};
  const url = (path: string) => `${app.baseUrl}${path}`;
  const api = () => ({
    post: (path: string) => request(app.t.server).post(path).set('Authorization', `Bearer ${token}`),
    put: (path: string) => request(app.t.server).put(path).set('Authorization', `Bearer ${token}`),
    patch: (path: string) => request(app.t.server).patch(path).set('Authorization', `Bearer ${token}`),
    get: (path: string) => request(app.t.server).get(path).set('Authorization', `Bearer ${token}`),
  });

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    const t = app.t;
    const institutions = t.app.get(InstitutionsService);
    for (const [key, name] of [
      ['bappeda', 'Bappeda Kota'],
      ['pp', 'Bagian Pemberdayaan Perempuan'],
      ['dinkes', 'Dinas Kesehatan'],
      ['dinsos', 'Dinas Sosial'],
    ] as const) {
      inst[key] = (await institutions.create({ name, type: 'government_office' })).id;
    }
    await createUser(t, 'sekretariat', [Role.PugSecretariat]);
    token = await apiLogin(t, 'sekretariat');
    ids.region = (
      await api().post('/api/pug-regions').send({ name: 'Kota Semarang', kind: 'city' }).expect(201)
    ).body.id;
    await api()
      .put(`/api/pug-regions/${ids.region}/roster`)
      .send({ version: 1, entries: [{ institutionId: inst.bappeda, pugRole: 'planning_agency' }] })
      .expect(200);
    ids.body = (
      await api()
        .post('/api/pug-bodies')
        .send({ regionId: ids.region, kind: 'pokja_pug', name: 'Pokja PUG Kota Semarang' })
        .expect(201)
    ).body.id;
    ids.decree = (
      await api()
        .post('/api/decrees')
        .send({
          bodyId: ids.body,
          kind: 'formation',
          number: '050/300',
          decreeDate: '2012-10-15',
          issuerKind: 'mayor',
          title: 'Pembentukan Pokja PUG',
          appointees: [],
        })
        .expect(201)
    ).body.id;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 0x20)]);
    await t.app.get(PugDecreesService).setScan(ids.decree, pdf, 'SK Pokja.pdf', null);
    ids.training = (
      await api()
        .post('/api/pug-trainings')
        .send({
          regionId: ids.region,
          kind: 'gender_awareness',
          title: 'Penyadaran gender bagi SKPD',
          startDate: '2012-03-05',
          participants: [{ institutionId: inst.dinkes, female: 3, male: 2 }],
        })
        .expect(201)
    ).body.id;

    page = await browser.context.newPage();
    watch = watchPage(page, app.baseUrl);
    await page.goto(url('/login'));
    await page.fill('#username', 'sekretariat');
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL(url('/')), page.click('form[action="/login"] button[type="submit"]')]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('renames a region from its page; the SKPD roster stays', async () => {
    await page.goto(url(`/pug/regions/${ids.region}`));
    await Promise.all([
      page.waitForURL(url(`/pug/regions/${ids.region}/edit`)),
      page.getByRole('link', { name: 'Ubah pemerintah daerah' }).click(),
    ]);
    expect(await page.getByLabel('Nama pemerintah daerah').inputValue()).toBe('Kota Semarang');
    await page.getByLabel('Nama pemerintah daerah').fill('Kota Semarang Raya');
    await page.getByLabel('Jenis', { exact: true }).selectOption('city');
    await Promise.all([
      page.waitForURL(url(`/pug/regions/${ids.region}`)),
      page.getByRole('button', { name: 'Simpan', exact: true }).click(),
    ]);
    expect(await page.locator('h1').textContent()).toBe('Kota Semarang Raya');
    expect(await page.locator('.flash').first().textContent()).toContain('Pemerintah daerah diperbarui.');
    expect(await page.locator('#roster + ul').textContent()).toContain('Bappeda Kota');
  });

  it("edits a training's participants, and shows the conflict when someone else saved first", async () => {
    // The stale save is answered 409 with the form again: Chromium logs that status, on purpose here.
    watch.allowConsoleErrors(/status of 409 \(Conflict\)/);
    await page.goto(url(`/pug/trainings/${ids.training}`));
    await Promise.all([
      page.waitForURL(url(`/pug/trainings/${ids.training}/edit`)),
      page.getByRole('link', { name: 'Ubah', exact: true }).click(),
    ]);
    expect(await page.getByLabel('Pelatihan', { exact: true }).inputValue()).toBe(
      'Penyadaran gender bagi SKPD',
    );
    // the first row holds the recorded participants; the second is empty
    expect(await page.getByLabel('Perempuan 1', { exact: true }).inputValue()).toBe('3');
    await page.getByLabel('Perempuan 1', { exact: true }).fill('4');
    await page.getByLabel('Lembaga 2', { exact: true }).selectOption({ label: 'Dinas Sosial' });
    await page.getByLabel('Perempuan 2', { exact: true }).fill('2');
    await page.getByLabel('Laki-laki 2', { exact: true }).fill('1');
    await Promise.all([
      page.waitForURL(url(`/pug/trainings/${ids.training}`)),
      page.getByRole('button', { name: 'Simpan', exact: true }).click(),
    ]);
    expect(await page.locator('.flash').first().textContent()).toContain('Pelatihan diperbarui.');
    expect(await page.locator('tfoot td').allTextContents()).toEqual(['6', '3', '9']);

    // someone else changes it while the form is open: saving shows the conflict, with what was typed
    await page.goto(url(`/pug/trainings/${ids.training}/edit`));
    await api()
      .patch(`/api/pug-trainings/${ids.training}`)
      .send({ version: 2, place: 'Balai Kota' })
      .expect(200);
    await page.getByLabel('Pelatihan', { exact: true }).fill('Pelatihan PPRG');
    await page.getByRole('button', { name: 'Simpan', exact: true }).click();
    await page.waitForSelector('#form-error');
    expect(await page.locator('#form-error').textContent()).toContain(
      'Data ini baru saja diubah orang lain.',
    );
    expect(await page.getByLabel('Pelatihan', { exact: true }).inputValue()).toBe('Pelatihan PPRG');
    const saved = await api().get(`/api/pug-trainings/${ids.training}`).expect(200);
    expect(saved.body).toMatchObject({
      title: 'Penyadaran gender bagi SKPD',
      place: 'Balai Kota',
      version: 3,
    });
  });

  it('fits the edit forms on a 360-px screen', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const path of [
      '/pug/trainings/new',
      `/pug/regions/${ids.region}/edit`,
      `/pug/bodies/${ids.body}/edit`,
      `/pug/trainings/${ids.training}/edit`,
      `/pug/decrees/${ids.decree}/scan/delete`,
    ]) {
      await page.goto(url(path));
      const { scrollWidth } = await horizontalOverflow(page);
      expect({ path, fits: scrollWidth <= 360 }).toEqual({ path, fits: true });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("deletes a decree's scan only after the confirmation page", async () => {
    const decreeUrl = `/pug/decrees/${ids.decree}`;
    await page.goto(url(decreeUrl));
    expect(await page.locator('#scan + p').textContent()).toContain('SK Pokja.pdf');
    await Promise.all([
      page.waitForURL(url(`${decreeUrl}/scan/delete`)),
      page.getByRole('link', { name: 'Hapus pindaian' }).click(),
    ]);
    expect(await page.locator('h1').textContent()).toBe('Hapus pindaian SK?');
    expect(await page.locator('p.lead').first().textContent()).toContain('SK Pokja.pdf (050/300)');
    // cancelling keeps it
    await Promise.all([
      page.waitForURL(url(`${decreeUrl}#scan`)),
      page.getByRole('link', { name: 'Batal', exact: true }).click(),
    ]);
    expect(await page.locator('#scan + p').textContent()).toContain('SK Pokja.pdf');
    await page.getByRole('link', { name: 'Hapus pindaian' }).click();
    await page.waitForURL(url(`${decreeUrl}/scan/delete`));
    await Promise.all([
      page.waitForURL(url(`${decreeUrl}#scan`)),
      page.getByRole('button', { name: 'Ya, hapus pindaian' }).click(),
    ]);
    expect(await page.locator('.flash').first().textContent()).toContain('Pindaian SK dihapus.');
    expect(await page.locator('#scan + p').textContent()).toContain('Belum ada pindaian.');
    await api().get(`/api/decrees/${ids.decree}/scan`).expect(404);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.cspViolations).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
  });
});
