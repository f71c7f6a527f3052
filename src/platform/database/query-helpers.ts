import { EntityManager, FindOneOptions } from 'typeorm';

/* Query pieces that work the same on sqlite and PostgreSQL. */

/** Find options that lock the row until the transaction ends, on PostgreSQL (sqlite is serialized). */
export function lockedFor<T>(m: EntityManager, options: FindOneOptions<T>): FindOneOptions<T> {
  return m.connection.options.type === 'postgres'
    ? { ...options, lock: { mode: 'pessimistic_write' } }
    : options;
}

/** Users holding a role (simple-array column) as a WHERE fragment. */
export function roleLike(alias: string, column: string, param: string): string {
  return `(',' || ${alias}.${column} || ',') LIKE :${param}`;
}
