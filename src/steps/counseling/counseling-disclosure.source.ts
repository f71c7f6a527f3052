import { Injectable, OnModuleInit } from '@nestjs/common';
import { DisclosureSources, MAX_DISCLOSED_ROWS } from '../../case/disclosure/disclosure-sources';
import { CounselingSession } from './counseling-session.entity';

/**
 * What counseling hands the disclosure gate for the `counseling_notes` category: the sessions' dates
 * and notes (the gate decides who sees them and redacts the notes for the reader).
 */
@Injectable()
export class CounselingDisclosureSource implements OnModuleInit {
  constructor(private readonly sources: DisclosureSources) {}

  onModuleInit(): void {
    this.sources.register('counseling_notes', async (m, caseId) =>
      (
        await m.find(CounselingSession, {
          where: { caseId },
          order: { heldAt: 'ASC' },
          take: MAX_DISCLOSED_ROWS,
        })
      ).map((s) => ({ heldAt: s.heldAt, notes: s.notes })),
    );
  }
}
