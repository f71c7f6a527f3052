import { ChainStep, DecreeDetail, DecreeWithStatus } from '../pug-decrees.service';
import { PugBody } from '../entities/pug-body.entity';
import { PugAppointment, PugDecree } from '../entities/pug-decree.entity';
import { PugFile } from '../entities/pug-file.entity';
import { PugRegion, PugRegionInstitution } from '../entities/pug-region.entity';
import { BODY_KIND_INFO } from '../reference-data';
import { institutionRef, iso } from './common.dto';
import {
  AppointeeResponseDto,
  BodyDetailDto,
  BodyResponseDto,
  ChainStepDto,
  DecreeDetailDto,
  DecreeRefDto,
  DecreeResponseDto,
  FileResponseDto,
  RegionDetailDto,
  RegionResponseDto,
} from './pug-institutions.dto';

export function toRegion(r: PugRegion): RegionResponseDto {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    version: r.version,
  };
}

export function toRegionDetail(r: PugRegion, roster: PugRegionInstitution[]): RegionDetailDto {
  return {
    ...toRegion(r),
    roster: roster.map((e) => ({
      institution: institutionRef(e.institution)!,
      pugRole: e.pugRole,
      focalPointRequired: e.focalPointRequired,
    })),
  };
}

export function decreeRef(d: PugDecree | null | undefined): DecreeRefDto | null {
  return d ? { id: d.id, number: d.number, decreeDate: d.decreeDate, effectiveDate: d.effectiveDate } : null;
}

export function toBody(b: PugBody, inForce: PugDecree | null | undefined): BodyResponseDto {
  return {
    id: b.id,
    regionId: b.regionId,
    regionName: b.region?.name ?? '',
    kind: b.kind,
    name: b.name,
    institution: institutionRef(b.institution),
    description: b.description,
    decreeInForce: decreeRef(inForce),
    createdAt: iso(b.createdAt),
    updatedAt: iso(b.updatedAt),
    version: b.version,
  };
}

export function toAppointee(a: PugAppointment): AppointeeResponseDto {
  return {
    id: a.id,
    position: a.position,
    fullName: a.fullName,
    jobTitle: a.jobTitle,
    institution: institutionRef(a.institution),
    userId: a.userId,
    role: a.role,
  };
}

export function toFile(f: PugFile | null): FileResponseDto | null {
  return f
    ? {
        id: f.id,
        fileName: f.originalName,
        contentType: f.contentType,
        size: f.size,
        sha256: f.sha256,
        uploadedAt: iso(f.createdAt),
      }
    : null;
}

export function toDecree(d: DecreeWithStatus, body?: PugBody): DecreeResponseDto {
  const b = body ?? d.decree.body;
  return {
    id: d.decree.id,
    bodyId: d.decree.bodyId,
    bodyName: b?.name ?? '',
    bodyKind: b?.kind ?? '',
    regionId: b?.regionId ?? '',
    number: d.decree.number,
    decreeDate: d.decree.decreeDate,
    effectiveDate: d.decree.effectiveDate,
    issuerKind: d.decree.issuerKind,
    issuerInstitution: institutionRef(d.decree.issuerInstitution),
    title: d.decree.title,
    kind: d.decree.kind,
    replacesDecreeId: d.decree.replacesDecreeId,
    replacedByDecreeId: d.successorId,
    status: d.status,
    createdAt: iso(d.decree.createdAt),
    updatedAt: iso(d.decree.updatedAt),
    version: d.decree.version,
  };
}

export function toDecreeDetail(d: DecreeDetail): DecreeDetailDto {
  return { ...toDecree(d), appointees: d.appointments.map(toAppointee), scan: toFile(d.scan) };
}

export function toChainStep(s: ChainStep, body: PugBody): ChainStepDto {
  return {
    ...toDecree(s, body),
    appointees: s.appointments.map(toAppointee),
    change: {
      joined: s.change.joined.map(toAppointee),
      left: s.change.left.map(toAppointee),
      roleChanged: s.change.roleChanged.map((c) => ({
        fullName: c.after.fullName,
        before: c.before.role,
        after: c.after.role,
      })),
      institutionsJoined: institutionsByIds(s.change.institutionsJoined, s.appointments),
      institutionsLeft: institutionsByIds(s.change.institutionsLeft, s.change.left),
    },
  };
}

function institutionsByIds(ids: string[], from: PugAppointment[]) {
  return ids.map((id) => {
    const found = from.find((a) => a.institutionId === id)?.institution;
    return { id, name: found?.name ?? '' };
  });
}

export function toBodyDetail(body: PugBody, history: ChainStep[]): BodyDetailDto {
  const info = BODY_KIND_INFO[body.kind];
  const current = history.find((s) => s.status === 'in_force' && s.decree.kind !== 'revocation');
  return {
    ...toBody(body, current?.decree ?? null),
    kindName: info.name,
    formedBy: info.formedBy,
    composition: info.composition,
    duties: info.duties,
    members: (current?.appointments ?? []).map(toAppointee),
    history: history.map((s) => toChainStep(s, body)),
  };
}
