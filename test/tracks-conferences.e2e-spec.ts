import request from 'supertest';
import { csrfFrom, expectErrorShape, pageLogin } from './support/test-app';
import { expectNoVictimValues, PersonalValues, personalText } from './support/case-fixtures';
import {
  bearer,
  caseInCounseling,
  caseVersion,
  createTrackWorld,
  eventsOf,
  expectOneEvent,
  fire,
  rawRows,
  TrackWorld,
} from './tracks-support';

describe('case tracks: case conferences (e2e)', () => {
  let w: TrackWorld;
  beforeAll(async () => {
    w = await createTrackWorld();
  });
  afterAll(() => w.t.close());

  const api = () => request(w.t.server);
  const MINUTES = 'Korban memilih tinggal bersama kakaknya ZX-MINUTES';
  const DECISION = 'Rujuk ke LBH ZX-DECISION';
  const ACTION = 'Antar korban ke LBH ZX-ACTION';
  const record = (caseId: string, body: Record<string, unknown>, token = w.tokens.coordinator) =>
    api().post(`/api/cases/${caseId}/conferences`).set(bearer(token)).send(body);
  /** A conference about the case of `person`: its agenda, minutes, a decision and an action name her. */
  const conference = (person: PersonalValues, extra: Record<string, unknown> = {}) => ({
    heldAt: '2026-01-12',
    attendees: {
      staffUserIds: [w.ids.c1, w.ids.coord],
      institutionIds: [w.ids.institution],
      others: ['Ibu Kartini (kakak korban) ZX-OTHER'],
    },
    agenda: personalText('Rencana pendampingan ZX-AGENDA', person),
    minutes: personalText(MINUTES, person),
    decisions: [personalText(DECISION, person), 'Visum ulang'],
    actionItems: [
      { description: personalText(ACTION, person), ownerUserId: w.ids.c1, dueDate: '2026-01-20' },
      { description: 'Laporan polisi', ownerInstitutionId: w.ids.institution, dueDate: '2026-01-25' },
      { description: 'Cek kondisi anak', ownerUserId: w.ids.c2, dueDate: '2026-01-14' },
    ],
    ...extra,
  });
  const patchItem = (caseId: string, itemId: string, body: Record<string, unknown>, token: string) =>
    api().patch(`/api/cases/${caseId}/conference-action-items/${itemId}`).set(bearer(token)).send(body);

  it('records a conference with its action items (one event; content encrypted at rest) and lists it', async () => {
    const c = await caseInCounseling(w);
    const res = await expectOneEvent(w, c.id, 'conference.held', () =>
      record(
        c.id,
        conference(c.person, { actionItems: conference(c.person).actionItems.slice(0, 2) }),
      ).expect(201),
    );
    expect(res.body).toEqual(
      expect.objectContaining({
        heldAt: '2026-01-12',
        minutes: personalText(MINUTES, c.person),
        decisions: [personalText(DECISION, c.person), 'Visum ulang'],
        createdByName: 'Test coord',
      }),
    );
    expect(res.body.attendees.staff).toEqual([
      { id: w.ids.c1, name: 'Test c1' },
      { id: w.ids.coord, name: 'Test coord' },
    ]);
    expect(res.body.attendees.institutions).toEqual([
      { id: w.ids.institution, name: 'Polrestabes — Unit PPA' },
    ]);
    expect(
      res.body.actionItems.map((i: any) => [
        i.description,
        i.status,
        i.ownerUserName,
        i.ownerInstitutionName,
      ]),
    ).toEqual([
      [personalText(ACTION, c.person), 'open', 'Test c1', null],
      ['Laporan polisi', 'open', null, 'Polrestabes — Unit PPA'],
    ]);
    const list = await api()
      .get(`/api/cases/${c.id}/conferences`)
      .set(bearer(w.tokens.counselor))
      .expect(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0].actionItems).toHaveLength(2);
    const raw =
      (await rawRows(w, 'case_conferences')) +
      (await rawRows(w, 'conference_action_items')) +
      (await rawRows(w, 'case_events'));
    for (const marker of ['ZX-OTHER', 'ZX-AGENDA', 'ZX-MINUTES', 'ZX-DECISION', 'ZX-ACTION'])
      expect(raw).not.toContain(marker);
    expectNoVictimValues(raw, c.person, 'conference rows');
    const [last] = (await eventsOf(w, c.id)).slice(-1);
    expect(last.summaryKey).toBe('events.conference.held');
    const history = await api()
      .get(`/api/cases/${c.id}/history?pageSize=100`)
      .set(bearer(w.tokens.coordinator))
      .set('Accept-Language', 'en')
      .expect(200);
    expect(history.body.items.at(-1).summary).toBe(
      'Case conference of 12 January 2026 recorded: 4 attendees, 2 decisions, 2 follow-up actions.',
    );
    // the history's summaries never quote the minutes, decisions or actions
    expectNoVictimValues(JSON.stringify(history.body), c.person, 'history');
  });

  it('refuses bad input (400) and broken references or dates (422)', async () => {
    const c = await caseInCounseling(w);
    for (const body of [
      {},
      conference(c.person, { heldAt: '2026-13-01' }),
      conference(c.person, { attendees: { staffUserIds: ['x'], institutionIds: [], others: [] } }),
      conference(c.person, { attendees: { staffUserIds: [], institutionIds: [] } }),
      conference(c.person, { decisions: Array.from({ length: 51 }, (_v, i) => `d${i}`) }),
      conference(c.person, { decisions: [''] }),
      conference(c.person, { actionItems: [{ description: 'x', dueDate: 'soon' }] }),
      conference(c.person, { actionItems: [{ dueDate: '2026-01-20' }] }),
      conference(c.person, { minutes: 'x'.repeat(20_001) }),
    ]) {
      expectErrorShape((await record(c.id, body)).body, 400, 'VALIDATION_FAILED');
    }
    expectErrorShape(
      (await record(c.id, conference(c.person, { heldAt: '2026-01-16' }))).body,
      422,
      'DATE_IN_FUTURE',
    );
    const unknown = '00000000-0000-4000-8000-000000000000';
    expectErrorShape(
      (
        await record(
          c.id,
          conference(c.person, { attendees: { staffUserIds: [unknown], institutionIds: [], others: [] } }),
        )
      ).body,
      422,
      'STAFF_NOT_FOUND',
    );
    expectErrorShape(
      (
        await record(
          c.id,
          conference(c.person, { attendees: { staffUserIds: [], institutionIds: [unknown], others: [] } }),
        )
      ).body,
      422,
      'INSTITUTION_NOT_FOUND',
    );
    expectErrorShape(
      (
        await record(
          c.id,
          conference(c.person, { actionItems: [{ description: 'x', dueDate: '2026-01-10' }] }),
        )
      ).body,
      422,
      'ACTION_ITEM_DUE_BEFORE_CONFERENCE',
    );
    expect(await eventsOf(w, c.id)).toHaveLength(3);
  });

  it('lets only coordinators record; keeps conferences from the front desk (403), other counselors (404), admin and partners (403)', async () => {
    const c = await caseInCounseling(w);
    expectErrorShape((await record(c.id, conference(c.person), w.tokens.counselor)).body, 403, 'FORBIDDEN');
    const path = `/api/cases/${c.id}/conferences`;
    expectErrorShape((await api().get(path).set(bearer(w.tokens.frontdesk))).body, 403, 'FORBIDDEN');
    expectErrorShape((await api().get(path).set(bearer(w.tokens.counselor2))).body, 404, 'NOT_FOUND');
    expectErrorShape((await api().get(path).set(bearer(w.tokens.admin))).body, 403, 'FORBIDDEN');
    expectErrorShape((await api().get(path).set(bearer(w.tokens.team))).body, 403, 'FORBIDDEN');
    expect(await eventsOf(w, c.id)).toHaveLength(3);
  });

  it('opens convene_conference once a conference is recorded (NO_CASE_CONFERENCE before)', async () => {
    const c = await caseInCounseling(w);
    expectErrorShape(
      (await fire(w, w.tokens.coordinator, c.id, { transition: 'convene_conference', version: c.version }))
        .body,
      422,
      'NO_CASE_CONFERENCE',
    );
    await record(c.id, conference(c.person, { actionItems: [] })).expect(201);
    const ok = await fire(w, w.tokens.coordinator, c.id, {
      transition: 'convene_conference',
      version: await caseVersion(w, c.id),
    });
    expect(ok.status).toBe(200);
    expect(ok.body.stage).toBe('case_conference');
  });

  it('lets a coordinator or the item’s owner change an action item (one event each); others are refused', async () => {
    const c = await caseInCounseling(w);
    const conf = (await record(c.id, conference(c.person)).expect(201)).body;
    const [mine, police, forC2] = conf.actionItems;
    expect(forC2.overdue).toBe(true);
    // the assigned counselor owns the first item
    const done = await expectOneEvent(w, c.id, 'conference.action_item_updated', () =>
      patchItem(c.id, mine.id, { status: 'done', version: mine.version }, w.tokens.counselor).expect(200),
    );
    expect(done.body).toEqual(
      expect.objectContaining({ status: 'done', version: mine.version + 1, overdue: false }),
    );
    expectErrorShape(
      (await patchItem(c.id, mine.id, { status: 'open', version: mine.version }, w.tokens.counselor)).body,
      409,
      'VERSION_CONFLICT',
    );
    // but not the institution's item
    expectErrorShape(
      (await patchItem(c.id, police.id, { status: 'done', version: 1 }, w.tokens.counselor)).body,
      403,
      'FORBIDDEN',
    );
    // another counselor owning an item may update it without otherwise seeing the case
    await patchItem(c.id, forC2.id, { status: 'cancelled', version: 1 }, w.tokens.counselor2).expect(200);
    expectErrorShape(
      (await patchItem(c.id, police.id, { status: 'done', version: 1 }, w.tokens.counselor2)).body,
      404,
      'NOT_FOUND',
    );
    await api().get(`/api/cases/${c.id}/conferences`).set(bearer(w.tokens.counselor2)).expect(404);
    // the coordinator may update any
    await patchItem(c.id, police.id, { status: 'done', version: 1 }, w.tokens.coordinator).expect(200);
    expectErrorShape(
      (await patchItem(c.id, police.id, { status: 'finished', version: 2 }, w.tokens.coordinator)).body,
      400,
      'VALIDATION_FAILED',
    );
    expectErrorShape(
      (await patchItem(c.id, police.id, { status: 'done' }, w.tokens.coordinator)).body,
      400,
      'VALIDATION_FAILED',
    );
    await patchItem(
      c.id,
      '00000000-0000-4000-8000-000000000000',
      { status: 'done', version: 1 },
      w.tokens.coordinator,
    ).expect(404);
    await patchItem(c.id, police.id, { status: 'done', version: 1 }, w.tokens.frontdesk).expect(403);
    await patchItem(c.id, police.id, { status: 'done', version: 1 }, w.tokens.admin).expect(403);
    const types = (await eventsOf(w, c.id)).map((e) => e.type);
    expect(types.filter((t) => t === 'conference.action_item_updated')).toHaveLength(3);
    const keys = (await eventsOf(w, c.id)).map((e) => e.summaryKey);
    expect(keys).toEqual(
      expect.arrayContaining([
        'events.conference.action_item_updated.done',
        'events.conference.action_item_updated.cancelled',
      ]),
    );
  });

  it('records from the case page (one row per action) and prints the conference', async () => {
    const c = await caseInCounseling(w);
    const coord = await pageLogin(w.t, 'coord');
    const page = await coord.get(`/cases/${c.id}/conferences`).expect(200);
    expect(page.text).toContain('id="conferences"');
    expect(page.text).toContain(`action="/cases/${c.id}/conferences"`);
    const csrf = csrfFrom(page.text);
    const ok = await coord
      .post(`/cases/${c.id}/conferences`)
      .type('form')
      .send({
        _csrf: csrf,
        heldAt: '2026-01-15',
        staffUserIds: [w.ids.c1, w.ids.coord],
        institutionIds: w.ids.institution,
        others: 'Ibu RT\r\n\r\nPak RW',
        agenda: personalText('Agenda rapat', c.person),
        minutes: `${personalText('Baris satu ZX-PRINT-MINUTES', c.person)}\nBaris dua`,
        decisions: `${personalText('Keputusan satu', c.person)}\nKeputusan dua`,
        actionDescription: ['Antar ke RS', '', personalText('Hubungi sekolah', c.person)],
        actionOwnerUserId: [w.ids.c1, '', ''],
        actionOwnerInstitutionId: ['', '', w.ids.institution],
        actionDueDate: ['2026-01-20', '', '2026-01-22'],
      })
      .expect(303);
    expect(ok.headers.location).toBe(`/cases/${c.id}/conferences#conferences`);
    const list = await api()
      .get(`/api/cases/${c.id}/conferences`)
      .set(bearer(w.tokens.coordinator))
      .expect(200);
    const conf = list.body.items[0];
    expect(conf.attendees.others).toEqual(['Ibu RT', 'Pak RW']);
    expect(conf.decisions).toEqual([personalText('Keputusan satu', c.person), 'Keputusan dua']);
    expect(
      conf.actionItems.map((i: any) => [i.description, i.ownerUserId, i.ownerInstitutionId, i.dueDate]),
    ).toEqual([
      ['Antar ke RS', w.ids.c1, null, '2026-01-20'],
      [personalText('Hubungi sekolah', c.person), null, w.ids.institution, '2026-01-22'],
    ]);
    const bad = await coord
      .post(`/cases/${c.id}/conferences`)
      .type('form')
      .send({ _csrf: csrf, heldAt: '2026-01-15', actionDescription: 'Tanpa tenggat', actionDueDate: '' })
      .expect(303);
    expect(bad.headers.location).toBe(`/cases/${c.id}/conferences?error=VALIDATION_FAILED#conferences`);

    const print = await coord.get(`/cases/${c.id}/conferences/${conf.id}`).expect(200);
    expect(print.text).toContain(c.number);
    // the coordinator's print holds the minutes and the actions in full
    expect(print.text).toContain(`<p>${personalText('Baris satu ZX-PRINT-MINUTES', c.person)}</p>`);
    expect(print.text).toContain(personalText('Hubungi sekolah', c.person));
    expect(print.text).toContain('Polrestabes — Unit PPA');
    const counselor = await pageLogin(w.t, 'c1');
    await counselor.get(`/cases/${c.id}/conferences/${conf.id}`).expect(200);
    const other = await pageLogin(w.t, 'c2');
    await other.get(`/cases/${c.id}/conferences/${conf.id}`).expect(404);
    const fd = await pageLogin(w.t, 'fd');
    await fd.get(`/cases/${c.id}/conferences/${conf.id}`).expect(403);
    await coord.get(`/cases/${c.id}/conferences/00000000-0000-4000-8000-000000000000`).expect(404);

    // the owner changes an item from the case page
    const casePage = await counselor.get(`/cases/${c.id}/conferences`).expect(200);
    const item = conf.actionItems[0];
    expect(casePage.text).toContain(`action="/cases/${c.id}/conference-action-items/${item.id}"`);
    expect(casePage.text).not.toContain(
      `action="/cases/${c.id}/conference-action-items/${conf.actionItems[1].id}"`,
    );
    const changed = await counselor
      .post(`/cases/${c.id}/conference-action-items/${item.id}`)
      .type('form')
      .send({ _csrf: csrfFrom(casePage.text), status: 'done', version: String(item.version) })
      .expect(303);
    expect(changed.headers.location).toBe(`/cases/${c.id}/conferences#conferences`);
    // Not an item assigned to someone else: 403, in the audit log as exactly one denial (the page's
    // own audit record and the error filter once wrote one each).
    const p = w.t.dialect === 'postgres' ? '$1' : '?';
    const denials = async () =>
      Number(
        (
          await w.t.dataSource.query(
            `SELECT COUNT(*) AS n FROM audit_logs WHERE outcome = 'denied' AND "userId" = ${p}`,
            [w.ids.c1],
          )
        )[0].n,
      );
    const before = await denials();
    const notMine = conf.actionItems[1];
    await counselor
      .post(`/cases/${c.id}/conference-action-items/${notMine.id}`)
      .type('form')
      .send({ _csrf: csrfFrom(casePage.text), status: 'done', version: String(notMine.version) })
      .expect(403);
    expect(await denials()).toBe(before + 1);
    expect(casePage.text).not.toContain(`action="/cases/${c.id}/conferences"`);
  });
});
