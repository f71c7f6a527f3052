/**
 * Correcting a case's victim and incident details from the case page (GET/POST /cases/:id/edit),
 * through HTTP as a browser without JavaScript: the prefilled form, a correction that changes the
 * values, the age and the blind indexes and leaves an entry in the history, bad input kept with
 * messages (Indonesian and English), a stale version, and the same access rules as PATCH /api/cases/:id.
 */
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { AuditLog } from '../src/platform/audit/audit-log.entity';
import { bearer, registerCase } from './support/case-fixtures';
import {
  apiLogin,
  createTestApp,
  createUser,
  csrfFrom,
  pageLogin,
  TestApp,
  wholeCasePage,
} from './support/test-app';

type Agent = ReturnType<typeof request.agent>;
type Form = Record<string, string | string[] | undefined>;

function formBody(form: Form): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  return params.toString();
}

const ENTITIES: Record<string, string> = {
  '&#x27;': "'",
  '&quot;': '"',
  '&#x3D;': '=',
  '&gt;': '>',
  '&lt;': '<',
  '&#x60;': '`',
};
const decode = (html: string): string =>
  html.replace(/&#x27;|&quot;|&#x3D;|&gt;|&lt;|&#x60;/g, (m) => ENTITIES[m]).replace(/&amp;/g, '&');

const inputValue = (html: string, name: string): string | null =>
  new RegExp(`name="${name}" type="[a-z]+" value="([^"]*)"`).exec(html)?.[1] ??
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ??
  null;
const selected = (html: string, name: string): string | null => {
  const select = new RegExp(`<select id="${name}" name="${name}"[\\s\\S]*?</select>`).exec(html)?.[0] ?? '';
  return /<option value="([^"]*)" selected>/.exec(select)?.[1] ?? null;
};
const checked = (html: string, name: string): string[] =>
  [...html.matchAll(new RegExp(`name="${name}" value="([^"]+)" checked`, 'g'))].map((m) => m[1]);

/** The perpetrator rows the page shows (perp1…), as it would send them. */
function perpetratorRows(html: string): Form {
  const rows = [...html.matchAll(/<select id="perp(\d+)Relationship"/g)].map((m) => m[1]);
  return Object.fromEntries(
    rows.flatMap((n) => [
      [`perp${n}Relationship`, selected(html, `perp${n}Relationship`) ?? ''],
      [`perp${n}Sex`, selected(html, `perp${n}Sex`) ?? ''],
      [`perp${n}Age`, inputValue(html, `perp${n}Age`) ?? ''],
      [`perp${n}Name`, decode(inputValue(html, `perp${n}Name`) ?? '')],
    ]),
  );
}

/** The form as the prefilled page would send it, with `overrides`. */
function correctionForm(html: string, overrides: Form = {}): Form {
  const text = (name: string) => decode(inputValue(html, name) ?? '');
  return {
    _csrf: csrfFrom(html),
    version: text('version'),
    victimFullName: text('victimFullName'),
    victimNik: text('victimNik'),
    victimBirthDate: text('victimBirthDate'),
    victimAddress: text('victimAddress'),
    victimDistrict: selected(html, 'victimDistrict') ?? '',
    victimPhone: text('victimPhone'),
    victimEducation: selected(html, 'victimEducation') ?? '',
    victimOccupation: selected(html, 'victimOccupation') ?? '',
    victimMaritalStatus: selected(html, 'victimMaritalStatus') ?? '',
    selfReported:
      /<input type="checkbox" id="selfReported" name="selfReported" value="on"[^>]* checked>/.test(html)
        ? 'on'
        : undefined,
    reporterRelationship: selected(html, 'reporterRelationship') ?? '',
    reporterName: text('reporterName'),
    reporterPhone: text('reporterPhone'),
    reporterAddress: text('reporterAddress'),
    incidentDate: text('incidentDate'),
    incidentDateEnd: text('incidentDateEnd'),
    incidentTime: text('incidentTime'),
    ...perpetratorRows(html),
    incidentPlaceType: selected(html, 'incidentPlaceType') ?? '',
    incidentLocation: text('incidentLocation'),
    violenceTypes: checked(html, 'violenceTypes'),
    narrative: decode(/<textarea id="narrative"[^>]*>\n?([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? ''),
    ...overrides,
  };
}

describe('case corrections from the case page (e2e)', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const agents: Record<string, Agent> = {};
  let counselorId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const users = {
      frontdesk: await createUser(t, 'frontdesk', [Role.FrontDesk]),
      counselor: await createUser(t, 'counselor', [Role.Counselor]),
      counselor2: await createUser(t, 'counselor2', [Role.Counselor]),
      coordinator: await createUser(t, 'coordinator', [Role.Coordinator]),
      admin: await createUser(t, 'sysadmin', [Role.Admin]),
    };
    counselorId = users.counselor.id;
    for (const [name, user] of Object.entries(users)) {
      tokens[name] = await apiLogin(t, user.username);
      agents[name] = await pageLogin(t, user.username);
    }
  });
  afterAll(() => t.close());

  /** A case registered by the front desk and assigned to `counselor` (version 2). */
  async function assignedCase(overrides: Record<string, any> = {}) {
    const c = await registerCase(t, tokens.frontdesk, overrides);
    await request(t.server)
      .post(`/api/cases/${c.id}/assignment`)
      .set(bearer(tokens.coordinator))
      .send({ counselorId, version: 1 })
      .expect(200);
    return c;
  }

  /** A new session of `username` that switched the pages to English. */
  async function englishAgent(username: string): Promise<Agent> {
    const agent = await pageLogin(t, username);
    const home = await agent.get('/').expect(200);
    await agent
      .post('/language')
      .type('form')
      .send(formBody({ language: 'en', next: '/', _csrf: csrfFrom(home.text) }))
      .expect(303);
    return agent;
  }

  const detail = async (id: string) =>
    (await request(t.server).get(`/api/cases/${id}`).set(bearer(tokens.coordinator)).expect(200)).body;

  it('shows the form prefilled with every correctable value, linked from the case page for those who may correct', async () => {
    const c = await assignedCase({
      victim: { fullName: 'Sity Aminah', nik: '3374010101900011', birthDate: '1990-02-03' },
    });
    const page = await agents.counselor.get(`/cases/${c.id}/people`).expect(200);
    expect(page.text).toContain(`href="/cases/${c.id}/edit"`);

    const res = await agents.counselor.get(`/cases/${c.id}/edit`).expect(200);
    const html = decode(res.text);
    expect(html).toContain('Koreksi data kasus ' + c.number);
    expect(html).toContain(`action="/cases/${c.id}/edit"`);
    expect(csrfFrom(res.text)).toBeTruthy();
    expect(inputValue(html, 'version')).toBe('2');
    expect(inputValue(html, 'victimFullName')).toBe('Sity Aminah');
    expect(inputValue(html, 'victimNik')).toBe('3374010101900011');
    expect(inputValue(html, 'victimBirthDate')).toBe('1990-02-03');
    expect(inputValue(html, 'victimAddress')).toBe(c.victim.address);
    expect(inputValue(html, 'victimPhone')).toBe('081234567890');
    expect(selected(html, 'victimDistrict')).toBe('Tembalang');
    expect(selected(html, 'victimEducation')).toBe('senior_secondary');
    expect(selected(html, 'victimOccupation')).toBe('housewife');
    expect(selected(html, 'victimMaritalStatus')).toBe('married');
    expect(selected(html, 'incidentPlaceType')).toBe('household');
    expect(inputValue(html, 'incidentLocation')).toBe('Rumah korban di Tembalang');
    expect(checked(html, 'violenceTypes').sort()).toEqual(['physical', 'psychological']);
    expect(html).toContain(`${c.incident.narrative}</textarea>`);
    // Grouped like the intake form, with its labels.
    expect(html).toContain('id="sec-victim"');
    expect(html).toContain('id="sec-incident"');
    expect(html).toContain('<label for="victimNik">');

    // Sending the form unchanged is no correction: nothing is recorded, the version stays.
    const unchanged = await agents.counselor
      .post(`/cases/${c.id}/edit`)
      .type('form')
      .send(formBody(correctionForm(res.text)))
      .expect(303);
    expect(unchanged.headers.location).toBe(`/cases/${c.id}/people`);
    const after = await detail(c.id);
    expect(after.version).toBe(2);
    expect(after.eventCount).toBe(c.eventCount + 1); // the assignment only

    // Those who may not correct see no link.
    const coordPage = await agents.coordinator.get(`/cases/${c.id}/people`).expect(200);
    expect(coordPage.text).toContain(`href="/cases/${c.id}/edit"`);
    const frontdeskPage = { text: await wholeCasePage(agents.frontdesk, c.id) };
    expect(frontdeskPage.text).not.toContain(`/cases/${c.id}/edit`);
  });

  it('saves a correction: the values, the age and child status change, the history has the entry, the corrected NIK is found', async () => {
    const c = await assignedCase({ victim: { nik: '3374010101900022', birthDate: '1994-05-17' } });
    expect(c.isChild).toBe(false);
    const form = await agents.counselor.get(`/cases/${c.id}/edit`).expect(200);
    const res = await agents.counselor
      .post(`/cases/${c.id}/edit`)
      .type('form')
      .send(
        formBody(
          correctionForm(form.text, {
            victimFullName: 'Siti Rahmawati Koreksi',
            victimNik: '3374 0101 0190 0033',
            victimBirthDate: '2011-03-04',
            victimAddress: 'Jl. Kenanga 9, Genuk',
            victimDistrict: 'Genuk',
            victimPhone: '',
            victimOccupation: 'student',
            incidentPlaceType: 'school',
            incidentLocation: 'Sekolah korban',
            violenceTypes: ['sexual'],
            narrative: 'Koreksi: kejadian di sekolah.\r\nBaris kedua.',
          }),
        ),
      )
      .expect(303);
    expect(res.headers.location).toBe(`/cases/${c.id}/people`);

    const d = await detail(c.id);
    expect(d.version).toBe(3);
    expect(d.victim).toEqual(
      expect.objectContaining({
        fullName: 'Siti Rahmawati Koreksi',
        nik: '3374010101900033',
        birthDate: '2011-03-04',
        address: 'Jl. Kenanga 9, Genuk',
        district: 'Genuk',
        phone: null,
        occupation: 'student',
      }),
    );
    expect(d.district).toBe('Genuk');
    expect(d.incident).toEqual(
      expect.objectContaining({
        placeType: 'school',
        location: 'Sekolah korban',
        violenceTypes: ['sexual'],
        narrative: 'Koreksi: kejadian di sekolah.\r\nBaris kedua.',
      }),
    );
    // 14 at the incident (2026-01-08): a child now, for statistics and the consent rules.
    expect(d.victimAge).toBe(14);
    expect(d.isChild).toBe(true);

    // The case page: the flash, the new values and the history entry in words.
    const page = decode((await agents.counselor.get(`/cases/${c.id}/people`).expect(200)).text);
    expect(page).toContain('Data kasus sudah dikoreksi; nilai sebelumnya tersimpan di riwayat.');
    expect(page).toContain('Siti Rahmawati Koreksi');
    expect(page).toContain('3374010101900033');
    expect(decode((await agents.counselor.get(`/cases/${c.id}/history`).expect(200)).text)).toContain(
      'Data kasus dikoreksi: nama korban, NIK, tanggal lahir, alamat, nomor telepon, kecamatan, pekerjaan, ' +
        'tempat kejadian, lokasi kejadian, jenis kekerasan, kronologi kejadian; nilai sebelumnya tersimpan di riwayat.',
    );
    // The same entry in English for a reader who switched the language.
    const en = decode(
      (await (await englishAgent('counselor')).get(`/cases/${c.id}/history`).expect(200)).text,
    );
    expect(en).toContain(
      "Case details corrected: victim's name, NIK, date of birth, address, phone number, district, occupation, " +
        'place of the incident, incident location, violence types, what happened; the earlier values are kept in the history.',
    );
    const history = await request(t.server)
      .get(`/api/cases/${c.id}/history?pageSize=100`)
      .set(bearer(tokens.counselor))
      .expect(200);
    expect(history.body.items.at(-1).type).toBe('case.details_updated');

    // The duplicate search (intake page) finds the case by the corrected NIK, not by the old one.
    const intake = await agents.frontdesk.get('/cases/new').expect(200);
    const check = async (nik: string) =>
      agents.frontdesk
        .post('/cases/new/check')
        .type('form')
        .send(
          formBody({
            _csrf: csrfFrom(intake.text),
            channel: 'walk_in',
            receivedAt: '2026-01-14',
            victimFullName: 'Orang Lain',
            victimNik: nik,
            victimSex: 'female',
            incidentPlaceType: 'household',
            violenceTypes: ['physical'],
          }),
        )
        .expect(200);
    expect((await check('3374010101900033')).text).toContain(c.number);
    expect((await check('3374010101900022')).text).not.toContain(c.number);
    // And by the corrected name with the corrected birth year.
    const byName = await request(t.server)
      .post('/api/cases/duplicate-check')
      .set(bearer(tokens.frontdesk))
      .send({ fullName: 'siti rahmawati  koreksi', birthYear: 2011 })
      .expect(200);
    expect(byName.body.map((m: any) => m.caseNumber)).toContain(c.number);
  });

  it('bad input re-renders the form with the values typed and messages at the fields, in Indonesian and English', async () => {
    const c = await assignedCase();
    const form = await agents.counselor.get(`/cases/${c.id}/edit`).expect(200);
    const bad = correctionForm(form.text, {
      victimFullName: '',
      victimNik: '12ab',
      victimPhone: 'telepon',
      victimAddress: 'Alamat yang diketik tetap ada',
      violenceTypes: [],
      incidentLocation: 'Lokasi yang diketik',
    });
    const res = await agents.counselor
      .post(`/cases/${c.id}/edit`)
      .type('form')
      .send(formBody(bad))
      .expect(400);
    const html = decode(res.text);
    expect(html).toContain('id="form-error"');
    expect(html).toContain('Nama lengkap korban wajib diisi.');
    expect(html).toContain('Jenis kekerasan wajib diisi.');
    expect(html).toContain('id="victimNik-error"');
    expect(html).toContain('id="victimPhone-error"');
    expect(html).toContain('href="#victimNik"');
    expect(html).toContain('aria-invalid="true"');
    expect(inputValue(html, 'victimNik')).toBe('12ab');
    expect(inputValue(html, 'victimAddress')).toBe('Alamat yang diketik tetap ada');
    expect(inputValue(html, 'incidentLocation')).toBe('Lokasi yang diketik');
    expect(inputValue(html, 'version')).toBe('2');
    expect((await detail(c.id)).version).toBe(2);

    // A rule of the domain (a birth date in the future): 422 at the field.
    const future = await agents.counselor
      .post(`/cases/${c.id}/edit`)
      .type('form')
      .send(formBody(correctionForm(form.text, { victimBirthDate: '2027-01-01' })))
      .expect(422);
    expect(future.text).toContain('id="victimBirthDate-error"');
    expect(future.text).toContain('Tanggal tidak boleh di masa depan.');

    // Unknown fields and a field sent twice are input errors, not crashes.
    await agents.counselor
      .post(`/cases/${c.id}/edit`)
      .type('form')
      .send(formBody(correctionForm(form.text, { stage: 'closed' })))
      .expect(400);
    await agents.counselor
      .post(`/cases/${c.id}/edit`)
      .type('form')
      .send(formBody(correctionForm(form.text, { victimFullName: ['A', 'B'] })))
      .expect(400);

    // In English after switching the language.
    const agent = await englishAgent('counselor');
    const enForm = await agent.get(`/cases/${c.id}/edit`).expect(200);
    expect(enForm.text).toContain('<html lang="en">');
    expect(decode(enForm.text)).toContain(`Correct the details of case ${c.number}`);
    const en = await agent
      .post(`/cases/${c.id}/edit`)
      .type('form')
      .send(formBody({ ...bad, _csrf: csrfFrom(enForm.text) }))
      .expect(400);
    const enHtml = decode(en.text);
    expect(enHtml).toContain("Victim's full name is required.");
    expect(enHtml).toContain('Violence types is required.');
    expect(inputValue(enHtml, 'victimNik')).toBe('12ab');
    expect(enHtml).not.toContain('wajib diisi');
  });

  it('a stale version re-renders the form with the conflict message and the values typed (409)', async () => {
    const c = await assignedCase();
    const form = await agents.counselor.get(`/cases/${c.id}/edit`).expect(200);
    // Someone else corrects the case meanwhile (through the API).
    await request(t.server)
      .patch(`/api/cases/${c.id}`)
      .set(bearer(tokens.coordinator))
      .send({ version: 2, victim: { phone: '081211112222' } })
      .expect(200);
    const res = await agents.counselor
      .post(`/cases/${c.id}/edit`)
      .type('form')
      .send(formBody(correctionForm(form.text, { victimAddress: 'Alamat saya' })))
      .expect(409);
    const html = decode(res.text);
    expect(html).toContain('Data ini baru saja diubah orang lain. Muat ulang dan ulangi perubahan Anda.');
    expect(html).toContain(`href="/cases/${c.id}/edit" id="reload-link"`);
    expect(inputValue(html, 'victimAddress')).toBe('Alamat saya');
    const d = await detail(c.id);
    expect(d.version).toBe(3);
    expect(d.victim.phone).toBe('081211112222');
    expect(d.victim.address).not.toBe('Alamat saya');
    // Reloading shows the current values and version.
    const reloaded = decode((await agents.counselor.get(`/cases/${c.id}/edit`).expect(200)).text);
    expect(inputValue(reloaded, 'version')).toBe('3');
    expect(inputValue(reloaded, 'victimPhone')).toBe('081211112222');
  });

  it('refuses as the API does: 403 without the permission or for a case one only sees, 404 for a case one cannot see', async () => {
    const c = await assignedCase();
    const form = await agents.counselor.get(`/cases/${c.id}/edit`).expect(200);
    const body = (csrf: string) =>
      formBody({ ...correctionForm(form.text, { victimPhone: '081299998888' }), _csrf: csrf });
    const csrfOfHome = async (agent: Agent) => csrfFrom((await agent.get('/').expect(200)).text);
    const auditRows = async () => t.dataSource.getRepository(AuditLog).count();

    // The front desk that registered it: no cases.update (403), as PATCH /api/cases/:id.
    await agents.frontdesk.get(`/cases/${c.id}/edit`).expect(403);
    const frontdeskCsrf = await csrfOfHome(agents.frontdesk);
    let before = await auditRows();
    await agents.frontdesk.post(`/cases/${c.id}/edit`).type('form').send(body(frontdeskCsrf)).expect(403);
    expect(await auditRows()).toBe(before + 1);
    // An administrator: 403.
    await agents.admin.get(`/cases/${c.id}/edit`).expect(403);
    // Another counselor: the case does not exist for them (404), as for the API.
    await agents.counselor2.get(`/cases/${c.id}/edit`).expect(404);
    const counselor2Csrf = await csrfOfHome(agents.counselor2);
    before = await auditRows();
    await agents.counselor2.post(`/cases/${c.id}/edit`).type('form').send(body(counselor2Csrf)).expect(404);
    expect(await auditRows()).toBe(before + 1);
    await request(t.server)
      .patch(`/api/cases/${c.id}`)
      .set(bearer(tokens.counselor2))
      .send({ version: 2, victim: { phone: '081299998888' } })
      .expect(404);
    await agents.counselor.get('/cases/not-a-uuid/edit').expect(404);
    // Without a CSRF token: refused, nothing changed.
    await agents.counselor
      .post(`/cases/${c.id}/edit`)
      .type('form')
      .send(formBody({ ...correctionForm(form.text, { victimPhone: '081299998888' }), _csrf: undefined }))
      .expect(403);
    expect((await detail(c.id)).victim.phone).toBe('081234567890');
    // The coordinator may correct any case.
    await agents.coordinator.get(`/cases/${c.id}/edit`).expect(200);
  });

  it('a closed case shows why it cannot be corrected, without a form', async () => {
    const c = await assignedCase();
    const workflow = (transition: string, version: number, extra: Record<string, unknown> = {}) =>
      request(t.server)
        .post(`/api/cases/${c.id}/transitions`)
        .set(bearer(tokens.coordinator))
        .send({ transition, version, ...extra });
    await workflow('start_counseling', 2).expect(200);
    await workflow('close', 3, { closureReason: 'victim_withdrew' }).expect(200);
    const res = await agents.coordinator.get(`/cases/${c.id}/edit`).expect(200);
    expect(res.text).toContain('Kasus sudah ditutup.');
    expect(res.text).not.toContain(`action="/cases/${c.id}/edit"`);
    expect(await wholeCasePage(agents.coordinator, c.id)).not.toContain(`/cases/${c.id}/edit`);
  });
});
