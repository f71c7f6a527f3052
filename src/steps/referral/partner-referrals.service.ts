import { HttpStatus, Injectable } from '@nestjs/common';
import { Brackets, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Permission, Role } from '../../platform/auth/permissions';
import { CaseEventService } from '../../case/case-event.service';
import { CaseDisclosureService } from '../../case/disclosure/case-disclosure.service';
import { CaseLens } from '../../case/disclosure/case-lens';
import { AppException } from '../../platform/common/app.exception';
import { Clock } from '../../platform/common/clock';
import { assertNotFuture, iso, todayOf } from '../../platform/common/dates';
import { applySort, SortDirection } from '../../platform/common/list-sort';
import { paginated } from '../../platform/common/pagination';
import { PARTNER_INBOX_SORT } from './referral-list-sort';
import { AuthContext, Language } from '../../platform/common/request-context';
import { assertUuid } from '../../platform/common/uuid';
import { lockedFor } from '../../platform/database/query-helpers';
import { TransactionService } from '../../platform/database/transaction.service';
import { Translator } from '../../platform/i18n/translator';
import { ServiceRole } from '../../institutions/service-roles';
import { isConsentEffective } from './consent.service';
import { Consent } from './consent.entity';
import {
  DisclosedCaseDto,
  PartnerEventDto,
  PartnerInboxDto,
  PartnerInboxItemDto,
  PartnerReferralDto,
} from './dto/referral.dto';
import { EventSummaries } from '../../case/event-summaries';
import { FileStoreService } from './file-store.service';
import { ReferralAction } from './referral-action.entity';
import { ReferralDecline } from './referral-decline.entity';
import { ReferralEligibilityService } from './referral-eligibility.service';
import { Outcome, PARTNER_ACTIVE_STATUSES } from './referral.constants';
import { referralMoves } from './referral-track';
import { Referral } from './referral.entity';
import { actionView, documentView, ReferralsService } from './referrals.service';
import { StoredFile } from './stored-file.entity';
import { CheckedUpload } from '../../web/multipart';
import { CaseLedger, CaseRecord } from '../../case/case-ledger.service';
import { findUser, userNames } from '../../users/user-reads';
import { findInstitution, institutionNames } from '../../institutions/institution-reads';

/** Who the partner caller is: their institution, the roles they handle, whether they receive new referrals. */
interface PartnerContext {
  userId: string;
  institutionId: string;
  serviceRoles: ServiceRole[];
  institutionRoles: ServiceRole[];
  eligible: boolean;
  /** Why the member receives no new referrals (null when eligible). */
  refusal: { reason: string; args: Record<string, string> } | null;
  today: string;
}

export type PartnerAccess = 'full' | 'summary' | 'none';

interface Loaded {
  referral: Referral;
  case: CaseRecord;
  ctx: PartnerContext;
  access: PartnerAccess;
  declinedByUs: ReferralDecline | null;
}

/**
 * The partner side of referrals (team members of partner institutions). Partners never go through
 * CaseAccessService: what exists for them is decided here, by referral:
 *   - referrals addressed to their institution, or open referrals offered to every eligible
 *     institution providing the role, for the service roles they handle — and nothing else (404);
 *   - the case's disclosed categories only, only while the referral is pending, accepted or in
 *     progress and its consent holds ("full"); afterwards only their own entries ("summary").
 * What of the case a partner then sees is the disclosure gate's (CaseDisclosureService): the
 * referral's categories, free text redacted of what they were not told, a shelter never told indirectly.
 */
@Injectable()
export class PartnerReferralsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly referrals: ReferralsService,
    private readonly eligibility: ReferralEligibilityService,
    private readonly events: CaseEventService,
    private readonly files: FileStoreService,
    private readonly translator: Translator,
    private readonly clock: Clock,
    private readonly gate: CaseDisclosureService,
    private readonly summaries: EventSummaries,
    private readonly ledger: CaseLedger,
  ) {}

  // ---- access ---------------------------------------------------------------------------------------

  private async context(actor: AuthContext, m: EntityManager): Promise<PartnerContext | null> {
    if (!actor.roles.includes(Role.TeamMember)) return null;
    const user = await findUser(m, actor.userId);
    if (!user || !user.isActive || !user.institutionId) return null;
    const institution = await findInstitution(m, user.institutionId);
    if (!institution) return null;
    const today = todayOf(this.clock);
    const standing = await this.eligibility.isMemberEligible(user.id, today, undefined, m);
    return {
      userId: user.id,
      institutionId: institution.id,
      serviceRoles: user.serviceRoles ?? [],
      institutionRoles: institution.serviceRoles ?? [],
      eligible: standing.eligible,
      refusal: standing.eligible ? null : { reason: standing.reason, args: standing.args ?? {} },
      today,
    };
  }

  /** Restricts a query on referrals (alias `r`) to what the partner may see at all. */
  private scope(qb: SelectQueryBuilder<Referral>, ctx: PartnerContext | null): void {
    if (!ctx || !ctx.serviceRoles.length) {
      qb.andWhere('1 = 0');
      return;
    }
    qb.andWhere('r.serviceRole IN (:...myRoles)', { myRoles: ctx.serviceRoles });
    qb.andWhere('r.sentAt IS NOT NULL');
    const offerRoles = ctx.serviceRoles.filter((role) => ctx.institutionRoles.includes(role));
    const declined =
      'EXISTS (SELECT 1 FROM referral_declines d WHERE d."referralId" = r.id AND d."institutionId" = :inst)';
    qb.andWhere(
      new Brackets((b) => {
        b.where(
          ctx.eligible ? 'r.institutionId = :inst' : "(r.institutionId = :inst AND r.status <> 'pending')",
        );
        if (ctx.eligible && offerRoles.length) {
          b.orWhere(
            `(r.targetInstitutionId IS NULL AND r.institutionId IS NULL AND r.status = 'pending' AND r.serviceRole IN (:...offerRoles) AND NOT ${declined})`,
            { offerRoles },
          );
        }
        b.orWhere(declined);
      }),
      { inst: ctx.institutionId },
    );
  }

  private accessOf(
    ctx: PartnerContext | null,
    r: Referral,
    declinedByUs: boolean,
    consentEffective: boolean,
  ): PartnerAccess {
    if (!ctx || !ctx.serviceRoles.includes(r.serviceRole) || !r.sentAt) return 'none';
    const ours = r.institutionId === ctx.institutionId;
    const offered =
      !r.targetInstitutionId &&
      !r.institutionId &&
      r.status === 'pending' &&
      ctx.eligible &&
      ctx.institutionRoles.includes(r.serviceRole) &&
      !declinedByUs;
    if (ours) {
      if (r.status === 'pending' && !ctx.eligible) return 'none';
    } else if (!offered) {
      return declinedByUs ? 'summary' : 'none';
    }
    if (!PARTNER_ACTIVE_STATUSES.includes(r.status)) return 'summary';
    return consentEffective ? 'full' : 'summary';
  }

  /** The referral as the partner may see it; 404 when it is not theirs to see. */
  private async load(
    actor: AuthContext,
    referralId: string,
    m: EntityManager,
    lock = false,
  ): Promise<Loaded> {
    assertUuid(referralId);
    const ctx = await this.context(actor, m);
    if (!ctx) throw AppException.notFound();
    const referral = await m.findOne(
      Referral,
      lock ? lockedFor<Referral>(m, { where: { id: referralId } }) : { where: { id: referralId } },
    );
    if (!referral) throw AppException.notFound();
    const declinedByUs = await m.findOne(ReferralDecline, {
      where: { referralId: referral.id, institutionId: ctx.institutionId },
    });
    const consent = await m.findOne(Consent, { where: { id: referral.consentId } });
    const access = this.accessOf(
      ctx,
      referral,
      !!declinedByUs,
      !!consent && isConsentEffective(consent, ctx.today),
    );
    if (access === 'none') {
      // An open referral another institution took first: say so to those it was offered to.
      const wasOffered =
        lock &&
        ctx.eligible &&
        !referral.targetInstitutionId &&
        !!referral.sentAt &&
        ctx.serviceRoles.includes(referral.serviceRole) &&
        ctx.institutionRoles.includes(referral.serviceRole);
      if (wasOffered && referral.status !== 'pending')
        throw new AppException('REFERRAL_ALREADY_TAKEN', HttpStatus.CONFLICT);
      throw AppException.notFound();
    }
    const c = await this.ledger.get(referral.caseId, m);
    return { referral, case: c, ctx, access, declinedByUs };
  }

  // ---- reads ------------------------------------------------------------------------------------------

  async inbox(
    actor: AuthContext,
    q: {
      page: number;
      pageSize: number;
      status?: string;
      serviceRole?: string;
      overdue?: boolean;
      urgency?: string;
      number?: string;
      sort?: string;
      dir?: SortDirection;
    },
    lang: Language,
  ): Promise<PartnerInboxDto> {
    const m = this.tx.manager;
    const ctx = await this.context(actor, m);
    const base = () => {
      const qb = m.createQueryBuilder(Referral, 'r');
      this.scope(qb, ctx);
      return qb;
    };
    const today = todayOf(this.clock);
    const all = await base().select(['r.id', 'r.status', 'r.dueDate']).getMany();
    const counts = { pending: 0, active: 0, overdue: 0, closed: 0 };
    for (const r of all) {
      if (r.status === 'pending') counts.pending++;
      else if (r.status === 'accepted' || r.status === 'in_progress') counts.active++;
      else counts.closed++;
      if (r.status === 'pending' && r.dueDate < today) counts.overdue++;
    }
    const qb = base();
    if (q.status) qb.andWhere('r.status = :status', { status: q.status });
    if (q.serviceRole) qb.andWhere('r.serviceRole = :role', { role: q.serviceRole });
    if (q.urgency) qb.andWhere('r.urgency = :urgency', { urgency: q.urgency });
    if (q.overdue === true) qb.andWhere("r.status = 'pending' AND r.dueDate < :today", { today });
    if (q.overdue === false)
      qb.andWhere(
        new Brackets((b) => b.where("r.status <> 'pending'").orWhere('r.dueDate >= :today', { today })),
      );
    // The scope above still holds: only this partner's referrals, of the cases with that number.
    if (q.number) this.ledger.whereCaseNumberStarts(qb, 'r.caseId', q.number);
    const [rows, total] = await applySort(qb, PARTNER_INBOX_SORT, q)
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    const items = await this.inboxItems(m, ctx, rows);
    const refusal = ctx ? ctx.refusal : { reason: 'INSTITUTION_REQUIRED', args: {} };
    const newReferrals = refusal
      ? {
          eligible: false,
          reason: refusal.reason,
          args: refusal.args,
          message: this.translator.t(`errors.${refusal.reason}`, lang, refusal.args),
        }
      : { eligible: true, reason: null, args: {}, message: null };
    return { ...paginated(items, total, q), counts, newReferrals };
  }

  private async inboxItems(
    m: EntityManager,
    ctx: PartnerContext | null,
    rows: Referral[],
  ): Promise<PartnerInboxItemDto[]> {
    if (!ctx || !rows.length) return [];
    const ids = rows.map((r) => r.id);
    const declines = new Set(
      (
        await m.find(ReferralDecline, { where: { referralId: In(ids), institutionId: ctx.institutionId } })
      ).map((d) => d.referralId),
    );
    const consents = await m.find(Consent, { where: { id: In([...new Set(rows.map((r) => r.consentId))]) } });
    const effective = new Map(consents.map((k) => [k.id, isConsentEffective(k, ctx.today)]));
    const numbers = await this.ledger.numbers(
      rows.map((r) => r.caseId),
      m,
    );
    return rows.map((r) => ({
      id: r.id,
      caseNumber: numbers.get(r.caseId) ?? '',
      serviceRole: r.serviceRole,
      urgency: r.urgency,
      status: r.status,
      dueDate: r.dueDate,
      overdue: r.status === 'pending' && r.dueDate < ctx.today,
      open: !r.targetInstitutionId,
      access: this.accessOf(ctx, r, declines.has(r.id), effective.get(r.consentId) ?? false),
      sentAt: iso(r.sentAt),
      version: r.version,
    }));
  }

  async get(actor: AuthContext, referralId: string): Promise<PartnerReferralDto> {
    const m = this.tx.manager;
    return this.view(m, await this.load(actor, referralId, m), actor);
  }

  /** The history entries of this referral only (never other referrals or the rest of the case). */
  async history(actor: AuthContext, referralId: string, lang: Language): Promise<PartnerEventDto[]> {
    const m = this.tx.manager;
    const l = await this.load(actor, referralId, m);
    const lens = this.lensOf(l);
    const filter = await lens.redactor();
    const all = await this.events.list(l.referral.caseId, m);
    return all
      .filter((e) => lens.showsEvent(e, 'inbox'))
      .map((e) => ({
        type: e.type,
        at: iso(e.at) as string,
        actorName: e.actorName,
        summary: filter.text(
          this.summaries.summary({ ...e, summaryArgs: lens.eventArgs(e.summaryArgs) }, lang),
        ),
      }));
  }

  /** A document of the referral, while the partner has full access. */
  async document(
    actor: AuthContext,
    referralId: string,
    documentId: string,
  ): Promise<{ file: StoredFile; data: Buffer }> {
    const m = this.tx.manager;
    const { referral, access } = await this.load(actor, referralId, m);
    assertUuid(documentId);
    if (access !== 'full') throw AppException.notFound();
    const file = await m.findOne(StoredFile, {
      where: { id: documentId, ownerId: referral.id, kind: 'referral_document' },
    });
    if (!file) throw AppException.notFound();
    return { file, data: await this.files.read(file) };
  }

  // ---- writes -----------------------------------------------------------------------------------------

  accept(actor: AuthContext, referralId: string, version: number): Promise<PartnerReferralDto> {
    return this.act(actor, referralId, version, async (m, l) => {
      const now = this.clock.now();
      await this.referrals.change(m, l.referral, l.case, 'accept', actor, {
        institutionId: l.ctx.institutionId,
        respondedAt: now,
        respondedById: actor.userId,
      });
      await this.referrals.notifySender(m, l.referral, l.case, 'referral_accepted');
    });
  }

  decline(
    actor: AuthContext,
    referralId: string,
    version: number,
    reason: string,
  ): Promise<PartnerReferralDto> {
    return this.act(actor, referralId, version, async (m, l) => {
      const r = l.referral;
      const now = this.clock.now();
      const text = reason.trim();
      if (r.targetInstitutionId || r.status !== 'pending') {
        await this.referrals.change(
          m,
          r,
          l.case,
          'decline',
          actor,
          { respondedAt: now, respondedById: actor.userId, declineReason: text },
          { reason: text },
        );
        await this.referrals.notifySender(m, r, l.case, 'referral_declined');
        return;
      }
      // An open referral: this institution declines; the others may still take it.
      await m.insert(
        ReferralDecline,
        m.create(ReferralDecline, {
          referralId: r.id,
          institutionId: l.ctx.institutionId,
          dataKeyId: r.dataKeyId,
          reason: text,
          declinedById: actor.userId,
          declinedAt: now,
        }),
      );
      const declined = new Set(
        (await m.find(ReferralDecline, { where: { referralId: r.id } })).map((d) => d.institutionId),
      );
      const remaining = (await this.eligibility.eligibleInstitutions(r.serviceRole, l.ctx.today, m)).filter(
        (i) => !declined.has(i.id),
      );
      const institution = (await institutionNames(m, [l.ctx.institutionId])).get(l.ctx.institutionId) ?? null;
      if (!remaining.length) {
        await this.referrals.change(
          m,
          r,
          l.case,
          'decline',
          actor,
          { respondedAt: now, respondedById: actor.userId, declineReason: text },
          { reason: text },
          { open: true, byAll: true },
        );
        await this.referrals.notifySender(m, r, l.case, 'referral_declined');
        return;
      }
      await this.events.append(l.case.id, actor, {
        type: 'referral.declined_by_institution',
        summaryArgs: {
          referralId: r.id,
          serviceRole: r.serviceRole,
          institution,
          remaining: remaining.length,
        },
        details: { reason: text },
      });
      await this.referrals.notifySender(m, r, l.case, 'referral_declined_by_institution');
    });
  }

  start(actor: AuthContext, referralId: string, version: number): Promise<PartnerReferralDto> {
    return this.act(actor, referralId, version, async (m, l) => {
      this.assertOurs(l);
      await this.referrals.change(m, l.referral, l.case, 'start', actor);
      await this.referrals.notifySender(m, l.referral, l.case, 'referral_started');
    });
  }

  complete(
    actor: AuthContext,
    referralId: string,
    version: number,
    outcome: Outcome,
    notes?: string,
  ): Promise<PartnerReferralDto> {
    return this.act(actor, referralId, version, async (m, l) => {
      this.assertOurs(l);
      const text = notes?.trim() || null;
      await this.referrals.change(
        m,
        l.referral,
        l.case,
        'complete',
        actor,
        { completedAt: this.clock.now(), outcome, outcomeNotes: text },
        { notes: text },
        { outcome },
      );
      await this.referrals.notifySender(m, l.referral, l.case, 'referral_completed');
    });
  }

  /** Records something the institution did (a case event in the chronology). */
  recordAction(
    actor: AuthContext,
    referralId: string,
    input: { actedOn: string; description: string },
  ): Promise<PartnerReferralDto> {
    assertNotFuture(this.clock, input.actedOn);
    return this.act(actor, referralId, null, async (m, l) => {
      this.assertWorking(l);
      const action = m.create(ReferralAction, {
        referralId: l.referral.id,
        caseId: l.case.id,
        dataKeyId: l.case.dataKeyId,
        institutionId: l.ctx.institutionId,
        authorId: actor.userId,
        actedOn: input.actedOn,
        description: input.description.trim(),
        createdAt: this.clock.now(),
      });
      await m.save(action);
      const institution = (await institutionNames(m, [l.ctx.institutionId])).get(l.ctx.institutionId) ?? null;
      await this.events.append(l.case.id, actor, {
        type: 'referral.action_recorded',
        summaryArgs: {
          referralId: l.referral.id,
          serviceRole: l.referral.serviceRole,
          institution,
          actedOn: input.actedOn,
        },
        details: { actionId: action.id, description: action.description },
      });
      await this.referrals.notifySender(m, l.referral, l.case, 'referral_update');
    });
  }

  /** Attaches a document (e.g. a medico-legal report), stored encrypted under the case's key. */
  async attach(actor: AuthContext, referralId: string, upload: CheckedUpload): Promise<PartnerReferralDto> {
    let saved: string | null = null;
    try {
      return await this.act(actor, referralId, null, async (m, l) => {
        this.assertWorking(l);
        const file = await this.files.save(
          m,
          {
            kind: 'referral_document',
            ownerId: l.referral.id,
            caseId: l.case.id,
            dataKeyId: l.case.dataKeyId,
            uploadedById: actor.userId,
            uploadedByInstitutionId: l.ctx.institutionId,
          },
          upload,
        );
        saved = file.id;
        const institution =
          (await institutionNames(m, [l.ctx.institutionId])).get(l.ctx.institutionId) ?? null;
        await this.events.append(l.case.id, actor, {
          type: 'referral.document_added',
          summaryArgs: {
            referralId: l.referral.id,
            serviceRole: l.referral.serviceRole,
            institution,
            mimeType: file.mimeType,
          },
          details: { documentId: file.id },
        });
        await this.referrals.notifySender(m, l.referral, l.case, 'referral_update');
      });
    } catch (err) {
      if (saved) await this.files.discard(saved);
      throw err;
    }
  }

  private assertOurs(l: Loaded): void {
    if (l.referral.institutionId !== l.ctx.institutionId) throw AppException.notFound();
  }

  /** Actions and documents: only on a referral the institution has taken on and still works on. */
  private assertWorking(l: Loaded): void {
    this.assertOurs(l);
    if (l.referral.status !== 'accepted' && l.referral.status !== 'in_progress') {
      throw new AppException('REFERRAL_NOT_IN_PROGRESS', HttpStatus.CONFLICT, { status: l.referral.status });
    }
  }

  private async act(
    actor: AuthContext,
    referralId: string,
    version: number | null,
    work: (m: EntityManager, l: Loaded) => Promise<void>,
  ): Promise<PartnerReferralDto> {
    if (!actor.permissions.has(Permission.PartnerRespond)) throw AppException.forbidden();
    return this.tx.run(async (m) => {
      const l = await this.load(actor, referralId, m, true);
      if (l.access !== 'full') throw AppException.rule('REFERRAL_ACCESS_ENDED');
      if (version !== null && l.referral.version !== version) throw AppException.versionConflict();
      await work(m, l);
      const fresh = await this.load(actor, referralId, m);
      return this.view(m, fresh, actor);
    });
  }

  // ---- views --------------------------------------------------------------------------------------------

  private async view(m: EntityManager, l: Loaded, actor: AuthContext): Promise<PartnerReferralDto> {
    const { referral: r, ctx, access } = l;
    const full = access === 'full';
    const ours = r.institutionId === ctx.institutionId;
    const [actions, docs] = await Promise.all([
      m.find(ReferralAction, {
        where: { referralId: r.id, institutionId: ctx.institutionId },
        order: { actedOn: 'ASC', createdAt: 'ASC' },
      }),
      m.find(StoredFile, {
        where: full
          ? { ownerId: r.id, kind: 'referral_document' }
          : { ownerId: r.id, kind: 'referral_document', uploadedByInstitutionId: ctx.institutionId },
        order: { createdAt: 'ASC' },
      }),
    ]);
    const insts = await institutionNames(m, [
      r.institutionId,
      ctx.institutionId,
      ...docs.map((d) => d.uploadedByInstitutionId),
    ]);
    const users = await userNames(
      m,
      actions.map((a) => a.authorId),
    );
    const ref = (id: string | null) => (id ? { id, name: insts.get(id) ?? '—' } : null);
    // Every free text through the gate, the institution's own entries too: what it wrote about her
    // reaches it as this referral lets it read her now (redacted when the access has ended).
    const lens = this.lensOf(l);
    const allowed: string[] = [];
    if (full && actor.permissions.has(Permission.PartnerRespond)) {
      // The track's moves: answering an offer is open to every institution it is offered to, the
      // rest is the holder's; recording actions and attaching documents while it works on it.
      allowed.push(...referralMoves(r.status, ours ? ['partner', 'holder'] : ['partner']));
      if (ours && (r.status === 'accepted' || r.status === 'in_progress')) allowed.push('record', 'attach');
    }
    return {
      id: r.id,
      caseNumber: l.case.number,
      serviceRole: r.serviceRole,
      urgency: r.urgency,
      status: r.status,
      dueDate: r.dueDate,
      overdue: r.status === 'pending' && r.dueDate < ctx.today,
      open: !r.targetInstitutionId,
      institution: ref(r.institutionId),
      access,
      sentAt: iso(r.sentAt),
      respondedAt: ours ? iso(r.respondedAt) : null,
      completedAt: ours ? iso(r.completedAt) : null,
      outcome: ours ? r.outcome : null,
      outcomeNotes: ours ? await lens.text(r.outcomeNotes) : null,
      declineReason: await lens.text(
        l.declinedByUs ? l.declinedByUs.reason : ours && r.status === 'declined' ? r.declineReason : null,
      ),
      reason: full ? await lens.text(r.reason ?? '') : null,
      categories: full ? (r.categories ?? []) : [],
      disclosed: full ? await this.disclose(lens) : null,
      actions: await Promise.all(
        actions.map(async (a) => {
          const view = actionView(a, users, ref);
          return { ...view, description: await lens.text(view.description) };
        }),
      ),
      documents: docs.map((d) =>
        documentView(d, ref, full ? `/api/partner/referrals/${r.id}/documents/${d.id}` : null),
      ),
      allowed,
      version: r.version,
    };
  }

  /** The case as this referral's reader sees it (the gate: categories in force, free text redacted). */
  private lensOf(l: Loaded): CaseLens {
    return this.gate.lens(this.gate.partnerReader(l.referral, l.access === 'full'), l.case);
  }

  /** Only the referral's disclosed categories of the case, as the gate gives them. */
  private async disclose(lens: CaseLens): Promise<DisclosedCaseDto> {
    const cats = new Set(lens.reader.categories);
    const out: DisclosedCaseDto = {};
    const victim = await lens.victimFacts();
    if (cats.has('identity'))
      out.identity = { fullName: victim.name, sex: victim.sex ?? '', age: victim.age };
    if (cats.has('contact'))
      out.contact = { phone: victim.phone, phoneSafeToCall: victim.phoneSafeToCall, address: victim.address };
    if (cats.has('incident_narrative')) {
      const incident = await lens.incident();
      out.incident_narrative = {
        narrative: incident.narrative,
        incidentDate: incident.date,
        incidentDateEnd: incident.dateEnd,
        placeType: incident.placeType ?? '',
        violenceTypes: incident.violenceTypes,
      };
    }
    if (cats.has('medical')) out.medical = { services: (await lens.category('medical')) ?? [] };
    if (cats.has('counseling_notes'))
      out.counseling_notes = { sessions: (await lens.category('counseling_notes')) ?? [] };
    if (cats.has('shelter_stay'))
      out.shelter_stay = (await lens.category('shelter_stay')) ?? {
        inShelter: false,
        admittedAt: null,
        plannedUntil: null,
      };
    return out;
  }
}
