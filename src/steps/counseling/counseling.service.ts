import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Permission } from '../../platform/auth/permissions';
import { RISK_LEVELS } from '../../case/case.constants';
import { CaseAccessService } from '../../case/case-access.service';
import { CaseEventService } from '../../case/case-event.service';
import { CaseLedger, CaseRecord } from '../../case/case-ledger.service';
import { AppException } from '../../platform/common/app.exception';
import { Clock } from '../../platform/common/clock';
import { Paginated, paginated } from '../../platform/common/pagination';
import { AuthContext } from '../../platform/common/request-context';
import { TransactionService } from '../../platform/database/transaction.service';
import { assertNotFuture, todayOf } from '../../platform/common/dates';
import { linesOf } from '../../web/input';
import { RISK_FACTORS } from './counseling.constants';
import { CounselingSession } from './counseling-session.entity';
import {
  CounselingSessionResponseDto,
  RiskAssessmentResponseDto,
  SafetyPlanResponseDto,
} from './dto/counseling.dto';
import { RiskAssessment } from './risk-assessment.entity';
import { SafetyPlan } from './safety-plan.entity';
import { userNames } from '../../users/user-reads';

export interface SessionInput {
  heldAt: string;
  durationMinutes?: number | null;
  notes?: string | null;
}

export interface RiskAssessmentInput {
  assessedAt: string;
  threatToLife: boolean;
  riskLevel: string;
  factors: string[];
  notes?: string | null;
}

export interface PageQuery {
  page: number;
  pageSize: number;
}

/** What the case page shows of step 2 (initial counseling). */
export interface CounselingOverview {
  sessions: (CounselingSessionResponseDto & { notesLines: string[] })[];
  riskAssessments: (RiskAssessmentResponseDto & { notesLines: string[] })[];
  latestRisk: RiskAssessmentResponseDto | null;
  /** `lines`: the plan's text by line, for the page. */
  safetyPlan: SafetyPlanResponseDto & { lines: string[] };
  canWrite: boolean;
  riskLevels: readonly string[];
  riskFactors: readonly string[];
  today: string;
}

/** Shown on the case page: the most recent entries of each list. */
const OVERVIEW_LIMIT = 50;

/**
 * Step 2, initial counseling: sessions, risk assessments (the latest sets the case's risk level and
 * decides shelter admission) and the safety plan. Only those who work on the case see any of it:
 * the assigned counselor and coordinators, never the front desk.
 */
@Injectable()
export class CounselingService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: CaseAccessService,
    private readonly events: CaseEventService,
    private readonly ledger: CaseLedger,
    private readonly clock: Clock,
  ) {}

  // ---- reads

  async listSessions(
    actor: AuthContext,
    caseId: string,
    q: PageQuery,
  ): Promise<Paginated<CounselingSessionResponseDto>> {
    const c = await this.access.findWorkable(actor, caseId);
    const m = this.tx.manager;
    const [rows, total] = await m.findAndCount(CounselingSession, {
      where: { caseId: c.id },
      order: { heldAt: 'DESC', createdAt: 'DESC' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    });
    return paginated(await this.sessionViews(m, rows), total, q);
  }

  async listRiskAssessments(
    actor: AuthContext,
    caseId: string,
    q: PageQuery,
  ): Promise<Paginated<RiskAssessmentResponseDto>> {
    const c = await this.access.findWorkable(actor, caseId);
    const m = this.tx.manager;
    const [rows, total] = await m.findAndCount(RiskAssessment, {
      where: { caseId: c.id },
      order: { assessedAt: 'DESC', seq: 'DESC' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    });
    const latest = await this.latestRiskAssessment(m, c.id);
    return paginated(await this.riskViews(m, rows, latest?.id ?? null), total, q);
  }

  async getSafetyPlan(actor: AuthContext, caseId: string): Promise<SafetyPlanResponseDto> {
    const c = await this.access.findWorkable(actor, caseId);
    return this.safetyPlanView(this.tx.manager, c.id);
  }

  /** The counseling part of the case page; null when the caller may not see counseling. */
  async overview(actor: AuthContext, caseId: string): Promise<CounselingOverview | null> {
    if (!actor.permissions.has(Permission.CounselingRead)) return null;
    const m = this.tx.manager;
    const c = await this.access.findReadable(actor, caseId, m);
    if (!this.access.canWork(actor, c)) return null;
    const sessions = await m.find(CounselingSession, {
      where: { caseId: c.id },
      order: { heldAt: 'DESC', createdAt: 'DESC' },
      take: OVERVIEW_LIMIT,
    });
    const assessments = await m.find(RiskAssessment, {
      where: { caseId: c.id },
      order: { assessedAt: 'DESC', seq: 'DESC' },
      take: OVERVIEW_LIMIT,
    });
    const latest = await this.latestRiskAssessment(m, c.id);
    const riskAssessments = await this.riskViews(m, assessments, latest?.id ?? null);
    const plan = await this.safetyPlanView(m, c.id);
    return {
      sessions: (await this.sessionViews(m, sessions)).map((s) => ({ ...s, notesLines: linesOf(s.notes) })),
      riskAssessments: riskAssessments.map((r) => ({ ...r, notesLines: linesOf(r.notes) })),
      latestRisk:
        riskAssessments.find((r) => r.latest) ??
        (latest ? (await this.riskViews(m, [latest], latest.id))[0] : null),
      safetyPlan: { ...plan, lines: linesOf(plan.plan) },
      canWrite: actor.permissions.has(Permission.CounselingWrite) && c.stage !== 'closed',
      riskLevels: RISK_LEVELS,
      riskFactors: RISK_FACTORS,
      today: todayOf(this.clock),
    };
  }

  // ---- writes

  addSession(actor: AuthContext, caseId: string, input: SessionInput): Promise<CounselingSessionResponseDto> {
    assertNotFuture(this.clock, input.heldAt);
    return this.tx.run(async (m) => {
      const c = await this.writableCase(actor, caseId, m);
      const session = m.create(CounselingSession, {
        caseId: c.id,
        dataKeyId: c.dataKeyId,
        heldAt: input.heldAt,
        counselorId: actor.userId,
        durationMinutes: input.durationMinutes ?? null,
        notes: input.notes?.trim() ? input.notes : null,
        createdAt: this.clock.now(),
      });
      await m.save(CounselingSession, session);
      await this.events.append(c.id, actor, {
        type: 'counseling.session_added',
        summaryArgs: { heldAt: session.heldAt, durationMinutes: session.durationMinutes },
        details: { sessionId: session.id },
      });
      return (await this.sessionViews(m, [session]))[0];
    });
  }

  addRiskAssessment(
    actor: AuthContext,
    caseId: string,
    input: RiskAssessmentInput,
  ): Promise<RiskAssessmentResponseDto> {
    assertNotFuture(this.clock, input.assessedAt);
    return this.tx.run(async (m) => {
      const c = await this.writableCase(actor, caseId, m);
      const last = await m.findOne(RiskAssessment, {
        where: { caseId: c.id },
        order: { seq: 'DESC' },
        select: { id: true, seq: true },
      });
      const previousLevel = c.riskLevel;
      const assessment = m.create(RiskAssessment, {
        caseId: c.id,
        dataKeyId: c.dataKeyId,
        seq: (last?.seq ?? 0) + 1,
        assessedAt: input.assessedAt,
        assessorId: actor.userId,
        threatToLife: input.threatToLife,
        riskLevel: input.riskLevel as RiskAssessment['riskLevel'],
        factors: [...input.factors].sort(),
        notes: input.notes?.trim() ? input.notes : null,
        createdAt: this.clock.now(),
      });
      await m.save(RiskAssessment, assessment);
      const latest = (await this.latestRiskAssessment(m, c.id))!;
      await this.ledger.setRiskLevel(m, c.id, latest.riskLevel, this.clock.now());
      const threat = assessment.threatToLife;
      await this.events.append(c.id, actor, {
        type: 'risk.assessed',
        summaryKey: `events.risk.${threat ? 'assessed_threat' : 'assessed'}.${assessment.riskLevel}`,
        summaryArgs: {
          assessedAt: assessment.assessedAt,
          riskLevel: assessment.riskLevel,
          threatToLife: threat,
        },
        details: {
          assessmentId: assessment.id,
          factors: assessment.factors,
          caseRiskLevel: { before: previousLevel, after: latest.riskLevel },
        },
      });
      return (await this.riskViews(m, [assessment], latest.id))[0];
    });
  }

  updateSafetyPlan(
    actor: AuthContext,
    caseId: string,
    plan: string,
    version: number,
  ): Promise<SafetyPlanResponseDto> {
    return this.tx.run(async (m) => {
      const c = await this.writableCase(actor, caseId, m);
      const current = await m.findOne(SafetyPlan, {
        where: { caseId: c.id },
        order: { version: 'DESC' },
        select: { id: true, version: true },
      });
      const currentVersion = current?.version ?? 0;
      if (version !== currentVersion) throw AppException.versionConflict();
      const next = m.create(SafetyPlan, {
        caseId: c.id,
        dataKeyId: c.dataKeyId,
        version: currentVersion + 1,
        createdAt: this.clock.now(),
        authorId: actor.userId,
        plan,
      });
      await m.save(SafetyPlan, next);
      await this.events.append(c.id, actor, {
        type: 'safety_plan.updated',
        summaryArgs: { version: next.version },
        details: { safetyPlanId: next.id, before: currentVersion, after: next.version },
      });
      return this.safetyPlanView(m, c.id);
    });
  }

  // ---- for the workflow guards

  async hasSession(m: EntityManager, caseId: string): Promise<boolean> {
    return (await m.count(CounselingSession, { where: { caseId } })) > 0;
  }

  /** The current assessment: the latest by date, then the last recorded. */
  latestRiskAssessment(m: EntityManager, caseId: string): Promise<RiskAssessment | null> {
    return m.findOne(RiskAssessment, { where: { caseId }, order: { assessedAt: 'DESC', seq: 'DESC' } });
  }

  // ---- helpers

  /**
   * The case, for a change: 404/403 outside the caller's work, 422 CASE_CLOSED once closed. The row
   * is locked (PostgreSQL) so that concurrent changes of one case's track take turns.
   */
  private writableCase(actor: AuthContext, caseId: string, m: EntityManager): Promise<CaseRecord> {
    return this.ledger.lockForWork(actor, caseId, m);
  }

  private async sessionViews(
    m: EntityManager,
    rows: CounselingSession[],
  ): Promise<CounselingSessionResponseDto[]> {
    const names = await userNames(
      m,
      rows.map((r) => r.counselorId),
    );
    return rows.map((r) => ({
      id: r.id,
      caseId: r.caseId,
      heldAt: r.heldAt,
      counselorId: r.counselorId,
      counselorName: names.get(r.counselorId) ?? null,
      durationMinutes: r.durationMinutes,
      notes: r.notes,
      createdAt: new Date(r.createdAt).toISOString(),
    }));
  }

  private async riskViews(
    m: EntityManager,
    rows: RiskAssessment[],
    latestId: string | null,
  ): Promise<RiskAssessmentResponseDto[]> {
    const names = await userNames(
      m,
      rows.map((r) => r.assessorId),
    );
    return rows.map((r) => ({
      id: r.id,
      caseId: r.caseId,
      assessedAt: r.assessedAt,
      assessorId: r.assessorId,
      assessorName: names.get(r.assessorId) ?? null,
      threatToLife: r.threatToLife,
      riskLevel: r.riskLevel,
      factors: r.factors ?? [],
      notes: r.notes,
      createdAt: new Date(r.createdAt).toISOString(),
      latest: r.id === latestId,
    }));
  }

  private async safetyPlanView(m: EntityManager, caseId: string): Promise<SafetyPlanResponseDto> {
    const current = await m.findOne(SafetyPlan, { where: { caseId }, order: { version: 'DESC' } });
    if (!current)
      return { caseId, version: 0, plan: null, createdAt: null, authorId: null, authorName: null };
    const names = await userNames(m, [current.authorId]);
    return {
      caseId,
      version: current.version,
      plan: current.plan,
      createdAt: new Date(current.createdAt).toISOString(),
      authorId: current.authorId,
      authorName: names.get(current.authorId) ?? null,
    };
  }
}
