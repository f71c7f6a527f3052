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
  ['platform/common', 'helpers every layer uses: errors, dates, formatting, pagination, the request context'],
  ['platform/config', 'environment validation, the clock and the centre time zone module'],
  ['platform/crypto', 'envelope encryption, encrypted columns, blind index, key ring'],
  ['platform/database', 'connection options (no entity list), migrations list, TransactionService'],
  ['platform/schedules', 'periodic work that runs once across instances (schedule_runs)'],
  ['platform/i18n', 'the translator and its handlebars helpers'],
  ['platform/audit', 'the audit log writer and interceptor'],
  [
    'platform/auth',
    'roles and permissions, sessions, login API, the global guard; the UserDirectory interface',
  ],
  [
    'web',
    'the page kit: form action, record pages, forms, flash, CSRF, multipart, handlebars, navigation, view context, errors',
  ],
  ['platform/settings', "the centre's identity and settings"],
  ['platform/health', '`GET /health`'],
  ['platform/account', 'login, logout, password and language pages'],
  ['platform/audit-log', 'the audit log for administrators (API and pages)'],
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
  email: {
    what: 'e-mail notifications: the outbox sender (issue 19 item 3)',
    imports: ['notifications', 'users'],
  },
  case: {
    what: 'step 1 (intake), the case, its history, workflow/, disclosure/',
    imports: ['users', 'institutions'],
  },
  'steps/counseling': {
    what: 'step 2: counseling sessions, risk assessments, safety plans',
    imports: ['case', 'users'],
  },
  'steps/shelter': {
    what: 'step 3: safe houses and shelter stays',
    imports: ['case', 'steps/counseling', 'users'],
  },
  'steps/support': {
    what: 'step 4: medical, legal, psychological and other support',
    imports: ['case', 'steps/counseling', 'institutions', 'users'],
  },
  'steps/conference': {
    what: 'step 5: case conferences and their action items',
    imports: ['case', 'steps/counseling', 'institutions', 'users'],
  },
  'steps/referral': {
    what: 'step 6: consent, referrals, eligibility, partner inbox, documents',
    imports: ['case', 'institutions', 'notifications', 'users'],
  },
  'steps/partnerships': {
    what: 'step 9: MoUs with third parties and recovery plans',
    imports: ['case', 'institutions', 'steps/referral', 'users'],
  },
  'steps/community': {
    what: 'step 8: volunteers and case monitoring',
    imports: ['case', 'institutions', 'notifications', 'steps/referral', 'steps/shelter', 'users'],
  },
  chronology: {
    what: 'the incident chronology, print view and PDF',
    imports: ['case', 'institutions', 'steps/referral', 'users'],
  },
  pug: {
    what: 'PUG bodies, decrees, action plans, trainings, awards',
    imports: ['institutions', 'steps/referral', 'users'],
  },
  'steps/prevention': {
    what: 'step 7: prevention activities, community groups, volunteer trainings',
    imports: ['steps/community', 'institutions', 'pug'],
  },
  reports: {
    what: 'statistics, exports with suppression, the dashboard',
    imports: ['case', 'institutions', 'steps/prevention', 'pug', 'steps/referral', 'steps/support'],
  },
  'case-pages': {
    what: 'the case pages',
    imports: [
      'case',
      'chronology',
      'steps/conference',
      'steps/counseling',
      'institutions',
      'steps/referral',
      'steps/shelter',
      'steps/support',
      'users',
      'caseload',
      'tasks',
    ],
  },
  caseload: {
    what: 'closure approval and caseload handover (issue 19): a coordinator’s decisions on caseloads',
    imports: ['case', 'notifications', 'users'],
  },
  tasks: {
    what: 'my tasks from the task rule table, the team’s overdue tasks, follow-ups (issue 19)',
    imports: [
      'case',
      'steps/community',
      'steps/conference',
      'steps/counseling',
      'steps/referral',
      'steps/shelter',
      'steps/support',
      'users',
    ],
  },
  home: { what: 'the home page: my tasks first, then the menu', imports: ['tasks'] },
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
    to: 'case',
    files: [
      ['src/notifications/notifications.service.ts', 'src/case/event-catalogue.ts'],
      ['src/notifications/notifications-api.controller.ts', 'src/case/event-summaries(\\.module)?\\.ts'],
      ['src/notifications/notifications.module.ts', 'src/case/event-summaries\\.module\\.ts'],
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
  ['src/chronology/chronology-entry.entity.ts', 'case/case.entity.ts', RELATION],
  ['src/caseload/closure-request.entity.ts', 'case/case.entity.ts', RELATION],
  ['src/tasks/follow-up.entity.ts', 'case/case.entity.ts', RELATION],
  ['src/steps/conference/case-conference.entity.ts', 'case/case.entity.ts', RELATION],
  ['src/steps/counseling/counseling-session.entity.ts', 'case/case.entity.ts', RELATION],
  ['src/steps/counseling/risk-assessment.entity.ts', 'case/case.entity.ts', RELATION],
  ['src/steps/counseling/safety-plan.entity.ts', 'case/case.entity.ts', RELATION],
  ['src/steps/partnerships/recovery.entities.ts', 'case/case.entity.ts', RELATION],
  ['src/steps/referral/consent.entity.ts', 'case/case.entity.ts', RELATION],
  ['src/steps/referral/referral.entity.ts', 'case/case.entity.ts', RELATION],
  ['src/steps/referral/statistics-consent.entity.ts', 'case/case.entity.ts', RELATION],
  ['src/steps/shelter/shelter-stay.entity.ts', 'case/case.entity.ts', RELATION],
  ['src/steps/support/support-service.entity.ts', 'case/case.entity.ts', RELATION],
  [
    'src/steps/prevention/entities/community-activity.entity.ts',
    'steps/community/community.entities.ts',
    RELATION,
  ],
  ['src/steps/prevention/entities/community-group.entity.ts', 'institutions/institution.entity.ts', RELATION],
  [
    'src/steps/prevention/entities/prevention-activity.entity.ts',
    'institutions/institution.entity.ts',
    RELATION,
  ],
  [
    'src/steps/prevention/entities/volunteer-links.entity.ts',
    'steps/community/community.entities.ts',
    RELATION,
  ],
  ['src/steps/prevention/entities/volunteer-links.entity.ts', 'institutions/institution.entity.ts', RELATION],
  ['src/pug/entities/pug-action-plan.entity.ts', 'institutions/institution.entity.ts', RELATION],
  ['src/pug/entities/pug-body.entity.ts', 'institutions/institution.entity.ts', RELATION],
  ['src/pug/entities/pug-decree.entity.ts', 'institutions/institution.entity.ts', RELATION],
  ['src/pug/entities/pug-decree.entity.ts', 'users/user.entity.ts', RELATION],
  ['src/pug/entities/pug-region.entity.ts', 'institutions/institution.entity.ts', RELATION],
  ['src/pug/entities/pug-training.entity.ts', 'institutions/institution.entity.ts', RELATION],
  // Row types
  ['src/platform/audit-log/dto/audit-log.dto.ts', 'platform/audit/audit-log.entity.ts', TYPE],
  ['src/steps/prevention/dto/programme.dto.ts', 'steps/community/community.entities.ts', TYPE],
  ['src/steps/prevention/dto/programme.dto.ts', 'pug/entities/pug-file.entity.ts', TYPE],
  ['src/pug/dto/common.dto.ts', 'institutions/institution.entity.ts', TYPE],
].map(([from, to, why]) => ({ from, to: `src/${to}`, why }));

module.exports = { PLATFORM, FEATURES, APP, KNOWN_CYCLES, ENTITY_IMPORTS };
