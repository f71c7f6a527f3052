import request from 'supertest';
import { Role } from '../src/auth/permissions';
import { InstitutionsService } from '../src/institutions/institutions.service';
import { createTestApp, createUser, csrfFrom, csrfOf, pageLogin, TestApp } from './support/test-app';

type Agent = ReturnType<typeof request.agent>;

/** A form body with repeated fields, encoded as a browser does. */
const form = (fields: [string, string][]) => new URLSearchParams(fields).toString();
/** Handlebars escapes `=`, `&` and quotes in text; a browser decodes them. */
const decoded = (html: string) =>
  html
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'");
const idAfter = (location: string, prefix: string) => location.slice(prefix.length).split(/[?#/]/)[0];

/*
 * The PUG and programme pages, Bahasa Indonesia by default and English by the switch: forms that
 * re-render with the entered values on bad input, flash + 303 after a change, confirmations before
 * deleting, uploads through a multipart form with the CSRF token, and read-only pages for readers.
 */
describe('PUG and programme pages (e2e)', () => {
  let t: TestApp;
  let pug: Agent;
  let counselor: Agent;
  let coord: Agent;
  const inst: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const institutions = t.app.get(InstitutionsService);
    for (const [key, name, type] of [
      ['bappeda', 'Bappeda Kota', 'government_office'],
      ['pp', 'Bagian Pemberdayaan Perempuan', 'government_office'],
      ['dinkes', 'Dinas Kesehatan', 'government_office'],
      ['pkk', 'Tim Penggerak PKK', 'womens_organisation'],
    ] as const) {
      inst[key] = (await institutions.create({ name, type })).id;
    }
    await createUser(t, 'sekretariat', [Role.PugSecretariat]);
    await createUser(t, 'konselor', [Role.Counselor]);
    await createUser(t, 'koord', [Role.Coordinator]);
    pug = await pageLogin(t, 'sekretariat');
    counselor = await pageLogin(t, 'konselor');
    coord = await pageLogin(t, 'koord');
  });
  afterAll(() => t.close());

  /** No translation key left untranslated on a page. */
  const translated = (html: string) =>
    expect(html.match(/\b(pug|programme|errors|common)\.[a-zA-Z_]+\.?[a-zA-Z_]*/g) ?? []).toEqual([]);

  let regionId: string;
  let bodyId: string;
  let decreeId: string;

  it('shows the PUG overview in Bahasa Indonesia with the navigation entry', async () => {
    const res = await pug.get('/pug').expect(200);
    expect(res.text).toContain('<html lang="id">');
    expect(res.text).toContain('<h1>Pengarusutamaan gender (PUG)</h1>');
    expect(res.text).toContain('href="/pug" aria-current="page"');
    expect(res.text).toContain('href="/pug/regions/new"');
  });

  it('creates a region, its SKPD roster and a Pokja through the forms', async () => {
    const bad = await pug
      .post('/pug/regions')
      .type('form')
      .send(
        form([
          ['_csrf', await csrfOf(pug, '/pug/regions/new')],
          ['name', 'K'],
          ['kind', 'city'],
        ]),
      );
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('role="alert"');
    expect(bad.text).toContain('value="K"');
    const ok = await pug
      .post('/pug/regions')
      .type('form')
      .send(
        form([
          ['_csrf', csrfFrom(bad.text)],
          ['name', 'Kota Semarang'],
          ['kind', 'city'],
        ]),
      )
      .expect(303);
    regionId = idAfter(ok.headers.location, '/pug/regions/');
    const page = await pug.get(ok.headers.location).expect(200);
    expect(page.text).toContain('Pemerintah daerah dicatat.');
    expect(page.text).toContain('Kelengkapan kelembagaan');

    const rosterPage = await pug.get(`/pug/regions/${regionId}/roster`).expect(200);
    const version = /name="version" value="(\d+)"/.exec(rosterPage.text)![1];
    const roster = await pug
      .post(`/pug/regions/${regionId}/roster`)
      .type('form')
      .send(
        form([
          ['_csrf', csrfFrom(rosterPage.text)],
          ['version', version],
          ['institutionId', inst.bappeda],
          ['pugRole', 'planning_agency'],
          ['focalPointRequired', '0'],
          ['institutionId', inst.pp],
          ['pugRole', 'womens_empowerment'],
          ['focalPointRequired', '1'],
          ['institutionId', inst.dinkes],
          ['pugRole', 'other'],
          ['institutionId', ''],
          ['pugRole', 'other'],
        ]),
      )
      .expect(303);
    const region = await pug.get(roster.headers.location).expect(200);
    translated(region.text);
    expect(region.text).toContain('Bappeda Kota — Bappeda (ketua Pokja)');
    expect(region.text).toContain('2 SKPD belum memiliki SK Tim Focal Point yang berlaku');

    const body = await pug
      .post('/pug/bodies')
      .type('form')
      .send(
        form([
          ['_csrf', await csrfOf(pug, `/pug/bodies/new?regionId=${regionId}`)],
          ['regionId', regionId],
          ['kind', 'pokja_pug'],
          ['name', 'Pokja PUG Kota Semarang'],
          ['institutionId', ''],
          ['description', ''],
        ]),
      )
      .expect(303);
    bodyId = idAfter(body.headers.location, '/pug/bodies/');
    const bodyPage = await pug.get(body.headers.location).expect(200);
    expect(bodyPage.text).toContain('mempromosikan dan memfasilitasi PUG kepada masing-masing SKPD');
    expect(bodyPage.text).toContain('Tugas (12)');
    translated(bodyPage.text);
    expect(bodyPage.text).toContain(`href="/pug/decrees/new?bodyId=${bodyId}"`);
  });

  it('records a decree with appointees; a bad one re-renders with what was typed', async () => {
    const newPage = await pug.get(`/pug/decrees/new?bodyId=${bodyId}`).expect(200);
    expect(newPage.text).toContain('name="appointeeName"');
    translated(newPage.text);
    const fields = (date: string): [string, string][] => [
      ['_csrf', csrfFrom(newPage.text)],
      ['bodyId', bodyId],
      ['kind', 'formation'],
      ['replacesDecreeId', ''],
      ['number', '050/100'],
      ['decreeDate', date],
      ['effectiveDate', ''],
      ['issuerKind', 'mayor'],
      ['issuerInstitutionId', ''],
      ['title', 'Pembentukan Pokja PUG'],
      ['appointeeName', 'Kepala Bappeda Demo'],
      ['appointeeJobTitle', 'Kepala Bappeda'],
      ['appointeeInstitutionId', inst.bappeda],
      ['appointeeUserId', ''],
      ['appointeeRole', 'chair'],
      ['appointeeName', 'Kepala PP Demo'],
      ['appointeeJobTitle', ''],
      ['appointeeInstitutionId', inst.pp],
      ['appointeeUserId', ''],
      ['appointeeRole', 'secretary'],
      ['appointeeName', ''],
      ['appointeeJobTitle', ''],
      ['appointeeInstitutionId', ''],
      ['appointeeUserId', ''],
      ['appointeeRole', 'member'],
    ];
    const bad = await pug
      .post('/pug/decrees')
      .type('form')
      .send(form(fields('2012-02-30')));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('value="Kepala PP Demo"');
    expect(bad.text).toContain('value="050/100"');
    const ok = await pug
      .post('/pug/decrees')
      .type('form')
      .send(form(fields('2012-10-15')))
      .expect(303);
    decreeId = idAfter(ok.headers.location, '/pug/decrees/');
    const page = await pug.get(ok.headers.location).expect(200);
    expect(page.text).toContain('SK dicatat.');
    expect(page.text).toContain('Kepala Bappeda Demo');
    expect(page.text).toContain('Berlaku');
    const bodyPage = await pug.get(`/pug/bodies/${bodyId}`).expect(200);
    expect(decoded(bodyPage.text)).toContain('Masuk:');
    expect(bodyPage.text).toContain(`href="/pug/decrees/new?bodyId=${bodyId}&amp;replaces=${decreeId}"`);
    const replace = await pug.get(`/pug/decrees/new?bodyId=${bodyId}&replaces=${decreeId}`).expect(200);
    expect(replace.text).toContain('value="Kepala Bappeda Demo"');
    expect(replace.text).toMatch(new RegExp(`value="${decreeId}" selected`));
  });

  it('uploads a scan through the page form with its CSRF token, and serves it', async () => {
    const page = await pug.get(`/pug/decrees/${decreeId}`).expect(200);
    expect(page.text).toContain('enctype="multipart/form-data"');
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 0x20)]);
    const noToken = await pug.post(`/pug/decrees/${decreeId}/scan`).attach('file', pdf, 'sk.pdf');
    expect(noToken.status).toBe(403);
    const wrong = await pug
      .post(`/pug/decrees/${decreeId}/scan`)
      .field('_csrf', csrfFrom(page.text))
      .attach('file', Buffer.from('GIF89a....'), 'sk.pdf')
      .expect(303);
    expect(wrong.headers.location).toBe(`/pug/decrees/${decreeId}?error=FILE_TYPE_NOT_ALLOWED#scan`);
    const shown = await pug.get(wrong.headers.location).expect(200);
    expect(shown.text).toContain('Jenis berkas tidak diterima');
    const ok = await pug
      .post(`/pug/decrees/${decreeId}/scan`)
      .field('_csrf', csrfFrom(page.text))
      .attach('file', pdf, 'SK Pokja.pdf')
      .expect(303);
    expect(ok.headers.location).toBe(`/pug/decrees/${decreeId}#scan`);
    const after = await pug.get(`/pug/decrees/${decreeId}`).expect(200);
    expect(after.text).toContain('SK Pokja.pdf');
    const down = await counselor.get(`/pug/decrees/${decreeId}/scan`).expect(200);
    expect(down.headers['content-type']).toBe('application/pdf');
  });

  it('shows the duties in English after the language switch', async () => {
    const home = await pug.get('/pug').expect(200);
    await pug
      .post('/language')
      .type('form')
      .send({ _csrf: csrfFrom(home.text), language: 'en', next: `/pug/bodies/${bodyId}` })
      .expect(303);
    const page = await pug.get(`/pug/bodies/${bodyId}`).expect(200);
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('to promote and facilitate PUG to each SKPD');
    expect(page.text).toContain('Duties (12)');
    translated(page.text);
    await pug
      .post('/language')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), language: 'id', next: '/pug' })
      .expect(303);
  });

  it('asks before deleting a decree, and deletes it', async () => {
    const confirm = await pug.get(`/pug/decrees/${decreeId}/delete`).expect(200);
    expect(confirm.text).toContain('Hapus SK 050/100');
    const stale = await pug
      .post(`/pug/decrees/${decreeId}/delete`)
      .type('form')
      .send(
        form([
          ['_csrf', csrfFrom(confirm.text)],
          ['version', '9'],
        ]),
      );
    expect(stale.status).toBe(409);
    const done = await pug
      .post(`/pug/decrees/${decreeId}/delete`)
      .type('form')
      .send(
        form([
          ['_csrf', csrfFrom(confirm.text)],
          ['version', '1'],
        ]),
      )
      .expect(303);
    expect(done.headers.location).toBe(`/pug/bodies/${bodyId}`);
    await pug.get(`/pug/decrees/${decreeId}`).expect(404);
  });

  it('records an action plan and a monitoring round through the forms', async () => {
    const newPage = await pug.get(`/pug/action-plans/new?regionId=${regionId}`).expect(200);
    const created = await pug
      .post('/pug/action-plans')
      .type('form')
      .send(
        form([
          ['_csrf', csrfFrom(newPage.text)],
          ['regionId', regionId],
          ['source', 'ksgp'],
          ['title', 'Rencana Aksi KSGP 2010'],
          ['year', '2010'],
          ['description', ''],
          ['itemDescription', 'Pembentukan Tim Focal Point PUG Dinas Kesehatan'],
          ['itemOwnerInstitutionId', inst.dinkes],
          ['itemDeadline', '2011-12-31'],
          ['itemIndicator', 'SK'],
          ['itemDescription', ''],
          ['itemOwnerInstitutionId', ''],
          ['itemDeadline', ''],
          ['itemIndicator', ''],
        ]),
      )
      .expect(303);
    const planUrl = created.headers.location;
    const plan = await pug.get(planUrl).expect(200);
    expect(plan.text).toContain('Terlambat');
    const roundPage = await pug.get(`${planUrl}/monitoring/new`).expect(200);
    const itemId = /name="itemId" value="([^"]+)"/.exec(roundPage.text)![1];
    const round = await pug
      .post(`${planUrl}/monitoring`)
      .type('form')
      .send(
        form([
          ['_csrf', csrfFrom(roundPage.text)],
          ['startDate', '2012-08-13'],
          ['endDate', '2012-08-15'],
          ['facilitators', 'Fasilitator Satu\nFasilitator Dua'],
          ['findings', 'Focal point belum dibentuk.'],
          ['itemId', itemId],
          ['status', 'in_progress'],
          ['note', ''],
          ['agreementDescription', 'SK paling lambat 17 September 2012'],
          ['agreementItemId', itemId],
          ['agreementNewDeadline', '2012-09-17'],
        ]),
      )
      .expect(303);
    const after = await pug.get(round.headers.location.split('#')[0]).expect(200);
    expect(after.text).toContain('Fasilitator Satu; Fasilitator Dua');
    expect(after.text).toContain('SK paling lambat 17 September 2012');
    expect(after.text).toContain('Rencana semula:');
    translated(after.text);
    translated((await pug.get(`${planUrl}/monitoring/new`).expect(200)).text);
    translated((await pug.get('/pug/awards').expect(200)).text);
    translated((await pug.get('/pug/trainings/new').expect(200)).text);
    translated((await pug.get('/pug/decrees').expect(200)).text);
    translated((await pug.get('/pug').expect(200)).text);
  });

  it('sends anonymous visitors to the login page and documents every JSON route with its permission', async () => {
    for (const url of [
      '/pug',
      '/pug/decrees',
      '/programme/prevention',
      '/programme/groups',
      '/programme/volunteer-trainings',
    ]) {
      const res = await request(t.server).get(url).expect(303);
      expect(res.headers.location).toMatch(/^\/login\?next=/);
    }
    const doc = (await request(t.server).get('/api/docs-json').expect(200)).body;
    const ours = Object.entries(doc.paths as Record<string, Record<string, any>>).filter(([path]) =>
      /^\/api\/(pug|pug-|decrees|action-plan|monitoring-rounds|prevention-activities|community-groups|community-activities|volunteer-trainings)/.test(
        path,
      ),
    );
    expect(ours.length).toBeGreaterThan(30);
    for (const [path, ops] of ours) {
      for (const [method, op] of Object.entries(ops)) {
        expect({ path, method, permission: op['x-permission'] }).toEqual({
          path,
          method,
          permission: expect.stringMatching(/^(pug|programme)\.(read|manage)$/),
        });
      }
    }
  });

  it('shows readers the PUG pages without management actions, and refuses them the forms', async () => {
    const page = await counselor.get(`/pug/bodies/${bodyId}`).expect(200);
    expect(page.text).not.toContain('/pug/decrees/new');
    await counselor.get('/pug/decrees/new').expect(403);
    await counselor.get('/pug/awards').expect(200);
    const bad = await counselor.get('/pug/decrees?status=lost').expect(400);
    expect(bad.text).toContain('role="alert"');
    await counselor.get('/pug/decrees/not-a-uuid').expect(400);
    await counselor.get('/pug/trainings?year=abc').expect(400);
  });

  let activityId: string;

  it('records a prevention activity, its material and the quarterly summary as a coordinator', async () => {
    const newPage = await coord.get('/programme/prevention/new').expect(200);
    expect(newPage.text).toContain('Tembalang');
    const fields = (date: string): [string, string][] => [
      ['_csrf', csrfFrom(newPage.text)],
      ['kind', 'socialization'],
      ['title', 'Sosialisasi di balai RW'],
      ['activityDate', date],
      ['district', 'Tembalang'],
      ['place', 'Balai RW 03'],
      ['audience', 'Ibu-ibu PKK'],
      ['femaleChildren', ''],
      ['maleChildren', ''],
      ['femaleAdults', '25'],
      ['maleAdults', '3'],
      ['reach', ''],
      ['partnerInstitutionIds', inst.pkk],
      ['notes', ''],
    ];
    const future = await coord
      .post('/programme/prevention')
      .type('form')
      .send(form(fields('2030-01-01')));
    expect(future.status).toBe(422);
    expect(future.text).toContain('value="Sosialisasi di balai RW"');
    const ok = await coord
      .post('/programme/prevention')
      .type('form')
      .send(form(fields('2025-11-20')))
      .expect(303);
    activityId = idAfter(ok.headers.location, '/programme/prevention/');
    const page = await coord.get(ok.headers.location).expect(200);
    expect(page.text).toContain('Tim Penggerak PKK');
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64),
    ]);
    await coord
      .post(`/programme/prevention/${activityId}/materials`)
      .field('_csrf', csrfFrom(page.text))
      .attach('file', png, 'leaflet.png')
      .expect(303);
    const withMaterial = await counselor.get(`/programme/prevention/${activityId}`).expect(200);
    expect(withMaterial.text).toContain('leaflet.png');
    expect(withMaterial.text).not.toContain(`/programme/prevention/${activityId}/edit`);
    const summary = await counselor.get('/programme/prevention/summary?year=2025').expect(200);
    expect(summary.text).toContain('Triwulan 4');
    expect(summary.text).toContain('Tembalang');
    translated(summary.text);
    translated(withMaterial.text);
    translated((await coord.get('/programme/prevention').expect(200)).text);
    await counselor.get('/programme/prevention/summary?year=zz').expect(400);
    await counselor.get('/programme/prevention/new').expect(403);
  });

  it('records a community group and its activity; the PUG secretariat has no access to programme pages', async () => {
    const newPage = await coord.get('/programme/groups/new').expect(200);
    const ok = await coord
      .post('/programme/groups')
      .type('form')
      .send(
        form([
          ['_csrf', csrfFrom(newPage.text)],
          ['kind', 'posyandu'],
          ['name', 'Posyandu Melati'],
          ['district', 'Tembalang'],
          ['area', 'RW 05'],
          ['institutionId', ''],
          ['isActive', 'on'],
          ['description', ''],
        ]),
      )
      .expect(303);
    const groupUrl = ok.headers.location;
    const group = await coord.get(groupUrl).expect(200);
    const bad = await coord
      .post(`${groupUrl}/activities`)
      .type('form')
      .send(
        form([
          ['_csrf', csrfFrom(group.text)],
          ['kind', 'monitoring'],
          ['title', 'x'],
          ['activityDate', '2025-12-01'],
        ]),
      )
      .expect(303);
    expect(bad.headers.location).toBe(`${groupUrl}?error=VALIDATION_FAILED#activities`);
    await coord
      .post(`${groupUrl}/activities`)
      .type('form')
      .send(
        form([
          ['_csrf', csrfFrom(group.text)],
          ['kind', 'monitoring'],
          ['title', 'Kunjungan pemantauan'],
          ['activityDate', '2025-12-01'],
          ['district', 'Tembalang'],
          ['participants', '4'],
          ['notes', ''],
        ]),
      )
      .expect(303);
    const after = await counselor.get(groupUrl).expect(200);
    expect(after.text).toContain('Kunjungan pemantauan');
    translated(after.text);
    translated((await coord.get('/programme/groups').expect(200)).text);
    translated((await coord.get(`${groupUrl}/edit`).expect(200)).text);
    await pug.get('/programme/prevention').expect(403);
    await pug.get('/programme/groups').expect(403);

    // Volunteers (the community module's registry) joined to the group, and a volunteer training.
    const volunteer = await request(t.server)
      .post('/api/auth/login')
      .send({ username: 'koord', password: 'correct horse battery staple' });
    const kader = await request(t.server)
      .post('/api/community/volunteers')
      .set('Authorization', `Bearer ${volunteer.body.accessToken}`)
      .send({ name: 'Sri Kader', groupName: 'Posyandu Melati', district: 'Tembalang' })
      .expect(201);
    const withForm = await coord.get(groupUrl).expect(200);
    expect(withForm.text).toContain(`value="${kader.body.id}"`);
    const version = /name="version" value="(\d+)"/.exec(withForm.text)![1];
    await coord
      .post(`${groupUrl}/volunteers`)
      .type('form')
      .send(
        form([
          ['_csrf', csrfFrom(withForm.text)],
          ['version', version],
          ['volunteerIds', kader.body.id],
        ]),
      )
      .expect(303);
    const members = await counselor.get(groupUrl).expect(200);
    expect(members.text).toContain('Sri Kader');
    const trainingForm = await coord.get('/programme/volunteer-trainings/new').expect(200);
    translated(trainingForm.text);
    const training = await coord
      .post('/programme/volunteer-trainings')
      .type('form')
      .send(
        form([
          ['_csrf', csrfFrom(trainingForm.text)],
          ['title', 'Pelatihan kader pemantau'],
          ['topic', ''],
          ['startDate', '2025-09-09'],
          ['endDate', ''],
          ['place', ''],
          ['organiserInstitutionId', ''],
          ['volunteerIds', kader.body.id],
        ]),
      )
      .expect(303);
    const shown = await counselor.get(training.headers.location).expect(200);
    expect(shown.text).toContain('Sri Kader');
    translated((await counselor.get('/programme/volunteer-trainings').expect(200)).text);
    const confirm = await coord.get(`/programme/prevention/${activityId}/delete`).expect(200);
    await coord
      .post(`/programme/prevention/${activityId}/delete`)
      .type('form')
      .send(
        form([
          ['_csrf', csrfFrom(confirm.text)],
          ['version', '1'],
        ]),
      )
      .expect(303);
  });
});
