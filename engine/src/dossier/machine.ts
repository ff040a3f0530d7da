// The compiled workflow as an xstate machine. The compiler emits data (states, transitions,
// named guards and actions with params); the engine supplies the guard implementation here and
// executes the actions itself from the list xstate's pure `transition()` returns — so computing
// the next state never performs an effect, and effects run inside the action's transaction.
import { toXStateConfig, type ProcedureIR } from '@motcua/dsl';
import { createMachine, transition, type AnyStateMachine } from 'xstate';
import { evaluate, type EvalEnv } from '../rules/evaluate.ts';
import { encodeJson, type JsonText } from '../storage/json-text.ts';

export interface WorkflowEvent {
  readonly type: string;
  /** The dossier's facts the guards read (absent when the transition has no guard); not persisted. */
  readonly env?: EvalEnv;
}

export interface ActionRef {
  readonly type: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

const machines = new WeakMap<ProcedureIR, AnyStateMachine>();

export function machineOf(ir: ProcedureIR): AnyStateMachine {
  let m = machines.get(ir);
  if (!m) {
    const config = toXStateConfig(ir) as unknown as Parameters<typeof createMachine>[0];
    m = createMachine(config).provide({
      guards: {
        'guard.expr': ({ event }: { event: unknown }, params: unknown) => {
          const e = event as WorkflowEvent;
          if (!e.env) throw new Error('motcua: internal error: a guard was evaluated without the dossier facts');
          return evaluate((params as { expr: Parameters<typeof evaluate>[0] }).expr, e.env) === true;
        },
      },
    } as never);
    machines.set(ir, m);
  }
  return m;
}

export interface Step {
  readonly state: string;
  readonly actions: readonly ActionRef[];
  readonly snapshot: unknown;
  /** The persisted snapshot as stored (its JSON text). */
  readonly snapshotText: JsonText;
}

/**
 * What xstate answered, by state, event and which of the event's transitions was taken. The
 * machine has no context and no delayed or spawned parts, and the engine's guards are its only
 * input besides the state and the event's type; so from the same state, for the same event, with
 * the same first transition whose guard holds, xstate always answers the same. Computing that
 * answer costs xstate an actor per call (`transition()` builds an inert actor and its initial
 * snapshot): once per state, event and guard outcome is enough.
 */
const steps = new WeakMap<ProcedureIR, Map<string, Step | null>>();

/** The next state and the effects to run, or undefined when the event is not enabled. */
export function step(ir: ProcedureIR, state: string, event: WorkflowEvent): Step | undefined {
  // The candidates in xstate's order (the config lists the state's transitions of one event id in
  // order); their guards evaluated as the machine's guard does, up to the first that holds.
  const candidates = ir.workflow.states.find((s) => s.id === state)?.transitions;
  let taken = -1;
  // Kept only for the workflow's own events (the memo stays as small as the workflow).
  let known = false;
  if (candidates) {
    for (let i = 0; i < candidates.length && taken < 0; i++) {
      const t = candidates[i]!;
      if (t.id !== event.type) continue;
      known = true;
      if (!t.guard) taken = i;
      else if (!event.env) known = false; // xstate's guard says why
      else if (evaluate(t.guard, event.env) === true) taken = i;
      if (!known) break;
    }
  }
  let memo = steps.get(ir);
  if (!memo) steps.set(ir, (memo = new Map()));
  const key = `${state}\u0000${event.type}\u0000${taken}`;
  const cached = known ? memo.get(key) : undefined;
  if (cached !== undefined) return cached ?? undefined;
  const computed = transitionOf(ir, state, event);
  if (known) memo.set(key, computed ?? null);
  return computed;
}

function transitionOf(ir: ProcedureIR, state: string, event: WorkflowEvent): Step | undefined {
  const machine = machineOf(ir);
  const snapshot = machine.resolveState({ value: state, context: {} });
  if (!snapshot.can(event as never)) return undefined;
  const [next, actions] = transition(machine, snapshot, event as never);
  const persisted = machine.getPersistedSnapshot(next);
  return Object.freeze({
    state: String(next.value),
    actions: Object.freeze(actions.map((a) => Object.freeze({ type: a.type, ...(a.params ? { params: a.params as Record<string, unknown> } : {}) }))),
    snapshot: persisted,
    snapshotText: encodeJson(persisted),
  });
}

const resultStates = new WeakMap<ProcedureIR, ReadonlySet<string>>();

/**
 * Whether, from `state`, the workflow can still reach a transition that issues a result. A
 * procedure may issue several results on the way (a liên thông chain: the birth certificate, then
 * the residence, then the health card); the dossier is decided — early, on time or late — by the
 * result after which none can follow.
 */
export function resultsAhead(ir: ProcedureIR, state: string): boolean {
  let ahead = resultStates.get(ir);
  if (!ahead) {
    // Backwards from the states with a transition that issues a result, to a fixed point.
    const set = new Set<string>();
    const states = ir.workflow.states;
    for (let grew = true; grew; ) {
      grew = false;
      for (const s of states) {
        if (set.has(s.id)) continue;
        if (s.transitions.some((t) => set.has(t.target) || t.effects.some((e) => e.type === 'issue' && e.what === 'result'))) {
          set.add(s.id);
          grew = true;
        }
      }
    }
    resultStates.set(ir, (ahead = set));
  }
  return ahead.has(state);
}
