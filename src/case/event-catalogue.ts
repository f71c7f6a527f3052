import { ROLES } from '../platform/auth/permissions';
import { DATA_CATEGORIES } from './disclosure/disclosure.rules';
import { COMPLAINT_CHANNELS, CLOSURE_REASONS, CORRECTABLE_FIELDS, RISK_LEVELS } from './case.constants';
import { CASE_STAGES, TRANSITION_NAMES, TransitionName } from './workflow/case-workflow';
import {
  ACTION_ITEM_STATUSES,
  CONSENT_GIVERS,
  CONSENT_KINDS,
  CONSENT_METHODS,
  DISCHARGE_REASONS,
  MONITORING_END_REASONS,
  OUTCOMES,
  PARTNERSHIP_SERVICES,
  RECOVERY_SERVICE_STATUSES,
  REFERRAL_STATUSES,
  SERVICE_TYPES,
  URGENCIES,
  VISIT_SITUATIONS,
} from './history-codes';
import { UPLOAD_TYPES } from '../web/multipart';
import { SERVICE_ROLES } from '../institutions/service-roles';
import { DEFAULT_FLAG_KINDS } from '../platform/settings/flag-kinds';

/*
 * Every kind of event a case's history holds, with the summaries it can show and what each of its
 * summary arguments is. Events store codes (`serviceRole: 'law_enforcement'`, `dueDate: '2026-12-06'`),
 * never words: the words are chosen when the event is read, in the reader's language, by
 * EventSummaries (event-summaries.ts), the one place that renders them. `CaseEventService.append` only
 * takes a type listed here and only the arguments its entry declares (the compiler checks both), so
 * this table is the history's vocabulary, not a copy of it.
 */

/** How one summary argument is shown. */
export type ArgKind =
  /** Shown as stored: a name, a case or agreement number. */
  | { kind: 'text' }
  /** A calendar date (`YYYY-MM-DD`) written out in the reader's language. */
  | { kind: 'date' }
  /** A number in the reader's language (decimal comma in Bahasa Indonesia). */
  | { kind: 'number' }
  /** A code shown as the words of `ns.<code>`. */
  | { kind: 'code'; ns: string; codes: readonly string[] }
  /** Comma-separated codes, each shown as `ns.<code>`; none: the words of `none`. */
  | { kind: 'codes'; ns: string; codes: readonly string[]; none: string }
  | { kind: 'yesNo' }
  /** An institution's name; null: `nullKey`'s words (e.g. "any eligible institution"). */
  | { kind: 'name'; nullKey: string }
  /** A record's id, for links and filters; never shown. */
  | { kind: 'id' };

export interface EventSpec<A extends Record<string, ArgKind> = Record<string, ArgKind>> {
  /** Every translation key the event's summary can use (`events.<type>` unless it varies). */
  summaryKeys: readonly string[];
  args: A;
}

const TEXT = { kind: 'text' } as const;
const DATE = { kind: 'date' } as const;
const NUMBER = { kind: 'number' } as const;
const YES_NO = { kind: 'yesNo' } as const;
const ID = { kind: 'id' } as const;
const code = (ns: string, codes: readonly string[]) => ({ kind: 'code', ns, codes }) as const;
const codes = (ns: string, list: readonly string[], none: string) =>
  ({ kind: 'codes', ns, codes: list, none }) as const;

const STAGE = code('cases.stages', CASE_STAGES);
const FLAG_KIND = code('flags.kinds', DEFAULT_FLAG_KINDS);
const SERVICE_ROLE = code('referrals.serviceRoles', SERVICE_ROLES);
const CATEGORIES = codes('referrals.categories', DATA_CATEGORIES, 'referrals.noCategories');
const INSTITUTION_OR_ANY = { kind: 'name', nullKey: 'referrals.anyInstitution' } as const;
const INSTITUTION = { kind: 'name', nullKey: 'common.none' } as const;
const GROUP = { kind: 'name', nullKey: 'common.none' } as const;

const keys = (prefix: string, list: readonly string[]) => list.map((c) => `${prefix}.${c}`);
const spec = <A extends Record<string, ArgKind>>(summaryKeys: readonly string[], args: A): EventSpec<A> => ({
  summaryKeys,
  args,
});

const WORKFLOW_ARGS = {
  from: STAGE,
  to: STAGE,
  closureReason: code('cases.closureReasons', CLOSURE_REASONS),
  plannedDays: NUMBER,
  plannedUntil: DATE,
} as const;

const SERVICE_ARGS = {
  serviceType: code('services.types', SERVICE_TYPES),
  plannedDate: DATE,
  deliveredAt: DATE,
  byPartner: YES_NO,
} as const;

const REFERRAL_ARGS = {
  referralId: ID,
  serviceRole: SERVICE_ROLE,
  institution: INSTITUTION_OR_ANY,
  status: code('referrals.statuses', REFERRAL_STATUSES),
  open: YES_NO,
  byAll: YES_NO,
  urgency: code('referrals.urgencies', URGENCIES),
  consentKind: code('referrals.consent.kinds', CONSENT_KINDS),
  categories: CATEGORIES,
  dueDate: DATE,
  remaining: NUMBER,
  outcome: code('referrals.outcomes', OUTCOMES),
  actedOn: DATE,
  mimeType: code('referrals.mimeTypes', UPLOAD_TYPES),
} as const;

const RECOVERY_ARGS = {
  goals: NUMBER,
  service: code('partnerships.services', PARTNERSHIP_SERVICES),
  institution: INSTITUTION,
  agreement: TEXT,
  serviceStatus: code('partnerships.serviceStatuses', RECOVERY_SERVICE_STATUSES),
  notedOn: DATE,
} as const;

const MONITORING_ARGS = {
  assignmentId: ID,
  group: GROUP,
  startedOn: DATE,
  situation: code('community.situations', VISIT_SITUATIONS),
  visitedOn: DATE,
  /** Why an assignment ended on its own (the case closed, the consent for monitoring withdrawn). */
  reason: code('community.endReasons', MONITORING_END_REASONS),
} as const;

const referral = (name: string) => spec([`events.referral.${name}`], REFERRAL_ARGS);
const recovery = (name: string) => spec([`events.recovery.${name}`], RECOVERY_ARGS);
const monitoring = (name: string) => spec([`events.monitoring.${name}`], MONITORING_ARGS);

const CORE_EVENTS = {
  'case.registered': spec(['events.case.registered', 'events.case.registered_quick'], {
    number: TEXT,
    channel: code('cases.channels', COMPLAINT_CHANNELS),
    existingVictim: YES_NO,
    referringInstitutionId: ID,
    quick: YES_NO,
  }),
  'case.counselor_assigned': spec(['events.case.counselor_assigned'], {
    counselor: TEXT,
    reassigned: YES_NO,
  }),
  'case.details_updated': spec(['events.case.details_corrected', 'events.case.details_updated'], {
    fields: NUMBER,
    correctedFields: codes('events.correctedFields', CORRECTABLE_FIELDS, 'common.none'),
  }),
  'case.victim_age_recomputed': spec(
    ['events.case.victim_age_recomputed', 'events.case.victim_age_recomputed_child'],
    { age: NUMBER, source: TEXT },
  ),
  'case.purged': spec(['events.case.purged'], { days: NUMBER }),

  'counseling.session_added': spec(['events.counseling.session_added'], {
    heldAt: DATE,
    durationMinutes: NUMBER,
  }),
  'risk.assessed': spec(
    [...keys('events.risk.assessed', RISK_LEVELS), ...keys('events.risk.assessed_threat', RISK_LEVELS)],
    {
      assessedAt: DATE,
      riskLevel: code('cases.riskLevels', RISK_LEVELS),
      threatToLife: YES_NO,
    },
  ),
  'safety_plan.updated': spec(['events.safety_plan.updated'], { version: NUMBER }),

  'shelter.discharged': spec(keys('events.shelter.discharged', DISCHARGE_REASONS), {
    reason: code('shelter.dischargeReasons', DISCHARGE_REASONS),
    days: NUMBER,
  }),

  'service.planned': spec(keys('events.service.planned', SERVICE_TYPES), SERVICE_ARGS),
  'service.delivered': spec(keys('events.service.delivered', SERVICE_TYPES), SERVICE_ARGS),
  'service.cancelled': spec(keys('events.service.cancelled', SERVICE_TYPES), SERVICE_ARGS),
  'service.updated': spec(keys('events.service.updated', SERVICE_TYPES), SERVICE_ARGS),

  'conference.held': spec(['events.conference.held'], {
    heldAt: DATE,
    attendees: NUMBER,
    decisions: NUMBER,
    actionItems: NUMBER,
  }),
  'conference.action_item_updated': spec(
    keys('events.conference.action_item_updated', ACTION_ITEM_STATUSES),
    {
      dueDate: DATE,
      status: code('conferences.statuses', ACTION_ITEM_STATUSES),
    },
  ),

  'referral.created': referral('created'),
  'referral.approved': referral('approved'),
  'referral.accepted': referral('accepted'),
  'referral.declined': referral('declined'),
  'referral.declined_by_institution': referral('declined_by_institution'),
  'referral.started': referral('started'),
  'referral.completed': referral('completed'),
  'referral.cancelled': referral('cancelled'),
  'referral.revoked': referral('revoked'),
  'referral.action_recorded': referral('action_recorded'),
  'referral.document_added': referral('document_added'),
  'referral.overdue': referral('overdue'),

  'consent.recorded': spec(['events.consent.recorded'], {
    consentId: ID,
    givenBy: code('referrals.consent.givers', CONSENT_GIVERS),
    method: code('referrals.consent.methods', CONSENT_METHODS),
    categories: CATEGORIES,
    withScan: YES_NO,
  }),
  'consent.scan_uploaded': spec(['events.consent.scan_uploaded'], { consentId: ID, replaced: YES_NO }),
  'consent.override': spec(['events.consent.override'], { consentId: ID, categories: CATEGORIES }),
  'consent.withdrawn': spec(['events.consent.withdrawn'], {
    consentId: ID,
    kind: code('referrals.consent.kinds', CONSENT_KINDS),
    referralsEnded: NUMBER,
  }),
  'consent.partly_withdrawn': spec(
    ['events.consent.partly_withdrawn_role', 'events.consent.partly_withdrawn_institution'],
    { consentId: ID, serviceRole: SERVICE_ROLE, institution: INSTITUTION, referralsEnded: NUMBER },
  ),
  'consent.statistics_set': spec(['events.consent.statistics_set'], { included: YES_NO }),

  'chronology.entry_added': spec(['events.chronology.entry_added'], { entry: NUMBER }),
  'chronology.entry_corrected': spec(['events.chronology.entry_corrected'], {
    entry: NUMBER,
    corrects: NUMBER,
  }),

  'recovery.plan_created': recovery('plan_created'),
  'recovery.plan_updated': recovery('plan_updated'),
  'recovery.service_added': recovery('service_added'),
  'recovery.service_updated': recovery('service_updated'),
  'recovery.note_added': recovery('note_added'),
  'recovery.plan_completed': recovery('plan_completed'),
  'recovery.plan_ended': spec(['events.recovery.plan_ended'], {
    servicesCancelled: NUMBER,
    reason: code('community.endReasons', MONITORING_END_REASONS),
  }),
  'recovery.plan_resumed': spec(['events.recovery.plan_resumed'], {}),

  'monitoring.assigned': monitoring('assigned'),
  'monitoring.ended': spec(
    ['events.monitoring.ended', ...MONITORING_END_REASONS.map((r) => `events.monitoring.ended_${r}`)],
    MONITORING_ARGS,
  ),
  'monitoring.visit_recorded': monitoring('visit_recorded'),

  // Closure approval (issue 19): a counselor's request, the coordinator's decision.
  'closure.requested': spec(['events.closure.requested'], {
    closureReason: WORKFLOW_ARGS.closureReason,
    confirmed: NUMBER,
    items: NUMBER,
  }),
  'closure.approved': spec(['events.closure.approved'], { closureReason: WORKFLOW_ARGS.closureReason }),
  'closure.returned': spec(['events.closure.returned'], { closureReason: WORKFLOW_ARGS.closureReason }),

  // Case flags (issue 19): the kind (a default's words, or an administrator's kind as typed); the
  // reason is in the event's encrypted details.
  'flag.set': spec(['events.flag.set'], { kind: FLAG_KIND }),
  'flag.removed': spec(['events.flag.removed'], { kind: FLAG_KIND }),
  // Follow-ups a counselor schedules (issue 19): what and with whom stay in the event's details.
  'follow_up.scheduled': spec(['events.follow_up.scheduled'], { dueOn: DATE }),
  'follow_up.done': spec(['events.follow_up.done'], { dueOn: DATE, doneOn: DATE }),
};

type WorkflowEventType = `workflow.${TransitionName}`;

/** One event per workflow transition (`workflow.<transition>`), from the transition table itself. */
const WORKFLOW_EVENTS = Object.fromEntries(
  TRANSITION_NAMES.map((name) => [`workflow.${name}`, spec([`events.workflow.${name}`], WORKFLOW_ARGS)]),
) as Record<WorkflowEventType, EventSpec<typeof WORKFLOW_ARGS>>;

export const CASE_EVENTS = { ...CORE_EVENTS, ...WORKFLOW_EVENTS };

export type CaseEventType = keyof typeof CASE_EVENTS;
export const CASE_EVENT_TYPES = Object.keys(CASE_EVENTS) as CaseEventType[];

/** A stored summary argument. */
export type SummaryArgValue = string | number | boolean | null;

/** The summary arguments an event of type T may carry (only those its entry declares). */
export type SummaryArgsOf<T extends CaseEventType> = {
  [K in keyof (typeof CASE_EVENTS)[T]['args']]?: SummaryArgValue;
};

export function isCaseEventType(type: string): type is CaseEventType {
  return Object.prototype.hasOwnProperty.call(CASE_EVENTS, type);
}

// ---- notifications ---------------------------------------------------------------------------------

/** What an in-app notification says (`referrals.notifications.kinds.<kind>`); its args carry codes too. */
export const NOTIFICATION_KINDS = [
  'referral_new',
  'referral_approval',
  'referral_approved',
  'referral_accepted',
  'referral_declined',
  'referral_declined_by_institution',
  'referral_started',
  'referral_completed',
  'referral_update',
  'referral_overdue',
  'referral_ended',
  'monitoring_assigned',
  'monitoring_ended',
  'monitoring_concern',
  'case_role_granted',
  'case_account_password_reset',
  'closure_requested',
  'closure_approved',
  'closure_returned',
  'case_handed_over',
  'case_handed_away',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_ARGS = {
  caseNumber: TEXT,
  serviceRole: SERVICE_ROLE,
  urgency: REFERRAL_ARGS.urgency,
  status: REFERRAL_ARGS.status,
  dueDate: DATE,
  situation: MONITORING_ARGS.situation,
  // Account administration (issue 12): account names and role codes, never personal data.
  username: TEXT,
  by: TEXT,
  roles: codes('roles', ROLES, 'common.none'),
} as const;

export const NOTIFICATION_SPEC: EventSpec<typeof NOTIFICATION_ARGS> = spec(
  keys('referrals.notifications.kinds', NOTIFICATION_KINDS),
  NOTIFICATION_ARGS,
);
