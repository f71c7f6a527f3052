import request from 'supertest';
import { TestApp } from './test-app';

let counter = 0;

/** The personal values a fixture victim carries, as free text written about her holds them. */
export interface PersonalValues {
  fullName: string;
  nik: string;
  address: string;
  phone: string;
}

/** The street part of an address ("Jl. Melati No. 5" of "Jl. Melati No. 5, Semarang"). */
export const streetOf = (address: string) => address.split(',')[0].trim();

/**
 * Free text about a case as real notes are written (issue 22): the marker, then the victim's own
 * name, NIK, street and phone, so that an output that should redact them and does not is caught by
 * the same search for the victim's values every suite makes.
 */
export function personalText(marker: string, v: PersonalValues): string {
  return `${marker}: ${v.fullName} (NIK ${v.nik}) tinggal di ${streetOf(v.address)}, telepon ${v.phone}.`;
}

/**
 * A valid intake payload; `overrides` are merged shallowly per section. The narrative (unless
 * overridden) names the victim and holds her NIK, street and phone, as told at intake.
 */
export function intakePayload(overrides: Record<string, any> = {}): Record<string, any> {
  counter++;
  const victim = {
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
  };
  const perpetrators = overrides.perpetrators ?? [
    { sex: 'male', age: 38, relationship: 'spouse', name: 'Budi Santoso' },
  ];
  // (a test of bad input may send something else than a list)
  const named = Array.isArray(perpetrators) ? perpetrators.find((p) => typeof p?.name === 'string') : null;
  const perpetrator = named?.name ?? 'suaminya';
  return {
    channel: 'walk_in',
    receivedAt: '2026-01-10',
    victim,
    perpetrators,
    incident: {
      date: '2026-01-08',
      placeType: 'household',
      location: 'Rumah korban di Tembalang',
      violenceTypes: ['physical', 'psychological'],
      gbvApplies: ['psychological_abuse', 'physical_assault'],
      narrative: narrativeOf(victim, perpetrator),
      ...(overrides.incident ?? {}),
    },
    ...Object.fromEntries(
      Object.entries(overrides).filter(([k]) => !['victim', 'incident', 'perpetrators'].includes(k)),
    ),
  };
}

/** The default narrative of a fixture victim: her name, NIK, street and phone in the account. */
function narrativeOf(v: Record<string, unknown>, perpetrator: string): string {
  // (a test of bad input may send other shapes: only the strings are written into the account)
  const text = (value: unknown) => (typeof value === 'string' && value ? value : null);
  const name = text(v.fullName) ?? 'Korban';
  const nik = text(v.nik) ? ` (NIK ${text(v.nik)})` : '';
  const street = text(v.address) ? ` di ${streetOf(text(v.address)!)}` : '';
  const phone = text(v.phone) ? `; ia menelepon ${text(v.phone)}` : '';
  return `Korban ${name}${nik} dipukul oleh ${perpetrator} setelah bertengkar di rumahnya${street}${phone}.`;
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
