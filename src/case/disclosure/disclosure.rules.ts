/**
 * Who sees what of a case: the one table every output of case and victim data follows (JSON, pages,
 * the print and its PDF, the partner inbox, volunteer pages, notifications, exports, the duplicate
 * check). `CaseDisclosureService` (the gate) reads it for every view it builds, and the README's "Who
 * sees what" table is generated from it (a test fails when the two drift).
 *
 * Principles (DOMAIN.md): need to know; the front desk sees what it typed; counselors their assigned
 * cases; coordinators every case; a partner per referral only the categories the victim (or a child's
 * guardian) consented to, until the referral ends; a volunteer only what a visit needs; the PUG
 * secretariat and the administrator nothing. What is withheld does not leak indirectly: a withheld
 * name is redacted from free text, and a withheld shelter stay is not told by the stage either.
 */

/** What a consent may allow to be shared with a partner or a volunteer, and what a referral discloses. */
export const DATA_CATEGORIES = [
  'identity',
  'contact',
  'incident_narrative',
  'medical',
  'counseling_notes',
  'shelter_stay',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/**
 * The kinds of reader of a case. A person's kind is decided per case: by role and assignment for
 * staff (`CaseDisclosureService.readerOf`), by the referral for a team member, by the monitoring
 * assignment for a volunteer.
 */
export const READER_KINDS = [
  /** Any coordinator (koordinator / manajer kasus). */
  'coordinator',
  /** The counselor assigned to the case. */
  'counselor',
  /** The front-desk officer who registered the case. */
  'registrar',
  /** Another front-desk officer, while the case waits at intake (the intake queue). */
  'intake_desk',
  /** A team member, through a referral in force to their institution (consent holding). */
  'partner',
  /** A team member whose referral ended (completed, declined, revoked, consent withdrawn). */
  'partner_ended',
  /** A community volunteer (kader), through an active monitoring assignment (consent holding). */
  'volunteer',
  /** Anyone else: another counselor, the PUG secretariat, the administrator. */
  'none',
] as const;
export type ReaderKind = (typeof READER_KINDS)[number];

/**
 * How a facet is shown to a reader:
 * - `yes`: as stored now;
 * - `typed`: as the front desk typed it at this case's intake (never a later correction, never
 *   another case's data of the same victim);
 * - `initials`: names as initials only;
 * - `neutral`: the stage without telling a shelter stay ("in service" for sheltered and in support);
 * - `no`: left out;
 * - `{ consent, then, otherwise }`: decided by the categories the reader's consent scope discloses.
 */
export type Visibility = 'yes' | 'typed' | 'initials' | 'neutral' | 'no';
export type Rule = Visibility | { consent: DataCategory; then: Visibility; otherwise: Visibility };

export const FACETS = [
  'case.reference',
  'case.stage',
  'case.profile',
  'case.safety',
  'case.flags',
  'victim.name',
  'victim.identifiers',
  'victim.contact',
  'victim.background',
  'victim.otherCases',
  'reporter',
  'perpetrators',
  'perpetrators.names',
  'incident.facts',
  'incident.account',
  'incident.chronology',
  'counseling.notes',
  'counseling.assessment',
  'shelter',
  'services.medical',
  'services.other',
  'conferences',
  'consent_referrals',
  'referral.own',
  'recovery',
  'monitoring',
  'monitoring.own',
  'followUps',
  'tasks',
  'history',
  'history.ownReferral',
  'export.personal',
] as const;
export type Facet = (typeof FACETS)[number];

const consent = (c: DataCategory, then: Visibility = 'yes', otherwise: Visibility = 'no'): Rule => ({
  consent: c,
  then,
  otherwise,
});

const CASE_WORKER: Record<Facet, Rule> = {
  'case.reference': 'yes',
  'case.stage': 'yes',
  'case.profile': 'yes',
  'case.safety': 'yes',
  'case.flags': 'yes',
  'victim.name': 'yes',
  'victim.identifiers': 'yes',
  'victim.contact': 'yes',
  'victim.background': 'yes',
  'victim.otherCases': 'no',
  reporter: 'yes',
  perpetrators: 'yes',
  'perpetrators.names': 'yes',
  'incident.facts': 'yes',
  'incident.account': 'yes',
  'incident.chronology': 'yes',
  'counseling.notes': 'yes',
  'counseling.assessment': 'yes',
  shelter: 'yes',
  'services.medical': 'yes',
  'services.other': 'yes',
  conferences: 'yes',
  consent_referrals: 'yes',
  'referral.own': 'no',
  recovery: 'yes',
  monitoring: 'yes',
  'monitoring.own': 'no',
  followUps: 'yes',
  tasks: 'yes',
  history: 'yes',
  'history.ownReferral': 'no',
  'export.personal': 'no',
};

const NOTHING: Record<Facet, Rule> = Object.fromEntries(
  Object.keys(CASE_WORKER).map((f) => [f, 'no' as Rule]),
) as Record<Facet, Rule>;

/** The table: reader kind → facet → rule. */
export const DISCLOSURE_RULES: Record<ReaderKind, Record<Facet, Rule>> = {
  coordinator: { ...CASE_WORKER, 'victim.otherCases': 'yes', 'export.personal': 'yes' },
  counselor: CASE_WORKER,
  registrar: {
    ...NOTHING,
    'case.reference': 'yes',
    'case.stage': 'neutral',
    'case.profile': 'typed',
    // A safety fact the desk itself recorded at intake (a case column, not corrected later).
    'case.safety': 'yes',
    'victim.name': 'typed',
    'victim.identifiers': 'typed',
    'victim.contact': 'typed',
    'victim.background': 'typed',
    reporter: 'yes',
    perpetrators: 'yes',
    'perpetrators.names': 'yes',
    'incident.facts': 'typed',
    'incident.account': 'typed',
  },
  intake_desk: {
    ...NOTHING,
    'case.reference': 'yes',
    'case.stage': 'neutral',
    // The desk team's queue: a walk-in in immediate danger is seen to first, whoever registered her.
    'case.safety': 'yes',
    'victim.name': 'initials',
  },
  partner: {
    ...NOTHING,
    'case.reference': 'yes',
    // A referral's answer due, as a task: the case number, never the initials or the priority.
    tasks: 'yes',
    'case.stage': consent('shelter_stay', 'yes', 'neutral'),
    'case.profile': consent('identity'),
    'victim.name': consent('identity'),
    'victim.contact': consent('contact'),
    perpetrators: consent('incident_narrative'),
    'perpetrators.names': consent('incident_narrative', 'initials'),
    'incident.facts': consent('incident_narrative'),
    'incident.account': consent('incident_narrative'),
    'incident.chronology': consent('incident_narrative'),
    'counseling.notes': consent('counseling_notes'),
    shelter: consent('shelter_stay'),
    'services.medical': consent('medical'),
    'referral.own': 'yes',
    'history.ownReferral': 'yes',
  },
  partner_ended: {
    ...NOTHING,
    'case.reference': 'yes',
    'referral.own': 'yes',
    'history.ownReferral': 'yes',
  },
  volunteer: {
    ...NOTHING,
    'victim.name': consent('identity'),
    'victim.contact': consent('contact'),
    'monitoring.own': 'yes',
    // The visits due of their assignments, as tasks: no case number, no initials.
    tasks: 'yes',
  },
  none: NOTHING,
};

/** The rule of a facet for a reader, resolved with the categories their consent scope discloses. */
export function visibility(kind: ReaderKind, facet: Facet, categories: readonly string[] = []): Visibility {
  const rule = DISCLOSURE_RULES[kind][facet];
  if (typeof rule === 'string') return rule;
  return categories.includes(rule.consent) ? rule.then : rule.otherwise;
}

/** What each facet holds, for the README table (English, as the README is). */
export const FACET_LABELS: Record<Facet, string> = {
  'case.reference': 'case number, dates, channel, assigned counselor',
  'case.stage': 'stage of the case',
  'case.profile': "victim's sex, age, child status",
  'case.safety': 'whether the victim was in immediate danger at intake',
  'case.flags':
    'case flags (perpetrator dangerous, needs interpreter …) with who set them, when and why (case workers only: a flag tells the case)',
  'victim.name': "victim's name",
  'victim.identifiers': "victim's NIK and birth date",
  'victim.contact': "victim's address and phone (and whether a call-back on it is safe)",
  'victim.background': "victim's district, education, occupation, marital status, disability, nationality",
  'victim.otherCases': "the victim's other cases (links)",
  reporter: 'reporter',
  perpetrators: 'perpetrators: relationship, sex, age',
  'perpetrators.names': "perpetrators' names",
  'incident.facts': 'incident: date, place type, violence types',
  'incident.account': 'incident: location and narrative',
  'incident.chronology': 'incident chronology entries',
  'counseling.notes': 'counseling sessions and their notes',
  'counseling.assessment': 'risk assessments and safety plan',
  shelter: 'shelter stays (never a partner: the safe house)',
  'services.medical': 'medical services',
  'services.other': 'other support services',
  conferences: 'case conferences',
  consent_referrals: 'consents and referrals of the case',
  'referral.own': 'the referral to their institution',
  recovery: 'recovery plan',
  monitoring: 'monitoring assignments and visits',
  'monitoring.own': 'their own monitoring assignment and visits',
  followUps: 'follow-ups of the case (date, what, with whom, outcome)',
  tasks: "the case's tasks in one's task list (case number, initials and priority as the rows above allow)",
  history: 'case history (handling chronology)',
  'history.ownReferral': 'history of their referral',
  'export.personal': 'personal fields in the case-list export (with a stated reason)',
};

const READER_LABELS: Record<ReaderKind, string> = {
  coordinator: 'coordinator',
  counselor: 'assigned counselor',
  registrar: 'front desk who registered it',
  intake_desk: 'other front desk (intake queue)',
  partner: 'team member (referral in force)',
  partner_ended: 'team member (referral ended)',
  volunteer: 'volunteer (kader)',
  none: 'anyone else (other counselor, PUG, admin)',
};

const CELL: Record<Visibility, string> = {
  yes: 'yes',
  typed: 'as typed at intake',
  initials: 'initials',
  neutral: 'no shelter (neutral stage)',
  no: '—',
};

function cell(rule: Rule): string {
  if (typeof rule === 'string') return CELL[rule];
  const then = rule.then === 'yes' ? '' : ` (${CELL[rule.then]})`;
  const otherwise = rule.otherwise === 'no' ? '' : `, else ${CELL[rule.otherwise]}`;
  return `if \`${rule.consent}\` disclosed${then}${otherwise}`;
}

/** The README's "Who sees what" table, generated from DISCLOSURE_RULES. */
export function disclosureTableMarkdown(): string {
  const kinds = READER_KINDS;
  const lines = [
    `| what | ${kinds.map((k) => READER_LABELS[k]).join(' | ')} |`,
    `|---|${kinds.map(() => '---').join('|')}|`,
    ...FACETS.map(
      (f) => `| ${FACET_LABELS[f]} | ${kinds.map((k) => cell(DISCLOSURE_RULES[k][f])).join(' | ')} |`,
    ),
  ];
  return lines.join('\n');
}
