import {
  nextStates,
  Refusal,
  StateMachine,
  StateTable,
  tableMermaid,
  tableProblems,
  transitionBetween,
  TransitionRule,
  transitionsFrom,
} from './state-machine';

// A small track: a door that is opened, closed, locked with a key and unlocked.
type Door = 'open' | 'closed' | 'locked' | 'removed';
type Move = 'close' | 'lock' | 'unlock' | 'open' | 'remove';
type DoorGuard = 'key_at_hand' | 'nobody_inside';
interface Ctx {
  key: boolean;
  inside: number;
  log: string[];
}

const DOOR: StateTable<Door, Move, DoorGuard> = {
  name: 'door track',
  stateWord: 'state',
  states: ['open', 'closed', 'locked', 'removed'],
  initial: ['open'],
  terminal: ['removed'],
  guards: ['key_at_hand', 'nobody_inside'],
  transitions: {
    close: { from: ['open'], to: 'closed' },
    lock: { from: ['closed'], to: 'locked', guards: ['key_at_hand', 'nobody_inside'] },
    unlock: { from: ['locked'], to: 'closed', guards: ['key_at_hand'] },
    open: { from: ['closed'], to: 'open' },
    remove: { from: ['open', 'closed'], to: 'removed' },
  },
};

function doorMachine(): StateMachine<Door, Move, DoorGuard, TransitionRule<Door, DoorGuard>, Ctx, string> {
  const m = new StateMachine<Door, Move, DoorGuard, TransitionRule<Door, DoorGuard>, Ctx, string>(DOOR);
  m.registerGuard('key_at_hand', async (ctx) => (ctx.key ? null : { code: 'NO_KEY' }));
  m.registerGuard('nobody_inside', async (ctx) =>
    ctx.inside ? { code: 'SOMEONE_INSIDE', args: { count: ctx.inside } } : null,
  );
  return m;
}

class Refused extends Error {
  constructor(
    readonly kind: string,
    readonly refusal: Refusal,
  ) {
    super(`${kind}: ${refusal.code}`);
  }
}

const ctx = (over: Partial<Ctx> = {}): Ctx => ({ key: true, inside: 0, log: [], ...over });

describe('the generic state machine', () => {
  describe('reading the table', () => {
    it('lists the transitions leaving a state and the states one step away, in table order', () => {
      expect(transitionsFrom(DOOR, 'closed')).toEqual(['lock', 'open', 'remove']);
      expect(nextStates(DOOR, 'closed')).toEqual(['locked', 'open', 'removed']);
      expect(transitionsFrom(DOOR, 'removed')).toEqual([]);
    });

    it('finds the transition between two states, and none where there is none', () => {
      expect(transitionBetween(DOOR, 'locked', 'closed')).toBe('unlock');
      expect(transitionBetween(DOOR, 'locked', 'open')).toBeUndefined();
    });

    it('draws every edge, every start and every end in Mermaid', () => {
      expect(tableMermaid(DOOR).split('\n')).toEqual([
        'stateDiagram-v2',
        '  [*] --> open',
        '  open --> closed: close',
        '  closed --> locked: lock',
        '  locked --> closed: unlock',
        '  closed --> open: open',
        '  open --> removed: remove',
        '  closed --> removed: remove',
        '  removed --> [*]',
      ]);
    });
  });

  describe('start-up checks', () => {
    it('passes a sound table with every guard implemented', () => {
      expect(tableProblems(DOOR)).toEqual([]);
      expect(doorMachine().problems()).toEqual([]);
      expect(() => doorMachine().assertValid()).not.toThrow();
    });

    it('fails on an unreachable state, a dead end, an unknown state and an unknown guard', () => {
      const broken: StateTable<string, string, string> = {
        ...DOOR,
        transitions: {
          close: { from: ['open'], to: 'closed' },
          lock: { from: ['closed'], to: 'locked', guards: ['key_at_hand', 'wishful_thinking'] },
          fly: { from: ['closed'], to: 'flying' },
        },
      };
      expect(tableProblems(broken)).toEqual([
        'transition lock names unknown guard wishful_thinking',
        'transition fly names unknown state flying',
        'state locked is a dead end',
        'state removed cannot be reached from open',
      ]);
      const machine = new StateMachine(broken);
      expect(() => machine.assertValid()).toThrow(/^The door track table is not valid:\n {2}transition lock/);
    });

    it('fails on an unknown initial or terminal state and a transition that leaves nothing', () => {
      const broken: StateTable<string, string, string> = {
        ...DOOR,
        initial: ['ajar'],
        terminal: ['gone'],
        transitions: { ...DOOR.transitions, nothing: { from: [], to: 'open' } },
      };
      const problems = tableProblems(broken);
      expect(problems).toContain('initial state ajar is unknown');
      expect(problems).toContain('terminal state gone is unknown');
      expect(problems).toContain('transition nothing leaves no state');
      expect(problems).toContain('state open cannot be reached from ajar');
      expect(problems).toContain('state removed is a dead end');
    });

    it('fails when a named guard has no implementation', () => {
      const m = new StateMachine<Door, Move, DoorGuard>(DOOR);
      m.registerGuard('key_at_hand', async () => null);
      expect(m.problems()).toEqual(['guards without implementation: nobody_inside']);
      expect(() => m.assertValid()).toThrow('guards without implementation: nobody_inside');
    });

    it('refuses to register an unknown guard, a guard twice, or an effect of an unknown transition', () => {
      const m = doorMachine();
      expect(() => m.registerGuard('x' as DoorGuard, async () => null)).toThrow(
        'door track: unknown guard x',
      );
      expect(() => m.registerGuard('key_at_hand', async () => null)).toThrow('registered twice');
      expect(() => m.registerGuard('key_at_hand', async () => null, { replace: true })).not.toThrow();
      expect(() => m.registerEffect('fly' as Move, async () => undefined)).toThrow('unknown transition fly');
      expect(() => m.registerAftermath('fly' as Move, async () => undefined)).toThrow(
        'unknown transition fly',
      );
    });
  });

  describe('why not', () => {
    it('answers NOT_FROM_<WORD> alone from a state the transition does not leave', async () => {
      const m = doorMachine();
      expect(await m.whyNot('lock', 'open', ctx({ key: false }))).toEqual([
        { code: 'NOT_FROM_STATE', args: { state: 'open' } },
      ]);
      expect(m.leaves('lock', 'open')).toBe(false);
    });

    it("puts the caller's own refusals with it and skips the guards then", async () => {
      const m = doorMachine();
      const pre = [{ code: 'ROLE_NOT_ALLOWED' }];
      expect(await m.whyNot('lock', 'closed', ctx({ key: false }), pre)).toEqual(pre);
      expect(await m.whyNot('lock', 'open', ctx(), pre)).toEqual([
        { code: 'NOT_FROM_STATE', args: { state: 'open' } },
        { code: 'ROLE_NOT_ALLOWED' },
      ]);
    });

    it("lists every guard's refusal in order, and nothing when it may fire", async () => {
      const m = doorMachine();
      expect(await m.whyNot('lock', 'closed', ctx({ key: false, inside: 2 }))).toEqual([
        { code: 'NO_KEY' },
        { code: 'SOMEONE_INSIDE', args: { count: 2 } },
      ]);
      expect(await m.whyNot('lock', 'closed', ctx())).toEqual([]);
      expect(await m.can('lock', 'closed', ctx())).toBe(true);
      expect(await m.can('lock', 'closed', ctx({ inside: 1 }))).toBe(false);
    });
  });

  describe('transition', () => {
    const steps = (c: Ctx) => ({
      refused: (kind: string, refusal: Refusal) => new Refused(kind, refusal),
      apply: async (from: Door, to: Door) => void c.log.push(`apply ${from}->${to}`),
      record: async (from: Door, to: Door, outputs: string[]) =>
        void c.log.push(`record ${from}->${to} [${outputs.join(',')}]`),
    });

    it('applies, runs the effects, records with their outputs, then the aftermaths, in that order', async () => {
      const m = doorMachine();
      m.registerEffect('lock', async (c) => void c.log.push('effect 1'));
      m.registerEffect('lock', async (c) => {
        c.log.push('effect 2');
        return 'turned twice';
      });
      m.registerAftermath('lock', async (c) => void c.log.push('aftermath'));
      m.registerEffect('unlock', async (c) => void c.log.push('not mine'));
      const c = ctx();
      const move = await m.transition('lock', 'closed', c, steps(c));
      expect(move).toEqual({ from: 'closed', to: 'locked', outputs: ['turned twice'] });
      expect(c.log).toEqual([
        'apply closed->locked',
        'effect 1',
        'effect 2',
        'record closed->locked [turned twice]',
        'aftermath',
      ]);
    });

    it('refuses from a state it does not leave before any guard runs, and writes nothing', async () => {
      const m = doorMachine();
      const guard = jest.fn(async () => null);
      m.registerGuard('key_at_hand', guard, { replace: true });
      const c = ctx();
      await expect(m.transition('unlock', 'open', c, steps(c))).rejects.toMatchObject({
        kind: 'not_from',
        refusal: { code: 'NOT_FROM_STATE', args: { state: 'open' } },
      });
      expect(guard).not.toHaveBeenCalled();
      expect(c.log).toEqual([]);
    });

    it('stops at the first guard that refuses, and writes nothing', async () => {
      const m = doorMachine();
      const c = ctx({ key: false, inside: 3 });
      await expect(m.transition('lock', 'closed', c, steps(c))).rejects.toMatchObject({
        kind: 'guard',
        refusal: { code: 'NO_KEY' },
      });
      expect(c.log).toEqual([]);
    });

    it('lets the write refuse (e.g. a stale version): no effect, record or aftermath runs', async () => {
      const m = doorMachine();
      const c = ctx();
      m.registerEffect('close', async (x) => void x.log.push('effect'));
      m.registerAftermath('close', async (x) => void x.log.push('aftermath'));
      await expect(
        m.transition('close', 'open', c, {
          ...steps(c),
          apply: async () => {
            throw new Error('stale');
          },
        }),
      ).rejects.toThrow('stale');
      expect(c.log).toEqual([]);
    });
  });
});
