import { StateMachine, StateTable } from '../../case/workflow/state-machine';
export { SERVICE_TYPES, type ServiceType } from '../../case/history-codes';

/** planned → delivered | cancelled; delivered and cancelled are final. */
export const SERVICE_STATUSES = ['planned', 'delivered', 'cancelled'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** THE SUPPORT SERVICE TRACK, a table of the generic state machine (cases/workflow/state-machine.ts). */
export const SUPPORT_SERVICE_TRACK: StateTable<ServiceStatus, 'deliver' | 'cancel'> = {
  name: 'support service track',
  stateWord: 'status',
  states: SERVICE_STATUSES,
  initial: ['planned'],
  terminal: ['delivered', 'cancelled'],
  guards: [],
  transitions: {
    deliver: { from: ['planned'], to: 'delivered' },
    cancel: { from: ['planned'], to: 'cancelled' },
  },
};

/** The support service track's machine (checked when the support services module starts). */
export const SUPPORT_SERVICES = new StateMachine(SUPPORT_SERVICE_TRACK);

export const SERVICE_NOTES_MAX = 10_000;
