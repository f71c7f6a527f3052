// Every entity, listed once. The application, the CLI DataSource and the drift test use this list.
import { AuditLog } from '../audit/audit-log.entity';
import { CaseEvent } from '../cases/case-event.entity';
import { CaseNumberCounter } from '../cases/case-number-counter.entity';
import { Case } from '../cases/case.entity';
import { Perpetrator } from '../cases/perpetrator.entity';
import { Victim } from '../cases/victim.entity';
import { VictimMatchToken } from '../cases/victim-match-token.entity';
import { Setting } from '../settings/setting.entity';
import { Session } from '../auth/session.entity';
import { DataKey } from '../crypto/data-key.entity';
import { Institution } from '../institutions/institution.entity';
import { User } from '../users/user.entity';
import { LoginFailure } from '../users/login-failure.entity';
import { CounselingSession } from '../counseling/counseling-session.entity';
import { RiskAssessment } from '../counseling/risk-assessment.entity';
import { SafetyPlan } from '../counseling/safety-plan.entity';
import { SafeHouse } from '../shelter/safe-house.entity';
import { ShelterStay } from '../shelter/shelter-stay.entity';
import { SupportServiceRecord } from '../support-services/support-service.entity';
import { CaseConference } from '../conferences/case-conference.entity';
import { ConferenceActionItem } from '../conferences/conference-action-item.entity';
import { Consent } from '../referrals/consent.entity';
import { StatisticsConsent } from '../referrals/statistics-consent.entity';
import { StoredFile } from '../referrals/stored-file.entity';
import { Referral } from '../referrals/referral.entity';
import { ReferralDecline } from '../referrals/referral-decline.entity';
import { ReferralAction } from '../referrals/referral-action.entity';
import { Notification } from '../notifications/notification.entity';

import { PugRegion, PugRegionInstitution } from '../pug/entities/pug-region.entity';
import { PugBody } from '../pug/entities/pug-body.entity';
import { PugAppointment, PugDecree } from '../pug/entities/pug-decree.entity';
import { PugFile } from '../pug/entities/pug-file.entity';
import {
  PugActionItem,
  PugActionPlan,
  PugAgreement,
  PugMonitoringRound,
  PugMonitoringUpdate,
} from '../pug/entities/pug-action-plan.entity';
import { PugAward, PugTraining, PugTrainingParticipant } from '../pug/entities/pug-training.entity';
import { PreventionActivity } from '../programme/entities/prevention-activity.entity';
import { CommunityGroup } from '../programme/entities/community-group.entity';
import { CommunityActivity } from '../programme/entities/community-activity.entity';
import { CommunityGroupVolunteer, VolunteerTraining } from '../programme/entities/volunteer-links.entity';
import { ChronologyEntry } from '../chronology/chronology-entry.entity';
import { PartnershipAgreement } from '../partnerships/partnership-agreement.entity';
import { RecoveryNote, RecoveryPlan, RecoveryServiceRecord } from '../partnerships/recovery.entities';
import { CommunityVolunteer, MonitoringAssignment, MonitoringVisit } from '../community/community.entities';

export const ENTITIES = [
  User,
  LoginFailure,
  Institution,
  Session,
  AuditLog,
  DataKey,
  Setting,
  Victim,
  VictimMatchToken,
  Case,
  Perpetrator,
  CaseNumberCounter,
  CaseEvent,
  // Case tracks: counseling, shelter, support services, case conferences
  CounselingSession,
  RiskAssessment,
  SafetyPlan,
  SafeHouse,
  ShelterStay,
  SupportServiceRecord,
  CaseConference,
  ConferenceActionItem,
  // Referrals, consent, partner inbox, notifications
  Consent,
  StatisticsConsent,
  StoredFile,
  Referral,
  ReferralDecline,
  ReferralAction,
  Notification,
  // Partnerships and recovery; community monitoring
  PartnershipAgreement,
  RecoveryPlan,
  RecoveryServiceRecord,
  RecoveryNote,
  CommunityVolunteer,
  MonitoringAssignment,
  MonitoringVisit,
  // PUG institutions and decrees; programme records (prevention, community groups)
  PugRegion,
  PugRegionInstitution,
  PugBody,
  PugDecree,
  PugAppointment,
  PugFile,
  PugActionPlan,
  PugActionItem,
  PugMonitoringRound,
  PugMonitoringUpdate,
  PugAgreement,
  PugTraining,
  PugTrainingParticipant,
  PugAward,
  PreventionActivity,
  CommunityGroup,
  CommunityActivity,
  CommunityGroupVolunteer,
  VolunteerTraining,
  // The printed case chronology
  ChronologyEntry,
];
