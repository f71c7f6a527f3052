import { Permission } from '../auth/permissions';
import { AuthContext } from '../common/request-context';

export interface NavItem {
  href: string;
  /** Translation key of the label. */
  label: string;
  permission: Permission;
}

/**
 * The navigation, in one list: a link shows when the caller holds its permission. Feature modules
 * add their entries here.
 */
export const NAVIGATION: NavItem[] = [
  { href: '/', label: 'nav.home', permission: Permission.AccountManage },
  { href: '/admin/users', label: 'nav.users', permission: Permission.UsersRead },
  { href: '/admin/institutions', label: 'nav.institutions', permission: Permission.InstitutionsRead },
  { href: '/admin/audit', label: 'nav.audit', permission: Permission.AuditRead },
];

export function navigationFor(
  auth: AuthContext | undefined,
  currentPath: string,
): (NavItem & { current: boolean })[] {
  if (!auth || auth.mustChangePassword) return [];
  return NAVIGATION.filter((item) => auth.permissions.has(item.permission)).map((item) => ({
    ...item,
    current:
      item.href === '/'
        ? currentPath === '/'
        : currentPath === item.href || currentPath.startsWith(item.href + '/'),
  }));
}
