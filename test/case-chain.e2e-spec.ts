/**
 * A case's history cannot be re-headed or rewritten by someone who can write to the database but has
 * no key (issue 13, item 9), and a history that does not verify shows no verification code anywhere
 * (issue 14, item 6):
 *  - every verification (GET /api/cases/{id}/verification, the chronology JSON, the print page, the
 *    PDF, the chronology page, the case page, `npm run verify`) recomputes from ALL the stored events
 *    and compares with every anchor: the case row's event count and head, the highest sequence
 *    number, and the head's keyed seal. `UPDATE cases SET eventCount = N-1, headHash = <hash of N-1>`
 *    no longer hides event N;
 *  - new events are chained with HMAC-SHA256 under a key derived from the master key (never the
 *    master key itself): a chain recomputed with SHA-256 after an edit, relabelled as the legacy
 *    algorithm, or cut short, fails;
 *  - `npm run rotate-key` keeps every history verifiable, with the new master key alone;
 *  - histories from before the keyed chain (SHA-256) keep verifying: the first start of this version
 *    seals their heads, later events are keyed, and a rewrite of the legacy part is refused.
 */
import { createHash } from 'node:crypto';
import { expectEvery } from './support/expect-all';
import * as fs from 'node:fs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/platform/auth/permissions';
import { CaseEvent } from '../src/case/case-event.entity';
import { Case } from '../src/case/case.entity';
import { rotateKeys } from '../src/cli/rotate-key';
import { verifyCase } from '../src/cli/verify-chronology';
import { DataKey } from '../src/platform/crypto/data-key.entity';
import { masterKeyFromBase64 } from '../src/platform/crypto/key-ring';
import { addEntry, downloadPdf, flat, pdfText, withoutAppendOnly } from './chronology-fixtures';
import { bearer, PersonalValues, personalText, registerCase } from './support/case-fixtures';
import {
  apiLogin,
  createPgDatabase,
  createTestApp,
  createUser,
  pageLogin,
  TestApp,
} from './support/test-app';

jest.setTimeout(180_000);

const KEY_1 = Buffer.alloc(32, 11).toString('base64');
const KEY_2 = Buffer.alloc(32, 22).toString('base64');
const WARNING = 'PERINGATAN: RIWAYAT KASUS TIDAK DAPAT DIVERIFIKASI';

/** The SHA-256 chain as the source code published it before the keyed chain (what an attacker can compute). */
function sha256Of(e: CaseEvent): string {
  const args = Object.keys(e.summaryArgs ?? {})
    .sort()
    .map((k) => [k, e.summaryArgs[k]]);
  const content = JSON.stringify([
    e.caseId,
    e.seq,
    e.type,
    e.at.toISOString(),
    e.actorId,
    e.actorName,
    e.actorRoles,
    e.actorInstitutionId,
    e.summaryKey,
    args,
    e.details,
    e.prevHash,
  ]);
  return createHash('sha256').update(content).digest('hex');
}

const q = (ds: DataSource, n: number) => (ds.options.type === 'postgres' ? `$${n}` : '?');

/** Rewrites the stored chain of a case with SHA-256 (optionally editing event `edit` first). */
async function rechainWithSha256(
  ds: DataSource,
  caseId: string,
  options: { edit?: number; relabel?: boolean; keepCount?: boolean } = {},
): Promise<CaseEvent[]> {
  const events = await ds.getRepository(CaseEvent).find({ where: { caseId }, order: { seq: 'ASC' } });
  let prev = '0'.repeat(64);
  await withoutAppendOnly(ds, async () => {
    for (const e of events) {
      if (e.seq === options.edit) e.summaryArgs = { ...e.summaryArgs, forged: 'yes' };
      e.prevHash = prev;
      e.hash = sha256Of(e);
      prev = e.hash;
      await ds.query(
        `UPDATE case_events SET "summaryArgs" = ${q(ds, 1)}, "prevHash" = ${q(ds, 2)}, hash = ${q(ds, 3)}` +
          (options.relabel ? `, "hashVersion" = 1` : '') +
          ` WHERE id = ${q(ds, 4)}`,
        [JSON.stringify(e.summaryArgs), e.prevHash, e.hash, e.id],
      );
    }
  });
  await ds.query(`UPDATE cases SET "headHash" = ${q(ds, 1)} WHERE id = ${q(ds, 2)}`, [prev, caseId]);
  return events;
}

describe('the keyed case history (e2e)', () => {
  let t: TestApp;
  let frontdesk: string;
  let coordinator: string;
  let cliEnv: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp({ env: { ENCRYPTION_KEY: KEY_1 } });
    await createUser(t, 'fd', [Role.FrontDesk]);
    await createUser(t, 'coord', [Role.Coordinator]);
    [frontdesk, coordinator] = await Promise.all([apiLogin(t, 'fd'), apiLogin(t, 'coord')]);
    const url = (t.dataSource.options as { url?: string }).url;
    cliEnv =
      t.dialect === 'postgres'
        ? { NODE_ENV: 'test', DATABASE_URL: url!, DATA_DIR: t.dataDir, ENCRYPTION_KEY: KEY_1 }
        : { NODE_ENV: 'test', DATA_DIR: t.dataDir, ENCRYPTION_KEY: KEY_1 };
  });
  afterAll(() => t.close());

  async function caseWithEvents(): Promise<{ id: string; number: string }> {
    const c = await registerCase(t, frontdesk);
    for (const marker of ['Pertama', 'Kedua'])
      await addEntry(t, coordinator, c.id, {
        date: '2025-12-01',
        description: personalText(marker, c.person),
      }).expect(201);
    return { id: c.id, number: c.number };
  }

  const verification = async (id: string) =>
    (await request(t.server).get(`/api/cases/${id}/verification`).set(bearer(coordinator)).expect(200)).body;

  async function cli(number: string, env = cliEnv): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await verifyCase([number], env, (l) => lines.push(l));
    return { code, out: lines.join('\n') };
  }

  /** Every place that shows the state of a history: all must refuse it, and show no code. */
  async function expectRefusedEverywhere(c: { id: string; number: string }, code: string): Promise<void> {
    const v = await verification(c.id);
    expect(v).toEqual(expect.objectContaining({ ok: false, verificationCode: null, headHash: null }));
    const json = await request(t.server).get(`/api/cases/${c.id}/chronology`).set(bearer(coordinator));
    expect(json.body.verification).toEqual(
      expect.objectContaining({ ok: false, verificationCode: null, headHash: null }),
    );
    const agent = await pageLogin(t, 'coord');
    const print = await agent.get(`/cases/${c.id}/chronology/print?purpose=court`).expect(200);
    expect(print.text).toContain(WARNING);
    expect(print.text).not.toContain(code);
    const pdf = flat(
      pdfText((await downloadPdf(t, coordinator, c.id, { purpose: 'court' }).expect(200)).body),
    );
    expect(pdf).toContain(WARNING);
    expect(pdf).not.toContain(code);
    const options = await agent.get(`/cases/${c.id}/chronology`).expect(200);
    expect(options.text).toContain('Riwayat kasus tidak dapat diverifikasi');
    const page = await agent.get(`/cases/${c.id}/history`).expect(200);
    expect(page.text).not.toContain(code);
    expect(page.text).toMatch(/<div class="flash flash--error history-warning" role="alert">/);
    const run = await cli(c.number);
    expect(run.code).toBe(1);
    expect(run.out).toContain('history BROKEN');
  }

  it('a re-headed history (eventCount N-1, headHash of event N-1) is refused everywhere', async () => {
    const c = await caseWithEvents();
    const before = await verification(c.id);
    expect(before.ok).toBe(true);
    const events = await t.dataSource
      .getRepository(CaseEvent)
      .find({ where: { caseId: c.id }, order: { seq: 'ASC' } });
    expect(events).toHaveLength(3);
    await t.dataSource.query(
      `UPDATE cases SET "eventCount" = ${q(t.dataSource, 1)}, "headHash" = ${q(t.dataSource, 2)} WHERE id = ${q(t.dataSource, 3)}`,
      [2, events[1].hash, c.id],
    );
    await expectRefusedEverywhere(c, before.verificationCode);
    expect((await verification(c.id)).brokenAtSeq).toBe(3);
  });

  it('an edited history whose chain is recomputed with SHA-256 is refused', async () => {
    const c = await caseWithEvents();
    const before = await verification(c.id);
    await rechainWithSha256(t.dataSource, c.id, { edit: 2 });
    await expectRefusedEverywhere(c, before.verificationCode);
    expect((await verification(c.id)).brokenAtSeq).toBe(1);
  });

  it('a keyed history relabelled as the legacy algorithm and recomputed is refused', async () => {
    const c = await caseWithEvents();
    const before = await verification(c.id);
    await rechainWithSha256(t.dataSource, c.id, { edit: 2, relabel: true });
    await expectRefusedEverywhere(c, before.verificationCode);
  });

  it('a history cut short (its last event deleted, the head set back) is refused', async () => {
    const c = await caseWithEvents();
    const before = await verification(c.id);
    const events = await t.dataSource
      .getRepository(CaseEvent)
      .find({ where: { caseId: c.id }, order: { seq: 'ASC' } });
    await withoutAppendOnly(t.dataSource, () =>
      t.dataSource.query(`DELETE FROM case_events WHERE id = ${q(t.dataSource, 1)}`, [events[2].id]),
    );
    await t.dataSource.query(
      `UPDATE cases SET "eventCount" = 2, "headHash" = ${q(t.dataSource, 1)} WHERE id = ${q(t.dataSource, 2)}`,
      [events[1].hash, c.id],
    );
    await expectRefusedEverywhere(c, before.verificationCode);
  });

  it('an intact history shows its code on the case page, the API, the print and the CLI', async () => {
    const c = await caseWithEvents();
    const v = await verification(c.id);
    expect(v).toEqual(
      expect.objectContaining({ ok: true, eventCount: 3, brokenAtSeq: null, headHash: expect.any(String) }),
    );
    expect(v.verificationCode).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    const agent = await pageLogin(t, 'coord');
    const page = await agent.get(`/cases/${c.id}/history`).expect(200);
    expect(page.text).toContain(v.verificationCode);
    expect(page.text).not.toContain('history-warning');
    const run = await cli(c.number);
    expect([run.code, run.out]).toEqual([
      0,
      expect.stringContaining(`Verification code: ${v.verificationCode}`),
    ]);
    // the events are keyed: their hashes are not the SHA-256 of their content
    const events = await t.dataSource.getRepository(CaseEvent).find({ where: { caseId: c.id } });
    for (const e of events) expect(e.hash).not.toBe(sha256Of(e));
  });

  it('npm run rotate-key keeps every history verifiable with the new master key alone', async () => {
    const c = await caseWithEvents();
    const code = (await verification(c.id)).verificationCode;
    const ring2 = {
      current: masterKeyFromBase64(KEY_2),
      previous: [masterKeyFromBase64(KEY_1)],
      source: 'env' as const,
      byId(id: string) {
        return [this.current, ...this.previous].find((k) => k.id === id);
      },
    };
    const result = await rotateKeys(t.dataSource, ring2);
    expect(result.rewrapped).toBeGreaterThan(0);
    const chainKeys = await t.dataSource.getRepository(DataKey).find({ where: { scope: 'case_chain' } });
    expect(chainKeys.map((k) => k.masterKeyId)).toEqual([ring2.current.id]);
    const run = await cli(c.number, { ...cliEnv, ENCRYPTION_KEY: KEY_2 });
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Verification code: ${code}`);
    // and the old key alone no longer opens the chain key
    await expect(cli(c.number, { ...cliEnv, ENCRYPTION_KEY: KEY_1 })).rejects.toThrow(/not in the key ring/);
  });
});

describe('histories from before the keyed chain (e2e)', () => {
  it('keep verifying after the upgrade, are sealed at the first start, continue keyed, and refuse a rewrite', async () => {
    const pg = process.env.TEST_DATABASE_URL ? await createPgDatabase() : null;
    const env: Record<string, string> = { ENCRYPTION_KEY: KEY_1, ...(pg ? { DATABASE_URL: pg.url } : {}) };
    const first = await createTestApp({ env });
    const dataDir = first.dataDir;
    const ds = first.dataSource;
    let fd: string;
    let coord: string;
    const cases: { id: string; number: string; person: PersonalValues }[] = [];
    try {
      await createUser(first, 'fd', [Role.FrontDesk]);
      await createUser(first, 'coord', [Role.Coordinator]);
      [fd, coord] = await Promise.all([apiLogin(first, 'fd'), apiLogin(first, 'coord')]);
      for (let i = 0; i < 3; i++) {
        const c = await registerCase(first, fd);
        await addEntry(first, coord, c.id, {
          date: '2025-12-01',
          description: personalText(`Lama ${i}`, c.person),
        }).expect(201);
        cases.push({ id: c.id, number: c.number, person: c.person });
      }
      // Back to the previous version: its migration (and every later one) undone, SHA-256 chains, no chain key.
      for (const c of cases) await rechainWithSha256(ds, c.id);
      await ds.getRepository(DataKey).delete({ scope: 'case_chain' });
      const lastMigration = async (): Promise<string> =>
        (await ds.query('SELECT name FROM migrations ORDER BY id DESC LIMIT 1'))[0].name;
      let undone: string;
      do {
        undone = await lastMigration();
        await ds.undoLastMigration({ transaction: 'each' });
      } while (!undone.startsWith('KeyedCaseChain'));
      const columns = async (table: string) =>
        ds.options.type === 'postgres'
          ? (
              await ds.query(
                `SELECT column_name AS name FROM information_schema.columns WHERE table_name = '${table}'`,
              )
            ).map((r: any) => r.name)
          : (await ds.query(`PRAGMA table_info("${table}")`)).map((r: any) => r.name);
      expect(await columns('case_events')).not.toContain('hashVersion');
      expect(await columns('cases')).not.toContain('headSeal');
    } finally {
      await first.app.close();
    }

    const second = await createTestApp({ env: { ...env, DATA_DIR: dataDir } });
    try {
      const fd2 = await apiLogin(second, 'fd');
      const coord2 = await apiLogin(second, 'coord');
      const verify = async (id: string) =>
        (await request(second.server).get(`/api/cases/${id}/verification`).set(bearer(coord2)).expect(200))
          .body;
      // the migration ran again on the populated table, and the table is still append-only
      const legacy = await second.dataSource
        .getRepository(CaseEvent)
        .find({ where: { caseId: cases[0].id } });
      expect(legacy.map((e) => e.hashVersion)).toEqual([1, 1]);
      await expect(
        second.dataSource.query(`UPDATE case_events SET type = 'x' WHERE id = ${q(second.dataSource, 1)}`, [
          legacy[0].id,
        ]),
      ).rejects.toThrow(/append-only/);
      // every legacy history verifies and was sealed at this start
      for (const c of cases)
        expect(await verify(c.id)).toEqual(expect.objectContaining({ ok: true, eventCount: 2 }));
      const sealed = await second.dataSource
        .getRepository(Case)
        .find({ select: { id: true, headSeal: true } });
      expectEvery(sealed, (c) => /^[0-9a-f]{64}$/.test(c.headSeal ?? ''), cases.length);
      // a new event continues the chain with the keyed algorithm
      await addEntry(second, coord2, cases[0].id, {
        date: '2025-12-02',
        description: personalText('Baru', cases[0].person),
      }).expect(201);
      const after = await second.dataSource
        .getRepository(CaseEvent)
        .find({ where: { caseId: cases[0].id }, order: { seq: 'ASC' } });
      expect(after.map((e) => e.hashVersion)).toEqual([1, 1, 2]);
      expect(await verify(cases[0].id)).toEqual(expect.objectContaining({ ok: true, eventCount: 3 }));
      // a rewrite of a legacy history (all SHA-256, recomputed) no longer passes: its seal says no
      await rechainWithSha256(second.dataSource, cases[1].id, { edit: 1 });
      expect(await verify(cases[1].id)).toEqual(
        expect.objectContaining({ ok: false, verificationCode: null }),
      );
      // nor a rewrite of the legacy part of a history that continued keyed
      await rechainWithSha256(second.dataSource, cases[0].id, { edit: 1 });
      expect((await verify(cases[0].id)).ok).toBe(false);
      // a third start does not seal again what no longer verifies, nor a head whose seal was removed
      await second.dataSource.query(
        `UPDATE cases SET "headSeal" = NULL WHERE id = ${q(second.dataSource, 1)}`,
        [cases[2].id],
      );
      await registerCase(second, fd2);
    } finally {
      await second.app.close();
    }
    const third = await createTestApp({ env: { ...env, DATA_DIR: dataDir } });
    try {
      const coord3 = await apiLogin(third, 'coord');
      const verify = async (id: string) =>
        (await request(third.server).get(`/api/cases/${id}/verification`).set(bearer(coord3)).expect(200))
          .body;
      expect((await verify(cases[1].id)).ok).toBe(false);
      expect(await verify(cases[2].id)).toEqual(expect.objectContaining({ ok: false, problem: 'unsealed' }));
    } finally {
      await third.app.close();
      if (pg) await pg.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
