/**
 * Nothing is served without its audit row: pages and downloads (handlers that send the reply
 * themselves) have their "allowed" row written before the response leaves, and when that write
 * fails the content is not served at all. A write and its audit row commit together, in one
 * transaction: when the row cannot be written, the action is rolled back.
 */
import request from 'supertest';
import { AuditLog } from '../src/platform/audit/audit-log.entity';
import { AuditService } from '../src/platform/audit/audit.service';
import { Role } from '../src/platform/auth/permissions';
import { Case } from '../src/case/case.entity';
import { bearer, intakePayload, registerCase } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, pageLogin, TestApp } from './support/test-app';

describe('audit before send (e2e)', () => {
  let t: TestApp;
  let caseId: string;
  let coordinator: string;
  let consentId: string;
  const SCAN = 'Isi pindaian rahasia Zqaudit';

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'fd', [Role.FrontDesk]);
    await createUser(t, 'coord', [Role.Coordinator]);
    const frontdesk = await apiLogin(t, 'fd');
    coordinator = await apiLogin(t, 'coord');
    caseId = (await registerCase(t, frontdesk, { victim: { fullName: 'Wulan Audit Sari' } })).id;
    const counselorId = (await createUser(t, 'c1', [Role.Counselor])).id;
    const counselor = await apiLogin(t, 'c1');
    const api = (token: string, url: string, body: object) =>
      request(t.server).post(url).set(bearer(token)).send(body);
    await api(coordinator, `/api/cases/${caseId}/assignment`, { counselorId, version: 1 }).expect(200);
    await api(counselor, `/api/cases/${caseId}/transitions`, {
      transition: 'start_counseling',
      version: 2,
    }).expect(200);
    consentId = (
      await api(counselor, `/api/cases/${caseId}/consents`, {
        givenBy: 'victim',
        givenOn: '2026-01-12',
        method: 'signed_form',
        witnessName: 'Saksi',
        serviceRoles: ['medical'],
        institutionIds: [],
        categories: ['identity'],
      }).expect(201)
    ).body.id;
    await request(t.server)
      .post(`/api/consents/${consentId}/scan`)
      .set(bearer(counselor))
      .attach('file', Buffer.from(`%PDF-1.4\n${SCAN}\n%%EOF\n`), 'scan.pdf')
      .expect(200);
  });
  afterAll(() => t.close());

  const rowsFor = (action: string) =>
    t.dataSource.manager.count(AuditLog, { where: { action, resourceId: caseId, outcome: 'allowed' } });

  it('the case page is audited by the time it arrives, once', async () => {
    const agent = await pageLogin(t, 'coord');
    const before = await rowsFor('cases.read');
    const page = await agent.get(`/cases/${caseId}/people`).expect(200);
    expect(page.text).toContain('Wulan Audit Sari');
    expect(await rowsFor('cases.read')).toBe(before + 1);
  });

  it('when the audit write fails, neither the page nor the JSON is served', async () => {
    const agent = await pageLogin(t, 'coord');
    const audit = t.app.get(AuditService);
    const record = audit.record.bind(audit);
    const spy = jest.spyOn(audit, 'record').mockImplementation(async (req, entry) => {
      if (entry.action === 'cases.read') throw new Error('audit store unavailable');
      return record(req, entry);
    });
    try {
      const page = await agent.get(`/cases/${caseId}/people`);
      expect(page.status).toBe(500);
      expect(page.text).not.toContain('Wulan Audit Sari');
      const api = await request(t.server).get(`/api/cases/${caseId}`).set(bearer(coordinator));
      expect(api.status).toBe(500);
      expect(JSON.stringify(api.body)).not.toContain('Wulan');
    } finally {
      spy.mockRestore();
    }
  });

  it('a file the handler sends itself (the consent scan) is audited before it leaves; a failed audit refuses it', async () => {
    const agent = await pageLogin(t, 'c1');
    const count = () =>
      t.dataSource.manager.count(AuditLog, {
        where: { action: 'consent.read', resourceId: consentId, outcome: 'allowed' },
      });
    const before = await count();
    const ok = await agent.get(`/consents/${consentId}/scan`).buffer(true).expect(200);
    expect(ok.body.toString()).toContain(SCAN);
    expect(await count()).toBe(before + 1);

    const audit = t.app.get(AuditService);
    const record = audit.record.bind(audit);
    const spy = jest.spyOn(audit, 'record').mockImplementation(async (req, entry) => {
      if (entry.action === 'consent.read') throw new Error('audit store unavailable');
      return record(req, entry);
    });
    try {
      const refused = await agent.get(`/consents/${consentId}/scan`).buffer(true);
      expect(refused.status).toBe(500);
      const body = Buffer.isBuffer(refused.body) ? refused.body.toString() : JSON.stringify(refused.body);
      expect(body).not.toContain(SCAN);
      expect(refused.text ?? '').not.toContain(SCAN);
      expect(refused.headers['content-type']).toMatch(/^text\/html/); // the error page
      expect(refused.headers['content-disposition']).toBeUndefined();
    } finally {
      spy.mockRestore();
    }
    expect(await count()).toBe(before + 1);
  });

  it('an error reply is not recorded as an allowed access', async () => {
    const agent = await pageLogin(t, 'coord');
    const missing = '00000000-0000-4000-8000-000000000000';
    await agent.get(`/cases/${missing}`).expect(404);
    expect(
      await t.dataSource.manager.count(AuditLog, {
        where: { action: 'cases.read', resourceId: missing, outcome: 'allowed' },
      }),
    ).toBe(0);
  });

  it('a write and its audit row are one transaction: no row, no action', async () => {
    const frontdesk = await apiLogin(t, 'fd');
    const cases = () => t.dataSource.manager.count(Case);
    const rows = () => t.dataSource.manager.count(AuditLog, { where: { action: 'cases.create' } });
    const [casesBefore, rowsBefore] = [await cases(), await rows()];
    const created = await request(t.server).post('/api/cases').set(bearer(frontdesk)).send(intakePayload());
    expect(created.status).toBe(201);
    expect([await cases(), await rows()]).toEqual([casesBefore + 1, rowsBefore + 1]);

    const audit = t.app.get(AuditService);
    const record = audit.record.bind(audit);
    const spy = jest.spyOn(audit, 'record').mockImplementation(async (req, entry) => {
      if (entry.action === 'cases.create' && entry.outcome === 'allowed')
        throw new Error('audit store unavailable');
      return record(req, entry);
    });
    try {
      const refused = await request(t.server).post('/api/cases').set(bearer(frontdesk)).send(intakePayload());
      expect(refused.status).toBe(500);
    } finally {
      spy.mockRestore();
    }
    // the intake was rolled back with its audit row; the failure itself is recorded
    expect(await cases()).toBe(casesBefore + 1);
    expect(
      await t.dataSource.manager.count(AuditLog, { where: { action: 'cases.create', outcome: 'failed' } }),
    ).toBe(1);
  });
});
