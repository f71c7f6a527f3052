import request from 'supertest';
import { expectNoVictimValues, personalText } from './support/case-fixtures';
import { expectErrorShape } from './support/test-app';
import {
  bearer,
  caseInCounseling,
  caseVersion,
  createTrackWorld,
  eventsOf,
  expectOneEvent,
  fire,
  rawRows,
  TrackWorld,
} from './tracks-support';

describe('case tracks: counseling (e2e)', () => {
  let w: TrackWorld;
  beforeAll(async () => {
    w = await createTrackWorld();
  });
  afterAll(() => w.t.close());

  const api = () => request(w.t.server);

  describe('counseling sessions', () => {
    it('records a session (one event, notes encrypted at rest) and lists it for the assigned counselor and coordinators', async () => {
      const c = await caseInCounseling(w);
      const note = personalText('Korban bercerita tentang ancaman pisau dapur ZX-SESSION-NOTE', c.person);
      const res = await expectOneEvent(w, c.id, 'counseling.session_added', () =>
        api()
          .post(`/api/cases/${c.id}/counseling-sessions`)
          .set(bearer(w.tokens.counselor))
          .send({ heldAt: '2026-01-14', durationMinutes: 45, notes: note })
          .expect(201),
      );
      expect(res.body).toEqual(
        expect.objectContaining({
          caseId: c.id,
          heldAt: '2026-01-14',
          durationMinutes: 45,
          notes: note,
          counselorId: w.ids.c1,
        }),
      );
      expect(res.body.counselorName).toBe('Test c1');
      for (const token of [w.tokens.counselor, w.tokens.coordinator]) {
        const list = await api().get(`/api/cases/${c.id}/counseling-sessions`).set(bearer(token)).expect(200);
        expect(list.body).toEqual(expect.objectContaining({ total: 1, page: 1, pageSize: 25 }));
        expect(list.body.items[0].notes).toBe(note);
      }
      expect(await rawRows(w, 'counseling_sessions')).not.toContain('ZX-SESSION-NOTE');
      expectNoVictimValues(await rawRows(w, 'counseling_sessions'), c.person, 'counseling_sessions rows');
      expect(await rawRows(w, 'case_events')).not.toContain('ZX-SESSION-NOTE');
      expectNoVictimValues(await rawRows(w, 'case_events'), c.person, 'case_events rows');
      const [event] = (await eventsOf(w, c.id)).slice(-1);
      expect(event.summaryKey).toBe('events.counseling.session_added');
    });

    it('refuses bad input with 400 and a future date with 422 DATE_IN_FUTURE', async () => {
      const c = await caseInCounseling(w);
      const post = (body: unknown) =>
        api()
          .post(`/api/cases/${c.id}/counseling-sessions`)
          .set(bearer(w.tokens.counselor))
          .send(body as object);
      for (const body of [
        {},
        { heldAt: '14-01-2026' },
        { heldAt: '2026-02-30' },
        { heldAt: '2026-01-14', durationMinutes: 0 },
        { heldAt: '2026-01-14', durationMinutes: 'long' },
        { heldAt: '2026-01-14', notes: 'x'.repeat(10_001) },
        { heldAt: '2026-01-14', unknown: true },
      ]) {
        const res = await post(body);
        expect(res.status).toBe(400);
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      }
      expectErrorShape((await post({ heldAt: '2026-01-16' })).body, 422, 'DATE_IN_FUTURE');
      await api()
        .get(`/api/cases/${c.id}/counseling-sessions?pageSize=101`)
        .set(bearer(w.tokens.counselor))
        .expect(400);
      expect(await eventsOf(w, c.id)).toHaveLength(3); // registered, assigned, start_counseling
    });

    it('keeps counseling from the front desk (403), other counselors (404), the admin and partners (403)', async () => {
      const c = await caseInCounseling(w);
      const paths = [
        `/api/cases/${c.id}/counseling-sessions`,
        `/api/cases/${c.id}/risk-assessments`,
        `/api/cases/${c.id}/safety-plan`,
      ];
      for (const path of paths) {
        expectErrorShape((await api().get(path).set(bearer(w.tokens.frontdesk))).body, 403, 'FORBIDDEN');
        expectErrorShape((await api().get(path).set(bearer(w.tokens.counselor2))).body, 404, 'NOT_FOUND');
        expectErrorShape((await api().get(path).set(bearer(w.tokens.admin))).body, 403, 'FORBIDDEN');
        expectErrorShape((await api().get(path).set(bearer(w.tokens.team))).body, 403, 'FORBIDDEN');
        await api().get(path).expect(401);
      }
      const session = { heldAt: '2026-01-14' };
      await api().post(paths[0]).set(bearer(w.tokens.frontdesk)).send(session).expect(403);
      await api().post(paths[0]).set(bearer(w.tokens.counselor2)).send(session).expect(404);
      await api().post(paths[0]).set(bearer(w.tokens.admin)).send(session).expect(403);
      // an unknown or malformed case id is simply not found
      await api()
        .get('/api/cases/00000000-0000-4000-8000-000000000000/counseling-sessions')
        .set(bearer(w.tokens.coordinator))
        .expect(404);
      await api()
        .get('/api/cases/not-a-uuid/counseling-sessions')
        .set(bearer(w.tokens.coordinator))
        .expect(404);
      expect(await eventsOf(w, c.id)).toHaveLength(3);
    });

    it('enables start_support only once a session exists (NO_COUNSELING_SESSION)', async () => {
      const c = await caseInCounseling(w);
      const refused = await fire(w, w.tokens.counselor, c.id, {
        transition: 'start_support',
        version: c.version,
      });
      expectErrorShape(refused.body, 422, 'NO_COUNSELING_SESSION');
      const options = await api()
        .get(`/api/cases/${c.id}/transitions`)
        .set(bearer(w.tokens.counselor))
        .expect(200);
      const support = options.body.transitions.find((o: any) => o.transition === 'start_support');
      expect(support.allowed).toBe(false);
      expect(support.reasons.map((r: any) => r.code)).toEqual(['NO_COUNSELING_SESSION']);
      await api()
        .post(`/api/cases/${c.id}/counseling-sessions`)
        .set(bearer(w.tokens.counselor))
        .send({ heldAt: '2026-01-15' })
        .expect(201);
      const ok = await fire(w, w.tokens.counselor, c.id, {
        transition: 'start_support',
        version: await caseVersion(w, c.id),
      });
      expect(ok.status).toBe(200);
      expect(ok.body.stage).toBe('in_support');
    });
  });

  describe('risk assessments', () => {
    it('records assessments; the latest sets the case risk level and is marked latest; factors and notes stay out of plaintext', async () => {
      const c = await caseInCounseling(w);
      const post = (body: object) =>
        api().post(`/api/cases/${c.id}/risk-assessments`).set(bearer(w.tokens.counselor)).send(body);
      const first = await expectOneEvent(w, c.id, 'risk.assessed', () =>
        post({
          assessedAt: '2026-01-13',
          threatToLife: false,
          riskLevel: 'medium',
          factors: ['isolation'],
          notes: personalText('ZX-RISK-NOTE', c.person),
        }).expect(201),
      );
      expect(first.body).toEqual(
        expect.objectContaining({
          riskLevel: 'medium',
          threatToLife: false,
          factors: ['isolation'],
          latest: true,
        }),
      );
      let detail = await api().get(`/api/cases/${c.id}`).set(bearer(w.tokens.counselor)).expect(200);
      expect(detail.body.riskLevel).toBe('medium');
      await post({
        assessedAt: '2026-01-14',
        threatToLife: true,
        riskLevel: 'critical',
        factors: ['weapon', 'threats_to_kill'],
      }).expect(201);
      // an older assessment recorded later does not become the current one
      await post({ assessedAt: '2026-01-10', threatToLife: false, riskLevel: 'low', factors: [] }).expect(
        201,
      );
      detail = await api().get(`/api/cases/${c.id}`).set(bearer(w.tokens.counselor)).expect(200);
      expect(detail.body.riskLevel).toBe('critical');
      const list = await api()
        .get(`/api/cases/${c.id}/risk-assessments`)
        .set(bearer(w.tokens.coordinator))
        .expect(200);
      expect(list.body.total).toBe(3);
      expect(list.body.items.map((r: any) => [r.assessedAt, r.latest])).toEqual([
        ['2026-01-14', true],
        ['2026-01-13', false],
        ['2026-01-10', false],
      ]);
      expect(list.body.items[0].factors).toEqual(['threats_to_kill', 'weapon']);
      expect(await rawRows(w, 'risk_assessments')).not.toContain('ZX-RISK-NOTE');
      expectNoVictimValues(await rawRows(w, 'risk_assessments'), c.person, 'risk_assessments rows');
      const events = await eventsOf(w, c.id);
      expect(events.slice(-3).map((e) => e.summaryKey)).toEqual([
        'events.risk.assessed.medium',
        'events.risk.assessed_threat.critical',
        'events.risk.assessed.low',
      ]);
      const history = await api()
        .get(`/api/cases/${c.id}/history?pageSize=100`)
        .set(bearer(w.tokens.coordinator))
        .set('Accept-Language', 'en')
        .expect(200);
      expect(history.body.items.at(-2).summary).toBe(
        "Risk assessment of 14 January 2026: critical risk, the victim's life is threatened.",
      );
      // the history's summaries never quote the assessment's notes
      expect(JSON.stringify(history.body)).not.toContain('ZX-RISK-NOTE');
      expectNoVictimValues(JSON.stringify(history.body), c.person, 'history');
    });

    it('refuses bad assessments with 400', async () => {
      const c = await caseInCounseling(w);
      const good = { assessedAt: '2026-01-14', threatToLife: true, riskLevel: 'high', factors: ['weapon'] };
      for (const body of [
        { ...good, riskLevel: 'extreme' },
        { ...good, threatToLife: 'yes' },
        { ...good, factors: ['unknown_factor'] },
        { ...good, factors: ['weapon', 'weapon'] },
        { ...good, factors: 'weapon' },
        { ...good, assessedAt: undefined },
      ]) {
        const res = await api()
          .post(`/api/cases/${c.id}/risk-assessments`)
          .set(bearer(w.tokens.counselor))
          .send(body);
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      }
      expect(await eventsOf(w, c.id)).toHaveLength(3);
    });
  });

  describe('safety plan', () => {
    it('saves versions with optimistic locking; the latest is current; text encrypted at rest', async () => {
      const c = await caseInCounseling(w);
      const empty = await api()
        .get(`/api/cases/${c.id}/safety-plan`)
        .set(bearer(w.tokens.counselor))
        .expect(200);
      expect(empty.body).toEqual(expect.objectContaining({ version: 0, plan: null }));
      const plan1 = personalText('Tas darurat di rumah tetangga ZX-PLAN-1', c.person);
      const plan2 = personalText('Nomor darurat 112 ZX-PLAN-2', c.person);
      const put = (plan: string, version: number) =>
        api().put(`/api/cases/${c.id}/safety-plan`).set(bearer(w.tokens.counselor)).send({ plan, version });
      const v1 = await expectOneEvent(w, c.id, 'safety_plan.updated', () => put(plan1, 0).expect(200));
      expect(v1.body).toEqual(
        expect.objectContaining({
          version: 1,
          plan: plan1,
          authorName: 'Test c1',
        }),
      );
      expectErrorShape((await put('stale', 0)).body, 409, 'VERSION_CONFLICT');
      const v2 = await put(plan2, 1).expect(200);
      expect(v2.body.version).toBe(2);
      const current = await api()
        .get(`/api/cases/${c.id}/safety-plan`)
        .set(bearer(w.tokens.coordinator))
        .expect(200);
      expect(current.body.plan).toBe(plan2);
      const raw = await rawRows(w, 'safety_plans');
      expect(raw).not.toContain('ZX-PLAN');
      expectNoVictimValues(raw, c.person, 'safety_plans rows');
      expectErrorShape((await put('', 2)).body, 400, 'VALIDATION_FAILED');
      expectErrorShape(
        (
          await api()
            .put(`/api/cases/${c.id}/safety-plan`)
            .set(bearer(w.tokens.counselor))
            .send({ plan: 'x' })
        ).body,
        400,
      );
      await api()
        .put(`/api/cases/${c.id}/safety-plan`)
        .set(bearer(w.tokens.counselor2))
        .send({ plan: 'x', version: 2 })
        .expect(404);
      expect((await eventsOf(w, c.id)).filter((e) => e.type === 'safety_plan.updated')).toHaveLength(2);
    });
  });

  describe('case page forms', () => {
    it('posts a session, an assessment and a plan from the page and redirects back (303), with ?error= on a refused input', async () => {
      const { pageLogin, csrfFrom } = await import('./support/test-app');
      const c = await caseInCounseling(w);
      const agent = await pageLogin(w.t, 'c1');
      const page = await agent.get(`/cases/${c.id}/counseling`).expect(200);
      expect(page.text).toContain('id="counseling"');
      expect(page.text).toContain(`action="/cases/${c.id}/counseling-sessions"`);
      const csrf = csrfFrom(page.text);
      const formNote = personalText('ZX-FORM-NOTE', c.person);
      const formPlan = personalText('Rencana', c.person);
      const ok = await agent
        .post(`/cases/${c.id}/counseling-sessions`)
        .type('form')
        .send({ _csrf: csrf, heldAt: '2026-01-15', durationMinutes: '30', notes: formNote })
        .expect(303);
      expect(ok.headers.location).toBe(`/cases/${c.id}/counseling#counseling`);
      const bad = await agent
        .post(`/cases/${c.id}/counseling-sessions`)
        .type('form')
        .send({ _csrf: csrf, heldAt: 'yesterday' })
        .expect(303);
      expect(bad.headers.location).toBe(`/cases/${c.id}/counseling?error=VALIDATION_FAILED#counseling`);
      const risk = await agent
        .post(`/cases/${c.id}/risk-assessments`)
        .type('form')
        .send({
          _csrf: csrf,
          assessedAt: '2026-01-15',
          riskLevel: 'high',
          threatToLife: 'on',
          factors: ['weapon', 'escalation'],
        })
        .expect(303);
      expect(risk.headers.location).toBe(`/cases/${c.id}/counseling#risk`);
      const plan = await agent
        .post(`/cases/${c.id}/safety-plan`)
        .type('form')
        .send({ _csrf: csrf, plan: formPlan, version: '0' })
        .expect(303);
      expect(plan.headers.location).toBe(`/cases/${c.id}/counseling#safety-plan`);
      const stale = await agent
        .post(`/cases/${c.id}/safety-plan`)
        .type('form')
        .send({ _csrf: csrf, plan: 'Lagi', version: '0' })
        .expect(303);
      expect(stale.headers.location).toBe(`/cases/${c.id}/counseling?error=VERSION_CONFLICT#safety-plan`);
      const after = await agent.get(`/cases/${c.id}/counseling`).expect(200);
      // the assigned counselor reads the note and the plan in full
      expect(after.text).toContain(formNote);
      expect(after.text).toContain(formPlan);
      const assessments = await api()
        .get(`/api/cases/${c.id}/risk-assessments`)
        .set(bearer(w.tokens.counselor))
        .expect(200);
      expect(assessments.body.items[0]).toEqual(
        expect.objectContaining({ threatToLife: true, factors: ['escalation', 'weapon'] }),
      );
      // another counselor cannot post to it
      const other = await pageLogin(w.t, 'c2');
      const home = await other.get('/').expect(200);
      await other
        .post(`/cases/${c.id}/counseling-sessions`)
        .type('form')
        .send({ _csrf: csrfFrom(home.text), heldAt: '2026-01-15' })
        .expect(404);
      // and the front desk does not see the section
      const fd = await pageLogin(w.t, 'fd');
      const fdPage = await fd.get(`/cases/${c.id}/counseling`);
      expect(fdPage.text).not.toContain('id="counseling"');
      expect(fdPage.text).not.toContain('ZX-FORM-NOTE');
    });
  });
});
