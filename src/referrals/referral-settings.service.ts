import { Injectable } from '@nestjs/common';
import { AppException } from '../common/app.exception';
import { Clock } from '../common/clock';
import { AuthContext } from '../common/request-context';
import { TransactionService } from '../database/transaction.service';
import { Setting } from '../settings/setting.entity';

export interface ReferralSettings {
  /** Referrals made by counselors wait for a coordinator's approval before they go out. */
  approvalRequired: boolean;
}

const KEY = 'referrals';
const DEFAULTS: ReferralSettings = { approvalRequired: false };

/** The referral settings, kept in the settings table under `referrals`. */
@Injectable()
export class ReferralSettingsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<ReferralSettings & { version: number }> {
    const row = await this.tx.manager.findOne(Setting, { where: { key: KEY } });
    return { ...DEFAULTS, ...((row?.value as Partial<ReferralSettings>) ?? {}), version: row?.version ?? 0 };
  }

  async update(
    actor: AuthContext,
    changes: ReferralSettings,
    version: number,
  ): Promise<ReferralSettings & { version: number }> {
    return this.tx.run(async (m) => {
      const row = await m.findOne(Setting, { where: { key: KEY } });
      if ((row?.version ?? 0) !== version) throw AppException.versionConflict();
      const value = { ...DEFAULTS, ...((row?.value as Partial<ReferralSettings>) ?? {}), ...changes };
      const now = this.clock.now();
      if (!row) {
        await m.insert(Setting, {
          key: KEY,
          value: { ...value },
          updatedAt: now,
          updatedById: actor.userId,
          version: 1,
        });
        return { ...value, version: 1 };
      }
      const res = await m
        .createQueryBuilder()
        .update(Setting)
        .set({ value: { ...value }, updatedAt: now, updatedById: actor.userId, version: version + 1 })
        .where('key = :key AND version = :version', { key: KEY, version })
        .execute();
      if (!res.affected) throw AppException.versionConflict();
      return { ...value, version: version + 1 };
    });
  }
}
