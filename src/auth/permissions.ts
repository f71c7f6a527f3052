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
}

const EVERYONE: Permission[] = [Permission.AccountManage];

/**
 * The role → permission map. The administrator manages accounts and partner institutions and reads
 * the audit log; by default it has no permission on case content.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  [Role.FrontDesk]: [...EVERYONE],
  [Role.Counselor]: [...EVERYONE],
  [Role.Coordinator]: [...EVERYONE, Permission.InstitutionsRead],
  [Role.TeamMember]: [...EVERYONE],
  [Role.PugSecretariat]: [...EVERYONE, Permission.InstitutionsRead],
  [Role.Admin]: [
    ...EVERYONE,
    Permission.UsersRead,
    Permission.UsersManage,
    Permission.InstitutionsRead,
    Permission.InstitutionsManage,
    Permission.AuditRead,
  ],
};

export function permissionsFor(roles: readonly string[]): Set<Permission> {
  const set = new Set<Permission>();
  for (const role of roles) for (const p of ROLE_PERMISSIONS[role as Role] ?? []) set.add(p);
  return set;
}

/** Roles that must belong to a partner institution. */
export const ROLES_REQUIRING_INSTITUTION: Role[] = [Role.TeamMember];
