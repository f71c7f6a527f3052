import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { DEMO_INSTITUTIONS } from '../src/demo/demo-data';
import { DemoPugSeeder } from '../src/demo/demo-pug';
import { InstitutionsService } from '../src/institutions/institutions.service';
import { apiLogin, createTestApp, createUser, TestApp } from './support/test-app';

/*
 * The PUG and programme demo step loads the seeds' facts and is idempotent: Semarang's Pokja PUG and
 * SERUNI decree chain (4 May 2005 → 12 Feb 2009 → 6 Jan 2011), Kupang's six partner SKPD with their
 * focal-point decrees, the KSGP action plan and the 2012 monitoring agreements.
 */
describe('PUG demo data (e2e)', () => {
  let t: TestApp;
  let token: string;
  const get = (url: string) => request(t.server).get(url).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'koord', [Role.Coordinator]);
    token = await apiLogin(t, 'koord');
  });
  afterAll(() => t.close());

  it('loads the seeds facts once; a second run creates nothing', async () => {
    const institutions = t.app.get(InstitutionsService);
    const ids = new Map<string, string>();
    for (const i of DEMO_INSTITUTIONS)
      ids.set(i.key, (await institutions.create({ name: i.name, type: i.type })).id);
    const seeder = t.app.get(DemoPugSeeder);
    expect(await seeder.run(ids)).toBeGreaterThan(10);
    const decreesBefore = (await get('/api/decrees?pageSize=100').expect(200)).body.total;
    expect(await seeder.run(ids)).toBe(0);
    expect((await get('/api/decrees?pageSize=100').expect(200)).body.total).toBe(decreesBefore);
  });

  it('has the SERUNI chain with derived statuses', async () => {
    const list = (await get('/api/decrees?q=463&pageSize=100').expect(200)).body.items;
    expect(list.map((d: any) => [d.number, d.decreeDate, d.status])).toEqual([
      ['463/05/2011', '2011-01-06', 'in_force'],
      ['463/A. 023', '2009-02-12', 'replaced'],
      ['463.05/112', '2005-05-04', 'replaced'],
    ]);
    const body = (await get(`/api/pug-bodies/${list[0].bodyId}`).expect(200)).body;
    expect(body.kind).toBe('partner_team');
    expect(body.history).toHaveLength(3);
    expect(body.history[1].change.institutionsJoined.map((i: any) => i.name)).toEqual(['LBH APIK (demo)']);
  });

  it("has Semarang's complete Pokja and Kupang's six focal-point decrees, with its Pokja still to be formed", async () => {
    const regions = (await get('/api/pug-regions').expect(200)).body.items;
    const byName = Object.fromEntries(regions.map((r: any) => [r.name, r.id]));
    const semarang = (await get(`/api/pug-regions/${byName['Kota Semarang']}/completeness`).expect(200)).body;
    expect(semarang.pokja).toEqual(expect.objectContaining({ complete: true, memberCount: 4 }));
    const kupang = (await get(`/api/pug-regions/${byName['Kota Kupang']}/completeness`).expect(200)).body;
    expect(kupang.focalPoints).toHaveLength(6);
    expect(kupang.focalPoints.map((f: any) => f.complete)).toEqual(Array(6).fill(true));
    expect(kupang.missingFocalPoints).toEqual([]);
    expect(kupang.pokja.problems).toEqual(['no_decree_in_force']);
    expect(kupang.technicalTeam.problems).toEqual(['no_decree_in_force']);
    const awards = (await get('/api/pug-awards').expect(200)).body.items;
    expect(awards).toEqual([
      expect.objectContaining({ year: 2012, level: 'madya', regionName: 'Kota Semarang' }),
    ]);
  });

  it('has the KSGP action plan with the 2012 agreements: focal points done, the Pokja late', async () => {
    const plans = (await get('/api/action-plans').expect(200)).body.items;
    expect(plans).toHaveLength(1);
    const plan = (await get(`/api/action-plans/${plans[0].id}`).expect(200)).body;
    expect(plan.items).toHaveLength(8);
    expect(plan.items.slice(0, 6).map((i: any) => [i.status, i.deadline])).toEqual(
      Array(6).fill(['done', '2012-09-17']),
    );
    expect(plan.items[6]).toEqual(expect.objectContaining({ status: 'late', deadline: '2012-10-31' }));
    const first = plan.rounds[plan.rounds.length - 1];
    expect([first.startDate, first.endDate]).toEqual(['2012-08-13', '2012-08-15']);
    expect(first.agreements.filter((a: any) => a.newDeadline === '2012-09-17')).toHaveLength(6);
    const summary = (await get('/api/prevention-activities/summary?year=2025').expect(200)).body;
    expect(summary.total.activities).toBe(6);
    expect((await get('/api/community-groups?kind=kube').expect(200)).body.total).toBe(4);
  });
});
