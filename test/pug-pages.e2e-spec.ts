import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { InstitutionType } from '../src/institutions/institution.entity';
import { InstitutionsService } from '../src/institutions/institutions.service';
import {
  apiLogin,
  createTestApp,
  createUser,
  csrfFrom,
  csrfOf,
  pageLogin,
  TestApp,
} from './support/test-app';

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

/**
 * The app with the institutions both suites use (Bappeda, the women's-empowerment SKPD, Dinkes, and
 * `fourth`), the PUG secretariat, a counselor (a reader) and a coordinator, logged in to the pages.
 */
async function pageWorld(fourth: [string, string, string]) {
  const t = await createTestApp();
  const institutions = t.app.get(InstitutionsService);
  const inst: Record<string, string> = {};
  for (const [key, name, type] of [
    ['bappeda', 'Bappeda Kota', 'government_office'],
    ['pp', 'Bagian Pemberdayaan Perempuan', 'government_office'],
    ['dinkes', 'Dinas Kesehatan', 'government_office'],
    fourth,
  ] as const) {
    inst[key] = (await institutions.create({ name, type: type as InstitutionType })).id;
  }
  await createUser(t, 'sekretariat', [Role.PugSecretariat]);
  await createUser(t, 'konselor', [Role.Counselor]);
  await createUser(t, 'koord', [Role.Coordinator]);
  return {
    t,
    inst,
    pug: await pageLogin(t, 'sekretariat'),
    counselor: await pageLogin(t, 'konselor'),
    coord: await pageLogin(t, 'koord'),
  };
}

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
    const world = await pageWorld(['pkk', 'Tim Penggerak PKK', 'womens_organisation']);
    ({ t, pug, counselor, coord } = world);
    Object.assign(inst, world.inst);
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

/*
 * Editing the PUG and programme records from the browser: every edit page opens prefilled with the
 * record's version, a good post changes the record (through the service the JSON API uses) and
 * answers 303 with a flash, bad input re-renders 400 with what was typed and a translated message, a
 * stale version re-renders 409 with the conflict, and readers get 403. The scan of a decree is
 * deleted only after a confirmation page.
 */
describe('PUG and programme edit pages (e2e)', () => {
  let t: TestApp;
  let pug: Agent;
  let counselor: Agent;
  let coord: Agent;
  let pugToken: string;
  let coordToken: string;
  const inst: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const api = (token: string) => ({
    post: (url: string) => request(t.server).post(url).set('Authorization', `Bearer ${token}`),
    put: (url: string) => request(t.server).put(url).set('Authorization', `Bearer ${token}`),
    get: (url: string) => request(t.server).get(url).set('Authorization', `Bearer ${token}`),
  });
  const send = (agent: Agent, url: string, fields: [string, string][]) =>
    agent.post(url).type('form').send(form(fields));
  const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)![1];
  const translated = (html: string) =>
    expect(html.match(/\b(pug|programme|errors|common|validation)\.[a-zA-Z_]+\.?[a-zA-Z_]*/g) ?? []).toEqual(
      [],
    );
  const INVALID = 'Data yang dikirim tidak valid.';
  const CONFLICT = 'Data ini baru saja diubah orang lain.';

  /** A reader (pug.read or programme.read only) is refused the edit page and its post. */
  const refused = async (agent: Agent, editUrl: string, postUrl: string, fields: [string, string][]) => {
    await agent.get(editUrl).expect(403);
    const csrf = csrfFrom((await agent.get('/').expect(200)).text);
    await send(agent, postUrl, [['_csrf', csrf], ...fields]).expect(403);
  };

  beforeAll(async () => {
    const world = await pageWorld(['dinsos', 'Dinas Sosial', 'government_office']);
    ({ t, pug, counselor, coord } = world);
    Object.assign(inst, world.inst);
    pugToken = await apiLogin(t, 'sekretariat');
    coordToken = await apiLogin(t, 'koord');

    const p = api(pugToken);
    ids.region = (
      await p.post('/api/pug-regions').send({ name: 'Kota Semarang', kind: 'city' }).expect(201)
    ).body.id;
    await p
      .put(`/api/pug-regions/${ids.region}/roster`)
      .send({
        version: 1,
        entries: [
          { institutionId: inst.bappeda, pugRole: 'planning_agency' },
          { institutionId: inst.pp, pugRole: 'womens_empowerment' },
        ],
      })
      .expect(200);
    ids.body = (
      await p
        .post('/api/pug-bodies')
        .send({ regionId: ids.region, kind: 'pokja_pug', name: 'Pokja PUG Kota Semarang' })
        .expect(201)
    ).body.id;
    ids.decree = (
      await p
        .post('/api/decrees')
        .send({
          bodyId: ids.body,
          kind: 'formation',
          number: '050/200',
          decreeDate: '2012-10-15',
          issuerKind: 'mayor',
          title: 'Pembentukan Pokja PUG',
          appointees: [{ fullName: 'Kepala Bappeda Demo', institutionId: inst.bappeda, role: 'chair' }],
        })
        .expect(201)
    ).body.id;
    const plan = await p
      .post('/api/action-plans')
      .send({
        regionId: ids.region,
        source: 'ksgp',
        title: 'Rencana Aksi KSGP 2010',
        year: 2010,
        items: [
          {
            description: 'Pembentukan Tim Focal Point PUG Dinas Kesehatan',
            ownerInstitutionId: inst.dinkes,
            deadline: '2011-12-31',
            indicator: 'SK ditetapkan',
          },
        ],
      })
      .expect(201);
    ids.plan = plan.body.id;
    ids.item = plan.body.items[0].id;
    ids.training = (
      await p
        .post('/api/pug-trainings')
        .send({
          regionId: ids.region,
          kind: 'gender_awareness',
          title: 'Penyadaran gender bagi SKPD',
          startDate: '2012-03-05',
          endDate: '2012-03-06',
          place: 'Balai Kota',
          participants: [
            { institutionId: inst.dinkes, female: 3, male: 2 },
            { institutionId: inst.dinsos, female: 1, male: 1 },
          ],
        })
        .expect(201)
    ).body.id;
    ids.award = (
      await p
        .post('/api/pug-awards')
        .send({ regionId: ids.region, year: 2012, level: 'pratama', givenBy: 'Kementerian PPPA' })
        .expect(201)
    ).body.id;

    const c = api(coordToken);
    const group = await c
      .post('/api/community-groups')
      .send({ kind: 'posyandu', name: 'Posyandu Melati', district: 'Tembalang' })
      .expect(201);
    ids.group = group.body.id;
    ids.kader1 = (
      await c
        .post('/api/community/volunteers')
        .send({ name: 'Sri Kader', groupName: 'Posyandu Melati', district: 'Tembalang' })
        .expect(201)
    ).body.id;
    ids.kader2 = (
      await c
        .post('/api/community/volunteers')
        .send({ name: 'Wati Kader', groupName: 'Posyandu Melati', district: 'Tembalang' })
        .expect(201)
    ).body.id;
    await c
      .put(`/api/community-groups/${ids.group}/volunteers`)
      .send({ version: group.body.version, volunteerIds: [ids.kader1, ids.kader2] })
      .expect(200);
    ids.activity = (
      await c
        .post(`/api/community-groups/${ids.group}/activities`)
        .send({
          kind: 'monitoring',
          title: 'Kunjungan pemantauan',
          activityDate: '2025-12-01',
          participants: 4,
          volunteerIds: [ids.kader1],
        })
        .expect(201)
    ).body.id;
    ids.vtraining = (
      await c
        .post('/api/volunteer-trainings')
        .send({ title: 'Pelatihan kader pemantau', startDate: '2025-09-09', volunteerIds: [ids.kader1] })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  it('region: renamed from its page (the SKPD roster stays); bad input, a stale version and readers are refused', async () => {
    const regionUrl = `/pug/regions/${ids.region}`;
    expect((await pug.get(regionUrl).expect(200)).text).toContain(`href="${regionUrl}/edit"`);
    expect((await counselor.get(regionUrl).expect(200)).text).not.toContain(`${regionUrl}/edit`);
    const edit = await pug.get(`${regionUrl}/edit`).expect(200);
    translated(edit.text);
    expect(edit.text).toContain('value="Kota Semarang"');
    expect(edit.text).toContain('<option value="city" selected>');
    expect(edit.text).toContain(`action="${regionUrl}"`);
    expect(versionOf(edit.text)).toBe('2'); // the roster bumped it
    const fields = (name: string, version: string): [string, string][] => [
      ['_csrf', csrfFrom(edit.text)],
      ['version', version],
      ['name', name],
      ['kind', 'city'],
    ];
    const bad = await send(pug, regionUrl, fields('K', '2'));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('role="alert"');
    expect(bad.text).toContain(INVALID);
    expect(bad.text).toContain('value="K"');
    expect(bad.text).toContain('<li>Panjang Nama tidak sesuai.</li>'); // the field, in the user's language
    translated(bad.text);
    const ok = await send(pug, regionUrl, fields('Kota Semarang Raya', '2')).expect(303);
    expect(ok.headers.location).toBe(regionUrl);
    const page = await pug.get(regionUrl).expect(200);
    expect(page.text).toContain('Pemerintah daerah diperbarui.');
    expect(page.text).toContain('<h1>Kota Semarang Raya</h1>');
    expect(page.text).toContain('Bappeda Kota — Bappeda (ketua Pokja)');
    const stale = await send(pug, regionUrl, fields('Kota Semarang Lama', '2'));
    expect(stale.status).toBe(409);
    expect(stale.text).toContain(CONFLICT);
    expect(stale.text).toContain('value="Kota Semarang Lama"');
    await refused(counselor, `${regionUrl}/edit`, regionUrl, fields('Kota X', '3').slice(1));
    const region = await api(pugToken).get(`/api/pug-regions/${ids.region}`).expect(200);
    expect(region.body).toMatchObject({ name: 'Kota Semarang Raya', version: 3 });
    expect(region.body.roster).toHaveLength(2);
    await pug.get('/pug/regions/00000000-0000-4000-8000-000000000000/edit').expect(404);
  });

  it('region: the bad-input message follows the language switch', async () => {
    const home = await pug.get('/pug').expect(200);
    await send(pug, '/language', [
      ['_csrf', csrfFrom(home.text)],
      ['language', 'en'],
      ['next', '/pug'],
    ]).expect(303);
    const edit = await pug.get(`/pug/regions/${ids.region}/edit`).expect(200);
    expect(edit.text).toContain('<h1>Edit region</h1>');
    const bad = await send(pug, `/pug/regions/${ids.region}`, [
      ['_csrf', csrfFrom(edit.text)],
      ['version', versionOf(edit.text)],
      ['name', ''],
      ['kind', 'province'],
    ]);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('The data sent is not valid.');
    expect(bad.text).not.toContain(INVALID);
    translated(bad.text);
    await send(pug, '/language', [
      ['_csrf', csrfFrom(bad.text)],
      ['language', 'id'],
      ['next', '/pug'],
    ]).expect(303);
  });

  it('body: renamed with its description; kind, region and SKPD stay', async () => {
    const bodyUrl = `/pug/bodies/${ids.body}`;
    expect((await pug.get(bodyUrl).expect(200)).text).toContain(`href="${bodyUrl}/edit"`);
    expect((await counselor.get(bodyUrl).expect(200)).text).not.toContain(`${bodyUrl}/edit`);
    const edit = await pug.get(`${bodyUrl}/edit`).expect(200);
    translated(edit.text);
    expect(edit.text).toContain('value="Pokja PUG Kota Semarang"');
    expect(edit.text).toContain('Pokja PUG'); // the fixed kind, shown
    const fields = (name: string, description: string, version: string): [string, string][] => [
      ['_csrf', csrfFrom(edit.text)],
      ['version', version],
      ['name', name],
      ['description', description],
    ];
    const bad = await send(pug, bodyUrl, fields('P', 'Keterangan baru', '1'));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(INVALID);
    expect(bad.text).toContain('Keterangan baru</textarea>');
    const ok = await send(pug, bodyUrl, fields('Pokja PUG Kota Semarang Raya', 'Dibentuk 2012', '1')).expect(
      303,
    );
    expect(ok.headers.location).toBe(bodyUrl);
    const page = await pug.get(bodyUrl).expect(200);
    expect(page.text).toContain('Lembaga diperbarui.');
    expect(page.text).toContain('<h1>Pokja PUG Kota Semarang Raya</h1>');
    expect(page.text).toContain('Dibentuk 2012');
    const stale = await send(pug, bodyUrl, fields('Pokja Lama', '', '1'));
    expect(stale.status).toBe(409);
    expect(stale.text).toContain(CONFLICT);
    await refused(counselor, `${bodyUrl}/edit`, bodyUrl, fields('Pokja X', '', '2').slice(1));
    const body = await api(pugToken).get(`/api/pug-bodies/${ids.body}`).expect(200);
    expect(body.body).toMatchObject({ name: 'Pokja PUG Kota Semarang Raya', kind: 'pokja_pug', version: 2 });
  });

  it("action plan and item: edited from the plan page; the item's status still comes from monitoring", async () => {
    const planUrl = `/pug/action-plans/${ids.plan}`;
    const itemUrl = `/pug/action-plan-items/${ids.item}`;
    const planPage = await pug.get(planUrl).expect(200);
    expect(planPage.text).toContain(`href="${planUrl}/edit"`);
    expect(planPage.text).toContain(`href="${itemUrl}/edit"`);
    const readerPage = await counselor.get(planUrl).expect(200);
    expect(readerPage.text).not.toContain(`${planUrl}/edit`);
    expect(readerPage.text).not.toContain(`${itemUrl}/edit`);

    const edit = await pug.get(`${planUrl}/edit`).expect(200);
    translated(edit.text);
    expect(edit.text).toContain('value="Rencana Aksi KSGP 2010"');
    expect(edit.text).toContain('value="2010"');
    expect(edit.text).toContain('<option value="ksgp" selected>');
    const plan = (title: string, year: string, version: string): [string, string][] => [
      ['_csrf', csrfFrom(edit.text)],
      ['version', version],
      ['source', 'randa'],
      ['title', title],
      ['year', year],
      ['description', 'Disepakati dalam KSGP'],
    ];
    const bad = await send(pug, planUrl, plan('Rencana Aksi Daerah', '1800', '1'));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(INVALID);
    expect(bad.text).toContain('value="1800"');
    expect(bad.text).toContain('<option value="randa" selected>');
    const empty = await send(pug, planUrl, plan('Rencana Aksi Daerah', '', '1'));
    expect(empty.status).toBe(400); // an emptied required field is refused, not left unchanged
    await send(pug, planUrl, plan('Rencana Aksi Daerah 2011', '2011', '1')).expect(303);
    const after = await pug.get(planUrl).expect(200);
    expect(after.text).toContain('Rencana aksi diperbarui.');
    expect(after.text).toContain('<h1>Rencana Aksi Daerah 2011</h1>');
    expect(after.text).toContain('Pembentukan Tim Focal Point PUG Dinas Kesehatan'); // items stay
    const stale = await send(pug, planUrl, plan('Rencana Lama', '2011', '1'));
    expect(stale.status).toBe(409);
    expect(stale.text).toContain(CONFLICT);
    await refused(counselor, `${planUrl}/edit`, planUrl, plan('Rencana X', '2011', '2').slice(1));

    const itemEdit = await pug.get(`${itemUrl}/edit`).expect(200);
    translated(itemEdit.text);
    expect(itemEdit.text).toContain('Pembentukan Tim Focal Point PUG Dinas Kesehatan</textarea>');
    expect(itemEdit.text).toContain('value="2011-12-31"');
    expect(itemEdit.text).toContain('value="SK ditetapkan"');
    expect(itemEdit.text).toContain(`<option value="${inst.dinkes}" selected>`);
    const item = (owner: string, deadline: string, version: string): [string, string][] => [
      ['_csrf', csrfFrom(itemEdit.text)],
      ['version', version],
      ['description', 'Pembentukan Tim Focal Point PUG Dinas Sosial'],
      ['ownerInstitutionId', owner],
      ['deadline', deadline],
      ['indicator', ''],
    ];
    const badItem = await send(pug, itemUrl, item('', '2012-02-30', '1'));
    expect(badItem.status).toBe(400);
    expect(badItem.text).toContain(INVALID);
    expect(badItem.text).toContain('Pembentukan Tim Focal Point PUG Dinas Sosial</textarea>');
    expect(badItem.text).toContain('value="2012-02-30"');
    translated(badItem.text);
    const okItem = await send(pug, itemUrl, item(inst.dinsos, '2012-06-30', '1')).expect(303);
    expect(okItem.headers.location).toBe(`${planUrl}#items`);
    const withItem = await pug.get(planUrl).expect(200);
    expect(withItem.text).toContain('Kegiatan diperbarui.');
    expect(withItem.text).toContain('Pembentukan Tim Focal Point PUG Dinas Sosial');
    expect(withItem.text).toContain('Dinas Sosial');
    const staleItem = await send(pug, itemUrl, item(inst.dinkes, '2012-06-30', '1'));
    expect(staleItem.status).toBe(409);
    expect(staleItem.text).toContain(CONFLICT);
    await refused(counselor, `${itemUrl}/edit`, itemUrl, item(inst.dinkes, '2012-06-30', '2').slice(1));
    const saved = await api(pugToken).get(`/api/action-plan-items/${ids.item}`).expect(200);
    expect(saved.body).toMatchObject({
      description: 'Pembentukan Tim Focal Point PUG Dinas Sosial',
      ownerInstitution: { id: inst.dinsos },
      plannedDeadline: '2012-06-30',
      indicator: null,
      status: 'late',
      version: 2,
    });
  });

  it('training: edited with its participants by institution and sex', async () => {
    const url = `/pug/trainings/${ids.training}`;
    expect((await pug.get(url).expect(200)).text).toContain(`href="${url}/edit"`);
    expect((await counselor.get(url).expect(200)).text).not.toContain(`${url}/edit`);
    const edit = await pug.get(`${url}/edit`).expect(200);
    translated(edit.text);
    expect(edit.text).toContain('value="Penyadaran gender bagi SKPD"');
    expect(edit.text).toContain('value="2012-03-06"');
    expect(edit.text).toContain('value="Balai Kota"');
    expect(edit.text).toContain(`<option value="${inst.dinkes}" selected>`);
    expect(edit.text).toContain(`<option value="${inst.dinsos}" selected>`);
    expect(edit.text).not.toContain('name="regionId"'); // the region stays
    const fields = (female: string, version: string): [string, string][] => [
      ['_csrf', csrfFrom(edit.text)],
      ['version', version],
      ['kind', 'pprg'],
      ['title', 'Pelatihan PPRG bagi SKPD'],
      ['startDate', '2012-03-05'],
      ['endDate', ''],
      ['place', ''],
      ['organiserInstitutionId', inst.pp],
      ['participantInstitutionId', inst.dinkes],
      ['participantFemale', female],
      ['participantMale', '2'],
      ['participantInstitutionId', ''],
      ['participantFemale', ''],
      ['participantMale', ''],
      ['participantInstitutionId', inst.bappeda],
      ['participantFemale', '4'],
      ['participantMale', '0'],
    ];
    const bad = await send(pug, url, fields('-1', '1'));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(INVALID);
    expect(bad.text).toContain('value="Pelatihan PPRG bagi SKPD"');
    expect(bad.text).toContain('value="-1"');
    expect(bad.text).toContain(`<option value="${inst.bappeda}" selected>`);
    translated(bad.text);
    const ok = await send(pug, url, fields('5', '1')).expect(303);
    expect(ok.headers.location).toBe(url);
    const page = await pug.get(url).expect(200);
    expect(page.text).toContain('Pelatihan diperbarui.');
    expect(page.text).toContain('<h1>Pelatihan PPRG bagi SKPD</h1>');
    expect(page.text).not.toContain('Dinas Sosial'); // its row was removed
    const saved = await api(pugToken).get(`/api/pug-trainings/${ids.training}`).expect(200);
    expect(saved.body).toMatchObject({
      kind: 'pprg',
      endDate: '2012-03-05',
      place: null,
      organiserInstitution: { id: inst.pp },
      totals: { female: 9, male: 2, total: 11, institutions: 2 },
      version: 2,
    });
    const stale = await send(pug, url, fields('6', '1'));
    expect(stale.status).toBe(409);
    expect(stale.text).toContain(CONFLICT);
    expect(stale.text).toContain('value="6"');
    await refused(counselor, `${url}/edit`, url, fields('6', '2').slice(1));
  });

  it('award: edited from the awards list', async () => {
    const list = await pug.get('/pug/awards').expect(200);
    expect(list.text).toContain(`href="/pug/awards/${ids.award}/edit"`);
    expect((await counselor.get('/pug/awards').expect(200)).text).not.toContain(
      `/pug/awards/${ids.award}/edit`,
    );
    const edit = await pug.get(`/pug/awards/${ids.award}/edit`).expect(200);
    translated(edit.text);
    expect(edit.text).toContain('value="2012"');
    expect(edit.text).toContain('<option value="pratama" selected>');
    expect(edit.text).toContain('value="Kementerian PPPA"');
    const fields = (year: string, version: string): [string, string][] => [
      ['_csrf', csrfFrom(edit.text)],
      ['version', version],
      ['year', year],
      ['level', 'madya'],
      ['givenBy', 'Kementerian PPPA'],
      ['notes', 'Diserahkan di Jakarta'],
    ];
    const bad = await send(pug, `/pug/awards/${ids.award}`, fields('20x3', '1'));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(INVALID);
    expect(bad.text).toContain('value="20x3"');
    expect(bad.text).toContain('Diserahkan di Jakarta</textarea>');
    const ok = await send(pug, `/pug/awards/${ids.award}`, fields('2013', '1')).expect(303);
    expect(ok.headers.location).toBe('/pug/awards');
    const after = await pug.get('/pug/awards').expect(200);
    expect(after.text).toContain('Penghargaan diperbarui.');
    expect(after.text).toContain('Diserahkan di Jakarta');
    const stale = await send(pug, `/pug/awards/${ids.award}`, fields('2014', '1'));
    expect(stale.status).toBe(409);
    expect(stale.text).toContain(CONFLICT);
    await refused(
      counselor,
      `/pug/awards/${ids.award}/edit`,
      `/pug/awards/${ids.award}`,
      fields('2014', '2').slice(1),
    );
    const saved = await api(pugToken).get(`/api/pug-awards/${ids.award}`).expect(200);
    expect(saved.body).toMatchObject({ year: 2013, level: 'madya', version: 2 });
  });

  it("decree scan: deleted only after its confirmation page; readers can't", async () => {
    const decreeUrl = `/pug/decrees/${ids.decree}`;
    await pug.get(`${decreeUrl}/scan/delete`).expect(404); // no scan yet
    const page = await pug.get(decreeUrl).expect(200);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 0x20)]);
    await pug
      .post(`${decreeUrl}/scan`)
      .field('_csrf', csrfFrom(page.text))
      .attach('file', pdf, 'SK Pokja 2012.pdf')
      .expect(303);
    const withScan = await pug.get(decreeUrl).expect(200);
    expect(withScan.text).toContain(`href="${decreeUrl}/scan/delete"`);
    expect((await counselor.get(decreeUrl).expect(200)).text).not.toContain(`${decreeUrl}/scan/delete`);
    await refused(counselor, `${decreeUrl}/scan/delete`, `${decreeUrl}/scan/delete`, []);
    await pug.get(`${decreeUrl}/scan`).expect(200); // still there

    const confirm = await pug.get(`${decreeUrl}/scan/delete`).expect(200);
    translated(confirm.text);
    expect(confirm.text).toContain('Hapus pindaian SK Pokja 2012.pdf (050/200)?');
    expect(confirm.text).toContain(`action="${decreeUrl}/scan/delete"`);
    expect(confirm.text).toContain(`href="${decreeUrl}#scan"`);
    await pug.get(`${decreeUrl}/scan`).expect(200); // asking deleted nothing
    await pug.post(`${decreeUrl}/scan/delete`).type('form').send({}).expect(403); // no CSRF token
    const done = await send(pug, `${decreeUrl}/scan/delete`, [['_csrf', csrfFrom(confirm.text)]]).expect(303);
    expect(done.headers.location).toBe(`${decreeUrl}#scan`);
    const after = await pug.get(decreeUrl).expect(200);
    expect(after.text).toContain('Pindaian SK dihapus.');
    expect(after.text).toContain('Belum ada pindaian.');
    expect(after.text).toContain('Kepala Bappeda Demo'); // the decree stays
    await pug.get(`${decreeUrl}/scan`).expect(404);
    await pug.get(`${decreeUrl}/scan/delete`).expect(404);
    await send(pug, `${decreeUrl}/scan/delete`, [['_csrf', csrfFrom(after.text)]]).expect(404);
  });

  it('volunteer training: edited by a coordinator; the ticked volunteers replace who attended', async () => {
    const url = `/programme/volunteer-trainings/${ids.vtraining}`;
    expect((await coord.get(url).expect(200)).text).toContain(`href="${url}/edit"`);
    expect((await counselor.get(url).expect(200)).text).not.toContain(`${url}/edit`);
    const edit = await coord.get(`${url}/edit`).expect(200);
    translated(edit.text);
    expect(edit.text).toContain('value="Pelatihan kader pemantau"');
    expect(edit.text).toContain('value="2025-09-09"');
    expect(edit.text).toMatch(new RegExp(`value="${ids.kader1}" checked`));
    expect(edit.text).not.toMatch(new RegExp(`value="${ids.kader2}" checked`));
    const fields = (start: string, version: string): [string, string][] => [
      ['_csrf', csrfFrom(edit.text)],
      ['version', version],
      ['title', 'Pelatihan kader pendamping'],
      ['topic', 'Pemantauan korban'],
      ['startDate', start],
      ['endDate', '2025-09-10'],
      ['place', ''],
      ['organiserInstitutionId', ''],
      ['volunteerIds', ids.kader2],
    ];
    const bad = await send(coord, url, fields('2025-09-31', '1'));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(INVALID);
    expect(bad.text).toContain('value="Pelatihan kader pendamping"');
    expect(bad.text).toMatch(new RegExp(`value="${ids.kader2}" checked`));
    const period = await send(coord, url, fields('2025-09-12', '1'));
    expect(period.status).toBe(422); // ends before it starts: a rule of the service
    expect(period.text).toContain('role="alert"');
    await send(coord, url, fields('2025-09-09', '1')).expect(303);
    const page = await counselor.get(url).expect(200);
    expect(page.text).toContain('Wati Kader');
    expect(page.text).not.toContain('Sri Kader');
    expect((await coord.get(url).expect(200)).text).toContain('Pelatihan kader diperbarui.');
    const stale = await send(coord, url, fields('2025-09-09', '1'));
    expect(stale.status).toBe(409);
    expect(stale.text).toContain(CONFLICT);
    await refused(counselor, `${url}/edit`, url, fields('2025-09-09', '2').slice(1));
    await refused(pug, `${url}/edit`, url, fields('2025-09-09', '2').slice(1));
  });

  it("community activity: edited from its group's page", async () => {
    const groupUrl = `/programme/groups/${ids.group}`;
    const url = `/programme/community-activities/${ids.activity}`;
    expect((await coord.get(groupUrl).expect(200)).text).toContain(`href="${url}/edit"`);
    expect((await counselor.get(groupUrl).expect(200)).text).not.toContain(`${url}/edit`);
    const edit = await coord.get(`${url}/edit`).expect(200);
    translated(edit.text);
    expect(edit.text).toContain('value="Kunjungan pemantauan"');
    expect(edit.text).toContain('value="2025-12-01"');
    expect(edit.text).toContain('value="4"');
    expect(edit.text).toContain('<option value="monitoring" selected>');
    expect(edit.text).toContain('<option value="Tembalang" selected>');
    expect(edit.text).toMatch(new RegExp(`value="${ids.kader1}" checked`));
    expect(edit.text).toContain(`value="${ids.kader2}"`);
    const fields = (title: string, date: string, version: string): [string, string][] => [
      ['_csrf', csrfFrom(edit.text)],
      ['version', version],
      ['kind', 'accompaniment'],
      ['title', title],
      ['activityDate', date],
      ['district', 'Tembalang'],
      ['participants', ''],
      ['notes', 'Didampingi dua kader'],
      ['volunteerIds', ids.kader1],
      ['volunteerIds', ids.kader2],
    ];
    const bad = await send(coord, url, fields('x', '2025-12-02', '1'));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(INVALID);
    expect(bad.text).toContain('Didampingi dua kader</textarea>');
    const future = await send(coord, url, fields('Pendampingan korban', '2030-01-01', '1'));
    expect(future.status).toBe(422);
    expect(future.text).toContain('value="2030-01-01"');
    const ok = await send(coord, url, fields('Pendampingan korban', '2025-12-02', '1')).expect(303);
    expect(ok.headers.location).toBe(`${groupUrl}#activities`);
    const page = await coord.get(groupUrl).expect(200);
    expect(page.text).toContain('Kegiatan kelompok diperbarui.');
    expect(page.text).toContain('Pendampingan korban');
    expect(page.text).toContain('Didampingi dua kader');
    const saved = await api(coordToken).get(`/api/community-activities/${ids.activity}`).expect(200);
    expect(saved.body).toMatchObject({ kind: 'accompaniment', participants: null, version: 2 });
    expect(saved.body.volunteers.map((v: { name: string }) => v.name)).toEqual(['Sri Kader', 'Wati Kader']);
    const stale = await send(coord, url, fields('Pendampingan lama', '2025-12-02', '1'));
    expect(stale.status).toBe(409);
    expect(stale.text).toContain(CONFLICT);
    await refused(counselor, `${url}/edit`, url, fields('Pendampingan', '2025-12-02', '2').slice(1));
    await refused(pug, `${url}/edit`, url, fields('Pendampingan', '2025-12-02', '2').slice(1));
  });
});
