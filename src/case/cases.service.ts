import { Injectable } from '@nestjs/common';
import { Brackets, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Role } from '../platform/auth/permissions';
import { AppException, ErrorCode, fieldProblem } from '../platform/common/app.exception';
import { lockedFor } from '../platform/database/query-helpers';
import { Clock } from '../platform/common/clock';
import { applySort, SortDirection } from '../platform/common/list-sort';
import { COUNSELOR_LIST_SORT } from './counselor-list-sort';
import { paginated, Paginated } from '../platform/common/pagination';
import { AuthContext, Language } from '../platform/common/request-context';
import { TransactionService } from '../platform/database/transaction.service';
import { SettingsService } from '../platform/settings/settings.service';
import { UsersService } from '../users/users.service';
import { CaseAccessService } from './case-access.service';
import { CASE_LIST_SORT, caseSortColumnsFor } from './case-list-sort';
import { CaseEventService, ChainVerification, verificationCode } from './case-event.service';
import { EventSummaries } from './event-summaries';
import { IntakeService } from './intake.service';
import { Case } from './case.entity';
import { CaseDisclosureService } from './disclosure/case-disclosure.service';
import {
  AssignableCounselorDto,
  CaseDetailDto,
  CaseEventDto,
  CaseListQueryDto,
  CaseSummaryDto,
  PerpetratorInputDto,
  UpdateCaseDto,
} from './dto/case.dto';
import { Perpetrator } from './perpetrator.entity';
import { Victim } from './victim.entity';
import { todayOf } from '../platform/common/dates';
import { activeFlagKinds, whereFlagged } from './flags/case-flag-reads';

export interface CaseListResult {
  items: CaseSummaryDto[];
  total: number;
  page: number;
  pageSize: number;
}

/** Reading cases within the caller's scope, assigning counselors, the history and its verification. */
@Injectable()
export class CasesService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: CaseAccessService,
    private readonly events: CaseEventService,
    private readonly users: UsersService,
    private readonly clock: Clock,
    private readonly summaries: EventSummaries,
    private readonly settings: SettingsService,
    private readonly intake: IntakeService,
    private readonly disclosure: CaseDisclosureService,
  ) {}

  /**
   * The cases the caller may see, filtered and paginated in the database. A fixed number of queries
   * whatever the page size: the page, its count, the victims' data keys (batched) and counselor names.
   *
   * The page is one LIMIT/OFFSET query walking IDX_cases_received_number (or
   * IDX_cases_stage_received_number, …) in the list's order, so the first page reads 25 rows; the
   * count is a COUNT(*) over cases alone: each case has exactly one victim, so the join cannot
   * multiply rows. (TypeORM's skip/take + getManyAndCount wrapped the join in a SELECT DISTINCT
   * subquery sorted in full and counted COUNT(DISTINCT id) over the join: both read every case,
   * 300 ms per list at 30k cases. Found by `npm run bench`.)
   */
  async list(actor: AuthContext, q: CaseListQueryDto): Promise<CaseListResult> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 25;
    const filters = this.disclosure.listFilters(actor, q);
    if (q.flag && !(await this.settings.centre()).flagKinds.includes(q.flag))
      throw fieldProblem('flag', 'isIn');
    const filtered = (qb: SelectQueryBuilder<Case>) => {
      this.access.applyScope(qb, actor, 'c');
      if (filters.onlyAssigned)
        qb.andWhere('c.assignedCounselorId = :assignedToMe', { assignedToMe: actor.userId });
      if (filters.stages) qb.andWhere('c.stage IN (:...stages)', { stages: filters.stages });
      if (q.counselorId) qb.andWhere('c.assignedCounselorId = :counselorId', { counselorId: q.counselorId });
      if (q.mine === 'true') this.applyMine(qb, actor);
      if (q.risk) qb.andWhere('c.riskLevel = :risk', { risk: q.risk });
      if (q.child) qb.andWhere('c.isChild = :child', { child: q.child === 'true' });
      if (q.from) qb.andWhere('c.receivedAt >= :from', { from: q.from });
      if (q.to) qb.andWhere('c.receivedAt <= :to', { to: q.to });
      if (q.number) qb.andWhere('c.number LIKE :number', { number: `%${q.number.replace(/[%_]/g, '')}%` });
      if (q.flag) whereFlagged(qb, q.flag, 'c');
      return qb;
    };
    const m = this.tx.manager;
    const ordered = applySort(
      filtered(m.createQueryBuilder(Case, 'c').leftJoinAndSelect('c.victim', 'v')),
      CASE_LIST_SORT,
      q,
      caseSortColumnsFor(actor),
    );
    const rows = await ordered
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getMany();
    const counted = await filtered(m.createQueryBuilder(Case, 'c'))
      .select('COUNT(*)', 'n')
      .getRawOne<{ n: number | string }>();
    const total = Number(counted?.n ?? 0);
    const counselorIds = [
      ...new Set(rows.map((r) => r.assignedCounselorId).filter((id): id is string => !!id)),
    ];
    const names = new Map((await this.users.findByIds(counselorIds)).map((u) => [u.id, u.displayName]));
    const flags = await activeFlagKinds(m, this.disclosure.flagReadable(actor, rows));
    return { items: this.disclosure.summaries(actor, rows, names, flags), total, page, pageSize };
  }

  /**
   * Open cases as the caller may see them, oldest first, at most `limit`: those assigned to one
   * counselor, or those named (a caseload handover's choice and its confirmation). One query for the
   * cases and one for the counselors' names.
   */
  async openCases(
    actor: AuthContext,
    filter: { counselorId?: string; ids?: readonly string[] },
    limit: number,
  ): Promise<CaseSummaryDto[]> {
    if (filter.ids && !filter.ids.length) return [];
    const qb = this.tx.manager
      .createQueryBuilder(Case, 'c')
      .leftJoinAndSelect('c.victim', 'v')
      .where('c.stage <> :closed', { closed: 'closed' });
    this.access.applyScope(qb, actor, 'c');
    if (filter.counselorId)
      qb.andWhere('c.assignedCounselorId = :counselorId', { counselorId: filter.counselorId });
    if (filter.ids) qb.andWhere('c.id IN (:...ids)', { ids: [...filter.ids] });
    const rows = await qb.orderBy('c.receivedAt', 'ASC').addOrderBy('c.number', 'ASC').limit(limit).getMany();
    const counselorIds = [
      ...new Set(rows.map((r) => r.assignedCounselorId).filter((id): id is string => !!id)),
    ];
    const names = new Map((await this.users.findByIds(counselorIds)).map((u) => [u.id, u.displayName]));
    const flags = await activeFlagKinds(this.tx.manager, this.disclosure.flagReadable(actor, rows));
    return this.disclosure.summaries(actor, rows, names, flags);
  }

  /**
   * "My cases": assigned to me (counselor role) or registered by me (front desk). Nothing for a role
   * that is neither (a coordinator alone is never assigned a case).
   */
  private applyMine(qb: SelectQueryBuilder<Case>, actor: AuthContext): void {
    const mine: string[] = [];
    if (actor.roles.includes(Role.Counselor)) mine.push('c.assignedCounselorId = :me');
    if (actor.roles.includes(Role.FrontDesk)) mine.push('c.registeredById = :me');
    if (!mine.length) {
      qb.andWhere('1 = 0');
      return;
    }
    qb.andWhere(new Brackets((b) => mine.forEach((clause) => b.orWhere(clause))), { me: actor.userId });
  }

  /** One case with its people and incident, as the caller may see it (the gate decides; the read is audited). */
  async detail(actor: AuthContext, caseId: string): Promise<CaseDetailDto> {
    const c = await this.access.findReadable(actor, caseId);
    const names = new Map(
      (await this.users.findByIds(c.assignedCounselorId ? [c.assignedCounselorId] : [])).map((u) => [
        u.id,
        u.displayName,
      ]),
    );
    const flags =
      (await activeFlagKinds(this.tx.manager, this.disclosure.flagReadable(actor, [c]))).get(c.id) ?? [];
    return this.disclosure.detail(actor, c, names, flags);
  }

  /**
   * The counselors a case can be assigned to (what assignCounselor accepts: active users with the
   * counselor role), ids and names only, by username.
   */
  async assignableCounselors(q: {
    page: number;
    pageSize: number;
    sort?: string;
    dir?: SortDirection;
  }): Promise<Paginated<AssignableCounselorDto>> {
    const { items, total } = await this.users.list(
      { role: Role.Counselor, active: true, ...q },
      COUNSELOR_LIST_SORT,
    );
    return paginated(
      items.map((u) => ({ id: u.id, name: u.displayName })),
      total,
      q,
    );
  }

  /** A coordinator assigns (or reassigns) the counselor; the case's version guards the change. */
  async assignCounselor(
    actor: AuthContext,
    caseId: string,
    counselorId: string,
    version: number,
  ): Promise<Case> {
    return this.tx.run(async (m) => {
      const c = await this.access.findReadable(actor, caseId, m);
      if (c.version !== version) throw AppException.versionConflict();
      if (c.stage === 'closed') throw AppException.rule(ErrorCode.CaseClosed);
      const [counselor] = await this.assignableOf([counselorId]);
      await this.assign(m, actor, [c], counselor);
      return m.findOneOrFail(Case, { where: { id: c.id } });
    });
  }

  /**
   * Hands several cases over at once (a coordinator's caseload handover, issue 19): each case to its
   * counselor, by the same steps as assignCounselor, in the caller's transaction. The cases and the
   * counselors are read in one query each (the cases locked on PostgreSQL), one UPDATE per counselor;
   * the history event of each case is inherent. 422 HANDOVER_CASE_NOT_FOUND for a case the caller
   * cannot see, CASE_CLOSED for a closed one, COUNSELOR_NOT_FOUND for a target who is not an active
   * counselor, HANDOVER_SAME_COUNSELOR when a case would stay with its counselor.
   */
  async reassignMany(
    actor: AuthContext,
    moves: readonly { caseId: string; counselorId: string }[],
  ): Promise<{ caseId: string; number: string; previousCounselorId: string | null; counselorId: string }[]> {
    return this.tx.run(async (m) => {
      const ids = [...new Set(moves.map((x) => x.caseId))];
      if (ids.length !== moves.length) throw fieldProblem('caseIds', 'arrayUnique');
      const rows = ids.length ? await m.find(Case, lockedFor<Case>(m, { where: { id: In(ids) } })) : [];
      const byId = new Map(rows.filter((c) => this.access.canRead(actor, c)).map((c) => [c.id, c]));
      if (byId.size !== ids.length) throw AppException.rule('HANDOVER_CASE_NOT_FOUND');
      if (rows.some((c) => c.stage === 'closed')) throw AppException.rule(ErrorCode.CaseClosed);
      const counselors = new Map(
        (await this.assignableOf(moves.map((x) => x.counselorId))).map((u) => [u.id, u]),
      );
      const groups = new Map<string, Case[]>();
      for (const move of moves) {
        const c = byId.get(move.caseId)!;
        if (c.assignedCounselorId === move.counselorId) throw AppException.rule('HANDOVER_SAME_COUNSELOR');
        groups.set(move.counselorId, [...(groups.get(move.counselorId) ?? []), c]);
      }
      const previous = new Map(rows.map((c) => [c.id, c.assignedCounselorId]));
      for (const [counselorId, cases] of groups)
        await this.assign(m, actor, cases, counselors.get(counselorId)!);
      return moves.map((x) => ({
        caseId: x.caseId,
        number: byId.get(x.caseId)!.number,
        previousCounselorId: previous.get(x.caseId) ?? null,
        counselorId: x.counselorId,
      }));
    });
  }

  /** The active counselors among the ids (one query); 422 COUNSELOR_NOT_FOUND when one is not. */
  private async assignableOf(ids: readonly string[]) {
    const unique = [...new Set(ids)];
    const found = await this.users.findByIds(unique);
    const ok = found.filter((u) => u.isActive && u.roles.includes(Role.Counselor));
    if (ok.length !== unique.length) throw AppException.rule(ErrorCode.CounselorNotFound);
    return unique.map((id) => ok.find((u) => u.id === id)!);
  }

  /**
   * THE assignment of a counselor (one path for the case page, the API and the handover): open cases
   * only, each case's version moves on (one UPDATE for them all), and each case's history records who
   * was assigned, the earlier counselor in the event's encrypted details.
   */
  private async assign(
    m: EntityManager,
    actor: AuthContext,
    cases: readonly Case[],
    counselor: { id: string; displayName: string },
  ): Promise<void> {
    if (cases.some((c) => c.stage === 'closed')) throw AppException.rule(ErrorCode.CaseClosed);
    const result = await m
      .createQueryBuilder()
      .update(Case)
      .set({ assignedCounselorId: counselor.id, version: () => '"version" + 1', updatedAt: this.clock.now() })
      .where(
        new Brackets((b) =>
          cases.forEach((c, i) =>
            b.orWhere(`(id = :id${i} AND version = :version${i})`, {
              [`id${i}`]: c.id,
              [`version${i}`]: c.version,
            }),
          ),
        ),
      )
      .execute();
    if ((result.affected ?? cases.length) !== cases.length) throw AppException.versionConflict();
    for (const c of cases) {
      const previous = c.assignedCounselorId;
      await this.events.append(c.id, actor, {
        type: 'case.counselor_assigned',
        summaryArgs: { counselor: counselor.displayName, reassigned: !!previous },
        details: { before: previous, after: counselor.id },
      });
    }
  }

  /**
   * Corrects the victim's identity/contact, the incident (its dates too) and the perpetrators as
   * recorded at intake (or completes what a quick intake left out). The case's
   * version guards the change; the history keeps every earlier value (encrypted with the case).
   */
  async update(actor: AuthContext, caseId: string, dto: UpdateCaseDto): Promise<Case> {
    return this.tx.run(async (m) => {
      const c = await this.access.findWorkable(actor, caseId, m);
      if (c.version !== dto.version) throw AppException.versionConflict();
      if (c.stage === 'closed') throw AppException.rule(ErrorCode.CaseClosed);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const changed: string[] = [];
      // Lists (violence types) are sets, and text is the same whatever its line endings (a browser
      // sends CR LF): neither the same types in another order nor the same text is a correction.
      const canonical = (x: unknown) =>
        JSON.stringify(
          Array.isArray(x) ? [...x].sort() : typeof x === 'string' ? x.replace(/\r\n/g, '\n') : (x ?? null),
        );
      const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
      const note = (field: string, oldValue: unknown, newValue: unknown) => {
        if (same(oldValue, newValue)) return false;
        before[field] = oldValue ?? null;
        after[field] = newValue ?? null;
        changed.push(field);
        return true;
      };
      const v = dto.victim ?? {};
      const today = todayOf(this.clock);
      if (v.birthDate && v.birthDate > today)
        throw AppException.rule(ErrorCode.DateInFuture, { field: 'victim.birthDate' });
      const i = dto.incident ?? {};
      // The incident's dates as they will be (sent, else as recorded): the intake's rules.
      const incidentDate = i.date !== undefined ? i.date : c.incidentDate;
      const incidentDateEnd = i.dateEnd !== undefined ? i.dateEnd : c.incidentDateEnd;
      if (i.date && i.date > today)
        throw AppException.rule(ErrorCode.DateInFuture, { field: 'incident.date' });
      if ((i.date !== undefined || i.dateEnd !== undefined) && incidentDate && incidentDateEnd)
        if (incidentDateEnd < incidentDate) throw AppException.rule(ErrorCode.IncidentPeriodInvalid);
      const victim = await m.findOneOrFail(Victim, { where: { id: c.victimId } });
      for (const key of [
        'fullName',
        'nik',
        'birthDate',
        'address',
        'phone',
        'phoneSafeToCall',
        'district',
        'education',
        'occupation',
        'maritalStatus',
      ] as const) {
        if (v[key] !== undefined && note(`victim.${key}`, victim[key], v[key])) (victim as any)[key] = v[key];
      }
      if (changed.includes('victim.district') && victim.district) {
        // Checked only when it changes: a district since dropped from the settings may stay.
        const { districts } = await this.settings.centre();
        if (districts.length && !districts.includes(victim.district))
          throw AppException.rule(ErrorCode.UnknownDistrict);
      }
      if (changed.some((f) => f === 'victim.nik')) victim.nikIndex = this.intake.nikIndexOf(victim.nik);
      if (changed.some((f) => f === 'victim.fullName' || f === 'victim.birthDate'))
        victim.nameYearIndex = this.intake.nameYearIndexOf(victim.fullName, victim.birthDate);
      const incidentFields: [keyof typeof i, keyof Case][] = [
        ['date', 'incidentDate'],
        ['dateEnd', 'incidentDateEnd'],
        ['time', 'incidentTime'],
        ['placeType', 'placeType'],
        ['location', 'incidentLocation'],
        ['violenceTypes', 'violenceTypes'],
        ['narrative', 'narrative'],
      ];
      const caseChanges: Partial<Case> = {};
      for (const [key, column] of incidentFields) {
        if (i[key] !== undefined && note(`incident.${key}`, c[column], i[key]))
          (caseChanges as any)[column] = i[key];
      }
      if (changed.includes('victim.district')) caseChanges.district = victim.district;
      let perpetrators: PerpetratorInputDto[] | null = null;
      if (dto.perpetrators !== undefined) {
        // The list as it is now replaces the recorded one; its earlier rows (names too) go to the
        // history's details, encrypted with the case like every earlier value.
        const facts = (p: {
          sex?: string | null;
          age?: number | null;
          relationship?: string;
          name?: string | null;
        }) => ({
          sex: p.sex ?? null,
          age: p.age ?? null,
          relationship: p.relationship ?? null,
          name: p.name ?? null,
        });
        const recorded = await m.find(Perpetrator, { where: { caseId: c.id }, order: { position: 'ASC' } });
        if (note('perpetrators', recorded.map(facts), dto.perpetrators.map(facts)))
          perpetrators = dto.perpetrators;
      }
      if (dto.reporter !== undefined) {
        // Who reported (null: the victim herself), as a whole: its earlier value goes to the details.
        const r = dto.reporter;
        const told = r
          ? {
              relationship: r.relationship,
              name: r.name ?? null,
              phone: r.phone ?? null,
              address: r.address ?? null,
            }
          : null;
        const recorded = c.reporterRelationship
          ? {
              relationship: c.reporterRelationship,
              name: c.reporter?.name ?? null,
              phone: c.reporter?.phone ?? null,
              address: c.reporter?.address ?? null,
            }
          : null;
        if (note('reporter', recorded, told)) {
          caseChanges.reporterRelationship = told?.relationship ?? null;
          caseChanges.reporter = told ? { name: told.name, phone: told.phone, address: told.address } : null;
        }
      }
      if (!changed.length) return c;
      if (changed.some((f) => f.startsWith('victim.'))) await m.save(Victim, victim);
      const now = this.clock.now();
      const result = await m
        .createQueryBuilder()
        .update(Case)
        .set({ version: dto.version + 1, updatedAt: now })
        .where('id = :id AND version = :version', { id: c.id, version: dto.version })
        .execute();
      if (!result.affected) throw AppException.versionConflict();
      let ageChange: { before: [number | null, boolean]; after: [number | null, boolean] } | null = null;
      if (changed.includes('victim.birthDate') || changed.includes('incident.date')) {
        // The age (statistics) and child status of every case of this victim follow the birth date
        // (and this case's, its incident date).
        // Another case whose figures change is changed honestly: its version moves and its own history
        // says why (no personal value in the summary: the age and child status are statistics).
        const victimCases = await m.find(Case, {
          where: changed.includes('victim.birthDate') ? { victimId: victim.id } : { id: c.id },
          select: { id: true, incidentDate: true, receivedAt: true, victimAge: true, isChild: true },
        });
        for (const vc of victimCases) {
          const on = vc.id === c.id ? incidentDate : vc.incidentDate;
          const { victimAge, isChild } = this.intake.ageOf(victim, on ?? vc.receivedAt);
          if (victimAge === vc.victimAge && isChild === vc.isChild) continue;
          const own = vc.id === c.id;
          await m
            .createQueryBuilder()
            .update(Case)
            .set(own ? { victimAge, isChild } : { victimAge, isChild, version: () => '"version" + 1' })
            .where('id = :id', { id: vc.id })
            .execute();
          if (own) {
            ageChange = { before: [vc.victimAge, vc.isChild], after: [victimAge, isChild] };
            continue;
          }
          await this.events.append(vc.id, actor, {
            type: 'case.victim_age_recomputed',
            summaryKey: isChild
              ? 'events.case.victim_age_recomputed_child'
              : 'events.case.victim_age_recomputed',
            summaryArgs: { age: victimAge ?? '-', source: c.number },
          });
        }
      }
      if (Object.keys(caseChanges).length) {
        // Through save() so encrypted columns are sealed by the subscriber.
        const fresh = await m.findOneOrFail(Case, { where: { id: c.id } });
        Object.assign(fresh, caseChanges);
        await m.save(Case, fresh);
      }
      if (perpetrators) {
        await m.delete(Perpetrator, { caseId: c.id });
        await this.intake.savePerpetrators(m, c, perpetrators);
      }
      await this.events.append(c.id, actor, {
        type: 'case.details_updated',
        // Which fields (their names, not their values): the summary names them in the reader's words.
        summaryKey: 'events.case.details_corrected',
        summaryArgs: { fields: changed.length, correctedFields: changed.join(',') },
        details: {
          fields: changed,
          before,
          after,
          ...(ageChange
            ? {
                age: {
                  before: { victimAge: ageChange.before[0], isChild: ageChange.before[1] },
                  after: { victimAge: ageChange.after[0], isChild: ageChange.after[1] },
                },
              }
            : {}),
        },
      });
      return m.findOneOrFail(Case, { where: { id: c.id } });
    });
  }

  /** One page of the history, oldest first (the documented list shape). */
  async history(
    actor: AuthContext,
    caseId: string,
    lang: Language,
    q: { page: number; pageSize: number },
  ): Promise<Paginated<CaseEventDto>> {
    const c = await this.access.findWorkable(actor, caseId);
    const events = await this.events.page(c.id, (q.page - 1) * q.pageSize, q.pageSize);
    const items = events.map((e) => ({
      seq: e.seq,
      type: e.type,
      at: e.at.toISOString(),
      actorName: e.actorName,
      actorRoles: e.actorRoles,
      actorInstitutionId: e.actorInstitutionId,
      summary: this.summaries.summary(e, lang),
      summaryArgs: e.summaryArgs,
      hash: e.hash,
    }));
    return paginated(items, c.eventCount, q);
  }

  async verify(
    actor: AuthContext,
    caseId: string,
  ): Promise<ChainVerification & { verificationCode: string | null }> {
    const c = await this.access.findWorkable(actor, caseId);
    const result = await this.events.verify(c.id);
    // A code names a verified history only: a broken one has none (and no head to show).
    return { ...result, verificationCode: result.headHash ? verificationCode(result.headHash) : null };
  }
}
