import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { CaseRecord } from '../../case/case-ledger.service';
import { StateMachine, StateTable, transitionsFrom } from '../../case/workflow/state-machine';
import { AuthContext } from '../../platform/common/request-context';
import {
  REFERRAL_STATUSES,
  REFERRAL_TRANSITIONS,
  ReferralActor,
  ReferralStatus,
  ReferralTransition,
  ReferralTransitionName,
} from './referral.constants';
import { Referral } from './referral.entity';

/**
 * THE REFERRAL TRACK as a table of the generic state machine (cases/workflow/state-machine.ts): the
 * same machine as the case workflow. A referral starts awaiting a coordinator's approval when the
 * centre requires it, else pending; declined, completed, cancelled and revoked are its ends.
 * README's referral diagram is generated from it (`npm run workflow:diagram`); a test fails on drift.
 */
export const REFERRAL_TRACK: StateTable<ReferralStatus, ReferralTransitionName, never, ReferralTransition> = {
  name: 'referral track',
  stateWord: 'status',
  states: REFERRAL_STATUSES,
  initial: ['awaiting_approval', 'pending'],
  terminal: ['declined', 'completed', 'cancelled', 'revoked'],
  guards: [],
  transitions: REFERRAL_TRANSITIONS,
};

/** The moves the track offers from `status` to the given kinds of actor, in table order (the pages' buttons). */
export function referralMoves(
  status: ReferralStatus,
  by: readonly ReferralActor[],
): ReferralTransitionName[] {
  return transitionsFrom(REFERRAL_TRACK, status).filter((name) => by.includes(REFERRAL_TRANSITIONS[name].by));
}

/** What a referral transition works on. */
export interface ReferralTransitionContext {
  manager: EntityManager;
  referral: Referral;
  case: CaseRecord;
  actor: AuthContext;
}

/** The referral track's machine; its table is checked when the module starts. */
@Injectable()
export class ReferralTrack
  extends StateMachine<
    ReferralStatus,
    ReferralTransitionName,
    never,
    ReferralTransition,
    ReferralTransitionContext
  >
  implements OnModuleInit
{
  constructor() {
    super(REFERRAL_TRACK);
  }

  onModuleInit(): void {
    this.assertValid();
  }
}
