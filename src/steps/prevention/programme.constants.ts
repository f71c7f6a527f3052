/** Prevention (SERUNI step 7): the kinds of activity the seed names. */
export const PREVENTION_KINDS = [
  'socialization',
  'broadcast',
  'leaflet_print',
  'leaflet_email',
  'website_post',
  'mass_media',
] as const;
export type PreventionKind = (typeof PREVENTION_KINDS)[number];

/** Community participation (step 8): the groups the seed names. */
export const COMMUNITY_GROUP_KINDS = ['pkk', 'posyandu', 'religious', 'kube', 'youth', 'other'] as const;
export type CommunityGroupKind = (typeof COMMUNITY_GROUP_KINDS)[number];

/** What a community group or volunteer does (step 8: prevention, accompaniment, monitoring). */
export const COMMUNITY_ACTIVITY_KINDS = ['prevention', 'accompaniment', 'monitoring'] as const;
export type CommunityActivityKind = (typeof COMMUNITY_ACTIVITY_KINDS)[number];

/** The data-key scope of programme records' notes. */
export const PROGRAMME_KEY_SCOPE = 'programme';

/** Counts stay plausible: a session, not a stadium (and no overflow). */
export const MAX_COUNT = 100_000;
