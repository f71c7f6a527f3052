import * as fs from 'node:fs';
import * as path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + start);
    dir = parent;
  }
  return dir;
}

/** The repository root, from source (ts-node, jest) and from dist/ alike. */
export const PROJECT_ROOT = findRoot(__dirname);
export const VIEWS_DIR = path.join(PROJECT_ROOT, 'views');
export const I18N_DIR = path.join(PROJECT_ROOT, 'i18n');
export const PUBLIC_DIR = path.join(PROJECT_ROOT, 'public');
