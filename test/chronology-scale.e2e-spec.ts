import request from 'supertest';
import { Permission, Role } from '../src/platform/auth/permissions';
import { CaseEventService } from '../src/case/case-event.service';
import { AuthContext } from '../src/platform/common/request-context';
import { TransactionService } from '../src/platform/database/transaction.service';
import { InstitutionsService } from '../src/institutions/institutions.service';
import { bearer, personalText, registerCase } from './support/case-fixtures';
import { statementCounter } from './support/statement-counter';
import { apiLogin, createTestApp, createUser, pageLogin, TestApp } from './support/test-app';
import { addEntry, assign, downloadPdf, flat, pdfInfo, pdfText } from './chronology-fixtures';

const EVENTS = 1000;

describe('chronology: a 1,000-event case prints with a bounded number of queries (e2e)', () => {
  let t: TestApp;
  let coordinator: string;
  let small: string;
  let big: string;
  /** Runs `work` and gives the SQL statements it sent to the database. */
  let counted: (work: () => Promise<unknown>) => Promise<string[]>;

  beforeAll(async () => {
    // The key cache's periodic check for keys destroyed elsewhere (one query per DATA_KEY_RECHECK_MS,
    // whatever the request) is timing, not the print path: keep it out of the counted requests.
    t = await createTestApp({ env: { DATA_KEY_RECHECK_MS: '3600000' } });
    // Count every statement any query runner sends (the logger sees them all, logging on or off).
    const counter = statementCounter(t.dataSource);
    counted = (work) => counter.counted(work);

    await createUser(t, 'fd', [Role.FrontDesk]);
    const c1 = await createUser(t, 'c1', [Role.Counselor]);
    await createUser(t, 'coord', [Role.Coordinator]);
    const [frontdesk, counselor] = await Promise.all(['fd', 'c1'].map((u) => apiLogin(t, u)));
    coordinator = await apiLogin(t, 'coord');
    const hospital = await t.app.get(InstitutionsService).create({ name: 'RSUD Kota', type: 'hospital' });
    const police = await t.app
      .get(InstitutionsService)
      .create({ name: 'Unit PPA Polrestabes', type: 'police_unit' });

    for (const which of ['small', 'big'] as const) {
      const c = await registerCase(t, frontdesk);
      await assign(t, coordinator, c.id, c1.id);
      await addEntry(t, counselor, c.id, {
        date: '2025-12-24',
        description: personalText('Kejadian pertama', c.person),
      }).expect(201);
      await addEntry(t, counselor, c.id, {
        date: '2026-01-08',
        place: 'Pasar',
        description: personalText('Kejadian kedua', c.person),
      }).expect(201);
      if (which === 'small') small = c.id;
      else big = c.id;
    }
    // Append 1,000 events directly through the history service, by staff of three institutions.
    const actors: AuthContext[] = [
      { institutionId: null, roles: [Role.Counselor], displayName: 'Rina Kusuma' },
      { institutionId: hospital.id, roles: [Role.TeamMember], displayName: 'dr. Anita Sari' },
      { institutionId: police.id, roles: [Role.TeamMember], displayName: 'Bripka Dedi Santoso' },
    ].map((a, i) => ({
      ...a,
      userId: `00000000-0000-4000-8000-00000000000${i}`,
      username: `actor${i}`,
      permissions: new Set<Permission>(),
      sessionId: 'scale',
      mustChangePassword: false,
      language: 'id',
    }));
    const events = t.app.get(CaseEventService);
    // The small case has a step by each actor too: the same lookups, only fewer rows.
    for (const actor of actors)
      await events.append(small, actor, {
        type: 'counseling.session_added',
        summaryArgs: { heldAt: '2026-01-02' },
      });
    await t.app.get(TransactionService).run(async () => {
      for (let i = 0; i < EVENTS; i++)
        await events.append(big, actors[i % actors.length], {
          type: 'counseling.session_added',
          summaryArgs: { heldAt: `2026-01-${String((i % 28) + 1).padStart(2, '0')}`, durationMinutes: 60 },
        });
    });
  }, 120_000);
  afterAll(() => t.close());

  it('the JSON chronology, the print view and the PDF use as many queries for 1,000 events as for a few', async () => {
    const agent = await pageLogin(t, 'coord');
    const json = (id: string) =>
      request(t.server).get(`/api/cases/${id}/chronology`).set(bearer(coordinator)).expect(200);
    const html = (id: string) => agent.get(`/cases/${id}/chronology/print?purpose=court`).expect(200);
    const pdf = (id: string) =>
      downloadPdf(t, coordinator, id, { purpose: 'court', redacted: 'true' }).expect(200);
    // warm the caches (settings, data keys) on the small case first
    await json(small);
    await html(small);
    await pdf(small);

    for (const [name, run] of [
      ['json', json],
      ['html', html],
      ['pdf', pdf],
    ] as const) {
      const few = await counted(() => run(small));
      const many = await counted(() => run(big));
      expect({ name, many: many.length }).toEqual({ name, many: few.length });
      expect(many.length).toBeLessThan(25);
    }
  }, 120_000);

  it('prints every one of the 1,000 events', async () => {
    const res = await request(t.server)
      .get(`/api/cases/${big}/chronology`)
      .set(bearer(coordinator))
      .expect(200);
    expect(res.body.handling).toHaveLength(EVENTS + 4);
    expect(res.body.verification.ok).toBe(true);
    expect(res.body.handling.map((l: any) => l.institution)).toEqual(
      expect.arrayContaining(['RSUD Kota', 'Unit PPA Polrestabes', 'Pusat Pelayanan Terpadu']),
    );

    const agent = await pageLogin(t, 'coord');
    const html = await agent
      .get(`/cases/${big}/chronology/print?purpose=court&sections=handling`)
      .expect(200);
    expect(html.text.match(/<tr>/g)?.length).toBe(EVENTS + 4 + 3); // rows, header row, the frame's two rows

    const started = Date.now();
    const pdf = await downloadPdf(t, coordinator, big, { purpose: 'court' }).expect(200);
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeLessThan(30);
    const { pages } = pdfInfo(pdf.body);
    expect(pages).toBeGreaterThan(20);
    const text = flat(pdfText(pdf.body));
    expect(text).toContain(`Halaman ${pages} dari ${pages}`);
    expect(text).toContain('Bripka Dedi Santoso');
    expect(text).toContain('Sesi konseling');
    expect(text).toContain(`Riwayat kasus (${EVENTS + 4} kejadian) utuh`);
  }, 120_000);
});
