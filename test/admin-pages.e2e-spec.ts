import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { paginationView } from '../src/platform/common/pagination';
import { InstitutionsService } from '../src/institutions/institutions.service';
import {
  apiLogin,
  createTestApp,
  createUser,
  csrfFrom,
  csrfOf,
  pageLogin,
  TestApp,
} from './support/test-app';

type Agent = ReturnType<typeof request.agent>;

/** A form body with repeated fields (checkboxes), encoded as a browser does. */
function form(fields: [string, string][]): string {
  return new URLSearchParams(fields).toString();
}

function oneTimePasswordOf(html: string): string {
  const match = /id="one-time-password"[^>]*>([^<]+)</.exec(html);
  if (!match) throw new Error('no one-time password on the page');
  return match[1];
}

/** Handlebars escapes `=` and `&` in attributes; a browser decodes them. */
function decoded(html: string): string {
  return html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
}

function versionOf(html: string): string {
  const match = /name="version" value="(\d+)"/.exec(html);
  if (!match) throw new Error('no version field on the page');
  return match[1];
}

describe('admin: pages (e2e)', () => {
  let t: TestApp;
  let agent: Agent;
  let bossId: string;
  let institutionId: string;
  let apiToken: string;

  const apiGet = (url: string) => request(t.server).get(url).set('Authorization', `Bearer ${apiToken}`);

  beforeAll(async () => {
    t = await createTestApp();
    bossId = (await createUser(t, 'boss', [Role.Admin])).id;
    institutionId = (
      await t.app.get(InstitutionsService).create({ name: 'Polres Kota', type: 'police_unit' })
    ).id;
    agent = await pageLogin(t, 'boss');
    apiToken = await apiLogin(t, 'boss');
  });
  afterAll(() => t.close());

  describe('users', () => {
    let dewiId: string;

    it('lists users in Bahasa Indonesia with filters', async () => {
      const res = await agent.get('/admin/users').expect(200);
      expect(res.text).toContain('<html lang="id">');
      expect(res.text).toContain('<h1>Pengguna</h1>');
      expect(res.text).toContain('href="/admin/users/new"');
      expect(res.text).toContain(`href="/admin/users/${bossId}"`);
      expect(res.text).toContain('name="role"');
      expect(res.text).toContain('Admin sistem');
    });

    it('re-renders the new-user form with the message and the entered values on invalid input', async () => {
      const csrf = await csrfOf(agent, '/admin/users/new');
      const res = await agent
        .post('/admin/users')
        .type('form')
        .send(
          form([
            ['_csrf', csrf],
            ['username', 'no spaces allowed'],
            ['displayName', 'Budi Santoso'],
          ]),
        );
      expect(res.status).toBe(400);
      expect(res.text).toContain('Data yang dikirim tidak valid.');
      expect(res.text).toContain('Format Nama pengguna tidak sesuai.');
      expect(res.text).toContain('Peran harus berisi paling sedikit 1 pilihan.');
      expect(res.text).toContain('value="Budi Santoso"');
      expect(res.text).toContain('value="no spaces allowed"');
      expect(res.text).toContain('aria-invalid="true"');
      const list = await apiGet('/api/users?q=budi').expect(200);
      expect(list.body.total).toBe(0);
    });

    it('re-renders the form with a domain error (team member without institution)', async () => {
      const csrf = await csrfOf(agent, '/admin/users/new');
      const res = await agent
        .post('/admin/users')
        .type('form')
        .send(
          form([
            ['_csrf', csrf],
            ['username', 'polwan'],
            ['displayName', 'Ani Polwan'],
            ['roles', 'team_member'],
            ['institutionId', ''],
          ]),
        );
      expect(res.status).toBe(422);
      expect(res.text).toContain('Anggota tim harus terhubung dengan sebuah lembaga mitra.');
      expect(res.text).toContain('value="Ani Polwan"');
      expect(res.text).toMatch(/value="team_member" checked/);
    });

    it('creates a user through the form and shows the one-time password once', async () => {
      const page = await agent.get('/admin/users/new').expect(200);
      expect(page.text).toContain(`<option value="${institutionId}">Polres Kota</option>`);
      const res = await agent
        .post('/admin/users')
        .type('form')
        .send(
          form([
            ['_csrf', csrfFrom(page.text)],
            ['username', 'Dewi.Lestari'],
            ['displayName', 'Dewi Lestari'],
            ['roles', 'counselor'],
            ['institutionId', ''],
            ['language', 'id'],
          ]),
        )
        .expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('Akun telah dibuat');
      expect(res.text).toContain('dewi.lestari');
      expect(res.text).toContain('Serahkan kata sandi ini langsung kepada pemilik akun');
      expect(res.text).toContain('wajib langsung menggantinya');
      const password = oneTimePasswordOf(res.text);
      dewiId = /href="\/admin\/users\/([0-9a-f-]{36})"/.exec(res.text)![1];

      const login = await request(t.server)
        .post('/api/auth/login')
        .send({ username: 'dewi.lestari', password })
        .expect(200);
      expect(login.body.user.mustChangePassword).toBe(true);
      // the password appears nowhere else: not on the account page
      const edit = await agent.get(`/admin/users/${dewiId}`).expect(200);
      expect(edit.text).not.toContain(password);
      expect(edit.text).toContain('Harus ganti kata sandi');
    });

    it("edits the roles through the form (ending the user's sessions) and refuses a stale version", async () => {
      await createUser(t, 'ratna', [Role.Counselor]);
      const ratnaToken = await apiLogin(t, 'ratna');
      const ratna = (await apiGet('/api/users?q=ratna').expect(200)).body.items[0];

      const page = await agent.get(`/admin/users/${ratna.id}`).expect(200);
      expect(page.text).toContain('value="Test ratna"');
      expect(page.text).toMatch(/value="counselor" checked/);
      const version = versionOf(page.text);
      const res = await agent
        .post(`/admin/users/${ratna.id}`)
        .type('form')
        .send(
          form([
            ['_csrf', csrfFrom(page.text)],
            ['version', version],
            ['displayName', 'Ratna Sari'],
            ['roles', 'counselor'],
            ['roles', 'coordinator'],
            ['institutionId', ''],
          ]),
        )
        .expect(303);
      expect(res.headers.location).toBe(`/admin/users/${ratna.id}`);
      const after = await agent.get(`/admin/users/${ratna.id}`).expect(200);
      expect(after.text).toContain('Perubahan akun telah disimpan.');
      expect(after.text).toMatch(/value="coordinator" checked/);
      const api = await apiGet(`/api/users/${ratna.id}`).expect(200);
      expect(api.body).toEqual(
        expect.objectContaining({ displayName: 'Ratna Sari', roles: ['counselor', 'coordinator'] }),
      );
      await request(t.server).get('/api/account').set('Authorization', `Bearer ${ratnaToken}`).expect(401);

      const stale = await agent
        .post(`/admin/users/${ratna.id}`)
        .type('form')
        .send(
          form([
            ['_csrf', csrfFrom(after.text)],
            ['version', version],
            ['displayName', 'Someone Else'],
            ['roles', 'counselor'],
          ]),
        );
      expect(stale.status).toBe(409);
      expect(stale.text).toContain('Data ini baru saja diubah orang lain.');
      expect(stale.text).toContain('value="Someone Else"');
    });

    it('disables a user behind a confirmation page, and enables again', async () => {
      const confirm = await agent.get(`/admin/users/${dewiId}/disable`).expect(200);
      expect(confirm.text).toContain('Yakin menonaktifkan akun Dewi Lestari (dewi.lestari)?');
      expect(confirm.text).toContain(`action="/admin/users/${dewiId}/disable"`);
      // nothing happened yet
      expect((await apiGet(`/api/users/${dewiId}`).expect(200)).body.isActive).toBe(true);
      const res = await agent
        .post(`/admin/users/${dewiId}/disable`)
        .type('form')
        .send({ _csrf: csrfFrom(confirm.text), version: versionOf(confirm.text) })
        .expect(303);
      expect(res.headers.location).toBe(`/admin/users/${dewiId}`);
      const after = await agent.get(`/admin/users/${dewiId}`).expect(200);
      expect(after.text).toContain('Akun telah dinonaktifkan dan sesinya diakhiri.');
      expect(after.text).toContain(`href="/admin/users/${dewiId}/enable"`);
      expect((await apiGet(`/api/users/${dewiId}`).expect(200)).body.isActive).toBe(false);

      const enable = await agent.get(`/admin/users/${dewiId}/enable`).expect(200);
      await agent
        .post(`/admin/users/${dewiId}/enable`)
        .type('form')
        .send({ _csrf: csrfFrom(enable.text), version: versionOf(enable.text) })
        .expect(303);
      expect((await apiGet(`/api/users/${dewiId}`).expect(200)).body.isActive).toBe(true);
    });

    it('refuses to disable your own account, on the confirmation page', async () => {
      const own = await agent.get(`/admin/users/${bossId}`).expect(200);
      expect(own.text).not.toContain(`href="/admin/users/${bossId}/disable"`);
      const confirm = await agent.get(`/admin/users/${bossId}/disable`).expect(200);
      const res = await agent
        .post(`/admin/users/${bossId}/disable`)
        .type('form')
        .send({ _csrf: csrfFrom(confirm.text), version: versionOf(confirm.text) });
      expect(res.status).toBe(422);
      expect(res.text).toContain('Anda tidak dapat menonaktifkan akun Anda sendiri.');
      expect((await apiGet(`/api/users/${bossId}`).expect(200)).body.isActive).toBe(true);
    });

    it('resets a password behind a confirmation page and shows the new one-time password once', async () => {
      const confirm = await agent.get(`/admin/users/${dewiId}/reset-password`).expect(200);
      expect(confirm.text).toContain('Yakin membuat kata sandi sekali pakai baru untuk Dewi Lestari');
      const res = await agent
        .post(`/admin/users/${dewiId}/reset-password`)
        .type('form')
        .send({ _csrf: csrfFrom(confirm.text), version: versionOf(confirm.text) })
        .expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('Kata sandi telah diatur ulang');
      const password = oneTimePasswordOf(res.text);
      const login = await request(t.server)
        .post('/api/auth/login')
        .send({ username: 'dewi.lestari', password })
        .expect(200);
      expect(login.body.user.mustChangePassword).toBe(true);
      // a bad version on the confirmation form re-renders it
      const bad = await agent
        .post(`/admin/users/${dewiId}/reset-password`)
        .type('form')
        .send({ _csrf: csrfFrom(confirm.text), version: 'abc' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('Data yang dikirim tidak valid.');
    });

    it('shows locked status and last login', async () => {
      await createUser(t, 'locky', [Role.FrontDesk]);
      await apiLogin(t, 'locky');
      for (let i = 0; i < 5; i++)
        await request(t.server)
          .post('/api/auth/login')
          .send({ username: 'locky', password: `nope nope ${i}` });
      const id = (await apiGet('/api/users?q=locky').expect(200)).body.items[0].id;
      const page = await agent.get(`/admin/users/${id}`).expect(200);
      expect(page.text).toContain('Terkunci dari 1 alamat');
      expect(page.text).not.toContain('Belum pernah masuk');
      const list = await agent.get('/admin/users?q=locky').expect(200);
      expect(list.text).toContain('Terkunci');
    });

    it('pages the list keeping the filters, and refuses bad filters without a 500', async () => {
      const first = await agent.get('/admin/users?role=counselor&q=a&pageSize=1').expect(200);
      expect(decoded(first.text)).toContain('href="/admin/users?role=counselor&q=a&pageSize=1&page=2"');
      expect(first.text).toContain('1–1 dari');
      const second = await agent.get('/admin/users?role=counselor&q=a&pageSize=1&page=2').expect(200);
      expect(decoded(second.text)).toContain('href="/admin/users?role=counselor&q=a&pageSize=1" rel="prev"');
      // filter values are encoded in the links
      await createUser(t, 'odd1', [Role.FrontDesk]);
      await createUser(t, 'odd2', [Role.FrontDesk]);
      const odd = await agent.get('/admin/users?active=true&q=odd&pageSize=1').expect(200);
      expect(decoded(odd.text)).toContain('href="/admin/users?active=true&q=odd&pageSize=1&page=2"');
      const spaced = await agent.get('/admin/users?q=' + encodeURIComponent('a&b=c <d>"') + '&pageSize=1');
      expect(spaced.status).toBe(200);
      expect(spaced.text).toContain('value="a&amp;b&#x3D;c &lt;d&gt;&quot;"');
      // empty filters (as the form sends them) are ignored
      await agent.get('/admin/users?role=&active=&q=').expect(200);
      for (const qs of ['pageSize=1000', 'role=root', 'active=maybe', 'page=x', 'extra=1']) {
        const res = await agent.get(`/admin/users?${qs}`);
        expect({ qs, status: res.status }).toEqual({ qs, status: 400 });
        expect(res.text).toContain('Data yang dikirim tidak valid.');
      }
      const badId = await agent.get('/admin/users/not-a-uuid');
      expect(badId.status).toBe(400);
      const unknown = await agent.get('/admin/users/00000000-0000-4000-8000-000000000000');
      expect(unknown.status).toBe(404);
    });
  });

  it('every admin page refuses a malformed id or form with 400, never a 500', async () => {
    const csrf = await csrfOf(agent, '/admin/users');
    const gets = [
      '/admin/users/x',
      '/admin/users/x/disable',
      '/admin/users/x/enable',
      '/admin/users/x/reset-password',
    ];
    for (const url of [...gets, '/admin/institutions/x', `/admin/users/${'1'.repeat(36)}`]) {
      const res = await agent.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.text).toContain('VALIDATION_FAILED');
    }
    for (const url of [...gets, '/admin/institutions/x']) {
      const res = await agent.post(url).type('form').send({ _csrf: csrf, version: '1' });
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
    }
    const forms: [string, Record<string, string>][] = [
      ['/admin/users', { username: 'okname', displayName: 'X', roles: 'counselor', isAdmin: 'on' }],
      ['/admin/users', { username: 'okname', displayName: 'X', roles: 'root' }],
      ['/admin/users', { username: 'okname', displayName: 'X', roles: 'counselor', institutionId: 'x' }],
      [`/admin/users/${bossId}`, { version: 'x', displayName: 'X', roles: 'admin' }],
      [`/admin/users/${bossId}`, { version: '1', displayName: '', roles: 'admin' }],
      [`/admin/users/${bossId}/disable`, { version: '1', extra: 'x' }],
      [`/admin/users/${bossId}/enable`, {}],
      [`/admin/users/${bossId}/reset-password`, { version: '-1' }],
      ['/admin/institutions', { name: 'Okay name', type: 'ngo', isActive: 'maybe' }],
      ['/admin/institutions', { name: 'Okay name' }],
      [`/admin/institutions/${institutionId}`, { name: 'Okay name', type: 'ngo' }],
    ];
    for (const [url, body] of forms) {
      const res = await agent
        .post(url)
        .type('form')
        .send({ ...body, _csrf: csrf });
      expect({ url, body, status: res.status }).toEqual({ url, body, status: 400 });
      expect(res.text).toContain('Data yang dikirim tidak valid.');
    }
    // nothing changed
    const boss = await apiGet(`/api/users/${bossId}`).expect(200);
    expect(boss.body).toEqual(expect.objectContaining({ isActive: true, roles: ['admin'] }));
    expect((await apiGet('/api/users?q=okname').expect(200)).body.total).toBe(0);
  });

  describe('paginationView', () => {
    it('builds the partial data, encoding the kept filters and dropping empty ones', () => {
      const view = paginationView(5, 2, 2, '/admin/users', {
        q: 'a&b=c d/é',
        role: undefined,
        active: false,
        action: '',
        page: 9,
      });
      expect(view).toEqual({
        from: 3,
        to: 4,
        total: 5,
        page: 2,
        pages: 3,
        prevUrl: '/admin/users?q=a%26b%3Dc+d%2F%C3%A9&active=false&pageSize=2',
        nextUrl: '/admin/users?q=a%26b%3Dc+d%2F%C3%A9&active=false&pageSize=2&page=3',
      });
      expect(paginationView(0, 1, 25, '/x')).toBeNull();
      expect(paginationView(30, 1, 25, '/x')).toEqual(
        expect.objectContaining({ from: 1, to: 25, pages: 2, prevUrl: null, nextUrl: '/x?page=2' }),
      );
      // past the last page: nothing shown, a way back to the last page
      expect(paginationView(30, 7, 25, '/x')).toEqual(
        expect.objectContaining({ from: 0, to: 0, prevUrl: '/x?page=2', nextUrl: null }),
      );
    });
  });

  describe('institutions', () => {
    it('creates, edits (with version) and refuses a duplicate name through the forms', async () => {
      const page = await agent.get('/admin/institutions/new').expect(200);
      expect(page.text).toContain('Lembaga baru');
      const res = await agent
        .post('/admin/institutions')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), name: 'Rumah Aman Melati', type: 'ngo', isActive: 'on' })
        .expect(303);
      const id = /\/admin\/institutions\/([0-9a-f-]{36})$/.exec(res.headers.location)![1];
      const edit = await agent.get(`/admin/institutions/${id}`).expect(200);
      expect(edit.text).toContain('Lembaga telah didaftarkan.');
      expect(edit.text).toContain('value="Rumah Aman Melati"');
      expect(edit.text).toMatch(/id="isActive"[^>]* checked/);

      // unticking "active" deactivates it
      await agent
        .post(`/admin/institutions/${id}`)
        .type('form')
        .send({
          _csrf: csrfFrom(edit.text),
          version: versionOf(edit.text),
          name: 'Rumah Aman Melati',
          type: 'ngo',
        })
        .expect(303);
      const api = await apiGet(`/api/institutions/${id}`).expect(200);
      expect(api.body).toEqual(expect.objectContaining({ isActive: false, version: 2 }));

      const dup = await agent
        .post('/admin/institutions')
        .type('form')
        .send({ _csrf: csrfFrom(edit.text), name: 'Polres Kota', type: 'police_unit', isActive: 'on' });
      expect(dup.status).toBe(409);
      expect(dup.text).toContain('Nama lembaga sudah terdaftar.');
      expect(dup.text).toContain('value="Polres Kota"');

      const stale = await agent
        .post(`/admin/institutions/${id}`)
        .type('form')
        .send({ _csrf: csrfFrom(edit.text), version: '1', name: 'Nama Baru', type: 'ngo' });
      expect(stale.status).toBe(409);
      expect(stale.text).toContain('value="Nama Baru"');

      const invalid = await agent
        .post(`/admin/institutions/${id}`)
        .type('form')
        .send({ _csrf: csrfFrom(edit.text), version: '2', name: 'X', type: 'bank' });
      expect(invalid.status).toBe(400);
      expect(invalid.text).toContain('Jenis bukan pilihan yang tersedia.');
    });

    it('lists institutions with filters', async () => {
      const res = await agent.get('/admin/institutions?type=police_unit&active=true').expect(200);
      expect(res.text).toContain('Polres Kota');
      expect(res.text).not.toContain('Rumah Aman Melati');
      expect(res.text).toContain('Unit kepolisian (PPA)');
      const bad = await agent.get('/admin/institutions?pageSize=1000');
      expect(bad.status).toBe(400);
    });
  });

  describe('audit log', () => {
    it('shows entries filtered by outcome and dates', async () => {
      const konselor = await createUser(t, 'konselor', [Role.Counselor]);
      const other = await pageLogin(t, 'konselor');
      await other.get('/admin/audit').expect(403);
      await other.get('/admin/users').expect(403);
      const res = await agent
        .get('/admin/audit?outcome=denied&username=konselor&from=2026-01-15&to=2026-01-15')
        .expect(200);
      expect(res.text).toContain('<td><code class="username">konselor</code></td>');
      // a route without a page name: its method and pattern; one with a name: the name, the pattern beside it
      expect(res.text).toContain('<td><code>GET /admin/audit</code></td>');
      expect(res.text).toContain('<td>Daftar pengguna <code class="code-name">GET /admin/users</code></td>');
      // the error code in words, the code beside it
      expect(res.text).toContain(
        '<td>Anda tidak memiliki izin untuk tindakan ini. <code class="code-name">FORBIDDEN</code></td>',
      );
      expect(res.text).toContain('Ditolak');
      expect(res.text).toContain('Konselor / pendamping');
      // issue 18, item 7: the action and the resource in the reader's words, the code beside them
      expect(res.text).toContain('<td>Melihat log audit <code class="code-name">audit.read</code></td>');
      expect(res.text).toMatch(/<td>Log audit <\/td>|<td>Log audit <code/);
      const none = await agent.get('/admin/audit?outcome=denied&username=konselor&to=2026-01-14').expect(200);
      expect(none.text).toContain('Tidak ada catatan yang cocok dengan saringan.');
      const byUser = await agent.get(`/admin/audit?userId=${konselor.id}`).expect(200);
      expect(byUser.text).toContain('<td><code class="username">konselor</code></td>');
      for (const qs of ['from=kemarin', 'outcome=maybe', 'pageSize=1000', 'to=2026-01-15T00:00:00Z']) {
        const bad = await agent.get(`/admin/audit?${qs}`);
        expect({ qs, status: bad.status }).toEqual({ qs, status: 400 });
        expect(bad.text).toContain('Data yang dikirim tidak valid.');
      }
    });
  });

  describe('in English', () => {
    it('renders every admin page in English with the lang=en cookie', async () => {
      const en = await pageLogin(t, 'boss');
      const home = await en.get('/').expect(200);
      const switched = await en
        .post('/language')
        .type('form')
        .send({ _csrf: csrfFrom(home.text), language: 'en', next: '/admin/users' })
        .expect(303);
      expect(String(switched.headers['set-cookie'])).toMatch(/(^|,)\s*lang=en;/);
      const users = await en.get('/admin/users').expect(200);
      expect(users.text).toContain('<html lang="en">');
      expect(users.text).toContain('<h1>Users</h1>');
      expect(users.text).toContain('Add a user');
      expect(users.text).toContain('System administrator');
      expect(users.text).not.toContain('Pengguna');
      const newUser = await en.get('/admin/users/new').expect(200);
      expect(newUser.text).toContain('New user');
      expect(newUser.text).toContain('Create account');
      const edit = await en.get(`/admin/users/${bossId}`).expect(200);
      expect(edit.text).toContain('Edit user');
      expect(edit.text).toContain('This is your own account: you cannot disable it.');
      const confirm = await en.get(`/admin/users/${bossId}/reset-password`).expect(200);
      expect(confirm.text).toContain('Are you sure you want to create a new one-time password');
      const institutions = await en.get('/admin/institutions').expect(200);
      expect(institutions.text).toContain('<h1>Institutions</h1>');
      expect(institutions.text).toContain('Police unit');
      const inst = await en.get(`/admin/institutions/${institutionId}`).expect(200);
      expect(inst.text).toContain('Save changes');
      const audit = await en.get('/admin/audit').expect(200);
      expect(audit.text).toContain('<h1>Audit log</h1>');
      expect(audit.text).toContain('Request ID');
      expect(audit.text).toContain('Sign in <code class="code-name">auth.login</code>');
      // the route's page name in English too (the admin's own sign-in)
      expect(audit.text).toContain('Sign in <code class="code-name">POST /login</code>');
      const invalid = await en.get('/admin/audit?from=yesterday').expect(400);
      expect(invalid.text).toContain('The data sent is not valid.');
      expect(invalid.text).toContain('From date');
    });
  });
});
