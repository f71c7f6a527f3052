import { medianOf, monthEnds } from './dashboard.service';

describe('dashboard helpers', () => {
  it('reads occupancy at each month end (midnight in Jakarta), capped by the period end and now', () => {
    const now = new Date('2026-03-10T12:00:00.000Z');
    expect(monthEnds('2025-12-15', '2026-02-10', now)).toEqual([
      { month: '2025-12', at: new Date('2025-12-31T17:00:00.000Z') },
      { month: '2026-01', at: new Date('2026-01-31T17:00:00.000Z') },
      { month: '2026-02', at: new Date('2026-02-10T17:00:00.000Z') },
    ]);
    expect(monthEnds('2026-03-01', '2026-12-31', now)).toEqual([{ month: '2026-03', at: now }]);
    expect(monthEnds('2026-05-01', '2026-06-30', now)).toEqual([]);
  });

  it('counts a month from the moment it starts in Jakarta: 00:30 WIB on 1 April is April', () => {
    const justAfter = new Date('2026-03-31T17:30:00.000Z'); // 1 April 00:30 WIB
    expect(monthEnds('2026-03-01', '2026-04-30', justAfter).map((p) => p.month)).toEqual([
      '2026-03',
      '2026-04',
    ]);
    const justBefore = new Date('2026-03-31T16:30:00.000Z'); // 31 March 23:30 WIB
    expect(monthEnds('2026-03-01', '2026-04-30', justBefore).map((p) => p.month)).toEqual(['2026-03']);
  });

  it('takes the median of a histogram', () => {
    expect(medianOf([])).toBeNull();
    expect(
      medianOf([
        { value: 3, count: 1 },
        { value: 1, count: 1 },
        { value: 7, count: 1 },
      ]),
    ).toBe(3);
    expect(
      medianOf([
        { value: 2, count: 2 },
        { value: 4, count: 2 },
      ]),
    ).toBe(3);
  });
});
