import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Permission } from '../../platform/auth/permissions';
import { CaseAccessService } from '../../case/case-access.service';
import { CaseEventService } from '../../case/case-event.service';
import { CaseRecord } from '../../case/case-ledger.service';
import { AppException, ErrorCode } from '../../platform/common/app.exception';
import { Clock } from '../../platform/common/clock';
import { assertNotFuture, iso, todayOf } from '../../platform/common/dates';
import { AuthContext } from '../../platform/common/request-context';
import { assertUuid } from '../../platform/common/uuid';
import { lockedFor } from '../../platform/database/query-helpers';
import { TransactionService } from '../../platform/database/transaction.service';
import { AgreementResponseDto, RecoveryPlanResponseDto } from './dto/partnership.dto';
import { PartnershipAgreement } from './partnership-agreement.entity';
import {
  PartnershipService,
  RECOVERY_PLANS,
  RECOVERY_SERVICES,
  RecoveryServiceStatus,
} from './partnership.constants';
import { agreementInForce, PartnershipsService } from './partnerships.service';
import { RecoveryNote, RecoveryPlan, RecoveryServiceRecord } from './recovery.entities';
import { userNames } from '../../users/user-reads';
import { institutionNames } from '../../institutions/institution-reads';

/** What the recovery page of a case needs. */
export interface CaseRecoveryView {
  caseId: string;
  caseNumber: string;
  stage: string;
  plan: RecoveryPlanResponseDto | null;
  agreements: AgreementResponseDto[];
  canWrite: boolean;
  today: string;
}

/**
 * A case's recovery plan (step 9): goals, services by partners under an agreement in force,
 * progress notes and completion. The `recovery` stage needs one (guard `recovery_plan_exists`).
 * Only the counselor and coordinators working on the case see or change it.
 */
@Injectable()
export class RecoveryService implements OnModuleInit {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: CaseAccessService,
    private readonly events: CaseEventService,
    private readonly partnerships: PartnershipsService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    RECOVERY_PLANS.assertValid();
    RECOVERY_SERVICES.assertValid();
  }

  async get(actor: AuthContext, caseId: string): Promise<RecoveryPlanResponseDto> {
    const c = await this.access.findWorkable(actor, caseId);
    const plan = await this.tx.manager.findOne(RecoveryPlan, { where: { caseId: c.id } });
    if (!plan) throw new AppException('RECOVERY_PLAN_NOT_FOUND', HttpStatus.NOT_FOUND);
    return this.view(this.tx.manager, plan);
  }

  /** The recovery page data; null when the caller may not see it. */
  async forCase(actor: AuthContext, caseId: string): Promise<CaseRecoveryView | null> {
    if (!actor.permissions.has(Permission.RecoveryRead)) return null;
    const m = this.tx.manager;
    let c: CaseRecord;
    try {
      c = await this.access.findReadable(actor, caseId, m);
    } catch {
      return null;
    }
    if (!this.access.canWork(actor, c)) return null;
    const plan = await m.findOne(RecoveryPlan, { where: { caseId: c.id } });
    return {
      caseId: c.id,
      caseNumber: c.number,
      stage: c.stage,
      plan: plan ? await this.view(m, plan) : null,
      agreements: await this.partnerships.inForce(m),
      canWrite: actor.permissions.has(Permission.RecoveryWrite) && c.stage !== 'closed',
      today: todayOf(this.clock),
    };
  }

  create(actor: AuthContext, caseId: string, goals: string[]): Promise<RecoveryPlanResponseDto> {
    return this.tx.run(async (m) => {
      const c = await this.writableCase(actor, caseId, m);
      if (await m.count(RecoveryPlan, { where: { caseId: c.id } }))
        throw AppException.conflict('RECOVERY_PLAN_EXISTS' as ErrorCode);
      const now = this.clock.now();
      const plan = m.create(RecoveryPlan, {
        caseId: c.id,
        dataKeyId: c.dataKeyId,
        goals: cleanGoals(goals),
        status: 'active',
        completedAt: null,
        completionNote: null,
        createdById: actor.userId,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      await m.save(plan);
      await this.events.append(c.id, actor, {
        type: 'recovery.plan_created',
        summaryArgs: { goals: plan.goals?.length ?? 0 },
        details: { goals: plan.goals },
      });
      return this.view(m, plan);
    });
  }

  updateGoals(
    actor: AuthContext,
    caseId: string,
    version: number,
    goals: string[],
  ): Promise<RecoveryPlanResponseDto> {
    return this.onPlan(actor, caseId, version, async (m, c, plan) => {
      const before = plan.goals;
      plan.goals = cleanGoals(goals);
      await this.bump(m, plan, { goals: plan.goals });
      await this.events.append(c.id, actor, {
        type: 'recovery.plan_updated',
        summaryArgs: { goals: plan.goals.length },
        details: { before, after: plan.goals },
      });
    });
  }

  complete(
    actor: AuthContext,
    caseId: string,
    version: number,
    note?: string,
  ): Promise<RecoveryPlanResponseDto> {
    return this.onPlan(actor, caseId, version, async (m, c, plan) => {
      await RECOVERY_PLANS.transition('complete', plan.status, undefined, {
        refused: () => AppException.rule('RECOVERY_PLAN_COMPLETED'),
        apply: async (_from, to) => {
          plan.status = to;
          plan.completedAt = this.clock.now();
          plan.completionNote = note?.trim() || null;
          await this.bump(m, plan, {
            status: to,
            completedAt: plan.completedAt,
            completionNote: plan.completionNote,
          });
        },
        record: async () => {
          await this.events.append(c.id, actor, {
            type: 'recovery.plan_completed',
            summaryArgs: {},
            details: { note: plan.completionNote },
          });
        },
      });
    });
  }

  addService(
    actor: AuthContext,
    caseId: string,
    input: { agreementId: string; service: PartnershipService; startedOn?: string; notes?: string },
  ): Promise<RecoveryPlanResponseDto> {
    assertNotFuture(this.clock, input.startedOn);
    return this.tx.run(async (m) => {
      const c = await this.writableCase(actor, caseId, m);
      const plan = await this.activePlan(m, c);
      const agreement = await m.findOne(PartnershipAgreement, { where: { id: input.agreementId } });
      if (!agreement) throw AppException.rule('AGREEMENT_NOT_FOUND');
      if (!agreementInForce(agreement, todayOf(this.clock)))
        throw AppException.rule('AGREEMENT_NOT_IN_FORCE');
      if (!(agreement.services ?? []).includes(input.service))
        throw AppException.rule('AGREEMENT_SERVICE_NOT_OFFERED');
      const now = this.clock.now();
      const row = m.create(RecoveryServiceRecord, {
        planId: plan.id,
        caseId: c.id,
        dataKeyId: c.dataKeyId,
        agreementId: agreement.id,
        institutionId: agreement.institutionId,
        service: input.service,
        status: input.startedOn ? 'ongoing' : 'planned',
        startedOn: input.startedOn ?? null,
        notes: input.notes?.trim() || null,
        createdById: actor.userId,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      await m.save(row);
      const institution =
        (await institutionNames(m, [agreement.institutionId])).get(agreement.institutionId) ?? null;
      await this.events.append(c.id, actor, {
        type: 'recovery.service_added',
        summaryArgs: {
          service: input.service,
          institution,
          agreement: agreement.number,
          serviceStatus: row.status,
        },
        details: { notes: row.notes },
      });
      return this.view(m, plan);
    });
  }

  updateService(
    actor: AuthContext,
    caseId: string,
    serviceId: string,
    input: { version: number; status: RecoveryServiceStatus; notes?: string },
  ): Promise<RecoveryPlanResponseDto> {
    assertUuid(serviceId);
    return this.tx.run(async (m) => {
      const c = await this.writableCase(actor, caseId, m);
      const plan = await this.activePlan(m, c);
      const row = await m.findOne(
        RecoveryServiceRecord,
        lockedFor<RecoveryServiceRecord>(m, { where: { id: serviceId, planId: plan.id } }),
      );
      if (!row) throw AppException.notFound();
      if (row.version !== input.version) throw AppException.versionConflict();
      const refused = () =>
        new AppException('RECOVERY_SERVICE_TRANSITION_NOT_ALLOWED', HttpStatus.CONFLICT, {
          status: row.status,
        });
      const move = RECOVERY_SERVICES.transitionBetween(row.status, input.status);
      if (!move) throw refused();
      await RECOVERY_SERVICES.transition(move, row.status, undefined, {
        refused,
        apply: async (_from, to) => {
          const set: Partial<RecoveryServiceRecord> = {
            status: to,
            updatedAt: this.clock.now(),
            version: row.version + 1,
          };
          if (to === 'ongoing' && !row.startedOn) set.startedOn = todayOf(this.clock);
          if (input.notes?.trim()) set.notes = input.notes.trim();
          const res = await m
            .createQueryBuilder()
            .update(RecoveryServiceRecord)
            .set({ ...set, dataKeyId: row.dataKeyId })
            .where('id = :id AND version = :version', { id: row.id, version: row.version })
            .execute();
          if (!res.affected) throw AppException.versionConflict();
        },
        record: async (from, to) => {
          const institution = (await institutionNames(m, [row.institutionId])).get(row.institutionId) ?? null;
          await this.events.append(c.id, actor, {
            type: 'recovery.service_updated',
            summaryArgs: { service: row.service, institution, serviceStatus: to },
            details: { from },
          });
        },
      });
      return this.view(m, plan);
    });
  }

  addNote(
    actor: AuthContext,
    caseId: string,
    input: { notedOn: string; note: string },
  ): Promise<RecoveryPlanResponseDto> {
    assertNotFuture(this.clock, input.notedOn);
    return this.tx.run(async (m) => {
      const c = await this.writableCase(actor, caseId, m);
      const plan = await this.activePlan(m, c);
      const note = m.create(RecoveryNote, {
        planId: plan.id,
        caseId: c.id,
        dataKeyId: c.dataKeyId,
        notedOn: input.notedOn,
        note: input.note.trim(),
        authorId: actor.userId,
        createdAt: this.clock.now(),
      });
      await m.save(note);
      await this.events.append(c.id, actor, {
        type: 'recovery.note_added',
        summaryArgs: { notedOn: input.notedOn },
        details: { noteId: note.id },
      });
      return this.view(m, plan);
    });
  }

  // ---- internals

  private async writableCase(actor: AuthContext, caseId: string, m: EntityManager): Promise<CaseRecord> {
    const c = await this.access.findWorkable(actor, caseId, m);
    if (!actor.permissions.has(Permission.RecoveryWrite)) throw AppException.forbidden();
    if (c.stage === 'closed') throw AppException.rule(ErrorCode.CaseClosed);
    return c;
  }

  private async activePlan(m: EntityManager, c: CaseRecord): Promise<RecoveryPlan> {
    const plan = await m.findOne(RecoveryPlan, lockedFor<RecoveryPlan>(m, { where: { caseId: c.id } }));
    if (!plan) throw new AppException('RECOVERY_PLAN_NOT_FOUND', HttpStatus.NOT_FOUND);
    if (plan.status !== 'active') throw AppException.rule('RECOVERY_PLAN_COMPLETED');
    return plan;
  }

  private onPlan(
    actor: AuthContext,
    caseId: string,
    version: number,
    work: (m: EntityManager, c: CaseRecord, plan: RecoveryPlan) => Promise<void>,
  ): Promise<RecoveryPlanResponseDto> {
    return this.tx.run(async (m) => {
      const c = await this.writableCase(actor, caseId, m);
      const plan = await this.activePlan(m, c);
      if (plan.version !== version) throw AppException.versionConflict();
      await work(m, c, plan);
      return this.view(m, plan);
    });
  }

  private async bump(m: EntityManager, plan: RecoveryPlan, set: Partial<RecoveryPlan>): Promise<void> {
    const now = this.clock.now();
    const res = await m
      .createQueryBuilder()
      .update(RecoveryPlan)
      .set({ ...set, dataKeyId: plan.dataKeyId, updatedAt: now, version: plan.version + 1 })
      .where('id = :id AND version = :version', { id: plan.id, version: plan.version })
      .execute();
    if (!res.affected) throw AppException.versionConflict();
    plan.version += 1;
    plan.updatedAt = now;
  }

  private async view(m: EntityManager, plan: RecoveryPlan): Promise<RecoveryPlanResponseDto> {
    const fresh = await m.findOneOrFail(RecoveryPlan, { where: { id: plan.id } });
    const [services, notes] = await Promise.all([
      m.find(RecoveryServiceRecord, { where: { planId: plan.id }, order: { createdAt: 'ASC', id: 'ASC' } }),
      m.find(RecoveryNote, { where: { planId: plan.id }, order: { notedOn: 'ASC', createdAt: 'ASC' } }),
    ]);
    const agreements = new Map(
      (
        await this.partnerships.findByIds(
          m,
          services.map((s) => s.agreementId),
        )
      ).map((a) => [a.id, a.number]),
    );
    const insts = await institutionNames(
      m,
      services.map((s) => s.institutionId),
    );
    const users = await userNames(
      m,
      notes.map((n) => n.authorId),
    );
    return {
      id: fresh.id,
      caseId: fresh.caseId,
      goals: fresh.goals ?? [],
      status: fresh.status,
      completedAt: iso(fresh.completedAt),
      completionNote: fresh.completionNote,
      services: services.map((s) => ({
        id: s.id,
        agreementId: s.agreementId,
        agreementNumber: agreements.get(s.agreementId) ?? '',
        institution: { id: s.institutionId, name: insts.get(s.institutionId) ?? '—' },
        service: s.service,
        status: s.status,
        startedOn: s.startedOn,
        notes: s.notes,
        next: RECOVERY_SERVICES.nextStates(s.status),
        version: s.version,
      })),
      notes: notes.map((n) => ({
        id: n.id,
        notedOn: n.notedOn,
        note: n.note ?? '',
        author: users.get(n.authorId) ?? null,
        createdAt: iso(n.createdAt) as string,
      })),
      createdAt: iso(fresh.createdAt) as string,
      version: fresh.version,
    };
  }
}

/** Trimmed, non-empty goals, without repeats. */
function cleanGoals(goals: string[]): string[] {
  return [...new Set(goals.map((g) => g.trim()).filter(Boolean))];
}
