import request from 'supertest';
import { CASE_STAGES } from '../src/case/workflow/case-workflow';
import { DEFAULT_DEMO_PASSWORD } from '../src/demo/demo-data';
import { DemoSeeder, SeedReport } from '../src/demo/demo-seeder';
import { REFERRAL_STATUSES } from '../src/steps/referral/referral.constants';
import { bearer } from './support/case-fixtures';
import { expectNone } from './support/expect-all';
import { apiLogin, createTestApp, TestApp } from './support/test-app';

jest.setTimeout(180_000);

/*
 * The whole demo (`npm run seed:demo`) on a fresh database, run twice: cases in every stage of the
 * workflow — referred and recovery included, reached through the real transitions — referrals in
 * every state of the referral track (and one overdue), a withdrawn consent, an MoU in force, a kader
 * watching over a recovered victim; every case history verifies; the second run creates nothing.
 */
describe('demo data: the whole seed, twice (e2e)', () => {
  let t: TestApp;
  let first: SeedReport;
  let second: SeedReport;
  let coordinator: string;
  const counts: Record<string, number> = {};

  const get = (url: string, token = coordinator) => request(t.server).get(url).set(bearer(token)).expect(200);
  const total = async (url: string) => (await get(url)).body.total as number;

  async function snapshot(): Promise<Record<string, number>> {
    return {
      cases: await total('/api/cases?pageSize=1'),
      referrals: await total('/api/referrals?pageSize=1'),
      agreements: await total('/api/partnerships?pageSize=1'),
      volunteers: await total('/api/community/volunteers?pageSize=1'),
    };
  }

  beforeAll(async () => {
    t = await createTestApp();
    const seeder = t.app.get(DemoSeeder);
    first = await seeder.run(DEFAULT_DEMO_PASSWORD);
    coordinator = await apiLogin(t, 'coordinator', DEFAULT_DEMO_PASSWORD);
    Object.assign(counts, await snapshot());
    second = await seeder.run(DEFAULT_DEMO_PASSWORD);
  });
  afterAll(() => t?.close());

  it('the first run creates the demo; the second creates nothing', async () => {
    expect(first.usersCreated).toBeGreaterThan(0);
    expect(first.casesCreated).toBe(counts.cases);
    expect(second).toEqual(
      expect.objectContaining({ usersCreated: 0, institutionsCreated: 0, casesCreated: 0 }),
    );
    expect(await snapshot()).toEqual(counts);
  });

  it.each(CASE_STAGES)('has a case in stage %s', async (stage) => {
    expect(await total(`/api/cases?stage=${stage}&pageSize=1`)).toBeGreaterThanOrEqual(1);
  });

  it.each(['perpetrator_dangerous', 'media_attention', 'disability_access'])(
    'has a case flagged %s (issue 19), shown on the list',
    async (kind) => {
      const { body } = await get(`/api/cases?flag=${kind}&pageSize=10`);
      expect(body.total).toBeGreaterThanOrEqual(1);
      for (const item of body.items) expect(item.flags).toContain(kind);
    },
  );

  it.each(REFERRAL_STATUSES)('has a referral in state %s', async (status) => {
    expect(await total(`/api/referrals?status=${status}&pageSize=1`)).toBeGreaterThanOrEqual(1);
  });

  it('has a referral overdue (pending past its due date)', async () => {
    const { body } = await get('/api/referrals?overdue=true&pageSize=10');
    expect(body.total).toBeGreaterThanOrEqual(1);
    expect(body.items.length).toBe(Math.min(body.total, 10));
    const today = t.clock.now().toISOString().slice(0, 10);
    for (const r of body.items) {
      expect(r.status).toBe('pending');
      expect(r.dueDate < today).toBe(true);
    }
    // marked once, with its event in the case history
    const history = (await get(`/api/cases/${body.items[0].caseId}/history?pageSize=100`)).body
      .items as any[];
    expect(history.filter((e) => e.type === 'referral.overdue')).toHaveLength(1);
  });

  it('brought the referred and recovery cases there through a taken referral and a recovery plan', async () => {
    const referred = (await get('/api/cases?stage=referred&pageSize=100')).body.items as any[];
    expect(referred.length).toBeGreaterThanOrEqual(1);
    for (const c of referred) {
      const refs = (await get(`/api/cases/${c.id}/referrals?pageSize=100`)).body.items as any[];
      expect(refs.some((r) => ['accepted', 'in_progress', 'completed'].includes(r.status))).toBe(true);
    }
    const recovering = (await get('/api/cases?stage=recovery&pageSize=100')).body.items as any[];
    expect(recovering.length).toBeGreaterThanOrEqual(1);
    let monitored = 0;
    for (const c of recovering) {
      const plan = (await get(`/api/cases/${c.id}/recovery-plan`)).body;
      expect(plan.goals.length).toBeGreaterThan(0);
      expect(plan.services.length).toBeGreaterThan(0);
      const assignments = (await get(`/api/cases/${c.id}/monitoring`)).body.items as any[];
      monitored += assignments.filter((a) => a.status === 'active').length;
    }
    expect(monitored).toBeGreaterThanOrEqual(1);
    // the kader of that assignment signs in as the demo user `kader` and sees it
    const volunteer = await apiLogin(t, 'kader', DEFAULT_DEMO_PASSWORD);
    const mine = await request(t.server).get('/api/my-monitoring').set(bearer(volunteer)).expect(200);
    expect(mine.body.items.filter((a: any) => a.status === 'active').length).toBeGreaterThanOrEqual(1);
    const history = (await get(`/api/cases/${recovering[0].id}/history?pageSize=100`)).body.items as any[];
    const types = history.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['referral.completed', 'recovery.plan_created', 'monitoring.assigned']),
    );
  });

  it('has a partnership agreement in force and a consent withdrawn', async () => {
    expect(await total('/api/partnerships?inForce=true&pageSize=1')).toBeGreaterThanOrEqual(1);
    const refs = (await get('/api/referrals?pageSize=100')).body.items as any[];
    let withdrawn = 0;
    for (const caseId of new Set(refs.map((r) => r.caseId))) {
      const { consents } = (await get(`/api/cases/${caseId}/consents`)).body;
      withdrawn += consents.filter((k: any) => k.status === 'withdrawn').length;
    }
    expect(withdrawn).toBeGreaterThanOrEqual(1);
  });

  it('the demo partners find their referrals in their inbox, never one awaiting approval', async () => {
    const awaiting = (await get('/api/referrals?status=awaiting_approval&pageSize=100')).body.items as any[];
    expect(awaiting.length).toBeGreaterThanOrEqual(1);
    for (const username of ['police', 'hospital']) {
      const token = await apiLogin(t, username, DEFAULT_DEMO_PASSWORD);
      const items = (await get('/api/partner/referrals?pageSize=100', token)).body.items as any[];
      expect(items.some((i) => i.access === 'full')).toBe(true);
      expectNone(items, (i) => i.status === 'awaiting_approval');
      const ids = items.map((i) => i.id);
      expect(awaiting.filter((a) => ids.includes(a.id))).toEqual([]);
    }
  });

  it('every case history verifies', async () => {
    const cases = (await get('/api/cases?pageSize=100')).body.items as any[];
    expect(cases).toHaveLength(counts.cases);
    for (const c of cases) expect((await get(`/api/cases/${c.id}/verification`)).body.ok).toBe(true);
  });

  it("the demo centre lives in Kota Semarang: its forms offer Semarang's institutions and none of Kupang's six SKPD", async () => {
    const admin = await apiLogin(t, 'admin', DEFAULT_DEMO_PASSWORD);
    const regionId = (await get('/api/settings/centre', admin)).body.regionId;
    const regions = (await get('/api/pug-regions?pageSize=100')).body.items as any[];
    expect(regions.find((r) => r.id === regionId)?.name).toBe('Kota Semarang');
    const { items } = (await get('/api/cases?stage=initial_counseling&pageSize=1')).body;
    const agent = request.agent(t.server);
    const login = await agent.get('/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.text)![1];
    await agent
      .post('/login')
      .type('form')
      .send({ username: 'coordinator', password: DEFAULT_DEMO_PASSWORD, _csrf: csrf })
      .expect(303);
    const page = (await agent.get(`/cases/${items[0].id}/referrals`).expect(200)).text;
    const consent = page.slice(
      page.indexOf('id="consent"'),
      page.indexOf('</section>', page.indexOf('id="consent"')),
    );
    expect(consent).toContain('Dinas Sosial Kota Semarang');
    expect(consent).toContain('<p class="checks__group">Kota Semarang</p>');
    expect(consent).not.toContain('Kupang');
  });
});
