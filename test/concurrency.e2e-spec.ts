/**
 * Concurrency (issue 8, suite 3), on sqlite and on PostgreSQL (TEST_DATABASE_URL): many clients at
 * once on the same case (one transition and one assignment win per version; the others get 409;
 * event counts exact; the chain verifies) and on the last free shelter places (never double-booked).
 * Concurrent referral accepts (one wins) are in referrals-track.e2e-spec.ts. Short profile: 12
 * clients; full profile CONCURRENCY_CLIENTS=40 — `npm run test:concurrency`.
 */
import request from 'supertest';
import { CaseEventService } from '../src/case/case-event.service';
import { Case } from '../src/case/case.entity';
import { bearer, registerCase } from './support/case-fixtures';
import { expectEvery } from './support/expect-all';
import { checkFigures } from './support/figures';
import { caseInCounseling, caseVersion, createTrackWorld, fire, TrackWorld } from './tracks-support';

const SHORT = 12;
const N = Number(process.env.CONCURRENCY_CLIENTS ?? SHORT);
jest.setTimeout(Math.max(60_000, N * 4_000));

describe(`concurrency: ${N} clients at once (e2e)`, () => {
  let w: TrackWorld;
  beforeAll(async () => {
    w = await createTrackWorld();
  });
  afterAll(() => w.t.close());

  const eventCount = async (id: string) =>
    (
      await w.t.dataSource.manager.findOneOrFail(Case, {
        where: { id },
        select: { id: true, eventCount: true },
      })
    ).eventCount;

  it('one assignment and one transition win per version; exactly one event each; the chain verifies', async () => {
    const c = await registerCase(w.t, w.tokens.frontdesk);
    const before = await eventCount(c.id);
    const assignments = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        request(w.t.server)
          .post(`/api/cases/${c.id}/assignment`)
          .set(bearer(w.tokens.coordinator))
          .send({ counselorId: i % 2 ? w.ids.c2 : w.ids.c1, version: 1 }),
      ),
    );
    const aStatuses = assignments.map((r) => r.status);
    expect(aStatuses.filter((s) => s === 200)).toHaveLength(1);
    expect(aStatuses.filter((s) => s !== 200)).toEqual(Array(N - 1).fill(409));
    expect(await eventCount(c.id)).toBe(before + 1);

    const version = await caseVersion(w, c.id);
    const transitions = await Promise.all(
      Array.from({ length: N }, () =>
        fire(w, w.tokens.coordinator, c.id, { transition: 'start_counseling', version }),
      ),
    );
    const tStatuses = transitions.map((r) => r.status);
    expect(tStatuses.filter((s) => s === 200)).toHaveLength(1);
    expect(tStatuses.filter((s) => s !== 200)).toEqual(Array(N - 1).fill(409));
    expect(await eventCount(c.id)).toBe(before + 2);
    expect((await w.t.app.get(CaseEventService).verify(c.id)).ok).toBe(true);
  });

  it('different transitions racing from one version: one wins, one event', async () => {
    const c = await caseInCounseling(w);
    await request(w.t.server)
      .post(`/api/cases/${c.id}/counseling-sessions`)
      .set(bearer(w.tokens.counselor))
      .send({ heldAt: '2026-01-15' })
      .expect(201);
    const version = await caseVersion(w, c.id);
    const before = await eventCount(c.id);
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        fire(w, i % 2 ? w.tokens.counselor : w.tokens.coordinator, c.id, {
          transition: i % 2 ? 'start_support' : 'close',
          version,
          closureReason: 'resolved',
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expectEvery(
      results.filter((r) => r.status !== 200),
      (r) => [409, 422].includes(r.status),
      N - 1,
    );
    expect(await eventCount(c.id)).toBe(before + 1);
    expect((await w.t.app.get(CaseEventService).verify(c.id)).ok).toBe(true);
  });

  it.each([1, 3])(
    'gives %i free shelter place(s) to exactly that many of the concurrent admissions',
    async (capacity) => {
      const house = await request(w.t.server)
        .post('/api/safe-houses')
        .set(bearer(w.tokens.coordinator))
        .send({ name: `Rumah Konkuren ${capacity}`, capacity, address: 'Jl. Rahasia' })
        .expect(201);
      const cases: { id: string; version: number }[] = [];
      for (let i = 0; i < N; i++) {
        const c = await caseInCounseling(w);
        await request(w.t.server)
          .post(`/api/cases/${c.id}/risk-assessments`)
          .set(bearer(w.tokens.counselor))
          .send({ assessedAt: '2026-01-15', threatToLife: true, riskLevel: 'critical', factors: [] })
          .expect(201);
        cases.push({ id: c.id, version: await caseVersion(w, c.id) });
      }
      const results = await Promise.all(
        cases.map((c) =>
          fire(w, w.tokens.counselor, c.id, {
            transition: 'admit_to_shelter',
            version: c.version,
            safeHouseId: house.body.id,
          }),
        ),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(capacity);
      const refused = results.filter((r) => r.status !== 200);
      expect(refused.map((r) => [r.status, r.body.code])).toEqual(
        Array(N - capacity).fill([422, 'NO_FREE_SHELTER_PLACE']),
      );
      const p = w.t.dialect === 'postgres' ? '$1' : '?';
      const rows = await w.t.dataSource.query(
        `SELECT COUNT(*) AS n FROM shelter_stays WHERE "safeHouseId" = ${p} AND status = 'admitted'`,
        [house.body.id],
      );
      expect(Number(rows[0].n)).toBe(capacity);
      for (const c of cases) expect((await w.t.app.get(CaseEventService).verify(c.id)).ok).toBe(true);
    },
  );

  it('records its figures (short profile)', () => {
    expect(N).toBeGreaterThanOrEqual(2); // one winner and at least one loser per race
    if (N === SHORT) checkFigures('concurrency', { clients: N });
  });
});
