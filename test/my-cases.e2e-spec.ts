/**
 * Issue 14, item 15: "Kasus saya" (my cases) means something for every role that is offered it, and
 * is not offered where it would always be empty.
 *  - counselor: the cases assigned to them (as before);
 *  - front desk: the cases they registered, also after they left intake (the case list shows them
 *    the shared intake queue besides their own, so "mine" tells their own apart);
 *  - both roles: either;
 *  - coordinator alone: never assigned a case, so no "Kasus saya" in the navigation and 403 on
 *    /cases/mine (permission `cases.mine`); `GET /api/cases?mine=true` answers an empty list.
 */
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { bearer, registerCase } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, pageLogin, TestApp } from './support/test-app';

describe('my cases per role (e2e)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const tok: Record<string, string> = {};
  const cases: Record<string, { id: string; number: string }> = {};

  const rows = (html: string) =>
    [...html.matchAll(/<a href="\/cases\/([0-9a-f-]{36})" class="case-number">/g)]
      .map((m) => m[1])
      .filter((v, i, a) => a.indexOf(v) === i);

  beforeAll(async () => {
    t = await createTestApp();
    for (const [name, roles] of [
      ['fdA', [Role.FrontDesk]],
      ['fdB', [Role.FrontDesk]],
      ['k1', [Role.Counselor]],
      ['coord', [Role.Coordinator]],
      ['dual', [Role.FrontDesk, Role.Counselor]],
    ] as const) {
      ids[name] = (await createUser(t, name, [...roles])).id;
      tok[name] = await apiLogin(t, name);
    }
    cases.a1 = await registerCase(t, tok.fdA);
    cases.a2 = await registerCase(t, tok.fdA);
    cases.b1 = await registerCase(t, tok.fdB);
    cases.d1 = await registerCase(t, tok.dual);
    // a1 is assigned to k1 and moves on to initial counseling: it leaves the intake queue
    const assigned = await request(t.server)
      .post(`/api/cases/${cases.a1.id}/assignment`)
      .set(bearer(tok.coord))
      .send({ counselorId: ids.k1, version: 1 })
      .expect(200);
    await request(t.server)
      .post(`/api/cases/${cases.a1.id}/transitions`)
      .set(bearer(tok.coord))
      .send({ transition: 'start_counseling', version: assigned.body.version })
      .expect(200);
    // b1 is assigned to the dual-role user
    await request(t.server)
      .post(`/api/cases/${cases.b1.id}/assignment`)
      .set(bearer(tok.coord))
      .send({ counselorId: ids.dual, version: 1 })
      .expect(200);
  });
  afterAll(() => t.close());

  const mineApi = async (who: string) =>
    (await request(t.server).get('/api/cases?mine=true').set(bearer(tok[who])).expect(200)).body.items
      .map((c: any) => c.id)
      .sort();
  const sorted = (...keys: string[]) => keys.map((k) => cases[k].id).sort();

  it('front desk: the cases they registered, also after intake, and not the other desk’s', async () => {
    expect(await mineApi('fdA')).toEqual(sorted('a1', 'a2'));
    const agent = await pageLogin(t, 'fdA');
    const page = await agent.get('/cases/mine').expect(200);
    expect(page.text).toContain('Kasus yang Anda daftarkan');
    expect(rows(page.text).sort()).toEqual(sorted('a1', 'a2'));
    // the case list also shows the shared intake queue (b1, d1 at intake): "mine" tells them apart
    const all = await agent.get('/cases').expect(200);
    expect(rows(all.text)).toEqual(expect.arrayContaining(sorted('a1', 'a2', 'd1')));
    const other = await pageLogin(t, 'fdB');
    // fdB registered b1 (assigned meanwhile, still at intake)
    expect(rows((await other.get('/cases/mine').expect(200)).text)).toEqual([cases.b1.id]);
  });

  it('counselor: the cases assigned to them', async () => {
    expect(await mineApi('k1')).toEqual(sorted('a1'));
    const page = await (await pageLogin(t, 'k1')).get('/cases/mine').expect(200);
    expect(page.text).toContain('Kasus yang ditugaskan kepada Anda.');
    expect(rows(page.text)).toEqual([cases.a1.id]);
  });

  it('front desk and counselor at once: assigned to them or registered by them', async () => {
    expect(await mineApi('dual')).toEqual(sorted('b1', 'd1'));
    const page = await (await pageLogin(t, 'dual')).get('/cases/mine').expect(200);
    expect(page.text).toContain('Kasus yang ditugaskan kepada Anda dan kasus yang Anda daftarkan.');
  });

  it('coordinator alone: not offered (no link, 403 on the page, an empty API filter)', async () => {
    const agent = await pageLogin(t, 'coord');
    const home = await agent.get('/').expect(200);
    expect(home.text).not.toContain('href="/cases/mine"');
    expect(home.text).toContain('href="/cases"');
    await agent.get('/cases/mine').expect(403);
    expect(await mineApi('coord')).toEqual([]);
  });

  it('the roles that have it see the link', async () => {
    for (const who of ['fdA', 'k1', 'dual']) {
      const home = await (await pageLogin(t, who)).get('/').expect(200);
      expect({ who, link: home.text.includes('href="/cases/mine"') }).toEqual({ who, link: true });
    }
  });
});
