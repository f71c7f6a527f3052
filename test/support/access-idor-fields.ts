import { AccessWorld } from './access-world';
import { isApiPath, RouteInfo } from './routes';

/*
 * Ids in request bodies and query strings (issue 22, item 4): the IDOR suite reads every id the
 * OpenAPI document shows in a request body or a query string (a property named `…Id`/`…Ids`, or with
 * format uuid) and looks it up here — by `METHOD /path field`, then by `field` alone. An id this
 * table does not know fails the suite, so a new one cannot escape: someone decides what a wrong id
 * there means and how to knock with it. The knock is sent with the route's valid body (BODIES) in
 * which only that id is replaced, by someone who holds the route's permission: the refusal must be
 * the id's own (the expected code), nothing may change, and a list filtered by someone else's id
 * must not show someone else's records.
 */

export interface FieldId {
  method: string;
  /** The route in Nest's form (`/api/cases/:id/assignment`). */
  path: string;
  /** `body.counselorId`, `body.attendees.staffUserIds`, `body.actionItems[].ownerUserId`, `query.caseId` */
  field: string;
  /** The property holds a list of ids. */
  isArray: boolean;
}

/** Every id of every request body and query string of the OpenAPI document. */
export function fieldIdsOf(doc: any): FieldId[] {
  const deref = (s: any): any => {
    let node = s;
    for (let i = 0; node && node.$ref && i < 10; i++)
      node = node.$ref
        .slice(2)
        .split('/')
        .reduce((n: any, k: string) => n?.[k], doc);
    return node ?? {};
  };
  const isIdName = (name: string) => /Ids?$/.test(name);
  const out: FieldId[] = [];
  const walk = (schema: any, prefix: string, add: (field: string, isArray: boolean) => void, depth = 0) => {
    const node = deref(schema);
    if (depth > 8) return;
    for (const part of node.allOf ?? []) walk(part, prefix, add, depth + 1);
    for (const [name, prop] of Object.entries<any>(node.properties ?? {})) {
      const p = deref(prop);
      const items = p.type === 'array' ? deref(p.items ?? {}) : null;
      if (isIdName(name) || p.format === 'uuid' || items?.format === 'uuid') add(`${prefix}${name}`, !!items);
      if (items && (items.properties || items.allOf)) walk(items, `${prefix}${name}[].`, add, depth + 1);
      else if (p.properties || p.allOf) walk(p, `${prefix}${name}.`, add, depth + 1);
    }
  };
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const route = { method: method.toUpperCase(), path: path.replace(/\{([^}]+)\}/g, ':$1') };
      const add = (field: string, isArray: boolean) => out.push({ ...route, field, isArray });
      const content = op.requestBody?.content ?? {};
      for (const type of Object.keys(content)) walk(content[type].schema, 'body.', add);
      for (const param of [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref)) {
        if (param.in !== 'query') continue;
        const schema = deref(param.schema ?? {});
        if (isIdName(param.name) || schema.format === 'uuid')
          add(`query.${param.name}`, schema.type === 'array');
      }
    }
  }
  // the same field of the same route once (a body schema in two content types)
  return out.filter(
    (f, i) => out.findIndex((o) => o.method === f.method && o.path === f.path && o.field === f.field) === i,
  );
}

/** One knock with a wrong id in the body or the query. */
export interface FieldProbe {
  who: string;
  /** The id put in the field (a list field gets a list of this one id). */
  value: string;
  /** The route's path ids (default: the owner's, i.e. case A's records). */
  ids?: string[];
  /** The body the id is put in (default: the route's BODIES body). */
  base?: Record<string, unknown>;
  /** API statuses; a page answers a refusal by a rule with 303 back and `?error=<code>`. */
  expect: number[];
  /** The refusal's code (API body `code`, page `?error=`): the id's own refusal, not another rule's. */
  code?: string;
  /** A list filtered by someone else's id: ids that must not be in the answer. */
  forbid?: string[];
  note: string;
}

export interface FieldSpec {
  /** What the id names. */
  names: string;
  /**
   * The knocks (absent for an id of a record without an owner, with `names` saying so). The route is
   * the API route; the same knock goes to its page twin when the page's form has the field.
   */
  probes?: (w: AccessWorld, route: { method: string; path: string }) => FieldProbe[];
  /** Not probed here, with the reason (another suite or another knock covers it). */
  skip?: string;
}

const NOBODY = '00000000-0000-4000-8000-00000000dead';
const REFUSED = [404, 422];

/** A record without an owner: whoever holds the route's permission may name any of them. */
const global = (names: string): FieldSpec => ({ names: `${names} (a record without an owner)` });

export const FIELD_IDS: Record<string, FieldSpec> = {
  // ---- ids that decide who sees a case, or that name another case's records: knocked on --------
  'body.counselorId': {
    names: 'the counselor a case is assigned to (who will see it)',
    probes: (w) =>
      [
        [w.ids.tmA, 'a team member of a partner institution'],
        [w.ids.fd, 'a front desk officer'],
        [w.ids.kaderA, 'a community volunteer'],
        [w.people.admin.userId, 'the administrator'],
        [NOBODY, 'no user at all'],
      ].map(([value, note]) => ({
        who: 'coord',
        value,
        expect: [422],
        code: 'COUNSELOR_NOT_FOUND',
        note: `assigning case A to ${note}`,
      })),
  },
  'POST /api/caseload-handovers body.caseIds': {
    names: 'the cases a coordinator hands over (coordinators see every case: a case that does not exist)',
    probes: (w) => [
      {
        who: 'coord',
        value: NOBODY,
        base: { caseIds: [w.ids.caseA], toCounselorIds: [w.ids.cB] },
        expect: [422],
        code: 'HANDOVER_CASE_NOT_FOUND',
        note: 'handing over a case that does not exist',
      },
    ],
  },
  'POST /api/caseload-handovers body.toCounselorIds': {
    names: 'the counselors who take the cases over (who will see them)',
    probes: (w) =>
      [
        [w.ids.tmA, 'a team member of a partner institution'],
        [w.ids.fd, 'a front desk officer'],
        [w.ids.kaderA, 'a community volunteer'],
        [w.people.admin.userId, 'the administrator'],
        [NOBODY, 'no user at all'],
      ].map(([value, note]) => ({
        who: 'coord',
        value,
        base: { caseIds: [w.ids.caseA], toCounselorIds: [w.ids.cB] },
        expect: [422],
        code: 'COUNSELOR_NOT_FOUND',
        note: `handing case A over to ${note}`,
      })),
  },
  'GET /api/cases query.counselorId': {
    names: "a filter of the case list by counselor: another counselor's cases must not appear",
    probes: (w) =>
      ['cB', 'fdOther'].map((who) => ({
        who,
        value: w.ids.cA,
        expect: [200],
        forbid: [w.ids.caseA],
        note: "the case list filtered by case A's counselor",
      })),
  },
  'body.safeHouseId': {
    names: 'the safe house a victim is admitted to',
    probes: (w) =>
      [
        [NOBODY, 'no safe house'],
        [w.ids.caseA, 'a case id (another kind of record)'],
      ].map(([value, note]) => ({
        who: 'cB',
        value,
        ids: [w.ids.caseB],
        base: { transition: 'admit_to_shelter', version: w.v.caseB },
        expect: [422],
        code: 'SAFE_HOUSE_UNAVAILABLE',
        note: `admitting case B (it may be admitted) to ${note}`,
      })),
  },
  'body.targetInstitutionId': {
    names: 'the institution a referral (and the data it discloses) goes to',
    probes: (w) =>
      [
        [w.ids.lkp, 'a business that provides no medical service', 'INSTITUTION_ROLE_NOT_PROVIDED'],
        [w.ids.instOld, 'a hospital whose partnership ended', 'INSTITUTION_PERIOD_ENDED'],
        [NOBODY, 'no institution', 'INSTITUTION_NOT_FOUND'],
      ].map(([value, note, code]) => ({
        who: 'cA',
        value,
        expect: REFUSED,
        code,
        note: `referring case A to ${note}`,
      })),
  },
  'body.consentId': {
    names: "the consent a referral or a monitoring assignment rests on: it must be the case's own",
    probes: (w, route) =>
      route.path.endsWith('/referrals')
        ? [
            {
              who: 'cA',
              value: w.ids.consentB,
              expect: [422],
              code: 'CONSENT_NOT_FOUND',
              note: "case A's referral resting on case B's consent",
            },
            {
              who: 'cB',
              value: w.ids.consentA,
              ids: [w.ids.caseB],
              expect: [422],
              code: 'CONSENT_NOT_FOUND',
              note: "case B's referral resting on case A's consent (of a case the caller does not work on)",
            },
          ]
        : [
            {
              who: 'coord',
              value: w.ids.consentA,
              ids: [w.ids.caseB],
              base: { volunteerId: w.ids.volunteer_kaderB, instructions: 'Kunjungi setiap Kamis' },
              expect: [422],
              code: 'CONSENT_NOT_FOUND',
              note: "case B's monitoring resting on case A's consent",
            },
          ],
  },
  'body.volunteerId': {
    names: 'the volunteer given the monitoring of a case (who will visit the victim)',
    probes: (w) =>
      [
        [w.ids.volunteerOff, 'a volunteer who left (inactive)'],
        [NOBODY, 'no volunteer'],
      ].map(([value, note]) => ({
        who: 'coord',
        value,
        expect: [422],
        code: 'VOLUNTEER_NOT_FOUND',
        note: `monitoring of case A given to ${note}`,
      })),
  },
  'body.userId': {
    names: "the account of a volunteer (it will see that volunteer's monitoring assignments)",
    probes: (w, route) => {
      const patch = route.method === 'PATCH';
      const base = patch ? { version: w.v.volunteer_kaderB } : { name: 'Kader Baru', groupName: 'PKK RW 03' };
      const ids = patch ? [w.ids.volunteer_kaderB] : [];
      return [
        {
          who: 'coord',
          value: w.ids.cA,
          ids,
          base,
          expect: [422],
          code: 'VOLUNTEER_ACCOUNT_INVALID',
          note: "a counselor's account",
        },
        {
          who: 'coord',
          value: w.ids.tmA,
          ids,
          base,
          expect: [422],
          code: 'VOLUNTEER_ACCOUNT_INVALID',
          note: "a partner's team member's account",
        },
        {
          who: 'coord',
          value: w.ids.kaderA,
          ids,
          base,
          expect: [409],
          code: 'VOLUNTEER_ACCOUNT_TAKEN',
          note: "another volunteer's account",
        },
      ];
    },
  },
  'query.caseId': {
    names: "a filter of a referral list by case: another case's referrals must not appear",
    probes: (w, route) => [
      {
        who: 'cB',
        value: w.ids.caseA,
        ids: route.path.includes(':id') ? [w.ids.caseB] : [],
        expect: [200, 404],
        forbid: [w.ids.referralA, w.ids.referralC],
        note: 'referrals filtered by case A, by a counselor of case B',
      },
    ],
  },
  'GET /api/referrals query.institutionId': {
    names: "a filter of the referral list by institution: another case's referrals must not appear",
    probes: (w) => [
      {
        who: 'cB',
        value: w.ids.instA,
        expect: [200],
        forbid: [w.ids.referralA],
        note: "referrals filtered by case A's partner institution, by a counselor of case B",
      },
    ],
  },
  'GET /api/cases/:id/referrals query.institutionId': {
    names: "a filter of a case's referrals by institution",
    probes: (w) => [
      {
        who: 'cB',
        value: w.ids.instA,
        ids: [w.ids.caseB],
        expect: [200],
        forbid: [w.ids.referralA],
        note: "case B's referrals filtered by case A's partner institution",
      },
    ],
  },
  'query.referralId': {
    names: 'the referral whose partner version of the chronology a team member prints',
    skip: "knocked on by the case kind's print probes: a team member naming another institution's referral, their own referral of another case, and their revoked one (printQuery in access-idor.ts)",
  },
  'body.attendees.staffUserIds': {
    names: 'the staff who attended a case conference',
    probes: () => [
      { who: 'coord', value: NOBODY, expect: [422], code: 'STAFF_NOT_FOUND', note: 'no user at all' },
    ],
  },
  'body.actionItems[].ownerUserId': {
    names: 'the staff member who owns a conference action item (and may then change it)',
    probes: (w) => [
      {
        who: 'coord',
        value: NOBODY,
        base: conferenceWithItem(w),
        expect: [422],
        code: 'STAFF_NOT_FOUND',
        note: 'no user at all',
      },
    ],
  },
  'body.attendees.institutionIds': institutionRefusal('the institutions that attended a case conference'),
  'body.actionItems[].ownerInstitutionId': {
    names: 'the institution that owns a conference action item',
    probes: (w) => [
      {
        who: 'coord',
        value: NOBODY,
        base: conferenceWithItem(w),
        expect: [422],
        code: 'INSTITUTION_NOT_FOUND',
        note: 'no institution at all',
      },
    ],
  },
  'POST /api/cases/:id/consents body.institutionIds': institutionRefusal(
    'the institutions a consent lets receive data',
    'cA',
  ),
  'POST /api/cases/:id/consent-overrides body.institutionIds': {
    names: 'the institutions an emergency override lets receive data',
    probes: (w) => [
      {
        who: 'coord',
        value: NOBODY,
        ids: [w.ids.caseChild], // an override is for a child in danger only
        expect: [422],
        code: 'INSTITUTION_NOT_FOUND',
        note: "no institution at all, on a child's case",
      },
    ],
  },
  'body.providerInstitutionId': institutionRefusal('the institution that provides a support service', 'cA'),
  'body.agreementId': {
    names: 'the partnership agreement a recovery service is provided under',
    probes: () => [
      {
        who: 'cA',
        value: NOBODY,
        expect: REFUSED,
        code: 'AGREEMENT_NOT_FOUND',
        note: 'no agreement at all',
      },
    ],
  },

  // ---- ids of records without an owner: whoever holds the permission names any of them ----------
  'body.institutionId': global(
    'a partner institution, or the institution of a user, group, agreement or body',
  ),
  'query.institutionId': global('a list filter by partner institution'),
  'body.referringInstitutionId': global('the institution that referred a complaint'),
  'query.userId': global("an audit log filter by user (the administrator's log)"),
  'query.resourceId': global('an audit log filter by resource id'),
  'body.regionId': global('a PUG region'),
  'query.regionId': global('a PUG list filter by region'),
  'body.bodyId': global('a PUG body (Pokja, focal-point team)'),
  'query.bodyId': global('a PUG decree list filter by body'),
  'body.replacesDecreeId': global('the decree a decree replaces'),
  'body.issuerInstitutionId': global('the institution that issued a decree'),
  'body.appointees[].institutionId': global("a decree appointee's institution"),
  'body.appointees[].userId': global('a decree appointee who has an account (public PUG record)'),
  'body.entries[].institutionId': global("an SKPD of a region's roster"),
  'body.items[].ownerInstitutionId': global("an action plan item's owner institution"),
  'body.ownerInstitutionId': global("an action plan item's owner institution"),
  'body.updates[].itemId': global('an action plan item of a monitoring round'),
  'body.agreements[].itemId': global('an action plan item agreed in a monitoring round'),
  'body.agreements[].ownerInstitutionId': global('the institution of a monitoring agreement'),
  'body.organiserInstitutionId': global('the institution that organised a training'),
  'body.participants[].institutionId': global("a training participant's institution"),
  'body.partnerInstitutionIds': global("a prevention activity's partner institutions"),
  'body.volunteerIds': global('volunteers of a community group, activity or training (the register)'),
  'query.volunteerId': global('a training list filter by volunteer'),
};

function conferenceWithItem(w: AccessWorld): Record<string, unknown> {
  return {
    heldAt: '2026-01-13',
    attendees: { staffUserIds: [w.ids.cA], institutionIds: [], others: [] },
    decisions: ['Lanjutkan pendampingan'],
    actionItems: [{ description: 'Antar korban', ownerUserId: w.ids.cA, dueDate: '2026-01-20' }],
  };
}

function institutionRefusal(names: string, who = 'coord'): FieldSpec {
  return {
    names,
    probes: () => [
      { who, value: NOBODY, expect: [422], code: 'INSTITUTION_NOT_FOUND', note: 'no institution at all' },
    ],
  };
}

/** The classification of one field of one route (route-specific first), or undefined. */
export function fieldSpec(f: FieldId): FieldSpec | undefined {
  return FIELD_IDS[`${f.method} ${f.path} ${f.field}`] ?? FIELD_IDS[f.field];
}

/** The keys of FIELD_IDS that the document's fields use (to find stale entries). */
export function usedFieldKeys(fields: FieldId[]): Set<string> {
  const used = new Set<string>();
  for (const f of fields) {
    const specific = `${f.method} ${f.path} ${f.field}`;
    used.add(FIELD_IDS[specific] ? specific : f.field);
  }
  return used;
}

/**
 * The body of a knock: `base` with the field set to `value` (a list field to [value]; a field under
 * `items[]` in every element, of which there must be one).
 */
export function withField(
  base: Record<string, unknown>,
  field: string,
  value: string,
  isArray: boolean,
): Record<string, unknown> {
  const body = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  const set = (node: Record<string, unknown>, parts: string[]) => {
    const [head, ...rest] = parts;
    if (!rest.length) {
      node[head] = isArray ? [value] : value;
      return;
    }
    if (head.endsWith('[]')) {
      const list = node[head.slice(0, -2)] as Record<string, unknown>[] | undefined;
      if (!Array.isArray(list) || !list.length)
        throw new Error(`withField: ${field} needs a body with at least one ${head.slice(0, -2)} element`);
      for (const el of list) set(el, rest);
      return;
    }
    node[head] = (node[head] as Record<string, unknown>) ?? {};
    set(node[head] as Record<string, unknown>, rest);
  };
  set(body, field.replace(/^body\./, '').split('.'));
  return body;
}

/** The page route that mirrors an API route (`POST /api/x` → `POST /x`), if Nest has it. */
export function pageTwin(routes: RouteInfo[], method: string, apiPath: string): RouteInfo | undefined {
  if (!isApiPath(apiPath)) return undefined;
  const path = apiPath.replace(/^\/api/, '');
  return routes.find((r) => r.method === method && r.path === path && !isApiPath(r.path));
}
