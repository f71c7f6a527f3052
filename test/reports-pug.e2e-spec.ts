import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { DEMO_INSTITUTIONS } from '../src/demo/demo-data';
import { DemoPugSeeder } from '../src/demo/demo-pug';
import { InstitutionsService } from '../src/institutions/institutions.service';
import { apiLogin, createTestApp, createUser, expectErrorShape, TestApp } from './support/test-app';

/**
 * The PUG grouping of the reports, on the PUG demo facts (Semarang's complete Pokja, Kupang's six
 * focal-point decrees and its Pokja still to be formed, the KSGP action plan: six items done, one
 * late; the 2012 Madya award), checked against those facts and the PUG module's own endpoints.
 */
describe('reports: PUG grouping (e2e)', () => {
  let t: TestApp;
  let token: string;
  const get = (url: string) => request(t.server).get(url).set('Authorization', `Bearer ${token}`);
  const table = (body: any, id: string) => body.tables.find((x: any) => x.id === id);

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'koord', [Role.Coordinator]);
    token = await apiLogin(t, 'koord');
    const institutions = t.app.get(InstitutionsService);
    const ids = new Map<string, string>();
    for (const i of DEMO_INSTITUTIONS)
      ids.set(i.key, (await institutions.create({ name: i.name, type: i.type })).id);
    await t.app.get(DemoPugSeeder).run(ids);
  });
  afterAll(() => t.close());

  it('reports bodies, completeness, decrees in force, focal points, action items, trainings and awards', async () => {
    const res = await get('/api/reports/statistics?from=2012-01-01&to=2012-12-31&grouping=pug').expect(200);
    const body = res.body;
    const regions = (await get('/api/pug-regions').expect(200)).body.items;
    const completeness = new Map<string, any>();
    for (const r of regions)
      completeness.set(r.name, (await get(`/api/pug-regions/${r.id}/completeness`).expect(200)).body);

    const c = table(body, 'pug.completeness');
    const row = (name: string) => c.rows.find((r: any) => r.label === name).values;
    const kupang = completeness.get('Kota Kupang');
    expect(row('Kota Kupang')).toEqual([
      0,
      kupang.technicalTeam.complete ? 1 : 0,
      6,
      0,
      kupang.partnerTeams.length,
      kupang.partnerTeams.filter((p: any) => p.complete).length,
      kupang.complete ? 1 : 0,
    ]);
    expect(row('Kota Semarang')[0]).toBe(1);

    const decrees = table(body, 'pug.decreesInForce');
    const inForce = (kind: string) => decrees.rows.find((r: any) => r.key === kind).values[1];
    let pokjas = 0;
    let focal = 0;
    for (const v of completeness.values()) {
      if (v.pokja.decreeInForce) pokjas++;
      focal += v.focalPoints.filter((f: any) => f.decreeInForce).length;
    }
    expect(inForce('pokja_pug')).toBe(pokjas);
    expect(inForce('focal_point_team')).toBe(focal);
    expect(focal).toBeGreaterThanOrEqual(6);

    const focalPoints = table(body, 'pug.focalPoints');
    expect(focalPoints.rows.filter((r: any) => r.label.startsWith('Kota Kupang · '))).toHaveLength(6);

    const items = table(body, 'pug.actionItems');
    expect(items.columns).toEqual(['not_started', 'in_progress', 'done', 'late']);
    expect(items.rows).toHaveLength(1);
    const plans = (await get('/api/action-plans').expect(200)).body.items;
    expect(items.rows[0].values).toEqual(
      ['not_started', 'in_progress', 'done', 'late'].map((s) => plans[0].counts[s]),
    );
    expect(items.rows[0].values[2]).toBeGreaterThanOrEqual(6);
    expect(items.rows[0].values[3]).toBeGreaterThanOrEqual(1);

    const awards = table(body, 'pug.awards');
    expect(awards.rows.find((r: any) => r.key === 'madya').values).toEqual([1]);
    expect(awards.grandTotal).toBe(1);
    // outside the period: no award
    const later = await get('/api/reports/statistics?from=2020-01-01&to=2020-12-31&grouping=pug').expect(200);
    expect(table(later.body, 'pug.awards').grandTotal).toBe(0);

    const trainings = table(body, 'pug.trainings');
    const all = (await get('/api/pug-trainings?pageSize=100').expect(200)).body.items;
    const in2012 = all.filter((x: any) => x.startDate >= '2012-01-01' && x.startDate <= '2012-12-31');
    expect(trainings.columnTotals[0]).toBe(in2012.length);
  });

  it('is for coordinators only, and the external flag changes nothing for non-case tables', async () => {
    await createUser(t, 'pugsec', [Role.PugSecretariat]);
    expectErrorShape(
      (
        await request(t.server)
          .get('/api/reports/statistics?from=2012-01-01&to=2012-12-31&grouping=pug')
          .set('Authorization', `Bearer ${await apiLogin(t, 'pugsec')}`)
      ).body,
      403,
    );
    const ext = await get(
      '/api/reports/statistics?from=2012-01-01&to=2012-12-31&grouping=pug&external=true',
    ).expect(200);
    const internal = await get('/api/reports/statistics?from=2012-01-01&to=2012-12-31&grouping=pug').expect(
      200,
    );
    expect(ext.body.tables.length).toBeGreaterThanOrEqual(4);
    expect(ext.body.tables.map((x: any) => [x.id, x.suppressed])).toEqual(
      internal.body.tables.map((x: any) => [x.id, false]),
    );
    expect(ext.body.tables).toEqual(internal.body.tables);
  });
});
