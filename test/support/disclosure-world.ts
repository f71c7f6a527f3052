import request from 'supertest';
import { Role } from '../../src/platform/auth/permissions';
import { ServiceRole } from '../../src/institutions/service-roles';
import { UsersService } from '../../src/users/users.service';
import { bearer, registerCase } from './case-fixtures';
import { apiLogin, createUser, pageLogin, TEST_PASSWORD, TestApp } from './test-app';

/*
 * The world of the disclosure matrix (issue 12): one case with a canary in every personal field and
 * every free text, a case still at intake with its own canaries, and a reader of every kind.
 *
 *   case X  registered by `fd` (the canaries typed at intake), assigned to `cA`; counseling notes,
 *           safety plan, chronology entry, medical and psychological services with notes, a case
 *           conference, a flag (perpetrator dangerous, its reason), consent to every category, a
 *           monitoring assignment for `kader` (identity and contact), then the victim moved (cA
 *           records her new address and phone), then she was admitted to a safe house; referrals to eight institutions, one per reader below, each
 *           disclosing its own categories (`tmRevoked`'s was revoked after acceptance).
 *   case Q  registered by `fd`, still waiting at intake.
 * Every free text embeds the victim's name, NIK, street and phone, as real notes do.
 */

export const C = {
  name: 'Wulandari Sekarsari Pramudita',
  nik: '3374057707990011',
  typedStreet: 'Jl. Kutilang Jingga No. 41',
  typedPhone: '081377001122',
  movedStreet: 'Jl. Cendrawasih Ungu Blok Z-9',
  movedPhone: '089677123456',
  narrative: 'NARASI-QX7731',
  location: 'LOKASI-QX4410',
  reporterName: 'Hartono Pelaporwijaya',
  reporterPhone: '081288776655',
  perpetratorName: 'Santoso Pelakuwibowo',
  counseling: 'KONSELING-QX2219',
  safetyPlan: 'RENCANA-QX8812',
  entry: 'ENTRI-QX6604',
  medical: 'MEDIS-QX3307',
  otherService: 'PSIKO-QX9915',
  conference: 'RAPAT-QX5521',
  instructions: 'INSTRUKSI-QX1108',
  flag: 'PENANDA-QX4471',
  safeHouseName: 'Rumah Aman Merak Biru',
  safeHouseAddress: 'Jl. Persembunyian Kenari 7',
  qName: 'Anggraeni Kusumastuti Larasati',
  qNik: '3374051203880002',
  qStreet: 'Jl. Nuri Hijau No. 12',
  qPhone: '081377005544',
  qNarrative: 'NARASI-QQ2201',
};

/** What each canary looks like in an answer (names by any of their parts). */
export const CANARIES: Record<string, RegExp> = {
  name: /Wulandari|Sekarsari|Pramudita/i,
  nik: /3374057707990011/,
  typedStreet: /Kutilang Jingga/i,
  typedPhone: /081377001122/,
  movedStreet: /Cendrawasih Ungu/i,
  movedPhone: /089677123456/,
  narrative: /NARASI-QX7731/,
  location: /LOKASI-QX4410/,
  reporterName: /Pelaporwijaya/i,
  reporterPhone: /081288776655/,
  perpetratorName: /Pelakuwibowo/i,
  counseling: /KONSELING-QX2219/,
  safetyPlan: /RENCANA-QX8812/,
  entry: /ENTRI-QX6604/,
  medical: /MEDIS-QX3307/,
  otherService: /PSIKO-QX9915/,
  conference: /RAPAT-QX5521/,
  instructions: /INSTRUKSI-QX1108/,
  // A flag on case X (issue 19): its reason, and its kind as a value or words (not as a choice of the
  // flag filter or the settings list).
  flag: /PENANDA-QX4471/,
  flagKind:
    /"flags":\[[^\]]*"perpetrator_dangerous"|"kind":"perpetrator_dangerous"|data-flag="perpetrator_dangerous"|Penanda dipasang: Pelaku berbahaya|Flag set: Perpetrator dangerous/,
  safeHouseName: /Merak Biru/i,
  safeHouseAddress: /Persembunyian Kenari/i,
  // The shelter stage of case X (it is in a safe house): as a value, a badge, or words (not the
  // stage's name as a choice of a list filter).
  shelterStage:
    /"stage":"sheltered"|"(from|to)":"sheltered"|stage--sheltered|(Di rumah aman|In a safe house)(?!\s*<\/option>)/,
  qName: /Anggraeni|Kusumastuti|Larasati/i,
  qNik: /3374051203880002/,
  qStreet: /Nuri Hijau/i,
  qPhone: /081377005544/,
  qNarrative: /NARASI-QQ2201/,
};

const withPersonal = (marker: string, extra = '') =>
  `${marker}: ${C.name} (NIK ${C.nik}) ${extra} tinggal di ${C.movedStreet}, telepon ${C.movedPhone}.`;

/** The referrals of case X: reader → categories their referral discloses. */
export const PARTNERS: Record<string, string[]> = {
  tmIdentity: ['identity'],
  tmContact: ['contact'],
  tmNarrative: ['incident_narrative'],
  tmMedical: ['medical'],
  tmCounseling: ['counseling_notes'],
  tmShelter: ['shelter_stay'],
  tmAll: ['identity', 'contact', 'incident_narrative', 'medical', 'counseling_notes', 'shelter_stay'],
  tmRevoked: ['identity', 'contact', 'incident_narrative', 'medical', 'counseling_notes', 'shelter_stay'],
};

export interface Reader {
  username: string;
  roles: Role[];
  token: string;
  agent: ReturnType<typeof request.agent>;
  userId: string;
}

export interface DisclosureWorld {
  readers: Record<string, Reader>;
  ids: Record<string, string>;
  /** Reader → their own referral of case X (team members). */
  referralOf: Record<string, string>;
}

export async function buildDisclosureWorld(t: TestApp): Promise<DisclosureWorld> {
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const call = async (who: string, method: 'get' | 'post' | 'put' | 'patch', url: string, body?: object) => {
    let req = request(t.server)[method](url).set(bearer(tokens[who]));
    if (body) req = req.send(body);
    const res = await req;
    if (res.status >= 300)
      throw new Error(
        `disclosure world: ${who} ${method.toUpperCase()} ${url}: ${res.status} ${JSON.stringify(res.body)}`,
      );
    return res.body;
  };
  const version = async (caseId: string) =>
    (await call('coord', 'get', `/api/cases/${caseId}`)).version as number;

  // ---- people ------------------------------------------------------------------------------------
  const roles: Record<string, Role[]> = {
    admin: [Role.Admin],
    fd: [Role.FrontDesk],
    fd2: [Role.FrontDesk],
    cA: [Role.Counselor],
    cB: [Role.Counselor],
    coord: [Role.Coordinator],
    kader: [Role.CommunityVolunteer],
    pug: [Role.PugSecretariat],
  };
  for (const [name, r] of Object.entries(roles)) {
    ids[name] = (await createUser(t, `d_${name}`, r)).id;
    tokens[name] = await apiLogin(t, `d_${name}`);
  }
  const users = t.app.get(UsersService);
  for (const name of Object.keys(PARTNERS)) {
    ids[`inst_${name}`] = (
      await call('admin', 'post', '/api/institutions', {
        name: `RS Mitra ${name}`,
        type: 'hospital',
        serviceRoles: ['medical'],
      })
    ).id;
    roles[name] = [Role.TeamMember];
    ids[name] = (
      await users.create(
        {
          username: `d_${name}`,
          displayName: `Anggota ${name}`,
          roles: [Role.TeamMember],
          institutionId: ids[`inst_${name}`],
          serviceRoles: ['medical' as ServiceRole],
        },
        { password: TEST_PASSWORD, mustChangePassword: false },
      )
    ).user.id;
    tokens[name] = await apiLogin(t, `d_${name}`);
  }

  // ---- case X ------------------------------------------------------------------------------------
  const x = await registerCase(t, tokens.fd, {
    victim: {
      fullName: C.name,
      nik: C.nik,
      birthDate: '1991-07-07',
      address: `${C.typedStreet}, Semarang`,
      phone: C.typedPhone,
    },
    reporter: { relationship: 'relative', name: C.reporterName, phone: C.reporterPhone },
    perpetrators: [{ sex: 'male', age: 40, relationship: 'spouse', name: C.perpetratorName }],
    incident: {
      location: `${C.location} gudang di belakang rumah`,
      narrative: `${C.narrative}: ${C.name} (NIK ${C.nik}) dipukul ${C.perpetratorName} di rumahnya di ${C.typedStreet}; ia menelepon ${C.typedPhone}.`,
    },
  });
  ids.caseX = x.id;
  await call('coord', 'post', `/api/cases/${x.id}/assignment`, { counselorId: ids.cA, version: 1 });
  await call('cA', 'post', `/api/cases/${x.id}/transitions`, { transition: 'start_counseling', version: 2 });
  await call('cA', 'post', `/api/cases/${x.id}/counseling-sessions`, {
    heldAt: '2026-01-14',
    notes: withPersonal(C.counseling, 'takut pulang;'),
  });
  await call('cA', 'post', `/api/cases/${x.id}/risk-assessments`, {
    assessedAt: '2026-01-14',
    threatToLife: true,
    riskLevel: 'critical',
    factors: [],
  });
  await call('cA', 'put', `/api/cases/${x.id}/safety-plan`, { plan: withPersonal(C.safetyPlan), version: 0 });
  // A follow-up (issue 19): staff text about the case, for case workers only.
  await call('cA', 'post', `/api/cases/${x.id}/follow-ups`, {
    dueOn: '2026-01-16',
    what: withPersonal(C.counseling, 'telepon ulang;'),
    withWhom: C.reporterName,
  });
  ids.entryX = (
    await call('cA', 'post', `/api/cases/${x.id}/chronology/entries`, {
      date: '2026-01-08',
      place: `Rumah di ${C.typedStreet}`,
      description: withPersonal(C.entry, 'dicekik;'),
    })
  ).id;
  ids.serviceX = (
    await call('cA', 'post', `/api/cases/${x.id}/services`, {
      type: 'medical',
      plannedDate: '2026-01-20',
      notes: withPersonal(C.medical, 'luka memar;'),
    })
  ).id;
  await call('cA', 'post', `/api/cases/${x.id}/services`, {
    type: 'psychological',
    plannedDate: '2026-01-21',
    notes: withPersonal(C.otherService),
  });
  await call('cA', 'post', `/api/cases/${x.id}/flags`, {
    kind: 'perpetrator_dangerous',
    reason: withPersonal(C.flag),
  });
  const conference = await call('coord', 'post', `/api/cases/${x.id}/conferences`, {
    heldAt: '2026-01-12',
    attendees: { staffUserIds: [ids.cA, ids.coord], institutionIds: [], others: [] },
    minutes: withPersonal(C.conference),
    decisions: [withPersonal(C.conference, 'rujuk ke rumah sakit;')],
    actionItems: [
      {
        description: withPersonal(C.conference, 'antar korban;'),
        ownerUserId: ids.cA,
        dueDate: '2026-01-20',
      },
    ],
  });
  ids.conferenceX = conference.id;
  ids.actionItemX = conference.actionItems[0].id;
  ids.consentX = (
    await call('cA', 'post', `/api/cases/${x.id}/consents`, {
      givenBy: 'victim',
      givenOn: '2026-01-14',
      method: 'verbal',
      witnessName: 'Saksi Konselor',
      serviceRoles: ['medical', 'community_monitoring'],
      institutionIds: [],
      categories: [
        'identity',
        'contact',
        'incident_narrative',
        'medical',
        'counseling_notes',
        'shelter_stay',
      ],
    })
  ).id;
  // Counted in the statistics, which covers the national reporting export: the export has X's row
  // (and the personal fields it allows), so the matrix reads it instead of an empty file.
  await call('cA', 'put', `/api/cases/${x.id}/statistics-consent`, { included: true, version: 0 });
  ids.volunteer = (
    await call('coord', 'post', '/api/community/volunteers', {
      name: 'Kader Matriks',
      groupName: 'PKK RW 02',
      userId: ids.kader,
    })
  ).id;
  ids.monitoringX = (
    await call('coord', 'post', `/api/cases/${x.id}/monitoring`, {
      volunteerId: ids.volunteer,
      instructions: withPersonal(C.instructions, 'kunjungi setiap Senin;'),
    })
  ).id;
  // She moved: the counselor records the new contact (the front desk typed the old one).
  await call('cA', 'patch', `/api/cases/${x.id}`, {
    version: await version(x.id),
    victim: { address: `${C.movedStreet}, Semarang`, phone: C.movedPhone },
  });
  ids.safeHouse = (
    await call('coord', 'post', '/api/safe-houses', {
      name: C.safeHouseName,
      capacity: 4,
      address: C.safeHouseAddress,
    })
  ).id;
  await call('cA', 'post', `/api/cases/${x.id}/transitions`, {
    transition: 'admit_to_shelter',
    version: await version(x.id),
    safeHouseId: ids.safeHouse,
  });
  const stays = await call('cA', 'get', `/api/cases/${x.id}/shelter-stays`);
  ids.stayX = (Array.isArray(stays) ? stays : stays.items)[0].id;
  const referralOf: Record<string, string> = {};
  for (const [name, categories] of Object.entries(PARTNERS)) {
    referralOf[name] = (
      await call('cA', 'post', `/api/cases/${x.id}/referrals`, {
        serviceRole: 'medical',
        targetInstitutionId: ids[`inst_${name}`],
        urgency: 'urgent',
        reason: withPersonal('Mohon pemeriksaan', 'untuk'),
        categories,
      })
    ).id;
  }
  await call('tmRevoked', 'post', `/api/partner/referrals/${referralOf.tmRevoked}/accept`, { version: 1 });
  await call('cA', 'post', `/api/referrals/${referralOf.tmRevoked}/revoke`, {
    version: 2,
    reason: withPersonal('Korban menolak', 'rujukan untuk'),
  });
  await call('tmAll', 'post', `/api/partner/referrals/${referralOf.tmAll}/accept`, { version: 1 });
  await call('tmAll', 'post', `/api/partner/referrals/${referralOf.tmAll}/start`, { version: 2 });

  // ---- case Q (still at intake) ------------------------------------------------------------------
  ids.caseQ = (
    await registerCase(t, tokens.fd, {
      victim: { fullName: C.qName, nik: C.qNik, address: `${C.qStreet}, Semarang`, phone: C.qPhone },
      incident: {
        narrative: `${C.qNarrative}: ${C.qName} (NIK ${C.qNik}) di ${C.qStreet}, telepon ${C.qPhone}.`,
      },
    })
  ).id;

  const readers: Record<string, Reader> = {};
  for (const name of Object.keys(roles))
    readers[name] = {
      username: `d_${name}`,
      roles: roles[name],
      token: tokens[name],
      agent: await pageLogin(t, `d_${name}`),
      userId: ids[name],
    };
  return { readers, ids, referralOf };
}
