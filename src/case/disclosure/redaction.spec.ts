import { REDACTION_MARK, Redactor } from './redaction';

describe('Redactor (the redacted and partner versions of the chronology)', () => {
  const r = new Redactor({
    names: ['Siti Rahmawati', 'Budi Santoso'],
    values: ['3374000000000001', '081234567890', 'Jl. Melati No. 5, Tembalang', '1994-05-17'],
    keep: ['PPT/2026/000123'],
  });

  it('turns full names into initials and name parts into their initial', () => {
    expect(r.text('Siti Rahmawati dipukul Budi Santoso.')).toBe('S.R. dipukul B.S..');
    expect(r.text('Budi memarahi siti.')).toBe('B. memarahi S..');
  });

  it('removes identifying values, also when written in parts', () => {
    expect(r.text('NIK 3374000000000001, HP 081234567890')).toBe(
      `NIK ${REDACTION_MARK}, HP ${REDACTION_MARK}`,
    );
    expect(r.text('tinggal di Jl. Melati No. 5')).toBe(`tinggal di ${REDACTION_MARK}`);
  });

  it('removes other numbers, street addresses and RT/RW it does not know', () => {
    expect(r.text('nomor baru 0813-9011-2233')).toBe(`nomor baru ${REDACTION_MARK}`);
    expect(r.text('pindah ke Gang Mawar 3, dekat pasar')).toBe(`pindah ke ${REDACTION_MARK}, dekat pasar`);
    expect(r.text('RT 03/RW 05')).toBe(REDACTION_MARK);
  });

  it('keeps "jalan" where it is not a street: outpatient care and on foot', () => {
    expect(r.text('menjalani rawat jalan di RSUD, kontrol 2 minggu')).toBe(
      'menjalani rawat jalan di RSUD, kontrol 2 minggu',
    );
    expect(r.text('Rawat  Jalan selesai')).toBe('Rawat  Jalan selesai');
    expect(r.text('pulang jalan kaki ke rumah')).toBe('pulang jalan kaki ke rumah');
    expect(r.text('tinggal di jalan Kenanga 7, Tugu')).toBe(`tinggal di ${REDACTION_MARK}, Tugu`);
    expect(r.text('jalan kakitangan 4')).toBe(REDACTION_MARK);
  });

  it('keeps dates, times, counts and the case number', () => {
    expect(r.text('Pada 2026-01-08 pukul 19.30, 3 kali; kasus PPT/2026/000123')).toBe(
      'Pada 2026-01-08 pukul 19.30, 3 kali; kasus PPT/2026/000123',
    );
    expect(r.text('tanggal 08-01-2026')).toBe('tanggal 08-01-2026');
    expect(r.text(null)).toBeNull();
  });

  it('does not touch words that merely contain a name', () => {
    expect(r.text('Budiman dan Sitinjak')).toBe('Budiman dan Sitinjak');
  });
});

describe('Redactor: what is kept (a disclosed contact)', () => {
  const r = new Redactor({
    names: ['Dewi Putri'],
    values: ['Gang Mawar 35, Tugu', '081300000000'],
    keep: ['Gang Mawar 3, Tugu', '085712345678', 'PPT/2026/000123'],
  });

  it('keeps a disclosed address also in parts, as an undisclosed one is removed in parts', () => {
    expect(r.text('Dewi tinggal di Gang Mawar 3, telepon 085712345678')).toBe(
      'D. tinggal di Gang Mawar 3, telepon 085712345678',
    );
    expect(r.text('alamat Gang Mawar 3, Tugu; kasus PPT/2026/000123')).toBe(
      'alamat Gang Mawar 3, Tugu; kasus PPT/2026/000123',
    );
  });

  it('keeps whole words only: a kept value inside a longer one shelters nothing', () => {
    expect(r.text('dulu di Gang Mawar 35, telepon 081300000000')).toBe(
      `dulu di ${REDACTION_MARK}, telepon ${REDACTION_MARK}`,
    );
    expect(r.text('nomor 0857123456789')).toBe(`nomor ${REDACTION_MARK}`);
  });
});

describe('Redactor: e-mail addresses', () => {
  it('removes e-mail addresses written in free text', () => {
    const r = new Redactor({ names: [], values: [] });
    expect(r.text('surel: siti.rahma+ppt@contoh.co.id, atau telepon')).toBe(
      `surel: ${REDACTION_MARK}, atau telepon`,
    );
  });
});

describe('Redactor: initials by grapheme (issue 14, item 7)', () => {
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

  it('gives an emoji or accented initial whole, never half a surrogate pair', () => {
    const r = new Redactor({ names: ['😀Ani Wati', 'E\u0301lodie Martin'], values: [] });
    const out = r.text('😀Ani Wati bertemu E\u0301lodie Martin; E\u0301lodie datang lagi.');
    expect(out).toBe('😀.W. bertemu É.M.; É. datang lagi.');
    expect(lone.test(out)).toBe(false);
  });
});
