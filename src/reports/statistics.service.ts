import { Injectable } from '@nestjs/common';
import {
  DISABILITIES,
  EDUCATION_LEVELS,
  GBV_CORE_TYPES,
  MARITAL_STATUSES,
  OCCUPATIONS,
  PLACE_TYPES,
  RELATIONSHIPS,
  SEXES,
  VIOLENCE_TYPES,
} from '../case/case.constants';
import { TransactionService } from '../platform/database/transaction.service';
import { COMMUNITY_GROUP_KINDS } from '../steps/prevention/programme.constants';
import { OUTCOMES } from '../steps/referral/referral.constants';
import { SERVICE_TYPES } from '../steps/support/support-service.constants';
import { PugStatisticsService } from './pug-statistics.service';
import { StatRow, StatTable } from './statistics.tables';
import { dayStart } from '../platform/common/dates';
import { institutionNames } from '../institutions/institution-reads';
import {
  CodeDimension,
  CodeGrouping,
  NATIONAL_NATIONALITIES,
  SERVICE_SOURCES,
  SHELTER_STAY_SERVICE,
  dimension,
  nationalNationality,
  regroup,
} from './national-codes';

export const GROUPINGS = ['simfoni', 'gbvims', 'programme', 'pug'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface StatisticsQuery {
  /** YYYY-MM-DD, inclusive */
  from: string;
  /** YYYY-MM-DD, inclusive */
  to: string;
  district?: string;
  /** Count only cases whose statistics consent is "included" (external exports). */
  consentedOnly?: boolean;
  /** Lentera's codes (default) or the national SIMFONI-PPA groups (national-codes.ts). */
  codes?: CodeGrouping;
}

/** SIMFONI-PPA age bands of victims and perpetrators. */
export const SIMFONI_AGE_BANDS: { key: string; min: number; max: number | null }[] = [
  { key: '0_5', min: 0, max: 5 },
  { key: '6_12', min: 6, max: 12 },
  { key: '13_17', min: 13, max: 17 },
  { key: '18_24', min: 18, max: 24 },
  { key: '25_44', min: 25, max: 44 },
  { key: '45_59', min: 45, max: 59 },
  { key: '60_plus', min: 60, max: null },
];
/** GBVIMS age groups. */
export const GBVIMS_AGE_BANDS: { key: string; min: number; max: number | null }[] = [
  { key: '0_11', min: 0, max: 11 },
  { key: '12_17', min: 12, max: 17 },
  { key: '18_25', min: 18, max: 25 },
  { key: '26_40', min: 26, max: 40 },
  { key: '41_60', min: 41, max: 60 },
  { key: '61_plus', min: 61, max: null },
];
export const UNKNOWN = 'unknown';

/** Sex columns of the tables: the recorded sexes and "unknown" (perpetrators may be unknown). */
const SEX_COLUMNS = [...SEXES, UNKNOWN];

type Row = Record<string, unknown>;

/** A SQL CASE mapping an integer column to its band key (NULL → unknown). Bands are constants. */
function bandSql(column: string, bands: typeof SIMFONI_AGE_BANDS): string {
  const whens = bands
    .map((b) =>
      b.max === null
        ? `WHEN ${column} >= ${b.min} THEN '${b.key}'`
        : `WHEN ${column} BETWEEN ${b.min} AND ${b.max} THEN '${b.key}'`,
    )
    .join(' ');
  return `CASE ${whens} ELSE '${UNKNOWN}' END`;
}

/** `simple-array` membership, portable to sqlite and PostgreSQL (values are comma-joined). */
function hasItem(column: string, item: string): string {
  return `(',' || COALESCE(${column}, '') || ',') LIKE '%,${item},%'`;
}

/**
 * Parameter placeholders for a raw query: `?` on sqlite, `$n` on PostgreSQL.
 */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly postgres: boolean) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.postgres ? `$${this.values.length}` : '?';
  }
  /** A moment compared with a timestamp column (sqlite keeps UTC text `YYYY-MM-DD HH:MM:SS.sss`). */
  addMoment(at: Date): string {
    return this.add(this.postgres ? at : at.toISOString().replace('T', ' ').replace('Z', ''));
  }
}

const int = (v: unknown): number => Number(v ?? 0);

/**
 * The statistics of a period, computed by the database with GROUP BY (one query per table, never
 * one per case; no case is loaded). Only clear, non-identifying columns are read: sex, age, district,
 * violence types, place, education, occupation, disabilities, perpetrator sex/age/relationship.
 *
 * Cases are counted in the period by the date the complaint was received (`receivedAt`); one case =
 * one victim record (SIMFONI-PPA counts victims per case report). Services count when delivered in
 * the period; referrals when made in the period; both restricted to cases in the district and, for
 * external exports, to cases whose statistics consent is "included".
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly pug: PugStatisticsService,
  ) {}

  private get postgres(): boolean {
    return this.tx.manager.connection.options.type === 'postgres';
  }

  private query(sql: string, params: Params): Promise<Row[]> {
    return this.tx.manager.query(sql, params.values);
  }

  /** FROM + WHERE for the cases of the period (alias c). */
  private caseScope(q: StatisticsQuery, p: Params, byReceived = true): string {
    const where: string[] = [];
    if (byReceived) where.push(`c."receivedAt" >= ${p.add(q.from)}`, `c."receivedAt" <= ${p.add(q.to)}`);
    if (q.district) where.push(`c."district" = ${p.add(q.district)}`);
    if (q.consentedOnly)
      where.push(
        `EXISTS (SELECT 1 FROM case_statistics_consents sc WHERE sc."caseId" = c."id" AND sc."included" = ${p.add(true)})`,
      );
    return where.length ? where.join(' AND ') : '1 = 1';
  }

  async tables(grouping: Grouping, q: StatisticsQuery): Promise<StatTable[]> {
    switch (grouping) {
      case 'simfoni':
        return this.simfoni(q);
      case 'gbvims':
        return [await this.gbvims(q)];
      case 'programme':
        return this.programme(q);
      case 'pug':
        return this.pug.tables(q);
    }
  }

  // ---- SIMFONI-PPA -----------------------------------------------------------------------------------

  async simfoni(q: StatisticsQuery): Promise<StatTable[]> {
    return [
      await this.victimsBySexAge(q),
      await this.victimsBy(q, 'education', 'simfoni.victimsByEducation', [...EDUCATION_LEVELS]),
      await this.victimsBy(q, 'occupation', 'simfoni.victimsByOccupation', [...OCCUPATIONS]),
      await this.victimsBy(q, 'maritalStatus', 'simfoni.victimsByMaritalStatus', [...MARITAL_STATUSES]),
      await this.victimsByNationality(q),
      await this.victimsByDisability(q),
      await this.victimsByDistrict(q),
      await this.casesVsVictims(q),
      await this.casesByViolenceType(q),
      await this.casesByPlace(q),
      await this.perpetratorsBySexAge(q),
      await this.perpetratorsByRelationship(q),
      await this.servicesByType(q),
      await this.servicesAll(q),
      await this.servicesByInstitution(q),
    ];
  }

  private async victimsBySexAge(q: StatisticsQuery): Promise<StatTable> {
    const p = new Params(this.postgres);
    const rows = await this.query(
      `SELECT ${bandSql('c."victimAge"', SIMFONI_AGE_BANDS)} AS band, c."victimSex" AS sex, COUNT(*) AS n
         FROM cases c WHERE ${this.caseScope(q, p)} GROUP BY 1, 2`,
      p,
    );
    return grid(
      'simfoni.victimsBySexAge',
      'reports.ageBands.',
      'reports.sexes.',
      [...SIMFONI_AGE_BANDS.map((b) => b.key), UNKNOWN],
      SEX_COLUMNS,
      rows,
      'band',
      'sex',
    );
  }

  /** Victims (one per case) by a clear column of the victim record; missing values → unknown. */
  private async victimsBy(
    q: StatisticsQuery,
    column: 'education' | 'occupation' | 'maritalStatus',
    id: string,
    keys: string[],
  ): Promise<StatTable> {
    const p = new Params(this.postgres);
    const rows = await this.query(
      `SELECT COALESCE(v."${column}", '${UNKNOWN}') AS k, COUNT(*) AS n
         FROM cases c JOIN victims v ON v."id" = c."victimId"
        WHERE ${this.caseScope(q, p)} GROUP BY 1`,
      p,
    );
    return coded(q, dimension(column), single(id, `reports.${column}.`, [...keys, UNKNOWN], rows, 'both'));
  }

  /**
   * Victims by nationality (ISO code as recorded; nationally WNI for IDN, WNA for any other). Read from
   * the victim record, which keeps the code in clear.
   */
  private async victimsByNationality(q: StatisticsQuery): Promise<StatTable> {
    const p = new Params(this.postgres);
    const rows = await this.query(
      `SELECT COALESCE(v."nationality", '${UNKNOWN}') AS k, COUNT(*) AS n
         FROM cases c JOIN victims v ON v."id" = c."victimId"
        WHERE ${this.caseScope(q, p)} GROUP BY 1 ORDER BY 1`,
      p,
    );
    if (q.codes === 'national') {
      const counts = new Map<string, number>(NATIONAL_NATIONALITIES.map((k) => [k, 0]));
      for (const r of rows) {
        const k = nationalNationality(r.k === UNKNOWN ? null : (r.k as string));
        counts.set(k, counts.get(k)! + int(r.n));
      }
      return {
        id: 'simfoni.victimsByNationality',
        rowNs: 'reports.national.nationality.',
        colNs: 'reports.columns.',
        columns: ['victims'],
        rows: [...counts].map(([key, n]) => ({ key, values: [n] })),
        totals: 'both',
        caseBased: true,
      };
    }
    return {
      id: 'simfoni.victimsByNationality',
      rowNs: null,
      colNs: 'reports.columns.',
      columns: ['victims'],
      rows: rows.map((r) => ({
        key: r.k as string,
        label: r.k === UNKNOWN ? '—' : (r.k as string),
        values: [int(r.n)],
      })),
      totals: 'both',
      caseBased: true,
    };
  }

  /**
   * Cases against victims: the cases of the period and the distinct people they concern (a victim
   * who came back twice is one victim, two cases). Not a sum: no totals.
   */
  private async casesVsVictims(q: StatisticsQuery): Promise<StatTable> {
    const p = new Params(this.postgres);
    const [row] = await this.query(
      `SELECT COUNT(*) AS cases, COUNT(DISTINCT c."victimId") AS victims FROM cases c WHERE ${this.caseScope(q, p)}`,
      p,
    );
    return {
      id: 'simfoni.casesVsVictims',
      rowNs: 'reports.casesVsVictims.',
      colNs: 'reports.casesVsVictims.',
      columns: ['count'],
      rows: [
        { key: 'cases', values: [int(row?.cases)] },
        { key: 'victims', values: [int(row?.victims)] },
      ],
      totals: 'none',
      caseBased: true,
    };
  }

  private async victimsByDisability(q: StatisticsQuery): Promise<StatTable> {
    const p = new Params(this.postgres);
    const col = 'v."disabilities"';
    const sums = DISABILITIES.map((d) => `SUM(CASE WHEN ${hasItem(col, d)} THEN 1 ELSE 0 END) AS "${d}"`);
    const [row] = await this.query(
      `SELECT ${sums.join(', ')},
              SUM(CASE WHEN ${col} IS NULL OR ${col} = '' THEN 1 ELSE 0 END) AS "none"
         FROM cases c JOIN victims v ON v."id" = c."victimId"
        WHERE ${this.caseScope(q, p)}`,
      p,
    );
    const keys = [...DISABILITIES, 'none'];
    return {
      id: 'simfoni.victimsByDisability',
      rowNs: 'reports.disability.',
      colNs: 'reports.columns.',
      columns: ['victims'],
      rows: keys.map((k) => ({ key: k, values: [int(row?.[k])] })),
      // a victim may have several disabilities
      totals: 'none',
      caseBased: true,
    };
  }

  private async victimsByDistrict(q: StatisticsQuery): Promise<StatTable> {
    const p = new Params(this.postgres);
    const rows = await this.query(
      `SELECT c."district" AS k, COUNT(*) AS n FROM cases c
        WHERE ${this.caseScope(q, p)} GROUP BY 1 ORDER BY 1`,
      p,
    );
    return {
      id: 'simfoni.victimsByDistrict',
      rowNs: null,
      colNs: 'reports.columns.',
      columns: ['victims'],
      rows: rows.map((r) => ({
        key: (r.k as string | null) ?? UNKNOWN,
        label: (r.k as string | null) ?? '—',
        values: [int(r.n)],
      })),
      totals: 'both',
      caseBased: true,
    };
  }

  private async casesByViolenceType(q: StatisticsQuery): Promise<StatTable> {
    const p = new Params(this.postgres);
    const sums = VIOLENCE_TYPES.map(
      (t) => `SUM(CASE WHEN ${hasItem('c."violenceTypes"', t)} THEN 1 ELSE 0 END) AS "${t}"`,
    );
    const [row] = await this.query(`SELECT ${sums.join(', ')} FROM cases c WHERE ${this.caseScope(q, p)}`, p);
    return {
      id: 'simfoni.casesByViolenceType',
      rowNs: 'reports.violence.',
      colNs: 'reports.columns.',
      columns: ['cases'],
      rows: VIOLENCE_TYPES.map((t) => ({ key: t, values: [int(row?.[t])] })),
      // a case may have several violence types
      totals: 'none',
      caseBased: true,
    };
  }

  private async casesByPlace(q: StatisticsQuery): Promise<StatTable> {
    const p = new Params(this.postgres);
    const rows = await this.query(
      `SELECT c."placeType" AS k, COUNT(*) AS n FROM cases c WHERE ${this.caseScope(q, p)} GROUP BY 1`,
      p,
    );
    return coded(
      q,
      dimension('place'),
      single('simfoni.casesByPlace', 'reports.place.', [...PLACE_TYPES], rows, 'both', 'cases'),
    );
  }

  private async perpetratorsBySexAge(q: StatisticsQuery): Promise<StatTable> {
    const p = new Params(this.postgres);
    const rows = await this.query(
      `SELECT ${bandSql('pp."age"', SIMFONI_AGE_BANDS)} AS band, COALESCE(pp."sex", '${UNKNOWN}') AS sex,
              COUNT(*) AS n
         FROM case_perpetrators pp JOIN cases c ON c."id" = pp."caseId"
        WHERE ${this.caseScope(q, p)} GROUP BY 1, 2`,
      p,
    );
    return grid(
      'simfoni.perpetratorsBySexAge',
      'reports.ageBands.',
      'reports.sexes.',
      [...SIMFONI_AGE_BANDS.map((b) => b.key), UNKNOWN],
      SEX_COLUMNS,
      rows,
      'band',
      'sex',
    );
  }

  private async perpetratorsByRelationship(q: StatisticsQuery): Promise<StatTable> {
    const p = new Params(this.postgres);
    const rows = await this.query(
      `SELECT pp."relationship" AS k, COUNT(*) AS n
         FROM case_perpetrators pp JOIN cases c ON c."id" = pp."caseId"
        WHERE ${this.caseScope(q, p)} GROUP BY 1`,
      p,
    );
    return coded(
      q,
      dimension('relationship'),
      single(
        'simfoni.perpetratorsByRelationship',
        'reports.relationship.',
        [...RELATIONSHIPS],
        rows,
        'both',
        'perpetrators',
      ),
    );
  }

  /** Services delivered in the period (by delivery date), by type. */
  private async servicesByType(q: StatisticsQuery): Promise<StatTable> {
    const p = new Params(this.postgres);
    const rows = await this.query(
      `SELECT s."type" AS k, COUNT(*) AS n
         FROM support_services s JOIN cases c ON c."id" = s."caseId"
        WHERE s."status" = 'delivered' AND s."deliveredAt" >= ${p.add(q.from)} AND s."deliveredAt" <= ${p.add(q.to)}
          AND ${this.caseScope(q, p, false)}
        GROUP BY 1`,
      p,
    );
    return coded(
      q,
      dimension('service'),
      single('simfoni.servicesByType', 'reports.service.', [...SERVICE_TYPES], rows, 'both', 'services'),
    );
  }

  /**
   * Every service a case received in the period, grouped in the database by source, code and
   * institution: support services delivered (by delivery day; the provider, or the centre itself),
   * shelter stays admitted (by admission moment; the centre itself: the safe house is never named) and
   * referrals completed (by completion moment; the institution that took them, by service role).
   *
   * Reads support_services, shelter_stays and referrals directly, like the other tables of this file
   * (issue 15 wants these moved into query classes of the owning steps; kept here in one query).
   */
  private async services(q: StatisticsQuery): Promise<{ k: string; inst: string | null; n: number }[]> {
    // placeholders are added in the order they appear (sqlite's `?` are positional)
    const p = new Params(this.postgres);
    const support = `SELECT s."type" AS k, s."providerInstitutionId" AS inst
           FROM support_services s JOIN cases c ON c."id" = s."caseId"
          WHERE s."status" = 'delivered' AND s."deliveredAt" >= ${p.add(q.from)} AND s."deliveredAt" <= ${p.add(q.to)}
            AND ${this.caseScope(q, p, false)}`;
    const shelter = `SELECT '${SHELTER_STAY_SERVICE}' AS k, NULL AS inst
           FROM shelter_stays st JOIN cases c ON c."id" = st."caseId"
          WHERE st."admittedAt" >= ${p.addMoment(dayStart(q.from))} AND st."admittedAt" < ${p.addMoment(dayStart(q.to, 1))}
            AND ${this.caseScope(q, p, false)}`;
    const referrals = `SELECT 'referral_' || r."serviceRole" AS k, r."institutionId" AS inst
           FROM referrals r JOIN cases c ON c."id" = r."caseId"
          WHERE r."status" = 'completed' AND r."completedAt" >= ${p.addMoment(dayStart(q.from))}
            AND r."completedAt" < ${p.addMoment(dayStart(q.to, 1))} AND ${this.caseScope(q, p, false)}`;
    const rows = await this.query(
      `SELECT x.k AS k, x.inst AS inst, COUNT(*) AS n
         FROM (${support} UNION ALL ${shelter} UNION ALL ${referrals}) x GROUP BY x.k, x.inst`,
      p,
    );
    return rows.map((r) => ({ k: r.k as string, inst: (r.inst as string | null) ?? null, n: int(r.n) }));
  }

  /** Services by type, shelter stays and completed referrals included. */
  private async servicesAll(q: StatisticsQuery): Promise<StatTable> {
    const rows = (await this.services(q)).map((r) => ({ k: r.k, n: r.n }));
    return coded(
      q,
      dimension('service'),
      single('simfoni.servicesAll', 'reports.service.', [...SERVICE_SOURCES], rows, 'both', 'services'),
    );
  }

  /** Services by the institution that gave them (rows) and type (columns, in the grouping's codes). */
  private async servicesByInstitution(q: StatisticsQuery): Promise<StatTable> {
    const rows = await this.services(q);
    const dim = dimension('service');
    const national = q.codes === 'national';
    const columns = national ? [...dim.national] : [...SERVICE_SOURCES];
    const ids = [...new Set(rows.map((r) => r.inst).filter((x): x is string => !!x))];
    const names = await institutionNames(this.tx.manager, ids);
    const byKey = new Map<string, StatRow>();
    for (const r of rows) {
      const key = r.inst ?? 'centre';
      const row = byKey.get(key) ?? {
        key,
        ...(r.inst ? { label: names.get(r.inst) ?? '—' } : { labelKey: 'reports.centreItself' }),
        values: columns.map(() => 0),
      };
      const c = columns.indexOf(national ? (dim.map[r.k] ?? 'lainnya') : r.k);
      if (c >= 0) row.values[c]! += r.n;
      byKey.set(key, row);
    }
    const centre = byKey.get('centre');
    byKey.delete('centre');
    const list = [...byKey.values()].sort((a, b) => (a.label ?? '').localeCompare(b.label ?? ''));
    return {
      id: 'simfoni.servicesByInstitution',
      rowNs: null,
      colNs: national ? dim.nationalNs : dim.lenteraNs,
      columns,
      rows: centre ? [centre, ...list] : list,
      totals: 'both',
      caseBased: true,
    };
  }

  // ---- GBVIMS ----------------------------------------------------------------------------------------

  /** Incidents by their core type (one per incident, classified at intake by the decision order). */
  async gbvims(q: StatisticsQuery): Promise<StatTable> {
    const p = new Params(this.postgres);
    const rows = await this.query(
      `SELECT c."gbvCoreType" AS type, ${bandSql('c."victimAge"', GBVIMS_AGE_BANDS)} AS band,
              c."victimSex" AS sex, COUNT(*) AS n
         FROM cases c WHERE ${this.caseScope(q, p)} AND c."gbvCoreType" IS NOT NULL
        GROUP BY 1, 2, 3`,
      p,
    );
    const bands = [...GBVIMS_AGE_BANDS.map((b) => b.key), UNKNOWN];
    const columns = bands.flatMap((b) => SEXES.map((s) => `${b}.${s}`));
    const table: StatTable = {
      id: 'gbvims.incidentsByCoreType',
      rowNs: 'reports.gbv.',
      colNs: 'reports.gbvColumns.',
      columns,
      rows: GBV_CORE_TYPES.map((t) => ({ key: t, values: columns.map(() => 0) })),
      totals: 'both',
      caseBased: true,
    };
    for (const r of rows) {
      const row = table.rows.find((x) => x.key === r.type);
      const c = columns.indexOf(`${r.band as string}.${r.sex as string}`);
      if (row && c >= 0) row.values[c]! += int(r.n);
    }
    return table;
  }

  // ---- Programme -------------------------------------------------------------------------------------

  async programme(q: StatisticsQuery): Promise<StatTable[]> {
    return [
      await this.prevention(q),
      await this.communityGroups(q),
      await this.volunteers(q),
      await this.referrals(q),
    ];
  }

  /** Prevention activities and participants by quarter and district (no case content). */
  private async prevention(q: StatisticsQuery): Promise<StatTable> {
    const p = new Params(this.postgres);
    const where = [`a."activityDate" >= ${p.add(q.from)}`, `a."activityDate" <= ${p.add(q.to)}`];
    if (q.district) where.push(`a."district" = ${p.add(q.district)}`);
    const rows = await this.query(
      `SELECT SUBSTR(a."activityDate", 1, 4) AS y, SUBSTR(a."activityDate", 6, 2) AS m, a."district" AS d,
              COUNT(*) AS n, SUM(a."femaleChildren") AS fc, SUM(a."maleChildren") AS mc,
              SUM(a."femaleAdults") AS fa, SUM(a."maleAdults") AS ma
         FROM prevention_activities a WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3`,
      p,
    );
    const byKey = new Map<string, StatRow>();
    for (const r of rows) {
      const quarter = Math.floor((Number(r.m) - 1) / 3) + 1;
      const key = `${r.y as string}-Q${quarter}|${r.d as string}`;
      const row = byKey.get(key) ?? {
        key,
        label: `${r.y as string}-Q${quarter} · ${r.d as string}`,
        values: [0, 0, 0, 0, 0],
      };
      [r.n, r.fc, r.mc, r.fa, r.ma].forEach((v, i) => (row.values[i]! += int(v)));
      byKey.set(key, row);
    }
    return {
      id: 'programme.prevention',
      rowNs: null,
      colNs: 'reports.columns.',
      columns: ['activities', 'femaleChildren', 'maleChildren', 'femaleAdults', 'maleAdults'],
      rows: [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key)),
      totals: 'columns',
      caseBased: false,
    };
  }

  /** Community groups by kind (active / inactive), as registered now. */
  private async communityGroups(q: StatisticsQuery): Promise<StatTable> {
    const p = new Params(this.postgres);
    const where = q.district ? `WHERE g."district" = ${p.add(q.district)}` : '';
    const rows = await this.query(
      `SELECT g."kind" AS k, g."isActive" AS active, COUNT(*) AS n FROM community_groups g ${where} GROUP BY 1, 2`,
      p,
    );
    const table: StatTable = {
      id: 'programme.communityGroups',
      rowNs: 'reports.groupKind.',
      colNs: 'reports.columns.',
      columns: ['active', 'inactive'],
      rows: COMMUNITY_GROUP_KINDS.map((k) => ({ key: k, values: [0, 0] })),
      totals: 'both',
      caseBased: false,
    };
    for (const r of rows) {
      const row = table.rows.find((x) => x.key === r.k);
      if (row) row.values[r.active === true || Number(r.active) === 1 ? 0 : 1]! += int(r.n);
    }
    return table;
  }

  /** Community volunteers (kader) by district, active / inactive, as registered now. */
  private async volunteers(q: StatisticsQuery): Promise<StatTable> {
    const p = new Params(this.postgres);
    const where = q.district ? `WHERE cv."district" = ${p.add(q.district)}` : '';
    const rows = await this.query(
      `SELECT cv."district" AS d, cv."isActive" AS active, COUNT(*) AS n
         FROM community_volunteers cv ${where} GROUP BY 1, 2 ORDER BY 1`,
      p,
    );
    const byKey = new Map<string, StatRow>();
    for (const r of rows) {
      const key = (r.d as string | null) ?? UNKNOWN;
      const row = byKey.get(key) ?? { key, label: (r.d as string | null) ?? '—', values: [0, 0] };
      row.values[r.active === true || Number(r.active) === 1 ? 0 : 1]! += int(r.n);
      byKey.set(key, row);
    }
    return {
      id: 'programme.volunteers',
      rowNs: null,
      colNs: 'reports.columns.',
      columns: ['active', 'inactive'],
      rows: [...byKey.values()],
      totals: 'both',
      caseBased: false,
    };
  }

  /** Referrals made in the period (centre days), by the institution that took them and their outcome. */
  private async referrals(q: StatisticsQuery): Promise<StatTable> {
    const p = new Params(this.postgres);
    const rows = await this.query(
      `SELECT r."institutionId" AS inst, COALESCE(r."outcome", 'no_outcome') AS k, COUNT(*) AS n
         FROM referrals r JOIN cases c ON c."id" = r."caseId"
        WHERE r."createdAt" >= ${p.addMoment(dayStart(q.from))} AND r."createdAt" < ${p.addMoment(dayStart(q.to, 1))}
          AND ${this.caseScope(q, p, false)}
        GROUP BY 1, 2`,
      p,
    );
    const ids = [...new Set(rows.map((r) => r.inst as string | null).filter((x): x is string => !!x))];
    const names = await institutionNames(this.tx.manager, ids);
    const columns = [...OUTCOMES, 'no_outcome'];
    const byKey = new Map<string, StatRow>();
    for (const r of rows) {
      const key = (r.inst as string | null) ?? 'none';
      const row = byKey.get(key) ?? {
        key,
        label: r.inst ? (names.get(r.inst as string) ?? '—') : '—',
        values: columns.map(() => 0),
      };
      const c = columns.indexOf(r.k as string);
      if (c >= 0) row.values[c]! += int(r.n);
      byKey.set(key, row);
    }
    return {
      id: 'programme.referrals',
      rowNs: null,
      colNs: 'reports.outcome.',
      columns,
      rows: [...byKey.values()].sort((a, b) => (a.label ?? '').localeCompare(b.label ?? '')),
      totals: 'both',
      caseBased: true,
    };
  }
}

/**
 * The table in the grouping asked for: as is in Lentera's codes, or its rows regrouped under the
 * national groups (the counts come grouped by Lentera code from the database; this sums the groups).
 */
function coded(q: StatisticsQuery, dim: CodeDimension, table: StatTable): StatTable {
  if (q.codes !== 'national') return table;
  const counts = new Map<string, number>();
  for (const r of table.rows) counts.set(r.key, (counts.get(r.key) ?? 0) + r.values[0]!);
  return {
    ...table,
    rowNs: dim.nationalNs,
    rows: [...regroup(dim, counts)].map(([key, n]) => ({ key, values: [n] })),
  };
}

/** A one-column table over known keys (counts from `k`/`n` rows). */
function single(
  id: string,
  rowNs: string,
  keys: string[],
  rows: Row[],
  totals: 'both' | 'none',
  column = 'victims',
): StatTable {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.k as string, (counts.get(r.k as string) ?? 0) + int(r.n));
  const extra = [...counts.keys()].filter((k) => !keys.includes(k));
  return {
    id,
    rowNs,
    colNs: 'reports.columns.',
    columns: [column],
    rows: [...keys, ...extra].map((k) => ({ key: k, values: [counts.get(k) ?? 0] })),
    totals,
    caseBased: true,
  };
}

/** A rows × columns table from `rowField`/`colField`/`n` rows. */
function grid(
  id: string,
  rowNs: string,
  colNs: string,
  rowKeys: string[],
  colKeys: string[],
  rows: Row[],
  rowField: string,
  colField: string,
): StatTable {
  const table: StatTable = {
    id,
    rowNs,
    colNs,
    columns: colKeys,
    rows: rowKeys.map((k) => ({ key: k, values: colKeys.map(() => 0) })),
    totals: 'both',
    caseBased: true,
  };
  for (const r of rows) {
    const row = table.rows.find((x) => x.key === r[rowField]);
    const c = colKeys.indexOf((r[colField] as string | null) ?? UNKNOWN);
    if (row && c >= 0) row.values[c]! += int(r.n);
  }
  return table;
}
