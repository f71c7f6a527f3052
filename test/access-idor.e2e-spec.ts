/**
 * IDOR (issue 8, suite 2): every route with an id, generated from the route list (walkRoutes). Each
 * id parameter is classified by the record it names (test/support/access-idor.ts; an unknown one
 * fails), filled with a real id of a record the caller has no business with — another counselor's
 * case and everything hanging off it (chronology entries, conferences and their action items,
 * support services, shelter stays, recovery services, consents, referrals and their documents),
 * another institution's referrals and documents, a referral that was revoked, another user's
 * notification, another volunteer's assignment, another coordinator's export job — and sent by
 * every outsider who holds the route's permission, reads and writes alike (writes with a valid body,
 * pages with a valid CSRF token, so that it is the ownership check that refuses):
 *  - the answer is the route's "not yours" (404; never 2xx, never 5xx), without the victim's data;
 *    inside a case one works on, someone else's action item is 403 (seen, not theirs to change); the
 *    team member whose referral was revoked still reads its summary (200, nothing disclosed, by
 *    design) and can do nothing more with it (API 404/409/422, page 303 back with `?error=`);
 *  - refused writes leave the database as it was (table checksums, audit log and sessions aside);
 *  - every refusal is in the audit log: a 403 as exactly one `denied` row; a 404 as one `failed`
 *    row with code NOT_FOUND (the app's convention: "not found or not yours" is not a denial);
 *  - the owner's same request is not refused (the control that the ids and bodies are right; reads
 *    200, writes neither 401/403/404/5xx nor a validation error — a domain 409/422 is fine, since
 *    the owner's writes run one after the other on the same records).
 * ACCESS_VERBOSE=1 prints every owner control's answer.
 */
import request from 'supertest';
import { permissionsFor, ROLES } from '../src/auth/permissions';
import { BODIES, Body, classify, KINDS, Probe } from './support/access-idor';
import { AccessWorld, buildAccessWorld, holds, PDF, SECRET_NAME, SECRET_NIK } from './support/access-world';
import { bearer } from './support/case-fixtures';
import { snapshotTables } from './support/db-snapshot';
import { isApiPath, RouteInfo, walkRoutes } from './support/routes';
import { createTestApp, TestApp } from './support/test-app';

const where = (r: RouteInfo) => `${r.method} ${r.path}`;

function binary(res: any, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('IDOR: every route with an id, with someone else’s record (e2e)', () => {
  let t: TestApp;
  let w: AccessWorld;
  let routes: RouteInfo[];
  const stats = {
    probes: 0,
    routes: 0,
    byKind: {} as Record<string, number>,
    controls: 0,
    global: 0,
    scoped: 0,
  };

  beforeAll(async () => {
    t = await createTestApp();
    routes = walkRoutes(t).filter((r) => !r.isPublic && r.path.includes(':'));
    w = await buildAccessWorld(t);
  }, 120000);
  afterAll(() => t.close());

  const fill = (path: string, ids: string[]) => {
    let i = 0;
    return path.replace(/:[A-Za-z0-9_]+/g, () => ids[i++]);
  };

  async function send(route: RouteInfo, probe: Probe, body: Body) {
    const who = w.people[probe.who];
    const api = isApiPath(route.path);
    const method = route.method.toLowerCase();
    const url = fill(route.path, probe.ids);
    let req = api
      ? (request(t.server) as any)[method](url).set(bearer(who.token))
      : (who.agent as any)[method](url);
    if (probe.query) req = req.query(probe.query);
    if (route.method !== 'GET') {
      if (body === 'upload') {
        if (!api) req = req.field('_csrf', who.csrf);
        req = req.attach('file', PDF, 'dokumen.pdf');
      } else if (api) {
        req = req.send(body ?? {});
      } else {
        const fields: [string, string][] = [['_csrf', who.csrf]];
        for (const [k, v] of Object.entries(body ?? {}))
          for (const item of Array.isArray(v) ? v : [v]) fields.push([k, String(item)]);
        req = req.type('form').send(new URLSearchParams(fields).toString());
      }
    }
    const res = await req.buffer(true).parse(binary);
    const text = (res.body as Buffer).toString('utf8');
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.status as number, text, json, location: res.headers.location as string | undefined };
  }

  const auditCounts = async (): Promise<Record<string, number>> => {
    const rows: { outcome: string; code: string | null; n: string | number }[] = await t.dataSource.query(
      'SELECT outcome, code, COUNT(*) AS n FROM audit_logs GROUP BY outcome, code',
    );
    return Object.fromEntries(rows.map((r) => [`${r.outcome}:${r.code ?? ''}`, Number(r.n)]));
  };
  const auditDiff = (before: Record<string, number>, after: Record<string, number>) =>
    Object.entries(after)
      .map(([k, n]) => [k, n - (before[k] ?? 0)] as const)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k}x${n}`)
      .sort();

  it('classifies every id of every route, and has an outsider of every role that holds the permission', () => {
    const problems: string[] = [];
    for (const r of routes) {
      const { kind, problems: p } = classify(r);
      problems.push(...p);
      if (kind === 'global') stats.global++;
      if (!kind || kind === 'global') continue;
      stats.scoped++;
      const spec = KINDS[kind];
      if (r.method !== 'GET' && !BODIES[where(r)])
        problems.push(`${where(r)}: no request body for the IDOR pass (add one to BODIES)`);
      // Every role holding the permission: either it sees every record of the kind, or one of its
      // people knocks on someone else's.
      const probeRoles = new Set(spec.probes(w, r).flatMap((p) => w.people[p.who].roles));
      for (const role of ROLES) {
        if (!permissionsFor([role]).has(r.permission as any)) continue;
        if (!spec.seesAll.includes(role) && !probeRoles.has(role))
          problems.push(`${where(r)}: ${role} holds ${r.permission} but no ${role} outsider knocks`);
      }
    }
    for (const key of Object.keys(BODIES))
      if (!routes.some((r) => where(r) === key))
        problems.push(`BODIES names a route that does not exist: ${key}`);
    expect(problems).toEqual([]);
  });

  it('refuses every outsider on every route with an id: 404, nothing leaked, nothing changed, audited', async () => {
    await w.refreshVersions();
    const ignore = ['audit_logs', 'sessions'];
    const snapshot = () => snapshotTables(t.dataSource, ignore);
    const changedSince = async (before: Awaited<ReturnType<typeof snapshot>>) => {
      const now = await snapshot();
      return {
        now,
        changed: Object.keys(now).filter((k) => JSON.stringify(now[k]) !== JSON.stringify(before[k])),
      };
    };
    const problems: string[] = [];
    const knocks: { r: RouteInfo; kind: string; probe: Probe }[] = [];
    for (const r of routes) {
      const { kind } = classify(r);
      if (!kind || kind === 'global') continue;
      const probes = KINDS[kind].probes(w, r).filter((p) => holds(w.people[p.who], r.permission));
      if (!probes.length) continue;
      stats.routes++;
      stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
      for (const probe of probes) knocks.push({ r, kind, probe });
    }
    // Reads first (checked together for changes), then each write with its own before/after.
    knocks.sort((x, y) => Number(x.r.method !== 'GET') - Number(y.r.method !== 'GET'));
    let snap = await snapshot();
    let readsChecked = false;
    for (const { r, kind, probe } of knocks) {
      if (r.method !== 'GET' && !readsChecked) {
        const { now, changed } = await changedSince(snap);
        if (changed.length) problems.push(`refused reads changed ${changed.join(', ')}`);
        snap = now;
        readsChecked = true;
      }
      stats.probes++;
      const a0 = await auditCounts();
      const res = await send(r, probe, probe.body ?? BODIES[where(r)]?.body(w));
      const added = auditDiff(a0, await auditCounts());
      const label = `${where(r)} as ${probe.who} (${probe.note})`;
      if (r.method !== 'GET') {
        const { now, changed } = await changedSince(snap);
        if (changed.length)
          problems.push(`${label}: answered ${res.status} but changed ${changed.join(', ')}`);
        snap = now;
      }
      if (!probe.expect.includes(res.status)) {
        problems.push(
          `${label}: got ${res.status} ${res.json?.code ?? res.location ?? ''}, expected ${probe.expect.join('/')}`,
        );
        continue;
      }
      if (res.status === 303 && !/[?&]error=[A-Z_]+/.test(res.location ?? '')) {
        problems.push(`${label}: 303 to ${res.location} is not a refusal`);
        continue;
      }
      if (res.text.includes(SECRET_NAME) || res.text.includes(SECRET_NIK))
        problems.push(`${label}: the answer carries the victim's name or NIK`);
      if (res.status === 403 && added.join() !== 'denied:FORBIDDENx1')
        problems.push(`${label}: 403 audited as [${added.join(', ')}], expected one denied row`);
      if (res.status === 404 && !(added.length === 1 && /^failed:[A-Z_]*NOT_FOUNDx1$/.test(added[0])))
        problems.push(`${label}: 404 audited as [${added.join(', ')}], expected one failed NOT_FOUND row`);
      if (res.status === 200 && kind === 'partnerReferral' && res.json && res.json.access !== undefined) {
        if (res.json.access !== 'summary' || res.json.disclosed !== null)
          problems.push(`${label}: a revoked referral must show only a summary`);
      }
    }
    expect(problems).toEqual([]);
    expect(readsChecked).toBe(true);
    expect(stats.probes).toBeGreaterThan(150);
  });

  it("the owner's same request is not refused (the ids and bodies are right)", async () => {
    await w.refreshVersions();
    const problems: string[] = [];
    const calls: { r: RouteInfo; probe: Probe; rank: number }[] = [];
    for (const r of routes) {
      const { kind } = classify(r);
      if (!kind || kind === 'global') continue;
      const owners = KINDS[kind].owners(w, r).filter((p) => holds(w.people[p.who], r.permission));
      const owner = owners[0];
      if (!owner) {
        problems.push(`${where(r)}: no owner holds ${r.permission}`);
        continue;
      }
      for (const p of r.method === 'GET' ? owners : [owner])
        calls.push({ r, probe: p, rank: r.method === 'GET' ? -1 : (BODIES[where(r)]?.rank ?? 0) });
    }
    calls.sort((x, y) => x.rank - y.rank);
    for (const { r, probe } of calls) {
      // versions move as the owner's writes succeed
      if (r.method !== 'GET') await w.refreshVersions();
      const res = await send(r, probe, BODIES[where(r)]?.body(w));
      stats.controls++;
      const label = `${where(r)} as ${probe.who} (${probe.note})`;
      const api = isApiPath(r.path);
      const refused = [401, 403, 404].includes(res.status) || res.status >= 500;
      const invalid =
        (api && res.status === 400) || /error=(VALIDATION_FAILED|BAD_REQUEST)/.test(res.location ?? '');
      if (process.env.ACCESS_VERBOSE)
        process.stdout.write(`control ${label}: ${res.status} ${res.json?.code ?? res.location ?? ''}\n`);
      if (r.method === 'GET' ? res.status !== 200 : refused || invalid)
        problems.push(`${label}: got ${res.status} ${res.json?.code ?? res.location ?? ''}`);
    }
    expect(problems).toEqual([]);
    process.stdout.write(
      `IDOR: ${routes.length} routes with an id: ${stats.global} on records without an owner, ${stats.scoped} on owned records, ${stats.routes} of them with an outsider holding the permission (the rest: coordinators only, who see every case) probed (${Object.entries(
        stats.byKind,
      )
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}), ${stats.probes} outsider requests, ${stats.controls} owner controls\n`,
    );
  });
});
