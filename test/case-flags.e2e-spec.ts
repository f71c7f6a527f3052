/**
 * Issue 19 item 4, case flags: those who work on a case (its counselor, a coordinator) set a flag of
 * a kind from the settings list with a reason, and remove it with a reason; both are on the case's
 * history (translated), the reasons encrypted at rest. Flags show on the case lists (API and pages)
 * and the case page to case workers only, and the lists filter by flag in the database, keeping the
 * order and page size. Unknown kinds, missing reasons and a flag set twice are 400s with a translated
 * message; the front desk and the administrator are refused (403, audited).
 */
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { bearer, registerCase } from './support/case-fixtures';
import {
  apiLogin,
  createTestApp,
  createUser,
  csrfFrom,
  expectErrorShape,
  pageLogin,
  TestApp,
} from './support/test-app';

const REASON = 'Pelaku mengancam akan datang ke rumah aman dengan senjata tajam';

describe('case flags (e2e)', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const api = (who: string, lang = 'id') => ({
    get: (url: string) => request(t.server).get(url).set(bearer(tok[who])).set('Accept-Language', lang),
    post: (url: string, body: object = {}) =>
      request(t.server).post(url).set(bearer(tok[who])).set('Accept-Language', lang).send(body),
    put: (url: string, body: object = {}) =>
      request(t.server).put(url).set(bearer(tok[who])).set('Accept-Language', lang).send(body),
  });
  const history = async (id: string, lang = 'en') =>
    (await api('coord', lang).get(`/api/cases/${id}/history?pageSize=100`).expect(200)).body.items as any[];
  const sql = (text: string) => (t.dialect === 'postgres' ? text : text.replace(/\$\d+/g, '?'));

  /** A case assigned to counselor c1. */
  async function assignedCase() {
    const c = await registerCase(t, tok.fd);
    await api('coord').post(`/api/cases/${c.id}/assignment`, { counselorId: ids.c1, version: 1 }).expect(200);
    return c;
  }

  beforeAll(async () => {
    t = await createTestApp();
    ids.c1 = (await createUser(t, 'c1', [Role.Counselor])).id;
    ids.c2 = (await createUser(t, 'c2', [Role.Counselor])).id;
    ids.coord = (await createUser(t, 'coord', [Role.Coordinator])).id;
    ids.fd = (await createUser(t, 'fd', [Role.FrontDesk])).id;
    await createUser(t, 'adm', [Role.Admin]);
    for (const u of ['c1', 'c2', 'coord', 'fd', 'adm']) tok[u] = await apiLogin(t, u);
  });
  afterAll(() => t.close());

  it('set → refused twice → remove with a reason: the flag record, the lists and the history', async () => {
    const c = await assignedCase();
    const url = `/api/cases/${c.id}/flags`;
    const empty = (await api('c1').get(url).expect(200)).body;
    expect(empty.items).toEqual([]);
    expect(empty.kinds).toEqual([
      'perpetrator_dangerous',
      'media_attention',
      'child_reabduction_risk',
      'needs_interpreter',
      'disability_access',
    ]);

    // bad input: 400 with a translated message naming the field
    const unknown = await api('c1', 'en').post(url, { kind: 'bored', reason: REASON }).expect(400);
    expectErrorShape(unknown.body, 400, 'FLAG_KIND_UNKNOWN');
    expect(unknown.body.message).toContain('This kind of flag is not in the list of flag kinds (settings).');
    const noReason = await api('c1', 'en').post(url, { kind: 'media_attention' }).expect(400);
    expectErrorShape(noReason.body, 400, 'VALIDATION_FAILED');
    expect(noReason.body.message).not.toMatch(/^[a-z]+\.[a-zA-Z.]+$/);
    await api('c1').post(url, { kind: 'media_attention', reason: '  ' }).expect(400);

    // who may not: another counselor does not see the case, the front desk and the admin lack the permission
    expect(
      (await api('c2').post(url, { kind: 'media_attention', reason: REASON }).expect(404)).body.code,
    ).toBe('NOT_FOUND');
    for (const who of ['fd', 'adm']) {
      expect(
        (await api(who).post(url, { kind: 'media_attention', reason: REASON }).expect(403)).body.code,
      ).toBe('FORBIDDEN');
      await api(who).get(url).expect(403);
    }
    const denied: any[] = await t.dataSource.query(
      sql(`SELECT outcome, code, action FROM audit_logs WHERE "userId" = $1 AND outcome = 'denied'`),
      [ids.fd],
    );
    expect(denied).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'FORBIDDEN', action: 'flags.write' })]),
    );

    const set = await api('c1').post(url, { kind: 'perpetrator_dangerous', reason: REASON }).expect(201);
    expect(set.body).toEqual(
      expect.objectContaining({
        caseId: c.id,
        kind: 'perpetrator_dangerous',
        active: true,
        reason: REASON,
        setById: ids.c1,
        setByName: 'Test c1',
        removedAt: null,
      }),
    );
    const twice = await api('c1', 'en')
      .post(url, { kind: 'perpetrator_dangerous', reason: REASON })
      .expect(400);
    expectErrorShape(twice.body, 400, 'FLAG_ALREADY_SET');
    expect(twice.body.message).toContain('The case already carries this flag.');
    await api('coord')
      .post(url, { kind: 'needs_interpreter', reason: 'Korban hanya berbahasa Sumba' })
      .expect(201);

    // the case and the list show the active kinds to case workers
    expect((await api('c1').get(`/api/cases/${c.id}`).expect(200)).body.flags.sort()).toEqual([
      'needs_interpreter',
      'perpetrator_dangerous',
    ]);
    const listed = (
      await api('coord')
        .get(`/api/cases?number=${encodeURIComponent(c.number)}`)
        .expect(200)
    ).body;
    expect(listed.items[0].flags.sort()).toEqual(['needs_interpreter', 'perpetrator_dangerous']);

    // remove: a reason is required; a removed flag cannot be removed again
    const removal = `${url}/${set.body.id}/removal`;
    expectErrorShape((await api('c1').post(removal, {}).expect(400)).body, 400, 'VALIDATION_FAILED');
    await api('c2').post(removal, { reason: 'Pelaku sudah ditahan polisi' }).expect(404);
    await api('c1')
      .post(`${url}/${'-'.repeat(36)}/removal`, { reason: 'abc' })
      .expect(404);
    await api('c1')
      .post(`${url}/00000000-0000-4000-8000-000000000000/removal`, { reason: 'abc' })
      .expect(404);
    const removed = await api('c1').post(removal, { reason: 'Pelaku sudah ditahan polisi' }).expect(200);
    expect(removed.body).toEqual(
      expect.objectContaining({
        active: false,
        removalReason: 'Pelaku sudah ditahan polisi',
        removedByName: 'Test c1',
      }),
    );
    const again = await api('c1', 'en').post(removal, { reason: 'Pelaku sudah ditahan polisi' }).expect(400);
    expectErrorShape(again.body, 400, 'FLAG_NOT_SET');
    // a removed kind can be set again
    const list = (await api('c1').get(url).expect(200)).body.items as any[];
    expect(list.map((f) => [f.kind, f.active])).toEqual([
      ['needs_interpreter', true],
      ['perpetrator_dangerous', false],
    ]);
    expect((await api('c1').get(`/api/cases/${c.id}`).expect(200)).body.flags).toEqual(['needs_interpreter']);

    // both on the history, translated in the reader's language, no reason in the summary
    const events = (await history(c.id)).filter((e) => e.type.startsWith('flag.'));
    expect(events.map((e) => [e.type, e.summary])).toEqual([
      ['flag.set', 'Flag set: Perpetrator dangerous.'],
      ['flag.set', 'Flag set: Needs an interpreter.'],
      ['flag.removed', 'Flag removed: Perpetrator dangerous.'],
    ]);
    const idEvents = (await history(c.id, 'id')).filter((e) => e.type.startsWith('flag.'));
    expect(idEvents[0].summary).toBe('Penanda dipasang: Pelaku berbahaya.');
    expect(JSON.stringify(events)).not.toContain('ditahan');
    const verified = (await api('coord').get(`/api/cases/${c.id}/verification`).expect(200)).body;
    expect(verified.ok).toBe(true);
  });

  it('keeps the reasons encrypted at rest (under the case key)', async () => {
    const c = await assignedCase();
    const url = `/api/cases/${c.id}/flags`;
    const set = await api('c1')
      .post(url, { kind: 'media_attention', reason: 'Wartawan menelepon kantor' })
      .expect(201);
    await api('c1').post(`${url}/${set.body.id}/removal`, { reason: 'Berita sudah mereda' }).expect(200);
    const rows: any[] = await t.dataSource.query(
      sql('SELECT "reason", "removalReason", "kind", "activeCaseId" FROM "case_flags" WHERE "caseId" = $1'),
      [c.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].reason).toMatch(/^v1\./);
    expect(rows[0].removalReason).toMatch(/^v1\./);
    expect(rows[0].activeCaseId).toBeNull();
    expect(JSON.stringify(rows)).not.toContain('Wartawan');
    expect(JSON.stringify(rows)).not.toContain('mereda');
  });

  it('the list filters by flag in the database: keeps its order, refuses an unknown kind, the front desk', async () => {
    const a = await assignedCase();
    const b = await assignedCase();
    const other = await assignedCase();
    for (const c of [a, b])
      await api('c1')
        .post(`/api/cases/${c.id}/flags`, { kind: 'disability_access', reason: 'Kursi roda' })
        .expect(201);
    const res = await api('coord')
      .get('/api/cases?flag=disability_access&sort=number&dir=desc&pageSize=1')
      .expect(200);
    expect(res.body.total).toBe(2);
    expect(res.body.pageSize).toBe(1);
    expect(res.body.items.map((i: any) => i.id)).toEqual([
      [a, b].sort((x, y) => y.number.localeCompare(x.number))[0].id,
    ]);
    const all = (await api('c1').get('/api/cases?flag=disability_access&pageSize=100').expect(200)).body
      .items as any[];
    expect(all.map((i) => i.id).sort()).toEqual([a.id, b.id].sort());
    expect(all.map((i) => i.id)).not.toContain(other.id);
    // another counselor sees none of them
    expect((await api('c2').get('/api/cases?flag=disability_access').expect(200)).body.total).toBe(0);

    const bad = await api('coord', 'en').get('/api/cases?flag=bored').expect(400);
    expectErrorShape(bad.body, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(bad.body)).toContain('flag');
    expectErrorShape(
      (await api('fd').get('/api/cases?flag=disability_access').expect(400)).body,
      400,
      'FILTER_NOT_AVAILABLE',
    );
    // the front desk lists its own cases without their flags
    const desk = (await api('fd').get('/api/cases?pageSize=100').expect(200)).body.items as any[];
    const mine = desk.find((i) => i.id === a.id);
    expect(mine).toBeDefined();
    expect(mine.flags).toEqual([]);
    expect((await api('fd').get(`/api/cases/${a.id}`).expect(200)).body.flags).toEqual([]);
  });

  it('the settings list: an administrator adds a kind (shown as typed), an unknown kind is refused once removed', async () => {
    const current = (await api('adm').get('/api/settings/centre').expect(200)).body;
    expect(current.flagKinds).toContain('perpetrator_dangerous');
    const bad = await api('adm')
      .put('/api/settings/centre', { version: current.version, flagKinds: ['x'.repeat(61)] })
      .expect(400);
    expectErrorShape(bad.body, 400);
    await api('adm')
      .put('/api/settings/centre', {
        version: current.version,
        flagKinds: [...current.flagKinds, 'Korban hamil'],
      })
      .expect(200);
    const c = await assignedCase();
    await api('c1')
      .post(`/api/cases/${c.id}/flags`, { kind: 'Korban hamil', reason: 'Usia kandungan 7 bulan' })
      .expect(201);
    const events = (await history(c.id)).filter((e) => e.type === 'flag.set');
    expect(events[0].summary).toBe('Flag set: Korban hamil.');
    const page = await (
      await pageLogin(t, 'c1')
    )
      .get(`/cases?flag=${encodeURIComponent('Korban hamil')}`)
      .expect(200);
    expect(page.text).toContain(c.number);
    expect(page.text).toContain('data-flag="Korban hamil">Korban hamil</span>');
    const after = (await api('adm').get('/api/settings/centre').expect(200)).body;
    await api('adm')
      .put('/api/settings/centre', { version: after.version, flagKinds: current.flagKinds })
      .expect(200);
    expectErrorShape(
      (
        await api('c1')
          .post(`/api/cases/${(await assignedCase()).id}/flags`, { kind: 'Korban hamil', reason: 'abc' })
          .expect(400)
      ).body,
      400,
      'FLAG_KIND_UNKNOWN',
    );
    // the settings page shows the defaults in the reader's words and reads words back into codes
    const admin = await pageLogin(t, 'adm');
    const settingsPage = await admin.get('/admin/settings').expect(200);
    expect(settingsPage.text).toMatch(/<textarea id="flagKinds"[^>]*>Pelaku berbahaya\nSorotan media\n/);
    expect(settingsPage.text).not.toContain('perpetrator_dangerous');
    const version = /name="version" value="(\d+)"/.exec(settingsPage.text)![1];
    await admin
      .post('/admin/settings')
      .type('form')
      .send({
        _csrf: csrfFrom(settingsPage.text),
        version,
        name: after.name,
        caseNumberPrefix: after.caseNumberPrefix,
        caseNumberPattern: after.caseNumberPattern,
        sequenceDigits: String(after.sequenceDigits),
        districts: after.districts.join('\n'),
        flagKinds: 'pelaku berbahaya\nNeeds an interpreter\n\nKorban hamil',
      })
      .expect(303);
    const saved = (await api('adm').get('/api/settings/centre').expect(200)).body;
    expect(saved.flagKinds).toEqual(['perpetrator_dangerous', 'needs_interpreter', 'Korban hamil']);
    await api('adm')
      .put('/api/settings/centre', { version: saved.version, flagKinds: current.flagKinds })
      .expect(200);
    // an empty list offers no flag, and the case page says so
    const emptied = (await api('adm').get('/api/settings/centre').expect(200)).body;
    await api('adm').put('/api/settings/centre', { version: emptied.version, flagKinds: [] }).expect(200);
    const noKinds = await (await pageLogin(t, 'c1')).get(`/cases/${c.id}`).expect(200);
    expect(noKinds.text).toContain('Belum ada jenis penanda dalam pengaturan');
    expect(noKinds.text).not.toContain('id="flag-form-toggle"');
    await api('adm')
      .put('/api/settings/centre', { version: emptied.version + 1, flagKinds: current.flagKinds })
      .expect(200);
    // the flag set before stays on its case
    expect((await api('c1').get(`/api/cases/${c.id}`).expect(200)).body.flags).toEqual(['Korban hamil']);
  });

  it('pages: the case page shows and sets and removes flags (303 back with a flash); the list shows and filters', async () => {
    const c = await assignedCase();
    const counselor = await pageLogin(t, 'c1');
    const page = await counselor.get(`/cases/${c.id}`).expect(200);
    expect(page.text).toContain('id="flags"');
    expect(page.text).toContain('<details class="form-toggle" id="flag-form-toggle"');
    expect(page.text).toContain(`action="/cases/${c.id}/flags"`);
    const refused = await counselor
      .post(`/cases/${c.id}/flags`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), kind: 'media_attention', reason: '' })
      .expect(303);
    expect(refused.headers.location).toBe(`/cases/${c.id}?error=VALIDATION_FAILED#flags`);
    const unknown = await counselor
      .post(`/cases/${c.id}/flags`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), kind: 'bored', reason: 'abcdef' })
      .expect(303);
    expect(unknown.headers.location).toBe(`/cases/${c.id}?error=FLAG_KIND_UNKNOWN#flags`);
    const shown = await counselor.get(unknown.headers.location.replace('#flags', '')).expect(200);
    expect(shown.text).toContain('Jenis penanda ini tidak ada dalam daftar jenis penanda (pengaturan).');
    const sent = await counselor
      .post(`/cases/${c.id}/flags`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        kind: 'child_reabduction_risk',
        reason: 'Ayah kandung mencoba menjemput paksa',
      })
      .expect(303);
    expect(sent.headers.location).toBe(`/cases/${c.id}#flags`);
    const after = await counselor.get(`/cases/${c.id}`).expect(200);
    expect(after.text).toContain('Penanda telah dipasang.');
    expect(after.text).toContain('id="case-flag-badges"');
    expect(after.text).toContain('Anak berisiko dibawa lari kembali');
    expect(after.text).toContain('Ayah kandung mencoba menjemput paksa');
    const flagId = /action="\/cases\/[^/]+\/flags\/([^/]+)\/removal"/.exec(after.text)![1];

    // the list: badge, filter select, filter keeps the page size and order
    const list = await counselor
      .get('/cases?flag=child_reabduction_risk&pageSize=10&sort=number&dir=asc')
      .expect(200);
    expect(list.text).toContain(c.number);
    expect(list.text).toContain('<select id="filter-flag" name="flag"');
    expect(list.text).toContain('<option value="child_reabduction_risk" selected>');
    expect(list.text).toContain(
      'data-flag="child_reabduction_risk">Anak berisiko dibawa lari kembali</span>',
    );
    expect(list.text).toMatch(/name="pageSize" value="10"|<option value="10" selected>/);
    const badFilter = await counselor.get('/cases?flag=bored&pageSize=10').expect(400);
    expect(badFilter.text).toContain('id="filter-flag-error"');
    expect(badFilter.text).toContain('aria-invalid="true" aria-describedby="filter-flag-error"');
    // the front desk sees neither the filter nor the badges
    const desk = await pageLogin(t, 'fd');
    const deskList = await desk.get('/cases').expect(200);
    expect(deskList.text).not.toContain('filter-flag');
    expect(deskList.text).not.toContain('Anak berisiko dibawa lari kembali');
    const deskCase = await desk.get(`/cases/${c.id}`).expect(200);
    expect(deskCase.text).not.toContain('id="flags"');
    expect(deskCase.text).not.toContain('Ayah kandung');
    await desk
      .post(`/cases/${c.id}/flags`)
      .type('form')
      .send({ _csrf: csrfFrom(deskCase.text), kind: 'media_attention', reason: 'abcdef' })
      .expect(403);

    const removeRefused = await counselor
      .post(`/cases/${c.id}/flags/${flagId}/removal`)
      .type('form')
      .send({ _csrf: csrfFrom(after.text), reason: '' })
      .expect(303);
    expect(removeRefused.headers.location).toBe(`/cases/${c.id}?error=VALIDATION_FAILED#flags`);
    const removed = await counselor
      .post(`/cases/${c.id}/flags/${flagId}/removal`)
      .type('form')
      .send({ _csrf: csrfFrom(after.text), reason: 'Hak asuh sudah diputus pengadilan' })
      .expect(303);
    expect(removed.headers.location).toBe(`/cases/${c.id}#flags`);
    const end = await counselor.get(`/cases/${c.id}`).expect(200);
    expect(end.text).toContain('Penanda telah dicabut.');
    expect(end.text).not.toContain('id="case-flag-badges"');
    expect(end.text).toContain('id="removed-flags"');
    expect(end.text).toContain('Hak asuh sudah diputus pengadilan');
    const hist = await counselor.get(`/cases/${c.id}/history`).expect(200);
    expect(hist.text).toContain('Penanda dipasang: Anak berisiko dibawa lari kembali.');
    expect(hist.text).toContain('Penanda dicabut: Anak berisiko dibawa lari kembali.');
  });
});
