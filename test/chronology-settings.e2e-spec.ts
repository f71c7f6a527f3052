import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deflateSync } from 'node:zlib';
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { bearer, registerCase } from './support/case-fixtures';
import {
  apiLogin,
  createTestApp,
  createUser,
  csrfFrom,
  expectErrorShape,
  pageLogin,
  TestApp,
} from './support/test-app';
import { assign, downloadPdf, flat, pdfText } from './chronology-fixtures';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A real RGB PNG of the given size, built by hand. */
function png(width: number, height: number, extraBytes = 0): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.alloc((width * 3 + 1) * height, 0x7a);
  for (let y = 0; y < height; y++) rows[y * (width * 3 + 1)] = 0;
  const parts = [
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
  ];
  if (extraBytes) parts.push(chunk('tEXt', Buffer.alloc(extraBytes, 0x41)));
  parts.push(chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

function pdfImageCount(pdf: Buffer): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-pdf-'));
  try {
    fs.writeFileSync(path.join(dir, 'd.pdf'), pdf);
    const list = execFileSync('pdfimages', ['-list', path.join(dir, 'd.pdf')], { encoding: 'utf8' });
    return list.trim().split('\n').length - 2;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('centre settings: letterhead, numbering and logo (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let coordinator: string;
  let frontdesk: string;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'adm', [Role.Admin]);
    await createUser(t, 'coord', [Role.Coordinator]);
    await createUser(t, 'fd', [Role.FrontDesk]);
    const c1 = await createUser(t, 'c1', [Role.Counselor]);
    [admin, coordinator, frontdesk] = await Promise.all(['adm', 'coord', 'fd'].map((u) => apiLogin(t, u)));
    const c = await registerCase(t, frontdesk);
    caseId = c.id;
    await assign(t, coordinator, caseId, c1.id);
  });
  afterAll(() => t.close());

  const current = () => request(t.server).get('/api/settings/centre').set(bearer(admin)).expect(200);
  const put = (body: Record<string, unknown>) =>
    request(t.server).put('/api/settings/centre').set(bearer(admin)).send(body);
  const putLogo = (data: Buffer, version: number, name = 'logo.png') =>
    request(t.server)
      .put('/api/settings/centre/logo')
      .set(bearer(admin))
      .field('version', String(version))
      .attach('logo', data, name);

  it('the administrator reads and changes the centre settings; the letterhead shows them', async () => {
    const before = await current();
    expect(before.body).toEqual(
      expect.objectContaining({
        name: 'Pusat Pelayanan Terpadu',
        caseNumberPrefix: 'PPT',
        logo: null,
        version: 0,
      }),
    );
    const res = await put({
      version: 0,
      name: 'UPTD PPA Kota Semarang',
      address: 'Jl. Pemuda No. 148, Semarang Tengah',
      phone: '(024) 3513366',
    }).expect(200);
    expect(res.body).toEqual(expect.objectContaining({ name: 'UPTD PPA Kota Semarang', version: 1 }));
    const stale = await put({ version: 0, name: 'Lain' });
    expectErrorShape(stale.body, 409, 'VERSION_CONFLICT');
    const pdf = await downloadPdf(t, coordinator, caseId, { purpose: 'internal_review' }).expect(200);
    const text = flat(pdfText(pdf.body));
    expect(text).toContain('UPTD PPA Kota Semarang Jl. Pemuda No. 148, Semarang Tengah (024) 3513366');
  });

  it('case numbering changes apply to new cases', async () => {
    const v = (await current()).body.version;
    await put({
      version: v,
      caseNumberPrefix: 'UPTD-PPA',
      caseNumberPattern: '{prefix}/{seq}/{year}',
      sequenceDigits: 4,
    }).expect(200);
    const c = await registerCase(t, frontdesk);
    expect(c.number).toMatch(/^UPTD-PPA\/\d{4}\/2026$/);
  });

  it('refuses bad settings with 400', async () => {
    const v = (await current()).body.version;
    const bad: [Record<string, unknown>, string][] = [
      [{ version: v, caseNumberPattern: '{prefix}-{seq}' }, 'CASE_NUMBER_PATTERN_INVALID'],
      [{ version: v, caseNumberPattern: '{prefix} {year} {seq}' }, 'CASE_NUMBER_PATTERN_INVALID'],
      [{ version: v, caseNumberPrefix: 'PPT KOTA' }, 'VALIDATION_FAILED'],
      [{ version: v, caseNumberPattern: '{prefix}{prefix}/{year}/{seq}' }, 'CASE_NUMBER_PATTERN_INVALID'],
      [
        { version: v, caseNumberPrefix: 'ABCDEFGHIJKLMNOPQRST', caseNumberPattern: '{prefix}-{prefix}' },
        'CASE_NUMBER_PATTERN_INVALID',
      ],
      [
        {
          version: v,
          caseNumberPrefix: 'ABCDEFGHIJKLMNOPQRST',
          caseNumberPattern: 'LENTERA-{prefix}/{year}/{seq}',
          sequenceDigits: 8,
        },
        'VALIDATION_FAILED',
      ],
      [{ version: v, sequenceDigits: 12 }, 'VALIDATION_FAILED'],
      [{ version: v, districts: [] }, 'VALIDATION_FAILED'],
      [{ version: v, districts: ['Tugu', 'Tugu'] }, 'VALIDATION_FAILED'],
      [{ version: v, name: 'X' }, 'VALIDATION_FAILED'],
      [{ version: v, logo: 'x' }, 'VALIDATION_FAILED'],
      [{ name: 'Tanpa versi' }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of bad) {
      const res = await put(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code });
    }
  });

  it('only the administrator manages settings (403 for others)', async () => {
    for (const token of [coordinator, frontdesk]) {
      expect((await request(t.server).get('/api/settings/centre').set(bearer(token))).status).toBe(403);
      expect((await put({ version: 0, name: 'Lain' }).set(bearer(token))).status).toBe(403);
    }
  });

  it('a PNG logo of at most 1 MB, checked by its content, goes on the letterhead of the PDF and the print view', async () => {
    let v = (await current()).body.version;
    const wrongType = await putLogo(Buffer.from('GIF89a not really'), v, 'logo.png');
    expectErrorShape(wrongType.body, 400, 'LOGO_TYPE_NOT_ALLOWED');
    const tooLarge = await putLogo(png(10, 10, 1024 * 1024), v);
    expectErrorShape(tooLarge.body, 400, 'LOGO_TOO_LARGE');
    const corrupt = Buffer.concat([
      png(10, 10).subarray(0, 33),
      Buffer.from('garbage that is no image data'),
    ]);
    expectErrorShape((await putLogo(corrupt, v)).body, 400, 'LOGO_INVALID');
    const fakeJpeg = Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
    ]);
    expectErrorShape((await putLogo(fakeJpeg, v, 'logo.jpg')).body, 400, 'LOGO_INVALID');
    const huge = png(5000, 1);
    expectErrorShape((await putLogo(huge, v)).body, 400, 'LOGO_INVALID');
    const missing = await request(t.server)
      .put('/api/settings/centre/logo')
      .set(bearer(admin))
      .field('version', String(v));
    expectErrorShape(missing.body, 400, 'VALIDATION_FAILED');

    const ok = await putLogo(png(64, 32), v).expect(200);
    expect(ok.body.logo).toEqual(expect.objectContaining({ mimeType: 'image/png' }));
    v = ok.body.version;
    const pdf = await downloadPdf(t, coordinator, caseId, { purpose: 'court' }).expect(200);
    expect(pdfImageCount(pdf.body)).toBe(1);
    const agent = await pageLogin(t, 'coord');
    const html = await agent.get(`/cases/${caseId}/chronology/print?purpose=court`).expect(200);
    expect(html.text).toContain('src="data:image/png;base64,');

    const removed = await request(t.server)
      .delete(`/api/settings/centre/logo?version=${v}`)
      .set(bearer(admin))
      .expect(200);
    expect(removed.body.logo).toBeNull();
    const without = await downloadPdf(t, coordinator, caseId, { purpose: 'court' }).expect(200);
    expect(pdfImageCount(without.body)).toBe(0);
    expect(
      (await request(t.server).delete('/api/settings/centre/logo?version=x').set(bearer(admin))).status,
    ).toBe(400);
  });

  it('the settings page edits the settings and uploads the logo (CSRF, 303, errors on the page)', async () => {
    const agent = await pageLogin(t, 'adm');
    let page = await agent.get('/admin/settings').expect(200);
    expect(page.text).toContain('href="/admin/settings"');
    expect(page.text).toContain('UPTD PPA Kota Semarang');
    const version = /name="version" value="(\d+)"/.exec(page.text)![1];
    const saved = await agent
      .post('/admin/settings')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        version,
        name: 'UPTD PPA Kota Semarang',
        address: 'Jl. Pemuda No. 148',
        phone: '(024) 3513366',
        caseNumberPrefix: 'PPT',
        caseNumberPattern: '{prefix}/{year}/{seq}',
        sequenceDigits: '6',
        districts: 'Tembalang\r\nBanyumanik\r\n\r\nTugu',
      })
      .expect(303);
    expect(saved.headers.location).toBe('/admin/settings');
    expect((await current()).body.districts).toEqual(['Tembalang', 'Banyumanik', 'Tugu']);
    page = await agent.get('/admin/settings').expect(200);
    expect(page.text).toContain('Pengaturan disimpan.');
    const refused = await agent
      .post('/admin/settings')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        version: /name="version" value="(\d+)"/.exec(page.text)![1],
        name: 'UPTD PPA Kota Semarang',
        caseNumberPrefix: 'PPT',
        caseNumberPattern: 'no placeholders',
        sequenceDigits: '6',
        districts: 'Tugu',
      })
      .expect(400);
    expect(refused.text).toContain('id="settings-error"');
    expect(refused.text).toContain('value="no placeholders"');

    page = await agent.get('/admin/settings').expect(200);
    const v2 = /name="version" value="(\d+)"/.exec(page.text)![1];
    const badLogo = await agent
      .post('/admin/settings/logo')
      .field('_csrf', csrfFrom(page.text))
      .field('version', v2)
      .attach('logo', Buffer.from('%PDF-1.4 not an image'), 'logo.png')
      .expect(400);
    expect(badLogo.text).toContain('Logo harus berupa gambar PNG atau JPEG.');
    const upload = await agent
      .post('/admin/settings/logo')
      .field('_csrf', csrfFrom(page.text))
      .field('version', v2)
      .attach('logo', png(40, 40), 'logo.png')
      .expect(303);
    expect(upload.headers.location).toBe('/admin/settings#logo');
    page = await agent.get('/admin/settings').expect(200);
    expect(page.text).toContain('class="settings-logo" src="data:image/png;base64,');
    const noCsrf = await agent
      .post('/admin/settings/logo')
      .field('version', v2)
      .attach('logo', png(40, 40), 'logo.png');
    expect(noCsrf.status).toBe(403);
    const remove = await agent
      .post('/admin/settings/logo/remove')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), version: /name="version" value="(\d+)"/.exec(page.text)![1] })
      .expect(303);
    expect(remove.headers.location).toBe('/admin/settings#logo');
    expect((await current()).body.logo).toBeNull();
    const coordAgent = await pageLogin(t, 'coord');
    expect((await coordAgent.get('/admin/settings')).status).toBe(403);
  });
});
