/**
 * E-mail notifications (issue 19 item 3), against a real SMTP server started by the test: the events
 * that notify someone in the app also enqueue an e-mail in the same transaction (the outbox); the
 * background sender delivers each once, retries a refusing server with a backoff and then marks the
 * row failed, sends it again on retry, takes back a crashed sender's claim, and two instances never
 * send the same row twice. No e-mail carries personal data or case details. E-mail is off (nothing
 * enqueued) while SMTP_HOST is unset.
 */
import request from 'supertest';
import { EMAIL_SCHEDULE, EmailSender } from '../src/email/email-sender.service';
import { Scheduler } from '../src/platform/schedules/scheduler.service';
import { EmailDelivery } from '../src/notifications/email-delivery.entity';
import { NotificationsService } from '../src/notifications/notifications.service';
import { Role } from '../src/platform/auth/permissions';
import { TransactionService } from '../src/platform/database/transaction.service';
import { User } from '../src/users/user.entity';
import { UsersService } from '../src/users/users.service';
import {
  bearer,
  expectNoVictimValues,
  personalText,
  referWithConsent,
  registerCase,
} from './support/case-fixtures';
import { startSmtp } from './support/smtp';
import {
  apiLogin,
  createSecondInstance,
  createTestApp,
  createUser,
  TEST_PASSWORD,
  TestApp,
  csrfFrom,
  pageLogin,
} from './support/test-app';

describe('e-mail notifications (e2e, real SMTP server)', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const mailOf: Record<string, string> = {};

  const api = (who: string) => ({
    post: (url: string, body: object = {}) => request(t.server).post(url).set(bearer(tok[who])).send(body),
  });
  const sender = () => t.app.get(EmailSender);
  const deliveries = () => t.dataSource.getRepository(EmailDelivery);
  const login = async (...who: string[]) => {
    for (const u of who) tok[u] = await apiLogin(t, u);
  };
  /** Notifies `userId` of a closure request directly (the outbox's own door), in one transaction. */
  const notifyClosure = (app: TestApp, userId: string, link = '/closure-requests') =>
    app.app
      .get(TransactionService)
      .run((m) =>
        app.app.get(NotificationsService).notify(m, [userId], 'closure_requested', { caseNumber: 'X' }, link),
      );

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ env: { ...smtp.env, MAIL_MAX_ATTEMPTS: '3' } });
    for (const [name, roles] of [
      ['fd', [Role.FrontDesk]],
      ['c1', [Role.Counselor]],
      ['c2', [Role.Counselor]],
      ['coord', [Role.Coordinator]],
      ['adm', [Role.Admin]],
    ] as const)
      ids[name] = (await createUser(t, name, [...roles])).id;
    await login('fd', 'c1', 'c2', 'coord', 'adm');
    ids.hospital = (
      await api('adm')
        .post('/api/institutions', { name: 'RSUD Kota', type: 'hospital', serviceRoles: ['medical'] })
        .expect(201)
    ).body.id;
    ids.tm = (
      await t.app.get(UsersService).create(
        {
          username: 'tm',
          displayName: 'Test tm',
          roles: [Role.TeamMember],
          institutionId: ids.hospital,
          serviceRoles: ['medical'],
        },
        { password: TEST_PASSWORD, mustChangePassword: false },
      )
    ).user.id;
    await login('tm');
    const users = t.dataSource.getRepository(User);
    // the administrator sets the addresses (API); a malformed one is a 400
    for (const u of ['c1', 'c2', 'coord', 'tm']) {
      mailOf[u] = `${u}@ppt.test`;
      const version = (await users.findOneByOrFail({ id: ids[u] })).version;
      const set = await request(t.server)
        .patch(`/api/users/${ids[u]}`)
        .set(bearer(tok.adm))
        .send({ version, email: ` ${mailOf[u]} ` })
        .expect(200);
      expect(set.body.email).toBe(mailOf[u]);
    }
    await request(t.server)
      .patch(`/api/users/${ids.c1}`)
      .set(bearer(tok.adm))
      .send({ version: 2, email: 'not an address' })
      .expect(400);
    await users.update({ id: ids.c1 }, { language: 'en' });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('each event sends its e-mail once, to its recipient, in their language, with no personal data', async () => {
    const c = await registerCase(t, tok.fd);
    await api('coord').post(`/api/cases/${c.id}/assignment`, { counselorId: ids.c1, version: 1 }).expect(200);
    await api('c1')
      .post(`/api/cases/${c.id}/transitions`, { transition: 'start_counseling', version: 2 })
      .expect(200);
    // a new referral (team member; urgent)
    await referWithConsent(t, tok.c1, c.id, {
      serviceRole: 'medical',
      institutionId: ids.hospital,
      categories: ['identity'],
      reason: personalText('Pemeriksaan', c.person),
    });
    // an assignment (the counselor the case is handed over to)
    await api('coord')
      .post('/api/caseload-handovers', { caseIds: [c.id], toCounselorIds: [ids.c2] })
      .expect(200);
    // a closure request (coordinator)
    await api('c2')
      .post(`/api/cases/${c.id}/closure-request`, {
        closureReason: 'lost_contact',
        checklist: ['victim_informed', 'records_complete'],
        explanation: personalText('Alasan penutupan', c.person),
      })
      .expect(201);
    // the referral's reminder once it is overdue (its sender, the counselor, the team member)
    t.clock.advanceMinutes(4 * 24 * 60);
    await login('coord');
    expect((await api('coord').post('/api/referrals/overdue-check').expect(200)).body.marked).toBe(1);

    const rows = await deliveries().find();
    expect(rows.map((r) => [r.kind, r.status]).filter(([, status]) => status !== 'pending')).toEqual([]);
    expect(rows).toHaveLength(6);
    expect(await sender().sendDue()).toBe(rows.length);
    expect(await sender().sendDue()).toBe(0); // never twice
    const got = smtp.received.map((m) => `${m.to.join(',')} ${m.subject}`).sort();
    expect(got).toEqual(
      [
        `${mailOf.c1} Lentera: a referral awaits an answer (Urgent)`,
        `${mailOf.c2} Lentera: ada penugasan baru untuk Anda`,
        `${mailOf.c2} Lentera: ada rujukan yang menunggu jawaban (Segera)`,
        `${mailOf.coord} Lentera: ada permintaan penutupan yang menunggu keputusan Anda`,
        `${mailOf.tm} Lentera: ada rujukan baru untuk Anda (Segera)`,
        `${mailOf.tm} Lentera: ada rujukan yang menunggu jawaban (Segera)`,
      ].sort(),
    );
    const sent = await deliveries().find();
    expect(sent.map((r) => [r.status, r.attempts, r.claimedBy])).toEqual(sent.map(() => ['sent', 1, null]));
    const initials = c.person.fullName
      .split(/\s+/)
      .map((p: string) => `${p[0]}.`)
      .join('');
    for (const mail of smtp.received) {
      expectNoVictimValues(mail.raw, c.person, `e-mail ${mail.subject}`);
      expectNoVictimValues(mail.text, c.person, `e-mail ${mail.subject}`);
      for (const detail of [c.number, initials, 'Pemeriksaan', 'Alasan penutupan', 'RSUD Kota', 'Test c1'])
        expect({
          subject: mail.subject,
          found: mail.raw.includes(detail) || mail.text.includes(detail),
        }).toEqual({
          subject: mail.subject,
          found: false,
        });
      expect(mail.text).toMatch(/https:\/\/lentera\.ppt\.test\/(cases|partner|closure-requests)\S*/);
    }
    const english = smtp.received.find((m) => m.to[0] === mailOf.c1)!;
    expect(english.text).toContain('A referral is past its due date and awaits an answer in Lentera.');
    expect(english.text).toContain('Urgency: Urgent');
    expect(english.text).toContain(`https://lentera.ppt.test/cases/${c.id}/referrals#referrals`);
  });

  it('a refusing server: retried with a backoff, then failed with its code; a retry sends it once', async () => {
    smtp.received.length = 0;
    smtp.state.rejecting = true;
    await notifyClosure(t, ids.coord);
    const row = await deliveries().findOneByOrFail({ status: 'pending' });
    expect(await sender().sendDue()).toBe(0);
    let now = await deliveries().findOneByOrFail({ id: row.id });
    expect([now.status, now.attempts, now.lastErrorCode]).toEqual(['pending', 1, 'SMTP_451']);
    // not before its next attempt (1 minute later)
    expect(await sender().sendDue()).toBe(0);
    expect((await deliveries().findOneByOrFail({ id: row.id })).attempts).toBe(1);
    t.clock.advanceMinutes(1);
    await sender().sendDue();
    now = await deliveries().findOneByOrFail({ id: row.id });
    expect([now.status, now.attempts]).toEqual(['pending', 2]);
    expect(now.nextAttemptAt.getTime() - t.clock.now().getTime()).toBe(2 * 60_000);
    t.clock.advanceMinutes(2);
    await sender().sendDue();
    now = await deliveries().findOneByOrFail({ id: row.id });
    expect([now.status, now.attempts, now.lastErrorCode, now.sentAt]).toEqual([
      'failed',
      3,
      'SMTP_451',
      null,
    ]);
    t.clock.advanceMinutes(120);
    expect(await sender().sendDue()).toBe(0); // failed stays failed
    expect(smtp.received).toHaveLength(0);

    // the administrator sees it (account name, kind, attempts, code; no case data) and retries it
    const get = (who: string, url: string) => request(t.server).get(url).set(bearer(tok[who]));
    await login('adm', 'coord');
    const failed = (await get('adm', '/api/email-deliveries').expect(200)).body;
    expect(failed.items).toEqual([
      {
        id: row.id,
        username: 'coord',
        kind: 'closure_request',
        urgency: 'routine',
        status: 'failed',
        attempts: 3,
        lastErrorCode: 'SMTP_451',
        createdAt: expect.any(String),
        nextAttemptAt: expect.any(String),
        sentAt: null,
      },
    ]);
    expect(JSON.stringify(failed)).not.toContain('/closure-requests');
    await get('coord', '/api/email-deliveries').expect(403);
    await api('coord').post(`/api/email-deliveries/${row.id}/retry`).expect(403);
    await get('adm', '/api/email-deliveries?status=nope').expect(400);
    smtp.state.rejecting = false;
    const retried = await api('adm').post(`/api/email-deliveries/${row.id}/retry`).expect(200);
    expect([retried.body.status, retried.body.attempts]).toEqual(['pending', 0]);
    expect((await api('adm').post(`/api/email-deliveries/${row.id}/retry`).expect(409)).body.code).toBe(
      'EMAIL_DELIVERY_NOT_FAILED',
    );
    await api('adm').post('/api/email-deliveries/00000000-0000-4000-8000-000000000000/retry').expect(404);
    expect((await get('adm', '/api/email-deliveries').expect(200)).body.total).toBe(0);
    expect(await sender().sendDue()).toBe(1);
    expect(await sender().sendDue()).toBe(0);
    expect(smtp.received.map((m) => m.to)).toEqual([[mailOf.coord]]);
    now = await deliveries().findOneByOrFail({ id: row.id });
    expect([now.status, now.lastErrorCode]).toEqual(['sent', null]);
  });

  it('a recipient without an address: failed as NO_ADDRESS, nothing sent', async () => {
    smtp.received.length = 0;
    await notifyClosure(t, ids.adm);
    expect(await sender().sendDue()).toBe(0);
    const row = await deliveries().findOneByOrFail({ userId: ids.adm });
    expect([row.status, row.lastErrorCode]).toEqual(['failed', 'NO_ADDRESS']);
    expect(smtp.received).toHaveLength(0);

    // the administrator's page lists it (account, kind, code), and its button sends it again
    const admin = await pageLogin(t, 'adm');
    const page = await admin.get('/email-deliveries').expect(200);
    expect(page.text).toContain('<code class="username">adm</code>');
    expect(page.text).toContain('Permintaan penutupan');
    expect(page.text).toContain('<code>NO_ADDRESS</code>');
    expect(page.text).toContain(`action="/email-deliveries/${row.id}/retry"`);
    expect(page.text).not.toContain('/closure-requests');
    await (await pageLogin(t, 'coord')).get('/email-deliveries').expect(403);
    await t.dataSource.getRepository(User).update({ id: ids.adm }, { email: 'adm@ppt.test' });
    const retried = await admin
      .post(`/email-deliveries/${row.id}/retry`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    expect(retried.headers.location).toBe('/email-deliveries');
    expect(await sender().sendDue()).toBe(1);
    expect(smtp.received.map((m) => m.to)).toEqual([['adm@ppt.test']]);
    const again = await admin
      .post(`/email-deliveries/${row.id}/retry`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    expect(again.headers.location).toBe('/email-deliveries?error=EMAIL_DELIVERY_NOT_FAILED');
    const refused = await admin.get(again.headers.location).expect(200);
    expect(refused.text).toContain('Hanya pengiriman e-mail yang gagal yang dapat dikirim ulang.');
    const sentList = await admin.get('/email-deliveries?status=sent').expect(200);
    expect(sentList.text).not.toContain(`action="/email-deliveries/${row.id}/retry"`);
    await admin.get('/email-deliveries?status=nope').expect(400);
  });

  it("a crashed sender's claim goes back to pending after 10 minutes and is sent then", async () => {
    smtp.received.length = 0;
    await notifyClosure(t, ids.coord);
    const row = await deliveries().findOneByOrFail({ status: 'pending' });
    await deliveries().update(
      { id: row.id },
      { status: 'sending', claimedBy: '00000000-0000-4000-8000-000000000000', claimedAt: t.clock.now() },
    );
    t.clock.advanceMinutes(9);
    expect(await sender().sendDue()).toBe(0);
    t.clock.advanceMinutes(2);
    expect(await sender().sendDue()).toBe(1);
    expect(smtp.received).toHaveLength(1);
  });

  it('the sender runs on the platform scheduler', async () => {
    smtp.received.length = 0;
    await notifyClosure(t, ids.coord);
    t.clock.advanceMinutes(1);
    expect(await t.app.get(Scheduler).runDue()).toContain(EMAIL_SCHEDULE);
    expect(smtp.received.map((m) => m.to)).toEqual([[mailOf.coord]]);
  });

  it('two instances on one database never send the same row twice', async () => {
    smtp.received.length = 0;
    const b = await createSecondInstance(t, { env: smtp.env, clock: t.clock });
    try {
      for (let i = 0; i < 12; i++) await notifyClosure(t, ids.coord, `/closure-requests?n=${i}`);
      const [sa, sb] = [sender(), b.app.get(EmailSender)];
      const counts =
        t.dialect === 'postgres'
          ? await Promise.all([sa.sendDue(), sb.sendDue(), sa.sendDue(), sb.sendDue()])
          : [await sa.sendDue(), await sb.sendDue()];
      expect(counts.reduce((x, y) => x + y, 0)).toBe(12);
      expect(smtp.received).toHaveLength(12);
      const links = smtp.received.map((m) => /n=(\d+)/.exec(m.text)?.[1]).sort();
      expect(new Set(links).size).toBe(12);
      expect(await deliveries().countBy({ status: 'pending' })).toBe(0);
    } finally {
      await b.close();
    }
  }, 120_000);
});

describe('e-mail off (no SMTP_HOST)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(() => t?.close());

  it('enqueues nothing and sends nothing; the in-app notification is still written', async () => {
    const user = await createUser(t, 'coord', [Role.Coordinator]);
    await t.dataSource.getRepository(User).update({ id: user.id }, { email: 'coord@ppt.test' });
    await t.app
      .get(TransactionService)
      .run((m) =>
        t.app.get(NotificationsService).notify(m, [user.id], 'closure_requested', { caseNumber: 'X' }, '/x'),
      );
    expect(await t.dataSource.getRepository(EmailDelivery).count()).toBe(0);
    expect(await t.app.get(NotificationsService).unreadCount(user.id)).toBe(1);
    expect(await t.app.get(EmailSender).sendDue()).toBe(0);
  });
});
