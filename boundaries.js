'use strict';
/**
 * Lentera's module boundaries (issue 15): the folders under src/, their layers and the imports allowed
 * between them. One table, read by
 *  - `.dependency-cruiser.js`, which turns it into rules (`npm run lint:boundaries`, a `.ci/run` step),
 *  - `src/cli/dependency-graph.ts`, which draws it into README.md (`npm run docs:deps`) and checks that
 *    the folder graph has no cycle apart from the known ones below (a unit test runs the same check).
 * An import the table does not allow fails the lint: add the edge here (reviewed like code) and run
 * `npm run docs:deps`, or import through an interface of a lower layer instead.
 *
 * Type-only imports count as imports. Unit tests (`*.spec.ts`) are not checked.
 */

/**
 * Platform, bottom first: each folder may import the platform folders listed before it, and no
 * feature. (Folder: what it holds.)
 */
const PLATFORM = [
  ['common', 'helpers every layer uses: errors, dates, formatting, pagination, the request context'],
  ['config', 'environment validation, the clock and the centre time zone module'],
  ['crypto', 'envelope encryption, encrypted columns, blind index, key ring'],
  ['database', 'connection options (no entity list), migrations list, TransactionService'],
  ['i18n', 'the translator and its handlebars helpers'],
  ['audit', 'the audit log writer and interceptor'],
  ['auth', 'roles and permissions, sessions, login API, the global guard; the UserDirectory interface'],
  ['web', 'the page kit: form action, record pages, forms, flash, CSRF, multipart, handlebars, navigation, view context, errors'],
  ['settings', "the centre's identity and settings"],
  ['health', '`GET /health`'],
  ['account', 'login, logout, password and language pages'],
  ['audit-log', 'the audit log for administrators (API and pages)'],
];

/**
 * Features: each may import every platform folder and the features listed with it (a graph without
 * cycles, apart from KNOWN_CYCLES).
 */
const FEATURES = {
  institutions: { what: 'partner institutions and their service roles', imports: [] },
  users: {
    what: 'accounts, login lockout; implements auth’s UserDirectory',
    imports: ['institutions', 'notifications'],
  },
  notifications: { what: 'in-app notifications (codes and links)', imports: [] },
  cases: {
    what: 'intake, the case, its history, workflow/, disclosure/',
    imports: ['users', 'institutions'],
  },
  counseling: { what: 'counseling sessions, risk assessments, safety plans', imports: ['cases', 'users'] },
  shelter: { what: 'safe houses and shelter stays', imports: ['cases', 'counseling', 'users'] },
  'support-services': {
    what: 'medical, legal, psychological and other support',
    imports: ['cases', 'counseling', 'institutions', 'users'],
  },
  conferences: {
    what: 'case conferences and their action items',
    imports: ['cases', 'counseling', 'institutions', 'users'],
  },
  referrals: {
    what: 'consent, referrals, eligibility, partner inbox, documents',
    imports: ['cases', 'institutions', 'notifications', 'users'],
  },
  partnerships: { what: 'MoUs and recovery plans', imports: ['cases', 'institutions', 'referrals', 'users'] },
  community: {
    what: 'volunteers and case monitoring',
    imports: ['cases', 'institutions', 'notifications', 'referrals', 'shelter', 'users'],
  },
  chronology: {
    what: 'the incident chronology, print view and PDF',
    imports: ['cases', 'institutions', 'referrals', 'users'],
  },
  pug: {
    what: 'PUG bodies, decrees, action plans, trainings, awards',
    imports: ['institutions', 'referrals', 'users'],
  },
  programme: {
    what: 'prevention activities and community groups',
    imports: ['community', 'institutions', 'pug'],
  },
  reports: {
    what: 'statistics, exports with suppression, the dashboard',
    imports: ['cases', 'institutions', 'programme', 'pug', 'referrals', 'support-services'],
  },
  'case-pages': {
    what: 'the case pages',
    imports: [
      'cases',
      'chronology',
      'conferences',
      'counseling',
      'institutions',
      'referrals',
      'shelter',
      'support-services',
      'users',
    ],
  },
  home: { what: 'the home page', imports: [] },
};

/** The application: wires everything together; nothing else imports it. `(root)` is src/*.ts. */
const APP = [
  ['(root)', '`main.ts`, `app.module.ts`, `bootstrap.ts`'],
  ['cli', 'the command-line tools (`npm run seed:demo`, `rotate-key`, …) and README generators'],
  ['demo', '`npm run seed:demo`: one seeder per module, through the modules’ services'],
];

/**
 * Import cycles between folders that remain, each edge allowed only through the files named (a new
 * import along it fails). Folders in a cycle: 23 before issue 15's boundary work, 10 after it, 3 once the
 * history's code lists moved into the case module (cases/history-codes.ts); the number can only go down.
 */
const KNOWN_CYCLES = [
  {
    from: 'notifications',
    to: 'cases',
    files: [
      ['src/notifications/notifications.service.ts', 'src/cases/event-catalogue.ts'],
      ['src/notifications/notifications-api.controller.ts', 'src/cases/event-summaries(\\.module)?\\.ts'],
      ['src/notifications/notifications.module.ts', 'src/cases/event-summaries\\.module\\.ts'],
    ],
    why: 'notification kinds and their summaries are the event catalogue’s (in cases, which reaches users, which notifies)',
  },
];

/**
 * Imports of another folder's entities (`*.entity.ts`, `*.entities.ts`) or repositories
 * (`*.repository.ts`). Allowed: relation types (an entity's relation to an entity it references) and
 * the files listed here with their reason; anything else fails. A feature reads or writes another
 * feature's table only through the owner's service or read interface (issue 15 item 1: the list of
 * services that did not is empty); the list can only get shorter.
 */
const RELATION = 'relation type: the entity references it (foreign key)';
const TYPE = "row type in a DTO mapping or a shared helper's signature";
const ENTITY_IMPORTS = [
  // Relation types
  ['src/users/user.entity.ts', 'institutions/institution.entity.ts', RELATION],
  ['src/chronology/chronology-entry.entity.ts', 'cases/case.entity.ts', RELATION],
  ['src/conferences/case-conference.entity.ts', 'cases/case.entity.ts', RELATION],
  ['src/counseling/counseling-session.entity.ts', 'cases/case.entity.ts', RELATION],
  ['src/counseling/risk-assessment.entity.ts', 'cases/case.entity.ts', RELATION],
  ['src/counseling/safety-plan.entity.ts', 'cases/case.entity.ts', RELATION],
  ['src/partnerships/recovery.entities.ts', 'cases/case.entity.ts', RELATION],
  ['src/referrals/consent.entity.ts', 'cases/case.entity.ts', RELATION],
  ['src/referrals/referral.entity.ts', 'cases/case.entity.ts', RELATION],
  ['src/referrals/statistics-consent.entity.ts', 'cases/case.entity.ts', RELATION],
  ['src/shelter/shelter-stay.entity.ts', 'cases/case.entity.ts', RELATION],
  ['src/support-services/support-service.entity.ts', 'cases/case.entity.ts', RELATION],
  ['src/programme/entities/community-activity.entity.ts', 'community/community.entities.ts', RELATION],
  ['src/programme/entities/community-group.entity.ts', 'institutions/institution.entity.ts', RELATION],
  ['src/programme/entities/prevention-activity.entity.ts', 'institutions/institution.entity.ts', RELATION],
  ['src/programme/entities/volunteer-links.entity.ts', 'community/community.entities.ts', RELATION],
  ['src/programme/entities/volunteer-links.entity.ts', 'institutions/institution.entity.ts', RELATION],
  ['src/pug/entities/pug-action-plan.entity.ts', 'institutions/institution.entity.ts', RELATION],
  ['src/pug/entities/pug-body.entity.ts', 'institutions/institution.entity.ts', RELATION],
  ['src/pug/entities/pug-decree.entity.ts', 'institutions/institution.entity.ts', RELATION],
  ['src/pug/entities/pug-decree.entity.ts', 'users/user.entity.ts', RELATION],
  ['src/pug/entities/pug-region.entity.ts', 'institutions/institution.entity.ts', RELATION],
  ['src/pug/entities/pug-training.entity.ts', 'institutions/institution.entity.ts', RELATION],
  // Row types
  ['src/audit-log/dto/audit-log.dto.ts', 'audit/audit-log.entity.ts', TYPE],
  ['src/programme/dto/programme.dto.ts', 'community/community.entities.ts', TYPE],
  ['src/programme/dto/programme.dto.ts', 'pug/entities/pug-file.entity.ts', TYPE],
  ['src/pug/dto/common.dto.ts', 'institutions/institution.entity.ts', TYPE],
].map(([from, to, why]) => ({ from, to: `src/${to}`, why }));

module.exports = { PLATFORM, FEATURES, APP, KNOWN_CYCLES, ENTITY_IMPORTS };
