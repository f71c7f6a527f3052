/**
 * Issue 18, item 5 — the quick intake of a crisis walk-in, through HTTP on the configured database
 * (sqlite, or PostgreSQL with TEST_DATABASE_URL): the page (GET/POST /cases/new/quick) and the API
 * (POST /api/cases/quick) register a case from the few fields a front desk needs, with its first
 * history event, "safe to call?" and "immediate danger" stored and shown to whom the gate allows; bad
 * input is a translated 400; only who may register a complaint may use it; the case page lists what
 * the quick intake left to complete, and the correction page completes it (the list then empties).
 * The full intake keeps its rules (the place of the incident stays required there).
 */
import request from 'supertest';
import { AuditLog } from '../src/platform/audit/audit-log.entity';
import { Role } from '../src/platform/auth/permissions';
import { Case } from '../src/case/case.entity';
import { CaseEvent } from '../src/case/case-event.entity';
import { Victim } from '../src/case/victim.entity';
import { Perpetrator } from '../src/case/perpetrator.entity';
import { bearer, intakePayload } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, csrfFrom, pageLogin, TestApp } from './support/test-app';

type Agent = ReturnType<typeof request.agent>;

/** What a front desk types for a walk-in: 10 fields at most (here: 9, the referring institution unused). */
const QUICK_FORM = {
  channel: 'walk_in',
  receivedAt: '2026-01-15',
  victimFullName: 'R.W.',
  victimSex: 'female',
  victimBirthYear: '1990',
  victimPhone: '081299887766',
  victimPhoneSafeToCall: 'no',
  violenceTypes: ['physical', 'sexual'],
  immediateDanger: 'yes',
};

const caseIdOf = (location: string | undefined) => /\/cases\/([0-9a-f-]{36})$/.exec(location ?? '')?.[1];

describe('quick intake for a crisis walk-in (e2e)', () => {
  let t: TestApp;
  let frontdesk: Agent;
  let coordinator: Agent;
  let frontdeskToken: string;
  let coordinatorToken: string;
  let counselorToken: string;
  let pageCaseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'fd', [Role.FrontDesk]);
    await createUser(t, 'fd2', [Role.FrontDesk]);
    await createUser(t, 'koord', [Role.Coordinator]);
    await createUser(t, 'kons', [Role.Counselor]);
    await createUser(t, 'pug', [Role.PugSecretariat]);
    [frontdesk, coordinator] = await Promise.all([pageLogin(t, 'fd'), pageLogin(t, 'koord')]);
    [frontdeskToken, coordinatorToken, counselorToken] = await Promise.all([
      apiLogin(t, 'fd'),
      apiLogin(t, 'koord'),
      apiLogin(t, 'kons'),
    ]);
  });
  afterAll(() => t.close());

  async function postQuick(agent: Agent, form: Record<string, unknown>, status: number) {
    const page = await agent.get('/cases/new/quick').expect(200);
    return agent
      .post('/cases/new/quick')
      .type('form')
      .send({ ...form, _csrf: csrfFrom(page.text) })
      .expect(status);
  }

  it('offers the quick intake beside the full one on the front desk home and in the navigation', async () => {
    const home = await frontdesk.get('/').expect(200);
    expect(home.text).toContain('href="/cases/new/quick"');
    expect(home.text).toContain('Penerimaan cepat');
    expect(home.text).toContain('href="/cases/new"');
    const page = await frontdesk.get('/cases/new/quick').expect(200);
    expect(page.text).toContain('<h1>Penerimaan cepat (pengaduan darurat)</h1>');
    expect(page.text).toContain('data-draft="quick-intake"');
    // At most 12 fields to fill (a checkbox group is one field): the quick form's named controls.
    const form =
      /<form method="post" action="\/cases\/new\/quick"[\s\S]*?<\/form>/.exec(page.text)?.[0] ?? '';
    const names = new Set(
      [...form.matchAll(/<(?:input|select|textarea)[^>]* name="([^"]+)"/g)].map((m) => m[1]),
    );
    names.delete('_csrf');
    expect([...names].sort()).toEqual(
      [
        'channel',
        'receivedAt',
        'referringInstitutionId',
        'victimFullName',
        'victimSex',
        'victimEstimatedAge',
        'victimBirthYear',
        'victimPhone',
        'victimPhoneSafeToCall',
        'violenceTypes',
        'immediateDanger',
      ].sort(),
    );
    expect(names.size).toBeLessThanOrEqual(12);
  });

  it('registers a case in one submit and redirects to its page, with the first history event', async () => {
    const res = await postQuick(frontdesk, QUICK_FORM, 303);
    pageCaseId = caseIdOf(res.headers.location)!;
    expect(pageCaseId).toBeDefined();

    const c = await t.dataSource.getRepository(Case).findOneByOrFail({ id: pageCaseId });
    expect(c).toMatchObject({
      stage: 'intake',
      intakeMode: 'quick',
      immediateDanger: true,
      placeType: 'not_recorded',
      victimSex: 'female',
      // The birth year stands for an age on the day the complaint was received.
      victimAge: 36,
      isChild: false,
      channel: 'walk_in',
      receivedAt: '2026-01-15',
    });
    expect([...c.violenceTypes].sort()).toEqual(['physical', 'sexual']);
    const victim = await t.dataSource.getRepository(Victim).findOneByOrFail({ id: c.victimId });
    expect(victim).toMatchObject({ phoneSafeToCall: 'no', phone: '081299887766', estimatedAge: 36 });
    // The phone stays encrypted at rest; "safe to call?" is a plain category.
    const [raw] = await t.dataSource.query(
      `SELECT "phone", "phoneSafeToCall" FROM victims WHERE "id" = ${t.dialect === 'postgres' ? '$1' : '?'}`,
      [c.victimId],
    );
    expect(String(raw.phone)).not.toContain('081299887766');
    expect(raw.phoneSafeToCall).toBe('no');

    const events = await t.dataSource.getRepository(CaseEvent).find({ where: { caseId: pageCaseId } });
    expect(events.map((e) => e.type)).toEqual(['case.registered']);
    expect(events[0].summaryArgs).toMatchObject({ number: c.number, quick: true });

    const audit = await t.dataSource
      .getRepository(AuditLog)
      .findOneByOrFail({ action: 'cases.create', resourceId: pageCaseId });
    expect(audit.outcome).toBe('allowed');

    // The case page (the one page load after the submit) tells what it was registered with.
    const page = await frontdesk.get(`/cases/${pageCaseId}`).expect(200);
    expect(page.text).toContain('Kasus sudah terdaftar. Lengkapi sisa data penerimaan setelah korban aman.');
    expect(page.text).toMatch(
      /<dd id="immediate-danger"><span class="badge badge--bad">Ya, dalam bahaya<\/span><\/dd>/,
    );
    expect(page.text).toContain('<dd id="phone-safe-to-call">Tidak, jangan ditelepon</dd>');
    expect(page.text).toContain('didaftarkan lewat penerimaan cepat');
  });

  it('lists on the case page what is still to be completed, and the correction completes it', async () => {
    // The front desk who registered it is told what the quick intake did not record.
    const fdPage = await frontdesk.get(`/cases/${pageCaseId}`).expect(200);
    expect(fdPage.text).toContain('id="complete-intake"');
    expect(fdPage.text).toContain('Koordinator atau konselor yang ditugaskan melengkapinya');
    expect(fdPage.text).not.toContain('id="complete-intake-link"');

    const page = await coordinator.get(`/cases/${pageCaseId}`).expect(200);
    const missing = [
      ...(/<ul class="complete-intake__missing">([\s\S]*?)<\/ul>/.exec(page.text)?.[1] ?? '').matchAll(
        /<li>([^<]+)<\/li>/g,
      ),
    ].map((m) => m[1]);
    expect(missing).toEqual([
      'Tanggal kejadian (atau awal periode)',
      'Pelaku',
      'Pelapor (atau korban melapor sendiri)',
      'Tempat kejadian',
      'Lokasi kejadian',
      'Kronologi kejadian (sesuai penuturan korban)',
      'NIK',
      'Tanggal lahir',
      'Alamat',
      'Kecamatan',
      'Pendidikan',
      'Pekerjaan',
      'Status perkawinan',
    ]);
    expect(page.text).toContain(
      `<a class="button" id="complete-intake-link" href="/cases/${pageCaseId}/edit">`,
    );

    // Who reported was not asked: the people tab does not claim the victim reported herself, and the
    // API says it is not recorded.
    const peopleBefore = await coordinator.get(`/cases/${pageCaseId}/people`).expect(200);
    expect(peopleBefore.text).toContain('id="reporter-not-recorded"');
    expect(peopleBefore.text).not.toContain('Korban melapor sendiri');
    const apiBefore = await request(t.server)
      .get(`/api/cases/${pageCaseId}`)
      .set(bearer(coordinatorToken))
      .expect(200);
    expect(apiBefore.body).toMatchObject({ reporterRelationship: 'not_recorded', reporter: null });

    // The correction page completes the intake: the place is required there (not "not recorded"),
    // and who reported is to be chosen (neither ticked as the victim nor a reporter's relationship).
    const edit = await coordinator.get(`/cases/${pageCaseId}/edit`).expect(200);
    expect(edit.text).not.toMatch(/<option value="not_recorded"/);
    expect(edit.text).toMatch(
      /<input type="checkbox" id="selfReported" name="selfReported" value="on"[^>]*>/,
    );
    expect(edit.text).not.toMatch(/id="selfReported"[^>]* checked>/);
    // No perpetrator yet: empty rows to add them, and the incident's date to fill in.
    expect(edit.text).toContain('<select id="perp1Relationship" name="perp1Relationship"');
    expect(edit.text).toMatch(/name="incidentDate" type="date" value=""/);
    const c = await t.dataSource.getRepository(Case).findOneByOrFail({ id: pageCaseId });
    const form = {
      _csrf: csrfFrom(edit.text),
      version: String(c.version),
      victimFullName: 'Rina Wulandari',
      victimNik: '3374014101900001',
      victimBirthDate: '1990-01-01',
      victimAddress: 'Jl. Kenanga No. 3, Semarang',
      victimDistrict: 'Tembalang',
      victimPhone: '081299887766',
      victimPhoneSafeToCall: 'yes',
      victimEducation: 'senior_secondary',
      victimOccupation: 'housewife',
      victimMaritalStatus: 'married',
      incidentPlaceType: 'household',
      incidentLocation: 'Rumah korban',
      violenceTypes: ['physical', 'sexual'],
      narrative: 'Korban dipukul di rumahnya.',
      selfReported: 'on',
      incidentDate: '2026-01-14',
      incidentDateEnd: '',
      incidentTime: '21:30',
      perp1Relationship: 'spouse',
      perp1Sex: 'male',
      perp1Age: '41',
      perp1Name: 'Bambang Kuncoro',
      perp2Relationship: '',
      perp2Sex: '',
      perp2Age: '',
      perp2Name: '',
    };
    // Without a place it is refused as required: "not recorded" is not a choice.
    const refused = await coordinator
      .post(`/cases/${pageCaseId}/edit`)
      .type('form')
      .send({ ...form, incidentPlaceType: '' })
      .expect(400);
    expect(refused.text).toContain('Tempat kejadian wajib diisi.');
    // A perpetrator row without the relationship, and an incident date in the future: refused, each
    // message beside its field, nothing saved.
    const noRelationship = await coordinator
      .post(`/cases/${pageCaseId}/edit`)
      .type('form')
      .send({ ...form, perp1Relationship: '' })
      .expect(400);
    expect(noRelationship.text).toMatch(
      /<span class="field-error" id="perp1Relationship-error">Pelaku 1: hubungan dengan korban wajib diisi\.<\/span>/,
    );
    const future = await coordinator
      .post(`/cases/${pageCaseId}/edit`)
      .type('form')
      .send({ ...form, incidentDate: '2099-01-01' })
      .expect(422);
    expect(future.text).toMatch(
      /<span class="field-error" id="incidentDate-error">Tanggal tidak boleh di masa depan\.<\/span>/,
    );
    expect(future.text).toContain('value="Bambang Kuncoro"');
    // Unticking "the victim reported" needs the reporter's relationship, beside its field.
    const noReporter = await coordinator
      .post(`/cases/${pageCaseId}/edit`)
      .type('form')
      .send({ ...form, selfReported: undefined, reporterName: 'Ibu Tini' })
      .expect(400);
    expect(noReporter.text).toContain('id="reporterRelationship-error"');
    await coordinator.post(`/cases/${pageCaseId}/edit`).type('form').send(form).expect(303);

    const after = await coordinator.get(`/cases/${pageCaseId}`).expect(200);
    expect(after.text).not.toContain('id="complete-intake"');
    expect(after.text).toContain('<dd id="phone-safe-to-call">Ya</dd>');
    const victim = await t.dataSource.getRepository(Victim).findOneByOrFail({ id: c.victimId });
    expect(victim.phoneSafeToCall).toBe('yes');
    const corrected = await t.dataSource
      .getRepository(CaseEvent)
      .findOneByOrFail({ caseId: pageCaseId, type: 'case.details_updated' });
    expect(String(corrected.summaryArgs.correctedFields).split(',')).toEqual(
      expect.arrayContaining([
        'victim.phoneSafeToCall',
        'incident.placeType',
        'incident.date',
        'incident.time',
        'perpetrators',
        'reporter',
      ]),
    );
    // One event, its personal values only in the encrypted details.
    expect(
      await t.dataSource
        .getRepository(CaseEvent)
        .countBy({ caseId: pageCaseId, type: 'case.details_updated' }),
    ).toBe(1);
    expect(JSON.stringify(corrected)).not.toContain('Bambang');
    const stored = await t.dataSource.getRepository(Case).findOneByOrFail({ id: pageCaseId });
    // The victim reported herself: now recorded as such.
    expect(stored).toMatchObject({
      incidentDate: '2026-01-14',
      incidentTime: '21:30',
      reporterRelationship: null,
    });
    const perpetrators = await t.dataSource.getRepository(Perpetrator).findBy({ caseId: pageCaseId });
    expect(perpetrators).toEqual([
      expect.objectContaining({
        position: 1,
        relationship: 'spouse',
        sex: 'male',
        age: 41,
        name: 'Bambang Kuncoro',
      }),
    ]);
    // At rest the name is sealed: not in the table in plain text.
    const rows: Record<string, unknown>[] = await t.dataSource.query(
      t.dataSource.options.type === 'postgres'
        ? 'SELECT * FROM "case_perpetrators" WHERE "caseId" = $1'
        : 'SELECT * FROM "case_perpetrators" WHERE "caseId" = ?',
      [pageCaseId],
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toMatch(/Bambang|Kuncoro/);
    // Shown through the gate: the coordinator sees the name on the people tab, the correction page prefilled.
    const people = await coordinator.get(`/cases/${pageCaseId}/people`).expect(200);
    expect(people.text).toContain('Bambang Kuncoro');
    const again = await coordinator.get(`/cases/${pageCaseId}/edit`).expect(200);
    expect(again.text).toContain('name="perp1Name" type="text" value="Bambang Kuncoro"');
    expect(again.text).toMatch(/name="incidentDate" type="date" value="2026-01-14"/);
  });

  it('completes a quick case through the API (PATCH /api/cases/:id): perpetrators and incident date', async () => {
    const created = await request(t.server)
      .post('/api/cases/quick')
      .set(bearer(frontdeskToken))
      .send({
        channel: 'walk_in',
        receivedAt: '2026-01-15',
        victim: { fullName: 'S.A.', sex: 'female', estimatedAge: 17 },
        violenceTypes: ['psychological'],
        immediateDanger: false,
      })
      .expect(201);
    const id = created.body.id as string;
    const patch = (token: string, body: Record<string, unknown>) =>
      request(t.server).patch(`/api/cases/${id}`).set(bearer(token)).send(body);

    // Bad input: a translated 400 naming the field; a future date or an end before the start: 422.
    const noRelationship = await patch(coordinatorToken, {
      version: 1,
      perpetrators: [{ name: 'Joko Santoso' }],
    })
      .set('Accept-Language', 'en')
      .expect(400);
    expect(JSON.stringify(noRelationship.body)).toContain('perpetrators.0.relationship');
    expect(JSON.stringify(noRelationship.body)).not.toMatch(/validation\.|errors\./);
    const badDate = await patch(coordinatorToken, { version: 1, incident: { date: '2026-02-30x' } }).expect(
      400,
    );
    expect(JSON.stringify(badDate.body)).toContain('incident.date');
    const future = await patch(coordinatorToken, { version: 1, incident: { date: '2099-01-01' } })
      .set('Accept-Language', 'en')
      .expect(422);
    expect(future.body.message).toBe('The date cannot be in the future.');
    await patch(coordinatorToken, {
      version: 1,
      incident: { date: '2026-01-10', dateEnd: '2026-01-05' },
    }).expect(422);
    await patch(coordinatorToken, { version: 1, perpetrators: null }).expect(400);

    // The front desk that registered it may not (403, audited); nothing changed.
    const deniedBefore = await t.dataSource
      .getRepository(AuditLog)
      .countBy({ action: 'cases.update', outcome: 'denied' });
    await patch(frontdeskToken, {
      version: 1,
      perpetrators: [{ relationship: 'parent', name: 'Joko Santoso' }],
    }).expect(403);
    expect(
      await t.dataSource.getRepository(AuditLog).countBy({ action: 'cases.update', outcome: 'denied' }),
    ).toBe(deniedBefore + 1);
    expect(await t.dataSource.getRepository(Perpetrator).countBy({ caseId: id })).toBe(0);

    // The coordinator completes it: one history event; the age follows the incident date.
    const done = await patch(coordinatorToken, {
      version: 1,
      incident: { date: '2026-01-10' },
      perpetrators: [{ relationship: 'parent', sex: 'male', age: 45, name: 'Joko Santoso' }],
    }).expect(200);
    expect(done.body.version).toBe(2);
    const detail = await request(t.server).get(`/api/cases/${id}`).set(bearer(coordinatorToken)).expect(200);
    expect(detail.body.incident.date).toBe('2026-01-10');
    expect(detail.body.perpetrators).toEqual([
      { sex: 'male', age: 45, relationship: 'parent', name: 'Joko Santoso' },
    ]);
    const events = await t.dataSource
      .getRepository(CaseEvent)
      .findBy({ caseId: id, type: 'case.details_updated' });
    expect(events).toHaveLength(1);
    expect(String(events[0].summaryArgs.correctedFields).split(',').sort()).toEqual(
      ['incident.date', 'perpetrators'].sort(),
    );
    expect(JSON.stringify(events[0])).not.toContain('Joko');
    const history = await request(t.server)
      .get(`/api/cases/${id}/history`)
      .set(bearer(coordinatorToken))
      .set('Accept-Language', 'en')
      .expect(200);
    expect(history.body.items.at(-1).summary).toContain('incident date');
    expect(history.body.items.at(-1).summary).toContain('perpetrators');

    // Correcting the perpetrator (same list, one field changed) and adding a second one.
    await patch(coordinatorToken, {
      version: 2,
      perpetrators: [
        { relationship: 'parent', sex: 'male', age: 46, name: 'Joko Santoso' },
        { relationship: 'neighbour', sex: 'male', name: 'Agus' },
      ],
    }).expect(200);
    const rows = await t.dataSource
      .getRepository(Perpetrator)
      .find({ where: { caseId: id }, order: { position: 'ASC' } });
    expect(rows.map((p) => [p.position, p.relationship, p.age, p.name])).toEqual([
      [1, 'parent', 46, 'Joko Santoso'],
      [2, 'neighbour', null, 'Agus'],
    ]);
    // The same list again is no correction (no event, no version).
    const same = await patch(coordinatorToken, {
      version: 3,
      perpetrators: [
        { relationship: 'parent', sex: 'male', age: 46, name: 'Joko Santoso' },
        { relationship: 'neighbour', sex: 'male', name: 'Agus' },
      ],
    }).expect(200);
    expect(same.body.version).toBe(3);
    const raw: Record<string, unknown>[] = await t.dataSource.query(
      t.dataSource.options.type === 'postgres'
        ? 'SELECT * FROM "case_perpetrators" WHERE "caseId" = $1'
        : 'SELECT * FROM "case_perpetrators" WHERE "caseId" = ?',
      [id],
    );
    expect(raw).toHaveLength(2);
    expect(JSON.stringify(raw)).not.toMatch(/Joko|Santoso|Agus/);

    // Who reported: the intake's rules (the relationship required), then one event, sealed at rest.
    await patch(coordinatorToken, { version: 3, reporter: { name: 'Ibu Tini' } }).expect(400);
    await patch(coordinatorToken, {
      version: 3,
      reporter: { relationship: 'neighbour', name: 'Ibu Tini', phone: '081211112222' },
    }).expect(200);
    const withReporter = await request(t.server)
      .get(`/api/cases/${id}`)
      .set(bearer(coordinatorToken))
      .expect(200);
    expect(withReporter.body).toMatchObject({
      version: 4,
      reporterRelationship: 'neighbour',
      reporter: { name: 'Ibu Tini', phone: '081211112222', address: null },
    });
    const reporterEvent = (
      await t.dataSource.getRepository(CaseEvent).find({
        where: { caseId: id, type: 'case.details_updated' },
        order: { seq: 'DESC' },
      })
    )[0];
    expect(reporterEvent.summaryArgs.correctedFields).toBe('reporter');
    expect(JSON.stringify(reporterEvent)).not.toContain('Tini');
    const caseRow: Record<string, unknown>[] = await t.dataSource.query(
      t.dataSource.options.type === 'postgres'
        ? 'SELECT * FROM "cases" WHERE "id" = $1'
        : 'SELECT * FROM "cases" WHERE "id" = ?',
      [id],
    );
    expect(JSON.stringify(caseRow)).not.toMatch(/Tini|081211112222/);
    // null: the victim reported herself.
    await patch(coordinatorToken, { version: 4, reporter: null }).expect(200);
    const self = await request(t.server).get(`/api/cases/${id}`).set(bearer(coordinatorToken)).expect(200);
    expect(self.body).toMatchObject({ version: 5, reporterRelationship: null, reporter: null });
  });

  it('refuses bad input with a translated 400 that names the fields, on the page', async () => {
    const res = await postQuick(
      frontdesk,
      {
        ...QUICK_FORM,
        victimFullName: '',
        victimSex: 'x',
        violenceTypes: [],
        immediateDanger: '',
        victimPhoneSafeToCall: 'maybe',
      },
      400,
    );
    expect(res.text).toContain('id="form-error"');
    expect(res.text).toContain('Nama atau inisial korban');
    for (const field of [
      'victimFullName',
      'victimSex',
      'violenceTypes',
      'immediateDanger',
      'victimPhoneSafeToCall',
    ])
      expect(res.text).toContain(`<a href="#${field}">`);
    expect(res.text).toContain('Dalam bahaya saat ini? wajib diisi.');
    // What was typed is shown again.
    expect(res.text).toContain('value="081299887766"');
    // A birth year after the complaint's year is refused against that field.
    const year = await postQuick(frontdesk, { ...QUICK_FORM, victimBirthYear: '2027' }, 400);
    expect(year.text).toContain('<a href="#victimBirthYear">');
    // A date in the future is refused against the date received.
    const future = await postQuick(frontdesk, { ...QUICK_FORM, receivedAt: '2026-02-01' }, 422);
    expect(future.text).toContain('<a href="#receivedAt">');
  });

  it('registers through the API (POST /api/cases/quick), refusing bad input with a translated 400', async () => {
    const res = await request(t.server)
      .post('/api/cases/quick')
      .set(bearer(frontdeskToken))
      .send({
        channel: 'phone',
        receivedAt: '2026-01-14',
        victim: {
          fullName: 'S.',
          sex: 'female',
          estimatedAge: 15,
          phone: '0812 1111 2222',
          phoneSafeToCall: 'unknown',
        },
        violenceTypes: ['psychological'],
        immediateDanger: false,
      })
      .expect(201);
    expect(res.body).toMatchObject({
      stage: 'intake',
      intakeMode: 'quick',
      immediateDanger: false,
      isChild: true,
      victimAge: 15,
      readerKind: 'registrar',
    });
    expect(res.body.victim).toMatchObject({
      phone: '0812 1111 2222',
      phoneSafeToCall: 'unknown',
      estimatedAge: 15,
    });
    expect(res.body.incident).toMatchObject({ placeType: 'not_recorded', violenceTypes: ['psychological'] });
    expect(res.body.perpetrators).toEqual([]);

    const bad = await request(t.server)
      .post('/api/cases/quick')
      .set(bearer(frontdeskToken))
      .set('Accept-Language', 'en')
      .send({
        channel: 'walk_in',
        receivedAt: '2026-01-14',
        victim: { fullName: 'S.', sex: 'female' },
        violenceTypes: [],
      })
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.body)).toContain('Immediate danger');
    // The quick route takes only its own fields: a perpetrator belongs to the full intake.
    await request(t.server)
      .post('/api/cases/quick')
      .set(bearer(frontdeskToken))
      .send({
        channel: 'walk_in',
        receivedAt: '2026-01-14',
        victim: { fullName: 'S.', sex: 'female' },
        violenceTypes: ['physical'],
        immediateDanger: true,
        perpetrators: [],
      })
      .expect(400);
  });

  it('keeps the full intake as it was: the place of the incident stays required, the new facts optional', async () => {
    const payload = intakePayload({ immediateDanger: true, victim: { phoneSafeToCall: 'yes' } });
    const res = await request(t.server)
      .post('/api/cases')
      .set(bearer(frontdeskToken))
      .send(payload)
      .expect(201);
    expect(res.body.intakeMode).toBeNull();
    expect(res.body.immediateDanger).toBe(true);
    expect(res.body.victim.phoneSafeToCall).toBe('yes');
    const noPlace = intakePayload();
    delete noPlace.incident.placeType;
    await request(t.server).post('/api/cases').set(bearer(frontdeskToken)).send(noPlace).expect(400);
    await request(t.server)
      .post('/api/cases')
      .set(bearer(frontdeskToken))
      .send(intakePayload({ incident: { placeType: 'not_recorded' } }))
      .expect(400);
    // A full-intake case has no "complete the intake" notice.
    const page = await coordinator.get(`/cases/${res.body.id}`).expect(200);
    expect(page.text).not.toContain('id="complete-intake"');
  });

  it('shows immediate danger to staff and the intake queue, and safe-to-call only with the phone', async () => {
    const { body } = await request(t.server)
      .post('/api/cases/quick')
      .set(bearer(coordinatorToken))
      .send({
        channel: 'walk_in',
        receivedAt: '2026-01-15',
        victim: { fullName: 'D.', sex: 'female', phone: '081200000001', phoneSafeToCall: 'no' },
        violenceTypes: ['physical'],
        immediateDanger: true,
      })
      .expect(201);
    expect(body).toMatchObject({ readerKind: 'coordinator', immediateDanger: true });
    // Another front desk (the intake queue) sees the danger, not the phone nor whether to call it.
    const queue = await request(t.server)
      .get(`/api/cases/${body.id}`)
      .set(bearer(await apiLogin(t, 'fd2')))
      .expect(200);
    expect(queue.body).toMatchObject({ readerKind: 'intake_desk', immediateDanger: true });
    expect(queue.body.victim).toMatchObject({ phone: null, phoneSafeToCall: null });
    // A counselor not assigned to it sees nothing of it.
    await request(t.server).get(`/api/cases/${body.id}`).set(bearer(counselorToken)).expect(404);
  });

  it('is for who may register a complaint: others get 403 (audited), on the page and the API', async () => {
    const counselor = await pageLogin(t, 'kons');
    await counselor.get('/cases/new/quick').expect(403);
    const pug = await pageLogin(t, 'pug');
    await pug.get('/cases/new/quick').expect(403);
    const home = await counselor.get('/').expect(200);
    expect(home.text).not.toContain('href="/cases/new/quick"');
    await request(t.server)
      .post('/api/cases/quick')
      .set(bearer(counselorToken))
      .send({
        channel: 'walk_in',
        receivedAt: '2026-01-15',
        victim: { fullName: 'D.', sex: 'female' },
        violenceTypes: ['physical'],
        immediateDanger: true,
      })
      .expect(403);
    const denied = await t.dataSource
      .getRepository(AuditLog)
      .find({ where: { action: 'cases.create', outcome: 'denied' } });
    expect(denied.length).toBeGreaterThanOrEqual(2);
    // The coordinator may (as for the full intake).
    await coordinator.get('/cases/new/quick').expect(200);
  });

  it('marks quick cases from before the reporter was recorded as not recorded (migration), and nothing else', async () => {
    const quick = await request(t.server)
      .post('/api/cases/quick')
      .set(bearer(frontdeskToken))
      .send({
        channel: 'walk_in',
        receivedAt: '2026-01-14',
        victim: { fullName: 'R.T.', sex: 'female', estimatedAge: 30 },
        violenceTypes: ['psychological'],
        immediateDanger: false,
      })
      .expect(201);
    const full = await request(t.server)
      .post('/api/cases')
      .set(bearer(frontdeskToken))
      .send(intakePayload())
      .expect(201);
    const ds = t.dataSource;
    const relationship = async (id: string) =>
      (await ds.getRepository(Case).findOneByOrFail({ id })).reporterRelationship;
    expect(await relationship(quick.body.id)).toBe('not_recorded');
    const fullBefore = await relationship(full.body.id);

    // Back to the version before the migration: a quick case stored an empty reporter.
    const last = async (): Promise<string> =>
      (await ds.query('SELECT name FROM migrations ORDER BY id DESC LIMIT 1'))[0].name;
    const undone: string[] = [];
    do {
      undone.push(await last());
      await ds.undoLastMigration({ transaction: 'each' });
    } while (!undone[undone.length - 1].startsWith('QuickIntakeReporterNotRecorded'));
    expect(await relationship(quick.body.id)).toBeNull();

    await ds.runMigrations({ transaction: 'each' });
    expect(await last()).toBe(undone[0]);
    expect(await relationship(quick.body.id)).toBe('not_recorded');
    expect(await relationship(full.body.id)).toBe(fullBefore);
    // A fresh sign-in: undoing a later migration that rebuilds the users table on sqlite (a dropped
    // column) takes the sessions with it.
    const signedIn = await pageLogin(t, 'koord');
    const overview = await signedIn.get(`/cases/${quick.body.id}`).expect(200);
    expect(overview.text).toContain('id="complete-intake"');
    expect(overview.text).toContain('<li>Pelapor (atau korban melapor sendiri)</li>');
  });
});
