import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { bearer, PersonalValues, registerCase } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, TestApp } from './support/test-app';

/** Shared set-up of the case-track suites (counseling, shelter, support services, conferences). */
export interface TrackWorld {
  t: TestApp;
  ids: Record<string, string>;
  tokens: {
    frontdesk: string;
    counselor: string;
    counselor2: string;
    coordinator: string;
    admin: string;
    team: string;
  };
}

export async function createTrackWorld(): Promise<TrackWorld> {
  const t = await createTestApp();
  const ids: Record<string, string> = {};
  for (const [name, roles] of [
    ['fd', [Role.FrontDesk]],
    ['c1', [Role.Counselor]],
    ['c2', [Role.Counselor]],
    ['coord', [Role.Coordinator]],
    ['adm', [Role.Admin]],
  ] as const) {
    ids[name] = (await createUser(t, name, [...roles])).id;
  }
  const [frontdesk, counselor, counselor2, coordinator, admin] = await Promise.all(
    ['fd', 'c1', 'c2', 'coord', 'adm'].map((u) => apiLogin(t, u)),
  );
  // A partner's team member: a user with an institution.
  const inst = await request(t.server)
    .post('/api/institutions')
    .set(bearer(admin))
    .send({ name: 'Polrestabes — Unit PPA', type: 'police_unit' });
  if (inst.status !== 201) throw new Error(`institution: ${inst.status} ${JSON.stringify(inst.body)}`);
  ids.institution = inst.body.id;
  ids.tm = (await createUser(t, 'tm', [Role.TeamMember], { institutionId: inst.body.id })).id;
  const team = await apiLogin(t, 'tm');
  return { t, ids, tokens: { frontdesk, counselor, counselor2, coordinator, admin, team } };
}

/** A case registered by the front desk, assigned to c1 and in initial counseling. */
export async function caseInCounseling(
  w: TrackWorld,
  counselorId = w.ids.c1,
): Promise<{ id: string; number: string; version: number; person: PersonalValues }> {
  const c = await registerCase(w.t, w.tokens.frontdesk);
  const assigned = await request(w.t.server)
    .post(`/api/cases/${c.id}/assignment`)
    .set(bearer(w.tokens.coordinator))
    .send({ counselorId, version: c.version });
  if (assigned.status !== 200) throw new Error(`assign: ${assigned.status} ${JSON.stringify(assigned.body)}`);
  const started = await fire(w, w.tokens.coordinator, c.id, {
    transition: 'start_counseling',
    version: assigned.body.version,
  });
  if (started.status !== 200)
    throw new Error(`start_counseling: ${started.status} ${JSON.stringify(started.body)}`);
  return { id: c.id, number: c.number, version: started.body.version, person: c.person };
}

export function fire(w: TrackWorld, token: string, caseId: string, body: Record<string, unknown>) {
  return request(w.t.server).post(`/api/cases/${caseId}/transitions`).set(bearer(token)).send(body);
}

export async function caseVersion(w: TrackWorld, caseId: string): Promise<number> {
  const res = await request(w.t.server)
    .get(`/api/cases/${caseId}`)
    .set(bearer(w.tokens.coordinator))
    .expect(200);
  return res.body.version;
}

/** Events of a case, in order (straight from the table: type and summary key). */
export async function eventsOf(
  w: TrackWorld,
  caseId: string,
): Promise<{ type: string; summaryKey: string }[]> {
  const p = w.t.dialect === 'postgres' ? '$1' : '?';
  return w.t.dataSource.query(
    `SELECT type, "summaryKey" FROM case_events WHERE "caseId" = ${p} ORDER BY seq`,
    [caseId],
  );
}

/** Asserts that `action` appends exactly one event, of `type`, and returns the action's result. */
export async function expectOneEvent<T>(
  w: TrackWorld,
  caseId: string,
  type: string,
  action: () => Promise<T>,
): Promise<T> {
  const before = await eventsOf(w, caseId);
  const result = await action();
  const after = await eventsOf(w, caseId);
  expect(after.length).toBe(before.length + 1);
  expect(after[after.length - 1].type).toBe(type);
  return result;
}

/** Every row of `table` as JSON text (to look for plaintext). */
export async function rawRows(w: TrackWorld, table: string): Promise<string> {
  return JSON.stringify(await w.t.dataSource.query(`SELECT * FROM ${table}`));
}

export { bearer };
