import { Injectable } from '@nestjs/common';
import { toAuthContext } from '../platform/auth/session.service';
import { CasesService } from '../case/cases.service';
import { CaseFlagsService } from '../case/flags/case-flags.service';
import { CreateCaseDto } from '../case/dto/case.dto';
import { IntakeService } from '../case/intake.service';
import { TransitionName } from '../case/workflow/case-workflow';
import { CaseWorkflowService } from '../case/workflow/case-workflow.service';
import { Clock } from '../platform/common/clock';
import { AuthContext } from '../platform/common/request-context';
import { ConferencesService } from '../steps/conference/conferences.service';
import { CounselingService } from '../steps/counseling/counseling.service';
import { ShelterService } from '../steps/shelter/shelter.service';
import { SupportServicesService } from '../steps/support/support-services.service';
import { UsersService } from '../users/users.service';
import { addDays, todayOf } from '../platform/common/dates';

/** The stage each demo case is brought to, through the real workflow (never by writing `stage`). */
type DemoStage =
  'intake' | 'initial_counseling' | 'sheltered' | 'in_support' | 'case_conference' | 'closed' | 'reopened';

interface DemoCase {
  stage: DemoStage;
  counselor: 'counselor' | 'counselor2';
  daysAgo: number;
  victim: {
    fullName: string;
    sex: 'female' | 'male';
    birthDate?: string;
    estimatedAge?: number;
    district: string;
    occupation?: string;
  };
  perpetrator: { sex: 'male' | 'female'; age: number; relationship: string; name: string };
  incident: { placeType: string; violenceTypes: string[]; gbvApplies: string[]; narrative: string };
  channel: string;
  /** Flags the counselor sets once assigned (kinds of the default settings list). */
  flags?: { kind: string; reason: string }[];
}

/** Invented people and stories; any resemblance to real persons is accidental. */
const CASES: DemoCase[] = [
  {
    stage: 'intake',
    counselor: 'counselor',
    daysAgo: 1,
    channel: 'phone',
    victim: {
      fullName: 'Nur Aini Pratiwi',
      sex: 'female',
      birthDate: '1991-03-12',
      district: 'Pedurungan',
      occupation: 'housewife',
    },
    perpetrator: { sex: 'male', age: 36, relationship: 'spouse', name: 'Hendra Wijaya' },
    incident: {
      placeType: 'household',
      violenceTypes: ['psychological'],
      gbvApplies: ['psychological_abuse'],
      narrative: 'Pelapor menelepon hotline: suami sering mengancam dan melarang keluar rumah.',
    },
  },
  {
    stage: 'initial_counseling',
    counselor: 'counselor',
    daysAgo: 6,
    channel: 'walk_in',
    victim: {
      fullName: 'Dwi Lestari Anggraeni',
      sex: 'female',
      birthDate: '1987-08-02',
      district: 'Tembalang',
      occupation: 'labourer',
    },
    perpetrator: { sex: 'male', age: 41, relationship: 'spouse', name: 'Agus Salim' },
    flags: [
      {
        kind: 'disability_access',
        reason: 'Korban memakai kruk setelah kecelakaan kerja; butuh ruang di lantai dasar.',
      },
    ],
    incident: {
      placeType: 'household',
      violenceTypes: ['physical', 'psychological'],
      gbvApplies: ['physical_assault', 'psychological_abuse'],
      narrative: 'Korban datang sendiri dengan memar di lengan setelah dipukul suami.',
    },
  },
  {
    stage: 'sheltered',
    counselor: 'counselor',
    daysAgo: 12,
    channel: 'institution_referral',
    victim: {
      fullName: 'Maya Kusumawati',
      sex: 'female',
      birthDate: '1995-11-20',
      district: 'Semarang Utara',
      occupation: 'employee',
    },
    perpetrator: { sex: 'male', age: 33, relationship: 'former_spouse', name: 'Rudi Hartono' },
    flags: [
      { kind: 'perpetrator_dangerous', reason: 'Mantan suami membawa senjata tajam dan mengancam membunuh.' },
    ],
    incident: {
      placeType: 'household',
      violenceTypes: ['physical', 'psychological'],
      gbvApplies: ['physical_assault'],
      narrative: 'Mantan suami datang ke rumah membawa senjata tajam dan mengancam akan membunuh korban.',
    },
  },
  {
    stage: 'in_support',
    counselor: 'counselor2',
    daysAgo: 20,
    channel: 'whatsapp',
    victim: { fullName: 'Putri Ayu Rahmadani', sex: 'female', birthDate: '2010-05-30', district: 'Ngaliyan' },
    perpetrator: { sex: 'male', age: 52, relationship: 'neighbour', name: 'Slamet Riyadi' },
    flags: [{ kind: 'media_attention', reason: 'Wartawan koran lokal menanyakan kasus ini ke kelurahan.' }],
    incident: {
      placeType: 'other',
      violenceTypes: ['sexual'],
      gbvApplies: ['sexual_assault'],
      narrative: 'Ibu korban melapor lewat WhatsApp: anaknya dilecehkan tetangga saat pulang sekolah.',
    },
  },
  {
    stage: 'case_conference',
    counselor: 'counselor',
    daysAgo: 30,
    channel: 'outreach',
    victim: { fullName: 'Sri Wahyuningsih', sex: 'female', estimatedAge: 17, district: 'Genuk' },
    perpetrator: { sex: 'female', age: 45, relationship: 'employer', name: 'Ibu Ratna' },
    incident: {
      placeType: 'workplace',
      violenceTypes: ['exploitation', 'trafficking'],
      gbvApplies: ['denial_of_resources'],
      narrative: 'Ditemukan saat penjangkauan: bekerja tanpa upah dan dokumen identitas ditahan majikan.',
    },
  },
  {
    stage: 'closed',
    counselor: 'counselor2',
    daysAgo: 60,
    channel: 'letter',
    victim: {
      fullName: 'Ani Suryani',
      sex: 'female',
      birthDate: '1979-01-15',
      district: 'Banyumanik',
      occupation: 'self_employed',
    },
    perpetrator: { sex: 'male', age: 47, relationship: 'spouse', name: 'Bambang Sutrisno' },
    incident: {
      placeType: 'household',
      violenceTypes: ['neglect', 'psychological'],
      gbvApplies: ['denial_of_resources'],
      narrative: 'Suami tidak memberi nafkah selama enam bulan dan menelantarkan keluarga.',
    },
  },
  {
    stage: 'reopened',
    counselor: 'counselor',
    daysAgo: 90,
    channel: 'walk_in',
    victim: {
      fullName: 'Yuliana Kartika Sari',
      sex: 'female',
      birthDate: '1999-07-07',
      district: 'Candisari',
      occupation: 'student',
    },
    perpetrator: { sex: 'male', age: 27, relationship: 'partner', name: 'Doni Prasetyo' },
    incident: {
      placeType: 'online',
      violenceTypes: ['sexual', 'psychological'],
      gbvApplies: ['sexual_assault', 'psychological_abuse'],
      narrative: 'Mantan pacar menyebarkan foto pribadi korban di media sosial dan mengancam.',
    },
  },
];

const ORDER: DemoStage[] = [
  'intake',
  'initial_counseling',
  'sheltered',
  'in_support',
  'case_conference',
  'closed',
  'reopened',
];

/** Demo cases in every stage the workflow reaches without referrals, built through the services. */
@Injectable()
export class DemoCasesSeeder {
  constructor(
    private readonly users: UsersService,
    private readonly intake: IntakeService,
    private readonly cases: CasesService,
    private readonly workflow: CaseWorkflowService,
    private readonly counseling: CounselingService,
    private readonly shelter: ShelterService,
    private readonly support: SupportServicesService,
    private readonly conferences: ConferencesService,
    private readonly flags: CaseFlagsService,
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

  /** Returns how many cases it created (0 when the database already has cases). */
  async run(): Promise<number> {
    const coordinator = await this.actor('coordinator');
    if ((await this.cases.list(coordinator, { page: 1, pageSize: 1 })).total > 0) return 0;
    const frontdesk = await this.actor('frontdesk');
    const houses = await this.shelter.listSafeHouses({ page: 1, pageSize: 1 });
    const house =
      houses.items[0] ??
      (await this.shelter.createSafeHouse({
        name: 'Rumah Melati',
        capacity: 6,
        address: 'Alamat rahasia (demo)',
      } as any));
    let created = 0;
    for (const demo of CASES) {
      const counselor = await this.actor(demo.counselor);
      const received = this.day(demo.daysAgo);
      const dto: CreateCaseDto = {
        channel: demo.channel,
        receivedAt: received,
        victim: { ...demo.victim, phone: '0812' + String(10000000 + created * 7919).slice(0, 8) } as any,
        perpetrators: [demo.perpetrator],
        incident: { ...demo.incident, date: this.day(demo.daysAgo + 2) },
      };
      if (demo.channel === 'institution_referral') {
        // Referred by the police unit of the demo partner network.
        const police = await this.users.findByUsername('police');
        dto.referringInstitutionId = police?.institutionId ?? undefined;
        if (!dto.referringInstitutionId) dto.channel = 'walk_in';
      }
      const c = await this.intake.register(frontdesk, dto);
      created++;
      const target = ORDER.indexOf(demo.stage);
      let version = c.version;
      const fire = async (
        who: AuthContext,
        transition: TransitionName,
        input: Record<string, unknown> = {},
      ) => {
        version = (await this.workflow.fire(who, c.id, transition, version, input)).version;
      };
      if (target < ORDER.indexOf('initial_counseling')) continue;
      version = (await this.cases.assignCounselor(coordinator, c.id, counselor.userId, version)).version;
      for (const flag of demo.flags ?? []) await this.flags.set(counselor, c.id, flag);
      await fire(counselor, 'start_counseling');
      await this.counseling.addSession(counselor, c.id, {
        heldAt: this.day(demo.daysAgo - 1),
        durationMinutes: 60,
        notes: 'Konseling awal: korban menceritakan kejadian, kebutuhan keamanan dibahas.',
      });
      if (demo.stage === 'initial_counseling') continue;
      if (demo.stage === 'sheltered') {
        await this.counseling.addRiskAssessment(counselor, c.id, {
          assessedAt: this.day(demo.daysAgo - 1),
          threatToLife: true,
          riskLevel: 'critical',
          factors: ['weapon', 'threats_to_kill'],
          notes: 'Pelaku membawa senjata tajam; korban tidak aman di rumah.',
        });
        await fire(counselor, 'admit_to_shelter', { safeHouseId: house.id, plannedDays: 21 });
        continue;
      }
      await fire(counselor, 'start_support');
      await this.support.create(counselor, c.id, {
        type: 'psychological',
        plannedDate: this.day(demo.daysAgo - 3),
        notes: 'Pendampingan psikolog.',
      });
      if (demo.stage === 'in_support') continue;
      if (demo.stage === 'case_conference') {
        await this.conferences.create(coordinator, c.id, {
          heldAt: this.day(demo.daysAgo - 5),
          attendees: { staffUserIds: [coordinator.userId, counselor.userId], institutionIds: [], others: [] },
          agenda: 'Rencana pemulangan dan pemulihan korban.',
          minutes: 'Tim sepakat korban membutuhkan pendampingan hukum dan dokumen identitas baru.',
          decisions: ['Ajukan pendampingan hukum', 'Urus dokumen kependudukan'],
          actionItems: [
            {
              description: 'Hubungi LBH untuk pendampingan',
              ownerUserId: counselor.userId,
              dueDate: this.day(demo.daysAgo - 12),
            },
          ],
        } as any);
        await fire(coordinator, 'convene_conference');
        continue;
      }
      await fire(coordinator, 'close', { closureReason: 'resolved' });
      if (demo.stage === 'reopened')
        await fire(coordinator, 'reopen', { reason: 'Korban kembali melapor ancaman baru.' });
    }
    return created;
  }
}
