import { chainOrder, compositionChange, decreeInForce, decreeStatuses, DecreeLink } from './decree-status';

const d = (
  id: string,
  effectiveDate: string,
  replacesDecreeId: string | null = null,
  kind: DecreeLink['kind'] = 'replacement',
): DecreeLink => ({
  id,
  kind: replacesDecreeId ? kind : 'formation',
  decreeDate: effectiveDate,
  effectiveDate,
  replacesDecreeId,
});

describe('decree status (derived from the chain and the date)', () => {
  const chain = [d('2011', '2011-01-06', '2009'), d('2005', '2005-05-04'), d('2009', '2009-02-12', '2005')];

  it('marks the latest effective decree in force and its predecessors replaced', () => {
    const s = decreeStatuses(chain, '2026-01-15');
    expect(Object.fromEntries(s)).toEqual({ '2005': 'replaced', '2009': 'replaced', '2011': 'in_force' });
    expect(decreeInForce(chain, '2026-01-15')?.id).toBe('2011');
  });

  it('follows the date: before a successor takes effect its predecessor is still in force', () => {
    const s = decreeStatuses(chain, '2010-06-01');
    expect(Object.fromEntries(s)).toEqual({ '2005': 'replaced', '2009': 'in_force', '2011': 'pending' });
    expect(decreeInForce(chain, '2004-01-01')).toBeNull();
  });

  it('marks a decree revoked by a revocation in effect, and leaves the body without composition', () => {
    const withRevocation = [...chain, d('rev', '2020-01-01', '2011', 'revocation')];
    const s = decreeStatuses(withRevocation, '2026-01-15');
    expect(s.get('2011')).toBe('revoked');
    expect(s.get('rev')).toBe('in_force');
    expect(decreeInForce(withRevocation, '2026-01-15')).toBeNull();
    expect(decreeInForce(withRevocation, '2019-12-31')?.id).toBe('2011');
  });

  it('orders chains from their first decree, a re-formed body after its revoked chain', () => {
    const list = [d('new', '2022-01-01'), ...chain, d('rev', '2020-01-01', '2011', 'revocation')];
    expect(chainOrder(list).map((x) => x.id)).toEqual(['2005', '2009', '2011', 'rev', 'new']);
  });
});

describe('composition change (who joined and who left)', () => {
  const a = (
    fullName: string,
    role = 'member',
    institutionId: string | null = null,
    userId: string | null = null,
  ) => ({
    fullName,
    role: role as never,
    institutionId,
    userId,
  });

  it('matches people by account, else by normalized name, and reports role changes and institutions', () => {
    const before = [
      a('Dra. Ani', 'chair', 'pp'),
      a('Budi', 'member', 'polres', 'u1'),
      a('Citra', 'member', 'rsud'),
    ];
    const after = [
      a('dra ani', 'chair', 'pp'),
      a('Budi S.', 'secretary', 'polres', 'u1'),
      a('Dewi', 'member', 'lbh'),
    ];
    const c = compositionChange(before, after);
    expect(c.joined.map((x) => x.fullName)).toEqual(['Dewi']);
    expect(c.left.map((x) => x.fullName)).toEqual(['Citra']);
    expect(c.roleChanged.map((x) => [x.before.role, x.after.role])).toEqual([['member', 'secretary']]);
    expect(c.institutionsJoined).toEqual(['lbh']);
    expect(c.institutionsLeft).toEqual(['rsud']);
  });
});
