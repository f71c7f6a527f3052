import { Injectable } from '@nestjs/common';
import { CASE_STAGES } from '../case/workflow/case-workflow';
import { Clock } from '../platform/common/clock';
import { TransactionService } from '../platform/database/transaction.service';
import { dayStart, todayOf } from '../platform/common/dates';
import { TAKEN_REFERRAL_STATUSES } from '../steps/referral/referral.constants';
import { institutionNames } from '../institutions/institution-reads';

export interface DashboardQuery {
  from: string;
  to: string;
  district?: string;
}

export interface Dashboard {
  today: string;
  openByStage: { stage: string; count: number }[];
  newPerMonth: { month: string; count: number }[];
  overdue: { referralAnswers: number; actionItems: number; shelterStays: number };
  occupancy: { name: string; capacity: number; occupied: number }[];
  /** Places occupied at the end of each month of the period (or now, for the current month). */
  occupancyOverTime: { month: string; occupied: number }[];
  /** Median whole days from the complaint to the first counseling session (cases received in the period). */
  intakeToCounseling: { median: number | null; cases: number };
  /** Median whole days from sending a referral to its acceptance, per institution (referrals made in the period). */
  referralToAcceptance: { institution: string; median: number | null; referrals: number }[];
}

type Row = Record<string, unknown>;

/**
 * The months of a period [from, to] (YYYY-MM-DD) with the instant their occupancy is read at: the
 * start of the next month, capped at the end of the period and at now — midnights of the centre's
 * time zone, like every calendar boundary.
 */
export function monthEnds(from: string, to: string, now: Date): { month: string; at: Date }[] {
  const out: { month: string; at: Date }[] = [];
  const end = dayStart(to, 1);
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const first = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}-01`;
  for (let guard = 0; guard < 240; guard++) {
    const start = dayStart(first(y, m));
    if (start >= end || start > now) break;
    const next = m === 12 ? dayStart(first(y + 1, 1)) : dayStart(first(y, m + 1));
    const at = new Date(Math.min(next.getTime(), end.getTime(), now.getTime()));
    out.push({ month: first(y, m).slice(0, 7), at });
    m++;
    if (m === 13) {
      m = 1;
      y++;
    }
  }
  return out;
}
const int = (v: unknown): number => Number(v ?? 0);

/** The median of a histogram (value → count): the middle value, or the mean of the two middle ones. */
export function medianOf(histogram: { value: number; count: number }[]): number | null {
  const sorted = [...histogram].filter((h) => h.count > 0).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((a, h) => a + h.count, 0);
  if (!n) return null;
  const at = (k: number): number => {
    let seen = 0;
    for (const h of sorted) {
      seen += h.count;
      if (k < seen) return h.value;
    }
    return sorted[sorted.length - 1]!.value;
  };
  return n % 2 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}

/**
 * The coordinator's dashboard, from aggregate queries (GROUP BY; medians from day histograms, so no
 * row per case leaves the database). Overdue counts and occupancy are as of today; the other figures
 * cover the period (cases by `receivedAt`, referrals by `createdAt`) and the district.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  private get postgres(): boolean {
    return this.tx.manager.connection.options.type === 'postgres';
  }

  private q(sql: string, params: unknown[]): Promise<Row[]> {
    return this.tx.manager.query(sql, params);
  }

  /** A moment as a parameter compared with a timestamp column (sqlite keeps UTC text). */
  private stamp(date: Date): unknown {
    return this.postgres ? date : date.toISOString().replace('T', ' ').replace('Z', '');
  }

  /** Placeholder for the n-th parameter (1-based). */
  private p(n: number): string {
    return this.postgres ? `$${n}` : '?';
  }

  /** Whole days between two `YYYY-MM-DD` expressions. */
  private daysBetween(fromExpr: string, toExpr: string): string {
    return this.postgres
      ? `(CAST(${toExpr} AS date) - CAST(${fromExpr} AS date))`
      : `CAST(julianday(${toExpr}) - julianday(${fromExpr}) AS INTEGER)`;
  }

  /** Whole days between two timestamp expressions. */
  private daysBetweenTimes(fromExpr: string, toExpr: string): string {
    return this.postgres
      ? `FLOOR(EXTRACT(EPOCH FROM (${toExpr} - ${fromExpr})) / 86400)`
      : `CAST(julianday(${toExpr}) - julianday(${fromExpr}) AS INTEGER)`;
  }

  async dashboard(query: DashboardQuery): Promise<Dashboard> {
    const now = todayOf(this.clock);
    const district = query.district ?? null;
    // `(? IS NULL OR c.district = ?)` keeps one statement per figure whatever the filter.
    const d = (n: number) =>
      this.postgres
        ? `(CAST($${n} AS varchar) IS NULL OR c."district" = $${n})`
        : `(? IS NULL OR c."district" = ?)`;
    const dp = (): unknown[] => (this.postgres ? [district] : [district, district]);
    const next = (used: number) => used + 1;

    const open = await this.q(
      `SELECT c."stage" AS k, COUNT(*) AS n FROM cases c WHERE c."stage" <> 'closed' AND ${d(1)} GROUP BY 1`,
      dp(),
    );
    const openCounts = new Map(open.map((r) => [r.k as string, int(r.n)]));

    const monthly = await this.q(
      `SELECT SUBSTR(c."receivedAt", 1, 7) AS k, COUNT(*) AS n FROM cases c
        WHERE c."receivedAt" >= ${this.p(1)} AND c."receivedAt" <= ${this.p(2)} AND ${d(3)}
        GROUP BY 1 ORDER BY 1`,
      [query.from, query.to, ...dp()],
    );

    const one = async (sql: string): Promise<number> => int((await this.q(sql, [now, ...dp()]))[0]?.n);
    const referralAnswers = await one(
      `SELECT COUNT(*) AS n FROM referrals r JOIN cases c ON c."id" = r."caseId"
        WHERE r."status" IN ('awaiting_approval', 'pending') AND r."dueDate" < ${this.p(1)} AND ${d(next(1))}`,
    );
    const actionItems = await one(
      `SELECT COUNT(*) AS n FROM conference_action_items a JOIN cases c ON c."id" = a."caseId"
        WHERE a."status" = 'open' AND a."dueDate" < ${this.p(1)} AND ${d(next(1))}`,
    );
    const shelterStays = await one(
      `SELECT COUNT(*) AS n FROM shelter_stays s JOIN cases c ON c."id" = s."caseId"
        WHERE s."status" = 'admitted' AND s."plannedUntil" < ${this.p(1)} AND ${d(next(1))}`,
    );

    const occupancy = await this.q(
      `SELECT h."name" AS name, h."capacity" AS capacity, COUNT(s."id") AS n
         FROM safe_houses h LEFT JOIN shelter_stays s ON s."safeHouseId" = h."id" AND s."status" = 'admitted'
        WHERE h."isActive" = ${this.p(1)} GROUP BY h."id", h."name", h."capacity" ORDER BY h."name"`,
      [true],
    );

    // Occupancy over time: one aggregate query, a column per month of the period.
    const points = monthEnds(query.from, query.to, this.clock.now());
    let occupancyOverTime: { month: string; occupied: number }[] = [];
    if (points.length) {
      const columns = points.map(
        (_pt, i) =>
          `SUM(CASE WHEN s."admittedAt" < ${this.p(2 * i + 1)} AND (s."dischargedAt" IS NULL OR s."dischargedAt" >= ${this.p(
            2 * i + 2,
          )}) THEN 1 ELSE 0 END) AS "m${i}"`,
      );
      const [row] = await this.q(
        `SELECT ${columns.join(', ')} FROM shelter_stays s JOIN cases c ON c."id" = s."caseId" WHERE ${d(2 * points.length + 1)}`,
        [...points.flatMap((pt) => [this.stamp(pt.at), this.stamp(pt.at)]), ...dp()],
      );
      occupancyOverTime = points.map((pt, i) => ({ month: pt.month, occupied: int(row?.[`m${i}`]) }));
    }

    const counseling = await this.q(
      `SELECT ${this.daysBetween('c."receivedAt"', 'f."first"')} AS days, COUNT(*) AS n
         FROM cases c
         JOIN (SELECT s."caseId" AS "caseId", MIN(s."heldAt") AS "first" FROM counseling_sessions s GROUP BY s."caseId") f
           ON f."caseId" = c."id"
        WHERE c."receivedAt" >= ${this.p(1)} AND c."receivedAt" <= ${this.p(2)} AND ${d(3)}
        GROUP BY 1`,
      [query.from, query.to, ...dp()],
    );
    const counselingHist = counseling.map((r) => ({ value: int(r.days), count: int(r.n) }));

    const statuses = TAKEN_REFERRAL_STATUSES.map((s) => `'${s}'`).join(', ');
    const toAcceptance = await this.q(
      `SELECT r."institutionId" AS inst,
              ${this.daysBetweenTimes('COALESCE(r."sentAt", r."createdAt")', 'r."respondedAt"')} AS days,
              COUNT(*) AS n
         FROM referrals r JOIN cases c ON c."id" = r."caseId"
        WHERE r."status" IN (${statuses}) AND r."respondedAt" IS NOT NULL AND r."institutionId" IS NOT NULL
          AND r."createdAt" >= ${this.p(1)} AND r."createdAt" < ${this.p(2)} AND ${d(3)}
        GROUP BY 1, 2`,
      [this.stamp(dayStart(query.from)), this.stamp(dayStart(query.to, 1)), ...dp()],
    );
    const ids = [...new Set(toAcceptance.map((r) => r.inst as string))];
    const names = await institutionNames(this.tx.manager, ids);
    const perInstitution = new Map<string, { value: number; count: number }[]>();
    for (const r of toAcceptance) {
      const list = perInstitution.get(r.inst as string) ?? [];
      list.push({ value: int(r.days), count: int(r.n) });
      perInstitution.set(r.inst as string, list);
    }

    return {
      today: now,
      openByStage: CASE_STAGES.filter((s) => s !== 'closed').map((stage) => ({
        stage,
        count: openCounts.get(stage) ?? 0,
      })),
      newPerMonth: monthly.map((r) => ({ month: r.k as string, count: int(r.n) })),
      overdue: { referralAnswers, actionItems, shelterStays },
      occupancy: occupancy.map((r) => ({
        name: r.name as string,
        capacity: int(r.capacity),
        occupied: int(r.n),
      })),
      occupancyOverTime,
      intakeToCounseling: {
        median: medianOf(counselingHist),
        cases: counselingHist.reduce((a, h) => a + h.count, 0),
      },
      referralToAcceptance: [...perInstitution.entries()]
        .map(([id, hist]) => ({
          institution: names.get(id) ?? '—',
          median: medianOf(hist),
          referrals: hist.reduce((a, h) => a + h.count, 0),
        }))
        .sort((a, b) => a.institution.localeCompare(b.institution)),
    };
  }
}
