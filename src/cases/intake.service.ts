import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AppException, ErrorCode } from '../common/app.exception';
import { Clock } from '../common/clock';
import { AuthContext } from '../common/request-context';
import { BlindIndexService, normalizeName, normalizeNik } from '../crypto/blind-index.service';
import { DataKeyService } from '../crypto/data-key.service';
import { TransactionService } from '../database/transaction.service';
import { InstitutionsService } from '../institutions/institutions.service';
import { formatCaseNumber, SettingsService } from '../settings/settings.service';
import { ageOn, classifyGbv, initialsOf } from './case.constants';
import { CaseEventService, GENESIS_HASH } from './case-event.service';
import { CaseNumberCounter } from './case-number-counter.entity';
import { Case } from './case.entity';
import { CreateCaseDto, DuplicateCheckDto, DuplicateMatchDto } from './dto/case.dto';
import { Perpetrator } from './perpetrator.entity';
import { Victim } from './victim.entity';
import { todayOf } from '../common/dates';

export const NIK_INDEX = 'victim.nik';
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
   * matches by normalised name and birth year. Only case number, initials and intake date are shown.
   */
  async duplicates(query: DuplicateCheckDto): Promise<DuplicateMatchDto[]> {
    const m = this.tx.manager;
    const year = query.birthYear ?? (query.birthDate ? Number(query.birthDate.slice(0, 4)) : undefined);
    const nikIndex = query.nik ? this.blind.compute(NIK_INDEX, query.nik, normalizeNik) : null;
    const nameIndex = query.fullName && year ? this.nameYearIndex(query.fullName, year) : null;
    if (!nikIndex && !nameIndex) return [];
    const qb = m.createQueryBuilder(Victim, 'v');
    if (nikIndex) qb.orWhere('v.nikIndex = :nikIndex', { nikIndex });
    if (nameIndex) qb.orWhere('v.nameYearIndex = :nameIndex', { nameIndex });
    const victims = await qb.limit(20).getMany();
    if (!victims.length) return [];
    const cases = await m.find(Case, {
      where: { victimId: In(victims.map((v) => v.id)) },
      select: { id: true, victimId: true, number: true, receivedAt: true },
      order: { receivedAt: 'DESC' },
    });
    const matches: DuplicateMatchDto[] = [];
    for (const v of victims) {
      const latest = cases.find((c) => c.victimId === v.id);
      if (!latest) continue;
      matches.push({
        victimId: v.id,
        caseNumber: latest.number,
        initials: initialsOf(v.fullName),
        intakeDate: latest.receivedAt,
        matchedBy: nikIndex && v.nikIndex === nikIndex ? 'nik' : 'name_birth_year',
      });
    }
    return matches;
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

  async register(actor: AuthContext, dto: CreateCaseDto): Promise<Case> {
    if (!dto.victim && !dto.existingVictimId) throw AppException.rule(ErrorCode.VictimRequired);
    if (dto.victim && dto.existingVictimId) throw AppException.rule(ErrorCode.VictimAmbiguous);
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
      let victim: Victim;
      if (dto.existingVictimId) {
        const found = await m.findOne(Victim, { where: { id: dto.existingVictimId } });
        if (!found) throw AppException.rule(ErrorCode.VictimNotFound);
        victim = found;
      } else {
        const v = dto.victim!;
        const key = await this.dataKeys.create('person', m);
        const birthYear = v.birthDate ? Number(v.birthDate.slice(0, 4)) : null;
        victim = m.create(Victim, {
          dataKeyId: key.id,
          fullName: v.fullName,
          nik: v.nik ?? null,
          birthDate: v.birthDate ?? null,
          address: v.address ?? null,
          phone: v.phone ?? null,
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
      const year = Number(dto.receivedAt.slice(0, 4));
      const seq = await this.nextNumber(m, year);
      const caseKey = await this.dataKeys.create('case', m);
      const c = m.create(Case, {
        number: formatCaseNumber(settings, year, seq),
        stage: 'intake',
        version: 1,
        dataKeyId: caseKey.id,
        victimId: victim.id,
        channel: dto.channel,
        receivedAt: dto.receivedAt,
        referringInstitutionId: dto.referringInstitutionId ?? null,
        registeredById: actor.userId,
        registeredAt: now,
        assignedCounselorId: null,
        reporterRelationship: dto.reporter?.relationship ?? null,
        reporter: dto.reporter
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
      await m.save(Case, c);
      if (dto.perpetrators.length) {
        await m.save(
          Perpetrator,
          dto.perpetrators.map((p, i) =>
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
      await this.events.append(c.id, actor, {
        type: 'case.registered',
        summaryArgs: {
          number: c.number,
          channel: c.channel,
          existingVictim: !!dto.existingVictimId,
          referringInstitutionId: c.referringInstitutionId,
        },
      });
      return m.findOneOrFail(Case, { where: { id: c.id } });
    });
  }
}
