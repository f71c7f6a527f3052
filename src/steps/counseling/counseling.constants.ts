/** Risk factors a risk assessment records (codes; the pages show them through i18n/<lang>/counseling.json). */
export const RISK_FACTORS = [
  'weapon',
  'threats_to_kill',
  'escalation',
  'strangulation',
  'perpetrator_access',
  'child_at_risk',
  'isolation',
  'substance_abuse',
  'other',
] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

export const NOTES_MAX = 10_000;
export const SAFETY_PLAN_MAX = 20_000;
