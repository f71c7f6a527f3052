/**
 * The services a partner institution provides and a team member handles (peran layanan). A referral
 * names one; the victim's consent may name some. Codes are stable English identifiers, shown through
 * i18n/<lang>/referrals.json (`referrals.serviceRoles.<code>`).
 */
export const SERVICE_ROLES = [
  'medical',
  'medico_legal',
  'psychological',
  'spiritual',
  'legal_aid',
  'law_enforcement',
  'social_rehabilitation',
  'shelter',
  'economic_empowerment',
  'education',
  'repatriation',
  'community_monitoring',
] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

export function isServiceRole(value: unknown): value is ServiceRole {
  return typeof value === 'string' && (SERVICE_ROLES as readonly string[]).includes(value);
}
