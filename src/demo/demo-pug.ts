import { Injectable } from '@nestjs/common';
import { Clock } from '../platform/common/clock';
import { InstitutionType } from '../institutions/institution.entity';
import { InstitutionsService } from '../institutions/institutions.service';
import { CommunityGroupsService } from '../steps/prevention/community-groups.service';
import { PreventionService } from '../steps/prevention/prevention.service';
import { PreventionKind } from '../steps/prevention/programme.constants';
import { AppointeeInput, PugDecreesService } from '../pug/pug-decrees.service';
import { PugActionPlansService } from '../pug/pug-action-plans.service';
import { PugBodiesService } from '../pug/pug-bodies.service';
import { PugRegionsService } from '../pug/pug-regions.service';
import { PugTrainingsService } from '../pug/pug-trainings.service';
import { BodyKind, IssuerKind, SkpdPugRole } from '../pug/reference-data';
import { SettingsService } from '../platform/settings/settings.service';
import { UsersService } from '../users/users.service';
import { yearOf } from '../platform/common/dates';

/*
 * The PUG and programme demo, through the modules' services, from the seed documents' facts:
 *   - Semarang (seed 002): the Pokja PUG with its SKPD, PPT SERUNI's partner team formed by the mayor's
 *     decree 463.05/112 of 4 May 2005, replaced on 12 February 2009 (463/A. 023, members had retired)
 *     and again on 6 January 2011 (463/05/2011); the Anugerah Parahita Ekapraya madya of 2012; the
 *     women's organisations (PKK, DWP, GOW, GOPTKI) and the four KUBE of the community programme;
 *   - Kupang (seed 000): the six partner SKPD of the 2010 KSGP, its action plan, the monitoring of
 *     13–15 August 2012 and its agreements (every focal-point decree by 17 September 2012; Pokja PUG
 *     and technical team in October 2012), and the six SKPD's focal-point decrees.
 * What the seeds do not give (people's names, the numbers and dates of the Pokja and focal-point
 * decrees, the follow-up check, prevention activities) is invented and marked "(demo)". No real
 * person's name is used: the seeds' facilitators appear by their positions only.
 */

interface DemoAppointee {
  name: string;
  jobTitle: string;
  institution: string | null;
  role: AppointeeInput['role'];
  user?: string;
}

const SEMARANG_SKPD: { key: string; name: string; role: SkpdPugRole }[] = [
  { key: 'smg_bappeda', name: 'Bappeda Kota Semarang', role: 'planning_agency' },
  { key: 'smg_pp', name: 'Bagian Pemberdayaan Perempuan Kota Semarang', role: 'womens_empowerment' },
  { key: 'smg_dinkes', name: 'Dinas Kesehatan Kota Semarang', role: 'other' },
  { key: 'smg_dinsos', name: 'Dinas Sosial Kota Semarang', role: 'other' },
];

const KUPANG_SKPD: { key: string; name: string; short: string; role: SkpdPugRole }[] = [
  { key: 'kpg_dinkes', name: 'Dinas Kesehatan Kota Kupang', short: 'DINKES', role: 'other' },
  { key: 'kpg_dinsos', name: 'Dinas Sosial Kota Kupang', short: 'DINSOS', role: 'other' },
  { key: 'kpg_bappeda', name: 'Bappeda Kota Kupang', short: 'BAPPEDA', role: 'planning_agency' },
  { key: 'kpg_bkbks', name: 'BKBKS Kota Kupang', short: 'BKBKS', role: 'other' },
  { key: 'kpg_bpmkk', name: 'BPMKK Kota Kupang', short: 'BPMKK', role: 'other' },
  {
    key: 'kpg_pppa',
    name: 'Bagian Pemberdayaan Perempuan dan Perlindungan Anak Setda Kota Kupang',
    short: 'PPPA',
    role: 'womens_empowerment',
  },
];

const WOMENS_ORGANISATIONS = [
  { key: 'pkk', name: 'Tim Penggerak PKK Kota Semarang' },
  { key: 'dwp', name: 'Dharma Wanita Persatuan (DWP) Kota Semarang' },
  { key: 'gow', name: 'Gabungan Organisasi Wanita (GOW) Kota Semarang' },
  { key: 'goptki', name: 'GOPTKI Kota Semarang' },
];

const SERUNI_TITLE_2005 =
  'Pembentukan Tim Pelayanan Terpadu Penanganan Kekerasan Terhadap Perempuan dan Anak yang berbasis Gender "SERUNI" Kota Semarang';
const SERUNI_TITLE =
  'Pembentukan Tim Pelayanan Terpadu bagi Perempuan dan Anak yang Berbasis Gender "SERUNI" Kota Semarang';

/** The SERUNI chain: the demo partners of demo-data.ts, people invented; no partner is dropped. */
const SERUNI_DECREES: {
  number: string;
  date: string;
  kind: 'formation' | 'replacement';
  title: string;
  appointees: DemoAppointee[];
}[] = [
  {
    number: '463.05/112',
    date: '2005-05-04',
    kind: 'formation',
    title: SERUNI_TITLE_2005,
    appointees: [
      {
        name: 'Dra. Sulastri (demo)',
        jobTitle: 'Kepala Bagian Pemberdayaan Perempuan',
        institution: 'smg_pp',
        role: 'chair',
      },
      {
        name: 'Ratna Dewi, S.Sos. (demo)',
        jobTitle: 'Koordinator PPT',
        institution: 'centre',
        role: 'secretary',
      },
      { name: 'AKP Bambang (demo)', jobTitle: 'Kanit PPA', institution: 'police', role: 'member' },
      { name: 'dr. Hartono (demo)', jobTitle: 'Dokter RSUD', institution: 'hospital', role: 'member' },
      {
        name: 'Drs. Sugeng (demo)',
        jobTitle: 'Kepala Seksi Rehabilitasi Sosial',
        institution: 'social',
        role: 'member',
      },
    ],
  },
  {
    number: '463/A. 023',
    date: '2009-02-12',
    kind: 'replacement',
    title: SERUNI_TITLE,
    appointees: [
      {
        name: 'Dra. Sulastri (demo)',
        jobTitle: 'Kepala Bagian Pemberdayaan Perempuan',
        institution: 'smg_pp',
        role: 'chair',
      },
      {
        name: 'Ratna Dewi, S.Sos. (demo)',
        jobTitle: 'Koordinator PPT',
        institution: 'centre',
        role: 'secretary',
      },
      {
        name: 'Aipda Wulan (demo)',
        jobTitle: 'Penyidik Unit PPA',
        institution: 'police',
        role: 'member',
        user: 'police',
      },
      { name: 'dr. Maria (demo)', jobTitle: 'Dokter RSUD', institution: 'hospital', role: 'member' },
      {
        name: 'Siti Aminah, S.Sos. (demo)',
        jobTitle: 'Pekerja Sosial',
        institution: 'social',
        role: 'member',
      },
      { name: 'Yuliana, S.H. (demo)', jobTitle: 'Advokat', institution: 'legal', role: 'member' },
    ],
  },
  {
    number: '463/05/2011',
    date: '2011-01-06',
    kind: 'replacement',
    title: SERUNI_TITLE,
    appointees: [
      {
        name: 'Ir. Retno Handayani (demo)',
        jobTitle: 'Kepala Bagian Pemberdayaan Perempuan',
        institution: 'smg_pp',
        role: 'chair',
      },
      {
        name: 'Ratna Dewi, S.Sos. (demo)',
        jobTitle: 'Koordinator PPT',
        institution: 'centre',
        role: 'secretary',
      },
      {
        name: 'Aipda Wulan (demo)',
        jobTitle: 'Penyidik Unit PPA',
        institution: 'police',
        role: 'member',
        user: 'police',
      },
      {
        name: 'dr. Anton (demo)',
        jobTitle: 'Dokter RSUD',
        institution: 'hospital',
        role: 'member',
        user: 'hospital',
      },
      {
        name: 'Siti Aminah, S.Sos. (demo)',
        jobTitle: 'Pekerja Sosial',
        institution: 'social',
        role: 'member',
      },
      { name: 'Yuliana, S.H. (demo)', jobTitle: 'Advokat', institution: 'legal', role: 'member' },
      {
        name: 'Dewi Lestari, M.Psi. (demo)',
        jobTitle: 'Psikolog',
        institution: 'psychologist',
        role: 'member',
      },
    ],
  },
];

const PREVENTION_DEMO: {
  kind: PreventionKind;
  title: string;
  monthDay: string;
  district: string;
  counts: [number, number, number, number];
  reach: number | null;
  partners: string[];
}[] = [
  {
    kind: 'socialization',
    title: 'Sosialisasi pencegahan KDRT bagi kader PKK (demo)',
    monthDay: '02-14',
    district: 'Tembalang',
    counts: [0, 0, 42, 3],
    reach: null,
    partners: ['pkk'],
  },
  {
    kind: 'broadcast',
    title: 'Siaran on air: mengenali kekerasan berbasis gender (demo)',
    monthDay: '03-08',
    district: 'Semarang Tengah',
    counts: [0, 0, 0, 0],
    reach: 5000,
    partners: [],
  },
  {
    kind: 'leaflet_email',
    title: 'Leaflet trafiking melalui email sekolah (demo)',
    monthDay: '05-20',
    district: 'Pedurungan',
    counts: [0, 0, 0, 0],
    reach: 350,
    partners: [],
  },
  {
    kind: 'socialization',
    title: 'Penyuluhan hak anak di SMP (demo)',
    monthDay: '07-23',
    district: 'Genuk',
    counts: [61, 54, 4, 2],
    reach: null,
    partners: [],
  },
  {
    kind: 'website_post',
    title: 'Artikel website: layanan PPT SERUNI (demo)',
    monthDay: '08-12',
    district: 'Semarang Tengah',
    counts: [0, 0, 0, 0],
    reach: 1200,
    partners: [],
  },
  {
    kind: 'mass_media',
    title: 'Berita media massa: Hari Anti Kekerasan terhadap Perempuan (demo)',
    monthDay: '11-25',
    district: 'Semarang Selatan',
    counts: [0, 0, 0, 0],
    reach: 20000,
    partners: ['gow'],
  },
];

const GROUPS_DEMO: {
  kind: 'pkk' | 'posyandu' | 'religious' | 'kube' | 'youth';
  name: string;
  district: string;
  area?: string;
  institution?: string;
}[] = [
  { kind: 'pkk', name: 'Tim Penggerak PKK Kota Semarang', district: 'Semarang Tengah', institution: 'pkk' },
  {
    kind: 'posyandu',
    name: 'Posyandu Melati (demo)',
    district: 'Tembalang',
    area: 'Kelurahan Tandang RW 03',
  },
  { kind: 'religious', name: 'Majelis Taklim Al-Hidayah (demo)', district: 'Genuk' },
  { kind: 'youth', name: 'Karang Taruna Tunas Muda (demo)', district: 'Pedurungan' },
  { kind: 'kube', name: 'KUBE Mawar (demo)', district: 'Semarang Utara' },
  { kind: 'kube', name: 'KUBE Anggrek (demo)', district: 'Semarang Barat' },
  { kind: 'kube', name: 'KUBE Kenanga (demo)', district: 'Gayamsari' },
  { kind: 'kube', name: 'KUBE Dahlia (demo)', district: 'Tugu' },
];

@Injectable()
export class DemoPugSeeder {
  constructor(
    private readonly clock: Clock,
    private readonly institutions: InstitutionsService,
    private readonly users: UsersService,
    private readonly regions: PugRegionsService,
    private readonly bodies: PugBodiesService,
    private readonly decrees: PugDecreesService,
    private readonly plans: PugActionPlansService,
    private readonly trainings: PugTrainingsService,
    private readonly prevention: PreventionService,
    private readonly groups: CommunityGroupsService,
    private readonly settings: SettingsService,
  ) {}

  private async institution(name: string, type: InstitutionType): Promise<string> {
    const found = await this.institutions.findByName(name);
    return (found ?? (await this.institutions.create({ name, type }))).id;
  }

  private async region(name: string): Promise<string> {
    return ((await this.regions.findByName(name)) ?? (await this.regions.create({ name, kind: 'city' }))).id;
  }

  private async body(
    regionId: string,
    kind: BodyKind,
    name: string,
    institutionId: string | null = null,
  ): Promise<string> {
    const existing = (await this.bodies.forRegion(regionId)).find(
      (b) =>
        b.kind === kind &&
        (kind === 'pokja_pug' || kind === 'technical_team' || b.institutionId === institutionId),
    );
    if (existing) return existing.id;
    return (await this.bodies.create({ regionId, kind, name, institutionId })).id;
  }

  /** Records a decree unless the body already has one with that number; returns its id. */
  private async decree(
    bodyId: string,
    d: {
      number: string;
      date: string;
      kind: 'formation' | 'replacement';
      title: string;
      issuerKind: IssuerKind;
      issuerInstitutionId?: string;
      appointees: AppointeeInput[];
      replaces?: string;
    },
  ): Promise<string> {
    const existing = (await this.decrees.withStatus([bodyId])).find((x) => x.decree.number === d.number);
    if (existing) return existing.decree.id;
    const created = await this.decrees.create(
      {
        bodyId,
        number: d.number,
        decreeDate: d.date,
        issuerKind: d.issuerKind,
        issuerInstitutionId: d.issuerInstitutionId ?? null,
        title: d.title,
        kind: d.kind,
        replacesDecreeId: d.replaces ?? null,
        appointees: d.appointees,
      },
      null,
    );
    return created.id;
  }

  /** Returns the number of records created (0 on a second run). */
  async run(partnerIds: Map<string, string>): Promise<number> {
    let created = 0;
    const inst = new Map(partnerIds);
    for (const s of SEMARANG_SKPD) inst.set(s.key, await this.institution(s.name, 'government_office'));
    for (const s of KUPANG_SKPD) inst.set(s.key, await this.institution(s.name, 'government_office'));
    for (const o of WOMENS_ORGANISATIONS)
      inst.set(o.key, await this.institution(o.name, 'womens_organisation'));
    const userId = async (username?: string) =>
      username ? ((await this.users.findByUsername(username))?.id ?? null) : null;

    // ---- Semarang --------------------------------------------------------------------------------------
    const semarang = await this.region('Kota Semarang');
    // The demo centre (PPT SERUNI) lives in Semarang: its forms offer Semarang's institutions first
    // and leave Kupang's SKPD out.
    const centre = await this.settings.centre();
    if (!centre.regionId)
      await this.settings.updateCentre({ regionId: semarang }, centre.version, 'demo-seed');
    if (!(await this.regions.roster(semarang)).length) {
      const region = await this.regions.get(semarang);
      await this.regions.setRoster(
        semarang,
        region.version,
        SEMARANG_SKPD.map((s) => ({ institutionId: inst.get(s.key)!, pugRole: s.role })),
      );
      created++;
    }
    const pokja = await this.body(semarang, 'pokja_pug', 'Pokja PUG Kota Semarang');
    const heads: AppointeeInput[] = [
      {
        fullName: 'Ir. Bambang Haryanto (demo)',
        jobTitle: 'Kepala Bappeda Kota Semarang',
        institutionId: inst.get('smg_bappeda')!,
        role: 'chair',
      },
      {
        fullName: 'Ir. Retno Handayani (demo)',
        jobTitle: 'Kepala Bagian Pemberdayaan Perempuan',
        institutionId: inst.get('smg_pp')!,
        role: 'secretary',
      },
      {
        fullName: 'dr. Wahyuni (demo)',
        jobTitle: 'Kepala Dinas Kesehatan',
        institutionId: inst.get('smg_dinkes')!,
        role: 'member',
      },
      {
        fullName: 'Drs. Slamet (demo)',
        jobTitle: 'Kepala Dinas Sosial',
        institutionId: inst.get('smg_dinsos')!,
        role: 'member',
      },
    ];
    await this.decree(pokja, {
      number: '050/PUG/2012 (demo)',
      date: '2012-03-01',
      kind: 'formation',
      title: 'Pembentukan Kelompok Kerja Pengarusutamaan Gender Kota Semarang (demo)',
      issuerKind: 'mayor',
      appointees: heads,
    });
    const seruni = await this.body(
      semarang,
      'partner_team',
      'Tim PPT SERUNI Kota Semarang',
      inst.get('centre') ?? null,
    );
    let previous: string | undefined;
    for (const d of SERUNI_DECREES) {
      const appointees: AppointeeInput[] = [];
      for (const a of d.appointees) {
        appointees.push({
          fullName: a.name,
          jobTitle: a.jobTitle,
          institutionId: a.institution ? (inst.get(a.institution) ?? null) : null,
          userId: await userId(a.user),
          role: a.role,
        });
      }
      previous = await this.decree(seruni, {
        number: d.number,
        date: d.date,
        kind: d.kind,
        title: d.title,
        issuerKind: 'mayor',
        appointees,
        replaces: previous,
      });
    }
    const awards = await this.trainings.listAwards({ page: 1, pageSize: 100, regionId: semarang });
    if (!awards.items.some((a) => a.year === 2012)) {
      await this.trainings.createAward({
        regionId: semarang,
        year: 2012,
        level: 'madya',
        givenBy: 'Kementerian Pemberdayaan Perempuan dan Perlindungan Anak',
        notes: 'Penghargaan atas komitmen dan pelaksanaan strategi PUG, PP dan PA.',
      });
      created++;
    }

    // ---- Kupang ----------------------------------------------------------------------------------------
    const kupang = await this.region('Kota Kupang');
    if (!(await this.regions.roster(kupang)).length) {
      const region = await this.regions.get(kupang);
      await this.regions.setRoster(
        kupang,
        region.version,
        KUPANG_SKPD.map((s) => ({ institutionId: inst.get(s.key)!, pugRole: s.role })),
      );
      created++;
    }
    // Pokja PUG and technical team: to be formed in October 2012 (no decree recorded).
    await this.body(kupang, 'pokja_pug', 'Pokja PUG Kota Kupang');
    await this.body(kupang, 'technical_team', 'Tim Teknis PUG Kota Kupang');
    let day = 10;
    for (const s of KUPANG_SKPD) {
      const skpd = inst.get(s.key)!;
      const body = await this.body(kupang, 'focal_point_team', `Tim Focal Point PUG ${s.name}`, skpd);
      await this.decree(body, {
        number: `800/FP-PUG/${s.short}/IX/2012 (demo)`,
        date: `2012-09-${String(day++).padStart(2, '0')}`,
        kind: 'formation',
        title: `Pembentukan Tim Focal Point Pengarusutamaan Gender ${s.name}`,
        issuerKind: 'skpd_head',
        issuerInstitutionId: skpd,
        appointees: [
          {
            fullName: `Kepala ${s.short} (demo)`,
            jobTitle: `Kepala ${s.short}`,
            institutionId: skpd,
            role: 'person_in_charge',
          },
          {
            fullName: `Staf Perencanaan ${s.short} (demo)`,
            jobTitle: 'Kepala Subbagian Perencanaan',
            institutionId: skpd,
            role: 'focal_point',
          },
        ],
      });
    }
    const planTitle = 'Rencana Aksi KSGP 2010 (Kajian Sosial Gender Partisipatoris) Kota Kupang';
    const existingPlans = await this.plans.list({ page: 1, pageSize: 100, regionId: kupang });
    if (!existingPlans.items.some((p) => p.plan.title === planTitle)) {
      const plan = await this.plans.create({
        regionId: kupang,
        source: 'ksgp',
        title: planTitle,
        year: 2010,
        description:
          'KSGP 2010 di SKPD mitra AIPMNH: penyusunan kebijakan, program dan penganggaran belum mengintegrasikan gender. Kegiatan rencana aksi mulai dilakukan pada 2011.',
        items: [
          ...KUPANG_SKPD.map((s) => ({
            description: `Pembentukan Tim Focal Point PUG di ${s.name}`,
            ownerInstitutionId: inst.get(s.key)!,
            deadline: '2011-12-31',
            indicator: 'SK Tim Focal Point PUG ditetapkan kepala SKPD',
          })),
          {
            description: 'Pembentukan Pokja PUG dan Tim Teknis di tingkat Pemerintah Kota Kupang',
            ownerInstitutionId: inst.get('kpg_bappeda')!,
            deadline: '2011-12-31',
            indicator: 'SK Wali Kota tentang Pokja PUG dan Tim Teknis',
          },
          {
            description:
              'Penyadaran Gender dan Pelatihan Perencanaan Responsif Gender (PPRG) bagi Tim Focal Point PUG',
            ownerInstitutionId: inst.get('kpg_pppa')!,
            deadline: '2012-12-31',
            indicator: 'Tim Focal Point keenam SKPD terlatih',
          },
        ],
      });
      const detail = await this.plans.get(plan.id);
      const fpItems = detail.items.slice(0, KUPANG_SKPD.length).map((i) => i.item.id);
      const pokjaItem = detail.items[KUPANG_SKPD.length].item.id;
      const trainingItem = detail.items[KUPANG_SKPD.length + 1].item.id;
      await this.plans.createRound(
        plan.id,
        {
          startDate: '2012-08-13',
          endDate: '2012-08-15',
          facilitators: [
            'Kepala Bagian Pemberdayaan Perempuan dan Perlindungan Anak Setda Kota Kupang',
            'Technical Adviser Gender AIPMNH (dua orang)',
            'District Program Coordinator AIPMNH Kota Kupang',
            'District Gender Coordinator AIPMNH Kota Kupang',
          ],
          findings:
            'Pemahaman tentang gender dan PUG masih lemah di tingkat aparatur, dan pelembagaan PUG di Kota Kupang juga masih lemah. Pembentukan Gender Focal Point di keenam SKPD mitra AIPMNH belum dilakukan. Program dan kegiatan yang didukung AIPMNH sejak 2011 sudah mulai merujuk pada Rencana Aksi KSGP 2010.',
          updates: [...fpItems, pokjaItem, trainingItem].map((itemId) => ({
            itemId,
            status: 'not_started' as const,
          })),
          agreements: [
            ...KUPANG_SKPD.map((s, i) => ({
              description: `${s.name} mengeluarkan SK tentang Pembentukan Tim Focal Point PUG; kepala SKPD menjadi penanggung jawab`,
              itemId: fpItems[i],
              newDeadline: '2012-09-17',
              ownerInstitutionId: inst.get(s.key)!,
            })),
            {
              description: 'Pokja PUG dan Tim Teknis dibentuk pada Oktober 2012',
              itemId: pokjaItem,
              newDeadline: '2012-10-31',
              ownerInstitutionId: inst.get('kpg_bappeda')!,
            },
            {
              description:
                'Penyadaran Gender dan Pelatihan PPRG bagi Tim Focal Point PUG, setelah Pokja PUG dan Tim Teknis terbentuk',
              itemId: trainingItem,
              ownerInstitutionId: inst.get('kpg_pppa')!,
            },
          ],
        },
        null,
      );
      // The seed reports the six decrees made by the time of writing: a follow-up check records it.
      await this.plans.createRound(
        plan.id,
        {
          startDate: '2012-09-17',
          facilitators: ['Bagian Pemberdayaan Perempuan dan Perlindungan Anak Setda Kota Kupang'],
          findings:
            'SK Tim Focal Point PUG telah dibuat oleh keenam SKPD mitra (demo: pemeriksaan tindak lanjut).',
          updates: fpItems.map((itemId) => ({ itemId, status: 'done' as const })),
          agreements: [],
        },
        null,
      );
      created++;
    }
    const kupangTrainings = await this.trainings.list({ page: 1, pageSize: 100, regionId: kupang });
    if (!kupangTrainings.items.length) {
      await this.trainings.create({
        regionId: kupang,
        kind: 'pprg',
        title: 'Penyadaran Gender dan Pelatihan PPRG bagi Tim Focal Point PUG (demo)',
        startDate: '2012-11-20',
        endDate: '2012-11-22',
        place: 'Kupang',
        organiserInstitutionId: inst.get('kpg_pppa')!,
        participants: KUPANG_SKPD.map((s, i) => ({
          institutionId: inst.get(s.key)!,
          female: 2 + (i % 2),
          male: 1 + (i % 3),
        })),
      });
      created++;
    }

    // ---- programme: community groups and prevention (Semarang's districts) -----------------------------
    for (const g of GROUPS_DEMO) {
      if (await this.groups.findByName(g.name)) continue;
      await this.groups.create({
        kind: g.kind,
        name: g.name,
        district: g.district,
        area: g.area ?? null,
        institutionId: g.institution ? (inst.get(g.institution) ?? null) : null,
      });
      created++;
    }
    const year = yearOf(this.clock) - 1;
    const already = new Set(
      (
        await this.prevention.list({ page: 1, pageSize: 100, from: `${year}-01-01`, to: `${year}-12-31` })
      ).items.map((a) => a.title),
    );
    const districts = await this.prevention.districts();
    for (const p of PREVENTION_DEMO) {
      if (already.has(p.title) || !districts.includes(p.district)) continue;
      const [femaleChildren, maleChildren, femaleAdults, maleAdults] = p.counts;
      await this.prevention.create(
        {
          kind: p.kind,
          title: p.title,
          activityDate: `${year}-${p.monthDay}`,
          district: p.district,
          femaleChildren,
          maleChildren,
          femaleAdults,
          maleAdults,
          reach: p.reach,
          partnerInstitutionIds: p.partners.map((k) => inst.get(k)!).filter(Boolean),
        },
        null,
      );
      created++;
    }
    const posyandu = await this.groups.findByName('Posyandu Melati (demo)');
    if (posyandu) {
      const activities = await this.groups.activities(posyandu.id, { page: 1, pageSize: 1 });
      if (!activities.total) {
        await this.groups.addActivity(
          posyandu.id,
          {
            kind: 'prevention',
            title: 'Penyuluhan pencegahan kekerasan saat hari posyandu (demo)',
            activityDate: `${year}-04-15`,
            participants: 30,
          },
          null,
        );
        created++;
      }
    }
    return created;
  }
}
