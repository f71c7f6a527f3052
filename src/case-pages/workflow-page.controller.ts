import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { RequirePermission } from '../platform/auth/auth.decorators';
import { Permission, ROLE_PERMISSIONS, ROLES } from '../platform/auth/permissions';
import {
  CASE_STAGES,
  INITIAL_STAGE,
  TERMINAL_STAGES,
  TRANSITION_NAMES,
  TRANSITIONS,
} from '../case/workflow/case-workflow';
import { workflowDiagram } from './workflow-diagram';

/** The case workflow as staff read it: stages, and for each step where from, where to, who and what it needs. */
@ApiExcludeController()
@Controller('workflow')
export class WorkflowPageController {
  @Get()
  @RequirePermission(Permission.WorkflowRead)
  @Render('cases/workflow')
  page() {
    return {
      title: 'casepages.workflow.title',
      stages: CASE_STAGES.map((stage) => ({
        stage,
        initial: stage === INITIAL_STAGE,
        terminal: TERMINAL_STAGES.includes(stage),
      })),
      transitions: TRANSITION_NAMES.map((name) => {
        const def = TRANSITIONS[name];
        return {
          name,
          from: def.from,
          to: def.to,
          roles: ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(def.permission)),
          guards: def.guards,
        };
      }),
      diagram: workflowDiagram(),
    };
  }
}
