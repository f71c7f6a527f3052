/**
 * Retention and purge (issue 8, suite 7): cases closed longer than the retention period lose their
 * personal data by crypto-shredding. Purged values stay ciphertext in the database but decrypt to
 * nothing; the case page and API still answer (values erased, no 500); statistics from the clear
 * columns are unchanged; every history still verifies. Full profile: RETENTION_FULL=1 (more cases) —
 * `npm run test:retention`.
 */
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { Case } from '../src/case/case.entity';
import { CaseEventService } from '../src/case/case-event.service';
import { purgeExpiredCases } from '../src/case/retention';
import { Victim } from '../src/case/victim.entity';
import { purge } from '../src/cli/purge';
import { DataKeyService } from '../src/platform/crypto/data-key.service';
import { TransactionService } from '../src/platform/database/transaction.service';
import {
  attachCase,
  bearer,
  expectNoVictimValues,
  PersonalValues,
  personalText,
  registerCase,
} from './support/case-fixtures';
import { snapshotTables } from './support/db-snapshot';
import { checkFigures } from './support/figures';
import { apiLogin, createTestApp, createUser, pageLogin, TestApp, wholeCasePage } from './support/test-app';

const FULL = process.env.RETENTION_FULL === '1';
const EXPIRED = FULL ? 150 : 6;
const DAYS = 3650;
const RECHECK_MS = 200;

jest.setTimeout(FULL ? 600_000 : 60_000);

describe('retention and purge (e2e)', () => {
  let t: TestApp;
  let frontdesk: string;
  let coordinator: string;
  const expired: any[] = [];
  let sharedOpen: any; // a retained case of a victim who also has an expired case
  let sharedClosed: any;
  let recent: any; // closed, but inside the retention period

  const close = (c: any, version = 1) =>
    request(t.server)
      .post(`/api/cases/${c.id}/transitions`)
      .set(bearer(coordinator))
      .send({ transition: 'close', version, closureReason: 'resolved' })
      .expect(200);

  const statistics = async () => {
    const q = (sql: string) => t.dataSource.query(sql);
    return {
      cases: await q(
        'SELECT "victimSex", "victimAge", "isChild", "district", "violenceTypes", "placeType", "stage", "closureReason", COUNT(*) AS n FROM cases GROUP BY "victimSex", "victimAge", "isChild", "district", "violenceTypes", "placeType", "stage", "closureReason" ORDER BY 1, 2, 3, 4, 5, 6, 7, 8',
      ),
      victims: await q(
        'SELECT "sex", "estimatedAge", "district", "education", "occupation", COUNT(*) AS n FROM victims GROUP BY "sex", "estimatedAge", "district", "education", "occupation" ORDER BY 1, 2, 3, 4, 5',
      ),
      perpetrators: await q(
        'SELECT "sex", "age", "relationship", COUNT(*) AS n FROM case_perpetrators GROUP BY "sex", "age", "relationship" ORDER BY 1, 2, 3',
      ),
    };
  };

  beforeAll(async () => {
    // The running app trusts its data-key cache for 200 ms before asking whether keys were destroyed.
    t = await createTestApp({ env: { DATA_KEY_RECHECK_MS: String(RECHECK_MS) } });
    await createUser(t, 'fd', [Role.FrontDesk]);
    await createUser(t, 'coord', [Role.Coordinator]);
    [frontdesk, coordinator] = await Promise.all([apiLogin(t, 'fd'), apiLogin(t, 'coord')]);
    t.clock.set(new Date('2026-01-15T08:00:00Z'));
    for (let i = 0; i < EXPIRED; i++) {
      const c = await registerCase(t, frontdesk, {
        victim: { fullName: `Dewi Purnamasari Ret${i}`, district: i % 2 ? 'Tembalang' : 'Candisari' },
        incident: { narrative: (v: PersonalValues) => personalText(`Kronologi rahasia nomor ${i}`, v) },
      });
      await close(c);
      expired.push(c);
    }
    sharedClosed = await registerCase(t, frontdesk, { victim: { fullName: 'Ratna Kusumawati Shared' } });
    await close(sharedClosed);
    sharedOpen = await attachCase(t, frontdesk, {
      nik: sharedClosed.victim.nik,
      fullName: 'Ratna K. Shared',
    });
    expect(await victimOf(sharedOpen.id)).toBe(await victimOf(sharedClosed.id));
    t.clock.set(new Date('2034-06-01T08:00:00Z'));
    [frontdesk, coordinator] = await Promise.all([apiLogin(t, 'fd'), apiLogin(t, 'coord')]);
    recent = await registerCase(t, frontdesk, {
      victim: { fullName: 'Maya Anggraini Recent' },
      incident: { narrative: (v: PersonalValues) => personalText('Kronologi yang masih disimpan', v) },
    });
    await close(recent);
  });
  afterAll(() => t.close());

  async function victimOf(caseId: string): Promise<string> {
    const c = await t.dataSource.manager.findOneOrFail(Case, {
      where: { id: caseId },
      select: { id: true, victimId: true },
    });
    return c.victimId;
  }

  const now = new Date('2036-02-01T00:00:00Z');
  const run = (dryRun = false) =>
    purgeExpiredCases(t.dataSource, t.app.get(DataKeyService), {
      retentionDays: DAYS,
      now,
      dryRun,
      tx: t.app.get(TransactionService),
    });

  it('a dry run lists the expired cases and changes nothing', async () => {
    const before = await snapshotTables(t.dataSource, ['audit_logs', 'sessions']);
    const result = await run(true);
    expect(result.cases.map((c) => c.id).sort()).toEqual([...expired, sharedClosed].map((c) => c.id).sort());
    expect(result.victims).toBe(EXPIRED); // the shared victim keeps a retained case
    expect(await snapshotTables(t.dataSource, ['audit_logs', 'sessions'])).toEqual(before);

    const lines: string[] = [];
    const env =
      t.dialect === 'postgres'
        ? { NODE_ENV: 'test', DATABASE_URL: (t.dataSource.options as { url: string }).url }
        : { NODE_ENV: 'test', DATA_DIR: t.dataDir };
    expect(await purge(['--dry-run'], env, (l) => lines.push(l), now)).toBe(0);
    expect(lines.join('\n')).toContain(`Would purge ${EXPIRED + 1} case(s) and ${EXPIRED} victim record(s).`);
    expect(lines.join('\n')).toContain(expired[0].number);
    expect(lines.join('\n')).not.toMatch(/Dewi|Ratna|Kronologi/);
    for (const c of expired) expectNoVictimValues(lines.join('\n'), c.person, 'dry-run output');
    expect(await purge(['--bogus'], env, () => undefined, now)).toBe(2);
    expect(await snapshotTables(t.dataSource, ['audit_logs', 'sessions'])).toEqual(before);
  });

  it('purges: values unreadable, raw columns still ciphertext, statistics unchanged, histories verify', async () => {
    const stats = await statistics();
    const started = Date.now();
    const result = await run();
    const took = Date.now() - started;
    expect(result.cases).toHaveLength(EXPIRED + 1);
    expect(await statistics()).toEqual(stats);

    for (const c of [...expired, sharedClosed]) {
      const raw = (
        await t.dataSource.query(
          `SELECT "narrative" FROM cases WHERE id = ${t.dialect === 'postgres' ? '$1' : '?'}`,
          [c.id],
        )
      )[0];
      expect(typeof raw.narrative).toBe('string');
      expect(raw.narrative).not.toMatch(/Kronologi|Korban/);
      const loaded = await t.dataSource.manager.findOneOrFail(Case, { where: { id: c.id } });
      expect(loaded.narrative).toBeNull();
      expect(loaded.incidentLocation).toBeNull();
      const verification = await t.app.get(CaseEventService).verify(c.id);
      expect(verification.ok).toBe(true);
    }
    // The victims of expired cases: names gone, blind indexes cleared (NIK no longer linkable).
    const victim = await t.dataSource.manager.findOneOrFail(Victim, {
      where: { id: await victimOf(expired[0].id) },
    });
    expect([victim.fullName, victim.nik, victim.address, victim.phone, victim.birthDate]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect([victim.nikIndex, victim.nameYearIndex]).toEqual([null, null]);
    expect(victim.sex).toBe('female');
    // The shared victim keeps her data: one of her cases is still open.
    const shared = await request(t.server)
      .get(`/api/cases/${sharedOpen.id}`)
      .set(bearer(coordinator))
      .expect(200);
    expect(shared.body.victim.fullName).toBe('Ratna Kusumawati Shared');
    const kept = await request(t.server).get(`/api/cases/${recent.id}`).set(bearer(coordinator)).expect(200);
    expect(kept.body.victim.fullName).toBe('Maya Anggraini Recent');
    expect(kept.body.incident.narrative).toBe(personalText('Kronologi yang masih disimpan', recent.person));
    process.stdout.write(`purged ${result.cases.length} cases in ${took} ms\n`);
    // retained: the shared victim's open case and the recent closed one
    if (!FULL) checkFigures('retention', { purged: result.cases.length, retained: 2 });
  });

  it('the API and the case page show a purged case without personal data and without an error', async () => {
    const c = expired[0];
    const api = await request(t.server).get(`/api/cases/${c.id}`).set(bearer(coordinator)).expect(200);
    expect(JSON.stringify(api.body)).not.toMatch(/Dewi|Kronologi|Jl\. Melati|0812/);
    expectNoVictimValues(JSON.stringify(api.body), c.person, 'purged case');
    expect(api.body.victim.fullName).toBeNull();
    expect(api.body.incident.narrative).toBeNull();
    expect(api.body.erased).toBe(true);
    const history = await request(t.server)
      .get(`/api/cases/${c.id}/history?pageSize=100`)
      .set(bearer(coordinator))
      .expect(200);
    const items = history.body.items;
    expect(items.map((e: any) => e.type)).toContain('case.purged');
    expect(JSON.stringify(items)).not.toMatch(/Dewi|Kronologi/);
    expectNoVictimValues(JSON.stringify(items), c.person, 'purged case history');
    const verification = await request(t.server)
      .get(`/api/cases/${c.id}/verification`)
      .set(bearer(coordinator))
      .expect(200);
    expect(verification.body.ok).toBe(true);
    const agent = await pageLogin(t, 'coord');
    const page = { text: await wholeCasePage(agent, c.id) };
    expect(page.text).not.toMatch(/Dewi Purnamasari|Kronologi rahasia|Jl\. Melati/);
    expectNoVictimValues(page.text, c.person, 'purged case page');
    expect(page.text).toContain('id="erased-notice"');
    expect(page.text).toContain(c.number);
    const list = await request(t.server).get('/api/cases').set(bearer(coordinator)).expect(200);
    expect(JSON.stringify(list.body)).not.toMatch(/Dewi/);
    for (const e of expired) expectNoVictimValues(JSON.stringify(list.body), e.person, 'case list');
  });

  it('running again purges nothing more', async () => {
    const before = await snapshotTables(t.dataSource, ['audit_logs', 'sessions']);
    const result = await run();
    expect(result.cases).toEqual([]);
    expect(await snapshotTables(t.dataSource, ['audit_logs', 'sessions'])).toEqual(before);
  });

  it('a purge run by the CLI while the application runs is seen by the application within DATA_KEY_RECHECK_MS', async () => {
    // A case closed in January 2026 (expired at `now`) that the running application has read, so its
    // keys (case and victim) sit unwrapped in the application's cache.
    t.clock.set(new Date('2026-01-20T08:00:00Z'));
    [frontdesk, coordinator] = await Promise.all([apiLogin(t, 'fd'), apiLogin(t, 'coord')]);
    const c = await registerCase(t, frontdesk, {
      victim: { fullName: 'Sri Wahyuni Cli' },
      incident: { narrative: (v: PersonalValues) => personalText('Kronologi CLI rahasia', v) },
    });
    await close(c);
    t.clock.set(new Date('2034-06-01T08:00:00Z'));
    coordinator = await apiLogin(t, 'coord');
    const agent = await pageLogin(t, 'coord');
    const before = await request(t.server).get(`/api/cases/${c.id}`).set(bearer(coordinator)).expect(200);
    expect(before.body.victim.fullName).toBe('Sri Wahyuni Cli');
    expect((await agent.get(`/cases/${c.id}/people`).expect(200)).text).toContain('Sri Wahyuni Cli');

    // The purge appends a keyed `case.purged` event: it needs the master key (DATA_DIR's, here).
    const env =
      t.dialect === 'postgres'
        ? {
            NODE_ENV: 'test',
            DATABASE_URL: (t.dataSource.options as { url: string }).url,
            DATA_DIR: t.dataDir,
          }
        : { NODE_ENV: 'test', DATA_DIR: t.dataDir };
    const lines: string[] = [];
    expect(await purge([], env, (l) => lines.push(l), now)).toBe(0); // its own connection and key cache
    expect(lines.join('\n')).toContain('Purged 1 case(s) and 1 victim record(s).');
    expect(lines.join('\n')).not.toMatch(/Restart/);

    await new Promise((resolve) => setTimeout(resolve, RECHECK_MS + 100));
    const after = await request(t.server).get(`/api/cases/${c.id}`).set(bearer(coordinator)).expect(200);
    expect(JSON.stringify(after.body)).not.toMatch(/Sri Wahyuni|Kronologi CLI/);
    expectNoVictimValues(JSON.stringify(after.body), c.person, 'case purged by the CLI');
    expect(after.body.erased).toBe(true);
    const page = { text: await wholeCasePage(agent, c.id) };
    expect(page.text).not.toMatch(/Sri Wahyuni|Kronologi CLI/);
    expectNoVictimValues(page.text, c.person, 'page of the case purged by the CLI');
    expect(page.text).toContain('id="erased-notice"');
  });
});
