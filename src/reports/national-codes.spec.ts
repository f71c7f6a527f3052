import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EDUCATION_LEVELS,
  MARITAL_STATUSES,
  OCCUPATIONS,
  PLACE_TYPES,
  RELATIONSHIPS,
} from '../case/case.constants';
import { SERVICE_ROLES } from '../institutions/service-roles';
import { PROJECT_ROOT } from '../platform/common/paths';
import { SERVICE_TYPES } from '../steps/support/support-service.constants';
import {
  CODE_DIMENSIONS,
  NATIONAL_UNKNOWN,
  dimension,
  nationalNationality,
  regroup,
  toNational,
} from './national-codes';

const json = (lang: string) =>
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'i18n', lang, 'reports.json'), 'utf8')) as Record<
    string,
    unknown
  >;
const lookup = (o: Record<string, unknown>, key: string): unknown =>
  key.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);

describe('national code lists (SIMFONI-PPA) and the mapping of Lentera codes', () => {
  it("covers each of Lentera's lists, code for code", () => {
    expect(dimension('place').lentera).toEqual(PLACE_TYPES);
    expect(dimension('occupation').lentera).toEqual(OCCUPATIONS);
    expect(dimension('education').lentera).toEqual(EDUCATION_LEVELS);
    expect(dimension('maritalStatus').lentera).toEqual(MARITAL_STATUSES);
    expect(dimension('relationship').lentera).toEqual(RELATIONSHIPS);
    // services: every support service type, the shelter stay and every referral service role
    expect(dimension('service').lentera).toEqual([
      ...SERVICE_TYPES,
      'shelter_stay',
      ...SERVICE_ROLES.map((r) => `referral_${r}`),
    ]);
  });

  for (const dim of CODE_DIMENSIONS) {
    it(`${dim.id}: every Lentera code maps to exactly one national group, and nothing else is mapped`, () => {
      expect(Object.keys(dim.map).sort()).toEqual([...dim.lentera].sort());
      for (const code of dim.lentera) {
        const groups = dim.national.filter((n) => dim.map[code] === n);
        expect({ code, groups }).toEqual({ code, groups: [dim.map[code]] });
      }
      expect(new Set(dim.national).size).toBe(dim.national.length);
    });

    it(`${dim.id}: every national group and Lentera code has a label in both languages`, () => {
      for (const lang of ['id', 'en']) {
        const o = json(lang);
        for (const n of dim.national)
          expect([lang, n, lookup(o, `${dim.nationalNs}${n}`.slice(8))]).toEqual([
            lang,
            n,
            expect.any(String),
          ]);
        for (const l of dim.lentera)
          expect([lang, l, lookup(o, `${dim.lenteraNs}${l}`.slice(8))]).toEqual([
            lang,
            l,
            expect.any(String),
          ]);
      }
    });
  }

  it('knows the groups the issue names', () => {
    expect(toNational(dimension('place'), 'short_course_institution')).toBe('lembaga_pendidikan_kilat');
    for (const o of ['civil_servant', 'military', 'police'])
      expect(toNational(dimension('occupation'), o)).toBe('pns_tni_polri');
    expect(toNational(dimension('relationship'), 'unknown')).toBe(NATIONAL_UNKNOWN);
    expect(toNational(dimension('service'), 'law_enforcement')).toBe('penegakan_hukum');
    expect(toNational(dimension('service'), 'legal')).toBe('bantuan_hukum');
    expect(toNational(dimension('service'), 'rehabilitation')).toBe('rehabilitasi_sosial');
    expect(toNational(dimension('service'), 'reintegration')).toBe('reintegrasi_sosial');
    expect(toNational(dimension('service'), 'repatriation')).toBe('pemulangan');
    expect(toNational(dimension('service'), 'complaint_handling')).toBe('pengaduan');
    expect(toNational(dimension('service'), 'shelter_stay')).toBe('penampungan_sementara');
  });

  it('counts a missing value as "unknown" only where the national form allows it', () => {
    expect(toNational(dimension('occupation'), null)).toBe(NATIONAL_UNKNOWN);
    expect(toNational(dimension('education'), undefined)).toBe(NATIONAL_UNKNOWN);
    expect(toNational(dimension('place'), null)).toBeNull();
    expect(toNational(dimension('place'), 'no_such_code')).toBeNull();
    expect(nationalNationality('IDN')).toBe('wni');
    expect(nationalNationality('AUS')).toBe('wna');
    expect(nationalNationality(null)).toBe(NATIONAL_UNKNOWN);
  });

  it('regroups counts by Lentera code under the national groups', () => {
    const out = regroup(
      dimension('occupation'),
      new Map([
        ['employee', 2],
        ['labourer', 3],
        ['police', 1],
        ['unknown', 4],
      ]),
    );
    expect(out.get('swasta_buruh')).toBe(5);
    expect(out.get('pns_tni_polri')).toBe(1);
    expect(out.get(NATIONAL_UNKNOWN)).toBe(4);
    expect(out.get('pelajar')).toBe(0);
    expect([...out.keys()]).toEqual(dimension('occupation').national);
  });
});
