import { Injectable } from '@nestjs/common';
import { ChronologyService } from '../chronology/chronology.service';
import { ClosureRequestsService } from '../caseload/closure-requests.service';
import { FollowUpsService } from '../tasks/follow-ups.service';
import { ConsentService } from '../steps/referral/consent.service';
import { ReferralPresenter } from '../steps/referral/pages/referral.presenter';
import { AuthContext, Language } from '../platform/common/request-context';
import { ConferencesService } from '../steps/conference/conferences.service';
import { CounselingService } from '../steps/counseling/counseling.service';
import { ShelterService } from '../steps/shelter/shelter.service';
import { SupportServicesService } from '../steps/support/support-services.service';

/**
 * The case tracks' sections of the case page (counseling, shelter, support services, case
 * conferences, the incident chronology, consent and referrals): each track's service gives its view data, or null when the caller may not see it.
 * The names are those the partials views/partials/case-*.hbs expect.
 */
@Injectable()
export class CaseTracksView {
  constructor(
    private readonly counseling: CounselingService,
    private readonly shelter: ShelterService,
    private readonly services: SupportServicesService,
    private readonly conferences: ConferencesService,
    private readonly chronology: ChronologyService,
    private readonly referrals: ReferralPresenter,
    private readonly consent: ConsentService,
    private readonly closure: ClosureRequestsService,
    private readonly followUps: FollowUpsService,
  ) {}

  async sections(actor: AuthContext, caseId: string, lang: Language) {
    const [counseling, shelter, services, conferences, chronology, referrals, consent, closure, followUps] =
      await Promise.all([
        this.counseling.overview(actor, caseId),
        this.shelter.forCase(actor, caseId),
        this.services.forCase(actor, caseId),
        this.conferences.forCase(actor, caseId),
        this.chronology.forCase(actor, caseId, lang),
        this.referrals.forCase(actor, caseId),
        this.consent.forCase(actor, caseId),
        this.closure.section(actor, caseId),
        this.followUps.section(actor, caseId),
      ]);
    return { counseling, shelter, services, conferences, chronology, referrals, consent, closure, followUps };
  }
}
