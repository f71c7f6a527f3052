import { EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { CaseFlag } from './case-flag.entity';

/**
 * The case flags as the case list reads them: the active kinds of a page of cases (one query, on
 * UQ_case_flags_active) and the filter "carries an active flag of this kind" (an EXISTS on the same
 * index, inside the list's own statement: no query per row).
 */
export async function activeFlagKinds(
  m: EntityManager,
  caseIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!caseIds.length) return out;
  const rows = await m.find(CaseFlag, {
    where: { activeCaseId: In([...new Set(caseIds)]) },
    select: { id: true, caseId: true, kind: true, setAt: true },
    order: { setAt: 'ASC', kind: 'ASC' },
  });
  for (const r of rows) out.set(r.caseId, [...(out.get(r.caseId) ?? []), r.kind]);
  return out;
}

/** Keeps the cases (alias `alias`) that carry an active flag of `kind`. */
export function whereFlagged(qb: SelectQueryBuilder<any>, kind: string, alias = 'c'): void {
  const sub = qb
    .subQuery()
    .select('1')
    .from(CaseFlag, 'cf')
    .where(`cf.activeCaseId = ${alias}.id`)
    .andWhere('cf.kind = :flagKind')
    .getQuery();
  qb.andWhere(`EXISTS ${sub}`, { flagKind: kind });
}
