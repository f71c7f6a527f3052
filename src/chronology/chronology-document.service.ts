import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Role } from '../auth/permissions';
import { CaseAccessService } from '../cases/case-access.service';
import { CaseEvent } from '../cases/case-event.entity';
import { CaseEventService, verificationCode } from '../cases/case-event.service';
import { Case } from '../cases/case.entity';
import { initialsOf } from '../cases/case.constants';
import { CasesService } from '../cases/cases.service';
import { Perpetrator } from '../cases/perpetrator.entity';
import { Victim } from '../cases/victim.entity';
import { Clock } from '../common/clock';
import { AuthContext, Language } from '../common/request-context';
import { TransactionService } from '../database/transaction.service';
import { Translator } from '../i18n/translator';
import { Institution } from '../institutions/institution.entity';
import { translateReferralArgs } from '../referrals/event-args';
import { SettingsService } from '../settings/settings.service';
import { ChronologySection, PrintPurpose } from './chronology.constants';
import { formatDay, formatMoment, formatMomentDay, formatMomentShort } from './chronology-format';
import { NO_REDACTION, Redactor } from './chronology-redaction';
import { ChronologyService, currentEntries, entryWhen } from './chronology.service';
import { PartnerScope, PartnerScopeResolver } from './partner-scope';

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
  when: string;
  place: string | null;
  description: string;
  /** Set when this entry corrects an earlier one. */
  correction: { at: string; by: string | null; reason: string | null; versions: number } | null;
}

export interface HandlingLine {
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
  /** Null when the partner's referral did not disclose identity. */
  victim: {
    name: string;
    nik: string | null;
    sex: string;
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
    private readonly cases: CasesService,
    private readonly chronology: ChronologyService,
    private readonly settings: SettingsService,
    private readonly partners: PartnerScopeResolver,
    private readonly translator: Translator,
    private readonly clock: Clock,
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
  ): Promise<{ case: Case; partner: PartnerScope | null }> {
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
    const m = this.tx.manager;
    const t = (key: string, args: Record<string, unknown> = {}) => this.translator.t(key, lang, args);
    const allows = (category: string) => !partner || partner.categories.includes(category);

    const victim = await m.findOneOrFail(Victim, { where: { id: c.victimId } });
    const perpetrators = await m.find(Perpetrator, { where: { caseId: c.id }, order: { position: 'ASC' } });
    // The partner version keeps the victim's identity and contact only when the referral disclosed them.
    const redactor =
      options.redacted || partner
        ? new Redactor({
            names: [
              ...(options.redacted || !allows('identity') ? [victim.fullName] : []),
              ...perpetrators.map((p) => p.name),
            ],
            values: [
              victim.nik,
              victim.birthDate,
              ...(options.redacted || !allows('contact') ? [victim.phone, victim.address] : []),
            ],
            keep: [c.number],
          })
        : NO_REDACTION;
    const centre = await this.settings.centre();
    const logo = await this.settings.centreLogo();

    // Incident chronology (one query for the entries, one for the names of who recorded them).
    let incident: IncidentLine[] | null = null;
    if (options.sections.includes('incident') && allows('incident_narrative')) {
      const current = currentEntries(await this.chronology.entriesOf(c.id));
      const names = await this.chronology.staffNames(current.map((x) => x.entry.recordedById));
      incident = current.map(({ entry, replaced }, i) => ({
        no: i + 1,
        when: entryWhen(entry, lang),
        place: redactor.text(entry.place),
        description: redactor.text(entry.description ?? ''),
        correction: replaced.length
          ? {
              at: formatMoment(entry.recordedAt, lang),
              by: names.get(entry.recordedById) ?? null,
              reason: redactor.text(entry.correctionReason),
              versions: replaced.length,
            }
          : null,
      }));
    }

    // Handling chronology and verification share one consistent read of the whole history, checked
    // against every anchor of the case row (a row set back to hide events fails).
    const { events, chain } = await this.events.history(c.id);
    let handling: HandlingLine[] | null = null;
    if (options.sections.includes('handling')) {
      const shown = partner ? events.filter((e) => this.partners.showsEvent(e, partner)) : events;
      const institutions = await this.institutionNames(shown);
      handling = shown.map((e) => this.handlingLine(e, institutions, centre.name, redactor, lang));
    }

    const identity = allows('identity');
    const contact = allows('contact');
    const hideIdentity = options.redacted || !identity;
    const age = c.victimAge !== null ? t('chronology.document.years', { n: c.victimAge }) : null;
    // The partner version names no perpetrator, and lists them only with the incident narrative.
    const shownPerpetrators = partner && !allows('incident_narrative') ? [] : perpetrators;
    return {
      lang,
      variant: partner ? 'partner' : options.redacted ? 'redacted' : 'full',
      options,
      centre: { name: centre.name, address: centre.address, phone: centre.phone, logo },
      case: {
        id: c.id,
        number: c.number,
        receivedAt: formatDay(c.receivedAt, lang),
        stage: t(`cases.stages.${c.stage}`),
      },
      printedAt: formatMoment(this.clock.now(), lang),
      printedBy: { name: actor.displayName, roles: this.roleLabels(actor.roles, lang) },
      purpose:
        t(`chronology.purposes.${options.purpose}`) + (options.purposeText ? `: ${options.purposeText}` : ''),
      victim: {
        name: !identity
          ? t('chronology.document.notDisclosed')
          : hideIdentity
            ? initialsOf(victim.fullName)
            : (victim.fullName ?? t('chronology.document.unknown')),
        // A referral's "identity" is name, sex and age (what the partner inbox shows): no NIK, no birth date.
        nik: hideIdentity || partner ? null : victim.nik,
        sex: t(`cases.sexes.${victim.sex}`),
        age,
        birthDate: hideIdentity || partner || !victim.birthDate ? null : formatDay(victim.birthDate, lang),
        address: options.redacted || !contact ? null : victim.address,
        phone: options.redacted || !contact ? null : victim.phone,
      },
      perpetrators: shownPerpetrators.map((p) => ({
        name: hideIdentity || partner ? initialsOf(p.name) : (p.name ?? t('chronology.document.unknown')),
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
    const institutions = await this.institutionNames(events);
    return {
      caseId: c.id,
      caseNumber: c.number,
      entries,
      handling: events.map((e) => {
        const line = this.handlingLine(e, institutions, centre.name, NO_REDACTION, lang);
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
  async status(c: Case): Promise<DocumentVerification> {
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
  private async institutionNames(events: CaseEvent[]): Promise<Map<string, string>> {
    const ids = [...new Set(events.map((e) => e.actorInstitutionId).filter((id): id is string => !!id))];
    if (!ids.length) return new Map();
    const rows = await this.tx.manager.find(Institution, {
      where: { id: In(ids) },
      select: { id: true, name: true },
    });
    return new Map(rows.map((i) => [i.id, i.name]));
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

  /** One step of the handling: date, institution, officer and role, and the event's readable summary. */
  handlingLine(
    e: CaseEvent,
    institutions: Map<string, string>,
    centreName: string,
    redactor: { text(v: string): string },
    lang: Language,
  ): HandlingLine {
    const args = translateReferralArgs(this.translator, this.cases.translatedArgs(e.summaryArgs, lang), lang);
    const summary = this.translator.t(e.summaryKey, lang, args);
    return {
      seq: e.seq,
      at: formatMomentShort(e.at, lang),
      institution: e.actorInstitutionId ? (institutions.get(e.actorInstitutionId) ?? centreName) : centreName,
      officer: e.actorName ?? this.translator.t('chronology.document.system', lang),
      role: this.roleLabels(e.actorRoles.split(','), lang),
      summary: redactor.text(summary),
    };
  }
}
