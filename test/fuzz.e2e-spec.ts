/**
 * Bad input from the OpenAPI document (issue 8, suite 1): a generator reads /api/docs-json and sends
 * malformed requests over every operation — wrong types, missing and unknown fields, huge strings and
 * arrays, deep nesting, invalid UTF-8, SQL / template injection strings, path traversal in ids, bad
 * content types, oversized bodies, bad query values — as a role holding the operation's permission
 * (70 %, so most requests reach validation) or any role or logged out (30 %).
 * Pass: no 5xx; every refusal has the documented error shape {statusCode, error, message, code}; a
 * refused request changes no table (row counts checked around every write request; checksums of every
 * table compared at the end unless some write was accepted; audit_logs and sessions are ignored); the
 * server still answers /health. Short profile (npm test): FUZZ_REQUESTS=1000 by default; full profile
 * `npm run test:fuzz` sends 12,000. FUZZ_SEED picks another deterministic sequence.
 */
import request from 'supertest';
import { permissionsFor, Role, ROLES } from '../src/auth/permissions';
import { UsersService } from '../src/users/users.service';
import { bearer, registerCase } from './support/case-fixtures';
import { snapshotTables, tableNames } from './support/db-snapshot';
import { apiLogin, createTestApp, createUser, TEST_PASSWORD, TestApp } from './support/test-app';

const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 8);
// A refused login is still recorded: in the audit log, and counted by the lockout (login_failures).
const IGNORED = ['audit_logs', 'sessions', 'login_failures'];
const DUMMY_ID = '00000000-0000-4000-8000-000000000000';

jest.setTimeout(Math.max(120_000, TOTAL * 150));

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

/** encodeURIComponent, or raw invalid UTF-8 bytes for a lone surrogate. */
const encodeLoose = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80%FF';
  }
};

interface Operation {
  method: string;
  path: string;
  schema: any;
  query: { name: string; schema: any }[];
  /** Tokens of the roles that hold the operation's permission (most requests reach validation). */
  holders: string[];
}

describe('bad input from the OpenAPI document (e2e)', () => {
  let t: TestApp;
  let doc: any;
  let ops: Operation[];
  const tokens: (string | null)[] = [];
  let caseId: string;

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

  function mapLeaves(value: unknown, fn: (v: unknown) => unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => mapLeaves(v, fn));
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapLeaves(v, fn)]));
    return fn(value);
  }

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
      tokens.push(await apiLogin(t, username));
    }
    tokens.push(null); // logged out
    caseId = (await registerCase(t, tokens[ROLES.indexOf(Role.FrontDesk)]!)).id;
    doc = (await request(t.server).get('/api/docs-json').set(bearer(admin)).expect(200)).body;
    ops = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        // logging out or changing one's own password would end the fuzzing sessions: not fuzzed here
        if (/\/auth\/(logout|password)|\/account\/password/.test(path)) continue;
        const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref);
        const permission = op['x-permission'];
        ops.push({
          holders: ROLES.filter((r) => permission && permissionsFor([r]).has(permission)).map(
            (r) => tokens[ROLES.indexOf(r)]!,
          ),
          method: method.toUpperCase(),
          path,
          schema: op.requestBody?.content?.['application/json']?.schema ?? null,
          query: params
            .filter((p: any) => p.in === 'query')
            .map((p: any) => ({ name: p.name, schema: p.schema })),
        });
      }
    }
  });
  afterAll(() => t.close());

  it('regressions: a body nested 5,000 deep, and a lone surrogate in an e-mail field, are 400 (were 500)', async () => {
    const admin = tokens[ROLES.indexOf(Role.Admin)]!;
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

  async function rowCounts(): Promise<string> {
    const tables = (await tableNames(t.dataSource)).filter((n) => !IGNORED.includes(n));
    const sql = tables.map((n) => `SELECT '${n}' AS t, COUNT(*) AS n FROM "${n}"`).join(' UNION ALL ');
    const rows: { t: string; n: number | string }[] = await t.dataSource.query(sql);
    return rows.map((r) => `${r.t}=${r.n}`).join(',');
  }

  it(`sends ${TOTAL} malformed requests: no 5xx, documented error shape, refused requests change nothing`, async () => {
    const random = rng(SEED);
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
    const started = Date.now();
    const problems: string[] = [];
    const accepted: string[] = [];
    const statuses = new Map<number, number>();
    const fullBefore = await snapshotTables(t.dataSource, IGNORED);
    const kinds = [
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
    ];
    for (let i = 0; i < TOTAL; i++) {
      const op = ops[i % ops.length];
      const kind = pick(kinds);
      const token = op.holders.length && random() < 0.7 ? pick(op.holders) : pick(tokens);
      const idValue = kind === 'pathTraversal' ? pick(TRAVERSALS) : random() < 0.3 ? caseId : DUMMY_ID;
      let url = op.path.replace(/\{[^}]+\}/g, idValue);
      const valid = op.schema ? (sample(op.schema) as Record<string, unknown>) : {};
      let contentType = 'application/json';
      let body: string | Buffer = JSON.stringify(valid);
      switch (kind) {
        case 'wrongTypes':
          body = JSON.stringify(
            mapLeaves(valid, (v) =>
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
          body = JSON.stringify(mapLeaves(valid, (v) => (typeof v === 'string' ? 'A'.repeat(200_000) : v)));
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
          body = JSON.stringify(mapLeaves(valid, (v) => (typeof v === 'string' ? pick(INJECTIONS) : v)));
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
        case 'badQuery': {
          const params = op.query.length ? op.query.map((q) => q.name) : ['page', 'q'];
          url +=
            '?' +
            params
              .map((p) => `${encodeURIComponent(p)}=${encodeLoose(pick(INJECTIONS))}&${p}=2&${p}[]=x`)
              .join('&');
          break;
        }
      }
      const writes = op.method !== 'GET';
      const countsBefore = writes ? await rowCounts() : '';
      let req = (request(t.server) as any)[op.method.toLowerCase()](url);
      if (token) req = req.set(bearer(token));
      if (writes) req = req.set('Content-Type', contentType).send(body);
      const res = await req;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const what = `#${i} ${kind} ${op.method} ${op.path} as ${token ? ROLES[tokens.indexOf(token)] : 'anonymous'}`;
      if (res.status >= 500) {
        problems.push(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        continue;
      }
      if (res.status >= 400) {
        const b = res.body ?? {};
        if (
          b.statusCode !== res.status ||
          typeof b.error !== 'string' ||
          typeof b.message !== 'string' ||
          typeof b.code !== 'string'
        ) {
          problems.push(`${what}: ${res.status} without the error shape: ${String(res.text).slice(0, 200)}`);
        }
        if (writes && (await rowCounts()) !== countsBefore)
          problems.push(`${what}: refused (${res.status}) but rows changed`);
      } else if (writes) {
        accepted.push(`${what}: ${res.status}`);
      }
    }
    const health = await request(t.server).get('/health');
    expect(health.status).toBe(200);
    expect(problems.slice(0, 40)).toEqual([]);
    if (!accepted.length) expect(await snapshotTables(t.dataSource, IGNORED)).toEqual(fullBefore);
    const took = Date.now() - started;
    process.stdout.write(
      `fuzz: ${TOTAL} requests over ${ops.length} operations in ${took} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}; accepted writes ${accepted.length}\n${accepted.slice(0, 20).join('\n')}\n`,
    );
  });
});
