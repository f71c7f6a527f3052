/**
 * The code lists a case's history speaks (event-catalogue.ts): every code an event argument can take
 * is declared by the case module, so the history's vocabulary sits with the history. The step that
 * works with a list re-exports it from its own constants file (e.g. `SERVICE_TYPES` from
 * support-services), which keeps the steps depending on the case and never the other way round.
 */

// ---- Community role (step 8): monitoring visits ------------------------------------------------

/** What a volunteer found on a visit. `concern` and `danger` alert the case's counselor and coordinators. */
export const VISIT_SITUATIONS = ['safe', 'concern', 'danger'] as const;
export type VisitSituation = (typeof VISIT_SITUATIONS)[number];

/** Why a monitoring assignment (or a recovery plan) ended on its own rather than by a coordinator. */
export const MONITORING_END_REASONS = ['case_closed', 'consent_withdrawn'] as const;
export type MonitoringEndReason = (typeof MONITORING_END_REASONS)[number];

// ---- Case conferences (step 5) -----------------------------------------------------------------

export const ACTION_ITEM_STATUSES = ['open', 'done', 'cancelled'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

// ---- Third-party partnerships and recovery (step 9) --------------------------------------------

/** What a third-party partner offers for a victim's recovery (step 9). Shown through partnerships.json. */
export const PARTNERSHIP_SERVICES = [
  'vocational_training',
  'business_capital',
  'schooling',
  'employment',
  'housing',
  'health_insurance',
  'psychosocial_support',
  'other',
] as const;
export type PartnershipService = (typeof PARTNERSHIP_SERVICES)[number];

/** planned → ongoing → done; cancelled from planned or ongoing. */
export const RECOVERY_SERVICE_STATUSES = ['planned', 'ongoing', 'done', 'cancelled'] as const;
export type RecoveryServiceStatus = (typeof RECOVERY_SERVICE_STATUSES)[number];

// ---- Consent and referrals (step 6) ------------------------------------------------------------

/** Who gave consent: the victim, or for a child a parent or guardian. */
export const CONSENT_GIVERS = ['victim', 'parent', 'guardian'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

/** How consent was given: a signed form (its scan uploaded) or verbally before a witness. */
export const CONSENT_METHODS = ['signed_form', 'verbal'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/** A consent record is the victim's (or guardian's) consent, or a coordinator's override for a child in danger. */
export const CONSENT_KINDS = ['consent', 'override'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

export const URGENCIES = ['routine', 'urgent', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];

/**
 * The referral track. `awaiting_approval` exists only when the centre requires a coordinator's
 * approval before a referral goes out; partners never see a referral in that state.
 */
export const REFERRAL_STATUSES = [
  'awaiting_approval',
  'pending',
  'accepted',
  'declined',
  'in_progress',
  'completed',
  'cancelled',
  'revoked',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const OUTCOMES = [
  'service_provided',
  'partially_provided',
  'not_provided',
  'victim_declined',
  'transferred',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

// ---- Shelter (step 3) --------------------------------------------------------------------------

export const DISCHARGE_REASONS = [
  'returned_home',
  'moved_to_family',
  'referred_elsewhere',
  'left_voluntarily',
  'other',
] as const;
export type DischargeReason = (typeof DISCHARGE_REASONS)[number];

// ---- Support services (step 4) -----------------------------------------------------------------

/**
 * Kinds of accompaniment (pendampingan); mediation is a support service since Permen PPPA 2/2022. The
 * last five are SIMFONI-PPA's service types Lentera lacked (issue 21): law enforcement (penegakan
 * hukum, apart from legal aid), social rehabilitation, social reintegration, repatriation (pemulangan)
 * and complaint handling (pengaduan). Codes fit the 20 characters of `support_services.type`.
 */
export const SERVICE_TYPES = [
  'medical',
  'psychological',
  'spiritual',
  'psychosocial',
  'legal',
  'mediation',
  'other',
  'law_enforcement',
  'rehabilitation',
  'reintegration',
  'repatriation',
  'complaint_handling',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];
