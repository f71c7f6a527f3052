import * as fs from 'node:fs';
import * as path from 'node:path';
import { I18N_DIR, PROJECT_ROOT, VIEWS_DIR } from '../platform/common/paths';

/*
 * nest-cli.json (issue 14, item 16): `nest build` and `nest start` work as Nest users expect and agree
 * with `npm run build` / `npm start`. The commands themselves run in `.ci/run` (step `nest-cli`):
 * build, start, /health and the login page answer.
 */
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8'));

describe('nest-cli.json', () => {
  const cli = read('nest-cli.json');
  const pkg = read('package.json');

  it('points at the sources, the entry file and the build tsconfig', () => {
    expect(cli.sourceRoot).toBe('src');
    expect(fs.existsSync(path.join(PROJECT_ROOT, cli.sourceRoot, `${cli.entryFile}.ts`))).toBe(true);
    expect(cli.compilerOptions.tsConfigPath).toBe('tsconfig.build.json');
    expect(cli.compilerOptions.builder).toBe('tsc');
    expect(fs.existsSync(path.join(PROJECT_ROOT, cli.compilerOptions.tsConfigPath))).toBe(true);
  });

  it('builds to the file `npm start` runs (outDir/sourceRoot/entryFile.js), with `npm start` unchanged', () => {
    const build = read('tsconfig.build.json');
    const base = read(build.extends);
    const outDir = build.compilerOptions?.outDir ?? base.compilerOptions.outDir;
    const rootDir = build.compilerOptions?.rootDir ?? base.compilerOptions.rootDir;
    expect(path.normalize(rootDir)).toBe('.');
    const compiled = path.join(outDir, cli.sourceRoot, `${cli.entryFile}.js`);
    expect(pkg.scripts.start).toBe(`node ${path.normalize(compiled)}`);
    // Like `nest build` (deleteOutDir), the build starts from an empty dist/: no compiled file of a moved
    // or deleted source survives an upgrade (the entity glob would load it twice).
    expect(pkg.scripts.build).toBe(
      `node -e "require('fs').rmSync('${path.normalize(outDir)}', { recursive: true, force: true })" && tsc -p tsconfig.build.json`,
    );
    expect(cli.compilerOptions.deleteOutDir).toBe(true);
  });

  it('needs no assets: views and translations are read from the repository root, from src/ and dist/ alike', () => {
    expect(cli.compilerOptions.assets ?? []).toEqual([]);
    expect(VIEWS_DIR).toBe(path.join(PROJECT_ROOT, 'views'));
    expect(I18N_DIR).toBe(path.join(PROJECT_ROOT, 'i18n'));
    expect(fs.existsSync(path.join(VIEWS_DIR, 'layouts'))).toBe(true);
  });

  it('has @nestjs/cli 11 (the Nest 11 line, Node >= 20.11) as a dev dependency, so `npx nest` works', () => {
    expect(pkg.devDependencies['@nestjs/cli']).toMatch(/^11\./);
    expect(pkg.dependencies['@nestjs/core']).toMatch(/^11\./);
    const installed = read('node_modules/@nestjs/cli/package.json');
    expect(installed.version).toMatch(/^11\./);
    expect(fs.existsSync(path.join(PROJECT_ROOT, 'node_modules/.bin/nest'))).toBe(true);
    expect(fs.existsSync(path.join(PROJECT_ROOT, 'node_modules', cli.collection, 'package.json'))).toBe(true);
  });
});
