import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { ConfigModule } from '@nestjs/config';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { appConfig } from '../config/app.config';
import { BlindIndexService } from './blind-index.service';
import { CryptoModule } from './crypto.module';
import { DataKey } from './data-key.entity';
import { DataKeyService } from './data-key.service';
import { EncryptedColumn } from './encrypted-column.decorator';
import { FieldCryptoService } from './field-crypto.service';
import { KEY_FILE, KEY_RING, KeyRing } from './key-ring';

@Entity('test_notes')
class TestNote {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  @EncryptedColumn()
  body: string | null;
}

describe('CryptoModule', () => {
  const saved = { DATA_DIR: process.env.DATA_DIR, ENCRYPTION_KEY: process.env.ENCRYPTION_KEY };
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-cryptomod-'));
    process.env.DATA_DIR = dir;
    delete process.env.ENCRYPTION_KEY;
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('wires the key ring, the services and the subscriber through Nest', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] }),
        TypeOrmModule.forRoot({
          type: 'sqlite',
          database: path.join(dir, 'm.sqlite'),
          entities: [DataKey, TestNote],
          synchronize: true,
        }),
        CryptoModule,
      ],
    }).compile();
    const app = await moduleRef.init();
    try {
      const ring = app.get<KeyRing>(KEY_RING);
      expect(ring.source).toBe('file');
      expect(fs.statSync(path.join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(app.get(BlindIndexService).compute('p', 'v')).toMatch(/^[0-9a-f]{64}$/);
      expect(app.get(FieldCryptoService)).toBeInstanceOf(FieldCryptoService);

      const ds = app.get<DataSource>(getDataSourceToken());
      const { id: dataKeyId } = await app.get(DataKeyService).create('test');
      const note = await ds.getRepository(TestNote).save({ dataKeyId, body: 'kronologi kejadian' });
      const [raw] = await ds.query('SELECT body FROM test_notes');
      expect(raw.body).toMatch(/^v1\./);
      expect((await ds.getRepository(TestNote).findOneByOrFail({ id: note.id })).body).toBe(
        'kronologi kejadian',
      );
      expect(ds.subscribers.filter((s) => s.constructor.name === 'FieldEncryptionSubscriber')).toHaveLength(
        1,
      );
    } finally {
      await app.close();
    }
  });
});
