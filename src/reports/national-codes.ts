/**
 * The national code lists (SIMFONI-PPA, the Ministry of Women's Empowerment and Child Protection's
 * reporting system) and the mapping of Lentera's own codes onto them (issue 21 item 2). One table per
 * dimension: every Lentera code maps to exactly one national group (the unit test beside this file
 * fails when a new Lentera code is not mapped), so the statistics can be drawn in either grouping and
 * the national export carries the national group of every field.
 *
 * The groups follow the groupings SIMFONI-PPA's public dashboard publishes (place, occupation,
 * education, relationship to the victim, service types) and the six service functions of a UPTD PPA
 * under Permen PPPA 2/2022 (temporary shelter, mediation). SIMFONI's internal numeric identifiers are
 * not public: the national codes here are Lentera's stable identifiers of those groups (the Indonesian
 * group names, snake_case); their labels are in i18n/<lang>/reports.json under `reports.national.`.
 *
 * `unknown` is a national group wherever the national form allows "tidak diketahui"; a Lentera value
 * that was not recorded (null) is counted there.
 *
 * The README's mapping table is generated from these tables (`npm run docs:national-codes`).
 */
import {
  EDUCATION_LEVELS,
  MARITAL_STATUSES,
  OCCUPATIONS,
  PLACE_TYPES,
  RELATIONSHIPS,
} from '../case/case.constants';
import { SERVICE_TYPES } from '../steps/support/support-service.constants';
import { SERVICE_ROLES } from '../institutions/service-roles';

/** Lentera's code or the national one: the two groupings of the statistics. */
export const CODE_GROUPINGS = ['lentera', 'national'] as const;
export type CodeGrouping = (typeof CODE_GROUPINGS)[number];

export const NATIONAL_UNKNOWN = 'tidak_diketahui';

export const NATIONAL_PLACES = [
  'rumah_tangga',
  'tempat_kerja',
  'sekolah',
  'fasilitas_umum',
  'lembaga_pendidikan_kilat',
  'lainnya',
] as const;

export const NATIONAL_OCCUPATIONS = [
  'pelajar',
  'ibu_rumah_tangga',
  'swasta_buruh',
  'pns_tni_polri',
  'wiraswasta',
  'petani_nelayan',
  'tidak_bekerja',
  'lainnya',
  NATIONAL_UNKNOWN,
] as const;

export const NATIONAL_EDUCATION = [
  'belum_sekolah',
  'tidak_sekolah',
  'sd',
  'sltp',
  'slta',
  'perguruan_tinggi',
  NATIONAL_UNKNOWN,
] as const;

export const NATIONAL_MARITAL_STATUSES = [
  'belum_kawin',
  'kawin',
  'cerai_hidup',
  'cerai_mati',
  NATIONAL_UNKNOWN,
] as const;

export const NATIONAL_RELATIONSHIPS = [
  'orang_tua',
  'keluarga_saudara',
  'suami_istri',
  'pacar_teman',
  'tetangga',
  'guru',
  'majikan',
  'rekan_kerja',
  'lainnya',
  NATIONAL_UNKNOWN,
] as const;

export const NATIONAL_SERVICES = [
  'pengaduan',
  'kesehatan',
  'bantuan_hukum',
  'penegakan_hukum',
  'rehabilitasi_sosial',
  'reintegrasi_sosial',
  'pemulangan',
  'pendampingan_tokoh_agama',
  'mediasi',
  'penampungan_sementara',
  'lainnya',
] as const;

/** Sex on the national form. */
export const NATIONAL_SEX: Readonly<Record<string, string>> = { female: 'perempuan', male: 'laki_laki' };

/** Nationality: WNI (Indonesian, ISO code IDN) or WNA (any other). */
export const NATIONAL_NATIONALITIES = ['wni', 'wna', NATIONAL_UNKNOWN] as const;

/** The services a case receives besides support services, counted as services (issue 21 item 3). */
export const SHELTER_STAY_SERVICE = 'shelter_stay';
/** A completed referral counts as a service of its service role: `referral_<role>`. */
export const referralService = (role: string): string => `referral_${role}`;
export const SERVICE_SOURCES = [
  ...SERVICE_TYPES,
  SHELTER_STAY_SERVICE,
  ...SERVICE_ROLES.map(referralService),
] as const;

type Mapping<L extends string, N extends string> = Readonly<Record<L, N>>;

export const PLACE_MAP: Mapping<(typeof PLACE_TYPES)[number], (typeof NATIONAL_PLACES)[number]> = {
  household: 'rumah_tangga',
  school: 'sekolah',
  workplace: 'tempat_kerja',
  public_facility: 'fasilitas_umum',
  short_course_institution: 'lembaga_pendidikan_kilat',
  online: 'lainnya',
  other: 'lainnya',
};

export const OCCUPATION_MAP: Mapping<(typeof OCCUPATIONS)[number], (typeof NATIONAL_OCCUPATIONS)[number]> = {
  student: 'pelajar',
  housewife: 'ibu_rumah_tangga',
  employee: 'swasta_buruh',
  self_employed: 'wiraswasta',
  labourer: 'swasta_buruh',
  farmer: 'petani_nelayan',
  civil_servant: 'pns_tni_polri',
  military: 'pns_tni_polri',
  police: 'pns_tni_polri',
  unemployed: 'tidak_bekerja',
  other: 'lainnya',
};

export const EDUCATION_MAP: Mapping<(typeof EDUCATION_LEVELS)[number], (typeof NATIONAL_EDUCATION)[number]> =
  {
    none: 'tidak_sekolah',
    not_yet_school: 'belum_sekolah',
    primary: 'sd',
    junior_secondary: 'sltp',
    senior_secondary: 'slta',
    higher: 'perguruan_tinggi',
  };

export const MARITAL_MAP: Mapping<
  (typeof MARITAL_STATUSES)[number],
  (typeof NATIONAL_MARITAL_STATUSES)[number]
> = {
  single: 'belum_kawin',
  married: 'kawin',
  divorced: 'cerai_hidup',
  widowed: 'cerai_mati',
};

export const RELATIONSHIP_MAP: Mapping<
  (typeof RELATIONSHIPS)[number],
  (typeof NATIONAL_RELATIONSHIPS)[number]
> = {
  spouse: 'suami_istri',
  former_spouse: 'suami_istri',
  partner: 'pacar_teman',
  parent: 'orang_tua',
  step_parent: 'orang_tua',
  sibling: 'keluarga_saudara',
  relative: 'keluarga_saudara',
  neighbour: 'tetangga',
  friend: 'pacar_teman',
  teacher: 'guru',
  employer: 'majikan',
  colleague: 'rekan_kerja',
  religious_leader: 'lainnya',
  stranger: 'lainnya',
  other: 'lainnya',
  unknown: NATIONAL_UNKNOWN,
};

export const SERVICE_MAP: Mapping<(typeof SERVICE_SOURCES)[number], (typeof NATIONAL_SERVICES)[number]> = {
  // support services (step 4)
  medical: 'kesehatan',
  psychological: 'rehabilitasi_sosial',
  spiritual: 'pendampingan_tokoh_agama',
  psychosocial: 'rehabilitasi_sosial',
  legal: 'bantuan_hukum',
  mediation: 'mediasi',
  other: 'lainnya',
  law_enforcement: 'penegakan_hukum',
  rehabilitation: 'rehabilitasi_sosial',
  reintegration: 'reintegrasi_sosial',
  repatriation: 'pemulangan',
  complaint_handling: 'pengaduan',
  // a shelter stay (step 3)
  shelter_stay: 'penampungan_sementara',
  // a completed referral (step 6), by its service role
  referral_medical: 'kesehatan',
  referral_medico_legal: 'kesehatan',
  referral_psychological: 'rehabilitasi_sosial',
  referral_spiritual: 'pendampingan_tokoh_agama',
  referral_legal_aid: 'bantuan_hukum',
  referral_law_enforcement: 'penegakan_hukum',
  referral_social_rehabilitation: 'rehabilitasi_sosial',
  referral_shelter: 'penampungan_sementara',
  referral_economic_empowerment: 'reintegrasi_sosial',
  referral_education: 'reintegrasi_sosial',
  referral_repatriation: 'pemulangan',
  referral_community_monitoring: 'reintegrasi_sosial',
};

/** One dimension: Lentera's codes, the national groups and the map between them. */
export interface CodeDimension {
  id: 'place' | 'occupation' | 'education' | 'maritalStatus' | 'relationship' | 'service';
  /** Lentera's codes, in their order. */
  lentera: readonly string[];
  /** The national groups, in the national form's order. */
  national: readonly string[];
  map: Readonly<Record<string, string>>;
  /** Translation prefix of Lentera's codes (reports.json). */
  lenteraNs: string;
  /** Translation prefix of the national groups. */
  nationalNs: string;
  /** Whether a missing (null) Lentera value counts as the national "unknown". */
  unknownWhenMissing: boolean;
}

export const CODE_DIMENSIONS: readonly CodeDimension[] = [
  {
    id: 'place',
    lentera: PLACE_TYPES,
    national: NATIONAL_PLACES,
    map: PLACE_MAP,
    lenteraNs: 'reports.place.',
    nationalNs: 'reports.national.place.',
    unknownWhenMissing: false,
  },
  {
    id: 'occupation',
    lentera: OCCUPATIONS,
    national: NATIONAL_OCCUPATIONS,
    map: OCCUPATION_MAP,
    lenteraNs: 'reports.occupation.',
    nationalNs: 'reports.national.occupation.',
    unknownWhenMissing: true,
  },
  {
    id: 'education',
    lentera: EDUCATION_LEVELS,
    national: NATIONAL_EDUCATION,
    map: EDUCATION_MAP,
    lenteraNs: 'reports.education.',
    nationalNs: 'reports.national.education.',
    unknownWhenMissing: true,
  },
  {
    id: 'maritalStatus',
    lentera: MARITAL_STATUSES,
    national: NATIONAL_MARITAL_STATUSES,
    map: MARITAL_MAP,
    lenteraNs: 'reports.maritalStatus.',
    nationalNs: 'reports.national.maritalStatus.',
    unknownWhenMissing: true,
  },
  {
    id: 'relationship',
    lentera: RELATIONSHIPS,
    national: NATIONAL_RELATIONSHIPS,
    map: RELATIONSHIP_MAP,
    lenteraNs: 'reports.relationship.',
    nationalNs: 'reports.national.relationship.',
    unknownWhenMissing: true,
  },
  {
    id: 'service',
    lentera: SERVICE_SOURCES,
    national: NATIONAL_SERVICES,
    map: SERVICE_MAP,
    lenteraNs: 'reports.service.',
    nationalNs: 'reports.national.service.',
    unknownWhenMissing: false,
  },
];

export function dimension(id: CodeDimension['id']): CodeDimension {
  return CODE_DIMENSIONS.find((d) => d.id === id)!;
}

/**
 * The national group of a Lentera value: its mapping, `tidak_diketahui` for a missing value where the
 * national form allows it, null otherwise (a value that is neither: the caller reports it as missing).
 */
export function toNational(dim: CodeDimension, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '' || value === 'unknown')
    return dim.unknownWhenMissing ? NATIONAL_UNKNOWN : null;
  return dim.map[value] ?? null;
}

/** WNI for Indonesian citizens (ISO 3166 alpha-3 `IDN`), WNA for any other recorded nationality. */
export function nationalNationality(
  code: string | null | undefined,
): (typeof NATIONAL_NATIONALITIES)[number] {
  if (!code) return NATIONAL_UNKNOWN;
  return code.toUpperCase() === 'IDN' ? 'wni' : 'wna';
}

/**
 * Counts keyed by Lentera codes regrouped under the national groups (the database grouped by Lentera
 * code; this sums those few groups, it never sees a case). Keys outside the map go to `unknown` when
 * the dimension allows it, else to `lainnya`.
 */
export function regroup(dim: CodeDimension, counts: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>(dim.national.map((k) => [k, 0]));
  for (const [key, n] of counts) {
    const national = dim.map[key] ?? (dim.unknownWhenMissing ? NATIONAL_UNKNOWN : 'lainnya');
    out.set(national, (out.get(national) ?? 0) + n);
  }
  return out;
}

/**
 * The README table: one section per dimension, each national group with the Lentera codes it takes.
 * Labels are Indonesian (the national form's language), read from i18n/id/reports.json.
 */
export function nationalCodesMarkdown(labels: (key: string) => string): string {
  const lines: string[] = [];
  for (const dim of CODE_DIMENSIONS) {
    lines.push(`**${labels(`reports.national.dimensions.${dim.id}`)}** (\`${dim.id}\`)`, '');
    lines.push('| national code | SIMFONI-PPA group | Lentera codes |', '|---|---|---|');
    for (const n of dim.national) {
      const from = dim.lentera.filter((l) => dim.map[l] === n).map((l) => `\`${l}\``);
      if (n === NATIONAL_UNKNOWN && dim.unknownWhenMissing) from.push('not recorded');
      lines.push(`| \`${n}\` | ${labels(`${dim.nationalNs}${n}`)} | ${from.join(', ') || '—'} |`);
    }
    lines.push('');
  }
  lines.push(
    '**Kewarganegaraan** (`nationality`): `wni` for `IDN`, `wna` for any other recorded code, `tidak_diketahui` when none.',
  );
  return lines.join('\n');
}
