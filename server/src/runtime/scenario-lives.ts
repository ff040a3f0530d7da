// Walking a procedure generically over its IR, for whatever lives its dossiers: the values of a
// scenario's `given` steps as form inputs (moved to another day when lived on another clock), the
// transitions that lead towards a result, the supplement request of a state, and sample files
// whose bytes match their extension. Used by the sample dossiers of the default set-up
// (sample-dossiers.ts), the tests that drive the library over HTTP (testing/flows.ts re-exports
// these) and the load bench.
import type { IRExpr, IRScenario, IRState, IRTransition, ProcedureIR } from '@motcua/dsl';

/** Minimal files whose bytes match their extension (the engine checks the magic numbers). */
export const SAMPLE_FILES: Record<string, { bytes: Uint8Array; mime: string }> = {
  pdf: { bytes: new TextEncoder().encode('%PDF-1.4\n% Motcua test document\n%%EOF\n'), mime: 'application/pdf' },
  jpg: { bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]), mime: 'image/jpeg' },
  jpeg: { bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]), mime: 'image/jpeg' },
  png: { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), mime: 'image/png' },
};

/** The value of a scenario literal (`150_000_000 VND`, `2025-04-02`, `[a, b]`, `owner`). */
export function literal(e: IRExpr): unknown {
  if (e.kind === 'lit') return e.type === 'percent' ? (e.value as number) / 100 : e.value;
  if (e.kind === 'list') return e.items.map(literal);
  if (e.kind === 'unary' && e.op === '-' && e.operand.kind === 'lit') return -(e.operand.value as number);
  if (e.kind === 'ref') return e.path.join('.');
  return undefined;
}

/** Transitions that issue a result. */
export const issuesResult = (t: IRTransition) => t.effects.some((e) => e.type === 'issue' && e.what === 'result');

/**
 * Steps to a final state reached by a transition that issues a result ("done"-like), for every
 * state from which one is reachable; self-loops (postpone) never count.
 */
export function stepsToResult(ir: ProcedureIR): Map<string, number> {
  const goals = new Set<string>();
  for (const s of ir.workflow.states) for (const t of s.transitions) if (issuesResult(t) && ir.workflow.states.find((x) => x.id === t.target)?.final) goals.add(t.target);
  return stepsTo(ir, goals);
}

/**
 * Steps to a final state an officer refuses into — reached from an agency's state by a
 * transition that asks for a reason and issues no result — for every state that can reach one.
 */
export function stepsToRefusal(ir: ProcedureIR): Map<string, number> {
  const goals = new Set<string>();
  for (const s of ir.workflow.states) {
    if (s.role === 'citizen') continue;
    for (const t of s.transitions) if (!issuesResult(t) && t.inputs.includes('reason') && ir.workflow.states.find((x) => x.id === t.target)?.final) goals.add(t.target);
  }
  return stepsTo(ir, goals);
}

function stepsTo(ir: ProcedureIR, goals: ReadonlySet<string>): Map<string, number> {
  const dist = new Map<string, number>([...goals].map((g) => [g, 0]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of ir.workflow.states) {
      for (const t of s.transitions) {
        if (t.target === s.id) continue;
        const d = dist.get(t.target);
        if (d !== undefined && (dist.get(s.id) ?? Infinity) > d + 1) {
          dist.set(s.id, d + 1);
          changed = true;
        }
      }
    }
  }
  return dist;
}

/** The transitions of a state that move towards the result, nearest first. */
export function towardsResult(ir: ProcedureIR, state: IRState): IRTransition[] {
  return towards(stepsToResult(ir), state);
}

/** The transitions of a state that move towards a refusal, nearest first. */
export function towardsRefusal(ir: ProcedureIR, state: IRState): IRTransition[] {
  return towards(stepsToRefusal(ir), state);
}

function towards(dist: ReadonlyMap<string, number>, state: IRState): IRTransition[] {
  const here = dist.get(state.id) ?? Infinity;
  return state.transitions
    .filter((t) => t.target !== state.id && (dist.get(t.target) ?? Infinity) < here)
    .sort((a, b) => dist.get(a.target)! - dist.get(b.target)!);
}

/** A supplement request of this state: the officer asks, the citizen's state waits. */
export function supplementOf(ir: ProcedureIR, state: IRState): IRTransition | undefined {
  if (state.role === 'citizen') return undefined;
  return state.transitions.find((t) => t.inputs.includes('missing') && ir.workflow.states.find((x) => x.id === t.target)?.role === 'citizen');
}

/**
 * The first scenario whose `do` steps reach a result, acting while the procedure is in effect (a
 * citizen cannot open a dossier before): its given values are known to satisfy the guards.
 */
export function scenarioWithResult(ir: ProcedureIR): IRScenario | undefined {
  const resultIds = new Set(ir.workflow.states.flatMap((s) => s.transitions.filter(issuesResult).map((t) => t.id)));
  const inEffect = (at: string) => (!ir.effective || ir.effective.from <= at.slice(0, 10)) && (!ir.effective?.until || at.slice(0, 10) <= ir.effective.until);
  return ir.scenarios.find((sc) => {
    const first = sc.steps.find((st) => st.kind === 'do');
    return first?.kind === 'do' && inEffect(first.at) && sc.steps.some((st) => st.kind === 'do' && st.actions.some((a) => resultIds.has(a)));
  });
}

export interface ScenarioInputs {
  readonly channel: string;
  readonly citizen: string;
  readonly form: Record<string, unknown>;
  /** The first `do` time, "YYYY-MM-DDTHH:mm". */
  readonly at: string;
  /** The total fee the scenario expects before or at its first action, if it says so. */
  readonly expectedFee?: number;
}

export function scenarioInputs(ir: ProcedureIR, sc: IRScenario): ScenarioInputs {
  let channel = ir.channels[0]!;
  let citizen = '001000000000';
  const form: Record<string, unknown> = {};
  let at: string | undefined;
  let expectedFee: number | undefined;
  let doSteps = 0;
  for (const st of sc.steps) {
    if (st.kind === 'given') {
      for (const item of st.items) {
        const v = literal(item.value);
        if (item.key === 'channel') channel = v as typeof channel;
        else if (item.key === 'citizen') citizen = String(v);
        else if (item.key === 'missing' || item.key === 'paid') continue;
        else form[item.key] = v;
      }
    } else if (st.kind === 'do') {
      at ??= st.at;
      doSteps++;
    } else if (st.kind === 'expect' && st.what === 'fee' && !st.subject && expectedFee === undefined && doSteps <= 1) {
      expectedFee = Number(literal(st.value));
    }
  }
  return { channel, citizen, form, at: at ?? `${ir.effective?.from ?? '2025-03-03'}T09:00`, ...(expectedFee !== undefined ? { expectedFee } : {}) };
}

const DATE_VALUE = /^(\d{4}-\d{2}-\d{2})([ T]\d{2}:\d{2})?$/;

/**
 * The scenario's inputs moved to `today` ("YYYY-MM-DD"): every date in the form is shifted by as
 * many days as separate the scenario's first action from today, so that it keeps its meaning
 * ("stay until 484 days after applying") when the scenario is lived on the real clock (the load
 * bench) rather than on its own virtual one. `at` becomes today at the scenario's hour.
 */
export function rebaseInputs(inputs: ScenarioInputs, today: string): ScenarioInputs {
  const shift = Date.parse(`${today}T00:00Z`) - Date.parse(`${inputs.at.slice(0, 10)}T00:00Z`);
  const moved = (day: string) => new Date(Date.parse(`${day}T00:00Z`) + shift).toISOString().slice(0, 10);
  const form = Object.fromEntries(
    Object.entries(inputs.form).map(([k, v]) => {
      const m = typeof v === 'string' ? DATE_VALUE.exec(v) : null;
      return [k, m ? moved(m[1]!) + (m[2] ?? '') : v];
    }),
  );
  return { ...inputs, form, at: `${today}${inputs.at.slice(10)}` };
}
