import { Injectable } from '@nestjs/common';
import { applySort, SortDirection } from '../platform/common/list-sort';
import { DECREE_LIST_SORT } from './decree-list-sort';
import { EntityManager, In, Repository } from 'typeorm';
import { AppException, ErrorCode } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { DataKeyService } from '../platform/crypto/data-key.service';
import { TransactionService } from '../platform/database/transaction.service';
import { InstitutionsService } from '../institutions/institutions.service';
import { UsersService } from '../users/users.service';
import {
  chainOrder,
  compositionChange,
  CompositionChange,
  decreeInForce,
  decreeStatuses,
} from './decree-status';
import { PugBody } from './entities/pug-body.entity';
import { PugAppointment, PugDecree } from './entities/pug-decree.entity';
import { PugFile } from './entities/pug-file.entity';
import { PugFileStore } from './files/pug-file-store.service';
import { todayOf } from '../platform/common/dates';
import { conflict, isUniqueViolation } from './pug.common';
import { assertInstitutions } from '../institutions/institution-options';
import { PugErrorCode } from './pug.errors';
import { PugBodiesService } from './pug-bodies.service';
import type { AppointmentRole, DecreeKind, DecreeStatus, IssuerKind } from './reference-data';

/** The data-key scope of decrees (their appointees' names). */
export const DECREE_KEY_SCOPE = 'pug';

export interface AppointeeInput {
  fullName: string;
  jobTitle?: string | null;
  institutionId?: string | null;
  userId?: string | null;
  role: AppointmentRole;
}

export interface DecreeMetaInput {
  number: string;
  decreeDate: string;
  effectiveDate?: string | null;
  issuerKind: IssuerKind;
  issuerInstitutionId?: string | null;
  title: string;
}

export interface DecreeInput extends DecreeMetaInput {
  bodyId: string;
  kind: DecreeKind;
  replacesDecreeId?: string | null;
  appointees: AppointeeInput[];
}

export interface DecreeListQuery {
  page: number;
  pageSize: number;
  regionId?: string;
  bodyId?: string;
  kind?: DecreeKind;
  status?: DecreeStatus;
  q?: string;
  sort?: string;
  dir?: SortDirection;
}

export interface DecreeWithStatus {
  decree: PugDecree;
  status: DecreeStatus;
  /** The decree that replaced, amended or revoked it, if any (possibly not yet in effect). */
  successorId: string | null;
}

export interface DecreeDetail extends DecreeWithStatus {
  appointments: PugAppointment[];
  scan: PugFile | null;
}

export interface ChainStep extends DecreeWithStatus {
  appointments: PugAppointment[];
  change: CompositionChange<PugAppointment>;
}

/**
 * Decrees (SK) and the people they appoint. Every write in one transaction; the chain rules:
 *   - a formation starts a chain and is refused while the body has a live chain (not ended by revocation);
 *   - a replacement, amendment or revocation names the decree it replaces, of the same body, not yet
 *     replaced (unique index, so concurrent replacements conflict), not a revocation, and takes effect
 *     no earlier than it;
 *   - a revocation appoints nobody;
 *   - the chain (body, kind, replaced decree) is fixed once recorded; a decree that has a successor
 *     cannot be deleted.
 */
@Injectable()
export class PugDecreesService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    private readonly dataKeys: DataKeyService,
    private readonly bodies: PugBodiesService,
    private readonly institutions: InstitutionsService,
    private readonly users: UsersService,
    private readonly files: PugFileStore,
  ) {}

  private get repo() {
    return this.tx.manager.getRepository(PugDecree);
  }

  today(): string {
    return todayOf(this.clock);
  }

  /** Decrees of some bodies (no appointees), with their derived status. */
  async withStatus(bodyIds: string[]): Promise<DecreeWithStatus[]> {
    if (!bodyIds.length) return [];
    const decrees = await this.repo.find({
      where: { bodyId: In(bodyIds) },
      relations: { body: { region: true, institution: true }, issuerInstitution: true },
    });
    return this.annotate(decrees);
  }

  private annotate(decrees: PugDecree[]): DecreeWithStatus[] {
    const statuses = decreeStatuses(decrees, this.today());
    const successor = new Map<string, string>();
    for (const d of decrees) if (d.replacesDecreeId) successor.set(d.replacesDecreeId, d.id);
    return decrees.map((decree) => ({
      decree,
      status: statuses.get(decree.id) as DecreeStatus,
      successorId: successor.get(decree.id) ?? null,
    }));
  }

  async list(q: DecreeListQuery): Promise<{ items: DecreeWithStatus[]; total: number }> {
    const bodyQb = this.tx.manager.getRepository(PugBody).createQueryBuilder('b').select('b.id', 'id');
    if (q.regionId) bodyQb.andWhere('b.regionId = :regionId', { regionId: q.regionId });
    if (q.bodyId) bodyQb.andWhere('b.id = :bodyId', { bodyId: q.bodyId });
    const bodyIds = (await bodyQb.getRawMany<{ id: string }>()).map((r) => r.id);
    if (!bodyIds.length) return { items: [], total: 0 };
    // The status is derived from whole chains: the bodies' decrees (their links only) give each
    // decree's status; filtering, ordering and paging then happen in the database.
    const links = await this.repo.find({ where: { bodyId: In(bodyIds) } });
    const statuses = decreeStatuses(links, this.today());
    const successor = new Map<string, string>();
    for (const d of links) if (d.replacesDecreeId) successor.set(d.replacesDecreeId, d.id);
    const qb = this.repo
      .createQueryBuilder('d')
      .innerJoinAndSelect('d.body', 'b')
      .leftJoinAndSelect('b.region', 'r')
      .leftJoinAndSelect('b.institution', 'bi')
      .leftJoinAndSelect('d.issuerInstitution', 'ii')
      .where('d.bodyId IN (:...bodyIds)', { bodyIds });
    if (q.kind) qb.andWhere('d.kind = :kind', { kind: q.kind });
    if (q.status) {
      const ids = links.filter((d) => statuses.get(d.id) === q.status).map((d) => d.id);
      if (!ids.length) return { items: [], total: 0 };
      qb.andWhere('d.id IN (:...ids)', { ids });
    }
    if (q.q)
      qb.andWhere('(LOWER(d.number) LIKE :q OR LOWER(d.title) LIKE :q)', {
        q: `%${q.q.toLowerCase().replace(/[%_]/g, '')}%`,
      });
    // Many-to-one joins only (one row per decree): offset/limit page the rows as they are.
    const [rows, total] = await applySort(qb, DECREE_LIST_SORT, q)
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getManyAndCount();
    return {
      items: rows.map((decree) => ({
        decree,
        status: statuses.get(decree.id) as DecreeStatus,
        successorId: successor.get(decree.id) ?? null,
      })),
      total,
    };
  }

  private async load(id: string): Promise<PugDecree> {
    const found = await this.repo.findOne({
      where: { id },
      relations: { body: { region: true, institution: true }, issuerInstitution: true },
    });
    if (!found) throw AppException.notFound();
    return found;
  }

  appointmentsOf(decreeIds: string[], m: EntityManager = this.tx.manager): Promise<PugAppointment[]> {
    if (!decreeIds.length) return Promise.resolve([]);
    return m.getRepository(PugAppointment).find({
      where: { decreeId: In(decreeIds) },
      relations: { institution: true, user: true },
      order: { position: 'ASC' },
    });
  }

  async get(id: string): Promise<DecreeDetail> {
    const decree = await this.load(id);
    const siblings = await this.repo.find({ where: { bodyId: decree.bodyId } });
    const annotated = this.annotate(siblings).find((s) => s.decree.id === id) as DecreeWithStatus;
    const [appointments, scans] = await Promise.all([
      this.appointmentsOf([id]),
      this.files.list('decree_scan', id),
    ]);
    return { ...annotated, decree, appointments, scan: scans[scans.length - 1] ?? null };
  }

  /** The body's history: its decrees in chain order, each with its appointees and what changed. */
  async chain(bodyId: string): Promise<ChainStep[]> {
    const decrees = await this.repo.find({ where: { bodyId }, relations: { issuerInstitution: true } });
    const annotated = new Map(this.annotate(decrees).map((a) => [a.decree.id, a]));
    const appointments = await this.appointmentsOf(decrees.map((d) => d.id));
    const byDecree = new Map<string, PugAppointment[]>();
    for (const a of appointments) byDecree.set(a.decreeId, [...(byDecree.get(a.decreeId) ?? []), a]);
    return chainOrder(decrees).map((d) => {
      const own = byDecree.get(d.id) ?? [];
      const before = d.replacesDecreeId ? (byDecree.get(d.replacesDecreeId) ?? []) : [];
      return {
        ...(annotated.get(d.id) as DecreeWithStatus),
        appointments: own,
        change: compositionChange(before, own),
      };
    });
  }

  /** The decree setting each body's composition today (bodies without one are absent). */
  async inForce(bodyIds: string[]): Promise<Map<string, PugDecree>> {
    if (!bodyIds.length) return new Map();
    const decrees = await this.repo.find({
      where: { bodyId: In(bodyIds) },
      relations: { issuerInstitution: true },
    });
    const byBody = new Map<string, PugDecree[]>();
    for (const d of decrees) byBody.set(d.bodyId, [...(byBody.get(d.bodyId) ?? []), d]);
    const result = new Map<string, PugDecree>();
    const t = this.today();
    for (const [bodyId, list] of byBody) {
      const current = decreeInForce(list, t);
      if (current) result.set(bodyId, current);
    }
    return result;
  }

  // ---- writes ---------------------------------------------------------------------------------------

  private async checkMeta(input: DecreeMetaInput): Promise<void> {
    const needsInstitution = input.issuerKind === 'skpd_head';
    if (needsInstitution !== !!input.issuerInstitutionId)
      throw AppException.rule(PugErrorCode.DecreeIssuerInvalid);
    await assertInstitutions(this.institutions, [input.issuerInstitutionId]);
  }

  private async checkAppointees(kind: DecreeKind, appointees: AppointeeInput[]): Promise<void> {
    if (kind === 'revocation' && appointees.length)
      throw AppException.rule(PugErrorCode.DecreeRevocationAppointees);
    await assertInstitutions(
      this.institutions,
      appointees.map((a) => a.institutionId),
    );
    const userIds = [...new Set(appointees.map((a) => a.userId).filter((u): u is string => !!u))];
    if (userIds.length) {
      const found = await this.users.findByIds(userIds);
      if (found.length !== userIds.length) throw AppException.rule(PugErrorCode.AppointeeUserNotFound);
    }
  }

  private async assertNumberFree(m: EntityManager, bodyId: string, number: string, exceptId?: string) {
    const clash = await m.getRepository(PugDecree).findOne({ where: { bodyId, number } });
    if (clash && clash.id !== exceptId) throw conflict(PugErrorCode.DecreeNumberTaken);
  }

  private async insertAppointees(m: EntityManager, decree: PugDecree, appointees: AppointeeInput[]) {
    const repo = m.getRepository(PugAppointment);
    let position = 0;
    for (const a of appointees) {
      await repo.save(
        repo.create({
          decreeId: decree.id,
          dataKeyId: decree.dataKeyId,
          position: ++position,
          fullName: a.fullName.trim(),
          jobTitle: a.jobTitle?.trim() || null,
          institutionId: a.institutionId ?? null,
          userId: a.userId ?? null,
          role: a.role,
        }),
      );
    }
  }

  create(input: DecreeInput, userId: string | null): Promise<PugDecree> {
    return this.tx.run(async (m) => {
      const body = await this.bodies.assertExists(input.bodyId);
      await this.checkMeta(input);
      await this.checkAppointees(input.kind, input.appointees);
      const repo = m.getRepository(PugDecree);
      const siblings = await repo.find({ where: { bodyId: body.id } });
      const effectiveDate = input.effectiveDate || input.decreeDate;
      if (input.kind === 'formation') {
        if (input.replacesDecreeId) throw AppException.rule(PugErrorCode.DecreeFormationReplaces);
        const replaced = new Set(siblings.map((s) => s.replacesDecreeId).filter(Boolean));
        const liveEnds = siblings.filter((s) => !replaced.has(s.id) && s.kind !== 'revocation');
        if (liveEnds.length) throw AppException.rule(PugErrorCode.BodyAlreadyFormed);
      } else {
        if (!input.replacesDecreeId) throw AppException.rule(PugErrorCode.DecreeReplacesRequired);
        const target = await repo.findOne({ where: { id: input.replacesDecreeId } });
        if (!target) throw AppException.rule(PugErrorCode.DecreeNotFound);
        if (target.bodyId !== body.id) throw AppException.rule(PugErrorCode.DecreeReplacesOtherBody);
        if (target.kind === 'revocation') throw AppException.rule(PugErrorCode.DecreeReplacesRevocation);
        if (siblings.some((s) => s.replacesDecreeId === target.id))
          throw conflict(PugErrorCode.DecreeAlreadyReplaced);
        if (effectiveDate < target.effectiveDate)
          throw AppException.rule(PugErrorCode.DecreeEffectiveBeforeReplaced);
      }
      await this.assertNumberFree(m, body.id, input.number.trim());
      const key = await this.dataKeys.create(DECREE_KEY_SCOPE, m);
      const now = this.clock.now();
      const decree = await this.saveUnique(repo, {
        bodyId: body.id,
        number: input.number.trim(),
        decreeDate: input.decreeDate,
        effectiveDate,
        issuerKind: input.issuerKind,
        issuerInstitutionId: input.issuerInstitutionId ?? null,
        title: input.title.trim(),
        kind: input.kind,
        replacesDecreeId: input.kind === 'formation' ? null : (input.replacesDecreeId ?? null),
        dataKeyId: key.id,
        createdById: userId,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      await this.insertAppointees(m, decree, input.appointees);
      return decree;
    });
  }

  /** Inserts a decree; a concurrent duplicate (number, or a second replacement) is a 409, not a 500. */
  private async saveUnique(repo: Repository<PugDecree>, values: Partial<PugDecree>): Promise<PugDecree> {
    try {
      return await repo.save(repo.create(values));
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // The transaction is aborted on PostgreSQL: tell the two constraints apart by the error alone.
      const e = err as { driverError?: { constraint?: string }; message?: string };
      const sameNumber =
        e.driverError?.constraint === 'UQ_pug_decrees_body_number' ||
        /pug_decrees\.number/.test(e.message ?? '');
      throw conflict(sameNumber ? PugErrorCode.DecreeNumberTaken : PugErrorCode.DecreeAlreadyReplaced);
    }
  }

  /**
   * Corrects a decree's particulars and, when `appointees` is given, replaces its list of appointees.
   * The chain (body, kind, replaced decree) cannot change: record a new decree instead.
   */
  update(
    id: string,
    input: Partial<DecreeMetaInput> & { version: number; appointees?: AppointeeInput[] },
  ): Promise<PugDecree> {
    return this.tx.run(async (m) => {
      const decree = await this.load(id);
      if (decree.version !== input.version) throw AppException.versionConflict();
      const meta: DecreeMetaInput = {
        number: input.number ?? decree.number,
        decreeDate: input.decreeDate ?? decree.decreeDate,
        effectiveDate: input.effectiveDate ?? decree.effectiveDate,
        issuerKind: input.issuerKind ?? decree.issuerKind,
        issuerInstitutionId:
          input.issuerInstitutionId !== undefined
            ? input.issuerInstitutionId
            : input.issuerKind && input.issuerKind !== 'skpd_head'
              ? null
              : decree.issuerInstitutionId,
        title: input.title ?? decree.title,
      };
      await this.checkMeta(meta);
      if (input.appointees) await this.checkAppointees(decree.kind, input.appointees);
      await this.assertNumberFree(m, decree.bodyId, meta.number.trim(), id);
      const repo = m.getRepository(PugDecree);
      const effectiveDate = meta.effectiveDate || meta.decreeDate;
      if (decree.replacesDecreeId) {
        const target = await repo.findOne({ where: { id: decree.replacesDecreeId } });
        if (target && effectiveDate < target.effectiveDate) {
          throw AppException.rule(PugErrorCode.DecreeEffectiveBeforeReplaced);
        }
      }
      const successor = await repo.findOne({ where: { replacesDecreeId: id } });
      if (successor && successor.effectiveDate < effectiveDate) {
        throw AppException.rule(PugErrorCode.DecreeEffectiveBeforeReplaced);
      }
      const result = await m
        .createQueryBuilder()
        .update(PugDecree)
        .set({
          number: meta.number.trim(),
          decreeDate: meta.decreeDate,
          effectiveDate,
          issuerKind: meta.issuerKind,
          issuerInstitutionId: meta.issuerInstitutionId ?? null,
          title: meta.title.trim(),
          updatedAt: this.clock.now(),
          version: input.version + 1,
        })
        .where('id = :id AND version = :version', { id, version: input.version })
        .execute();
      if (!result.affected) throw AppException.versionConflict();
      if (input.appointees) {
        await m.getRepository(PugAppointment).delete({ decreeId: id });
        await this.insertAppointees(m, decree, input.appointees);
      }
      return this.load(id);
    });
  }

  /** Deletes a decree recorded by mistake; refused once another decree replaces it. */
  async remove(id: string, version: number): Promise<void> {
    const scans = await this.tx.run(async (m) => {
      const decree = await this.load(id);
      if (decree.version !== version) throw AppException.versionConflict();
      if (await m.getRepository(PugDecree).exists({ where: { replacesDecreeId: id } })) {
        throw conflict(PugErrorCode.DecreeHasSuccessor);
      }
      const files = await this.files.list('decree_scan', id);
      await this.files.removeRows(files);
      await m.getRepository(PugAppointment).delete({ decreeId: id });
      await m.getRepository(PugDecree).delete({ id });
      await this.dataKeys.destroy(decree.dataKeyId, m);
      return files;
    });
    this.files.unlink(scans);
  }

  // ---- scanned decree --------------------------------------------------------------------------------

  /** Stores the scan (PDF, JPEG or PNG), replacing the previous one. */
  async setScan(id: string, data: Buffer, filename: string | null, userId: string | null): Promise<PugFile> {
    this.files.check(data);
    const { saved, old } = await this.tx.run(async () => {
      await this.load(id);
      const old = await this.files.list('decree_scan', id);
      const saved = await this.files.save('decree_scan', id, data, filename, userId);
      await this.files.removeRows(old);
      return { saved, old };
    });
    this.files.unlink(old);
    return saved;
  }

  async scan(id: string): Promise<{ file: PugFile; data: Buffer }> {
    await this.load(id);
    const files = await this.files.list('decree_scan', id);
    const file = files[files.length - 1];
    if (!file) throw AppException.notFound();
    return { file, data: await this.files.read(file) };
  }

  async removeScan(id: string): Promise<void> {
    await this.load(id);
    const files = await this.files.list('decree_scan', id);
    if (!files.length) throw new AppException(ErrorCode.NotFound, 404);
    await this.files.remove(files);
  }
}
