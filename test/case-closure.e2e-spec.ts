/**
 * Issue 14, item 9: closing a case ends what only an open case needs, in the closure's transaction:
 * the volunteers' monitoring assignments (the volunteer loses access at once: no name, no contact, no
 * instructions, no new visit) and the active recovery plan (status `ended`, its unfinished services
 * cancelled). Each is recorded in the history after the closure. A refused closure ends nothing.
 * Reopening makes the plan active again; monitoring is not given back (a coordinator assigns again).
 */
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { bearer, expectNoVictimValues, personalText, registerCase } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, TestApp } from './support/test-app';

const VICTIM = { fullName: 'Wulan Sekar Ayu', address: 'Gang Kenanga 7, Tugu', phone: '085700011122' };

describe('closing a case ends its monitoring and recovery plan (e2e)', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let volunteerId: string;
  let agreementId: string;

  const api = (who: string) => ({
    get: (url: string) => request(t.server).get(url).set(bearer(tok[who])),
    post: (url: string, body: object = {}) => request(t.server).post(url).set(bearer(tok[who])).send(body),
  });
  const version = async (caseId: string) =>
    (await api('coord').get(`/api/cases/${caseId}`).expect(200)).body.version;
  const fire = async (caseId: string, transition: string, extra: object = {}) =>
    api('coord').post(`/api/cases/${caseId}/transitions`, {
      transition,
      version: await version(caseId),
      ...extra,
    });
  const history = async (caseId: string) =>
    (await api('coord').get(`/api/cases/${caseId}/history?pageSize=100`).expect(200)).body.items as any[];

  /** A case in recovery with a plan (one ongoing and one planned service, one done) and a volunteer. */
  async function recoveringCase(withMonitoring = true, withPlan = true) {
    const c = await registerCase(t, tok.fd, { victim: VICTIM });
    await api('coord').post(`/api/cases/${c.id}/assignment`, { counselorId: ids.c1, version: 1 }).expect(200);
    await (
      await fire(c.id, 'start_counseling')
    ).ok;
    await api('c1')
      .post(`/api/cases/${c.id}/counseling-sessions`, {
        heldAt: '2026-01-14',
        notes: personalText('Sesi pertama', c.person),
      })
      .expect(201);
    expect((await fire(c.id, 'start_support')).status).toBe(200);
    const consent = (
      await api('c1')
        .post(`/api/cases/${c.id}/consents`, {
          givenBy: 'victim',
          givenOn: '2026-01-14',
          method: 'verbal',
          witnessName: 'Saksi',
          serviceRoles: ['community_monitoring'],
          institutionIds: [],
          categories: ['identity', 'contact'],
        })
        .expect(201)
    ).body;
    let assignment: any = null;
    if (withMonitoring)
      assignment = (
        await api('coord')
          .post(`/api/cases/${c.id}/monitoring`, {
            volunteerId,
            instructions: personalText('Kunjungi tiap Senin', c.person),
          })
          .expect(201)
      ).body;
    let plan: any = null;
    if (withPlan) {
      plan = (
        await api('c1')
          .post(`/api/cases/${c.id}/recovery-plan`, { goals: [personalText('Mandiri', c.person)] })
          .expect(201)
      ).body;
      for (const [service, startedOn] of [
        ['vocational_training', '2026-01-14'],
        ['business_capital', undefined],
        ['vocational_training', '2026-01-13'],
      ] as const)
        plan = (
          await api('c1')
            .post(`/api/cases/${c.id}/recovery-plan/services`, { agreementId, service, startedOn })
            .expect(201)
        ).body;
      const last = plan.services[2];
      plan = (
        await api('c1')
          .post(`/api/cases/${c.id}/recovery-plan/services/${last.id}/status`, {
            version: last.version,
            status: 'done',
          })
          .expect(200)
      ).body;
      expect((await fire(c.id, 'start_recovery')).status).toBe(200);
    }
    return { c, consent, assignment, plan };
  }

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'adm', [Role.Admin]);
    tok.adm = await apiLogin(t, 'adm');
    ids.c1 = (await createUser(t, 'c1', [Role.Counselor])).id;
    await createUser(t, 'coord', [Role.Coordinator]);
    await createUser(t, 'fd', [Role.FrontDesk]);
    ids.kader = (await createUser(t, 'kader', [Role.CommunityVolunteer])).id;
    for (const u of ['c1', 'coord', 'fd', 'kader']) tok[u] = await apiLogin(t, u);
    volunteerId = (
      await api('coord')
        .post('/api/community/volunteers', {
          name: 'Bu Tini',
          groupName: 'Kader PKK Tugu',
          userId: ids.kader,
        })
        .expect(201)
    ).body.id;
    const lkp = (
      await api('adm').post('/api/institutions', { name: 'LKP Tugu Mandiri', type: 'business' }).expect(201)
    ).body.id;
    agreementId = (
      await api('coord')
        .post('/api/partnerships', {
          institutionId: lkp,
          number: 'PKS/01/2025',
          title: 'Pelatihan dan modal usaha',
          signedOn: '2025-06-01',
          validFrom: '2025-06-01',
          validUntil: '2027-05-31',
          services: ['vocational_training', 'business_capital'],
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  it('ends the monitoring (the volunteer loses access at once) and the recovery plan with the closure', async () => {
    const { c, assignment } = await recoveringCase();
    const before = await api('kader').get(`/api/my-monitoring/${assignment.id}`).expect(200);
    expect(before.body.access).toBe('full');
    expect(before.body.person.name).toBe(VICTIM.fullName);

    const closed = await fire(c.id, 'close', { closureReason: 'resolved' });
    expect(closed.status).toBe(200);
    expect(closed.body.stage).toBe('closed');

    // the volunteer: only a summary, no person, no instructions, no new visit
    const after = await api('kader').get(`/api/my-monitoring/${assignment.id}`).expect(200);
    expect(after.body).toEqual(
      expect.objectContaining({
        access: 'summary',
        person: null,
        instructions: null,
        status: 'ended',
        endedOn: '2026-01-15',
      }),
    );
    expect(JSON.stringify(after.body)).not.toContain(VICTIM.fullName);
    expectNoVictimValues(JSON.stringify(after.body), c.person, 'volunteer after the closure');
    const visit = await api('kader')
      .post(`/api/my-monitoring/${assignment.id}/visits`, { visitedOn: '2026-01-15', situation: 'safe' })
      .expect(422);
    expect(visit.body.code).toBe('MONITORING_ACCESS_ENDED');
    const notes = (await api('kader').get('/api/notifications?pageSize=100').expect(200)).body.items;
    expect(notes.map((n: any) => n.kind)).toContain('monitoring_ended');

    // staff: the assignment ended, the plan ended and its unfinished services cancelled
    const monitoring = (await api('coord').get(`/api/cases/${c.id}/monitoring`).expect(200)).body.items;
    expect(monitoring.map((a: any) => a.status)).toEqual(['ended']);
    const plan = (await api('coord').get(`/api/cases/${c.id}/recovery-plan`).expect(200)).body;
    expect(plan.status).toBe('ended');
    expect(plan.services.map((s: any) => s.status)).toEqual(['cancelled', 'cancelled', 'done']);

    // the history: the closure, then what it ended; the chain still verifies
    const types = (await history(c.id)).map((e) => e.type);
    // (the two aftermaths run in the order their modules registered them)
    expect(types.at(-3)).toBe('workflow.close');
    expect(types.slice(-2).sort()).toEqual(['monitoring.ended', 'recovery.plan_ended']);
    const en = await request(t.server)
      .get(`/api/cases/${c.id}/history?pageSize=100`)
      .set(bearer(tok.coord))
      .set('Accept-Language', 'en')
      .expect(200);
    expect(en.body.items.slice(-2).map((e: any) => e.summary)).toEqual(
      expect.arrayContaining([
        'Volunteer monitoring (Kader PKK Tugu) ended because the case was closed.',
        'Recovery plan ended because the case was closed (2 unfinished services cancelled).',
      ]),
    );
    expect((await api('coord').get(`/api/cases/${c.id}/verification`).expect(200)).body.ok).toBe(true);
  });

  it('reopening makes the plan active again, but gives the volunteer nothing back', async () => {
    const { c, assignment } = await recoveringCase();
    expect((await fire(c.id, 'close', { closureReason: 'resolved' })).status).toBe(200);
    const reopened = await fire(c.id, 'reopen', {
      reason: personalText('Korban kembali melapor ancaman baru', c.person),
    });
    expect(reopened.status).toBe(200);
    const plan = (await api('coord').get(`/api/cases/${c.id}/recovery-plan`).expect(200)).body;
    expect(plan.status).toBe('active');
    expect(plan.completedAt).toBeNull();
    expect(plan.services.map((s: any) => s.status)).toEqual(['cancelled', 'cancelled', 'done']);
    expect((await history(c.id)).map((e) => e.type).slice(-2)).toEqual([
      'workflow.reopen',
      'recovery.plan_resumed',
    ]);
    const volunteer = await api('kader').get(`/api/my-monitoring/${assignment.id}`).expect(200);
    expect(volunteer.body).toEqual(expect.objectContaining({ access: 'summary', status: 'ended' }));
    expectNoVictimValues(JSON.stringify(volunteer.body), c.person, 'volunteer after the reopening');
    // the history's summaries never quote the reason for reopening
    expectNoVictimValues(JSON.stringify(await history(c.id)), c.person, 'history');
    // the plan can be worked on again
    await api('c1')
      .post(`/api/cases/${c.id}/recovery-plan/notes`, {
        notedOn: '2026-01-15',
        note: personalText('Lanjut', c.person),
      })
      .expect(201);
  });

  it('a refused closure ends nothing', async () => {
    const { c, assignment } = await recoveringCase();
    const refused = await fire(c.id, 'close', {}); // no closure reason
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('CLOSURE_REASON_REQUIRED');
    expect((await api('kader').get(`/api/my-monitoring/${assignment.id}`).expect(200)).body.access).toBe(
      'full',
    );
    expect((await api('coord').get(`/api/cases/${c.id}/recovery-plan`).expect(200)).body.status).toBe(
      'active',
    );
  });

  it('closing a case with neither adds no event besides the closure', async () => {
    const { c } = await recoveringCase(false, false);
    expect((await fire(c.id, 'close', { closureReason: 'resolved' })).status).toBe(200);
    expect((await history(c.id)).at(-1).type).toBe('workflow.close');
  });
});
