import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  Column,
  DataSource,
  Entity,
  EntitySubscriberInterface,
  Logger,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { rotateKeys } from '../../cli/rotate-key';
import { FakeClock } from '../common/clock';
import { DecryptionError, open } from './aes-gcm';
import { DataKey } from './data-key.entity';
import { DataKeyDestroyedError, DataKeyNotFoundError, DataKeyService } from './data-key.service';
import { EncryptedColumn, EncryptedEntity } from './encrypted-column.decorator';
import { FieldCryptoService } from './field-crypto.service';
import { FieldEncryptionSubscriber } from './field-encryption.subscriber';
import { KeyRing, loadKeyRing } from './key-ring';

@Entity('test_people')
class TestPerson {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  dataKeyId: string | null;

  @EncryptedColumn({ name: 'full_name' })
  fullName: string | null;

  @EncryptedColumn({ json: true })
  details: { phone: string; tags: string[] } | null;

  @Column({ type: 'varchar', length: 20, default: 'open' })
  status: string;

  @Column({ type: 'varchar', length: 20, nullable: true, unique: true })
  code: string | null;
}

@EncryptedEntity({ keyProperty: 'keyId' })
@Entity('test_visits')
class TestVisit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 36 })
  keyId: string;

  @EncryptedColumn()
  summary: string | null;

  @ManyToOne(() => TestPerson, { nullable: true })
  person: TestPerson | null;
}

class QueryCounter implements Logger {
  queries: string[] = [];
  logQuery(query: string): void {
    this.queries.push(query);
  }
  dataKeyQueries(): number {
    return this.queries.filter((q) => /^SELECT .* FROM "data_keys"/.test(q)).length;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

const b64Key = () => randomBytes(32).toString('base64');

describe('data keys and encrypted columns (sqlite)', () => {
  let dir: string;
  let file: string;
  let clock: FakeClock;
  let keyA: string;
  let ringA: KeyRing;
  const sources: DataSource[] = [];

  const ringOf = (key: string, previousKeys: string[] = []) =>
    loadKeyRing({ dataDir: dir, isProduction: false, encryption: { key, previousKeys } });

  async function connect(ring: KeyRing, logger?: Logger, subscribe = true, recheckMs?: number) {
    const ds = new DataSource({
      type: 'sqlite',
      database: file,
      entities: [DataKey, TestPerson, TestVisit],
      synchronize: true,
      logger,
    });
    await ds.initialize();
    sources.push(ds);
    const dataKeys = new DataKeyService(ds, ring, clock, recheckMs);
    if (subscribe) new FieldEncryptionSubscriber(ds, dataKeys);
    return {
      ds,
      dataKeys,
      fieldCrypto: new FieldCryptoService(dataKeys),
      people: ds.getRepository(TestPerson),
    };
  }

  async function savePerson(dataKeys: DataKeyService, ds: DataSource, fullName: string, code?: string) {
    const key = await dataKeys.create('test');
    return ds.getRepository(TestPerson).save(
      Object.assign(new TestPerson(), {
        dataKeyId: key.id,
        fullName,
        details: { phone: '0812-555-0101', tags: ['urgent'] },
        code: code ?? null,
      }),
    );
  }

  const rawPeople = (ds: DataSource): Promise<Record<string, string | null>[]> =>
    ds.query('SELECT * FROM test_people ORDER BY id');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-crypto-'));
    file = path.join(dir, 'test.sqlite');
    clock = new FakeClock();
    keyA = b64Key();
    ringA = ringOf(keyA);
  });

  afterEach(async () => {
    await Promise.all(sources.splice(0).map((ds) => ds.destroy()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('TypeORM 0.3.31 awaits promises returned by afterLoad', async () => {
    const { ds, people } = await connect(ringA, undefined, false);
    await ds.query(`INSERT INTO test_people (id, status) VALUES ('p1', 'open'), ('p2', 'open')`);
    const slow: EntitySubscriberInterface<TestPerson> = {
      listenTo: () => TestPerson,
      afterLoad: (entity) =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            entity.status = 'loaded-late';
            resolve();
          }, 25),
        ),
    };
    ds.subscribers.push(slow);
    expect((await people.findOneByOrFail({ id: 'p1' })).status).toBe('loaded-late');
    expect((await people.find()).map((p) => p.status)).toEqual(['loaded-late', 'loaded-late']);
    expect((await people.createQueryBuilder('p').getMany()).map((p) => p.status)).toEqual([
      'loaded-late',
      'loaded-late',
    ]);
  });

  it('creates data keys wrapped by the current master key, bound to their id', async () => {
    const { ds, dataKeys } = await connect(ringA);
    const created = await dataKeys.create('test');
    const [row] = await ds.query('SELECT * FROM data_keys');
    expect(row.id).toBe(created.id);
    expect(row.scope).toBe('test');
    expect(row.masterKeyId).toBe(ringA.current.id);
    expect(row.wrappedKey).toMatch(/^v1\./);
    expect(row.version).toBe(1);
    expect(new Date(row.createdAt + 'Z').toISOString()).toBe(clock.now().toISOString());
    expect(row.destroyedAt).toBeNull();
    const key = await dataKeys.getKey(created.id);
    expect(key).toHaveLength(32);
    // The wrapped key opens with the master key and its own id only (no swapping between rows).
    const other = await dataKeys.create('test');
    await ds.query('UPDATE data_keys SET wrappedKey = ? WHERE id = ?', [row.wrappedKey, other.id]);
    const fresh = new DataKeyService(ds, ringA, clock);
    await expect(fresh.getKey(other.id)).rejects.toThrow(DecryptionError);
    expect((await fresh.getKey(created.id))?.equals(key as Buffer)).toBe(true);
    await expect(fresh.getKey('00000000-0000-4000-8000-000000000000')).rejects.toThrow(DataKeyNotFoundError);
    await expect(dataKeys.create('Not A Scope')).rejects.toThrow(/scope/);
  });

  it('stores no plaintext, decrypts on load and gives plain values back after save', async () => {
    const { ds, dataKeys, people } = await connect(ringA);
    const saved = await savePerson(dataKeys, ds, 'Siti Aminah');
    expect(saved.fullName).toBe('Siti Aminah');
    expect(saved.details).toEqual({ phone: '0812-555-0101', tags: ['urgent'] });

    const [raw] = await rawPeople(ds);
    expect(raw.full_name).toMatch(/^v1\./);
    expect(raw.details).toMatch(/^v1\./);
    const dump = JSON.stringify(await rawPeople(ds));
    for (const secret of ['Siti', 'Aminah', '0812', 'urgent']) expect(dump).not.toContain(secret);

    const loaded = await people.findOneByOrFail({ id: saved.id });
    expect(loaded.fullName).toBe('Siti Aminah');
    expect(loaded.details).toEqual({ phone: '0812-555-0101', tags: ['urgent'] });
    expect(loaded.status).toBe('open');
  });

  it('re-encrypts on update and keeps values intact when other columns change', async () => {
    const { ds, dataKeys, people } = await connect(ringA);
    const person = await savePerson(dataKeys, ds, 'Siti Aminah');
    const [before] = await rawPeople(ds);

    const loaded = await people.findOneByOrFail({ id: person.id });
    loaded.fullName = 'Siti Aminah Putri';
    await people.save(loaded);
    expect(loaded.fullName).toBe('Siti Aminah Putri');
    const [after] = await rawPeople(ds);
    expect(after.full_name).toMatch(/^v1\./);
    expect(after.full_name).not.toBe(before.full_name);
    expect(JSON.stringify(after)).not.toContain('Putri');
    expect((await people.findOneByOrFail({ id: person.id })).fullName).toBe('Siti Aminah Putri');

    loaded.status = 'closed';
    await people.save(loaded);
    const reloaded = await people.findOneByOrFail({ id: person.id });
    expect(reloaded).toMatchObject({ status: 'closed', fullName: 'Siti Aminah Putri' });
    expect(reloaded.details).toEqual({ phone: '0812-555-0101', tags: ['urgent'] });

    // A partial save finds the data key id on the database row.
    await people.save({ id: person.id, fullName: 'S. A. Putri' });
    expect((await people.findOneByOrFail({ id: person.id })).fullName).toBe('S. A. Putri');
  });

  it('binds each value to its column (AAD = table.column)', async () => {
    const { ds, dataKeys, people } = await connect(ringA);
    const person = await savePerson(dataKeys, ds, 'Siti Aminah');
    await ds.query('UPDATE test_people SET details = full_name');
    await expect(people.findOneByOrFail({ id: person.id })).rejects.toThrow(DecryptionError);
  });

  it('refuses to write encrypted values without a data key, or through a query-builder update without one', async () => {
    const { ds, dataKeys, people } = await connect(ringA);
    await expect(people.save(Object.assign(new TestPerson(), { fullName: 'Siti Aminah' }))).rejects.toThrow(
      /no data key: set 'dataKeyId'/,
    );
    await expect(people.insert({ fullName: 'Siti Aminah' })).rejects.toThrow(/no data key/);
    expect(await people.count()).toBe(0);
    await people.save(Object.assign(new TestPerson(), { fullName: null, status: 'empty' }));
    expect(await people.countBy({ status: 'empty' })).toBe(1);

    const person = await savePerson(dataKeys, ds, 'Siti Aminah');
    await expect(people.update(person.id, { fullName: 'Plain Text' })).rejects.toThrow(/no data key/);
    await people.update(person.id, { fullName: 'Dewi Lestari', dataKeyId: person.dataKeyId });
    expect(JSON.stringify(await rawPeople(ds))).not.toMatch(/Plain Text|Dewi/);
    expect((await people.findOneByOrFail({ id: person.id })).fullName).toBe('Dewi Lestari');
    await expect(people.find({ select: { id: true, fullName: true } })).rejects.toThrow(/select 'dataKeyId'/);
  });

  it('puts plaintext back after a failed write and never encrypts twice', async () => {
    const { ds, dataKeys, people } = await connect(ringA);
    await savePerson(dataKeys, ds, 'Siti Aminah', 'DUP');
    const second = Object.assign(new TestPerson(), {
      dataKeyId: (await dataKeys.create('test')).id,
      fullName: 'Dewi Lestari',
      code: 'DUP',
    });
    await expect(people.save(second)).rejects.toThrow(/UNIQUE/);
    expect(second.fullName).toBe('Dewi Lestari'); // restored by afterTransactionRollback
    await expect(people.save(second, { transaction: false })).rejects.toThrow(/UNIQUE/);
    second.code = 'OK';
    await people.save(second);
    expect(second.fullName).toBe('Dewi Lestari');
    expect((await people.findOneByOrFail({ id: second.id })).fullName).toBe('Dewi Lestari');
  });

  it('loads the data keys of many rows (and of their relations) in one query', async () => {
    const writer = await connect(ringA);
    const n = 40;
    for (let i = 0; i < n; i++) {
      const person = await savePerson(writer.dataKeys, writer.ds, `Person ${i}`);
      const key = await writer.dataKeys.create('test');
      await writer.ds.getRepository(TestVisit).save({ keyId: key.id, summary: `Visit ${i}`, person });
    }
    expect(await writer.ds.getRepository(DataKey).count()).toBe(2 * n);

    const counter = new QueryCounter();
    const reader = await connect(ringA, counter); // a fresh service: empty key cache
    const people = await reader.people.find();
    expect(people.map((p) => p.fullName).sort()).toEqual(
      Array.from({ length: n }, (_, i) => `Person ${i}`).sort(),
    );
    expect(counter.dataKeyQueries()).toBe(1);

    const fresh = await connect(ringA, counter);
    counter.queries = [];
    const visits = await fresh.ds.getRepository(TestVisit).find({ relations: { person: true } });
    expect(visits).toHaveLength(n);
    for (const visit of visits) {
      expect(visit.person?.fullName).toBe(visit.summary?.replace('Visit', 'Person'));
    }
    expect(counter.dataKeyQueries()).toBe(1);
    expect(counter.queries.length).toBeLessThanOrEqual(3);

    counter.queries = [];
    await fresh.people.find();
    expect(counter.dataKeyQueries()).toBe(0); // cached
  });

  it('batches getKey calls made in the same tick, across awaits', async () => {
    const writer = await connect(ringA);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await writer.dataKeys.create('test')).id);
    const counter = new QueryCounter();
    const { dataKeys } = await connect(ringA, counter);
    const keys = await Promise.all([
      ...ids.map((id) => dataKeys.getKey(id)),
      (async () => {
        await Promise.resolve();
        return dataKeys.getKey(ids[0]);
      })(),
    ]);
    expect(keys.map((k) => k?.length)).toEqual([32, 32, 32, 32, 32, 32]);
    expect(keys[5]?.equals(keys[0] as Buffer)).toBe(true);
    expect(counter.dataKeyQueries()).toBe(1);
  });

  it('uses a data key created in the same transaction', async () => {
    const { ds, dataKeys, people } = await connect(ringA);
    const id = await ds.transaction(async (manager) => {
      const key = await dataKeys.create('test', manager);
      const person = await manager.save(
        Object.assign(new TestPerson(), { dataKeyId: key.id, fullName: 'Ani' }),
      );
      return person.id;
    });
    const fresh = await connect(ringA);
    expect((await fresh.people.findOneByOrFail({ id })).fullName).toBe('Ani');
    expect((await people.findOneByOrFail({ id })).fullName).toBe('Ani');
  });

  it('destroys a key for good: values load as null and the ciphertext stays unreadable', async () => {
    const { ds, dataKeys, people, fieldCrypto } = await connect(ringA);
    const person = await savePerson(dataKeys, ds, 'Siti Aminah');
    const keep = await savePerson(dataKeys, ds, 'Dewi Lestari');
    const key = (await dataKeys.getKey(person.dataKeyId as string)) as Buffer;
    const note = await fieldCrypto.encryptString(person.dataKeyId as string, 'catatan', 'note:1');
    const [rawBefore] = await ds.query('SELECT full_name FROM test_people WHERE id = ?', [person.id]);

    await dataKeys.destroy(person.dataKeyId as string);

    const [keyRow] = await ds.query('SELECT * FROM data_keys WHERE id = ?', [person.dataKeyId]);
    expect(keyRow.wrappedKey).toBeNull();
    expect(keyRow.destroyedAt).not.toBeNull();
    expect(keyRow.version).toBe(2);
    const loaded = await people.findOneByOrFail({ id: person.id });
    expect(loaded.fullName).toBeNull();
    expect(loaded.details).toBeNull();
    expect((await people.findOneByOrFail({ id: keep.id })).fullName).toBe('Dewi Lestari');
    const [rawAfter] = await ds.query('SELECT full_name FROM test_people WHERE id = ?', [person.id]);
    expect(rawAfter.full_name).toBe(rawBefore.full_name);
    expect(rawAfter.full_name).toMatch(/^v1\./);

    const fresh = await connect(ringA);
    expect(await fresh.dataKeys.getKey(person.dataKeyId as string)).toBeNull();
    expect((await fresh.people.findOneByOrFail({ id: person.id })).fullName).toBeNull();
    expect(await fresh.fieldCrypto.decryptString(person.dataKeyId as string, note, 'note:1')).toBeNull();
    await expect(fieldCrypto.encryptString(person.dataKeyId as string, 'x', 'note:2')).rejects.toThrow(
      DataKeyDestroyedError,
    );
    loaded.fullName = 'Siti';
    await expect(people.save(loaded)).rejects.toThrow(DataKeyDestroyedError);
    // Only the destroyed key could open it: another key cannot.
    const sealed = Buffer.from((rawAfter.full_name as string).slice(3), 'base64');
    expect(() => open(randomBytes(32), sealed, 'test_people.full_name')).toThrow(DecryptionError);
    expect(open(key, sealed, 'test_people.full_name').toString()).toBe('Siti Aminah'); // the key was right

    await dataKeys.destroy(person.dataKeyId as string); // idempotent
    await expect(dataKeys.destroy('00000000-0000-4000-8000-000000000000')).rejects.toThrow(
      DataKeyNotFoundError,
    );
  });

  describe('keys destroyed by another process (npm run purge, another instance)', () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    async function setUp(recheckMs: number) {
      const purger = await connect(ringA); // the purge CLI: its own connection and key service
      const gone = await savePerson(purger.dataKeys, purger.ds, 'Siti Aminah');
      const kept = await savePerson(purger.dataKeys, purger.ds, 'Dewi Lestari');
      const counter = new QueryCounter();
      const app = await connect(ringA, counter, true, recheckMs); // the running application
      expect((await app.people.findOneByOrFail({ id: gone.id })).fullName).toBe('Siti Aminah');
      expect((await app.people.findOneByOrFail({ id: kept.id })).fullName).toBe('Dewi Lestari');
      await purger.dataKeys.destroy(gone.dataKeyId as string);
      counter.queries = [];
      return { app, counter, gone, kept };
    }

    it('within the recheck interval the cache is trusted: no data-key query per read', async () => {
      const { app, counter, gone } = await setUp(60_000);
      expect((await app.people.findOneByOrFail({ id: gone.id })).fullName).toBe('Siti Aminah');
      expect(counter.dataKeyQueries()).toBe(0);
    });

    it('after the interval, the next read finds the key destroyed; live keys stay cached', async () => {
      const { app, counter, gone, kept } = await setUp(100);
      await sleep(150);
      expect((await app.people.findOneByOrFail({ id: gone.id })).fullName).toBeNull();
      expect((await app.people.findOneByOrFail({ id: kept.id })).fullName).toBe('Dewi Lestari');
      // one destruction-mark query, one query for which cached keys are destroyed; no reloads
      expect(counter.dataKeyQueries()).toBe(2);
      await expect(app.fieldCrypto.encryptString(gone.dataKeyId as string, 'x', 'note:1')).rejects.toThrow(
        DataKeyDestroyedError,
      );

      counter.queries = [];
      await sleep(150);
      expect((await app.people.findOneByOrFail({ id: kept.id })).fullName).toBe('Dewi Lestari');
      expect(counter.dataKeyQueries()).toBe(1); // the mark did not move: nothing else is asked
    });

    it('with DATA_KEY_RECHECK_MS=0 every use checks, so a purge is seen at once', async () => {
      const { app, gone, kept } = await setUp(0);
      expect((await app.people.findOneByOrFail({ id: gone.id })).fullName).toBeNull();
      expect((await app.people.findOneByOrFail({ id: kept.id })).fullName).toBe('Dewi Lestari');
    });
  });

  it('encrypts buffers and strings explicitly with FieldCryptoService', async () => {
    const { dataKeys, fieldCrypto } = await connect(ringA);
    const { id } = await dataKeys.create('test');
    const file = Buffer.from('%PDF-1.7 visum et repertum');
    const sealed = await fieldCrypto.encryptBuffer(id, file, 'attachment:42');
    expect(sealed.includes(Buffer.from('visum'))).toBe(false);
    expect(await fieldCrypto.decryptBuffer(id, sealed, 'attachment:42')).toEqual(file);
    await expect(fieldCrypto.decryptBuffer(id, sealed, 'attachment:43')).rejects.toThrow(DecryptionError);
    const text = await fieldCrypto.encryptString(id, 'Jl. Melati 3', 'address');
    expect(text).toMatch(/^v1\./);
    expect(await fieldCrypto.decryptString(id, text, 'address')).toBe('Jl. Melati 3');
  });

  it('rotates master keys: everything stays readable under the new key alone', async () => {
    const writer = await connect(ringA);
    const people = [];
    for (let i = 0; i < 5; i++) people.push(await savePerson(writer.dataKeys, writer.ds, `Person ${i}`));
    await writer.dataKeys.destroy(people[4].dataKeyId as string);

    const keyB = b64Key();
    const ringB = ringOf(keyB, [keyA]);
    expect(await rotateKeys(writer.ds, ringB)).toEqual({ rewrapped: 4, alreadyCurrent: 0, destroyed: 1 });

    const rows: DataKey[] = await writer.ds.query('SELECT * FROM data_keys WHERE wrappedKey IS NOT NULL');
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => [r.masterKeyId, r.version])).toEqual(Array(4).fill([ringB.current.id, 2]));

    const onlyB = await connect(ringOf(keyB));
    const loaded = await onlyB.people.find({ order: { fullName: 'ASC' } });
    expect(
      loaded
        .map((p) => p.fullName)
        .filter(Boolean)
        .sort(),
    ).toEqual(['Person 0', 'Person 1', 'Person 2', 'Person 3']);
    expect(await rotateKeys(writer.ds, ringB)).toEqual({ rewrapped: 0, alreadyCurrent: 4, destroyed: 1 });

    // Without the previous key, keys still under it cannot be read, and rotation stops with a clear error.
    const more = [];
    for (let i = 0; i < 7; i++) more.push(await writer.dataKeys.create('test')); // still under ring A
    const onlyC = ringOf(b64Key());
    await expect(new DataKeyService(writer.ds, onlyC).getKey(more[0].id)).rejects.toThrow(
      /not in the key ring/,
    );
    await expect(new DataKeyService(writer.ds, onlyC).rewrapAll()).rejects.toThrow(/not in the key ring/);

    // Batches of 3 over keys under A and B.
    const keyC = b64Key();
    const ringC = ringOf(keyC, [keyA, keyB]);
    expect(await new DataKeyService(writer.ds, ringC).rewrapAll(3)).toEqual({
      rewrapped: 11,
      alreadyCurrent: 0,
      destroyed: 1,
    });
    const onlyCReader = await connect(ringOf(keyC));
    expect((await onlyCReader.people.findOneByOrFail({ id: people[2].id })).fullName).toBe('Person 2');
    expect((await onlyCReader.dataKeys.getKey(more[6].id))?.length).toBe(32);
  });
});
