import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { TransactionService } from '../database/transaction.service';
import { Setting } from './setting.entity';
import { writeSection } from './setting-sections';
import { DEFAULT_FLAG_KINDS } from './flag-kinds';

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
  /**
   * The kinds of flag a case can carry (issue 19): the five defaults are codes shown in the reader's
   * words; a kind an administrator adds is shown as typed. Flags already set keep a kind later removed.
   */
  flagKinds: string[];
  /** The letterhead's logo (its bytes are kept apart, see `centreLogo()`); null = none. */
  logo: CentreLogoRef | null;
  /**
   * The centre's own region (a PUG region: its local government); forms that list institutions offer
   * its institutions first and leave out another region's offices. null = not set.
   */
  regionId: string | null;
}

/** What the centre settings say about the logo: enough to tell versions apart and show its facts. */
export interface CentreLogoRef {
  mimeType: string;
  size: number;
  sha256: string;
}

export interface CentreLogo {
  mimeType: string;
  data: Buffer;
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
  flagKinds: [...DEFAULT_FLAG_KINDS],
  logo: null,
  regionId: null,
};

export function formatCaseNumber(settings: CentreSettings, year: number, seq: number): string {
  return settings.caseNumberPattern
    .replace('{prefix}', settings.caseNumberPrefix)
    .replace('{year}', String(year))
    .replace('{seq}', String(seq).padStart(settings.sequenceDigits, '0'));
}

const CENTRE_KEY = 'centre';
/** The logo's bytes (base64) live in their own row, so that reading the centre settings stays small. */
const LOGO_KEY = 'centre_logo';

@Injectable()
export class SettingsService {
  private cache?: { value: CentreSettings; version: number };
  private logoCache?: { sha256: string; logo: CentreLogo };

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
    const result = await this.tx.run((m) => this.writeCentre(m, changes, version, userId));
    this.cache = result;
    return { ...result.value, version: result.version };
  }

  private async writeCentre(
    m: EntityManager,
    changes: Partial<CentreSettings>,
    version: number,
    userId: string,
  ): Promise<{ value: CentreSettings; version: number }> {
    return writeSection(m, CENTRE_KEY, DEFAULT_CENTRE_SETTINGS, changes, version, userId, this.clock.now());
  }

  /** The letterhead logo's bytes, or null when none is set (cached until the logo changes). */
  async centreLogo(): Promise<CentreLogo | null> {
    const ref = (await this.centre()).logo;
    if (!ref) return null;
    if (this.logoCache?.sha256 === ref.sha256) return this.logoCache.logo;
    const row = await this.tx.manager.findOne(Setting, { where: { key: LOGO_KEY } });
    const stored = row?.value as { mimeType?: string; data?: string } | undefined;
    if (!stored?.data || !stored.mimeType) return null;
    const logo = { mimeType: stored.mimeType, data: Buffer.from(stored.data, 'base64') };
    this.logoCache = { sha256: ref.sha256, logo };
    return logo;
  }

  /**
   * Sets (or with null removes) the logo. The image must already be checked (type by content, size);
   * the centre settings' version guards the change like any other.
   */
  async setCentreLogo(
    logo: CentreLogo | null,
    version: number,
    userId: string,
  ): Promise<CentreSettings & { version: number }> {
    const ref: CentreLogoRef | null = logo
      ? {
          mimeType: logo.mimeType,
          size: logo.data.length,
          sha256: createHash('sha256').update(logo.data).digest('hex'),
        }
      : null;
    const result = await this.tx.run(async (m) => {
      const written = await this.writeCentre(m, { logo: ref }, version, userId);
      const value = logo ? { mimeType: logo.mimeType, data: logo.data.toString('base64') } : {};
      const existing = await m.findOne(Setting, {
        where: { key: LOGO_KEY },
        select: { key: true, version: true },
      });
      if (existing)
        await m.update(
          Setting,
          { key: LOGO_KEY },
          { value, updatedAt: this.clock.now(), updatedById: userId, version: existing.version + 1 },
        );
      else
        await m.insert(Setting, {
          key: LOGO_KEY,
          value,
          updatedAt: this.clock.now(),
          updatedById: userId,
          version: 1,
        });
      return written;
    });
    this.cache = result;
    if (logo && ref) this.logoCache = { sha256: ref.sha256, logo };
    return { ...result.value, version: result.version };
  }
}
