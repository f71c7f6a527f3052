import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import * as sqlite3 from 'sqlite3';
import { KEYED_HASH_VERSION, eventHash, headSeal } from '../src/case/case-chain';
import { initialsOf } from '../src/platform/common/initials';
import { KEY_LENGTH, openString, openToString, sealToString } from '../src/platform/crypto/aes-gcm';
import { normalizeName, normalizeNik } from '../src/platform/crypto/blind-index.service';
import { masterKeyFromBase64, MasterKey } from '../src/platform/crypto/key-ring';

/**
 * The baselines of `npm run bench`: a bare Fastify + `sqlite3` server (no Nest, no ORM, no
 * validation library) on a copy of the application's seeded small database — the same tables, the
 * same indexes — with the pragmas of the application's connection (TypeORM's sqlite driver with
 * `enableWAL` and `busyTimeout`, database.options.ts: WAL journal, busy timeout, foreign keys on;
 * synchronous left at its default, as in the application). Prepared statements throughout, one
 * connection for writes (write transactions one after another, as sqlite runs them) and one for
 * reads (WAL readers do not wait for the writer). The application's own crypto primitives
 * (src/platform/crypto/aes-gcm.ts, the blind index normalizers, src/case/case-chain.ts) do the crypto:
 *
 *  - POST /cases — the same-work intake, one transaction: the session looked up by the token's
 *    hash (joined with its user), two data keys created and wrapped by the master key, the personal
 *    fields sealed with AES-256-GCM (bound to table.column as the application binds them), the NIK
 *    and name + birth-year blind indexes, the next case number of the year, then INSERT victim,
 *    case (with its first head already sealed), perpetrators, one hash-chained event and one audit
 *    row; the answer is the case JSON built from what was written.
 *  - GET /cases — the same-work read of the first page of 25 cases: the session lookup, the page
 *    query with the victim join in the list's order, the victims' names decrypted for the initials
 *    the list shows (unwrapped data keys cached, as the application caches them), the count, and
 *    one audit row committed before the answer.
 *  - POST /insert — the former floor: one plain INSERT of the intake into a table as wide as
 *    `cases`, no transaction, no crypto, no audit (its ratio stays reported).
 *
 * Run as a child process by the bench: `ts-node bench/baseline-server.ts` with BENCH_DB (the copy),
 * PORT, ENCRYPTION_KEY (the application's master key) and BASELINE_SESSIONS
 * (`username:token,username:token`: the sessions it creates for the bench users) in the
 * environment; ready when GET /health answers.
 */

const ONE_INSERT_COLUMNS = [
  'id', 'number', 'stage', 'version', 'dataKeyId', 'victimId', 'channel', 'receivedAt',
  'referringInstitutionId', 'registeredById', 'registeredAt', 'assignedCounselorId',
  'reporterRelationship', 'reporter', 'incidentDate', 'incidentDateEnd', 'incidentTime', 'placeType',
  'violenceTypes', 'gbvApplies', 'gbvCoreType', 'incidentLocation', 'narrative', 'victimSex',
  'victimAge', 'isChild', 'district', 'victimName', 'victimNik', 'victimAddress', 'perpetrators',
  'eventCount', 'updatedAt',
] as const; // prettier-ignore

const insertSql = (table: string, columns: readonly string[]) =>
  `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;

const VICTIM_COLUMNS = [
  'id', 'dataKeyId', 'fullName', 'nik', 'birthDate', 'address', 'phone', 'nikIndex', 'nameYearIndex',
  'sex', 'estimatedAge', 'district', 'education', 'occupation', 'maritalStatus', 'disabilities',
  'nationality', 'createdAt',
] as const; // prettier-ignore
const CASE_COLUMNS = [
  'id', 'number', 'stage', 'version', 'dataKeyId', 'victimId', 'channel', 'receivedAt',
  'referringInstitutionId', 'registeredById', 'registeredAt', 'assignedCounselorId',
  'reporterRelationship', 'reporter', 'incidentDate', 'incidentDateEnd', 'incidentTime', 'placeType',
  'violenceTypes', 'gbvApplies', 'gbvCoreType', 'incidentLocation', 'narrative', 'victimSex',
  'victimAge', 'isChild', 'district', 'riskLevel', 'closureReason', 'closedAt', 'eventCount',
  'headHash', 'updatedAt', 'intakeRecord', 'headSeal',
] as const; // prettier-ignore
const PERPETRATOR_COLUMNS = ['id', 'caseId', 'dataKeyId', 'position', 'sex', 'age', 'relationship', 'name'] as const; // prettier-ignore
const EVENT_COLUMNS = [
  'id', 'caseId', 'seq', 'type', 'at', 'actorId', 'actorName', 'actorRoles', 'actorInstitutionId',
  'summaryKey', 'summaryArgs', 'details', 'prevHash', 'hash', 'hashVersion',
] as const; // prettier-ignore
const AUDIT_COLUMNS = [
  'at', 'userId', 'username', 'roles', 'action', 'resourceType', 'resourceId', 'outcome', 'code',
  'method', 'route', 'requestId', 'ip',
] as const; // prettier-ignore
const DATA_KEY_COLUMNS = ['id', 'scope', 'wrappedKey', 'masterKeyId', 'createdAt', 'version'] as const;
const GENESIS = '0'.repeat(64);

type Row = Record<string, any>;

/** A prepared statement with promise-returning run/get/all. */
class Stmt {
  constructor(private readonly s: sqlite3.Statement) {}
  run(params: unknown[]): Promise<void> {
    return new Promise((resolve, reject) => this.s.run(params, (err) => (err ? reject(err) : resolve())));
  }
  /** The first row. Runs the statement to its end (a `get` would leave it open: no commit, stale reads). */
  async get<T = Row>(params: unknown[]): Promise<T | undefined> {
    return (await this.all<T>(params))[0];
  }
  all<T = Row>(params: unknown[]): Promise<T[]> {
    return new Promise((resolve, reject) =>
      this.s.all(params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))),
    );
  }
}

function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
}

function open(file: string, mode?: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, mode ?? sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE, (err) =>
      err ? reject(err) : resolve(db),
    );
  });
}

function prepare(db: sqlite3.Database, sql: string): Promise<Stmt> {
  return new Promise((resolve, reject) => {
    const s = db.prepare(sql, (err) => (err ? reject(err) : resolve(new Stmt(s))));
  });
}

/** Write transactions one after another on the one write connection (sqlite has one writer). */
class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const iso = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

export interface BaselineOptions {
  /** A copy of the application's seeded database (migrated schema, bench users, cases). */
  file: string;
  /** The application's master key (base64), which wraps the data keys of the copy. */
  masterKey: string;
  /** username → bearer token: a session is created for each in the copy. */
  sessions: Record<string, string>;
  port?: number;
  host?: string;
}

export interface BaselineServer {
  url: string;
  close(): Promise<void>;
}

export async function startBaseline(o: BaselineOptions): Promise<BaselineServer> {
  const master: MasterKey = masterKeyFromBase64(o.masterKey);
  const db = await open(o.file);
  db.configure('busyTimeout', 10000);
  await exec(
    db,
    `PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;
     CREATE TABLE IF NOT EXISTS "intakes" (${ONE_INSERT_COLUMNS.map((c) => `"${c}" ${c === 'id' ? 'varchar PRIMARY KEY NOT NULL' : 'text'}`).join(', ')});
     CREATE UNIQUE INDEX IF NOT EXISTS "UQ_intakes_number" ON "intakes" ("number");
     CREATE INDEX IF NOT EXISTS "IDX_intakes_received" ON "intakes" ("receivedAt");`,
  ); // prettier-ignore
  const reader = await open(o.file, sqlite3.OPEN_READONLY);
  reader.configure('busyTimeout', 10000);
  await exec(reader, 'PRAGMA busy_timeout = 10000;');

  const get = (sql: string, params: unknown[] = []) => prepare(db, sql).then((s) => s.get(params));
  // The wrap is the raw key sealed by the master key, bound to the key's id (DataKeyService).
  const unwrapKey = (row: Row): Buffer => {
    if (row.masterKeyId !== master.id) throw new Error('the copy is not wrapped by this master key');
    return openString(master.key, row.wrappedKey, row.id);
  };
  const keyOf = async (scope: string) => {
    const row = await get(
      `SELECT "id", "wrappedKey", "masterKeyId" FROM "data_keys" WHERE "scope" = ? ORDER BY "createdAt", "id" LIMIT 1`,
      [scope],
    );
    if (!row) throw new Error(`the copy has no ${scope} key`);
    return unwrapKey(row);
  };
  const blindKey = await keyOf('blind_index');
  const chainKey = await keyOf('case_chain');
  const blind = (purpose: string, value: string, normalize: (v: string) => string) =>
    createHmac('sha256', blindKey)
      .update(`${purpose}\0${normalize(value)}`, 'utf8')
      .digest('hex');

  // Sessions for the bench users, as a login would create them.
  const now0 = new Date();
  for (const [username, token] of Object.entries(o.sessions)) {
    const user = await get(`SELECT "id" FROM "users" WHERE "username" = ?`, [username]);
    if (!user) throw new Error(`the copy has no user ${username}`);
    await prepare(
      db,
      `INSERT INTO "sessions" ("id", "tokenHash", "userId", "createdAt", "lastSeenAt", "expiresAt", "revokedAt", "revokedReason") VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)`,
    ).then((s) =>
      s.run([randomUUID(), sha256(token), user.id, iso(now0), iso(now0), iso(new Date(now0.getTime() + 12 * 3_600_000))]),
    ); // prettier-ignore
  }

  const q = {
    session: await prepare(
      reader,
      `SELECT s."id" AS "sessionId", s."expiresAt", u."id" AS "userId", u."username", u."displayName", u."roles", u."isActive", u."institutionId"
         FROM "sessions" s INNER JOIN "users" u ON u."id" = s."userId"
        WHERE s."tokenHash" = ? AND s."revokedAt" IS NULL`,
    ),
    begin: await prepare(db, 'BEGIN IMMEDIATE'),
    commit: await prepare(db, 'COMMIT'),
    rollback: await prepare(db, 'ROLLBACK'),
    dataKey: await prepare(db, insertSql('data_keys', DATA_KEY_COLUMNS)),
    victim: await prepare(db, insertSql('victims', VICTIM_COLUMNS)),
    nextNumber: await prepare(
      db,
      `INSERT INTO "case_number_counters" ("year", "value") VALUES (?, 1)
       ON CONFLICT ("year") DO UPDATE SET "value" = "case_number_counters"."value" + 1 RETURNING "value"`,
    ),
    case: await prepare(db, insertSql('cases', CASE_COLUMNS)),
    perpetrator: await prepare(db, insertSql('case_perpetrators', PERPETRATOR_COLUMNS)),
    event: await prepare(db, insertSql('case_events', EVENT_COLUMNS)),
    audit: await prepare(db, insertSql('audit_logs', AUDIT_COLUMNS)),
    oneInsert: await prepare(db, insertSql('intakes', ONE_INSERT_COLUMNS)),
    page: await prepare(
      reader,
      `SELECT c."id", c."number", c."stage", c."version", c."receivedAt", c."channel", c."isChild", c."riskLevel",
              c."assignedCounselorId", c."registeredById", c."district", c."victimSex", c."victimAge",
              v."id" AS "victimId", v."dataKeyId" AS "victimKeyId", v."fullName"
         FROM "cases" c LEFT JOIN "victims" v ON v."id" = c."victimId"
        ORDER BY c."receivedAt" DESC, c."number" DESC LIMIT ? OFFSET ?`,
    ),
    count: await prepare(reader, `SELECT COUNT(*) AS "n" FROM "cases"`),
    keys: await prepare(
      reader,
      `SELECT "id", "wrappedKey", "masterKeyId" FROM "data_keys" WHERE "id" IN (${Array(25).fill('?').join(', ')})`,
    ),
  };
  const writes = new WriteQueue();
  const keyCache = new Map<string, Buffer>();
  const keysFor = async (ids: string[]) => {
    const missing = [...new Set(ids.filter((id) => !keyCache.has(id)))];
    for (let i = 0; i < missing.length; i += 25) {
      const part = missing.slice(i, i + 25);
      const params = [...part, ...Array(25 - part.length).fill(null)];
      for (const row of await q.keys.all(params)) keyCache.set(row.id, unwrapKey(row));
    }
    return keyCache;
  };

  const caller = async (req: FastifyRequest) => {
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!token || token.length > 200) return null;
    const s = await q.session.get([sha256(token)]);
    if (!s || !s.isActive || new Date(`${s.expiresAt}Z`).getTime() <= Date.now()) return null;
    return s;
  };
  const auditRow = (s: Row, req: FastifyRequest, action: string, resourceType: string, resourceId: string | null, route: string) => [
    iso(new Date()), s.userId, s.username, String(s.roles).slice(0, 200), action, resourceType, resourceId,
    'allowed', null, req.method, route, String(req.id).slice(0, 36), req.ip,
  ]; // prettier-ignore
  const fail = (reply: FastifyReply, err: Error) =>
    reply.code(500).send({ statusCode: 500, error: 'Internal Server Error', message: err.message });

  const newKey = (scope: string, now: string) => {
    const key = randomBytes(KEY_LENGTH);
    const id = randomUUID();
    return { key, row: [id, scope, sealToString(master.key, key, id), master.id, now, 1], id };
  };

  const intake = async (req: FastifyRequest, reply: FastifyReply) => {
    const s = await caller(req);
    if (!s) return reply.code(401).send({ statusCode: 401, code: 'UNAUTHENTICATED' });
    const body = req.body as Row;
    const v = body?.victim;
    const incident = body?.incident;
    if (!v?.fullName || !v.sex || !incident?.placeType || !Array.isArray(body.perpetrators))
      return reply.code(400).send({ statusCode: 400, code: 'VALIDATION' });
    const now = new Date();
    const at = iso(now);
    const year = Number(String(body.receivedAt).slice(0, 4));
    const person = newKey('person', at);
    const caseKey = newKey('case', at);
    const seal = (key: Buffer, aad: string, value: unknown) =>
      value === null || value === undefined ? null : sealToString(key, String(value), aad);
    const victimId = randomUUID();
    const birthYear = v.birthDate ? Number(String(v.birthDate).slice(0, 4)) : null;
    const name = normalizeName(v.fullName);
    const victim = {
      id: victimId,
      dataKeyId: person.id,
      fullName: seal(person.key, 'victims.fullName', v.fullName),
      nik: seal(person.key, 'victims.nik', v.nik),
      birthDate: seal(person.key, 'victims.birthDate', v.birthDate),
      address: seal(person.key, 'victims.address', v.address),
      phone: seal(person.key, 'victims.phone', v.phone),
      nikIndex: v.nik ? blind('victim.nik', v.nik, normalizeNik) : null,
      nameYearIndex:
        birthYear && name ? blind('victim.name_birth_year', `${name}|${birthYear}`, (x) => x) : null,
      sex: v.sex,
      estimatedAge: v.estimatedAge ?? null,
      district: v.district ?? null,
      education: v.education ?? null,
      occupation: v.occupation ?? null,
      maritalStatus: v.maritalStatus ?? null,
      disabilities: v.disabilities?.length ? v.disabilities.join(',') : null,
      nationality: v.nationality ?? 'IDN',
      createdAt: at,
    } as Row;
    const caseId = randomUUID();
    const on = incident.date ?? body.receivedAt;
    const age = v.birthDate
      ? Number(String(on).slice(0, 4)) - (birthYear as number)
      : (v.estimatedAge ?? null);
    const intakeRecord = JSON.stringify({
      victim: { ...v, age, isChild: age !== null && age < 18 },
      incident: { location: incident.location ?? null, narrative: incident.narrative ?? null },
    });
    const answer = await writes
      .run(async () => {
        await q.begin.run([]);
        try {
          await q.dataKey.run(person.row);
          await q.dataKey.run(caseKey.row);
          await q.victim.run(VICTIM_COLUMNS.map((c) => victim[c]));
          const seq = (await q.nextNumber.get<{ value: number }>([year]))!.value;
          const number = `B/${year}/${String(seq).padStart(6, '0')}`;
          const summaryArgs = { number, channel: body.channel, existingVictim: false, referringInstitutionId: body.referringInstitutionId ?? null }; // prettier-ignore
          const draft = {
            caseId, seq: 1, type: 'case.registered', at: now, actorId: s.userId, actorName: s.displayName,
            actorRoles: String(s.roles), actorInstitutionId: s.institutionId ?? null, summaryKey: 'events.case.registered',
            summaryArgs, details: null, prevHash: GENESIS, hashVersion: KEYED_HASH_VERSION,
          }; // prettier-ignore
          const hash = eventHash(draft as any, chainKey)!;
          const c = {
            id: caseId, number, stage: 'intake', version: 1, dataKeyId: caseKey.id, victimId, channel: body.channel,
            receivedAt: body.receivedAt, referringInstitutionId: body.referringInstitutionId ?? null,
            registeredById: s.userId, registeredAt: at, assignedCounselorId: null,
            reporterRelationship: body.reporter?.relationship ?? null,
            reporter: body.reporter ? seal(caseKey.key, 'cases.reporter', JSON.stringify(body.reporter)) : null,
            incidentDate: incident.date ?? null, incidentDateEnd: incident.dateEnd ?? null, incidentTime: incident.time ?? null,
            placeType: incident.placeType, violenceTypes: (incident.violenceTypes ?? []).join(','),
            gbvApplies: incident.gbvApplies?.length ? incident.gbvApplies.join(',') : null, gbvCoreType: null,
            incidentLocation: seal(caseKey.key, 'cases.incidentLocation', incident.location),
            narrative: seal(caseKey.key, 'cases.narrative', incident.narrative),
            victimSex: v.sex, victimAge: age, isChild: age !== null && age < 18 ? 1 : 0, district: v.district ?? null,
            riskLevel: null, closureReason: null, closedAt: null, eventCount: 1, headHash: hash, updatedAt: at,
            intakeRecord: seal(caseKey.key, 'cases.intakeRecord', intakeRecord),
            headSeal: headSeal(chainKey, caseId, 1, hash),
          } as Row; // prettier-ignore
          await q.case.run(CASE_COLUMNS.map((k) => c[k]));
          let position = 0;
          for (const p of body.perpetrators as Row[])
            await q.perpetrator.run([randomUUID(), caseId, caseKey.id, ++position, p.sex ?? null, p.age ?? null, p.relationship, seal(caseKey.key, 'case_perpetrators.name', p.name)]); // prettier-ignore
          const e = { ...draft, id: randomUUID(), at, summaryArgs: JSON.stringify(summaryArgs), hash } as Row;
          await q.event.run(EVENT_COLUMNS.map((k) => e[k]));
          await q.audit.run(auditRow(s, req, 'cases.create', 'cases', caseId, '/cases'));
          await q.commit.run([]);
          return {
            id: caseId, number, stage: 'intake', version: 1, receivedAt: c.receivedAt, channel: c.channel,
            victim: { fullName: v.fullName, nik: v.nik ?? null, sex: v.sex, birthDate: v.birthDate ?? null, district: c.district },
            incident: { date: c.incidentDate, placeType: c.placeType, violenceTypes: incident.violenceTypes, location: incident.location ?? null, narrative: incident.narrative ?? null },
            perpetrators: body.perpetrators, eventCount: 1, registeredAt: now.toISOString(),
          }; // prettier-ignore
        } catch (err) {
          await q.rollback.run([]).catch(() => undefined);
          throw err;
        }
      })
      .catch((err: Error) => err);
    if (answer instanceof Error) return fail(reply, answer);
    return reply.code(201).send(answer);
  };

  const list = async (req: FastifyRequest, reply: FastifyReply) => {
    const s = await caller(req);
    if (!s) return reply.code(401).send({ statusCode: 401, code: 'UNAUTHENTICATED' });
    const pageSize = 25;
    const rows = await q.page.all([pageSize, 0]);
    const keys = await keysFor(rows.map((r) => r.victimKeyId));
    const items = rows.map((r) => ({
      id: r.id,
      number: r.number,
      stage: r.stage,
      version: r.version,
      receivedAt: r.receivedAt,
      channel: r.channel,
      victimInitials: initialsOf(openToString(keys.get(r.victimKeyId)!, r.fullName, 'victims.fullName')),
      isChild: !!r.isChild,
      riskLevel: r.riskLevel,
      assignedCounselorId: r.assignedCounselorId,
      district: r.district,
    }));
    const total = (await q.count.get<{ n: number }>([]))!.n;
    const audited = await writes
      .run(() => q.audit.run(auditRow(s, req, 'cases.read', 'cases', null, '/cases')))
      .catch((err: Error) => err);
    if (audited instanceof Error) return fail(reply, audited);
    return reply.send({ items, total, page: 1, pageSize });
  };

  let oneSeq = 0;
  const oneInsert = (req: FastifyRequest, reply: FastifyReply) => {
    const body = req.body as Row;
    const victim = body.victim ?? {};
    const incident = body.incident ?? {};
    const now = new Date().toISOString();
    const row: Row = {
      id: randomUUID(), number: `I/${String(body.receivedAt).slice(0, 4)}/${String(++oneSeq).padStart(6, '0')}`,
      stage: 'intake', version: 1, dataKeyId: randomUUID(), victimId: randomUUID(), channel: body.channel,
      receivedAt: body.receivedAt, referringInstitutionId: body.referringInstitutionId ?? null,
      registeredById: 'baseline', registeredAt: now, assignedCounselorId: null,
      reporterRelationship: body.reporter?.relationship ?? null, reporter: body.reporter ? JSON.stringify(body.reporter) : null,
      incidentDate: incident.date ?? null, incidentDateEnd: incident.dateEnd ?? null, incidentTime: incident.time ?? null,
      placeType: incident.placeType, violenceTypes: (incident.violenceTypes ?? []).join(','),
      gbvApplies: (incident.gbvApplies ?? []).join(','), gbvCoreType: null, incidentLocation: incident.location ?? null,
      narrative: incident.narrative ?? null, victimSex: victim.sex, victimAge: null, isChild: 0,
      district: victim.district ?? null, victimName: victim.fullName ?? null, victimNik: victim.nik ?? null,
      victimAddress: victim.address ?? null, perpetrators: JSON.stringify(body.perpetrators ?? []), eventCount: 1,
      updatedAt: now,
    }; // prettier-ignore
    return writes
      .run(() => q.oneInsert.run(ONE_INSERT_COLUMNS.map((c) => row[c])))
      .then(
        () =>
          reply.code(201).send({ id: row.id, number: row.number, stage: row.stage, version: row.version }),
        (err: Error) => fail(reply, err),
      );
  };

  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  app.get('/health', (_req, reply) => reply.send({ status: 'ok' }));
  app.post('/cases', intake);
  app.get('/cases', list);
  app.post('/insert', oneInsert);
  const address = await app.listen({ port: o.port ?? 0, host: o.host ?? '127.0.0.1' });
  const close = (d: sqlite3.Database) => new Promise<void>((resolve) => d.close(() => resolve()));
  return {
    url: address,
    close: async () => {
      await app.close();
      await close(reader);
      await close(db);
    },
  };
}

/** `username:token,username:token` → a map. */
export function parseSessions(spec: string): Record<string, string> {
  return Object.fromEntries(
    spec
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const i = pair.indexOf(':');
        return [pair.slice(0, i), pair.slice(i + 1)];
      }),
  );
}

if (require.main === module) {
  const file = process.env.BENCH_DB;
  const masterKey = process.env.ENCRYPTION_KEY;
  if (!file || !masterKey) throw new Error('BENCH_DB and ENCRYPTION_KEY must be set');
  startBaseline({
    file,
    masterKey,
    sessions: parseSessions(process.env.BASELINE_SESSIONS ?? ''),
    port: Number(process.env.PORT ?? 0),
  })
    .then((server) => {
      console.log(`listening ${server.url}`);
      const stop = () => void server.close().then(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    })
    .catch((err: Error) => {
      console.error(`baseline failed: ${err.message}`);
      process.exit(1);
    });
}
