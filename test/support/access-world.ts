import request from 'supertest';
import { permissionsFor, Role } from '../../src/platform/auth/permissions';
import { ServiceRole } from '../../src/institutions/service-roles';
import { UsersService } from '../../src/users/users.service';
import { bearer, PersonalValues, personalText, registerCase } from './case-fixtures';
import { apiLogin, createUser, csrfOf, pageLogin, TEST_PASSWORD, TestApp } from './test-app';

/*
 * The world of the IDOR suite (issue 8, suite 2): two cases with every kind of record hanging off
 * them, the people who work on each, and people of every role who have no business with case A.
 *
 *   case A  registered by `fd`, assigned to `cA`; sheltered; with a consent (signed form and scan),
 *           a chronology entry, a support service, a conference with an action item, a shelter
 *           stay, a recovery plan with a service, a monitoring assignment (volunteer `kaderA`), a
 *           referral to institution A in progress (`tmA`, with a document), a referral to
 *           institution C revoked after `tmC` accepted it (with a document), and a notification
 *           for `cA`; an export job of `coord`.
 *   case B  registered by `fd`, assigned to `cB`; with a consent (medical, community monitoring), a
 *           risk assessment with a threat to life (it may be admitted to a safe house) and a
 *           referral to institution B accepted by `tmB` (with a document).
 *   a child's case, registered by `fd`, assigned to `cB`, in initial counseling.
 *   also: an institution whose partnership ended (`instOld`), a business without service roles
 *         (`lkp`), a volunteer who left (`volunteerOff`, inactive).
 *   outsiders of case A: `cB` (a counselor with other cases), `fdOther` (a front desk who did not
 *           register it), `tmB` (a team member of another institution), `tmC` (whose referral was
 *           revoked), `kaderB` (another volunteer), `coord2` (another coordinator: export jobs).
 */

export const PDF = Buffer.from('%PDF-1.4\nformulir persetujuan\n%%EOF\n');
export const SECRET_NAME = 'Ratna Kusumawardani Idor';
export const SECRET_NIK = '3374014404900009';
/** Case A's other personal values (what a partner whose referral ended must no longer see). */
export const SECRET_ADDRESS = 'Jl. Cempaka Tersembunyi No. 41';
export const SECRET_PHONE = '081377712345';
export const SECRET_BIRTH_DATE = '1988-03-29';
export const SECRET_NARRATIVE = 'Korban Idor dipukul di dapur rumahnya';
export const SECRET_LOCATION = 'Dapur rumah korban Idor';
export const SECRET_PERPETRATOR = 'Joko Idor Santoso';
export const SECRET_REPORTER = 'Wahyuni Pelapor Idor';
export const SECRET_REPORTER_PHONE = '085711223344';
/**
 * The markers of case A's free texts; each text also holds the victim's name, NIK, street and phone
 * (`personalText`), as real notes do.
 */
export const SECRET_TEXTS = {
  counseling: 'Catatan konseling Idor',
  safetyPlan: 'Rencana keselamatan Idor',
  entry: 'Entri kronologi Idor',
  service: 'Catatan layanan medis Idor',
  minutes: 'Notulen rapat Idor',
  decision: 'Keputusan rapat Idor',
  action: 'Tindak lanjut rapat Idor',
  instructions: 'Instruksi kunjungan Idor',
  followUp: 'Tindak lanjut konselor Idor',
};
const A_PERSON = { fullName: SECRET_NAME, nik: SECRET_NIK, address: SECRET_ADDRESS, phone: SECRET_PHONE };
/** A free text of case A: the marker, then the victim's name, NIK, street and phone. */
export const caseAText = (marker: string) => personalText(marker, A_PERSON);
/**
 * Every personal value of case A and the marker of every free text kept about it: no outsider's answer
 * may hold any of them (nor may the revoked partner's). A referral's reason is not among them: the
 * partner it is addressed to reads it (redacted), also after the referral ended.
 */
export const CASE_A_VALUES = [
  SECRET_NAME,
  SECRET_NIK,
  SECRET_ADDRESS,
  SECRET_PHONE,
  SECRET_BIRTH_DATE,
  SECRET_NARRATIVE,
  SECRET_LOCATION,
  SECRET_PERPETRATOR,
  SECRET_REPORTER,
  SECRET_REPORTER_PHONE,
  ...Object.values(SECRET_TEXTS),
];

export interface Person {
  username: string;
  roles: Role[];
  userId: string;
  token: string;
  agent: ReturnType<typeof request.agent>;
  csrf: string;
}

export interface AccessWorld {
  people: Record<string, Person>;
  ids: Record<string, string>;
  /** Current versions of the versioned records (re-read with `refreshVersions`). */
  v: Record<string, number>;
  refreshVersions(): Promise<void>;
}

const TEAM: [string, string, ServiceRole][] = [
  ['tmA', 'instA', 'medical'],
  ['tmB', 'instB', 'medical'],
  ['tmC', 'instC', 'medical'],
];

export function holds(person: Person, permission: string | undefined): boolean {
  return !!permission && permissionsFor(person.roles).has(permission as any);
}

export async function buildAccessWorld(t: TestApp): Promise<AccessWorld> {
  const ids: Record<string, string> = {};
  const people: Record<string, Person> = {};
  const roles: Record<string, Role[]> = {};
  /** Each case's victim as registered (the values its free texts hold). */
  const victims: Record<string, PersonalValues> = {};

  const call = async (
    who: string,
    method: 'get' | 'post' | 'put' | 'patch',
    url: string,
    body?: object,
    expected = method === 'post' ? [200, 201] : [200],
  ) => {
    let req = request(t.server)[method](url).set(bearer(people[who].token));
    if (body) req = req.send(body);
    const res = await req;
    if (!expected.includes(res.status))
      throw new Error(
        `world: ${who} ${method.toUpperCase()} ${url}: ${res.status} ${JSON.stringify(res.body)}`,
      );
    return res.body;
  };
  const upload = async (who: string, url: string) => {
    const res = await request(t.server)
      .post(url)
      .set(bearer(people[who].token))
      .attach('file', PDF, 'dokumen.pdf');
    if (![200, 201].includes(res.status))
      throw new Error(`world: upload ${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  // ---- people ----------------------------------------------------------------------------------
  const admin = await createUser(t, 'w_admin', [Role.Admin]);
  people.admin = {
    username: 'w_admin',
    roles: [Role.Admin],
    userId: admin.id,
    token: await apiLogin(t, 'w_admin'),
  } as Person;
  for (const [, inst] of TEAM) {
    ids[inst] = (
      await call('admin', 'post', '/api/institutions', {
        name: `RSUD ${inst}`,
        type: 'hospital',
        serviceRoles: ['medical'],
      })
    ).id;
  }
  ids.lkp = (await call('admin', 'post', '/api/institutions', { name: 'LKP Mandiri', type: 'business' })).id;
  // A hospital whose membership of the partner team ended (no new referrals to it).
  ids.instOld = (
    await call('admin', 'post', '/api/institutions', {
      name: 'Puskesmas Lama',
      type: 'hospital',
      serviceRoles: ['medical'],
      activeUntil: '2025-12-31',
    })
  ).id;

  for (const [name, role] of [
    ['fd', Role.FrontDesk],
    ['fdOther', Role.FrontDesk],
    ['cA', Role.Counselor],
    ['cB', Role.Counselor],
    ['coord', Role.Coordinator],
    ['coord2', Role.Coordinator],
    ['kaderA', Role.CommunityVolunteer],
    ['kaderB', Role.CommunityVolunteer],
    ['pug', Role.PugSecretariat],
  ] as const) {
    roles[name] = [role];
    ids[name] = (await createUser(t, `w_${name}`, [role])).id;
  }
  for (const [name, inst, serviceRole] of TEAM) {
    roles[name] = [Role.TeamMember];
    ids[name] = (
      await t.app.get(UsersService).create(
        {
          username: `w_${name}`,
          displayName: `Anggota ${name}`,
          roles: [Role.TeamMember],
          institutionId: ids[inst],
          serviceRoles: [serviceRole],
        },
        { password: TEST_PASSWORD, mustChangePassword: false },
      )
    ).user.id;
  }
  for (const name of Object.keys(roles)) {
    const agent = await pageLogin(t, `w_${name}`);
    people[name] = {
      username: `w_${name}`,
      roles: roles[name],
      userId: ids[name],
      token: await apiLogin(t, `w_${name}`),
      agent,
      csrf: await csrfOf(agent, '/'),
    };
  }
  people.admin.agent = await pageLogin(t, 'w_admin');
  people.admin.csrf = await csrfOf(people.admin.agent, '/');

  // ---- case A ----------------------------------------------------------------------------------
  const a = await registerCase(t, people.fd.token, {
    victim: {
      fullName: SECRET_NAME,
      nik: SECRET_NIK,
      address: SECRET_ADDRESS,
      phone: SECRET_PHONE,
      birthDate: SECRET_BIRTH_DATE,
    },
    reporter: { relationship: 'relative', name: SECRET_REPORTER, phone: SECRET_REPORTER_PHONE },
    incident: { narrative: caseAText(SECRET_NARRATIVE), location: SECRET_LOCATION },
    perpetrators: [{ sex: 'male', age: 40, relationship: 'spouse', name: SECRET_PERPETRATOR }],
  });
  ids.caseA = a.id;
  victims[a.id] = a.victim;
  await call('coord', 'post', `/api/cases/${a.id}/assignment`, { counselorId: ids.cA, version: 1 });
  await call('cA', 'post', `/api/cases/${a.id}/transitions`, { transition: 'start_counseling', version: 2 });
  await call('cA', 'post', `/api/cases/${a.id}/counseling-sessions`, {
    heldAt: '2026-01-14',
    notes: caseAText(SECRET_TEXTS.counseling),
  });
  await call('cA', 'post', `/api/cases/${a.id}/risk-assessments`, {
    assessedAt: '2026-01-14',
    threatToLife: true,
    riskLevel: 'critical',
    factors: [],
  });
  await call('cA', 'put', `/api/cases/${a.id}/safety-plan`, {
    plan: caseAText(SECRET_TEXTS.safetyPlan),
    version: 0,
  });
  ids.consentA = (
    await call('cA', 'post', `/api/cases/${a.id}/consents`, {
      givenBy: 'victim',
      givenOn: '2026-01-14',
      method: 'signed_form',
      serviceRoles: ['medical', 'community_monitoring'],
      institutionIds: [],
      categories: ['identity', 'contact'],
    })
  ).id;
  await upload('cA', `/api/consents/${ids.consentA}/scan`);
  ids.flagA = (
    await call('cA', 'post', `/api/cases/${a.id}/flags`, {
      kind: 'perpetrator_dangerous',
      reason: 'Pelaku membawa senjata tajam',
    })
  ).id;
  ids.entryA = (
    await call('cA', 'post', `/api/cases/${a.id}/chronology/entries`, {
      date: '2026-01-08',
      place: `Rumah di ${SECRET_ADDRESS}`,
      description: caseAText(SECRET_TEXTS.entry),
    })
  ).id;
  ids.serviceA = (
    await call('cA', 'post', `/api/cases/${a.id}/services`, {
      type: 'medical',
      plannedDate: '2026-01-20',
      notes: caseAText(SECRET_TEXTS.service),
    })
  ).id;
  const conference = await call('coord', 'post', `/api/cases/${a.id}/conferences`, {
    heldAt: '2026-01-12',
    attendees: { staffUserIds: [ids.cA, ids.coord], institutionIds: [], others: [] },
    minutes: caseAText(SECRET_TEXTS.minutes),
    decisions: [caseAText(SECRET_TEXTS.decision)],
    actionItems: [
      { description: caseAText(SECRET_TEXTS.action), ownerUserId: ids.cA, dueDate: '2026-01-20' },
      { description: 'Hubungi dinas sosial', ownerUserId: ids.coord, dueDate: '2026-01-21' },
    ],
  });
  ids.conferenceA = conference.id;
  ids.itemA = conference.actionItems.find((i: any) => i.ownerUserId === ids.cA).id;
  ids.itemCoord = conference.actionItems.find((i: any) => i.ownerUserId === ids.coord).id;
  ids.followUpA = (
    await call('cA', 'post', `/api/cases/${a.id}/follow-ups`, {
      dueOn: '2026-01-20',
      what: caseAText(SECRET_TEXTS.followUp),
    })
  ).id;
  // Monitoring first: it starts only while the victim is not in a safe house.
  for (const k of ['kaderA', 'kaderB'])
    ids[`volunteer_${k}`] = (
      await call('coord', 'post', '/api/community/volunteers', {
        name: `Kader ${k}`,
        groupName: 'PKK RW 01',
        userId: ids[k],
      })
    ).id;
  // A volunteer who left (inactive): no monitoring may be given to them.
  const off = await call('coord', 'post', '/api/community/volunteers', {
    name: 'Kader Pindah',
    groupName: 'PKK RW 02',
  });
  ids.volunteerOff = off.id;
  await call('coord', 'patch', `/api/community/volunteers/${off.id}`, {
    version: off.version,
    isActive: false,
  });
  ids.monitoringA = (
    await call('coord', 'post', `/api/cases/${a.id}/monitoring`, {
      volunteerId: ids.volunteer_kaderA,
      instructions: caseAText(SECRET_TEXTS.instructions),
    })
  ).id;
  ids.safeHouse = (
    await call('coord', 'post', '/api/safe-houses', {
      name: 'Rumah Aman Idor',
      capacity: 5,
      address: 'Rahasia',
    })
  ).id;
  const version = async (caseId: string) => (await call('coord', 'get', `/api/cases/${caseId}`)).version;
  await call('cA', 'post', `/api/cases/${a.id}/transitions`, {
    transition: 'admit_to_shelter',
    version: await version(a.id),
    safeHouseId: ids.safeHouse,
  });
  const stays = await call('cA', 'get', `/api/cases/${a.id}/shelter-stays`);
  ids.stayA = (Array.isArray(stays) ? stays : stays.items)[0].id;
  ids.agreement = (
    await call('coord', 'post', '/api/partnerships', {
      institutionId: ids.lkp,
      number: 'PKS/IDOR/2025',
      title: 'Pelatihan menjahit',
      signedOn: '2025-06-01',
      validFrom: '2025-06-01',
      validUntil: '2027-05-31',
      services: ['vocational_training'],
    })
  ).id;
  await call('cA', 'post', `/api/cases/${a.id}/recovery-plan`, { goals: ['Mandiri secara ekonomi'] });
  const plan = await call('cA', 'post', `/api/cases/${a.id}/recovery-plan/services`, {
    agreementId: ids.agreement,
    service: 'vocational_training',
  });
  ids.recoveryServiceA = plan.services[0].id;
  const refer = async (who: string, caseId: string, inst: string) =>
    (
      await call(who, 'post', `/api/cases/${caseId}/referrals`, {
        serviceRole: 'medical',
        targetInstitutionId: ids[inst],
        urgency: 'urgent',
        reason: personalText('Mohon pemeriksaan medis', victims[caseId]),
        categories: ['identity'],
      })
    ).id as string;
  ids.referralA = await refer('cA', a.id, 'instA');
  await call('tmA', 'post', `/api/partner/referrals/${ids.referralA}/accept`, { version: 1 });
  await call('tmA', 'post', `/api/partner/referrals/${ids.referralA}/start`, { version: 2 });
  ids.documentA = (await upload('tmA', `/api/partner/referrals/${ids.referralA}/documents`)).documents[0].id;
  ids.referralC = await refer('cA', a.id, 'instC');
  await call('tmC', 'post', `/api/partner/referrals/${ids.referralC}/accept`, { version: 1 });
  ids.documentC = (await upload('tmC', `/api/partner/referrals/${ids.referralC}/documents`)).documents[0].id;
  await call('cA', 'post', `/api/referrals/${ids.referralC}/revoke`, {
    version: 2,
    reason: caseAText('Korban menolak'),
  });
  const notes = await call('cA', 'get', '/api/notifications?pageSize=100');
  if (!notes.items.length) throw new Error('world: cA has no notification');
  ids.notificationA = notes.items[0].id;

  // ---- case B ----------------------------------------------------------------------------------
  const b = await registerCase(t, people.fd.token);
  ids.caseB = b.id;
  victims[b.id] = b.victim;
  await call('coord', 'post', `/api/cases/${b.id}/assignment`, { counselorId: ids.cB, version: 1 });
  await call('cB', 'post', `/api/cases/${b.id}/transitions`, { transition: 'start_counseling', version: 2 });
  ids.consentB = (
    await call('cB', 'post', `/api/cases/${b.id}/consents`, {
      givenBy: 'victim',
      givenOn: '2026-01-14',
      method: 'verbal',
      witnessName: 'Saksi',
      serviceRoles: ['medical', 'community_monitoring'],
      institutionIds: [],
      categories: ['identity'],
    })
  ).id;
  // A threat to life: case B may be admitted to a safe house (the safeHouseId probes need that).
  await call('cB', 'post', `/api/cases/${b.id}/risk-assessments`, {
    assessedAt: '2026-01-14',
    threatToLife: true,
    riskLevel: 'critical',
    factors: [],
  });
  ids.referralB = await refer('cB', b.id, 'instB');
  await call('tmB', 'post', `/api/partner/referrals/${ids.referralB}/accept`, { version: 1 });
  ids.documentB = (await upload('tmB', `/api/partner/referrals/${ids.referralB}/documents`)).documents[0].id;

  // ---- a child's case (an emergency override without consent is for children only) ---------------
  const child = await registerCase(t, people.fd.token, { victim: { birthDate: '2015-03-02' } });
  ids.caseChild = child.id;
  await call('coord', 'post', `/api/cases/${child.id}/assignment`, { counselorId: ids.cB, version: 1 });
  await call('cB', 'post', `/api/cases/${child.id}/transitions`, {
    transition: 'start_counseling',
    version: 2,
  });

  // ---- an export job ---------------------------------------------------------------------------
  ids.exportJob = (
    await call(
      'coord',
      'post',
      '/api/reports/case-export/jobs',
      { from: '2026-01-01', to: '2026-12-31', format: 'csv' },
      [202],
    )
  ).id;
  // It runs in the background (and writes its audit row there): wait for it to end.
  for (let i = 0; ; i++) {
    const job = await call('coord', 'get', `/api/reports/case-export/jobs/${ids.exportJob}`);
    if (job.status === 'done') break;
    if (job.status === 'failed' || i > 200) throw new Error(`world: export job ${job.status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  const v: Record<string, number> = {};
  // Straight from the tables (no request, no audit row): the versions the next request must send.
  const p = t.dialect === 'postgres' ? (i: number) => `$${i}` : () => '?';
  const one = async (sql: string, ...params: string[]) => {
    const rows = await t.dataSource.query(
      sql.replace(/\$(\d)/g, (_m, i) => p(Number(i))),
      params,
    );
    return Number(rows[0]?.version ?? 0);
  };
  const byId = (table: string, id: string) => one(`SELECT version FROM ${table} WHERE id = $1`, id);
  const refreshVersions = async () => {
    v.caseA = await byId('cases', ids.caseA);
    v.caseB = await byId('cases', ids.caseB);
    v.itemA = await byId('conference_action_items', ids.itemA);
    v.itemCoord = await byId('conference_action_items', ids.itemCoord);
    v.serviceA = await byId('support_services', ids.serviceA);
    v.stayA = await byId('shelter_stays', ids.stayA);
    v.followUpA = await byId('follow_ups', ids.followUpA);
    v.planA = await one('SELECT version FROM recovery_plans WHERE "caseId" = $1', ids.caseA);
    v.recoveryServiceA = await byId('recovery_services', ids.recoveryServiceA);
    v.safetyPlanA = await one(
      'SELECT MAX(version) AS version FROM safety_plans WHERE "caseId" = $1',
      ids.caseA,
    );
    v.statisticsA = await one('SELECT version FROM case_statistics_consents WHERE "caseId" = $1', ids.caseA);
    v.consentA = await byId('consents', ids.consentA);
    v.monitoringA = await byId('monitoring_assignments', ids.monitoringA);
    for (const r of ['referralA', 'referralB', 'referralC']) v[r] = await byId('referrals', ids[r]);
    v.volunteer_kaderB = await byId('community_volunteers', ids.volunteer_kaderB);
  };
  await refreshVersions();
  return { people, ids, v, refreshVersions };
}
