/**
 * Issue 19 item 6, handing over a caseload: a coordinator moves several cases at once (e.g. all of a
 * counselor who leaves) to one or several counselors (shared in turn), in one transaction through the
 * one assignment path: each case's history records its new counselor, the new and the earlier
 * counselor are notified; a refusal (a closed case, a target who is not a counselor) moves nothing.
 * The page shows the plan and changes nothing until it is confirmed.
 */
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { bearer, registerCase } from './support/case-fixtures';
import {
  apiLogin,
  createTestApp,
  createUser,
  csrfFrom,
  expectErrorShape,
  pageLogin,
  TestApp,
} from './support/test-app';

describe('caseload handover (e2e)', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const api = (who: string, lang = 'id') => ({
    get: (url: string) => request(t.server).get(url).set(bearer(tok[who])).set('Accept-Language', lang),
    post: (url: string, body: object = {}) =>
      request(t.server).post(url).set(bearer(tok[who])).set('Accept-Language', lang).send(body),
  });
  const caseOf = async (id: string) => (await api('coord').get(`/api/cases/${id}`).expect(200)).body;
  const history = async (id: string) =>
    (await api('coord', 'en').get(`/api/cases/${id}/history?pageSize=100`).expect(200)).body.items as any[];
  const notes = async (who: string) =>
    (await api(who).get('/api/notifications?pageSize=100').expect(200)).body.items as any[];

  async function caseOfCounselor(counselor: string) {
    const c = await registerCase(t, tok.fd);
    await api('coord')
      .post(`/api/cases/${c.id}/assignment`, { counselorId: ids[counselor], version: 1 })
      .expect(200);
    return c;
  }

  beforeAll(async () => {
    t = await createTestApp();
    for (const u of ['leaving', 'c2', 'c3', 'c4']) ids[u] = (await createUser(t, u, [Role.Counselor])).id;
    ids.coord = (await createUser(t, 'coord', [Role.Coordinator])).id;
    ids.fd = (await createUser(t, 'fd', [Role.FrontDesk])).id;
    await createUser(t, 'adm', [Role.Admin]);
    for (const u of ['leaving', 'c2', 'c3', 'c4', 'coord', 'fd', 'adm']) tok[u] = await apiLogin(t, u);
  });
  afterAll(() => t.close());

  it('hands every case of a leaving counselor over to two counselors in turn, each on its history and notified', async () => {
    const cases = [];
    for (let i = 0; i < 3; i++) cases.push(await caseOfCounselor('leaving'));
    const versions = await Promise.all(cases.map(async (c) => (await caseOf(c.id)).version));
    const res = await api('coord')
      .post('/api/caseload-handovers', { caseIds: cases.map((c) => c.id), toCounselorIds: [ids.c2, ids.c3] })
      .expect(200);
    expect(res.body.moves).toEqual([
      {
        caseId: cases[0].id,
        caseNumber: cases[0].number,
        previousCounselorId: ids.leaving,
        counselorId: ids.c2,
      },
      {
        caseId: cases[1].id,
        caseNumber: cases[1].number,
        previousCounselorId: ids.leaving,
        counselorId: ids.c3,
      },
      {
        caseId: cases[2].id,
        caseNumber: cases[2].number,
        previousCounselorId: ids.leaving,
        counselorId: ids.c2,
      },
    ]);
    for (const [i, c] of cases.entries()) {
      const now = await caseOf(c.id);
      expect(now.assignedCounselorId).toBe(i === 1 ? ids.c3 : ids.c2);
      expect(now.version).toBe(versions[i] + 1);
      const last = (await history(c.id)).at(-1);
      expect(last.type).toBe('case.counselor_assigned');
      expect(last.summary).toBe(`Counselor assigned: Test ${i === 1 ? 'c3' : 'c2'}.`);
    }
    // the new counselors see their cases, the leaving one no longer does
    await api('c2').get(`/api/cases/${cases[0].id}`).expect(200);
    await api('leaving').get(`/api/cases/${cases[0].id}`).expect(404);
    // notifications: case number and link only
    const c2 = (await notes('c2')).filter((n) => n.kind === 'case_handed_over');
    expect(c2.map((n) => n.link).sort()).toEqual([`/cases/${cases[0].id}`, `/cases/${cases[2].id}`].sort());
    expect(c2[0].message).toMatch(/Kasus .+ dialihkan kepada Anda\./);
    expect((await notes('c3')).filter((n) => n.kind === 'case_handed_over')).toHaveLength(1);
    const away = (await notes('leaving')).filter((n) => n.kind === 'case_handed_away');
    expect(away).toHaveLength(3);
    expect(away.map((n) => n.link)).toEqual(['/cases/mine', '/cases/mine', '/cases/mine']);
  });

  it('refuses bad input (400, translated) and other roles (403); a refusal moves nothing', async () => {
    const a = await caseOfCounselor('leaving');
    const b = await caseOfCounselor('leaving');
    const url = '/api/caseload-handovers';
    const empty = await api('coord', 'en')
      .post(url, { caseIds: [], toCounselorIds: [ids.c2] })
      .expect(400);
    expectErrorShape(empty.body, 400, 'VALIDATION_FAILED');
    expect(empty.body.message).toContain('Cases');
    await api('coord')
      .post(url, { caseIds: ['nope'], toCounselorIds: [ids.c2] })
      .expect(400);
    await api('coord')
      .post(url, { caseIds: [a.id, a.id], toCounselorIds: [ids.c2] })
      .expect(400);
    await api('coord')
      .post(url, { caseIds: [a.id] })
      .expect(400);
    for (const who of ['leaving', 'fd', 'adm'])
      expect(
        (
          await api(who)
            .post(url, { caseIds: [a.id], toCounselorIds: [ids.c2] })
            .expect(403)
        ).body.code,
      ).toBe('FORBIDDEN');

    const before = [await caseOf(a.id), await caseOf(b.id)];
    const events = (await history(a.id)).length;
    // a target who is not a counselor
    const notCounselor = await api('coord')
      .post(url, { caseIds: [a.id, b.id], toCounselorIds: [ids.fd] })
      .expect(422);
    expect(notCounselor.body.code).toBe('COUNSELOR_NOT_FOUND');
    // a case that stays with its counselor (round-robin puts b with `leaving`)
    const same = await api('coord')
      .post(url, { caseIds: [a.id, b.id], toCounselorIds: [ids.c2, ids.leaving] })
      .expect(422);
    expect(same.body.code).toBe('HANDOVER_SAME_COUNSELOR');
    // a closed case among them: nothing moves, not even the open one
    await api('coord')
      .post(`/api/cases/${b.id}/transitions`, {
        transition: 'close',
        version: (await caseOf(b.id)).version,
        closureReason: 'resolved',
      })
      .expect(200);
    const closed = await api('coord')
      .post(url, { caseIds: [a.id, b.id], toCounselorIds: [ids.c4] })
      .expect(422);
    expect(closed.body.code).toBe('CASE_CLOSED');
    expect((await caseOf(a.id)).assignedCounselorId).toBe(ids.leaving);
    expect((await caseOf(a.id)).version).toBe(before[0].version);
    expect(await history(a.id)).toHaveLength(events);
    expect((await notes('c4')).filter((n) => n.kind === 'case_handed_over')).toHaveLength(0);
  });

  it('a single assignment still works the same way (the one assignment path)', async () => {
    const c = await caseOfCounselor('c2');
    const v = (await caseOf(c.id)).version;
    await api('coord')
      .post(`/api/cases/${c.id}/assignment`, { counselorId: ids.c3, version: v - 1 })
      .expect(409);
    await api('coord').post(`/api/cases/${c.id}/assignment`, { counselorId: ids.c3, version: v }).expect(200);
    const last = (await history(c.id)).at(-1);
    expect(last.summary).toBe('Counselor assigned: Test c3.');
  });

  it('the page: choose whose caseload, the cases and the counselors, see the plan, confirm', async () => {
    const cases = [await caseOfCounselor('c4'), await caseOfCounselor('c4')];
    const coord = await pageLogin(t, 'coord');
    const first = await coord.get('/caseload-handover').expect(200);
    expect(first.text).toContain('name="from"');
    const page = await coord.get(`/caseload-handover?from=${ids.c4}`).expect(200);
    for (const c of cases) expect(page.text).toContain(`value="${c.id}"`);
    // the leaving counselor is not a target
    expect(page.text).not.toContain(`id="handover-to-${ids.c4}"`);
    const csrf = csrfFrom(page.text);
    const form = (extra: [string, string][]) =>
      new URLSearchParams([
        ['_csrf', csrf],
        ['from', ids.c4],
        ...cases.map((c): [string, string] => ['caseIds', c.id]),
        ...extra,
      ]).toString();

    // no target: back to the page with the problem
    const none = await coord.post('/caseload-handover').type('form').send(form([])).expect(303);
    expect(none.headers.location).toBe(`/caseload-handover?from=${ids.c4}&error=VALIDATION_FAILED`);
    const shown = await coord.get(none.headers.location).expect(200);
    expect(shown.text).toContain('role="alert"');

    // the plan: nothing changes yet
    const plan = await coord
      .post('/caseload-handover')
      .type('form')
      .send(form([['toCounselorIds', ids.c2]]))
      .expect(200);
    expect(plan.text).toContain('name="confirm" value="yes"');
    for (const c of cases) expect(plan.text).toContain(c.number);
    expect((await caseOf(cases[0].id)).assignedCounselorId).toBe(ids.c4);

    const done = await coord
      .post('/caseload-handover')
      .type('form')
      .send(
        form([
          ['toCounselorIds', ids.c2],
          ['confirm', 'yes'],
        ]),
      )
      .expect(303);
    expect(done.headers.location).toBe(`/caseload-handover?from=${ids.c4}`);
    for (const c of cases) expect((await caseOf(c.id)).assignedCounselorId).toBe(ids.c2);
    const after = await coord.get(done.headers.location).expect(200);
    expect(after.text).not.toContain(`value="${cases[0].id}"`);

    // other roles
    const counselor = await pageLogin(t, 'c2');
    await counselor.get('/caseload-handover').expect(403);
  });
});
