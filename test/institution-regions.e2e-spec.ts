/**
 * Issue 14, item 14: the forms that list institutions (consent, case conference attendees and action
 * owners, referral targets, support service providers) offer the centre's own region first and do not
 * mix another city's offices in. The centre's region is a setting (`regionId`, a PUG region; API and
 * /admin/settings); an institution belongs to a region through its PUG records (roster, a body it
 * holds, a decree naming it). Institutions of no region (a police unit, a private clinic) stay, after
 * the region's; another region's offices (Kupang's SKPD for a centre in Semarang) are left out, also
 * from the referral form's "not offered" list. Without a region set, nothing changes.
 */
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { PugBodiesService } from '../src/pug/pug-bodies.service';
import { PugDecreesService } from '../src/pug/pug-decrees.service';
import { PugRegionsService } from '../src/pug/pug-regions.service';
import { bearer, registerCase } from './support/case-fixtures';
import {
  apiLogin,
  createTestApp,
  createUser,
  csrfFrom,
  pageLogin,
  TestApp,
  wholeCasePage,
} from './support/test-app';

const unescape = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&#x27;/g, "'");

describe('institutions by the centre’s region (e2e)', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const inst: Record<string, string> = {};
  const region: Record<string, string> = {};
  let caseId: string;

  const NAMES = {
    smgDinsos: 'Dinas Sosial Kota Semarang',
    smgDinkes: 'Dinas Kesehatan Kota Semarang',
    smgRsud: 'RSUD Kota Semarang',
    police: 'Unit PPA Polrestabes',
    kpgDinsos: 'Dinas Sosial Kota Kupang',
    kpgRsud: 'RSUD Kota Kupang',
  };

  /** The checkbox or option labels of a part of a page, in order. */
  const section = (html: string, id: string) => {
    const start = html.indexOf(`id="${id}"`);
    expect(start).toBeGreaterThan(-1);
    return html.slice(start, html.indexOf('</section>', start));
  };
  const order = (html: string) =>
    Object.values(NAMES)
      .map((n) => ({ n, at: html.indexOf(n) }))
      .filter((x) => x.at >= 0)
      .sort((a, b) => a.at - b.at)
      .map((x) => x.n);

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'adm', [Role.Admin]);
    const c1 = (await createUser(t, 'c1', [Role.Counselor])).id;
    await createUser(t, 'coord', [Role.Coordinator]);
    await createUser(t, 'fd', [Role.FrontDesk]);
    for (const u of ['adm', 'coord', 'fd', 'c1']) tok[u] = await apiLogin(t, u);
    const mk = async (key: keyof typeof NAMES, type: string, serviceRoles: string[]) =>
      (inst[key] = (
        await request(t.server)
          .post('/api/institutions')
          .set(bearer(tok.adm))
          .send({ name: NAMES[key], type, serviceRoles })
          .expect(201)
      ).body.id);
    await mk('smgDinsos', 'social_service', ['social_rehabilitation']);
    await mk('smgDinkes', 'government_office', []);
    await mk('smgRsud', 'hospital', ['medical']);
    await mk('police', 'police_unit', ['law_enforcement']);
    await mk('kpgDinsos', 'social_service', ['social_rehabilitation']);
    await mk('kpgRsud', 'hospital', ['medical']);
    const regions = t.app.get(PugRegionsService);
    region.smg = (await regions.create({ name: 'Kota Semarang', kind: 'city' })).id;
    region.kpg = (await regions.create({ name: 'Kota Kupang', kind: 'city' })).id;
    // Semarang: Dinsos on the roster, Dinkes holds a focal-point team whose decree names the RSUD
    await regions.setRoster(region.smg, (await regions.get(region.smg)).version, [
      { institutionId: inst.smgDinsos, pugRole: 'other' },
    ]);
    const body = await t.app.get(PugBodiesService).create({
      regionId: region.smg,
      kind: 'focal_point_team',
      name: 'Tim Focal Point Dinkes',
      institutionId: inst.smgDinkes,
    });
    await t.app.get(PugDecreesService).create(
      {
        bodyId: body.id,
        number: '800/FP/2012',
        decreeDate: '2012-09-10',
        issuerKind: 'skpd_head',
        issuerInstitutionId: inst.smgDinkes,
        title: 'Pembentukan Tim Focal Point',
        kind: 'formation',
        replacesDecreeId: null,
        appointees: [
          { fullName: 'dr. Contoh', jobTitle: 'Dokter', institutionId: inst.smgRsud, role: 'member' },
        ],
      } as any,
      null,
    );
    // Kupang: both its offices on its roster
    await regions.setRoster(region.kpg, (await regions.get(region.kpg)).version, [
      { institutionId: inst.kpgDinsos, pugRole: 'other' },
      { institutionId: inst.kpgRsud, pugRole: 'other' },
    ]);
    const c = await registerCase(t, tok.fd);
    caseId = c.id;
    const assigned = await request(t.server)
      .post(`/api/cases/${caseId}/assignment`)
      .set(bearer(tok.coord))
      .send({ counselorId: c1, version: 1 })
      .expect(200);
    await request(t.server)
      .post(`/api/cases/${caseId}/transitions`)
      .set(bearer(tok.coord))
      .send({ transition: 'start_counseling', version: assigned.body.version })
      .expect(200);
    // a consent in force, so that the referral form is offered
    await request(t.server)
      .post(`/api/cases/${caseId}/consents`)
      .set(bearer(tok.c1))
      .send({
        givenBy: 'victim',
        givenOn: '2026-01-14',
        method: 'verbal',
        witnessName: 'Saksi',
        serviceRoles: ['medical'],
        institutionIds: [],
        categories: ['identity'],
      })
      .expect(201);
  });
  afterAll(() => t.close());

  const centre = async () =>
    (await request(t.server).get('/api/settings/centre').set(bearer(tok.adm)).expect(200)).body;

  it('without a region set, the forms list every institution as before', async () => {
    expect((await centre()).regionId).toBeNull();
    const html = unescape(await wholeCasePage(await pageLogin(t, 'coord'), caseId));
    expect(order(section(html, 'consent'))).toEqual(
      [NAMES.smgDinkes, NAMES.kpgDinsos, NAMES.smgDinsos, NAMES.kpgRsud, NAMES.smgRsud, NAMES.police].sort(
        (a, b) => a.localeCompare(b),
      ),
    );
    expect(section(html, 'consent')).not.toContain('checks__group');
  });

  it('the centre’s region is a setting (API): a known region or none', async () => {
    const before = await centre();
    const bad = await request(t.server)
      .put('/api/settings/centre')
      .set(bearer(tok.adm))
      .send({ version: before.version, regionId: '00000000-0000-4000-8000-000000000000' })
      .expect(422);
    expect(bad.body.code).toBe('PUG_REGION_NOT_FOUND');
    await request(t.server)
      .put('/api/settings/centre')
      .set(bearer(tok.adm))
      .send({ version: before.version, regionId: 'Semarang' })
      .expect(400);
    const set = await request(t.server)
      .put('/api/settings/centre')
      .set(bearer(tok.adm))
      .send({ version: before.version, regionId: region.smg })
      .expect(200);
    expect(set.body.regionId).toBe(region.smg);
    await request(t.server)
      .put('/api/settings/centre')
      .set(bearer(tok.coord))
      .send({ version: 1 })
      .expect(403);
  });

  it('consent, conference, referral and service forms: Semarang first, then institutions of no region, no Kupang office', async () => {
    const html = unescape(await wholeCasePage(await pageLogin(t, 'coord'), caseId));
    const consent = section(html, 'consent');
    expect(order(consent)).toEqual([NAMES.smgDinkes, NAMES.smgDinsos, NAMES.smgRsud, NAMES.police]);
    expect(consent).toMatch(
      /<p class="checks__group">Kota Semarang<\/p>[\s\S]*<p class="checks__group">Lembaga lain/,
    );
    const conferences = section(html, 'conferences');
    // attendees, then the action owners' selects: the same order
    expect(order(conferences)).toEqual([NAMES.smgDinkes, NAMES.smgDinsos, NAMES.smgRsud, NAMES.police]);
    expect(conferences).toContain('<optgroup label="Kota Semarang">');
    const referrals = section(html, 'referrals');
    // the referral form offers only institutions providing a role: the RSUD, Dinsos and the police
    const target = /<select id="referral-target"[\s\S]*?<\/select>/.exec(referrals)![0];
    expect(order(target)).toEqual([NAMES.smgDinsos, NAMES.smgRsud, NAMES.police]);
    expect(target).toMatch(
      /<optgroup label="Kota Semarang">[\s\S]*<\/optgroup>[\s\S]*<optgroup label="Lembaga lain/,
    );
    const services = section(html, 'services');
    const provider = /<select id="service-provider"[\s\S]*?<\/select>/.exec(services)![0];
    expect(order(provider)).toEqual([NAMES.smgDinkes, NAMES.smgDinsos, NAMES.smgRsud, NAMES.police]);
    for (const part of [consent, conferences, referrals, services])
      for (const kupang of [NAMES.kpgDinsos, NAMES.kpgRsud]) expect(part).not.toContain(kupang);
  });

  it('the settings page sets and clears it', async () => {
    const agent = await pageLogin(t, 'adm');
    const page = unescape((await agent.get('/admin/settings').expect(200)).text);
    expect(page).toContain(`<option value="${region.smg}" selected>Kota Semarang</option>`);
    expect(page).toContain(`<option value="${region.kpg}">Kota Kupang</option>`);
    const current = await centre();
    const res = await agent
      .post('/admin/settings')
      .type('form')
      .send({
        _csrf: csrfFrom(page),
        version: String(current.version),
        name: current.name,
        address: current.address,
        phone: current.phone,
        caseNumberPrefix: current.caseNumberPrefix,
        caseNumberPattern: current.caseNumberPattern,
        sequenceDigits: String(current.sequenceDigits),
        districts: current.districts.join('\n'),
        regionId: region.kpg,
      });
    expect(res.status).toBe(303);
    expect((await centre()).regionId).toBe(region.kpg);
    // a centre in Kupang sees Kupang's offices and not Semarang's
    const html = unescape(await wholeCasePage(await pageLogin(t, 'coord'), caseId));
    expect(order(section(html, 'consent'))).toEqual([NAMES.kpgDinsos, NAMES.kpgRsud, NAMES.police]);
    const again = await centre();
    await agent
      .post('/admin/settings')
      .type('form')
      .send({
        _csrf: csrfFrom(page),
        version: String(again.version),
        name: again.name,
        address: again.address,
        phone: again.phone,
        caseNumberPrefix: again.caseNumberPrefix,
        caseNumberPattern: again.caseNumberPattern,
        sequenceDigits: String(again.sequenceDigits),
        districts: again.districts.join('\n'),
        regionId: '',
      })
      .expect(303);
    expect((await centre()).regionId).toBeNull();
  });
});
