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

    // The correction page completes the intake: the place is required there (not "not recorded").
    const edit = await coordinator.get(`/cases/${pageCaseId}/edit`).expect(200);
    expect(edit.text).not.toMatch(/<option value="not_recorded"/);
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
    };
    // Without a place it is refused as required: "not recorded" is not a choice.
    const refused = await coordinator
      .post(`/cases/${pageCaseId}/edit`)
      .type('form')
      .send({ ...form, incidentPlaceType: '' })
      .expect(400);
    expect(refused.text).toContain('Tempat kejadian wajib diisi.');
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
      expect.arrayContaining(['victim.phoneSafeToCall', 'incident.placeType']),
    );
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
});
