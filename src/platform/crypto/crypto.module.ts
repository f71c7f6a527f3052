import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfigShape, appConfig } from '../config/app.config';
import { BlindIndexService } from './blind-index.service';
import { DataKey } from './data-key.entity';
import { DATA_KEY_RECHECK_MS, DataKeyService } from './data-key.service';
import { FieldCryptoService } from './field-crypto.service';
import { FieldEncryptionSubscriber } from './field-encryption.subscriber';
import { KEY_RING, loadKeyRing } from './key-ring';

/**
 * Encryption at rest: the master key ring, per-record data keys, the subscriber that encrypts
 * @EncryptedColumn properties, explicit field encryption and blind indexes. Global; needs
 * TypeOrmModule.forRoot and ConfigModule.forRoot in the application module.
 */
@Global()
@Module({
  imports: [ConfigModule.forFeature(appConfig), TypeOrmModule.forFeature([DataKey])],
  providers: [
    {
      provide: KEY_RING,
      inject: [appConfig.KEY],
      useFactory: (config: AppConfigShape) => loadKeyRing(config),
    },
    {
      provide: DATA_KEY_RECHECK_MS,
      inject: [appConfig.KEY],
      useFactory: (config: AppConfigShape) => config.dataKeyRecheckMs,
    },
    DataKeyService,
    FieldCryptoService,
    BlindIndexService,
    FieldEncryptionSubscriber,
  ],
  exports: [KEY_RING, DataKeyService, FieldCryptoService, BlindIndexService],
})
export class CryptoModule {}
