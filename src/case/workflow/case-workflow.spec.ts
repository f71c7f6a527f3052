import { Permission, Role, ROLE_PERMISSIONS } from '../../platform/auth/permissions';
import {
  CASE_STAGES,
  GUARDS,
  INITIAL_STAGE,
  TRANSITION_NAMES,
  TransitionDefinition,
  TRANSITIONS,
  transitionsFrom,
  validateWorkflow,
  workflowMermaid,
} from './case-workflow';

describe('the case workflow table', () => {
  it('is valid: every stage reachable from intake, no dead end but closed', () => {
    expect(validateWorkflow()).toEqual([]);
  });

  it('detects an unreachable stage and a dead end', () => {
    const broken: Record<string, TransitionDefinition> = {
      a: { from: ['intake'], to: 'initial_counseling', permission: Permission.WorkflowCounsel, guards: [] },
    };
    const problems = validateWorkflow(broken);
    expect(problems).toContain('stage sheltered cannot be reached from intake');
    expect(problems).toContain('stage initial_counseling is a dead end');
    expect(problems.some((p) => p.startsWith('stage closed'))).toBe(true);
  });

  it('names only known guards', () => {
    for (const name of TRANSITION_NAMES)
      for (const g of TRANSITIONS[name].guards) expect(GUARDS).toContain(g);
  });

  it('starts at intake and offers only start_counseling or close there', () => {
    expect(INITIAL_STAGE).toBe('intake');
    expect(transitionsFrom('intake').sort()).toEqual(['close', 'start_counseling']);
  });

  it('allows skipping the shelter and coming back to it on a new threat', () => {
    expect(TRANSITIONS.start_support.from).toContain('initial_counseling');
    for (const stage of ['in_support', 'case_conference', 'referred', 'recovery'] as const) {
      expect(TRANSITIONS.admit_to_shelter.from).toContain(stage);
    }
  });

  it('reopens a closed case only to initial counseling', () => {
    expect(transitionsFrom('closed')).toEqual(['reopen']);
    expect(TRANSITIONS.reopen.to).toBe('initial_counseling');
  });

  it('guards closure, shelter admission and referral as DOMAIN.md expects', () => {
    expect(TRANSITIONS.close.guards).toEqual([
      'closure_reason_given',
      'no_active_shelter_stay',
      'no_open_referral',
    ]);
    expect(TRANSITIONS.admit_to_shelter.guards).toEqual(['threat_to_life_assessed', 'shelter_place_free']);
    expect(TRANSITIONS.refer.guards).toContain('referral_accepted');
    expect(TRANSITIONS.reopen.guards).toContain('reason_given');
  });

  // Each transition × each role: exactly the expected roles hold its permission.
  const expected: Record<string, Role[]> = {
    start_counseling: [Role.Counselor, Role.Coordinator],
    admit_to_shelter: [Role.Counselor, Role.Coordinator],
    start_support: [Role.Counselor, Role.Coordinator],
    convene_conference: [Role.Coordinator],
    refer: [Role.Counselor, Role.Coordinator],
    start_recovery: [Role.Counselor, Role.Coordinator],
    close: [Role.Coordinator],
    reopen: [Role.Coordinator],
  };
  for (const name of TRANSITION_NAMES) {
    for (const role of Object.values(Role)) {
      const may = expected[name].includes(role);
      it(`${name}: ${role} ${may ? 'may' : 'may not'} fire it`, () => {
        expect(ROLE_PERMISSIONS[role].includes(TRANSITIONS[name].permission)).toBe(may);
      });
    }
  }

  it('draws a Mermaid diagram with every transition edge', () => {
    const diagram = workflowMermaid();
    expect(diagram.startsWith('stateDiagram-v2')).toBe(true);
    for (const name of TRANSITION_NAMES) {
      for (const from of TRANSITIONS[name].from)
        expect(diagram).toContain(`${from} --> ${TRANSITIONS[name].to}: ${name}`);
    }
    for (const stage of CASE_STAGES) expect(diagram).toContain(stage);
  });
});
