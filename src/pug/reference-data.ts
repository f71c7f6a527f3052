/**
 * Reference data of gender mainstreaming (PUG) institutions: the kinds of body, their duties in
 * Bahasa Indonesia with an English translation, and the closed lists decrees and appointments use.
 *
 * Sources (../shared/seeds):
 *   - seed 002 (Semarang): the 12 duties of the Pokja PUG (Permendagri 67/2011, Pasal 14) and the 6
 *     duties of the Focal Point PUG, transcribed word for word (only the list punctuation "; dan" /
 *     ";" at the end of each item is dropped), and the 9 service programme items of PPT SERUNI, the
 *     service centre whose partner team is formed by decree;
 *   - DOMAIN.md and Pokja duty 10: the technical team (Tim Teknis) analyses the regional budget.
 * Code, not database rows: the texts are law and history, they change only with a new release.
 */

export interface Bilingual {
  id: string;
  en: string;
}

export interface Duty {
  /** Number in the source list, from 1. */
  no: number;
  text: Bilingual;
}

export const BODY_KINDS = ['pokja_pug', 'technical_team', 'focal_point_team', 'partner_team'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

/** The 12 duties of a regency/city Pokja PUG (seed 002, Permendagri 67/2011 Pasal 14). */
export const POKJA_PUG_DUTIES: Duty[] = [
  {
    no: 1,
    text: {
      id: 'mempromosikan dan memfasilitasi PUG kepada masing-masing SKPD',
      en: 'to promote and facilitate PUG to each SKPD',
    },
  },
  {
    no: 2,
    text: {
      id: 'melaksanakan sosialisasi dan advokasi PUG kepada camat, kepala desa, dan lurah',
      en: 'to carry out PUG socialization and advocacy to sub-district heads (camat), village heads (kepala desa) and urban-village heads (lurah)',
    },
  },
  {
    no: 3,
    text: { id: 'menyusun program kerja setiap tahun', en: 'to draw up a work programme every year' },
  },
  {
    no: 4,
    text: {
      id: 'mendorong terwujudnya Perencanaan dan Penganggaran yang Responsif Gender',
      en: 'to encourage the realisation of Gender-Responsive Planning and Budgeting',
    },
  },
  {
    no: 5,
    text: {
      id: 'menyusun rencana kerja POKJA PUG setiap tahun',
      en: 'to draw up the work plan of the POKJA PUG every year',
    },
  },
  {
    no: 6,
    text: {
      id: 'bertanggung jawab kepada bupati/wali kota melalui wakil bupati/wali kota',
      en: 'to be accountable to the regent/mayor through the deputy regent/mayor',
    },
  },
  {
    no: 7,
    text: {
      id: 'merumuskan rekomendasi kebijakan kepada bupati/wali kota',
      en: 'to formulate policy recommendations to the regent/mayor',
    },
  },
  {
    no: 8,
    text: {
      id: 'menyusun Profil Gender kabupaten/kota',
      en: 'to compile the Gender Profile of the regency/city',
    },
  },
  {
    no: 9,
    text: {
      id: 'melakukan pemantauan pelaksanaan PUG di masing-masing instansi',
      en: 'to monitor the implementation of PUG in each agency',
    },
  },
  {
    no: 10,
    text: {
      id: 'menetapkan tim teknis untuk melakukan analisis terhadap anggaran daerah',
      en: 'to appoint a technical team to analyse the regional budget',
    },
  },
  {
    no: 11,
    text: {
      id: 'menyusun Rencana Aksi Daerah (RANDA) PUG di kabupaten/kota',
      en: 'to draw up the Regional Action Plan (RANDA) for PUG in the regency/city',
    },
  },
  {
    no: 12,
    text: {
      id: 'mendorong dilaksanakannya pemilihan dan penetapan Focal Point di masing-masing SKPD',
      en: 'to encourage the selection and appointment of a Focal Point in each SKPD',
    },
  },
];

/** The 6 duties of the Focal Point PUG of an SKPD (seed 002). */
export const FOCAL_POINT_DUTIES: Duty[] = [
  {
    no: 1,
    text: {
      id: 'mempromosikan pengarusutamaan gender pada unit kerja',
      en: 'to promote gender mainstreaming in the work unit',
    },
  },
  {
    no: 2,
    text: {
      id: 'memfasilitasi penyusunan rencana kerja dan penganggaran SKPD yang responsif gender',
      en: 'to facilitate the drafting of gender-responsive SKPD work plans and budgets',
    },
  },
  {
    no: 3,
    text: {
      id: 'melaksanakan pelatihan, sosialisasi, advokasi pengarusutamaan gender kepada seluruh pejabat dan staf di lingkungan SKPD',
      en: 'to carry out gender mainstreaming training, socialization and advocacy for all officials and staff within the SKPD',
    },
  },
  {
    no: 4,
    text: {
      id: 'melaporkan pelaksanaan PUG kepada pimpinan SKPD',
      en: 'to report on the implementation of PUG to the head of the SKPD',
    },
  },
  {
    no: 5,
    text: {
      id: 'mendorong pelaksanaan analisis gender terhadap kebijakan, program, dan kegiatan pada unit kerja',
      en: "to encourage gender analysis of the work unit's policies, programmes and activities",
    },
  },
  {
    no: 6,
    text: {
      id: 'memfasilitasi penyusunan data gender pada masing-masing SKPD',
      en: 'to facilitate the compilation of gender data in each SKPD',
    },
  },
];

/** The technical team (Tim Teknis): the budget analysis the Pokja appoints it for (Pokja duty 10). */
export const TECHNICAL_TEAM_DUTIES: Duty[] = [
  {
    no: 1,
    text: {
      id: 'melakukan analisis terhadap anggaran daerah (analisis anggaran responsif gender)',
      en: 'to analyse the regional budget (gender-responsive budget analysis)',
    },
  },
];

/** The service programme of PPT SERUNI carried by its partner team (seed 002, 9 items). */
export const PARTNER_TEAM_DUTIES: Duty[] = [
  {
    no: 1,
    text: {
      id: 'menerima pengaduan dan registrasi korban',
      en: 'to receive complaints and register victims',
    },
  },
  { no: 2, text: { id: 'melakukan konseling awal', en: 'to provide initial counseling' } },
  {
    no: 3,
    text: {
      id: 'memberikan layanan rumah aman/shelter bagi korban yang terancam jiwanya',
      en: 'to provide safe-house/shelter services for victims whose lives are threatened',
    },
  },
  {
    no: 4,
    text: {
      id: 'memberikan pendampingan yang diperlukan korban, layanan medis, psikologis, rohani, psikososial',
      en: 'to provide the accompaniment victims need: medical, psychological, spiritual and psychosocial services',
    },
  },
  { no: 5, text: { id: 'mengadakan rapat kasus', en: 'to hold case conferences' } },
  { no: 6, text: { id: 'merujuk kasus kepada anggota tim', en: 'to refer cases to team members' } },
  {
    no: 7,
    text: {
      id: 'melakukan pencegahan melalui sosialisasi, siaran secara on air, penyebaran leaflet melalui email, website, dan penyebar luasan berita melalui mass media agar masyarakat memahami, mengerti tentang kekerasan berbasis gender dan trafiking serta mencegah dan meminimalisir tindak kekerasan berbasis gender',
      en: 'to prevent violence through socialization, on-air broadcasts, leaflets spread by email and website, and news spread through the mass media, so that the public understands gender-based violence and trafficking, and to prevent and minimise acts of gender-based violence',
    },
  },
  {
    no: 8,
    text: {
      id: 'mendorong munculnya peran serta masyarakat dalam upaya pencegahan, pendampingan serta monitoring kasus korban kekerasan berbasis gender dan trafiking',
      en: 'to encourage community participation in prevention, accompaniment and monitoring of the cases of victims of gender-based violence and trafficking',
    },
  },
  {
    no: 9,
    text: {
      id: 'membangun kerjasama dengan pihak ketiga dalam penanganan kasus untuk memulihkan korban kembali seperti semula sebelum terjadi kekerasan',
      en: 'to build cooperation with third parties in handling cases, to restore victims to how they were before the violence',
    },
  },
];

export interface BodyKindInfo {
  kind: BodyKind;
  name: Bilingual;
  /** Who forms it by decree. */
  formedBy: Bilingual;
  /** How the system judges it complete (see PugCompletenessService). */
  composition: Bilingual;
  duties: Duty[];
  /** One body per SKPD (focal-point teams) rather than one per region. */
  perInstitution: boolean;
}

export const BODY_KIND_INFO: Record<BodyKind, BodyKindInfo> = {
  pokja_pug: {
    kind: 'pokja_pug',
    name: {
      id: 'Kelompok Kerja Pengarusutamaan Gender (Pokja PUG)',
      en: 'Gender Mainstreaming Working Group (Pokja PUG)',
    },
    formedBy: { id: 'Keputusan bupati/wali kota', en: "The regent's or mayor's decree" },
    composition: {
      id: 'Anggota: seluruh kepala SKPD; ketua: kepala Bappeda; kepala sekretariat: kepala SKPD yang membidangi pemberdayaan perempuan.',
      en: "Members: the heads of all SKPD; chair: the head of Bappeda; head of the secretariat: the head of the women's-empowerment SKPD.",
    },
    duties: POKJA_PUG_DUTIES,
    perInstitution: false,
  },
  technical_team: {
    kind: 'technical_team',
    name: {
      id: 'Tim Teknis (analisis anggaran responsif gender)',
      en: 'Technical team (gender-responsive budget analysis)',
    },
    formedBy: {
      id: 'Ditetapkan oleh Pokja PUG / keputusan bupati/wali kota',
      en: "Appointed by the Pokja PUG / the regent's or mayor's decree",
    },
    composition: { id: 'Paling sedikit satu anggota.', en: 'At least one member.' },
    duties: TECHNICAL_TEAM_DUTIES,
    perInstitution: false,
  },
  focal_point_team: {
    kind: 'focal_point_team',
    name: { id: 'Tim Focal Point PUG', en: 'Focal Point PUG team' },
    formedBy: { id: 'Keputusan kepala SKPD yang bersangkutan', en: 'The decree of the head of that SKPD' },
    composition: {
      id: 'Aparatur SKPD tersebut; paling sedikit satu focal point.',
      en: 'Officials of that SKPD; at least one focal point.',
    },
    duties: FOCAL_POINT_DUTIES,
    perInstitution: true,
  },
  partner_team: {
    kind: 'partner_team',
    name: {
      id: 'Tim pelayanan terpadu (tim mitra pusat layanan)',
      en: "Integrated service team (the service centre's partner team)",
    },
    formedBy: { id: 'Keputusan bupati/wali kota', en: "The regent's or mayor's decree" },
    composition: {
      id: 'Lembaga mitra dan petugasnya; menentukan siapa yang dapat menerima rujukan.',
      en: 'Partner institutions and their officers; decides who may receive referrals.',
    },
    duties: PARTNER_TEAM_DUTIES,
    perInstitution: false,
  },
};

/** What a decree does to its body. */
export const DECREE_KINDS = ['formation', 'replacement', 'amendment', 'revocation'] as const;
export type DecreeKind = (typeof DECREE_KINDS)[number];

/** Who signed it: the mayor or regent, or the head of an SKPD (then `issuerInstitutionId`). */
export const ISSUER_KINDS = ['mayor', 'regent', 'skpd_head', 'other'] as const;
export type IssuerKind = (typeof ISSUER_KINDS)[number];

/** Derived, never stored: see decree-status.ts. */
export const DECREE_STATUSES = ['pending', 'in_force', 'replaced', 'revoked'] as const;
export type DecreeStatus = (typeof DECREE_STATUSES)[number];

export const APPOINTMENT_ROLES = [
  'chair',
  'vice_chair',
  'secretary',
  'member',
  'focal_point',
  'person_in_charge',
] as const;
export type AppointmentRole = (typeof APPOINTMENT_ROLES)[number];

export const REGION_KINDS = ['city', 'regency'] as const;
export type RegionKind = (typeof REGION_KINDS)[number];

/** The part an SKPD plays in the region's PUG institutions (Permendagri 67/2011). */
export const SKPD_PUG_ROLES = ['planning_agency', 'womens_empowerment', 'other'] as const;
export type SkpdPugRole = (typeof SKPD_PUG_ROLES)[number];

export const ACTION_PLAN_SOURCES = ['ksgp', 'randa', 'other'] as const;
export type ActionPlanSource = (typeof ACTION_PLAN_SOURCES)[number];

/** What a monitoring round records; `late` is derived from the deadline (action-item-status.ts). */
export const RECORDED_ITEM_STATUSES = ['not_started', 'in_progress', 'done'] as const;
export type RecordedItemStatus = (typeof RECORDED_ITEM_STATUSES)[number];
export const ITEM_STATUSES = ['not_started', 'in_progress', 'done', 'late'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const TRAINING_KINDS = ['gender_awareness', 'pprg', 'other'] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];

/** Anugerah Parahita Ekapraya categories, lowest first. */
export const AWARD_LEVELS = ['pratama', 'madya', 'utama'] as const;
export type AwardLevel = (typeof AWARD_LEVELS)[number];
export const AWARD_NAME = 'Anugerah Parahita Ekapraya';
