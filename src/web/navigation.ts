import { Permission } from '../platform/auth/permissions';
import { AuthContext } from '../platform/common/request-context';

export interface NavItem {
  href: string;
  /** Translation key of the label. */
  label: string;
  permission: Permission;
  /** A count shown beside the label, set per request with `setNavBadge` (e.g. unread notifications). */
  badge?: string;
}

const badges = new WeakMap<AuthContext, Record<string, number>>();

/** Sets a navigation count for this request's caller (an interceptor does it before the page renders). */
export function setNavBadge(auth: AuthContext, badge: string, count: number): void {
  badges.set(auth, { ...(badges.get(auth) ?? {}), [badge]: count });
}

/**
 * The navigation, in one list: a link shows when the caller holds its permission. Feature modules
 * add their entries here.
 */
export const NAVIGATION: NavItem[] = [
  { href: '/', label: 'nav.home', permission: Permission.AccountManage },
  { href: '/tasks', label: 'tasks.nav.mine', permission: Permission.TasksMine },
  { href: '/tasks/team', label: 'tasks.nav.team', permission: Permission.TasksTeam },
  { href: '/tasks/settings', label: 'tasks.nav.settings', permission: Permission.TaskSettingsManage },
  { href: '/cases', label: 'casepages.nav.cases', permission: Permission.CasesRead },
  { href: '/cases/new', label: 'casepages.nav.newIntake', permission: Permission.CasesCreate },
  { href: '/cases/new/quick', label: 'casepages.nav.quickIntake', permission: Permission.CasesCreate },
  { href: '/cases/mine', label: 'casepages.nav.mine', permission: Permission.CasesMine },
  { href: '/workflow', label: 'casepages.nav.workflow', permission: Permission.WorkflowRead },
  { href: '/closure-requests', label: 'caseload.nav.closureRequests', permission: Permission.ClosureApprove },
  { href: '/caseload-handover', label: 'caseload.nav.handover', permission: Permission.CasesHandover },
  { href: '/shelter', label: 'shelter.nav', permission: Permission.ShelterRead },
  { href: '/admin/users', label: 'nav.users', permission: Permission.UsersRead },
  { href: '/admin/institutions', label: 'nav.institutions', permission: Permission.InstitutionsRead },
  { href: '/admin/audit', label: 'nav.audit', permission: Permission.AuditRead },
  { href: '/email-deliveries', label: 'email.admin.nav', permission: Permission.EmailDeliveriesManage },
  { href: '/admin/settings', label: 'settings.nav', permission: Permission.SettingsManage },
  { href: '/referrals', label: 'referrals.nav.referrals', permission: Permission.ReferralsRead },
  { href: '/partner', label: 'partner.nav.inbox', permission: Permission.PartnerInbox },
  { href: '/partnerships', label: 'partnerships.nav.agreements', permission: Permission.PartnershipsRead },
  { href: '/community/volunteers', label: 'community.nav.volunteers', permission: Permission.VolunteersRead },
  { href: '/community/monitoring', label: 'community.nav.monitoring', permission: Permission.MonitoringOwn },
  { href: '/programme/prevention', label: 'programme.nav.prevention', permission: Permission.ProgrammeRead },
  { href: '/programme/groups', label: 'programme.nav.groups', permission: Permission.ProgrammeRead },
  { href: '/pug', label: 'pug.nav', permission: Permission.PugRead },
  { href: '/reports', label: 'reports.nav', permission: Permission.ReportsRead },
  { href: '/reports/dashboard', label: 'reports.navDashboard', permission: Permission.ReportsRead },
  {
    href: '/notifications',
    label: 'referrals.nav.notifications',
    permission: Permission.NotificationsRead,
    badge: 'notifications',
  },
];

export function navigationFor(
  auth: AuthContext | undefined,
  currentPath: string,
): (NavItem & { current: boolean; count: number })[] {
  if (!auth || auth.mustChangePassword) return [];
  const counts = badges.get(auth) ?? {};
  const matches = (href: string) =>
    href === '/' ? currentPath === '/' : currentPath === href || currentPath.startsWith(href + '/');
  const items = NAVIGATION.filter((item) => auth.permissions.has(item.permission));
  // The most specific matching entry is the current one (/cases/new, not also /cases).
  const current = items.filter((item) => matches(item.href)).sort((a, b) => b.href.length - a.href.length)[0];
  return items.map((item) => ({
    ...item,
    current: item === current,
    count: item.badge ? (counts[item.badge] ?? 0) : 0,
  }));
}
