import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/platform/auth/permissions';
import { Notification } from '../src/notifications/notification.entity';
import {
  bearer,
  expectNoVictimValues,
  PersonalValues,
  personalText,
  redactedPersonalText,
  registerCase,
} from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, expectErrorShape, TestApp } from './support/test-app';

describe('referrals: creation, routing, the track, guards, overdue and notifications (e2e)', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const inst: Record<string, string> = {};
  /** Case id → its victim: every reason, action and note about her case names her, as real ones do. */
  const persons: Record<string, PersonalValues> = {};
  const about = (caseId: string, marker: string) => personalText(marker, persons[caseId]);

  const api = (who: string) => ({
    get: (url: string) => request(t.server).get(url).set(bearer(tok[who])),
    post: (url: string, body: unknown = {}) =>
      request(t.server)
        .post(url)
        .set(bearer(tok[who]))
        .send(body as object),
    put: (url: string, body: unknown = {}) =>
      request(t.server)
        .put(url)
        .set(bearer(tok[who]))
        .send(body as object),
  });

  async function institution(
    name: string,
    type: string,
    serviceRoles: string[],
    extra: Record<string, unknown> = {},
  ) {
    const res = await api('admin')
      .post('/api/institutions', { name, type, serviceRoles, ...extra })
      .expect(201);
    return res.body.id as string;
  }

  /** A case in initial counseling, assigned to c1, with a verbal consent covering `scope`. */
  async function referableCase(scope: Record<string, unknown> = {}, consent = true) {
    const c = await registerCase(t, tok.fd);
    persons[c.id] = c.person;
    await api('coord').post(`/api/cases/${c.id}/assignment`, { counselorId: ids.c1, version: 1 }).expect(200);
    await api('c1')
      .post(`/api/cases/${c.id}/transitions`, { transition: 'start_counseling', version: 2 })
      .expect(200);
    if (consent) {
      await api('c1')
        .post(`/api/cases/${c.id}/consents`, {
          givenBy: 'victim',
          givenOn: '2026-01-14',
          method: 'verbal',
          witnessName: 'Saksi',
          serviceRoles: ['medical', 'law_enforcement'],
          institutionIds: [],
          categories: ['identity', 'contact'],
          ...scope,
        })
        .expect(201);
    }
    return c;
  }

  const refer = (caseId: string, body: Record<string, unknown> = {}, who = 'c1') =>
    api(who).post(`/api/cases/${caseId}/referrals`, {
      serviceRole: 'medical',
      targetInstitutionId: inst.rs,
      urgency: 'urgent',
      reason: about(caseId, 'Pemeriksaan luka dan perawatan'),
      categories: ['identity'],
      ...body,
    });

  const inboxIds = async (who: string) =>
    (await api(who).get('/api/partner/referrals?pageSize=100').expect(200)).body.items.map((i: any) => i.id);
  const events = async (caseId: string) =>
    (await api('coord').get(`/api/cases/${caseId}/history?pageSize=100`).expect(200)).body.items as any[];

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'adm', [Role.Admin]);
    tok.admin = await apiLogin(t, 'adm');
    inst.rs = await institution('RSUD Kota', 'hospital', ['medical', 'medico_legal']);
    inst.rs2 = await institution('RS Bhayangkara', 'hospital', ['medical']);
    inst.police = await institution('Unit PPA Polrestabes', 'police_unit', [
      'law_enforcement',
      'medico_legal',
    ]);
    inst.old = await institution('Puskesmas Lama', 'hospital', ['medical'], { activeUntil: '2025-12-31' });
    ids.c1 = (await createUser(t, 'c1', [Role.Counselor])).id;
    await createUser(t, 'c2', [Role.Counselor]);
    await createUser(t, 'coord', [Role.Coordinator]);
    await createUser(t, 'fd', [Role.FrontDesk]);
    const member = async (username: string, institutionId: string, serviceRoles: string[]) => {
      const res = await api('admin')
        .post('/api/users', {
          username,
          displayName: `Anggota ${username}`,
          roles: ['team_member'],
          institutionId,
          serviceRoles,
        })
        .expect(201);
      await t.app
        .get((await import('../src/users/users.service')).UsersService)
        .setKnownPassword(res.body.user.id, 'correct horse battery staple');
      ids[username] = res.body.user.id;
    };
    await member('rs1', inst.rs, ['medical', 'medico_legal']);
    await member('rs1b', inst.rs, ['medical']);
    await member('rsnorole', inst.rs, []);
    await member('rs2', inst.rs2, ['medical']);
    await member('pol', inst.police, ['law_enforcement', 'medico_legal']);
    for (const u of ['c1', 'c2', 'coord', 'fd', 'rs1', 'rs1b', 'rsnorole', 'rs2', 'pol'])
      tok[u] = await apiLogin(t, u);
  });
  afterAll(() => t.close());

  describe('creating a referral', () => {
    it('needs a consent in force covering the role (or institution) and every disclosed category', async () => {
      const none = await referableCase({}, false);
      const noConsent = await refer(none.id).expect(422);
      expectErrorShape(noConsent.body, 422, 'CONSENT_REQUIRED');
      const c = await referableCase({ serviceRoles: ['medical'], categories: ['identity'] });
      expect(
        (await refer(c.id, { serviceRole: 'law_enforcement', targetInstitutionId: inst.police }).expect(422))
          .body.code,
      ).toBe('CONSENT_DOES_NOT_COVER');
      expect((await refer(c.id, { categories: ['identity', 'contact'] }).expect(422)).body.code).toBe(
        'CONSENT_CATEGORIES_NOT_COVERED',
      );
      // a consent naming an institution covers any role of it
      await api('c1')
        .post(`/api/cases/${c.id}/consents`, {
          givenBy: 'victim',
          givenOn: '2026-01-14',
          method: 'verbal',
          witnessName: 'S',
          serviceRoles: [],
          institutionIds: [inst.police],
          categories: [],
        })
        .expect(201);
      const ok = await refer(c.id, {
        serviceRole: 'law_enforcement',
        targetInstitutionId: inst.police,
        categories: [],
      }).expect(201);
      expect(ok.body.status).toBe('pending');
      // …but not an open referral for that role
      expect(
        (
          await refer(c.id, {
            serviceRole: 'law_enforcement',
            targetInstitutionId: null,
            categories: [],
          }).expect(422)
        ).body.code,
      ).toBe('CONSENT_DOES_NOT_COVER');
    });

    it('sends only to an eligible institution providing the role; defaults the due date by urgency', async () => {
      const c = await referableCase();
      expect((await refer(c.id, { targetInstitutionId: inst.old }).expect(422)).body.code).toBe(
        'INSTITUTION_PERIOD_ENDED',
      );
      expect((await refer(c.id, { targetInstitutionId: inst.police }).expect(422)).body.code).toBe(
        'INSTITUTION_ROLE_NOT_PROVIDED',
      );
      expect(
        (await refer(c.id, { targetInstitutionId: '00000000-0000-4000-8000-000000000000' }).expect(422)).body
          .code,
      ).toBe('INSTITUTION_NOT_FOUND');
      expect((await refer(c.id, { dueDate: '2026-01-14' }).expect(422)).body.code).toBe('DUE_DATE_IN_PAST');
      const routine = await refer(c.id, { urgency: 'routine' }).expect(201);
      expect(routine.body.dueDate).toBe('2026-01-22');
      const emergency = await refer(c.id, { urgency: 'emergency', dueDate: undefined }).expect(201);
      expect(emergency.body.dueDate).toBe('2026-01-15');
      expect(routine.body).toEqual(
        expect.objectContaining({
          serviceRole: 'medical',
          open: false,
          institution: { id: inst.rs, name: 'RSUD Kota' },
          categories: ['identity'],
          consentKind: 'consent',
          overdue: false,
          version: 1,
        }),
      );
      const history = await events(c.id);
      expect(history.filter((e) => e.type === 'referral.created')).toHaveLength(2);
      expect(JSON.stringify(history)).not.toContain('Pemeriksaan luka');
      expectNoVictimValues(JSON.stringify(history), c.person, 'history');
    });

    it('only the counselor or coordinator working on the case refers it', async () => {
      const c = await referableCase();
      await refer(c.id, {}, 'c2').expect(404);
      await refer(c.id, {}, 'fd').expect(403);
      await refer(c.id, {}, 'rs1').expect(403);
      await refer(c.id, {}, 'admin').expect(403);
      await refer(c.id, {}, 'coord').expect(201);
    });

    it('refuses bad input with 400 on every sender route', async () => {
      const c = await referableCase();
      const r = await refer(c.id).expect(201);
      const bodies = [
        {},
        { serviceRole: 'flying' },
        { urgency: 'whenever' },
        { reason: '' },
        { reason: 'x'.repeat(4001) },
        { categories: ['everything'] },
        { categories: 'identity' },
        { targetInstitutionId: 'rs' },
        { dueDate: '2026-02-30' },
        { consentId: 'k' },
        { unknown: 1 },
      ];
      for (const body of bodies) {
        const res = await refer(
          c.id,
          Object.keys(body).length
            ? body
            : { serviceRole: undefined, urgency: undefined, reason: undefined, categories: undefined },
        );
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
      for (const [path, body] of [
        ['cancel', {}],
        ['cancel', { version: 1 }],
        ['cancel', { version: 1, reason: 'x' }],
        ['revoke', { version: 'a', reason: 'alasan' }],
        ['approve', {}],
        ['approve', { version: 0 }],
      ] as const) {
        expect((await api('coord').post(`/api/referrals/${r.body.id}/${path}`, body)).status).toBe(400);
      }
      for (const qs of [
        '?status=lost',
        '?overdue=maybe',
        '?pageSize=101',
        '?caseId=1',
        '?serviceRole=x',
        '?urgency=x',
        '?foo=1',
      ]) {
        expect((await api('coord').get(`/api/referrals${qs}`)).status).toBe(400);
      }
      for (const body of [{}, { approvalRequired: 'yes', version: 0 }, { approvalRequired: true }]) {
        expect((await api('coord').put('/api/referral-settings', body)).status).toBe(400);
      }
      await api('coord').get('/api/referrals/not-a-uuid').expect(404);
    });
  });

  describe('routing and first to accept', () => {
    it('reaches only the members of the target institution who handle the role', async () => {
      const c = await referableCase();
      const r = await refer(c.id).expect(201);
      expect(await inboxIds('rs1')).toContain(r.body.id);
      expect(await inboxIds('rs1b')).toContain(r.body.id);
      expect(await inboxIds('rsnorole')).not.toContain(r.body.id);
      expect(await inboxIds('rs2')).not.toContain(r.body.id);
      expect(await inboxIds('pol')).not.toContain(r.body.id);
      await api('rs2').get(`/api/partner/referrals/${r.body.id}`).expect(404);
      await api('pol').get(`/api/partner/referrals/${r.body.id}`).expect(404);
      await api('rsnorole').get(`/api/partner/referrals/${r.body.id}`).expect(404);
      const notes = await api('rs1').get('/api/notifications?pageSize=100').expect(200);
      expect(
        notes.body.items.some(
          (n: any) => n.kind === 'referral_new' && n.link === `/partner/referrals/${r.body.id}`,
        ),
      ).toBe(true);
      // The notification of this referral went to exactly the members who handle it (not rs2,
      // not the member without the role): read from the table, so an empty list cannot pass.
      const recipients = await t.app
        .get(DataSource)
        .getRepository(Notification)
        .find({ where: { referralId: r.body.id, kind: 'referral_new' } });
      expect(recipients.map((n) => n.userId).sort()).toEqual([ids.rs1, ids.rs1b].sort());
      const other = await api('rs2').get('/api/notifications?pageSize=100').expect(200);
      expect(other.body.items.map((n: any) => n.link)).not.toContain(`/partner/referrals/${r.body.id}`);
    });

    it('offers an open referral to every eligible institution providing the role; exactly one of concurrent accepts wins', async () => {
      const c = await referableCase();
      const r = await refer(c.id, { targetInstitutionId: null }).expect(201);
      expect(r.body.open).toBe(true);
      expect(r.body.institution).toBeNull();
      expect(await inboxIds('rs1')).toContain(r.body.id);
      expect(await inboxIds('rs2')).toContain(r.body.id);
      expect(await inboxIds('pol')).not.toContain(r.body.id);
      const results = await Promise.all([
        api('rs1').post(`/api/partner/referrals/${r.body.id}/accept`, { version: 1 }),
        api('rs2').post(`/api/partner/referrals/${r.body.id}/accept`, { version: 1 }),
        api('rs1b').post(`/api/partner/referrals/${r.body.id}/accept`, { version: 1 }),
      ]);
      const statuses = results.map((x) => x.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(2);
      const winner = results.find((x) => x.status === 200)!;
      const detail = await api('coord').get(`/api/referrals/${r.body.id}`).expect(200);
      expect(detail.body.status).toBe('accepted');
      expect(detail.body.institution.id).toBe(winner.body.institution.id);
      const accepted = (await events(c.id)).filter((e) => e.type === 'referral.accepted');
      expect(accepted).toHaveLength(1);
      // The losing institution no longer sees it.
      const loser = winner.body.institution.id === inst.rs ? 'rs2' : 'rs1';
      await api(loser).get(`/api/partner/referrals/${r.body.id}`).expect(404);
    });

    it('an open referral declined by one institution stays open for the others; declined by all, it is declined', async () => {
      const c = await referableCase();
      const r = await refer(c.id, { targetInstitutionId: null }).expect(201);
      const full = about(c.id, 'Kamar penuh');
      const d1 = await api('rs1')
        .post(`/api/partner/referrals/${r.body.id}/decline`, { version: 1, reason: full })
        .expect(200);
      expect(d1.body.access).toBe('summary');
      // the declining institution reads back what it wrote, as far as it may still read her (its
      // access ended with its answer): the reason, without her name, NIK, street and phone
      expect(d1.body.declineReason).toBe(redactedPersonalText('Kamar penuh', c.person));
      expectNoVictimValues(JSON.stringify(d1.body), c.person, 'declined referral');
      expect(await inboxIds('rs2')).toContain(r.body.id);
      // another institution reads neither rs1's reason nor what the referral does not disclose
      const forRs2 = JSON.stringify(
        (await api('rs2').get(`/api/partner/referrals/${r.body.id}`).expect(200)).body,
      );
      expect(forRs2).not.toContain('Kamar penuh');
      expectNoVictimValues(forRs2, c.person, 'open referral for another institution', ['name']);
      const still = await api('coord').get(`/api/referrals/${r.body.id}`).expect(200);
      expect(still.body.status).toBe('pending');
      expect(still.body.declines).toEqual([
        expect.objectContaining({ institution: { id: inst.rs, name: 'RSUD Kota' }, reason: full }),
      ]);
      await api('rs1b').post(`/api/partner/referrals/${r.body.id}/accept`, { version: 1 }).expect(422);
      await api('rs2')
        .post(`/api/partner/referrals/${r.body.id}/decline`, {
          version: 1,
          reason: about(c.id, 'Tidak ada dokter'),
        })
        .expect(200);
      const declined = await api('coord').get(`/api/referrals/${r.body.id}`).expect(200);
      expect(declined.body.status).toBe('declined');
      const types = (await events(c.id)).map((e) => e.type);
      expect(types.filter((x) => x === 'referral.declined_by_institution')).toHaveLength(1);
      expect(types.filter((x) => x === 'referral.declined')).toHaveLength(1);
    });
  });

  describe('the track', () => {
    it('pending → accepted → in_progress → completed, each by its party, each one event', async () => {
      const c = await referableCase();
      const r = (await refer(c.id).expect(201)).body;
      const url = `/api/partner/referrals/${r.id}`;
      await api('c1').post(`${url}/accept`, { version: 1 }).expect(403);
      await api('rs1').post(`${url}/start`, { version: 1 }).expect(409);
      await api('rs1').post(`${url}/accept`, { version: 2 }).expect(409);
      const accepted = await api('rs1').post(`${url}/accept`, { version: 1 }).expect(200);
      expect(accepted.body).toEqual(
        expect.objectContaining({ status: 'accepted', version: 2, allowed: ['start', 'record', 'attach'] }),
      );
      // the partner, told her identity only, reads the reason without her NIK, street and phone
      expectNoVictimValues(JSON.stringify(accepted.body), c.person, 'accepted referral', ['name']);
      expect(accepted.body.reason).toContain('Pemeriksaan luka dan perawatan');
      await api('rs1').post(`${url}/complete`, { version: 2, outcome: 'service_provided' }).expect(409);
      await api('rs1').post(`${url}/decline`, { version: 2, reason: 'terlambat' }).expect(409);
      const started = await api('rs1b').post(`${url}/start`, { version: 2 }).expect(200);
      expect(started.body.status).toBe('in_progress');
      const action = about(c.id, 'Pemeriksaan fisik dan pengobatan luka');
      const outcome = about(c.id, 'Luka membaik');
      await api('rs1').post(`${url}/actions`, { actedOn: '2026-01-15', description: action }).expect(201);
      const done = await api('rs1')
        .post(`${url}/complete`, { version: 3, outcome: 'service_provided', notes: outcome })
        .expect(200);
      expect(done.body).toEqual(
        expect.objectContaining({
          status: 'completed',
          outcome: 'service_provided',
          // its access ended with the completion: its own notes, without her values
          outcomeNotes: redactedPersonalText('Luka membaik', c.person),
          access: 'summary',
          disclosed: null,
        }),
      );
      const staff = await api('c1').get(`/api/referrals/${r.id}`).expect(200);
      expect(staff.body.actions).toEqual([
        expect.objectContaining({
          description: action,
          institution: { id: inst.rs, name: 'RSUD Kota' },
        }),
      ]);
      // the counselor reads the partner's outcome in full
      expect(staff.body.outcomeNotes).toBe(outcome);
      expectNoVictimValues(JSON.stringify(await events(c.id)), c.person, 'history');
      const types = (await events(c.id)).map((e) => e.type).filter((x) => x.startsWith('referral.'));
      expect(types).toEqual([
        'referral.created',
        'referral.accepted',
        'referral.started',
        'referral.action_recorded',
        'referral.completed',
      ]);
      const inbox = (await api('c1').get('/api/notifications?pageSize=100').expect(200)).body;
      expectNoVictimValues(JSON.stringify(inbox), c.person, 'notifications');
      const notes = inbox.items.map((n: any) => n.kind);
      expect(notes).toEqual(
        expect.arrayContaining([
          'referral_accepted',
          'referral_started',
          'referral_completed',
          'referral_update',
        ]),
      );
    });

    it('a targeted referral is declined with a reason; the sender cancels or revokes with a reason', async () => {
      const c = await referableCase();
      const a = (await refer(c.id).expect(201)).body;
      expect((await api('rs1').post(`/api/partner/referrals/${a.id}/decline`, { version: 1 })).status).toBe(
        400,
      );
      const declined = await api('rs1')
        .post(`/api/partner/referrals/${a.id}/decline`, {
          version: 1,
          reason: about(c.id, 'Di luar wilayah'),
        })
        .expect(200);
      expect(declined.body).toEqual(
        expect.objectContaining({
          status: 'declined',
          access: 'summary',
          declineReason: redactedPersonalText('Di luar wilayah', c.person),
        }),
      );
      const b = (await refer(c.id).expect(201)).body;
      await api('rs1').post(`/api/referrals/${b.id}/cancel`, { version: 1, reason: 'batal' }).expect(403);
      await api('c2').post(`/api/referrals/${b.id}/cancel`, { version: 1, reason: 'batal' }).expect(404);
      await api('c1').post(`/api/referrals/${b.id}/revoke`, { version: 1, reason: 'salah' }).expect(409);
      const cancelled = await api('c1')
        .post(`/api/referrals/${b.id}/cancel`, { version: 1, reason: about(c.id, 'Korban pindah kota') })
        .expect(200);
      expect(cancelled.body).toEqual(
        expect.objectContaining({
          status: 'cancelled',
          endReason: about(c.id, 'Korban pindah kota'),
          version: 2,
        }),
      );
      await api('c1').post(`/api/referrals/${b.id}/cancel`, { version: 2, reason: 'lagi' }).expect(409);
      const d = (await refer(c.id).expect(201)).body;
      await api('rs1').post(`/api/partner/referrals/${d.id}/accept`, { version: 1 }).expect(200);
      await api('c1').post(`/api/referrals/${d.id}/cancel`, { version: 2, reason: 'batal' }).expect(409);
      const revoked = await api('coord')
        .post(`/api/referrals/${d.id}/revoke`, { version: 2, reason: about(c.id, 'Korban menolak') })
        .expect(200);
      expect(revoked.body.status).toBe('revoked');
      const afterRevoke = (await api('rs1').get(`/api/partner/referrals/${d.id}`).expect(200)).body;
      expect(afterRevoke.access).toBe('summary');
      // a revoked partner keeps the summary: none of her values, not in the sender's reason either
      expectNoVictimValues(JSON.stringify(afterRevoke), c.person, 'revoked referral');
      expectNoVictimValues(
        JSON.stringify((await api('rs1').get('/api/notifications?pageSize=100').expect(200)).body),
        c.person,
        'partner notifications',
      );
      await api('rs1').post(`/api/partner/referrals/${d.id}/start`, { version: 3 }).expect(422);
      const types = (await events(c.id)).map((e) => e.type);
      expect(types.filter((x) => x === 'referral.cancelled')).toHaveLength(1);
      expect(types.filter((x) => x === 'referral.revoked')).toHaveLength(1);
      expect(types.filter((x) => x === 'referral.declined')).toHaveLength(1);
    });

    it("with the approval setting, a counselor's referral waits for a coordinator and is invisible to partners until then", async () => {
      const s = await api('coord').get('/api/referral-settings').expect(200);
      expect(s.body).toEqual({ approvalRequired: false, version: 0 });
      await api('c1').put('/api/referral-settings', { approvalRequired: true, version: 0 }).expect(403);
      await api('coord').put('/api/referral-settings', { approvalRequired: true, version: 0 }).expect(200);
      try {
        const c = await referableCase();
        const r = (await refer(c.id).expect(201)).body;
        expect(r.status).toBe('awaiting_approval');
        expect(r.sentAt).toBeNull();
        expect(await inboxIds('rs1')).not.toContain(r.id);
        await api('rs1').get(`/api/partner/referrals/${r.id}`).expect(404);
        const coordNotes = (await api('coord').get('/api/notifications?unread=true').expect(200)).body.items;
        expect(coordNotes.some((n: any) => n.kind === 'referral_approval')).toBe(true);
        await api('c1').post(`/api/referrals/${r.id}/approve`, { version: 1 }).expect(403);
        const approved = await api('coord')
          .post(`/api/referrals/${r.id}/approve`, { version: 1 })
          .expect(200);
        expect(approved.body.status).toBe('pending');
        expect(approved.body.sentAt).not.toBeNull();
        expect(await inboxIds('rs1')).toContain(r.id);
        await api('coord').post(`/api/referrals/${r.id}/approve`, { version: 2 }).expect(409);
        // a coordinator's own referral goes out at once
        expect((await refer(c.id, {}, 'coord').expect(201)).body.status).toBe('pending');
      } finally {
        await api('coord').put('/api/referral-settings', { approvalRequired: false, version: 1 }).expect(200);
      }
    });
  });

  describe('workflow guards', () => {
    it('refer needs an accepted referral; close needs no open one', async () => {
      const c = await referableCase();
      const version = (await api('c1').get(`/api/cases/${c.id}`).expect(200)).body.version;
      const refused = await api('c1')
        .post(`/api/cases/${c.id}/transitions`, { transition: 'refer', version })
        .expect(422);
      expect(refused.body.code).toBe('REFERRAL_REQUIRED');
      const r = (await refer(c.id).expect(201)).body;
      const close = await api('coord')
        .post(`/api/cases/${c.id}/transitions`, { transition: 'close', version, closureReason: 'resolved' })
        .expect(422);
      expect(close.body.code).toBe('OPEN_REFERRALS');
      const options = await api('c1').get(`/api/cases/${c.id}/transitions`).expect(200);
      expect(
        options.body.transitions.find((o: any) => o.transition === 'refer').reasons.map((x: any) => x.code),
      ).toEqual(['REFERRAL_REQUIRED']);
      await api('rs1').post(`/api/partner/referrals/${r.id}/accept`, { version: 1 }).expect(200);
      const referred = await api('c1')
        .post(`/api/cases/${c.id}/transitions`, { transition: 'refer', version })
        .expect(200);
      expect(referred.body.stage).toBe('referred');
      await api('coord')
        .post(`/api/cases/${c.id}/transitions`, {
          transition: 'close',
          version: version + 1,
          closureReason: 'resolved',
        })
        .expect(422);
      await api('rs1').post(`/api/partner/referrals/${r.id}/start`, { version: 2 }).expect(200);
      await api('rs1')
        .post(`/api/partner/referrals/${r.id}/complete`, { version: 3, outcome: 'service_provided' })
        .expect(200);
      const closed = await api('coord')
        .post(`/api/cases/${c.id}/transitions`, {
          transition: 'close',
          version: version + 1,
          closureReason: 'resolved',
        })
        .expect(200);
      expect(closed.body.stage).toBe('closed');
      expect((await refer(c.id).expect(422)).body.code).toBe('CASE_CLOSED');
    });
  });

  describe('overdue', () => {
    it('marks a referral unanswered after its due date once, in lists, the history and notifications', async () => {
      const c = await referableCase();
      const r = (await refer(c.id, { urgency: 'emergency' }).expect(201)).body;
      const answered = (await refer(c.id, { urgency: 'emergency' }).expect(201)).body;
      await api('rs1').post(`/api/partner/referrals/${answered.id}/accept`, { version: 1 }).expect(200);
      t.clock.advanceMinutes(2 * 24 * 60);
      const relogin = async () => {
        for (const u of ['c1', 'coord', 'rs1']) tok[u] = await apiLogin(t, u);
      };
      await relogin();
      try {
        const list = await api('c1').get(`/api/referrals?overdue=true&caseId=${c.id}`).expect(200);
        expect(list.body.items.map((x: any) => x.id)).toEqual([r.id]);
        expect(list.body.items[0].overdue).toBe(true);
        const inbox = await api('rs1').get('/api/partner/referrals?overdue=true').expect(200);
        expect(inbox.body.items.map((x: any) => x.id)).toContain(r.id);
        expect(inbox.body.counts.overdue).toBeGreaterThanOrEqual(1);
        await api('c1').post('/api/referrals/overdue-check').expect(403);
        const first = await api('coord').post('/api/referrals/overdue-check').expect(200);
        expect(first.body.marked).toBeGreaterThanOrEqual(1);
        expect((await api('coord').post('/api/referrals/overdue-check').expect(200)).body.marked).toBe(0);
        const overdue = (await events(c.id)).filter((e) => e.type === 'referral.overdue');
        expect(overdue).toHaveLength(1);
        expect(overdue[0].actorRoles).toBe('system');
        const senderNotes = (await api('c1').get('/api/notifications?pageSize=100').expect(200)).body.items;
        expect(
          senderNotes.filter(
            (n: any) => n.kind === 'referral_overdue' && n.link === `/cases/${c.id}/referrals#referrals`,
          ).length,
        ).toBeGreaterThanOrEqual(1);
        const partnerNotes = (await api('rs1').get('/api/notifications?pageSize=100').expect(200)).body.items;
        expect(
          partnerNotes.some(
            (n: any) => n.kind === 'referral_overdue' && n.link === `/partner/referrals/${r.id}`,
          ),
        ).toBe(true);
        // answering late still works, and then it is no longer overdue
        await api('rs1').post(`/api/partner/referrals/${r.id}/accept`, { version: 1 }).expect(200);
        expect((await api('c1').get(`/api/referrals/${r.id}`).expect(200)).body.overdue).toBe(false);
      } finally {
        t.clock.advanceMinutes(-2 * 24 * 60);
        await relogin();
      }
    });
  });

  describe('notifications', () => {
    it('are the reader’s own: list, unread count, mark read; 404 for another user’s', async () => {
      const mine = await api('rs1').get('/api/notifications').expect(200);
      expect(mine.body.unread).toBeGreaterThan(0);
      const n = mine.body.items[0];
      expect(n.message).toEqual(expect.any(String));
      await api('rs2').post(`/api/notifications/${n.id}/read`).expect(404);
      await api('rs1').post('/api/notifications/not-a-uuid/read').expect(404);
      const read = await api('rs1').post(`/api/notifications/${n.id}/read`).expect(200);
      expect(read.body.readAt).not.toBeNull();
      await api('rs1').post('/api/notifications/read-all').expect(200);
      expect((await api('rs1').get('/api/notifications?unread=true').expect(200)).body.total).toBe(0);
      for (const qs of ['?unread=perhaps', '?page=0', '?x=1'])
        expect((await api('rs1').get(`/api/notifications${qs}`)).status).toBe(400);
      await api('admin').get('/api/notifications').expect(403);
    });
  });

  describe('more bad input', () => {
    it("refuses bad queries on a case's referral list with 400 and lists only that case's referrals", async () => {
      const c = await referableCase();
      const r = (await refer(c.id).expect(201)).body;
      for (const qs of ['?status=lost', '?overdue=maybe', '?page=x']) {
        expect((await api('coord').get(`/api/cases/${c.id}/referrals${qs}`)).status).toBe(400);
      }
      expect(
        (await api('coord').get(`/api/cases/${c.id}/referrals`).expect(200)).body.items.map((x: any) => x.id),
      ).toEqual([r.id]);
      await api('c2').get(`/api/cases/${c.id}/referrals`).expect(404);
      await api('fd').get(`/api/cases/${c.id}/referrals`).expect(403);
    });
  });
});
