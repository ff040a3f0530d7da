// The compiled workflow as an xstate machine. The compiler emits data (states, transitions,
// named guards and actions with params); the engine supplies the guard implementation here and
// executes the actions itself from the list xstate's pure `transition()` returns — so computing
// the next state never performs an effect, and effects run inside the action's transaction.
import { toXStateConfig, type ProcedureIR } from '@motcua/dsl';
import { createMachine, transition, type AnyStateMachine } from 'xstate';
import { evaluate, type EvalEnv } from '../rules/evaluate.ts';

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

/** The next state and the effects to run, or undefined when the event is not enabled. */
export function step(ir: ProcedureIR, state: string, event: WorkflowEvent): { state: string; actions: ActionRef[]; snapshot: unknown } | undefined {
  const machine = machineOf(ir);
  const snapshot = machine.resolveState({ value: state, context: {} });
  if (!snapshot.can(event as never)) return undefined;
  const [next, actions] = transition(machine, snapshot, event as never);
  return {
    state: String(next.value),
    actions: actions.map((a) => ({ type: a.type, ...(a.params ? { params: a.params as Record<string, unknown> } : {}) })),
    snapshot: machine.getPersistedSnapshot(next),
  };
}
