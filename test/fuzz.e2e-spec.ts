/**
 * Bad input (issue 8, suite 1; issue 22): a generator sends malformed requests over every operation
 * of /api/docs-json and over every HTML form route Nest registered — wrong types, missing and
 * unknown fields, huge strings and arrays, deep nesting, invalid UTF-8, SQL / template injection
 * strings, path traversal in ids, bad content types, oversized bodies, bad query values. Most
 * requests (⌈70 %⌉ of each operation's, in a fixed share) come from a role holding the operation's
 * permission, so they reach validation; the rest from any role or logged out. Forms are posted by a
 * logged-in browser-like agent with its session cookie and a valid CSRF token.
 * Pass:
 *  - no 5xx; `/health` still answers; every session still works at the end;
 *  - every JSON refusal has the documented error shape {statusCode, error, message, code}; every page
 *    refusal is the HTML error page naming its code, or a 303 back to the form with `?error=<CODE>`;
 *  - a refused write changes no table (checksums of every table, audit_logs and sessions aside, before
 *    and after every write request);
 *  - an accepted write changes only what it is known to change (EFFECTS below: which tables, by how
 *    many rows, and the new record's row when it answers with an id); an accepted write that EFFECTS
 *    does not know fails, so someone decides what it may change;
 *  - floors: at least MIN_OPERATIONS operations and MIN_FORMS forms, each with its share of
 *    requests, and for each one a permission holder's request that got past the permission check.
 * Short profile (npm test): FUZZ_PER_OP=6 requests per operation and FUZZ_PER_FORM=4 per form;
 * full profile `npm run test:fuzz`: 70 and 20. FUZZ_SEED picks another deterministic sequence.
 */
import request from 'supertest';
import { DataSource } from 'typeorm';
import { permissionsFor, Role, ROLES } from '../src/platform/auth/permissions';
import { UsersService } from '../src/users/users.service';
import { BODIES } from './support/access-idor';
import { AccessWorld } from './support/access-world';
import { bearer, registerCase } from './support/case-fixtures';
import { snapshotTables } from './support/db-snapshot';
import { checkFigures } from './support/figures';
import { isApiPath, RouteInfo, walkRoutes } from './support/routes';
import {
  apiLogin,
  createTestApp,
  createUser,
  csrfFrom,
  csrfOf,
  pageLogin,
  TEST_PASSWORD,
  TestApp,
} from './support/test-app';

const PER_OP = Number(process.env.FUZZ_PER_OP ?? 6);
const PER_FORM = Number(process.env.FUZZ_PER_FORM ?? 4);
const SHORT = PER_OP === 6 && PER_FORM === 4;
const SEED = Number(process.env.FUZZ_SEED ?? 8);
// A refused login is still recorded: in the audit log, counted by the lockout (login_failures) and by
// the shared login rate limit (rate_limit_counters: every attempt counts, a malformed one too).
const IGNORED = ['audit_logs', 'sessions', 'login_failures', 'rate_limit_counters'];
const DUMMY_ID = '00000000-0000-4000-8000-000000000000';
/** Floors close to today's figures: a document or a route walk that shrinks fails here. */
const MIN_OPERATIONS = 168;
const MIN_FORMS = 88;
/** Each operation's and form's requests by a holder of its permission (the rest: anyone). */
const holderShare = (n: number) => Math.ceil(n * 0.7);

jest.setTimeout(Math.max(300_000, (PER_OP * 175 + PER_FORM * 95) * 400));

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const INJECTIONS = [
  "' OR '1'='1' --",
  '"; DROP TABLE cases; --',
  "1; SELECT * FROM users WHERE '1'='1",
  '{{constructor.constructor("return process")()}}',
  '{{#each this}}{{@key}}{{/each}}',
  '${7*7}',
  '<script>alert(1)</script>',
  '%00%0a\u0000\u202e',
  '../../../../etc/passwd',
  '\ud800',
];
const TRAVERSALS = [
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2f',
  '..',
  "'%20OR%20'1'%3D'1",
  'x'.repeat(5000),
  '%00',
  '-1',
  '1e309',
  '%F0%9F%92%A9',
  '%ff%fe',
];
const KINDS = [
  'wrongTypes',
  'missing',
  'unknown',
  'hugeString',
  'hugeArray',
  'deep',
  'invalidUtf8',
  'injection',
  'notObject',
  'badContentType',
  'oversized',
  'pathTraversal',
  'badQuery',
] as const;
type Kind = (typeof KINDS)[number];

/** encodeURIComponent, or raw invalid UTF-8 bytes for a lone surrogate. */
const encodeLoose = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80%FF';
  }
};

/*
 * What an accepted write may change (issue 22): per operation or form, each table it may touch with
 * its row delta (a number: rows added; 'same': rows changed in place, none added or removed; 'any':
 * an upsert that adds a row the first time and changes it afterwards), and the table that must hold
 * the new record when the answer carries an id. A table not listed must not change.
 */
type Delta = number | 'same' | 'any';
interface Effect {
  tables: Record<string, Delta>;
  created?: string;
  /** A form that answers with a page (200) rather than a redirect. */
  page?: boolean;
  /** Why this write is accepted with a fuzzed body. */
  note: string;
}
const EFFECTS: Record<string, Effect> = {
  'POST /api/cases/duplicate-check': { tables: {}, note: 'a look-up sent as POST: changes nothing' },
  'POST /api/referrals/overdue-check': {
    tables: { referrals: 'same', case_events: 'any', notifications: 'any', cases: 'same' },
    note: 'marks overdue referrals (idempotent); no field is required',
  },
  'POST /api/notifications/read-all': {
    tables: { notifications: 'same' },
    note: "marks one's notifications read",
  },
  'POST /notifications/read-all': {
    tables: { notifications: 'same' },
    note: "marks one's notifications read",
  },
  'POST /api/safe-houses': {
    tables: { safe_houses: 1, data_keys: 1 },
    created: 'safe_houses',
    note: 'free text (a name, an address) accepts injection strings as text',
  },
  'POST /api/cases/:id/recovery-plan': {
    tables: { recovery_plans: 1, case_events: 1, cases: 'same' },
    created: 'recovery_plans',
    note: 'a recovery plan is only its goals (free text, which accepts injection strings as text); a query string is ignored',
  },
  'PUT /api/cases/:id/recovery-plan': {
    tables: { recovery_plans: 'same', case_events: 1, cases: 'same' },
    note: 'replaces the goals of the plan (free text accepts injection strings as text)',
  },
  'POST /api/reports/case-export': { tables: {}, note: 'an export download: audited, stores nothing' },
  'POST /api/reports/national-export': {
    tables: {},
    note: 'the national reporting export download: audited, stores nothing; a query string is ignored',
  },
  'POST /api/reports/case-export/jobs': {
    tables: {},
    note: "an export job: runs in the process's memory, stores nothing (its file never touches the disk)",
  },
  'POST /cases/new/check': {
    tables: {},
    page: true,
    note: 'the intake duplicate check: shows the form again with what it found, stores nothing',
  },
  'POST /language': { tables: {}, note: 'sets a cookie only' },
  'POST /api/pug-regions': {
    tables: { pug_regions: 1 },
    created: 'pug_regions',
    note: 'a region is its name and code (free text accepts injection strings as text); a query string is ignored',
  },
  'POST /api/reports/national-export/dry-run': {
    tables: {},
    note: 'the national export dry run: reports what the export would hold, stores nothing; a query string is ignored',
  },
  'POST /api/cases/:id/consents': {
    tables: { consents: 1, case_events: 1, cases: 'same' },
    created: 'consents',
    note: 'a valid consent on a case one works on, whatever the query string (ignored); the witness name is free text',
  },
  'POST /cases/:id/consents': {
    tables: { consents: 1, case_events: 1, cases: 'same' },
    note: 'the consent form, valid, with a malformed query string (ignored): the consent is recorded',
  },
};

interface Operation {
  method: string;
  path: string;
  /** 'api' operations come from the OpenAPI document; 'form' ones are Nest's page routes. */
  kind: 'api' | 'form';
  schema: any;
  query: { name: string; schema: any }[];
  permission?: string;
  isPublic: boolean;
  /** Roles holding the permission. */
  holders: Role[];
  base?: Record<string, unknown>;
}

describe('bad input from the OpenAPI document and the form routes (e2e)', () => {
  let t: TestApp;
  let doc: any;
  let ops: Operation[];
  let forms: Operation[];
  const tokens = new Map<Role, string>();
  const agents = new Map<Role, any>();
  const csrf = new Map<Role, string>();
  let anonymous: { agent: any; csrf: string };
  let caseId: string;
  const figures = { apiRequests: 0, formRequests: 0, acceptedWrites: 0, checkedWrites: 0 };

  const deref = (s: any): any => {
    let node = s;
    for (let i = 0; node && node.$ref && i < 10; i++) {
      node = node.$ref
        .slice(2)
        .split('/')
        .reduce((n: any, k: string) => n?.[k], doc);
    }
    return node ?? {};
  };

  function sample(s: any, depth = 0): unknown {
    const schema = deref(s);
    if (depth > 6) return null;
    if (schema.enum) return schema.enum[0];
    if (schema.allOf) return Object.assign({}, ...schema.allOf.map((x: any) => sample(x, depth + 1)));
    switch (schema.type) {
      case 'string':
        return schema.format === 'uuid' ? DUMMY_ID : schema.format === 'date' ? '2026-01-10' : 'teks';
      case 'integer':
      case 'number':
        return 1;
      case 'boolean':
        return true;
      case 'array':
        return [sample(schema.items ?? {}, depth + 1)];
      default: {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(schema.properties ?? {})) out[k] = sample(v, depth + 1);
        return out;
      }
    }
  }

  const holdersOf = (permission?: string) =>
    ROLES.filter((r) => !!permission && permissionsFor([r]).has(permission as any));

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'adm', [Role.Admin]);
    const admin = await apiLogin(t, 'adm');
    const inst = await request(t.server)
      .post('/api/institutions')
      .set(bearer(admin))
      .send({ name: 'RSUD Fuzz', type: 'hospital', serviceRoles: ['medical'] })
      .expect(201);
    for (const role of ROLES) {
      const username = `f_${role}`;
      if (role === Role.TeamMember) {
        await t.app.get(UsersService).create(
          {
            username,
            displayName: 'Anggota',
            roles: [role],
            institutionId: inst.body.id,
            serviceRoles: ['medical'],
          },
          { password: TEST_PASSWORD, mustChangePassword: false },
        );
      } else await createUser(t, username, [role]);
      tokens.set(role, await apiLogin(t, username));
      const agent = await pageLogin(t, username);
      agents.set(role, agent);
      csrf.set(role, await csrfOf(agent, '/'));
    }
    const anon = request.agent(t.server);
    anonymous = { agent: anon, csrf: csrfFrom((await anon.get('/login').expect(200)).text) };
    caseId = (await registerCase(t, tokens.get(Role.FrontDesk)!)).id;
    doc = (await request(t.server).get('/api/docs-json').expect(200)).body;
    ops = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        // logging out or changing one's own password would end the fuzzing sessions: not fuzzed here
        if (/\/auth\/(logout|password)|\/account\/password/.test(path)) continue;
        const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref);
        const permission = op['x-permission'];
        ops.push({
          kind: 'api',
          method: method.toUpperCase(),
          path,
          permission,
          isPublic: !permission || permission === 'public',
          holders: holdersOf(permission),
          schema: op.requestBody?.content?.['application/json']?.schema ?? null,
          query: params
            .filter((p: any) => p.in === 'query')
            .map((p: any) => ({ name: p.name, schema: p.schema })),
        });
      }
    }
    // The page forms: every non-GET page route Nest registered, but the ones that end or replace the
    // caller's session (covered by auth.e2e-spec.ts and sessions-headers.e2e-spec.ts).
    const SESSION_FORMS = ['POST /logout', 'POST /login', 'POST /account/password'];
    forms = walkRoutes(t)
      .filter((r: RouteInfo) => !isApiPath(r.path) && r.method !== 'GET')
      .filter((r) => !SESSION_FORMS.includes(`${r.method} ${r.path}`))
      .map((r) => {
        const idor = BODIES[`${r.method} ${r.path}`]?.body(FAKE_WORLD);
        return {
          kind: 'form' as const,
          method: r.method,
          path: r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}'),
          permission: r.permission,
          isPublic: r.isPublic,
          holders: holdersOf(r.permission),
          schema: null,
          query: [],
          base: idor && typeof idor === 'object' ? (idor as Record<string, unknown>) : {},
        };
      });
  }, 120_000);
  afterAll(() => t.close());

  it('regressions: a body nested 5,000 deep, and a lone surrogate in an e-mail field, are 400 (were 500)', async () => {
    const admin = tokens.get(Role.Admin)!;
    const deep = await request(t.server)
      .post('/api/institutions')
      .set(bearer(admin))
      .set('Content-Type', 'application/json')
      .send('{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000));
    expect([deep.status, deep.body.code]).toEqual([400, 'BAD_REQUEST']);
    const surrogate = await request(t.server)
      .post('/api/institutions')
      .set(bearer(admin))
      .set('Content-Type', 'application/json')
      .send('{"name":"RS X","type":"hospital","email":"a\\ud800@x.id"}');
    expect([surrogate.status, surrogate.body.code]).toEqual([400, 'BAD_REQUEST']);
  });

  it('regression: a NUL character in a body or query string is a 400 (was 500 on PostgreSQL, stored on sqlite)', async () => {
    const coordinator = tokens.get(Role.Coordinator)!;
    const before = await snapshotTables(t.dataSource, IGNORED);
    const body = await request(t.server)
      .post('/api/safe-houses')
      .set(bearer(coordinator))
      .send({ name: 'Rumah\u0000Aman', capacity: 2, address: 'Jl. Nol' });
    expect([body.status, body.body.code]).toEqual([400, 'BAD_REQUEST']);
    const query = await request(t.server).get('/api/cases?q=Siti%00Aminah').set(bearer(coordinator));
    expect([query.status, query.body.code]).toEqual([400, 'BAD_REQUEST']);
    const form = await agents
      .get(Role.Coordinator)!
      .post('/shelter/safe-houses')
      .type('form')
      .send(
        `_csrf=${encodeURIComponent(csrf.get(Role.Coordinator)!)}&name=Rumah%00Aman&capacity=2&address=x`,
      );
    expect([form.status, form.text.includes('<code>BAD_REQUEST</code>')]).toEqual([400, true]);
    expect(await snapshotTables(t.dataSource, IGNORED)).toEqual(before);
  });

  it('regressions: a malformed escape or an over-long id in a path is a 400 in the documented shape (was Fastify JSON)', async () => {
    const admin = tokens.get(Role.Admin)!;
    for (const url of ['/api/users/%ff%fe', `/api/users/${'x'.repeat(5000)}`]) {
      const res = await request(t.server).get(url).set(bearer(admin)).set('Accept-Language', 'en');
      expect([url.slice(0, 20), res.status, errorShape(res), res.body.code, res.body.message]).toEqual([
        url.slice(0, 20),
        400,
        true,
        'BAD_REQUEST',
        'The request is not valid.',
      ]);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    }
    const agent = agents.get(Role.Admin)!;
    for (const url of ['/admin/users/%ff%fe', `/admin/users/${'x'.repeat(5000)}`]) {
      const page = await agent.get(url);
      expect([page.status, /^text\/html/.test(page.headers['content-type'])]).toEqual([400, true]);
      expect(page.text).toContain('<code>BAD_REQUEST</code>');
      const form = await agent
        .post(`${url}/disable`)
        .type('form')
        .send({ _csrf: csrf.get(Role.Admin) });
      expect([form.status, form.text.includes('<code>BAD_REQUEST</code>')]).toEqual([400, true]);
    }
  });

  it('finds the operations and the forms (floors), each with a known effect when it writes', () => {
    expect(ops.length).toBeGreaterThanOrEqual(MIN_OPERATIONS);
    expect(forms.length).toBeGreaterThanOrEqual(MIN_FORMS);
    // every operation with a permission has a holder (else no request would reach validation)
    expect(ops.filter((o) => !o.isPublic && !o.holders.length).map((o) => `${o.method} ${o.path}`)).toEqual(
      [],
    );
    expect(forms.filter((o) => !o.isPublic && !o.holders.length).map((o) => `${o.method} ${o.path}`)).toEqual(
      [],
    );
    const known = new Set(
      [...ops, ...forms].map((o) => `${o.method} ${o.path.replace(/\{([^}]+)\}/g, ':$1')}`),
    );
    expect(Object.keys(EFFECTS).filter((k) => !known.has(k))).toEqual([]);
  });

  /** Snapshots of every table around write requests, compared with what the request may change. */
  async function checkWrite(
    ds: DataSource,
    before: Awaited<ReturnType<typeof snapshotTables>>,
    key: string,
    accepted: boolean,
    createdId: string | undefined,
    what: string,
    problems: string[],
  ) {
    const after = await snapshotTables(ds, IGNORED);
    const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
    figures.checkedWrites++;
    if (!accepted) {
      if (changed.length) problems.push(`${what}: refused (or a read) but changed ${changed.join(', ')}`);
      return after;
    }
    figures.acceptedWrites++;
    const effect = EFFECTS[key];
    if (!effect) {
      problems.push(
        `${what}: accepted, and EFFECTS does not say what it may change (it changed ${changed.join(', ') || 'nothing'})`,
      );
      return after;
    }
    for (const table of changed) {
      const delta = effect.tables[table];
      const rows = after[table].rows - before[table].rows;
      if (delta === undefined) problems.push(`${what}: changed ${table}, which it is not known to change`);
      else if (delta === 'same' && rows !== 0)
        problems.push(`${what}: ${table} ${rows > 0 ? '+' : ''}${rows} rows`);
      else if (typeof delta === 'number' && rows !== delta)
        problems.push(`${what}: ${table} ${rows > 0 ? '+' : ''}${rows} rows, expected +${delta}`);
    }
    for (const [table, delta] of Object.entries(effect.tables))
      if (typeof delta === 'number' && !changed.includes(table))
        problems.push(`${what}: accepted but added no row to ${table}`);
    if (effect.created) {
      const p = t.dialect === 'postgres' ? '$1' : '?';
      const rows = createdId
        ? await ds.query(`SELECT id FROM "${effect.created}" WHERE id = ${p}`, [createdId])
        : [];
      if (rows.length !== 1)
        problems.push(`${what}: the new record ${createdId} is not in ${effect.created}`);
    }
    return after;
  }

  it(`sends ${PER_OP} malformed requests to every operation: no 5xx, the error shape, writes change only what they say`, async () => {
    const random = rng(SEED);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    const perOp = new Map<Operation, { sent: number; byHolder: number; pastPermission: number }>();
    let snap = await snapshotTables(t.dataSource, IGNORED);
    const everyone: (Role | null)[] = [...ROLES, null];
    for (let round = 0; round < PER_OP; round++) {
      for (const [index, op] of ops.entries()) {
        let kind: Kind = KINDS[(index + round * 5) % KINDS.length];
        // no id in the path to traverse with: malform the body instead
        if (kind === 'pathTraversal' && !op.path.includes('{')) kind = 'wrongTypes';
        const byHolder = op.holders.length > 0 && round < holderShare(PER_OP);
        const role = byHolder ? pick(op.holders) : pick(everyone);
        const token = role ? tokens.get(role)! : null;
        const idValue = kind === 'pathTraversal' ? pick(TRAVERSALS) : random() < 0.3 ? caseId : DUMMY_ID;
        let url = op.path.replace(/\{[^}]+\}/g, idValue);
        const valid = op.schema ? (sample(op.schema) as Record<string, unknown>) : {};
        const built = malformedJson(kind, valid, op, pick, random);
        url += built.query;
        const writes = op.method !== 'GET';
        let req = (request(t.server) as any)[op.method.toLowerCase()](url);
        if (token) req = req.set(bearer(token));
        if (writes) req = req.set('Content-Type', built.contentType).send(built.body);
        const res = await req;
        figures.apiRequests++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const count = perOp.get(op) ?? { sent: 0, byHolder: 0, pastPermission: 0 };
        count.sent++;
        if (byHolder) {
          count.byHolder++;
          if (![401, 403].includes(res.status)) count.pastPermission++;
        }
        perOp.set(op, count);
        const what = `${kind} ${op.method} ${op.path} as ${role ?? 'anonymous'} → ${res.status}`;
        if (res.status >= 500) problems.push(`${what}: ${JSON.stringify(res.body).slice(0, 200)}`);
        if (res.status >= 400 && !errorShape(res))
          problems.push(`${what}: without the error shape: ${String(res.text).slice(0, 200)}`);
        if (writes || res.status < 400) {
          // reads are checked too: a GET that answers must not have written anything either
          const accepted = writes && res.status < 400;
          snap = await checkWrite(
            t.dataSource,
            snap,
            `${op.method} ${op.path.replace(/\{([^}]+)\}/g, ':$1')}`,
            accepted,
            res.body?.id,
            what,
            problems,
          );
        }
      }
    }
    const health = await request(t.server).get('/health');
    expect(health.status).toBe(200);
    expect(problems.slice(0, 40)).toEqual([]);
    // floors per operation: its share of requests, and a holder's request past the permission check
    const short: string[] = [];
    for (const op of ops) {
      const c = perOp.get(op);
      const label = `${op.method} ${op.path}`;
      if (!c || c.sent !== PER_OP) short.push(`${label}: ${c?.sent ?? 0} requests`);
      else if (op.holders.length && c.byHolder < holderShare(PER_OP))
        short.push(`${label}: ${c.byHolder} by a holder`);
      else if (op.holders.length && c.pastPermission === 0)
        short.push(`${label}: no holder's request got past the permission check`);
    }
    expect(short).toEqual([]);
    for (const [role, token] of tokens)
      expect([role, (await request(t.server).get('/api/account').set(bearer(token))).status]).toEqual([
        role,
        200,
      ]);
    process.stdout.write(
      `fuzz (API): ${figures.apiRequests} requests over ${ops.length} operations (${PER_OP} each); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}\n`,
    );
  });

  it(`posts ${PER_FORM} malformed forms to every form route, with a session and a CSRF token: the same rules`, async () => {
    const random = rng(SEED + 1);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    const perForm = new Map<Operation, { sent: number; byHolder: number; pastPermission: number }>();
    let snap = await snapshotTables(t.dataSource, IGNORED);
    const everyone: (Role | null)[] = [...ROLES, null];
    for (let round = 0; round < PER_FORM; round++) {
      for (const [index, form] of forms.entries()) {
        let kind: Kind = KINDS[(index + round * 3) % KINDS.length];
        if (kind === 'pathTraversal' && !form.path.includes('{')) kind = 'wrongTypes';
        const byHolder = form.holders.length > 0 && round < holderShare(PER_FORM);
        // public forms (the language switch) are posted by someone logged out
        const role = form.isPublic ? null : byHolder ? pick(form.holders) : pick(everyone);
        const agent = role ? agents.get(role)! : anonymous.agent;
        const token = role ? csrf.get(role)! : anonymous.csrf;
        const idValue = kind === 'pathTraversal' ? pick(TRAVERSALS) : random() < 0.3 ? caseId : DUMMY_ID;
        const built = malformedForm(kind, form.base ?? {}, token, pick);
        const url = form.path.replace(/\{[^}]+\}/g, idValue) + built.query;
        const res = await agent[form.method.toLowerCase()](url)
          .set('Content-Type', built.contentType)
          .send(built.body);
        figures.formRequests++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const count = perForm.get(form) ?? { sent: 0, byHolder: 0, pastPermission: 0 };
        count.sent++;
        if (byHolder) {
          count.byHolder++;
          if (![401, 403].includes(res.status)) count.pastPermission++;
        }
        perForm.set(form, count);
        const location = String(res.headers.location ?? '');
        const what = `${kind} ${form.method} ${form.path} as ${role ?? 'anonymous'} → ${res.status} ${location}`;
        let refused = true;
        if (res.status >= 500) problems.push(`${what}: ${String(res.text).slice(0, 200)}`);
        else if (res.status >= 400) {
          // the error page names its code; a form shown again names the problem in its alert
          const code = /<code>([A-Z][A-Z0-9_]+)<\/code>/.test(res.text);
          const alert = /class="flash flash--error" role="alert"/.test(res.text);
          if (!/^text\/html/.test(String(res.headers['content-type'])) || !(code || alert))
            problems.push(
              `${what}: neither the error page nor the form with its alert: ${String(res.text).slice(0, 200)}`,
            );
        } else if (res.status === 303) {
          if (/^\/login(\?|$)/.test(location))
            problems.push(`${what}: sent to the login page (session lost?)`);
          else if (!/[?&]error=[A-Z][A-Z0-9_]+/.test(location)) refused = false;
        } else {
          const key = `${form.method} ${form.path.replace(/\{([^}]+)\}/g, ':$1')}`;
          if (res.status !== 200 || !EFFECTS[key]?.page)
            problems.push(`${what}: a form answers 303 or an error, not ${res.status}`);
          refused = false;
        }
        snap = await checkWrite(
          t.dataSource,
          snap,
          `${form.method} ${form.path.replace(/\{([^}]+)\}/g, ':$1')}`,
          !refused,
          /\/([0-9a-f-]{36})(?:[/?#]|$)/.exec(location)?.[1],
          what,
          problems,
        );
      }
    }
    expect(problems.slice(0, 40)).toEqual([]);
    const short: string[] = [];
    for (const form of forms) {
      const c = perForm.get(form);
      const label = `${form.method} ${form.path}`;
      if (!c || c.sent !== PER_FORM) short.push(`${label}: ${c?.sent ?? 0} requests`);
      else if (form.holders.length && c.byHolder < holderShare(PER_FORM))
        short.push(`${label}: ${c.byHolder} by a holder`);
      else if (form.holders.length && c.pastPermission === 0)
        short.push(`${label}: no holder's request got past the permission check`);
    }
    expect(short).toEqual([]);
    // every page session survived
    for (const [role, agent] of agents)
      expect([role, (await agent.get('/account/password')).status]).toEqual([role, 200]);
    expect((await request(t.server).get('/health')).status).toBe(200);
    process.stdout.write(
      `fuzz (forms): ${figures.formRequests} requests over ${forms.length} forms (${PER_FORM} each); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}; ${figures.checkedWrites} writes checked table by table, ${figures.acceptedWrites} accepted\n`,
    );
  });

  it('records its figures (short profile)', () => {
    expect(figures.apiRequests).toBe(ops.length * PER_OP);
    expect(figures.formRequests).toBe(forms.length * PER_FORM);
    if (SHORT)
      checkFigures('fuzz', {
        operations: ops.length,
        perOperation: PER_OP,
        apiRequests: figures.apiRequests,
        forms: forms.length,
        perForm: PER_FORM,
        formRequests: figures.formRequests,
        knownEffects: Object.keys(EFFECTS).length,
      });
  });
});

/**
 * The documented JSON error shape, with a code of the application (a Fastify code such as
 * FST_ERR_BAD_URL, or an untranslated message, means the error bypassed the exception filter).
 */
function errorShape(res: { status: number; body: any }): boolean {
  const b = res.body ?? {};
  return (
    b.statusCode === res.status &&
    typeof b.error === 'string' &&
    typeof b.message === 'string' &&
    typeof b.code === 'string' &&
    /^[A-Z][A-Z0-9_]+$/.test(b.code) &&
    !b.code.startsWith('FST_') &&
    b.message !== b.code &&
    !b.message.includes(`errors.${b.code}`)
  );
}

/** A malformed JSON request of `kind` from a valid body. */
function malformedJson(
  kind: Kind,
  valid: Record<string, unknown>,
  op: { query: { name: string }[] },
  pick: <T>(list: readonly T[]) => T,
  random: () => number,
): { body: string | Buffer; contentType: string; query: string } {
  let contentType = 'application/json';
  let body: string | Buffer = JSON.stringify(valid);
  let query = '';
  switch (kind) {
    case 'wrongTypes':
      body = JSON.stringify(
        mapLeavesOf(valid, (v) =>
          typeof v === 'string'
            ? pick([12345, true, [], {}, null])
            : typeof v === 'number'
              ? pick(['abc', -1e308, 1.5, []])
              : 'x',
        ),
      );
      break;
    case 'missing':
      body = '{}';
      break;
    case 'unknown':
      body = JSON.stringify(valid)
        .replace(
          /^\{/,
          '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},"unknownField":"x",',
        )
        .replace(/,\}$/, '}');
      break;
    case 'hugeString':
      body = JSON.stringify(mapLeavesOf(valid, (v) => (typeof v === 'string' ? 'A'.repeat(200_000) : v)));
      break;
    case 'hugeArray':
      body = JSON.stringify(
        Object.fromEntries(
          Object.entries(valid).map(([k, v]) => [
            k,
            Array.isArray(v) ? Array(20_000).fill(v[0] ?? 'x') : Array(20_000).fill(v),
          ]),
        ),
      );
      break;
    case 'deep':
      body =
        random() < 0.5
          ? '['.repeat(20_000) + ']'.repeat(20_000)
          : '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000);
      break;
    case 'invalidUtf8':
      body = Buffer.concat([
        Buffer.from('{"x":"'),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
        Buffer.from('"}'),
      ]);
      break;
    case 'injection':
      body = JSON.stringify(mapLeavesOf(valid, (v) => (typeof v === 'string' ? pick(INJECTIONS) : v)));
      break;
    case 'notObject':
      body = pick(['null', '[]', '"text"', '123', 'true', '', '{', '{"a":1,}']);
      break;
    case 'badContentType':
      contentType = pick([
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        'image/png',
      ]);
      body = contentType.startsWith('application/x-www') ? 'a=1&b[c]=2&__proto__[x]=1' : '<x>1</x>';
      break;
    case 'oversized':
      body = JSON.stringify({ blob: 'B'.repeat(3 * 1024 * 1024) });
      break;
    case 'pathTraversal':
      break;
    case 'badQuery': {
      const params = op.query.length ? op.query.map((q) => q.name) : ['page', 'q'];
      query =
        '?' +
        params
          .map((p) => `${encodeURIComponent(p)}=${encodeLoose(pick(INJECTIONS))}&${p}=2&${p}[]=x`)
          .join('&');
      break;
    }
  }
  return { body, contentType, query };
}

/** A malformed form post of `kind` from a valid set of fields, with the CSRF token (but for one kind). */
function malformedForm(
  kind: Kind,
  valid: Record<string, unknown>,
  csrf: string,
  pick: <T>(list: readonly T[]) => T,
): { body: string | Buffer; contentType: string; query: string } {
  const form = 'application/x-www-form-urlencoded';
  const encode = (fields: [string, unknown][]) =>
    fields
      .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))
      .map(([k, v]) => `${encodeLoose(String(k))}=${encodeLoose(String(v))}`)
      .join('&');
  const fields = Object.entries(valid);
  const withToken = (more: [string, unknown][]) => encode([['_csrf', csrf], ...more]);
  switch (kind) {
    case 'wrongTypes':
      return {
        contentType: form,
        query: '',
        body: withToken(
          fields.map(([k, v]) => [k, typeof v === 'number' || /^\d+$/.test(String(v)) ? 'abc' : '-1e308']),
        ),
      };
    case 'missing':
      return { contentType: form, query: '', body: withToken([]) };
    case 'unknown':
      return {
        contentType: form,
        query: '',
        body: withToken([
          ...fields,
          ['__proto__[isAdmin]', 'true'],
          ['constructor[prototype][x]', '1'],
          ['unknownField', 'x'],
        ]),
      };
    case 'hugeString':
      return { contentType: form, query: '', body: withToken(fields.map(([k]) => [k, 'A'.repeat(200_000)])) };
    case 'hugeArray':
      return {
        contentType: form,
        query: '',
        body: withToken([
          ...fields,
          ...Array.from({ length: 20_000 }, (): [string, unknown] => [fields[0]?.[0] ?? 'x', 'x']),
        ]),
      };
    case 'deep':
      return { contentType: form, query: '', body: withToken([...fields, ['a' + '[b]'.repeat(5_000), '1']]) };
    case 'invalidUtf8':
      return {
        contentType: form,
        query: '',
        body: Buffer.concat([Buffer.from(`${withToken(fields)}&x=`), Buffer.from('%ff%fe%c3%28%ed%a0%80')]),
      };
    case 'injection':
      return { contentType: form, query: '', body: withToken(fields.map(([k]) => [k, pick(INJECTIONS)])) };
    case 'notObject':
      return {
        contentType: form,
        query: '',
        body: pick(['', '&&&', '=', '_csrf', '%', `_csrf=${csrf}&=&==`]),
      };
    case 'badContentType': {
      const contentType = pick([
        'application/json',
        'text/plain',
        'multipart/form-data; boundary=x',
        'image/png',
      ]);
      return {
        contentType,
        query: '',
        body:
          contentType === 'application/json'
            ? JSON.stringify({ _csrf: csrf, ...valid, x: { y: 1 } })
            : '<x>1</x>',
      };
    }
    case 'oversized':
      return { contentType: form, query: '', body: withToken([['blob', 'B'.repeat(3 * 1024 * 1024)]]) };
    case 'pathTraversal':
      return { contentType: form, query: '', body: withToken(fields) };
    case 'badQuery':
      return {
        contentType: form,
        query: `?error=${encodeLoose(pick(INJECTIONS))}&next=//evil.example&page[]=x`,
        body: withToken(fields),
      };
  }
}

function mapLeavesOf(value: unknown, fn: (v: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mapLeavesOf(v, fn));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapLeavesOf(v, fn)]));
  return fn(value);
}

/**
 * The IDOR suite's valid page bodies, with placeholder ids and versions (the fuzzed forms name the
 * dummy id or a real case; a valid shape is what matters).
 */
const FAKE_WORLD = {
  ids: new Proxy({}, { get: () => DUMMY_ID }),
  v: new Proxy({}, { get: () => 1 }),
  people: {},
  refreshVersions: async () => undefined,
} as unknown as AccessWorld;
