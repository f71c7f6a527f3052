import { HttpStatus, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Role } from '../../platform/auth/permissions';
import { AppException } from '../../platform/common/app.exception';
import { AuthContext } from '../../platform/common/request-context';
import { DataKeyService } from '../../platform/crypto/data-key.service';
import { TransactionService } from '../../platform/database/transaction.service';
import { initialsOf } from '../case.constants';
import { Case } from '../case.entity';
import { CaseDetailDto, CaseSummaryDto } from '../dto/case.dto';
import { Victim } from '../victim.entity';
import { CaseLens, NEUTRAL_STAGE, NEUTRALISED_STAGES } from './case-lens';
import { DataCategory, ReaderKind, visibility } from './disclosure.rules';
import { DisclosureSources } from './disclosure-sources';
import { Reader, reader } from './reader';

/** Personal fields a coordinator may add to the case-list export, each with a stated reason. */
export const EXPORT_PERSONAL_FIELDS = [
  'victimName',
  'victimNik',
  'victimBirthDate',
  'victimPhone',
  'victimAddress',
] as const;
export type ExportPersonalField = (typeof EXPORT_PERSONAL_FIELDS)[number];

/**
 * The disclosure gate: the only code that turns stored case and victim data into what a reader sees.
 * Every output asks it — the case API and pages, the partner inbox, the chronology print and PDF,
 * volunteer pages, the case-list export, the duplicate check — with the reader (role and assignment
 * for staff; the referral's consent scope for a team member; the monitoring assignment's consent for
 * a volunteer; full or redacted print) and gets back only what the rules in `disclosure.rules.ts`
 * allow that reader. Record-level access (may this person read this case at all?) is decided before,
 * by CaseAccessService and the referral and monitoring services; the gate decides what of it they see.
 */
@Injectable()
export class CaseDisclosureService {
  constructor(
    private readonly tx: TransactionService,
    private readonly sources: DisclosureSources,
    private readonly dataKeys: DataKeyService,
  ) {}

  /**
   * What kind of reader a staff member is for a case, by role and assignment (the most a person's
   * roles allow): coordinator, the assigned counselor, the front desk who registered it, another
   * front desk while the case waits at intake; null when the case is not theirs to read.
   */
  readerOf(
    actor: AuthContext,
    c: Pick<Case, 'assignedCounselorId' | 'registeredById' | 'stage'>,
  ): ReaderKind | null {
    if (actor.roles.includes(Role.Coordinator)) return 'coordinator';
    if (actor.roles.includes(Role.Counselor) && c.assignedCounselorId === actor.userId) return 'counselor';
    if (actor.roles.includes(Role.FrontDesk) && c.registeredById === actor.userId) return 'registrar';
    if (actor.roles.includes(Role.FrontDesk) && c.stage === 'intake') return 'intake_desk';
    return null;
  }

  /** The staff reader of a case (404 when it is not theirs), optionally asking for the redacted print. */
  staffReader(actor: AuthContext, c: Case, options: { redacted?: boolean } = {}): Reader {
    const kind = this.readerOf(actor, c);
    if (!kind) throw AppException.notFound();
    return reader(kind, [], { redacted: !!options.redacted });
  }

  /** A team member reading through a referral: in force (its categories) or ended (own entries only). */
  partnerReader(referral: { id: string; categories: readonly string[] | null }, inForce: boolean): Reader {
    return reader(inForce ? 'partner' : 'partner_ended', (referral.categories ?? []) as DataCategory[], {
      referralId: referral.id,
    });
  }

  /** A volunteer through a monitoring assignment: active with consent holding (its categories), or nothing. */
  volunteerReader(categories: readonly string[], active: boolean): Reader {
    return active ? reader('volunteer', categories as DataCategory[]) : reader('none');
  }

  /** One case through one reader's eyes. */
  lens(r: Reader, c: Case): CaseLens {
    return new CaseLens(r, c, { manager: this.tx.manager, sources: this.sources });
  }

  /** A case loaded by id for a reader whose access was decided elsewhere (referral, monitoring). */
  async lensById(r: Reader, caseId: string): Promise<CaseLens> {
    const c = await this.tx.manager.findOne(Case, { where: { id: caseId } });
    if (!c) throw AppException.notFound();
    return this.lens(r, c);
  }

  /** The case's stage as a staff member is shown it (neutral for a reader who may not know of a shelter stay). */
  stageFor(actor: AuthContext, c: Case): string {
    const kind = this.readerOf(actor, c) ?? 'none';
    return visibility(kind, 'case.stage') === 'neutral' && NEUTRALISED_STAGES.has(c.stage)
      ? NEUTRAL_STAGE
      : c.stage;
  }

  /**
   * The case list's filters as the caller may use them: a filter on what the caller may not see of a
   * case would tell it (which of my registered cases is in a safe house, at high risk). A front desk
   * filters by the neutral stage only (400 FILTER_NOT_AVAILABLE for risk, child status, the shelter
   * stages); a counselor's filter on risk or on the shelter stages keeps to the cases assigned to them.
   */
  listFilters(
    actor: AuthContext,
    q: { stage?: string; risk?: string; child?: string; flag?: string },
  ): { stages: string[] | null; onlyAssigned: boolean } {
    const coordinator = actor.roles.includes(Role.Coordinator);
    const counselor = actor.roles.includes(Role.Counselor);
    const stages = q.stage === NEUTRAL_STAGE ? [...NEUTRALISED_STAGES] : q.stage ? [q.stage] : null;
    if (coordinator) return { stages, onlyAssigned: false };
    // A flag is a case fact only case workers see (facet `case.flags`): filtering by one tells it.
    const sensitive = !!q.risk || !!q.flag || (!!q.stage && NEUTRALISED_STAGES.has(q.stage));
    if (counselor) return { stages, onlyAssigned: sensitive };
    if (sensitive || q.child) throw new AppException('FILTER_NOT_AVAILABLE', HttpStatus.BAD_REQUEST);
    return { stages, onlyAssigned: false };
  }

  /**
   * The cases among `rows` whose flags their reader sees (facet `case.flags`): only these are read
   * (a front desk's list or intake answer reads no flag at all).
   */
  flagReadable(actor: AuthContext, rows: readonly Case[]): string[] {
    return rows
      .filter((c) => visibility(this.readerOf(actor, c) ?? 'none', 'case.flags') === 'yes')
      .map((c) => c.id);
  }

  /** The case list's rows (the victim joined), each as its reader may see it (`flags`: active kinds by case). */
  summaries(
    actor: AuthContext,
    rows: Case[],
    counselorNames: Map<string, string>,
    flags: ReadonlyMap<string, string[]> = new Map(),
  ): CaseSummaryDto[] {
    return rows.map((c) => {
      const kind = this.readerOf(actor, c) ?? 'none';
      return this.summaryOf(kind, c, counselorNames, flags.get(c.id) ?? []);
    });
  }

  private summaryOf(
    kind: ReaderKind,
    c: Case,
    counselorNames: Map<string, string>,
    flags: readonly string[],
  ): CaseSummaryDto {
    const see = (facet: Parameters<typeof visibility>[1]) => {
      const v = visibility(kind, facet);
      return v === 'typed' && !c.intakeRecord ? (facet === 'victim.name' ? 'initials' : 'no') : v;
    };
    const name = see('victim.name');
    const typed = c.intakeRecord?.victim;
    const initials =
      name === 'no'
        ? '—'
        : initialsOf(name === 'typed' ? typed?.fullName : (typed?.fullName ?? c.victim?.fullName));
    const profile = see('case.profile');
    const facts = see('incident.facts');
    const background = see('victim.background');
    const stage =
      see('case.stage') === 'neutral' && NEUTRALISED_STAGES.has(c.stage) ? NEUTRAL_STAGE : c.stage;
    return {
      id: c.id,
      number: c.number,
      stage,
      version: c.version,
      receivedAt: c.receivedAt,
      channel: c.channel,
      victimInitials:
        kind === 'coordinator' || kind === 'counselor' ? initialsOf(c.victim?.fullName) : initials,
      isChild: profile === 'yes' ? c.isChild : profile === 'typed' ? (typed?.isChild ?? null) : null,
      riskLevel: see('counseling.assessment') === 'yes' ? c.riskLevel : null,
      assignedCounselorId: c.assignedCounselorId,
      assignedCounselorName: c.assignedCounselorId
        ? (counselorNames.get(c.assignedCounselorId) ?? null)
        : null,
      violenceTypes: facts === 'no' ? [] : (c.violenceTypes ?? []),
      district: background === 'yes' ? c.district : background === 'typed' ? (typed?.district ?? null) : null,
      flags: see('case.flags') === 'yes' ? [...flags] : [],
    };
  }

  /**
   * The case label of a task (my tasks, the team's overdue tasks, issue 19): nothing for a reader
   * whose task lists may not name the case (`tasks`), else the case number, the victim's initials and
   * the risk level (the task's priority), each only as far as the row's reader may see them — `staff`: the caller as a staff reader of that case (by role and assignment), or a
   * reader decided by the caller's service (a partner's referral, a volunteer's assignment). Cases
   * and victims in one query.
   */
  async caseLabels(
    actor: AuthContext,
    rows: readonly { caseId: string; reader: Reader | 'staff' }[],
  ): Promise<{ caseNumber: string | null; initials: string | null; riskLevel: string | null }[]> {
    const ids = [...new Set(rows.map((r) => r.caseId))];
    const cases = ids.length
      ? await this.tx.manager.find(Case, { where: { id: In(ids) }, relations: { victim: true } })
      : [];
    const byId = new Map(cases.map((c) => [c.id, c]));
    return rows.map((row) => {
      const c = byId.get(row.caseId);
      if (!c) return { caseNumber: null, initials: null, riskLevel: null };
      const r = row.reader === 'staff' ? reader(this.readerOf(actor, c) ?? 'none') : row.reader;
      if (visibility(r.kind, 'tasks', r.categories) === 'no')
        return { caseNumber: null, initials: null, riskLevel: null };
      const name = visibility(r.kind, 'victim.name', r.categories);
      const typed = c.intakeRecord?.victim?.fullName;
      return {
        caseNumber: visibility(r.kind, 'case.reference', r.categories) === 'no' ? null : c.number,
        initials:
          name === 'no'
            ? null
            : initialsOf(name === 'typed' ? (typed ?? c.victim?.fullName) : c.victim?.fullName),
        riskLevel: visibility(r.kind, 'counseling.assessment', r.categories) === 'yes' ? c.riskLevel : null,
      };
    });
  }

  /** Whether the caller, as a staff reader of the case, may see its follow-ups (case workers). */
  showsFollowUps(
    actor: AuthContext,
    c: Pick<Case, 'assignedCounselorId' | 'registeredById' | 'stage'>,
  ): boolean {
    return visibility(this.readerOf(actor, c) ?? 'none', 'followUps') === 'yes';
  }

  /** One case in full detail as the caller may see it (access decided by the caller's service). */
  async detail(
    actor: AuthContext,
    c: Case,
    counselorNames: Map<string, string>,
    flags: readonly string[] = [],
  ): Promise<CaseDetailDto> {
    const r = this.staffReader(actor, c);
    const lens = this.lens(r, c);
    const victim = await lens.victimFacts();
    const reporter = lens.reporter();
    const m = this.tx.manager;
    const otherCases = lens.shows('victim.otherCases')
      ? await m.find(Case, {
          where: { victimId: c.victimId },
          select: { id: true, number: true, receivedAt: true, stage: true },
          order: { receivedAt: 'ASC', number: 'ASC' },
        })
      : [];
    const caseWorker = r.kind === 'coordinator' || r.kind === 'counselor';
    const summary = this.summaryOf(r.kind, { ...c, victim: undefined } as Case, counselorNames, flags);
    return {
      ...summary,
      victimInitials: victim.initials ?? '—',
      readerKind: r.kind,
      referringInstitutionId: c.referringInstitutionId,
      intakeMode: c.intakeMode ?? null,
      immediateDanger: lens.immediateDanger(),
      registeredById: c.registeredById,
      registeredAt: c.registeredAt.toISOString(),
      erased: (await this.dataKeys.getKey(c.dataKeyId)) === null,
      victim: {
        id: caseWorker ? c.victimId : null,
        fullName: victim.name,
        initials: victim.initials ?? '—',
        nik: victim.nik,
        sex: victim.sex,
        birthDate: victim.birthDate,
        estimatedAge: victim.estimatedAge,
        address: victim.address,
        district: victim.district,
        phone: victim.phone,
        phoneSafeToCall: victim.phoneSafeToCall,
        education: victim.education,
        occupation: victim.occupation,
        maritalStatus: victim.maritalStatus,
        disabilities: victim.disabilities,
        nationality: victim.nationality,
      },
      victimCases: otherCases
        .filter((o) => o.id !== c.id)
        .map((o) => ({ id: o.id, number: o.number, receivedAt: o.receivedAt, stage: o.stage })),
      reporterRelationship: reporter.relationship,
      reporter: reporter.details,
      perpetrators: await lens.perpetrators(),
      incident: await lens.incident(),
      victimAge: victim.age,
      closureReason: c.closureReason,
      closedAt: c.closedAt ? c.closedAt.toISOString() : null,
      eventCount: c.eventCount,
    };
  }

  /**
   * A possible earlier record of a victim for the duplicate check: the latest case's number and
   * intake date and the victim's initials, nothing else.
   */
  matchSummary(victim: Pick<Victim, 'fullName'>, latest: Pick<Case, 'number' | 'receivedAt'>) {
    return {
      caseNumber: latest.number,
      initials: initialsOf(victim.fullName),
      intakeDate: latest.receivedAt,
    };
  }

  /**
   * The personal fields of the victims of a batch of cases for the case-list export (one query):
   * coordinators only (`export.personal`), the fields they chose with a reason.
   */
  async exportValues(
    actor: AuthContext,
    cases: Pick<Case, 'id' | 'victimId'>[],
    fields: readonly ExportPersonalField[],
  ): Promise<Map<string, string[]>> {
    const kind = actor.roles.includes(Role.Coordinator) ? 'coordinator' : 'none';
    if (!fields.length) return new Map(cases.map((c) => [c.id, []]));
    if (visibility(kind, 'export.personal') !== 'yes') throw AppException.forbidden();
    const victims = new Map(
      (
        await this.tx.manager.find(Victim, { where: { id: In([...new Set(cases.map((c) => c.victimId))]) } })
      ).map((v) => [v.id, v]),
    );
    const value = (v: Victim | undefined, f: ExportPersonalField): string => {
      if (!v) return '';
      switch (f) {
        case 'victimName':
          return v.fullName ?? '';
        case 'victimNik':
          return v.nik ?? '';
        case 'victimBirthDate':
          return v.birthDate ?? '';
        case 'victimPhone':
          return v.phone ?? '';
        case 'victimAddress':
          return v.address ?? '';
      }
    };
    return new Map(cases.map((c) => [c.id, fields.map((f) => value(victims.get(c.victimId), f))]));
  }
}
