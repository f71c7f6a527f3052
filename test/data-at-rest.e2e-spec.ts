/**
 * Data at rest and in logs (issue 8, suite 5): flows with known personal values (name, NIK, address,
 * phone, narrative, perpetrator, counseling note, consent witness, an uploaded scan) run with
 * LOG_LEVEL=debug while stdout and stderr are captured — including refused requests that carry the
 * values; then the sqlite file, its WAL, every file under DATA_DIR/uploads and the captured logs are
 * searched for those values. Pass: zero plaintext hits. On PostgreSQL only the logs are searched.
 * `npm run test:data-at-rest` runs it alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { Role } from '../src/auth/permissions';
import { RedactingLogger } from '../src/common/redacting-logger';
import { bearer, intakePayload } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, pageLogin, TestApp } from './support/test-app';

const SECRETS = {
  name: 'Kartika Wulandari Zqxv',
  nik: '3374129988776655',
  address: 'Jl. Kenanga Rahasia Zqxv 77',
  phone: '081299887766',
  narrative: 'Narasi rahasia Zqxv tentang pukulan',
  location: 'Dapur rumah Zqxv',
  perpetrator: 'Hendra Gunawan Zqxv',
  note: 'Catatan konseling Zqxv ancaman',
  witness: 'Saksi Zqxv Lestari',
  scan: 'Isi pindaian Zqxv tanda tangan',
};

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
      await createUser(t, 'coord', [Role.Coordinator]);
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
        victim: { fullName: SECRETS.name, nik: SECRETS.nik, address: SECRETS.address, phone: SECRETS.phone },
        incident: { narrative: SECRETS.narrative, location: SECRETS.location },
        perpetrators: [{ sex: 'male', age: 40, relationship: 'spouse', name: SECRETS.perpetrator }],
      });
      // refused requests carrying the values (validation, permission) are logged too
      await api(fd)
        .post('/api/cases', { ...payload, victim: { ...payload.victim, birthDate: 'not-a-date' } })
        .expect(400);
      await api(c1).post('/api/cases', payload).expect(403);
      const c = (await api(fd).post('/api/cases', payload).expect(201)).body;
      await api(fd).get(
        `/api/cases/duplicates?nik=${SECRETS.nik}&fullName=${encodeURIComponent(SECRETS.name)}`,
      );
      await api(coord).post(`/api/cases/${c.id}/assignment`, { counselorId, version: 1 }).expect(200);
      await api(c1)
        .post(`/api/cases/${c.id}/transitions`, { transition: 'start_counseling', version: 2 })
        .expect(200);
      await api(c1)
        .post(`/api/cases/${c.id}/counseling-sessions`, {
          heldAt: '2026-01-14',
          durationMinutes: 45,
          notes: SECRETS.note,
        })
        .expect(201);
      const consent = await api(c1)
        .post(`/api/cases/${c.id}/consents`, {
          givenBy: 'victim',
          givenOn: '2026-01-12',
          method: 'signed_form',
          witnessName: SECRETS.witness,
          serviceRoles: ['medical'],
          institutionIds: [],
          categories: ['identity', 'incident_narrative'],
        })
        .expect(201);
      await request(t.server)
        .post(`/api/consents/${consent.body.id}/scan`)
        .set(bearer(c1))
        .attach('file', Buffer.from(`%PDF-1.4\n${SECRETS.scan}\n%%EOF\n`), 'scan.pdf')
        .expect(200);
      // reads through the API and the pages (decrypted values in responses, never in logs)
      const detail = await api(coord).get(`/api/cases/${c.id}`).expect(200);
      expect(detail.body.victim.fullName).toBe(SECRETS.name);
      const agent = await pageLogin(t, 'coord');
      expect((await agent.get(`/cases/${c.id}`).expect(200)).text).toContain(SECRETS.address);
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
      const uploads = filesUnder(path.join(t.dataDir, 'uploads'));
      expect(uploads.length).toBeGreaterThan(0);
      for (const file of uploads) places.push([path.relative(t.dataDir, file), fs.readFileSync(file)]);
    }
    const hits: string[] = [];
    for (const [where, content] of places) {
      for (const [what, value] of Object.entries(SECRETS)) {
        if (content.includes(Buffer.from(value, 'utf8')) || content.includes(Buffer.from(value, 'utf16le')))
          hits.push(`${what} in ${where}`);
      }
    }
    expect(hits).toEqual([]);
    process.stdout.write(
      `data at rest: searched ${places.length} places (${places.map(([w, c]) => `${w} ${c.length} B`).join(', ')}) for ${Object.keys(SECRETS).length} values: 0 hits\n`,
    );
  });
});
