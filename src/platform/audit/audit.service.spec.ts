import type { FastifyRequest } from 'fastify';
import { Clock } from '../common/clock';
import { TransactionService } from '../database/transaction.service';
import { AuditLog } from './audit-log.entity';
import { AuditService } from './audit.service';

/** A transaction service whose commits wait for `release()` and can be made to fail. */
function fakeTx() {
  const inserted: AuditLog[][] = [];
  const committed: AuditLog[] = [];
  let gate!: () => void;
  let failNext: Error | null = null;
  const manager = {
    createQueryBuilder: () => {
      const qb: any = {
        insert: () => qb,
        into: () => qb,
        values: (rows: AuditLog[]) => ((qb.rows = rows), qb),
        updateEntity: () => qb,
        execute: async () => void inserted.push(qb.rows),
      };
      return qb;
    },
  };
  const tx = {
    inTransaction: false,
    transactions: 0,
    detached: <T>(work: () => T) => work(),
    run: async <T>(work: (m: unknown) => Promise<T>): Promise<T> => {
      tx.transactions++;
      const before = inserted.length;
      const result = await work(manager);
      await new Promise<void>((resolve) => (gate = resolve)); // the commit
      if (failNext) {
        const err = failNext;
        failNext = null;
        inserted.splice(before); // rolled back
        throw err;
      }
      for (const rows of inserted.slice(before)) committed.push(...rows);
      return result;
    },
  };
  return {
    tx,
    committed,
    release: () => gate(),
    failCommit: (err: Error) => (failNext = err),
  };
}

const tick = () => new Promise((r) => setImmediate(r));
const req = (id: string) => ({ id, method: 'GET', routeOptions: { url: '/api/cases' }, ip: '127.0.0.1' }) as unknown as FastifyRequest; // prettier-ignore

function service(tx: ReturnType<typeof fakeTx>['tx']) {
  const repo = { create: (row: Partial<AuditLog>) => row as AuditLog };
  return new AuditService(repo as any, new Clock(), tx as unknown as TransactionService);
}

describe('AuditService group commit (reads, denials: rows recorded outside a transaction)', () => {
  it('rows recorded together share one transaction, and none resolves before the commit', async () => {
    const f = fakeTx();
    const audit = service(f.tx);
    const settled: string[] = [];
    const records = ['r1', 'r2', 'r3', 'r4', 'r5'].map((id) =>
      audit.record(req(id), { action: 'cases.read', outcome: 'allowed' }).then(() => settled.push(id)),
    );
    await tick();
    await tick();
    // one transaction for the five, its commit pending: no caller may answer yet
    expect(f.tx.transactions).toBe(1);
    expect(settled).toEqual([]);
    expect(f.committed).toEqual([]);
    f.release();
    await Promise.all(records);
    expect(f.committed.map((r) => r.requestId)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(settled.sort()).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('rows arriving while a group commits wait for the next group, and each for its own commit', async () => {
    const f = fakeTx();
    const audit = service(f.tx);
    const settled: string[] = [];
    const first = audit.record(req('a'), { action: 'cases.read', outcome: 'allowed' }).then(() => settled.push('a'));
    await tick();
    const second = audit.record(req('b'), { action: 'cases.read', outcome: 'allowed' }).then(() => settled.push('b'));
    const third = audit.record(req('c'), { action: 'cases.read', outcome: 'allowed' }).then(() => settled.push('c'));
    await tick();
    expect(f.tx.transactions).toBe(1);
    f.release(); // the first group commits
    await first;
    await tick();
    expect(settled).toEqual(['a']); // b and c are not committed yet
    expect(f.tx.transactions).toBe(2); // … they share the next transaction
    f.release();
    await Promise.all([second, third]);
    expect(settled).toEqual(['a', 'b', 'c']);
    expect(f.committed.map((r) => r.requestId)).toEqual(['a', 'b', 'c']);
  }); // prettier-ignore

  it('a failed group commit fails every record in it (and the next group is committed on its own)', async () => {
    const f = fakeTx();
    const audit = service(f.tx);
    jest.spyOn((audit as any).logger, 'error').mockImplementation(() => undefined);
    f.failCommit(new Error('disk I/O error'));
    const group = ['x', 'y', 'z'].map((id) => audit.record(req(id), { action: 'cases.read', outcome: 'allowed' }));
    const outcomes = Promise.allSettled(group);
    await tick();
    await tick();
    f.release();
    expect((await outcomes).map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(f.committed).toEqual([]);
    const later = audit.record(req('w'), { action: 'cases.read', outcome: 'allowed' });
    await tick();
    await tick();
    f.release();
    await expect(later).resolves.toBeUndefined();
    expect(f.committed.map((r) => r.requestId)).toEqual(['w']);
  }); // prettier-ignore

  it('inside a transaction the row joins it (committed with the action, not grouped)', async () => {
    const f = fakeTx();
    const joined: unknown[] = [];
    const tx = { ...f.tx, inTransaction: true, run: async (work: (m: unknown) => Promise<unknown>) => (joined.push(1), work((f.tx as any).manager ?? { createQueryBuilder: () => { const qb: any = { insert: () => qb, into: () => qb, values: () => qb, updateEntity: () => qb, execute: async () => undefined }; return qb; } })) }; // prettier-ignore
    const audit = service(tx as any);
    await audit.record(req('t'), { action: 'cases.create', outcome: 'allowed' });
    expect(joined).toHaveLength(1);
    expect(f.tx.transactions).toBe(0);
  });

  it('marks a request whose denial it recorded', async () => {
    const f = fakeTx();
    const audit = service(f.tx);
    const r = req('d') as any;
    const done = audit.record(r, { action: 'cases.read', outcome: 'denied', code: 'FORBIDDEN' });
    await tick();
    await tick();
    expect(r.denialAudited).toBeUndefined();
    f.release();
    await done;
    expect(r.denialAudited).toBe(true);
  });
});
