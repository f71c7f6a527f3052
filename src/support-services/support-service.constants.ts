/** Kinds of accompaniment (pendampingan); mediation is a support service since Permen PPPA 2/2022. */
export const SERVICE_TYPES = [
  'medical',
  'psychological',
  'spiritual',
  'psychosocial',
  'legal',
  'mediation',
  'other',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** planned → delivered | cancelled; delivered and cancelled are final. */
export const SERVICE_STATUSES = ['planned', 'delivered', 'cancelled'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];
export const FINAL_SERVICE_STATUSES: readonly ServiceStatus[] = ['delivered', 'cancelled'];

export const SERVICE_NOTES_MAX = 10_000;
