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
 * `personalText(marker, v)` as a reader told nothing of her reads it: her name as initials ("S.R.T."),
 * her NIK, street and phone removed (the redactor's mark).
 */
export function redactedPersonalText(marker: string, v: PersonalValues): string {
  const initials = v.fullName
    .trim()
    .split(/\s+/)
    .map((part) => `${part[0].toUpperCase()}.`)
    .join('');
  return `${marker}: ${initials} (NIK […]) tinggal di […], telepon […].`;
}

/**
 * A valid intake payload; `overrides` are merged shallowly per section. The narrative (unless
 * overridden) names the victim and holds her NIK, street and phone, as told at intake; an
 * `incident.narrative` given as a function of her values (`(v) => personalText('…', v)`) is written
 * about the victim this payload carries.
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
      // A narrative given as a function is written about this victim (her values: `personalText`).
      ...(typeof overrides.incident?.narrative === 'function'
        ? { narrative: overrides.incident.narrative(personOf({ victim })) }
        : {}),
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

/** The personal values of an intake payload's victim (what free text about her holds). */
export function personOf(payload: Record<string, any>): PersonalValues {
  const { fullName, nik, address, phone } = payload.victim;
  return { fullName, nik, address, phone };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A value as a whole word ("Jl. Melati No. 1" is not found in "Jl. Melati No. 12"), case-insensitive. */
const wholeWord = (s: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(s)}(?![\\p{L}\\p{N}])`, 'iu');

/**
 * The victim's values a reader not entitled to them must never find: her name (whole, or its last part,
 * which tells the fixture victims apart; the redactor makes every part an initial), NIK, street and phone.
 */
export function victimCanaries(v: PersonalValues): Record<'name' | 'nik' | 'street' | 'phone', RegExp> {
  const last = v.fullName.trim().split(/\s+/).pop()!;
  return {
    name: new RegExp(`${wholeWord(v.fullName).source}|${wholeWord(last).source}`, 'iu'),
    nik: wholeWord(v.nik),
    street: wholeWord(streetOf(v.address)),
    phone: wholeWord(v.phone),
  };
}

/**
 * The one canary search of the suites (issue 22): none of the victim's name, NIK, street and phone is
 * in `output` (an answer a lesser reader gets: a partner, the front desk, a print, a notification, an
 * export, a history summary). `what` names the output in the failure.
 */
export function expectNoVictimValues(
  output: string,
  v: PersonalValues,
  what = 'output',
  /** What the reader was told (a referral that disclosed her identity, or her contact). */
  disclosed: (keyof ReturnType<typeof victimCanaries>)[] = [],
) {
  const found = Object.entries(victimCanaries(v))
    .filter(([key, canary]) => !disclosed.includes(key as never) && canary.test(output))
    .map(([key]) => key);
  expect({ what, found }).toEqual({ what, found: [] });
}

/** Every one of the victim's name, NIK, street and phone is in `output` (a reader entitled to them). */
export function expectVictimValuesShown(output: string, v: PersonalValues, what = 'output') {
  const missing = Object.entries(victimCanaries(v))
    .filter(([, canary]) => !canary.test(output))
    .map(([key]) => key);
  expect({ what, missing }).toEqual({ what, missing: [] });
}

/** A registered case; `person` holds its victim's values, for the free text written about her. */
export async function registerCase(t: TestApp, token: string, overrides: Record<string, any> = {}) {
  const payload = intakePayload(overrides);
  const res = await request(t.server)
    .post('/api/cases')
    .set('Authorization', `Bearer ${token}`)
    .send(payload);
  if (res.status !== 201) throw new Error(`intake failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, person: personOf(payload) };
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

/**
 * A verbal consent for one service role and `categories`, then a referral under it to `institutionId`
 * (the steps every referral fixture takes). `consent` overrides the consent's fields (who gave it).
 */
export async function referWithConsent(
  t: TestApp,
  token: string,
  caseId: string,
  referral: { serviceRole: string; institutionId: string; categories: string[]; reason: string },
  consent: Record<string, unknown> = {},
) {
  const given = await request(t.server)
    .post(`/api/cases/${caseId}/consents`)
    .set(bearer(token))
    .send({
      givenBy: 'victim',
      givenOn: '2026-01-14',
      method: 'verbal',
      witnessName: 'Saksi Konselor',
      serviceRoles: [referral.serviceRole],
      institutionIds: [],
      categories: referral.categories,
      ...consent,
    });
  if (given.status !== 201) throw new Error(`consent failed: ${given.status} ${JSON.stringify(given.body)}`);
  const res = await request(t.server).post(`/api/cases/${caseId}/referrals`).set(bearer(token)).send({
    serviceRole: referral.serviceRole,
    targetInstitutionId: referral.institutionId,
    urgency: 'urgent',
    reason: referral.reason,
    categories: referral.categories,
  });
  if (res.status !== 201) throw new Error(`referral failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { consent: given.body, referral: res.body };
}
