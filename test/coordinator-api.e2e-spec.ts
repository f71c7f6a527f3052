/**
 * Issue 14, item 12: API gaps a coordinator meets.
 *  - `GET /api/counselors`: the counselors a case can be assigned to (active, with the counselor role),
 *    ids and names only, in the list shape, for coordinators (permission `counselors.read`, in the
 *    OpenAPI document; the access matrix picks it up by itself);
 *  - `GET /api/cases/{id}/history` answers the documented list shape `{items,total,page,pageSize}`
 *    (oldest first, `?page=&pageSize=` at most 100); the case page shows the latest page of it with
 *    links to the earlier ones.
 */
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { bearer, registerCase } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, pageLogin, TestApp } from './support/test-app';

describe('coordinator API gaps (e2e)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const tok: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    for (const [name, roles, displayName] of [
      ['coord', [Role.Coordinator], 'Budi Koordinator'],
      ['k1', [Role.Counselor], 'Dewi Konselor'],
      ['k2', [Role.Counselor], 'Rina Pendamping'],
      ['k3', [Role.Counselor], 'Sari Keluar'],
      ['both', [Role.Coordinator, Role.Counselor], 'Ani Dua Peran'],
      ['fd', [Role.FrontDesk], 'Penerima'],
      ['adm', [Role.Admin], 'Admin'],
    ] as const) {
      ids[name] = (await createUser(t, name, [...roles])).id;
      await t.dataSource.query(
        `UPDATE "users" SET "displayName" = '${displayName}' WHERE "id" = '${ids[name]}'`,
      );
      tok[name] = await apiLogin(t, name);
    }
    // k3 left the centre: disabled
    const k3 = await request(t.server).get(`/api/users/${ids.k3}`).set(bearer(tok.adm)).expect(200);
    await request(t.server)
      .post(`/api/users/${ids.k3}/disable`)
      .set(bearer(tok.adm))
      .send({ version: k3.body.version })
      .expect(200);
  });
  afterAll(() => t.close());

  describe('GET /api/counselors', () => {
    it('lists the active counselors, ids and names only, in the list shape', async () => {
      const res = await request(t.server).get('/api/counselors').set(bearer(tok.coord)).expect(200);
      expect(Object.keys(res.body).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
      expect(res.body.total).toBe(3);
      expect(res.body.items).toEqual([
        { id: ids.both, name: 'Ani Dua Peran' },
        { id: ids.k1, name: 'Dewi Konselor' },
        { id: ids.k2, name: 'Rina Pendamping' },
      ]);
      const page2 = await request(t.server)
        .get('/api/counselors?page=2&pageSize=2')
        .set(bearer(tok.coord))
        .expect(200);
      expect(page2.body).toEqual({
        items: [{ id: ids.k2, name: 'Rina Pendamping' }],
        total: 3,
        page: 2,
        pageSize: 2,
      });
      await request(t.server).get('/api/counselors?pageSize=101').set(bearer(tok.coord)).expect(400);
    });

    it('gives ids that the assignment accepts (and the disabled counselor is not among them)', async () => {
      const c = await registerCase(t, tok.fd);
      const { body } = await request(t.server).get('/api/counselors').set(bearer(tok.coord)).expect(200);
      expect(body.items.map((i: any) => i.id)).not.toContain(ids.k3);
      const assigned = await request(t.server)
        .post(`/api/cases/${c.id}/assignment`)
        .set(bearer(tok.coord))
        .send({ counselorId: body.items[1].id, version: c.version })
        .expect(200);
      expect(assigned.body.assignedCounselorName).toBe('Dewi Konselor');
      const refused = await request(t.server)
        .post(`/api/cases/${c.id}/assignment`)
        .set(bearer(tok.coord))
        .send({ counselorId: ids.k3, version: assigned.body.version })
        .expect(422);
      expect(refused.body.code).toBe('COUNSELOR_NOT_FOUND');
    });

    it('is for coordinators only (403 for counselors, front desk and the admin)', async () => {
      for (const who of ['k1', 'fd', 'adm']) {
        const res = await request(t.server).get('/api/counselors').set(bearer(tok[who])).expect(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
    });

    it('is documented with its permission', async () => {
      const doc = (await request(t.server).get('/api/docs-json').set(bearer(tok.coord)).expect(200)).body;
      const op = doc.paths['/api/counselors'].get;
      expect(op['x-permission']).toBe('counselors.read');
      const schema = op.responses['200'].content['application/json'].schema;
      const page = doc.components.schemas[schema.$ref.split('/').pop()];
      expect(Object.keys(page.properties).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
      const item = doc.components.schemas[page.properties.items.items.$ref.split('/').pop()];
      expect(Object.keys(item.properties).sort()).toEqual(['id', 'name']);
    });
  });

  describe('GET /api/cases/{id}/history', () => {
    let caseId: string;
    let eventCount: number;

    beforeAll(async () => {
      const c = await registerCase(t, tok.fd);
      caseId = c.id;
      let version = c.version;
      // 27 events: the intake and 26 (re)assignments
      for (let i = 0; i < 26; i++) {
        const res = await request(t.server)
          .post(`/api/cases/${caseId}/assignment`)
          .set(bearer(tok.coord))
          .send({ counselorId: i % 2 ? ids.k1 : ids.k2, version })
          .expect(200);
        version = res.body.version;
        eventCount = res.body.eventCount;
      }
    });

    it('answers {items,total,page,pageSize}, oldest first, 25 by default', async () => {
      expect(eventCount).toBe(27);
      const res = await request(t.server)
        .get(`/api/cases/${caseId}/history`)
        .set(bearer(tok.coord))
        .expect(200);
      expect(Object.keys(res.body).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
      expect(res.body).toMatchObject({ total: 27, page: 1, pageSize: 25 });
      expect(res.body.items.map((e: any) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect(res.body.items[0].type).toBe('case.registered');
    });

    it('pages with ?page=&pageSize= (at most 100)', async () => {
      const res = await request(t.server)
        .get(`/api/cases/${caseId}/history?page=9&pageSize=3`)
        .set(bearer(tok.coord))
        .expect(200);
      expect(res.body.items.map((e: any) => e.seq)).toEqual([25, 26, 27]);
      const beyond = await request(t.server)
        .get(`/api/cases/${caseId}/history?page=10&pageSize=3`)
        .set(bearer(tok.coord))
        .expect(200);
      expect(beyond.body).toEqual({ items: [], total: 27, page: 10, pageSize: 3 });
      for (const bad of ['pageSize=101', 'pageSize=0', 'page=0', 'page=x'])
        await request(t.server).get(`/api/cases/${caseId}/history?${bad}`).set(bearer(tok.coord)).expect(400);
    });

    it('the case page shows the latest page of the history, with a link to the earlier events', async () => {
      const agent = await pageLogin(t, 'coord');
      const rows = (html: string) =>
        [
          ...(/<table class="history-table">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '').matchAll(
            /<tr>\s*<td>(\d+)<\/td>/g,
          ),
        ].map((m) => Number(m[1]));
      const html = async (url: string) => (await agent.get(url).expect(200)).text.replace(/&#x3D;/g, '=');
      const latest = { text: await html(`/cases/${caseId}/history`) };
      expect(rows(latest.text)).toEqual([26, 27]);
      expect(latest.text).toContain(`href="/cases/${caseId}/history?historyPage=1#history"`);
      expect(latest.text).toContain('26–27 dari 27');
      const first = { text: await html(`/cases/${caseId}/history?historyPage=1`) };
      expect(rows(first.text)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect(first.text).toContain(`href="/cases/${caseId}/history?historyPage=2#history"`);
      // a page beyond the last shows the last; nonsense shows the latest
      expect(rows((await agent.get(`/cases/${caseId}/history?historyPage=99`).expect(200)).text)).toEqual([
        26, 27,
      ]);
      expect(rows((await agent.get(`/cases/${caseId}/history?historyPage=abc`).expect(200)).text)).toEqual([
        26, 27,
      ]);
    });
  });

  it('no GET answers a bare list: every list has the {items,total,page,pageSize} shape and ?page=&pageSize=', async () => {
    const doc = (await request(t.server).get('/api/docs-json').set(bearer(tok.coord)).expect(200)).body;
    const deref = (s: any) => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s);
    const bare: string[] = [];
    const unpaged: string[] = [];
    let lists = 0;
    for (const [path, item] of Object.entries<any>(doc.paths))
      for (const [method, op] of Object.entries<any>(item)) {
        if (method !== 'get') continue; // lists are read with GET (an action may answer its results)
        const schema = deref(op.responses?.['200']?.content?.['application/json']?.schema);
        if (!schema) continue;
        if (schema.type === 'array') bare.push(`${method.toUpperCase()} ${path}`);
        if (schema.properties?.items && schema.properties?.total) {
          lists++;
          const params = (op.parameters ?? []).map((p: any) => p.name);
          if (!params.includes('page') || !params.includes('pageSize'))
            unpaged.push(`${method.toUpperCase()} ${path}`);
        }
      }
    expect(bare).toEqual([]);
    expect(unpaged).toEqual([]);
    expect(lists).toBeGreaterThan(20);
  });
});
