import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { ReferralEligibilityService } from '../src/steps/referral/referral-eligibility.service';
import { bearer, expectNoVictimValues, personalText, registerCase } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, expectErrorShape, TestApp } from './support/test-app';

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n'),
  Buffer.from('signed consent form of the victim\n%%EOF\n'),
]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 1),
]);

describe('referrals: institutions, service roles, eligibility and consent (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let coordinator: string;
  let counselor: string;
  let counselor2: string;
  let frontdesk: string;
  let counselorId: string;
  const inst: Record<string, any> = {};

  const api = (token: string) => ({
    get: (url: string) => request(t.server).get(url).set(bearer(token)),
    post: (url: string, body: unknown = {}) =>
      request(t.server)
        .post(url)
        .set(bearer(token))
        .send(body as object),
    put: (url: string, body: unknown = {}) =>
      request(t.server)
        .put(url)
        .set(bearer(token))
        .send(body as object),
    patch: (url: string, body: unknown = {}) =>
      request(t.server)
        .patch(url)
        .set(bearer(token))
        .send(body as object),
  });

  /** A case assigned to the counselor (adult unless `child`). */
  async function workCase(child = false) {
    const c = await registerCase(t, frontdesk, child ? { victim: { birthDate: '2014-03-01' } } : {});
    await api(coordinator).post(`/api/cases/${c.id}/assignment`, { counselorId, version: 1 }).expect(200);
    return c;
  }

  const verbal = (extra: Record<string, unknown> = {}) => ({
    givenBy: 'victim',
    givenOn: '2026-01-12',
    method: 'verbal',
    witnessName: 'Ibu Sri (konselor)',
    serviceRoles: ['medical'],
    institutionIds: [],
    categories: ['identity', 'incident_narrative'],
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'adm', [Role.Admin]);
    await createUser(t, 'coord', [Role.Coordinator]);
    counselorId = (await createUser(t, 'c1', [Role.Counselor])).id;
    await createUser(t, 'c2', [Role.Counselor]);
    await createUser(t, 'fd', [Role.FrontDesk]);
    [admin, coordinator, counselor, counselor2, frontdesk] = await Promise.all(
      ['adm', 'coord', 'c1', 'c2', 'fd'].map((u) => apiLogin(t, u)),
    );
  });
  afterAll(() => t.close());

  describe('institutions and team members', () => {
    it('records contacts, service roles and an active period, and refuses a period ending before it starts', async () => {
      const res = await api(admin)
        .post('/api/institutions', {
          name: 'Unit PPA Polrestabes',
          type: 'police_unit',
          phone: '024-8318066',
          email: 'ppa@polrestabes.example',
          address: 'Jl. Dr. Sutomo 19',
          serviceRoles: ['law_enforcement', 'medico_legal'],
          activeFrom: '2025-01-01',
        })
        .expect(201);
      expect(res.body).toEqual(
        expect.objectContaining({
          phone: '024-8318066',
          email: 'ppa@polrestabes.example',
          address: 'Jl. Dr. Sutomo 19',
          serviceRoles: ['law_enforcement', 'medico_legal'],
          activeFrom: '2025-01-01',
          activeUntil: null,
        }),
      );
      inst.police = res.body;
      inst.hospital = (
        await api(admin)
          .post('/api/institutions', {
            name: 'RSUD Kota',
            type: 'hospital',
            serviceRoles: ['medical', 'medico_legal'],
          })
          .expect(201)
      ).body;
      inst.expired = (
        await api(admin)
          .post('/api/institutions', {
            name: 'LBH Lama',
            type: 'legal_aid',
            serviceRoles: ['legal_aid', 'medical'],
            activeUntil: '2025-12-31',
          })
          .expect(201)
      ).body;
      inst.inactive = (
        await api(admin)
          .post('/api/institutions', {
            name: 'Klinik Tutup',
            type: 'hospital',
            serviceRoles: ['medical'],
            isActive: false,
          })
          .expect(201)
      ).body;
      const bad = await api(admin)
        .post('/api/institutions', {
          name: 'X Y',
          type: 'ngo',
          activeFrom: '2026-05-01',
          activeUntil: '2026-04-01',
        })
        .expect(422);
      expectErrorShape(bad.body, 422, 'ACTIVE_PERIOD_INVALID');
      const patched = await api(admin)
        .patch(`/api/institutions/${inst.hospital.id}`, {
          version: 1,
          phone: '024-111222',
          serviceRoles: ['medical', 'medico_legal', 'psychological'],
        })
        .expect(200);
      expect(patched.body.serviceRoles).toEqual(['medical', 'medico_legal', 'psychological']);
      inst.hospital = patched.body;
    });

    it('refuses bad institution input with 400', async () => {
      const bodies = [
        { name: 'Bad 1', type: 'ngo', serviceRoles: ['flying'] },
        { name: 'Bad 2', type: 'ngo', serviceRoles: 'medical' },
        { name: 'Bad 3', type: 'ngo', phone: 'call me' },
        { name: 'Bad 4', type: 'ngo', email: 'not-an-email' },
        { name: 'Bad 5', type: 'ngo', activeFrom: '2026-02-30' },
        { name: 'Bad 6', type: 'ngo', address: 'x'.repeat(301) },
        { name: 'Bad 7', type: 'ngo', serviceRoles: ['medical', 'medical'] },
      ];
      for (const body of bodies) {
        const res = await api(admin).post('/api/institutions', body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
    });

    it('gives a team member service roles of their institution only; other roles hold none', async () => {
      const ok = await api(admin)
        .post('/api/users', {
          username: 'polisi1',
          displayName: 'Bripka Ani',
          roles: ['team_member'],
          institutionId: inst.police.id,
          serviceRoles: ['law_enforcement'],
        })
        .expect(201);
      expect(ok.body.user.serviceRoles).toEqual(['law_enforcement']);
      const refused = await api(admin)
        .post('/api/users', {
          username: 'polisi2',
          displayName: 'Bripka Budi',
          roles: ['team_member'],
          institutionId: inst.police.id,
          serviceRoles: ['medical'],
        })
        .expect(422);
      expect(refused.body.code).toBe('SERVICE_ROLE_NOT_PROVIDED');
      const counselorWithRoles = await api(admin)
        .post('/api/users', {
          username: 'konselor9',
          displayName: 'K Sembilan',
          roles: ['counselor'],
          serviceRoles: ['medical'],
        })
        .expect(201);
      expect(counselorWithRoles.body.user.serviceRoles).toEqual([]);
      const changed = await api(admin)
        .patch(`/api/users/${ok.body.user.id}`, {
          version: 1,
          serviceRoles: ['law_enforcement', 'medico_legal'],
        })
        .expect(200);
      expect(changed.body.serviceRoles).toEqual(['law_enforcement', 'medico_legal']);
      const bad = await api(admin).patch(`/api/users/${ok.body.user.id}`, {
        version: 2,
        serviceRoles: ['nope'],
      });
      expect(bad.status).toBe(400);
    });
  });

  describe('eligibility', () => {
    it('lists the institutions that may receive a new referral for a role today (active and in period)', async () => {
      const res = await api(counselor).get('/api/referral-eligibility?serviceRole=medical').expect(200);
      expect(res.body.items.map((i: any) => i.name)).toEqual(['RSUD Kota']);
      const before = await api(counselor)
        .get('/api/referral-eligibility?serviceRole=medical&on=2025-06-01')
        .expect(200);
      expect(before.body.items.map((i: any) => i.name)).toEqual(['LBH Lama', 'RSUD Kota']);
      const medicoLegal = await api(counselor)
        .get('/api/referral-eligibility?serviceRole=medico_legal&on=2024-12-31')
        .expect(200);
      expect(medicoLegal.body.items.map((i: any) => i.name)).toEqual(['RSUD Kota']); // police not yet a partner
      for (const qs of [
        '',
        '?serviceRole=flying',
        '?serviceRole=medical&on=2026-13-01',
        '?serviceRole=medical&x=1',
      ]) {
        expect((await api(counselor).get(`/api/referral-eligibility${qs}`)).status).toBe(400);
      }
      await api(admin).get('/api/referral-eligibility?serviceRole=medical').expect(403);
    });

    it('explains why an institution or a member is not eligible, and takes further rules', async () => {
      const svc = t.app.get(ReferralEligibilityService);
      expect(await svc.isInstitutionEligible(inst.expired.id, '2026-01-15')).toEqual({
        eligible: false,
        reason: 'INSTITUTION_PERIOD_ENDED',
      });
      expect(await svc.isInstitutionEligible(inst.inactive.id, '2026-01-15')).toEqual({
        eligible: false,
        reason: 'INSTITUTION_INACTIVE',
      });
      expect(await svc.isInstitutionEligible(inst.police.id, '2024-06-01')).toEqual({
        eligible: false,
        reason: 'INSTITUTION_NOT_YET_ACTIVE',
      });
      expect(await svc.isInstitutionEligible(inst.police.id, '2026-01-15', 'medical')).toEqual({
        eligible: false,
        reason: 'INSTITUTION_ROLE_NOT_PROVIDED',
      });
      expect(await svc.isInstitutionEligible(inst.police.id, '2026-01-15', 'law_enforcement')).toEqual({
        eligible: true,
      });
      const member = await createUser(t, 'rs-member', [Role.TeamMember], { institutionId: inst.hospital.id });
      expect(await svc.isMemberEligible(member.id, '2026-01-15', 'medical')).toEqual({
        eligible: false,
        reason: 'MEMBER_ROLE_NOT_HANDLED',
      });
      expect(await svc.isMemberEligible(counselorId, '2026-01-15')).toEqual({
        eligible: false,
        reason: 'MEMBER_NOT_TEAM_MEMBER',
      });
      expect(await svc.isMemberEligible(member.id, '2026-01-15')).toEqual({ eligible: true });
      // A later module (PUG: "appointed by the decree in force") plugs in a rule.
      svc.addRule({
        name: 'test_decree',
        institution: async (i) => (i.name === 'RSUD Kota' ? 'NOT_IN_DECREE' : null),
      });
      expect(await svc.isMemberEligible(member.id, '2026-01-15')).toEqual({
        eligible: false,
        reason: 'NOT_IN_DECREE',
      });
      expect((await svc.eligibleInstitutions('medical', '2026-01-15')).map((i) => i.name)).toEqual([]);
      svc.addRule({ name: 'test_decree', institution: async () => null }, { replace: true });
      expect(() => svc.addRule({ name: 'test_decree' })).toThrow();
      expect((await svc.eligibleInstitutions('medical', '2026-01-15')).map((i) => i.name)).toEqual([
        'RSUD Kota',
      ]);
    });
  });

  describe('consent', () => {
    it('records a verbal consent with its witness; an adult victim gives her own', async () => {
      const c = await workCase();
      const res = await api(counselor).post(`/api/cases/${c.id}/consents`, verbal()).expect(201);
      expect(res.body).toEqual(
        expect.objectContaining({
          kind: 'consent',
          givenBy: 'victim',
          method: 'verbal',
          witnessName: 'Ibu Sri (konselor)',
          categories: ['identity', 'incident_narrative'],
          effective: true,
          status: 'active',
          version: 1,
        }),
      );
      const raw = JSON.stringify(await t.dataSource.query('SELECT * FROM consents'));
      expect(raw).not.toContain('Ibu Sri');
      const list = await api(counselor).get(`/api/cases/${c.id}/consents`).expect(200);
      expect(list.body.consents).toHaveLength(1);
      expect(list.body.statistics).toEqual({ caseId: c.id, included: null, recordedAt: null, version: 0 });
      const history = await api(counselor).get(`/api/cases/${c.id}/history?pageSize=100`).expect(200);
      expect(history.body.items.map((e: any) => e.type)).toContain('consent.recorded');
      expect(JSON.stringify(history.body)).not.toContain('Ibu Sri');
    });

    it('applies the rules: a witness for verbal consent, a guardian for a child, a scope, dates', async () => {
      const adult = await workCase();
      const child = await workCase(true);
      const refusals: [string, Record<string, unknown>, string][] = [
        [adult.id, verbal({ witnessName: undefined }), 'CONSENT_WITNESS_REQUIRED'],
        [adult.id, verbal({ serviceRoles: [], institutionIds: [] }), 'CONSENT_SCOPE_REQUIRED'],
        [adult.id, verbal({ givenOn: '2026-02-01' }), 'DATE_IN_FUTURE'],
        [adult.id, verbal({ expiresOn: '2026-01-01' }), 'CONSENT_EXPIRY_BEFORE_GIVEN'],
        [adult.id, verbal({ givenBy: 'parent', giverName: 'Pak Budi' }), 'CONSENT_GIVER_INVALID'],
        [
          adult.id,
          verbal({ institutionIds: ['00000000-0000-4000-8000-000000000000'] }),
          'INSTITUTION_NOT_FOUND',
        ],
        [child.id, verbal(), 'CHILD_CONSENT_BY_GUARDIAN'],
        [child.id, verbal({ givenBy: 'parent' }), 'CONSENT_GIVER_NAME_REQUIRED'],
      ];
      for (const [id, body, code] of refusals) {
        const res = await api(counselor).post(`/api/cases/${id}/consents`, body);
        expect({ code, status: res.status, got: res.body.code }).toEqual({ code, status: 422, got: code });
      }
      const ok = await api(counselor)
        .post(`/api/cases/${child.id}/consents`, verbal({ givenBy: 'parent', giverName: 'Ibu Rina' }))
        .expect(201);
      expect(ok.body.giverName).toBe('Ibu Rina');
    });

    it('a signed form counts only once its scan is uploaded (PDF, JPEG or PNG by content, at most 5 MB), stored encrypted', async () => {
      const c = await workCase();
      const created = await api(counselor)
        .post(`/api/cases/${c.id}/consents`, verbal({ method: 'signed_form', witnessName: undefined }))
        .expect(201);
      expect(created.body.effective).toBe(false);
      expect(created.body.hasScan).toBe(false);
      const id = created.body.id;
      const upload = (buf: Buffer, name: string, token = counselor) =>
        request(t.server).post(`/api/consents/${id}/scan`).set(bearer(token)).attach('file', buf, name);
      const fake = await upload(Buffer.from('MZ this is an executable pretending'), 'scan.pdf').expect(415);
      expectErrorShape(fake.body, 415, 'FILE_TYPE_NOT_ALLOWED');
      const big = await upload(
        Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(5 * 1024 * 1024)]),
        'big.pdf',
      );
      expect(big.status).toBe(413);
      const none = await request(t.server)
        .post(`/api/consents/${id}/scan`)
        .set(bearer(counselor))
        .send({})
        .expect(400);
      expectErrorShape(none.body, 400, 'VALIDATION_FAILED');
      await upload(PDF, 'scan.pdf', counselor2).expect(404);
      const ok = await upload(PDF, 'Persetujuan Siti.pdf').expect(200);
      expect(ok.body.effective).toBe(true);
      expect(ok.body.hasScan).toBe(true);
      const files = fs.readdirSync(path.join(t.dataDir, 'uploads'));
      expect(files).toHaveLength(1);
      const stored = fs.readFileSync(path.join(t.dataDir, 'uploads', files[0]));
      expect(stored.includes(Buffer.from('signed consent form'))).toBe(false);
      const download = await api(counselor)
        .get(`/api/consents/${id}/scan`)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['content-disposition']).toMatch(/^attachment/);
      expect(download.headers['content-disposition']).not.toContain('Siti');
      expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);
      await api(counselor2).get(`/api/consents/${id}/scan`).expect(404);
      await api(frontdesk).get(`/api/consents/${id}/scan`).expect(403);
      // A verbal consent has no scan.
      const v = await api(counselor).post(`/api/cases/${c.id}/consents`, verbal()).expect(201);
      await request(t.server)
        .post(`/api/consents/${v.body.id}/scan`)
        .set(bearer(counselor))
        .attach('file', PNG, 'x.png')
        .expect(422);
    });

    it('withdraws a consent (once, with its version)', async () => {
      const c = await workCase();
      const k = await api(counselor).post(`/api/cases/${c.id}/consents`, verbal()).expect(201);
      await api(counselor).post(`/api/consents/${k.body.id}/withdraw`, { version: 2 }).expect(409);
      const reason = personalText('Korban berubah pikiran', c.person);
      const w = await api(counselor)
        .post(`/api/consents/${k.body.id}/withdraw`, { version: 1, reason })
        .expect(200);
      expect(w.body).toEqual(
        expect.objectContaining({
          status: 'withdrawn',
          effective: false,
          version: 2,
          withdrawalReason: reason,
        }),
      );
      await api(counselor).post(`/api/consents/${k.body.id}/withdraw`, { version: 2 }).expect(409);
      const history = await api(counselor).get(`/api/cases/${c.id}/history?pageSize=100`).expect(200);
      expect(history.body.items.map((e: any) => e.type)).toContain('consent.withdrawn');
      // the history's summaries never quote the reason
      expectNoVictimValues(JSON.stringify(history.body), c.person, 'history');
    });

    it('lets only a coordinator override for a child in danger, with a written reason, on the chronology', async () => {
      const adult = await workCase();
      const child = await workCase(true);
      const body = {
        reason: personalText('Anak terancam oleh pelaku yang tinggal serumah', child.person),
        serviceRoles: ['medico_legal'],
        institutionIds: [],
        categories: ['identity'],
      };
      await api(counselor).post(`/api/cases/${child.id}/consent-overrides`, body).expect(403);
      const notChild = await api(coordinator)
        .post(`/api/cases/${adult.id}/consent-overrides`, body)
        .expect(422);
      expect(notChild.body.code).toBe('OVERRIDE_CHILD_ONLY');
      expect(
        (
          await api(coordinator).post(`/api/cases/${child.id}/consent-overrides`, {
            ...body,
            reason: 'short',
          })
        ).status,
      ).toBe(400);
      const ok = await api(coordinator).post(`/api/cases/${child.id}/consent-overrides`, body).expect(201);
      expect(ok.body).toEqual(
        expect.objectContaining({
          kind: 'override',
          effective: true,
          overrideReason: body.reason,
          givenBy: null,
        }),
      );
      const history = await api(coordinator)
        .get(`/api/cases/${child.id}/history?pageSize=100`)
        .set('Accept-Language', 'en')
        .expect(200);
      const event = history.body.items.find((e: any) => e.type === 'consent.override');
      expect(event).toBeDefined();
      expect(event.actorRoles).toContain('coordinator');
      expect(JSON.stringify(history.body)).not.toContain('terancam');
      expectNoVictimValues(JSON.stringify(history.body), child.person, 'history');
      // The counselor cannot end an override; the coordinator can.
      await api(counselor).post(`/api/consents/${ok.body.id}/withdraw`, { version: 1 }).expect(403);
      await api(coordinator).post(`/api/consents/${ok.body.id}/withdraw`, { version: 1 }).expect(200);
    });

    it('records the separate choice to be counted in the anonymous statistics, with its own version', async () => {
      const c = await workCase();
      const first = await api(counselor)
        .put(`/api/cases/${c.id}/statistics-consent`, { included: true, version: 0 })
        .expect(200);
      expect(first.body).toEqual(expect.objectContaining({ included: true, version: 1 }));
      await api(counselor)
        .put(`/api/cases/${c.id}/statistics-consent`, { included: false, version: 0 })
        .expect(409);
      const second = await api(counselor)
        .put(`/api/cases/${c.id}/statistics-consent`, { included: false, version: 1 })
        .expect(200);
      expect(second.body.included).toBe(false);
      const history = await api(counselor).get(`/api/cases/${c.id}/history?pageSize=100`).expect(200);
      expect(history.body.items.filter((e: any) => e.type === 'consent.statistics_set')).toHaveLength(2);
    });

    it('keeps consent to the staff working on the case (404 outside it, 403 for roles without it)', async () => {
      const c = await workCase();
      const k = await api(counselor).post(`/api/cases/${c.id}/consents`, verbal()).expect(201);
      await api(counselor2).get(`/api/cases/${c.id}/consents`).expect(404);
      await api(counselor2).get(`/api/consents/${k.body.id}`).expect(404);
      await api(counselor2).post(`/api/cases/${c.id}/consents`, verbal()).expect(404);
      await api(frontdesk).get(`/api/cases/${c.id}/consents`).expect(403);
      await api(admin).get(`/api/consents/${k.body.id}`).expect(403);
      await api(coordinator).get(`/api/consents/${k.body.id}`).expect(200);
      await api(coordinator).get('/api/consents/not-a-uuid').expect(404);
    });

    it('refuses bad input on every consent route with 400, never 500', async () => {
      const c = await workCase();
      const k = await api(counselor).post(`/api/cases/${c.id}/consents`, verbal()).expect(201);
      const bodies = [
        {},
        verbal({ givenBy: 'neighbour' }),
        verbal({ method: 'telepathy' }),
        verbal({ givenOn: '2026-13-01' }),
        verbal({ categories: ['everything'] }),
        verbal({ categories: 'identity' }),
        verbal({ serviceRoles: ['medical', 'medical'] }),
        verbal({ institutionIds: ['nope'] }),
        verbal({ witnessName: 'x'.repeat(121) }),
        verbal({ extra: true }),
        verbal({ expiresOn: 'tomorrow' }),
      ];
      for (const body of bodies) {
        const res = await api(counselor).post(`/api/cases/${c.id}/consents`, body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
      for (const body of [
        {},
        { reason: 'x'.repeat(20) },
        { reason: 'x'.repeat(20), serviceRoles: [], institutionIds: [], categories: ['x'] },
      ]) {
        expect((await api(coordinator).post(`/api/cases/${c.id}/consent-overrides`, body)).status).toBe(400);
      }
      for (const body of [
        {},
        { included: 'yes', version: 0 },
        { included: true, version: -1 },
        { included: true },
      ]) {
        expect((await api(counselor).put(`/api/cases/${c.id}/statistics-consent`, body)).status).toBe(400);
      }
      for (const body of [{}, { version: 'one' }, { version: 1, reason: 7 }, { version: 1, other: 1 }]) {
        expect((await api(counselor).post(`/api/consents/${k.body.id}/withdraw`, body)).status).toBe(400);
      }
      const malformed = await request(t.server)
        .post(`/api/consents/${k.body.id}/scan`)
        .set(bearer(counselor))
        .set('Content-Type', 'multipart/form-data; boundary=xyz')
        .send('garbage without boundaries');
      expect(malformed.status).toBe(400);
    });
  });
});
