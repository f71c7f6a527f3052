/**
 * Issue 14, item 8: a nested object given the wrong shape is a 400, never accepted. `reporter: []`
 * used to be a 201 with the reporter silently dropped (`@ValidateNested()` validates the elements of
 * an array instead of refusing it, and `[]` has none); `perpetrators: [[]]` was accepted the same way.
 *
 * Generic: every JSON operation of /api/docs-json is walked; every property whose schema is an object
 * (a `$ref` to a schema with properties) is given an array, a string, a number and `[]`, and every
 * property that is a list of objects is given `[[]]`, `["x"]`, `[5]` and a string; each request is sent
 * by a role holding the operation's permission and must answer 400 VALIDATION_FAILED naming that
 * property (or its element). A second check walks class-validator's metadata of every DTO class a
 * route takes as its body or query: every property validated as nested must be among those the
 * OpenAPI walk found, so a nested property cannot hide from the first check by being undocumented.
 */
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { getMetadataStorage } from 'class-validator';
import request from 'supertest';
import { permissionsFor, Role, ROLES } from '../src/platform/auth/permissions';
import { UsersService } from '../src/users/users.service';
import { bearer, intakePayload } from './support/case-fixtures';
import { walkRoutes } from './support/routes';
import { apiLogin, createTestApp, createUser, TEST_PASSWORD, TestApp } from './support/test-app';
import { ModulesContainer } from '@nestjs/core';

jest.setTimeout(180_000);

// class-transformer keeps @Type() in this storage: its code ships under cjs/, its types under types/.
const { defaultMetadataStorage } =
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

const DUMMY_ID = '00000000-0000-4000-8000-000000000000';

interface NestedProperty {
  /** Dotted path in the body, e.g. `reporter` or `attendees`. */
  path: string;
  kind: 'object' | 'array';
}

interface Operation {
  method: string;
  path: string;
  permission: string;
  schema: any;
  nested: NestedProperty[];
}

const BAD_FOR: Record<NestedProperty['kind'], unknown[]> = {
  object: [[], [{}], 'x', 5, true],
  array: [[[]], ['x'], [5], 'x', 5],
};

describe('nested DTO properties refuse the wrong shape (e2e)', () => {
  let t: TestApp;
  let doc: any;
  let ops: Operation[];
  const tokens = new Map<Role, string>();

  const deref = (s: any): any => {
    let node = s;
    for (let i = 0; node && node.$ref && i < 10; i++)
      node = node.$ref
        .slice(2)
        .split('/')
        .reduce((n: any, k: string) => n?.[k], doc);
    if (node?.allOf) return Object.assign({}, ...node.allOf.map(deref));
    return node ?? {};
  };
  const isObjectSchema = (s: any) => {
    const d = deref(s);
    return (d.type === 'object' || d.type === undefined) && !!d.properties;
  };

  /** The nested properties of a schema, with their paths (into nested objects, not into arrays). */
  function nestedOf(schema: any, prefix = '', depth = 0): NestedProperty[] {
    const out: NestedProperty[] = [];
    if (depth > 4) return out;
    for (const [name, prop] of Object.entries<any>(deref(schema).properties ?? {})) {
      const path = prefix ? `${prefix}.${name}` : name;
      if (isObjectSchema(prop)) {
        out.push({ path, kind: 'object' });
        out.push(...nestedOf(prop, path, depth + 1));
      } else if (deref(prop).type === 'array' && isObjectSchema(deref(prop).items ?? {})) {
        out.push({ path, kind: 'array' });
      }
    }
    return out;
  }

  /** A plausible value for a schema (its validity does not matter: the check is the nested property's). */
  function sample(s: any, depth = 0): unknown {
    const schema = deref(s);
    if (depth > 6) return null;
    if (schema.enum) return schema.enum[0];
    switch (schema.type) {
      case 'string':
        return schema.format === 'uuid' ? DUMMY_ID : 'teks';
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

  function withValue(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
    const copy = JSON.parse(JSON.stringify(body));
    const parts = path.split('.');
    let node = copy;
    for (const p of parts.slice(0, -1)) {
      if (!node[p] || typeof node[p] !== 'object' || Array.isArray(node[p])) node[p] = {};
      node = node[p];
    }
    node[parts[parts.length - 1]] = value;
    return copy;
  }

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'adm', [Role.Admin]);
    const admin = await apiLogin(t, 'adm');
    const inst = await request(t.server)
      .post('/api/institutions')
      .set(bearer(admin))
      .send({ name: 'RSUD Uji', type: 'hospital', serviceRoles: ['medical'] })
      .expect(201);
    for (const role of ROLES) {
      const username = `n_${role}`;
      if (role === Role.TeamMember)
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
      else await createUser(t, username, [role]);
      tokens.set(role, await apiLogin(t, username));
    }
    doc = (await request(t.server).get('/api/docs-json').set(bearer(admin)).expect(200)).body;
    ops = [];
    for (const [path, item] of Object.entries<any>(doc.paths))
      for (const [method, op] of Object.entries<any>(item)) {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        if (!schema) continue;
        const nested = nestedOf(schema);
        if (nested.length)
          ops.push({ method: method.toUpperCase(), path, permission: op['x-permission'], schema, nested });
      }
  });
  afterAll(() => t.close());

  it('finds the nested properties of the API (the intake, corrections, conferences, PUG lists)', () => {
    const found = ops.flatMap((o) => o.nested.map((n) => `${o.method} ${o.path} ${n.path}`));
    expect(found).toEqual(
      expect.arrayContaining([
        'POST /api/cases reporter',
        'POST /api/cases victim',
        'POST /api/cases incident',
        'POST /api/cases perpetrators',
        'PATCH /api/cases/{id} victim',
        'PATCH /api/cases/{id} incident',
      ]),
    );
    expect(found.length).toBeGreaterThanOrEqual(16);
  });

  it('answers 400 naming the property for an array, a string or a number where an object belongs (and the reverse for lists)', async () => {
    const problems: string[] = [];
    let sent = 0;
    for (const op of ops) {
      const holder = [Role.Coordinator, ...ROLES].find((r) => permissionsFor([r]).has(op.permission as any));
      if (!holder) {
        problems.push(`${op.method} ${op.path}: no role holds ${op.permission}`);
        continue;
      }
      const url = op.path.replace(/\{[^}]+\}/g, DUMMY_ID);
      const valid = sample(op.schema) as Record<string, unknown>;
      for (const n of op.nested)
        for (const bad of BAD_FOR[n.kind]) {
          sent++;
          const server = request(t.server);
          const send = server[op.method.toLowerCase() as 'post' | 'put' | 'patch'].bind(server);
          const res = await send(url)
            .set(bearer(tokens.get(holder)!))
            .send(withValue(valid, n.path, bad));
          const fields: string[] = (res.body.details ?? []).map((d: any) => d.field);
          const named = fields.some((f) => f === n.path || f.startsWith(`${n.path}.`));
          if (res.status !== 400 || res.body.code !== 'VALIDATION_FAILED' || !named)
            problems.push(
              `${op.method} ${op.path} ${n.path}=${JSON.stringify(bad)}: ${res.status} ${res.body.code} [${fields.join(', ')}]`,
            );
        }
    }
    expect(problems).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(80);
  });

  it('the intake: a reporter array, string or number is a 400, a valid reporter is kept (was 201 with the reporter dropped)', async () => {
    const fd = tokens.get(Role.FrontDesk)!;
    for (const reporter of [[], [{ relationship: 'parent', name: 'Ibu' }], 'Ibu', 42]) {
      const res = await request(t.server)
        .post('/api/cases')
        .set(bearer(fd))
        .send(intakePayload({ reporter }))
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: any) => d.field)).toContain('reporter');
    }
    for (const perpetrators of [[[]], ['Budi'], [7]]) {
      const res = await request(t.server)
        .post('/api/cases')
        .set(bearer(fd))
        .send(intakePayload({ perpetrators }))
        .expect(400);
      expect(res.body.details.map((d: any) => d.field).join(' ')).toMatch(/^perpetrators(\.0)?( |$)/);
    }
    const ok = await request(t.server)
      .post('/api/cases')
      .set(bearer(fd))
      .send(intakePayload({ reporter: { relationship: 'parent', name: 'Ibu Sari' } }))
      .expect(201);
    expect(ok.body.reporterRelationship).toBe('parent');
  });

  it('every property class-validator validates as nested, in any DTO a route takes, is covered by the walk', () => {
    const storage = getMetadataStorage();
    const documented = new Set(ops.flatMap((o) => o.nested.map((n) => n.path.split('.').pop())));
    const classes = new Set<any>();
    for (const route of walkRoutes(t)) {
      for (const module of t.app.get(ModulesContainer).values())
        for (const wrapper of module.controllers.values()) {
          const type = wrapper.metatype as any;
          if (!type || type.name !== route.controller) continue;
          const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, type, route.handler) ?? {};
          const paramTypes: any[] =
            Reflect.getMetadata('design:paramtypes', type.prototype, route.handler) ?? [];
          for (const [key, arg] of Object.entries<any>(args)) {
            const kind = Number(key.split(':')[0]);
            if (kind !== RouteParamtypes.BODY && kind !== RouteParamtypes.QUERY) continue;
            const cls = paramTypes[arg.index];
            if (typeof cls === 'function' && ![Object, String, Number, Boolean, Array].includes(cls))
              classes.add(cls);
          }
        }
    }
    expect(classes.size).toBeGreaterThan(50);
    const missing: string[] = [];
    const visit = (cls: any, seen = new Set<any>()) => {
      if (seen.has(cls)) return;
      seen.add(cls);
      for (const m of storage.getTargetValidationMetadatas(cls, '', true, false)) {
        if (m.type !== 'nestedValidation') continue;
        if (!documented.has(m.propertyName)) missing.push(`${cls.name}.${m.propertyName}`);
        const rules = storage
          .getTargetValidationMetadatas(cls, '', true, false)
          .filter((x) => x.propertyName === m.propertyName)
          .map((x) => `${x.name ?? x.type}${x.each ? '[]' : ''}`);
        if (!rules.some((r) => r === 'isObject' || r === 'isObject[]'))
          missing.push(`${cls.name}.${m.propertyName} has no object check (${rules.join(', ')})`);
        const nestedType = defaultMetadataStorage.findTypeMetadata(cls, m.propertyName)?.typeFunction();
        if (nestedType) visit(nestedType, seen);
        else missing.push(`${cls.name}.${m.propertyName} has no @Type`);
      }
    };
    const seen = new Set<any>();
    for (const cls of classes) visit(cls, seen);
    // the nested classes were visited too (VictimInputDto inside CreateCaseDto …)
    expect([...seen].map((c) => c.name)).toEqual(
      expect.arrayContaining(['CreateCaseDto', 'ReporterInputDto']),
    );
    expect(missing).toEqual([]);
  });
});
