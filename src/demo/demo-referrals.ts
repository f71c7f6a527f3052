import { Injectable } from '@nestjs/common';
import { toAuthContext } from '../platform/auth/session.service';
import { CasesService } from '../case/cases.service';
import { CreateCaseDto } from '../case/dto/case.dto';
import { IntakeService } from '../case/intake.service';
import { TransitionName } from '../case/workflow/case-workflow';
import { CaseWorkflowService } from '../case/workflow/case-workflow.service';
import { Clock } from '../platform/common/clock';
import { AuthContext } from '../platform/common/request-context';
import { CommunityService } from '../steps/community/community.service';
import { CounselingService } from '../steps/counseling/counseling.service';
import { InstitutionsService } from '../institutions/institutions.service';
import { ServiceRole } from '../institutions/service-roles';
import { PartnershipsService } from '../steps/partnerships/partnerships.service';
import { RecoveryService } from '../steps/partnerships/recovery.service';
import { ConsentInput, ConsentService } from '../steps/referral/consent.service';
import { PartnerReferralsService } from '../steps/referral/partner-referrals.service';
import { ReferralSettingsService } from '../steps/referral/referral-settings.service';
import { NewReferral, ReferralsService } from '../steps/referral/referrals.service';
import { UsersService } from '../users/users.service';
import { DEMO_INSTITUTIONS } from './demo-data';
import { addDays, todayOf } from '../platform/common/dates';

const DAY_MS = 86_400_000;

type Partner = 'police' | 'hospital' | 'legal' | 'social' | 'psychologist';

/** The service roles the referral demo needs of each partner institution, and of its demo team member. */
const INSTITUTION_ROLES: Partial<Record<Partner, ServiceRole[]>> = {
  police: ['law_enforcement', 'medico_legal'],
  hospital: ['medical', 'medico_legal'],
  legal: ['legal_aid'],
};
const MEMBER_ROLES: Partial<Record<Partner, ServiceRole[]>> = {
  police: ['law_enforcement', 'medico_legal'],
  hospital: ['medical', 'medico_legal'],
};

interface DemoVictim {
  fullName: string;
  nik: string;
  sex: 'female';
  birthDate: string;
  address: string;
  district: string;
  phone: string;
  occupation: string;
  maritalStatus: string;
}

interface NewDemoCase {
  counselor: 'counselor' | 'counselor2';
  daysAgo: number;
  channel: string;
  victim: DemoVictim;
  perpetrator: { sex: 'male'; age: number; relationship: string; name: string };
  incident: { placeType: string; violenceTypes: string[]; gbvApplies: string[]; narrative: string };
  session: string;
}

/** A referral as far as the next step needs it. */
type Versioned = { id: string; version: number };

interface Built {
  id: string;
  number: string;
  counselor: AuthContext;
}

/** Invented people and stories; any resemblance to real persons is accidental. */
const REFERRED: NewDemoCase = {
  counselor: 'counselor',
  daysAgo: 9,
  channel: 'walk_in',
  victim: {
    fullName: 'Fitri Handayani',
    nik: '3374064203930004',
    sex: 'female',
    birthDate: '1993-03-02',
    address: 'Jl. Slamet Riyadi Gg. III No. 7, Gayamsari',
    district: 'Gayamsari',
    phone: '081327640915',
    occupation: 'labourer',
    maritalStatus: 'married',
  },
  perpetrator: { sex: 'male', age: 35, relationship: 'spouse', name: 'Joko Susilo' },
  incident: {
    placeType: 'household',
    violenceTypes: ['physical', 'psychological'],
    gbvApplies: ['physical_assault', 'psychological_abuse'],
    narrative:
      'Korban dipukul di wajah dan ditendang suami setelah menolak menyerahkan gaji; korban ingin melapor ke polisi.',
  },
  session: 'Konseling awal: korban siap melapor; visum dan laporan polisi dibahas bersama.',
};

const RECOVERING: NewDemoCase = {
  counselor: 'counselor2',
  daysAgo: 0,
  channel: 'phone',
  victim: {
    fullName: 'Lilis Suryaningsih',
    nik: '3374105711890002',
    sex: 'female',
    birthDate: '1989-11-17',
    address: 'Jl. Kembangarum Raya No. 40, Semarang Barat',
    district: 'Semarang Barat',
    phone: '085641208377',
    occupation: 'housewife',
    maritalStatus: 'divorced',
  },
  perpetrator: { sex: 'male', age: 38, relationship: 'former_spouse', name: 'Teguh Santoso' },
  incident: {
    placeType: 'household',
    violenceTypes: ['physical', 'neglect'],
    gbvApplies: ['physical_assault', 'denial_of_resources'],
    narrative:
      'Mantan suami datang ke rumah, memukul korban dengan tangan kosong dan tidak lagi memberi nafkah anak.',
  },
  session:
    'Konseling awal: luka di lengan perlu diperiksa; korban ingin kembali bekerja untuk menghidupi anak.',
};

const ENDED: NewDemoCase = {
  counselor: 'counselor',
  daysAgo: 16,
  channel: 'whatsapp',
  victim: {
    fullName: 'Rahma Wulandari',
    nik: '3374036809970001',
    sex: 'female',
    birthDate: '1997-09-28',
    address: 'Jl. Papandayan No. 12, Gajahmungkur',
    district: 'Gajahmungkur',
    phone: '089512347760',
    occupation: 'employee',
    maritalStatus: 'single',
  },
  perpetrator: { sex: 'male', age: 29, relationship: 'partner', name: 'Arif Nugroho' },
  incident: {
    placeType: 'household',
    violenceTypes: ['physical', 'sexual'],
    gbvApplies: ['sexual_assault', 'physical_assault'],
    narrative: 'Pacar korban memaksa berhubungan dan memukul korban ketika korban menolak.',
  },
  session: 'Konseling awal: korban masih ragu melapor; pemeriksaan kesehatan lebih dulu.',
};

const UNANSWERED: NewDemoCase = {
  counselor: 'counselor2',
  daysAgo: 0,
  channel: 'walk_in',
  victim: {
    fullName: 'Endah Puspitasari',
    nik: '3374155004840003',
    sex: 'female',
    birthDate: '1984-04-10',
    address: 'Jl. Randugarut No. 3, Tugu',
    district: 'Tugu',
    phone: '081229903145',
    occupation: 'self_employed',
    maritalStatus: 'married',
  },
  perpetrator: { sex: 'male', age: 44, relationship: 'spouse', name: 'Darmaji' },
  incident: {
    placeType: 'household',
    violenceTypes: ['psychological', 'physical'],
    gbvApplies: ['physical_assault', 'psychological_abuse'],
    narrative: 'Suami mengancam dengan parang dan mendorong korban hingga jatuh; korban ingin melapor.',
  },
  session: 'Konseling awal: korban meminta pendampingan melapor ke Unit PPA.',
};

/** How many days back the case whose referral went unanswered was registered and referred. */
const UNANSWERED_DAYS_AGO = 9;

/**
 * The referral, recovery and community demo (`npm run seed:demo`, after the other demo cases): new
 * cases brought through the real workflow to `referred` and to `recovery`, referrals in every state
 * of the referral track (awaiting approval, pending, overdue, accepted, in progress, completed,
 * declined, cancelled, revoked), a withdrawn consent, a partnership agreement (MoU) with a recovery
 * service under it, and a community volunteer watching over the recovered victim — all through the
 * services, never the repositories. Runs once: it does nothing when referrals already exist.
 */
@Injectable()
export class DemoReferralsSeeder {
  constructor(
    private readonly users: UsersService,
    private readonly institutions: InstitutionsService,
    private readonly intake: IntakeService,
    private readonly cases: CasesService,
    private readonly workflow: CaseWorkflowService,
    private readonly counseling: CounselingService,
    private readonly consents: ConsentService,
    private readonly referrals: ReferralsService,
    private readonly partner: PartnerReferralsService,
    private readonly partnerships: PartnershipsService,
    private readonly recovery: RecoveryService,
    private readonly community: CommunityService,
    private readonly referralSettings: ReferralSettingsService,
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

  /**
   * Runs `work` as if it were `daysAgo` days ago: the case in recovery gets a history spread over the
   * weeks it took, and a referral can be sent with a due date that has passed by now (the services
   * refuse a due date in the past). Everything else stays real — the same services, events and
   * notifications, only earlier. Steps of one case go forward in time, so its history stays in order.
   */
  private async asOf<T>(daysAgo: number, work: () => Promise<T>): Promise<T> {
    const clock = this.clock as { now: () => Date };
    const own = Object.getOwnPropertyDescriptor(clock, 'now');
    const real = clock.now.bind(clock);
    clock.now = () => new Date(real().getTime() - daysAgo * DAY_MS);
    try {
      return await work();
    } finally {
      if (own) Object.defineProperty(clock, 'now', own);
      else Reflect.deleteProperty(clock, 'now');
    }
  }

  /** Returns how many cases it created (0 when the database already has referrals). */
  async run(): Promise<number> {
    const coordinator = await this.actor('coordinator');
    if ((await this.referrals.list(coordinator, { page: 1, pageSize: 1 })).total > 0) return 0;
    const inst = await this.ensurePartners();
    const police = await this.actor('police');
    const hospital = await this.actor('hospital');

    // ---- a case referred to the police: visum in progress, the report accepted, legal aid awaiting approval
    const a = await this.build(REFERRED, coordinator);
    await this.consent(a, {
      serviceRoles: ['medico_legal', 'law_enforcement', 'legal_aid'],
      categories: ['identity', 'contact', 'incident_narrative'],
      givenOn: this.day(8),
    });
    let visum: Versioned = await this.refer(a, coordinator, {
      serviceRole: 'medico_legal',
      targetInstitutionId: inst.police,
      urgency: 'urgent',
      reason: 'Mohon permintaan visum et repertum atas luka di wajah dan punggung korban.',
      categories: ['identity', 'incident_narrative'],
    });
    visum = await this.partner.accept(police, visum.id, visum.version);
    visum = await this.partner.start(police, visum.id, visum.version);
    await this.partner.recordAction(police, visum.id, {
      actedOn: this.day(0),
      description: 'Surat permintaan visum dikirim ke RSUD; korban didampingi penyidik ke ruang PPT RSUD.',
    });
    const report = await this.refer(a, coordinator, {
      serviceRole: 'law_enforcement',
      targetInstitutionId: inst.police,
      urgency: 'routine',
      reason: 'Korban ingin membuat laporan polisi atas kekerasan oleh suami (UU PKDRT).',
      categories: ['identity', 'contact', 'incident_narrative'],
    });
    await this.partner.accept(police, report.id, report.version);
    await this.fire(a, a.counselor, 'refer');
    await this.withApproval(coordinator, () =>
      this.referrals.create(a.counselor, a.id, {
        serviceRole: 'legal_aid',
        targetInstitutionId: inst.legal,
        urgency: 'routine',
        reason: 'Pendampingan hukum untuk laporan polisi dan rencana gugatan cerai.',
        categories: ['identity', 'incident_narrative'],
      }),
    );

    // ---- a case in recovery, over six weeks: treated at the hospital, then a recovery plan under an
    // MoU, and now a kader watching over her at home
    const agreement = await this.agreement(coordinator, inst.social);
    const b = await this.asOf(45, async () => {
      const built = await this.build(RECOVERING, coordinator);
      await this.consent(built, {
        serviceRoles: ['medical', 'medico_legal'],
        categories: ['identity', 'incident_narrative', 'medical'],
        givenOn: this.day(0),
      });
      return built;
    });
    let treatment: Versioned = await this.asOf(45, () =>
      this.refer(b, coordinator, {
        serviceRole: 'medical',
        targetInstitutionId: inst.hospital,
        urgency: 'urgent',
        reason: 'Pemeriksaan dan perawatan luka memar di lengan kiri.',
        categories: ['identity', 'incident_narrative'],
      }),
    );
    await this.asOf(44, async () => {
      treatment = await this.partner.accept(hospital, treatment.id, treatment.version);
      treatment = await this.partner.start(hospital, treatment.id, treatment.version);
      await this.partner.recordAction(hospital, treatment.id, {
        actedOn: this.day(0),
        description: 'Korban diperiksa di IGD; luka dirawat dan kontrol ulang dijadwalkan seminggu lagi.',
      });
    });
    await this.asOf(37, async () => {
      await this.partner.complete(
        hospital,
        treatment.id,
        treatment.version,
        'service_provided',
        'Luka sembuh tanpa komplikasi; tidak perlu kontrol lagi.',
      );
      await this.fire(b, b.counselor, 'refer');
    });
    await this.asOf(30, async () => {
      await this.recovery.create(b.counselor, b.id, [
        'Korban kembali bekerja dan mampu menghidupi anaknya',
        'Korban dan anak tinggal di tempat yang aman',
      ]);
      await this.recovery.addService(b.counselor, b.id, {
        agreementId: agreement,
        service: 'vocational_training',
        startedOn: this.day(0),
        notes: 'Pelatihan menjahit di Balai Latihan Kerja, tiga bulan.',
      });
      await this.fire(b, b.counselor, 'start_recovery');
    });
    await this.recovery.addNote(b.counselor, b.id, {
      notedOn: this.day(0),
      note: 'Korban rutin mengikuti pelatihan; anak sudah kembali bersekolah.',
    });
    await this.consent(b, {
      serviceRoles: ['community_monitoring'],
      categories: ['identity', 'contact'],
      givenOn: this.day(0),
    });
    const volunteer = await this.volunteer();
    await this.community.assign(coordinator, b.id, {
      volunteerId: volunteer,
      instructions:
        'Kunjungi korban dua minggu sekali. Perhatikan bila mantan suami datang atau mengancam; hubungi konselor segera bila korban merasa tidak aman.',
      startedOn: this.day(0),
    });

    // ---- a case whose referrals ended: declined, cancelled, revoked; a consent withdrawn
    const c = await this.build(ENDED, coordinator);
    await this.fire(c, c.counselor, 'start_support');
    await this.consent(c, {
      serviceRoles: ['medical', 'medico_legal', 'law_enforcement'],
      categories: ['identity', 'incident_narrative', 'medical'],
      givenOn: this.day(15),
    });
    const checkup = await this.refer(c, coordinator, {
      serviceRole: 'medical',
      targetInstitutionId: inst.hospital,
      urgency: 'routine',
      reason: 'Pemeriksaan kesehatan reproduksi dan tes kehamilan.',
      categories: ['identity', 'medical'],
    });
    await this.partner.decline(
      hospital,
      checkup.id,
      checkup.version,
      'Poli kandungan sedang renovasi sampai akhir bulan; mohon dirujuk ke puskesmas terdekat.',
    );
    const complaint = await this.refer(c, coordinator, {
      serviceRole: 'law_enforcement',
      targetInstitutionId: inst.police,
      urgency: 'routine',
      reason: 'Korban mempertimbangkan laporan polisi.',
      categories: ['identity'],
    });
    await this.referrals.cancel(
      c.counselor,
      complaint.id,
      complaint.version,
      'Korban belum siap melapor dan meminta rujukan dibatalkan.',
    );
    let exam: Versioned = await this.refer(c, coordinator, {
      serviceRole: 'medico_legal',
      targetInstitutionId: inst.hospital,
      urgency: 'urgent',
      reason: 'Visum et repertum atas luka di lengan.',
      categories: ['identity', 'incident_narrative'],
    });
    exam = await this.partner.accept(hospital, exam.id, exam.version);
    await this.referrals.revoke(
      c.counselor,
      exam.id,
      exam.version,
      'Korban memilih diperiksa di rumah sakit lain yang lebih dekat dengan tempat kerjanya.',
    );
    const counselingConsent = await this.consent(c, {
      serviceRoles: ['psychological'],
      institutionIds: [inst.psychologist],
      categories: ['identity', 'counseling_notes'],
      givenOn: this.day(10),
    });
    await this.consents.withdraw(
      c.counselor,
      counselingConsent.id,
      counselingConsent.version,
      'Korban tidak ingin catatan konselingnya dibagikan kepada psikolog luar.',
    );

    // ---- a case whose referral to the police went unanswered past its due date, and a new one pending
    const e = await this.asOf(UNANSWERED_DAYS_AGO, async () => {
      const built = await this.build(UNANSWERED, coordinator);
      await this.consent(built, {
        serviceRoles: ['law_enforcement', 'medical'],
        categories: ['identity', 'contact', 'incident_narrative'],
        givenOn: this.day(0),
      });
      await this.refer(built, coordinator, {
        serviceRole: 'law_enforcement',
        targetInstitutionId: inst.police,
        urgency: 'routine',
        reason: 'Pendampingan membuat laporan polisi atas ancaman dengan senjata tajam.',
        categories: ['identity', 'incident_narrative'],
      });
      return built;
    });
    await this.referrals.markOverdue();
    await this.refer(e, coordinator, {
      serviceRole: 'medical',
      targetInstitutionId: inst.hospital,
      urgency: 'urgent',
      reason: 'Pemeriksaan memar di punggung dan keluhan nyeri dada.',
      categories: ['identity', 'incident_narrative'],
    });
    return [a, b, c, e].length;
  }

  // ---- steps ---------------------------------------------------------------------------------------

  /** The demo partners provide (and their demo members handle) the roles the referrals need. */
  private async ensurePartners(): Promise<Record<Partner, string>> {
    const ids = {} as Record<Partner, string>;
    for (const key of ['police', 'hospital', 'legal', 'social', 'psychologist'] as Partner[]) {
      const name = DEMO_INSTITUTIONS.find((i) => i.key === key)!.name;
      const found = await this.institutions.findByName(name);
      if (!found) throw new Error(`demo institution ${key} is missing`);
      ids[key] = found.id;
      const needed = INSTITUTION_ROLES[key] ?? [];
      const has = found.serviceRoles ?? [];
      if (needed.some((r) => !has.includes(r)))
        await this.institutions.update(found.id, {
          version: found.version,
          serviceRoles: [...new Set([...has, ...needed])],
        });
    }
    const admin = await this.actor('admin');
    for (const [username, needed] of Object.entries(MEMBER_ROLES)) {
      const user = await this.users.findByUsername(username);
      if (!user) throw new Error(`demo user ${username} is missing`);
      const has = user.serviceRoles ?? [];
      if (needed.some((r) => !has.includes(r)))
        await this.users.update(admin, user.id, {
          version: user.version,
          serviceRoles: [...new Set([...has, ...needed])],
        });
    }
    return ids;
  }

  /** Registers the case, has it assigned and brings it to initial counseling with one session. */
  private async build(demo: NewDemoCase, coordinator: AuthContext): Promise<Built> {
    const frontdesk = await this.actor('frontdesk');
    const counselor = await this.actor(demo.counselor);
    const dto: CreateCaseDto = {
      channel: demo.channel,
      receivedAt: this.day(demo.daysAgo),
      victim: demo.victim as CreateCaseDto['victim'],
      perpetrators: [demo.perpetrator],
      incident: { ...demo.incident, date: this.day(demo.daysAgo + 1) },
    };
    const created = await this.intake.register(frontdesk, dto);
    const built = { id: created.id, number: created.number, counselor };
    await this.cases.assignCounselor(coordinator, created.id, counselor.userId, created.version);
    await this.fire(built, counselor, 'start_counseling');
    await this.counseling.addSession(counselor, created.id, {
      heldAt: this.day(demo.daysAgo),
      durationMinutes: 60,
      notes: demo.session,
    });
    return built;
  }

  private async fire(c: Built, who: AuthContext, transition: TransitionName): Promise<void> {
    const { version } = await this.cases.detail(who, c.id);
    await this.workflow.fire(who, c.id, transition, version, {});
  }

  /** A verbal consent of the victim, before a colleague as witness. */
  private consent(
    c: Built,
    scope: Pick<ConsentInput, 'serviceRoles' | 'categories' | 'givenOn'> & { institutionIds?: string[] },
  ) {
    return this.consents.record(c.counselor, c.id, {
      givenBy: 'victim',
      method: 'verbal',
      witnessName: 'Ratna Dewi (demo)',
      institutionIds: [],
      ...scope,
    });
  }

  /** A referral by the case's counselor; approved by the coordinator if the centre requires approval. */
  private async refer(c: Built, coordinator: AuthContext, input: NewReferral) {
    const r = await this.referrals.create(c.counselor, c.id, input);
    return r.status === 'awaiting_approval' ? this.referrals.approve(coordinator, r.id, r.version) : r;
  }

  /** Runs `work` while the centre requires a coordinator's approval, then restores the setting. */
  private async withApproval<T>(coordinator: AuthContext, work: () => Promise<T>): Promise<T> {
    const settings = this.referralSettings;
    const before = await settings.get();
    if (before.approvalRequired) return work();
    const on = await settings.update(coordinator, { approvalRequired: true }, before.version);
    try {
      return await work();
    } finally {
      await settings.update(coordinator, { approvalRequired: false }, on.version);
    }
  }

  /** The MoU with the social service for economic recovery (reused when it exists). */
  private async agreement(coordinator: AuthContext, institutionId: string): Promise<string> {
    const number = '460/118/PKS/2025 (demo)';
    const existing = (await this.partnerships.list({ page: 1, pageSize: 100, institutionId })).items.find(
      (a) => a.number === number,
    );
    if (existing) return existing.id;
    const created = await this.partnerships.create(coordinator, {
      institutionId,
      number,
      title: 'Perjanjian kerja sama pemberdayaan ekonomi dan pelatihan kerja bagi korban kekerasan',
      signedOn: this.day(240),
      validFrom: this.day(240),
      validUntil: this.day(-490),
      services: ['vocational_training', 'business_capital', 'employment'],
      notes: 'Kuota 20 peserta per tahun; Dinas Sosial menanggung biaya pelatihan dan modal usaha.',
    });
    return created.id;
  }

  /** The demo kader (reused when it exists), signing in as the demo user `kader`. */
  private async volunteer(): Promise<string> {
    const name = 'Sumarni (demo)';
    const account = (await this.users.findByUsername('kader'))?.id ?? null;
    const existing = (await this.community.listVolunteers({ page: 1, pageSize: 10, q: name })).items.find(
      (v) => v.name === name,
    );
    if (existing) {
      if (account && existing.userId !== account)
        await this.community.updateVolunteer(existing.id, { userId: account, version: existing.version });
      return existing.id;
    }
    return (
      await this.community.createVolunteer({
        name,
        groupName: 'Kader PKK RW 04 Kembangarum (demo)',
        district: 'Semarang Barat',
        phone: '081390457712',
        userId: account,
      })
    ).id;
  }
}
