import { Injectable } from '@nestjs/common';
import { Clock } from '../../platform/common/clock';
import { AuthContext } from '../../platform/common/request-context';
import { TransactionService } from '../../platform/database/transaction.service';
import { readSection, writeSection } from '../../platform/settings/setting-sections';

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
    const { value, version } = await readSection(this.tx.manager, KEY, DEFAULTS);
    return { ...value, version };
  }

  async update(
    actor: AuthContext,
    changes: ReferralSettings,
    version: number,
  ): Promise<ReferralSettings & { version: number }> {
    return this.tx.run(async (m) => {
      const written = await writeSection(m, KEY, DEFAULTS, changes, version, actor.userId, this.clock.now());
      return { ...written.value, version: written.version };
    });
  }
}
