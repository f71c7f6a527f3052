import { TaskSourceRow } from '../case/task-source';
import { anchorBy, evaluate, priorityOf, rulesFor, TASK_CODES, TASK_RULES, TaskCode } from './task-rules';

/*
 * The rule table, rule by rule: a task due (within the horizon), overdue (due before today), and not
 * applicable (the rule's own condition, or not yet within the horizon). The reads are the database's
 * half (e2e: test/tasks.e2e-spec.ts); this is the pure half every row goes through.
 */

const TODAY = '2026-03-10';
const HORIZON = 7;

const row = (over: Partial<TaskSourceRow> = {}): TaskSourceRow => ({
  caseId: 'case-1',
  refId: 'ref-1',
  date: TODAY,
  ownerId: 'user-1',
  riskLevel: null,
  ...over,
});

/** Per rule: a row due soon, a row overdue, and a row the rule does not make a task of. */
const CASES: Record<TaskCode, { due: TaskSourceRow; overdue: TaskSourceRow; notApplicable: TaskSourceRow }> =
  {
    // due 3 days after intake
    first_counseling: {
      due: row({ date: '2026-03-09' }),
      overdue: row({ date: '2026-03-01' }),
      notApplicable: row({ date: '2026-03-20' }),
    },
    // due 7 days after the latest assessment, only while high or critical
    risk_reassessment: {
      due: row({ date: '2026-03-08', riskLevel: 'high', facts: { riskLevel: 'high' } }),
      overdue: row({ date: '2026-02-20', riskLevel: 'critical', facts: { riskLevel: 'critical' } }),
      notApplicable: row({ date: '2026-02-20', riskLevel: 'medium', facts: { riskLevel: 'medium' } }),
    },
    safety_plan_review: {
      due: row({ date: '2026-02-12' }),
      overdue: row({ date: '2026-01-01' }),
      notApplicable: row({ date: '2026-03-01' }),
    },
    conference_action: {
      due: row({ date: '2026-03-12' }),
      overdue: row({ date: '2026-03-09' }),
      notApplicable: row({ date: '2026-04-01' }),
    },
    referral_answer: {
      due: row({ date: TODAY }),
      overdue: row({ date: '2026-03-01' }),
      notApplicable: row({ date: '2026-03-18' }),
    },
    referral_follow_up: {
      due: row({ date: '2026-03-08' }),
      overdue: row({ date: '2026-02-01' }),
      notApplicable: row({ date: '2026-03-11' }), // due on the 18th: past the 7-day horizon
    },
    shelter_review: {
      due: row({ date: '2026-02-28' }),
      overdue: row({ date: '2026-02-01' }),
      notApplicable: row({ date: '2026-03-10' }),
    },
    shelter_discharge: {
      due: row({ date: '2026-03-15' }),
      overdue: row({ date: '2026-03-05' }),
      notApplicable: row({ date: '2026-03-30' }),
    },
    service_planned: {
      due: row({ date: '2026-03-11' }),
      overdue: row({ date: '2026-03-02' }),
      notApplicable: row({ date: '2026-05-01' }),
    },
    monitoring_visit: {
      due: row({ date: '2026-02-12' }),
      overdue: row({ date: '2026-01-02' }),
      notApplicable: row({ date: '2026-03-01' }),
    },
    // shown 14 days ahead of the expiry
    consent_expiring: {
      due: row({ date: '2026-03-22' }),
      overdue: row({ date: '2026-03-09' }),
      notApplicable: row({ date: '2026-04-30' }),
    },
    follow_up: {
      due: row({ date: '2026-03-10' }),
      overdue: row({ date: '2026-03-01' }),
      notApplicable: row({ date: '2026-03-25' }),
    },
  };

describe('task rules (the table)', () => {
  it('every rule has its three cases here, a link and a README line', () => {
    expect(Object.keys(CASES).sort()).toEqual([...TASK_CODES].sort());
    for (const code of TASK_CODES) {
      expect(TASK_RULES[code].link(row())).toMatch(/^\//);
      expect(TASK_RULES[code].readme.what).toBeTruthy();
    }
  });

  describe.each(TASK_CODES)('%s', (code) => {
    it('due: a task within the horizon, not overdue', () => {
      const task = evaluate(code, CASES[code].due, TODAY, HORIZON);
      expect(task).not.toBeNull();
      expect(task!.overdue).toBe(false);
      expect(task!.dueOn >= TODAY).toBe(true);
      expect(task!.code).toBe(code);
    });

    it('overdue: due before today', () => {
      const task = evaluate(code, CASES[code].overdue, TODAY, HORIZON);
      expect(task).not.toBeNull();
      expect(task!.overdue).toBe(true);
      expect(task!.dueOn < TODAY).toBe(true);
    });

    it('not applicable: no task', () => {
      expect(evaluate(code, CASES[code].notApplicable, TODAY, HORIZON)).toBeNull();
    });

    it("the read's cut-off lets every due row through and no row the evaluation would drop", () => {
      const by = anchorBy(code, TODAY, HORIZON, {});
      expect(CASES[code].due.date <= by).toBe(true);
      expect(CASES[code].overdue.date <= by).toBe(true);
      if (!TASK_RULES[code].applies) expect(CASES[code].notApplicable.date > by).toBe(true);
    });
  });

  it('N from the settings moves the due date', () => {
    expect(evaluate('first_counseling', row({ date: '2026-03-01' }), TODAY, HORIZON)!.dueOn).toBe(
      '2026-03-04',
    );
    expect(
      evaluate('first_counseling', row({ date: '2026-03-01' }), TODAY, HORIZON, { first_counseling: 10 })!
        .dueOn,
    ).toBe('2026-03-11');
    expect(anchorBy('first_counseling', TODAY, HORIZON, { first_counseling: 10 })).toBe('2026-03-07');
  });

  it("priority from the case's risk level", () => {
    expect(priorityOf('critical')).toBe('urgent');
    expect(priorityOf('high')).toBe('high');
    expect(priorityOf('medium')).toBe('normal');
    expect(priorityOf(null)).toBe('normal');
  });

  it('need to know: a team member runs only the referral answer, a volunteer only the monitoring visit', () => {
    expect(rulesFor(['partner'])).toEqual(['referral_answer']);
    expect(rulesFor(['volunteer'])).toEqual(['monitoring_visit']);
    expect(rulesFor(['counselor', 'owner'])).not.toContain('referral_answer');
    expect(rulesFor(['counselor', 'owner'])).not.toContain('monitoring_visit');
  });
});
