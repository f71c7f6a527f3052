import { Injectable, OnModuleInit } from '@nestjs/common';
import { WorkflowGuardRegistry } from '../../case/workflow/workflow-guard.registry';
import { ShelterService } from './shelter.service';

/**
 * What shelter plugs into the workflow:
 * - guard `shelter_place_free` (admit_to_shelter): SAFE_HOUSE_REQUIRED, SAFE_HOUSE_UNAVAILABLE,
 *   SHELTER_PLANNED_DAYS_INVALID, NO_FREE_SHELTER_PLACE, ACTIVE_SHELTER_STAY (see ShelterService);
 * - guard `no_active_shelter_stay` (close): ACTIVE_SHELTER_STAY while the victim is in a safe house;
 * - effect of `admit_to_shelter`: the stay begins — the only way a stay is ever admitted.
 */
@Injectable()
export class ShelterWorkflowGuards implements OnModuleInit {
  constructor(
    private readonly registry: WorkflowGuardRegistry,
    private readonly shelter: ShelterService,
  ) {}

  onModuleInit(): void {
    this.registry.registerGuard('shelter_place_free', (ctx) => this.shelter.placeFreeGuard(ctx));
    this.registry.registerGuard('no_active_shelter_stay', async ({ case: c, manager }) =>
      (await this.shelter.hasActiveStay(manager, c.id)) ? { code: 'ACTIVE_SHELTER_STAY' } : null,
    );
    this.registry.registerEffect('admit_to_shelter', (ctx) => this.shelter.admit(ctx));
  }
}
