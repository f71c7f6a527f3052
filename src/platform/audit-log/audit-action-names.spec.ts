import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../common/paths';
import { Permission } from '../auth/permissions';
import { ATTACH_AUDIT_ACTION } from '../../case/intake.service';
import { AUDIT_DOWNLOAD, AUDIT_PRINT } from '../../chronology/chronology.constants';

/*
 * Issue 18, item 7: the audit log page names every action and resource in the reader's words. Every
 * action the application records — each permission (the audit interceptor records the route's
 * permission), each action written out in the code (`action: '…'`) and the named constants — and
 * every resource type has a name in both languages.
 */
const ROOT = PROJECT_ROOT;
const names = (lang: string) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'i18n', lang, 'admin.json'), 'utf8')).audit;

function literalActions(dir: string, out = new Set<string>()): Set<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) literalActions(file, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/action: '([a-z_]+\.[a-z_.]+)'/g)) out.add(m[1]);
  }
  return out;
}

const ACTIONS = [
  ...new Set([
    ...Object.values(Permission),
    ...literalActions(path.join(ROOT, 'src')),
    ATTACH_AUDIT_ACTION,
    AUDIT_PRINT,
    AUDIT_DOWNLOAD,
  ]),
];
const RESOURCES = [
  ...new Set([...Object.values(Permission).map((p) => p.split('.')[0]), 'user', 'victims', 'chronology']),
];

describe('audit log: names of actions and resources', () => {
  it.each(['id', 'en'])('every recorded action has a name in %s', (lang) => {
    const known = names(lang).actionNames as Record<string, string>;
    expect(ACTIONS.length).toBeGreaterThan(60);
    expect(ACTIONS.filter((a) => typeof known[a.replace(/\./g, '-')] !== 'string')).toEqual([]);
  });
  it.each(['id', 'en'])('every resource type has a name in %s', (lang) => {
    const known = names(lang).resourceNames as Record<string, string>;
    expect(RESOURCES.filter((r) => typeof known[r] !== 'string')).toEqual([]);
  });
  it('names nothing the application does not record', () => {
    const keys = Object.keys(names('id').actionNames);
    expect(keys.filter((k) => !ACTIONS.map((a) => a.replace(/\./g, '-')).includes(k))).toEqual([]);
    expect(Object.keys(names('en').actionNames).sort()).toEqual([...keys].sort());
  });
});
