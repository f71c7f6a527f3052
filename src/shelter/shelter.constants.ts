export const SHELTER_STAY_STATUSES = ['admitted', 'discharged'] as const;
export type ShelterStayStatus = (typeof SHELTER_STAY_STATUSES)[number];

export const DISCHARGE_REASONS = [
  'returned_home',
  'moved_to_family',
  'referred_elsewhere',
  'left_voluntarily',
  'other',
] as const;
export type DischargeReason = (typeof DISCHARGE_REASONS)[number];

export const DEFAULT_PLANNED_DAYS = 14;
export const MAX_PLANNED_DAYS = 365;
export const MAX_CAPACITY = 500;
