// Every entity, listed once. The application, the CLI DataSource and the drift test use this list.
import { AuditLog } from '../audit/audit-log.entity';
import { Session } from '../auth/session.entity';
import { DataKey } from '../crypto/data-key.entity';
import { Institution } from '../institutions/institution.entity';
import { User } from '../users/user.entity';

export const ENTITIES = [User, Institution, Session, AuditLog, DataKey];
