/**
 * Schedules run once (issue 17, item 3): two instances of the application on one database each tick
 * their scheduler; the overdue-referral scan runs on one of them per interval, never on both — on
 * PostgreSQL with both ticking at the same moment, on sqlite one after the other (two instances in one
 * test process share node-sqlite3's worker threads; see shared-rate-limit.e2e-spec.ts).
 */
import { FakeClock } from '../src/platform/common/clock';
import { ScheduleRun } from '../src/platform/schedules/schedule-run.entity';
import { Scheduler } from '../src/platform/schedules/scheduler.service';
import { OVERDUE_SCHEDULE, ReferralsService } from '../src/steps/referral/referrals.service';
import { createSecondInstance, createTestApp, TestApp } from './support/test-app';

describe('the overdue scan runs once across two instances (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  const clock = new FakeClock();
  const scans = { a: 0, b: 0 };

  beforeAll(async () => {
    a = await createTestApp({ clock });
    b = await createSecondInstance(a, { clock });
    // Count the scans each instance runs (the scan itself still runs).
    for (const [name, t] of [
      ['a', a],
      ['b', b],
    ] as const) {
      const referrals = t.app.get(ReferralsService);
      const scan = referrals.markOverdue.bind(referrals);
      jest.spyOn(referrals, 'markOverdue').mockImplementation(() => {
        scans[name]++;
        return scan();
      });
    }
  }, 120_000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const tickBoth = async (): Promise<string[][]> => {
    const [sa, sb] = [a.app.get(Scheduler), b.app.get(Scheduler)];
    if (a.dialect === 'postgres') return Promise.all([sa.runDue(), sb.runDue()]);
    return [await sa.runDue(), await sb.runDue()];
  };
  const total = () => scans.a + scans.b;

  it('runs the scan on exactly one instance per interval, whoever ticks', async () => {
    const first = await tickBoth();
    expect(first.flat()).toEqual([OVERDUE_SCHEDULE]);
    expect(total()).toBe(1);
    // within the interval neither instance runs it again
    clock.advanceMinutes(10);
    expect((await tickBoth()).flat()).toEqual([]);
    expect(total()).toBe(1);
    // the next turn: again exactly one, three times over
    for (let turn = 2; turn <= 4; turn++) {
      clock.advanceMinutes(16);
      expect((await tickBoth()).flat()).toEqual([OVERDUE_SCHEDULE]);
      expect(total()).toBe(turn);
    }
    const row = await a.dataSource.getRepository(ScheduleRun).findOneByOrFail({ name: OVERDUE_SCHEDULE });
    expect(row.runs).toBe(4);
    expect(row.lastInstance).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a failing task is logged by its error name and runs again at its next turn', async () => {
    const referrals = a.app.get(ReferralsService);
    (referrals.markOverdue as jest.Mock).mockImplementationOnce(async () => {
      throw new TypeError('boom');
    });
    const before = total();
    clock.advanceMinutes(16);
    expect(await a.app.get(Scheduler).runDue()).toEqual([OVERDUE_SCHEDULE]);
    expect(total()).toBe(before); // the failing call did not reach the counting wrapper
    clock.advanceMinutes(16);
    expect(await a.app.get(Scheduler).runDue()).toEqual([OVERDUE_SCHEDULE]);
    expect(total()).toBe(before + 1);
  });
});
