import { Injectable } from '@nestjs/common';
import { toAuthContext } from '../platform/auth/session.service';
import { CasesService } from '../case/cases.service';
import { IntakeService } from '../case/intake.service';
import { CaseWorkflowService } from '../case/workflow/case-workflow.service';
import { ChronologyService, EntryInput } from '../chronology/chronology.service';
import { Clock } from '../platform/common/clock';
import { AuthContext } from '../platform/common/request-context';
import { CounselingService } from '../steps/counseling/counseling.service';
import { SupportServicesService } from '../steps/support/support-services.service';
import { UsersService } from '../users/users.service';
import { addDays, todayOf } from '../platform/common/dates';

/** Invented; any resemblance to real persons is accidental. The NIK marks the demo case (idempotence). */
const VICTIM = {
  fullName: 'Ratih Purnamasari',
  nik: '3374114408880003',
  sex: 'female',
  birthDate: '1988-08-04',
  address: 'Jl. Srikaton Timur No. 21, Tlogosari Kulon, Pedurungan',
  district: 'Pedurungan',
  phone: '081325478190',
  education: 'senior_secondary',
  occupation: 'self_employed',
  maritalStatus: 'married',
};
const PERPETRATOR = { sex: 'male', age: 42, relationship: 'spouse', name: 'Yudi Hermawan' };

/**
 * The incident chronology as Ratih told it over several sessions: two years of control, threats and
 * beatings, each entry at the date she remembers it (some only by month), one corrected later.
 * Days are counted back from the seeding day so the chronology stays in the past.
 */
type DemoEntry = Omit<EntryInput, 'date' | 'dateEnd'> &
  /** A month the victim remembers (`monthsAgo`, optionally until `untilMonthsAgo`), or an exact day. */
  ({ monthsAgo: number; untilMonthsAgo?: number } | { daysAgo: number });

const ENTRIES: DemoEntry[] = [
  {
    monthsAgo: 30,
    untilMonthsAgo: 24,
    place: 'Rumah kontrakan di Tlogosari',
    description:
      'Setelah usaha katering korban mulai ramai, suami meminta seluruh uang hasil jualan diserahkan kepadanya. Korban hanya diberi uang belanja harian dan harus menunjukkan nota setiap malam.',
  },
  {
    monthsAgo: 22,
    place: 'Rumah',
    description:
      'Suami mulai memeriksa ponsel korban setiap hari dan menghapus nomor teman-teman korban. Korban dilarang ikut arisan RT tanpa izin.',
  },
  {
    daysAgo: 545,
    time: '22:30',
    place: 'Kamar tidur',
    description:
      'Suami pulang dalam keadaan marah karena korban terlambat menjemput anak. Suami menampar pipi kiri korban dua kali dan membanting ponsel korban hingga rusak.',
  },
  {
    monthsAgo: 14,
    place: 'Rumah orang tua korban di Genuk',
    description:
      'Korban pergi ke rumah orang tuanya selama seminggu. Suami datang menjemput, meminta maaf di depan keluarga, dan berjanji tidak akan memukul lagi.',
  },
  {
    daysAgo: 268,
    time: '19:00',
    place: 'Dapur',
    description:
      'Saat bertengkar soal biaya sekolah anak, suami mendorong korban hingga terjatuh dan tangan kanan korban terkena wajan panas. Korban tidak berobat karena dilarang keluar rumah.',
  },
  {
    monthsAgo: 6,
    untilMonthsAgo: 3,
    place: 'Rumah',
    description:
      'Hampir setiap minggu suami mengancam akan mengambil anak dan mengusir korban jika korban melapor ke siapa pun. Suami mengunci pintu depan dari luar ketika pergi bekerja.',
  },
  {
    daysAgo: 70,
    time: '23:15',
    place: 'Ruang tamu',
    description:
      'Suami menuduh korban menyembunyikan uang, mencekik leher korban beberapa detik, lalu memukul punggungnya dengan gagang sapu. Anak sulung (12 tahun) melihat kejadian dan menangis.',
  },
  {
    daysAgo: 69,
    time: '08:00',
    place: 'Puskesmas Tlogosari Kulon',
    description:
      'Korban berobat diam-diam ditemani tetangga. Petugas puskesmas mencatat memar di leher dan punggung dan menyarankan korban menghubungi layanan pengaduan.',
  },
  {
    daysAgo: 40,
    time: '21:00',
    place: 'Rumah',
    description:
      'Suami mengancam akan membakar dagangan korban jika korban pergi lagi ke rumah orang tuanya. Korban menyimpan pesan suara ancaman itu di ponsel tetangga.',
  },
  {
    daysAgo: 12,
    time: '06:30',
    place: 'Depan rumah',
    description:
      'Setelah suami berangkat kerja, korban membawa kedua anaknya ke rumah kakaknya dan hari itu juga datang ke pusat layanan untuk mengadu.',
  },
];

/**
 * The demo case with a long chronology (`npm run seed:demo`): intake, counseling, a risk assessment,
 * support services, ten incident entries as the victim told them and one correction — all through
 * the services, so the case history (and its hash chain) is real. Runs once: a second run finds the
 * case by its NIK and does nothing.
 */
@Injectable()
export class DemoChronologySeeder {
  constructor(
    private readonly users: UsersService,
    private readonly intake: IntakeService,
    private readonly cases: CasesService,
    private readonly workflow: CaseWorkflowService,
    private readonly counseling: CounselingService,
    private readonly support: SupportServicesService,
    private readonly chronology: ChronologyService,
    private readonly clock: Clock,
  ) {}

  private async actor(username: string): Promise<AuthContext> {
    const user = await this.users.findByUsername(username);
    if (!user) throw new Error(`demo user ${username} is missing`);
    return toAuthContext(user, 'demo-seed');
  }

  private day(daysAgo: number): string {
    return addDays(todayOf(this.clock), -daysAgo);
  }

  /** The month `monthsAgo` months back, as `YYYY-MM`. */
  private month(monthsAgo: number): string {
    const [y, m] = todayOf(this.clock).split('-').map(Number);
    const months = y * 12 + (m - 1) - monthsAgo;
    return `${Math.floor(months / 12)}-${String((months % 12) + 1).padStart(2, '0')}`;
  }

  private when(e: DemoEntry): Pick<EntryInput, 'date' | 'dateEnd'> {
    if ('daysAgo' in e) return { date: this.day(e.daysAgo), dateEnd: null };
    return {
      date: this.month(e.monthsAgo),
      dateEnd: e.untilMonthsAgo !== undefined ? this.month(e.untilMonthsAgo) : null,
    };
  }

  /** Creates the case; returns its number, or null when it already exists. */
  async run(): Promise<string | null> {
    if (await this.intake.hasEarlierRecord({ nik: VICTIM.nik })) return null;
    const frontdesk = await this.actor('frontdesk');
    const counselor = await this.actor('counselor');
    const coordinator = await this.actor('coordinator');
    const c = await this.intake.register(frontdesk, {
      channel: 'walk_in',
      receivedAt: this.day(12),
      victim: VICTIM,
      perpetrators: [PERPETRATOR],
      incident: {
        date: this.day(32),
        placeType: 'household',
        location: 'Rumah korban di Pedurungan',
        violenceTypes: ['physical', 'psychological', 'neglect'],
        gbvApplies: ['physical_assault', 'psychological_abuse', 'denial_of_resources'],
        narrative:
          'Korban datang bersama dua anaknya setelah bertahun-tahun dipukul, diancam dan dikekang suami.',
      },
    } as any);
    let version = (await this.cases.assignCounselor(coordinator, c.id, counselor.userId, c.version)).version;
    version = (await this.workflow.fire(counselor, c.id, 'start_counseling', version, {})).version;
    await this.counseling.addSession(counselor, c.id, {
      heldAt: this.day(12),
      durationMinutes: 90,
      notes:
        'Konseling awal: korban menceritakan kekerasan sejak dua tahun lalu; kebutuhan keamanan anak dibahas.',
    });
    await this.counseling.addRiskAssessment(counselor, c.id, {
      assessedAt: this.day(12),
      threatToLife: false,
      riskLevel: 'high',
      factors: [],
      notes: 'Pencekikan dua bulan lalu; korban dan anak kini tinggal di rumah kakak korban.',
    });
    const [first, ...rest] = ENTRIES;
    const add = (e: DemoEntry) =>
      this.chronology.addEntry(counselor, c.id, {
        ...this.when(e),
        time: e.time ?? null,
        place: e.place ?? null,
        description: e.description,
      });
    const recorded = await add(first);
    for (const e of rest.slice(0, 6)) await add(e);
    await this.counseling.addSession(counselor, c.id, {
      heldAt: this.day(8),
      durationMinutes: 60,
      notes: 'Sesi kedua: korban melanjutkan ceritanya; rencana keselamatan disusun bersama.',
    });
    await this.workflow.fire(counselor, c.id, 'start_support', version, {});
    await this.support.create(counselor, c.id, {
      type: 'medical',
      plannedDate: this.day(7),
      notes: 'Visum et repertum di RSUD untuk memar leher dan punggung.',
    } as any);
    await this.support.create(counselor, c.id, {
      type: 'legal',
      plannedDate: this.day(2),
      notes: 'Konsultasi dengan advokat untuk laporan polisi dan gugatan cerai.',
    } as any);
    for (const e of rest.slice(6)) await add(e);
    await this.chronology.correctEntry(counselor, c.id, recorded.id, {
      date: this.month(32),
      dateEnd: this.month(24),
      place: first.place,
      description:
        'Sejak usaha katering korban mulai ramai, suami meminta seluruh uang hasil jualan diserahkan kepadanya. Korban hanya diberi uang belanja harian dan harus menunjukkan nota setiap malam.',
      reason: 'Pada sesi kedua korban ingat bahwa hal ini dimulai dua bulan lebih awal, sebelum Lebaran.',
    });
    await this.counseling.addSession(counselor, c.id, {
      heldAt: this.day(3),
      durationMinutes: 60,
      notes: 'Sesi ketiga: persiapan pendampingan hukum; korban siap melapor ke polisi.',
    });
    return c.number;
  }
}
