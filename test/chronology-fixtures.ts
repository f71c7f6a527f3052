import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer } from './support/case-fixtures';
import { TestApp } from './support/test-app';

/** Collects a binary response body (PDF) as a Buffer. */
export function binary(res: any, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** The text of a PDF as poppler's `pdftotext -layout` extracts it (`raw`: in content order). */
export function pdfText(pdf: Buffer, mode: 'layout' | 'raw' = 'layout'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', [`-${mode}`, '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Page count and embedded fonts of a PDF (poppler's pdfinfo / pdffonts). */
export function pdfInfo(pdf: Buffer): { pages: number; fonts: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    return { pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0), fonts };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Whitespace collapsed, so that wrapped lines read as one. */
export const flat = (text: string) => text.replace(/\s+/g, ' ');

export async function assign(t: TestApp, coordinator: string, caseId: string, counselorId: string) {
  const c = await request(t.server).get(`/api/cases/${caseId}`).set(bearer(coordinator)).expect(200);
  await request(t.server)
    .post(`/api/cases/${caseId}/assignment`)
    .set(bearer(coordinator))
    .send({ counselorId, version: c.body.version })
    .expect(200);
}

export function addEntry(t: TestApp, token: string, caseId: string, body: Record<string, unknown>) {
  return request(t.server).post(`/api/cases/${caseId}/chronology/entries`).set(bearer(token)).send(body);
}

export function downloadPdf(t: TestApp, token: string, caseId: string, query: Record<string, string>) {
  return request(t.server)
    .get(`/api/cases/${caseId}/chronology.pdf`)
    .query(query)
    .set(bearer(token))
    .buffer(true)
    .parse(binary);
}

/**
 * Runs `work` with the append-only triggers of case_events out of the way (as someone with write
 * access to the database could), then puts them back.
 */
export async function withoutAppendOnly<T>(ds: DataSource, work: () => Promise<T>): Promise<T> {
  const pg = ds.options.type === 'postgres';
  if (pg) await ds.query('ALTER TABLE case_events DISABLE TRIGGER case_events_append_only');
  else {
    await ds.query('DROP TRIGGER case_events_no_update');
    await ds.query('DROP TRIGGER case_events_no_delete');
  }
  try {
    return await work();
  } finally {
    if (pg) await ds.query('ALTER TABLE case_events ENABLE TRIGGER case_events_append_only');
    else {
      await ds.query(
        `CREATE TRIGGER case_events_no_update BEFORE UPDATE ON "case_events" BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END`,
      );
      await ds.query(
        `CREATE TRIGGER case_events_no_delete BEFORE DELETE ON "case_events" BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END`,
      );
    }
  }
}

/**
 * Alters one stored event behind the append-only trigger's back (as someone with database access
 * could), then puts the trigger back.
 */
export async function tamperWithEvent(ds: DataSource, caseId: string, seq: number): Promise<void> {
  const pg = ds.options.type === 'postgres';
  await withoutAppendOnly(ds, () =>
    ds.query(
      `UPDATE case_events SET "summaryArgs" = '{"number":"FORGED"}' WHERE "caseId" = ${pg ? '$1' : '?'} AND seq = ${pg ? '$2' : '?'}`,
      [caseId, seq],
    ),
  );
}
