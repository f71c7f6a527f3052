import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { CasesService } from '../src/case/cases.service';
import { IntakeService } from '../src/case/intake.service';
import { CaseWorkflowService } from '../src/case/workflow/case-workflow.service';
import { ChronologyService } from '../src/chronology/chronology.service';
import { Clock } from '../src/platform/common/clock';
import { CounselingService } from '../src/steps/counseling/counseling.service';
import { DemoChronologySeeder } from '../src/demo/demo-chronology';
import { SupportServicesService } from '../src/steps/support/support-services.service';
import { UsersService } from '../src/users/users.service';
import { bearer } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, TestApp } from './support/test-app';
import { downloadPdf, flat, pdfText } from './chronology-fixtures';

describe('demo data: a case with a long chronology (e2e)', () => {
  let t: TestApp;
  let seeder: DemoChronologySeeder;

  beforeAll(async () => {
    t = await createTestApp();
    for (const [username, role] of [
      ['frontdesk', Role.FrontDesk],
      ['counselor', Role.Counselor],
      ['coordinator', Role.Coordinator],
    ] as const)
      await createUser(t, username, [role]);
    const get = <T>(type: new (...args: any[]) => T) => t.app.get(type, { strict: false });
    seeder = new DemoChronologySeeder(
      get(UsersService),
      get(IntakeService),
      get(CasesService),
      get(CaseWorkflowService),
      get(CounselingService),
      get(SupportServicesService),
      get(ChronologyService),
      get(Clock),
    );
  });
  afterAll(() => t.close());

  it('creates the case once, through the services, with a verifiable history', async () => {
    const number = await seeder.run();
    expect(number).toMatch(/^PPT\/2026\/\d{6}$/);
    expect(await seeder.run()).toBeNull();
    const coordinator = await apiLogin(t, 'coordinator');
    const list = await request(t.server)
      .get('/api/cases')
      .query({ number: number! })
      .set(bearer(coordinator));
    const id = list.body.items[0].id;
    const json = await request(t.server)
      .get(`/api/cases/${id}/chronology`)
      .set(bearer(coordinator))
      .expect(200);
    expect(json.body.entries.filter((e: any) => e.current)).toHaveLength(10);
    expect(json.body.entries).toHaveLength(11);
    expect(json.body.handling.length).toBeGreaterThanOrEqual(20);
    expect(json.body.verification.ok).toBe(true);
    const pdf = await downloadPdf(t, coordinator, id, { purpose: 'case_conference' }).expect(200);
    const text = flat(pdfText(pdf.body));
    expect(text).toContain('Ratih Purnamasari');
    expect(text).toMatch(/Dikoreksi pada .* oleh Test counselor/);
    const redacted = pdfText(
      (await downloadPdf(t, coordinator, id, { purpose: 'court', redacted: 'true' })).body,
    );
    for (const fragment of [
      'Ratih',
      'Purnamasari',
      'Yudi',
      'Hermawan',
      '3374114408880003',
      '081325478190',
      'Srikaton',
    ])
      expect({ fragment, found: redacted.includes(fragment) }).toEqual({ fragment, found: false });
  });
});
