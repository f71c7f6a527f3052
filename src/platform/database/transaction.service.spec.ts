import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { TransactionService } from './transaction.service';

@Entity('tx_counter')
class Counter {
  @PrimaryColumn({ type: 'varchar' }) id: string;
  @Column({ type: 'integer' }) value: number;
}

@Entity('tx_row')
class Row {
  @PrimaryColumn({ type: 'varchar' }) id: string;
}

describe('TransactionService on sqlite', () => {
  let ds: DataSource;
  let tx: TransactionService;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-tx-'));
    // Throw-away unit-test schema: synchronize is acceptable here only.
    ds = new DataSource({
      type: 'sqlite',
      database: path.join(dir, 't.sqlite'),
      entities: [Counter, Row],
      synchronize: true,
    });
    await ds.initialize();
    await ds.getRepository(Counter).insert({ id: 'c', value: 0 });
    tx = new TransactionService(ds);
  });
  afterAll(async () => {
    await ds.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serializes concurrent read-modify-write transactions: no lost update', async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await Promise.all(
      Array.from({ length: 25 }, () =>
        tx.run(async (m) => {
          const c = await m.findOneByOrFail(Counter, { id: 'c' });
          await sleep(1);
          await m.update(Counter, { id: 'c' }, { value: c.value + 1 });
        }),
      ),
    );
    expect((await ds.getRepository(Counter).findOneByOrFail({ id: 'c' })).value).toBe(25);
  });

  it('a failing transaction rolls back only its own writes, not a concurrent one', async () => {
    const failing = tx.run(async (m) => {
      await m.insert(Row, { id: 'doomed' });
      await new Promise((r) => setTimeout(r, 5));
      throw new Error('boom');
    });
    const ok = tx.run(async (m) => {
      await m.insert(Row, { id: 'kept' });
    });
    await expect(failing).rejects.toThrow('boom');
    await ok;
    const ids = (await ds.getRepository(Row).find()).map((r) => r.id);
    expect(ids).toContain('kept');
    expect(ids).not.toContain('doomed');
  });

  it('nested run joins the outer transaction (and rolls back with it)', async () => {
    await expect(
      tx.run(async () => {
        await tx.run((m) => m.insert(Row, { id: 'inner' }));
        expect(tx.inTransaction).toBe(true);
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await ds.getRepository(Row).findOneBy({ id: 'inner' })).toBeNull();
    expect(tx.inTransaction).toBe(false);
  });

  it('keeps working after a failure', async () => {
    await tx.run((m) => m.insert(Row, { id: 'after' }));
    expect(await ds.getRepository(Row).findOneBy({ id: 'after' })).not.toBeNull();
  });

  it('afterCommit runs once the outermost transaction has committed, never after a rollback', async () => {
    const log: string[] = [];
    await tx.run(async (m) => {
      await tx.run(async () => {
        tx.afterCommit(() => log.push('inner'));
      });
      await m.insert(Row, { id: 'with-after' });
      tx.afterCommit(() => log.push('outer'));
      expect(log).toEqual([]); // not yet: the transaction is still open
    });
    expect(log).toEqual(['inner', 'outer']);

    await expect(
      tx.run(async () => {
        tx.afterCommit(() => log.push('rolled back'));
        throw new Error('fails');
      }),
    ).rejects.toThrow('fails');
    expect(log).toEqual(['inner', 'outer']);

    tx.afterCommit(() => log.push('outside'));
    expect(log).toEqual(['inner', 'outer', 'outside']); // no transaction: at once
  });

  it('detached work does not join the transaction it was started from', async () => {
    let background: Promise<void> | undefined;
    await expect(
      tx.run(async (m) => {
        await m.insert(Row, { id: 'doomed-2' });
        // e.g. a background export started by the request: its writes are its own
        background = tx.detached(() =>
          new Promise<void>((r) => setTimeout(r, 1)).then(() =>
            tx.run((inner) => inner.insert(Row, { id: 'detached' }).then(() => undefined)),
          ),
        );
        expect(tx.detached(() => tx.inTransaction)).toBe(false);
        throw new Error('request fails');
      }),
    ).rejects.toThrow('request fails');
    await background;
    const ids = (await ds.getRepository(Row).find()).map((r) => r.id);
    expect(ids).toContain('detached');
    expect(ids).not.toContain('doomed-2');
  });
});
