import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { FakeClock } from '../common/clock';
import {
  BLIND_INDEX_SCOPE,
  BlindIndexService,
  normalizeExact,
  normalizeName,
  normalizeNik,
} from './blind-index.service';
import { DataKey } from './data-key.entity';
import { DataKeyService } from './data-key.service';
import { loadKeyRing } from './key-ring';

describe('normalizers', () => {
  it('normalizeNik keeps digits only', () => {
    expect(normalizeNik(' 3201-0101 0101.0001 ')).toBe('3201010101010001');
    expect(normalizeNik('３２０１０１')).toBe('320101'); // full-width digits
    expect(normalizeNik('NIK: -')).toBe('');
  });

  it('normalizeName folds case, diacritics, punctuation and whitespace', () => {
    expect(normalizeName('  Sitì   NUR\u2019AINI,  ')).toBe('siti nuraini');
    expect(normalizeName('Siti Nur’aini')).toBe(normalizeName('siti nuraini'));
    expect(normalizeName('Abdul-Rahman\tbin  Ali.')).toBe('abdulrahman bin ali');
    expect(normalizeName('Ａｎｉ')).toBe('ani'); // compatibility forms (NFKD)
    expect(normalizeName('Ani')).not.toBe(normalizeName('Ana'));
  });

  it('normalizeExact only trims and composes', () => {
    expect(normalizeExact(' Ani ')).toBe('Ani');
    expect(normalizeExact('e\u0301')).toBe('\u00e9');
  });
});

describe('BlindIndexService', () => {
  let dir: string;
  let ds: DataSource;
  const clock = new FakeClock();
  const ring = () =>
    loadKeyRing({ dataDir: dir, isProduction: false, encryption: { key: undefined, previousKeys: [] } });
  const service = async () => {
    const s = new BlindIndexService(ds, new DataKeyService(ds, ring(), clock));
    await s.onModuleInit();
    return s;
  };
  const blindKeys = () => ds.getRepository(DataKey).findBy({ scope: BLIND_INDEX_SCOPE });

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-blind-'));
    ds = new DataSource({
      type: 'sqlite',
      database: path.join(dir, 'b.sqlite'),
      entities: [DataKey],
      synchronize: true,
    });
    await ds.initialize();
  });
  afterEach(async () => {
    await ds.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is deterministic, normalizes and separates purposes', async () => {
    const blind = await service();
    const nik = blind.compute('person.nik', '3201 0101 0101 0001', normalizeNik);
    expect(nik).toMatch(/^[0-9a-f]{64}$/);
    expect(blind.compute('person.nik', '3201-0101-0101-0001', normalizeNik)).toBe(nik);
    expect(blind.compute('person.nik', '3201010101010002', normalizeNik)).not.toBe(nik);
    expect(blind.compute('guardian.nik', '3201010101010001', normalizeNik)).not.toBe(nik);
    expect(blind.compute('person.name', 'Sitì Nur’aini', normalizeName)).toBe(
      blind.compute('person.name', 'SITI NURAINI', normalizeName),
    );
    expect(blind.compute('code', ' A1 ')).toBe(blind.compute('code', 'A1'));
    expect(blind.compute('code', 'A1')).not.toBe(blind.compute('code', 'a1'));
    expect(() => blind.compute('person.nik', 'n/a', normalizeNik)).toThrow(/empty/);
    expect(() => blind.compute('a\0b', 'x')).toThrow(/purpose/);
  });

  it('creates its key once, as a data key, and reuses it', async () => {
    const first = await service();
    const [row] = await blindKeys();
    expect(row.wrappedKey).toMatch(/^v1\./);
    const second = await service();
    expect(await blindKeys()).toHaveLength(1);
    expect(second.compute('p', 'v')).toBe(first.compute('p', 'v'));
  });

  it('is not usable before initialisation', () => {
    const blind = new BlindIndexService(ds, new DataKeyService(ds, ring(), clock));
    expect(() => blind.compute('p', 'v')).toThrow(/not initialised/);
  });

  it('agrees across concurrent first starts and uses the earliest key', async () => {
    const [a, b] = await Promise.all([service(), service()]);
    expect(await blindKeys()).toHaveLength(2); // both started with an empty table
    expect(a.compute('p', 'v')).toBe(b.compute('p', 'v'));

    const earlier = new DataKeyService(ds, ring(), new FakeClock(new Date('2020-01-01T00:00:00Z')));
    await earlier.create(BLIND_INDEX_SCOPE);
    const later = await service();
    expect(later.compute('p', 'v')).not.toBe(a.compute('p', 'v'));
    const again = await service();
    expect(again.compute('p', 'v')).toBe(later.compute('p', 'v'));
  });

  it('refuses to start with a destroyed key', async () => {
    await service();
    const [row] = await blindKeys();
    await new DataKeyService(ds, ring(), clock).destroy(row.id);
    await expect(service()).rejects.toThrow(/destroyed/);
  });
});
