import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Permission } from '../../platform/auth/permissions';
import { AppException } from '../../platform/common/app.exception';
import { Clock } from '../../platform/common/clock';
import { AuthContext } from '../../platform/common/request-context';
import { UUID_PATTERN } from '../../platform/common/uuid';
import { TransactionService } from '../../platform/database/transaction.service';
import { SettingsService } from '../../platform/settings/settings.service';
import { userNames } from '../../users/user-reads';
import { CaseAccessService } from '../case-access.service';
import { CaseEventService } from '../case-event.service';
import { CaseLedger } from '../case-ledger.service';
import { FLAG_ALREADY_SET, FLAG_KIND_UNKNOWN, FLAG_NOT_SET } from './case-flag.constants';
import { CaseFlag } from './case-flag.entity';
import { CaseFlagDto, CaseFlagListDto } from './dto/case-flag.dto';

/** What the case page's flags section shows the caller. */
export interface FlagsSection {
  active: CaseFlagDto[];
  removed: CaseFlagDto[];
  /** The kinds the caller can set now (the settings list less those set). */
  kinds: string[];
  /** The settings list is empty: no flag can be set at all. */
  noKinds: boolean;
  canWrite: boolean;
}

/** A 400 naming the field, with its own code (the message says what is wrong). */
function refused(code: string, field: string, rule: string): AppException {
  return new AppException(code, HttpStatus.BAD_REQUEST, {}, [{ field, rule }]);
}

/**
 * Case flags (issue 19 item 4): those who work on a case (its counselor, a coordinator) set a flag
 * of a kind from the settings list with a reason, and remove it with a reason; both are on the case's
 * history in the same transaction (the reasons in the event's encrypted details). A flag is a case
 * fact for case workers only (disclosure facet `case.flags`): the lists show it to them alone.
 */
@Injectable()
export class CaseFlagsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: CaseAccessService,
    private readonly ledger: CaseLedger,
    private readonly events: CaseEventService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  /** The kinds a flag can be set of (the settings list). */
  async kinds(): Promise<string[]> {
    return (await this.settings.centre()).flagKinds;
  }

  /**
   * Sets a flag: 404 outside the caller's cases, 403 to one who only reads it, 422 once closed; 400
   * FLAG_KIND_UNKNOWN for a kind not in the settings, FLAG_ALREADY_SET when the case carries it.
   */
  async set(actor: AuthContext, caseId: string, dto: { kind: string; reason: string }): Promise<CaseFlagDto> {
    if (!actor.permissions.has(Permission.FlagsWrite)) throw AppException.forbidden();
    const kinds = await this.kinds();
    return this.tx.run(async (m) => {
      const c = await this.ledger.lockForWork(actor, caseId, m);
      if (!kinds.includes(dto.kind)) throw refused(FLAG_KIND_UNKNOWN, 'kind', 'isIn');
      if (await m.findOne(CaseFlag, { where: { activeCaseId: c.id, kind: dto.kind }, select: { id: true } }))
        throw refused(FLAG_ALREADY_SET, 'kind', 'unique');
      const flag = m.create(CaseFlag, {
        caseId: c.id,
        dataKeyId: c.dataKeyId,
        activeCaseId: c.id,
        kind: dto.kind,
        reason: dto.reason,
        setById: actor.userId,
        setAt: this.clock.now(),
        removedById: null,
        removedAt: null,
        removalReason: null,
      });
      await m.save(flag);
      await this.events.append(c.id, actor, {
        type: 'flag.set',
        summaryArgs: { kind: dto.kind },
        details: { flagId: flag.id, reason: dto.reason },
      });
      return (await this.views(m, [flag]))[0];
    });
  }

  /** Removes an active flag with a reason: 404 for a flag not of this case, 400 FLAG_NOT_SET once removed. */
  async remove(actor: AuthContext, caseId: string, flagId: string, reason: string): Promise<CaseFlagDto> {
    if (!actor.permissions.has(Permission.FlagsWrite)) throw AppException.forbidden();
    return this.tx.run(async (m) => {
      const c = await this.ledger.lockForWork(actor, caseId, m);
      const flag = UUID_PATTERN.test(flagId)
        ? await m.findOne(CaseFlag, { where: { id: flagId, caseId: c.id } })
        : null;
      if (!flag) throw AppException.notFound();
      if (!flag.activeCaseId) throw refused(FLAG_NOT_SET, 'flagId', 'isActive');
      Object.assign(flag, {
        activeCaseId: null,
        removedById: actor.userId,
        removedAt: this.clock.now(),
        removalReason: reason,
      });
      await m.save(flag);
      await this.events.append(c.id, actor, {
        type: 'flag.removed',
        summaryArgs: { kind: flag.kind },
        details: { flagId: flag.id, reason },
      });
      return (await this.views(m, [flag]))[0];
    });
  }

  /** The case's flags (active first, then removed), for those who work on it (404/403 otherwise). */
  async list(actor: AuthContext, caseId: string): Promise<CaseFlagListDto> {
    if (!actor.permissions.has(Permission.FlagsRead)) throw AppException.forbidden();
    const m = this.tx.manager;
    const c = await this.access.findWorkable(actor, caseId, m);
    const rows = await m.find(CaseFlag, { where: { caseId: c.id }, order: { setAt: 'ASC', kind: 'ASC' } });
    const views = await this.views(m, rows);
    const active = views.filter((f) => f.active);
    const removed = views
      .filter((f) => !f.active)
      .sort((a, b) => (b.removedAt?.getTime() ?? 0) - (a.removedAt?.getTime() ?? 0));
    return { items: [...active, ...removed], kinds: await this.kinds() };
  }

  /** The case page's flags section; null for those who do not work on the case. */
  async section(actor: AuthContext, caseId: string): Promise<FlagsSection | null> {
    if (!actor.permissions.has(Permission.FlagsRead)) return null;
    const c = await this.access.findReadable(actor, caseId);
    if (!this.access.canWork(actor, c)) return null;
    const { items, kinds } = await this.list(actor, caseId);
    const active = items.filter((f) => f.active);
    return {
      active,
      removed: items.filter((f) => !f.active),
      kinds: kinds.filter((k) => !active.some((f) => f.kind === k)),
      noKinds: !kinds.length,
      canWrite: actor.permissions.has(Permission.FlagsWrite) && c.stage !== 'closed',
    };
  }

  /** Views of flags: staff names in one query. */
  private async views(m: EntityManager, rows: CaseFlag[]): Promise<CaseFlagDto[]> {
    const names = await userNames(m, [...rows.map((r) => r.setById), ...rows.map((r) => r.removedById)]);
    return rows.map((r) => ({
      id: r.id,
      caseId: r.caseId,
      kind: r.kind,
      active: !!r.activeCaseId,
      reason: r.reason,
      setById: r.setById,
      setByName: names.get(r.setById) ?? '',
      setAt: r.setAt,
      removedByName: r.removedById ? (names.get(r.removedById) ?? '') : null,
      removedAt: r.removedAt,
      removalReason: r.removalReason,
    }));
  }
}
