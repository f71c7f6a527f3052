/**
 * Seeds the benchmark database in a Nest application context on the same DATA_DIR / DATABASE_URL as
 * the server:
 *  1. the bench users, through UsersService (`--users`);
 *  2. real cases up to BENCH_REAL_CASES (default 1000) through IntakeService.register: victim, data
 *     keys, encrypted fields, blind indexes, case number, perpetrator and the first history event,
 *     exactly as an intake writes them. Every tenth case is assigned and moved to initial counseling
 *     (CasesService.assignCounselor, CaseWorkflowService.fire) so stage filters select something.
 *     Batches of 500 share one transaction (TransactionService.run nests). ~150 cases/s here;
 *  3. the rest up to the target as copies of those real cases (~10k/s): each copy gets a new case id,
 *     number (`<source number>.<k>`), victim row and two new data keys — the source's key bytes
 *     re-wrapped by the current master key under the new key id (the wrap's AAD), so the copied
 *     ciphertexts (bound to table.column, not to the row) decrypt under the copy's own keys. The
 *     perpetrators are copied too; the history is not: a copy has no events (eventCount 0, genesis
 *     head), which is a valid, verifiable empty chain. Valid for every list, page and detail read.
 *
 *   node -r ts-node/register/transpile-only bench/seed-cases.ts <targetTotal> [--users]
 *
 *  4. with BENCH_CHRONOLOGY=10,1000: on the first real cases assigned to the bench counselor, that
 *     many chronology entries each, through ChronologyService.addEntry as the counselor (each
 *     appends its history event, as in use); their ids are printed as `chronology`.
 *
 * Prints one JSON line: {"created","total","ms","chronology"?: [{"entries","caseId"}]}. Invented
 * names only.
 */
process.env.TZ = process.env.TZ || 'UTC';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { AppModule } from '../src/app.module';
import { Role } from '../src/platform/auth/permissions';
import { toAuthContext } from '../src/platform/auth/session.service';
import { Case } from '../src/case/case.entity';
import { GENESIS_HASH, headSeal } from '../src/case/case-chain';
import { CaseChainKey } from '../src/case/case-chain-key';
import { CasesService } from '../src/case/cases.service';
import { CreateCaseDto } from '../src/case/dto/case.dto';
import { IntakeService } from '../src/case/intake.service';
import { CaseWorkflowService } from '../src/case/workflow/case-workflow.service';
import { sealToString } from '../src/platform/crypto/aes-gcm';
import { DataKeyService } from '../src/platform/crypto/data-key.service';
import { KEY_RING, KeyRing } from '../src/platform/crypto/key-ring';
import { ChronologyService } from '../src/chronology/chronology.service';
import { TransactionService } from '../src/platform/database/transaction.service';
import { SettingsService } from '../src/platform/settings/settings.service';
import { UsersService } from '../src/users/users.service';

export const BENCH_USERS = {
  frontdesk: Role.FrontDesk,
  coordinator: Role.Coordinator,
  counselor: Role.Counselor,
} as const;

const FIRST = ['Siti', 'Dewi', 'Ani', 'Rina', 'Putri', 'Wulan', 'Ayu', 'Lestari', 'Indah', 'Maya'];
const LAST = ['Rahmawati', 'Susanti', 'Wahyuni', 'Pratiwi', 'Handayani', 'Kusuma', 'Sari', 'Utami'];
const FALLBACK_DISTRICTS = ['Tembalang', 'Banyumanik', 'Pedurungan', 'Genuk', 'Candisari', 'Gajahmungkur'];
const DAY = 86_400_000;

/** An invented, valid intake; `n` spreads dates over ~3 years and ages so some victims are children. */
export function benchIntake(n: number, districts: string[], today: Date): CreateCaseDto {
  const received = new Date(today.getTime() - (1 + (n % 1000)) * DAY);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const birthYear = received.getUTCFullYear() - (8 + (n % 40));
  return {
    channel: n % 3 === 0 ? 'phone' : 'walk_in',
    receivedAt: day(received),
    victim: {
      fullName: `${FIRST[n % FIRST.length]} ${LAST[(n >> 3) % LAST.length]} B${n}`,
      nik: String(3374000000000000 + n).padStart(16, '0'),
      sex: 'female',
      birthDate: `${birthYear}-0${1 + (n % 9)}-1${n % 10}`,
      address: `Jl. Kenanga No. ${n % 300}`,
      district: districts[n % districts.length],
      phone: '0812' + String(10000000 + n).slice(-8),
    },
    perpetrators: [{ sex: 'male', age: 30 + (n % 30), relationship: 'spouse', name: `Pelaku B${n}` }],
    incident: {
      date: day(new Date(received.getTime() - 2 * DAY)),
      placeType: 'household',
      location: 'Rumah korban',
      violenceTypes: n % 2 ? ['physical'] : ['physical', 'psychological'],
      narrative: 'Kasus contoh untuk pengukuran kinerja.',
    },
  } as unknown as CreateCaseDto;
}

type Row = Record<string, unknown>;
const CHUNK = 200;

/** Inserts raw rows (all with the same columns) in multi-row INSERTs. */
async function insertRows(m: EntityManager, table: string, rows: Row[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]);
  const postgres = m.connection.options.type === 'postgres';
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const params: unknown[] = [];
    const tuples = chunk.map(
      (r) => `(${columns.map((c) => (params.push(r[c]), postgres ? `$${params.length}` : '?')).join(', ')})`,
    );
    await m.query(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`,
      params,
    );
  }
}

/** `count` copies of the real cases (round robin), in transactions of 5,000 cases. */
async function copyCases(
  tx: TransactionService,
  dataKeys: DataKeyService,
  ring: KeyRing,
  chainKey: Buffer,
  count: number,
) {
  const m0 = tx.manager;
  const sources: Row[] = await m0.query(
    `SELECT * FROM "cases" WHERE "eventCount" > 0 ORDER BY "registeredAt", "number" LIMIT 1000`,
  );
  if (!sources.length) throw new Error('no real case to copy');
  // Copies made by an earlier run: numbering goes on from there (`<source>.<k>` stays unique).
  const [{ n: earlier }] = (await m0.query(`SELECT COUNT(*) AS "n" FROM "cases" WHERE "eventCount" = 0`)).map(
    (r: Row) => ({ n: Number(r.n) }),
  );
  const byId = async (table: string, column: string, ids: unknown[]) => {
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const marks = part.map((_, j) => (m0.connection.options.type === 'postgres' ? `$${j + 1}` : '?'));
      out.push(
        ...(await m0.query(`SELECT * FROM "${table}" WHERE "${column}" IN (${marks.join(', ')})`, part)),
      );
    }
    return out;
  };
  const victims = new Map(
    (
      await byId(
        'victims',
        'id',
        sources.map((c) => c.victimId),
      )
    ).map((v) => [v.id, v]),
  );
  const perps = new Map<unknown, Row[]>();
  for (const p of await byId(
    'case_perpetrators',
    'caseId',
    sources.map((c) => c.id),
  ))
    perps.set(p.caseId, [...(perps.get(p.caseId) ?? []), p]);
  const keyIds = [...sources.map((c) => c.dataKeyId), ...[...victims.values()].map((v) => v.dataKeyId)];
  const keyRows = new Map((await byId('data_keys', 'id', keyIds)).map((k) => [k.id, k]));
  const plainKeys = new Map<unknown, Buffer>();
  for (const id of keyIds) {
    const key = await dataKeys.getKey(id as string);
    if (!key) throw new Error('a source data key is destroyed');
    plainKeys.set(id, key);
  }
  const newKey = (sourceId: unknown): Row => {
    const id = randomUUID();
    const wrappedKey = sealToString(ring.current.key, plainKeys.get(sourceId)!, id);
    return { ...keyRows.get(sourceId)!, id, wrappedKey, masterKeyId: ring.current.id };
  };
  for (let done = 0; done < count;) {
    const end = Math.min(count, done + 5000);
    await tx.run(async (m) => {
      const keys: Row[] = [];
      const vs: Row[] = [];
      const cs: Row[] = [];
      const ps: Row[] = [];
      for (; done < end; done++) {
        const src = sources[done % sources.length];
        const copyNo = Math.floor((earlier + done) / sources.length) + 1;
        const vKey = newKey(victims.get(src.victimId)!.dataKeyId);
        const cKey = newKey(src.dataKeyId);
        const victim = { ...victims.get(src.victimId)!, id: randomUUID(), dataKeyId: vKey.id };
        const id = randomUUID();
        keys.push(vKey, cKey);
        vs.push(victim);
        cs.push({
          ...src,
          id,
          number: `${src.number}.${copyNo}`,
          dataKeyId: cKey.id,
          victimId: victim.id,
          eventCount: 0,
          headHash: GENESIS_HASH,
          // a copy has no history yet: its empty head is sealed like any other
          headSeal: headSeal(chainKey, id, 0, GENESIS_HASH),
        });
        for (const p of perps.get(src.id) ?? [])
          ps.push({ ...p, id: randomUUID(), caseId: id, dataKeyId: cKey.id });
      }
      await insertRows(m, 'data_keys', keys);
      await insertRows(m, 'victims', vs);
      await insertRows(m, 'cases', cs);
      await insertRows(m, 'case_perpetrators', ps);
    });
  }
}

async function main(): Promise<void> {
  const target = Number(process.argv[2]);
  if (!Number.isInteger(target) || target < 0)
    throw new Error('usage: seed-cases.ts <targetTotal> [--users]');
  const password = process.env.BENCH_PASSWORD;
  if (!password) throw new Error('BENCH_PASSWORD is not set');
  const batch = Number(process.env.BENCH_SEED_BATCH ?? 500);
  const t0 = Date.now();
  const app = await NestFactory.createApplicationContext(AppModule, {
    logger: ['error'],
    abortOnError: false,
  });
  try {
    const users = app.get(UsersService);
    if (process.argv.includes('--users')) {
      for (const [username, role] of Object.entries(BENCH_USERS)) {
        if (await users.findByUsername(username)) continue;
        await users.create(
          { username, displayName: `Bench ${username}`, roles: [role] },
          { password, mustChangePassword: false },
        );
      }
    }
    const actor = async (username: string) => {
      const user = await users.findByUsername(username);
      if (!user) throw new Error(`bench user ${username} is missing (run with --users first)`);
      return toAuthContext(user, 'bench-seed');
    };
    const [frontdesk, coordinator, counselor] = await Promise.all(
      ['frontdesk', 'coordinator', 'counselor'].map(actor),
    );
    const { districts } = await app.get(SettingsService).centre();
    const pool = districts.length ? districts : FALLBACK_DISTRICTS;
    const intake = app.get(IntakeService);
    const cases = app.get(CasesService);
    const workflow = app.get(CaseWorkflowService);
    const tx = app.get(TransactionService);
    const dataSource = app.get(DataSource);
    const existing = await dataSource.getRepository(Case).count();
    const today = new Date();
    const realTarget = Math.min(target, Number(process.env.BENCH_REAL_CASES ?? 1000));
    let n = existing;
    while (n < realTarget) {
      const end = Math.min(realTarget, n + batch);
      await tx.run(async () => {
        for (; n < end; n++) {
          const c = await intake.register(frontdesk, benchIntake(n, pool, today));
          if (n % 10 === 0) {
            const assigned = await cases.assignCounselor(coordinator, c.id, counselor.userId, c.version);
            await workflow.fire(counselor, c.id, 'start_counseling', assigned.version, {});
          }
        }
      });
    }
    if (n < target)
      await copyCases(
        app.get(TransactionService),
        app.get(DataKeyService),
        app.get<KeyRing>(KEY_RING),
        app.get(CaseChainKey).get(),
        target - n,
      );
    const chronology: { entries: number; caseId: string }[] = [];
    const sizes = (process.env.BENCH_CHRONOLOGY ?? '').split(',').filter(Boolean).map(Number);
    if (sizes.length) {
      const assigned = await dataSource.getRepository(Case).find({
        select: { id: true },
        where: { assignedCounselorId: counselor.userId, eventCount: MoreThan(0) },
        order: { number: 'ASC' },
        take: sizes.length,
      });
      if (assigned.length < sizes.length) throw new Error('not enough cases assigned to the bench counselor');
      const entries = app.get(ChronologyService);
      for (const [i, size] of sizes.entries()) {
        const caseId = assigned[i].id;
        for (let done = 0; done < size;) {
          const end = Math.min(size, done + batch);
          await tx.run(async () => {
            for (; done < end; done++)
              await entries.addEntry(counselor, caseId, {
                date: new Date(today.getTime() - (size - done) * DAY).toISOString().slice(0, 10),
                time: `${String(8 + (done % 12)).padStart(2, '0')}:30`,
                place: 'Rumah korban',
                description: `Kejadian contoh ${done + 1} untuk pengukuran kinerja: korban bercerita kepada konselor.`,
              });
          });
        }
        chronology.push({ entries: size, caseId });
      }
    }
    if (dataSource.options.type === 'sqlite') await dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
    const total = await dataSource.getRepository(Case).count();
    console.log(
      JSON.stringify({
        created: total - existing,
        total,
        ms: Date.now() - t0,
        ...(chronology.length ? { chronology } : {}),
      }),
    );
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`bench seed failed: ${(err as Error).stack}`);
    process.exit(1);
  });
}
