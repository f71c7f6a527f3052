import { StateMachine, StateTable } from '../../case/workflow/state-machine';
export { DISCHARGE_REASONS, type DischargeReason } from '../../case/history-codes';

export const SHELTER_STAY_STATUSES = ['admitted', 'discharged'] as const;
export type ShelterStayStatus = (typeof SHELTER_STAY_STATUSES)[number];

/**
 * THE SHELTER STAY TRACK, a table of the generic state machine (cases/workflow/state-machine.ts): a
 * stay opens admitted (with the case's `admit_to_shelter`) and is discharged once.
 */
export const SHELTER_STAY_TRACK: StateTable<ShelterStayStatus, 'discharge'> = {
  name: 'shelter stay track',
  stateWord: 'status',
  states: SHELTER_STAY_STATUSES,
  initial: ['admitted'],
  terminal: ['discharged'],
  guards: [],
  transitions: { discharge: { from: ['admitted'], to: 'discharged' } },
};

/** The shelter stay track's machine (checked when the shelter module starts). */
export const SHELTER_STAYS = new StateMachine(SHELTER_STAY_TRACK);

export const DEFAULT_PLANNED_DAYS = 14;
export const MAX_PLANNED_DAYS = 365;
export const MAX_CAPACITY = 500;
