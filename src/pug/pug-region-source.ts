import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CentreRegionDirectory, RegionSource } from '../platform/settings/centre-region.directory';
import { PugBody } from './entities/pug-body.entity';
import { PugAppointment, PugDecree } from './entities/pug-decree.entity';
import { PugRegion, PugRegionInstitution } from './entities/pug-region.entity';

/**
 * Tells the centre settings which regions exist and which institutions belong to each: an institution
 * belongs to a region when it is on the region's roster (its SKPD), holds one of its bodies (a focal-
 * point team's SKPD, the centre of its partner team) or is named in a decree of one of its bodies (the
 * police unit and hospital appointed to PPT SERUNI's team by Semarang's mayor). One query for all.
 */
@Injectable()
export class PugRegionSource implements RegionSource, OnModuleInit {
  constructor(private readonly directory: CentreRegionDirectory) {}

  onModuleInit(): void {
    this.directory.register(this);
  }

  async regions(m: EntityManager): Promise<{ id: string; name: string }[]> {
    return (await m.find(PugRegion, { order: { name: 'ASC' }, select: { id: true, name: true } })).map(
      (r) => ({
        id: r.id,
        name: r.name,
      }),
    );
  }

  async membership(m: EntityManager): Promise<Map<string, Set<string>>> {
    const table = (entity: unknown) => `"${m.connection.getMetadata(entity as any).tableName}"`;
    const rows: { institutionId: string; regionId: string }[] = await m.query(
      `SELECT ri."institutionId" AS "institutionId", ri."regionId" AS "regionId" FROM ${table(PugRegionInstitution)} ri
       UNION
       SELECT b."institutionId", b."regionId" FROM ${table(PugBody)} b WHERE b."institutionId" IS NOT NULL
       UNION
       SELECT a."institutionId", b."regionId" FROM ${table(PugAppointment)} a
         JOIN ${table(PugDecree)} d ON d."id" = a."decreeId"
         JOIN ${table(PugBody)} b ON b."id" = d."bodyId"
       WHERE a."institutionId" IS NOT NULL`,
    );
    const out = new Map<string, Set<string>>();
    for (const r of rows) {
      const set = out.get(r.institutionId) ?? new Set<string>();
      set.add(r.regionId);
      out.set(r.institutionId, set);
    }
    return out;
  }
}
