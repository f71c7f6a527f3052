import { Injectable } from '@nestjs/common';
import { SelectQueryBuilder } from 'typeorm';
import { Role } from '../auth/permissions';
import { AppException, ErrorCode } from '../common/app.exception';
import { Clock } from '../common/clock';
import { AuthContext, Language } from '../common/request-context';
import { DataKeyService } from '../crypto/data-key.service';
import { TransactionService } from '../database/transaction.service';
import { Translator } from '../i18n/translator';
import { SettingsService } from '../settings/settings.service';
import { UsersService } from '../users/users.service';
import { initialsOf } from './case.constants';
import { CaseAccessService } from './case-access.service';
import { CaseEventService, ChainVerification, verificationCode } from './case-event.service';
import { EventArgsRegistry } from './event-args.registry';
import { IntakeService } from './intake.service';
import { Case } from './case.entity';
import { CaseDetailDto, CaseEventDto, CaseListQueryDto, CaseSummaryDto, UpdateCaseDto } from './dto/case.dto';
import { Perpetrator } from './perpetrator.entity';
import { Victim } from './victim.entity';

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
    private readonly translator: Translator,
    private readonly clock: Clock,
    private readonly eventArgs: EventArgsRegistry,
    private readonly dataKeys: DataKeyService,
    private readonly settings: SettingsService,
    private readonly intake: IntakeService,
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
    const filtered = (qb: SelectQueryBuilder<Case>) => {
      this.access.applyScope(qb, actor, 'c');
      if (q.stage) qb.andWhere('c.stage = :stage', { stage: q.stage });
      if (q.counselorId) qb.andWhere('c.assignedCounselorId = :counselorId', { counselorId: q.counselorId });
      if (q.mine === 'true') qb.andWhere('c.assignedCounselorId = :me', { me: actor.userId });
      if (q.risk) qb.andWhere('c.riskLevel = :risk', { risk: q.risk });
      if (q.child) qb.andWhere('c.isChild = :child', { child: q.child === 'true' });
      if (q.from) qb.andWhere('c.receivedAt >= :from', { from: q.from });
      if (q.to) qb.andWhere('c.receivedAt <= :to', { to: q.to });
      if (q.number) qb.andWhere('c.number LIKE :number', { number: `%${q.number.replace(/[%_]/g, '')}%` });
      return qb;
    };
    const m = this.tx.manager;
    const rows = await filtered(m.createQueryBuilder(Case, 'c').leftJoinAndSelect('c.victim', 'v'))
      .orderBy('c.receivedAt', 'DESC')
      .addOrderBy('c.number', 'DESC')
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
    return { items: rows.map((c) => this.summary(c, names)), total, page, pageSize };
  }

  private summary(c: Case, counselorNames: Map<string, string>): CaseSummaryDto {
    return {
      id: c.id,
      number: c.number,
      stage: c.stage,
      version: c.version,
      receivedAt: c.receivedAt,
      channel: c.channel,
      victimInitials: initialsOf(c.victim?.fullName),
      isChild: c.isChild,
      riskLevel: c.riskLevel,
      assignedCounselorId: c.assignedCounselorId,
      assignedCounselorName: c.assignedCounselorId
        ? (counselorNames.get(c.assignedCounselorId) ?? null)
        : null,
      violenceTypes: c.violenceTypes,
      district: c.district,
    };
  }

  /** One case with its people and incident (the read is audited by the request's audit entry). */
  async detail(actor: AuthContext, caseId: string): Promise<CaseDetailDto> {
    const c = await this.access.findReadable(actor, caseId);
    const m = this.tx.manager;
    const victim = await m.findOneOrFail(Victim, { where: { id: c.victimId } });
    const perpetrators = await m.find(Perpetrator, { where: { caseId: c.id }, order: { position: 'ASC' } });
    const names = new Map(
      (await this.users.findByIds(c.assignedCounselorId ? [c.assignedCounselorId] : [])).map((u) => [
        u.id,
        u.displayName,
      ]),
    );
    return {
      ...this.summary({ ...c, victim } as Case, names),
      referringInstitutionId: c.referringInstitutionId,
      registeredById: c.registeredById,
      registeredAt: c.registeredAt.toISOString(),
      erased: (await this.dataKeys.getKey(c.dataKeyId)) === null,
      victim: {
        id: victim.id,
        fullName: victim.fullName ?? '',
        initials: initialsOf(victim.fullName),
        nik: victim.nik,
        sex: victim.sex,
        birthDate: victim.birthDate,
        estimatedAge: victim.estimatedAge,
        address: victim.address,
        district: victim.district,
        phone: victim.phone,
        education: victim.education,
        occupation: victim.occupation,
        maritalStatus: victim.maritalStatus,
        disabilities: victim.disabilities ?? [],
        nationality: victim.nationality,
      },
      reporterRelationship: c.reporterRelationship,
      reporter: c.reporter as Record<string, unknown> | null,
      perpetrators: perpetrators.map((p) => ({
        sex: p.sex,
        age: p.age,
        relationship: p.relationship,
        name: p.name,
      })),
      incident: {
        date: c.incidentDate,
        dateEnd: c.incidentDateEnd,
        time: c.incidentTime,
        placeType: c.placeType,
        location: c.incidentLocation,
        violenceTypes: c.violenceTypes,
        gbvApplies: c.gbvApplies ?? [],
        gbvCoreType: c.gbvCoreType,
        narrative: c.narrative,
      },
      victimAge: c.victimAge,
      closureReason: c.closureReason,
      closedAt: c.closedAt ? c.closedAt.toISOString() : null,
      eventCount: c.eventCount,
    };
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
      const counselor = await this.users.findById(counselorId);
      if (!counselor || !counselor.isActive || !counselor.roles.includes(Role.Counselor))
        throw AppException.rule(ErrorCode.CounselorNotFound);
      const previous = c.assignedCounselorId;
      const result = await m
        .createQueryBuilder()
        .update(Case)
        .set({ assignedCounselorId: counselorId, version: version + 1, updatedAt: this.clock.now() })
        .where('id = :id AND version = :version', { id: c.id, version })
        .execute();
      if (!result.affected) throw AppException.versionConflict();
      await this.events.append(c.id, actor, {
        type: 'case.counselor_assigned',
        summaryArgs: { counselor: counselor.displayName, reassigned: !!previous },
        details: { before: previous, after: counselorId },
      });
      return m.findOneOrFail(Case, { where: { id: c.id } });
    });
  }

  /**
   * Corrects the victim's identity/contact and the incident as recorded at intake. The case's
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
      if (v.birthDate && v.birthDate > this.clock.now().toISOString().slice(0, 10))
        throw AppException.rule(ErrorCode.DateInFuture);
      const victim = await m.findOneOrFail(Victim, { where: { id: c.victimId } });
      for (const key of [
        'fullName',
        'nik',
        'birthDate',
        'address',
        'phone',
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
      const i = dto.incident ?? {};
      const incidentFields: [keyof typeof i, keyof Case][] = [
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
      if (changed.includes('victim.birthDate')) {
        // The age (statistics) and child status of every case of this victim follow the birth date.
        // Another case whose figures change is changed honestly: its version moves and its own history
        // says why (no personal value in the summary: the age and child status are statistics).
        const victimCases = await m.find(Case, {
          where: { victimId: victim.id },
          select: { id: true, incidentDate: true, receivedAt: true, victimAge: true, isChild: true },
        });
        for (const vc of victimCases) {
          const { victimAge, isChild } = this.intake.ageOf(victim, vc.incidentDate ?? vc.receivedAt);
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

  async history(actor: AuthContext, caseId: string, lang: Language): Promise<CaseEventDto[]> {
    const c = await this.access.findWorkable(actor, caseId);
    const events = await this.events.list(c.id);
    return events.map((e) => ({
      seq: e.seq,
      type: e.type,
      at: e.at.toISOString(),
      actorName: e.actorName,
      actorRoles: e.actorRoles,
      actorInstitutionId: e.actorInstitutionId,
      summary: this.translator.t(e.summaryKey, lang, this.translatedArgs(e.summaryArgs, lang)),
      summaryArgs: e.summaryArgs,
      hash: e.hash,
    }));
  }

  /** Stage and code arguments of summaries are shown in words. */
  translatedArgs(args: Record<string, unknown>, lang: Language): Record<string, unknown> {
    const out: Record<string, unknown> = { ...args };
    for (const key of ['from', 'to'] as const)
      if (typeof args[key] === 'string') out[key] = this.translator.t(`cases.stages.${args[key]}`, lang);
    if (typeof args.channel === 'string')
      out.channel = this.translator.t(`cases.channels.${args.channel}`, lang);
    if (typeof args.closureReason === 'string')
      out.closureReason = this.translator.t(`cases.closureReasons.${args.closureReason}`, lang);
    if (typeof args.correctedFields === 'string')
      out.correctedFields = args.correctedFields
        .split(',')
        .map((field) => this.translator.t(`events.correctedFields.${field}`, lang))
        .join(', ');
    return this.eventArgs.apply(out, lang);
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
