import { Injectable } from '@nestjs/common';
import { PugActionPlansService } from '../pug/pug-action-plans.service';
import { BodyCompleteness, PugCompletenessService } from '../pug/pug-completeness.service';
import { PugRegionsService } from '../pug/pug-regions.service';
import { PugTrainingsService } from '../pug/pug-trainings.service';
import { AWARD_LEVELS, ITEM_STATUSES, TRAINING_KINDS } from '../pug/reference-data';
import type { StatisticsQuery } from './statistics.service';
import { StatRow, StatTable } from './statistics.tables';

const PAGE = 100;

/** Every page of a paginated PUG list (the PUG registers are small: regions, plans, trainings). */
async function all<T>(fetch: (page: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const { items, total } = await fetch(page);
    out.push(...items);
    if (!items.length || out.length >= total) return out;
  }
}

const flag = (b: boolean) => (b ? 1 : 0);

/**
 * The PUG report, from the PUG module's own services (completeness per region, derived action-item
 * statuses, trainings and awards): no PUG table is queried again here. Not case data: no consent
 * filter or suppression applies. Completeness, decrees in force and action items are as of today;
 * trainings count by start date in the period, awards by year in the period.
 */
@Injectable()
export class PugStatisticsService {
  constructor(
    private readonly regions: PugRegionsService,
    private readonly completeness: PugCompletenessService,
    private readonly plans: PugActionPlansService,
    private readonly trainings: PugTrainingsService,
  ) {}

  async tables(q: StatisticsQuery): Promise<StatTable[]> {
    const regions = await all((page) => this.regions.list({ page, pageSize: PAGE }));
    const perRegion = [];
    for (const r of regions) perRegion.push(await this.completeness.forRegion(r.id));

    // Bodies and their completeness, per region.
    const bodyRows: StatRow[] = perRegion.map((c) => {
      const focal = c.focalPoints;
      return {
        key: c.region.id,
        label: c.region.name,
        values: [
          flag(c.pokja.complete),
          flag(c.technicalTeam.complete),
          focal.filter((f) => f.complete).length,
          c.missingFocalPoints.length,
          c.partnerTeams.length,
          c.partnerTeams.filter((p) => p.complete).length,
          flag(c.complete),
        ],
      };
    });

    // Decrees in force by kind of body.
    const byKind = new Map<string, { bodies: number; inForce: number }>();
    const count = (kind: string, b: BodyCompleteness) => {
      const e = byKind.get(kind) ?? { bodies: 0, inForce: 0 };
      if (b.bodyId) e.bodies++;
      if (b.decreeInForce) e.inForce++;
      byKind.set(kind, e);
    };
    for (const c of perRegion) {
      count('pokja_pug', c.pokja);
      count('technical_team', c.technicalTeam);
      for (const f of c.focalPoints) count('focal_point_team', f);
      for (const p of c.partnerTeams) count('partner_team', p);
    }

    // Focal points per SKPD (roster institutions of each region).
    const focalRows: StatRow[] = perRegion.flatMap((c) =>
      c.focalPoints.map((f) => ({
        key: `${c.region.id}|${f.institution?.id ?? f.bodyId ?? ''}`,
        label: `${c.region.name} · ${f.institution?.name ?? f.bodyName ?? '—'}`,
        values: [flag(!!f.decreeInForce), f.memberCount, flag(f.complete)],
      })),
    );

    // Action-plan items by derived status (late = not done and past its deadline).
    const planRows: StatRow[] = (await all((page) => this.plans.list({ page, pageSize: PAGE }))).map((p) => ({
      key: p.plan.id,
      label: `${p.plan.year} · ${p.plan.title}`,
      values: ITEM_STATUSES.map((s) => p.counts[s]),
    }));

    // Trainings started in the period, by kind, with participants by sex.
    const trainingRows = TRAINING_KINDS.map((k) => ({ key: k as string, values: [0, 0, 0] }));
    const trainings = await all((page) => this.trainings.list({ page, pageSize: PAGE }));
    for (const t of trainings) {
      if (t.training.startDate < q.from || t.training.startDate > q.to) continue;
      const row = trainingRows.find((r) => r.key === t.training.kind);
      if (!row) continue;
      row.values[0]! += 1;
      row.values[1]! += t.totals.female;
      row.values[2]! += t.totals.male;
    }

    // Awards by level, in the years of the period.
    const fromYear = Number(q.from.slice(0, 4));
    const toYear = Number(q.to.slice(0, 4));
    const awardRows = AWARD_LEVELS.map((l) => ({ key: l as string, values: [0] }));
    for (const a of await all((page) => this.trainings.listAwards({ page, pageSize: PAGE }))) {
      if (a.year < fromYear || a.year > toYear) continue;
      const row = awardRows.find((r) => r.key === a.level);
      if (row) row.values[0]! += 1;
    }

    const pug = (
      id: string,
      rowNs: string | null,
      columns: string[],
      rows: StatRow[],
      totals: StatTable['totals'],
    ) =>
      ({ id, rowNs, colNs: 'reports.columns.', columns, rows, totals, caseBased: false }) satisfies StatTable;
    return [
      pug(
        'pug.completeness',
        null,
        [
          'pokjaComplete',
          'technicalTeamComplete',
          'focalPointsComplete',
          'focalPointsMissing',
          'partnerTeams',
          'partnerTeamsComplete',
          'regionComplete',
        ],
        bodyRows,
        'columns',
      ),
      pug(
        'pug.decreesInForce',
        'reports.bodyKind.',
        ['bodies', 'decreesInForce'],
        ['pokja_pug', 'technical_team', 'focal_point_team', 'partner_team'].map((k) => ({
          key: k,
          values: [byKind.get(k)?.bodies ?? 0, byKind.get(k)?.inForce ?? 0],
        })),
        'columns',
      ),
      pug('pug.focalPoints', null, ['decreeInForce', 'members', 'complete'], focalRows, 'columns'),
      pug('pug.actionItems', null, [...ITEM_STATUSES], planRows, 'both'),
      pug('pug.trainings', 'reports.trainingKind.', ['trainings', 'female', 'male'], trainingRows, 'columns'),
      pug('pug.awards', 'reports.awardLevel.', ['awards'], awardRows, 'both'),
    ];
  }
}
