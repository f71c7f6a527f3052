import { Injectable, Logger } from '@nestjs/common';
import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { Language } from '../platform/common/request-context';
import { Translator } from '../platform/i18n/translator';
import { ChronologyDocument } from './chronology-document.service';

/** The DejaVu fonts shipped by the `dejavu-fonts-ttf` package: embedded (subset), no system font needed. */
const FONT_FILES = {
  R: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  B: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  I: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf'),
};

/** fontkit (pdfkit's font parser; pdfkit takes a parsed font wherever it takes a font file). It ships no types. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fontkit = require('fontkit') as { create(data: Buffer): { layout(text: string): unknown } };

/**
 * The fonts, parsed once per process on first use and shared by every document: pdfkit reads and
 * parses a font file again for each document it is given as a path (~1 MB of tables per font per
 * PDF). Each document still embeds its own subset of the glyphs it uses.
 */
let parsedFonts: Record<keyof typeof FONT_FILES, PDFKit.Mixins.PDFFontSource> | null = null;
export function chronologyFonts(): Record<keyof typeof FONT_FILES, PDFKit.Mixins.PDFFontSource> {
  parsedFonts ??= {
    R: fontkit.create(fs.readFileSync(FONT_FILES.R)) as unknown as PDFKit.Mixins.PDFFontSource,
    B: fontkit.create(fs.readFileSync(FONT_FILES.B)) as unknown as PDFKit.Mixins.PDFFontSource,
    I: fontkit.create(fs.readFileSync(FONT_FILES.I)) as unknown as PDFKit.Mixins.PDFFontSource,
  };
  return parsedFonts;
}

const MARGIN = { top: 48, bottom: 64, left: 50, right: 50 };
const INK = '#000000';
const MUTED = '#444444';
const WARN = '#a02020';
const RULE = '#888888';

type Doc = PDFKit.PDFDocument;

/**
 * The chronology as an A4 PDF, made on the server with pdfkit: letterhead, case facts, the incident
 * and handling chronologies, the verification block and the coordinator's signature block; every page
 * has a footer with the page number and the verification code (or the warning when the history does
 * not verify). Text is laid out page by page; nothing is rendered per event besides its own row.
 */
@Injectable()
export class ChronologyPdfService {
  private readonly logger = new Logger('ChronologyPdf');

  constructor(private readonly translator: Translator) {}

  /** The whole PDF in one buffer (what the routes send, once it is complete: a failed render is a 500). */
  render(d: ChronologyDocument): Promise<Buffer> {
    const stream = this.stream(d);
    const chunks: Buffer[] = [];
    return new Promise<Buffer>((resolve, reject) => {
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', reject);
    });
  }

  /**
   * The PDF as a stream: pdfkit writes each object as it is finished (the pages are buffered until
   * the footers, which need the page count, are written).
   */
  stream(d: ChronologyDocument): Readable {
    const t = (key: string, args: Record<string, unknown> = {}) =>
      this.translator.t(`chronology.document.${key}`, d.lang, args);
    const doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      info: {
        Title: `${t('title')} ${d.case.number}`,
        Author: d.centre.name,
        Creator: 'Lentera',
      },
      lang: d.lang === 'en' ? 'en-GB' : 'id-ID',
    } as PDFKit.PDFDocumentOptions);
    const fonts = chronologyFonts();
    for (const name of ['R', 'B', 'I'] as const) doc.registerFont(name, fonts[name]);
    try {
      this.letterhead(doc, d);
      this.facts(doc, d, t);
      if (d.incident) this.incident(doc, d, t);
      if (d.handling) this.handling(doc, d, t);
      this.verification(doc, d, t);
      this.signature(doc, d, t);
      this.footers(doc, d, t);
      doc.end();
    } catch (err) {
      doc.destroy(err as Error);
    }
    return doc;
  }

  private get width() {
    return 595.28 - MARGIN.left - MARGIN.right;
  }

  private bottom(doc: Doc): number {
    return doc.page.height - doc.page.margins.bottom;
  }

  /** Starts a new page when less than `needed` points are left. */
  private ensure(doc: Doc, needed: number): void {
    if (doc.y + needed > this.bottom(doc)) doc.addPage();
  }

  private letterhead(doc: Doc, d: ChronologyDocument): void {
    const top = doc.y;
    let textX = MARGIN.left;
    if (d.centre.logo) {
      try {
        doc.image(d.centre.logo.data, MARGIN.left, top, { fit: [64, 64] });
        textX = MARGIN.left + 76;
      } catch (err) {
        // A logo pdfkit cannot read is left out rather than failing the document.
        this.logger.warn(`logo left out of the letterhead: ${(err as Error).message}`);
      }
    }
    const width = this.width - (textX - MARGIN.left);
    doc.fillColor(INK).font('B').fontSize(14).text(d.centre.name, textX, top, { width });
    doc.font('R').fontSize(9).fillColor(MUTED);
    if (d.centre.address) doc.text(d.centre.address, textX, doc.y, { width });
    if (d.centre.phone) doc.text(d.centre.phone, textX, doc.y, { width });
    const y = Math.max(doc.y, top + (textX > MARGIN.left ? 64 : 0)) + 6;
    doc
      .moveTo(MARGIN.left, y)
      .lineTo(MARGIN.left + this.width, y)
      .lineWidth(1.5)
      .strokeColor(INK)
      .stroke();
    doc
      .moveTo(MARGIN.left, y + 2.5)
      .lineTo(MARGIN.left + this.width, y + 2.5)
      .lineWidth(0.5)
      .stroke();
    doc.x = MARGIN.left;
    doc.y = y + 12;
  }

  private facts(
    doc: Doc,
    d: ChronologyDocument,
    t: (k: string, a?: Record<string, unknown>) => string,
  ): void {
    doc
      .fillColor(INK)
      .font('B')
      .fontSize(14)
      .text(t('title'), MARGIN.left, doc.y, { width: this.width, align: 'center' });
    const variant =
      d.variant === 'redacted'
        ? t('variantRedacted')
        : d.variant === 'partner' && d.partner
          ? t('variantPartner', { institution: d.partner.institution })
          : null;
    if (variant) doc.font('I').fontSize(10).text(variant, { width: this.width, align: 'center' });
    if (d.partner)
      doc
        .font('R')
        .fontSize(9)
        .fillColor(MUTED)
        .text(t('partnerCategories', { categories: d.partner.categories.join(', ') }), {
          width: this.width,
          align: 'center',
        });
    doc.moveDown(0.8);
    const rows: [string, string][] = [
      [t('caseNumber'), d.case.number],
      [t('receivedAt'), d.case.receivedAt],
      [t('stage'), d.case.stage],
      [t('printedAt'), d.printedAt],
      [t('printedBy'), `${d.printedBy.name} (${d.printedBy.roles})`],
      [t('purpose'), d.purpose],
    ];
    this.pairs(doc, rows);
    doc.moveDown(0.6);
    this.heading(doc, t('victim'));
    if (d.victim) {
      const v = d.victim;
      const victimRows: [string, string][] = [[t('name'), v.name]];
      if (v.nik) victimRows.push([t('nik'), v.nik]);
      if (v.sex) victimRows.push([t('sexAge'), [v.sex, v.age].filter(Boolean).join(', ')]);
      if (v.birthDate) victimRows.push([t('birthDate'), v.birthDate]);
      if (v.address) victimRows.push([t('address'), v.address]);
      if (v.phone) victimRows.push([t('phone'), v.phone]);
      this.pairs(doc, victimRows);
    }
    if (d.perpetrators.length) {
      doc.moveDown(0.4);
      this.heading(doc, t('perpetrators'));
      this.pairs(
        doc,
        d.perpetrators.map((p, i) => [
          `${i + 1}.`,
          [p.name, p.relationship, p.sex, p.age].filter(Boolean).join(', '),
        ]),
      );
    }
  }

  private heading(doc: Doc, text: string): void {
    this.ensure(doc, 40);
    doc.fillColor(INK).font('B').fontSize(11).text(text, MARGIN.left, doc.y, { width: this.width });
    doc.moveDown(0.2);
  }

  private pairs(doc: Doc, rows: [string, string][]): void {
    const labelWidth = 130;
    for (const [label, value] of rows) {
      doc.font('R').fontSize(9.5);
      const h = Math.max(
        doc.heightOfString(label, { width: labelWidth - 8 }),
        doc.heightOfString(value, { width: this.width - labelWidth }),
      );
      this.ensure(doc, h + 2);
      const y = doc.y;
      doc.fillColor(MUTED).text(label, MARGIN.left, y, { width: labelWidth - 8 });
      doc.fillColor(INK).text(value, MARGIN.left + labelWidth, y, { width: this.width - labelWidth });
      doc.x = MARGIN.left;
      doc.y = y + h + 2;
    }
  }

  private incident(
    doc: Doc,
    d: ChronologyDocument,
    t: (k: string, a?: Record<string, unknown>) => string,
  ): void {
    doc.moveDown(0.8);
    this.heading(doc, t('incidentTitle'));
    if (!d.incident!.length) {
      doc.font('I').fontSize(9.5).fillColor(MUTED).text(t('incidentNone'), { width: this.width });
      return;
    }
    for (const e of d.incident!) {
      this.ensure(doc, 60);
      doc
        .fillColor(INK)
        .font('B')
        .fontSize(10)
        .text(`${e.no}. ${e.when}${e.fromIntake ? ` (${t('fromIntake')})` : ''}`, MARGIN.left, doc.y, {
          width: this.width,
        });
      const indent = MARGIN.left + 14;
      const w = this.width - 14;
      if (e.place)
        doc
          .font('R')
          .fontSize(9.5)
          .fillColor(MUTED)
          .text(`${t('place')}: ${e.place}`, indent, doc.y, { width: w });
      doc.font('R').fontSize(10).fillColor(INK).text(e.description, indent, doc.y, { width: w });
      if (e.correction) {
        const c = e.correction;
        doc
          .font('I')
          .fontSize(8.5)
          .fillColor(MUTED)
          .text(
            `${t('corrected', { at: c.at, by: c.by ?? t('system'), versions: c.versions })}${
              c.reason ? ` ${t('correctionReason', { reason: c.reason })}` : ''
            }`,
            indent,
            doc.y,
            { width: w },
          );
      }
      doc.x = MARGIN.left;
      doc.moveDown(0.5);
    }
  }

  private handling(
    doc: Doc,
    d: ChronologyDocument,
    t: (k: string, a?: Record<string, unknown>) => string,
  ): void {
    doc.moveDown(0.8);
    this.heading(doc, t('handlingTitle'));
    if (!d.handling!.length) {
      doc.font('I').fontSize(9.5).fillColor(MUTED).text(t('handlingNone'), { width: this.width });
      return;
    }
    const widths = [26, 84, 88, 100];
    widths.push(this.width - widths.reduce((a, b) => a + b, 0));
    const headers = [t('colNo'), t('colAt'), t('colInstitution'), t('colOfficer'), t('colSummary')];
    const pad = 3;
    const size = 8;
    const maxRow = this.bottom(doc) - MARGIN.top - 40;
    const drawRow = (cells: string[], bold: boolean) => {
      doc.font(bold ? 'B' : 'R').fontSize(size);
      const h =
        Math.min(
          maxRow,
          Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i] - 2 * pad }))),
        ) +
        2 * pad;
      if (doc.y + h > this.bottom(doc)) {
        doc.addPage();
        if (!bold) drawRow(headers, true);
        doc.font(bold ? 'B' : 'R').fontSize(size);
      }
      const y = doc.y;
      if (bold) doc.rect(MARGIN.left, y, this.width, h).fillColor('#eeeeee').fill();
      let x = MARGIN.left;
      doc.fillColor(INK);
      cells.forEach((c, i) => {
        doc.text(c, x + pad, y + pad, { width: widths[i] - 2 * pad, height: h - 2 * pad, ellipsis: true });
        x += widths[i];
      });
      doc
        .moveTo(MARGIN.left, y + h)
        .lineTo(MARGIN.left + this.width, y + h)
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke();
      doc.x = MARGIN.left;
      doc.y = y + h;
    };
    this.ensure(doc, 40);
    drawRow(headers, true);
    for (const l of d.handling!)
      drawRow([String(l.no), l.at, l.institution, `${l.officer} (${l.role})`, l.summary], false);
  }

  private verification(
    doc: Doc,
    d: ChronologyDocument,
    t: (k: string, a?: Record<string, unknown>) => string,
  ): void {
    doc.moveDown(1);
    this.heading(doc, t('verificationTitle'));
    const v = d.verification;
    if (v.ok) {
      doc
        .font('R')
        .fontSize(9.5)
        .fillColor(INK)
        .text(t('verifiedText', { count: v.eventCount }), { width: this.width });
      doc.font('B').text(t('code', { code: v.code }), { width: this.width });
      doc
        .font('R')
        .fontSize(8)
        .fillColor(MUTED)
        .text(t('headHash', { hash: v.headHash }), { width: this.width });
      doc.font('R').fontSize(8).text(t('verifyHow'), { width: this.width });
      return;
    }
    const text = `${t('brokenTitle')}\n${t('brokenText', { seq: v.brokenAtSeq ?? '?' })}`;
    doc.font('B').fontSize(10);
    const h = doc.heightOfString(text, { width: this.width - 16 }) + 16;
    this.ensure(doc, h + 4);
    const y = doc.y;
    doc.rect(MARGIN.left, y, this.width, h).lineWidth(2).strokeColor(WARN).stroke();
    doc.fillColor(WARN).text(text, MARGIN.left + 8, y + 8, { width: this.width - 16 });
    doc.x = MARGIN.left;
    doc.y = y + h + 4;
  }

  private signature(
    doc: Doc,
    d: ChronologyDocument,
    t: (k: string, a?: Record<string, unknown>) => string,
  ): void {
    doc.moveDown(1.5);
    this.ensure(doc, 130);
    const x = MARGIN.left + this.width - 220;
    const w = 220;
    doc.font('R').fontSize(10).fillColor(INK);
    doc.text(d.signature.date, x, doc.y, { width: w, align: 'center' });
    doc.text(t('signatureKnown'), x, doc.y, { width: w, align: 'center' });
    doc.text(t('signatureRole'), x, doc.y, { width: w, align: 'center' });
    doc.y += 56;
    doc
      .font(d.signature.name ? 'B' : 'R')
      .text(d.signature.name ? `( ${d.signature.name} )` : t('signatureBlank'), x, doc.y, {
        width: w,
        align: 'center',
      });
    doc.x = MARGIN.left;
  }

  /** Page x of y, case number and the verification code (or the warning) on every page. */
  private footers(
    doc: Doc,
    d: ChronologyDocument,
    t: (k: string, a?: Record<string, unknown>) => string,
  ): void {
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const bottomMargin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const y = doc.page.height - MARGIN.bottom + 14;
      doc
        .moveTo(MARGIN.left, y - 4)
        .lineTo(MARGIN.left + this.width, y - 4)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
      const left = d.verification.ok
        ? `${d.case.number} · ${t('footerCode', { code: d.verification.code })}`
        : `${d.case.number} · ${t('footerBroken')}`;
      doc
        .font(d.verification.ok ? 'R' : 'B')
        .fontSize(8)
        .fillColor(d.verification.ok ? MUTED : WARN)
        .text(left, MARGIN.left, y, { width: this.width - 110, lineBreak: false });
      doc
        .font('R')
        .fillColor(MUTED)
        .text(
          t('page', { page: i - range.start + 1, pages: range.count }),
          MARGIN.left + this.width - 110,
          y,
          {
            width: 110,
            align: 'right',
            lineBreak: false,
          },
        );
      doc
        .font('I')
        .fontSize(7)
        .text(t('confidential'), MARGIN.left, y + 12, {
          width: this.width,
          align: 'center',
          lineBreak: false,
        });
      doc.page.margins.bottom = bottomMargin;
    }
  }

  /** The file name offered for download (no personal data: the case number only). */
  fileName(d: { case: { number: string }; lang: Language }): string {
    return `${this.translator.t('chronology.document.fileName', d.lang)}-${d.case.number.replace(/[^A-Za-z0-9-]+/g, '-')}.pdf`;
  }
}
