/**
 * Issue 19 item 5, closure approval: the assigned counselor asks for a case's closure with the
 * reason, the checklist and why; a coordinator approves it (the workflow's `close` transition fires,
 * its guards still apply) or returns it with a comment. Request and decision are on the history,
 * translated; coordinators are notified of a request, the counselor of the decision. The direct
 * `close` by a coordinator stays. The explanation and the comment are encrypted at rest.
 */
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { bearer, referWithConsent, registerCase } from './support/case-fixtures';
import {
  apiLogin,
  createTestApp,
  createUser,
  csrfFrom,
  expectErrorShape,
  pageLogin,
  TestApp,
} from './support/test-app';

const EXPLANATION = 'Korban sudah pindah ke luar kota dan tidak lagi membutuhkan pendampingan';

describe('closure approval (e2e)', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const api = (who: string, lang = 'id') => ({
    get: (url: string) => request(t.server).get(url).set(bearer(tok[who])).set('Accept-Language', lang),
    post: (url: string, body: object = {}) =>
      request(t.server).post(url).set(bearer(tok[who])).set('Accept-Language', lang).send(body),
  });
  const caseOf = async (id: string) => (await api('coord').get(`/api/cases/${id}`).expect(200)).body;
  const history = async (id: string, lang = 'en') =>
    (await api('coord', lang).get(`/api/cases/${id}/history?pageSize=100`).expect(200)).body.items as any[];
  const notes = async (who: string) =>
    (await api(who).get('/api/notifications?pageSize=100').expect(200)).body.items as any[];

  /** A case of counselor c1 in initial counseling. */
  async function counselingCase() {
    const c = await registerCase(t, tok.fd);
    await api('coord').post(`/api/cases/${c.id}/assignment`, { counselorId: ids.c1, version: 1 }).expect(200);
    await api('coord')
      .post(`/api/cases/${c.id}/transitions`, { transition: 'start_counseling', version: 2 })
      .expect(200);
    return c;
  }

  const requestBody = {
    closureReason: 'lost_contact',
    checklist: ['victim_informed', 'records_complete'],
    explanation: EXPLANATION,
  };

  beforeAll(async () => {
    t = await createTestApp();
    ids.c1 = (await createUser(t, 'c1', [Role.Counselor])).id;
    ids.c2 = (await createUser(t, 'c2', [Role.Counselor])).id;
    ids.coord = (await createUser(t, 'coord', [Role.Coordinator])).id;
    ids.coord2 = (await createUser(t, 'coord2', [Role.Coordinator])).id;
    await createUser(t, 'fd', [Role.FrontDesk]);
    await createUser(t, 'adm', [Role.Admin]);
    for (const u of ['c1', 'c2', 'coord', 'coord2', 'fd', 'adm']) tok[u] = await apiLogin(t, u);
    ids.hospital = (
      await api('adm')
        .post('/api/institutions', { name: 'RSUD Kota', type: 'hospital', serviceRoles: ['medical'] })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  it('request → return with a comment → request again → approve: the case closes, all on the history', async () => {
    const c = await counselingCase();
    const url = `/api/cases/${c.id}/closure-request`;
    expect((await api('c1').get(url).expect(200)).body).toEqual({ latest: null });

    // bad input: 400 with a translated message
    const bad = await api('c1', 'en')
      .post(url, { ...requestBody, explanation: 'x' })
      .expect(400);
    expectErrorShape(bad.body, 400, 'VALIDATION_FAILED');
    expect(bad.body.message).not.toMatch(/^[a-z]+\.[a-zA-Z.]+$/);
    const badItem = await api('c1')
      .post(url, { ...requestBody, checklist: ['nope'] })
      .expect(400);
    expectErrorShape(badItem.body, 400, 'VALIDATION_FAILED');
    await api('c1')
      .post(url, { ...requestBody, closureReason: 'bored' })
      .expect(400);

    // who may not ask: another counselor does not see the case, the front desk lacks the permission
    expect((await api('c2').post(url, requestBody).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await api('fd').post(url, requestBody).expect(403)).body.code).toBe('FORBIDDEN');
    await api('adm').post(url, requestBody).expect(403);

    const asked = await api('c1').post(url, requestBody).expect(201);
    expect(asked.body).toEqual(
      expect.objectContaining({
        caseId: c.id,
        caseNumber: c.number,
        status: 'pending',
        closureReason: 'lost_contact',
        checklist: ['victim_informed', 'records_complete'],
        explanation: EXPLANATION,
        requestedById: ids.c1,
      }),
    );
    expect((await api('c1').post(url, requestBody).expect(409)).body.code).toBe('CLOSURE_REQUEST_PENDING');
    // the case is not closed by the request
    expect((await caseOf(c.id)).stage).toBe('initial_counseling');

    // every coordinator is told, with the case number and a link only
    for (const who of ['coord', 'coord2']) {
      const n = (await notes(who)).find((x) => x.kind === 'closure_requested');
      expect(n).toEqual(expect.objectContaining({ link: `/cases/${c.id}#closure` }));
      expect(n.message).toContain(c.number);
      expect(JSON.stringify(n)).not.toContain(EXPLANATION);
    }

    // the pending list (coordinators only)
    const list = (await api('coord').get('/api/closure-requests').expect(200)).body;
    expect(list.items.map((r: any) => r.caseId)).toContain(c.id);
    await api('c1').get('/api/closure-requests').expect(403);

    // the counselor cannot decide
    await api('c1')
      .post(`${url}/approve`, { version: (await caseOf(c.id)).version })
      .expect(403);
    await api('c1').post(`${url}/return`, { comment: 'Tidak' }).expect(403);

    // return: a comment is required
    expectErrorShape(
      (await api('coord').post(`${url}/return`, {}).expect(400)).body,
      400,
      'VALIDATION_FAILED',
    );
    const back = await api('coord')
      .post(`${url}/return`, { comment: 'Mohon pastikan korban sudah diberi tahu' })
      .expect(200);
    expect(back.body).toEqual(
      expect.objectContaining({
        status: 'returned',
        comment: 'Mohon pastikan korban sudah diberi tahu',
        decidedByName: 'Test coord',
      }),
    );
    expect((await api('coord').post(`${url}/return`, { comment: 'Lagi' }).expect(409)).body.code).toBe(
      'CLOSURE_REQUEST_NOT_PENDING',
    );
    const returned = (await notes('c1')).find((x) => x.kind === 'closure_returned');
    expect(returned).toEqual(expect.objectContaining({ link: `/cases/${c.id}#closure` }));
    expect((await api('c1').get(url).expect(200)).body.latest.comment).toBe(
      'Mohon pastikan korban sudah diberi tahu',
    );

    // ask again, all items confirmed; a stale version is refused, the right one closes the case
    await api('c1')
      .post(url, {
        ...requestBody,
        checklist: [
          'goals_reviewed',
          'victim_informed',
          'safety_reviewed',
          'services_ended',
          'records_complete',
        ],
      })
      .expect(201);
    const version = (await caseOf(c.id)).version;
    expect(
      (
        await api('coord')
          .post(`${url}/approve`, { version: version - 1 })
          .expect(409)
      ).body.code,
    ).toBe('VERSION_CONFLICT');
    const approved = await api('coord').post(`${url}/approve`, { version }).expect(200);
    expect(approved.body.status).toBe('approved');
    const closed = await caseOf(c.id);
    expect(closed.stage).toBe('closed');
    expect(closed.closureReason).toBe('lost_contact');
    expect((await notes('c1')).map((x) => x.kind)).toContain('closure_approved');
    // nothing to decide any more; no new request on a closed case
    expect(
      (await api('coord').post(`${url}/approve`, { version: closed.version }).expect(422)).body.code,
    ).toBe('CASE_CLOSED');
    expect((await api('c1').post(url, requestBody).expect(422)).body.code).toBe('CASE_CLOSED');
  });

  it('the history tells the request, the return, the approval and the closure, in both languages', async () => {
    const c = await counselingCase();
    const url = `/api/cases/${c.id}/closure-request`;
    await api('c1').post(url, requestBody).expect(201);
    await api('coord').post(`${url}/return`, { comment: 'Lengkapi dulu' }).expect(200);
    await api('c1').post(url, requestBody).expect(201);
    await api('coord')
      .post(`${url}/approve`, { version: (await caseOf(c.id)).version })
      .expect(200);
    const en = await history(c.id, 'en');
    expect(en.map((e) => e.type).slice(-5)).toEqual([
      'closure.requested',
      'closure.returned',
      'closure.requested',
      'closure.approved',
      'workflow.close',
    ]);
    expect(en.slice(-5).map((e) => e.summary)).toEqual([
      'Closure requested (Lost contact); checklist: 2 of 5 confirmed.',
      'Closure request (Lost contact) returned to the counselor with a comment.',
      'Closure requested (Lost contact); checklist: 2 of 5 confirmed.',
      'Closure request approved (Lost contact).',
      expect.stringContaining('Case closed'),
    ]);
    const id = await history(c.id, 'id');
    expect(id.at(-5)!.summary).toBe(
      'Penutupan kasus diajukan (Kehilangan kontak); daftar periksa: 2 dari 5 dikonfirmasi.',
    );
    expect((await api('coord').get(`/api/cases/${c.id}/verification`).expect(200)).body.ok).toBe(true);
  });

  it("approving runs the close transition's guards: a refusal undoes the approval", async () => {
    const c = await counselingCase();
    const url = `/api/cases/${c.id}/closure-request`;
    await api('c1').post(url, requestBody).expect(201);
    // a guard of `close`: no referral may be open
    await referWithConsent(t, tok.c1, c.id, {
      serviceRole: 'medical',
      institutionId: ids.hospital,
      categories: ['identity'],
      reason: 'Pemeriksaan lanjutan',
    });
    const types = (await history(c.id)).length;
    const refused = await api('coord').post(`${url}/approve`, { version: (await caseOf(c.id)).version });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('OPEN_REFERRALS');
    expect((await caseOf(c.id)).stage).toBe('initial_counseling');
    expect((await api('c1').get(url).expect(200)).body.latest.status).toBe('pending');
    expect((await history(c.id)).length).toBe(types);
  });

  it("the coordinator's direct close stays", async () => {
    const c = await counselingCase();
    const res = await api('coord')
      .post(`/api/cases/${c.id}/transitions`, {
        transition: 'close',
        version: (await caseOf(c.id)).version,
        closureReason: 'resolved',
      })
      .expect(200);
    expect(res.body.stage).toBe('closed');
  });

  it('keeps the explanation and the comment encrypted at rest', async () => {
    const c = await counselingCase();
    const url = `/api/cases/${c.id}/closure-request`;
    await api('c1').post(url, requestBody).expect(201);
    await api('coord').post(`${url}/return`, { comment: 'Komentar rahasia koordinator' }).expect(200);
    const rows: any[] = await t.dataSource.query(
      'SELECT "explanation", "comment" FROM "closure_requests" WHERE "caseId" = $1'.replace(
        '$1',
        t.dialect === 'postgres' ? '$1' : '?',
      ),
      [c.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].explanation).toMatch(/^v1\./);
    expect(rows[0].comment).toMatch(/^v1\./);
    expect(JSON.stringify(rows)).not.toContain('Komentar rahasia');
    expect(JSON.stringify(rows)).not.toContain('pindah ke luar kota');
  });

  it('pages: the counselor asks on the case page, the coordinator sees the list and decides on the case page', async () => {
    const c = await counselingCase();
    const counselor = await pageLogin(t, 'c1');
    const page = await counselor.get(`/cases/${c.id}`).expect(200);
    expect(page.text).toContain('id="closure"');
    expect(page.text).toContain(`action="/cases/${c.id}/closure-request"`);
    // no decision form for the counselor
    expect(page.text).not.toContain('closure-request/approve');
    const refused = await counselor
      .post(`/cases/${c.id}/closure-request`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), closureReason: 'resolved', explanation: '' })
      .expect(303);
    expect(refused.headers.location).toBe(`/cases/${c.id}?error=VALIDATION_FAILED#closure`);
    const sent = await counselor
      .post(`/cases/${c.id}/closure-request`)
      .type('form')
      .send(
        new URLSearchParams([
          ['_csrf', csrfFrom(page.text)],
          ['closureReason', 'resolved'],
          ['checklist', 'goals_reviewed'],
          ['checklist', 'safety_reviewed'],
          ['explanation', 'Tujuan tercapai'],
        ]).toString(),
      )
      .expect(303);
    expect(sent.headers.location).toBe(`/cases/${c.id}#closure`);
    const after = await counselor.get(`/cases/${c.id}`).expect(200);
    expect(after.text).toContain('Tujuan tercapai');
    expect(after.text).toContain('✓ Tujuan pendampingan sudah ditinjau bersama korban (dikonfirmasi)');
    expect(after.text).toContain(
      '✗ Catatan kasus lengkap (sesi, kronologis, keputusan) (belum dikonfirmasi)',
    );
    expect(after.text).not.toContain(`action="/cases/${c.id}/closure-request"`);

    const coord = await pageLogin(t, 'coord');
    // The coordinator closes directly: a case without a request shows them no closure section (no
    // request to themselves); the counselor's case page offers the request.
    const other = await counselingCase();
    const coordOther = await coord.get(`/cases/${other.id}`).expect(200);
    expect(coordOther.text).not.toContain('id="closure"');
    expect(coordOther.text).toContain('name="transition" value="close"');
    expect((await counselor.get(`/cases/${other.id}`).expect(200)).text).toContain(
      `action="/cases/${other.id}/closure-request"`,
    );
    const list = await coord.get('/closure-requests').expect(200);
    expect(list.text).toContain(c.number);
    expect(list.text).toContain(`/cases/${c.id}#closure`);
    await counselor.get('/closure-requests').expect(403);
    const casePage = await coord.get(`/cases/${c.id}`).expect(200);
    expect(casePage.text).toContain(`action="/cases/${c.id}/closure-request/approve"`);
    const version = /name="version" value="(\d+)"/.exec(
      casePage.text.slice(casePage.text.indexOf('closure-request/approve')),
    )![1];
    const done = await coord
      .post(`/cases/${c.id}/closure-request/approve`)
      .type('form')
      .send({ _csrf: csrfFrom(casePage.text), version })
      .expect(303);
    expect(done.headers.location).toBe(`/cases/${c.id}#closure`);
    expect((await caseOf(c.id)).stage).toBe('closed');
    const en = await coord.get('/closure-requests').set('Accept-Language', 'en').expect(200);
    expect(en.text).not.toContain(c.number);
  });
});
