// Every entity, listed once. The application, the CLI DataSource and the drift test use this list.
import { AuditLog } from '../audit/audit-log.entity';
import { CaseEvent } from '../cases/case-event.entity';
import { CaseNumberCounter } from '../cases/case-number-counter.entity';
import { Case } from '../cases/case.entity';
import { Perpetrator } from '../cases/perpetrator.entity';
import { Victim } from '../cases/victim.entity';
import { Setting } from '../settings/setting.entity';
import { Session } from '../auth/session.entity';
import { DataKey } from '../crypto/data-key.entity';
import { Institution } from '../institutions/institution.entity';
import { User } from '../users/user.entity';
import { CounselingSession } from '../counseling/counseling-session.entity';
import { RiskAssessment } from '../counseling/risk-assessment.entity';
import { SafetyPlan } from '../counseling/safety-plan.entity';
import { SafeHouse } from '../shelter/safe-house.entity';
import { ShelterStay } from '../shelter/shelter-stay.entity';
import { SupportServiceRecord } from '../support-services/support-service.entity';
import { CaseConference } from '../conferences/case-conference.entity';
import { ConferenceActionItem } from '../conferences/conference-action-item.entity';

export const ENTITIES = [
  User,
  Institution,
  Session,
  AuditLog,
  DataKey,
  Setting,
  Victim,
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
];
