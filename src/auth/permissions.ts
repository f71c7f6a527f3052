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

  // Cases (record-level scope is checked again in CaseAccessService)
  CasesCreate = 'cases.create',
  CasesRead = 'cases.read',
  CasesUpdate = 'cases.update',
  CasesAssign = 'cases.assign',
  CasesTransition = 'cases.transition',
  CasesHistory = 'cases.history',
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
}

const EVERYONE: Permission[] = [Permission.AccountManage];

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
];

/**
 * The role → permission map. The administrator manages accounts and partner institutions and reads
 * the audit log; by default it has no permission on case content.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  [Role.FrontDesk]: [...EVERYONE, Permission.CasesCreate, Permission.CasesRead, Permission.WorkflowRead],
  [Role.Counselor]: [...EVERYONE, ...COUNSELOR],
  [Role.Coordinator]: [
    ...EVERYONE,
    ...COUNSELOR,
    Permission.InstitutionsRead,
    Permission.CasesCreate,
    Permission.CasesAssign,
    Permission.WorkflowConference,
    Permission.WorkflowClose,
    Permission.WorkflowReopen,
    Permission.ShelterManage,
    Permission.ConferencesWrite,
  ],
  [Role.TeamMember]: [...EVERYONE],
  [Role.PugSecretariat]: [...EVERYONE, Permission.InstitutionsRead],
  [Role.Admin]: [
    ...EVERYONE,
    Permission.UsersRead,
    Permission.UsersManage,
    Permission.InstitutionsRead,
    Permission.InstitutionsManage,
    Permission.AuditRead,
    Permission.SettingsManage,
  ],
};

export function permissionsFor(roles: readonly string[]): Set<Permission> {
  const set = new Set<Permission>();
  for (const role of roles) for (const p of ROLE_PERMISSIONS[role as Role] ?? []) set.add(p);
  return set;
}

/** Roles that must belong to a partner institution. */
export const ROLES_REQUIRING_INSTITUTION: Role[] = [Role.TeamMember];
