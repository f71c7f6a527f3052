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
];
