import request from 'supertest';
import { csrfFrom, expectErrorShape, pageLogin } from './support/test-app';
import { expectNoVictimValues, personalText } from './support/case-fixtures';
import {
  bearer,
  caseInCounseling,
  createTrackWorld,
  eventsOf,
  expectOneEvent,
  rawRows,
  TrackWorld,
} from './tracks-support';

describe('case tracks: support services (e2e)', () => {
  let w: TrackWorld;
  beforeAll(async () => {
    w = await createTrackWorld();
  });
  afterAll(() => w.t.close());

  const api = () => request(w.t.server);
  const plan = (caseId: string, body: Record<string, unknown>, token = w.tokens.counselor) =>
    api().post(`/api/cases/${caseId}/services`).set(bearer(token)).send(body);
  const patch = (
    caseId: string,
    serviceId: string,
    body: Record<string, unknown>,
    token = w.tokens.counselor,
  ) => api().patch(`/api/cases/${caseId}/services/${serviceId}`).set(bearer(token)).send(body);

  it('plans a service by the centre or a partner (one event each, notes encrypted) and lists them', async () => {
    const c = await caseInCounseling(w);
    const note = personalText('Konseling trauma ZX-SERVICE-NOTE', c.person);
    const own = await expectOneEvent(w, c.id, 'service.planned', () =>
      plan(c.id, {
        type: 'psychological',
        plannedDate: '2026-01-20',
        notes: note,
      }).expect(201),
    );
    expect(own.body).toEqual(
      expect.objectContaining({
        type: 'psychological',
        status: 'planned',
        providerInstitutionId: null,
        plannedDate: '2026-01-20',
        version: 1,
      }),
    );
    const partner = await plan(c.id, {
      type: 'legal',
      plannedDate: '2026-01-18',
      providerInstitutionId: w.ids.institution,
    }).expect(201);
    expect(partner.body.providerInstitutionName).toBe('Polrestabes — Unit PPA');
    const list = await api().get(`/api/cases/${c.id}/services`).set(bearer(w.tokens.coordinator)).expect(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((s: any) => s.type)).toEqual(['psychological', 'legal']);
    // the coordinator reads the note in full
    expect(list.body.items[0].notes).toBe(note);
    expect(await rawRows(w, 'support_services')).not.toContain('ZX-SERVICE-NOTE');
    expectNoVictimValues(await rawRows(w, 'support_services'), c.person, 'support_services rows');
    expect((await eventsOf(w, c.id)).slice(-2).map((e) => e.summaryKey)).toEqual([
      'events.service.planned.psychological',
      'events.service.planned.legal',
    ]);
  });

  it('refuses bad input (400) and an unknown provider (422 INSTITUTION_NOT_FOUND)', async () => {
    const c = await caseInCounseling(w);
    for (const body of [
      {},
      { type: 'massage', plannedDate: '2026-01-20' },
      { type: 'medical', plannedDate: '20/01/2026' },
      { type: 'medical', plannedDate: '2026-01-20', providerInstitutionId: 'polisi' },
      { type: 'medical', plannedDate: '2026-01-20', status: 'delivered' },
      { type: 'medical', plannedDate: '2026-01-20', notes: 42 },
    ]) {
      expectErrorShape((await plan(c.id, body)).body, 400, 'VALIDATION_FAILED');
    }
    const unknown = await plan(c.id, {
      type: 'medical',
      plannedDate: '2026-01-20',
      providerInstitutionId: '00000000-0000-4000-8000-000000000000',
    });
    expectErrorShape(unknown.body, 422, 'INSTITUTION_NOT_FOUND');
    expect(await eventsOf(w, c.id)).toHaveLength(3);
  });

  it('moves planned → delivered or cancelled once; both are final (409 CASE_SERVICE_STATUS_FINAL)', async () => {
    const c = await caseInCounseling(w);
    const medical = (await plan(c.id, { type: 'medical', plannedDate: '2026-01-14' }).expect(201)).body;
    // what a change may and may not say
    expectErrorShape((await patch(c.id, medical.id, { version: 1 })).body, 400, 'VALIDATION_FAILED');
    expectErrorShape(
      (await patch(c.id, medical.id, { version: 1, status: 'planned' })).body,
      400,
      'VALIDATION_FAILED',
    );
    expectErrorShape(
      (await patch(c.id, medical.id, { version: 1, deliveredAt: '2026-01-14' })).body,
      400,
      'VALIDATION_FAILED',
    );
    expectErrorShape((await patch(c.id, medical.id, { status: 'delivered' })).body, 400, 'VALIDATION_FAILED');
    expectErrorShape(
      (await patch(c.id, medical.id, { version: 2, status: 'delivered' })).body,
      409,
      'VERSION_CONFLICT',
    );
    expectErrorShape(
      (await patch(c.id, medical.id, { version: 1, status: 'delivered', deliveredAt: '2026-01-16' })).body,
      422,
      'DATE_IN_FUTURE',
    );
    // notes only
    const updatedNote = personalText('Visum di RSUD ZX-UPDATED-NOTE', c.person);
    const noted = await expectOneEvent(w, c.id, 'service.updated', () =>
      patch(c.id, medical.id, { version: 1, notes: updatedNote }).expect(200),
    );
    expect(noted.body).toEqual(
      expect.objectContaining({ status: 'planned', version: 2, notes: updatedNote }),
    );
    const delivered = await expectOneEvent(w, c.id, 'service.delivered', () =>
      patch(c.id, medical.id, { version: 2, status: 'delivered' }).expect(200),
    );
    expect(delivered.body).toEqual(
      expect.objectContaining({ status: 'delivered', deliveredAt: '2026-01-15', version: 3 }),
    );
    const final = await patch(c.id, medical.id, { version: 3, status: 'cancelled' });
    expectErrorShape(final.body, 409, 'CASE_SERVICE_STATUS_FINAL');
    expectErrorShape(
      (await patch(c.id, medical.id, { version: 3, notes: 'late' })).body,
      409,
      'CASE_SERVICE_STATUS_FINAL',
    );

    const spiritual = (await plan(c.id, { type: 'spiritual', plannedDate: '2026-01-17' }).expect(201)).body;
    const cancelled = await expectOneEvent(w, c.id, 'service.cancelled', () =>
      patch(c.id, spiritual.id, { version: 1, status: 'cancelled' }).expect(200),
    );
    expect(cancelled.body).toEqual(expect.objectContaining({ status: 'cancelled', deliveredAt: null }));
    expectErrorShape(
      (await patch(c.id, spiritual.id, { version: 2, status: 'delivered' })).body,
      409,
      'CASE_SERVICE_STATUS_FINAL',
    );
    const backdated = (await plan(c.id, { type: 'mediation', plannedDate: '2026-01-12' }).expect(201)).body;
    const done = await patch(c.id, backdated.id, {
      version: 1,
      status: 'delivered',
      deliveredAt: '2026-01-13',
    }).expect(200);
    expect(done.body.deliveredAt).toBe('2026-01-13');

    await patch(c.id, '00000000-0000-4000-8000-000000000000', { version: 1, status: 'delivered' }).expect(
      404,
    );
    await patch(c.id, 'not-an-id', { version: 1, status: 'delivered' }).expect(404);
    expect(await rawRows(w, 'case_events')).not.toContain('ZX-UPDATED-NOTE');
    const keys = (await eventsOf(w, c.id)).map((e) => e.summaryKey);
    expect(keys).toEqual(
      expect.arrayContaining([
        'events.service.delivered.medical',
        'events.service.cancelled.spiritual',
        'events.service.updated.medical',
      ]),
    );
  });

  it('keeps services from the front desk (403), other counselors (404), the admin and partners (403)', async () => {
    const c = await caseInCounseling(w);
    const s = (await plan(c.id, { type: 'psychosocial', plannedDate: '2026-01-20' }).expect(201)).body;
    const path = `/api/cases/${c.id}/services`;
    for (const [token, status] of [
      [w.tokens.frontdesk, 403],
      [w.tokens.counselor2, 404],
      [w.tokens.admin, 403],
      [w.tokens.team, 403],
    ] as const) {
      expect((await api().get(path).set(bearer(token))).status).toBe(status);
      expect((await plan(c.id, { type: 'medical', plannedDate: '2026-01-20' }, token)).status).toBe(status);
      expect((await patch(c.id, s.id, { version: 1, status: 'delivered' }, token)).status).toBe(status);
    }
    expect(await eventsOf(w, c.id)).toHaveLength(4);
  });

  it('refuses changes once the case is closed (422 CASE_CLOSED)', async () => {
    const c = await caseInCounseling(w);
    const s = (await plan(c.id, { type: 'medical', plannedDate: '2026-01-14' }).expect(201)).body;
    const detail = await api().get(`/api/cases/${c.id}`).set(bearer(w.tokens.coordinator)).expect(200);
    await api()
      .post(`/api/cases/${c.id}/transitions`)
      .set(bearer(w.tokens.coordinator))
      .send({ transition: 'close', version: detail.body.version, closureReason: 'victim_withdrew' })
      .expect(200);
    expectErrorShape(
      (await plan(c.id, { type: 'medical', plannedDate: '2026-01-14' })).body,
      422,
      'CASE_CLOSED',
    );
    expectErrorShape((await patch(c.id, s.id, { version: 1, status: 'delivered' })).body, 422, 'CASE_CLOSED');
  });

  it('plans and updates from the case page, redirecting to #services (with ?error= when refused)', async () => {
    const c = await caseInCounseling(w);
    const agent = await pageLogin(w.t, 'c1');
    const page = await agent.get(`/cases/${c.id}/services`).expect(200);
    expect(page.text).toContain('id="services"');
    const csrf = csrfFrom(page.text);
    const ok = await agent
      .post(`/cases/${c.id}/services`)
      .type('form')
      .send({ _csrf: csrf, type: 'medical', plannedDate: '2026-01-16', providerInstitutionId: '', notes: '' })
      .expect(303);
    expect(ok.headers.location).toBe(`/cases/${c.id}/services#services`);
    const bad = await agent
      .post(`/cases/${c.id}/services`)
      .type('form')
      .send({ _csrf: csrf, type: 'magic', plannedDate: '2026-01-16' })
      .expect(303);
    expect(bad.headers.location).toBe(`/cases/${c.id}/services?error=VALIDATION_FAILED#services`);
    const [service] = (
      await api().get(`/api/cases/${c.id}/services`).set(bearer(w.tokens.counselor)).expect(200)
    ).body.items;
    expect(service).toEqual(
      expect.objectContaining({ type: 'medical', providerInstitutionId: null, notes: null }),
    );
    const after = await agent.get(`/cases/${c.id}/services`).expect(200);
    expect(after.text).toContain(`action="/cases/${c.id}/services/${service.id}"`);
    const delivered = await agent
      .post(`/cases/${c.id}/services/${service.id}`)
      .type('form')
      .send({
        _csrf: csrf,
        version: String(service.version),
        status: 'delivered',
        deliveredAt: '',
        notes: '',
      })
      .expect(303);
    expect(delivered.headers.location).toBe(`/cases/${c.id}/services#services`);
    const final = await agent
      .post(`/cases/${c.id}/services/${service.id}`)
      .type('form')
      .send({ _csrf: csrf, version: String(service.version + 1), status: 'cancelled' })
      .expect(303);
    expect(final.headers.location).toBe(`/cases/${c.id}/services?error=CASE_SERVICE_STATUS_FINAL#services`);
    const fd = await pageLogin(w.t, 'fd');
    expect((await fd.get(`/cases/${c.id}/services`)).text).not.toContain('id="services"');
  });
});
