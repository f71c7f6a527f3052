import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Permission } from '../../platform/auth/permissions';
import { CaseAccessService } from '../../case/case-access.service';
import { CaseEventService } from '../../case/case-event.service';
import { CaseRecord } from '../../case/case-ledger.service';
import { AppException, ErrorCode } from '../../platform/common/app.exception';
import { Clock } from '../../platform/common/clock';
import { assertNotFuture, iso, todayOf } from '../../platform/common/dates';
import { AuthContext } from '../../platform/common/request-context';
import { assertUuid } from '../../platform/common/uuid';
import { lockedFor } from '../../platform/database/query-helpers';
import { TransactionService } from '../../platform/database/transaction.service';
import { CentreRegionDirectory, InstitutionGroup } from '../../platform/settings/centre-region.directory';
import { SERVICE_ROLES, ServiceRole } from '../../institutions/service-roles';
import { Consent } from './consent.entity';
import { ConsentResponseDto, StatisticsConsentResponseDto } from './dto/consent.dto';
import { FileStoreService } from './file-store.service';
import { NotificationsService } from '../../notifications/notifications.service';
import {
  CONSENT_GIVERS,
  CONSENT_METHODS,
  ConsentGiver,
  ConsentMethod,
  DATA_CATEGORIES,
  DataCategory,
  OPEN_REFERRAL_STATUSES,
} from './referral.constants';
import { ReferralTrack } from './referral-track';
import { Referral } from './referral.entity';
import { StatisticsConsent } from './statistics-consent.entity';
import { StoredFile } from './stored-file.entity';
import { CheckedUpload } from '../../web/multipart';
import { membersHandling } from '../../users/user-reads';
import { userNames } from '../../users/user-reads';
import {
  activeInstitutions,
  allInstitutions,
  countInstitutions,
  institutionNames,
  InstitutionRecord,
} from '../../institutions/institution-reads';

export interface ConsentScope {
  serviceRoles: ServiceRole[];
  institutionIds: string[];
  categories: DataCategory[];
  expiresOn?: string | null;
}

export interface ConsentInput extends ConsentScope {
  givenBy: ConsentGiver;
  giverName?: string | null;
  givenOn: string;
  method: ConsentMethod;
  witnessName?: string | null;
}

/** What the consent partial of the case page needs (`views/partials/case-consent.hbs`). */
export interface CaseConsentView {
  caseId: string;
  isChild: boolean;
  closed: boolean;
  consents: ConsentResponseDto[];
  statistics: StatisticsConsentResponseDto;
  canWrite: boolean;
  canOverride: boolean;
  options: {
    givers: readonly string[];
    methods: readonly string[];
    serviceRoles: readonly string[];
    categories: readonly string[];
    institutions: { id: string; name: string }[];
    /** The same institutions grouped: the centre's region first, no other region's offices. */
    institutionGroups: InstitutionGroup<{ id: string; name: string }>[];
  };
  today: string;
}

/**
 * Called in the transaction that withdraws a consent or part of it, with the consent as it now stands
 * (status `withdrawn`, or a narrower scope): other features end what relied on the part taken back
 * (community monitoring ends the volunteers' assignments).
 */
export type ConsentNarrowedListener = (
  m: EntityManager,
  actor: AuthContext,
  consent: Consent,
  now: Date,
) => Promise<void>;

/** What the confirmation page of a partial withdrawal shows (`views/referrals/consent-withdraw-part.hbs`). */
export interface ConsentPartPreview {
  caseId: string;
  caseNumber: string;
  consent: ConsentResponseDto;
  /** Active, with more than one part left. */
  withdrawable: boolean;
  parts: { serviceRole: string | null; institution: { id: string; name: string } | null }[];
  chosen: {
    serviceRole: string | null;
    institution: { id: string; name: string } | null;
    /** The only part left: the whole consent must be withdrawn instead. */
    last: boolean;
    ending: { id: string; serviceRole: string; status: string; institution: string | null }[];
    continuing: { id: string; serviceRole: string; status: string; institution: string | null }[];
    endsMonitoring: boolean;
  } | null;
}

/** One part of a consent's scope: a service role or an institution. */
export type ConsentPart =
  | { serviceRole: ServiceRole; institutionId?: undefined }
  | { institutionId: string; serviceRole?: undefined };

/** Whether a consent record can be relied on today: active, not expired, a signed form with its scan. */
export function isConsentEffective(c: Consent, today: string): boolean {
  if (c.status !== 'active') return false;
  if (c.expiresOn && today > c.expiresOn) return false;
  if (c.kind === 'consent' && c.method === 'signed_form' && !c.scanFileId) return false;
  return true;
}

/** Whether the consent's scope covers a referral for `serviceRole` to `institutionId` (null = any). */
export function consentCovers(c: Consent, serviceRole: string, institutionId: string | null): boolean {
  if ((c.serviceRoles ?? []).includes(serviceRole as ServiceRole)) return true;
  return !!institutionId && (c.institutionIds ?? []).includes(institutionId);
}

/**
 * Consent to share a case with partners, per case: recorded by the counselor or coordinator working
 * on the case (a parent's or guardian's for a child), with the signed form's scan or a witness;
 * withdrawn at the victim's wish — which ends every open referral relying on it and with it the
 * partners' access. A coordinator may override for a child in danger, with a written reason. And
 * the separate yes/no to be counted in the anonymous statistics.
 */
@Injectable()
export class ConsentService {
  private readonly narrowedListeners: ConsentNarrowedListener[] = [];

  constructor(
    private readonly tx: TransactionService,
    private readonly access: CaseAccessService,
    private readonly events: CaseEventService,
    private readonly files: FileStoreService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    private readonly regions: CentreRegionDirectory,
    private readonly track: ReferralTrack,
  ) {}

  /** Features that rely on consents register here (see ConsentNarrowedListener). */
  onNarrowed(listener: ConsentNarrowedListener): void {
    this.narrowedListeners.push(listener);
  }

  // ---- reads ------------------------------------------------------------------------------------

  /** The consents and the statistics choice of a case (staff working on it). */
  async list(
    actor: AuthContext,
    caseId: string,
  ): Promise<{ consents: ConsentResponseDto[]; statistics: StatisticsConsentResponseDto }> {
    const c = await this.access.findWorkable(actor, caseId);
    const m = this.tx.manager;
    return {
      consents: await this.views(m, await this.consentsOf(m, c.id)),
      statistics: await this.statisticsView(m, c.id),
    };
  }

  async get(actor: AuthContext, consentId: string): Promise<ConsentResponseDto> {
    const { consent } = await this.findWorkable(actor, consentId);
    return (await this.views(this.tx.manager, [consent]))[0];
  }

  /** The consent part of the case page; null when the caller may not see it. */
  async forCase(actor: AuthContext, caseId: string): Promise<CaseConsentView | null> {
    if (!actor.permissions.has(Permission.ConsentRead)) return null;
    const m = this.tx.manager;
    let c: CaseRecord;
    try {
      c = await this.access.findReadable(actor, caseId, m);
    } catch {
      return null;
    }
    if (!this.access.canWork(actor, c)) return null;
    const institutions = await activeInstitutions(m, { id: true, name: true });
    return {
      caseId: c.id,
      isChild: c.isChild,
      closed: c.stage === 'closed',
      consents: await this.views(m, await this.consentsOf(m, c.id)),
      statistics: await this.statisticsView(m, c.id),
      canWrite: actor.permissions.has(Permission.ConsentWrite) && c.stage !== 'closed',
      canOverride: actor.permissions.has(Permission.ConsentOverride) && c.isChild && c.stage !== 'closed',
      options: {
        givers: CONSENT_GIVERS,
        methods: CONSENT_METHODS,
        serviceRoles: SERVICE_ROLES,
        categories: DATA_CATEGORIES,
        ...(await this.institutionChoices(institutions, m)),
      },
      today: todayOf(this.clock),
    };
  }

  private async institutionChoices(institutions: InstitutionRecord[], m: EntityManager) {
    const choices = await this.regions.arrange(
      institutions.map((i) => ({ id: i.id, name: i.name })),
      m,
    );
    return { institutions: choices.institutions, institutionGroups: choices.groups };
  }

  /** The scan of a signed consent form (staff working on the case). */
  async scan(actor: AuthContext, consentId: string): Promise<{ file: StoredFile; data: Buffer }> {
    const { consent } = await this.findWorkable(actor, consentId);
    const file = consent.scanFileId
      ? await this.tx.manager.findOne(StoredFile, { where: { id: consent.scanFileId } })
      : null;
    if (!file) throw AppException.notFound();
    return { file, data: await this.files.read(file) };
  }

  // ---- writes -----------------------------------------------------------------------------------

  /** Records a consent; a signed form's scan may come with it (pages) or later (`uploadScan`). */
  async record(
    actor: AuthContext,
    caseId: string,
    input: ConsentInput,
    upload?: CheckedUpload,
  ): Promise<ConsentResponseDto> {
    assertNotFuture(this.clock, input.givenOn);
    if (input.expiresOn && input.expiresOn < input.givenOn)
      throw AppException.rule('CONSENT_EXPIRY_BEFORE_GIVEN');
    let savedFile: string | null = null;
    try {
      return await this.tx.run(async (m) => {
        const c = await this.writableCase(actor, caseId, m);
        if (c.isChild && input.givenBy === 'victim') throw AppException.rule('CHILD_CONSENT_BY_GUARDIAN');
        if (!c.isChild && input.givenBy === 'parent') throw AppException.rule('CONSENT_GIVER_INVALID');
        const giverName = input.giverName?.trim() || null;
        if (input.givenBy !== 'victim' && !giverName) throw AppException.rule('CONSENT_GIVER_NAME_REQUIRED');
        const witnessName = input.witnessName?.trim() || null;
        if (input.method === 'verbal' && !witnessName) throw AppException.rule('CONSENT_WITNESS_REQUIRED');
        if (input.method !== 'signed_form' && upload)
          throw AppException.rule('CONSENT_SCAN_FOR_SIGNED_FORM_ONLY');
        await this.assertScope(m, input);
        const consent = m.create(Consent, {
          caseId: c.id,
          dataKeyId: c.dataKeyId,
          kind: 'consent',
          givenBy: input.givenBy,
          giverName: input.givenBy === 'victim' ? null : giverName,
          givenOn: input.givenOn,
          method: input.method,
          witnessName: input.method === 'verbal' ? witnessName : null,
          scanFileId: null,
          overrideReason: null,
          serviceRoles: [...new Set(input.serviceRoles)],
          institutionIds: [...new Set(input.institutionIds)],
          categories: [...new Set(input.categories)],
          expiresOn: input.expiresOn ?? null,
          status: 'active',
          withdrawnAt: null,
          withdrawnById: null,
          withdrawalReason: null,
          withdrawnParts: null,
          recordedById: actor.userId,
          createdAt: this.clock.now(),
          version: 1,
        });
        await m.save(consent);
        if (upload) {
          const file = await this.files.save(m, this.fileOf(actor, consent, c), upload);
          savedFile = file.id;
          consent.scanFileId = file.id;
          await m.update(Consent, { id: consent.id }, { scanFileId: file.id });
        }
        await this.events.append(c.id, actor, {
          type: 'consent.recorded',
          summaryArgs: {
            consentId: consent.id,
            givenBy: consent.givenBy,
            method: consent.method,
            categories: (consent.categories ?? []).join(','),
            withScan: !!upload,
          },
          details: {
            giverName: consent.giverName,
            witnessName: consent.witnessName,
            serviceRoles: consent.serviceRoles,
            institutionIds: consent.institutionIds,
          },
        });
        return (await this.views(m, [consent]))[0];
      });
    } catch (err) {
      if (savedFile) await this.files.discard(savedFile);
      throw err;
    }
  }

  /** Uploads (or replaces) the scan of a signed consent form. */
  async uploadScan(
    actor: AuthContext,
    consentId: string,
    upload: CheckedUpload,
  ): Promise<ConsentResponseDto> {
    let savedFile: string | null = null;
    try {
      return await this.tx.run(async (m) => {
        const { consent, case: c } = await this.findWorkable(actor, consentId, m, true);
        if (c.stage === 'closed') throw AppException.rule(ErrorCode.CaseClosed);
        if (consent.kind !== 'consent' || consent.method !== 'signed_form')
          throw AppException.rule('CONSENT_SCAN_FOR_SIGNED_FORM_ONLY');
        if (consent.status !== 'active') throw AppException.rule('CONSENT_WITHDRAWN');
        const file = await this.files.save(m, this.fileOf(actor, consent, c), upload);
        savedFile = file.id;
        const replaced = !!consent.scanFileId;
        consent.scanFileId = file.id;
        await m.update(Consent, { id: consent.id }, { scanFileId: file.id });
        await this.events.append(c.id, actor, {
          type: 'consent.scan_uploaded',
          summaryArgs: { consentId: consent.id, replaced },
        });
        return (await this.views(m, [consent]))[0];
      });
    } catch (err) {
      if (savedFile) await this.files.discard(savedFile);
      throw err;
    }
  }

  /** A coordinator's override for a child in danger: referrals may rely on it like on a consent. */
  async override(
    actor: AuthContext,
    caseId: string,
    input: ConsentScope & { reason: string },
  ): Promise<ConsentResponseDto> {
    if (!actor.permissions.has(Permission.ConsentOverride)) throw AppException.forbidden();
    return this.tx.run(async (m) => {
      const c = await this.writableCase(actor, caseId, m);
      if (!c.isChild) throw AppException.rule('OVERRIDE_CHILD_ONLY');
      const today = todayOf(this.clock);
      if (input.expiresOn && input.expiresOn < today) throw AppException.rule('CONSENT_EXPIRY_BEFORE_GIVEN');
      await this.assertScope(m, input);
      const consent = m.create(Consent, {
        caseId: c.id,
        dataKeyId: c.dataKeyId,
        kind: 'override',
        givenBy: null,
        giverName: null,
        givenOn: today,
        method: null,
        witnessName: null,
        scanFileId: null,
        overrideReason: input.reason.trim(),
        serviceRoles: [...new Set(input.serviceRoles)],
        institutionIds: [...new Set(input.institutionIds)],
        categories: [...new Set(input.categories)],
        expiresOn: input.expiresOn ?? null,
        status: 'active',
        withdrawnAt: null,
        withdrawnById: null,
        withdrawalReason: null,
        withdrawnParts: null,
        recordedById: actor.userId,
        createdAt: this.clock.now(),
        version: 1,
      });
      await m.save(consent);
      await this.events.append(c.id, actor, {
        type: 'consent.override',
        summaryArgs: { consentId: consent.id, categories: (consent.categories ?? []).join(',') },
        details: {
          reason: consent.overrideReason,
          serviceRoles: consent.serviceRoles,
          institutionIds: consent.institutionIds,
        },
      });
      return (await this.views(m, [consent]))[0];
    });
  }

  /**
   * Withdraws a consent (or ends an override: coordinators only). Every open referral relying on it
   * ends with it — cancelled if not yet taken on, revoked otherwise — so partners lose access at once.
   */
  async withdraw(
    actor: AuthContext,
    consentId: string,
    version: number,
    reason?: string,
  ): Promise<ConsentResponseDto> {
    return this.tx.run(async (m) => {
      const { consent, case: c } = await this.findWorkable(actor, consentId, m, true);
      if (consent.kind === 'override' && !actor.permissions.has(Permission.ConsentOverride))
        throw AppException.forbidden();
      if (consent.version !== version) throw AppException.versionConflict();
      if (consent.status !== 'active') throw AppException.conflict(ErrorCode.Conflict);
      const now = this.clock.now();
      const res = await m
        .createQueryBuilder()
        .update(Consent)
        .set({ status: 'withdrawn', withdrawnAt: now, withdrawnById: actor.userId, version: version + 1 })
        .where('id = :id AND version = :version', { id: consent.id, version })
        .execute();
      if (!res.affected) throw AppException.versionConflict();
      consent.status = 'withdrawn';
      consent.withdrawnAt = now;
      consent.withdrawnById = actor.userId;
      consent.version = version + 1;
      if (reason?.trim()) {
        consent.withdrawalReason = reason.trim();
        await m.save(consent);
      }
      const open = await this.endReferrals(m, actor, consent, c, now);
      for (const listener of this.narrowedListeners) await listener(m, actor, consent, now);
      await this.events.append(c.id, actor, {
        type: 'consent.withdrawn',
        summaryArgs: { consentId: consent.id, kind: consent.kind, referralsEnded: open.length },
        details: { reason: consent.withdrawalReason, endedReferralIds: open.map((r) => r.id) },
      });
      return (await this.views(m, [consent]))[0];
    });
  }

  /**
   * What withdrawing a part would do, for the confirmation page: the parts that can be withdrawn
   * (every role and institution of an active consent while more than one is left), and for the part
   * asked about, which open referrals would end and which go on. Changes nothing.
   */
  async withdrawPartPreview(
    actor: AuthContext,
    consentId: string,
    part: ConsentPart | null,
  ): Promise<ConsentPartPreview> {
    const m = this.tx.manager;
    const { consent, case: c } = await this.findWorkable(actor, consentId, m);
    if (!actor.permissions.has(Permission.ConsentWrite)) throw AppException.forbidden();
    if (consent.kind === 'override' && !actor.permissions.has(Permission.ConsentOverride))
      throw AppException.forbidden();
    const roles = consent.serviceRoles ?? [];
    const institutions = consent.institutionIds ?? [];
    const names = await institutionNames(m, institutions);
    const withdrawable = consent.status === 'active' && roles.length + institutions.length > 1;
    const view = (await this.views(m, [consent]))[0];
    const preview: ConsentPartPreview = {
      caseId: c.id,
      caseNumber: c.number,
      consent: view,
      withdrawable,
      parts: [
        ...roles.map((r) => ({ serviceRole: r as string, institution: null })),
        ...institutions.map((id) => ({ serviceRole: null, institution: { id, name: names.get(id) ?? '—' } })),
      ],
      chosen: null,
    };
    if (!part) return preview;
    const inScope = part.serviceRole
      ? roles.includes(part.serviceRole)
      : institutions.includes(part.institutionId!);
    if (!inScope) throw AppException.rule('CONSENT_PART_NOT_IN_SCOPE');
    const narrowed = Object.assign(new Consent(), consent, {
      serviceRoles: roles.filter((r) => r !== part.serviceRole),
      institutionIds: institutions.filter((i) => i !== part.institutionId),
    });
    const open = await m.find(Referral, {
      where: { consentId: consent.id, status: In([...OPEN_REFERRAL_STATUSES]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const refNames = await institutionNames(
      m,
      open.map((r) => r.institutionId ?? r.targetInstitutionId).filter((id): id is string => !!id),
    );
    const row = (r: Referral) => {
      const inst = r.institutionId ?? r.targetInstitutionId;
      return {
        id: r.id,
        serviceRole: r.serviceRole,
        status: r.status,
        institution: inst ? (refNames.get(inst) ?? '—') : null,
      };
    };
    const ends = (r: Referral) =>
      !consentCovers(narrowed, r.serviceRole, r.institutionId ?? r.targetInstitutionId);
    preview.chosen = {
      serviceRole: part.serviceRole ?? null,
      institution: part.institutionId
        ? { id: part.institutionId, name: names.get(part.institutionId) ?? '—' }
        : null,
      last: roles.length + institutions.length <= 1,
      ending: open.filter(ends).map(row),
      continuing: open.filter((r) => !ends(r)).map(row),
      endsMonitoring: part.serviceRole === 'community_monitoring',
    };
    return preview;
  }

  /**
   * Withdraws one service role or one institution from a consent while the rest of it holds (the
   * victim no longer wants the police told, but still the hospital). Open referrals the narrower
   * consent no longer covers end at once like on a withdrawal (cancelled, or revoked if taken on), so
   * that partner loses access; referrals still covered — by another role or a named institution —
   * go on. The last part cannot be withdrawn alone: that is the withdrawal of the whole consent.
   */
  async withdrawPart(
    actor: AuthContext,
    consentId: string,
    version: number,
    part: ConsentPart,
    reason?: string,
  ): Promise<ConsentResponseDto> {
    return this.tx.run(async (m) => {
      const { consent, case: c } = await this.findWorkable(actor, consentId, m, true);
      if (consent.kind === 'override' && !actor.permissions.has(Permission.ConsentOverride))
        throw AppException.forbidden();
      // Like the whole withdrawal, also on a closed case: it holds again if the case is reopened.
      if (consent.version !== version) throw AppException.versionConflict();
      if (consent.status !== 'active') throw AppException.conflict(ErrorCode.Conflict);
      const roles = consent.serviceRoles ?? [];
      const institutions = consent.institutionIds ?? [];
      const inScope = part.serviceRole
        ? roles.includes(part.serviceRole)
        : institutions.includes(part.institutionId!);
      if (!inScope) throw AppException.rule('CONSENT_PART_NOT_IN_SCOPE');
      if (roles.length + institutions.length <= 1) throw AppException.rule('CONSENT_LAST_PART');
      const now = this.clock.now();
      const withdrawn = {
        ...(part.serviceRole ? { serviceRole: part.serviceRole } : { institutionId: part.institutionId }),
        at: now.toISOString(),
        byId: actor.userId,
      };
      const narrowed = {
        serviceRoles: roles.filter((r) => r !== part.serviceRole),
        institutionIds: institutions.filter((i) => i !== part.institutionId),
        withdrawnParts: [...(consent.withdrawnParts ?? []), withdrawn],
      };
      const res = await m
        .createQueryBuilder()
        .update(Consent)
        .set({ ...narrowed, version: version + 1, dataKeyId: consent.dataKeyId })
        .where('id = :id AND version = :version', { id: consent.id, version })
        .execute();
      if (!res.affected) throw AppException.versionConflict();
      Object.assign(consent, narrowed, { version: version + 1 });
      const ended = await this.endReferrals(m, actor, consent, c, now);
      for (const listener of this.narrowedListeners) await listener(m, actor, consent, now);
      const institution = part.institutionId
        ? ((await institutionNames(m, [part.institutionId])).get(part.institutionId) ?? '—')
        : null;
      await this.events.append(c.id, actor, {
        type: 'consent.partly_withdrawn',
        summaryKey: part.serviceRole
          ? 'events.consent.partly_withdrawn_role'
          : 'events.consent.partly_withdrawn_institution',
        summaryArgs: {
          consentId: consent.id,
          ...(part.serviceRole ? { serviceRole: part.serviceRole } : { institution }),
          referralsEnded: ended.length,
        },
        details: {
          reason: reason?.trim() || null,
          part: withdrawn,
          endedReferralIds: ended.map((r) => r.id),
        },
      });
      return (await this.views(m, [consent]))[0];
    });
  }

  /**
   * Ends the open referrals relying on a consent that no longer covers them (withdrawn: none is
   * covered) — cancelled if not yet taken on, revoked otherwise — and tells the partners.
   */
  private async endReferrals(
    m: EntityManager,
    actor: AuthContext,
    consent: Consent,
    c: CaseRecord,
    now: Date,
  ): Promise<Referral[]> {
    const open = await m.find(Referral, {
      where: { consentId: consent.id, status: In([...OPEN_REFERRAL_STATUSES]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const ended = open.filter(
      (r) =>
        consent.status !== 'active' ||
        !consentCovers(consent, r.serviceRole, r.institutionId ?? r.targetInstitutionId),
    );
    for (const r of ended) {
      // The track's way out of an open referral: cancel before a partner takes it on, revoke after.
      const end = this.track.transitionsFrom(r.status).find((n) => n === 'cancel' || n === 'revoke')!;
      // Recorded as one event for the consent by the caller, not one per referral.
      const { to } = await this.track.transition(
        end,
        r.status,
        { manager: m, referral: r, case: c, actor },
        {
          refused: (_kind, refusal) => new Error(`referral ${r.id} cannot end: ${refusal.code}`),
          apply: async (_from, to) => {
            await m
              .createQueryBuilder()
              .update(Referral)
              .set({
                status: to,
                endedAt: now,
                endedById: actor.userId,
                updatedAt: now,
                version: r.version + 1,
              })
              .where('id = :id', { id: r.id })
              .execute();
          },
        },
      );
      const partners = r.sentAt
        ? await membersHandling(
            m,
            r.institutionId ? [r.institutionId] : await this.offeredTo(m, r),
            r.serviceRole,
          )
        : [];
      await this.notifications.notify(
        m,
        partners,
        'referral_ended',
        { serviceRole: r.serviceRole, status: to },
        `/partner/referrals/${r.id}`,
        r.id,
      );
    }
    return ended;
  }

  /** Whether the case may be counted in the anonymous statistics (its own version; 0 = never set). */
  async setStatistics(
    actor: AuthContext,
    caseId: string,
    included: boolean,
    version: number,
  ): Promise<StatisticsConsentResponseDto> {
    return this.tx.run(async (m) => {
      const c = await this.access.findWorkable(actor, caseId, m);
      if (!actor.permissions.has(Permission.ConsentWrite)) throw AppException.forbidden();
      const row = await m.findOne(
        StatisticsConsent,
        lockedFor<StatisticsConsent>(m, { where: { caseId: c.id } }),
      );
      const now = this.clock.now();
      if ((row?.version ?? 0) !== version) throw AppException.versionConflict();
      if (!row) {
        await m.insert(StatisticsConsent, {
          caseId: c.id,
          included,
          recordedById: actor.userId,
          recordedAt: now,
          version: 1,
        });
      } else {
        const res = await m
          .createQueryBuilder()
          .update(StatisticsConsent)
          .set({ included, recordedById: actor.userId, recordedAt: now, version: version + 1 })
          .where('"caseId" = :caseId AND version = :version', { caseId: c.id, version })
          .execute();
        if (!res.affected) throw AppException.versionConflict();
      }
      await this.events.append(c.id, actor, { type: 'consent.statistics_set', summaryArgs: { included } });
      return this.statisticsView(m, c.id);
    });
  }

  // ---- used by referrals and monitoring ------------------------------------------------------------

  /**
   * The consent a new referral relies on: the given one, or the most recent effective consent of the
   * case covering the role (and institution) and every requested category. 422 otherwise.
   */
  async findCovering(
    m: EntityManager,
    c: CaseRecord,
    serviceRole: string,
    institutionId: string | null,
    categories: DataCategory[],
    consentId?: string,
  ): Promise<Consent> {
    const today = todayOf(this.clock);
    const candidates = consentId
      ? await m.find(Consent, { where: { id: consentId, caseId: c.id } })
      : await m.find(Consent, { where: { caseId: c.id, status: 'active' }, order: { createdAt: 'DESC' } });
    if (consentId && !candidates.length) throw AppException.rule('CONSENT_NOT_FOUND');
    const effective = candidates.filter((k) => isConsentEffective(k, today));
    if (!effective.length) {
      const pendingScan = candidates.some(
        (k) => k.status === 'active' && k.kind === 'consent' && k.method === 'signed_form' && !k.scanFileId,
      );
      throw AppException.rule(pendingScan ? 'CONSENT_SCAN_MISSING' : 'CONSENT_REQUIRED');
    }
    const covering = effective.filter((k) => consentCovers(k, serviceRole, institutionId));
    if (!covering.length) throw AppException.rule('CONSENT_DOES_NOT_COVER');
    const withCategories = covering.find((k) =>
      categories.every((cat) => (k.categories ?? []).includes(cat)),
    );
    if (!withCategories) throw AppException.rule('CONSENT_CATEGORIES_NOT_COVERED');
    return withCategories;
  }

  async isEffectiveById(m: EntityManager, consentId: string): Promise<boolean> {
    const k = await m.findOne(Consent, { where: { id: consentId } });
    return !!k && isConsentEffective(k, todayOf(this.clock));
  }

  // ---- internals ----------------------------------------------------------------------------------

  private async writableCase(actor: AuthContext, caseId: string, m: EntityManager): Promise<CaseRecord> {
    const c = await this.access.findWorkable(actor, caseId, m);
    if (!actor.permissions.has(Permission.ConsentWrite)) throw AppException.forbidden();
    if (c.stage === 'closed') throw AppException.rule(ErrorCode.CaseClosed);
    return c;
  }

  private async findWorkable(
    actor: AuthContext,
    consentId: string,
    m: EntityManager = this.tx.manager,
    write = false,
  ): Promise<{ consent: Consent; case: CaseRecord }> {
    assertUuid(consentId);
    const consent = await m.findOne(
      Consent,
      write ? lockedFor<Consent>(m, { where: { id: consentId } }) : { where: { id: consentId } },
    );
    if (!consent) throw AppException.notFound();
    const c = await this.access.findWorkable(actor, consent.caseId, m);
    if (write && !actor.permissions.has(Permission.ConsentWrite)) throw AppException.forbidden();
    return { consent, case: c };
  }

  private async assertScope(m: EntityManager, scope: ConsentScope): Promise<void> {
    if (!scope.serviceRoles.length && !scope.institutionIds.length)
      throw AppException.rule('CONSENT_SCOPE_REQUIRED');
    const ids = [...new Set(scope.institutionIds)];
    if (ids.length && (await countInstitutions(m, ids)) !== ids.length) {
      throw AppException.rule(ErrorCode.InstitutionNotFound);
    }
  }

  private fileOf(actor: AuthContext, consent: Consent, c: CaseRecord) {
    return {
      kind: 'consent_scan' as const,
      ownerId: consent.id,
      caseId: c.id,
      dataKeyId: c.dataKeyId,
      uploadedById: actor.userId,
      uploadedByInstitutionId: null,
    };
  }

  /** The institutions an open referral was offered to (for notifying them it ended). */
  private async offeredTo(m: EntityManager, r: Referral): Promise<string[]> {
    if (r.targetInstitutionId) return [r.targetInstitutionId];
    const all = await allInstitutions(m, { id: true, serviceRoles: true });
    return all.filter((i) => (i.serviceRoles ?? []).includes(r.serviceRole)).map((i) => i.id);
  }

  private consentsOf(m: EntityManager, caseId: string): Promise<Consent[]> {
    return m.find(Consent, { where: { caseId }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  private async statisticsView(m: EntityManager, caseId: string): Promise<StatisticsConsentResponseDto> {
    const row = await m.findOne(StatisticsConsent, { where: { caseId } });
    return {
      caseId,
      included: row ? row.included : null,
      recordedAt: iso(row?.recordedAt),
      version: row?.version ?? 0,
    };
  }

  private async views(m: EntityManager, consents: Consent[]): Promise<ConsentResponseDto[]> {
    const today = todayOf(this.clock);
    const names = await institutionNames(m, [
      ...consents.flatMap((k) => k.institutionIds ?? []),
      ...consents.flatMap((k) => (k.withdrawnParts ?? []).flatMap((p) => p.institutionId ?? [])),
    ]);
    const users = await userNames(
      m,
      consents.map((k) => k.recordedById),
    );
    return consents.map((k) => ({
      id: k.id,
      caseId: k.caseId,
      kind: k.kind,
      givenBy: k.givenBy,
      giverName: k.giverName,
      givenOn: k.givenOn,
      method: k.method,
      witnessName: k.witnessName,
      hasScan: !!k.scanFileId,
      overrideReason: k.overrideReason,
      serviceRoles: k.serviceRoles ?? [],
      institutions: (k.institutionIds ?? []).map((id) => ({ id, name: names.get(id) ?? '—' })),
      categories: k.categories ?? [],
      expiresOn: k.expiresOn,
      status: k.status,
      effective: isConsentEffective(k, today),
      withdrawnAt: iso(k.withdrawnAt),
      withdrawalReason: k.withdrawalReason,
      withdrawnParts: (k.withdrawnParts ?? []).map((p) =>
        p.serviceRole
          ? { serviceRole: p.serviceRole, at: p.at }
          : { institution: { id: p.institutionId!, name: names.get(p.institutionId!) ?? '—' }, at: p.at },
      ),
      recordedBy: users.get(k.recordedById) ?? null,
      createdAt: iso(k.createdAt) as string,
      version: k.version,
    }));
  }
}
