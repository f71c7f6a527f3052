/**
 * Data at rest and in logs (issue 8, suite 5): flows with known personal values (the victim's name,
 * NIK, birth date, address and phone; the reporter's name, phone and address; the narrative, incident
 * location and perpetrator; a counseling note, safety plan, chronology entry, service note, conference
 * minutes and action, monitoring instructions, referral reason, consent witness, an uploaded scan —
 * every free text also holding the victim's name, NIK, street and phone) run with
 * LOG_LEVEL=debug while stdout and stderr are captured — including refused requests that carry the
 * values; then the database's files, every file under DATA_DIR/uploads and the captured logs are
 * searched for those values. Pass: zero plaintext hits.
 *  - sqlite: the database file and its WAL, before and after a checkpoint;
 *  - PostgreSQL: after a CHECKPOINT, every file of the test database under the server's data
 *    directory (tables, indexes, TOAST) and the WAL segments written during the test, plus the
 *    server log when TEST_PG_LOG names it (.ci/run does). The test reads the data directory directly,
 *    so it must run on the database host as root or postgres (as .ci/run does); elsewhere it fails
 *    with that message (there is no way to skip the database files: a search of the logs alone
 *    would prove nothing about the data at rest).
 * Values are short (under PostgreSQL's 2 kB TOAST compression threshold), so they would be stored
 * as written: a plaintext value cannot hide behind compression.
 * `npm run test:data-at-rest` runs it alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { RedactingLogger } from '../src/platform/common/redacting-logger';
import { InstitutionsService } from '../src/institutions/institutions.service';
import { bearer, intakePayload, personalText } from './support/case-fixtures';
import { checkFigures } from './support/figures';
import { apiLogin, createTestApp, createUser, pageLogin, TestApp } from './support/test-app';

const SECRETS = {
  name: 'Kartika Wulandari Zqxv',
  nik: '3374129988776655',
  birthDate: '1987-11-23',
  address: 'Jl. Kenanga Rahasia Zqxv 77',
  phone: '081299887766',
  reporterName: 'Wahyuni Pelapor Zqxv',
  reporterPhone: '085711220099',
  reporterAddress: 'Gang Pelapor Zqxv 12',
  narrative: 'Narasi rahasia Zqxv tentang pukulan',
  location: 'Dapur rumah Zqxv',
  perpetrator: 'Hendra Gunawan Zqxv',
  note: 'Catatan konseling Zqxv ancaman',
  safetyPlan: 'Rencana keselamatan Zqxv tas darurat',
  entryPlace: 'Teras rumah Zqxv',
  entry: 'Entri kronologi Zqxv dicekik',
  service: 'Catatan layanan medis Zqxv memar',
  minutes: 'Notulen rapat Zqxv',
  action: 'Tindak lanjut rapat Zqxv',
  instructions: 'Instruksi kunjungan Zqxv',
  reason: 'Alasan rujukan Zqxv',
  witness: 'Saksi Zqxv Lestari',
  scan: 'Isi pindaian Zqxv tanda tangan',
};
/** The victim as typed: every free text below also holds her name, NIK, street and phone. */
const VICTIM = { fullName: SECRETS.name, nik: SECRETS.nik, address: SECRETS.address, phone: SECRETS.phone };
const withPersonal = (marker: string) => personalText(marker, VICTIM);

/** Not personal: an institution name, stored in clear, that proves the file search sees stored text. */
const CANARY = 'Lembaga Kanari Zqxv Terbuka';

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

describe('data at rest and in logs (e2e)', () => {
  let t: TestApp;
  const captured: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'debug' } });
    t.app.useLogger(new RedactingLogger('verbose'));
  });
  afterAll(() => t.close());

  it('leaves no personal value in plaintext in the database, its WAL, the uploads or the logs', async () => {
    const startedAt = Date.now() - 1000;
    const write = { out: process.stdout.write, err: process.stderr.write };
    const capture = (chunk: unknown) => {
      captured.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
      return true;
    };
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
    try {
      await createUser(t, 'fd', [Role.FrontDesk]);
      const counselorId = (await createUser(t, 'c1', [Role.Counselor])).id;
      const coordinatorId = (await createUser(t, 'coord', [Role.Coordinator])).id;
      const [fd, c1, coord] = await Promise.all(['fd', 'c1', 'coord'].map((u) => apiLogin(t, u)));
      const api = (token: string) => ({
        get: (url: string) => request(t.server).get(url).set(bearer(token)),
        post: (url: string, body: unknown) =>
          request(t.server)
            .post(url)
            .set(bearer(token))
            .send(body as object),
      });
      const payload = intakePayload({
        victim: { ...VICTIM, birthDate: SECRETS.birthDate },
        reporter: {
          relationship: 'relative',
          name: SECRETS.reporterName,
          phone: SECRETS.reporterPhone,
          address: SECRETS.reporterAddress,
        },
        incident: { narrative: withPersonal(SECRETS.narrative), location: SECRETS.location },
        perpetrators: [{ sex: 'male', age: 40, relationship: 'spouse', name: SECRETS.perpetrator }],
      });
      // refused requests carrying the values (validation, permission) are logged too
      await api(fd)
        .post('/api/cases', { ...payload, victim: { ...payload.victim, birthDate: 'not-a-date' } })
        .expect(400);
      await api(c1).post('/api/cases', payload).expect(403);
      const c = (await api(fd).post('/api/cases', payload).expect(201)).body;
      // the duplicate check carries the NIK and the name in its body (it finds the case just made)
      const duplicates = await api(fd)
        .post('/api/cases/duplicate-check', { nik: SECRETS.nik, fullName: SECRETS.name })
        .expect(200);
      expect(JSON.stringify(duplicates.body)).toContain(c.number);
      await api(coord).post(`/api/cases/${c.id}/assignment`, { counselorId, version: 1 }).expect(200);
      await api(c1)
        .post(`/api/cases/${c.id}/transitions`, { transition: 'start_counseling', version: 2 })
        .expect(200);
      await api(c1)
        .post(`/api/cases/${c.id}/counseling-sessions`, {
          heldAt: '2026-01-14',
          durationMinutes: 45,
          notes: withPersonal(SECRETS.note),
        })
        .expect(201);
      await request(t.server)
        .put(`/api/cases/${c.id}/safety-plan`)
        .set(bearer(c1))
        .send({ plan: withPersonal(SECRETS.safetyPlan), version: 0 })
        .expect(200);
      await api(c1)
        .post(`/api/cases/${c.id}/chronology/entries`, {
          date: '2026-01-08',
          place: SECRETS.entryPlace,
          description: withPersonal(SECRETS.entry),
        })
        .expect(201);
      await api(c1)
        .post(`/api/cases/${c.id}/services`, {
          type: 'medical',
          plannedDate: '2026-01-20',
          notes: withPersonal(SECRETS.service),
        })
        .expect(201);
      await api(coord)
        .post(`/api/cases/${c.id}/conferences`, {
          heldAt: '2026-01-12',
          attendees: { staffUserIds: [counselorId, coordinatorId], institutionIds: [], others: [] },
          minutes: withPersonal(SECRETS.minutes),
          decisions: ['Rujuk ke rumah sakit'],
          actionItems: [
            { description: withPersonal(SECRETS.action), ownerUserId: counselorId, dueDate: '2026-01-20' },
          ],
        })
        .expect(201);
      const consent = await api(c1)
        .post(`/api/cases/${c.id}/consents`, {
          givenBy: 'victim',
          givenOn: '2026-01-12',
          method: 'signed_form',
          serviceRoles: ['medical', 'community_monitoring'],
          institutionIds: [],
          categories: ['identity', 'incident_narrative'],
        })
        .expect(201);
      await request(t.server)
        .post(`/api/consents/${consent.body.id}/scan`)
        .set(bearer(c1))
        .attach('file', Buffer.from(`%PDF-1.4\n${SECRETS.scan}\n%%EOF\n`), 'scan.pdf')
        .expect(200);
      // a witness is kept for a verbal consent only (a signed form's is not stored): a second consent
      const verbal = await api(c1)
        .post(`/api/cases/${c.id}/consents`, {
          givenBy: 'victim',
          givenOn: '2026-01-13',
          method: 'verbal',
          witnessName: SECRETS.witness,
          serviceRoles: ['psychological'],
          institutionIds: [],
          categories: ['identity'],
        })
        .expect(201);
      // the signed consent (with its scan) in force: a referral and a monitoring assignment under it
      const hospital = await t.app
        .get(InstitutionsService)
        .create({ name: 'RSUD Zqxv', type: 'hospital', serviceRoles: ['medical'] });
      const referral = await api(c1)
        .post(`/api/cases/${c.id}/referrals`, {
          serviceRole: 'medical',
          targetInstitutionId: hospital.id,
          urgency: 'urgent',
          reason: withPersonal(SECRETS.reason),
          categories: ['identity'],
        })
        .expect(201);
      const volunteer = await api(coord)
        .post('/api/community/volunteers', { name: 'Kader Zqxv Umum', groupName: 'PKK RW 03' })
        .expect(201);
      await api(coord)
        .post(`/api/cases/${c.id}/monitoring`, {
          volunteerId: volunteer.body.id,
          instructions: withPersonal(SECRETS.instructions),
        })
        .expect(201);
      // a canary stored in a clear column: the search must find it in the database files
      await t.app.get(InstitutionsService).create({ name: CANARY, type: 'ngo' });
      // reads through the API and the pages (decrypted values in responses, never in logs); each value
      // was stored (a value never stored could not be found): the coordinator reads every one back
      const detail = await api(coord).get(`/api/cases/${c.id}`).expect(200);
      expect(detail.body.victim.fullName).toBe(SECRETS.name);
      const reads = [JSON.stringify(detail.body)];
      for (const url of [
        `/api/cases/${c.id}/counseling-sessions`,
        `/api/cases/${c.id}/safety-plan`,
        `/api/cases/${c.id}/chronology`,
        `/api/cases/${c.id}/services`,
        `/api/cases/${c.id}/conferences`,
        `/api/cases/${c.id}/monitoring`,
        `/api/referrals/${referral.body.id}`,
        `/api/consents/${consent.body.id}`,
        `/api/consents/${verbal.body.id}`,
      ])
        reads.push((await api(coord).get(url).expect(200)).text);
      const scan = await request(t.server)
        .get(`/api/consents/${consent.body.id}/scan`)
        .set(bearer(coord))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      reads.push((scan.body as Buffer).toString('utf8'));
      const read = reads.join('\n');
      expect(Object.entries(SECRETS).filter(([, v]) => !read.includes(v))).toEqual([]);
      const agent = await pageLogin(t, 'coord');
      expect((await agent.get(`/cases/${c.id}/people`).expect(200)).text).toContain(SECRETS.address);
      await api(coord).get(`/api/cases?q=${encodeURIComponent(SECRETS.name)}`);
      await api(coord).get(`/api/cases/${c.id}/history`).expect(200);
    } finally {
      process.stdout.write = write.out;
      process.stderr.write = write.err;
    }
    const logs = captured.join('');
    expect(logs).toMatch(/"level":"debug"/); // debug lines were captured
    const places: [string, Buffer][] = [['logs', Buffer.from(logs)]];
    if (t.dialect === 'sqlite') {
      const db = path.join(t.dataDir, 'lentera.sqlite');
      for (const file of [db, `${db}-wal`])
        if (fs.existsSync(file)) places.push([path.basename(file), fs.readFileSync(file)]);
      expect(places.length).toBeGreaterThanOrEqual(2);
      await t.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
      places.push(['lentera.sqlite after checkpoint', fs.readFileSync(db)]);
    } else {
      places.push(...(await postgresFiles(t, startedAt)));
    }
    const uploads = filesUnder(path.join(t.dataDir, 'uploads'));
    expect(uploads.length).toBeGreaterThan(0);
    for (const file of uploads) places.push([path.relative(t.dataDir, file), fs.readFileSync(file)]);
    const dbPlaces = places.filter(([w]) => w !== 'logs' && !w.startsWith('uploads'));
    expect(dbPlaces.filter(([, c]) => c.includes(Buffer.from(CANARY, 'utf8'))).length).toBeGreaterThan(0);
    const hits: string[] = [];
    for (const [where, content] of places) {
      for (const [what, value] of Object.entries(SECRETS)) {
        if (content.includes(Buffer.from(value, 'utf8')) || content.includes(Buffer.from(value, 'utf16le')))
          hits.push(`${what} in ${where}`);
      }
    }
    expect(hits).toEqual([]);
    const bytes = places.reduce((n, [, c]) => n + c.length, 0);
    const shown =
      places.length > 12
        ? `${places
            .slice(0, 12)
            .map(([w]) => w)
            .join(', ')}, …`
        : places.map(([w, c]) => `${w} ${c.length} B`).join(', ');
    expect(Object.keys(SECRETS).length).toBeGreaterThanOrEqual(22);
    // sqlite: the logs, the database file, its WAL, the file after a checkpoint, and the uploads
    if (t.dialect === 'sqlite') {
      expect(places.length).toBeGreaterThanOrEqual(5);
      checkFigures('data-at-rest', {
        values: Object.keys(SECRETS).length,
        places: places.length,
        uploads: uploads.length,
      });
    }
    process.stdout.write(
      `data at rest (${t.dialect}): searched ${places.length} places, ${bytes} B (${shown}) for ${Object.keys(SECRETS).length} values: 0 hits\n`,
    );
  });
});

/**
 * The test database's files on a PostgreSQL server: its relations (tables, indexes, TOAST) under
 * base/<database oid>/ after a CHECKPOINT, the WAL segments written since `since`, and the server log
 * named by TEST_PG_LOG. Needs read access to the data directory (root or postgres on the server host).
 */
async function postgresFiles(t: TestApp, since: number): Promise<[string, Buffer][]> {
  const ds = t.dataSource;
  await ds.query('CHECKPOINT');
  const [{ data_directory: dataDir }] = await ds.query('SHOW data_directory');
  const [{ oid }] = await ds.query('SELECT oid FROM pg_database WHERE datname = current_database()');
  const base = path.join(dataDir, 'base', String(oid));
  try {
    fs.accessSync(base, fs.constants.R_OK);
  } catch {
    throw new Error(
      `cannot read the PostgreSQL data directory ${dataDir}: run this test on the database host as root or ` +
        'postgres (as .ci/run does)',
    );
  }
  const relations: { path: string }[] = await ds.query(
    `SELECT pg_relation_filepath(c.oid) AS path FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' OR c.oid IN (
        SELECT reltoastrelid FROM pg_class WHERE relnamespace = 'public'::regnamespace)
         OR c.oid IN (SELECT i.indexrelid FROM pg_index i JOIN pg_class r ON r.oid = i.indrelid
                       WHERE r.relnamespace = 'public'::regnamespace OR r.oid IN (
                         SELECT reltoastrelid FROM pg_class WHERE relnamespace = 'public'::regnamespace))`,
  );
  const places: [string, Buffer][] = [];
  // Every file of the database (a relation may have segments .1, .2 … and fork files _fsm, _vm).
  for (const file of filesUnder(base)) places.push([path.relative(dataDir, file), fs.readFileSync(file)]);
  const expected = relations.map((r) => r.path).filter(Boolean);
  const read = new Set(places.map(([p]) => p));
  expect(expected.filter((p) => !read.has(p))).toEqual([]); // every relation of the schema was searched
  expect(expected.some((p) => places.some(([w, c]) => w === p && c.length > 0))).toBe(true);
  const wal = path.join(dataDir, 'pg_wal');
  const segments = fs
    .readdirSync(wal)
    .filter((f) => /^[0-9A-F]{24}$/.test(f))
    .map((f) => path.join(wal, f))
    .filter((f) => fs.statSync(f).mtimeMs >= since);
  expect(segments.length).toBeGreaterThan(0);
  for (const file of segments) places.push([path.relative(dataDir, file), fs.readFileSync(file)]);
  if (process.env.TEST_PG_LOG)
    places.push(['PostgreSQL server log', fs.readFileSync(process.env.TEST_PG_LOG)]);
  return places;
}
