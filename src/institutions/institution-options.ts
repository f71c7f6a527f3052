import { AppException, ErrorCode } from '../platform/common/app.exception';
import { InstitutionsService } from './institutions.service';

/** Active institutions (plus the selected ones, even if inactive) for select boxes. */
export async function institutionOptions(
  institutions: InstitutionsService,
  selected: (string | null | undefined)[] = [],
): Promise<{ id: string; name: string; type: string }[]> {
  const active = await institutions.listActive();
  const options = active.map((i) => ({ id: i.id, name: i.name, type: i.type as string }));
  for (const id of selected) {
    if (id && !options.some((o) => o.id === id)) {
      const i = await institutions.get(id).catch(() => null);
      if (i) options.push({ id: i.id, name: i.name, type: i.type });
    }
  }
  return options;
}

/** Every id names an institution (422 INSTITUTION_NOT_FOUND otherwise). */
export async function assertInstitutions(
  institutions: InstitutionsService,
  ids: (string | null | undefined)[],
): Promise<void> {
  for (const id of new Set(ids.filter((i): i is string => !!i))) {
    if (!(await institutions.exists(id))) throw AppException.rule(ErrorCode.InstitutionNotFound);
  }
}
