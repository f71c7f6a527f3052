import { Role } from '../../src/platform/auth/permissions';
import {
  AccessWorld,
  caseAText,
  SECRET_ADDRESS,
  SECRET_BIRTH_DATE,
  SECRET_LOCATION,
  SECRET_NAME,
  SECRET_NARRATIVE,
  SECRET_NIK,
  SECRET_PHONE,
} from './access-world';
import { isApiPath, RouteInfo } from './routes';

/*
 * What each id in a route names, and how to knock on someone else's record through it (issue 8,
 * suite 2, IDOR). Generated from the route list: every `:param` of every route is looked up here by
 * the path up to it (without the `/api` prefix); a parameter this table does not know fails the
 * suite, and so does a state-changing route on a scoped record without a request body below — a new
 * route cannot escape the IDOR pass without someone deciding what "not yours" means for it.
 */

export type Kind =
  | 'case'
  | 'case.entry'
  | 'case.actionItem'
  | 'case.conference'
  | 'case.supportService'
  | 'case.recoveryService'
  | 'case.shelterStay'
  | 'case.flag'
  | 'case.followUp'
  | 'consent'
  | 'referral'
  | 'referral.document'
  | 'partnerReferral'
  | 'partnerReferral.document'
  | 'notification'
  | 'myMonitoring'
  | 'monitoringAssignment'
  | 'exportJob'
  | 'global';

/** The path up to and including each id parameter (no `/api` prefix) → the record it names. */
export const ID_PARAMS: Record<string, Kind> = {
  '/cases/:id': 'case',
  '/cases/:id/chronology/entries/:entryId': 'case.entry',
  '/cases/:id/conference-action-items/:itemId': 'case.actionItem',
  '/cases/:id/conferences/:conferenceId': 'case.conference',
  '/cases/:id/services/:serviceId': 'case.supportService',
  '/cases/:id/recovery-plan/services/:serviceId': 'case.recoveryService',
  '/cases/:id/shelter-stays/:stayId': 'case.shelterStay',
  '/cases/:id/flags/:flagId': 'case.flag',
  '/cases/:id/follow-ups/:followUpId': 'case.followUp',
  '/consents/:id': 'consent',
  '/referrals/:id': 'referral',
  '/referrals/:id/documents/:documentId': 'referral.document',
  '/partner/referrals/:id': 'partnerReferral',
  '/partner/referrals/:id/documents/:documentId': 'partnerReferral.document',
  '/notifications/:id': 'notification',
  '/my-monitoring/:id': 'myMonitoring',
  '/community/monitoring/:id': 'myMonitoring',
  '/monitoring-assignments/:id': 'monitoringAssignment',
  '/reports/case-export/jobs/:id': 'exportJob',

  // Records without an owner: whoever holds the route's permission works on all of them (the
  // permission matrix covers who holds it). None of them carries case content.
  '/admin/institutions/:id': 'global', // partner institutions (administrators)
  '/institutions/:id': 'global',
  '/admin/users/:id': 'global', // user accounts (administrators)
  '/users/:id': 'global',
  '/email-deliveries/:id': 'global', // the e-mail outbox (administrators): account, kind, code; no case data
  '/safe-houses/:id': 'global', // the centre's safe houses (coordinators)
  '/shelter/safe-houses/:houseId': 'global',
  '/partnerships/:id': 'global', // third-party agreements, read by staff and the PUG secretariat
  '/community/volunteers/:id': 'global', // the volunteer register (coordinators manage)
  '/community-groups/:id': 'global', // programme records (step 7-8), no personal case data
  '/community-activities/:id': 'global',
  '/volunteer-trainings/:id': 'global',
  '/prevention-activities/:id': 'global',
  '/prevention-activities/:id/materials/:fileId': 'global', // public prevention leaflets
  '/programme/groups/:id': 'global',
  '/programme/prevention/:id': 'global',
  '/programme/prevention/:id/materials/:fileId': 'global',
  '/programme/volunteer-trainings/:id': 'global',
  '/decrees/:id': 'global', // PUG records: public decrees, bodies, plans, trainings, awards
  '/pug/decrees/:id': 'global',
  '/pug-bodies/:id': 'global',
  '/pug/bodies/:id': 'global',
  '/pug-regions/:id': 'global',
  '/pug/regions/:id': 'global',
  '/pug-trainings/:id': 'global',
  '/pug/trainings/:id': 'global',
  '/pug-awards/:id': 'global',
  '/pug/awards/:id': 'global',
  '/action-plans/:id': 'global',
  '/pug/action-plans/:id': 'global',
  '/action-plan-items/:id': 'global',
  '/pug/action-plan-items/:id': 'global',
  '/programme/community-activities/:id': 'global',
  '/monitoring-rounds/:id': 'global',
};

const PARAM = /:[A-Za-z0-9_]+/g;

export const paramsOf = (path: string): string[] => path.match(PARAM) ?? [];

/** The kind of record the route's last id names, or the problems (unknown parameters). */
export function classify(route: RouteInfo): { kind?: Kind; problems: string[] } {
  const problems: string[] = [];
  let kind: Kind | undefined;
  for (const m of route.path.matchAll(PARAM)) {
    const prefix = route.path.slice(0, m.index! + m[0].length).replace(/^\/api(?=\/)/, '');
    const k = ID_PARAMS[prefix];
    if (!k) problems.push(`${route.method} ${route.path}: no IDOR classification for ${prefix}`);
    else kind = k;
  }
  return { kind: problems.length ? undefined : kind, problems };
}

/** One knock: who, with which ids (in path order), which query; and what they must get. */
export interface Probe {
  who: string;
  ids: string[];
  query?: Record<string, string>;
  /** Expected statuses (a page answers a refusal by a rule with 303 back to the form and `?error=`). */
  expect: number[];
  note: string;
  /** Instead of the route's body. */
  body?: Body;
}

export interface KindSpec {
  /** Roles that see every record of this kind (no outsider of theirs exists). */
  seesAll: Role[];
  /** Outsiders' knocks. */
  probes(w: AccessWorld, route: RouteInfo): Probe[];
  /** The owner's request with the same ids: the control that the ids and body are right. */
  owners(w: AccessWorld, route: RouteInfo): Probe[];
}

const NOT_FOUND = [404];

/** The chronology print routes take their options in the query (team members: their referral). */
function printQuery(route: RouteInfo, referralId?: string): Record<string, string> | undefined {
  if (route.permission !== 'chronology.print') return undefined;
  return referralId ? { purpose: 'partner_institution', referralId } : { purpose: 'case_conference' };
}

function caseKind(child?: string): KindSpec {
  const withChild = (w: AccessWorld, caseId: string) =>
    child ? [w.ids[caseId], w.ids[child]] : [w.ids[caseId]];
  return {
    seesAll: [Role.Coordinator],
    probes: (w, route) => {
      const probes: Probe[] = [
        { who: 'cB', ids: withChild(w, 'caseA'), note: 'a counselor of other cases' },
        { who: 'fdOther', ids: withChild(w, 'caseA'), note: 'a front desk who did not register it' },
        {
          who: 'tmB',
          ids: withChild(w, 'caseA'),
          note: "a team member of another institution, naming the case's referral",
          query: printQuery(route, w.ids.referralA),
        },
        {
          who: 'tmB',
          ids: withChild(w, 'caseA'),
          note: 'a team member naming their own referral of another case',
          query: printQuery(route, w.ids.referralB),
        },
        {
          who: 'tmC',
          ids: withChild(w, 'caseA'),
          note: 'a team member whose referral of this case was revoked',
          query: printQuery(route, w.ids.referralC),
        },
      ].map((p) => ({
        ...p,
        query: p.query ?? (p.who.startsWith('tm') ? undefined : printQuery(route)),
        expect: NOT_FOUND,
      }));
      if (child) {
        // The record of case A through a case the caller does work on.
        probes.push(
          {
            who: 'cB',
            ids: [w.ids.caseB, w.ids[child]],
            query: printQuery(route),
            expect: NOT_FOUND,
            note: "case A's record under the caller's own case B",
          },
          {
            who: 'coord',
            ids: [w.ids.caseB, w.ids[child]],
            query: printQuery(route),
            expect: NOT_FOUND,
            note: "case A's record under case B, by a coordinator (sees both)",
          },
        );
      }
      return probes;
    },
    owners: (w, route) => [
      { who: 'cA', ids: withChild(w, 'caseA'), query: printQuery(route), expect: [], note: 'owner' },
      {
        who: 'tmA',
        ids: withChild(w, 'caseA'),
        query: printQuery(route, w.ids.referralA),
        expect: [],
        note: 'the partner version through their referral',
      },
      { who: 'coord', ids: withChild(w, 'caseA'), query: printQuery(route), expect: [], note: 'coordinator' },
    ],
  };
}

function withExtra(spec: KindSpec, extra: (w: AccessWorld) => Probe[]): KindSpec {
  return { ...spec, probes: (w, route) => [...spec.probes(w, route), ...extra(w)] };
}

const one = (who: string, id: string, note: string, expect = NOT_FOUND): Probe => ({
  who,
  ids: [id],
  expect,
  note,
});

export const KINDS: Record<Exclude<Kind, 'global'>, KindSpec> = {
  case: caseKind(),
  'case.entry': caseKind('entryA'),
  'case.actionItem': withExtra(caseKind('itemA'), (w) => [
    {
      who: 'cA',
      ids: [w.ids.caseA, w.ids.itemCoord],
      expect: [403],
      note: "the case's counselor, on an action item assigned to someone else (sees it, may not change it)",
      body: { status: 'done', version: w.v.itemCoord },
    },
  ]),
  'case.conference': caseKind('conferenceA'),
  'case.supportService': caseKind('serviceA'),
  'case.recoveryService': caseKind('recoveryServiceA'),
  'case.shelterStay': caseKind('stayA'),
  'case.flag': caseKind('flagA'),
  'case.followUp': caseKind('followUpA'),
  consent: {
    seesAll: [Role.Coordinator],
    probes: (w) => [one('cB', w.ids.consentA, 'a counselor of other cases')],
    owners: (w) => [one('cA', w.ids.consentA, 'owner', []), one('coord', w.ids.consentA, 'coordinator', [])],
  },
  referral: {
    seesAll: [Role.Coordinator],
    probes: (w) => [one('cB', w.ids.referralA, 'a counselor of other cases')],
    owners: (w) => [
      one('cA', w.ids.referralA, 'owner', []),
      one('coord', w.ids.referralA, 'coordinator', []),
    ],
  },
  'referral.document': {
    seesAll: [Role.Coordinator],
    probes: (w) => [
      {
        who: 'cB',
        ids: [w.ids.referralA, w.ids.documentA],
        expect: NOT_FOUND,
        note: 'a counselor of other cases',
      },
      {
        who: 'cB',
        ids: [w.ids.referralB, w.ids.documentA],
        expect: NOT_FOUND,
        note: "case A's document under the caller's own referral",
      },
      {
        who: 'coord',
        ids: [w.ids.referralB, w.ids.documentA],
        expect: NOT_FOUND,
        note: "referral A's document under referral B, by a coordinator",
      },
    ],
    owners: (w) => [{ who: 'cA', ids: [w.ids.referralA, w.ids.documentA], expect: [], note: 'owner' }],
  },
  partnerReferral: {
    seesAll: [],
    probes: (w, route) => [
      one('tmB', w.ids.referralA, 'a team member of another institution'),
      one('tmC', w.ids.referralA, 'a team member of a third institution'),
      {
        who: 'tmC',
        ids: [w.ids.referralC],
        // Their own ended referral: a summary of their own entries (by design), nothing to do any more.
        expect: route.method === 'GET' ? [200] : isApiPath(route.path) ? [404, 409, 422] : [303, 404],
        note: 'the team member whose referral was revoked',
      },
    ],
    owners: (w) => [one('tmA', w.ids.referralA, 'the institution it was sent to', [])],
  },
  'partnerReferral.document': {
    seesAll: [],
    probes: (w) => [
      { who: 'tmB', ids: [w.ids.referralA, w.ids.documentA], expect: NOT_FOUND, note: 'another institution' },
      {
        who: 'tmB',
        ids: [w.ids.referralB, w.ids.documentA],
        expect: NOT_FOUND,
        note: "another referral's document under the caller's own referral",
      },
      {
        who: 'tmC',
        ids: [w.ids.referralC, w.ids.documentC],
        expect: NOT_FOUND,
        note: 'their own document after the referral was revoked',
      },
    ],
    owners: (w) => [
      {
        who: 'tmA',
        ids: [w.ids.referralA, w.ids.documentA],
        expect: [],
        note: 'the institution it was sent to',
      },
    ],
  },
  notification: {
    seesAll: [],
    probes: (w) => [
      one('cB', w.ids.notificationA, 'another counselor'),
      one('coord', w.ids.notificationA, 'a coordinator (notifications are personal)'),
      one('tmB', w.ids.notificationA, 'a team member'),
      one('kaderB', w.ids.notificationA, 'a volunteer'),
    ],
    owners: (w) => [one('cA', w.ids.notificationA, 'its reader', [])],
  },
  myMonitoring: {
    seesAll: [],
    probes: (w) => [one('kaderB', w.ids.monitoringA, 'another volunteer')],
    owners: (w) => [one('kaderA', w.ids.monitoringA, 'the assigned volunteer', [])],
  },
  monitoringAssignment: {
    seesAll: [Role.Coordinator],
    probes: (w, route) =>
      isApiPath(route.path)
        ? []
        : [
            {
              who: 'coord',
              ids: [w.ids.monitoringA],
              expect: NOT_FOUND,
              note: "case A's assignment through case B's monitoring page",
              body: { version: w.v.monitoringA, caseId: w.ids.caseB },
            },
          ],
    owners: (w) => [one('coord', w.ids.monitoringA, 'coordinator', [])],
  },
  exportJob: {
    seesAll: [],
    probes: (w) => [one('coord2', w.ids.exportJob, 'another coordinator')],
    owners: (w) => [one('coord', w.ids.exportJob, 'the coordinator who started it', [])],
  },
};

// ---- request bodies -----------------------------------------------------------------------------

export type Body = Record<string, unknown> | 'upload' | undefined;

/**
 * A valid body for every state-changing route on a scoped record, so that it is the ownership check
 * that refuses, not validation. API bodies are JSON; page bodies are form fields (the CSRF token is
 * added by the suite). `rank` orders the owner controls: the ones that end something run last.
 */
export const BODIES: Record<string, { body: (w: AccessWorld) => Body; rank?: number }> = {
  // cases
  'PATCH /api/cases/:id': { body: (w) => ({ version: w.v.caseA, victim: { district: 'Genuk' } }) },
  // the correction form sends every field (an empty one clears the value): the values case A has
  'POST /cases/:id/edit': {
    body: (w) => ({
      version: w.v.caseA,
      victimFullName: SECRET_NAME,
      victimNik: SECRET_NIK,
      victimBirthDate: SECRET_BIRTH_DATE,
      victimAddress: SECRET_ADDRESS,
      victimDistrict: 'Genuk',
      victimPhone: SECRET_PHONE,
      victimEducation: 'senior_secondary',
      victimOccupation: 'housewife',
      victimMaritalStatus: 'married',
      incidentPlaceType: 'household',
      incidentLocation: SECRET_LOCATION,
      violenceTypes: ['physical', 'psychological'],
      narrative: caseAText(SECRET_NARRATIVE),
    }),
  },
  'POST /api/cases/:id/assignment': {
    body: (w) => ({ counselorId: w.ids.cA, version: w.v.caseA }),
    rank: 3,
  },
  'POST /cases/:id/assignment': { body: (w) => ({ counselorId: w.ids.cA, version: w.v.caseA }), rank: 3 },
  'POST /api/cases/:id/transitions': {
    body: (w) => ({ transition: 'start_support', version: w.v.caseA }),
    rank: 3,
  },
  'POST /cases/:id/transitions': {
    body: (w) => ({ transition: 'start_support', version: w.v.caseA }),
    rank: 3,
  },
  // closure approval (issue 19): the counselor's request, the coordinator's decision (approving runs
  // `close`, whose guards refuse while case A's referral is open)
  'POST /api/cases/:id/closure-request': {
    body: () => ({
      closureReason: 'resolved',
      checklist: ['records_complete'],
      explanation: 'Tujuan tercapai',
    }),
  },
  'POST /cases/:id/closure-request': {
    body: () => ({
      closureReason: 'resolved',
      checklist: 'records_complete',
      explanation: 'Tujuan tercapai',
    }),
  },
  'POST /api/cases/:id/closure-request/return': { body: () => ({ comment: 'Lengkapi dulu' }), rank: 1 },
  'POST /cases/:id/closure-request/return': { body: () => ({ comment: 'Lengkapi dulu' }), rank: 1 },
  'POST /api/cases/:id/closure-request/approve': { body: (w) => ({ version: w.v.caseA }), rank: 3 },
  'POST /cases/:id/closure-request/approve': { body: (w) => ({ version: w.v.caseA }), rank: 3 },
  // case flags (issue 19): a kind case A does not carry yet (one per route, so both owners succeed);
  // removing case A's flag: the API first, then the page (which finds it removed: FLAG_NOT_SET)
  'POST /api/cases/:id/flags': { body: () => ({ kind: 'media_attention', reason: 'Wartawan datang' }) },
  'POST /cases/:id/flags': { body: () => ({ kind: 'needs_interpreter', reason: 'Hanya berbahasa Sumba' }) },
  'POST /api/cases/:id/flags/:flagId/removal': { body: () => ({ reason: 'Pelaku ditahan' }), rank: 1 },
  'POST /cases/:id/flags/:flagId/removal': { body: () => ({ reason: 'Pelaku ditahan' }), rank: 2 },
  // follow-ups (issue 19)
  'POST /api/cases/:id/follow-ups': { body: () => ({ dueOn: '2026-12-30', what: 'Telepon korban' }) },
  'POST /cases/:id/follow-ups': { body: () => ({ dueOn: '2026-12-30', what: 'Telepon korban' }) },
  'POST /api/cases/:id/follow-ups/:followUpId/complete': {
    body: (w) => ({ version: w.v.followUpA }),
    rank: 2,
  },
  'POST /cases/:id/follow-ups/:followUpId/complete': { body: (w) => ({ version: w.v.followUpA }), rank: 2 },
  // chronology
  'POST /api/cases/:id/chronology/entries': {
    body: () => ({ date: '2026-01-07', description: 'Pelaku mengancam korban' }),
  },
  'POST /cases/:id/chronology/entries': {
    body: () => ({ date: '2026-01-07', precision: 'day', description: 'Pelaku mengancam korban' }),
  },
  'POST /api/cases/:id/chronology/entries/:entryId/corrections': {
    body: () => ({ date: '2026-01-09', description: 'Korban dipukul di rumah', reason: 'Tanggal keliru' }),
    rank: 1,
  },
  'POST /cases/:id/chronology/entries/:entryId/corrections': {
    body: () => ({
      date: '2026-01-09',
      precision: 'day',
      description: 'Korban dipukul di rumah',
      reason: 'Tanggal keliru',
    }),
    rank: 1,
  },
  // conferences
  'POST /api/cases/:id/conferences': {
    body: (w) => ({
      heldAt: '2026-01-13',
      attendees: { staffUserIds: [w.ids.cA], institutionIds: [], others: [] },
      decisions: ['Lanjutkan pendampingan'],
      actionItems: [],
    }),
  },
  'POST /cases/:id/conferences': {
    body: (w) => ({ heldAt: '2026-01-13', staffUserIds: w.ids.cA, decisions: 'Lanjutkan pendampingan' }),
  },
  'PATCH /api/cases/:id/conference-action-items/:itemId': {
    body: (w) => ({ status: 'done', version: w.v.itemA }),
  },
  'POST /cases/:id/conference-action-items/:itemId': {
    body: (w) => ({ status: 'done', version: w.v.itemA }),
  },
  // consent
  'POST /api/cases/:id/consents': {
    body: () => ({
      givenBy: 'victim',
      givenOn: '2026-01-14',
      method: 'verbal',
      witnessName: 'Saksi',
      serviceRoles: ['legal_aid'],
      institutionIds: [],
      categories: ['identity'],
    }),
  },
  'POST /cases/:id/consents': {
    body: () => ({
      givenBy: 'victim',
      givenOn: '2026-01-14',
      method: 'verbal',
      witnessName: 'Saksi',
      serviceRoles: 'legal_aid',
      categories: 'identity',
    }),
  },
  'POST /api/cases/:id/consent-overrides': {
    body: () => ({
      serviceRoles: ['medical'],
      institutionIds: [],
      categories: ['identity'],
      reason: 'Anak dalam bahaya dan tidak bisa menunggu',
    }),
  },
  'POST /cases/:id/consent-overrides': {
    body: () => ({
      serviceRoles: 'medical',
      categories: 'identity',
      reason: 'Anak dalam bahaya dan tidak bisa menunggu',
    }),
  },
  'PUT /api/cases/:id/statistics-consent': { body: (w) => ({ included: true, version: w.v.statisticsA }) },
  'POST /cases/:id/statistics-consent': { body: (w) => ({ included: 'true', version: w.v.statisticsA }) },
  'POST /api/consents/:id/scan': { body: () => 'upload' },
  'POST /consents/:id/scan': { body: () => 'upload' },
  'POST /api/consents/:id/withdraw': {
    body: (w) => ({ version: w.v.consentA, reason: 'Korban mencabut' }),
    rank: 2,
  },
  'POST /consents/:id/withdraw': {
    body: (w) => ({ version: w.v.consentA, reason: 'Korban mencabut' }),
    rank: 2,
  },
  // one part (no longer the hospital; the rest holds): before the whole consent is withdrawn
  'POST /api/consents/:id/withdraw-part': {
    body: (w) => ({ version: w.v.consentA, serviceRole: 'medical', reason: 'Tidak ke rumah sakit' }),
    rank: 1,
  },
  'POST /consents/:id/withdraw-part': {
    body: (w) => ({ version: w.v.consentA, serviceRole: 'medical', reason: 'Tidak ke rumah sakit' }),
    rank: 1,
  },
  // counseling
  'POST /api/cases/:id/counseling-sessions': { body: () => ({ heldAt: '2026-01-14', notes: 'Sesi kedua' }) },
  'POST /cases/:id/counseling-sessions': { body: () => ({ heldAt: '2026-01-14', notes: 'Sesi kedua' }) },
  'POST /api/cases/:id/risk-assessments': {
    body: () => ({ assessedAt: '2026-01-14', threatToLife: true, riskLevel: 'high', factors: [] }),
  },
  'POST /cases/:id/risk-assessments': {
    body: () => ({ assessedAt: '2026-01-14', threatToLife: 'true', riskLevel: 'high' }),
  },
  'PUT /api/cases/:id/safety-plan': { body: (w) => ({ plan: 'Rencana baru', version: w.v.safetyPlanA }) },
  'POST /cases/:id/safety-plan': { body: (w) => ({ plan: 'Rencana baru', version: w.v.safetyPlanA }) },
  // support services
  'POST /api/cases/:id/services': { body: () => ({ type: 'psychological', plannedDate: '2026-01-21' }) },
  'POST /cases/:id/services': { body: () => ({ type: 'psychological', plannedDate: '2026-01-21' }) },
  'PATCH /api/cases/:id/services/:serviceId': {
    body: (w) => ({ version: w.v.serviceA, status: 'delivered', deliveredAt: '2026-01-14' }),
  },
  'POST /cases/:id/services/:serviceId': {
    body: (w) => ({ version: w.v.serviceA, status: 'delivered', deliveredAt: '2026-01-14' }),
  },
  // shelter
  'POST /api/cases/:id/shelter-stays/:stayId/discharge': {
    body: (w) => ({ reason: 'returned_home', version: w.v.stayA }),
    rank: 2,
  },
  'POST /cases/:id/shelter-stays/:stayId/discharge': {
    body: (w) => ({ reason: 'returned_home', version: w.v.stayA }),
    rank: 2,
  },
  // recovery plan
  'POST /api/cases/:id/recovery-plan': { body: () => ({ goals: ['Kembali bekerja'] }) },
  'POST /cases/:id/recovery-plan': { body: (w) => ({ goals: 'Kembali bekerja', version: w.v.planA }) },
  'PUT /api/cases/:id/recovery-plan': {
    body: (w) => ({ version: w.v.planA, goals: ['Mandiri secara ekonomi', 'Kembali bekerja'] }),
  },
  'POST /api/cases/:id/recovery-plan/notes': {
    body: () => ({ notedOn: '2026-01-14', note: 'Hadir di kelas' }),
  },
  'POST /cases/:id/recovery-plan/notes': { body: () => ({ notedOn: '2026-01-14', note: 'Hadir di kelas' }) },
  'POST /api/cases/:id/recovery-plan/services': {
    body: (w) => ({ agreementId: w.ids.agreement, service: 'vocational_training' }),
  },
  'POST /cases/:id/recovery-plan/services': {
    body: (w) => ({ agreementId: w.ids.agreement, service: 'vocational_training' }),
  },
  'POST /api/cases/:id/recovery-plan/services/:serviceId/status': {
    body: (w) => ({ version: w.v.recoveryServiceA, status: 'ongoing' }),
  },
  'POST /cases/:id/recovery-plan/services/:serviceId/status': {
    body: (w) => ({ version: w.v.recoveryServiceA, status: 'ongoing' }),
  },
  'POST /api/cases/:id/recovery-plan/complete': { body: (w) => ({ version: w.v.planA }), rank: 2 },
  'POST /cases/:id/recovery-plan/complete': { body: (w) => ({ version: w.v.planA }), rank: 2 },
  // community monitoring
  'POST /api/cases/:id/monitoring': {
    body: (w) => ({ volunteerId: w.ids.volunteer_kaderB, instructions: 'Kunjungi setiap Kamis' }),
  },
  'POST /cases/:id/monitoring': {
    body: (w) => ({ volunteerId: w.ids.volunteer_kaderB, instructions: 'Kunjungi setiap Kamis' }),
  },
  'POST /api/monitoring-assignments/:id/end': { body: (w) => ({ version: w.v.monitoringA }), rank: 2 },
  'POST /monitoring-assignments/:id/end': {
    body: (w) => ({ version: w.v.monitoringA, caseId: w.ids.caseA }),
    rank: 2,
  },
  'POST /api/my-monitoring/:id/visits': { body: () => ({ visitedOn: '2026-01-15', situation: 'safe' }) },
  'POST /community/monitoring/:id/visits': { body: () => ({ visitedOn: '2026-01-15', situation: 'safe' }) },
  // referrals (the centre's side)
  'POST /api/cases/:id/referrals': {
    body: (w) => ({
      serviceRole: 'medical',
      targetInstitutionId: w.ids.instB,
      urgency: 'routine',
      reason: 'Mohon pemeriksaan lanjutan',
      categories: ['identity'],
    }),
  },
  'POST /cases/:id/referrals': {
    body: (w) => ({
      serviceRole: 'medical',
      targetInstitutionId: w.ids.instB,
      urgency: 'routine',
      reason: 'Mohon pemeriksaan lanjutan',
      categories: 'identity',
    }),
  },
  'POST /api/referrals/:id/approve': { body: (w) => ({ version: w.v.referralA }) },
  'POST /referrals/:id/approve': { body: (w) => ({ version: w.v.referralA }) },
  'POST /api/referrals/:id/cancel': {
    body: (w) => ({ version: w.v.referralA, reason: 'Tidak jadi' }),
    rank: 2,
  },
  'POST /referrals/:id/cancel': { body: (w) => ({ version: w.v.referralA, reason: 'Tidak jadi' }), rank: 2 },
  'POST /api/referrals/:id/revoke': {
    body: (w) => ({ version: w.v.referralA, reason: 'Tidak jadi' }),
    rank: 2,
  },
  'POST /referrals/:id/revoke': { body: (w) => ({ version: w.v.referralA, reason: 'Tidak jadi' }), rank: 2 },
  // the partner inbox
  'POST /api/partner/referrals/:id/accept': { body: (w) => ({ version: w.v.referralA }) },
  'POST /partner/referrals/:id/accept': { body: (w) => ({ version: w.v.referralA }) },
  'POST /api/partner/referrals/:id/start': { body: (w) => ({ version: w.v.referralA }) },
  'POST /partner/referrals/:id/start': { body: (w) => ({ version: w.v.referralA }) },
  'POST /api/partner/referrals/:id/decline': {
    body: (w) => ({ version: w.v.referralA, reason: 'Tidak ada dokter' }),
    rank: 1,
  },
  'POST /partner/referrals/:id/decline': {
    body: (w) => ({ version: w.v.referralA, reason: 'Tidak ada dokter' }),
    rank: 1,
  },
  'POST /api/partner/referrals/:id/complete': {
    body: (w) => ({ version: w.v.referralA, outcome: 'service_provided' }),
    rank: 1,
  },
  'POST /partner/referrals/:id/complete': {
    body: (w) => ({ version: w.v.referralA, outcome: 'service_provided' }),
    rank: 1,
  },
  'POST /api/partner/referrals/:id/actions': {
    body: () => ({ actedOn: '2026-01-14', description: 'Pemeriksaan visum' }),
  },
  'POST /partner/referrals/:id/actions': {
    body: () => ({ actedOn: '2026-01-14', description: 'Pemeriksaan visum' }),
  },
  'POST /api/partner/referrals/:id/documents': { body: () => 'upload' },
  'POST /partner/referrals/:id/documents': { body: () => 'upload' },
  // notifications
  'POST /api/notifications/:id/read': { body: () => undefined },
  'POST /notifications/:id/read': { body: () => undefined },
};
