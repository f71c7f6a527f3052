import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { AppConfig, InjectAppConfig } from '../config/app.config';
import { TransactionService } from '../database/transaction.service';
import { ScheduleRun } from './schedule-run.entity';

interface Task {
  name: string;
  intervalMs: number;
  work: () => Promise<unknown>;
}

/** How often each instance looks for a due task (a task runs at most once per its own interval). */
const TICK_MS = 60_000;

/**
 * Periodic work that runs once per interval across every instance on the database (issue 17, item 3).
 * A feature registers a task at start-up; each instance ticks every minute and claims the due tasks
 * with one atomic UPDATE of `schedule_runs` (`nextRunAt <= now` → `now + interval`): only the instance
 * whose UPDATE changed the row runs the task. A task that fails is logged (its error's name only) and
 * runs again at its next turn. No timers in tests: they call `runDue()`.
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Scheduler');
  private readonly tasks = new Map<string, Task>();
  private readonly instance = randomUUID();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  /** Registers a periodic task (call it from a provider's constructor or `onModuleInit`). */
  register(name: string, intervalMs: number, work: () => Promise<unknown>): void {
    if (this.tasks.has(name)) throw new Error(`schedule ${name} registered twice`);
    this.tasks.set(name, { name, intervalMs, work });
  }

  onApplicationBootstrap(): void {
    if (this.config.env === 'test') return;
    this.timer = setInterval(() => void this.runDue(), TICK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Claims and runs the tasks that are due; gives the names of those this instance ran. */
  async runDue(): Promise<string[]> {
    const ran: string[] = [];
    for (const task of this.tasks.values()) {
      if (!(await this.claim(task))) continue;
      ran.push(task.name);
      try {
        await task.work();
      } catch (error) {
        this.logger.error(`${task.name} failed: ${error instanceof Error ? error.name : 'error'}`);
      }
    }
    return ran;
  }

  /** True when this instance won the task's turn. */
  private claim(task: Task): Promise<boolean> {
    const now = this.clock.now();
    const next = new Date(now.getTime() + task.intervalMs);
    return this.tx.run(async (m) => {
      await m
        .createQueryBuilder()
        .insert()
        .into(ScheduleRun)
        .values({ name: task.name, nextRunAt: now, lastStartedAt: null, lastInstance: null, runs: 0 })
        .orIgnore()
        .execute();
      const res = await m
        .createQueryBuilder()
        .update(ScheduleRun)
        .set({ nextRunAt: next, lastStartedAt: now, lastInstance: this.instance, runs: () => '"runs" + 1' })
        .where('"name" = :name AND "nextRunAt" <= :now', { name: task.name, now })
        .execute();
      return res.affected === 1;
    });
  }
}
