import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { binary, pdfText } from './chronology-fixtures';
import { classify, Kind } from './support/access-idor';
import { bearer } from './support/case-fixtures';
import { buildDisclosureWorld, C, CANARIES, DisclosureWorld, PARTNERS } from './support/disclosure-world';
import { isApiPath, RouteInfo, walkRoutes } from './support/routes';
import { createTestApp, TestApp } from './support/test-app';

/*
 * The disclosure matrix (issue 12): every kind of reader × every output that can carry case data ×
 * a canary in every personal field. Outputs are generated from Nest's own route list (every GET route,
 * its ids filled with the records of the world, the print routes with their options, page routes with
 * the page session and API routes with the bearer token) plus the read-like POSTs (the duplicate check,
 * the case-list export); answers are read as what a person gets (JSON, the page's text, the PDF's
 * text, the CSV/XLSX cells). A canary in an answer to a reader outside its allowed set fails the
 * suite; so does an allowed canary no output shows (the suite would be blind), and a route whose id
 * the matrix cannot fill. The expected sets below are written from DOMAIN.md's principles, not from
 * the gate's rules table.
 */

const X = [
  'name',
  'nik',
  'typedStreet',
  'typedPhone',
  'movedStreet',
  'movedPhone',
  'narrative',
  'location',
  'reporterName',
  'reporterPhone',
  'perpetratorName',
  'counseling',
  'safetyPlan',
  'entry',
  'medical',
  'otherService',
  'conference',
  'instructions',
  'shelterStage',
  'flag',
  'flagKind',
];
const Q = ['qName', 'qNik', 'qStreet', 'qPhone', 'qNarrative'];
const SAFE_HOUSE = ['safeHouseName', 'safeHouseAddress'];
/** What the front desk typed at case X's intake (and nothing written after). */
const TYPED = [
  'name',
  'nik',
  'typedStreet',
  'typedPhone',
  'narrative',
  'location',
  'reporterName',
  'reporterPhone',
  'perpetratorName',
];
const MOVED = ['movedStreet', 'movedPhone'];

/** Pages that carry no case data but name the stages (the workflow's reference). */
const REFERENCE_OUTPUTS = new Set(['GET /workflow']);

/** Reader → the canaries they may meet anywhere. */
const ALLOWED: Record<string, string[]> = {
  coord: [...X, ...Q, ...SAFE_HOUSE],
  cA: [...X, 'safeHouseName'], // the assigned counselor of X (not of Q); safe-house addresses: coordinators
  cB: ['safeHouseName'], // another counselor: the names of the centre's safe houses, no case
  fd: [...TYPED, ...Q], // registered both: what was typed, never what came after
  fd2: [], // another front desk: case Q waits at intake, but only its initials are theirs
  tmIdentity: ['name'],
  tmContact: MOVED, // the current contact, not the one typed before she moved
  tmNarrative: ['narrative', 'location', 'entry'], // the account, without name, NIK, street or phone
  tmMedical: ['medical'],
  tmCounseling: ['counseling'],
  tmShelter: ['shelterStage'], // that she is in a safe house, never which
  tmAll: ['name', ...MOVED, 'narrative', 'location', 'entry', 'medical', 'counseling', 'shelterStage'],
  tmRevoked: [],
  kader: ['name', ...MOVED, 'instructions'],
  pug: [],
  admin: [],
};

const ENTITIES: Record<string, string> = {
  '&#x27;': "'",
  '&quot;': '"',
  '&#x3D;': '=',
  '&gt;': '>',
  '&lt;': '<',
  '&#x60;': '`',
  '&#x2F;': '/',
};
const decode = (html: string) =>
  html.replace(/&#x27;|&quot;|&#x3D;|&gt;|&lt;|&#x60;|&#x2F;/g, (m) => ENTITIES[m]).replace(/&amp;/g, '&');

interface Output {
  /** `METHOD /route/pattern` (+ variant) */
  name: string;
  method: 'get' | 'post';
  url: (reader: string) => string | null;
  query?: (reader: string) => Record<string, string> | undefined;
  body?: object;
}

/** Requests in flight at once (reads only; each answer is searched on its own). */
const MATRIX_CONCURRENCY = 4;

describe('disclosure matrix: no canary reaches a reader outside its set (e2e)', () => {
  let t: TestApp;
  let w: DisclosureWorld;
  const hits = new Map<string, Set<string>>(); // `${reader} ${canary}` → outputs
  const unclassified: string[] = [];
  let outputs: Output[] = [];
  let calls = 0;

  /** The id a route's parameter names, for this reader (their own records where they have some). */
  function idFor(kind: Kind, reader: string, path: string, caseId: string): string {
    const own = w.referralOf[reader] ?? w.referralOf.tmAll;
    switch (kind) {
      case 'case':
        return caseId;
      case 'case.entry':
        return w.ids.entryX;
      case 'case.actionItem':
        return w.ids.actionItemX;
      case 'case.conference':
        return w.ids.conferenceX;
      case 'case.supportService':
        return w.ids.serviceX;
      case 'case.shelterStay':
        return w.ids.stayX;
      case 'consent':
        return w.ids.consentX;
      case 'referral':
      case 'partnerReferral':
        return own;
      case 'myMonitoring':
      case 'monitoringAssignment':
        return w.ids.monitoringX;
      case 'global':
        if (path.includes('safe-houses')) return w.ids.safeHouse;
        if (path.includes('institutions')) return w.ids.inst_tmAll;
        return randomUUID();
      default:
        // documents, notifications, export jobs, recovery services: none in this world (404 for all)
        return randomUUID();
    }
  }

  function routeOutputs(routes: RouteInfo[]): Output[] {
    const out: Output[] = [];
    for (const route of routes) {
      if (route.method !== 'GET' || route.path.startsWith('/api/docs')) continue;
      const params = route.path.match(/:[A-Za-z0-9_]+/g) ?? [];
      const { problems } = classify(route);
      if (problems.length) {
        unclassified.push(...problems);
        continue;
      }
      const print = route.permission === 'chronology.print';
      const query = (reader: string): Record<string, string> | undefined =>
        print
          ? w.referralOf[reader]
            ? { purpose: 'partner_institution', referralId: w.referralOf[reader] }
            : { purpose: 'case_conference' }
          : undefined;
      const build = (caseId: string) => (reader: string) => {
        let url = route.path;
        for (const p of params) {
          const prefix = route.path.slice(0, route.path.indexOf(p) + p.length).replace(/^\/api(?=\/)/, '');
          const { kind } = classify({ ...route, path: prefix });
          url = url.replace(p, idFor(kind!, reader, prefix, caseId));
        }
        return url;
      };
      const first = params[0];
      const onCase =
        !!first &&
        classify({ ...route, path: route.path.slice(0, route.path.indexOf(first) + first.length) }).kind ===
          'case';
      out.push({ name: `GET ${route.path}`, method: 'get', url: build(w.ids.caseX), query });
      if (onCase)
        out.push({ name: `GET ${route.path} (case Q)`, method: 'get', url: build(w.ids.caseQ), query });
      if (print)
        out.push({
          name: `GET ${route.path} (redacted)`,
          method: 'get',
          url: (reader) => (w.referralOf[reader] ? null : build(w.ids.caseX)(reader)),
          query: () => ({ purpose: 'court', redacted: 'true' }),
        });
    }
    // Read-like POSTs: their answers are outputs too.
    out.push(
      {
        name: 'POST /api/cases/duplicate-check',
        method: 'post',
        url: () => '/api/cases/duplicate-check',
        body: { nik: C.nik },
      },
      {
        name: 'POST /api/cases/duplicate-check (case Q)',
        method: 'post',
        url: () => '/api/cases/duplicate-check',
        body: { nik: C.qNik },
      },
      {
        name: 'POST /api/reports/case-export (csv, every personal field)',
        method: 'post',
        url: () => '/api/reports/case-export',
        body: {
          from: '2026-01-01',
          to: '2026-12-31',
          format: 'csv',
          personalFields: ['victimName', 'victimNik', 'victimBirthDate', 'victimPhone', 'victimAddress'],
          reason: 'case_transfer',
        },
      },
      {
        name: 'POST /api/reports/case-export (xlsx)',
        method: 'post',
        url: () => '/api/reports/case-export',
        body: {
          from: '2026-01-01',
          to: '2026-12-31',
          format: 'xlsx',
          personalFields: ['victimName'],
          reason: 'case_transfer',
        },
      },
      {
        name: 'POST /api/reports/national-export (csv, every personal field it allows)',
        method: 'post',
        url: () => '/api/reports/national-export',
        body: {
          from: '2026-01-01',
          to: '2026-12-31',
          format: 'csv',
          personalFields: ['victimName', 'victimNik', 'victimBirthDate', 'victimAddress'],
          reason: 'simfoni_by_name_by_address',
        },
      },
      {
        name: 'POST /api/reports/national-export/dry-run',
        method: 'post',
        url: () => '/api/reports/national-export/dry-run',
        body: { from: '2026-01-01', to: '2026-12-31' },
      },
    );
    return out;
  }

  /** What a person gets from an answer, as text. */
  async function textOf(res: request.Response): Promise<string> {
    const type = String(res.headers['content-type'] ?? '');
    const raw: Buffer = Buffer.isBuffer(res.body) ? res.body : Buffer.from(res.text ?? '');
    if (type.includes('application/pdf')) return pdfText(raw);
    if (type.includes('spreadsheetml')) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(raw as any);
      const cells: string[] = [];
      book.eachSheet((sheet) =>
        sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value ?? '')))),
      );
      return cells.join('\n');
    }
    const text = raw.toString('utf8');
    return type.includes('text/html') ? decode(text) : text;
  }

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildDisclosureWorld(t);
    outputs = routeOutputs(walkRoutes(t));
    const jobs: { reader: string; r: (typeof w.readers)[string]; o: (typeof outputs)[number] }[] = [];
    for (const [reader, r] of Object.entries(w.readers)) for (const o of outputs) jobs.push({ reader, r, o });
    const ask = async ({ reader, r, o }: (typeof jobs)[number]) => {
      const url = o.url(reader);
      if (!url) return;
      const api = isApiPath(url);
      const agent = api ? request(t.server) : r.agent;
      let req = (o.method === 'get' ? agent.get(url) : agent.post(url)).buffer(true).parse(binary);
      if (api) req = req.set(bearer(r.token));
      const query = o.query?.(reader);
      if (query) req = req.query(query);
      if (o.body) req = req.send(o.body);
      const res = await req;
      calls++;
      if (res.status >= 500) throw new Error(`${reader} ${o.name}: ${res.status}`);
      const text = await textOf(res);
      for (const [canary, pattern] of Object.entries(CANARIES)) {
        if (!pattern.test(text)) continue;
        if (canary === 'shelterStage' && REFERENCE_OUTPUTS.has(o.name)) continue;
        const key = `${reader} ${canary}`;
        if (!hits.has(key)) hits.set(key, new Set());
        hits.get(key)!.add(o.name);
      }
    };
    // Every request is a read whose answer is searched on its own, so they are sent a few at a time:
    // the database's work (sqlite's own threads, or the server) overlaps the application's.
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) await ask(jobs[next++]);
    };
    await Promise.all(Array.from({ length: MATRIX_CONCURRENCY }, worker));
  }, 600_000);
  afterAll(() => t.close());

  it('classifies every route (a route whose ids it cannot fill fails it)', () => {
    expect(unclassified).toEqual([]);
    expect(outputs.length).toBeGreaterThan(150);
    expect(Object.keys(w.readers).sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it.each(Object.keys(ALLOWED))('%s meets no canary outside their set', (reader) => {
    const leaks = [...hits.entries()]
      .filter(([key]) => key.startsWith(`${reader} `))
      .map(([key, where]) => ({ canary: key.split(' ')[1], where: [...where].sort() }))
      .filter((h) => !ALLOWED[reader].includes(h.canary));
    expect(leaks).toEqual([]);
  });

  it.each(Object.keys(ALLOWED).filter((r) => ALLOWED[r].length))(
    '%s meets every canary of their set somewhere (the matrix sees what it claims to check)',
    (reader) => {
      const missing = ALLOWED[reader].filter((canary) => !hits.has(`${reader} ${canary}`));
      expect(missing).toEqual([]);
    },
  );

  it('reports its size', () => {
    const readers = Object.keys(w.readers).length;
    const canaries = Object.keys(CANARIES).length;
    // Printed for the README ("Who sees what"): readers × outputs × canaries, and the requests made.
    console.log(
      `disclosure matrix: ${readers} readers × ${outputs.length} outputs × ${canaries} canaries; ${calls} requests; partners under ${Object.keys(PARTNERS).length} consent scopes`,
    );
    expect(calls).toBeGreaterThan(readers * 150);
  });
});
