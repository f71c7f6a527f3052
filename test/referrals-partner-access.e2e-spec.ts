import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { UsersService } from '../src/users/users.service';
import { bearer, expectNoVictimValues, personalText, registerCase } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, TEST_PASSWORD, TestApp } from './support/test-app';

const PDF = Buffer.from('%PDF-1.4\nVisum et repertum: luka memar di lengan kiri\n%%EOF\n');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 7)]);

/** The personal strings of the test victim: none may appear where it was not disclosed. */
const SECRET = {
  name: 'Kartika Sulistyowati',
  nik: '3374056704950003',
  address: 'Jl. Kenanga Raya No. 77',
  phone: '081399887766',
  // The markers of the free texts (each text also holds her name, NIK, street and phone).
  narrative: 'dicekik oleh pasangannya di dapur rumahnya',
  location: 'Dapur rumah kontrakan',
  counseling: 'Korban takut pulang karena ancaman',
  reason: 'Mohon pemeriksaan medis',
};
const VICTIM = { fullName: SECRET.name, nik: SECRET.nik, address: SECRET.address, phone: SECRET.phone };
/**
 * The narrative names the victim and holds her NIK, street and phone, as real ones do: a partner told
 * only the narrative must read it without them.
 */
const NARRATIVE = `Korban ${SECRET.name} (NIK ${SECRET.nik}) ${SECRET.narrative} di ${SECRET.address}; ia menelepon ${SECRET.phone}`;
/** Her counseling note and the referral's reason, written the same way. */
const COUNSELING = personalText(SECRET.counseling, VICTIM);
const REASON = personalText(SECRET.reason, VICTIM);

describe('referrals: the partner sees only what was disclosed, only while the referral lasts (e2e)', () => {
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
  });

  /** The victim's case, in counseling with c1, with a counseling session and a consent for `categories`. */
  async function victimCase(categories: string[], extra: Record<string, unknown> = {}) {
    const c = await registerCase(t, tok.fd, {
      victim: VICTIM,
      incident: { narrative: NARRATIVE, location: SECRET.location },
    });
    await api('coord').post(`/api/cases/${c.id}/assignment`, { counselorId: ids.c1, version: 1 }).expect(200);
    await api('c1')
      .post(`/api/cases/${c.id}/transitions`, { transition: 'start_counseling', version: 2 })
      .expect(200);
    await api('c1')
      .post(`/api/cases/${c.id}/counseling-sessions`, { heldAt: '2026-01-14', notes: COUNSELING })
      .expect(201);
    const consent = await api('c1')
      .post(`/api/cases/${c.id}/consents`, {
        givenBy: 'victim',
        givenOn: '2026-01-14',
        method: 'verbal',
        witnessName: 'Saksi Konselor',
        serviceRoles: ['medical', 'law_enforcement'],
        institutionIds: [],
        categories,
        ...extra,
      })
      .expect(201);
    return { case: c, consent: consent.body };
  }

  const refer = async (caseId: string, categories: string[], body: Record<string, unknown> = {}) =>
    (
      await api('c1')
        .post(`/api/cases/${caseId}/referrals`, {
          serviceRole: 'medical',
          targetInstitutionId: inst.rs,
          urgency: 'urgent',
          reason: REASON,
          categories,
          ...body,
        })
        .expect(201)
    ).body;

  /** Every answer a partner can get about a referral, as one string. */
  async function everything(who: string, referralId: string): Promise<string> {
    const parts = await Promise.all([
      api(who).get('/api/partner/referrals?pageSize=100'),
      api(who).get(`/api/partner/referrals/${referralId}`),
      api(who).get(`/api/partner/referrals/${referralId}/events`),
      api(who).get('/api/notifications?pageSize=100'),
    ]);
    return parts.map((p) => JSON.stringify(p.body)).join('\n');
  }

  const absent = (text: string, keys: (keyof typeof SECRET)[]) => {
    for (const k of keys) expect({ k, found: text.includes(SECRET[k]) }).toEqual({ k, found: false });
  };

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'adm', [Role.Admin]);
    tok.admin = await apiLogin(t, 'adm');
    const mk = async (name: string, type: string, serviceRoles: string[]) =>
      (await api('admin').post('/api/institutions', { name, type, serviceRoles }).expect(201)).body
        .id as string;
    inst.rs = await mk('RSUD Kota', 'hospital', ['medical']);
    inst.rs2 = await mk('RS Swasta', 'hospital', ['medical']);
    inst.police = await mk('Unit PPA', 'police_unit', ['law_enforcement']);
    ids.c1 = (await createUser(t, 'c1', [Role.Counselor])).id;
    await createUser(t, 'coord', [Role.Coordinator]);
    await createUser(t, 'fd', [Role.FrontDesk]);
    const users = t.app.get(UsersService);
    for (const [u, i, roles] of [
      ['rs1', inst.rs, ['medical']],
      ['rs2', inst.rs2, ['medical']],
      ['pol', inst.police, ['law_enforcement']],
    ] as const) {
      ids[u] = (
        await users.create(
          {
            username: u,
            displayName: `Anggota ${u}`,
            roles: [Role.TeamMember],
            institutionId: i,
            serviceRoles: [...roles],
          },
          { password: TEST_PASSWORD, mustChangePassword: false },
        )
      ).user.id;
    }
    for (const u of ['c1', 'coord', 'fd', 'rs1', 'rs2', 'pol']) tok[u] = await apiLogin(t, u);
  });
  afterAll(() => t.close());

  it('identity only: name, sex and age; never NIK, contact, narrative, location or counseling notes, in any response', async () => {
    const { case: c } = await victimCase(['identity']);
    const r = await refer(c.id, ['identity']);
    const detail = await api('rs1').get(`/api/partner/referrals/${r.id}`).expect(200);
    expect(detail.body.access).toBe('full');
    expect(detail.body.disclosed).toEqual({ identity: { fullName: SECRET.name, sex: 'female', age: 31 } });
    expect(detail.body.caseNumber).toBe(c.number);
    // The identity was disclosed, nothing else: her name stays in the reason, her NIK, street and phone go.
    expect(detail.body.reason).toBe(
      `${SECRET.reason}: ${SECRET.name} (NIK […]) tinggal di […], telepon […].`,
    );
    const all = await everything('rs1', r.id);
    expectNoVictimValues(all, VICTIM, 'identity-only referral', ['name']);
    absent(all, ['narrative', 'location', 'counseling']);
  });

  it('contact and incident narrative without identity: the narrative without her name or NIK, anywhere', async () => {
    const { case: c } = await victimCase(['contact', 'incident_narrative']);
    const r = await refer(c.id, ['contact', 'incident_narrative']);
    const detail = await api('rs1').get(`/api/partner/referrals/${r.id}`).expect(200);
    expect(Object.keys(detail.body.disclosed).sort()).toEqual(['contact', 'incident_narrative']);
    // with the contact, whether it is safe to call back (not asked at this intake: null)
    expect(detail.body.disclosed.contact).toEqual({
      phone: SECRET.phone,
      address: SECRET.address,
      phoneSafeToCall: null,
    });
    expect(detail.body.disclosed.incident_narrative).toEqual(
      expect.objectContaining({
        // The contact was disclosed, the identity was not: the name becomes initials, the NIK goes
        // (never disclosed to a partner), the street and phone stay.
        narrative: `Korban K.S. (NIK […]) ${SECRET.narrative} di ${SECRET.address}; ia menelepon ${SECRET.phone}`,
        incidentDate: '2026-01-08',
        placeType: 'household',
        violenceTypes: ['physical', 'psychological'],
      }),
    );
    expect(detail.body.reason).toBe(
      `${SECRET.reason}: K.S. (NIK […]) tinggal di ${SECRET.address}, telepon ${SECRET.phone}.`,
    );
    expectNoVictimValues(await everything('rs1', r.id), VICTIM, 'contact and narrative referral', [
      'street',
      'phone',
    ]);
    absent(await everything('rs1', r.id), ['location', 'counseling']);
    expect(await everything('rs1', r.id)).not.toMatch(/Kartika|Sulistyowati/);
  });

  it('discloses counseling notes and shelter status only when chosen, never a safe house; fewer categories than the consent allows', async () => {
    const { case: c } = await victimCase(['identity', 'counseling_notes', 'shelter_stay']);
    const withNotes = await refer(c.id, ['counseling_notes', 'shelter_stay']);
    const d = await api('rs1').get(`/api/partner/referrals/${withNotes.id}`).expect(200);
    expect(d.body.disclosed).toEqual({
      // Neither identity nor contact disclosed: initials, and no NIK, street or phone.
      counseling_notes: {
        sessions: [
          {
            heldAt: '2026-01-14',
            notes: `${SECRET.counseling}: K.S. (NIK […]) tinggal di […], telepon […].`,
          },
        ],
      },
      shelter_stay: { inShelter: false, admittedAt: null, plannedUntil: null },
    });
    expectNoVictimValues(JSON.stringify(d.body), VICTIM, 'counseling notes referral');
    const without = await refer(c.id, []);
    const d2 = await api('rs1').get(`/api/partner/referrals/${without.id}`).expect(200);
    expect(d2.body.disclosed).toEqual({});
    absent(await everything('rs1', without.id), ['counseling', 'narrative', 'nik']);
  });

  it('404 for any referral, document or event outside their own referrals; no case route at all', async () => {
    const { case: c } = await victimCase(['identity']);
    const mine = await refer(c.id, ['identity']);
    const theirs = await refer(c.id, ['identity'], { targetInstitutionId: inst.rs2 });
    await api('rs1').post(`/api/partner/referrals/${mine.id}/accept`, { version: 1 }).expect(200);
    await api('rs2').post(`/api/partner/referrals/${theirs.id}/accept`, { version: 1 }).expect(200);
    const doc = await request(t.server)
      .post(`/api/partner/referrals/${theirs.id}/documents`)
      .set(bearer(tok.rs2))
      .attach('file', PDF, 'visum.pdf')
      .expect(201);
    const docId = doc.body.documents[0].id;
    await api('rs1').get(`/api/partner/referrals/${theirs.id}`).expect(404);
    await api('rs1').get(`/api/partner/referrals/${theirs.id}/events`).expect(404);
    await api('rs1').get(`/api/partner/referrals/${theirs.id}/documents/${docId}`).expect(404);
    await api('rs1').get(`/api/partner/referrals/${mine.id}/documents/${docId}`).expect(404); // a document of another referral
    await api('rs1')
      .post(`/api/partner/referrals/${theirs.id}/actions`, { actedOn: '2026-01-15', description: 'mencoba' })
      .expect(404);
    await api('pol').get(`/api/partner/referrals/${mine.id}`).expect(404);
    await api('rs1').get('/api/partner/referrals/00000000-0000-4000-8000-000000000000').expect(404);
    await api('rs1').get('/api/partner/referrals/not-a-uuid').expect(404);
    expect(
      (await api('rs1').get('/api/partner/referrals').expect(200)).body.items.map((i: any) => i.id),
    ).not.toContain(theirs.id);
    // Case routes and staff referral routes are not theirs at all.
    for (const url of [
      `/api/cases/${c.id}`,
      `/api/cases/${c.id}/history?pageSize=100`,
      `/api/cases/${c.id}/consents`,
      `/api/referrals/${mine.id}`,
      '/api/referrals',
      `/api/referrals/${theirs.id}/documents/${docId}`,
    ]) {
      const res = await api('rs1').get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 403 });
      expectNoVictimValues(JSON.stringify(res.body), VICTIM, url);
      absent(JSON.stringify(res.body), ['narrative']);
    }
    // Their events: this referral's only.
    const ev = await api('rs1')
      .get(`/api/partner/referrals/${mine.id}/events`)
      .set('Accept-Language', 'en')
      .expect(200);
    expect(ev.body.items.map((e: any) => e.type)).toEqual(['referral.created', 'referral.accepted']);
    expect(ev.body.items[1].summary).toContain('RSUD Kota');
    expect(JSON.stringify(ev.body)).not.toContain('RS Swasta');
    expect(JSON.stringify(ev.body)).not.toContain('consent');
  });

  it('attaches documents (type and size checked, encrypted) and downloads them only with access', async () => {
    const { case: c } = await victimCase(['identity']);
    const r = await refer(c.id, ['identity']);
    const url = `/api/partner/referrals/${r.id}`;
    await request(t.server)
      .post(`${url}/documents`)
      .set(bearer(tok.rs1))
      .attach('file', PDF, 'visum.pdf')
      .expect(409); // not accepted yet
    await api('rs1').post(`${url}/accept`, { version: 1 }).expect(200);
    expect(
      (
        await request(t.server)
          .post(`${url}/documents`)
          .set(bearer(tok.rs1))
          .attach('file', Buffer.from('<html>'), 'x.pdf')
      ).status,
    ).toBe(415);
    const up = await request(t.server)
      .post(`${url}/documents`)
      .set(bearer(tok.rs1))
      .attach('file', JPEG, 'foto luka.jpg')
      .expect(201);
    expect(up.body.documents).toEqual([
      expect.objectContaining({
        mimeType: 'image/jpeg',
        size: JPEG.length,
        downloadUrl: `${url}/documents/${up.body.documents[0].id}`,
      }),
    ]);
    const docId = up.body.documents[0].id;
    const binary = (req: request.Test) =>
      req.buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const dl = await binary(api('rs1').get(`${url}/documents/${docId}`)).expect(200);
    expect(Buffer.compare(dl.body, JPEG)).toBe(0);
    expect(dl.headers['cache-control']).toBe('no-store');
    const staff = await binary(api('c1').get(`/api/referrals/${r.id}/documents/${docId}`)).expect(200);
    expect(Buffer.compare(staff.body, JPEG)).toBe(0);
    const history = (
      await api('coord').get(`/api/cases/${c.id}/history?pageSize=100`).expect(200)
    ).body.items.map((e: any) => e.type);
    expect(history).toContain('referral.document_added');
    // Access ends with the referral: the document stays listed (their entry) but cannot be downloaded.
    await api('rs1').post(`${url}/start`, { version: 2 }).expect(200);
    await api('rs1').post(`${url}/complete`, { version: 3, outcome: 'service_provided' }).expect(200);
    const after = await api('rs1').get(url).expect(200);
    expect(after.body.documents).toEqual([expect.objectContaining({ id: docId, downloadUrl: null })]);
    await api('rs1').get(`${url}/documents/${docId}`).expect(404);
    await binary(api('c1').get(`/api/referrals/${r.id}/documents/${docId}`)).expect(200);
  });

  it('loses access on completion, revocation, consent withdrawal and expiry; keeps a summary of its own entries', async () => {
    const { case: c, consent } = await victimCase(['identity', 'contact'], { expiresOn: '2026-01-20' });
    const completed = await refer(c.id, ['identity', 'contact']);
    const revoked = await refer(c.id, ['identity']);
    const withdrawn = await refer(c.id, ['identity']);
    const u = (id: string) => `/api/partner/referrals/${id}`;
    // completed
    await api('rs1')
      .post(`${u(completed.id)}/accept`, { version: 1 })
      .expect(200);
    await api('rs1')
      .post(`${u(completed.id)}/start`, { version: 2 })
      .expect(200);
    await api('rs1')
      .post(`${u(completed.id)}/actions`, {
        actedOn: '2026-01-15',
        description: personalText('Perawatan luka diberikan', VICTIM),
      })
      .expect(201);
    await api('rs1')
      .post(`${u(completed.id)}/complete`, {
        version: 3,
        outcome: 'service_provided',
        notes: personalText('Pulih', VICTIM),
      })
      .expect(200);
    const summary = await api('rs1').get(u(completed.id)).expect(200);
    expect(summary.body).toEqual(
      expect.objectContaining({
        access: 'summary',
        disclosed: null,
        reason: null,
        categories: [],
        outcome: 'service_provided',
        // Its own entries, without what it may no longer read: her name as initials, no NIK, street or phone.
        outcomeNotes: 'Pulih: K.S. (NIK […]) tinggal di […], telepon […].',
        allowed: [],
      }),
    );
    expect(summary.body.actions.map((a: any) => a.description)).toEqual([
      'Perawatan luka diberikan: K.S. (NIK […]) tinggal di […], telepon […].',
    ]);
    expectNoVictimValues(await everything('rs1', completed.id), VICTIM, 'completed referral');
    await api('rs1')
      .post(`${u(completed.id)}/actions`, { actedOn: '2026-01-15', description: 'lagi' })
      .expect(422);
    // revoked by the sender
    await api('rs1')
      .post(`${u(revoked.id)}/accept`, { version: 1 })
      .expect(200);
    await api('c1')
      .post(`/api/referrals/${revoked.id}/revoke`, {
        version: 2,
        reason: personalText('Korban menolak layanan', VICTIM),
      })
      .expect(200);
    expect((await api('rs1').get(u(revoked.id)).expect(200)).body).toEqual(
      expect.objectContaining({ access: 'summary', disclosed: null, status: 'revoked' }),
    );
    expectNoVictimValues(await everything('rs1', revoked.id), VICTIM, 'revoked referral');
    // consent withdrawn: every open referral under it ends at once
    expect((await api('rs1').get(u(withdrawn.id)).expect(200)).body.access).toBe('full');
    await api('c1')
      .post(`/api/consents/${consent.id}/withdraw`, {
        version: 1,
        reason: personalText('Korban mencabut', VICTIM),
      })
      .expect(200);
    const w = await api('rs1').get(u(withdrawn.id)).expect(200);
    expect(w.body).toEqual(
      expect.objectContaining({ access: 'summary', disclosed: null, status: 'cancelled' }),
    );
    expectNoVictimValues(await everything('rs1', withdrawn.id), VICTIM, 'referral under a withdrawn consent');
    const notes = (await api('rs1').get('/api/notifications?pageSize=100').expect(200)).body.items;
    expect(
      notes.some((n: any) => n.kind === 'referral_ended' && n.link === `/partner/referrals/${withdrawn.id}`),
    ).toBe(true);
    // expiry: a consent past its last day discloses nothing any more
    const second = await victimCase(['identity'], { expiresOn: '2026-01-16' });
    const expiring = await refer(second.case.id, ['identity']);
    await api('rs1')
      .post(`${u(expiring.id)}/accept`, { version: 1 })
      .expect(200);
    expect((await api('rs1').get(u(expiring.id)).expect(200)).body.disclosed.identity.fullName).toBe(
      SECRET.name,
    );
    t.clock.advanceMinutes(3 * 24 * 60);
    try {
      tok.rs1 = await apiLogin(t, 'rs1');
      const expired = await api('rs1').get(u(expiring.id)).expect(200);
      expect(expired.body).toEqual(
        expect.objectContaining({ access: 'summary', disclosed: null, status: 'accepted' }),
      );
      expectNoVictimValues(JSON.stringify(expired.body), VICTIM, 'expired referral');
    } finally {
      t.clock.advanceMinutes(-3 * 24 * 60);
      tok.rs1 = await apiLogin(t, 'rs1');
    }
  });

  it('a member whose institution stops being eligible receives no new referrals but finishes the work in hand', async () => {
    const { case: c } = await victimCase(['identity']);
    const inHand = await refer(c.id, ['identity'], { targetInstitutionId: inst.rs2 });
    await api('rs2').post(`/api/partner/referrals/${inHand.id}/accept`, { version: 1 }).expect(200);
    const waiting = await refer(c.id, ['identity'], { targetInstitutionId: inst.rs2 });
    const current = (await api('admin').get(`/api/institutions/${inst.rs2}`).expect(200)).body;
    await request(t.server)
      .patch(`/api/institutions/${inst.rs2}`)
      .set(bearer(tok.admin))
      .send({ version: current.version, activeUntil: '2026-01-14' })
      .expect(200);
    try {
      const ids2 = (await api('rs2').get('/api/partner/referrals').expect(200)).body.items.map(
        (i: any) => i.id,
      );
      expect(ids2).toContain(inHand.id);
      expect(ids2).not.toContain(waiting.id);
      await api('rs2').get(`/api/partner/referrals/${waiting.id}`).expect(404);
      await api('rs2').post(`/api/partner/referrals/${inHand.id}/start`, { version: 2 }).expect(200);
      const refused = await api('c1').post(`/api/cases/${c.id}/referrals`, {
        serviceRole: 'medical',
        targetInstitutionId: inst.rs2,
        urgency: 'urgent',
        reason: 'lagi',
        categories: [],
      });
      expect(refused.body.code).toBe('INSTITUTION_PERIOD_ENDED');
    } finally {
      const now = (await api('admin').get(`/api/institutions/${inst.rs2}`).expect(200)).body;
      await request(t.server)
        .patch(`/api/institutions/${inst.rs2}`)
        .set(bearer(tok.admin))
        .send({ version: now.version, activeUntil: null })
        .expect(200);
    }
  });

  it('audits every partner read with the referral as the resource', async () => {
    const { case: c } = await victimCase(['identity']);
    const r = await refer(c.id, ['identity']);
    await api('rs1').get(`/api/partner/referrals/${r.id}`).expect(200);
    await api('rs1').get(`/api/partner/referrals/${r.id}/events`).expect(200);
    await api('rs2').get(`/api/partner/referrals/${r.id}`).expect(404);
    const p = t.dialect === 'postgres' ? '$1' : '?';
    const rows = await t.dataSource.query(
      `SELECT username, action, outcome, code FROM audit_logs WHERE "resourceId" = ${p} ORDER BY at, id`,
      [r.id],
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ username: 'rs1', action: 'partner.inbox', outcome: 'allowed' }),
        expect.objectContaining({
          username: 'rs2',
          action: 'partner.inbox',
          outcome: 'failed',
          code: 'NOT_FOUND',
        }),
      ]),
    );
    expect(
      rows.filter((x: any) => x.username === 'rs1' && x.outcome === 'allowed').length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('refuses bad input on every partner route with 400', async () => {
    const { case: c } = await victimCase(['identity']);
    const r = await refer(c.id, ['identity']);
    const u = `/api/partner/referrals/${r.id}`;
    for (const [path, body] of [
      ['accept', {}],
      ['accept', { version: 'x' }],
      ['decline', { version: 1 }],
      ['decline', { version: 1, reason: 'ab' }],
      ['start', { version: 0 }],
      ['complete', { version: 1 }],
      ['complete', { version: 1, outcome: 'magic' }],
      ['complete', { version: 1, outcome: 'service_provided', notes: 5 }],
      ['actions', {}],
      ['actions', { actedOn: '2026-01-32', description: 'periksa' }],
      ['actions', { actedOn: '2026-01-15', description: '' }],
      ['actions', { actedOn: '2026-01-15', description: 'periksa', extra: 1 }],
    ] as const) {
      const res = await api('rs1').post(`${u}/${path}`, body);
      expect({ path, body, status: res.status }).toEqual({ path, body, status: 400 });
    }
    for (const qs of ['?status=gone', '?overdue=2', '?serviceRole=x', '?pageSize=0', '?institutionId=x']) {
      expect((await api('rs1').get(`/api/partner/referrals${qs}`)).status).toBe(400);
    }
    expect(
      (await request(t.server).post(`${u}/documents`).set(bearer(tok.rs1)).send({ file: 'abc' })).status,
    ).toBe(400);
    const future = await api('rs1').post(`${u}/actions`, { actedOn: '2027-01-01', description: 'periksa' });
    expect(future.status).toBe(422);
  });
});
