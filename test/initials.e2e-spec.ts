/**
 * Issue 14, item 7: initials are built by grapheme. A victim whose name starts with an emoji, a flag
 * or a letter with a combining accent gets whole initials everywhere the API and the pages show them
 * (case list, case detail, duplicate check, the case list page): never a lone surrogate.
 */
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { bearer, registerCase } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, pageLogin, TestApp } from './support/test-app';

/** A lone (unpaired) UTF-16 surrogate. */
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('initials by grapheme (e2e)', () => {
  let t: TestApp;
  let coordinator: string;
  let frontdesk: string;
  const NIK = '3374000000777001';

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'coord', [Role.Coordinator]);
    await createUser(t, 'fd', [Role.FrontDesk]);
    [coordinator, frontdesk] = await Promise.all([apiLogin(t, 'coord'), apiLogin(t, 'fd')]);
  });
  afterAll(() => t.close());

  it('shows whole emoji, flag and accented initials in the list, the detail and the duplicate check', async () => {
    const c = await registerCase(t, frontdesk, {
      victim: { fullName: '😀Ani 🇮🇩Wati e\u0301lodie', nik: NIK },
    });
    expect(c.victim.initials).toBe('😀.🇮🇩.É.');
    expect(c.victimInitials).toBe('😀.🇮🇩.É.');

    const detail = await request(t.server).get(`/api/cases/${c.id}`).set(bearer(coordinator)).expect(200);
    expect(detail.body.victim.initials).toBe('😀.🇮🇩.É.');

    const list = await request(t.server).get('/api/cases').set(bearer(coordinator)).expect(200);
    const row = list.body.items.find((i: any) => i.id === c.id);
    expect(row.victimInitials).toBe('😀.🇮🇩.É.');

    const dup = await request(t.server)
      .post('/api/cases/duplicate-check')
      .set(bearer(frontdesk))
      .send({ nik: NIK })
      .expect(200);
    expect(dup.body).toHaveLength(1);
    expect(dup.body[0].initials).toBe('😀.🇮🇩.É.');

    for (const initials of [
      c.victimInitials,
      detail.body.victim.initials,
      row.victimInitials,
      dup.body[0].initials,
    ])
      expect(LONE.test(initials)).toBe(false);
  });

  it('the case list page carries the whole initials (no replacement character)', async () => {
    const agent = await pageLogin(t, 'coord');
    const page = await agent.get('/cases').expect(200);
    expect(page.text).toContain('😀.🇮🇩.É.');
    expect(page.text).not.toContain('\uFFFD');
  });
});
