import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../platform/common/clock';
import { AuthContext } from '../platform/common/request-context';
import { TransactionService } from '../platform/database/transaction.service';
import { readSection, writeSection } from '../platform/settings/setting-sections';
import { TASK_CODES, TASK_RULES, TaskCode, TaskDays } from './task-rules';
import { DEFAULT_HORIZON_DAYS } from './tasks.constants';

export interface TaskSettings {
  /** Tasks due within this many days show before they are due. */
  horizonDays: number;
  /** N of each rule that has one (days). */
  days: Record<string, number>;
}

const KEY = 'tasks';

/** The rules that take an N, and its default. */
export const RULES_WITH_DAYS = TASK_CODES.filter((code) => TASK_RULES[code].days !== null);

const DEFAULTS: TaskSettings = {
  horizonDays: DEFAULT_HORIZON_DAYS,
  days: Object.fromEntries(RULES_WITH_DAYS.map((code) => [code, TASK_RULES[code].days as number])),
};

/** The tasks settings (`settings` row `tasks`): N per rule, over the rule table's defaults. */
@Injectable()
export class TaskSettingsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  async get(m: EntityManager = this.tx.manager): Promise<TaskSettings & { version: number }> {
    const { value, version } = await readSection(m, KEY, DEFAULTS);
    return { horizonDays: value.horizonDays, days: { ...DEFAULTS.days, ...value.days }, version };
  }

  async update(
    actor: AuthContext,
    changes: { horizonDays: number; days: Partial<Record<TaskCode, number>> },
    version: number,
  ): Promise<TaskSettings & { version: number }> {
    return this.tx.run(async (m) => {
      const current = await this.get(m);
      const days = { ...current.days };
      for (const code of RULES_WITH_DAYS)
        if (changes.days[code] !== undefined) days[code] = changes.days[code]!;
      const written = await writeSection(
        m,
        KEY,
        DEFAULTS,
        { horizonDays: changes.horizonDays, days },
        version,
        actor.userId,
        this.clock.now(),
      );
      return { ...written.value, version: written.version };
    });
  }
}

export const daysSetting = (s: TaskSettings): TaskDays => s.days as TaskDays;
