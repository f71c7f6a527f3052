import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { applySort, SortDirection } from '../../platform/common/list-sort';
import { REFERRAL_LIST_SORT } from './referral-list-sort';
import { Brackets, EntityManager, In, IsNull, LessThan } from 'typeorm';
import { Permission, Role } from '../../platform/auth/permissions';
import { CaseAccessService } from '../../case/case-access.service';
import { CaseEventService } from '../../case/case-event.service';
import { AppException, ErrorCode } from '../../platform/common/app.exception';
import { Clock } from '../../platform/common/clock';
import { addDays, iso, todayOf } from '../../platform/common/dates';
import { Paginated, paginated } from '../../platform/common/pagination';
import { AuthContext } from '../../platform/common/request-context';
import { assertUuid } from '../../platform/common/uuid';
import { Scheduler } from '../../platform/schedules/scheduler.service';
import { lockedFor } from '../../platform/database/query-helpers';
import { TransactionService } from '../../platform/database/transaction.service';
import { CentreRegionDirectory, InstitutionGroup } from '../../platform/settings/centre-region.directory';
import { ServiceRole } from '../../institutions/service-roles';
import { Consent } from './consent.entity';
import { ConsentService, isConsentEffective } from './consent.service';
import { ReferralActionResponseDto, ReferralDocumentDto, ReferralResponseDto } from './dto/referral.dto';
import { FileStoreService } from './file-store.service';
import { NotificationArgs, NotificationsService } from '../../notifications/notifications.service';
import { ReferralAction } from './referral-action.entity';
import { ReferralDecline } from './referral-decline.entity';
import { ReferralEligibilityService } from './referral-eligibility.service';
import { ReferralSettingsService } from './referral-settings.service';
import { ReferralTrack } from './referral-track';
import {
  DataCategory,
  DEFAULT_RESPONSE_DAYS,
  OPEN_REFERRAL_STATUSES,
  REFERRAL_STATUSES,
  REFERRAL_TRANSITIONS,
  ReferralTransitionName,
  Urgency,
} from './referral.constants';
import { Referral } from './referral.entity';
import { StoredFile } from './stored-file.entity';
import { CaseEventType, NotificationKind, SummaryArgsOf } from '../../case/event-catalogue';
import { CaseLedger, CaseRecord } from '../../case/case-ledger.service';
import { membersHandling, usersWithRole } from '../../users/user-reads';
import { userNames } from '../../users/user-reads';
import { findInstitution, institutionNames, InstitutionRecord } from '../../institutions/institution-reads';

export interface NewReferral {
  serviceRole: ServiceRole;
  targetInstitutionId?: string | null;
  urgency: Urgency;
  reason: string;
  categories: DataCategory[];
  dueDate?: string;
  consentId?: string;
}

export interface ReferralListQuery {
  page: number;
  pageSize: number;
  status?: string;
  serviceRole?: string;
  overdue?: boolean;
  urgency?: string;
  caseId?: string;
  institutionId?: string;
  sort?: string;
  dir?: SortDirection;
}

/** What the referral partial of the case page needs (`views/partials/case-referrals.hbs`). */
/** What the case page's referral section is drawn from (the presenter builds its view). */
export interface CaseReferralsData {
  case: CaseRecord;
  referrals: ReferralResponseDto[];
  /** Institutions a referral may go to today, arranged: the centre's region first. */
  offered: { institutions: OfferedInstitution[]; groups: InstitutionGroup<OfferedInstitution>[] };
  /** Active institutions not offered today, with the reason code and its facts. */
  unavailable: { id: string; name: string; reason: string; args: Record<string, string> }[];
  /** The consents in force today. */
  consents: Consent[];
  /** The institution that referred the case at intake, if any. */
  referring: InstitutionRecord | null;
  approvalRequired: boolean;
  today: string;
}

export type OfferedInstitution = { id: string; name: string; serviceRoles: string[] };

/** Past-tense event names of the track's transitions. */
const EVENT_OF: Record<ReferralTransitionName, CaseEventType & `referral.${string}`> = {
  approve: 'referral.approved',
  accept: 'referral.accepted',
  decline: 'referral.declined',
  start: 'referral.started',
  complete: 'referral.completed',
  cancel: 'referral.cancelled',
  revoke: 'referral.revoked',
};

const OVERDUE_CHECK_MS = 15 * 60 * 1000;
/** The overdue scan's name in `schedule_runs`. */
export const OVERDUE_SCHEDULE = 'referrals.overdue';

/**
 * Referrals from the service centre's side (step 6): made from a case by the counselor or a
 * coordinator working on it, under a consent that covers them; approved when the centre requires
 * it; cancelled or revoked by the sender; marked overdue when unanswered by their due date. Every
 * change is one case event. The partner side (accept, decline, progress, outcome) is
 * PartnerReferralsService, through the same `change()`.
 */
@Injectable()
export class ReferralsService implements OnModuleInit {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: CaseAccessService,
    private readonly events: CaseEventService,
    private readonly consents: ConsentService,
    private readonly eligibility: ReferralEligibilityService,
    private readonly notifications: NotificationsService,
    private readonly files: FileStoreService,
    private readonly settings: ReferralSettingsService,
    private readonly clock: Clock,
    private readonly regions: CentreRegionDirectory,
    private readonly track: ReferralTrack,
    private readonly ledger: CaseLedger,
    private readonly scheduler: Scheduler,
  ) {}

  /** The overdue scan: every OVERDUE_CHECK_MS, on one instance at a time (the Scheduler's turn). */
  onModuleInit(): void {
    this.scheduler.register(OVERDUE_SCHEDULE, OVERDUE_CHECK_MS, () => this.markOverdue());
  }

  // ---- reads ------------------------------------------------------------------------------------

  /** The referral part of the case page; null when the caller may not see it. */
  /**
   * The referrals of a case and what a new referral may choose from, or null when the caller may not
   * work on the case's referrals.
   */
  async caseReferrals(actor: AuthContext, caseId: string): Promise<CaseReferralsData | null> {
    if (!actor.permissions.has(Permission.ReferralsRead)) return null;
    const m = this.tx.manager;
    let c: CaseRecord;
    try {
      c = await this.access.findReadable(actor, caseId, m);
    } catch {
      return null;
    }
    if (!this.access.canWork(actor, c)) return null;
    const today = todayOf(this.clock);
    const rows = await m.find(Referral, { where: { caseId: c.id }, order: { createdAt: 'DESC', id: 'ASC' } });
    const standings = await this.eligibility.standings(today, m);
    // The centre's region first; another region's offices are neither offered nor listed as not offered.
    const offered = await this.regions.arrange(
      standings
        .filter((x) => x.result.eligible)
        .map(({ institution: i }) => ({ id: i.id, name: i.name, serviceRoles: i.serviceRoles ?? [] })),
      m,
    );
    // Institutions the form does not offer, and why (e.g. dropped by the partner-team decree in force).
    const unavailable = (
      await this.regions.arrange(
        standings.flatMap(({ institution: i, result }) =>
          result.eligible ? [] : [{ id: i.id, name: i.name, reason: result.reason, args: result.args ?? {} }],
        ),
        m,
      )
    ).institutions;
    const consents = (
      await m.find(Consent, { where: { caseId: c.id, status: 'active' }, order: { createdAt: 'DESC' } })
    ).filter((k) => isConsentEffective(k, today));
    const referring = c.referringInstitutionId ? await findInstitution(m, c.referringInstitutionId) : null;
    return {
      case: c,
      referrals: await this.views(m, rows, c),
      offered,
      unavailable,
      consents,
      referring,
      approvalRequired: (await this.settings.get()).approvalRequired,
      today,
    };
  }

  /** The referrals of the cases the caller works on (coordinators: all), newest first. */
  async list(actor: AuthContext, q: ReferralListQuery): Promise<Paginated<ReferralResponseDto>> {
    const m = this.tx.manager;
    const qb = m.createQueryBuilder(Referral, 'r');
    this.access.joinWorkable(qb, actor, 'r.caseId', 'c');
    if (q.status) qb.andWhere('r.status = :status', { status: q.status });
    if (q.serviceRole) qb.andWhere('r.serviceRole = :role', { role: q.serviceRole });
    if (q.urgency) qb.andWhere('r.urgency = :urgency', { urgency: q.urgency });
    if (q.caseId) qb.andWhere('r.caseId = :caseId', { caseId: q.caseId });
    if (q.institutionId)
      qb.andWhere('(r.institutionId = :inst OR r.targetInstitutionId = :inst)', { inst: q.institutionId });
    const today = todayOf(this.clock);
    if (q.overdue === true) qb.andWhere("r.status = 'pending' AND r.dueDate < :today", { today });
    if (q.overdue === false)
      qb.andWhere(
        new Brackets((b) => b.where("r.status <> 'pending'").orWhere('r.dueDate >= :today', { today })),
      );
    const [rows, total] = await applySort(qb, REFERRAL_LIST_SORT, q)
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return paginated(await this.views(m, rows), total, q);
  }

  /** The referrals of one case (404 outside the caller's cases, 403 when they only see it). */
  async listForCase(
    actor: AuthContext,
    caseId: string,
    q: ReferralListQuery,
  ): Promise<Paginated<ReferralResponseDto>> {
    const c = await this.access.findWorkable(actor, caseId);
    return this.list(actor, { ...q, caseId: c.id });
  }

  async get(actor: AuthContext, referralId: string): Promise<ReferralResponseDto> {
    const { referral, case: c } = await this.findWorkable(actor, referralId);
    return (await this.views(this.tx.manager, [referral], c))[0];
  }

  /** A document attached to a referral, for the staff working on the case. */
  async document(
    actor: AuthContext,
    referralId: string,
    documentId: string,
  ): Promise<{ file: StoredFile; data: Buffer }> {
    const { referral } = await this.findWorkable(actor, referralId);
    assertUuid(documentId);
    const file = await this.tx.manager.findOne(StoredFile, {
      where: { id: documentId, ownerId: referral.id, kind: 'referral_document' },
    });
    if (!file) throw AppException.notFound();
    return { file, data: await this.files.read(file) };
  }

  // ---- writes (sender side) -----------------------------------------------------------------------

  async create(actor: AuthContext, caseId: string, input: NewReferral): Promise<ReferralResponseDto> {
    if (!actor.permissions.has(Permission.ReferralsWrite)) throw AppException.forbidden();
    const today = todayOf(this.clock);
    const dueDate = input.dueDate ?? addDays(today, DEFAULT_RESPONSE_DAYS[input.urgency]);
    if (dueDate < today) throw AppException.rule('DUE_DATE_IN_PAST');
    return this.tx.run(async (m) => {
      const c = await this.access.findWorkable(actor, caseId, m);
      if (c.stage === 'closed') throw AppException.rule(ErrorCode.CaseClosed);
      const target = input.targetInstitutionId ?? null;
      if (target) {
        const eligible = await this.eligibility.isInstitutionEligible(target, today, input.serviceRole, m);
        if (!eligible.eligible) throw AppException.rule(eligible.reason);
      } else if (!(await this.eligibility.eligibleInstitutions(input.serviceRole, today, m)).length) {
        throw AppException.rule('NO_ELIGIBLE_INSTITUTION');
      }
      const categories = [...new Set(input.categories)];
      const consent = await this.consents.findCovering(
        m,
        c,
        input.serviceRole,
        target,
        categories,
        input.consentId,
      );
      const needsApproval =
        (await this.settings.get()).approvalRequired && !actor.roles.includes(Role.Coordinator);
      const now = this.clock.now();
      const referral = m.create(Referral, {
        caseId: c.id,
        dataKeyId: c.dataKeyId,
        serviceRole: input.serviceRole,
        targetInstitutionId: target,
        institutionId: target,
        urgency: input.urgency,
        reason: input.reason.trim(),
        categories,
        consentId: consent.id,
        dueDate,
        status: needsApproval ? 'awaiting_approval' : 'pending',
        createdById: actor.userId,
        createdAt: now,
        sentAt: needsApproval ? null : now,
        approvedById: null,
        respondedAt: null,
        respondedById: null,
        declineReason: null,
        completedAt: null,
        outcome: null,
        outcomeNotes: null,
        endedAt: null,
        endedById: null,
        endReason: null,
        overdueAt: null,
        updatedAt: now,
        version: 1,
      });
      await m.save(referral);
      const institution = target ? ((await institutionNames(m, [target])).get(target) ?? null) : null;
      await this.events.append(c.id, actor, {
        type: 'referral.created',
        summaryArgs: {
          referralId: referral.id,
          serviceRole: referral.serviceRole,
          institution,
          open: !target,
          urgency: referral.urgency,
          status: referral.status,
          consentKind: consent.kind,
          categories: categories.join(','),
          dueDate,
        },
        details: { reason: referral.reason, consentId: consent.id },
      });
      if (needsApproval) {
        await this.notifications.notify(
          m,
          await usersWithRole(m, Role.Coordinator),
          'referral_approval',
          this.noticeArgs(referral, c),
          `/cases/${c.id}/referrals#referrals`,
          referral.id,
        );
      } else {
        await this.notifyPartners(m, referral, 'referral_new');
      }
      return (await this.views(m, [referral], c))[0];
    });
  }

  approve(actor: AuthContext, referralId: string, version: number): Promise<ReferralResponseDto> {
    return this.senderChange(actor, referralId, version, 'approve', async (m, r, c) => {
      const now = this.clock.now();
      // The consent must still hold, and the institution still be eligible, when it goes out.
      if (!(await this.consents.isEffectiveById(m, r.consentId)))
        throw AppException.rule('CONSENT_NOT_EFFECTIVE');
      const today = todayOf(this.clock);
      if (r.targetInstitutionId) {
        const e = await this.eligibility.isInstitutionEligible(
          r.targetInstitutionId,
          today,
          r.serviceRole,
          m,
        );
        if (!e.eligible) throw AppException.rule(e.reason);
      }
      await this.change(m, r, c, 'approve', actor, { sentAt: now, approvedById: actor.userId });
      await this.notifyPartners(m, r, 'referral_new');
      await this.notifications.notify(
        m,
        [r.createdById],
        'referral_approved',
        this.noticeArgs(r, c),
        `/cases/${c.id}/referrals#referrals`,
        r.id,
      );
    });
  }

  cancel(
    actor: AuthContext,
    referralId: string,
    version: number,
    reason: string,
  ): Promise<ReferralResponseDto> {
    return this.senderChange(actor, referralId, version, 'cancel', async (m, r, c) => {
      const wasSent = !!r.sentAt;
      await this.change(
        m,
        r,
        c,
        'cancel',
        actor,
        { endedAt: this.clock.now(), endedById: actor.userId, endReason: reason.trim() },
        { reason: reason.trim() },
      );
      if (wasSent) await this.notifyPartners(m, r, 'referral_ended');
    });
  }

  revoke(
    actor: AuthContext,
    referralId: string,
    version: number,
    reason: string,
  ): Promise<ReferralResponseDto> {
    return this.senderChange(actor, referralId, version, 'revoke', async (m, r, c) => {
      await this.change(
        m,
        r,
        c,
        'revoke',
        actor,
        { endedAt: this.clock.now(), endedById: actor.userId, endReason: reason.trim() },
        { reason: reason.trim() },
      );
      await this.notifyPartners(m, r, 'referral_ended');
    });
  }

  /**
   * Marks the referrals still unanswered after their due date: once each, with a case event and
   * notifications to the sender, the case's counselor and the partner. Runs every 15 minutes and on
   * demand. Returns how many were marked.
   */
  async markOverdue(): Promise<number> {
    const today = todayOf(this.clock);
    const due = await this.tx.manager.find(Referral, {
      where: { status: 'pending', dueDate: LessThan(today), overdueAt: IsNull() },
      select: { id: true },
      order: { dueDate: 'ASC' },
      take: 500,
    });
    let marked = 0;
    for (const { id } of due) {
      const done = await this.tx.run(async (m) => {
        const r = await m.findOne(Referral, lockedFor<Referral>(m, { where: { id } }));
        if (!r || r.status !== 'pending' || r.overdueAt || r.dueDate >= today) return false;
        const now = this.clock.now();
        const res = await m
          .createQueryBuilder()
          .update(Referral)
          .set({ overdueAt: now })
          .where('id = :id AND "overdueAt" IS NULL', { id })
          .execute();
        if (!res.affected) return false;
        r.overdueAt = now;
        const c = await this.ledger.get(r.caseId, m);
        const institution = r.institutionId
          ? ((await institutionNames(m, [r.institutionId])).get(r.institutionId) ?? null)
          : null;
        await this.events.append(c.id, null, {
          type: 'referral.overdue',
          summaryArgs: { referralId: r.id, serviceRole: r.serviceRole, institution, dueDate: r.dueDate },
        });
        await this.notifications.notify(
          m,
          [r.createdById, c.assignedCounselorId],
          'referral_overdue',
          this.noticeArgs(r, c),
          `/cases/${c.id}/referrals#referrals`,
          r.id,
        );
        await this.notifyPartners(m, r, 'referral_overdue');
        return true;
      });
      if (done) marked++;
    }
    return marked;
  }

  // ---- the track's one way to change a referral -------------------------------------------------

  /**
   * Moves a referral along the track (REFERRAL_TRACK, through the generic state machine): refuses a
   * transition from a status it does not leave (409 REFERRAL_TRANSITION_NOT_ALLOWED) and a stale
   * version (409 VERSION_CONFLICT), updates it conditionally (so of two concurrent accepts exactly
   * one wins) and appends the event.
   */
  async change(
    m: EntityManager,
    r: Referral,
    c: CaseRecord,
    name: ReferralTransitionName,
    actor: AuthContext,
    set: Partial<Referral> = {},
    details: Record<string, unknown> = {},
    extraArgs: SummaryArgsOf<'referral.accepted'> = {},
  ): Promise<Referral> {
    const now = this.clock.now();
    await this.track.transition(
      name,
      r.status,
      { manager: m, referral: r, case: c, actor },
      {
        refused: () =>
          new AppException('REFERRAL_TRANSITION_NOT_ALLOWED', HttpStatus.CONFLICT, {
            transition: name,
            status: r.status,
          }),
        apply: async (from, to) => {
          const plain = { ...set, status: to, updatedAt: now, version: r.version + 1 };
          const res = await m
            .createQueryBuilder()
            .update(Referral)
            .set({ ...plain, dataKeyId: r.dataKeyId })
            .where('id = :id AND version = :version AND status = :status', {
              id: r.id,
              version: r.version,
              status: from,
            })
            .execute();
          if (!res.affected) throw AppException.versionConflict();
          Object.assign(r, plain);
        },
        record: async (from, to) => {
          const institutionId = r.institutionId ?? r.targetInstitutionId;
          const institution = institutionId
            ? ((await institutionNames(m, [institutionId])).get(institutionId) ?? null)
            : null;
          await this.events.append(c.id, actor, {
            type: EVENT_OF[name],
            summaryArgs: {
              referralId: r.id,
              serviceRole: r.serviceRole,
              institution,
              status: to,
              ...extraArgs,
            },
            details: { ...details, from },
          });
        },
      },
    );
    return r;
  }

  /** Notifies the partner members a referral concerns (its institution, or every one it is offered to). */
  async notifyPartners(m: EntityManager, r: Referral, kind: NotificationKind): Promise<void> {
    let institutions: string[];
    if (r.institutionId) institutions = [r.institutionId];
    else {
      const declined = new Set(
        (await m.find(ReferralDecline, { where: { referralId: r.id } })).map((d) => d.institutionId),
      );
      institutions = (await this.eligibility.eligibleInstitutions(r.serviceRole, todayOf(this.clock), m))
        .map((i) => i.id)
        .filter((id) => !declined.has(id));
    }
    const members = await membersHandling(m, institutions, r.serviceRole);
    await this.notifications.notify(
      m,
      members,
      kind,
      { serviceRole: r.serviceRole, urgency: r.urgency, dueDate: r.dueDate, status: r.status },
      `/partner/referrals/${r.id}`,
      r.id,
    );
  }

  /** Tells the sender and the case's counselor about a partner's answer or progress. */
  async notifySender(m: EntityManager, r: Referral, c: CaseRecord, kind: NotificationKind): Promise<void> {
    await this.notifications.notify(
      m,
      [r.createdById, c.assignedCounselorId],
      kind,
      this.noticeArgs(r, c),
      `/cases/${c.id}/referrals#referrals`,
      r.id,
    );
  }

  private noticeArgs(r: Referral, c: CaseRecord): NotificationArgs {
    return {
      caseNumber: c.number,
      serviceRole: r.serviceRole,
      urgency: r.urgency,
      status: r.status,
      dueDate: r.dueDate,
    };
  }

  // ---- internals ------------------------------------------------------------------------------------

  private async senderChange(
    actor: AuthContext,
    referralId: string,
    version: number,
    name: ReferralTransitionName,
    work: (m: EntityManager, r: Referral, c: CaseRecord) => Promise<void>,
  ): Promise<ReferralResponseDto> {
    const def = REFERRAL_TRANSITIONS[name];
    return this.tx.run(async (m) => {
      const { referral, case: c } = await this.findWorkable(actor, referralId, m, true);
      if (!actor.permissions.has(def.permission)) throw AppException.forbidden();
      if (referral.version !== version) throw AppException.versionConflict();
      await work(m, referral, c);
      return (await this.views(m, [referral], c))[0];
    });
  }

  /** The referral if the caller works on its case; 404 otherwise. */
  private async findWorkable(
    actor: AuthContext,
    referralId: string,
    m: EntityManager = this.tx.manager,
    lock = false,
  ) {
    assertUuid(referralId);
    const referral = await m.findOne(
      Referral,
      lock ? lockedFor<Referral>(m, { where: { id: referralId } }) : { where: { id: referralId } },
    );
    if (!referral) throw AppException.notFound();
    const c = await this.access.findReadable(actor, referral.caseId, m);
    if (!this.access.canWork(actor, c)) throw AppException.notFound();
    return { referral, case: c };
  }

  /** The staff's view of referrals (everything, decrypted), with their actions, declines and documents. */
  async views(m: EntityManager, rows: Referral[], knownCase?: CaseRecord): Promise<ReferralResponseDto[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const [actions, declines, docs, consents] = await Promise.all([
      m.find(ReferralAction, { where: { referralId: In(ids) }, order: { actedOn: 'ASC', createdAt: 'ASC' } }),
      m.find(ReferralDecline, { where: { referralId: In(ids) }, order: { declinedAt: 'ASC' } }),
      m.find(StoredFile, {
        where: { ownerId: In(ids), kind: 'referral_document' },
        order: { createdAt: 'ASC' },
      }),
      m.find(Consent, {
        where: { id: In([...new Set(rows.map((r) => r.consentId))]) },
        select: { id: true, kind: true },
      }),
    ]);
    const cases = knownCase
      ? new Map([[knownCase.id, knownCase.number]])
      : await this.ledger.numbers(
          rows.map((r) => r.caseId),
          m,
        );
    const insts = await institutionNames(m, [
      ...rows.flatMap((r) => [r.institutionId, r.targetInstitutionId]),
      ...actions.map((a) => a.institutionId),
      ...declines.map((d) => d.institutionId),
      ...docs.map((d) => d.uploadedByInstitutionId),
    ]);
    const users = await userNames(m, [...rows.map((r) => r.createdById), ...actions.map((a) => a.authorId)]);
    const kinds = new Map(consents.map((k) => [k.id, k.kind]));
    const ref = (id: string | null) => (id ? { id, name: insts.get(id) ?? '—' } : null);
    const today = todayOf(this.clock);
    return rows.map((r) => ({
      id: r.id,
      caseId: r.caseId,
      caseNumber: cases.get(r.caseId) ?? '',
      serviceRole: r.serviceRole,
      open: !r.targetInstitutionId,
      targetInstitution: ref(r.targetInstitutionId),
      institution: ref(r.institutionId),
      urgency: r.urgency,
      reason: r.reason ?? '',
      categories: r.categories ?? [],
      consentId: r.consentId,
      consentKind: kinds.get(r.consentId) ?? 'consent',
      dueDate: r.dueDate,
      overdue: r.status === 'pending' && r.dueDate < today,
      status: r.status,
      createdBy: users.get(r.createdById) ?? null,
      createdAt: iso(r.createdAt) as string,
      sentAt: iso(r.sentAt),
      respondedAt: iso(r.respondedAt),
      declineReason: r.declineReason,
      completedAt: iso(r.completedAt),
      outcome: r.outcome,
      outcomeNotes: r.outcomeNotes,
      endedAt: iso(r.endedAt),
      endReason: r.endReason,
      declines: declines
        .filter((d) => d.referralId === r.id)
        .map((d) => ({
          institution: ref(d.institutionId)!,
          reason: d.reason,
          declinedAt: iso(d.declinedAt) as string,
        })),
      actions: actions.filter((a) => a.referralId === r.id).map((a) => actionView(a, users, ref)),
      documents: docs
        .filter((d) => d.ownerId === r.id)
        .map((d) => documentView(d, ref, `/api/referrals/${r.id}/documents/${d.id}`)),
      version: r.version,
    }));
  }

  /** Open referrals of a case (guard `no_open_referral`). */
  countOpen(m: EntityManager, caseId: string): Promise<number> {
    return m.count(Referral, { where: { caseId, status: In([...OPEN_REFERRAL_STATUSES]) } });
  }

  statuses(): readonly string[] {
    return REFERRAL_STATUSES;
  }
}

export function actionView(
  a: ReferralAction,
  users: Map<string, string>,
  ref: (id: string | null) => { id: string; name: string } | null,
): ReferralActionResponseDto {
  return {
    id: a.id,
    actedOn: a.actedOn,
    description: a.description ?? '',
    author: users.get(a.authorId) ?? null,
    institution: ref(a.institutionId),
    createdAt: iso(a.createdAt) as string,
  };
}

export function documentView(
  d: StoredFile,
  ref: (id: string | null) => { id: string; name: string } | null,
  downloadUrl: string | null,
): ReferralDocumentDto {
  return {
    id: d.id,
    mimeType: d.mimeType,
    size: d.size,
    fileName: d.fileName,
    institution: ref(d.uploadedByInstitutionId),
    createdAt: iso(d.createdAt) as string,
    downloadUrl,
  };
}
