import { Injectable } from '@nestjs/common';
import { Role } from '../platform/auth/permissions';
import { CaseAccessService } from '../case/case-access.service';
import { CaseEventService, verificationCode } from '../case/case-event.service';
import { CaseEventRecord, CaseRecord } from '../case/case-ledger.service';
import { CaseDisclosureService } from '../case/disclosure/case-disclosure.service';
import { CaseLens } from '../case/disclosure/case-lens';
import { TextFilter } from '../case/disclosure/redaction';
import { EventSummaries } from '../case/event-summaries';
import { Clock } from '../platform/common/clock';
import { AuthContext, Language } from '../platform/common/request-context';
import { TransactionService } from '../platform/database/transaction.service';
import { Translator } from '../platform/i18n/translator';
import { SettingsService } from '../platform/settings/settings.service';
import { ChronologySection, PrintPurpose } from './chronology.constants';
import { formatDay, formatMoment, formatMomentDay, formatMomentShort } from './chronology-format';
import { ChronologyService, currentEntries, entryWhen } from './chronology.service';
import { PartnerScope, PartnerScopeResolver } from './partner-scope';
import { institutionNames } from '../institutions/institution-reads';

/** What the reader chose on the options form (or in the API query). */
export interface PrintOptions {
  purpose: PrintPurpose;
  /** Required with purpose `other`. */
  purposeText: string | null;
  sections: ChronologySection[];
  /** Initials instead of names; no address, phone or NIK. */
  redacted: boolean;
  /** The partner version: only what this referral disclosed. */
  referralId: string | null;
}

export interface IncidentLine {
  no: number;
  /** The victim's own account as recorded at intake (the first entry). */
  fromIntake: boolean;
  when: string;
  place: string | null;
  description: string;
  /** Set when this entry corrects an earlier one. */
  correction: { at: string; by: string | null; reason: string | null; versions: number } | null;
}

export interface HandlingLine {
  /** The step's number in this document (continuous: no gap tells what a version leaves out). */
  no: number;
  seq: number;
  at: string;
  institution: string;
  officer: string;
  role: string;
  summary: string;
}

export interface DocumentVerification {
  ok: boolean;
  /** The short code (`ABCD-1234-EF56`) — only when the history verifies. */
  code: string | null;
  /** The head of the hash chain — only when the history verifies. */
  headHash: string | null;
  eventCount: number;
  brokenAtSeq: number | null;
}

/** Everything the print view and the PDF show, already in the reader's language and redacted as asked. */
export interface ChronologyDocument {
  lang: Language;
  variant: 'full' | 'redacted' | 'partner';
  options: PrintOptions;
  centre: { name: string; address: string; phone: string; logo: { mimeType: string; data: Buffer } | null };
  case: { id: string; number: string; receivedAt: string; stage: string };
  printedAt: string;
  printedBy: { name: string; roles: string };
  purpose: string;
  /** Fields are null where the version does not show them. */
  victim: {
    name: string;
    nik: string | null;
    sex: string | null;
    age: string | null;
    birthDate: string | null;
    address: string | null;
    phone: string | null;
  } | null;
  perpetrators: { name: string; relationship: string; sex: string | null; age: string | null }[];
  incident: IncidentLine[] | null;
  handling: HandlingLine[] | null;
  verification: DocumentVerification;
  signature: { name: string | null; date: string };
  partner: { institution: string; categories: string[] } | null;
}

/** Coordinators and counselors print the chronology of the cases they work on; others only partner versions. */
export function isStaff(actor: AuthContext): boolean {
  return actor.roles.includes(Role.Coordinator) || actor.roles.includes(Role.Counselor);
}

/** The document's query count does not depend on its length: every list is read in one query. */
@Injectable()
export class ChronologyDocumentService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: CaseAccessService,
    private readonly events: CaseEventService,
    private readonly summaries: EventSummaries,
    private readonly chronology: ChronologyService,
    private readonly settings: SettingsService,
    private readonly partners: PartnerScopeResolver,
    private readonly translator: Translator,
    private readonly clock: Clock,
    private readonly gate: CaseDisclosureService,
  ) {}

  /**
   * The case the caller may print, and the partner scope that limits it. Coordinators and the
   * assigned counselor print any version (the partner version for a referral they choose); team
   * members only the partner version of their own institution's referral; anyone else gets 404.
   */
  async printable(
    actor: AuthContext,
    caseId: string,
    referralId: string | null,
  ): Promise<{ case: CaseRecord; partner: PartnerScope | null }> {
    if (isStaff(actor)) {
      const c = await this.access.findWorkable(actor, caseId);
      const partner = referralId ? await this.partners.forStaff(actor, c, referralId) : null;
      return { case: c, partner };
    }
    return this.partners.forTeamMember(actor, caseId, referralId);
  }

  async build(
    actor: AuthContext,
    caseId: string,
    options: PrintOptions,
    lang: Language,
  ): Promise<ChronologyDocument> {
    const { case: c, partner } = await this.printable(actor, caseId, options.referralId);
    const t = (key: string, args: Record<string, unknown> = {}) => this.translator.t(key, lang, args);
    // What the document may show is the gate's: the partner version is exactly what the referral's
    // reader sees; the redacted version narrows a case worker's view.
    const lens = partner
      ? this.gate.lens(
          this.gate.partnerReader({ id: partner.referralId, categories: partner.categories }, true),
          c,
        )
      : this.gate.lens(this.gate.staffReader(actor, c, { redacted: options.redacted }), c);
    const filter = await lens.redactor();
    const centre = await this.settings.centre();
    const logo = await this.settings.centreLogo();

    // Incident chronology: the victim's own account from the intake first, then the entries (one query
    // for the entries, one for the names of who recorded them).
    let incident: IncidentLine[] | null = null;
    if (options.sections.includes('incident') && lens.shows('incident.chronology')) {
      const lines: Omit<IncidentLine, 'no'>[] = [];
      const account = await lens.incident();
      if (account.narrative || account.location) {
        lines.push({
          when: c.incidentDate
            ? entryWhen({ date: c.incidentDate, dateEnd: c.incidentDateEnd, time: c.incidentTime }, lang)
            : t('chronology.document.dateUnknown'),
          place: account.location,
          description: account.narrative ?? '',
          correction: null,
          fromIntake: true,
        });
      }
      const current = currentEntries(await this.chronology.entriesOf(c.id));
      const names = await this.chronology.staffNames(current.map((x) => x.entry.recordedById));
      for (const { entry, replaced } of current)
        lines.push({
          when: entryWhen(entry, lang),
          place: filter.text(entry.place),
          description: filter.text(entry.description ?? ''),
          correction: replaced.length
            ? {
                at: formatMoment(entry.recordedAt, lang),
                by: names.get(entry.recordedById) ?? null,
                reason: filter.text(entry.correctionReason),
                versions: replaced.length,
              }
            : null,
          fromIntake: false,
        });
      incident = lines.map((line, i) => ({ no: i + 1, ...line }));
    }

    // Handling chronology and verification share one consistent read of the whole history, checked
    // against every anchor of the case row (a row set back to hide events fails).
    const { events, chain } = await this.events.history(c.id);
    let handling: HandlingLine[] | null = null;
    if (options.sections.includes('handling')) {
      const shown = events.filter((e) => lens.showsEvent(e, 'print'));
      const institutions = await this.institutionNames(shown);
      // Numbered as shown: the numbers tell nothing of how many steps a version leaves out.
      handling = shown.map((e, i) =>
        this.handlingLine(e, { institutions, centreName: centre.name, lens, filter, lang }, i + 1),
      );
    }

    const victim = await lens.victimFacts();
    const profile = lens.shows('case.profile');
    return {
      lang,
      variant: partner ? 'partner' : options.redacted ? 'redacted' : 'full',
      options,
      centre: { name: centre.name, address: centre.address, phone: centre.phone, logo },
      case: {
        id: c.id,
        number: c.number,
        receivedAt: formatDay(c.receivedAt, lang),
        stage: t(`cases.stages.${lens.stage()}`),
      },
      printedAt: formatMoment(this.clock.now(), lang),
      printedBy: { name: actor.displayName, roles: this.roleLabels(actor.roles, lang) },
      purpose:
        t(`chronology.purposes.${options.purpose}`) + (options.purposeText ? `: ${options.purposeText}` : ''),
      victim: {
        name: victim.name ?? t(partner ? 'chronology.document.notDisclosed' : 'chronology.document.unknown'),
        nik: victim.nik,
        sex: profile && victim.sex ? t(`cases.sexes.${victim.sex}`) : null,
        age: profile && victim.age !== null ? t('chronology.document.years', { n: victim.age }) : null,
        birthDate: victim.birthDate ? formatDay(victim.birthDate, lang) : null,
        address: victim.address,
        phone: victim.phone,
      },
      perpetrators: (await lens.perpetrators()).map((p) => ({
        name: p.name ?? t('chronology.document.unknown'),
        relationship: t(`cases.relationships.${p.relationship}`),
        sex: p.sex ? t(`cases.sexes.${p.sex}`) : null,
        age: p.age !== null ? t('chronology.document.years', { n: p.age }) : null,
      })),
      incident,
      handling,
      verification: {
        ok: chain.ok,
        code: chain.headHash ? verificationCode(chain.headHash) : null,
        headHash: chain.headHash,
        eventCount: chain.eventCount,
        brokenAtSeq: chain.brokenAtSeq,
      },
      signature: {
        name: actor.roles.includes(Role.Coordinator) ? actor.displayName : null,
        date: formatMomentDay(this.clock.now(), lang),
      },
      partner: partner
        ? {
            institution: partner.institutionName,
            categories: partner.categories.map((k) => t(`chronology.categories.${k}`)),
          }
        : null,
    };
  }

  /** The JSON form: every entry version, every step of the handling, and the verification. */
  async json(actor: AuthContext, caseId: string, lang: Language) {
    const { case: c, entries } = await this.chronology.list(actor, caseId);
    const centre = await this.settings.centre();
    const { events, chain } = await this.events.history(c.id);
    const lens = this.gate.lens(this.gate.staffReader(actor, c), c);
    const filter = await lens.redactor();
    const shown = events.filter((e) => lens.showsEvent(e, 'print'));
    const institutions = await this.institutionNames(shown);
    return {
      caseId: c.id,
      caseNumber: c.number,
      entries,
      handling: shown.map((e, i) => {
        const line = this.handlingLine(
          e,
          { institutions, centreName: centre.name, lens, filter, lang },
          i + 1,
        );
        return {
          seq: e.seq,
          at: e.at.toISOString(),
          type: e.type,
          institution: line.institution,
          officer: line.officer,
          roles: e.actorRoles.split(',').filter(Boolean),
          role: line.role,
          summary: line.summary,
        };
      }),
      verification: {
        ok: chain.ok,
        eventCount: chain.eventCount,
        verificationCode: chain.headHash ? verificationCode(chain.headHash) : null,
        headHash: chain.headHash,
        brokenAtSeq: chain.brokenAtSeq,
      },
    };
  }

  /** The verification of the history as a page shows it (the chronology page's status line). */
  async status(c: CaseRecord): Promise<DocumentVerification> {
    const { chain } = await this.events.history(c.id);
    return {
      ok: chain.ok,
      code: chain.headHash ? verificationCode(chain.headHash) : null,
      headHash: chain.headHash,
      eventCount: chain.eventCount,
      brokenAtSeq: chain.brokenAtSeq,
    };
  }

  /** Names of the institutions the events' actors belonged to (one query). */
  private institutionNames(events: CaseEventRecord[]): Promise<Map<string, string>> {
    return institutionNames(
      this.tx.manager,
      events.map((e) => e.actorInstitutionId),
    );
  }

  roleLabels(roles: string[], lang: Language): string {
    return roles
      .filter(Boolean)
      .map((r) =>
        r === 'system' || !this.translator.has(`roles.${r}`, lang)
          ? this.translator.t('chronology.document.system', lang)
          : this.translator.t(`roles.${r}`, lang),
      )
      .join(', ');
  }

  /**
   * One step of the handling: date, institution, officer and role, and the event's readable summary
   * as the lens's reader may read it (stages neutralised, free text redacted).
   */
  handlingLine(
    e: CaseEventRecord,
    ctx: {
      institutions: Map<string, string>;
      centreName: string;
      lens: CaseLens;
      filter: TextFilter;
      lang: Language;
    },
    no: number,
  ): HandlingLine {
    const { institutions, centreName, filter, lang } = ctx;
    // The summary as this reader may read it: stages neutralised before it is put in words.
    const summary = this.summaries.summary({ ...e, summaryArgs: ctx.lens.eventArgs(e.summaryArgs) }, lang);
    return {
      no,
      seq: e.seq,
      at: formatMomentShort(e.at, lang),
      institution: e.actorInstitutionId ? (institutions.get(e.actorInstitutionId) ?? centreName) : centreName,
      officer: e.actorName ?? this.translator.t('chronology.document.system', lang),
      role: this.roleLabels(e.actorRoles.split(','), lang),
      summary: filter.text(summary),
    };
  }
}
