import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { InstitutionsService } from '../src/institutions/institutions.service';
import { apiLogin, createTestApp, createUser, expectErrorShape, TestApp } from './support/test-app';

/*
 * PUG institutions through the JSON API: regions and their SKPD roster, bodies and their duties,
 * decree chains with derived status and who joined / left, body completeness, access and bad input.
 * The clock stands at 2026-01-15.
 */
describe('PUG: bodies, decrees and completeness (e2e)', () => {
  let t: TestApp;
  let pug: string;
  let counselor: string;
  let admin: string;
  const inst: Record<string, string> = {};

  const as = (token: string) => ({
    get: (url: string) => request(t.server).get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string) => request(t.server).post(url).set('Authorization', `Bearer ${token}`),
    patch: (url: string) => request(t.server).patch(url).set('Authorization', `Bearer ${token}`),
    put: (url: string) => request(t.server).put(url).set('Authorization', `Bearer ${token}`),
    delete: (url: string) => request(t.server).delete(url).set('Authorization', `Bearer ${token}`),
  });
  const api = () => as(pug);

  beforeAll(async () => {
    t = await createTestApp();
    const institutions = t.app.get(InstitutionsService);
    for (const [key, name, type] of [
      ['bappeda', 'Bappeda Kota', 'government_office'],
      ['pp', 'Bagian Pemberdayaan Perempuan', 'government_office'],
      ['dinkes', 'Dinas Kesehatan', 'government_office'],
      ['dinsos', 'Dinas Sosial', 'government_office'],
      ['polres', 'Unit PPA Polrestabes', 'police_unit'],
      ['rsud', 'RSUD Kota', 'hospital'],
      ['lbh', 'LBH APIK', 'legal_aid'],
      ['centre', 'PPT Seruni', 'service_centre'],
    ] as const) {
      inst[key] = (await institutions.create({ name, type })).id;
    }
    await createUser(t, 'sekretariat', [Role.PugSecretariat]);
    await createUser(t, 'konselor', [Role.Counselor]);
    await createUser(t, 'boss', [Role.Admin]);
    pug = await apiLogin(t, 'sekretariat');
    counselor = await apiLogin(t, 'konselor');
    admin = await apiLogin(t, 'boss');
  });
  afterAll(() => t.close());

  let regionId: string;
  let regionVersion: number;

  it('serves the reference data: the 12 Pokja duties and the 6 Focal Point duties in both languages', async () => {
    const res = await as(counselor).get('/api/pug/reference').expect(200);
    const kinds = Object.fromEntries(res.body.bodyKinds.map((k: any) => [k.kind, k]));
    expect(Object.keys(kinds).sort()).toEqual([
      'focal_point_team',
      'partner_team',
      'pokja_pug',
      'technical_team',
    ]);
    expect(kinds.pokja_pug.duties).toHaveLength(12);
    expect(kinds.focal_point_team.duties).toHaveLength(6);
    expect(kinds.pokja_pug.duties[0].text).toEqual({
      id: 'mempromosikan dan memfasilitasi PUG kepada masing-masing SKPD',
      en: 'to promote and facilitate PUG to each SKPD',
    });
    expect(kinds.pokja_pug.duties[11].text.id).toBe(
      'mendorong dilaksanakannya pemilihan dan penetapan Focal Point di masing-masing SKPD',
    );
    expect(kinds.focal_point_team.duties[5].text.id).toBe(
      'memfasilitasi penyusunan data gender pada masing-masing SKPD',
    );
    for (const k of res.body.bodyKinds) for (const d of k.duties) expect(d.text.en.length).toBeGreaterThan(5);
    expect(res.body.awardLevels).toEqual(['pratama', 'madya', 'utama']);
  });

  it('records a region and its SKPD roster (Bappeda, women-empowerment SKPD)', async () => {
    const created = await api()
      .post('/api/pug-regions')
      .send({ name: 'Kota Semarang', kind: 'city' })
      .expect(201);
    regionId = created.body.id;
    expect(created.body).toEqual(
      expect.objectContaining({ name: 'Kota Semarang', kind: 'city', version: 1, roster: [] }),
    );
    const dup = await api()
      .post('/api/pug-regions')
      .send({ name: 'Kota Semarang', kind: 'city' })
      .expect(409);
    expectErrorShape(dup.body, 409, 'PUG_REGION_NAME_TAKEN');
    const twoPlanners = await api()
      .put(`/api/pug-regions/${regionId}/roster`)
      .send({
        version: 1,
        entries: [
          { institutionId: inst.bappeda, pugRole: 'planning_agency' },
          { institutionId: inst.dinkes, pugRole: 'planning_agency' },
        ],
      })
      .expect(422);
    expect(twoPlanners.body.code).toBe('PUG_ROSTER_ROLE_TAKEN');
    const roster = await api()
      .put(`/api/pug-regions/${regionId}/roster`)
      .send({
        version: 1,
        entries: [
          { institutionId: inst.bappeda, pugRole: 'planning_agency' },
          { institutionId: inst.pp, pugRole: 'womens_empowerment' },
          { institutionId: inst.dinkes, pugRole: 'other' },
          { institutionId: inst.dinsos, pugRole: 'other' },
        ],
      })
      .expect(200);
    expect(roster.body.version).toBe(2);
    expect(roster.body.roster.map((r: any) => r.institution.name)).toEqual([
      'Bagian Pemberdayaan Perempuan',
      'Bappeda Kota',
      'Dinas Kesehatan',
      'Dinas Sosial',
    ]);
    regionVersion = roster.body.version;
    const stale = await api()
      .put(`/api/pug-regions/${regionId}/roster`)
      .send({ version: 1, entries: [] })
      .expect(409);
    expectErrorShape(stale.body, 409, 'VERSION_CONFLICT');
    expect(regionVersion).toBe(2);
  });

  const bodies: Record<string, string> = {};

  it('registers bodies: one Pokja per region, a focal-point team needs its SKPD', async () => {
    const pokja = await api()
      .post('/api/pug-bodies')
      .send({ regionId, kind: 'pokja_pug', name: 'Pokja PUG Kota Semarang' })
      .expect(201);
    bodies.pokja = pokja.body.id;
    expect(pokja.body.decreeInForce).toBeNull();
    const again = await api()
      .post('/api/pug-bodies')
      .send({ regionId, kind: 'pokja_pug', name: 'Pokja kedua' })
      .expect(409);
    expect(again.body.code).toBe('PUG_BODY_EXISTS');
    const noSkpd = await api()
      .post('/api/pug-bodies')
      .send({ regionId, kind: 'focal_point_team', name: 'Focal Point' })
      .expect(422);
    expect(noSkpd.body.code).toBe('PUG_BODY_INSTITUTION_REQUIRED');
    bodies.fpDinkes = (
      await api()
        .post('/api/pug-bodies')
        .send({
          regionId,
          kind: 'focal_point_team',
          name: 'Tim Focal Point PUG Dinas Kesehatan',
          institutionId: inst.dinkes,
        })
        .expect(201)
    ).body.id;
    bodies.seruni = (
      await api()
        .post('/api/pug-bodies')
        .send({ regionId, kind: 'partner_team', name: 'Tim PPT SERUNI', institutionId: inst.centre })
        .expect(201)
    ).body.id;
    const detail = await as(counselor).get(`/api/pug-bodies/${bodies.pokja}`).expect(200);
    expect(detail.body.duties).toHaveLength(12);
    expect(detail.body.history).toEqual([]);
  });

  const decrees: Record<string, string> = {};

  it('follows a decree chain 4 May 2005 → 12 Feb 2009 → 6 Jan 2011 with derived status and who joined and left', async () => {
    const first = await api()
      .post('/api/decrees')
      .send({
        bodyId: bodies.seruni,
        number: '463.05/112',
        decreeDate: '2005-05-04',
        issuerKind: 'mayor',
        title: 'Pembentukan Tim Pelayanan Terpadu Penanganan Kekerasan terhadap Perempuan dan Anak "SERUNI"',
        kind: 'formation',
        appointees: [
          { fullName: 'Ani Ketua', jobTitle: 'Kepala Bagian PP', institutionId: inst.pp, role: 'chair' },
          { fullName: 'Budi Polisi', institutionId: inst.polres, role: 'member' },
          { fullName: 'Citra Dokter', institutionId: inst.rsud, role: 'member' },
        ],
      })
      .expect(201);
    decrees.d2005 = first.body.id;
    expect(first.body).toEqual(
      expect.objectContaining({ status: 'in_force', effectiveDate: '2005-05-04', replacesDecreeId: null }),
    );
    expect(first.body.appointees.map((a: any) => a.fullName)).toEqual([
      'Ani Ketua',
      'Budi Polisi',
      'Citra Dokter',
    ]);

    // Names are encrypted at rest.
    const raw = await t.dataSource.query('SELECT "fullName" FROM pug_appointments');
    expect(raw.map((r: any) => r.fullName).join(' ')).not.toContain('Ani');

    const formedTwice = await api()
      .post('/api/decrees')
      .send({
        bodyId: bodies.seruni,
        number: 'X/1',
        decreeDate: '2006-01-01',
        issuerKind: 'mayor',
        title: 'Lagi',
        kind: 'formation',
        appointees: [],
      })
      .expect(422);
    expect(formedTwice.body.code).toBe('DECREE_BODY_ALREADY_FORMED');

    const second = await api()
      .post('/api/decrees')
      .send({
        bodyId: bodies.seruni,
        number: '463/A. 023',
        decreeDate: '2009-02-12',
        issuerKind: 'mayor',
        title: 'Pembentukan Tim Pelayanan Terpadu bagi Perempuan dan Anak yang Berbasis Gender "SERUNI"',
        kind: 'replacement',
        replacesDecreeId: decrees.d2005,
        appointees: [
          { fullName: 'Ani Ketua', institutionId: inst.pp, role: 'chair' },
          { fullName: 'Budi Polisi', institutionId: inst.polres, role: 'secretary' },
          { fullName: 'Dewi Advokat', institutionId: inst.lbh, role: 'member' },
        ],
      })
      .expect(201);
    decrees.d2009 = second.body.id;
    const replacedTwice = await api()
      .post('/api/decrees')
      .send({
        bodyId: bodies.seruni,
        number: 'Y/2',
        decreeDate: '2010-01-01',
        issuerKind: 'mayor',
        title: 'Ganti lagi',
        kind: 'replacement',
        replacesDecreeId: decrees.d2005,
        appointees: [],
      })
      .expect(409);
    expect(replacedTwice.body.code).toBe('DECREE_ALREADY_REPLACED');

    const third = await api()
      .post('/api/decrees')
      .send({
        bodyId: bodies.seruni,
        number: '463/05/2011',
        decreeDate: '2011-01-06',
        issuerKind: 'mayor',
        title: 'Pembentukan Tim Pelayanan Terpadu bagi Perempuan dan Anak yang Berbasis Gender "SERUNI"',
        kind: 'replacement',
        replacesDecreeId: decrees.d2009,
        appointees: [
          { fullName: 'Ani Ketua', institutionId: inst.pp, role: 'chair' },
          { fullName: 'Dewi Advokat', institutionId: inst.lbh, role: 'member' },
          { fullName: 'Eka Dokter', institutionId: inst.rsud, role: 'member' },
        ],
      })
      .expect(201);
    decrees.d2011 = third.body.id;

    const list = await as(counselor).get(`/api/decrees?bodyId=${bodies.seruni}`).expect(200);
    expect(list.body.items.map((d: any) => [d.number, d.status])).toEqual([
      ['463/05/2011', 'in_force'],
      ['463/A. 023', 'replaced'],
      ['463.05/112', 'replaced'],
    ]);
    const inForce = await as(counselor).get('/api/decrees?status=in_force').expect(200);
    expect(inForce.body.items.map((d: any) => d.number)).toEqual(['463/05/2011']);
    const old = await as(counselor).get(`/api/decrees/${decrees.d2005}`).expect(200);
    expect(old.body).toEqual(
      expect.objectContaining({ status: 'replaced', replacedByDecreeId: decrees.d2009 }),
    );

    const body = await as(counselor).get(`/api/pug-bodies/${bodies.seruni}`).expect(200);
    expect(body.body.decreeInForce).toEqual(expect.objectContaining({ number: '463/05/2011' }));
    expect(body.body.members.map((m: any) => m.fullName)).toEqual([
      'Ani Ketua',
      'Dewi Advokat',
      'Eka Dokter',
    ]);
    const [h1, h2, h3] = body.body.history;
    expect(h1.change.joined.map((a: any) => a.fullName)).toEqual([
      'Ani Ketua',
      'Budi Polisi',
      'Citra Dokter',
    ]);
    expect(h2.change.joined.map((a: any) => a.fullName)).toEqual(['Dewi Advokat']);
    expect(h2.change.left.map((a: any) => a.fullName)).toEqual(['Citra Dokter']);
    expect(h2.change.roleChanged).toEqual([
      { fullName: 'Budi Polisi', before: 'member', after: 'secretary' },
    ]);
    expect(h2.change.institutionsJoined).toEqual([{ id: inst.lbh, name: 'LBH APIK' }]);
    expect(h2.change.institutionsLeft).toEqual([{ id: inst.rsud, name: 'RSUD Kota' }]);
    expect(h3.change.joined.map((a: any) => a.fullName)).toEqual(['Eka Dokter']);
    expect(h3.change.left.map((a: any) => a.fullName)).toEqual(['Budi Polisi']);
    expect(h3.change.institutionsLeft).toEqual([{ id: inst.polres, name: 'Unit PPA Polrestabes' }]);
  });

  it('derives pending and revoked from the dates, and refuses deleting a replaced decree', async () => {
    const revocation = await api()
      .post('/api/decrees')
      .send({
        bodyId: bodies.seruni,
        number: '463/99/2026',
        decreeDate: '2026-01-10',
        effectiveDate: '2026-03-01',
        issuerKind: 'mayor',
        title: 'Pencabutan',
        kind: 'revocation',
        replacesDecreeId: decrees.d2011,
        appointees: [],
      })
      .expect(201);
    expect(revocation.body.status).toBe('pending');
    expect((await api().get(`/api/decrees/${decrees.d2011}`).expect(200)).body.status).toBe('in_force');
    t.clock.set(new Date('2026-03-02T08:00:00Z'));
    try {
      const later = await apiLogin(t, 'konselor');
      expect((await as(later).get(`/api/decrees/${decrees.d2011}`).expect(200)).body.status).toBe('revoked');
      const body = await as(later).get(`/api/pug-bodies/${bodies.seruni}`).expect(200);
      expect(body.body.decreeInForce).toBeNull();
      expect(body.body.members).toEqual([]);
    } finally {
      t.clock.set(new Date('2026-01-15T08:00:00Z'));
    }
    const withAppointees = await api()
      .post('/api/decrees')
      .send({
        bodyId: bodies.fpDinkes,
        number: 'R/1',
        decreeDate: '2012-09-01',
        issuerKind: 'skpd_head',
        issuerInstitutionId: inst.dinkes,
        title: 'Pencabutan',
        kind: 'formation',
        replacesDecreeId: decrees.d2011,
        appointees: [],
      })
      .expect(422);
    expect(withAppointees.body.code).toBe('DECREE_FORMATION_REPLACES');
    const successor = await api().delete(`/api/decrees/${decrees.d2009}?version=1`).expect(409);
    expect(successor.body.code).toBe('DECREE_HAS_SUCCESSOR');
    await api().delete(`/api/decrees/${revocation.body.id}?version=1`).expect(204);
    expect((await api().get(`/api/decrees/${decrees.d2011}`).expect(200)).body.status).toBe('in_force');
  });

  it('corrects a decree with its version, keeping the chain', async () => {
    const res = await api()
      .patch(`/api/decrees/${decrees.d2011}`)
      .send({ version: 1, title: 'Pembentukan Tim PPT SERUNI Kota Semarang' })
      .expect(200);
    expect(res.body).toEqual(expect.objectContaining({ version: 2, replacesDecreeId: decrees.d2009 }));
    expect(res.body.appointees).toHaveLength(3);
    const stale = await api()
      .patch(`/api/decrees/${decrees.d2011}`)
      .send({ version: 1, title: 'Lagi' })
      .expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const chain = await api()
      .patch(`/api/decrees/${decrees.d2011}`)
      .send({ version: 2, kind: 'formation' })
      .expect(400);
    expect(chain.body.code).toBe('VALIDATION_FAILED');
    const early = await api()
      .patch(`/api/decrees/${decrees.d2011}`)
      .send({ version: 2, effectiveDate: '2008-01-01' })
      .expect(422);
    expect(early.body.code).toBe('DECREE_EFFECTIVE_BEFORE_REPLACED');
  });

  it('judges completeness: Pokja chair and secretariat, every SKPD, focal-point decrees per SKPD', async () => {
    let c = (await as(counselor).get(`/api/pug-regions/${regionId}/completeness`).expect(200)).body;
    expect(c.complete).toBe(false);
    expect(c.pokja.problems).toEqual(['no_decree_in_force']);
    expect(c.technicalTeam.problems).toEqual(['no_body']);
    expect(c.missingFocalPoints.map((i: any) => i.name)).toEqual([
      'Bagian Pemberdayaan Perempuan',
      'Bappeda Kota',
      'Dinas Kesehatan',
      'Dinas Sosial',
    ]);
    expect(c.partnerTeams).toEqual([expect.objectContaining({ complete: true, memberCount: 3 })]);

    await api()
      .post('/api/decrees')
      .send({
        bodyId: bodies.pokja,
        number: '050/100',
        decreeDate: '2012-10-15',
        issuerKind: 'mayor',
        title: 'Pembentukan Pokja PUG',
        kind: 'formation',
        appointees: [
          { fullName: 'Kepala Dinkes', institutionId: inst.dinkes, role: 'chair' },
          { fullName: 'Kepala Bappeda', institutionId: inst.bappeda, role: 'member' },
        ],
      })
      .expect(201);
    c = (await api().get(`/api/pug-regions/${regionId}/completeness`).expect(200)).body;
    expect(c.pokja.problems).toEqual([
      'chair_not_planning_agency',
      'secretary_not_womens_empowerment',
      'members_missing',
    ]);
    expect(c.pokja.missingInstitutions.map((i: any) => i.name)).toEqual([
      'Bagian Pemberdayaan Perempuan',
      'Dinas Sosial',
    ]);

    const pokjaDecree = (await api().get(`/api/decrees?bodyId=${bodies.pokja}`).expect(200)).body.items[0];
    await api()
      .post('/api/decrees')
      .send({
        bodyId: bodies.pokja,
        number: '050/200',
        decreeDate: '2013-01-02',
        issuerKind: 'mayor',
        title: 'Perubahan Pokja PUG',
        kind: 'amendment',
        replacesDecreeId: pokjaDecree.id,
        appointees: [
          { fullName: 'Kepala Bappeda', institutionId: inst.bappeda, role: 'chair' },
          { fullName: 'Kepala Bagian PP', institutionId: inst.pp, role: 'secretary' },
          { fullName: 'Kepala Dinkes', institutionId: inst.dinkes, role: 'member' },
          { fullName: 'Kepala Dinsos', institutionId: inst.dinsos, role: 'member' },
        ],
      })
      .expect(201);
    const byMayor = await api()
      .post('/api/decrees')
      .send({
        bodyId: bodies.fpDinkes,
        number: '800/1',
        decreeDate: '2012-09-10',
        issuerKind: 'skpd_head',
        title: 'Tim Focal Point',
        kind: 'formation',
        appointees: [],
      })
      .expect(422);
    expect(byMayor.body.code).toBe('DECREE_ISSUER_INVALID');
    await api()
      .post('/api/decrees')
      .send({
        bodyId: bodies.fpDinkes,
        number: '800/1',
        decreeDate: '2012-09-10',
        issuerKind: 'skpd_head',
        issuerInstitutionId: inst.dinkes,
        title: 'Pembentukan Tim Focal Point PUG Dinas Kesehatan',
        kind: 'formation',
        appointees: [{ fullName: 'Fitri Staf', institutionId: inst.dinkes, role: 'focal_point' }],
      })
      .expect(201);
    c = (await api().get(`/api/pug-regions/${regionId}/completeness`).expect(200)).body;
    expect(c.pokja).toEqual(expect.objectContaining({ complete: true, problems: [], memberCount: 4 }));
    expect(c.missingFocalPoints.map((i: any) => i.name)).toEqual([
      'Bagian Pemberdayaan Perempuan',
      'Bappeda Kota',
      'Dinas Sosial',
    ]);
    const dinkes = c.focalPoints.find((f: any) => f.institution.id === inst.dinkes);
    expect(dinkes).toEqual(
      expect.objectContaining({
        complete: true,
        decreeInForce: expect.objectContaining({ number: '800/1' }),
      }),
    );
    expect(c.complete).toBe(false);
  });

  it('stores a scanned decree encrypted, checks its type by content, serves it to readers only', async () => {
    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.4\n'),
      Buffer.alloc(2000, 0x41),
      Buffer.from('\n%%EOF\n'),
    ]);
    const up = await api()
      .put(`/api/decrees/${decrees.d2011}/scan`)
      .attach('file', pdf, { filename: 'SK 463-05-2011.pdf', contentType: 'application/pdf' })
      .expect(200);
    expect(up.body).toEqual(
      expect.objectContaining({
        contentType: 'application/pdf',
        size: pdf.length,
        fileName: 'SK 463-05-2011.pdf',
      }),
    );
    const fake = await api()
      .put(`/api/decrees/${decrees.d2011}/scan`)
      .attach('file', Buffer.from('<html>not a pdf</html>'), {
        filename: 'sk.pdf',
        contentType: 'application/pdf',
      })
      .expect(415);
    expectErrorShape(fake.body, 415, 'FILE_TYPE_NOT_ALLOWED');
    const none = await api().put(`/api/decrees/${decrees.d2011}/scan`).field('note', 'x').expect(400);
    expect(none.body.code).toBe('VALIDATION_FAILED');
    const noFile = await api().put(`/api/decrees/${decrees.d2011}/scan`).send({}).expect(400);
    expect(noFile.body.code).toBe('UPLOAD_FILE_REQUIRED');
    const down = await as(counselor)
      .get(`/api/decrees/${decrees.d2011}/scan`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.headers['content-disposition']).toMatch(/^attachment;/);
    expect(Buffer.compare(down.body as Buffer, pdf)).toBe(0);
    // On disk: encrypted, not the PDF.
    const fs = await import('node:fs');
    const path = await import('node:path');
    const dir = path.join(t.dataDir, 'uploads', 'decree_scan');
    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, files[0])).includes(Buffer.from('%PDF'))).toBe(false);
    expect((await api().get(`/api/decrees/${decrees.d2011}`).expect(200)).body.scan).toEqual(
      expect.objectContaining({ contentType: 'application/pdf' }),
    );
    await as(counselor).put(`/api/decrees/${decrees.d2011}/scan`).attach('file', pdf, 'x.pdf').expect(403);
    await api().delete(`/api/decrees/${decrees.d2011}/scan`).expect(204);
    await api().get(`/api/decrees/${decrees.d2011}/scan`).expect(404);
    expect(fs.readdirSync(dir)).toHaveLength(0);
  });

  it('lets every role read and only the PUG secretariat manage (denials audited)', async () => {
    await as(admin).get('/api/pug-bodies').expect(200);
    await as(admin).get(`/api/decrees/${decrees.d2011}`).expect(200);
    const denied = await as(admin)
      .post('/api/pug-regions')
      .send({ name: 'Kota Kupang', kind: 'city' })
      .expect(403);
    expectErrorShape(denied.body, 403, 'FORBIDDEN');
    await as(counselor).patch(`/api/pug-bodies/${bodies.pokja}`).send({ version: 1, name: 'X' }).expect(403);
    await as(counselor).delete(`/api/decrees/${decrees.d2011}?version=2`).expect(403);
    await request(t.server).get('/api/pug-bodies').expect(401);
    const rows = await t.dataSource.query(
      `SELECT action, outcome FROM audit_logs WHERE outcome = 'denied' AND action = 'pug.manage'`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses bad input with 400 on every route, never 500', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const cases: [string, string, unknown?][] = [
      ['get', '/api/pug-regions?pageSize=500'],
      ['get', '/api/pug-regions/not-a-uuid'],
      ['post', '/api/pug-regions', { name: 'X', kind: 'city' }],
      ['post', '/api/pug-regions', { name: 'Kota Baru', kind: 'province' }],
      ['post', '/api/pug-regions', { name: 'Kota Baru', kind: 'city', extra: 1 }],
      ['patch', `/api/pug-regions/${regionId}`, { name: 'Kota Baru' }],
      ['patch', `/api/pug-regions/${regionId}`, { version: 'one' }],
      ['put', `/api/pug-regions/${regionId}/roster`, { version: 2, entries: 'all' }],
      [
        'put',
        `/api/pug-regions/${regionId}/roster`,
        { version: 2, entries: [{ institutionId: 'x', pugRole: 'other' }] },
      ],
      [
        'put',
        `/api/pug-regions/${regionId}/roster`,
        { version: 2, entries: [{ institutionId: inst.dinkes, pugRole: 'boss' }] },
      ],
      [
        'put',
        `/api/pug-regions/${regionId}/roster`,
        {
          version: 2,
          entries: [
            { institutionId: inst.dinkes, pugRole: 'other' },
            { institutionId: inst.dinkes, pugRole: 'other' },
          ],
        },
      ],
      ['get', '/api/pug-regions/x/completeness'],
      ['get', '/api/pug-bodies?kind=club'],
      ['get', '/api/pug-bodies?regionId=nope'],
      ['post', '/api/pug-bodies', { regionId, kind: 'club', name: 'Klub' }],
      ['post', '/api/pug-bodies', { regionId: 'x', kind: 'pokja_pug', name: 'Pokja' }],
      ['post', '/api/pug-bodies', { regionId, kind: 'technical_team', name: 'T', description: 5 }],
      ['patch', `/api/pug-bodies/${bodies.pokja}`, { version: 1, kind: 'technical_team' }],
      ['get', '/api/decrees?status=expired'],
      ['get', '/api/decrees?q=' + 'x'.repeat(101)],
      ['post', '/api/decrees', {}],
      [
        'post',
        '/api/decrees',
        {
          bodyId: bodies.pokja,
          number: '1',
          decreeDate: '2013-02-30',
          issuerKind: 'mayor',
          title: 'SK satu',
          kind: 'replacement',
          appointees: [],
        },
      ],
      [
        'post',
        '/api/decrees',
        {
          bodyId: bodies.pokja,
          number: '1',
          decreeDate: '2013-02-01',
          issuerKind: 'king',
          title: 'SK satu',
          kind: 'replacement',
          appointees: [],
        },
      ],
      [
        'post',
        '/api/decrees',
        {
          bodyId: bodies.pokja,
          number: '1',
          decreeDate: '2013-02-01',
          issuerKind: 'mayor',
          title: 'SK satu',
          kind: 'replacement',
          appointees: [{ fullName: 'A', role: 'member' }],
        },
      ],
      [
        'post',
        '/api/decrees',
        {
          bodyId: bodies.pokja,
          number: '1',
          decreeDate: '2013-02-01',
          issuerKind: 'mayor',
          title: 'SK satu',
          kind: 'replacement',
          appointees: [{ fullName: 'Ana Bela', role: 'king' }],
        },
      ],
      [
        'post',
        '/api/decrees',
        {
          bodyId: bodies.pokja,
          number: '1',
          decreeDate: '2013-02-01',
          issuerKind: 'mayor',
          title: 'SK satu',
          kind: 'replacement',
          appointees: 'none',
        },
      ],
      [
        'patch',
        `/api/decrees/${decrees.d2011}`,
        { version: 2, appointees: [{ fullName: 'Ana Bela', role: 'member', userId: 'me' }] },
      ],
      ['patch', `/api/decrees/${decrees.d2011}`, { version: 2, number: null }],
      ['delete', `/api/decrees/${decrees.d2011}`],
      ['delete', `/api/decrees/${decrees.d2011}?version=abc`],
      ['get', `/api/decrees/${id.slice(1)}/scan`],
    ];
    for (const [method, url, body] of cases) {
      let req = (api() as any)[method](url);
      if (body !== undefined) req = req.send(body);
      const res = await req;
      expect({ method, url, body, status: res.status }).toEqual({ method, url, body, status: 400 });
      expectErrorShape(res.body, 400);
    }
    // Unknown references are 404 (path) or 422 (body), never 500.
    await api().get(`/api/pug-bodies/${id}`).expect(404);
    await api().get(`/api/decrees/${id}`).expect(404);
    await api().get(`/api/pug-regions/${id}/completeness`).expect(404);
    const badBody = await api()
      .post('/api/pug-bodies')
      .send({ regionId: id, kind: 'technical_team', name: 'Tim Teknis' })
      .expect(422);
    expect(badBody.body.code).toBe('PUG_REGION_NOT_FOUND');
    const badInst = await api()
      .post('/api/decrees')
      .send({
        bodyId: bodies.pokja,
        number: 'Z/1',
        decreeDate: '2014-01-01',
        issuerKind: 'mayor',
        title: 'SK baru',
        kind: 'replacement',
        replacesDecreeId: id,
        appointees: [],
      })
      .expect(422);
    expect(badInst.body.code).toBe('DECREE_NOT_FOUND');
    const badUser = await api()
      .patch(`/api/decrees/${decrees.d2011}`)
      .send({ version: 2, appointees: [{ fullName: 'Ana Bela', role: 'member', userId: id }] })
      .expect(422);
    expect(badUser.body.code).toBe('APPOINTEE_USER_NOT_FOUND');
  });
});
