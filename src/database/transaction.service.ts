import { Injectable } from '@nestjs/common';
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
 *   call each other without deadlocking the queue or escaping the transaction.
 */
@Injectable()
export class TransactionService {
  private readonly storage = new AsyncLocalStorage<EntityManager>();
  private readonly serial: boolean;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serial = dataSource.options.type === 'sqlite';
  }

  /** The manager of the transaction in progress, or the default one outside a transaction (reads). */
  get manager(): EntityManager {
    return this.storage.getStore() ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.storage.getStore() !== undefined;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const current = this.storage.getStore();
    if (current) return work(current);
    const start = () =>
      this.dataSource.transaction((manager) => this.storage.run(manager, () => work(manager)));
    if (!this.serial) return start();
    const result = this.tail.then(start, start);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
