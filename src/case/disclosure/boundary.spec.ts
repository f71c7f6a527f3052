import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The disclosure boundary is enforced by `npm run lint` (eslint.config.mjs): outside src/case no code
 * imports the victim's entity or reads a case's, victim's or perpetrator's personal fields. This
 * proves the rule bites — a probe file in another module is refused for every way of reading them —
 * and that the gate's own folder may.
 */
describe('disclosure boundary (lint)', () => {
  const root = path.resolve(__dirname, '../../..');
  /** The case module's folder; the probe imports its entities by the path from where it is written. */
  const CASE_DIR = 'src/case';
  const caseDirFrom = (relative: string): string => {
    const rel = path.posix.relative(path.posix.dirname(relative), CASE_DIR);
    return rel === '' ? '.' : rel;
  };
  const probe = `
import { Case } from 'CASE_DIR/case.entity';
import { Victim } from 'CASE_DIR/victim.entity';
export function probe(c: Case, v: Victim | null) {
  const { narrative } = c;
  return [c.narrative, c['incidentLocation'], c.reporter, v?.address, v?.fullName, { ...c }, narrative, c.stage, c.number];
}
`;

  /** ESLint's own CLI (its flat config is ESM, which jest's CommonJS runtime cannot load in process). */
  function lint(relative: string): { messages: { ruleId: string | null; message: string }[] } {
    const file = path.join(root, relative);
    fs.writeFileSync(file, probe.replace(/CASE_DIR/g, caseDirFrom(relative)));
    try {
      const run = spawnSync(path.join(root, 'node_modules/.bin/eslint'), ['--format', 'json', file], {
        cwd: root,
        encoding: 'utf8',
      });
      const [result] = JSON.parse(run.stdout);
      return result;
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  it('refuses every read of personal fields outside src/case, and nothing else', () => {
    const outside = 'src/steps/referral/boundary.lint-probe.ts';
    const result = lint(outside);
    const found = result.messages.map((m) => `${m.ruleId}:${m.message.split(' ')[0]}`);
    expect(found.sort()).toEqual(
      [
        `no-restricted-imports:'${caseDirFrom(outside)}/victim.entity'`,
        'lentera/no-personal-case-fields:Case.narrative', // destructuring
        'lentera/no-personal-case-fields:Case.narrative',
        'lentera/no-personal-case-fields:Case.incidentLocation',
        'lentera/no-personal-case-fields:Case.reporter',
        'lentera/no-personal-case-fields:Victim.address',
        'lentera/no-personal-case-fields:Victim.fullName',
        'lentera/no-personal-case-fields:Spreading',
      ].sort(),
    );
  }, 120_000);

  it("lets the victim's own module (the gate) read them", () => {
    const result = lint('src/case/disclosure/boundary.lint-probe.ts');
    expect(
      result.messages.filter((m) => m.ruleId?.includes('personal') || m.ruleId === 'no-restricted-imports'),
    ).toEqual([]);
  }, 120_000);
});
