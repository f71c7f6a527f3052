import { HttpStatus, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AuditService } from '../platform/audit/audit.service';
import { EntityManager, In } from 'typeorm';
import { AppException, ErrorCode } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { AuthContext } from '../platform/common/request-context';
import { BlindIndexService, normalizeName, normalizeNik } from '../platform/crypto/blind-index.service';
import { DataKeyService } from '../platform/crypto/data-key.service';
import { TransactionService } from '../platform/database/transaction.service';
import { InstitutionsService } from '../institutions/institutions.service';
import { formatCaseNumber, SettingsService } from '../platform/settings/settings.service';
import {
  ageOn,
  classifyGbv,
  PLACE_NOT_RECORDED,
  QUICK_INTAKE,
  REPORTER_NOT_RECORDED,
} from './case.constants';
import { CaseEventService, GENESIS_HASH } from './case-event.service';
import { CaseNumberCounter } from './case-number-counter.entity';
import { Case, IntakeRecord } from './case.entity';
import { CaseDisclosureService } from './disclosure/case-disclosure.service';
import { MatchedBy, TypedIdentifiers, VictimMatchService } from './victim-match.service';
import {
  CreateCaseDto,
  DuplicateCheckDto,
  DuplicateMatchDto,
  PerpetratorInputDto,
  QuickCaseDto,
} from './dto/case.dto';
import { Perpetrator } from './perpetrator.entity';
import { Victim } from './victim.entity';
import { todayOf } from '../platform/common/dates';

export const NIK_INDEX = 'victim.nik';
/** The audit action of a complaint attached to an existing victim (one row for her, one per earlier case). */
export const ATTACH_AUDIT_ACTION = 'cases.attach_victim';
export const NAME_YEAR_INDEX = 'victim.name_birth_year';

/**
 * Step 1: receiving a complaint and registering the victim. One transaction: victim (or the
 * existing one), case number, case, perpetrators and the first history event.
 */
@Injectable()
export class IntakeService {
  constructor(
    private readonly tx: TransactionService,
    private readonly dataKeys: DataKeyService,
    private readonly blind: BlindIndexService,
    private readonly events: CaseEventService,
    private readonly settings: SettingsService,
    private readonly institutions: InstitutionsService,
    private readonly clock: Clock,
    private readonly matches: VictimMatchService,
    private readonly disclosure: CaseDisclosureService,
    private readonly audit: AuditService,
  ) {}

  private nameYearIndex(fullName: string, birthYear: number): string | null {
    const name = normalizeName(fullName);
    return name ? this.blind.compute(NAME_YEAR_INDEX, `${name}|${birthYear}`) : null;
  }

  /** The blind index of a NIK (null without one). */
  nikIndexOf(nik: string | null): string | null {
    return nik ? this.blind.compute(NIK_INDEX, nik, normalizeNik) : null;
  }

  /** The blind index of a name and birth year (null without a birth date). */
  nameYearIndexOf(fullName: string | null, birthDate: string | null): string | null {
    return fullName && birthDate ? this.nameYearIndex(fullName, Number(birthDate.slice(0, 4))) : null;
  }

  /**
   * The victim's age on a date (the incident's, or the intake's when the incident date is unknown):
   * from the birth date, else the estimated age; child = under 18.
   */
  ageOf(
    victim: Pick<Victim, 'birthDate' | 'estimatedAge'>,
    on: string,
  ): { victimAge: number | null; isChild: boolean } {
    const age = victim.birthDate ? ageOn(victim.birthDate, on) : victim.estimatedAge;
    const victimAge = age ?? null;
    return { victimAge, isChild: victimAge !== null && victimAge < 18 };
  }

  /**
   * Possible earlier records of the same victim: the exact NIK through its blind index, and likely
   * matches by normalised name and birth year. Each is offered as the latest case's number, the
   * victim's initials and the intake date, with a single-use match token bound to the caller's
   * session and to the identifier that matched (never the victim's id).
   */
  async duplicates(
    actor: AuthContext,
    query: DuplicateCheckDto,
    keep?: string,
  ): Promise<DuplicateMatchDto[]> {
    const typed = this.typedIdentifiers(query);
    return this.tx.run(async (m) => {
      const found = await this.earlierRecords(m, typed);
      // A token of this session still valid for one of the matches is offered again, not replaced.
      const kept = keep ? await this.matches.peek(m, actor, keep) : null;
      const matches: DuplicateMatchDto[] = [];
      for (const { victim, latest, matchedBy } of found)
        matches.push({
          matchToken:
            kept && kept === victim.id
              ? keep!
              : await this.matches.issue(m, actor, victim.id, matchedBy, typed),
          ...this.disclosure.matchSummary(victim, latest),
          matchedBy,
        });
      return matches;
    });
  }

  /** Whether a victim with this NIK (or name and birth year) has a case already (no token issued). */
  async hasEarlierRecord(query: DuplicateCheckDto): Promise<boolean> {
    return (await this.earlierRecords(this.tx.manager, this.typedIdentifiers(query))).length > 0;
  }

  private async earlierRecords(
    m: EntityManager,
    typed: TypedIdentifiers,
  ): Promise<{ victim: Victim; latest: Case; matchedBy: MatchedBy }[]> {
    const nikIndex = typed.nik ? this.blind.compute(NIK_INDEX, typed.nik, normalizeNik) : null;
    const nameIndex =
      typed.fullName && typed.birthYear ? this.nameYearIndex(typed.fullName, typed.birthYear) : null;
    if (!nikIndex && !nameIndex) return [];
    const qb = m.createQueryBuilder(Victim, 'v');
    if (nikIndex) qb.orWhere('v.nikIndex = :nikIndex', { nikIndex });
    if (nameIndex) qb.orWhere('v.nameYearIndex = :nameIndex', { nameIndex });
    const victims = await qb.limit(20).getMany();
    if (!victims.length) return [];
    const cases = await m.find(Case, {
      where: { victimId: In(victims.map((v) => v.id)) },
      select: { id: true, victimId: true, number: true, receivedAt: true },
      order: { receivedAt: 'DESC', number: 'DESC' },
    });
    const out: { victim: Victim; latest: Case; matchedBy: MatchedBy }[] = [];
    for (const victim of victims) {
      const latest = cases.find((c) => c.victimId === victim.id);
      if (!latest) continue;
      out.push({
        victim,
        latest,
        matchedBy: nikIndex && victim.nikIndex === nikIndex ? 'nik' : 'name_birth_year',
      });
    }
    return out;
  }

  /** The identifiers a duplicate check (or an intake's victim) names: NIK, name and birth year. */
  private typedIdentifiers(q: {
    nik?: string | null;
    fullName?: string | null;
    birthDate?: string | null;
    birthYear?: number | null;
  }): TypedIdentifiers {
    return {
      nik: q.nik ?? null,
      fullName: q.fullName ?? null,
      birthYear: q.birthYear ?? (q.birthDate ? Number(q.birthDate.slice(0, 4)) : null),
    };
  }

  /** The next number of the year, inside the intake transaction: a rolled-back intake leaves no gap. */
  private async nextNumber(m: EntityManager, year: number): Promise<number> {
    const postgres = m.connection.options.type === 'postgres';
    const table = m.connection.getMetadata(CaseNumberCounter).tableName;
    await m.query(
      `INSERT INTO "${table}" ("year", "value") VALUES (${postgres ? '$1' : '?'}, 1)
       ON CONFLICT ("year") DO UPDATE SET "value" = "${table}"."value" + 1`,
      [year],
    );
    const row = await m.findOneOrFail(CaseNumberCounter, { where: { year } });
    return row.value;
  }

  /**
   * Registers a complaint. With a `matchToken` the complaint joins the victim the duplicate check
   * offered (and the audit names her and her earlier cases: `options.auditRequest` is the request to
   * record them with); the victim typed is kept as this intake's record either way.
   */
  async register(
    actor: AuthContext,
    dto: CreateCaseDto,
    options: { auditRequest?: FastifyRequest | null; quick?: boolean } = {},
  ): Promise<Case> {
    if (!dto.victim) throw AppException.rule(ErrorCode.VictimRequired);
    if (dto.channel === 'institution_referral' && !dto.referringInstitutionId)
      throw AppException.rule(ErrorCode.ReferringInstitutionRequired);
    const incidentDate = dto.incident.date ?? null;
    if (incidentDate && dto.incident.dateEnd && dto.incident.dateEnd < incidentDate)
      throw AppException.rule(ErrorCode.IncidentPeriodInvalid);
    const today = todayOf(this.clock);
    if (dto.receivedAt > today || (incidentDate && incidentDate > today))
      throw AppException.rule(ErrorCode.DateInFuture);
    if (dto.victim?.birthDate && dto.victim.birthDate > today)
      throw AppException.rule(ErrorCode.DateInFuture);
    const settings = await this.settings.centre();
    if (
      dto.victim?.district &&
      settings.districts.length &&
      !settings.districts.includes(dto.victim.district)
    ) {
      throw AppException.rule(ErrorCode.UnknownDistrict);
    }

    return this.tx.run(async (m) => {
      if (dto.referringInstitutionId && !(await this.institutions.exists(dto.referringInstitutionId))) {
        throw AppException.rule(ErrorCode.InstitutionNotFound);
      }
      const now = this.clock.now();
      const v = dto.victim;
      let victim: Victim;
      if (dto.matchToken) {
        const victimId = await this.matches.consume(m, actor, dto.matchToken, this.typedIdentifiers(v));
        const found = await m.findOne(Victim, { where: { id: victimId } });
        if (!found) throw AppException.rule(ErrorCode.VictimNotFound);
        victim = found;
      } else {
        const key = await this.dataKeys.create('person', m);
        const birthYear = v.birthDate ? Number(v.birthDate.slice(0, 4)) : null;
        victim = m.create(Victim, {
          dataKeyId: key.id,
          fullName: v.fullName,
          nik: v.nik ?? null,
          birthDate: v.birthDate ?? null,
          address: v.address ?? null,
          phone: v.phone ?? null,
          phoneSafeToCall: v.phoneSafeToCall ?? null,
          nikIndex: v.nik ? this.blind.compute(NIK_INDEX, v.nik, normalizeNik) : null,
          nameYearIndex: birthYear ? this.nameYearIndex(v.fullName, birthYear) : null,
          sex: v.sex,
          estimatedAge: v.estimatedAge ?? null,
          district: v.district ?? null,
          education: v.education ?? null,
          occupation: v.occupation ?? null,
          maritalStatus: v.maritalStatus ?? null,
          disabilities: v.disabilities?.length ? v.disabilities : null,
          nationality: v.nationality ?? 'IDN',
          createdAt: now,
        });
        await m.save(Victim, victim);
      }
      const { victimAge, isChild } = this.ageOf(victim, incidentDate ?? dto.receivedAt);
      // What this intake was told of the victim: her age then is computed from what was typed.
      const typedAge = this.ageOf(
        { birthDate: v.birthDate ?? null, estimatedAge: v.estimatedAge ?? null },
        incidentDate ?? dto.receivedAt,
      );
      const intakeRecord: IntakeRecord = {
        victim: {
          fullName: v.fullName,
          nik: v.nik ?? null,
          birthDate: v.birthDate ?? null,
          estimatedAge: v.estimatedAge ?? null,
          sex: v.sex,
          address: v.address ?? null,
          phone: v.phone ?? null,
          phoneSafeToCall: v.phoneSafeToCall ?? null,
          district: v.district ?? null,
          education: v.education ?? null,
          occupation: v.occupation ?? null,
          maritalStatus: v.maritalStatus ?? null,
          disabilities: v.disabilities ?? [],
          nationality: v.nationality ?? 'IDN',
          age: typedAge.victimAge,
          isChild: typedAge.isChild,
        },
        incident: { location: dto.incident.location ?? null, narrative: dto.incident.narrative ?? null },
      };
      const year = Number(dto.receivedAt.slice(0, 4));
      const seq = await this.nextNumber(m, year);
      const caseKey = await this.dataKeys.create('case', m);
      const c = m.create(Case, {
        id: randomUUID(),
        number: formatCaseNumber(settings, year, seq),
        stage: 'intake',
        version: 1,
        dataKeyId: caseKey.id,
        victimId: victim.id,
        channel: dto.channel,
        receivedAt: dto.receivedAt,
        referringInstitutionId: dto.referringInstitutionId ?? null,
        intakeMode: options.quick ? QUICK_INTAKE : null,
        immediateDanger: dto.immediateDanger ?? null,
        registeredById: actor.userId,
        registeredAt: now,
        assignedCounselorId: null,
        reporterRelationship: dto.reporter?.relationship ?? null,
        reporter:
          dto.reporter && dto.reporter.relationship !== REPORTER_NOT_RECORDED
            ? {
                name: dto.reporter.name ?? null,
                phone: dto.reporter.phone ?? null,
                address: dto.reporter.address ?? null,
              }
            : null,
        incidentDate,
        incidentDateEnd: dto.incident.dateEnd ?? null,
        incidentTime: dto.incident.time ?? null,
        placeType: dto.incident.placeType,
        violenceTypes: dto.incident.violenceTypes,
        gbvApplies: dto.incident.gbvApplies?.length ? dto.incident.gbvApplies : null,
        gbvCoreType: classifyGbv(dto.incident.gbvApplies ?? []),
        incidentLocation: dto.incident.location ?? null,
        narrative: dto.incident.narrative ?? null,
        intakeRecord,
        victimSex: victim.sex,
        victimAge,
        isChild,
        district: victim.district,
        riskLevel: null,
        closureReason: null,
        closedAt: null,
        eventCount: 0,
        headHash: GENESIS_HASH,
        updatedAt: now,
      });
      // The first history event is built before the case is written, so the case row is inserted
      // with its history head (count, hash, seal) instead of being updated for it afterwards.
      const first = await this.events.first(
        c,
        actor,
        {
          type: 'case.registered',
          ...(options.quick ? { summaryKey: 'events.case.registered_quick' } : {}),
          summaryArgs: {
            number: c.number,
            channel: c.channel,
            existingVictim: !!dto.matchToken,
            referringInstitutionId: c.referringInstitutionId,
            ...(options.quick ? { quick: true } : {}),
          },
        },
        m,
      );
      Object.assign(c, first.head);
      await m.insert(Case, c);
      await this.savePerpetrators(m, c, dto.perpetrators);
      await this.events.insertFirst(first.event, m);
      if (dto.matchToken) await this.auditAttach(m, options.auditRequest ?? null, actor, victim.id, c.id);
      // The case as written (its encrypted fields are plain again once saved): nothing is read back.
      return c;
    });
  }

  /**
   * Writes a case's perpetrators as told (position 1, 2, …; the name sealed with the case's data key by
   * the encryption subscriber): at intake, and when a correction replaces them.
   */
  async savePerpetrators(
    m: EntityManager,
    c: Pick<Case, 'id' | 'dataKeyId'>,
    perpetrators: PerpetratorInputDto[],
  ): Promise<void> {
    if (!perpetrators.length) return;
    await m.save(
      Perpetrator,
      perpetrators.map((p, i) =>
        m.create(Perpetrator, {
          caseId: c.id,
          dataKeyId: c.dataKeyId,
          position: i + 1,
          sex: p.sex ?? null,
          age: p.age ?? null,
          relationship: p.relationship,
          name: p.name ?? null,
        }),
      ),
    );
  }

  /**
   * The quick intake of a crisis walk-in: the complaint, who the victim is, how to call her back
   * safely, the violence and whether she is in immediate danger. The case is registered like any other
   * (same number, history and rules), with no perpetrator yet and its place type not recorded; the
   * rest is completed by a correction. No duplicate check: she is registered as a new victim.
   */
  registerQuick(
    actor: AuthContext,
    dto: QuickCaseDto,
    options: { auditRequest?: FastifyRequest | null } = {},
  ): Promise<Case> {
    const v = dto.victim;
    // A birth year stands for an estimated age on the day the complaint was received.
    const estimatedAge =
      v.estimatedAge ??
      (v.birthYear !== undefined ? Number(dto.receivedAt.slice(0, 4)) - v.birthYear : undefined);
    const year = Number(dto.receivedAt.slice(0, 4));
    if (estimatedAge !== undefined && (estimatedAge < 0 || estimatedAge > 120)) {
      const [rule, n] = estimatedAge < 0 ? ['max', year] : ['min', year - 120];
      throw new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, {}, [
        { field: 'victim.birthYear', rule, args: { n } },
      ]);
    }
    const full: CreateCaseDto = {
      channel: dto.channel,
      receivedAt: dto.receivedAt,
      referringInstitutionId: dto.referringInstitutionId,
      victim: {
        fullName: v.fullName,
        sex: v.sex,
        estimatedAge,
        phone: v.phone,
        phoneSafeToCall: v.phoneSafeToCall,
      },
      // Who reported is not asked: recorded as not yet recorded (not as "the victim herself").
      reporter: { relationship: REPORTER_NOT_RECORDED },
      perpetrators: [],
      incident: { placeType: PLACE_NOT_RECORDED, violenceTypes: dto.violenceTypes },
      immediateDanger: dto.immediateDanger,
    };
    return this.register(actor, full, { ...options, quick: true });
  }

  /**
   * A complaint attached to an existing victim: the audit names her and every earlier case of hers
   * (ids only), in the intake's transaction.
   */
  private async auditAttach(
    m: EntityManager,
    req: FastifyRequest | null,
    actor: AuthContext,
    victimId: string,
    newCaseId: string,
  ): Promise<void> {
    const earlier = await m.find(Case, { where: { victimId }, select: { id: true, number: true } });
    const who = { userId: actor.userId, username: actor.username, roles: actor.roles };
    await this.audit.record(req, {
      ...who,
      action: ATTACH_AUDIT_ACTION,
      outcome: 'allowed',
      resourceType: 'victims',
      resourceId: victimId,
      code: `case:${newCaseId}`.slice(0, 60),
    });
    for (const e of earlier.filter((x) => x.id !== newCaseId))
      await this.audit.record(req, {
        ...who,
        action: ATTACH_AUDIT_ACTION,
        outcome: 'allowed',
        resourceType: 'cases',
        resourceId: e.id,
        code: `attached:${newCaseId}`.slice(0, 60),
      });
  }
}
