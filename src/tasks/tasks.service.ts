import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseDisclosureService } from '../case/disclosure/case-disclosure.service';
import { Reader, reader } from '../case/disclosure/reader';
import { TaskScope } from '../case/task-source';
import { Role } from '../platform/auth/permissions';
import { Clock } from '../platform/common/clock';
import { todayOf } from '../platform/common/dates';
import { ListSortDefinition, resolveSort, SortDirection } from '../platform/common/list-sort';
import { paginated, Paginated } from '../platform/common/pagination';
import { AuthContext } from '../platform/common/request-context';
import { TransactionService } from '../platform/database/transaction.service';
import { findUser, userNames } from '../users/user-reads';
import { TaskMember } from '../steps/referral/referral-task-reads';
import { MY_TASKS_SORT, TEAM_TASKS_SORT } from './task-list-sort';
import {
  anchorBy,
  evaluate,
  EvaluatedTask,
  rulesFor,
  TASK_RULES,
  TaskAudience,
  TaskCode,
  TaskReadContext,
} from './task-rules';
import { daysSetting, TaskSettingsService } from './task-settings.service';
import { TaskPriority, TASK_PRIORITIES } from './tasks.constants';
import { TaskDto, TeamTaskDto, TeamTaskOwnerDto } from './dto/task.dto';

type ListQuery = { page: number; pageSize: number; sort?: string; dir?: SortDirection };

/** The audiences of the caller's own tasks, by role (need to know). */
export function audiencesOf(roles: readonly string[]): TaskAudience[] {
  const out = new Set<TaskAudience>();
  if (roles.includes(Role.Counselor) || roles.includes(Role.Coordinator)) {
    out.add('counselor');
    out.add('owner');
  }
  if (roles.includes(Role.TeamMember)) out.add('partner');
  if (roles.includes(Role.CommunityVolunteer)) out.add('volunteer');
  return [...out];
}

const PRIORITY_RANK: Record<TaskPriority, number> = { urgent: 0, high: 1, normal: 2 };

/** Orders rows in memory by a list's declared columns (each a property of the row), then slices a page. */
function sortRows<T extends object>(rows: T[], def: ListSortDefinition, q: ListQuery): T[] {
  const { sort, dir } = resolveSort(def, q);
  const order = def.columns[sort].order;
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    for (const key of order) {
      const x = (a as Record<string, unknown>)[key] as string | number;
      const y = (b as Record<string, unknown>)[key] as string | number;
      if (x < y) return -sign;
      if (x > y) return sign;
    }
    return 0;
  });
}

/**
 * My tasks and the team's overdue tasks (issue 19 item 1), computed from the rule table (task-rules.ts):
 * for each rule the caller's roles call for, ONE query of the owning feature over the caller's
 * records, filtered in the database to what is due within the horizon; the rows merged, ordered and
 * paged; each page's case labels (number, initials, risk as priority) from the disclosure gate.
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    private readonly settings: TaskSettingsService,
    private readonly gate: CaseDisclosureService,
  ) {}

  private async member(m: EntityManager, actor: AuthContext): Promise<TaskMember | null> {
    if (!actor.roles.includes(Role.TeamMember)) return null;
    const user = await findUser(m, actor.userId);
    if (!user?.isActive || !user.institutionId) return null;
    return { institutionId: user.institutionId, serviceRoles: user.serviceRoles ?? [] };
  }

  /** The tasks of the rules given, over the scope. */
  private async compute(
    m: EntityManager,
    codes: readonly TaskCode[],
    ctx: TaskReadContext,
  ): Promise<EvaluatedTask[]> {
    const s = await this.settings.get(m);
    const days = daysSetting(s);
    const today = ctx.scope.today;
    const out: EvaluatedTask[] = [];
    for (const code of codes) {
      const rows = await TASK_RULES[code].read(m, ctx, anchorBy(code, today, s.horizonDays, days));
      for (const row of rows) {
        const task = evaluate(code, row, today, s.horizonDays, days);
        if (task) out.push(task);
      }
    }
    return out;
  }

  /** The reader of a task's case label: staff by role and assignment; partners and volunteers as decided here. */
  private readerOf(code: TaskCode): Reader | 'staff' {
    const audience = TASK_RULES[code].audience;
    // A team member's task is read as a partner with no category disclosed (the case number only), a
    // volunteer's as a volunteer with none (nothing): their inbox and assignment pages show the rest,
    // as far as the referral's or the assignment's consent allows.
    if (audience === 'partner') return reader('partner');
    if (audience === 'volunteer') return reader('volunteer');
    return 'staff';
  }

  private async label(actor: AuthContext, tasks: EvaluatedTask[]): Promise<TaskDto[]> {
    const labels = await this.gate.caseLabels(
      actor,
      tasks.map((t) => ({ caseId: t.caseId, reader: this.readerOf(t.code) })),
    );
    return tasks.map((t, i) => {
      const l = labels[i];
      // The priority tells the case's risk: only to those who may see the risk assessment.
      const priority: TaskPriority = l.riskLevel === null ? 'normal' : t.priority;
      return {
        id: `${t.code}:${t.refId}`,
        code: t.code,
        dueOn: t.dueOn,
        overdue: t.overdue,
        priority,
        priorityRank: PRIORITY_RANK[priority],
        caseId: t.caseId,
        caseNumber: l.caseNumber,
        initials: l.initials,
        link: t.link,
      };
    });
  }

  /** The caller's tasks, due within the horizon or overdue, a page at a time. */
  async mine(actor: AuthContext, q: ListQuery): Promise<Paginated<TaskDto> & { overdue: number }> {
    const m = this.tx.manager;
    const scope: TaskScope = { userId: actor.userId, today: todayOf(this.clock) };
    const tasks = await this.compute(m, rulesFor(audiencesOf(actor.roles)), {
      scope,
      member: await this.member(m, actor),
    });
    const labelled = await this.label(actor, tasks);
    const sorted = sortRows(labelled, MY_TASKS_SORT, q);
    const page = sorted.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    return { ...paginated(page, sorted.length, q), overdue: labelled.filter((t) => t.overdue).length };
  }

  /** The team's overdue tasks (every open case), by the counselor or owner whose task it is. */
  async team(
    actor: AuthContext,
    q: ListQuery,
  ): Promise<Paginated<TeamTaskDto> & { owners: TeamTaskOwnerDto[] }> {
    const m = this.tx.manager;
    const scope: TaskScope = { userId: null, today: todayOf(this.clock) };
    const tasks = (await this.compute(m, rulesFor(['counselor', 'owner']), { scope, member: null })).filter(
      (t) => t.overdue,
    );
    const names = await userNames(
      m,
      tasks.map((t) => t.ownerId),
    );
    const labelled = await this.label(actor, tasks);
    const rows = labelled.map((t, i) => ({
      ...t,
      ownerId: tasks[i].ownerId,
      ownerName: tasks[i].ownerId ? (names.get(tasks[i].ownerId!) ?? '') : '',
    }));
    const counts = new Map<string, TeamTaskOwnerDto>();
    for (const r of rows) {
      const key = r.ownerId ?? '';
      const o = counts.get(key) ?? { ownerId: r.ownerId, ownerName: r.ownerName, overdue: 0 };
      o.overdue += 1;
      counts.set(key, o);
    }
    const sorted = sortRows(rows, TEAM_TASKS_SORT, q);
    return {
      ...paginated(sorted.slice((q.page - 1) * q.pageSize, q.page * q.pageSize), sorted.length, q),
      owners: [...counts.values()].sort((a, b) =>
        a.ownerName < b.ownerName ? -1 : a.ownerName > b.ownerName ? 1 : 0,
      ),
    };
  }
}

export { TASK_PRIORITIES };
