import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { UsersService } from '../src/users/users.service';
import {
  bearer,
  expectNoVictimValues,
  intakePayload,
  personalText,
  referWithConsent,
  registerCase,
} from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, pageLogin, TEST_PASSWORD, TestApp } from './support/test-app';
import { downloadPdf, flat, pdfText } from './chronology-fixtures';

/*
 * The four leaks of the disclosure review (issue 12), reproduced through HTTP as they were found:
 *   1. a front desk reads any victim's current record through the duplicate check and an attached complaint;
 *   2. the partner inbox shows identity the victim did not consent to share (inside the narrative);
 *   3. the partner print reveals the shelter (stage, steps, sex and age, gaps in the numbering);
 *   4. the administrator grants itself case access.
 */

const CHILD = {
  name: 'Anindya Prameswari Kanaka',
  nik: '3374054101120004',
  street: 'Jl. Wologito Barat No. 19',
  phone: '085712349876',
  movedTo: 'Jl. Bukit Sari Indah Blok C-7',
  movedPhone: '089611112222',
};
/** The child as typed at intake, and as her counselor recorded her after she moved. */
const TYPED = { fullName: CHILD.name, nik: CHILD.nik, address: CHILD.street, phone: CHILD.phone };
const MOVED = { fullName: CHILD.name, nik: CHILD.nik, address: CHILD.movedTo, phone: CHILD.movedPhone };
/** What the partner may read of the narrative: the parts that name nobody. */
const NARRATIVE_MARK = 'NARASI-KEJADIAN-7731';

describe('disclosure findings (issue 12) reproduced', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const inst: Record<string, string> = {};

  const api = (who: string) => ({
    get: (url: string) => request(t.server).get(url).set(bearer(tok[who])),
    post: (url: string, body: unknown = {}) =>
      request(t.server)
        .post(url)
        .set(bearer(tok[who]))
        .send(body as object),
    patch: (url: string, body: unknown = {}) =>
      request(t.server)
        .patch(url)
        .set(bearer(tok[who]))
        .send(body as object),
  });
  const version = async (caseId: string) =>
    (await api('coord').get(`/api/cases/${caseId}`).expect(200)).body.version;

  beforeAll(async () => {
    t = await createTestApp();
    ids.admin = (await createUser(t, 'adm', [Role.Admin])).id;
    tok.adm = await apiLogin(t, 'adm');
    const mk = async (name: string, type: string, serviceRoles: string[]) =>
      (await api('adm').post('/api/institutions', { name, type, serviceRoles }).expect(201)).body
        .id as string;
    inst.police = await mk('Unit PPA Polrestabes', 'police_unit', ['law_enforcement']);
    ids.c1 = (await createUser(t, 'c1', [Role.Counselor])).id;
    ids.coord = (await createUser(t, 'coord', [Role.Coordinator])).id;
    ids.coord2 = (await createUser(t, 'coord2', [Role.Coordinator])).id;
    for (const u of ['fd', 'fd2', 'fd3']) ids[u] = (await createUser(t, u, [Role.FrontDesk])).id;
    ids.pol = (
      await t.app.get(UsersService).create(
        {
          username: 'pol',
          displayName: 'Anggota PPA',
          roles: [Role.TeamMember],
          institutionId: inst.police,
          serviceRoles: ['law_enforcement'],
        },
        { password: TEST_PASSWORD, mustChangePassword: false },
      )
    ).user.id;
    for (const u of ['c1', 'coord', 'coord2', 'fd', 'fd2', 'fd3', 'pol']) tok[u] = await apiLogin(t, u);
  });
  afterAll(() => t.close());

  /** The child's case: registered by fd, counselled by c1, who later records that she moved. */
  async function childCase(extra: { shelter?: boolean } = {}) {
    const c = await registerCase(t, tok.fd, {
      victim: {
        fullName: CHILD.name,
        nik: CHILD.nik,
        birthDate: '2012-01-01',
        address: `${CHILD.street}, Semarang`,
        phone: CHILD.phone,
      },
      incident: {
        narrative: `${NARRATIVE_MARK}: ${CHILD.name} dipukul di rumahnya di ${CHILD.street}; ibunya menelepon ${CHILD.phone}.`,
      },
      reporter: { relationship: 'parent', name: 'Ibu Pelapor Kanaka', phone: '081200001111' },
    });
    await api('coord').post(`/api/cases/${c.id}/assignment`, { counselorId: ids.c1, version: 1 }).expect(200);
    await api('c1')
      .post(`/api/cases/${c.id}/transitions`, { transition: 'start_counseling', version: 2 })
      .expect(200);
    await api('c1')
      .post(`/api/cases/${c.id}/counseling-sessions`, {
        heldAt: '2026-01-14',
        notes: personalText('Sesi pertama', TYPED),
      })
      .expect(201);
    if (extra.shelter) {
      await api('c1')
        .post(`/api/cases/${c.id}/risk-assessments`, {
          assessedAt: '2026-01-14',
          threatToLife: true,
          riskLevel: 'critical',
          factors: [],
        })
        .expect(201);
      const house = await api('coord')
        .post('/api/safe-houses', { name: 'Rumah Aman Anggrek', capacity: 4, address: 'Jl. Rahasia 1' })
        .expect(201);
      await api('c1')
        .post(`/api/cases/${c.id}/transitions`, {
          transition: 'admit_to_shelter',
          version: await version(c.id),
          safeHouseId: house.body.id,
        })
        .expect(200);
      await api('c1')
        .post(`/api/cases/${c.id}/transitions`, { transition: 'start_support', version: await version(c.id) })
        .expect(200);
    }
    // She moved: her counselor records the new address and phone.
    await api('c1')
      .patch(`/api/cases/${c.id}`, {
        version: await version(c.id),
        victim: { address: CHILD.movedTo, phone: CHILD.movedPhone },
      })
      .expect(200);
    return c as { id: string; number: string };
  }

  /** The mother's consent to share the narrative with the police, and a referral to them under it. */
  const referNarrativeToPolice = async (caseId: string, reason: string) =>
    (
      await referWithConsent(
        t,
        tok.c1,
        caseId,
        {
          serviceRole: 'law_enforcement',
          institutionId: inst.police,
          categories: ['incident_narrative'],
          reason,
        },
        { givenBy: 'parent', giverName: 'Ibu Pelapor Kanaka' },
      )
    ).referral as { id: string };

  it('1. a front desk attaching a complaint to an existing victim sees nothing of her record, and the audit names her cases', async () => {
    const earlier = await childCase();
    const check = await api('fd2').post('/api/cases/duplicate-check', { nik: CHILD.nik }).expect(200);
    const matches = Array.isArray(check.body) ? check.body : check.body.matches;
    expect(matches).toHaveLength(1);
    const match = matches[0];
    // Case number, initials and date only: never the victim's id.
    expect(Object.keys(match).sort()).toEqual([
      'caseNumber',
      'initials',
      'intakeDate',
      'matchToken',
      'matchedBy',
    ]);
    expect(JSON.stringify(check.body)).not.toContain(earlier.id);
    const body = intakePayload({
      victim: {
        fullName: 'Anak Baru Lapor',
        nik: CHILD.nik,
        birthDate: '2012-01-01',
        address: null,
        phone: null,
      },
      matchToken: match.matchToken,
    });
    delete body.victim.address;
    delete body.victim.phone;
    const created = await api('fd2').post('/api/cases', body).expect(201);
    const seen = JSON.stringify((await api('fd2').get(`/api/cases/${created.body.id}`).expect(200)).body);
    for (const secret of [CHILD.name, CHILD.street, CHILD.phone, CHILD.movedTo, CHILD.movedPhone])
      expect({ secret, found: seen.includes(secret) }).toEqual({ secret, found: false });
    expect(JSON.stringify(created.body)).not.toContain(CHILD.movedTo);
    // Another front desk opens the new intake case: no identity, no contact, no narrative.
    const other = JSON.stringify((await api('fd3').get(`/api/cases/${created.body.id}`).expect(200)).body);
    for (const secret of [CHILD.nik, 'Anak Baru Lapor', CHILD.movedTo, CHILD.movedPhone])
      expect({ secret, found: other.includes(secret) }).toEqual({ secret, found: false });
    // The audit names the victim and her earlier case.
    const audit = await api('adm').get('/api/audit-logs?action=cases.attach_victim&pageSize=100').expect(200);
    const rows = audit.body.items as { resourceType: string; resourceId: string }[];
    expect(rows.some((r) => r.resourceType === 'victims')).toBe(true);
    expect(rows.some((r) => r.resourceType === 'cases' && r.resourceId === earlier.id)).toBe(true);
    // The coordinator sees the link between the two cases; the new case's registrar does not.
    const forCoordinator = (await api('coord').get(`/api/cases/${created.body.id}`).expect(200)).body;
    expect(forCoordinator.victimCases.map((x: { number: string }) => x.number)).toContain(earlier.number);
    expect((await api('fd2').get(`/api/cases/${created.body.id}`).expect(200)).body.victimCases).toEqual([]);
    // The token was single-use.
    const again = await api('fd2')
      .post('/api/cases', { ...body })
      .expect((res) => {
        expect([400, 404]).toContain(res.status);
      });
    expect(again.body.code).toMatch(/^MATCH_TOKEN_/);
  });

  it("2. a referral disclosing only the narrative shows it without the child's name, street or phone (API and page)", async () => {
    const c = await childCase();
    const r = await referNarrativeToPolice(c.id, personalText('Mohon BAP', TYPED));
    const json = (await api('pol').get(`/api/partner/referrals/${r.id}`).expect(200)).body;
    expect(json.disclosed.incident_narrative.narrative).toContain(NARRATIVE_MARK);
    const agent = await pageLogin(t, 'pol');
    const page = (await agent.get(`/partner/referrals/${r.id}`).expect(200)).text;
    expect(page).toContain(NARRATIVE_MARK);
    for (const [where, text] of [
      ['api', JSON.stringify(json)],
      ['page', page],
    ])
      for (const secret of [CHILD.name, 'Anindya', CHILD.street, 'Wologito', CHILD.phone, CHILD.nik])
        expect({ where, secret, found: text.includes(secret) }).toEqual({ where, secret, found: false });
    for (const [where, text] of [
      ['api', JSON.stringify(json)],
      ['page', page],
    ]) {
      expectNoVictimValues(text, TYPED, `${where} (as typed)`);
      expectNoVictimValues(text, MOVED, `${where} (after the move)`);
    }
  });

  it('3. the partner print of a sheltered child reveals no shelter, no sex or age without identity, and numbers its steps without gaps', async () => {
    const c = await childCase({ shelter: true });
    const r = await referNarrativeToPolice(c.id, personalText('Mohon BAP', MOVED));
    const query = { purpose: 'partner_institution', referralId: r.id };
    const agent = await pageLogin(t, 'pol');
    const html = (await agent.get(`/cases/${c.id}/chronology/print`).query(query).expect(200)).text;
    const pdf = await downloadPdf(t, tok.pol, c.id, query);
    expect(pdf.status).toBe(200);
    const text = flat(pdfText(pdf.body));
    for (const [where, out] of [
      ['print', flat(html)],
      ['pdf', text],
    ]) {
      for (const word of ['rumah aman', 'Rumah Aman Anggrek', 'Perempuan', '14 tahun', CHILD.name])
        expect({ where, word, found: out.toLowerCase().includes(word.toLowerCase()) }).toEqual({
          where,
          word,
          found: false,
        });
      expectNoVictimValues(out, TYPED, `${where} (as typed)`);
      expectNoVictimValues(out, MOVED, `${where} (after the move)`);
    }
    // The steps shown are numbered 1, 2, 3, … without gaps.
    const numbers = [...html.matchAll(/<td class="step-no">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(numbers.length).toBeGreaterThan(2);
    expect(numbers).toEqual(numbers.map((_n, i) => i + 1));
  });

  it('4. the administrator cannot give itself case access; granting a case role or resetting such an account is told to every coordinator and to the user', async () => {
    // Its own roles: refused, and audited as a denial.
    const me = (await api('adm').get(`/api/users/${ids.admin}`).expect(200)).body;
    const own = await api('adm').patch(`/api/users/${ids.admin}`, {
      version: me.version,
      roles: ['admin', 'coordinator'],
    });
    expect(own.status).toBe(403);
    const denied = await api('adm').get('/api/audit-logs?outcome=denied&pageSize=100').expect(200);
    expect(
      denied.body.items.some((a: { resourceId: string; action: string }) => a.resourceId === ids.admin),
    ).toBe(true);
    // Admin with a case role on one account: refused, for new accounts and changes alike.
    const mixed = await api('adm').post('/api/users', {
      username: 'mixed',
      displayName: 'Campur',
      roles: ['admin', 'counselor'],
    });
    expect(mixed.status).toBe(422);
    expect(mixed.body.code).toBe('ADMIN_ROLE_EXCLUSIVE');
    // A new account with a case role: every coordinator is told.
    const before = (await api('coord2').get('/api/notifications?pageSize=100').expect(200)).body.total;
    const made = await api('adm')
      .post('/api/users', {
        username: 'tm_self',
        displayName: 'Akun Sendiri',
        roles: ['team_member'],
        institutionId: inst.police,
        serviceRoles: ['law_enforcement'],
      })
      .expect(201);
    const after = (await api('coord2').get('/api/notifications?pageSize=100').expect(200)).body;
    expect(after.total).toBe(before + 1);
    expect(after.items[0].kind).toBe('case_role_granted');
    expect(after.items[0].message).toContain('tm_self');
    expect(after.items[0].message).toContain('adm');
    // Resetting a coordinator's password: every coordinator is told, and so is the coordinator at the next login.
    const target = (await api('adm').get(`/api/users/${ids.coord}`).expect(200)).body;
    const reset = await api('adm')
      .post(`/api/users/${ids.coord}/reset-password`, { version: target.version })
      .expect(200);
    const notes = (await api('coord2').get('/api/notifications?pageSize=100').expect(200)).body;
    expect(notes.total).toBe(after.total + 1);
    expect(notes.items.map((n: { kind: string }) => n.kind)).toContain('case_account_password_reset');
    const ended = (await api('coord').get('/api/notifications?pageSize=100')).status;
    expect(ended).toBe(401); // the reset ended the coordinator's sessions
    const login = await request(t.server)
      .post('/api/auth/login')
      .send({ username: 'coord', password: reset.body.oneTimePassword })
      .expect(200);
    expect(login.body.user.passwordReset).toEqual(
      expect.objectContaining({ by: expect.any(String), at: expect.any(String) }),
    );
    expect(made.body.user.username).toBe('tm_self');
  });
});
