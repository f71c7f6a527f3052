import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import {
  bearer,
  expectNoVictimValues,
  PersonalValues,
  personalText,
  registerCase,
} from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, expectErrorShape, TestApp } from './support/test-app';
import { addEntry, assign } from './chronology-fixtures';

describe('chronology: incident entries, corrections, handling lines and access (e2e)', () => {
  let t: TestApp;
  let frontdesk: string;
  let counselor: string;
  let counselor2: string;
  let coordinator: string;
  let admin: string;
  let caseId: string;
  let caseNumber: string;
  /** The victim of the case: every entry, correction and reason names her, as real ones do. */
  let person: PersonalValues;

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'fd', [Role.FrontDesk]);
    const c1 = await createUser(t, 'c1', [Role.Counselor]);
    await createUser(t, 'c2', [Role.Counselor]);
    await createUser(t, 'coord', [Role.Coordinator]);
    await createUser(t, 'adm', [Role.Admin]);
    [frontdesk, counselor, counselor2, coordinator, admin] = await Promise.all(
      ['fd', 'c1', 'c2', 'coord', 'adm'].map((u) => apiLogin(t, u)),
    );
    const c = await registerCase(t, frontdesk);
    caseId = c.id;
    caseNumber = c.number;
    person = c.person;
    await assign(t, coordinator, caseId, c1.id);
  });
  afterAll(() => t.close());

  const get = (token: string, id = caseId) =>
    request(t.server).get(`/api/cases/${id}/chronology`).set(bearer(token));

  describe('entries and corrections', () => {
    let first: any;

    it('the assigned counselor records entries; each appends a case event', async () => {
      const res = await addEntry(t, counselor, caseId, {
        date: '2025-12-24',
        time: '21:15',
        place: 'Dapur rumah',
        description: personalText('Suami memukul korban setelah bertengkar soal uang belanja', person),
      }).expect(201);
      first = res.body;
      // the assigned counselor reads the entry in full
      expect(first.description).toBe(
        personalText('Suami memukul korban setelah bertengkar soal uang belanja', person),
      );
      expect(first).toEqual(
        expect.objectContaining({
          seq: 1,
          date: '2025-12-24',
          time: '21:15',
          place: 'Dapur rumah',
          current: true,
          supersedesId: null,
          supersededById: null,
          recordedByName: 'Test c1',
        }),
      );
      await addEntry(t, counselor, caseId, {
        date: '2025-11',
        description: personalText('Sejak November korban sering dibentak dan diancam', person),
      }).expect(201);
      await addEntry(t, coordinator, caseId, {
        date: '2025-06',
        dateEnd: '2025-09',
        description: personalText('Selama beberapa bulan uang belanja ditahan', person),
      }).expect(201);
      const history = await request(t.server)
        .get(`/api/cases/${caseId}/history?pageSize=100`)
        .set(bearer(counselor))
        .expect(200);
      const types = history.body.items.map((e: any) => e.type);
      expect(types.filter((x: string) => x === 'chronology.entry_added')).toHaveLength(3);
      expect(history.body.items.at(-1).summary).toBe('Kronologi kejadian: catatan no. 3 dicatat.');
      // the history's summaries never quote an entry
      expect(JSON.stringify(history.body)).not.toContain('uang belanja');
      expectNoVictimValues(JSON.stringify(history.body), person, 'history');
    });

    it('place and narrative are encrypted at rest', async () => {
      const raw = JSON.stringify(await t.dataSource.query('SELECT * FROM chronology_entries'));
      expect(raw).not.toContain('Dapur');
      expect(raw).not.toContain('memukul');
      expectNoVictimValues(raw, person, 'chronology_entries rows');
    });

    it('a correction is a new entry that supersedes the earlier one; both stay', async () => {
      const res = await request(t.server)
        .post(`/api/cases/${caseId}/chronology/entries/${first.id}/corrections`)
        .set(bearer(counselor))
        .send({
          date: '2025-12-25',
          time: '21:15',
          place: 'Dapur rumah',
          description: personalText('Suami memukul korban pada malam Natal, bukan malam sebelumnya', person),
          reason: personalText('Korban mengingat kembali tanggalnya', person),
        })
        .expect(201);
      expect(res.body).toEqual(expect.objectContaining({ seq: 4, supersedesId: first.id, current: true }));
      const list = await get(counselor).expect(200);
      expect(list.body.caseNumber).toBe(caseNumber);
      const entries = list.body.entries;
      expect(entries).toHaveLength(4);
      const old = entries.find((e: any) => e.id === first.id);
      expect(old).toEqual(expect.objectContaining({ current: false, supersededById: res.body.id }));
      // in the order of the incident: period from June, November, 24 then 25 December
      expect(entries.map((e: any) => e.date)).toEqual(['2025-06', '2025-11', '2025-12-24', '2025-12-25']);
      const history = await request(t.server)
        .get(`/api/cases/${caseId}/history?pageSize=100`)
        .set(bearer(counselor));
      expect(history.body.items.at(-1)).toEqual(
        expect.objectContaining({
          type: 'chronology.entry_corrected',
          summary: 'Kronologi kejadian: catatan no. 1 dikoreksi dengan catatan no. 4.',
        }),
      );
      expectNoVictimValues(JSON.stringify(history.body), person, 'history');
    });

    it('an entry already corrected cannot be corrected again (409); its current version can', async () => {
      const again = await request(t.server)
        .post(`/api/cases/${caseId}/chronology/entries/${first.id}/corrections`)
        .set(bearer(counselor))
        .send({ date: '2025-12-24', description: 'x', reason: 'y' });
      expect(again.status).toBe(409);
      expectErrorShape(again.body, 409, 'CHRONOLOGY_ENTRY_SUPERSEDED');
    });

    it('gives the handling chronology: date, institution, officer, role and summary in the reader’s language', async () => {
      const res = await get(coordinator).set('Accept-Language', 'en').expect(200);
      const lines = res.body.handling;
      expect(lines[0]).toEqual(
        expect.objectContaining({
          seq: 1,
          type: 'case.registered',
          institution: 'Pusat Pelayanan Terpadu',
          officer: 'Test fd',
          roles: ['front_desk'],
          role: 'Front-desk staff',
          summary: `Complaint received and case ${caseNumber} registered (channel: Walk-in).`,
        }),
      );
      expect(lines.map((l: any) => l.seq)).toEqual(lines.map((_: unknown, i: number) => i + 1));
      // the handling lines (printed for partners too) never quote an entry or a reason
      expectNoVictimValues(JSON.stringify(lines), person, 'handling lines');
      expect(res.body.verification).toEqual(
        expect.objectContaining({ ok: true, eventCount: lines.length, brokenAtSeq: null }),
      );
      expect(res.body.verification.verificationCode).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
      const v = await request(t.server).get(`/api/cases/${caseId}/verification`).set(bearer(coordinator));
      expect(v.body.verificationCode).toBe(res.body.verification.verificationCode);
    });
  });

  describe('bad input is refused with 400 or 422, never 500', () => {
    const cases: [string, Record<string, unknown>, number, string][] = [
      ['no description', { date: '2025-12-01' }, 400, 'VALIDATION_FAILED'],
      ['blank description', { date: '2025-12-01', description: '   ' }, 400, 'VALIDATION_FAILED'],
      ['a malformed date', { date: '24-12-2025', description: 'x' }, 400, 'VALIDATION_FAILED'],
      ['a date that does not exist', { date: '2025-02-30', description: 'x' }, 400, 'VALIDATION_FAILED'],
      ['month 13', { date: '2025-13', description: 'x' }, 400, 'VALIDATION_FAILED'],
      ['a bad time', { date: '2025-12-01', time: '25:00', description: 'x' }, 400, 'VALIDATION_FAILED'],
      [
        'an unknown field',
        { date: '2025-12-01', description: 'x', victimName: 'x' },
        400,
        'VALIDATION_FAILED',
      ],
      ['a number as text', { date: 20251201, description: 'x' }, 400, 'VALIDATION_FAILED'],
      [
        'too long a place',
        { date: '2025-12-01', description: 'x', place: 'x'.repeat(301) },
        400,
        'VALIDATION_FAILED',
      ],
      ['a date in the future', { date: '2026-02-01', description: 'x' }, 422, 'DATE_IN_FUTURE'],
      [
        'a period ending before it starts',
        { date: '2025-12-01', dateEnd: '2025-11-01', description: 'x' },
        422,
        'INCIDENT_PERIOD_INVALID',
      ],
    ];
    it.each(cases)('%s', async (_name, body, status, code) => {
      const res = await addEntry(t, counselor, caseId, body);
      expect(res.status).toBe(status);
      expectErrorShape(res.body, status, code);
    });

    it('a correction needs a reason; an unknown or malformed entry is 404', async () => {
      const list = await get(counselor);
      const current = list.body.entries.find((e: any) => e.current);
      const noReason = await request(t.server)
        .post(`/api/cases/${caseId}/chronology/entries/${current.id}/corrections`)
        .set(bearer(counselor))
        .send({ date: '2025-12-01', description: 'x' });
      expectErrorShape(noReason.body, 400, 'VALIDATION_FAILED');
      for (const entryId of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const res = await request(t.server)
          .post(`/api/cases/${caseId}/chronology/entries/${entryId}/corrections`)
          .set(bearer(counselor))
          .send({ date: '2025-12-01', description: 'x', reason: 'y' });
        expectErrorShape(res.body, 404, 'NOT_FOUND');
      }
    });

    it('print options: purpose required and known, text for “other”, known sections', async () => {
      const bad: Record<string, string>[] = [
        {},
        { purpose: 'gossip' },
        { purpose: 'other' },
        { purpose: 'court', sections: 'incident,photos' },
        { purpose: 'court', redacted: 'maybe' },
        { purpose: 'court', referralId: 'nope' },
        { purpose: 'court', unknown: '1' },
      ];
      for (const query of bad) {
        const res = await request(t.server)
          .get(`/api/cases/${caseId}/chronology.pdf`)
          .query(query)
          .set(bearer(coordinator));
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      }
    });
  });

  it('documents its JSON routes with their permission in the OpenAPI document', async () => {
    const doc = (await request(t.server).get('/api/docs-json').expect(200)).body;
    const permission = (path: string, method: string) => doc.paths[path]?.[method]?.['x-permission'];
    expect(permission('/api/cases/{id}/chronology', 'get')).toBe('chronology.read');
    expect(permission('/api/cases/{id}/chronology/entries', 'post')).toBe('chronology.write');
    expect(permission('/api/cases/{id}/chronology/entries/{entryId}/corrections', 'post')).toBe(
      'chronology.write',
    );
    expect(permission('/api/cases/{id}/chronology.pdf', 'get')).toBe('chronology.print');
    expect(permission('/api/settings/centre', 'get')).toBe('settings.manage');
    expect(permission('/api/settings/centre', 'put')).toBe('settings.manage');
    expect(permission('/api/settings/centre/logo', 'put')).toBe('settings.manage');
    expect(permission('/api/settings/centre/logo', 'delete')).toBe('settings.manage');
    const pdfParams = doc.paths['/api/cases/{id}/chronology.pdf'].get.parameters.map((p: any) => p.name);
    expect(pdfParams).toEqual(
      expect.arrayContaining(['purpose', 'purposeText', 'sections', 'redacted', 'referralId']),
    );
  });

  describe('access', () => {
    it('front desk and admin are refused (403); another counselor does not see the case (404)', async () => {
      for (const token of [frontdesk, admin]) {
        expectErrorShape((await get(token)).body, 403, 'FORBIDDEN');
        const pdf = await request(t.server)
          .get(`/api/cases/${caseId}/chronology.pdf?purpose=court`)
          .set(bearer(token));
        expect(pdf.status).toBe(403);
        expect((await addEntry(t, token, caseId, { date: '2025-12-01', description: 'x' })).status).toBe(403);
      }
      expectErrorShape((await get(counselor2)).body, 404, 'NOT_FOUND');
      const pdf = await request(t.server)
        .get(`/api/cases/${caseId}/chronology.pdf?purpose=court`)
        .set(bearer(counselor2));
      expectErrorShape(pdf.body, 404, 'NOT_FOUND');
      expect((await addEntry(t, counselor2, caseId, { date: '2025-12-01', description: 'x' })).status).toBe(
        404,
      );
      expectErrorShape(
        (await get(coordinator, '00000000-0000-4000-8000-000000000000')).body,
        404,
        'NOT_FOUND',
      );
      expectErrorShape((await get(coordinator, 'nope')).body, 404, 'NOT_FOUND');
    });

    it('a front-desk user who registered the case still sees no chronology', async () => {
      const own = await registerCase(t, frontdesk);
      expect((await get(frontdesk, own.id)).status).toBe(403);
    });

    it('no entry can be added to a closed case (422 CASE_CLOSED)', async () => {
      const c = await registerCase(t, frontdesk);
      await t.dataSource.query(
        `UPDATE cases SET stage = 'closed' WHERE id = ${t.dialect === 'postgres' ? '$1' : '?'}`,
        [c.id],
      );
      const res = await addEntry(t, coordinator, c.id, { date: '2025-12-01', description: 'x' });
      expectErrorShape(res.body, 422, 'CASE_CLOSED');
    });
  });
});
