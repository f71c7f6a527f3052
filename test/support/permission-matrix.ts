import * as fs from 'node:fs';
import * as path from 'node:path';
import { Permission, Role, ROLE_PERMISSIONS, ROLES } from '../../src/platform/auth/permissions';

/** The reviewed, hand-written role × permission table (see the file itself). */
export const MATRIX_FILE = path.join(__dirname, 'permission-matrix.md');

export interface ReviewedMatrix {
  /** role → the permissions the reviewed table grants it */
  grants: Map<string, Set<string>>;
  /** every permission row, in the file's order */
  permissions: string[];
  roles: string[];
}

/**
 * Parses permission-matrix.md: the header row names the roles (its first column is `permission`, an
 * optional last column `why`), each row one permission in backticks, each cell `✓` or `·`. Anything
 * else (an unknown cell, a row with the wrong number of cells, a permission twice) throws.
 */
export function readReviewedMatrix(text = fs.readFileSync(MATRIX_FILE, 'utf8')): ReviewedMatrix {
  const rows = text
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .replace(/^\|/, '')
        .replace(/\|\s*$/, '')
        .split('|')
        .map((c) => c.trim()),
    );
  const header = rows.find((r) => r[0] === 'permission');
  if (!header) throw new Error(`${MATRIX_FILE}: no header row starting with "permission"`);
  const roles = header.slice(1).filter((c) => c !== 'why');
  const grants = new Map<string, Set<string>>(roles.map((r) => [r, new Set<string>()]));
  const permissions: string[] = [];
  for (const row of rows) {
    const m = /^`([a-zA-Z.]+)`$/.exec(row[0]);
    if (!m) continue; // the header and its separator
    const permission = m[1];
    if (permissions.includes(permission)) throw new Error(`${MATRIX_FILE}: ${permission} is listed twice`);
    permissions.push(permission);
    const cells = row.slice(1, 1 + roles.length);
    if (cells.length !== roles.length)
      throw new Error(
        `${MATRIX_FILE}: the row of ${permission} has ${cells.length} cells for ${roles.length} roles`,
      );
    cells.forEach((cell, i) => {
      if (cell === '✓') grants.get(roles[i])!.add(permission);
      else if (cell !== '·')
        throw new Error(`${MATRIX_FILE}: ${permission} × ${roles[i]} holds "${cell}" (only ✓ or ·)`);
    });
  }
  return { grants, permissions, roles };
}

/**
 * Every difference between the reviewed table and the code (ROLE_PERMISSIONS, the Permission enum,
 * the Role enum), both ways. Empty when they agree.
 */
export function matrixDifferences(
  reviewed: ReviewedMatrix,
  code: Record<string, readonly string[]> = ROLE_PERMISSIONS,
  allPermissions: string[] = Object.values(Permission),
  allRoles: string[] = ROLES,
): string[] {
  const out: string[] = [];
  for (const role of allRoles)
    if (!reviewed.roles.includes(role)) out.push(`role ${role} has no column in the reviewed matrix`);
  for (const role of reviewed.roles)
    if (!allRoles.includes(role)) out.push(`the reviewed matrix has a column for an unknown role ${role}`);
  for (const p of allPermissions)
    if (!reviewed.permissions.includes(p)) out.push(`permission ${p} has no row in the reviewed matrix`);
  for (const p of reviewed.permissions)
    if (!allPermissions.includes(p)) out.push(`the reviewed matrix lists an unknown permission ${p}`);
  for (const role of allRoles) {
    const inCode = new Set(code[role] ?? []);
    const inFile = reviewed.grants.get(role) ?? new Set<string>();
    for (const p of inCode)
      if (!inFile.has(p)) out.push(`the code grants ${p} to ${role}; the reviewed matrix does not`);
    for (const p of inFile)
      if (!inCode.has(p)) out.push(`the reviewed matrix grants ${p} to ${role}; the code does not`);
  }
  return out;
}

/** Whether the reviewed table grants `permission` to any of `roles`. */
export function reviewedGrant(
  reviewed: ReviewedMatrix,
  roles: readonly (Role | string)[],
  permission?: string,
) {
  return !!permission && roles.some((r) => reviewed.grants.get(r)?.has(permission));
}
