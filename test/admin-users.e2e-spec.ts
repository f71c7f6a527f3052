import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { AuditService } from '../src/platform/audit/audit.service';
import { InstitutionsService } from '../src/institutions/institutions.service';
import { UsersService } from '../src/users/users.service';
import {
  apiLogin,
  createTestApp,
  createUser,
  expectErrorShape,
  TEST_PASSWORD,
  TestApp,
} from './support/test-app';

describe('admin: users API (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  let institutionId: string;

  const api = () => ({
    get: (url: string) => request(t.server).get(url).set('Authorization', `Bearer ${admin}`),
    post: (url: string) => request(t.server).post(url).set('Authorization', `Bearer ${admin}`),
    patch: (url: string) => request(t.server).patch(url).set('Authorization', `Bearer ${admin}`),
  });

  beforeAll(async () => {
    t = await createTestApp();
    const boss = await createUser(t, 'boss', [Role.Admin]);
    adminId = boss.id;
    admin = await apiLogin(t, 'boss');
    institutionId = (await t.app.get(InstitutionsService).create({ name: 'RSUD Kota', type: 'hospital' })).id;
  });
  afterAll(() => t.close());

  it('creates a user whose one-time password logs in and forces a change; never returns secrets', async () => {
    const res = await api()
      .post('/api/users')
      .send({ username: 'siti.rahma', displayName: '  Siti Rahma ', roles: ['counselor'], language: 'en' })
      .expect(201);
    expect(res.body.oneTimePassword).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    expect(res.body.user).toEqual({
      id: expect.any(String),
      username: 'siti.rahma',
      displayName: 'Siti Rahma',
      email: null,
      roles: ['counselor'],
      institution: null,
      serviceRoles: [],
      isActive: true,
      mustChangePassword: true,
      lockedUntil: null,
      lockedAddresses: 0,
      lastLoginAt: null,
      createdAt: t.clock.now().toISOString(),
      version: 1,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|argon|failedLoginCount/);

    const login = await request(t.server)
      .post('/api/auth/login')
      .send({ username: 'siti.rahma', password: res.body.oneTimePassword })
      .expect(200);
    expect(login.body.user.mustChangePassword).toBe(true);
    const token = login.body.accessToken;
    // Anything but changing the password is refused until it is changed.
    const blocked = await request(t.server).get('/api/institutions').set('Authorization', `Bearer ${token}`);
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    await request(t.server)
      .post('/api/account/password')
      .set('Authorization', `Bearer ${token}`)
      .send({ currentPassword: res.body.oneTimePassword, newPassword: 'her own long passphrase' })
      .expect(200);

    const one = await api().get(`/api/users/${res.body.user.id}`).expect(200);
    expect(one.body.mustChangePassword).toBe(false);
    expect(one.body.lastLoginAt).toBe(t.clock.now().toISOString());

    // the creation is audited with the new account's id
    const audit = await t.app
      .get(AuditService)
      .list({ action: 'users.manage', resourceId: res.body.user.id, page: 1, pageSize: 10 });
    expect(audit.items.some((a) => a.outcome === 'allowed' && a.username === 'boss')).toBe(true);
  });

  it('lists users with filters and pagination', async () => {
    await createUser(t, 'front1', [Role.FrontDesk]);
    await createUser(t, 'front2', [Role.FrontDesk]);
    const off = await createUser(t, 'front3', [Role.FrontDesk]);
    await t.app.get(UsersService).setActive({ userId: adminId } as any, off.id, false, off.version);

    const byRole = await api().get('/api/users?role=front_desk').expect(200);
    expect(byRole.body.items.map((u: any) => u.username)).toEqual(['front1', 'front2', 'front3']);
    expect(byRole.body).toEqual(expect.objectContaining({ total: 3, page: 1, pageSize: 25 }));

    const active = await api().get('/api/users?role=front_desk&active=true').expect(200);
    expect(active.body.items.map((u: any) => u.username)).toEqual(['front1', 'front2']);
    const inactive = await api().get('/api/users?active=false').expect(200);
    expect(inactive.body.items.map((u: any) => u.username)).toEqual(['front3']);

    const paged = await api().get('/api/users?role=front_desk&pageSize=2&page=2').expect(200);
    expect(paged.body).toEqual(expect.objectContaining({ total: 3, page: 2, pageSize: 2 }));
    expect(paged.body.items.map((u: any) => u.username)).toEqual(['front3']);

    const search = await api().get('/api/users?q=FRONT2').expect(200);
    expect(search.body.items.map((u: any) => u.username)).toEqual(['front2']);
    for (const u of byRole.body.items) expect(u).not.toHaveProperty('passwordHash');
  });

  it('returns 404 for an unknown id and 400 for a malformed one', async () => {
    const unknown = await api().get('/api/users/00000000-0000-4000-8000-000000000000').expect(404);
    expectErrorShape(unknown.body, 404, 'NOT_FOUND');
    const bad = await api().get('/api/users/not-a-uuid').expect(400);
    expectErrorShape(bad.body, 400, 'VALIDATION_FAILED');
    expect(bad.body.details).toEqual([{ field: 'id', message: expect.any(String) }]);
  });

  it('refuses a taken username with 409 USERNAME_TAKEN', async () => {
    await api()
      .post('/api/users')
      .send({ username: 'dupe', displayName: 'A', roles: ['counselor'] })
      .expect(201);
    const res = await api()
      .post('/api/users')
      .send({ username: 'dupe', displayName: 'B', roles: ['front_desk'] })
      .expect(409);
    expectErrorShape(res.body, 409, 'USERNAME_TAKEN');
  });

  it('requires an institution for team members (422 INSTITUTION_REQUIRED) and checks it exists', async () => {
    const res = await api()
      .post('/api/users')
      .send({ username: 'polisi1', displayName: 'Polisi', roles: ['team_member'] })
      .expect(422);
    expectErrorShape(res.body, 422, 'INSTITUTION_REQUIRED');
    const unknown = await api()
      .post('/api/users')
      .send({
        username: 'polisi1',
        displayName: 'Polisi',
        roles: ['team_member'],
        institutionId: '00000000-0000-4000-8000-000000000000',
      })
      .expect(422);
    expect(unknown.body.code).toBe('INSTITUTION_NOT_FOUND');
    const ok = await api()
      .post('/api/users')
      .send({ username: 'polisi1', displayName: 'Polisi', roles: ['team_member'], institutionId })
      .expect(201);
    expect(ok.body.user.institution).toEqual({ id: institutionId, name: 'RSUD Kota' });
    // and it cannot be removed while the user is a team member
    const removed = await api()
      .patch(`/api/users/${ok.body.user.id}`)
      .send({ version: ok.body.user.version, institutionId: null })
      .expect(422);
    expect(removed.body.code).toBe('INSTITUTION_REQUIRED');
  });

  it("updates with the version, revokes the user's sessions when roles change, refuses a stale version", async () => {
    const { id } = await createUser(t, 'rolly', [Role.Counselor]);
    const token = await apiLogin(t, 'rolly');
    await request(t.server).get('/api/account').set('Authorization', `Bearer ${token}`).expect(200);
    // (logging in updates the account's bookkeeping, so read the current version)
    const user = (await api().get(`/api/users/${id}`).expect(200)).body;

    const renamed = await api()
      .patch(`/api/users/${user.id}`)
      .send({ version: user.version, displayName: 'Rolly Baru' })
      .expect(200);
    expect(renamed.body).toEqual(
      expect.objectContaining({ displayName: 'Rolly Baru', version: user.version + 1 }),
    );
    // a name change keeps the sessions
    await request(t.server).get('/api/account').set('Authorization', `Bearer ${token}`).expect(200);

    const changed = await api()
      .patch(`/api/users/${user.id}`)
      .send({ version: renamed.body.version, roles: ['coordinator', 'counselor'] })
      .expect(200);
    expect(changed.body.roles).toEqual(['coordinator', 'counselor']);
    const after = await request(t.server)
      .get('/api/account')
      .set('Authorization', `Bearer ${token}`)
      .expect(401);
    expectErrorShape(after.body, 401);
    // a new login carries the new roles' permissions
    const fresh = await apiLogin(t, 'rolly');
    await request(t.server).get('/api/institutions').set('Authorization', `Bearer ${fresh}`).expect(200);

    const stale = await api()
      .patch(`/api/users/${user.id}`)
      .send({ version: renamed.body.version, displayName: 'Too late' })
      .expect(409);
    expectErrorShape(stale.body, 409, 'VERSION_CONFLICT');
    const unchanged = await api().get(`/api/users/${user.id}`).expect(200);
    expect(unchanged.body.displayName).toBe('Rolly Baru');
  });

  it('disables and enables with the version; disabling yourself is refused (422)', async () => {
    const { id } = await createUser(t, 'leaving', [Role.Counselor]);
    const token = await apiLogin(t, 'leaving');
    const user = (await api().get(`/api/users/${id}`).expect(200)).body;
    const off = await api().post(`/api/users/${user.id}/disable`).send({ version: user.version }).expect(200);
    expect(off.body.isActive).toBe(false);
    await request(t.server).get('/api/account').set('Authorization', `Bearer ${token}`).expect(401);
    const login = await request(t.server)
      .post('/api/auth/login')
      .send({ username: 'leaving', password: TEST_PASSWORD });
    expect(login.body.code).toBe('ACCOUNT_DISABLED');

    const stale = await api()
      .post(`/api/users/${user.id}/enable`)
      .send({ version: user.version })
      .expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const on = await api()
      .post(`/api/users/${user.id}/enable`)
      .send({ version: off.body.version })
      .expect(200);
    expect(on.body.isActive).toBe(true);
    await apiLogin(t, 'leaving');

    const me = await api().get(`/api/users/${adminId}`).expect(200);
    const self = await api()
      .post(`/api/users/${adminId}/disable`)
      .send({ version: me.body.version })
      .expect(422);
    expectErrorShape(self.body, 422, 'CANNOT_DISABLE_SELF');
  });

  it('refuses to remove the last active admin (422 LAST_ADMIN)', async () => {
    // The initial `admin` account the application creates on an empty database is the other admin.
    const list = await api().get('/api/users?role=admin&active=true').expect(200);
    const others = list.body.items.filter((u: any) => u.id !== adminId);
    expect(others.length).toBeGreaterThan(0);
    for (const other of others)
      await api().post(`/api/users/${other.id}/disable`).send({ version: other.version }).expect(200);

    const me = await api().get(`/api/users/${adminId}`).expect(200);
    // Nobody changes their own roles (issue 12): demoting oneself is refused before the last-admin rule.
    const demote = await api()
      .patch(`/api/users/${adminId}`)
      .send({ version: me.body.version, roles: ['pug_secretariat'] })
      .expect(403);
    expectErrorShape(demote.body, 403, 'OWN_ROLES_UNCHANGEABLE');
    // Through the API the caller is itself an active admin, so neither demoting nor disabling another
    // admin ever leaves none; the rule holds at the service for any other caller.
    const users = t.app.get(UsersService);
    const fresh = (await users.get(adminId))!;
    await expect(
      users.update({ userId: 'system' } as any, adminId, {
        version: fresh.version,
        roles: [Role.PugSecretariat],
      }),
    ).rejects.toMatchObject({ code: 'LAST_ADMIN' });
    await expect(
      users.setActive({ userId: 'system' } as any, adminId, false, fresh.version),
    ).rejects.toMatchObject({
      code: 'LAST_ADMIN',
    });
    // restore the other admins
    for (const other of others) {
      const current = await api().get(`/api/users/${other.id}`).expect(200);
      await api().post(`/api/users/${other.id}/enable`).send({ version: current.body.version }).expect(200);
    }
  });

  it('resets the password: unlocks the account, ends its sessions and forces a change', async () => {
    const user = await createUser(t, 'forgetful', [Role.Counselor]);
    const token = await apiLogin(t, 'forgetful');
    for (let i = 0; i < 5; i++)
      await request(t.server)
        .post('/api/auth/login')
        .send({ username: 'forgetful', password: `wrong guess ${i}` });
    // 5 failures from one address lock that address out of the account (not the whole account)
    const locked = await api().get(`/api/users/${user.id}`).expect(200);
    expect(locked.body).toEqual(expect.objectContaining({ lockedUntil: null, lockedAddresses: 1 }));

    const reset = await api()
      .post(`/api/users/${user.id}/reset-password`)
      .send({ version: locked.body.version })
      .expect(200);
    expect(reset.body.oneTimePassword).toMatch(/^[A-Za-z0-9-]{19}$/);
    expect(reset.body.user).toEqual(
      expect.objectContaining({ lockedUntil: null, lockedAddresses: 0, mustChangePassword: true }),
    );
    await request(t.server).get('/api/account').set('Authorization', `Bearer ${token}`).expect(401);
    const old = await request(t.server)
      .post('/api/auth/login')
      .send({ username: 'forgetful', password: TEST_PASSWORD });
    expect(old.status).toBe(401);
    const login = await request(t.server)
      .post('/api/auth/login')
      .send({ username: 'forgetful', password: reset.body.oneTimePassword })
      .expect(200);
    expect(login.body.user.mustChangePassword).toBe(true);

    const stale = await api()
      .post(`/api/users/${user.id}/reset-password`)
      .send({ version: locked.body.version })
      .expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
  });

  describe('bad input (400 with the error shape, never 500)', () => {
    const someId = () => adminId;

    it('refuses unknown fields, wrong types and bad values when creating', async () => {
      const cases: Record<string, unknown>[] = [
        { username: 'okname', displayName: 'X', roles: ['counselor'], isAdmin: true },
        { username: 'okname', displayName: 'X', roles: ['counselor'], passwordHash: 'x' },
        { username: 42, displayName: 'X', roles: ['counselor'] },
        { username: 'okname', displayName: ['X'], roles: ['counselor'] },
        { username: 'okname', displayName: 'X', roles: 'counselor' },
        { username: 'okname', displayName: 'X', roles: [] },
        { username: 'okname', displayName: 'X', roles: ['superuser'] },
        { username: 'okname', displayName: 'X', roles: ['counselor', 'counselor'] },
        { username: 'okname', displayName: 'X', roles: ['counselor'], institutionId: 'nope' },
        { username: 'okname', displayName: 'X', roles: ['counselor'], language: 'fr' },
        { username: 'Bad Name', displayName: 'X', roles: ['counselor'] },
        { username: 'ab', displayName: 'X', roles: ['counselor'] },
        { username: 'x'.repeat(65), displayName: 'X', roles: ['counselor'] },
        { username: 'okname', displayName: '   ', roles: ['counselor'] },
        { username: 'okname', displayName: 'x'.repeat(121), roles: ['counselor'] },
        {},
      ];
      for (const body of cases) {
        const res = await api().post('/api/users').send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      }
      const arrayBody = await api()
        .post('/api/users')
        .send([{ username: 'x' }]);
      expect(arrayBody.status).toBe(400);
      expectErrorShape(arrayBody.body, 400);
      expect((await api().get('/api/users?username=okname')).status).toBe(400);
    });

    it('refuses bad updates and state changes', async () => {
      const id = someId();
      const patches: Record<string, unknown>[] = [
        { displayName: 'No version' },
        { version: '1', displayName: 'String version' },
        { version: 0 },
        { version: 1.5 },
        { version: 1, displayName: null },
        { version: 1, roles: null },
        { version: 1, roles: ['nope'] },
        { version: 1, institutionId: 12 },
        { version: 1, username: 'renamed' },
        { version: 1, isActive: false },
      ];
      for (const body of patches) {
        const res = await api().patch(`/api/users/${id}`).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      }
      for (const action of ['disable', 'enable', 'reset-password']) {
        for (const body of [{}, { version: 'x' }, { version: 1, extra: true }]) {
          const res = await api().post(`/api/users/${id}/${action}`).send(body);
          expect({ action, body, status: res.status }).toEqual({ action, body, status: 400 });
          expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
        }
      }
    });

    it('refuses malformed ids on every :id route', async () => {
      const routes: [string, string][] = [
        ['get', '/api/users/123'],
        ['patch', '/api/users/123'],
        ['post', '/api/users/123/disable'],
        ['post', '/api/users/123/enable'],
        ['post', '/api/users/123/reset-password'],
        ['get', `/api/users/${'a'.repeat(36)}`],
      ];
      for (const [method, url] of routes) {
        const res = await (api() as any)[method](url).send({ version: 1 });
        expect({ url, status: res.status }).toEqual({ url, status: 400 });
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      }
    });

    it('refuses bad list queries', async () => {
      for (const qs of [
        'pageSize=1000',
        'pageSize=0',
        'page=0',
        'page=abc',
        'page=1.5',
        'page=1&page=2',
        'role=superuser',
        'active=maybe',
        'q=' + 'x'.repeat(101),
        'unknown=1',
      ]) {
        const res = await api().get(`/api/users?${qs}`);
        expect({ qs, status: res.status }).toEqual({ qs, status: 400 });
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      }
      const max = await api().get('/api/users?pageSize=100&page=99').expect(200);
      expect(max.body).toEqual(expect.objectContaining({ items: [], page: 99, pageSize: 100 }));
    });
  });
});
