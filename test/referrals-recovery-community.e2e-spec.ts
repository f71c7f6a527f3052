import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { UsersService } from '../src/users/users.service';
import { bearer, expectNoVictimValues, personalText, registerCase } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, TEST_PASSWORD, TestApp } from './support/test-app';

const VICTIM = {
  fullName: 'Dewi Anggraini Putri',
  nik: '3374066601900002',
  address: 'Gang Mawar 3, Tugu',
  phone: '085712345678',
};
// The markers of the free texts; each text also holds her name, NIK, street and phone (personalText).
const NARRATIVE = 'Korban dipukul dengan sapu oleh suaminya';
const COUNSELING = 'Korban masih trauma dan sulit tidur';
const INSTRUCTIONS = 'Kunjungi seminggu sekali; perhatikan tanda ancaman';
/** A free text about her case: the marker, then her name, NIK, street and phone. */
const about = (marker: string) => personalText(marker, VICTIM);
const GOALS = [about('Mandiri secara ekonomi'), about('Anak kembali sekolah')];

describe('referrals: partnerships, recovery plans and community monitoring (e2e)', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let lkp: string;

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
    patch: (url: string, body: unknown = {}) =>
      request(t.server)
        .patch(url)
        .set(bearer(tok[who]))
        .send(body as object),
  });

  async function workCase(consentRoles: string[] = [], categories: string[] = ['identity', 'contact']) {
    const c = await registerCase(t, tok.fd, {
      victim: VICTIM,
      incident: { narrative: personalText(NARRATIVE, VICTIM) },
    });
    await api('coord').post(`/api/cases/${c.id}/assignment`, { counselorId: ids.c1, version: 1 }).expect(200);
    await api('c1')
      .post(`/api/cases/${c.id}/transitions`, { transition: 'start_counseling', version: 2 })
      .expect(200);
    await api('c1')
      .post(`/api/cases/${c.id}/counseling-sessions`, {
        heldAt: '2026-01-14',
        notes: personalText(COUNSELING, VICTIM),
      })
      .expect(201);
    let consent: any = null;
    if (consentRoles.length) {
      consent = (
        await api('c1')
          .post(`/api/cases/${c.id}/consents`, {
            givenBy: 'victim',
            givenOn: '2026-01-14',
            method: 'verbal',
            witnessName: 'Saksi',
            serviceRoles: consentRoles,
            institutionIds: [],
            categories,
          })
          .expect(201)
      ).body;
    }
    return { case: c, consent };
  }

  const agreement = (extra: Record<string, unknown> = {}) => ({
    institutionId: lkp,
    number: `PKS/${Math.random().toString(36).slice(2, 8)}/2025`,
    title: 'Pelatihan menjahit dan modal KUBE',
    signedOn: '2025-06-01',
    validFrom: '2025-06-01',
    validUntil: '2027-05-31',
    services: ['vocational_training', 'business_capital'],
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'adm', [Role.Admin]);
    tok.admin = await apiLogin(t, 'adm');
    lkp = (
      await api('admin').post('/api/institutions', { name: 'LKP Maju Bersama', type: 'business' }).expect(201)
    ).body.id;
    ids.c1 = (await createUser(t, 'c1', [Role.Counselor])).id;
    await createUser(t, 'c2', [Role.Counselor]);
    ids.coord = (await createUser(t, 'coord', [Role.Coordinator])).id;
    await createUser(t, 'fd', [Role.FrontDesk]);
    await createUser(t, 'pugsec', [Role.PugSecretariat]);
    ids.kader1User = (await createUser(t, 'kader1', [Role.CommunityVolunteer])).id;
    ids.kader2User = (await createUser(t, 'kader2', [Role.CommunityVolunteer])).id;
    const users = t.app.get(UsersService);
    await users.create(
      { username: 'tm', displayName: 'TM', roles: [Role.TeamMember], institutionId: lkp },
      { password: TEST_PASSWORD, mustChangePassword: false },
    );
    for (const u of ['c1', 'c2', 'coord', 'fd', 'pugsec', 'kader1', 'kader2', 'tm'])
      tok[u] = await apiLogin(t, u);
  });
  afterAll(() => t.close());

  describe('partnership agreements', () => {
    it('records an MoU with its partner, number, dates, services and status; coordinators manage, others read', async () => {
      const body = agreement({ number: '463/15/PKS/2025' });
      const res = await api('coord').post('/api/partnerships', body).expect(201);
      expect(res.body).toEqual(
        expect.objectContaining({
          institution: { id: lkp, name: 'LKP Maju Bersama' },
          number: '463/15/PKS/2025',
          status: 'active',
          inForce: true,
          services: ['vocational_training', 'business_capital'],
          version: 1,
        }),
      );
      expect((await api('coord').post('/api/partnerships', body).expect(409)).body.code).toBe(
        'AGREEMENT_NUMBER_TAKEN',
      );
      await api('c1').post('/api/partnerships', agreement()).expect(403);
      await api('pugsec').get('/api/partnerships').expect(200);
      await api('tm').get('/api/partnerships').expect(403);
      expect(
        (
          await api('coord')
            .post('/api/partnerships', agreement({ validFrom: '2026-01-01', validUntil: '2025-01-01' }))
            .expect(422)
        ).body.code,
      ).toBe('AGREEMENT_PERIOD_INVALID');
      const ended = await api('coord')
        .patch(`/api/partnerships/${res.body.id}`, { version: 1, status: 'ended' })
        .expect(200);
      expect(ended.body).toEqual(expect.objectContaining({ status: 'ended', inForce: false, version: 2 }));
      await api('coord')
        .patch(`/api/partnerships/${res.body.id}`, { version: 1, status: 'active' })
        .expect(409);
      const inForce = await api('c1').get('/api/partnerships?inForce=true').expect(200);
      expect(inForce.body.items.map((a: any) => a.id)).not.toContain(res.body.id);
      for (const b of [
        {},
        agreement({ services: [] }),
        agreement({ services: ['spaceflight'] }),
        agreement({ institutionId: 'x' }),
        agreement({ signedOn: '2025-02-30' }),
        agreement({ extra: 1 }),
      ]) {
        expect((await api('coord').post('/api/partnerships', b)).status).toBe(400);
      }
      for (const qs of ['?status=x', '?inForce=maybe', '?service=x', '?institutionId=1'])
        expect((await api('coord').get(`/api/partnerships${qs}`)).status).toBe(400);
      await api('coord').get('/api/partnerships/not-a-uuid').expect(404);
    });
  });

  describe('recovery plan', () => {
    it('goals, services under an agreement in force, progress notes, completion; the recovery stage needs it', async () => {
      const { case: c } = await workCase();
      const mou = (await api('coord').post('/api/partnerships', agreement()).expect(201)).body;
      const expired = (
        await api('coord')
          .post('/api/partnerships', agreement({ validUntil: '2025-12-31' }))
          .expect(201)
      ).body;
      await api('c1').get(`/api/cases/${c.id}/recovery-plan`).expect(404);
      // start_support then start_recovery (refused without a plan)
      const v = (await api('c1').get(`/api/cases/${c.id}`).expect(200)).body.version;
      await api('c1')
        .post(`/api/cases/${c.id}/transitions`, { transition: 'start_support', version: v })
        .expect(200);
      const refused = await api('c1')
        .post(`/api/cases/${c.id}/transitions`, { transition: 'start_recovery', version: v + 1 })
        .expect(422);
      expect(refused.body.code).toBe('RECOVERY_PLAN_REQUIRED');
      const plan = await api('c1').post(`/api/cases/${c.id}/recovery-plan`, { goals: GOALS }).expect(201);
      expect(plan.body).toEqual(
        expect.objectContaining({
          goals: GOALS,
          status: 'active',
          services: [],
          notes: [],
          version: 1,
        }),
      );
      await api('c1')
        .post(`/api/cases/${c.id}/recovery-plan`, { goals: ['lagi'] })
        .expect(409);
      const recovering = await api('c1')
        .post(`/api/cases/${c.id}/transitions`, { transition: 'start_recovery', version: v + 1 })
        .expect(200);
      expect(recovering.body.stage).toBe('recovery');
      expect(
        (
          await api('c1')
            .post(`/api/cases/${c.id}/recovery-plan/services`, {
              agreementId: expired.id,
              service: 'vocational_training',
            })
            .expect(422)
        ).body.code,
      ).toBe('AGREEMENT_NOT_IN_FORCE');
      expect(
        (
          await api('c1')
            .post(`/api/cases/${c.id}/recovery-plan/services`, { agreementId: mou.id, service: 'housing' })
            .expect(422)
        ).body.code,
      ).toBe('AGREEMENT_SERVICE_NOT_OFFERED');
      const withService = await api('c1')
        .post(`/api/cases/${c.id}/recovery-plan/services`, {
          agreementId: mou.id,
          service: 'vocational_training',
          notes: about('Kelas menjahit angkatan 3'),
        })
        .expect(201);
      const s = withService.body.services[0];
      expect(s.notes).toBe(about('Kelas menjahit angkatan 3'));
      expect(s).toEqual(
        expect.objectContaining({
          service: 'vocational_training',
          status: 'planned',
          agreementNumber: mou.number,
          institution: { id: lkp, name: 'LKP Maju Bersama' },
          next: ['ongoing', 'done', 'cancelled'],
        }),
      );
      const ongoing = await api('c1')
        .post(`/api/cases/${c.id}/recovery-plan/services/${s.id}/status`, { version: 1, status: 'ongoing' })
        .expect(200);
      expect(ongoing.body.services[0]).toEqual(
        expect.objectContaining({ status: 'ongoing', startedOn: '2026-01-15', version: 2 }),
      );
      const back = await api('c1')
        .post(`/api/cases/${c.id}/recovery-plan/services/${s.id}/status`, { version: 2, status: 'planned' })
        .expect(409);
      expect(back.body.code).toBe('RECOVERY_SERVICE_TRANSITION_NOT_ALLOWED');
      expect(
        (
          await api('c1').post(`/api/cases/${c.id}/recovery-plan/services/${s.id}/status`, {
            version: 2,
            status: 'paused',
          })
        ).status,
      ).toBe(400);
      await api('c1')
        .post(`/api/cases/${c.id}/recovery-plan/services/${s.id}/status`, { version: 1, status: 'done' })
        .expect(409);
      await api('c1')
        .post(`/api/cases/${c.id}/recovery-plan/notes`, {
          notedOn: '2026-01-15',
          note: about('Hadir di kelas pertama'),
        })
        .expect(201);
      const updated = await api('c1')
        .put(`/api/cases/${c.id}/recovery-plan`, { version: 1, goals: [about('Mandiri secara ekonomi')] })
        .expect(200);
      expect(updated.body.goals).toEqual([about('Mandiri secara ekonomi')]);
      // the assigned counselor reads the progress note in full
      expect(updated.body.notes.map((n: any) => n.note)).toEqual([about('Hadir di kelas pertama')]);
      await api('c2').get(`/api/cases/${c.id}/recovery-plan`).expect(404);
      await api('fd').get(`/api/cases/${c.id}/recovery-plan`).expect(403);
      const done = await api('coord')
        .post(`/api/cases/${c.id}/recovery-plan/complete`, { version: 2, note: about('Tujuan tercapai') })
        .expect(200);
      expect(done.body).toEqual(
        expect.objectContaining({ status: 'completed', completionNote: about('Tujuan tercapai') }),
      );
      expect(
        (
          await api('c1')
            .post(`/api/cases/${c.id}/recovery-plan/notes`, {
              notedOn: '2026-01-15',
              note: 'setelah selesai',
            })
            .expect(422)
        ).body.code,
      ).toBe('RECOVERY_PLAN_COMPLETED');
      const recoveryHistory = (await api('coord').get(`/api/cases/${c.id}/history?pageSize=100`).expect(200))
        .body;
      // the history's summaries never quote a goal or a note
      expectNoVictimValues(JSON.stringify(recoveryHistory), VICTIM, 'history');
      const types = recoveryHistory.items
        .map((e: any) => e.type)
        .filter((x: string) => x.startsWith('recovery.'));
      expect(types).toEqual([
        'recovery.plan_created',
        'recovery.service_added',
        'recovery.service_updated',
        'recovery.note_added',
        'recovery.plan_updated',
        'recovery.plan_completed',
      ]);
      const raw = JSON.stringify(await t.dataSource.query('SELECT * FROM recovery_plans'));
      expect(raw).not.toContain('Mandiri');
      expectNoVictimValues(raw, VICTIM, 'recovery_plans rows');
    });

    it('refuses bad input with 400', async () => {
      const { case: c } = await workCase();
      for (const body of [
        {},
        { goals: [] },
        { goals: 'x' },
        { goals: ['ab'] },
        { goals: ['valid goal'], extra: 1 },
      ]) {
        expect((await api('c1').post(`/api/cases/${c.id}/recovery-plan`, body)).status).toBe(400);
      }
      await api('c1')
        .post(`/api/cases/${c.id}/recovery-plan`, { goals: ['Pulih'] })
        .expect(201);
      for (const [path, body] of [
        ['services', {}],
        ['services', { agreementId: 'x', service: 'housing' }],
        ['notes', { notedOn: 'today', note: 'abc' }],
        ['notes', { notedOn: '2026-01-15' }],
        ['complete', {}],
      ] as const) {
        expect((await api('c1').post(`/api/cases/${c.id}/recovery-plan/${path}`, body)).status).toBe(400);
      }
      expect((await api('c1').put(`/api/cases/${c.id}/recovery-plan`, { goals: ['abc'] })).status).toBe(400);
    });
  });

  describe('community monitoring', () => {
    let kader1: any;
    let kader2: any;

    it('registers volunteers with their group; links an account of the community_volunteer role only', async () => {
      kader1 = (
        await api('coord')
          .post('/api/community/volunteers', {
            name: 'Bu Sri Wahyuni',
            groupName: 'PKK RW 05 Tugu',
            district: 'Tugu',
            phone: '081211110000',
            userId: ids.kader1User,
          })
          .expect(201)
      ).body;
      expect(kader1).toEqual(
        expect.objectContaining({
          name: 'Bu Sri Wahyuni',
          groupName: 'PKK RW 05 Tugu',
          phone: '081211110000',
          username: 'kader1',
          isActive: true,
          activeAssignments: 0,
        }),
      );
      expect(JSON.stringify(await t.dataSource.query('SELECT * FROM community_volunteers'))).not.toContain(
        '081211110000',
      );
      kader2 = (
        await api('coord')
          .post('/api/community/volunteers', {
            name: 'Pak Joko',
            groupName: 'Kader PATBM Genuk',
            userId: ids.kader2User,
          })
          .expect(201)
      ).body;
      expect(
        (
          await api('coord').post('/api/community/volunteers', {
            name: 'X Y',
            groupName: 'G',
            userId: ids.kader1User,
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await api('coord')
            .post('/api/community/volunteers', { name: 'X Y', groupName: 'Grup', userId: ids.kader1User })
            .expect(409)
        ).body.code,
      ).toBe('VOLUNTEER_ACCOUNT_TAKEN');
      expect(
        (
          await api('coord')
            .post('/api/community/volunteers', { name: 'X Y', groupName: 'Grup', userId: ids.c1 })
            .expect(422)
        ).body.code,
      ).toBe('VOLUNTEER_ACCOUNT_INVALID');
      await api('c1').post('/api/community/volunteers', { name: 'X Y', groupName: 'Grup' }).expect(403);
      expect(
        (await api('c1').get('/api/community/volunteers?q=pkk').expect(200)).body.items.map(
          (v: any) => v.name,
        ),
      ).toEqual(['Bu Sri Wahyuni']);
      await api('kader1').get('/api/community/volunteers').expect(403);
      const changed = await api('coord')
        .patch(`/api/community/volunteers/${kader2.id}`, { version: 1, groupName: 'Kader PATBM Genuk Indah' })
        .expect(200);
      expect(changed.body.groupName).toBe('Kader PATBM Genuk Indah');
      kader2 = changed.body;
      for (const b of [
        {},
        { name: 'A', groupName: 'B' },
        { name: 'Nama', groupName: 'Grup', phone: 'none' },
        { name: 'Nama', groupName: 'Grup', userId: 'x' },
      ]) {
        expect((await api('coord').post('/api/community/volunteers', b)).status).toBe(400);
      }
    });

    it('assigns a volunteer only under a consent covering community monitoring; the volunteer sees only what monitoring needs', async () => {
      const none = await workCase(['medical']);
      expect(
        (
          await api('coord')
            .post(`/api/cases/${none.case.id}/monitoring`, {
              volunteerId: kader1.id,
              instructions: about('Kunjungi seminggu sekali'),
            })
            .expect(422)
        ).body.code,
      ).toBe('CONSENT_DOES_NOT_COVER');
      const { case: c, consent } = await workCase(['community_monitoring'], ['identity', 'contact']);
      await api('c1')
        .post(`/api/cases/${c.id}/monitoring`, { volunteerId: kader1.id, instructions: 'x' })
        .expect(403);
      const a = (
        await api('coord')
          .post(`/api/cases/${c.id}/monitoring`, {
            volunteerId: kader1.id,
            instructions: personalText(INSTRUCTIONS, VICTIM),
          })
          .expect(201)
      ).body;
      expect(a).toEqual(expect.objectContaining({ status: 'active', startedOn: '2026-01-15', visits: [] }));
      await api('coord')
        .post(`/api/cases/${c.id}/monitoring`, { volunteerId: kader1.id, instructions: 'lagi' })
        .expect(409);
      // The volunteer's view: name and contact as consented, instructions; never narrative or notes.
      const mine = await api('kader1').get('/api/my-monitoring').expect(200);
      expect(mine.body.items.map((x: any) => x.id)).toEqual([a.id]);
      const view = await api('kader1').get(`/api/my-monitoring/${a.id}`).expect(200);
      expect(view.body).toEqual({
        id: a.id,
        access: 'full',
        person: { name: VICTIM.fullName, address: VICTIM.address, phone: VICTIM.phone },
        // Identity and contact were disclosed: her name, street and phone stay; her NIK never reaches a volunteer.
        instructions: `${INSTRUCTIONS}: ${VICTIM.fullName} (NIK […]) tinggal di Gang Mawar 3, telepon ${VICTIM.phone}.`,
        startedOn: '2026-01-15',
        endedOn: null,
        status: 'active',
        visits: [],
      });
      const all = JSON.stringify([
        mine.body,
        view.body,
        (await api('kader1').get('/api/notifications').expect(200)).body,
      ]);
      for (const secret of [NARRATIVE, COUNSELING, VICTIM.nik, c.number])
        expect({ secret, found: all.includes(secret) }).toEqual({ secret, found: false });
      // Another volunteer sees nothing of it; no case route is open to volunteers.
      await api('kader2').get(`/api/my-monitoring/${a.id}`).expect(404);
      expect((await api('kader2').get('/api/my-monitoring').expect(200)).body.items).toEqual([]);
      for (const url of [
        `/api/cases/${c.id}`,
        `/api/cases/${c.id}/monitoring`,
        `/api/cases/${c.id}/consents`,
        '/api/referrals',
        '/api/partner/referrals',
        '/api/community/volunteers',
      ]) {
        expect({ url, status: (await api('kader1').get(url)).status }).toEqual({ url, status: 403 });
      }
      // Visits: a concern alerts the counselor and coordinators; staff read the notes.
      await api('kader1')
        .post(`/api/my-monitoring/${a.id}/visits`, {
          visitedOn: '2026-01-15',
          situation: 'safe',
          notes: about('Korban sehat'),
        })
        .expect(201);
      const visited = await api('kader1')
        .post(`/api/my-monitoring/${a.id}/visits`, {
          visitedOn: '2026-01-15',
          situation: 'concern',
          concerns: about('Pelaku terlihat di sekitar rumah'),
        })
        .expect(201);
      expect(visited.body.visits.map((x: any) => x.situation)).toEqual(['safe', 'concern']);
      // its own notes come back as it may read her: name, street and phone (disclosed), never her NIK
      expect(visited.body.visits[0].notes).toBe(
        `Korban sehat: ${VICTIM.fullName} (NIK […]) tinggal di Gang Mawar 3, telepon ${VICTIM.phone}.`,
      );
      expectNoVictimValues(JSON.stringify(visited.body), VICTIM, 'volunteer visits', [
        'name',
        'street',
        'phone',
      ]);
      await api('kader2')
        .post(`/api/my-monitoring/${a.id}/visits`, { visitedOn: '2026-01-15', situation: 'safe' })
        .expect(404);
      expect(
        (
          await api('kader1')
            .post(`/api/my-monitoring/${a.id}/visits`, { visitedOn: '2026-01-10', situation: 'safe' })
            .expect(422)
        ).body.code,
      ).toBe('VISIT_BEFORE_ASSIGNMENT');
      const alerts = (await api('c1').get('/api/notifications?pageSize=100').expect(200)).body.items.filter(
        (n: any) => n.kind === 'monitoring_concern',
      );
      expect(alerts).toHaveLength(1);
      const coordNotes = (await api('coord').get('/api/notifications?pageSize=100').expect(200)).body;
      expect(coordNotes.items.some((n: any) => n.kind === 'monitoring_concern')).toBe(true);
      // an alert says that something awaits, never what the volunteer wrote about her
      expectNoVictimValues(JSON.stringify(alerts), VICTIM, 'counselor notifications');
      expectNoVictimValues(JSON.stringify(coordNotes), VICTIM, 'coordinator notifications');
      const staff = await api('c1').get(`/api/cases/${c.id}/monitoring`).expect(200);
      expect(staff.body.items[0].visits.map((x: any) => x.concerns)).toEqual([
        null,
        about('Pelaku terlihat di sekitar rumah'),
      ]);
      expect(staff.body.items[0].visits.map((x: any) => x.notes)).toEqual([about('Korban sehat'), null]);
      const types = (
        await api('coord').get(`/api/cases/${c.id}/history?pageSize=100`).expect(200)
      ).body.items.map((e: any) => e.type);
      expect(types.filter((x: string) => x === 'monitoring.visit_recorded')).toHaveLength(2);
      expect(types).toContain('monitoring.assigned');
      // Consent withdrawn: the volunteer keeps only their own visits.
      await api('c1').post(`/api/consents/${consent.id}/withdraw`, { version: 1 }).expect(200);
      const after = await api('kader1').get(`/api/my-monitoring/${a.id}`).expect(200);
      expect(after.body).toEqual(
        expect.objectContaining({ access: 'summary', person: null, instructions: null }),
      );
      expect(after.body.visits).toHaveLength(2);
      // once access ended, its own visits come back without her name, NIK, street and phone
      expect(after.body.visits[1].concerns).toMatch(/^Pelaku terlihat di sekitar rumah: /);
      expectNoVictimValues(JSON.stringify(after.body), VICTIM, 'volunteer after the consent was withdrawn');
      expect(
        (
          await api('kader1')
            .post(`/api/my-monitoring/${a.id}/visits`, { visitedOn: '2026-01-15', situation: 'safe' })
            .expect(422)
        ).body.code,
      ).toBe('MONITORING_ACCESS_ENDED');
    });

    it('shares only identity when the consent allows only identity; ending the assignment ends access', async () => {
      const { case: c } = await workCase(['community_monitoring'], ['identity']);
      const a = (
        await api('coord')
          .post(`/api/cases/${c.id}/monitoring`, {
            volunteerId: kader2.id,
            instructions: about('Pantau kondisi anak'),
          })
          .expect(201)
      ).body;
      const view = await api('kader2').get(`/api/my-monitoring/${a.id}`).expect(200);
      expect(view.body.person).toEqual({ name: VICTIM.fullName, address: null, phone: null });
      expect(JSON.stringify(view.body)).not.toContain(VICTIM.address);
      // told her identity only, the volunteer reads the instructions without her NIK, street and phone
      expect(view.body.instructions).toContain('Pantau kondisi anak');
      expectNoVictimValues(JSON.stringify(view.body), VICTIM, 'volunteer view (identity)', ['name']);
      await api('coord').post(`/api/monitoring-assignments/${a.id}/end`, { version: 2 }).expect(409);
      const ended = await api('coord')
        .post(`/api/monitoring-assignments/${a.id}/end`, { version: 1 })
        .expect(200);
      expect(ended.body.status).toBe('ended');
      const after = await api('kader2').get(`/api/my-monitoring/${a.id}`).expect(200);
      expect(after.body).toEqual(
        expect.objectContaining({ access: 'summary', person: null, instructions: null, status: 'ended' }),
      );
      expectNoVictimValues(JSON.stringify(after.body), VICTIM, 'ended assignment');
    });

    it('refuses bad input on every monitoring route with 400', async () => {
      const { case: c } = await workCase(['community_monitoring']);
      for (const body of [
        {},
        { volunteerId: 'x', instructions: 'abc' },
        { volunteerId: kader1.id },
        { volunteerId: kader1.id, instructions: 'abc', startedOn: '2026-99-01' },
        { volunteerId: kader1.id, instructions: 'abc', other: 1 },
      ]) {
        expect((await api('coord').post(`/api/cases/${c.id}/monitoring`, body)).status).toBe(400);
      }
      const a = (
        await api('coord')
          .post(`/api/cases/${c.id}/monitoring`, { volunteerId: kader1.id, instructions: 'Kunjungi' })
          .expect(201)
      ).body;
      for (const body of [
        {},
        { visitedOn: '2026-01-15' },
        { visitedOn: '2026-01-15', situation: 'fine' },
        { visitedOn: 'x', situation: 'safe' },
        { visitedOn: '2026-01-15', situation: 'safe', notes: 1 },
      ]) {
        expect((await api('kader1').post(`/api/my-monitoring/${a.id}/visits`, body)).status).toBe(400);
      }
      for (const body of [{}, { version: 'a' }])
        expect((await api('coord').post(`/api/monitoring-assignments/${a.id}/end`, body)).status).toBe(400);
      expect((await api('kader1').get('/api/my-monitoring?pageSize=1000')).status).toBe(400);
      await api('kader1').get('/api/my-monitoring/not-a-uuid').expect(404);
    });
  });

  describe('more bad input', () => {
    it('refuses bad agreement and volunteer changes and list queries with 400', async () => {
      const a = (await api('coord').post('/api/partnerships', agreement()).expect(201)).body;
      for (const b of [
        {},
        { version: 1, status: 'paused' },
        { version: 1, services: [] },
        { version: 1, validUntil: '2025-13-01' },
        { version: 1, number: 'x' },
      ]) {
        expect((await api('coord').patch(`/api/partnerships/${a.id}`, b)).status).toBe(400);
      }
      const v = (
        await api('coord')
          .post('/api/community/volunteers', { name: 'Ibu Ani', groupName: 'PKK RW 01' })
          .expect(201)
      ).body;
      for (const b of [
        {},
        { version: 1, isActive: 'yes' },
        { version: 1, name: null },
        { version: 1, phone: 'x' },
      ]) {
        expect((await api('coord').patch(`/api/community/volunteers/${v.id}`, b)).status).toBe(400);
      }
      for (const qs of ['?active=maybe', `?q=${'x'.repeat(101)}`, '?page=0']) {
        expect((await api('coord').get(`/api/community/volunteers${qs}`)).status).toBe(400);
      }
    });
  });
});
