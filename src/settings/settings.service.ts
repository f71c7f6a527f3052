import { Injectable } from '@nestjs/common';
import { AppException } from '../common/app.exception';
import { Clock } from '../common/clock';
import { TransactionService } from '../database/transaction.service';
import { Setting } from './setting.entity';

/** The service centre's identity: kept in settings so one deployment can later serve several centres. */
export interface CentreSettings {
  name: string;
  address: string;
  phone: string;
  /** Case numbers: `{prefix}`, `{year}` and `{seq}` (zero-padded to `sequenceDigits`). */
  caseNumberPrefix: string;
  caseNumberPattern: string;
  sequenceDigits: number;
  /** Districts (kecamatan) offered on the intake form and used by the statistics. */
  districts: string[];
}

export const DEFAULT_CENTRE_SETTINGS: CentreSettings = {
  name: 'Pusat Pelayanan Terpadu',
  address: '',
  phone: '',
  caseNumberPrefix: 'PPT',
  caseNumberPattern: '{prefix}/{year}/{seq}',
  sequenceDigits: 6,
  districts: [
    'Banyumanik',
    'Candisari',
    'Gajahmungkur',
    'Gayamsari',
    'Genuk',
    'Gunungpati',
    'Mijen',
    'Ngaliyan',
    'Pedurungan',
    'Semarang Barat',
    'Semarang Selatan',
    'Semarang Tengah',
    'Semarang Timur',
    'Semarang Utara',
    'Tembalang',
    'Tugu',
  ],
};

export function formatCaseNumber(settings: CentreSettings, year: number, seq: number): string {
  return settings.caseNumberPattern
    .replace('{prefix}', settings.caseNumberPrefix)
    .replace('{year}', String(year))
    .replace('{seq}', String(seq).padStart(settings.sequenceDigits, '0'));
}

const CENTRE_KEY = 'centre';

@Injectable()
export class SettingsService {
  private cache?: { value: CentreSettings; version: number };

  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  async centre(): Promise<CentreSettings & { version: number }> {
    if (!this.cache) {
      const row = await this.tx.manager.findOne(Setting, { where: { key: CENTRE_KEY } });
      this.cache = {
        value: { ...DEFAULT_CENTRE_SETTINGS, ...((row?.value as Partial<CentreSettings>) ?? {}) },
        version: row?.version ?? 0,
      };
    }
    return { ...this.cache.value, version: this.cache.version };
  }

  async updateCentre(
    changes: Partial<CentreSettings>,
    version: number,
    userId: string,
  ): Promise<CentreSettings & { version: number }> {
    const result = await this.tx.run(async (m) => {
      const row = await m.findOne(Setting, { where: { key: CENTRE_KEY } });
      if ((row?.version ?? 0) !== version) throw AppException.versionConflict();
      const value = {
        ...DEFAULT_CENTRE_SETTINGS,
        ...((row?.value as Partial<CentreSettings>) ?? {}),
        ...changes,
      };
      if (!row) {
        await m.insert(Setting, {
          key: CENTRE_KEY,
          value: value as any,
          updatedAt: this.clock.now(),
          updatedById: userId,
          version: 1,
        });
        return { value, version: 1 };
      }
      const res = await m
        .createQueryBuilder()
        .update(Setting)
        .set({ value: value as any, updatedAt: this.clock.now(), updatedById: userId, version: version + 1 })
        .where('key = :key AND version = :version', { key: CENTRE_KEY, version })
        .execute();
      if (!res.affected) throw AppException.versionConflict();
      return { value, version: version + 1 };
    });
    this.cache = result;
    return { ...result.value, version: result.version };
  }
}
