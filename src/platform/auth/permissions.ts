/**
 * Roles and permissions, in one place.
 *
 * A permission is a `resource.action` string; every route declares exactly one with
 * `@RequirePermission()` (or is explicitly `@Public()`), and the global guard checks it against the
 * caller's roles through ROLE_PERMISSIONS. Record-level checks ("is this case assigned to me?") are
 * a second check inside the services.
 */
export enum Role {
  FrontDesk = 'front_desk',
  Counselor = 'counselor',
  Coordinator = 'coordinator',
  TeamMember = 'team_member',
  PugSecretariat = 'pug_secretariat',
  Admin = 'admin',
  /** A community volunteer (kader): sees only the monitoring assignments given to them. */
  CommunityVolunteer = 'community_volunteer',
}

export const ROLES: Role[] = Object.values(Role);

export enum Permission {
  /** Own account: profile, language, password, logout. Every role has it. */
  AccountManage = 'account.manage',
  UsersRead = 'users.read',
  UsersManage = 'users.manage',
  InstitutionsRead = 'institutions.read',
  InstitutionsManage = 'institutions.manage',
  AuditRead = 'audit.read',
  SettingsManage = 'settings.manage',
  /** The e-mail deliveries (failed ones, retry): account names, kinds and codes, no case data. */
  EmailDeliveriesManage = 'email.deliveries',

  // Cases (record-level scope is checked again in CaseAccessService)
  CasesCreate = 'cases.create',
  CasesRead = 'cases.read',
  CasesUpdate = 'cases.update',
  CasesAssign = 'cases.assign',
  CasesTransition = 'cases.transition',
  CasesHistory = 'cases.history',
  /**
   * "My cases" (`/cases/mine`): the cases assigned to the caller (counselor role) or registered by
   * them (front desk). Not given to a coordinator alone: no case is ever assigned to one.
   */
  CasesMine = 'cases.mine',
  /** The counselors a case can be assigned to (ids and names only), for those who assign them. */
  CounselorsRead = 'counselors.read',
  WorkflowRead = 'workflow.read',

  // Who may fire which workflow transition (see cases/workflow/case-workflow.ts)
  WorkflowCounsel = 'workflow.counsel',
  WorkflowShelter = 'workflow.shelter',
  WorkflowSupport = 'workflow.support',
  WorkflowConference = 'workflow.conference',
  WorkflowRefer = 'workflow.refer',
  WorkflowRecover = 'workflow.recover',
  WorkflowClose = 'workflow.close',
  WorkflowReopen = 'workflow.reopen',
  /** Ask a coordinator to close a case one works on, with the reason and the checklist (issue 19). */
  ClosureRequest = 'closure.request',
  /** Approve (the `close` transition fires) or return a closure request. */
  ClosureApprove = 'closure.approve',
  /** Hand several cases over to other counselors at once (a caseload handover). */
  CasesHandover = 'cases.handover',
  /** Read a case's flags (perpetrator dangerous, needs interpreter …) and their reasons (issue 19). */
  FlagsRead = 'flags.read',
  /** Set or remove a flag on a case one works on, with a reason. */
  FlagsWrite = 'flags.write',
  /** "My tasks": what is due and overdue for the caller, from the task rules (issue 19). */
  TasksMine = 'tasks.mine',
  /** The team's overdue tasks by counselor (coordinators). */
  TasksTeam = 'tasks.team',
  /** N of each task rule (days) in the tasks settings. */
  TaskSettingsManage = 'tasks.settings',
  /** Schedule and complete follow-ups on a case one works on (record scope: CaseAccessService). */
  FollowUpsWrite = 'followUps.write',

  // Tracks beside the stage
  CounselingRead = 'counseling.read',
  CounselingWrite = 'counseling.write',
  ShelterRead = 'shelter.read',
  ShelterManage = 'shelter.manage',
  ShelterDischarge = 'shelter.discharge',
  ServicesRead = 'services.read',
  ServicesWrite = 'services.write',
  ConferencesRead = 'conferences.read',
  ConferencesWrite = 'conferences.write',

  // The printed case chronology (kronologis kasus): incident entries, print view and PDF
  ChronologyRead = 'chronology.read',
  ChronologyWrite = 'chronology.write',
  /** Print or download the chronology (team members: only the partner version of their referrals). */
  ChronologyPrint = 'chronology.print',

  // Referrals, consent and the partner inbox (record-level scope checked in the services)
  ConsentRead = 'consent.read',
  ConsentWrite = 'consent.write',
  /** Refer a child in danger without consent, with a written reason. */
  ConsentOverride = 'consent.override',
  ReferralsRead = 'referrals.read',
  ReferralsWrite = 'referrals.write',
  ReferralsApprove = 'referrals.approve',
  ReferralSettingsManage = 'referrals.settings',
  /** Team members: the referrals addressed to their institution and service roles. */
  PartnerInbox = 'partner.inbox',
  PartnerRespond = 'partner.respond',
  NotificationsRead = 'notifications.read',

  // Third-party partnerships and recovery (step 9)
  PartnershipsRead = 'partnerships.read',
  PartnershipsManage = 'partnerships.manage',
  RecoveryRead = 'recovery.read',
  RecoveryWrite = 'recovery.write',

  // Community monitoring (step 8, case part)
  VolunteersRead = 'volunteers.read',
  VolunteersManage = 'volunteers.manage',
  MonitoringRead = 'monitoring.read',
  MonitoringManage = 'monitoring.manage',
  /** Community volunteers: their own monitoring assignments and visits. */
  MonitoringOwn = 'monitoring.own',

  // PUG institutions and decrees (bodies, decrees, action plans, trainings, awards): no case content
  /** Every logged-in role reads the PUG records. */
  PugRead = 'pug.read',
  PugManage = 'pug.manage',
  // Programme records: prevention activities (step 7), community groups and their activities (step 8)
  ProgrammeRead = 'programme.read',
  ProgrammeManage = 'programme.manage',

  // Reports: aggregate statistics (no personal data) and their exports — coordinators only
  ReportsRead = 'reports.read',
  ReportsExport = 'reports.export',
}

/** Every role: its own account, and reading the PUG records (public decrees, plans, trainings). */
const EVERYONE: Permission[] = [Permission.AccountManage, Permission.PugRead];

/** What a counselor does on the cases assigned to them. */
const COUNSELOR: Permission[] = [
  Permission.CasesRead,
  Permission.CasesUpdate,
  Permission.CasesTransition,
  Permission.CasesHistory,
  Permission.WorkflowRead,
  Permission.WorkflowCounsel,
  Permission.WorkflowShelter,
  Permission.WorkflowSupport,
  Permission.WorkflowRefer,
  Permission.WorkflowRecover,
  Permission.CounselingRead,
  Permission.CounselingWrite,
  Permission.ShelterRead,
  Permission.ShelterDischarge,
  Permission.ServicesRead,
  Permission.ServicesWrite,
  Permission.ConferencesRead,
  Permission.ChronologyRead,
  Permission.ChronologyWrite,
  Permission.ChronologyPrint,
  Permission.ConsentRead,
  Permission.ConsentWrite,
  Permission.ReferralsRead,
  Permission.ReferralsWrite,
  Permission.NotificationsRead,
  Permission.PartnershipsRead,
  Permission.RecoveryRead,
  Permission.RecoveryWrite,
  Permission.VolunteersRead,
  Permission.MonitoringRead,
  Permission.ClosureRequest,
  Permission.FlagsRead,
  Permission.FlagsWrite,
  Permission.TasksMine,
  Permission.FollowUpsWrite,
];

/**
 * The role → permission map. The administrator manages accounts and partner institutions and reads
 * the audit log; by default it has no permission on case content.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  [Role.FrontDesk]: [
    ...EVERYONE,
    Permission.CasesCreate,
    Permission.CasesRead,
    Permission.CasesMine,
    Permission.WorkflowRead,
  ],
  [Role.Counselor]: [...EVERYONE, ...COUNSELOR, Permission.CasesMine, Permission.ProgrammeRead],
  [Role.Coordinator]: [
    ...EVERYONE,
    ...COUNSELOR,
    Permission.InstitutionsRead,
    Permission.CasesCreate,
    Permission.CasesAssign,
    Permission.CounselorsRead,
    Permission.WorkflowConference,
    Permission.WorkflowClose,
    Permission.WorkflowReopen,
    Permission.ClosureApprove,
    Permission.CasesHandover,
    Permission.TasksTeam,
    Permission.TaskSettingsManage,
    Permission.ShelterManage,
    Permission.ConferencesWrite,
    Permission.ConsentOverride,
    Permission.ReferralsApprove,
    Permission.ReferralSettingsManage,
    Permission.PartnershipsManage,
    Permission.VolunteersManage,
    Permission.MonitoringManage,
    Permission.ProgrammeRead,
    Permission.ProgrammeManage,
    Permission.ReportsRead,
    Permission.ReportsExport,
  ],
  [Role.TeamMember]: [
    ...EVERYONE,
    Permission.PartnerInbox,
    Permission.PartnerRespond,
    Permission.NotificationsRead,
    Permission.ChronologyPrint,
    Permission.TasksMine,
  ],
  [Role.PugSecretariat]: [
    ...EVERYONE,
    Permission.InstitutionsRead,
    Permission.PartnershipsRead,
    Permission.PugManage,
  ],
  [Role.Admin]: [
    ...EVERYONE,
    Permission.UsersRead,
    Permission.UsersManage,
    Permission.InstitutionsRead,
    Permission.InstitutionsManage,
    Permission.AuditRead,
    Permission.SettingsManage,
    Permission.ReferralSettingsManage,
    Permission.EmailDeliveriesManage,
  ],
  [Role.CommunityVolunteer]: [
    ...EVERYONE,
    Permission.MonitoringOwn,
    Permission.NotificationsRead,
    Permission.TasksMine,
  ],
};

export function permissionsFor(roles: readonly string[]): Set<Permission> {
  const set = new Set<Permission>();
  for (const role of effectiveRoles(roles)) for (const p of ROLE_PERMISSIONS[role as Role] ?? []) set.add(p);
  return set;
}

/**
 * Roles that open case data. The administrator manages the accounts that hold them, so an account
 * never holds the admin role together with one of these (nobody can grant themselves case access),
 * and an account that somehow does (made before this rule) gets none of their permissions.
 */
export const CASE_ROLES: readonly Role[] = [
  Role.FrontDesk,
  Role.Counselor,
  Role.Coordinator,
  Role.TeamMember,
  Role.CommunityVolunteer,
];

/** The roles an account acts with: an administrator's case roles are dropped. */
export function effectiveRoles(roles: readonly string[]): string[] {
  if (!roles.includes(Role.Admin)) return [...roles];
  return roles.filter((r) => !CASE_ROLES.includes(r as Role));
}

/** Roles that must belong to a partner institution. */
export const ROLES_REQUIRING_INSTITUTION: Role[] = [Role.TeamMember];
