import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import * as sqlite3 from 'sqlite3';

/**
 * The baseline: a bare Fastify server that inserts each POSTed intake into one sqlite3 table of the
 * width of Lentera's `cases` table (33 columns), with the pragmas the application's connection has
 * (TypeORM's sqlite driver with `enableWAL` and `busyTimeout`, database.options.ts: WAL journal,
 * busy timeout, foreign keys on; synchronous left at its default, as in the application). One plain
 * `db.run(INSERT …)` per request, no validation, no transaction, no encryption, no audit: the floor
 * the application's intake is measured against.
 *
 * Run as a child process by the bench: `ts-node bench/baseline-server.ts` with BENCH_DB (the sqlite
 * file) and PORT in the environment (or `<db> <port>` as arguments); ready when GET /health answers.
 * POST /cases (and /api/cases, the application's path) takes the intake.
 */

const COLUMNS = [
  'id',
  'number',
  'stage',
  'version',
  'dataKeyId',
  'victimId',
  'channel',
  'receivedAt',
  'referringInstitutionId',
  'registeredById',
  'registeredAt',
  'assignedCounselorId',
  'reporterRelationship',
  'reporter',
  'incidentDate',
  'incidentDateEnd',
  'incidentTime',
  'placeType',
  'violenceTypes',
  'gbvApplies',
  'gbvCoreType',
  'incidentLocation',
  'narrative',
  'victimSex',
  'victimAge',
  'isChild',
  'district',
  'victimName',
  'victimNik',
  'victimAddress',
  'perpetrators',
  'eventCount',
  'updatedAt',
] as const;

const INSERT = `INSERT INTO "intakes" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${COLUMNS.map(
  () => '?',
).join(', ')})`;

function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
}

function open(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(db)));
  });
}

export interface BaselineServer {
  url: string;
  close(): Promise<void>;
}

export async function startBaseline(file: string, port = 0, host = '127.0.0.1'): Promise<BaselineServer> {
  const db = await open(file);
  db.configure('busyTimeout', 10000);
  await exec(
    db,
    `PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;
     CREATE TABLE IF NOT EXISTS "intakes" (${COLUMNS.map((c) => `"${c}" ${c === 'id' ? 'varchar PRIMARY KEY NOT NULL' : 'text'}`).join(', ')});
     CREATE UNIQUE INDEX IF NOT EXISTS "UQ_intakes_number" ON "intakes" ("number");
     CREATE INDEX IF NOT EXISTS "IDX_intakes_received" ON "intakes" ("receivedAt");`,
  );
  let seq = 0;
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  app.get('/health', (_req, reply) => reply.send({ status: 'ok' }));
  const intake = (req: FastifyRequest, reply: FastifyReply) => {
    const body = req.body as Record<string, any>;
    const victim = body.victim ?? {};
    const incident = body.incident ?? {};
    const now = new Date().toISOString();
    const row = {
      id: randomUUID(),
      number: `B/${String(body.receivedAt).slice(0, 4)}/${String(++seq).padStart(6, '0')}`,
      stage: 'intake',
      version: 1,
      dataKeyId: randomUUID(),
      victimId: randomUUID(),
      channel: body.channel,
      receivedAt: body.receivedAt,
      referringInstitutionId: body.referringInstitutionId ?? null,
      registeredById: 'baseline',
      registeredAt: now,
      assignedCounselorId: null,
      reporterRelationship: body.reporter?.relationship ?? null,
      reporter: body.reporter ? JSON.stringify(body.reporter) : null,
      incidentDate: incident.date ?? null,
      incidentDateEnd: incident.dateEnd ?? null,
      incidentTime: incident.time ?? null,
      placeType: incident.placeType,
      violenceTypes: (incident.violenceTypes ?? []).join(','),
      gbvApplies: (incident.gbvApplies ?? []).join(','),
      gbvCoreType: null,
      incidentLocation: incident.location ?? null,
      narrative: incident.narrative ?? null,
      victimSex: victim.sex,
      victimAge: null,
      isChild: 0,
      district: victim.district ?? null,
      victimName: victim.fullName ?? null,
      victimNik: victim.nik ?? null,
      victimAddress: victim.address ?? null,
      perpetrators: JSON.stringify(body.perpetrators ?? []),
      eventCount: 1,
      updatedAt: now,
    };
    db.run(
      INSERT,
      COLUMNS.map((c) => row[c]),
      (err) => {
        if (err)
          reply.code(500).send({ statusCode: 500, error: 'Internal Server Error', message: err.message });
        else reply.code(201).send({ id: row.id, number: row.number, stage: row.stage, version: row.version });
      },
    );
  };
  app.post('/cases', intake);
  app.post('/api/cases', intake);
  const address = await app.listen({ port, host });
  return {
    url: address,
    close: async () => {
      await app.close();
      await new Promise<void>((resolve) => db.close(() => resolve()));
    },
  };
}

if (require.main === module) {
  const [file = process.env.BENCH_DB, port = process.env.PORT ?? '0'] = process.argv.slice(2);
  if (!file) throw new Error('usage: baseline-server.ts <sqlite file> [port] (or BENCH_DB and PORT)');
  startBaseline(file, Number(port))
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
