import { EntityManager } from 'typeorm';
import { initialsOf } from '../case.constants';
import { CaseEvent } from '../case-event.entity';
import { Case, IntakeRecord } from '../case.entity';
import { Perpetrator } from '../perpetrator.entity';
import { Victim } from '../victim.entity';
import { Facet, visibility, Visibility } from './disclosure.rules';
import { DisclosureSources, SourceCategory, DisclosureSourceRows } from './disclosure-sources';
import { Reader, isCaseWorker } from './reader';
import { NO_REDACTION, Redactor, TextFilter } from './redaction';

/** The stage a reader without the shelter category is shown instead of `sheltered` and `in_support`. */
export const NEUTRAL_STAGE = 'in_service';
export const NEUTRALISED_STAGES: ReadonlySet<string> = new Set(['sheltered', 'in_support']);

/** What a reader may see of the victim (null: not visible to this reader). */
export interface VictimFacts {
  /** The full name, or initials when only those are visible; null when the name is withheld. */
  name: string | null;
  initials: string | null;
  nik: string | null;
  birthDate: string | null;
  sex: string | null;
  age: number | null;
  estimatedAge: number | null;
  isChild: boolean | null;
  address: string | null;
  phone: string | null;
  /** Whether a call-back on the phone is safe: with the phone (the contact category). */
  phoneSafeToCall: string | null;
  district: string | null;
  education: string | null;
  occupation: string | null;
  maritalStatus: string | null;
  disabilities: string[];
  nationality: string | null;
}

export interface PerpetratorFacts {
  sex: string | null;
  age: number | null;
  relationship: string;
  name: string | null;
}

export interface IncidentFacts {
  date: string | null;
  dateEnd: string | null;
  time: string | null;
  placeType: string | null;
  violenceTypes: string[];
  gbvApplies: string[];
  gbvCoreType: string | null;
  location: string | null;
  narrative: string | null;
}

/** Steps of the handling a partner's print shows, by the category that must be disclosed (null: always). */
const PRINT_EVENT_CATEGORIES: [RegExp, SourceCategory | 'incident_narrative' | null][] = [
  [/^case\.registered$/, null],
  [/^case\.counselor_assigned$/, null],
  [/^workflow\.admit_to_shelter$/, 'shelter_stay'],
  [/^workflow\./, null],
  [/^(counseling|risk|safety_plan)\./, 'counseling_notes'],
  [/^shelter\./, 'shelter_stay'],
  [/^chronology\./, 'incident_narrative'],
];

export interface LensData {
  manager: EntityManager;
  sources: DisclosureSources;
}

/**
 * One case as one reader may see it: every output of case and victim data asks a lens (built by
 * CaseDisclosureService, the gate) what to show. It reads the victim's record only when the reader's
 * rules need it, shows the front desk what was typed at this intake, and redacts free text for the
 * reader's scope with the one Redactor.
 */
export class CaseLens {
  private victimRecord?: Promise<Victim | null>;
  private perpetratorRows?: Promise<Perpetrator[]>;
  private filter?: Promise<TextFilter>;

  constructor(
    readonly reader: Reader,
    readonly record: Case,
    private readonly data: LensData,
  ) {}

  /** How a facet shows for this reader (the redacted print narrows a case worker's view). */
  sees(facet: Facet): Visibility {
    const v = visibility(this.reader.kind, facet, this.reader.categories);
    if (v === 'typed' && !this.record.intakeRecord) {
      // Registered before the intake record was kept: the registrar sees initials, nothing typed.
      return facet === 'victim.name' ? 'initials' : 'no';
    }
    if (!this.reader.redacted || v === 'no') return v;
    switch (facet) {
      case 'victim.name':
      case 'perpetrators.names':
        return 'initials';
      case 'victim.identifiers':
      case 'victim.contact':
      case 'reporter':
        return 'no';
      default:
        return v;
    }
  }

  /** Whether the facet shows at all. */
  shows(facet: Facet): boolean {
    return this.sees(facet) !== 'no';
  }

  private get typed(): IntakeRecord | null {
    return this.record.intakeRecord;
  }

  private victim(): Promise<Victim | null> {
    this.victimRecord ??= this.data.manager.findOne(Victim, { where: { id: this.record.victimId } });
    return this.victimRecord;
  }

  private perpetratorRecords(): Promise<Perpetrator[]> {
    this.perpetratorRows ??= this.data.manager.find(Perpetrator, {
      where: { caseId: this.record.id },
      order: { position: 'ASC' },
    });
    return this.perpetratorRows;
  }

  /** The stage as this reader is shown it. */
  stage(stage: string = this.record.stage): string {
    return this.sees('case.stage') === 'neutral' && NEUTRALISED_STAGES.has(stage) ? NEUTRAL_STAGE : stage;
  }

  /** The victim as this reader may see her (every field null that they may not). */
  async victimFacts(): Promise<VictimFacts> {
    const name = this.sees('victim.name');
    const needsRecord = [name, this.sees('victim.identifiers'), this.sees('victim.contact')].some(
      (v) => v === 'yes' || v === 'initials',
    );
    const current = needsRecord || this.sees('victim.background') === 'yes' ? await this.victim() : null;
    const pick = <T>(facet: Facet, typed: () => T, stored: () => T, none: T): T => {
      const v = this.sees(facet);
      if (v === 'typed') return typed();
      if (v === 'yes') return stored();
      return none;
    };
    const t = this.typed?.victim;
    const fullName = name === 'typed' ? (t?.fullName ?? null) : (current?.fullName ?? null);
    return {
      name:
        name === 'yes' || name === 'typed'
          ? fullName
          : name === 'initials'
            ? initialsOf(t?.fullName ?? current?.fullName)
            : null,
      initials: name === 'no' ? null : initialsOf(fullName ?? t?.fullName ?? current?.fullName),
      nik: pick(
        'victim.identifiers',
        () => t?.nik ?? null,
        () => current?.nik ?? null,
        null,
      ),
      birthDate: pick(
        'victim.identifiers',
        () => t?.birthDate ?? null,
        () => current?.birthDate ?? null,
        null,
      ),
      sex: pick(
        'case.profile',
        () => t?.sex ?? null,
        () => this.record.victimSex,
        null,
      ),
      age: pick(
        'case.profile',
        () => t?.age ?? null,
        () => this.record.victimAge,
        null,
      ),
      estimatedAge: pick(
        'victim.identifiers',
        () => t?.estimatedAge ?? null,
        () => current?.estimatedAge ?? null,
        null,
      ),
      isChild: pick(
        'case.profile',
        () => t?.isChild ?? null,
        () => this.record.isChild,
        null,
      ),
      address: pick(
        'victim.contact',
        () => t?.address ?? null,
        () => current?.address ?? null,
        null,
      ),
      phone: pick(
        'victim.contact',
        () => t?.phone ?? null,
        () => current?.phone ?? null,
        null,
      ),
      phoneSafeToCall: pick(
        'victim.contact',
        () => t?.phoneSafeToCall ?? null,
        () => current?.phoneSafeToCall ?? null,
        null,
      ),
      district: pick(
        'victim.background',
        () => t?.district ?? null,
        () => current?.district ?? null,
        null,
      ),
      education: pick(
        'victim.background',
        () => t?.education ?? null,
        () => current?.education ?? null,
        null,
      ),
      occupation: pick(
        'victim.background',
        () => t?.occupation ?? null,
        () => current?.occupation ?? null,
        null,
      ),
      maritalStatus: pick(
        'victim.background',
        () => t?.maritalStatus ?? null,
        () => current?.maritalStatus ?? null,
        null,
      ),
      disabilities: pick(
        'victim.background',
        () => t?.disabilities ?? [],
        () => current?.disabilities ?? [],
        [],
      ),
      nationality: pick(
        'victim.background',
        () => t?.nationality ?? null,
        () => current?.nationality ?? null,
        null,
      ),
    };
  }

  /** Whether the victim was in immediate danger at intake (null: not asked, or not for this reader). */
  immediateDanger(): boolean | null {
    return this.shows('case.safety') ? (this.record.immediateDanger ?? null) : null;
  }

  /** The perpetrators, as this reader may see them (none when the facet is withheld). */
  async perpetrators(): Promise<PerpetratorFacts[]> {
    if (!this.shows('perpetrators')) return [];
    const names = this.sees('perpetrators.names');
    return (await this.perpetratorRecords()).map((p) => ({
      sex: p.sex,
      age: p.age,
      relationship: p.relationship,
      name: names === 'yes' ? p.name : names === 'initials' && p.name ? initialsOf(p.name) : null,
    }));
  }

  /** The reporter (when not the victim), for readers who may see it. */
  reporter(): { relationship: string | null; details: Record<string, unknown> | null } {
    if (!this.shows('reporter')) return { relationship: null, details: null };
    return {
      relationship: this.record.reporterRelationship,
      details: (this.record.reporter as Record<string, unknown> | null) ?? null,
    };
  }

  /** The incident as recorded at intake (or as typed, for the front desk), free text redacted for the reader. */
  async incident(): Promise<IncidentFacts> {
    const facts = this.shows('incident.facts');
    const account = this.sees('incident.account');
    const c = this.record;
    const text = account === 'no' ? null : await this.redactor();
    return {
      date: facts ? c.incidentDate : null,
      dateEnd: facts ? c.incidentDateEnd : null,
      time: facts ? c.incidentTime : null,
      placeType: facts ? c.placeType : null,
      violenceTypes: facts ? (c.violenceTypes ?? []) : [],
      gbvApplies: facts ? (c.gbvApplies ?? []) : [],
      gbvCoreType: facts ? c.gbvCoreType : null,
      location:
        account === 'typed'
          ? (this.typed?.incident.location ?? null)
          : text && account === 'yes'
            ? text.text(c.incidentLocation)
            : null,
      narrative:
        account === 'typed'
          ? (this.typed?.incident.narrative ?? null)
          : text && account === 'yes'
            ? text.text(c.narrative)
            : null,
    };
  }

  /**
   * Free text about the case as this reader may read it: names of the case's people, their NIK,
   * birth date, addresses, phone numbers and e-mail addresses replaced unless the reader may see
   * them; case workers (full version) read it as written.
   */
  async text(value: string): Promise<string>;
  async text(value: string | null): Promise<string | null>;
  async text(value: string | null): Promise<string | null> {
    if (value === null) return null;
    return (await this.redactor()).text(value);
  }

  /** The redactor of this reader (NO_REDACTION for case workers' full view). */
  redactor(): Promise<TextFilter> {
    this.filter ??= this.buildRedactor();
    return this.filter;
  }

  private async buildRedactor(): Promise<TextFilter> {
    if (isCaseWorker(this.reader) && !this.reader.redacted) return NO_REDACTION;
    if (this.reader.kind === 'registrar') return NO_REDACTION; // only what they typed reaches them
    const victim = await this.victim();
    const perpetrators = await this.perpetratorRecords();
    const reporter = (this.record.reporter ?? null) as {
      name?: string;
      phone?: string;
      address?: string;
    } | null;
    const typed = this.typed?.victim;
    const nameShown = this.sees('victim.name') === 'yes';
    const contactShown = this.sees('victim.contact') === 'yes';
    const victimNames = [victim?.fullName, typed?.fullName];
    // A disclosed contact is the victim's current one: an earlier address (as typed at intake, perhaps
    // where the perpetrator still lives) is removed from free text like any other.
    const currentContact = [victim?.address, victim?.phone];
    const earlierContact = [typed?.address, typed?.phone];
    return new Redactor({
      names: [...(nameShown ? [] : victimNames), reporter?.name, ...perpetrators.map((p) => p.name)],
      values: [
        victim?.nik,
        victim?.birthDate,
        typed?.nik,
        typed?.birthDate,
        ...(contactShown ? [] : currentContact),
        ...earlierContact.filter((v) => !contactShown || !currentContact.includes(v)),
        reporter?.phone,
        reporter?.address,
      ],
      keep: [
        this.record.number,
        ...(nameShown ? victimNames.filter((n): n is string => !!n) : []),
        ...(contactShown ? currentContact.filter((v): v is string => !!v) : []),
      ],
    });
  }

  /**
   * Whether a step of the case history belongs in what this reader reads: case workers see every
   * step; a partner's inbox only the steps of their referral; a partner's print those, and the steps
   * of the categories the referral disclosed (a step that would tell a withheld shelter stay is left
   * out, also when it only moves between stages the reader is shown as one).
   */
  showsEvent(e: CaseEvent, output: 'print' | 'inbox'): boolean {
    if (this.shows('history')) return true;
    if (!this.shows('history.ownReferral')) return false;
    if (e.type.startsWith('referral.'))
      return !!this.reader.referralId && e.summaryArgs?.referralId === this.reader.referralId;
    if (output === 'inbox') return false;
    if (e.type.startsWith('service.'))
      return e.summaryArgs?.serviceType === 'medical' && this.shows('services.medical');
    const rule = PRINT_EVENT_CATEGORIES.find(([pattern]) => pattern.test(e.type));
    if (!rule) return false;
    if (rule[1] !== null && !this.reader.categories.includes(rule[1])) return false;
    if (e.type.startsWith('workflow.')) {
      const { from, to } = e.summaryArgs ?? {};
      if (typeof from === 'string' && typeof to === 'string' && this.stage(from) === this.stage(to))
        return false;
    }
    return true;
  }

  /** An event's summary arguments as this reader may read them (stages neutralised). */
  eventArgs<T extends Record<string, unknown>>(args: T): T {
    const out: Record<string, unknown> = { ...args };
    for (const key of ['from', 'to'] as const)
      if (typeof args[key] === 'string') out[key] = this.stage(args[key] as string);
    return out as T;
  }

  /** A track's records under a consent category, free text redacted (null: not visible or no source). */
  async category<K extends SourceCategory>(category: K): Promise<DisclosureSourceRows[K] | null> {
    const facet: Record<SourceCategory, Facet> = {
      medical: 'services.medical',
      counseling_notes: 'counseling.notes',
      shelter_stay: 'shelter',
    };
    if (!this.shows(facet[category])) return null;
    const rows = await this.data.sources.read(category, this.data.manager, this.record.id);
    if (!rows || !Array.isArray(rows)) return rows;
    const filter = await this.redactor();
    return rows.map((row) =>
      'notes' in row ? { ...row, notes: filter.text(row.notes) } : row,
    ) as DisclosureSourceRows[K];
  }
}
