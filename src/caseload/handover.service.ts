import { Injectable } from '@nestjs/common';
import { CasesService } from '../case/cases.service';
import { NotificationsService } from '../notifications/notifications.service';
import { AuthContext } from '../platform/common/request-context';
import { TransactionService } from '../platform/database/transaction.service';
import { HandoverMoveDto } from './dto/handover.dto';

/** Which counselor takes which case: the cases in order, shared round-robin between the targets. */
export function handoverPlan(
  caseIds: readonly string[],
  toCounselorIds: readonly string[],
): { caseId: string; counselorId: string }[] {
  return caseIds.map((caseId, i) => ({ caseId, counselorId: toCounselorIds[i % toCounselorIds.length] }));
}

/**
 * Handing over a caseload (issue 19 item 6): a coordinator moves several cases at once to one or
 * several counselors, in one transaction, through the case module's one assignment path
 * (CasesService.reassignMany): each case's history records its new counselor; the new counselor and
 * the earlier one are notified of each case (case number and a link only).
 */
@Injectable()
export class HandoverService {
  constructor(
    private readonly tx: TransactionService,
    private readonly cases: CasesService,
    private readonly notifications: NotificationsService,
  ) {}

  handOver(
    actor: AuthContext,
    caseIds: readonly string[],
    toCounselorIds: readonly string[],
  ): Promise<HandoverMoveDto[]> {
    return this.tx.run(async (m) => {
      const moves = await this.cases.reassignMany(actor, handoverPlan(caseIds, toCounselorIds));
      for (const move of moves) {
        const args = { caseNumber: move.number };
        await this.notifications.notify(
          m,
          [move.counselorId],
          'case_handed_over',
          args,
          `/cases/${move.caseId}`,
        );
        await this.notifications.notify(
          m,
          [move.previousCounselorId],
          'case_handed_away',
          args,
          '/cases/mine',
        );
      }
      return moves.map((x) => ({
        caseId: x.caseId,
        caseNumber: x.number,
        previousCounselorId: x.previousCounselorId,
        counselorId: x.counselorId,
      }));
    });
  }
}
