import { Role } from '../platform/auth/permissions';
import { InstitutionType } from '../institutions/institution.entity';

/** Invented demo data. Institution names follow real kinds of partners; every person is fictional. */
export const DEMO_INSTITUTIONS: { key: string; name: string; type: InstitutionType }[] = [
  { key: 'centre', name: 'PPT Seruni Kota Semarang (demo)', type: 'service_centre' },
  { key: 'police', name: 'Unit PPA Polrestabes (demo)', type: 'police_unit' },
  { key: 'hospital', name: 'RSUD Kota — Pelayanan Terpadu (demo)', type: 'hospital' },
  { key: 'legal', name: 'LBH APIK (demo)', type: 'legal_aid' },
  { key: 'social', name: 'Dinas Sosial (demo)', type: 'social_service' },
  { key: 'psychologist', name: 'Biro Psikologi Kasih (demo)', type: 'psychologist' },
];

export const DEMO_USERS: { username: string; displayName: string; roles: Role[]; institution?: string }[] = [
  { username: 'admin', displayName: 'Admin Demo', roles: [Role.Admin] },
  { username: 'frontdesk', displayName: 'Sari Penerima (demo)', roles: [Role.FrontDesk] },
  { username: 'counselor', displayName: 'Dewi Konselor (demo)', roles: [Role.Counselor] },
  { username: 'counselor2', displayName: 'Rina Pendamping (demo)', roles: [Role.Counselor] },
  { username: 'coordinator', displayName: 'Budi Koordinator (demo)', roles: [Role.Coordinator] },
  { username: 'police', displayName: 'Aipda Wulan (demo)', roles: [Role.TeamMember], institution: 'police' },
  {
    username: 'hospital',
    displayName: 'dr. Anton (demo)',
    roles: [Role.TeamMember],
    institution: 'hospital',
  },
  { username: 'pug', displayName: 'Lestari Sekretariat PUG (demo)', roles: [Role.PugSecretariat] },
  // The community kader of the demo's monitoring assignment (src/demo/demo-referrals.ts links the two).
  { username: 'kader', displayName: 'Sumarni (demo)', roles: [Role.CommunityVolunteer] },
];

/** For local use only; README says so. Override with DEMO_PASSWORD. */
export const DEFAULT_DEMO_PASSWORD = 'lentera-demo-2026';
