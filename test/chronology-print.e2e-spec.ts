import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { bearer, expectNoVictimValues, personalText, registerCase } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, csrfFrom, pageLogin, TestApp } from './support/test-app';
import {
  addEntry,
  assign,
  downloadPdf,
  flat,
  pdfInfo,
  pdfText,
  tamperWithEvent,
} from './chronology-fixtures';

const VICTIM = {
  fullName: 'Wulan Sekarsari Pratiwi',
  nik: '3374056712900004',
  address: 'Jl. Kenanga Raya No. 17, Tembalang',
  phone: '081390112233',
};
const PERPETRATOR = 'Hendro Wicaksono';
/** An entry and a correction's reason that name the victim and hold her NIK, street and phone. */
const DELTA = personalText('ENTRY-DELTA Korban didorong di depan umum; saksi: pedagang sayur', VICTIM);
const REASON = personalText('Korban meralat jamnya', VICTIM);

describe('chronology: print view and PDF, redaction, audit and verification (e2e)', () => {
  let t: TestApp;
  let frontdesk: string;
  let coordinator: string;
  let counselor: string;
  let caseId: string;
  let caseNumber: string;

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'fd', [Role.FrontDesk]);
    const c1 = await createUser(t, 'c1', [Role.Counselor]);
    await createUser(t, 'coord', [Role.Coordinator]);
    [frontdesk, counselor, coordinator] = await Promise.all(['fd', 'c1', 'coord'].map((u) => apiLogin(t, u)));
    const c = await registerCase(t, frontdesk, {
      victim: VICTIM,
      perpetrators: [{ sex: 'male', age: 41, relationship: 'spouse', name: PERPETRATOR }],
    });
    caseId = c.id;
    caseNumber = c.number;
    await assign(t, coordinator, caseId, c1.id);
    // Recorded out of order; the print follows the incident's order.
    await addEntry(t, counselor, caseId, {
      date: '2025-12-24',
      time: '21:15',
      place: 'Rumah di Jl. Kenanga Raya No. 17, Tembalang',
      description: `ENTRY-CHARLIE-ORIGINAL ${PERPETRATOR} memukul ${VICTIM.fullName} di dapur.`,
    }).expect(201);
    await addEntry(t, counselor, caseId, {
      date: '2025-11',
      description: `ENTRY-BRAVO Wulan menerima pesan ancaman dari Hendro ke nomor ${VICTIM.phone}.`,
    }).expect(201);
    await addEntry(t, counselor, caseId, {
      date: '2025-06',
      dateEnd: '2025-09',
      description: `ENTRY-ALPHA Uang belanja ditahan; NIK ${VICTIM.nik} dipakai pelaku untuk pinjaman.`,
    }).expect(201);
    await addEntry(t, counselor, caseId, {
      date: '2026-01-08',
      time: '07:30',
      place: 'Pasar Johar',
      description: DELTA,
    }).expect(201);
    const list = await request(t.server).get(`/api/cases/${caseId}/chronology`).set(bearer(counselor));
    const charlie = list.body.entries.find((e: any) => e.description.startsWith('ENTRY-CHARLIE'));
    await request(t.server)
      .post(`/api/cases/${caseId}/chronology/entries/${charlie.id}/corrections`)
      .set(bearer(counselor))
      .send({
        date: '2025-12-24',
        time: '22:00',
        place: 'Dapur rumah korban',
        description: `ENTRY-CHARLIE-CORRECTED ${PERPETRATOR} memukul Wulan dengan gagang sapu.`,
        reason: REASON,
      })
      .expect(201);
  });
  afterAll(() => t.close());

  it('the PDF is an A4 PDF with embedded DejaVu fonts, its entries in the incident’s order', async () => {
    const res = await downloadPdf(t, coordinator, caseId, {
      purpose: 'court',
      purposeText: 'PN Semarang',
    }).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="kronologis-kasus-PPT-2026-\d+\.pdf"$/,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const info = pdfInfo(pdf);
    expect(info.pages).toBeGreaterThanOrEqual(1);
    expect(info.fonts).toMatch(/DejaVuSans\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    const text = pdfText(pdf);
    const order = ['ENTRY-ALPHA', 'ENTRY-BRAVO', 'ENTRY-CHARLIE-CORRECTED', 'ENTRY-DELTA'].map((m) =>
      text.indexOf(m),
    );
    expect(Math.min(...order)).toBeGreaterThanOrEqual(0); // all four are there
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).not.toContain('ENTRY-CHARLIE-ORIGINAL');
    const all = flat(text);
    expect(all).toContain('KRONOLOGIS KASUS');
    expect(all).toContain(caseNumber);
    expect(all).toContain('Pengadilan: PN Semarang');
    expect(all).toContain('Dicetak oleh Test coord (Koordinator / manajer kasus)');
    expect(all).toMatch(/Dikoreksi pada .* oleh Test c1/);
    expect(all).toContain(`Alasan: ${REASON}`);
    expect(all).toContain(DELTA);
    expect(all).toContain('Juni 2025 – September 2025');
    expect(all).toContain('24 Desember 2025, 22:00');
    // the full version names the people and their identifying data
    for (const value of [VICTIM.fullName, VICTIM.nik, VICTIM.phone, PERPETRATOR])
      expect(all).toContain(value);
    // handling chronology and verification
    expect(all).toContain('Kronologi penanganan');
    expect(all).toMatch(/Kronologi kejadian: catatan no\. 1 dikoreksi/);
    const v = await request(t.server).get(`/api/cases/${caseId}/verification`).set(bearer(coordinator));
    expect(all).toContain(`Kode verifikasi: ${v.body.verificationCode}`);
    expect(all).toContain(v.body.headHash);
    expect(all).toMatch(/Halaman 1 dari \d+/);
    expect(all).toContain('Koordinator');
    expect(all).toContain('( Test coord )');
  });

  it('the redacted version holds none of the victim’s name, NIK, address and phone, nor the perpetrator’s name', async () => {
    const res = await downloadPdf(t, counselor, caseId, {
      purpose: 'partner_institution',
      redacted: 'true',
    }).expect(200);
    const text = pdfText(res.body);
    const all = flat(text);
    for (const fragment of [
      'Wulan',
      'Sekarsari',
      'Pratiwi',
      VICTIM.nik,
      '3374056712',
      VICTIM.phone,
      '0813',
      'Kenanga',
      'Hendro',
      'Wicaksono',
    ])
      expect({ fragment, found: text.includes(fragment) }).toEqual({ fragment, found: false });
    expectNoVictimValues(text, VICTIM, 'redacted PDF');
    // the entry and the reason that named her are there, redacted
    expect(all).toContain('ENTRY-DELTA Korban didorong di depan umum; saksi: pedagang sayur: W.S.P.');
    expect(all).toContain('Alasan: Korban meralat jamnya: W.S.P.');
    expect(all).toContain('Versi disamarkan untuk dibagikan');
    expect(all).toContain('W.S.P.');
    expect(all).toContain('H.W.');
    expect(all).toContain('ENTRY-CHARLIE-CORRECTED H.W. memukul W. dengan gagang sapu.');
    expect(all).toContain('Pasar Johar');
    expect(all).toContain('Dicetak oleh Test c1 (Konselor / pendamping)');
    // no signature name for a counselor: the coordinator signs by hand
    expect(all).not.toContain('( Test c1 )');
  });

  it('prints in English for an English reader, with only the sections asked for', async () => {
    const res = await downloadPdf(t, coordinator, caseId, {
      purpose: 'internal_review',
      sections: 'handling',
    })
      .set('Accept-Language', 'en')
      .expect(200);
    const all = flat(pdfText(res.body));
    expect(all).toContain('CASE CHRONOLOGY');
    expect(all).toContain('II. Handling chronology');
    expect(all).toContain('Internal review');
    expect(all).toMatch(/Incident chronology: entry no\. 1 corrected/);
    expect(all).not.toContain('I. Incident chronology');
    expect(all).not.toContain('ENTRY-ALPHA');
    expect(all).toMatch(/Page 1 of \d+/);
  });

  it('every print and download is audited with its purpose (ids and codes only)', async () => {
    const agent = await pageLogin(t, 'coord');
    await agent.get(`/cases/${caseId}/chronology/print?purpose=case_conference`).expect(200);
    await downloadPdf(t, coordinator, caseId, { purpose: 'other', purposeText: 'Permintaan LBH' }).expect(
      200,
    );
    const rows = await t.dataSource.query(
      `SELECT action, outcome, code, "resourceId", username FROM audit_logs WHERE action IN ('chronology.print', 'chronology.download') ORDER BY at`,
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        {
          action: 'chronology.download',
          outcome: 'allowed',
          code: 'court',
          resourceId: caseId,
          username: 'coord',
        },
        {
          action: 'chronology.download',
          outcome: 'allowed',
          code: 'partner_institution',
          resourceId: caseId,
          username: 'c1',
        },
        {
          action: 'chronology.print',
          outcome: 'allowed',
          code: 'case_conference',
          resourceId: caseId,
          username: 'coord',
        },
        {
          action: 'chronology.download',
          outcome: 'allowed',
          code: 'other',
          resourceId: caseId,
          username: 'coord',
        },
      ]),
    );
    expect(JSON.stringify(await t.dataSource.query('SELECT * FROM audit_logs'))).not.toContain('LBH');
  });

  describe('pages', () => {
    it('the options page lists the entries, asks the purpose, and shows the verification status', async () => {
      const agent = await pageLogin(t, 'c1');
      const page = await agent.get(`/cases/${caseId}/chronology`).expect(200);
      // the assigned counselor reads the entry in full
      expect(page.text).toContain(DELTA);
      expect(page.text).toContain('name="purpose"');
      expect(page.text).toContain('formaction="/cases/');
      expect(page.text).toContain('Riwayat terverifikasi');
      // the print view without a purpose re-renders the form (400)
      const refused = await agent.get(`/cases/${caseId}/chronology/print`).expect(400);
      expect(refused.text).toContain('id="print-options-error"');
      const noText = await agent.get(`/cases/${caseId}/chronology.pdf?purpose=other`).expect(400);
      expect(noText.text).toContain('Tujuan (keterangan)');
    });

    it('the print view is a standalone A4 document without the navigation', async () => {
      const agent = await pageLogin(t, 'coord');
      const res = await agent
        .get(
          `/cases/${caseId}/chronology/print?purpose=court&sections=incident&sections=handling&redacted=on`,
        )
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('class="print-body"');
      expect(res.text).not.toContain('main-nav');
      expect(res.text).toContain('Versi disamarkan untuk dibagikan');
      expect(res.text).not.toContain('Wulan');
      expectNoVictimValues(res.text, VICTIM, 'redacted print');
      expect(res.text).toMatch(/kode verifikasi [0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}/);
      expect(res.text.indexOf('ENTRY-ALPHA')).toBeLessThan(res.text.indexOf('ENTRY-DELTA'));
      expect(res.text).toContain(
        `/cases/${caseId}/chronology.pdf?purpose&#x3D;court&amp;sections&#x3D;incident`,
      );
    });

    it('entries are added and corrected through the page forms (CSRF, 303 back, errors keep the text)', async () => {
      const agent = await pageLogin(t, 'c1');
      let page = await agent.get(`/cases/${caseId}/chronology`).expect(200);
      const csrf = csrfFrom(page.text);
      const ok = await agent
        .post(`/cases/${caseId}/chronology/entries`)
        .type('form')
        .send({
          _csrf: csrf,
          date: '2025-03-15',
          precision: 'month',
          description: personalText('ENTRY-PAGE Awal pertengkaran', VICTIM),
          back: 'chronology',
        })
        .expect(303);
      expect(ok.headers.location).toBe(`/cases/${caseId}/chronology#incident-chronology`);
      page = await agent.get(`/cases/${caseId}/chronology`).expect(200);
      expect(page.text).toContain('Maret 2025');
      expect(page.text).toContain('Catatan ditambahkan');
      const refused = await agent
        .post(`/cases/${caseId}/chronology/entries`)
        .type('form')
        .send({
          _csrf: csrfFrom(page.text),
          date: '2025-03-15',
          precision: 'day',
          description: '',
          place: 'Teras',
        })
        .expect(400);
      expect(refused.text).toContain('id="chronology-form-error"');
      expect(refused.text).toContain('value="Teras"');
      const future = await agent
        .post(`/cases/${caseId}/chronology/entries`)
        .type('form')
        .send({
          _csrf: csrfFrom(page.text),
          date: '2027-01-01',
          precision: 'day',
          description: personalText('ENTRY-FUTURE', VICTIM),
        })
        .expect(422);
      expect(future.text).toContain(personalText('ENTRY-FUTURE', VICTIM));
      // correction form
      const list = await request(t.server).get(`/api/cases/${caseId}/chronology`).set(bearer(counselor));
      const target = list.body.entries.find((e: any) => e.description?.startsWith('ENTRY-PAGE'));
      const form = await agent.get(`/cases/${caseId}/chronology/entries/${target.id}/correct`).expect(200);
      expect(form.text).toContain(personalText('ENTRY-PAGE Awal pertengkaran', VICTIM));
      const corrected = await agent
        .post(`/cases/${caseId}/chronology/entries/${target.id}/corrections`)
        .type('form')
        .send({
          _csrf: csrfFrom(form.text),
          date: '2025-03-01',
          precision: 'month',
          description: personalText('ENTRY-PAGE-2 Awal pertengkaran (dikoreksi)', VICTIM),
          reason: personalText('Salah ketik', VICTIM),
          back: 'chronology',
        })
        .expect(303);
      expect(corrected.headers.location).toBe(`/cases/${caseId}/chronology#incident-chronology`);
      await agent.get(`/cases/${caseId}/chronology/entries/${target.id}/correct`).expect(409);
      const again = await agent
        .post(`/cases/${caseId}/chronology/entries/${target.id}/corrections`)
        .type('form')
        .send({
          _csrf: csrfFrom(form.text),
          date: '2025-03-01',
          precision: 'day',
          description: 'x',
          reason: 'y',
        })
        .expect(303);
      expect(again.headers.location).toBe(`/cases/${caseId}/chronology#incident-chronology`);
    });

    it('front desk and admin are refused the pages; another counselor gets 404', async () => {
      await createUser(t, 'c2', [Role.Counselor]);
      await createUser(t, 'adm', [Role.Admin]);
      for (const [user, status] of [
        ['fd', 403],
        ['adm', 403],
        ['c2', 404],
      ] as const) {
        const agent = await pageLogin(t, user);
        expect((await agent.get(`/cases/${caseId}/chronology`)).status).toBe(status);
        expect((await agent.get(`/cases/${caseId}/chronology/print?purpose=court`)).status).toBe(status);
        expect((await agent.get(`/cases/${caseId}/chronology.pdf?purpose=court`)).status).toBe(status);
      }
    });
  });

  describe('a tampered history', () => {
    it('fails verification: the print and the PDF carry the warning instead of the code', async () => {
      const c = await registerCase(t, frontdesk);
      await addEntry(t, coordinator, c.id, {
        date: '2025-12-01',
        description: personalText('ENTRY-TAMPER', c.person),
      }).expect(201);
      const before = await request(t.server).get(`/api/cases/${c.id}/verification`).set(bearer(coordinator));
      expect(before.body.ok).toBe(true);
      const code = before.body.verificationCode as string;
      await tamperWithEvent(t.dataSource, c.id, 1);

      const v = await request(t.server).get(`/api/cases/${c.id}/verification`).set(bearer(coordinator));
      expect(v.body).toEqual(expect.objectContaining({ ok: false, brokenAtSeq: 1 }));

      const pdf = await downloadPdf(t, coordinator, c.id, { purpose: 'court' }).expect(200);
      const all = flat(pdfText(pdf.body));
      expect(all).toContain('PERINGATAN: RIWAYAT KASUS TIDAK DAPAT DIVERIFIKASI');
      expect(all).toContain('PERINGATAN: RIWAYAT TIDAK TERVERIFIKASI');
      expect(all).not.toContain(code);
      expect(all).not.toContain('Kode verifikasi');

      const agent = await pageLogin(t, 'coord');
      const html = await agent.get(`/cases/${c.id}/chronology/print?purpose=court`).expect(200);
      expect(html.text).toContain('PERINGATAN: RIWAYAT KASUS TIDAK DAPAT DIVERIFIKASI');
      expect(html.text).not.toContain(code);
      expect(html.text).not.toMatch(/kode verifikasi [0-9A-F]{4}-/i);
      const json = await request(t.server).get(`/api/cases/${c.id}/chronology`).set(bearer(coordinator));
      expect(json.body.verification).toEqual(
        expect.objectContaining({ ok: false, verificationCode: null, headHash: null, brokenAtSeq: 1 }),
      );
      const options = await agent.get(`/cases/${c.id}/chronology`).expect(200);
      expect(options.text).toContain('Riwayat kasus tidak dapat diverifikasi');
    });
  });
});
