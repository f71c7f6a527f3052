import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TransactionService } from '../platform/database/transaction.service';
import { PugBody } from './entities/pug-body.entity';
import { PugAppointment, PugDecree } from './entities/pug-decree.entity';
import { PugRegion } from './entities/pug-region.entity';
import { PugBodiesService } from './pug-bodies.service';
import { PugDecreesService } from './pug-decrees.service';
import { PugRegionsService } from './pug-regions.service';
import type { BodyKind } from './reference-data';
import type { InstitutionRecord } from '../institutions/institution-reads';

/** Why a body is not complete (translated as `pug.completeness.problems.<code>`). */
export type CompletenessProblem =
  | 'no_body'
  | 'no_decree_in_force'
  | 'not_issued_by_region_head'
  | 'not_issued_by_skpd_head'
  | 'no_planning_agency'
  | 'chair_not_planning_agency'
  | 'no_womens_empowerment'
  | 'secretary_not_womens_empowerment'
  | 'members_missing'
  | 'no_focal_point'
  | 'no_members';

export interface DecreeRef {
  id: string;
  number: string;
  decreeDate: string;
  effectiveDate: string;
}

export interface BodyCompleteness {
  kind: BodyKind;
  bodyId: string | null;
  bodyName: string | null;
  institution: { id: string; name: string } | null;
  decreeInForce: DecreeRef | null;
  memberCount: number;
  /** Roster SKPD whose head is not in the Pokja (Pokja only). */
  missingInstitutions: { id: string; name: string }[];
  problems: CompletenessProblem[];
  complete: boolean;
}

export interface RegionCompleteness {
  region: { id: string; name: string; kind: string };
  pokja: BodyCompleteness;
  technicalTeam: BodyCompleteness;
  partnerTeams: BodyCompleteness[];
  /** One per roster SKPD expected to have a focal-point team. */
  focalPoints: BodyCompleteness[];
  /** Roster SKPD without a focal-point decree in force. */
  missingFocalPoints: { id: string; name: string }[];
  complete: boolean;
}

const ref = (d: PugDecree | undefined): DecreeRef | null =>
  d ? { id: d.id, number: d.number, decreeDate: d.decreeDate, effectiveDate: d.effectiveDate } : null;

const named = (i: InstitutionRecord | null | undefined) => (i ? { id: i.id, name: i.name } : null);

/**
 * Whether a region's PUG institutions are complete, from the decrees in force (Permendagri 67/2011):
 *   - Pokja PUG: formed by the mayor's/regent's decree, chaired by the head of the planning agency
 *     (Bappeda), its secretariat headed by the head of the women's-empowerment SKPD, with the heads of
 *     all roster SKPD as members;
 *   - technical team: a decree in force with at least one member;
 *   - a focal-point team in every roster SKPD, by its head's decree, with at least one focal point;
 *   - each partner team: a decree in force with at least one member.
 */
@Injectable()
export class PugCompletenessService {
  constructor(
    private readonly tx: TransactionService,
    private readonly regions: PugRegionsService,
    private readonly bodies: PugBodiesService,
    private readonly decrees: PugDecreesService,
  ) {}

  async forRegion(regionId: string): Promise<RegionCompleteness> {
    const region: PugRegion = await this.regions.get(regionId);
    const [roster, bodies] = await Promise.all([
      this.regions.roster(regionId),
      this.bodies.forRegion(regionId),
    ]);
    const inForce = await this.decrees.inForce(bodies.map((b) => b.id));
    // Roles and institutions only: the names stay encrypted (not selected, not decrypted).
    const appointments = inForce.size
      ? await this.tx.manager.getRepository(PugAppointment).find({
          select: { id: true, decreeId: true, institutionId: true, role: true, dataKeyId: true },
          where: { decreeId: In([...inForce.values()].map((d) => d.id)) },
        })
      : [];
    const membersOf = (decree: PugDecree | undefined) =>
      decree ? appointments.filter((a) => a.decreeId === decree.id) : [];

    const base = (kind: BodyKind, body: PugBody | undefined): BodyCompleteness => {
      const decree = body ? inForce.get(body.id) : undefined;
      const problems: CompletenessProblem[] = [];
      if (!body) problems.push('no_body');
      else if (!decree) problems.push('no_decree_in_force');
      return {
        kind,
        bodyId: body?.id ?? null,
        bodyName: body?.name ?? null,
        institution: named(body?.institution),
        decreeInForce: ref(decree),
        memberCount: membersOf(decree).length,
        missingInstitutions: [],
        problems,
        complete: false,
      };
    };
    const finish = (c: BodyCompleteness): BodyCompleteness => ({ ...c, complete: c.problems.length === 0 });

    // Pokja PUG
    const pokjaBody = bodies.find((b) => b.kind === 'pokja_pug');
    const pokja = base('pokja_pug', pokjaBody);
    const planning = roster.find((r) => r.pugRole === 'planning_agency');
    const womens = roster.find((r) => r.pugRole === 'womens_empowerment');
    if (!planning) pokja.problems.push('no_planning_agency');
    if (!womens) pokja.problems.push('no_womens_empowerment');
    const pokjaDecree = pokjaBody ? inForce.get(pokjaBody.id) : undefined;
    if (pokjaDecree) {
      const members = membersOf(pokjaDecree);
      if (pokjaDecree.issuerKind !== 'mayor' && pokjaDecree.issuerKind !== 'regent') {
        pokja.problems.push('not_issued_by_region_head');
      }
      if (
        planning &&
        !members.some((a) => a.role === 'chair' && a.institutionId === planning.institutionId)
      ) {
        pokja.problems.push('chair_not_planning_agency');
      }
      if (
        womens &&
        !members.some((a) => a.role === 'secretary' && a.institutionId === womens.institutionId)
      ) {
        pokja.problems.push('secretary_not_womens_empowerment');
      }
      const present = new Set(members.map((a) => a.institutionId));
      pokja.missingInstitutions = roster
        .filter((r) => !present.has(r.institutionId))
        .map((r) => named(r.institution) as { id: string; name: string });
      if (pokja.missingInstitutions.length) pokja.problems.push('members_missing');
    }

    // Technical team
    const technicalBody = bodies.find((b) => b.kind === 'technical_team');
    const technicalTeam = base('technical_team', technicalBody);
    if (technicalBody && inForce.get(technicalBody.id) && technicalTeam.memberCount === 0) {
      technicalTeam.problems.push('no_members');
    }

    // Partner teams
    const partnerTeams = bodies
      .filter((b) => b.kind === 'partner_team')
      .map((b) => {
        const c = base('partner_team', b);
        if (inForce.get(b.id) && c.memberCount === 0) c.problems.push('no_members');
        return finish(c);
      });

    // Focal points, one per roster SKPD
    const focalPoints = roster
      .filter((r) => r.focalPointRequired)
      .map((r) => {
        const body = bodies.find((b) => b.kind === 'focal_point_team' && b.institutionId === r.institutionId);
        const c = base('focal_point_team', body);
        c.institution = named(r.institution);
        const decree = body ? inForce.get(body.id) : undefined;
        if (decree) {
          if (decree.issuerKind !== 'skpd_head' || decree.issuerInstitutionId !== r.institutionId) {
            c.problems.push('not_issued_by_skpd_head');
          }
          if (!membersOf(decree).some((a) => a.role === 'focal_point')) c.problems.push('no_focal_point');
        }
        return finish(c);
      });
    const missingFocalPoints = focalPoints
      .filter((f) => !f.decreeInForce)
      .map((f) => f.institution as { id: string; name: string });

    const result: RegionCompleteness = {
      region: { id: region.id, name: region.name, kind: region.kind },
      pokja: finish(pokja),
      technicalTeam: finish(technicalTeam),
      partnerTeams,
      focalPoints,
      missingFocalPoints,
      complete: false,
    };
    result.complete =
      result.pokja.complete &&
      result.technicalTeam.complete &&
      partnerTeams.every((p) => p.complete) &&
      focalPoints.every((f) => f.complete);
    return result;
  }
}
