import { StateMachine, tableProblems, transitionsFrom } from '../../case/workflow/state-machine';
import { OPEN_REFERRAL_STATUSES, REFERRAL_STATUSES, REFERRAL_TRANSITIONS } from './referral.constants';
import { REFERRAL_TRACK, referralMoves, ReferralTrack } from './referral-track';

describe('the referral track', () => {
  it('is a sound table of the generic machine, checked when the module starts', () => {
    expect(tableProblems(REFERRAL_TRACK)).toEqual([]);
    expect(() => new ReferralTrack().onModuleInit()).not.toThrow();
  });

  it('refuses to start with a broken table', () => {
    const broken = {
      ...REFERRAL_TRACK,
      transitions: { ...REFERRAL_TRANSITIONS, approve: { ...REFERRAL_TRANSITIONS.approve, to: 'sent' } },
    } as unknown as typeof REFERRAL_TRACK;
    expect(() => new StateMachine(broken).assertValid()).toThrow(
      /referral track table is not valid:[^]*transition approve names unknown status sent/,
    );
  });

  it('lets every open referral end: cancelled before a partner takes it on, revoked after', () => {
    for (const status of OPEN_REFERRAL_STATUSES) {
      const ends = transitionsFrom(REFERRAL_TRACK, status).filter((n) => n === 'cancel' || n === 'revoke');
      expect(ends).toEqual([status === 'accepted' || status === 'in_progress' ? 'revoke' : 'cancel']);
    }
  });

  it('ends only in declined, completed, cancelled or revoked', () => {
    const ends = REFERRAL_STATUSES.filter((s) => transitionsFrom(REFERRAL_TRACK, s).length === 0);
    expect(ends).toEqual(['declined', 'completed', 'cancelled', 'revoked']);
    expect([...REFERRAL_TRACK.terminal]).toEqual(ends);
  });

  it('answers why not with NOT_FROM_STATUS', async () => {
    const track = new ReferralTrack();
    expect(await track.whyNot('start', 'pending', {} as never)).toEqual([
      { code: 'NOT_FROM_STATUS', args: { status: 'pending' } },
    ]);
    expect(await track.whyNot('accept', 'pending', {} as never)).toEqual([]);
  });

  it("offers each kind of actor its moves (the pages' buttons)", () => {
    expect(referralMoves('pending', ['partner'])).toEqual(['accept', 'decline']);
    expect(referralMoves('accepted', ['partner'])).toEqual([]);
    expect(referralMoves('accepted', ['partner', 'holder'])).toEqual(['start']);
    expect(referralMoves('in_progress', ['partner', 'holder'])).toEqual(['complete']);
    expect(referralMoves('awaiting_approval', ['sender', 'coordinator'])).toEqual(['approve', 'cancel']);
    expect(referralMoves('pending', ['sender', 'coordinator'])).toEqual(['cancel']);
    expect(referralMoves('in_progress', ['sender', 'coordinator'])).toEqual(['revoke']);
    expect(referralMoves('completed', ['sender', 'coordinator', 'partner', 'holder'])).toEqual([]);
  });
});
