import { deriveItemStatus } from './action-item-status';

const at = (roundDate: string, minute = 0) => ({
  roundDate,
  roundCreatedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
});

describe('action item status (from the monitoring rounds)', () => {
  it('is not started, or late once the plan deadline passes, without monitoring', () => {
    expect(deriveItemStatus({ deadline: '2012-12-31' }, [], [], '2012-08-20').status).toBe('not_started');
    expect(deriveItemStatus({ deadline: '2011-12-31' }, [], [], '2012-08-20')).toEqual(
      expect.objectContaining({
        status: 'late',
        recordedStatus: 'not_started',
        late: true,
        lastMonitoredOn: null,
      }),
    );
  });

  it('takes the latest round and the latest agreed deadline', () => {
    const updates = [
      { ...at('2012-08-15'), status: 'in_progress' as const },
      { ...at('2012-06-01'), status: 'not_started' as const },
    ];
    const agreements = [
      { ...at('2012-08-15'), newDeadline: '2012-09-17' },
      { ...at('2012-08-15', 1), newDeadline: null },
    ];
    const r = deriveItemStatus({ deadline: '2011-12-31' }, updates, agreements, '2012-08-20');
    expect(r).toEqual({
      status: 'in_progress',
      recordedStatus: 'in_progress',
      deadline: '2012-09-17',
      deadlineMoved: true,
      late: false,
      lastMonitoredOn: '2012-08-15',
    });
    expect(deriveItemStatus({ deadline: '2011-12-31' }, updates, agreements, '2012-09-18').status).toBe(
      'late',
    );
  });

  it('is never late once done; rounds on the same day are ordered by their recording', () => {
    const updates = [
      { ...at('2012-09-19', 5), status: 'done' as const },
      { ...at('2012-09-19', 1), status: 'in_progress' as const },
    ];
    expect(deriveItemStatus({ deadline: '2012-09-17' }, updates, [], '2013-01-01').status).toBe('done');
  });
});
