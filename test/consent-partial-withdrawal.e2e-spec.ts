/**
 * Issue 14, item 13: consent withdrawn for one service role or one institution, not only all of it.
 * `POST /api/consents/{id}/withdraw-part` (and the case page's confirmation page): the part leaves the
 * consent's scope (kept in `withdrawnParts`), one history event names it; open referrals the narrower
 * consent no longer covers end at once (revoked if taken on, cancelled if not) — that partner loses
 * access — while referrals still covered by another part (a named institution, another role) go on;
 * withdrawing `community_monitoring` ends the volunteer's assignment. The last part cannot be
 * withdrawn alone (the whole consent is withdrawn instead).
 */
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { UsersService } from '../src/users/users.service';
import { bearer, expectNoVictimValues, personalText, registerCase } from './support/case-fixtures';
import {
  apiLogin,
  createTestApp,
  createUser,
  csrfFrom,
  pageLogin,
  TEST_PASSWORD,
  TestApp,
} from './support/test-app';

const VICTIM = { fullName: 'Ratna Kusumawardani', address: 'Jl. Cempaka 12, Genuk', phone: '081355500011' };
const unescape = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&#x27;/g, "'");

describe('withdrawing part of a consent (e2e)', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const inst: Record<string, string> = {};

  const api = (who: string) => ({
    get: (url: string) => request(t.server).get(url).set(bearer(tok[who])),
    post: (url: string, body: object = {}) => request(t.server).post(url).set(bearer(tok[who])).send(body),
  });

  /**
   * A case with a consent for medical, law enforcement and community monitoring, and for the
   * hospital and the legal aid office by name; referrals to the hospital (accepted), the police
   * (accepted) and the legal aid office (pending); a volunteer monitoring.
   */
  async function world() {
    const c = await registerCase(t, tok.fd, { victim: VICTIM });
    await api('coord').post(`/api/cases/${c.id}/assignment`, { counselorId: ids.c1, version: 1 }).expect(200);
    await api('c1')
      .post(`/api/cases/${c.id}/transitions`, { transition: 'start_counseling', version: 2 })
      .expect(200);
    const consent = (
      await api('c1')
        .post(`/api/cases/${c.id}/consents`, {
          givenBy: 'victim',
          givenOn: '2026-01-14',
          method: 'verbal',
          witnessName: 'Saksi',
          serviceRoles: ['medical', 'law_enforcement', 'community_monitoring'],
          institutionIds: [inst.rs, inst.lbh],
          categories: ['identity', 'contact'],
        })
        .expect(201)
    ).body;
    const refer = async (serviceRole: string, target: string) =>
      (
        await api('c1')
          .post(`/api/cases/${c.id}/referrals`, {
            serviceRole,
            targetInstitutionId: target,
            urgency: 'routine',
            reason: personalText('Mohon ditindaklanjuti', c.person),
            categories: ['identity', 'contact'],
          })
          .expect(201)
      ).body;
    const rs = await refer('medical', inst.rs);
    const police = await refer('law_enforcement', inst.police);
    const lbh = await refer('legal_aid', inst.lbh);
    await api('rs1').post(`/api/partner/referrals/${rs.id}/accept`, { version: rs.version }).expect(200);
    await api('pol')
      .post(`/api/partner/referrals/${police.id}/accept`, { version: police.version })
      .expect(200);
    const assignment = (
      await api('coord')
        .post(`/api/cases/${c.id}/monitoring`, {
          volunteerId: ids.volunteer,
          instructions: personalText('Kunjungi tiap Kamis', c.person),
        })
        .expect(201)
    ).body;
    return { c, consent, rs, police, lbh, assignment };
  }

  const consentOf = async (caseId: string) =>
    (await api('c1').get(`/api/cases/${caseId}/consents`).expect(200)).body.consents[0];
  const partner = async (who: string, referralId: string) =>
    (await api(who).get(`/api/partner/referrals/${referralId}`).expect(200)).body;
  const withdrawPart = (consentId: string, body: object) =>
    api('c1').post(`/api/consents/${consentId}/withdraw-part`, body);

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'adm', [Role.Admin]);
    tok.adm = await apiLogin(t, 'adm');
    const mk = async (name: string, type: string, serviceRoles: string[]) =>
      (await api('adm').post('/api/institutions', { name, type, serviceRoles }).expect(201)).body
        .id as string;
    inst.rs = await mk('RSUD Kota', 'hospital', ['medical']);
    inst.police = await mk('Unit PPA Polrestabes', 'police_unit', ['law_enforcement']);
    inst.lbh = await mk('LBH APIK', 'legal_aid', ['legal_aid']);
    ids.c1 = (await createUser(t, 'c1', [Role.Counselor])).id;
    await createUser(t, 'c2', [Role.Counselor]);
    await createUser(t, 'coord', [Role.Coordinator]);
    await createUser(t, 'fd', [Role.FrontDesk]);
    const kader = (await createUser(t, 'kader', [Role.CommunityVolunteer])).id;
    const users = t.app.get(UsersService);
    for (const [u, i, roles] of [
      ['rs1', inst.rs, ['medical']],
      ['pol', inst.police, ['law_enforcement']],
      ['lbh1', inst.lbh, ['legal_aid']],
    ] as const)
      await users.create(
        {
          username: u,
          displayName: `Anggota ${u}`,
          roles: [Role.TeamMember],
          institutionId: i,
          serviceRoles: [...roles],
        },
        { password: TEST_PASSWORD, mustChangePassword: false },
      );
    for (const u of ['c1', 'c2', 'coord', 'fd', 'kader', 'rs1', 'pol', 'lbh1']) tok[u] = await apiLogin(t, u);
    ids.volunteer = (
      await api('coord')
        .post('/api/community/volunteers', { name: 'Bu Narti', groupName: 'Kader Genuk', userId: kader })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  it('a service role: its referral ends (the police lose access), the others keep theirs', async () => {
    const w = await world();
    expect((await partner('pol', w.police.id)).access).toBe('full');
    const res = await withdrawPart(w.consent.id, {
      version: w.consent.version,
      serviceRole: 'law_enforcement',
      reason: personalText('Korban belum siap melapor ke polisi', w.c.person),
    }).expect(200);
    expect(res.body.serviceRoles).toEqual(['medical', 'community_monitoring']);
    expect(res.body.institutions.map((i: any) => i.id)).toEqual([inst.rs, inst.lbh]);
    expect(res.body.status).toBe('active');
    expect(res.body.version).toBe(w.consent.version + 1);
    expect(res.body.withdrawnParts).toEqual([
      { serviceRole: 'law_enforcement', at: t.clock.now().toISOString() },
    ]);

    const police = await partner('pol', w.police.id);
    expect(police).toEqual(expect.objectContaining({ status: 'revoked', access: 'summary' }));
    expect(JSON.stringify(police)).not.toContain(VICTIM.fullName);
    expectNoVictimValues(JSON.stringify(police), w.c.person, 'revoked police referral');
    const notes = (await api('pol').get('/api/notifications?pageSize=100').expect(200)).body.items;
    expectNoVictimValues(JSON.stringify(notes), w.c.person, 'police notifications');
    expect(notes.map((n: any) => n.kind)).toContain('referral_ended');
    // the hospital and the legal aid office keep theirs
    const rs = await partner('rs1', w.rs.id);
    expect(rs).toEqual(expect.objectContaining({ status: 'accepted', access: 'full' }));
    expect(rs.disclosed.identity.fullName).toBe(VICTIM.fullName);
    expect((await api('c1').get(`/api/referrals/${w.lbh.id}`).expect(200)).body.status).toBe('pending');
    expect((await api('kader').get(`/api/my-monitoring/${w.assignment.id}`).expect(200)).body.access).toBe(
      'full',
    );

    const history = (await api('c1').get(`/api/cases/${w.c.id}/history?pageSize=100`).expect(200)).body.items;
    const event = history.find((e: any) => e.type === 'consent.partly_withdrawn');
    expect(event.summary).toBe(
      'Persetujuan dicabut untuk peran layanan Penegakan hukum (bagian lain tetap berlaku); 1 rujukan terbuka diakhiri.',
    );
    expect(JSON.stringify(history)).not.toContain('belum siap'); // the reason stays in the encrypted details
    expectNoVictimValues(JSON.stringify(history), w.c.person, 'history');
    expect((await api('c1').get(`/api/cases/${w.c.id}/verification`).expect(200)).body.ok).toBe(true);
  });

  it('a role still covered by a named institution: the hospital’s referral goes on', async () => {
    const w = await world();
    const res = await withdrawPart(w.consent.id, {
      version: w.consent.version,
      serviceRole: 'medical',
    }).expect(200);
    expect(res.body.serviceRoles).toEqual(['law_enforcement', 'community_monitoring']);
    expect(await partner('rs1', w.rs.id)).toEqual(
      expect.objectContaining({ status: 'accepted', access: 'full' }),
    );
    const history = (await api('c1').get(`/api/cases/${w.c.id}/history?pageSize=100`).expect(200)).body.items;
    expect(history.at(-1).summaryArgs).toEqual(
      expect.objectContaining({ serviceRole: 'medical', referralsEnded: 0 }),
    );
  });

  it('an institution: its pending referral is cancelled, in English too', async () => {
    const w = await world();
    await withdrawPart(w.consent.id, { version: w.consent.version, institutionId: inst.lbh }).expect(200);
    expect((await api('c1').get(`/api/referrals/${w.lbh.id}`).expect(200)).body.status).toBe('cancelled');
    expect((await partner('pol', w.police.id)).access).toBe('full');
    const k = await consentOf(w.c.id);
    expect(k.withdrawnParts).toEqual([
      { institution: { id: inst.lbh, name: 'LBH APIK' }, at: t.clock.now().toISOString() },
    ]);
    const en = await request(t.server)
      .get(`/api/cases/${w.c.id}/history?pageSize=100`)
      .set(bearer(tok.c1))
      .set('Accept-Language', 'en')
      .expect(200);
    expect(en.body.items.at(-1).summary).toBe(
      'Consent withdrawn for the institution LBH APIK (the rest still holds); 1 open referrals ended.',
    );
  });

  it('community monitoring: the volunteer’s assignment ends and access with it', async () => {
    const w = await world();
    await withdrawPart(w.consent.id, {
      version: w.consent.version,
      serviceRole: 'community_monitoring',
    }).expect(200);
    const view = (await api('kader').get(`/api/my-monitoring/${w.assignment.id}`).expect(200)).body;
    expect(view).toEqual(expect.objectContaining({ access: 'summary', person: null, status: 'ended' }));
    expectNoVictimValues(JSON.stringify(view), w.c.person, 'ended monitoring');
    const types = (
      await api('c1').get(`/api/cases/${w.c.id}/history?pageSize=100`).expect(200)
    ).body.items.map((e: any) => e.type);
    expect(types.slice(-2)).toEqual(['monitoring.ended', 'consent.partly_withdrawn']);
    // partners keep theirs
    expect((await partner('pol', w.police.id)).access).toBe('full');
    expect((await partner('rs1', w.rs.id)).access).toBe('full');
  });

  it('refuses what is not a part, the last part, both or neither, a stale version, a withdrawn consent, outsiders', async () => {
    const w = await world();
    const v = w.consent.version;
    expect(
      (await withdrawPart(w.consent.id, { version: v, serviceRole: 'education' }).expect(422)).body.code,
    ).toBe('CONSENT_PART_NOT_IN_SCOPE');
    expect(
      (await withdrawPart(w.consent.id, { version: v, institutionId: inst.police }).expect(422)).body.code,
    ).toBe('CONSENT_PART_NOT_IN_SCOPE');
    const both = await withdrawPart(w.consent.id, {
      version: v,
      serviceRole: 'medical',
      institutionId: inst.rs,
    }).expect(400);
    expect(both.body.details.map((d: any) => d.field)).toEqual(['institutionId']);
    await withdrawPart(w.consent.id, { version: v }).expect(400);
    await withdrawPart(w.consent.id, { version: v, serviceRole: 'flying' }).expect(400);
    await withdrawPart(w.consent.id, { version: v + 1, serviceRole: 'medical' }).expect(409);
    await api('c2')
      .post(`/api/consents/${w.consent.id}/withdraw-part`, { version: v, serviceRole: 'medical' })
      .expect(404);
    await api('fd')
      .post(`/api/consents/${w.consent.id}/withdraw-part`, { version: v, serviceRole: 'medical' })
      .expect(403);
    // down to the last part
    let version = v;
    for (const part of [
      { serviceRole: 'medical' },
      { serviceRole: 'law_enforcement' },
      { serviceRole: 'community_monitoring' },
      { institutionId: inst.lbh },
    ])
      version = (await withdrawPart(w.consent.id, { version, ...part }).expect(200)).body.version;
    const last = await withdrawPart(w.consent.id, { version, institutionId: inst.rs }).expect(422);
    expect(last.body.code).toBe('CONSENT_LAST_PART');
    // the hospital's referral still holds on the named institution
    expect((await partner('rs1', w.rs.id)).access).toBe('full');
    await api('c1').post(`/api/consents/${w.consent.id}/withdraw`, { version }).expect(200);
    await withdrawPart(w.consent.id, { version: version + 1, institutionId: inst.rs }).expect(409);
    const ended = await partner('rs1', w.rs.id);
    expect(ended.access).toBe('summary');
    expectNoVictimValues(JSON.stringify(ended), w.c.person, 'hospital referral after withdrawal');
  });

  it('the case page offers it, and a confirmation page says what ends and what goes on', async () => {
    const w = await world();
    const agent = await pageLogin(t, 'c1');
    const casePage = unescape((await agent.get(`/cases/${w.c.id}/referrals`).expect(200)).text);
    expect(casePage).toContain(`href="/consents/${w.consent.id}/withdraw-part"`);
    const choose = unescape((await agent.get(`/consents/${w.consent.id}/withdraw-part`).expect(200)).text);
    expect(choose).toContain('Pilih bagian yang dicabut');
    expect(choose).toContain(`withdraw-part?serviceRole=law_enforcement`);
    expect(choose).toContain(`withdraw-part?institutionId=${inst.lbh}`);
    const confirm = unescape(
      (await agent.get(`/consents/${w.consent.id}/withdraw-part?serviceRole=law_enforcement`).expect(200))
        .text,
    );
    expect(confirm).toContain('Cabut persetujuan untuk Penegakan hukum?');
    expect(/<ul class="ending-referrals">([\s\S]*?)<\/ul>/.exec(confirm)![1]).toContain(
      'Unit PPA Polrestabes',
    );
    const continuing = /<ul class="continuing-referrals">([\s\S]*?)<\/ul>/.exec(confirm)![1];
    expect(continuing).toContain('RSUD Kota');
    expect(continuing).toContain('LBH APIK');
    // nothing changed by looking
    expect((await partner('pol', w.police.id)).access).toBe('full');
    await agent.get(`/consents/${w.consent.id}/withdraw-part?serviceRole=flying`).expect(400);
    const res = await agent
      .post(`/consents/${w.consent.id}/withdraw-part`)
      .type('form')
      .send({
        _csrf: csrfFrom(confirm),
        version: String(w.consent.version),
        serviceRole: 'law_enforcement',
        reason: '',
      })
      .expect(303);
    expect(res.headers.location).toBe(`/cases/${w.c.id}/referrals#consent`);
    expect((await partner('pol', w.police.id)).access).toBe('summary');
    const after = await agent.get(`/cases/${w.c.id}/referrals`).expect(200);
    expect(after.text).toContain('Dicabut sebagian');
    expect(after.text).toContain('Persetujuan dicabut untuk bagian itu');
    // a refused one comes back with its reason
    const again = await agent
      .post(`/consents/${w.consent.id}/withdraw-part`)
      .type('form')
      .send({
        _csrf: csrfFrom(confirm),
        version: String(w.consent.version + 1),
        serviceRole: 'law_enforcement',
      })
      .expect(303);
    expect(again.headers.location).toBe(`/cases/${w.c.id}/referrals?error=CONSENT_PART_NOT_IN_SCOPE#consent`);
  });

  it('like the whole withdrawal, also on a closed case (it holds again if the case is reopened)', async () => {
    const c = await registerCase(t, tok.fd, { victim: VICTIM });
    await api('coord').post(`/api/cases/${c.id}/assignment`, { counselorId: ids.c1, version: 1 }).expect(200);
    const consent = (
      await api('c1')
        .post(`/api/cases/${c.id}/consents`, {
          givenBy: 'victim',
          givenOn: '2026-01-14',
          method: 'verbal',
          witnessName: 'Saksi',
          serviceRoles: ['medical', 'law_enforcement'],
          institutionIds: [],
          categories: ['identity'],
        })
        .expect(201)
    ).body;
    await api('coord')
      .post(`/api/cases/${c.id}/transitions`, {
        transition: 'close',
        version: 2,
        closureReason: 'victim_withdrew',
      })
      .expect(200);
    const res = await withdrawPart(consent.id, {
      version: consent.version,
      serviceRole: 'law_enforcement',
    }).expect(200);
    expect(res.body.serviceRoles).toEqual(['medical']);
  });
});
