/**
 * The reference lists a case is recorded with. Codes are stable English identifiers; the pages show
 * them through i18n/<lang>/cases.json.
 */
export const COMPLAINT_CHANNELS = [
  'walk_in',
  'phone',
  'whatsapp',
  'letter',
  'institution_referral',
  'outreach',
] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export const SEXES = ['female', 'male'] as const;
export type Sex = (typeof SEXES)[number];

/** The national (SIMFONI-PPA) violence types; a case may have several. */
export const VIOLENCE_TYPES = [
  'physical',
  'psychological',
  'sexual',
  'exploitation',
  'trafficking',
  'neglect',
  'other',
] as const;
export type ViolenceType = (typeof VIOLENCE_TYPES)[number];

/**
 * GBVIMS core types in their decision order: when several apply, the incident is classified as the
 * first one in this list (GBVIMS classification tool).
 */
export const GBV_CORE_TYPES = [
  'rape',
  'sexual_assault',
  'physical_assault',
  'forced_marriage',
  'denial_of_resources',
  'psychological_abuse',
] as const;
export type GbvCoreType = (typeof GBV_CORE_TYPES)[number];

export function classifyGbv(applies: readonly string[]): GbvCoreType | null {
  return GBV_CORE_TYPES.find((t) => applies.includes(t)) ?? null;
}

export const PLACE_TYPES = [
  'household',
  'school',
  'workplace',
  'public_facility',
  /** Lembaga pendidikan kilat: short courses, training and holiday-school institutions (SIMFONI-PPA). */
  'short_course_institution',
  'online',
  'other',
] as const;
export type PlaceType = (typeof PLACE_TYPES)[number];

/**
 * The place type of a case registered by the quick intake until someone records it (a correction):
 * not one of PLACE_TYPES, so neither the full intake nor a correction can choose it; statistics
 * count it as "not recorded".
 */
export const PLACE_NOT_RECORDED = 'not_recorded';

/**
 * Who reported a case registered by the quick intake, until someone records it (a correction: the
 * reporter, or that the victim reported herself). Not one of REPORTER_RELATIONSHIPS, so neither the
 * full intake nor a correction can choose it; without it the quick case would read "the victim
 * reported", which no one was asked.
 */
export const REPORTER_NOT_RECORDED = 'not_recorded';

/** Whether a call-back on the victim's phone is safe (the perpetrator may hold or hear it). */
export const SAFE_TO_CALL = ['yes', 'no', 'unknown'] as const;
export type SafeToCall = (typeof SAFE_TO_CALL)[number];

/** How a case was registered: the quick intake for a crisis walk-in (null on the case: the full intake). */
export const QUICK_INTAKE = 'quick';

export const RELATIONSHIPS = [
  'spouse',
  'former_spouse',
  'partner',
  'parent',
  'step_parent',
  'sibling',
  'relative',
  'neighbour',
  'friend',
  'teacher',
  'employer',
  'colleague',
  'religious_leader',
  'stranger',
  'other',
  /** The victim does not know who the perpetrator is, or will not say (the national form allows it). */
  'unknown',
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const REPORTER_RELATIONSHIPS = [
  'parent',
  'relative',
  'neighbour',
  'teacher',
  'friend',
  'institution',
  'community_member',
  'other',
] as const;

export const EDUCATION_LEVELS = [
  'none',
  'not_yet_school',
  'primary',
  'junior_secondary',
  'senior_secondary',
  'higher',
] as const;
export const OCCUPATIONS = [
  'student',
  'housewife',
  'employee',
  'self_employed',
  'labourer',
  'farmer',
  /** PNS / TNI / Polri: the national form groups them together. */
  'civil_servant',
  'military',
  'police',
  'unemployed',
  'other',
] as const;
export const MARITAL_STATUSES = ['single', 'married', 'divorced', 'widowed'] as const;
export const DISABILITIES = ['physical', 'intellectual', 'mental', 'sensory'] as const;

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const CLOSURE_REASONS = [
  'resolved',
  'victim_withdrew',
  'transferred',
  'lost_contact',
  'other',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** Age in whole years on a date. */
export function ageOn(birthDate: string, on: string): number {
  const b = new Date(birthDate + 'T00:00:00Z');
  const d = new Date(on + 'T00:00:00Z');
  let age = d.getUTCFullYear() - b.getUTCFullYear();
  if (
    d.getUTCMonth() < b.getUTCMonth() ||
    (d.getUTCMonth() === b.getUTCMonth() && d.getUTCDate() < b.getUTCDate())
  )
    age--;
  return age;
}

/** Initials by grapheme (see platform/common/initials.ts); kept here for the callers that import it from the case folder. */
export { initialsOf } from '../platform/common/initials';

/** The fields a correction may change (`PATCH /api/cases/{id}`), as named in the history. */
export const CORRECTABLE_FIELDS = [
  'victim.fullName',
  'victim.nik',
  'victim.birthDate',
  'victim.address',
  'victim.phone',
  'victim.phoneSafeToCall',
  'victim.district',
  'victim.education',
  'victim.occupation',
  'victim.maritalStatus',
  'incident.placeType',
  'incident.location',
  'incident.violenceTypes',
  'incident.narrative',
  'incident.date',
  'incident.dateEnd',
  'incident.time',
  'perpetrators',
  'reporter',
] as const;
