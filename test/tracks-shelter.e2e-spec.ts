import request from 'supertest';
import { apiLogin, csrfFrom, expectErrorShape, pageLogin } from './support/test-app';
import { expectNoVictimValues, personalText } from './support/case-fixtures';
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

describe('case tracks: shelter (e2e)', () => {
  let w: TrackWorld;
  beforeAll(async () => {
    w = await createTrackWorld();
  });
  afterAll(() => w.t.close());

  const api = () => request(w.t.server);
  let houseCounter = 0;

  async function safeHouse(capacity: number, extra: Record<string, unknown> = {}) {
    houseCounter++;
    const res = await api()
      .post('/api/safe-houses')
      .set(bearer(w.tokens.coordinator))
      .send({
        name: `Rumah Melati ${houseCounter}`,
        capacity,
        address: `Jl. Rahasia ${houseCounter} ZX-ADDRESS`,
        ...extra,
      });
    expect(res.status).toBe(201);
    return res.body as { id: string; name: string; version: number };
  }

  /** A case in initial counseling whose latest risk assessment records (or not) a threat to life. */
  async function assessedCase(threatToLife = true, counselorToken = w.tokens.counselor) {
    const c = await caseInCounseling(w);
    await api()
      .post(`/api/cases/${c.id}/risk-assessments`)
      .set(bearer(counselorToken))
      .send({
        assessedAt: '2026-01-15',
        threatToLife,
        riskLevel: threatToLife ? 'critical' : 'medium',
        factors: [],
      })
      .expect(201);
    return { ...c, version: await caseVersion(w, c.id) };
  }

  const admit = (
    caseId: string,
    version: number,
    safeHouseId?: string,
    extra: Record<string, unknown> = {},
  ) =>
    fire(w, w.tokens.counselor, caseId, { transition: 'admit_to_shelter', version, safeHouseId, ...extra });

  describe('safe houses', () => {
    it('lets coordinators register and edit safe houses; the address is encrypted under its own key', async () => {
      const house = await safeHouse(3);
      expect(house).toEqual(
        expect.objectContaining({ capacity: 3, occupied: 0, free: 3, isActive: true, version: 1 }),
      );
      expect(await rawRows(w, 'safe_houses')).not.toContain('ZX-ADDRESS');
      const keys = await w.t.dataSource.query(`SELECT scope FROM data_keys WHERE scope = 'safe_house'`);
      expect(keys.length).toBeGreaterThanOrEqual(1);
      const patched = await api()
        .patch(`/api/safe-houses/${house.id}`)
        .set(bearer(w.tokens.coordinator))
        .send({ version: 1, capacity: 4, address: 'Jl. Baru ZX-ADDRESS-2' })
        .expect(200);
      expect(patched.body).toEqual(
        expect.objectContaining({ capacity: 4, version: 2, address: 'Jl. Baru ZX-ADDRESS-2' }),
      );
      expectErrorShape(
        (
          await api()
            .patch(`/api/safe-houses/${house.id}`)
            .set(bearer(w.tokens.coordinator))
            .send({ version: 1, capacity: 5 })
        ).body,
        409,
        'VERSION_CONFLICT',
      );
      const list = await api().get('/api/safe-houses').set(bearer(w.tokens.coordinator)).expect(200);
      expect(
        list.body.items.some((h: any) => h.id === house.id && h.address === 'Jl. Baru ZX-ADDRESS-2'),
      ).toBe(true);
      expectErrorShape(
        (
          await api()
            .post('/api/safe-houses')
            .set(bearer(w.tokens.coordinator))
            .send({ name: house.name, capacity: 2 })
        ).body,
        409,
        'SAFE_HOUSE_NAME_TAKEN',
      );
    });

    it('refuses bad input (400) and everyone but coordinators (403)', async () => {
      for (const body of [
        {},
        { name: 'A', capacity: 2 },
        { name: 'Rumah', capacity: 0 },
        { name: 'Rumah', capacity: 2.5 },
        { name: 'Rumah', capacity: 2, extra: 1 },
      ]) {
        expectErrorShape(
          (await api().post('/api/safe-houses').set(bearer(w.tokens.coordinator)).send(body)).body,
          400,
          'VALIDATION_FAILED',
        );
      }
      for (const token of [w.tokens.counselor, w.tokens.frontdesk, w.tokens.admin, w.tokens.team]) {
        expectErrorShape((await api().get('/api/safe-houses').set(bearer(token))).body, 403, 'FORBIDDEN');
        await api()
          .post('/api/safe-houses')
          .set(bearer(token))
          .send({ name: 'Rumah Mawar', capacity: 2 })
          .expect(403);
      }
      await api()
        .get('/api/safe-houses/00000000-0000-4000-8000-000000000000')
        .set(bearer(w.tokens.coordinator))
        .expect(404);
      await api()
        .patch('/api/safe-houses/nope')
        .set(bearer(w.tokens.coordinator))
        .send({ version: 1 })
        .expect(404);
    });
  });

  describe('admission through the workflow', () => {
    it('refuses admission without a current threat-to-life assessment (NO_THREAT_TO_LIFE)', async () => {
      const house = await safeHouse(2);
      const none = await caseInCounseling(w);
      expectErrorShape((await admit(none.id, none.version, house.id)).body, 422, 'NO_THREAT_TO_LIFE');
      const noThreat = await assessedCase(false);
      expectErrorShape((await admit(noThreat.id, noThreat.version, house.id)).body, 422, 'NO_THREAT_TO_LIFE');
      // a later assessment without the threat closes the way again
      const was = await assessedCase(true);
      await api()
        .post(`/api/cases/${was.id}/risk-assessments`)
        .set(bearer(w.tokens.counselor))
        .send({ assessedAt: '2026-01-15', threatToLife: false, riskLevel: 'low', factors: [] })
        .expect(201);
      expectErrorShape((await admit(was.id, was.version, house.id)).body, 422, 'NO_THREAT_TO_LIFE');
      expect((await eventsOf(w, none.id)).map((e) => e.type)).not.toContain('workflow.admit_to_shelter');
    });

    it('needs a safe house, an active one, and sensible planned days', async () => {
      const house = await safeHouse(2);
      const inactive = await safeHouse(2, { isActive: false });
      const c = await assessedCase();
      expectErrorShape((await admit(c.id, c.version)).body, 422, 'SAFE_HOUSE_REQUIRED');
      expectErrorShape((await admit(c.id, c.version, inactive.id)).body, 422, 'SAFE_HOUSE_UNAVAILABLE');
      expectErrorShape(
        (await admit(c.id, c.version, '00000000-0000-4000-8000-000000000000')).body,
        422,
        'SAFE_HOUSE_UNAVAILABLE',
      );
      expectErrorShape(
        (await admit(c.id, c.version, house.id, { plannedDays: 0 })).body,
        400,
        'VALIDATION_FAILED',
      );
      expectErrorShape(
        (await admit(c.id, c.version, house.id, { plannedDays: 366 })).body,
        400,
        'VALIDATION_FAILED',
      );
    });

    it('admits into a free place: one event, a stay with planned days, stage sheltered; a full house refuses (NO_FREE_SHELTER_PLACE)', async () => {
      const house = await safeHouse(1);
      const first = await assessedCase();
      const admitted = await expectOneEvent(w, first.id, 'workflow.admit_to_shelter', () =>
        admit(first.id, first.version, house.id, { plannedDays: 10 }),
      );
      expect(admitted.status).toBe(200);
      expect(admitted.body.stage).toBe('sheltered');
      const stays = await api()
        .get(`/api/cases/${first.id}/shelter-stays`)
        .set(bearer(w.tokens.counselor))
        .expect(200);
      expect(stays.body.total).toBe(1);
      expect(stays.body.items[0]).toEqual(
        expect.objectContaining({
          safeHouseId: house.id,
          safeHouseName: house.name,
          status: 'admitted',
          plannedDays: 10,
          plannedUntil: '2026-01-25',
          overdue: false,
        }),
      );
      const second = await assessedCase();
      expectErrorShape((await admit(second.id, second.version, house.id)).body, 422, 'NO_FREE_SHELTER_PLACE');
      // the default stay is 14 days
      const roomy = await safeHouse(1);
      const third = await assessedCase();
      await admit(third.id, third.version, roomy.id).expect(200);
      const thirdStays = await api()
        .get(`/api/cases/${third.id}/shelter-stays`)
        .set(bearer(w.tokens.coordinator))
        .expect(200);
      expect(thirdStays.body.items[0]).toEqual(
        expect.objectContaining({ plannedDays: 14, plannedUntil: '2026-01-29' }),
      );
    });

    it('gives the last place to exactly one of two concurrent admissions', async () => {
      const house = await safeHouse(1);
      const a = await assessedCase();
      const b = await assessedCase();
      const results = await Promise.all([admit(a.id, a.version, house.id), admit(b.id, b.version, house.id)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
      expect(results.find((r) => r.status === 422)!.body.code).toBe('NO_FREE_SHELTER_PLACE');
      const p = w.t.dialect === 'postgres' ? '$1' : '?';
      const rows = await w.t.dataSource.query(
        `SELECT COUNT(*) AS n FROM shelter_stays WHERE "safeHouseId" = ${p} AND status = 'admitted'`,
        [house.id],
      );
      expect(Number(rows[0].n)).toBe(1);
      const occupancy = await api()
        .get('/api/shelter/occupancy')
        .set(bearer(w.tokens.coordinator))
        .expect(200);
      expect(occupancy.body.houses.find((h: any) => h.id === house.id)).toEqual(
        expect.objectContaining({ capacity: 1, occupied: 1, free: 0 }),
      );
    });

    it('shows free places in the transition options preview, and no second admission while one stay is active', async () => {
      const house = await safeHouse(2);
      const c = await assessedCase();
      const options = await api()
        .get(`/api/cases/${c.id}/transitions`)
        .set(bearer(w.tokens.counselor))
        .expect(200);
      expect(options.body.transitions.find((o: any) => o.transition === 'admit_to_shelter').allowed).toBe(
        true,
      );
      await admit(c.id, c.version, house.id).expect(200);
      await api()
        .post(`/api/cases/${c.id}/counseling-sessions`)
        .set(bearer(w.tokens.counselor))
        .send({ heldAt: '2026-01-15' })
        .expect(201);
      await fire(w, w.tokens.counselor, c.id, {
        transition: 'start_support',
        version: await caseVersion(w, c.id),
      }).expect(200);
      const again = await admit(c.id, await caseVersion(w, c.id), house.id);
      expectErrorShape(again.body, 422, 'ACTIVE_SHELTER_STAY');
    });
  });

  describe('stays, discharge and closure', () => {
    it('refuses closure while a stay is active (ACTIVE_SHELTER_STAY) and allows it after discharge', async () => {
      const house = await safeHouse(1);
      const c = await assessedCase();
      await admit(c.id, c.version, house.id).expect(200);
      const close = async () =>
        fire(w, w.tokens.coordinator, c.id, {
          transition: 'close',
          version: await caseVersion(w, c.id),
          closureReason: 'resolved',
        });
      expectErrorShape((await close()).body, 422, 'ACTIVE_SHELTER_STAY');
      const stays = await api()
        .get(`/api/cases/${c.id}/shelter-stays`)
        .set(bearer(w.tokens.counselor))
        .expect(200);
      const stay = stays.body.items[0];
      const discharge = (token: string, body: Record<string, unknown>) =>
        api().post(`/api/cases/${c.id}/shelter-stays/${stay.id}/discharge`).set(bearer(token)).send(body);
      // bad input, stale version, wrong people
      expectErrorShape(
        (await discharge(w.tokens.counselor, { reason: 'escaped', version: stay.version })).body,
        400,
        'VALIDATION_FAILED',
      );
      expectErrorShape(
        (await discharge(w.tokens.counselor, { reason: 'returned_home' })).body,
        400,
        'VALIDATION_FAILED',
      );
      expectErrorShape(
        (await discharge(w.tokens.counselor, { reason: 'returned_home', version: stay.version + 1 })).body,
        409,
        'VERSION_CONFLICT',
      );
      expectErrorShape(
        (await discharge(w.tokens.frontdesk, { reason: 'returned_home', version: stay.version })).body,
        403,
        'FORBIDDEN',
      );
      expectErrorShape(
        (await discharge(w.tokens.counselor2, { reason: 'returned_home', version: stay.version })).body,
        404,
        'NOT_FOUND',
      );
      expectErrorShape(
        (await discharge(w.tokens.admin, { reason: 'returned_home', version: stay.version })).body,
        403,
        'FORBIDDEN',
      );
      await api()
        .post(`/api/cases/${c.id}/shelter-stays/00000000-0000-4000-8000-000000000000/discharge`)
        .set(bearer(w.tokens.counselor))
        .send({ reason: 'returned_home', version: 1 })
        .expect(404);
      const done = await expectOneEvent(w, c.id, 'shelter.discharged', () =>
        discharge(w.tokens.counselor, {
          reason: 'moved_to_family',
          version: stay.version,
          note: personalText('Dijemput kakak ZX-DISCHARGE', c.person),
        }).expect(200),
      );
      expect(done.body).toEqual(
        expect.objectContaining({
          status: 'discharged',
          dischargeReason: 'moved_to_family',
          version: stay.version + 1,
        }),
      );
      expect(done.body.dischargedAt).toBe('2026-01-15T08:00:00.000Z');
      expectErrorShape(
        (await discharge(w.tokens.counselor, { reason: 'returned_home', version: stay.version + 1 })).body,
        409,
        'SHELTER_STAY_NOT_ACTIVE',
      );
      expect(await rawRows(w, 'case_events')).not.toContain('ZX-DISCHARGE');
      expectNoVictimValues(await rawRows(w, 'case_events'), c.person, 'case_events rows');
      const [last] = (await eventsOf(w, c.id)).slice(-1);
      expect(last.summaryKey).toBe('events.shelter.discharged.moved_to_family');
      const closed = await close();
      expect(closed.status).toBe(200);
      expect(closed.body.stage).toBe('closed');
    });

    it('keeps stays from the front desk (403), other counselors (404), the admin and partners (403)', async () => {
      const house = await safeHouse(1);
      const c = await assessedCase();
      await admit(c.id, c.version, house.id).expect(200);
      const path = `/api/cases/${c.id}/shelter-stays`;
      expectErrorShape((await api().get(path).set(bearer(w.tokens.frontdesk))).body, 403, 'FORBIDDEN');
      expectErrorShape((await api().get(path).set(bearer(w.tokens.counselor2))).body, 404, 'NOT_FOUND');
      expectErrorShape((await api().get(path).set(bearer(w.tokens.admin))).body, 403, 'FORBIDDEN');
      expectErrorShape((await api().get(path).set(bearer(w.tokens.team))).body, 403, 'FORBIDDEN');
      for (const token of [w.tokens.frontdesk, w.tokens.admin, w.tokens.team]) {
        await api().get('/api/shelter/occupancy').set(bearer(token)).expect(403);
      }
    });
  });

  describe('occupancy', () => {
    it('counts places per house, lists only the caller’s cases’ stays, never names, and flags overdue stays', async () => {
      const house = await safeHouse(3);
      const mine = await assessedCase();
      await admit(mine.id, mine.version, house.id, { plannedDays: 2 }).expect(200);
      const theirs = await caseInCounseling(w, w.ids.c2);
      await api()
        .post(`/api/cases/${theirs.id}/risk-assessments`)
        .set(bearer(w.tokens.counselor2))
        .send({ assessedAt: '2026-01-15', threatToLife: true, riskLevel: 'high', factors: ['weapon'] })
        .expect(201);
      await fire(w, w.tokens.counselor2, theirs.id, {
        transition: 'admit_to_shelter',
        version: await caseVersion(w, theirs.id),
        safeHouseId: house.id,
        plannedDays: 30,
      }).expect(200);

      const asCounselor = await api()
        .get('/api/shelter/occupancy')
        .set(bearer(w.tokens.counselor))
        .expect(200);
      expect(asCounselor.body.houses.find((h: any) => h.id === house.id)).toEqual(
        expect.objectContaining({ capacity: 3, occupied: 2, free: 1, isActive: true }),
      );
      const caseIds = asCounselor.body.stays.map((s: any) => s.caseId);
      expect(caseIds).toContain(mine.id);
      expect(caseIds).not.toContain(theirs.id);
      const asCoordinator = await api()
        .get('/api/shelter/occupancy')
        .set(bearer(w.tokens.coordinator))
        .expect(200);
      const stay = asCoordinator.body.stays.find((s: any) => s.caseId === mine.id);
      expect(stay).toEqual(
        expect.objectContaining({
          caseNumber: mine.number,
          safeHouseName: house.name,
          plannedUntil: '2026-01-17',
          overdue: false,
        }),
      );
      expect(asCoordinator.body.stays.map((s: any) => s.caseId)).toContain(theirs.id);
      expect(JSON.stringify(asCoordinator.body)).not.toMatch(/Siti|Rahmawati|ZX-ADDRESS/);
      for (const c of [mine, theirs])
        expectNoVictimValues(JSON.stringify(asCoordinator.body), c.person, 'occupancy');
      expect(asCoordinator.body.totals.occupied).toBeGreaterThanOrEqual(2);
      // the capacity cannot drop below the residents
      const shrink = await api()
        .patch(`/api/safe-houses/${house.id}`)
        .set(bearer(w.tokens.coordinator))
        .send({ version: 1, capacity: 1 });
      expectErrorShape(shrink.body, 422, 'SAFE_HOUSE_CAPACITY_BELOW_OCCUPANCY');
      await api()
        .patch(`/api/safe-houses/${house.id}`)
        .set(bearer(w.tokens.coordinator))
        .send({ version: 1, capacity: 2 })
        .expect(200);

      // three days later the 2-day stay is overdue (sessions have expired meanwhile: log in again)
      w.t.clock.advanceMinutes(3 * 24 * 60);
      const token = await apiLogin(w.t, 'coord');
      const later = await api().get('/api/shelter/occupancy').set(bearer(token)).expect(200);
      expect(later.body.stays.find((s: any) => s.caseId === mine.id)).toEqual(
        expect.objectContaining({ overdue: true, daysOverdue: 1 }),
      );
      expect(later.body.stays.find((s: any) => s.caseId === theirs.id).overdue).toBe(false);
      const stays = await api().get(`/api/cases/${mine.id}/shelter-stays`).set(bearer(token)).expect(200);
      expect(stays.body.items[0].overdue).toBe(true);
      w.tokens.coordinator = token;
      w.tokens.counselor = await apiLogin(w.t, 'c1');
      w.tokens.counselor2 = await apiLogin(w.t, 'c2');
      w.tokens.frontdesk = await apiLogin(w.t, 'fd');
      w.tokens.admin = await apiLogin(w.t, 'adm');
    });
  });

  describe('pages', () => {
    it('shows the occupancy board to staff with shelter.read and the safe-house administration to coordinators', async () => {
      const counselor = await pageLogin(w.t, 'c1');
      const board = await counselor.get('/shelter').expect(200);
      expect(board.text).toContain('<h1>');
      expect(board.text).not.toMatch(/Siti|Rahmawati|ZX-ADDRESS/);
      expect(board.text).toContain('href="/shelter"');
      await counselor.get('/shelter/safe-houses').expect(403);
      const fd = await pageLogin(w.t, 'fd');
      await fd.get('/shelter').expect(403);
      const fdHome = await fd.get('/').expect(200);
      expect(fdHome.text).not.toContain('href="/shelter"');

      const coord = await pageLogin(w.t, 'coord');
      const form = await coord.get('/shelter/safe-houses/new').expect(200);
      const created = await coord
        .post('/shelter/safe-houses')
        .type('form')
        .send({
          _csrf: csrfFrom(form.text),
          name: 'Rumah Kenanga',
          capacity: '2',
          address: 'Gang Sunyi ZX-FORM-ADDRESS',
          isActive: 'on',
        })
        .expect(303);
      expect(created.headers.location).toBe('/shelter/safe-houses');
      const list = await coord.get('/shelter/safe-houses').expect(200);
      expect(list.text).toContain('Rumah Kenanga');
      const bad = await coord
        .post('/shelter/safe-houses')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), name: 'Rumah Kenanga', capacity: '2' });
      expect(bad.status).toBe(409);
      expect(bad.text).toContain('id="form-error"');
      const invalid = await coord
        .post('/shelter/safe-houses')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), name: 'R', capacity: 'x' });
      expect(invalid.status).toBe(400);
      const houses = await api()
        .get('/api/safe-houses?pageSize=100')
        .set(bearer(w.tokens.coordinator))
        .expect(200);
      const kenanga = houses.body.items.find((h: any) => h.name === 'Rumah Kenanga');
      const edit = await coord.get(`/shelter/safe-houses/${kenanga.id}`).expect(200);
      expect(edit.text).toContain('ZX-FORM-ADDRESS');
      await coord
        .post(`/shelter/safe-houses/${kenanga.id}`)
        .type('form')
        .send({
          _csrf: csrfFrom(edit.text),
          name: 'Rumah Kenanga',
          capacity: '5',
          address: '',
          version: String(kenanga.version),
        })
        .expect(303);
      const after = await api()
        .get(`/api/safe-houses/${kenanga.id}`)
        .set(bearer(w.tokens.coordinator))
        .expect(200);
      expect(after.body).toEqual(expect.objectContaining({ capacity: 5, isActive: false, address: null }));
    });

    it('discharges from the case page and redirects back to the shelter section', async () => {
      const house = await safeHouse(1);
      const c = await assessedCase();
      await admit(c.id, c.version, house.id).expect(200);
      const agent = await pageLogin(w.t, 'c1');
      const page = await agent.get(`/cases/${c.id}/shelter`).expect(200);
      expect(page.text).toContain('id="shelter"');
      expect(page.text).toContain(house.name);
      const stays = await api()
        .get(`/api/cases/${c.id}/shelter-stays`)
        .set(bearer(w.tokens.counselor))
        .expect(200);
      const stay = stays.body.items[0];
      expect(page.text).toContain(`/cases/${c.id}/shelter-stays/${stay.id}/discharge`);
      const csrf = csrfFrom(page.text);
      const bad = await agent
        .post(`/cases/${c.id}/shelter-stays/${stay.id}/discharge`)
        .type('form')
        .send({ _csrf: csrf, reason: '', version: String(stay.version) })
        .expect(303);
      expect(bad.headers.location).toBe(`/cases/${c.id}/shelter?error=VALIDATION_FAILED#shelter`);
      const ok = await agent
        .post(`/cases/${c.id}/shelter-stays/${stay.id}/discharge`)
        .type('form')
        .send({ _csrf: csrf, reason: 'returned_home', version: String(stay.version) })
        .expect(303);
      expect(ok.headers.location).toBe(`/cases/${c.id}/shelter#shelter`);
      const again = await agent
        .post(`/cases/${c.id}/shelter-stays/${stay.id}/discharge`)
        .type('form')
        .send({ _csrf: csrf, reason: 'returned_home', version: String(stay.version + 1) })
        .expect(303);
      expect(again.headers.location).toBe(`/cases/${c.id}/shelter?error=SHELTER_STAY_NOT_ACTIVE#shelter`);
      // the front desk's view of the case (registered by them) never shows the shelter
      const fd = await pageLogin(w.t, 'fd');
      const fdPage = await fd.get(`/cases/${c.id}/shelter`);
      expect(fdPage.text).not.toContain('id="shelter"');
      expect(fdPage.text).not.toContain(house.name);
    });
  });
});
