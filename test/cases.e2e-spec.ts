import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { CaseEvent } from '../src/case/case-event.entity';
import {
  attachCase,
  bearer,
  expectNoVictimValues,
  intakePayload,
  personalText,
  registerCase,
} from './support/case-fixtures';
import { expectEvery } from './support/expect-all';
import { apiLogin, createTestApp, createUser, expectErrorShape, TestApp } from './support/test-app';

describe('cases: intake, access, workflow and history (e2e)', () => {
  let t: TestApp;
  let frontdesk: string;
  let frontdesk2: string;
  let counselor: string;
  let counselor2: string;
  let coordinator: string;
  let admin: string;
  let pug: string;
  let counselorId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'fd', [Role.FrontDesk]);
    await createUser(t, 'fd2', [Role.FrontDesk]);
    counselorId = (await createUser(t, 'c1', [Role.Counselor])).id;
    await createUser(t, 'c2', [Role.Counselor]);
    await createUser(t, 'coord', [Role.Coordinator]);
    await createUser(t, 'adm', [Role.Admin]);
    await createUser(t, 'pugsec', [Role.PugSecretariat]);
    [frontdesk, frontdesk2, counselor, counselor2, coordinator, admin, pug] = await Promise.all(
      ['fd', 'fd2', 'c1', 'c2', 'coord', 'adm', 'pugsec'].map((u) => apiLogin(t, u)),
    );
  });
  afterAll(() => t.close());

  const assign = (id: string, version: number, who = counselorId) =>
    request(t.server)
      .post(`/api/cases/${id}/assignment`)
      .set(bearer(coordinator))
      .send({ counselorId: who, version });
  const fire = (token: string, id: string, body: Record<string, unknown>) =>
    request(t.server).post(`/api/cases/${id}/transitions`).set(bearer(token)).send(body);

  describe('intake', () => {
    it('registers a case with a numbered, encrypted record and derives child and the GBVIMS core type', async () => {
      const c = await registerCase(t, frontdesk);
      expect(c.number).toMatch(/^PPT\/2026\/\d{6}$/);
      expect(c.stage).toBe('intake');
      expect(c.version).toBe(1);
      expect(c.isChild).toBe(false);
      expect(c.victimAge).toBe(31);
      expect(c.incident.gbvCoreType).toBe('physical_assault'); // first in decision order
      expect(c.victim.fullName).toMatch(/^Siti Rahmawati/);
      const raw = await t.dataSource.query(
        `SELECT * FROM cases WHERE id = ${t.dialect === 'postgres' ? '$1' : '?'}`,
        [c.id],
      );
      expect(JSON.stringify(raw)).not.toContain('dipukul');
      const victims = JSON.stringify(await t.dataSource.query('SELECT * FROM victims'));
      expect(victims).not.toContain('Siti');
      expect(victims).not.toContain('Melati');
    });

    it('marks a victim under 18 at the incident as a child (from birth date or estimated age)', async () => {
      const byDate = await registerCase(t, frontdesk, {
        victim: { birthDate: '2008-01-09' },
        incident: { date: '2026-01-08' },
      });
      expect(byDate.isChild).toBe(true);
      const byAge = await registerCase(t, frontdesk, { victim: { birthDate: undefined, estimatedAge: 12 } });
      expect(byAge.isChild).toBe(true);
      const adult = await registerCase(t, frontdesk, {
        victim: { birthDate: '2008-01-07' },
        incident: { date: '2026-01-08' },
      });
      expect(adult.isChild).toBe(false);
    });

    it('gives distinct numbers without gaps to concurrent intakes', async () => {
      const before = await request(t.server).get('/api/cases?pageSize=1').set(bearer(coordinator));
      const created = await Promise.all(
        Array.from({ length: 12 }, () => registerCase(t, frontdesk, { receivedAt: '2025-06-01' })),
      );
      const numbers = created.map((c) => c.number).sort();
      expect(new Set(numbers).size).toBe(12);
      const seqs = numbers.map((n) => Number(n.split('/')[2])).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(before.status).toBe(200);
    });

    it('does not use up a number when an intake is refused', async () => {
      const a = await registerCase(t, frontdesk, { receivedAt: '2024-03-01' });
      const refused = await request(t.server)
        .post('/api/cases')
        .set(bearer(frontdesk))
        .send(
          intakePayload({
            receivedAt: '2024-03-02',
            channel: 'institution_referral',
            referringInstitutionId: '7f1d2a3b-1111-4222-8333-944445555666',
          }),
        );
      expect(refused.status).toBe(422);
      const b = await registerCase(t, frontdesk, { receivedAt: '2024-03-03' });
      expect(Number(b.number.split('/')[2])).toBe(Number(a.number.split('/')[2]) + 1);
    });

    it('finds possible duplicates by NIK and by name and birth year, showing only number, initials and date', async () => {
      const first = await registerCase(t, frontdesk, {
        victim: { fullName: 'Ratna  Dewi Lestari', nik: '3374012345678901', birthDate: '1990-02-02' },
      });
      const byNik = await request(t.server)
        .post('/api/cases/duplicate-check')
        .set(bearer(frontdesk))
        .send({ nik: '3374012345678901' })
        .expect(200);
      expect(byNik.body).toEqual([
        {
          matchToken: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
          caseNumber: first.number,
          initials: 'R.D.L.',
          intakeDate: '2026-01-10',
          matchedBy: 'nik',
        },
      ]);
      // Never the victim's id (the registrar is not told it either): only a single-use token.
      expect(first.victim.id).toBeNull();
      const victimId = (
        await request(t.server).get(`/api/cases/${first.id}`).set(bearer(coordinator)).expect(200)
      ).body.victim.id;
      expect(victimId).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(byNik.body)).not.toContain(victimId);
      const byName = await request(t.server)
        .post('/api/cases/duplicate-check')
        .set(bearer(frontdesk))
        .send({ fullName: 'ratna dewi  LESTARI', birthYear: 1990 })
        .expect(200);
      expect(byName.body).toHaveLength(1);
      expect(byName.body[0].matchedBy).toBe('name_birth_year');
      const none = await request(t.server)
        .post('/api/cases/duplicate-check')
        .set(bearer(frontdesk))
        .send({ fullName: 'Ratna Dewi Lestari', birthYear: 1991 });
      expect(none.body).toEqual([]);
      // attach a new complaint to the existing victim: the same person for the coordinator, nothing of
      // the earlier record for the front desk
      const payload = intakePayload({
        victim: { fullName: 'Ratna Dewi', nik: '3374012345678901', birthDate: '1990-02-02' },
      });
      payload.matchToken = byNik.body[0].matchToken;
      const second = await request(t.server)
        .post('/api/cases')
        .set(bearer(frontdesk))
        .send(payload)
        .expect(201);
      expect(second.body.number).not.toBe(first.number);
      expect(second.body.victim.id).toBeNull();
      expect(second.body.victim.fullName).toBe('Ratna Dewi');
      const forCoordinator = await request(t.server)
        .get(`/api/cases/${second.body.id}`)
        .set(bearer(coordinator))
        .expect(200);
      expect(forCoordinator.body.victim.id).toBe(victimId);
      expect(forCoordinator.body.victim.fullName).toBe('Ratna  Dewi Lestari');
    });

    it('refuses bad input with 400 and the error shape, never 500', async () => {
      const cases: Record<string, any>[] = [
        { ...intakePayload(), unknownField: 1 },
        { ...intakePayload(), channel: 'pigeon' },
        { ...intakePayload(), receivedAt: '2026-13-01' },
        intakePayload({ victim: { nik: '12345' } }),
        intakePayload({ victim: { sex: 'x' } }),
        intakePayload({ incident: { violenceTypes: [] } }),
        intakePayload({ incident: { violenceTypes: 'physical' } }),
        intakePayload({ incident: { narrative: 'x'.repeat(20001) } }),
        intakePayload({ perpetrators: [{ relationship: 'alien' }] }),
        intakePayload({ perpetrators: 'none' }),
        { ...intakePayload(), victim: 'Siti' },
        {},
      ];
      for (const body of cases) {
        const res = await request(t.server).post('/api/cases').set(bearer(frontdesk)).send(body);
        expect(res.status).toBe(400);
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      }
      const future = await request(t.server)
        .post('/api/cases')
        .set(bearer(frontdesk))
        .send(intakePayload({ receivedAt: '2099-01-01' }));
      expect(future.status).toBe(422);
      expect(future.body.code).toBe('DATE_IN_FUTURE');
      const district = await request(t.server)
        .post('/api/cases')
        .set(bearer(frontdesk))
        .send(intakePayload({ victim: { district: 'Atlantis' } }));
      expect(district.body.code).toBe('UNKNOWN_DISTRICT');
    });
  });

  describe('need-to-know access', () => {
    let mineByFd2: any;
    let assigned: any;
    beforeAll(async () => {
      mineByFd2 = await registerCase(t, frontdesk2);
      assigned = await registerCase(t, frontdesk);
      await assign(assigned.id, 1).expect(200);
    });

    it('front desk sees the intake list and what they registered, not the cases others moved on', async () => {
      const list = await request(t.server).get('/api/cases?pageSize=100').set(bearer(frontdesk2)).expect(200);
      const ids = list.body.items.map((c: any) => c.id);
      expect(ids).toContain(mineByFd2.id);
      expect(ids).toContain(assigned.id); // still at intake
      await fire(counselor, assigned.id, { transition: 'start_counseling', version: 2 }).expect(200);
      const after = await request(t.server)
        .get('/api/cases?pageSize=100')
        .set(bearer(frontdesk2))
        .expect(200);
      expect(after.body.items.map((c: any) => c.id)).not.toContain(assigned.id);
      await request(t.server).get(`/api/cases/${assigned.id}`).set(bearer(frontdesk2)).expect(404);
      await request(t.server).get(`/api/cases/${assigned.id}`).set(bearer(frontdesk)).expect(200); // registered it
      await request(t.server)
        .get(`/api/cases/${assigned.id}/history?pageSize=100`)
        .set(bearer(frontdesk))
        .expect(403);
    });

    it('a counselor sees only the cases assigned to them; another counselor gets 404', async () => {
      const list = await request(t.server).get('/api/cases?pageSize=100').set(bearer(counselor)).expect(200);
      expectEvery(list.body.items, (c: any) => c.assignedCounselorId === counselorId);
      expect(list.body.items.map((c: any) => c.id)).toContain(assigned.id);
      await request(t.server).get(`/api/cases/${assigned.id}`).set(bearer(counselor)).expect(200);
      await request(t.server).get(`/api/cases/${assigned.id}`).set(bearer(counselor2)).expect(404);
      await request(t.server)
        .get(`/api/cases/${assigned.id}/transitions`)
        .set(bearer(counselor2))
        .expect(404);
      await fire(counselor2, assigned.id, {
        transition: 'close',
        version: 3,
        closureReason: 'resolved',
      }).expect(404);
    });

    it('admins and the PUG secretariat see no case content (403, audited)', async () => {
      for (const token of [admin, pug]) {
        const res = await request(t.server).get('/api/cases').set(bearer(token)).expect(403);
        expectErrorShape(res.body, 403, 'FORBIDDEN');
        await request(t.server).get(`/api/cases/${assigned.id}`).set(bearer(token)).expect(403);
        await request(t.server).post('/api/cases').set(bearer(token)).send(intakePayload()).expect(403);
      }
      const denied = await t.dataSource.query(
        `SELECT COUNT(*) AS n FROM audit_logs WHERE outcome = 'denied' AND action LIKE 'cases.%'`,
      );
      expect(Number(denied[0].n)).toBeGreaterThanOrEqual(6);
    });

    it('a malformed or unknown id is a 404, not a 500', async () => {
      await request(t.server).get('/api/cases/not-a-uuid').set(bearer(coordinator)).expect(404);
      await request(t.server)
        .get('/api/cases/00000000-0000-4000-8000-000000000000')
        .set(bearer(coordinator))
        .expect(404);
      await request(t.server).get("/api/cases/1' OR '1'='1").set(bearer(coordinator)).expect(404);
    });

    it('audits every read of a case', async () => {
      await request(t.server).get(`/api/cases/${assigned.id}`).set(bearer(coordinator)).expect(200);
      const rows = await t.dataSource.query(
        `SELECT * FROM audit_logs WHERE "resourceId" = ${t.dialect === 'postgres' ? '$1' : '?'} AND action = 'cases.read' AND outcome = 'allowed'`,
        [assigned.id],
      );
      expect(rows.length).toBeGreaterThanOrEqual(1);
    });
  });

  describe('workflow', () => {
    it('lists what the caller may do and why not, in the caller language', async () => {
      const c = await registerCase(t, frontdesk);
      const res = await request(t.server)
        .get(`/api/cases/${c.id}/transitions`)
        .set(bearer(coordinator))
        .set('Accept-Language', 'en')
        .expect(200);
      const start = res.body.transitions.find((o: any) => o.transition === 'start_counseling');
      expect(start.allowed).toBe(false);
      expect(start.reasons).toEqual([
        { code: 'COUNSELOR_NOT_ASSIGNED', message: 'Assign a counselor first.' },
      ]);
      const shelter = res.body.transitions.find((o: any) => o.transition === 'admit_to_shelter');
      expect(shelter.reasons[0].code).toBe('NOT_FROM_STAGE');
      const close = res.body.transitions.find((o: any) => o.transition === 'close');
      expect(close.allowed).toBe(true);
      const fd = await request(t.server)
        .get(`/api/cases/${c.id}/transitions`)
        .set(bearer(frontdesk))
        .expect(200);
      // The front desk may do nothing on the case: no step is offered (not even as "not yours").
      expect(fd.body.transitions).toEqual([]);
      expect(fd.body.stage).toBe('intake');
    });

    it('refuses a failed guard with 422, an illegal transition and a stale version with 409', async () => {
      const c = await registerCase(t, frontdesk);
      const guard = await fire(coordinator, c.id, { transition: 'start_counseling', version: 1 });
      expect(guard.status).toBe(422);
      expect(guard.body.code).toBe('COUNSELOR_NOT_ASSIGNED');
      await assign(c.id, 1).expect(200);
      const illegal = await fire(counselor, c.id, { transition: 'start_support', version: 2 });
      expect(illegal.status).toBe(409);
      expect(illegal.body.code).toBe('CASE_TRANSITION_NOT_ALLOWED');
      const stale = await fire(counselor, c.id, { transition: 'start_counseling', version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
      const ok = await fire(counselor, c.id, { transition: 'start_counseling', version: 2 }).expect(200);
      expect(ok.body.stage).toBe('initial_counseling');
      expect(ok.body.version).toBe(3);
      const noRole = await fire(counselor, c.id, {
        transition: 'close',
        version: 3,
        closureReason: 'resolved',
      });
      expect(noRole.status).toBe(403);
      const unknown = await fire(counselor, c.id, { transition: 'teleport', version: 3 });
      expect(unknown.status).toBe(400);
    });

    it('one of two concurrent transitions from the same version wins; the other gets 409; one event', async () => {
      const c = await registerCase(t, frontdesk);
      await assign(c.id, 1).expect(200);
      const [a, b] = await Promise.all([
        fire(counselor, c.id, { transition: 'start_counseling', version: 2 }),
        fire(coordinator, c.id, { transition: 'start_counseling', version: 2 }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const events = await t.dataSource.getRepository(CaseEvent).find({ where: { caseId: c.id } });
      expect(events.filter((e) => e.type === 'workflow.start_counseling')).toHaveLength(1);
    });

    it('closes with a reason (coordinator) and reopens only by a coordinator with a reason', async () => {
      const c = await registerCase(t, frontdesk);
      const noReason = await fire(coordinator, c.id, { transition: 'close', version: 1 });
      expect(noReason.status).toBe(422);
      expect(noReason.body.code).toBe('CLOSURE_REASON_REQUIRED');
      const closed = await fire(coordinator, c.id, {
        transition: 'close',
        version: 1,
        closureReason: 'lost_contact',
      }).expect(200);
      expect(closed.body.stage).toBe('closed');
      expect(closed.body.closureReason).toBe('lost_contact');
      const noWhy = await fire(coordinator, c.id, { transition: 'reopen', version: 2 });
      expect(noWhy.body.code).toBe('REASON_REQUIRED');
      const reopened = await fire(coordinator, c.id, {
        transition: 'reopen',
        version: 2,
        reason: personalText('Korban kembali melapor', c.person),
      }).expect(200);
      expect(reopened.body.stage).toBe('initial_counseling');
      expect(reopened.body.closureReason).toBeNull();
      // the history's summaries never quote the reason
      const history = await request(t.server)
        .get(`/api/cases/${c.id}/history?pageSize=100`)
        .set(bearer(coordinator))
        .expect(200);
      expect(JSON.stringify(history.body)).not.toContain('kembali melapor');
      expectNoVictimValues(JSON.stringify(history.body), c.person, 'history');
    });

    it('keeps referral and recovery closed until referral records exist', async () => {
      const c = await registerCase(t, frontdesk);
      await assign(c.id, 1).expect(200);
      await fire(counselor, c.id, { transition: 'start_counseling', version: 2 }).expect(200);
      const refer = await fire(counselor, c.id, { transition: 'refer', version: 3 });
      expect(refer.status).toBe(422);
      expect(refer.body.code).toBe('REFERRAL_REQUIRED');
    });
  });

  describe('corrections', () => {
    it('corrects victim and incident details; the history keeps the earlier values (encrypted)', async () => {
      const c = await registerCase(t, frontdesk, { victim: { nik: '3374099988877766' } });
      await assign(c.id, 1).expect(200);
      const stale = await request(t.server)
        .patch(`/api/cases/${c.id}`)
        .set(bearer(counselor))
        .send({ version: 1, victim: { phone: '081299990000' } });
      expect(stale.status).toBe(409);
      const res = await request(t.server)
        .patch(`/api/cases/${c.id}`)
        .set(bearer(counselor))
        .send({
          version: 2,
          victim: { phone: '081299990000', nik: '3374011122233344' },
          incident: { narrative: 'Koreksi: kejadian pada malam hari.' },
        })
        .expect(200);
      expect(res.body.version).toBe(3);
      expect(res.body.victim.phone).toBe('081299990000');
      expect(res.body.incident.narrative).toBe('Koreksi: kejadian pada malam hari.');
      // The blind index follows the corrected NIK.
      const dup = await request(t.server)
        .post('/api/cases/duplicate-check')
        .set(bearer(frontdesk))
        .send({ nik: '3374011122233344' })
        .expect(200);
      expect(dup.body.map((d: any) => d.caseNumber)).toContain(c.number);
      const old = await request(t.server)
        .post('/api/cases/duplicate-check')
        .set(bearer(frontdesk))
        .send({ nik: '3374099988877766' })
        .expect(200);
      expect(old.body.map((d: any) => d.caseNumber)).not.toContain(c.number);
      const history = await request(t.server)
        .get(`/api/cases/${c.id}/history?pageSize=100`)
        .set(bearer(counselor))
        .set('Accept-Language', 'en')
        .expect(200);
      const last = history.body.items.at(-1);
      expect(last.type).toBe('case.details_updated');
      expect(last.summary).toBe(
        'Case details corrected: NIK, phone number, what happened; the earlier values are kept in the history.',
      );
      const p = t.dialect === 'postgres' ? '$1' : '?';
      const [row] = await t.dataSource.query(
        `SELECT details FROM case_events WHERE "caseId" = ${p} AND type = 'case.details_updated'`,
        [c.id],
      );
      expect(row.details).not.toContain('081234567890'); // the earlier phone, stored encrypted
      const { CaseEventService } = await import('../src/case/case-event.service');
      const events = t.app.get(CaseEventService);
      const ev = (await events.list(c.id)).find((e) => e.type === 'case.details_updated')!;
      const details = (await events.decryptDetails(
        ev,
        c.dataKeyId ??
          (await t.dataSource.query(`SELECT "dataKeyId" FROM cases WHERE id = ${p}`, [c.id]))[0].dataKeyId,
      )) as any;
      expect(details.before['victim.phone']).toBe('081234567890');
      expect(details.after['victim.phone']).toBe('081299990000');
      expect(details.fields).toEqual(['victim.nik', 'victim.phone', 'incident.narrative']);
      const v = await request(t.server)
        .get(`/api/cases/${c.id}/verification`)
        .set(bearer(counselor))
        .expect(200);
      expect(v.body.ok).toBe(true);
    });

    it('corrects the birth date: age and child status follow on every case of the victim, the name+year index follows, the history keeps the earlier date (encrypted)', async () => {
      const c = await registerCase(t, frontdesk, {
        victim: { fullName: 'Dewi Lestari Umur', birthDate: '1994-05-17' },
      });
      expect(c.victimAge).toBe(31);
      await assign(c.id, 1).expect(200);
      // A second complaint of the same victim.
      const c2 = await attachCase(
        t,
        frontdesk,
        { fullName: 'Dewi Lestari Umur', birthDate: '1994-05-17' },
        { receivedAt: '2026-01-12' },
      );
      expect(c2.isChild).toBe(false);

      const res = await request(t.server)
        .patch(`/api/cases/${c.id}`)
        .set(bearer(counselor))
        .send({ version: 2, victim: { birthDate: '2010-06-01' } })
        .expect(200);
      expect(res.body.version).toBe(3);
      expect(res.body.victim.birthDate).toBe('2010-06-01');
      expect(res.body.victimAge).toBe(15); // on the incident date, 2026-01-08
      expect(res.body.isChild).toBe(true);
      const other = await request(t.server).get(`/api/cases/${c2.id}`).set(bearer(coordinator)).expect(200);
      expect(other.body.victimAge).toBe(15);
      expect(other.body.isChild).toBe(true);
      // That case changed too: its version moves and its own history says why (no personal value).
      expect(other.body.version).toBe(c2.version + 1);
      const otherHistory = await request(t.server)
        .get(`/api/cases/${c2.id}/history?pageSize=100`)
        .set(bearer(coordinator))
        .expect(200);
      const recomputed = otherHistory.body.items.filter((e: any) => e.type === 'case.victim_age_recomputed');
      expect(recomputed).toHaveLength(1);
      expect(recomputed[0].summary).toContain(c.number);
      expect(recomputed[0].summary).toContain('15');
      expect(recomputed[0].summary).not.toContain('2010');
      const otherCheck = await request(t.server)
        .get(`/api/cases/${c2.id}/verification`)
        .set(bearer(coordinator))
        .expect(200);
      expect(otherCheck.body.ok).toBe(true);
      const children = await request(t.server)
        .get('/api/cases?child=true&pageSize=100')
        .set(bearer(coordinator))
        .expect(200);
      expect(children.body.items.map((i: any) => i.id)).toEqual(expect.arrayContaining([c.id, c2.id]));

      const byYear = async (birthYear: number) =>
        (
          await request(t.server)
            .post('/api/cases/duplicate-check')
            .set(bearer(frontdesk))
            .send({ fullName: 'Dewi Lestari Umur', birthYear })
            .expect(200)
        ).body.map((d: any) => d.caseNumber);
      const numbers = [c.number, c2.number];
      expect(numbers).toContain((await byYear(2010))[0]);
      expect(await byYear(1994)).toEqual([]);

      const p = t.dialect === 'postgres' ? '$1' : '?';
      const [row] = await t.dataSource.query(
        `SELECT details FROM case_events WHERE "caseId" = ${p} AND type = 'case.details_updated'`,
        [c.id],
      );
      expect(row.details).not.toContain('1994-05-17');
      const { CaseEventService } = await import('../src/case/case-event.service');
      const events = t.app.get(CaseEventService);
      const ev = (await events.list(c.id)).find((e) => e.type === 'case.details_updated')!;
      const [{ dataKeyId }] = await t.dataSource.query(`SELECT "dataKeyId" FROM cases WHERE id = ${p}`, [
        c.id,
      ]);
      const details = (await events.decryptDetails(ev, dataKeyId)) as any;
      expect(details.fields).toEqual(['victim.birthDate']);
      expect(details.before['victim.birthDate']).toBe('1994-05-17');
      expect(details.after['victim.birthDate']).toBe('2010-06-01');
      expect(details.age).toEqual({
        before: { victimAge: 31, isChild: false },
        after: { victimAge: 15, isChild: true },
      });

      // Not in the future (422, as at intake); null clears it (no age known: not counted as a child).
      const future = await request(t.server)
        .patch(`/api/cases/${c.id}`)
        .set(bearer(counselor))
        .send({ version: 3, victim: { birthDate: '2026-02-01' } })
        .expect(422);
      expectErrorShape(future.body, 422, 'DATE_IN_FUTURE');
      const cleared = await request(t.server)
        .patch(`/api/cases/${c.id}`)
        .set(bearer(counselor))
        .send({ version: 3, victim: { birthDate: null } })
        .expect(200);
      expect(cleared.body.victim.birthDate).toBeNull();
      expect(cleared.body.victimAge).toBeNull();
      expect(cleared.body.isChild).toBe(false);
    });

    it('the name, place type and violence types cannot be cleared; optional values can; the same values are no correction', async () => {
      const c = await registerCase(t, frontdesk);
      await assign(c.id, 1).expect(200);
      for (const body of [
        { version: 2, victim: { fullName: null } },
        { version: 2, incident: { placeType: null } },
        { version: 2, incident: { violenceTypes: null } },
        { version: 2, victim: { birthDate: '17-05-1994' } },
      ]) {
        const res = await request(t.server).patch(`/api/cases/${c.id}`).set(bearer(counselor)).send(body);
        expect(res.status).toBe(400);
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      }
      const same = await request(t.server)
        .patch(`/api/cases/${c.id}`)
        .set(bearer(counselor))
        .send({
          version: 2,
          incident: {
            violenceTypes: ['psychological', 'physical'],
            narrative: c.incident.narrative,
          },
        })
        .expect(200);
      expect(same.body.version).toBe(2);
      const cleared = await request(t.server)
        .patch(`/api/cases/${c.id}`)
        .set(bearer(counselor))
        .send({ version: 2, victim: { phone: null, nik: null }, incident: { location: null } })
        .expect(200);
      expect(cleared.body.version).toBe(3);
      expect(cleared.body.victim.phone).toBeNull();
      expect(cleared.body.victim.nik).toBeNull();
      expect(cleared.body.incident.location).toBeNull();
    });

    it('refuses corrections by the front desk (403), another counselor (404) and bad input (400)', async () => {
      const c = await registerCase(t, frontdesk);
      await assign(c.id, 1).expect(200);
      await request(t.server)
        .patch(`/api/cases/${c.id}`)
        .set(bearer(frontdesk))
        .send({ version: 2, victim: { phone: '081200000000' } })
        .expect(403);
      await request(t.server)
        .patch(`/api/cases/${c.id}`)
        .set(bearer(counselor2))
        .send({ version: 2, victim: { phone: '081200000000' } })
        .expect(404);
      for (const body of [
        { version: 2, victim: { nik: '12' } },
        { version: 'x' },
        { version: 2, stage: 'closed' },
        { version: 2, incident: { violenceTypes: [] } },
      ]) {
        const res = await request(t.server).patch(`/api/cases/${c.id}`).set(bearer(counselor)).send(body);
        expect(res.status).toBe(400);
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      }
      const district = await request(t.server)
        .patch(`/api/cases/${c.id}`)
        .set(bearer(counselor))
        .send({ version: 2, victim: { district: 'Atlantis' } });
      expect(district.body.code).toBe('UNKNOWN_DISTRICT');
    });
  });

  describe('history', () => {
    it('records every action as a chained event with a readable summary, and verifies', async () => {
      const c = await registerCase(t, frontdesk);
      await assign(c.id, 1).expect(200);
      await fire(counselor, c.id, { transition: 'start_counseling', version: 2 }).expect(200);
      const history = await request(t.server)
        .get(`/api/cases/${c.id}/history?pageSize=100`)
        .set(bearer(counselor))
        .set('Accept-Language', 'en')
        .expect(200);
      expect(history.body.items.map((e: any) => e.type)).toEqual([
        'case.registered',
        'case.counselor_assigned',
        'workflow.start_counseling',
      ]);
      expect(history.body.items[0].summary).toBe(
        `Complaint received and case ${c.number} registered (channel: Walk-in).`,
      );
      expect(history.body.items[2].summary).toBe(
        'Start initial counseling: stage Intake → Initial counseling.',
      );
      const v = await request(t.server)
        .get(`/api/cases/${c.id}/verification`)
        .set(bearer(counselor))
        .expect(200);
      expect(v.body).toEqual(expect.objectContaining({ ok: true, eventCount: 3, brokenAtSeq: null }));
      expect(v.body.verificationCode).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    });

    it('the database refuses to edit or delete an event, and a tampered event fails verification', async () => {
      const c = await registerCase(t, frontdesk);
      const pg = t.dialect === 'postgres';
      const p = pg ? '$1' : '?';
      await expect(
        t.dataSource.query(`UPDATE case_events SET "summaryKey" = 'x' WHERE "caseId" = ${p}`, [c.id]),
      ).rejects.toThrow(/append-only/);
      await expect(
        t.dataSource.query(`DELETE FROM case_events WHERE "caseId" = ${p}`, [c.id]),
      ).rejects.toThrow(/append-only/);
      // Someone with database access bypasses the trigger: verification must notice.
      if (pg) await t.dataSource.query('ALTER TABLE case_events DISABLE TRIGGER case_events_append_only');
      else await t.dataSource.query('DROP TRIGGER case_events_no_update');
      await t.dataSource.query(
        `UPDATE case_events SET "summaryArgs" = '{"number":"FORGED"}' WHERE "caseId" = ${p}`,
        [c.id],
      );
      if (pg) await t.dataSource.query('ALTER TABLE case_events ENABLE TRIGGER case_events_append_only');
      else
        await t.dataSource.query(
          `CREATE TRIGGER case_events_no_update BEFORE UPDATE ON "case_events" BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END`,
        );
      const v = await request(t.server)
        .get(`/api/cases/${c.id}/verification`)
        .set(bearer(coordinator))
        .expect(200);
      expect(v.body.ok).toBe(false);
      expect(v.body.brokenAtSeq).toBe(1);
    });
  });
});
