import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { TransactionService } from '../platform/database/transaction.service';
import { chainOrder, decreeInForce } from './decree-status';
import { PugBody } from './entities/pug-body.entity';
import { PugAppointment, PugDecree } from './entities/pug-decree.entity';
import { todayOf } from '../platform/common/dates';
import { Clock } from '../platform/common/clock';

/** The decree that dropped an institution or officer from a partner team. */
export interface DroppedBy {
  bodyId: string;
  bodyName: string;
  /** The decree in force that no longer names them (or the revocation that ended the team). */
  decreeId: string;
  decreeNumber: string;
  decreeDate: string;
  effectiveDate: string;
  revoked: boolean;
}

export interface PartnerTeamStanding {
  /** Institutions and officers (user accounts) named by a partner-team decree in force. */
  institutionIds: Set<string>;
  userIds: Set<string>;
  /** Named by an earlier decree of a partner team but by no partner-team decree in force. */
  droppedInstitutions: Map<string, DroppedBy>;
  droppedUsers: Map<string, DroppedBy>;
}

/**
 * Who is on the service centre's partner team(s) today, by the decrees in force, and who a newer
 * decree dropped. Referral eligibility uses it: a dropped institution or officer receives no new
 * referrals. Institutions never named by any partner-team decree are not judged here.
 */
@Injectable()
export class PartnerTeamService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  /** The standing on `on` (YYYY-MM-DD, default today), read through `manager` (a transaction's, say). */
  async standing(on?: string, manager: EntityManager = this.tx.manager): Promise<PartnerTeamStanding> {
    const m = manager;
    const bodies = await m.getRepository(PugBody).find({ where: { kind: 'partner_team' } });
    const result: PartnerTeamStanding = {
      institutionIds: new Set(),
      userIds: new Set(),
      droppedInstitutions: new Map(),
      droppedUsers: new Map(),
    };
    if (!bodies.length) return result;
    const decrees = await m.getRepository(PugDecree).find({ where: { bodyId: In(bodies.map((b) => b.id)) } });
    if (!decrees.length) return result;
    const appointments = await m.getRepository(PugAppointment).find({
      select: { id: true, decreeId: true, institutionId: true, userId: true, dataKeyId: true },
      where: { decreeId: In(decrees.map((d) => d.id)) },
    });
    const t = on ?? todayOf(this.clock);
    const pastNames = new Map<
      string,
      { institutionIds: Set<string>; userIds: Set<string>; by: DroppedBy | null }
    >();
    for (const body of bodies) {
      const own = decrees.filter((d) => d.bodyId === body.id);
      const current = decreeInForce(own, t);
      const inEffect = chainOrder(own).filter((d) => d.effectiveDate <= t);
      const last = inEffect[inEffect.length - 1];
      const dropper: DroppedBy | null = last
        ? {
            bodyId: body.id,
            bodyName: body.name,
            decreeId: last.id,
            decreeNumber: last.number,
            decreeDate: last.decreeDate,
            effectiveDate: last.effectiveDate,
            revoked: last.kind === 'revocation',
          }
        : null;
      const past = { institutionIds: new Set<string>(), userIds: new Set<string>(), by: dropper };
      for (const a of appointments) {
        const decree = inEffect.find((d) => d.id === a.decreeId);
        if (!decree) continue;
        const target = current && decree.id === current.id ? result : past;
        if (a.institutionId) target.institutionIds.add(a.institutionId);
        if (a.userId) target.userIds.add(a.userId);
      }
      pastNames.set(body.id, past);
    }
    for (const past of pastNames.values()) {
      if (!past.by) continue;
      for (const id of past.institutionIds) {
        if (!result.institutionIds.has(id) && !result.droppedInstitutions.has(id))
          result.droppedInstitutions.set(id, past.by);
      }
      for (const id of past.userIds) {
        if (!result.userIds.has(id) && !result.droppedUsers.has(id)) result.droppedUsers.set(id, past.by);
      }
    }
    return result;
  }
}
