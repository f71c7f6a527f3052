import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { ReferralEligibilityService } from '../src/steps/referral/referral-eligibility.service';
import { UsersService } from '../src/users/users.service';
import { bearer, registerCase } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, pageLogin, TEST_PASSWORD, TestApp } from './support/test-app';

/*
 * Referral eligibility follows the partner-team decree in force, end to end through referrals: an
 * institution or officer that a replacing decree dropped gets no new referrals (and the refusal says
 * why); referrals already running continue; a decree not yet in effect changes nothing until its date.
 * The clock stands at 2026-01-15.
 */
describe('PUG: referral eligibility follows the partner-team decree in force (e2e)', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const inst: Record<string, string> = {};
  let caseId: string;
  let running: string;
  let bodyId: string;
  let decree2009: string;

  const api = (who: string) => ({
    get: (url: string) => request(t.server).get(url).set(bearer(tok[who])),
    post: (url: string, body: unknown = {}) =>
      request(t.server)
        .post(url)
        .set(bearer(tok[who]))
        .send(body as object),
  });

  const refer = (target: string | null) =>
    api('c1').post(`/api/cases/${caseId}/referrals`, {
      serviceRole: 'medical',
      targetInstitutionId: target,
      urgency: 'routine',
      reason: 'Mohon pemeriksaan medis',
      categories: [],
    });

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'adm', [Role.Admin]);
    tok.adm = await apiLogin(t, 'adm');
    const mk = async (name: string, type: string, serviceRoles: string[]) =>
      (await api('adm').post('/api/institutions', { name, type, serviceRoles }).expect(201)).body
        .id as string;
    inst.rsud = await mk('RSUD Kota', 'hospital', ['medical']);
    inst.swasta = await mk('RS Swasta Sehat', 'hospital', ['medical']);
    inst.other = await mk('Klinik Bukan Anggota Tim', 'hospital', ['medical']);
    inst.centre = await mk('PPT Seruni', 'service_centre', []);
    ids.c1 = (await createUser(t, 'c1', [Role.Counselor])).id;
    await createUser(t, 'coord', [Role.Coordinator]);
    await createUser(t, 'fd', [Role.FrontDesk]);
    await createUser(t, 'pug', [Role.PugSecretariat]);
    const users = t.app.get(UsersService);
    for (const [u, i] of [
      ['rs1', inst.rsud],
      ['rs1b', inst.rsud],
      ['rs2', inst.swasta],
    ] as const) {
      ids[u] = (
        await users.create(
          {
            username: u,
            displayName: `Anggota ${u}`,
            roles: [Role.TeamMember],
            institutionId: i,
            serviceRoles: ['medical'],
          },
          { password: TEST_PASSWORD, mustChangePassword: false },
        )
      ).user.id;
    }
    for (const u of ['c1', 'coord', 'fd', 'pug', 'rs1', 'rs1b', 'rs2']) tok[u] = await apiLogin(t, u);

    // The partner team, formed by the 2009 decree: RSUD (two officers) and RS Swasta.
    const region = (
      await api('pug').post('/api/pug-regions', { name: 'Kota Semarang', kind: 'city' }).expect(201)
    ).body;
    bodyId = (
      await api('pug')
        .post('/api/pug-bodies', {
          regionId: region.id,
          kind: 'partner_team',
          name: 'Tim PPT SERUNI',
          institutionId: inst.centre,
        })
        .expect(201)
    ).body.id;
    decree2009 = (
      await api('pug')
        .post('/api/decrees', {
          bodyId,
          number: '463/A. 023',
          decreeDate: '2009-02-12',
          issuerKind: 'mayor',
          title: 'Pembentukan Tim Pelayanan Terpadu "SERUNI"',
          kind: 'formation',
          appointees: [
            { fullName: 'dr. Ani', institutionId: inst.rsud, userId: ids.rs1, role: 'member' },
            { fullName: 'dr. Bayu', institutionId: inst.rsud, userId: ids.rs1b, role: 'member' },
            { fullName: 'dr. Citra', institutionId: inst.swasta, userId: ids.rs2, role: 'member' },
          ],
        })
        .expect(201)
    ).body.id;

    // A case in counseling with consent to medical referrals.
    const c = await registerCase(t, tok.fd);
    caseId = c.id;
    await api('coord')
      .post(`/api/cases/${caseId}/assignment`, { counselorId: ids.c1, version: 1 })
      .expect(200);
    await api('c1')
      .post(`/api/cases/${caseId}/transitions`, { transition: 'start_counseling', version: 2 })
      .expect(200);
    await api('c1')
      .post(`/api/cases/${caseId}/consents`, {
        givenBy: 'victim',
        givenOn: '2026-01-14',
        method: 'verbal',
        witnessName: 'Saksi Konselor',
        serviceRoles: ['medical'],
        institutionIds: [],
        categories: [],
      })
      .expect(201);
  });
  afterAll(() => t.close());

  it('refers to a team institution while its decree is in force; the referral runs', async () => {
    const r = await refer(inst.swasta).expect(201);
    running = r.body.id;
    await api('rs2').post(`/api/partner/referrals/${running}/accept`, { version: 1 }).expect(200);
    const eligible = (await api('c1').get('/api/referral-eligibility?serviceRole=medical').expect(200)).body
      .items;
    expect(eligible.map((i: any) => i.name)).toEqual([
      'Klinik Bukan Anggota Tim',
      'RS Swasta Sehat',
      'RSUD Kota',
    ]);
  });

  it('after a replacing decree drops RS Swasta and dr. Bayu: no new referrals, with the reason; running ones continue', async () => {
    await api('pug')
      .post('/api/decrees', {
        bodyId,
        number: '463/05/2011',
        decreeDate: '2011-01-06',
        issuerKind: 'mayor',
        title: 'Penggantian Tim Pelayanan Terpadu "SERUNI"',
        kind: 'replacement',
        replacesDecreeId: decree2009,
        appointees: [{ fullName: 'dr. Ani', institutionId: inst.rsud, userId: ids.rs1, role: 'member' }],
      })
      .expect(201);

    // The referral form's list no longer offers RS Swasta; an institution never in the team is not judged.
    const eligible = (await api('c1').get('/api/referral-eligibility?serviceRole=medical').expect(200)).body
      .items;
    expect(eligible.map((i: any) => i.name)).toEqual(['Klinik Bukan Anggota Tim', 'RSUD Kota']);
    const refused = await refer(inst.swasta).expect(422);
    expect(refused.body.code).toBe('PARTNER_TEAM_DROPPED');
    expect(refused.body.message).toMatch(/SK tim mitra yang berlaku/);
    await refer(inst.rsud).expect(201);

    // The running referral continues for the dropped institution's officer.
    const seen = await api('rs2').get(`/api/partner/referrals/${running}`).expect(200);
    expect(seen.body.status).toBe('accepted');
    await api('rs2')
      .post(`/api/partner/referrals/${running}/start`, { version: seen.body.version })
      .expect(200);

    // The dropped officer of a team institution receives nothing new; the other officer does.
    const eligibility = t.app.get(ReferralEligibilityService);
    expect(await eligibility.isMemberEligible(ids.rs1b, '2026-01-15')).toEqual({
      eligible: false,
      reason: 'PARTNER_TEAM_MEMBER_DROPPED',
      args: { decree: '463/05/2011', effectiveDate: '2011-01-06', body: 'Tim PPT SERUNI' },
    });
    expect(await eligibility.isMemberEligible(ids.rs1, '2026-01-15')).toEqual({ eligible: true });
    const open = await refer(null).expect(201);
    const inboxB = (await api('rs1b').get('/api/partner/referrals?pageSize=100').expect(200)).body;
    expect(inboxB.items.map((r: any) => r.id)).not.toContain(open.body.id);
    const inboxA = (await api('rs1').get('/api/partner/referrals?pageSize=100').expect(200)).body;
    expect(inboxA.items.map((r: any) => r.id)).toContain(open.body.id);

    // On a date before the replacing decree took effect, RS Swasta was eligible.
    expect(await eligibility.isInstitutionEligible(inst.swasta, '2010-06-01')).toEqual({ eligible: true });
  });

  it("the referral form and the dropped member's inbox say why, naming the decree in force", async () => {
    // The counselor's referral form on the case page: RS Swasta is not offered, and the form says why.
    const counselor = await pageLogin(t, 'c1');
    const page = (await counselor.get(`/cases/${caseId}/referrals`).expect(200)).text;
    const options = page.slice(
      page.indexOf('id="referral-target"'),
      page.indexOf('</select>', page.indexOf('id="referral-target"')),
    );
    expect(options).toContain('RSUD Kota');
    expect(options).not.toContain('RS Swasta Sehat');
    const unavailable = page.slice(
      page.indexOf('id="referral-unavailable"'),
      page.indexOf('</details>', page.indexOf('id="referral-unavailable"')),
    );
    expect(unavailable).toContain(`data-institution="${inst.swasta}"`);
    expect(unavailable).toContain('RS Swasta Sehat');
    expect(unavailable).toContain('tidak lagi tercantum dalam SK tim mitra yang berlaku');
    expect(unavailable).toContain('SK 463/05/2011, berlaku sejak 6 Januari 2011');
    expect(unavailable).not.toContain('RSUD Kota');
    expect(unavailable).not.toContain('Klinik Bukan Anggota Tim');

    // The dropped officer's inbox (API and page) says why no new referrals come; the other officer's does not.
    const dropped = (await api('rs1b').get('/api/partner/referrals').expect(200)).body.newReferrals;
    expect(dropped).toEqual({
      eligible: false,
      reason: 'PARTNER_TEAM_MEMBER_DROPPED',
      args: { decree: '463/05/2011', effectiveDate: '2011-01-06', body: 'Tim PPT SERUNI' },
      message: expect.stringMatching(/tidak lagi tercantum dalam SK tim mitra/),
    });
    const english = await request(t.server)
      .get('/api/partner/referrals')
      .set(bearer(tok.rs1b))
      .set('Accept-Language', 'en')
      .expect(200);
    expect(english.body.newReferrals.message).toMatch(/no longer named by the partner-team decree in force/);
    expect((await api('rs1').get('/api/partner/referrals').expect(200)).body.newReferrals).toEqual({
      eligible: true,
      reason: null,
      args: {},
      message: null,
    });
    const inboxPage = (await (await pageLogin(t, 'rs1b')).get('/partner').expect(200)).text;
    expect(inboxPage).toContain('id="no-new-referrals"');
    expect(inboxPage).toContain('SK 463/05/2011');
    expect((await (await pageLogin(t, 'rs1')).get('/partner').expect(200)).text).not.toContain(
      'id="no-new-referrals"',
    );
  });

  it('a decree not yet in effect changes nothing until its effective date', async () => {
    const current = (await api('pug').get(`/api/decrees?bodyId=${bodyId}&status=in_force`).expect(200)).body
      .items[0];
    await api('pug')
      .post('/api/decrees', {
        bodyId,
        number: '463/01/2026',
        decreeDate: '2026-01-10',
        effectiveDate: '2026-02-01',
        issuerKind: 'mayor',
        title: 'Penggantian Tim Pelayanan Terpadu "SERUNI"',
        kind: 'replacement',
        replacesDecreeId: current.id,
        appointees: [
          { fullName: 'dr. Ani', institutionId: inst.rsud, userId: ids.rs1, role: 'member' },
          { fullName: 'dr. Citra', institutionId: inst.swasta, userId: ids.rs2, role: 'member' },
        ],
      })
      .expect(201);
    expect((await refer(inst.swasta).expect(422)).body.code).toBe('PARTNER_TEAM_DROPPED');
    const eligibility = t.app.get(ReferralEligibilityService);
    expect(await eligibility.isInstitutionEligible(inst.swasta, '2026-02-01')).toEqual({ eligible: true });
    expect((await eligibility.isMemberEligible(ids.rs1b, '2026-02-01')).eligible).toBe(false);
    expect(eligibility.ruleNames()).toContain('partner_team_decree');
  });
});
