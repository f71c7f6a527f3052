/**
 * THE STATE MACHINE — one small, generic implementation for every status track of Lentera: the
 * case workflow (stages), referrals, recovery services. A track is a typed table (its states, where
 * it starts, where it may end, its named guards and its named transitions `from → to` with the
 * guards each needs); the machine answers what may happen next, why not, and fires a transition:
 * from-state check, guards in order, the caller's write, the effects the owning modules registered,
 * the caller's record (the history entry) and what follows once it is recorded. Start-up checks
 * refuse a table with an unreachable state, a dead end, an unknown state or an unknown guard, and a
 * machine whose named guards have no implementation.
 *
 * This file imports nothing: tables and callers bring their own types, codes and exceptions.
 */

/** A refusal ("why not"): a stable code, translated where it is shown, and its arguments. */
export interface Refusal {
  code: string;
  args?: Record<string, string | number>;
}

/** One named transition of a table; tracks add their own fields (permission, who fires it, …). */
export interface TransitionRule<S extends string, G extends string = string> {
  from: readonly S[];
  to: S;
  /** Named guards, each of which may refuse (in this order). */
  guards?: readonly G[];
}

export interface StateTable<
  S extends string,
  T extends string,
  G extends string = never,
  R extends TransitionRule<S, G> = TransitionRule<S, G>,
> {
  /** What the track is called in start-up errors ("case workflow"). */
  name: string;
  /** What a state is called ("stage", "status"): in problems and the refusal `NOT_FROM_<WORD>`. */
  stateWord: string;
  states: readonly S[];
  /** Where a record starts (more than one when creation decides, e.g. a referral needing approval). */
  initial: readonly S[];
  /** States allowed to have no way out. */
  terminal: readonly S[];
  /** Every guard a transition may name; each needs an implementation before start-up passes. */
  guards: readonly G[];
  transitions: Readonly<Record<T, R>>;
}

/** Any table, for the functions that only read one. */
type AnyTable = StateTable<string, string, string, TransitionRule<string, string>>;
/** What the lookups need of a table. */
interface Rules<S extends string, T extends string> {
  stateWord: string;
  transitions: Readonly<Record<T, { from: readonly S[]; to: S }>>;
}

export type Guard<C> = (ctx: C) => Promise<Refusal | null>;
/** Work a transition does besides changing the state; what it returns goes to the record. */
export type Effect<C, O> = (ctx: C) => Promise<O | void>;
/** Work that follows once the transition is recorded, in the same transaction. */
export type Aftermath<C> = (ctx: C) => Promise<void>;

export type RefusalKind = 'not_from' | 'guard';

/** The caller's part of firing a transition. */
export interface TransitionSteps<S extends string, T extends string, O> {
  /** The error to throw when the transition may not fire (its from-state, or a guard's refusal). */
  refused(kind: RefusalKind, refusal: Refusal, transition: T): Error;
  /** Writes the new state (conditionally, so that of two concurrent moves one wins). */
  apply(from: S, to: S): Promise<void>;
  /** Records the move (the history entry), with what the effects returned. */
  record?(from: S, to: S, outputs: O[]): Promise<void>;
}

// ---- the table alone ---------------------------------------------------------------------------------

export function transitionNames<T extends string>(table: { transitions: Readonly<Record<T, unknown>> }): T[] {
  return Object.keys(table.transitions) as T[];
}

/** The transitions that leave `state`, in table order. */
export function transitionsFrom<S extends string, T extends string>(table: Rules<S, T>, state: S): T[] {
  return transitionNames(table).filter((name) => table.transitions[name].from.includes(state));
}

/** The states one transition away from `state`, in table order, each once. */
export function nextStates<S extends string, T extends string>(table: Rules<S, T>, state: S): S[] {
  return [...new Set(transitionsFrom(table, state).map((name) => table.transitions[name].to))];
}

/** The (first) transition that moves `from` to `to`, if any. */
export function transitionBetween<S extends string, T extends string>(
  table: Rules<S, T>,
  from: S,
  to: S,
): T | undefined {
  return transitionsFrom(table, from).find((name) => table.transitions[name].to === to);
}

/** The refusal of a transition from a state it does not leave; null when it leaves it. */
export function notFrom<S extends string, T extends string>(
  table: Rules<S, T>,
  name: T,
  state: S,
): Refusal | null {
  if (table.transitions[name].from.includes(state)) return null;
  return { code: `NOT_FROM_${table.stateWord.toUpperCase()}`, args: { [table.stateWord]: state } };
}

/**
 * Problems with a table: unknown states named anywhere, guards not in the table's list, states that
 * cannot be reached from the initial ones, dead ends. Empty when the table is sound.
 */
export function tableProblems(table: AnyTable): string[] {
  const problems: string[] = [];
  const word = table.stateWord;
  const known = new Set(table.states);
  const guards = new Set(table.guards);
  if (!table.initial.length) problems.push(`no initial ${word}`);
  for (const s of table.initial) if (!known.has(s)) problems.push(`initial ${word} ${s} is unknown`);
  for (const s of table.terminal) if (!known.has(s)) problems.push(`terminal ${word} ${s} is unknown`);
  for (const [name, rule] of Object.entries(table.transitions)) {
    if (!rule.from.length) problems.push(`transition ${name} leaves no ${word}`);
    for (const s of [...rule.from, rule.to])
      if (!known.has(s)) problems.push(`transition ${name} names unknown ${word} ${s}`);
    for (const g of rule.guards ?? [])
      if (!guards.has(g)) problems.push(`transition ${name} names unknown guard ${g}`);
  }
  const reached = new Set(table.initial.filter((s) => known.has(s)));
  const queue = [...reached];
  while (queue.length) {
    const state = queue.shift()!;
    for (const rule of Object.values(table.transitions)) {
      if (rule.from.includes(state) && !reached.has(rule.to)) {
        reached.add(rule.to);
        queue.push(rule.to);
      }
    }
  }
  const start = table.initial.join(' or ');
  for (const state of table.states) {
    if (!reached.has(state)) problems.push(`${word} ${state} cannot be reached from ${start}`);
    const out = Object.values(table.transitions).some((rule) => rule.from.includes(state));
    if (!out && !table.terminal.includes(state)) problems.push(`${word} ${state} is a dead end`);
  }
  return problems;
}

/** The Mermaid state diagram of a table (README, workflow page): one edge per `from` of each transition. */
export function tableMermaid(table: AnyTable): string {
  const lines = ['stateDiagram-v2', ...table.initial.map((s) => `  [*] --> ${s}`)];
  for (const [name, rule] of Object.entries(table.transitions))
    for (const from of rule.from) lines.push(`  ${from} --> ${rule.to}: ${name}`);
  for (const state of table.terminal) lines.push(`  ${state} --> [*]`);
  return lines.join('\n');
}

// ---- the machine -------------------------------------------------------------------------------------

/**
 * A table with the guards, effects and aftermaths the owning modules registered. Make one per track
 * (an injectable subclass), register in `onModuleInit`, and call `assertValid()` at start-up.
 */
export class StateMachine<
  S extends string,
  T extends string,
  G extends string = never,
  R extends TransitionRule<S, G> = TransitionRule<S, G>,
  C = unknown,
  O = unknown,
> {
  private readonly guardImpls = new Map<G, Guard<C>>();
  private readonly effects = new Map<T, Effect<C, O>[]>();
  private readonly aftermaths = new Map<T, Aftermath<C>[]>();
  readonly names: readonly T[];

  constructor(readonly table: StateTable<S, T, G, R>) {
    this.names = transitionNames(table);
  }

  rule(name: T): R {
    const rule = this.table.transitions[name];
    if (!rule) throw new Error(`${this.table.name}: unknown transition ${name}`);
    return rule;
  }

  transitionsFrom(state: S): T[] {
    return transitionsFrom(this.table, state);
  }

  nextStates(state: S): S[] {
    return nextStates(this.table, state);
  }

  transitionBetween(from: S, to: S): T | undefined {
    return transitionBetween(this.table, from, to);
  }

  /** Whether `name` leaves `state` (the table alone, no guards). */
  leaves(name: T, state: S): boolean {
    return this.rule(name).from.includes(state);
  }

  // ---- registration

  /** `replace` lets a later module supersede a default (e.g. referrals over the built-in refusal). */
  registerGuard(name: G, guard: Guard<C>, options: { replace?: boolean } = {}): void {
    if (!this.table.guards.includes(name)) throw new Error(`${this.table.name}: unknown guard ${name}`);
    if (this.guardImpls.has(name) && !options.replace)
      throw new Error(`${this.table.name}: guard ${name} registered twice`);
    this.guardImpls.set(name, guard);
  }

  registerEffect(name: T, effect: Effect<C, O>): void {
    this.rule(name);
    this.effects.set(name, [...(this.effects.get(name) ?? []), effect]);
  }

  registerAftermath(name: T, aftermath: Aftermath<C>): void {
    this.rule(name);
    this.aftermaths.set(name, [...(this.aftermaths.get(name) ?? []), aftermath]);
  }

  guard(name: G): Guard<C> {
    const guard = this.guardImpls.get(name);
    if (!guard) throw new Error(`${this.table.name}: guard ${name} has no implementation`);
    return guard;
  }

  effectsOf(name: T): Effect<C, O>[] {
    return this.effects.get(name) ?? [];
  }

  aftermathsOf(name: T): Aftermath<C>[] {
    return this.aftermaths.get(name) ?? [];
  }

  missingGuards(): G[] {
    return this.table.guards.filter((g) => !this.guardImpls.has(g));
  }

  // ---- start-up checks

  /** The table's problems and the guards without implementation. Empty when the machine is sound. */
  problems(): string[] {
    const problems = tableProblems(this.table as AnyTable);
    const missing = this.missingGuards();
    if (missing.length) problems.push(`guards without implementation: ${missing.join(', ')}`);
    return problems;
  }

  /** Throws, listing every problem, when the machine is not sound (run when the module starts). */
  assertValid(): void {
    const problems = this.problems();
    if (problems.length)
      throw new Error(`The ${this.table.name} table is not valid:\n  ${problems.join('\n  ')}`);
  }

  // ---- why not, can, transition

  /**
   * Why `name` may not fire from `state` now. When it does not leave the state, or the caller's own
   * refusals (`pre`, e.g. a missing permission) are not empty, those are the answer; otherwise every
   * guard's refusal, in order. Empty: it may fire.
   */
  async whyNot(name: T, state: S, ctx: C, pre: Refusal[] = []): Promise<Refusal[]> {
    const first = notFrom(this.table, name, state);
    const refusals = [...(first ? [first] : []), ...pre];
    if (refusals.length) return refusals;
    for (const g of this.rule(name).guards ?? []) {
      const refusal = await this.guard(g)(ctx);
      if (refusal) refusals.push(refusal);
    }
    return refusals;
  }

  async can(name: T, state: S, ctx: C): Promise<boolean> {
    return (await this.whyNot(name, state, ctx)).length === 0;
  }

  /**
   * Fires `name` from `state`: refuses (through `steps.refused`) from a state it does not leave and
   * at the first guard that refuses; then the caller writes the new state, the registered effects
   * run, the caller records the move, and the registered aftermaths run. Returns the move.
   */
  async transition(
    name: T,
    state: S,
    ctx: C,
    steps: TransitionSteps<S, T, O>,
  ): Promise<{ from: S; to: S; outputs: O[] }> {
    const rule = this.rule(name);
    const first = notFrom(this.table, name, state);
    if (first) throw steps.refused('not_from', first, name);
    for (const g of rule.guards ?? []) {
      const refusal = await this.guard(g)(ctx);
      if (refusal) throw steps.refused('guard', refusal, name);
    }
    await steps.apply(state, rule.to);
    const outputs: O[] = [];
    for (const effect of this.effectsOf(name)) {
      const out = await effect(ctx);
      if (out) outputs.push(out);
    }
    if (steps.record) await steps.record(state, rule.to, outputs);
    for (const aftermath of this.aftermathsOf(name)) await aftermath(ctx);
    return { from: state, to: rule.to, outputs };
  }

  /** The Mermaid state diagram of the table. */
  mermaid(): string {
    return tableMermaid(this.table as AnyTable);
  }
}
