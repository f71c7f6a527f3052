'use strict';
/**
 * dependency-cruiser's rules for `npm run lint:boundaries`, built from the table in boundaries.js
 * (folders, layers, allowed imports, known cycles, allowed entity imports). Edit that table, not
 * these rules.
 */
const { PLATFORM, FEATURES, APP, KNOWN_CYCLES, ENTITY_IMPORTS } = require('./boundaries');

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const folderPath = (folders) => `^src/(${folders.map(esc).join('|')})/`;
const file = (p) => `^${esc(p)}$`;

const platform = PLATFORM.map(([name]) => name);
const features = Object.keys(FEATURES);
const appFolders = APP.map(([name]) => name).filter((n) => n !== '(root)');
const ROOT_FILES = '^src/[^/]+$';
/** The folder (as boundaries.js names it, e.g. `case` or `steps/shelter`) a source file lives in. */
const folderOf = (source) =>
  [...PLATFORM.map(([n]) => n), ...Object.keys(FEATURES)]
    .filter((n) => source.startsWith(`src/${n}/`))
    .sort((a, b) => b.length - a.length)[0];

const forbidden = [];

// Platform: imports no feature and no application folder; each folder only the platform folders below it.
forbidden.push({
  name: 'platform-imports-no-feature',
  comment: 'The platform (boundaries.js PLATFORM) imports no feature: invert with an interface and a token, as auth does with UserDirectory.',
  severity: 'error',
  from: { path: folderPath(platform) },
  to: { path: [folderPath([...features, ...appFolders]), ROOT_FILES] },
});
platform.forEach((name, i) => {
  const above = platform.slice(i + 1);
  if (!above.length) return;
  forbidden.push({
    name: `platform-layer-${name}`,
    comment: `${name} may import only the platform folders listed before it in boundaries.js (${platform.slice(0, i).join(', ') || 'none'}).`,
    severity: 'error',
    from: { path: folderPath([name]) },
    to: { path: folderPath(above) },
  });
});

// Features: only the features boundaries.js lists for them; the known cycles only through their files.
for (const [name, { imports }] of Object.entries(FEATURES)) {
  const cycles = KNOWN_CYCLES.filter((c) => c.from === name);
  const others = features.filter((f) => f !== name && !imports.includes(f));
  const notAllowed = others.filter((f) => !cycles.some((c) => c.to === f));
  const rule = (suffix, to, comment) =>
    forbidden.push({ name: `feature-imports-${name}${suffix}`, comment, severity: 'error', from: { path: folderPath([name]) }, to });
  if (notAllowed.length)
    rule('', { path: [folderPath([...notAllowed, ...appFolders]), ROOT_FILES] }, `${name} may import the platform and: ${imports.join(', ') || 'no feature'} (boundaries.js FEATURES).`);
  for (const c of cycles)
    forbidden.push({
      name: `known-cycle-${c.from}-${c.to}`,
      comment: `A known cycle (boundaries.js KNOWN_CYCLES): ${c.from} → ${c.to} only through the files listed there.`,
      severity: 'error',
      from: { path: folderPath([c.from]), pathNot: c.files.map(([from]) => file(from)) },
      to: { path: folderPath([c.to]) },
    });
  for (const c of cycles)
    for (const [from] of c.files)
      forbidden.push({
        name: `known-cycle-${c.from}-${c.to}-file`,
        comment: `${from} may import from ${c.to} only what boundaries.js KNOWN_CYCLES lists.`,
        severity: 'error',
        from: { path: file(from) },
        to: { path: folderPath([c.to]), pathNot: c.files.filter(([f]) => f === from).map(([, to]) => `^${to}$`) },
      });
}

// Nothing imports the application (src/*.ts, cli/, demo/) but the application itself.
forbidden.push({
  name: 'nothing-imports-the-app',
  comment: 'main.ts, app.module.ts, cli/ and demo/ wire everything together; nothing else imports them.',
  severity: 'error',
  from: { pathNot: [folderPath(appFolders), ROOT_FILES] },
  to: { path: [folderPath(appFolders), ROOT_FILES] },
});

// Entities and repositories belong to their folder: others import them only as listed in boundaries.js.
const ENTITY = '\\.(entity|entities|repository)\\.ts$';
const listedSources = [...new Set(ENTITY_IMPORTS.map((e) => e.from))];
forbidden.push({
  name: 'no-foreign-entities',
  comment: "Another folder's entities and repositories are its own: ask its service (relation types and the files in boundaries.js ENTITY_IMPORTS excepted).",
  severity: 'error',
  from: { path: folderPath([...platform, ...features]), pathNot: listedSources.map(file) },
  to: { path: ENTITY, pathNot: '^src/$1/' },
});
// The listed files: each may import only its listed foreign entities (`$1` is the file's own folder).
for (const source of listedSources) {
  forbidden.push({
    name: 'no-foreign-entities-listed',
    comment: `${source} may import only the foreign entities boundaries.js ENTITY_IMPORTS lists for it.`,
    severity: 'error',
    from: { path: `^src/(${esc(folderOf(source))})/${esc(source.slice(`src/${folderOf(source)}/`.length))}$` },
    to: {
      path: ENTITY,
      pathNot: ['^src/$1/', ...ENTITY_IMPORTS.filter((e) => e.from === source).map((e) => file(e.to))],
    },
  });
}

module.exports = {
  forbidden,
  options: {
    includeOnly: '^src/',
    exclude: { path: '\\.spec\\.ts$' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
    reporterOptions: { text: { highlightFocused: true } },
  },
};
