import request from 'supertest';
import { Case } from '../src/case/case.entity';
import { Institution } from '../src/institutions/institution.entity';
import { CommunityGroup } from '../src/steps/prevention/entities/community-group.entity';
import { ClosureRequest } from '../src/caseload/closure-request.entity';
import { AuditLog, AuditOutcome } from '../src/platform/audit/audit-log.entity';
import { Notification } from '../src/notifications/notification.entity';
import { EmailDelivery } from '../src/notifications/email-delivery.entity';
import { Role } from '../src/platform/auth/permissions';
import { ListSortDefinition, sortableLists, sortKeys } from '../src/platform/common/list-sort';
import { Referral } from '../src/steps/referral/referral.entity';
import { MonitoringAssignment } from '../src/steps/community/community.entities';
import { User } from '../src/users/user.entity';
import { UsersService } from '../src/users/users.service';
import { bearer, registerCase } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, pageLogin, TEST_PASSWORD, TestApp } from './support/test-app';

/**
 * Finding things (issue 18, item 8): every sortable list — the table `sortableLists()` the lists
 * declare themselves with defineListSort — sorts in the database by each of its columns, both ways,
 * honours the page size, and refuses a column it does not offer with a 400 naming the field, in
 * Indonesian and in English. Every JSON list route of the OpenAPI document is either in that table
 * or named below as not sortable yet, so a new list cannot be forgotten. The partner inbox is
 * searched by case number, only within the partner's own referrals.
 */

/** JSON lists (paginated) that are not sortable yet: each one is a known gap, reported. */
const NOT_SORTABLE_YET = new Set<string>([
  // The lists of one record (a case's history, sessions, referrals…, a referral's events, a group's
  // activities): short, in their own fixed order (time); sorting them is not asked for.
  '/api/cases/{id}/conferences',
  '/api/cases/{id}/counseling-sessions',
  '/api/cases/{id}/history',
  '/api/cases/{id}/monitoring',
  '/api/cases/{id}/referrals',
  '/api/cases/{id}/risk-assessments',
  '/api/cases/{id}/services',
  '/api/cases/{id}/shelter-stays',
  '/api/community-groups/{id}/activities',
  '/api/partner/referrals/{id}/events',
  // Not a list anyone browses: the institutions that may receive a new referral for one service role
  // on one date, a choice for a referral form (no page shows it). Which institutions are eligible is
  // decided in code by the eligibility rules (the active period, the PUG decree in force), not by a
  // query, so it cannot be ordered and paged in the database; it is short (the active partner
  // institutions providing that role) and given by name.
  '/api/referral-eligibility',
]);

/**
 * Who reads each sortable list in this suite, which of its items are this suite's seeds, and the
 * filter (query text) that keeps a long list's seeds on one page.
 */
type Seeds = { user: string; seeded: (item: any) => boolean; filter?: string };

describe('lists: sorted by their columns in the database, page size, field-named refusals (e2e)', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const inst: Record<string, string> = {};
  const caseNumbers: string[] = [];
  const refs: Record<string, { caseNumber: string; referralId: string }> = {};

  const get = (who: string, url: string, lang = 'id') =>
    request(t.server).get(url).set(bearer(tok[who])).set('Accept-Language', lang);

  const SEEDS: Record<string, Seeds> = {
    cases: { user: 'coord', seeded: (c) => caseNumbers.includes(c.number) },
    users: { user: 'adm', seeded: (u) => /^zsort[abc]$/.test(u.username) },
    institutions: { user: 'adm', seeded: (i) => /^Lembaga Urut/.test(i.name) },
    'partner-inbox': { user: 'rs1', seeded: () => true },
    referrals: { user: 'coord', seeded: () => true },
    notifications: { user: 'coord', seeded: (n) => n.link.startsWith('/cases?urut=') },
    'email-deliveries': { user: 'adm', seeded: () => true },
    counselors: { user: 'coord', seeded: (c) => ['Alpha', 'Bravo', 'Charlie'].includes(c.name) },
    'audit-logs': {
      user: 'adm',
      seeded: (a) => a.resourceId === 'urut',
      filter: 'from=2020-01-01&to=2020-02-01',
    },
    'closure-requests': { user: 'coord', seeded: (r) => caseNumbers.includes(r.caseNumber) },
    // c1's tasks: the first counseling of the three cases assigned to them, the follow-ups of the
    // referrals they sent; the team's overdue ones: those first counselings and the unassigned case's.
    'my-tasks': { user: 'c1', seeded: () => true },
    'team-tasks': { user: 'coord', seeded: () => true },
    'action-plans': { user: 'pug', seeded: (p) => /^Rencana Urut/.test(p.title) },
    'pug-trainings': { user: 'pug', seeded: (x) => /^Pelatihan Urut/.test(x.title) },
    'pug-awards': { user: 'pug', seeded: (x) => /^Anugerah Urut/.test(x.awardName) },
    'pug-regions': { user: 'pug', seeded: (x) => / Urut /.test(x.name) },
    'pug-bodies': { user: 'pug', seeded: (x) => /^Tim Urut/.test(x.name) },
    decrees: { user: 'pug', seeded: (x) => x.number.startsWith('URUT/') },
    'prevention-activities': { user: 'coord', seeded: (x) => /^Sosialisasi Urut/.test(x.title) },
    'community-groups': { user: 'coord', seeded: (x) => /^Kelompok Urut/.test(x.name) },
    'volunteer-trainings': { user: 'coord', seeded: (x) => /^Pelatihan Kader Urut/.test(x.title) },
    'safe-houses': { user: 'coord', seeded: (h) => /^Rumah Urut/.test(h.name) },
    volunteers: { user: 'coord', seeded: (v) => /^Kader Urut/.test(v.name) },
    // The volunteer's own assignments: all of them are this suite's.
    'my-monitoring': { user: 'kader', seeded: () => true },
    partnerships: { user: 'coord', seeded: (a) => a.number.startsWith('URUT/PKS/') },
  };

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'adm', [Role.Admin]);
    tok.adm = await apiLogin(t, 'adm');
    const post = (who: string, url: string, body: object) =>
      request(t.server).post(url).set(bearer(tok[who])).send(body);
    const mkInst = async (name: string, type: string, serviceRoles: string[]) => {
      const res = await post('adm', '/api/institutions', { name, type, serviceRoles });
      if (res.status !== 201) throw new Error(`institution: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    // Institutions: distinct names, types, states and update times.
    inst.rs = await mkInst('Lembaga Urut Bravo', 'hospital', ['medical', 'psychological']);
    inst.rs2 = await mkInst('Lembaga Urut Alpha', 'hospital', ['medical']);
    inst.other = await mkInst('Lembaga Urut Charlie', 'police_unit', ['law_enforcement']);
    const institutions = t.dataSource.getRepository(Institution);
    await institutions.update(
      { id: inst.other },
      { isActive: false, updatedAt: new Date('2026-01-03T10:00:00Z') },
    );
    await institutions.update({ id: inst.rs2 }, { updatedAt: new Date('2026-01-02T10:00:00Z') });

    const users = t.app.get(UsersService);
    await createUser(t, 'coord', [Role.Coordinator]);
    const c1 = (await createUser(t, 'c1', [Role.Counselor])).id;
    await createUser(t, 'fd', [Role.FrontDesk]);
    for (const [u, i, roles] of [
      ['rs1', inst.rs, ['medical', 'psychological']],
      ['rs2', inst.rs2, ['medical']],
    ] as const) {
      await users.create(
        {
          username: u,
          displayName: `Anggota ${u}`,
          roles: [Role.TeamMember],
          institutionId: i,
          serviceRoles: [...roles],
        },
        { password: TEST_PASSWORD, mustChangePassword: false },
      );
    }
    // Users: distinct usernames, display names, states, last logins (one never) and creation times.
    for (const [u, name] of [
      ['zsortb', 'Alpha'],
      ['zsorta', 'Charlie'],
      ['zsortc', 'Bravo'],
    ])
      await users.create(
        { username: u, displayName: name, roles: [Role.Counselor], institutionId: null },
        { password: TEST_PASSWORD, mustChangePassword: false },
      );
    await apiLogin(t, 'zsortc');
    await apiLogin(t, 'zsorta');
    const userRepo = t.dataSource.getRepository(User);
    await userRepo.update(
      { username: 'zsortb' },
      { isActive: false, createdAt: new Date('2025-12-01T00:00:00Z') },
    );
    // Logins and creations a few days apart (the test clock may give them all the same instant).
    await userRepo.update({ username: 'zsortc' }, { lastLoginAt: new Date('2026-01-02T08:00:00Z') });
    await userRepo.update(
      { username: 'zsorta' },
      { lastLoginAt: new Date('2026-01-03T08:00:00Z'), createdAt: new Date('2025-12-02T00:00:00Z') },
    );
    for (const u of ['coord', 'c1', 'fd', 'rs1', 'rs2']) tok[u] = await apiLogin(t, u);

    // Cases: distinct dates received, stages, risk levels and child status.
    const seeds = [
      { receivedAt: '2026-01-05', stage: 'initial_counseling', riskLevel: 'medium', isChild: true },
      { receivedAt: '2026-01-09', stage: 'intake', riskLevel: 'high', isChild: false },
      { receivedAt: '2026-01-07', stage: 'closed', riskLevel: null, isChild: true },
      { receivedAt: '2026-01-08', stage: 'intake', riskLevel: 'low', isChild: false },
    ];
    const ids: string[] = [];
    for (const s of seeds) {
      const c = await registerCase(t, tok.fd, { receivedAt: s.receivedAt });
      caseNumbers.push(c.number);
      ids.push(c.id);
    }
    // Two of them referred, each to one partner (through the real workflow).
    for (const [i, target, serviceRole, urgency] of [
      [0, 'rs', 'medical', 'urgent'],
      [3, 'rs2', 'medical', 'routine'],
    ] as const) {
      const id = ids[i];
      await post('coord', `/api/cases/${id}/assignment`, { counselorId: c1, version: 1 }).expect(200);
      await post('c1', `/api/cases/${id}/transitions`, { transition: 'start_counseling', version: 2 }).expect(
        200,
      );
      await post('c1', `/api/cases/${id}/consents`, {
        givenBy: 'victim',
        givenOn: '2026-01-14',
        method: 'verbal',
        witnessName: 'Saksi Konselor',
        serviceRoles: ['medical', 'psychological'],
        institutionIds: [],
        categories: ['identity'],
      }).expect(201);
      const r = await post('c1', `/api/cases/${id}/referrals`, {
        serviceRole,
        targetInstitutionId: inst[target],
        urgency,
        reason: 'Mohon pemeriksaan',
        categories: ['identity'],
      }).expect(201);
      refs[target] = { caseNumber: caseNumbers[i], referralId: r.body.id };
    }
    // A second and a third referral to the first partner: another role, urgency and status.
    const extra = await post('c1', `/api/cases/${ids[0]}/referrals`, {
      serviceRole: 'psychological',
      targetInstitutionId: inst.rs,
      urgency: 'emergency',
      reason: 'Mohon pendampingan',
      categories: ['identity'],
    }).expect(201);
    await post('rs1', `/api/partner/referrals/${extra.body.id}/accept`, {
      version: extra.body.version,
    }).expect(200);
    const third = await post('c1', `/api/cases/${ids[3]}/referrals`, {
      serviceRole: 'psychological',
      targetInstitutionId: inst.rs,
      urgency: 'routine',
      reason: 'Mohon konseling lanjutan',
      categories: ['identity'],
    }).expect(201);
    refs.rsThird = { caseNumber: caseNumbers[3], referralId: third.body.id };
    // Sent and created a day apart (the test clock may give them all the same instant).
    const referralRepo = t.dataSource.getRepository(Referral);
    for (const [n, id] of [
      refs.rs.referralId,
      refs.rs2.referralId,
      extra.body.id,
      refs.rsThird.referralId,
    ].entries()) {
      const at = new Date(Date.UTC(2026, 0, 10 + n, 9));
      await referralRepo.update({ id }, { sentAt: at, createdAt: at });
    }
    // Closure requests of three cases in counseling: distinct case numbers, times and reasons.
    await post('coord', `/api/cases/${ids[1]}/assignment`, { counselorId: c1, version: 1 }).expect(200);
    await post('c1', `/api/cases/${ids[1]}/transitions`, {
      transition: 'start_counseling',
      version: 2,
    }).expect(200);
    for (const [n, [i, closureReason]] of (
      [
        [3, 'resolved'],
        [0, 'other'],
        [1, 'victim_withdrew'],
      ] as const
    ).entries()) {
      const r = await post('c1', `/api/cases/${ids[i]}/closure-request`, {
        closureReason,
        checklist: ['goals_reviewed'],
        explanation: 'Tujuan layanan tercapai',
      }).expect(201);
      await t.dataSource
        .getRepository(ClosureRequest)
        .update({ id: r.body.id }, { requestedAt: new Date(Date.UTC(2026, 0, 20 - n, 9)) });
    }

    // PUG: two regions; action plans with distinct titles, regions, years and sources.
    await createUser(t, 'pug', [Role.PugSecretariat]);
    tok.pug = await apiLogin(t, 'pug');
    const region: Record<string, string> = {};
    for (const [key, name, kind] of [
      ['b', 'Kota Urut Bravo', 'city'],
      ['a', 'Kabupaten Urut Alpha', 'regency'],
      ['c', 'Kota Urut Charlie', 'city'],
    ])
      region[key] = (await post('pug', '/api/pug-regions', { name, kind }).expect(201)).body.id;
    // Bodies: distinct names, regions and kinds.
    const bodyIds: string[] = [];
    for (const [name, r, kind] of [
      ['Tim Urut Bravo', 'c', 'technical_team'],
      ['Tim Urut Alpha', 'a', 'pokja_pug'],
      ['Tim Urut Charlie', 'b', 'pokja_pug'],
    ])
      bodyIds.push(
        (await post('pug', '/api/pug-bodies', { regionId: region[r], name, kind }).expect(201)).body.id,
      );
    // Decrees: distinct numbers, dates, bodies, kinds (a formation amended) and titles.
    const appointees = [{ fullName: 'Anggota Urut', institutionId: inst.rs, role: 'member' }];
    const decree = async (bodyId: string, number: string, decreeDate: string, title: string, more = {}) =>
      (
        await post('pug', '/api/decrees', {
          bodyId,
          number,
          decreeDate,
          issuerKind: 'mayor',
          title,
          kind: 'formation',
          appointees,
          ...more,
        }).expect(201)
      ).body.id as string;
    const formed = await decree(bodyIds[0], 'URUT/3', '2020-03-01', 'Keputusan Urut Charlie');
    await decree(bodyIds[1], 'URUT/1', '2020-01-01', 'Keputusan Urut Bravo');
    await decree(bodyIds[0], 'URUT/2', '2020-05-01', 'Keputusan Urut Alpha', {
      kind: 'amendment',
      replacesDecreeId: formed,
    });
    for (const [title, r, year, source] of [
      ['Rencana Urut Bravo', 'a', 2021, 'ksgp'],
      ['Rencana Urut Alpha', 'b', 2023, 'randa'],
      ['Rencana Urut Charlie', 'a', 2022, 'other'],
    ] as const)
      await post('pug', '/api/action-plans', { regionId: region[r], title, year, source }).expect(201);

    // Trainings: distinct titles, start dates, regions and kinds.
    for (const [title, r, startDate, kind] of [
      ['Pelatihan Urut Bravo', 'a', '2025-03-01', 'pprg'],
      ['Pelatihan Urut Alpha', 'b', '2025-05-01', 'other'],
      ['Pelatihan Urut Charlie', 'a', '2025-04-01', 'gender_awareness'],
    ] as const)
      await post('pug', '/api/pug-trainings', {
        regionId: region[r],
        title,
        startDate,
        kind,
        participants: [{ institutionId: inst.rs, female: 2, male: 1 }],
      }).expect(201);
    // Awards: distinct years, regions, names, levels and givers (one without).
    for (const [awardName, r, year, level, givenBy] of [
      ['Anugerah Urut Bravo', 'b', 2021, 'utama', 'Kementerian B'],
      ['Anugerah Urut Alpha', 'a', 2023, 'madya', null],
      ['Anugerah Urut Charlie', 'a', 2022, 'pratama', 'Kementerian A'],
    ] as const)
      await post('pug', '/api/pug-awards', { regionId: region[r], awardName, year, level, givenBy }).expect(
        201,
      );

    // Prevention activities: distinct dates, titles, districts and kinds.
    for (const [title, activityDate, district, kind] of [
      ['Sosialisasi Urut Bravo', '2026-01-03', 'Tembalang', 'broadcast'],
      ['Sosialisasi Urut Alpha', '2026-01-05', 'Genuk', 'socialization'],
      ['Sosialisasi Urut Charlie', '2026-01-04', 'Tembalang', 'mass_media'],
    ])
      await post('coord', '/api/prevention-activities', { title, activityDate, district, kind }).expect(201);

    // Community groups: distinct names, kinds, districts and states.
    for (const [name, kind, district, active] of [
      ['Kelompok Urut Bravo', 'pkk', 'Tembalang', true],
      ['Kelompok Urut Alpha', 'youth', 'Genuk', false],
      ['Kelompok Urut Charlie', 'kube', 'Tembalang', true],
    ] as const) {
      const g = await post('coord', '/api/community-groups', { name, kind, district }).expect(201);
      if (!active)
        await t.dataSource.getRepository(CommunityGroup).update({ id: g.body.id }, { isActive: false });
    }

    // Volunteer trainings: distinct titles and start dates.
    for (const [title, startDate] of [
      ['Pelatihan Kader Urut Bravo', '2026-01-03'],
      ['Pelatihan Kader Urut Alpha', '2026-01-05'],
      ['Pelatihan Kader Urut Charlie', '2026-01-04'],
    ])
      await post('coord', '/api/volunteer-trainings', { title, startDate, volunteerIds: [] }).expect(201);

    // Volunteers: distinct names, groups, districts (one without) and states; one with an account.
    const kaderId = (await createUser(t, 'kader', [Role.CommunityVolunteer])).id;
    tok.kader = await apiLogin(t, 'kader');
    const volunteerIds: string[] = [];
    for (const [name, groupName, district, active, userId] of [
      ['Kader Urut Bravo', 'PKK Urut Charlie', 'Tembalang', true, kaderId],
      ['Kader Urut Alpha', 'PKK Urut Bravo', null, false, null],
      ['Kader Urut Charlie', 'PKK Urut Alpha', 'Genuk', true, null],
    ] as const) {
      const v = await post('coord', '/api/community/volunteers', {
        name,
        groupName,
        district,
        userId,
      }).expect(201);
      volunteerIds.push(v.body.id);
      if (!active)
        await request(t.server)
          .patch(`/api/community/volunteers/${v.body.id}`)
          .set(bearer(tok.coord))
          .send({ isActive: false, version: v.body.version })
          .expect(200);
    }
    // Her monitoring assignments (three cases in counseling, each under a consent covering
    // monitoring): distinct starts, two ended on distinct days, one still active.
    for (const [i, startedOn, endedOn] of [
      [0, '2026-01-10', '2026-01-14'],
      [1, '2026-01-12', null],
      [3, '2026-01-11', '2026-01-13'],
    ] as const) {
      await post('c1', `/api/cases/${ids[i]}/consents`, {
        givenBy: 'victim',
        givenOn: '2026-01-05',
        method: 'verbal',
        witnessName: 'Saksi Konselor',
        serviceRoles: ['community_monitoring'],
        institutionIds: [],
        categories: ['identity'],
      }).expect(201);
      const a = await post('coord', `/api/cases/${ids[i]}/monitoring`, {
        volunteerId: volunteerIds[0],
        instructions: 'Kunjungi setiap pekan',
        startedOn,
      }).expect(201);
      if (endedOn) {
        await post('coord', `/api/monitoring-assignments/${a.body.id}/end`, {
          version: a.body.version,
        }).expect(200);
        await t.dataSource.getRepository(MonitoringAssignment).update({ id: a.body.id }, { endedOn });
      }
    }

    // Partnership agreements: distinct numbers, titles, dates (one open-ended) and statuses.
    for (const [number, title, signedOn, validFrom, validUntil, status] of [
      ['URUT/PKS/2', 'Perjanjian Urut Charlie', '2025-02-01', '2025-03-01', '2027-01-31', 'active'],
      ['URUT/PKS/3', 'Perjanjian Urut Alpha', '2025-01-01', '2025-05-01', null, 'draft'],
      ['URUT/PKS/1', 'Perjanjian Urut Bravo', '2025-03-01', '2025-04-01', '2026-12-31', 'ended'],
    ] as const)
      await post('coord', '/api/partnerships', {
        institutionId: inst.rs,
        number,
        title,
        signedOn,
        validFrom,
        validUntil,
        services: ['vocational_training'],
        status,
      }).expect(201);

    // Safe houses: distinct names, capacities and states.
    for (const [name, capacity, active] of [
      ['Rumah Urut Bravo', 3, true],
      ['Rumah Urut Alpha', 7, false],
      ['Rumah Urut Charlie', 5, true],
    ] as const) {
      const h = await post('coord', '/api/safe-houses', { name, capacity }).expect(201);
      if (!active)
        await request(t.server)
          .patch(`/api/safe-houses/${h.body.id}`)
          .set(bearer(tok.coord))
          .send({ isActive: false, version: h.body.version })
          .expect(200);
    }

    // Notifications of the coordinator: distinct kinds, times, read times (one unread).
    const coordId = (await userRepo.findOneByOrFail({ username: 'coord' })).id;
    await t.dataSource.getRepository(Notification).save(
      [
        ['referral_accepted', '2026-02-02T08:00:00Z', null],
        ['referral_declined', '2026-02-01T08:00:00Z', '2026-02-05T08:00:00Z'],
        ['referral_completed', '2026-02-03T08:00:00Z', '2026-02-04T08:00:00Z'],
      ].map(([kind, at, readAt], n) => ({
        userId: coordId,
        kind: kind as string,
        args: { caseNumber: 'X', serviceRole: 'medical' },
        link: `/cases?urut=${n}`,
        referralId: null,
        createdAt: new Date(at as string),
        readAt: readAt ? new Date(readAt) : null,
      })),
    );

    // Failed e-mail deliveries (the list's default): distinct times, kinds, attempts and error codes.
    await t.dataSource.getRepository(EmailDelivery).insert(
      [
        ['2026-02-02T08:00:00Z', 'referral', 3, 'SMTP_550'],
        ['2026-02-01T08:00:00Z', 'closure_request', 6, 'ECONNECTION'],
        ['2026-02-03T08:00:00Z', 'assignment', 1, 'NO_ADDRESS'],
      ].map(([at, kind, attempts, lastErrorCode], n) => ({
        dedupeKey: `urut:${n}`,
        userId: coordId,
        kind: kind as string,
        urgency: 'routine',
        link: '/closure-requests',
        status: 'failed' as const,
        attempts: attempts as number,
        nextAttemptAt: new Date(at as string),
        claimedBy: null,
        claimedAt: null,
        lastErrorCode: lastErrorCode as string,
        createdAt: new Date(at as string),
        sentAt: null,
      })),
    );

    // Audit entries of a month long ago: distinct times, users (one by no one), actions, resources, outcomes.
    await t.dataSource.getRepository(AuditLog).insert(
      [
        ['2020-01-03T08:00:00Z', 'zaudit-b', 'users.manage', 'users', 'denied'],
        ['2020-01-01T08:00:00Z', null, 'cases.read', null, 'allowed'],
        ['2020-01-02T08:00:00Z', 'zaudit-a', 'audit.read', 'cases', 'failed'],
      ].map(([at, username, action, resourceType, outcome]) => ({
        at: new Date(at as string),
        userId: null,
        username,
        roles: '',
        action: action as string,
        resourceType,
        resourceId: 'urut',
        outcome: outcome as AuditOutcome,
        code: null,
        method: null,
        route: null,
        requestId: null,
        ip: null,
      })),
    );

    // A case nobody was assigned yet: its overdue first counseling is the team's, "not assigned".
    await registerCase(t, tok.fd, { receivedAt: '2026-01-02' });

    // The stages, risks and child status the workflow would take many steps to reach.
    const repo = t.dataSource.getRepository(Case);
    for (const [i, s] of seeds.entries())
      await repo.update({ id: ids[i] }, {
        stage: s.stage,
        riskLevel: s.riskLevel,
        isChild: s.isChild,
      } as never);
  }, 180_000);

  afterAll(() => t.close());

  /** a before b in ascending order (empty values last, whatever the direction). */
  function inOrder(a: unknown, b: unknown, dir: 'asc' | 'desc'): boolean {
    if (a === null || a === undefined) return b === null || b === undefined;
    if (b === null || b === undefined) return true;
    const cmp = a === b ? 0 : (a as any) < (b as any) ? -1 : 1;
    return dir === 'asc' ? cmp <= 0 : cmp >= 0;
  }

  const lists = () => sortableLists().filter((l) => l.api);

  it('the table of sortable lists holds the case list, the partner inbox, users and institutions, and every one has seeds here', () => {
    const names = sortableLists().map((l) => l.name);
    expect(names).toEqual(
      expect.arrayContaining(['cases', 'partner-inbox', 'referrals', 'users', 'institutions']),
    );
    for (const name of names) expect({ name, seeded: !!SEEDS[name] }).toEqual({ name, seeded: true });
  });

  it('every sortable list sorts by each column, ascending and descending, in the order of the column', async () => {
    for (const list of lists()) {
      const seeds = SEEDS[list.name];
      for (const col of sortKeys(list)) {
        const field = list.columns[col].field;
        const seen: Record<string, unknown[]> = {};
        for (const dir of ['asc', 'desc'] as const) {
          const res = await get(
            seeds.user,
            `${list.api}?sort=${col}&dir=${dir}&pageSize=100${seeds.filter ? `&${seeds.filter}` : ''}`,
          );
          expect({ list: list.name, col, dir, status: res.status }).toEqual({
            list: list.name,
            col,
            dir,
            status: 200,
          });
          const values = (res.body.items as any[]).filter(seeds.seeded).map((i) => i[field]);
          for (let i = 1; i < values.length; i++)
            expect({
              list: list.name,
              col,
              dir,
              pair: [values[i - 1], values[i]],
              ok: inOrder(values[i - 1], values[i], dir),
            }).toEqual({
              list: list.name,
              col,
              dir,
              pair: [values[i - 1], values[i]],
              ok: true,
            });
          seen[dir] = values;
        }
        // The seeds differ in this column (the check above cannot pass by itself), and desc is not asc.
        const distinct = new Set(seen.asc.filter((v) => v !== null).map(String));
        expect({ list: list.name, col, distinct: distinct.size >= 2 }).toEqual({
          list: list.name,
          col,
          distinct: true,
        });
        expect({
          list: list.name,
          col,
          reversed: JSON.stringify(seen.asc) !== JSON.stringify(seen.desc),
        }).toEqual({
          list: list.name,
          col,
          reversed: true,
        });
      }
    }
  }, 120_000);

  it('the page size is honoured and the order is stable across pages (no row twice, none skipped)', async () => {
    for (const list of lists()) {
      const seeds = SEEDS[list.name];
      const col = sortKeys(list)[sortKeys(list).length - 1];
      const filter = seeds.filter ? `&${seeds.filter}` : '';
      const all = await get(seeds.user, `${list.api}?sort=${col}&dir=desc&pageSize=100${filter}`).expect(200);
      const ids = (all.body.items as any[]).map((i) => i.id);
      expect(ids.length).toBeGreaterThanOrEqual(3);
      const paged: string[] = [];
      for (let page = 1; page <= ids.length; page++) {
        const res = await get(
          seeds.user,
          `${list.api}?sort=${col}&dir=desc&pageSize=1&page=${page}${filter}`,
        ).expect(200);
        expect(res.body.pageSize).toBe(1);
        expect(res.body.items).toHaveLength(1);
        paged.push(res.body.items[0].id);
      }
      expect({ list: list.name, paged }).toEqual({ list: list.name, paged: ids });
      const two = await get(seeds.user, `${list.api}?pageSize=2`).expect(200);
      expect(two.body.items).toHaveLength(2);
    }
  }, 120_000);

  it.each([
    ['id', /Urutkan menurut/],
    ['en', /Sort by/],
  ])(
    'a column a list does not offer, or a bad direction or page size, is a 400 naming the field (%s)',
    async (lang, label) => {
      for (const list of lists()) {
        const seeds = SEEDS[list.name];
        const bad = await get(seeds.user, `${list.api}?sort=nama_korban`, lang).expect(400);
        expect(bad.body.code).toBe('VALIDATION_FAILED');
        expect(bad.body.details).toEqual([expect.objectContaining({ field: 'sort' })]);
        expect(bad.body.message).toMatch(label);
        const dir = await get(seeds.user, `${list.api}?sort=${list.defaultSort}&dir=up`, lang).expect(400);
        expect(dir.body.details[0].field).toBe('dir');
        const size = await get(seeds.user, `${list.api}?pageSize=1000`, lang).expect(400);
        expect(size.body.details[0].field).toBe('pageSize');
        expect(size.body.message).toMatch(lang === 'id' ? /Jumlah per halaman/ : /Page size/);
      }
    },
  );

  it("every sortable list's page: sorted headers (aria-sort), the page-size select, a bad page size beside its field", async () => {
    const agents: Record<string, Awaited<ReturnType<typeof pageLogin>>> = {};
    for (const list of sortableLists()) {
      for (const path of list.pages) {
        // A counselor's own cases are a counselor's page.
        const who = path === '/cases/mine' ? 'c1' : SEEDS[list.name].user;
        agents[who] ??= await pageLogin(t, who);
        const res = await agents[who].get(`${path}?pageSize=10`);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        // The page-size select shows the chosen size; every header link keeps it.
        expect({ path, size: /<option value="10" selected>/.test(res.text) }).toEqual({ path, size: true });
        const links = [...res.text.matchAll(/<a href="([^"]*)" class="sort-link">/g)].map((m) =>
          m[1].replace(/&#x3D;/g, '=').replace(/&amp;/g, '&'),
        );
        if (!links.length) expect({ path, headerless: path }).toEqual({ path, headerless: '/notifications' });
        for (const href of links)
          expect({ path, href }).toEqual({ path, href: expect.stringMatching(/sort=.*pageSize=10/) });
        // Following a header link sorts by it, and its header (only) says so.
        for (const href of links.slice(0, 2)) {
          const sorted = await agents[who].get(href);
          expect({ href, status: sorted.status }).toEqual({ href, status: 200 });
          expect({ href, ariaSort: sorted.text.match(/aria-sort="[a-z]+"/g)?.length }).toEqual({
            href,
            ariaSort: 1,
          });
        }
        const bad = await agents[who].get(`${path}?pageSize=1000`);
        expect({ path, status: bad.status }).toEqual({ path, status: 400 });
        expect({ path, beside: /id="page-size-error"/.test(bad.text) }).toEqual({ path, beside: true });
      }
    }
  }, 120_000);

  it('the case list: the front desk and counselors may not order by what they do not see (stage, risk, child)', async () => {
    for (const who of ['fd', 'c1'])
      for (const col of ['stage', 'risk', 'child']) {
        const res = await get(who, `/api/cases?sort=${col}`).expect(400);
        expect(res.body.details[0].field).toBe('sort');
      }
    await get('fd', '/api/cases?sort=number&dir=asc').expect(200);
  });

  it.each([
    ['/partnerships', 'status', 'status=bogus'],
    ['/partnerships', 'service', 'service=bogus'],
    ['/community/volunteers', 'active', 'active=maybe'],
    ['/community/volunteers', 'q', `q=${'x'.repeat(101)}`],
  ])(
    '%s: the filter form keeps the order and the page size; a bad %s is shown beside its field',
    async (path, field, badFilter) => {
      const who = 'coord';
      const agent = await pageLogin(t, who);
      const sorted = await agent.get(`${path}?sort=status&dir=desc&pageSize=10`).expect(200);
      const form = sorted.text.slice(sorted.text.indexOf('role="search"'));
      const filterForm = form.slice(0, form.indexOf('</form>'));
      expect(filterForm).toContain('<input type="hidden" name="sort" value="status">');
      expect(filterForm).toContain('<input type="hidden" name="dir" value="desc">');
      expect(filterForm).toContain('<input type="hidden" name="pageSize" value="10">');
      expect(sorted.text.match(/aria-sort="descending"/g)).toHaveLength(1);
      const bad = await agent.get(`${path}?${badFilter}&sort=status`).expect(400);
      expect(bad.text).toContain(`id="filter-${field}-error"`);
      expect(bad.text).toContain(`aria-describedby="filter-${field}-error"`);
      expect(bad.text).toContain(`href="#filter-${field}"`);
    },
  );

  it('a volunteer orders their own assignments only by what they see of each (start, end, status), never by the case', async () => {
    for (const col of ['caseNumber', 'case', 'stage', 'risk', 'name', 'volunteer'])
      expect((await get('kader', `/api/my-monitoring?sort=${col}`).expect(400)).body.details[0].field).toBe(
        'sort',
      );
    const page = await (await pageLogin(t, 'kader')).get('/community/monitoring?sort=stage').expect(400);
    expect(page.text).toContain('id="form-error"');
    const items = (await get('kader', '/api/my-monitoring?sort=endedOn&dir=desc').expect(200)).body.items;
    expect(items.map((a: any) => a.endedOn)).toEqual(['2026-01-14', '2026-01-13', null]);
    // The list is the volunteer's alone: staff are refused it, in any order.
    await get('coord', '/api/my-monitoring?sort=startedOn').expect(403);
  });

  it("the partner inbox is searched by case number (whole or its beginning), only among the partner's own referrals", async () => {
    const mine = refs.rs.caseNumber;
    const theirs = refs.rs2.caseNumber;
    const search = async (who: string, number: string) =>
      (
        (
          await get(who, `/api/partner/referrals?number=${encodeURIComponent(number)}&pageSize=100`).expect(
            200,
          )
        ).body.items as any[]
      ).map((i) => [i.caseNumber, i.id]);
    // rs1 holds two referrals of its case, found by the whole number, in any case of letters…
    expect((await search('rs1', mine)).map(([n]) => n)).toEqual([mine, mine]);
    expect((await search('rs1', mine.toLowerCase())).map(([n]) => n)).toEqual([mine, mine]);
    // …and of the other partner's case only its own referral (the third one), never rs2's.
    expect(await search('rs1', theirs)).toEqual([[theirs, refs.rsThird.referralId]]);
    expect((await search('rs1', theirs)).map(([, id]) => id)).not.toContain(refs.rs2.referralId);
    expect(await search('rs2', mine)).toEqual([]);
    expect(await search('rs2', theirs)).toEqual([[theirs, refs.rs2.referralId]]);
    // A beginning common to every case number: still only one's own referrals.
    const prefix = mine.slice(0, 4);
    const rs2All = await search('rs2', prefix);
    expect(rs2All).toEqual([[theirs, refs.rs2.referralId]]);
    // `%` and `_` are taken literally, not as wildcards.
    expect(await search('rs1', '%')).toEqual([]);
    expect(await search('rs1', '_')).toEqual([]);
  });

  it('every paginated JSON list of the OpenAPI document either sorts (documents sort, dir and pageSize) or is a known gap', async () => {
    const doc = (await request(t.server).get('/api/docs-json').expect(200)).body;
    const sortable = new Set(lists().map((l) => l.api));
    const gaps: string[] = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      const op = item.get;
      if (!op) continue;
      const schema = op.responses?.['200']?.content?.['application/json']?.schema;
      const ref: string = schema?.$ref ?? '';
      const target = ref ? doc.components.schemas[ref.split('/').pop()!] : null;
      const paginated = !!target?.properties?.items && !!target?.properties?.total;
      if (!paginated) continue;
      const params = (op.parameters ?? []).map((p: any) => p.name);
      const routePath = path.replace(/\{[^}]+\}/g, ':id');
      if (sortable.has(routePath)) {
        expect({ path, params }).toEqual({
          path,
          params: expect.arrayContaining(['sort', 'dir', 'pageSize']),
        });
        const sort = op.parameters.find((p: any) => p.name === 'sort');
        const def = lists().find((l) => l.api === routePath) as ListSortDefinition;
        expect(sort.schema.enum).toEqual(sortKeys(def));
      } else gaps.push(path);
    }
    // A new paginated list is either sortable or added here knowingly; a list made sortable leaves it.
    expect(gaps.sort()).toEqual([...NOT_SORTABLE_YET].sort());
  });
});
