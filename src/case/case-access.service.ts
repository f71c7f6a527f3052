import { Injectable } from '@nestjs/common';
import { Brackets, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Role } from '../platform/auth/permissions';
import { AppException } from '../platform/common/app.exception';
import { AuthContext } from '../platform/common/request-context';
import { TransactionService } from '../platform/database/transaction.service';
import { Case } from './case.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Need-to-know access to cases, enforced in the services (not only on routes):
 * - coordinators see every case;
 * - counselors see the cases assigned to them;
 * - front-desk staff see the intake list (cases still at intake) and the cases they registered;
 * - everyone else (administrators, the PUG secretariat, partners) sees no case here.
 * A case outside the caller's scope does not exist for them (404).
 */
@Injectable()
export class CaseAccessService {
  constructor(private readonly tx: TransactionService) {}

  /** Restricts a query on cases (alias `alias`) to the caller's scope. */
  applyScope(qb: SelectQueryBuilder<any>, actor: AuthContext, alias = 'c'): void {
    if (actor.roles.includes(Role.Coordinator)) return;
    const clauses: string[] = [];
    const params: Record<string, unknown> = { scopeUserId: actor.userId };
    if (actor.roles.includes(Role.Counselor)) clauses.push(`${alias}.assignedCounselorId = :scopeUserId`);
    if (actor.roles.includes(Role.FrontDesk)) {
      clauses.push(`${alias}.registeredById = :scopeUserId`);
      clauses.push(`${alias}.stage = :scopeIntake`);
      params.scopeIntake = 'intake';
    }
    if (!clauses.length) {
      qb.andWhere('1 = 0');
      return;
    }
    qb.andWhere(new Brackets((b) => clauses.forEach((c) => b.orWhere(c))), params);
  }

  /**
   * Joins the cases table (alias `alias`) to a query of another feature's rows on `caseIdColumn` and
   * keeps the rows of the cases in the caller's scope: the other feature reads the case's columns
   * (e.g. `c.number`) in its one statement without touching the case entity itself.
   */
  joinInScope(qb: SelectQueryBuilder<any>, actor: AuthContext, caseIdColumn: string, alias = 'c'): void {
    qb.innerJoin(Case, alias, `${alias}.id = ${caseIdColumn}`);
    this.applyScope(qb, actor, alias);
  }

  /**
   * Joins the cases table (alias `alias`) on `caseIdColumn` and keeps the rows of the cases the caller
   * works on (canWork): coordinators every case, counselors those assigned to them, anyone else none.
   */
  joinWorkable(qb: SelectQueryBuilder<any>, actor: AuthContext, caseIdColumn: string, alias = 'c'): void {
    qb.innerJoin(Case, alias, `${alias}.id = ${caseIdColumn}`);
    if (actor.roles.includes(Role.Coordinator)) return;
    if (actor.roles.includes(Role.Counselor))
      qb.andWhere(`${alias}.assignedCounselorId = :workScopeUserId`, { workScopeUserId: actor.userId });
    else qb.andWhere('1 = 0');
  }

  canRead(actor: AuthContext, c: Pick<Case, 'assignedCounselorId' | 'registeredById' | 'stage'>): boolean {
    if (actor.roles.includes(Role.Coordinator)) return true;
    if (actor.roles.includes(Role.Counselor) && c.assignedCounselorId === actor.userId) return true;
    if (actor.roles.includes(Role.FrontDesk) && (c.registeredById === actor.userId || c.stage === 'intake'))
      return true;
    return false;
  }

  /** Whether the caller works on the case (not only registered it): counseling, tracks, workflow. */
  canWork(actor: AuthContext, c: Pick<Case, 'assignedCounselorId'>): boolean {
    return (
      actor.roles.includes(Role.Coordinator) ||
      (actor.roles.includes(Role.Counselor) && c.assignedCounselorId === actor.userId)
    );
  }

  /** The case if the caller may see it; 404 otherwise (also for a malformed id). */
  async findReadable(
    actor: AuthContext,
    caseId: string,
    manager: EntityManager = this.tx.manager,
  ): Promise<Case> {
    if (!UUID.test(caseId)) throw AppException.notFound();
    const found = await manager.findOne(Case, { where: { id: caseId } });
    if (!found || !this.canRead(actor, found)) throw AppException.notFound();
    return found;
  }

  /** The case if the caller works on it; 404 when they cannot see it, 403 when they only see it. */
  async findWorkable(
    actor: AuthContext,
    caseId: string,
    manager: EntityManager = this.tx.manager,
  ): Promise<Case> {
    const found = await this.findReadable(actor, caseId, manager);
    if (!this.canWork(actor, found)) throw AppException.forbidden();
    return found;
  }
}
