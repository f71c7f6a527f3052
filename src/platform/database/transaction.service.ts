import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';

/**
 * One transaction per user action, and the only way code writes to the database.
 *
 * - PostgreSQL: `run()` is a plain transaction on its own pooled connection.
 * - sqlite: TypeORM's sqlite driver shares ONE connection and ONE query runner between all
 *   callers, so two concurrent `dataSource.transaction()` calls would interleave (the second
 *   becoming a savepoint inside the first, a rollback of one discarding the other's writes). Here
 *   transactions are queued and run one after another; sqlite has a single writer anyway.
 * - A `run()` inside a `run()` joins the outer transaction (AsyncLocalStorage), so services can
 *   call each other without deadlocking the queue or escaping the transaction. The audit interceptor
 *   opens the transaction of a write request, so the action and its audit row commit together.
 * - Work that outlives the request (a background export) starts with `detached()`: it must not join
 *   the request's transaction, which commits without waiting for it.
 * - What must happen only once the data is committed (removing a deleted file's bytes) is given to
 *   `afterCommit()`: it runs after the outermost transaction commits, and never after a rollback.
 */
interface TxContext {
  manager: EntityManager;
  afterCommit: (() => void)[];
}

@Injectable()
export class TransactionService {
  private readonly storage = new AsyncLocalStorage<TxContext>();
  private readonly logger = new Logger('Transaction');
  private readonly serial: boolean;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serial = dataSource.options.type === 'sqlite';
  }

  /** The manager of the transaction in progress, or the default one outside a transaction (reads). */
  get manager(): EntityManager {
    return this.storage.getStore()?.manager ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.storage.getStore() !== undefined;
  }

  /** Runs `work` outside any transaction in progress: its own `run()` calls start their own. */
  detached<T>(work: () => T): T {
    return this.storage.exit(work);
  }

  /** Runs `fn` once the transaction in progress has committed (at once outside a transaction). */
  afterCommit(fn: () => void): void {
    const current = this.storage.getStore();
    if (current) current.afterCommit.push(fn);
    else fn();
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const current = this.storage.getStore();
    if (current) return work(current.manager);
    const start = async () => {
      const context: TxContext = { manager: this.dataSource.manager, afterCommit: [] };
      const result = await this.dataSource.transaction((manager) => {
        context.manager = manager;
        return this.storage.run(context, () => work(manager));
      });
      for (const fn of context.afterCommit) {
        try {
          fn();
        } catch (error) {
          // The transaction is committed: a clean-up that fails is reported, not the user's action.
          this.logger.error(`after-commit step failed: ${(error as Error).message}`);
        }
      }
      return result;
    };
    if (!this.serial) return start();
    const result = this.tail.then(start, start);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
