import request from 'supertest';
import { TestApp } from './test-app';

let counter = 0;

/** A valid intake payload; `overrides` are merged shallowly per section. */
export function intakePayload(overrides: Record<string, any> = {}): Record<string, any> {
  counter++;
  return {
    channel: 'walk_in',
    receivedAt: '2026-01-10',
    victim: {
      fullName: `Siti Rahmawati Test${counter}`,
      nik: String(3374000000000000 + counter).padStart(16, '0'),
      sex: 'female',
      birthDate: '1994-05-17',
      address: `Jl. Melati No. ${counter}, Semarang`,
      district: 'Tembalang',
      phone: '081234567890',
      education: 'senior_secondary',
      occupation: 'housewife',
      maritalStatus: 'married',
      ...(overrides.victim ?? {}),
    },
    perpetrators: overrides.perpetrators ?? [
      { sex: 'male', age: 38, relationship: 'spouse', name: 'Budi Santoso' },
    ],
    incident: {
      date: '2026-01-08',
      placeType: 'household',
      location: 'Rumah korban di Tembalang',
      violenceTypes: ['physical', 'psychological'],
      gbvApplies: ['psychological_abuse', 'physical_assault'],
      narrative: 'Korban dipukul oleh suaminya setelah bertengkar.',
      ...(overrides.incident ?? {}),
    },
    ...Object.fromEntries(
      Object.entries(overrides).filter(([k]) => !['victim', 'incident', 'perpetrators'].includes(k)),
    ),
  };
}

export async function registerCase(t: TestApp, token: string, overrides: Record<string, any> = {}) {
  const res = await request(t.server)
    .post('/api/cases')
    .set('Authorization', `Bearer ${token}`)
    .send(intakePayload(overrides));
  if (res.status !== 201) throw new Error(`intake failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function bearer(token: string) {
  return { Authorization: `Bearer ${token}` };
}

/**
 * A second complaint of an already registered victim, as the front desk makes it: the duplicate
 * check with the identifiers typed (NIK, or name and birth date), then the intake with the match
 * token it offered and the victim as typed now.
 */
export async function attachCase(
  t: TestApp,
  token: string,
  typed: { nik?: string; fullName?: string; birthDate?: string },
  overrides: Record<string, any> = {},
) {
  const check = await request(t.server)
    .post('/api/cases/duplicate-check')
    .set('Authorization', `Bearer ${token}`)
    .send(typed);
  if (check.status !== 200 || !check.body.length)
    throw new Error(`no earlier record to attach to: ${check.status} ${JSON.stringify(check.body)}`);
  const body = intakePayload({ ...overrides, victim: { ...typed, ...(overrides.victim ?? {}) } });
  body.matchToken = check.body[0].matchToken;
  const res = await request(t.server).post('/api/cases').set('Authorization', `Bearer ${token}`).send(body);
  if (res.status !== 201) throw new Error(`attach failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
