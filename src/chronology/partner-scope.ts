import { Injectable } from '@nestjs/common';
import { Role } from '../platform/auth/permissions';
import { AppException } from '../platform/common/app.exception';
import { AuthContext, Language } from '../platform/common/request-context';
import { TransactionService } from '../platform/database/transaction.service';
import { Translator } from '../platform/i18n/translator';
import { PartnerReferralsService } from '../steps/referral/partner-referrals.service';
import { ReferralsService } from '../steps/referral/referrals.service';
import { CaseLedger, CaseRecord } from '../case/case-ledger.service';
import { findInstitution } from '../institutions/institution-reads';

/** What a partner version may show: the referral's institution and the data categories it disclosed. */
export interface PartnerScope {
  referralId: string;
  institutionName: string;
  categories: string[];
}

/**
 * The partner version of the chronology: only what a referral disclosed. The referral and its
 * categories come from the referrals module, which decides what a partner may see:
 * - staff (coordinators, the assigned counselor) choose a referral of the case (ReferralsService.get);
 * - a team member prints only through a referral of their institution that they fully see
 *   (PartnerReferralsService.get: addressed or offered to them, active, consent holding) — else 404.
 */
@Injectable()
export class PartnerScopeResolver {
  constructor(
    private readonly tx: TransactionService,
    private readonly referrals: ReferralsService,
    private readonly translator: Translator,
    private readonly partnerReferrals: PartnerReferralsService,
    private readonly ledger: CaseLedger,
  ) {}

  async forStaff(actor: AuthContext, c: CaseRecord, referralId: string): Promise<PartnerScope> {
    const r = await this.referrals.get(actor, referralId);
    if (r.caseId !== c.id || !r.institution) throw AppException.notFound();
    return { referralId: r.id, institutionName: r.institution.name, categories: r.categories ?? [] };
  }

  async forTeamMember(
    actor: AuthContext,
    caseId: string,
    referralId: string | null,
  ): Promise<{ case: CaseRecord; partner: PartnerScope }> {
    if (!actor.roles.includes(Role.TeamMember) || !referralId) throw AppException.notFound();
    const r = await this.partnerReferrals.get(actor, referralId);
    if (r.access !== 'full') throw AppException.notFound();
    const m = this.tx.manager;
    const c = /^[0-9a-f-]{36}$/i.test(caseId) ? await this.ledger.find(caseId, m) : null;
    if (!c || c.number !== r.caseNumber) throw AppException.notFound();
    const own = actor.institutionId
      ? await findInstitution(m, actor.institutionId, { id: true, name: true })
      : null;
    return {
      case: c,
      partner: {
        referralId: r.id,
        institutionName: r.institution?.name ?? own?.name ?? '—',
        categories: r.categories ?? [],
      },
    };
  }

  /** The referrals of a case staff may print a partner version for (the options form's choices). */
  async optionsFor(
    actor: AuthContext,
    c: CaseRecord,
    lang: Language,
  ): Promise<{ id: string; label: string }[]> {
    const { items } = await this.referrals.listForCase(actor, c.id, { page: 1, pageSize: 100 });
    return items
      .filter((r) => r.institution)
      .map((r) => {
        const categories = r.categories.map((k) => this.translator.t(`chronology.categories.${k}`, lang));
        return { id: r.id, label: `${r.institution!.name} (${categories.join(', ') || '—'})` };
      });
  }
}
