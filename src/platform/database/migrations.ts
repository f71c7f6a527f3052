// Every migration class, in order. Classes (not globs) so ts-jest, ts-node and compiled code agree.
// `npm run migration:generate -- <Name>` writes a new one for both databases; add it here.
import type { MigrationInterface } from 'typeorm';
import { Foundation1795459839103 } from '../../../migrations/1795459839103-Foundation';
import { AuditLogAppendOnly1795459900000 } from '../../../migrations/1795459900000-AuditLogAppendOnly';
import { CaseCore1795460413924 } from '../../../migrations/1795460413924-CaseCore';
import { CaseEventsAppendOnly1795460500000 } from '../../../migrations/1795460500000-CaseEventsAppendOnly';
import { AppendOnlyNoTruncate1795460600000 } from '../../../migrations/1795460600000-AppendOnlyNoTruncate';
import { CaseTracks1795461175172 } from '../../../migrations/1795461175172-CaseTracks';
import { Referrals1795461816139 } from '../../../migrations/1795461816139-Referrals';
import { Chronology1795461887313 } from '../../../migrations/1795461887313-Chronology';
import { PugProgramme1795462862181 } from '../../../migrations/1795462862181-PugProgramme';
import { DataKeyDestroyedIndex1796447793061 } from '../../../migrations/1796447793061-DataKeyDestroyedIndex';
import { CaseListOrderIndexes1796451923867 } from '../../../migrations/1796451923867-CaseListOrderIndexes';
import { Issue16RoleListIndexes1796620448797 } from '../../../migrations/1796620448797-Issue16RoleListIndexes';
import { Issue17SharedRateLimits1796648487799 } from '../../../migrations/1796648487799-Issue17SharedRateLimits';
import { Issue17ScheduleRuns1796650837440 } from '../../../migrations/1796650837440-Issue17ScheduleRuns';
import { QuickIntakeReporterNotRecorded1796658642848 } from '../../../migrations/1796658642848-QuickIntakeReporterNotRecorded';
import { FollowUps1796656231780 } from '../../../migrations/1796656231780-FollowUps';
import { DisclosureGate1796592821509 } from '../../../migrations/1796592821509-DisclosureGate';
import { LoginFailures1796593045057 } from '../../../migrations/1796593045057-LoginFailures';
import { ConsentWithdrawnParts1796596495697 } from '../../../migrations/1796596495697-ConsentWithdrawnParts';
import { KeyedCaseChain1796599490304 } from '../../../migrations/1796599490304-KeyedCaseChain';
import { QuickIntake1796647363296 } from '../../../migrations/1796647363296-QuickIntake';
import { ClosureRequests1796648383200 } from '../../../migrations/1796648383200-ClosureRequests';
import { CaseFlags1796655852248 } from '../../../migrations/1796655852248-CaseFlags';
import { EmailDeliveries1796659709629 } from '../../../migrations/1796659709629-EmailDeliveries';

export const MIGRATIONS: (new () => MigrationInterface)[] = [
  Foundation1795459839103,
  AuditLogAppendOnly1795459900000,
  CaseCore1795460413924,
  CaseEventsAppendOnly1795460500000,
  AppendOnlyNoTruncate1795460600000,
  CaseTracks1795461175172,
  Referrals1795461816139,
  Chronology1795461887313,
  PugProgramme1795462862181,
  DataKeyDestroyedIndex1796447793061,
  CaseListOrderIndexes1796451923867,
  DisclosureGate1796592821509,
  LoginFailures1796593045057,
  ConsentWithdrawnParts1796596495697,
  KeyedCaseChain1796599490304,
  Issue16RoleListIndexes1796620448797,
  QuickIntake1796647363296,
  ClosureRequests1796648383200,
  Issue17SharedRateLimits1796648487799,
  Issue17ScheduleRuns1796650837440,
  CaseFlags1796655852248,
  FollowUps1796656231780,
  QuickIntakeReporterNotRecorded1796658642848,
  EmailDeliveries1796659709629,
];
