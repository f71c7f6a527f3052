/**
 * Multipart bodies (issue 13, item 7). A multipart body used to be read in full (up to 5.25 MB) by
 * every route, logged in or not, before anything looked at it. Now:
 *  - a multipart body to a route that takes no upload is refused (415) before its body is read;
 *  - an upload route refuses, before reading, a body whose Content-Length exceeds its limit (413) and
 *    a caller without a live session (401);
 *  - while reading, a file over the route's limit (413), of a type its first bytes do not show to be
 *    accepted (415), a second file, too many or too long fields (413), or a file in another field
 *    (400) stop the reading at once;
 *  - the upload routes keep working (their own suites: consent, partner documents, decrees, programme
 *    materials, the settings logo, and their pages).
 * "Before the body is read" is observed on the wire: the client sends the headers and a first part
 * of the body, then waits for the answer; the old parser answered only after the whole body.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { InstitutionsService } from '../src/institutions/institutions.service';
import { apiLogin, createTestApp, createUser, csrfFrom, pageLogin, TestApp } from './support/test-app';

const MIB = 1024 * 1024;
const BOUNDARY = '----lentera-test-boundary';
const PDF_HEAD = Buffer.from('%PDF-1.4\n');

interface Early {
  status: number;
  body: string;
  /** Bytes of the body the client had sent when the answer came. */
  sentBeforeAnswer: number;
}

/**
 * Sends a request whose body is `total` bytes long (declared with Content-Length, or chunked), the
 * first `head` bytes at once and the rest only if no answer came within `waitMs`. Resolves with the
 * answer and how much of the body had been sent by then.
 */
function sendSlowly(
  port: number,
  options: {
    method?: string;
    path: string;
    headers: Record<string, string>;
    head: Buffer;
    total: number;
    chunked?: boolean;
    waitMs?: number;
  },
): Promise<Early> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const headers: Record<string, string> = { ...options.headers };
    if (!options.chunked) headers['content-length'] = String(options.total);
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: options.method ?? 'POST',
      path: options.path,
      headers,
    });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          sentBeforeAnswer: sent,
        }),
      );
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    req.write(options.head);
    sent = options.head.length;
    setTimeout(() => {
      if (answered) return;
      // No answer yet: the server is reading. Send the rest (it would have read it all).
      const filler = Buffer.alloc(64 * 1024, 0x41);
      const pump = () => {
        while (!answered && sent < options.total) {
          const n = Math.min(filler.length, options.total - sent);
          sent += n;
          if (!req.write(filler.subarray(0, n))) return void req.once('drain', pump);
        }
        if (!answered) req.end();
      };
      pump();
    }, options.waitMs ?? 1500);
  });
}

/** The head of a multipart body: a few fields, then a file part's headers and its first bytes. */
function multipartHead(fields: Record<string, string>, file: { field: string; name: string; first: Buffer }) {
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return Buffer.concat([
    Buffer.from(
      parts.join('') +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\n` +
        'Content-Type: application/pdf\r\n\r\n',
    ),
    file.first,
  ]);
}

const MULTIPART = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };

describe('multipart bodies (e2e)', () => {
  let t: TestApp;
  let port: number;
  let coordinator: string;
  let activityId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    await createUser(t, 'koord', [Role.Coordinator]);
    coordinator = await apiLogin(t, 'koord');
    await t.app
      .get(InstitutionsService)
      .create({ name: 'Tim Penggerak PKK Kota', type: 'womens_organisation' });
    activityId = (
      await request(t.server)
        .post('/api/prevention-activities')
        .set('Authorization', `Bearer ${coordinator}`)
        .send({
          kind: 'socialization',
          title: 'Sosialisasi',
          activityDate: '2025-02-10',
          district: 'Tembalang',
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  const materials = () => `/api/prevention-activities/${activityId}/materials`;

  it.each([
    ['POST /api/auth/login', '/api/auth/login'],
    ['POST /login (a page form)', '/login'],
    ['POST /api/cases', '/api/cases'],
  ])('refuses a 5 MiB multipart body to %s before reading it (415)', async (_what, path) => {
    const head = multipartHead({ username: 'koord' }, { field: 'file', name: 'x.pdf', first: PDF_HEAD });
    const answer = await sendSlowly(port, { path, headers: MULTIPART, head, total: 5 * MIB });
    expect(answer.status).toBe(415);
    expect(answer.body).toContain('UNSUPPORTED_MEDIA_TYPE'); // JSON for the API, the error page for pages
    expect(answer.sentBeforeAnswer).toBeLessThan(MIB);
  });

  it('refuses an upload whose Content-Length exceeds the route limit before reading it (413)', async () => {
    const head = multipartHead({}, { field: 'file', name: 'big.pdf', first: PDF_HEAD });
    const answer = await sendSlowly(port, {
      path: materials(),
      headers: { ...MULTIPART, authorization: `Bearer ${coordinator}` },
      head,
      total: 50 * MIB,
    });
    expect(answer.status).toBe(413);
    expect(answer.sentBeforeAnswer).toBeLessThan(MIB);
  });

  it('refuses an upload without a live session before reading it (401)', async () => {
    const head = multipartHead({}, { field: 'file', name: 'x.pdf', first: PDF_HEAD });
    for (const authorization of [undefined, 'Bearer not-a-session-token-at-all-0123456789']) {
      const answer = await sendSlowly(port, {
        path: materials(),
        headers: { ...MULTIPART, ...(authorization ? { authorization } : {}) },
        head,
        total: 4 * MIB,
      });
      expect(answer.status).toBe(401);
      expect(answer.sentBeforeAnswer).toBeLessThan(MIB);
    }
  });

  it('stops reading a chunked upload as soon as its file passes the limit (413)', async () => {
    const head = multipartHead(
      {},
      { field: 'file', name: 'big.pdf', first: Buffer.concat([PDF_HEAD, Buffer.alloc(MIB)]) },
    );
    const answer = await sendSlowly(port, {
      path: materials(),
      headers: { ...MULTIPART, authorization: `Bearer ${coordinator}` },
      head,
      total: 64 * MIB,
      chunked: true,
      waitMs: 200,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).code).toBe('FILE_TOO_LARGE');
    expect(answer.sentBeforeAnswer).toBeLessThan(16 * MIB);
  });

  it('stops reading at the first bytes of a file of a type not accepted (415)', async () => {
    const head = multipartHead(
      {},
      { field: 'file', name: 'leaflet.pdf', first: Buffer.from('MZ\x90\x00 an executable') },
    );
    const answer = await sendSlowly(port, {
      path: materials(),
      headers: { ...MULTIPART, authorization: `Bearer ${coordinator}` },
      head,
      total: 4 * MIB,
      chunked: true,
    });
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.body).code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(answer.sentBeforeAnswer).toBeLessThan(MIB);
  });

  it('refuses a second file, too many fields, a too long field and a file in another field', async () => {
    const pdf = Buffer.concat([PDF_HEAD, Buffer.from('tiny')]);
    const api = () => request(t.server).post(materials()).set('Authorization', `Bearer ${coordinator}`);
    const two = await api().attach('file', pdf, 'a.pdf').attach('file', pdf, 'b.pdf');
    expect(two.status).toBe(413);
    let many = api();
    for (let i = 0; i < 120; i++) many = many.field(`f${i}`, 'x');
    expect((await many.attach('file', pdf, 'a.pdf')).status).toBe(413);
    const long = await api()
      .field('note', 'x'.repeat(64 * 1024))
      .attach('file', pdf, 'a.pdf');
    expect(long.status).toBe(413);
    const elsewhere = await api().attach('scan', pdf, 'a.pdf');
    expect(elsewhere.status).toBe(400);
    for (const res of [two, long, elsewhere]) expect(res.body.code).toEqual(expect.any(String));
    // and a good one goes through
    await api().attach('file', pdf, 'good.pdf').expect(201);
  });

  it('a page upload works with its CSRF token; a multipart post to a page form that takes none is refused', async () => {
    const agent = await pageLogin(t, 'koord');
    const page = await agent.get(`/programme/prevention/${activityId}`).expect(200);
    const pdf = Buffer.concat([PDF_HEAD, Buffer.from('page upload')]);
    await agent
      .post(`/programme/prevention/${activityId}/materials`)
      .field('_csrf', csrfFrom(page.text))
      .attach('file', pdf, 'from-page.pdf')
      .expect(303);
    const other = await agent.post('/language').field('_csrf', csrfFrom(page.text)).field('language', 'en');
    expect(other.status).toBe(415);
  });
});
