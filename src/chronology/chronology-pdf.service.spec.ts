import fs from 'fs';
import PDFDocument from 'pdfkit';
import { chronologyFonts } from './chronology-pdf.service';

describe('chronology PDF fonts', () => {
  it('are parsed once per process and shared by every document, each embedding its own subset', async () => {
    const first = chronologyFonts();
    // From here on no document reads a font file again (pdfkit reads and parses a font given as a path).
    const read = jest.spyOn(fs, 'readFileSync');
    const pdfs: Buffer[] = [];
    for (const text of ['Kronologi kejadian', 'Penanganan: ŠČŽ ğ ı']) {
      const fonts = chronologyFonts();
      expect(fonts).toBe(first);
      const doc = new PDFDocument({ size: 'A4' });
      for (const name of ['R', 'B', 'I'] as const) doc.registerFont(name, fonts[name]);
      const chunks: Buffer[] = [];
      const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.font('R').text(text).font('B').text(text).font('I').text(text);
      doc.end();
      pdfs.push(await done);
    }
    const fontReads = read.mock.calls.filter(([file]) => /\.ttf$/i.test(String(file)));
    read.mockRestore();
    expect(fontReads).toEqual([]);
    for (const pdf of pdfs) {
      const body = pdf.toString('latin1');
      expect(body.startsWith('%PDF-')).toBe(true);
      expect(body.match(/\/FontFile2/g)).toHaveLength(3); // three embedded subsets per document
      expect(body).toContain('DejaVuSans');
    }
  });

  it('a document given the font files by path reads them (what the shared fonts avoid)', async () => {
    const read = jest.spyOn(fs, 'readFileSync');
    const doc = new PDFDocument({ size: 'A4' });
    doc.registerFont('R', require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
    doc.font('R').text('x');
    doc.end();
    const fontReads = read.mock.calls.filter(([file]) => /\.ttf$/i.test(String(file)));
    read.mockRestore();
    expect(fontReads).toHaveLength(1);
  });
});
