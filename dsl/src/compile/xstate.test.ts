import { describe, expect, it } from 'vitest';
import { createMachine, initialTransition, setup, transition, type AnyStateMachine } from 'xstate';
import { fixtures, fixtureWorkspace } from './__fixtures__/workspace.ts';
import { compileProcedure } from './ir-compiler.ts';
import type { IRExpr, ProcedureIR } from './ir.ts';
import { ACTION_TYPES, GUARD_EXPR, toXStateConfig } from './xstate.ts';

function ir(name: string): ProcedureIR {
  const r = compileProcedure(fixtureWorkspace(), name);
  if (!r.ir) throw new Error(`no IR for ${name}`);
  return r.ir;
}

/** The engine's side, stubbed: every guard answers `pass`, every action is a no-op. */
function machine(procedure: ProcedureIR, pass: (expr: IRExpr) => boolean = () => true): AnyStateMachine {
  const noop = () => {};
  const config = toXStateConfig(procedure) as unknown as Parameters<typeof createMachine>[0];
  return setup({
    guards: { [GUARD_EXPR]: (_: unknown, params: { expr: IRExpr }) => pass(params.expr) },
    actions: Object.fromEntries(ACTION_TYPES.map((a) => [a, noop])),
  }).createMachine(config as never) as unknown as AnyStateMachine;
}

/** Runs events from the initial state; returns the state reached and the actions asked for. */
function run(m: AnyStateMachine, ...events: string[]) {
  let [snapshot] = initialTransition(m);
  const actions: { type: string; params?: unknown }[] = [];
  for (const type of events) {
    const [next, executed] = transition(m, snapshot, { type });
    snapshot = next;
    for (const a of executed) if (ACTION_TYPES.includes(a.type as never)) actions.push({ type: a.type, params: a.params });
  }
  return { state: snapshot.value, status: snapshot.status, actions };
}

describe('toXStateConfig', () => {
  for (const f of fixtures) {
    it(`gives xstate a valid machine for ${f.name}`, () => {
      const config = toXStateConfig(ir(f.name));
      expect(() => createMachine(config as never)).not.toThrow();
    });

    it(`is plain JSON for ${f.name}: no functions, no undefined, no delayed transitions`, () => {
      const config = toXStateConfig(ir(f.name));
      expect(JSON.parse(JSON.stringify(config))).toEqual(config);
      const text = JSON.stringify(config);
      expect(text).not.toContain('"after"');
      expect(text).not.toContain('"always"');
    });
  }

  it('moves a submitted dossier from the draft to reception when the guard holds', () => {
    expect(run(machine(ir('dang_ky_thuong_tru')), 'submit').state).toBe('submitted');
    expect(run(machine(ir('cap_phep_xay_dung')), 'submit').state).toBe('reception');
  });

  it('keeps the dossier in its state when the guard fails, and asks the engine with the compiled expression', () => {
    const seen: IRExpr[] = [];
    const m = machine(ir('dang_ky_thuong_tru'), (expr) => (seen.push(expr), false));
    expect(run(m, 'submit').state).toBe('draft');
    expect(seen).toEqual([ir('dang_ky_thuong_tru').workflow.states[0]!.transitions[0]!.guard]);
  });

  it('asks the engine to issue the receipt when the dossier is accepted', () => {
    const { state, actions } = run(machine(ir('dang_ky_thuong_tru')), 'submit', 'accept');
    expect(state).toBe('processing');
    expect(actions).toEqual([{ type: 'issue', params: { what: 'receipt' } }]);
  });

  it('restarts the clock when a processing officer asks for a supplement', () => {
    const { state, actions } = run(machine(ir('dang_ky_thuong_tru')), 'submit', 'accept', 'ask_supplement');
    expect(state).toBe('supplementing');
    expect(actions.at(-1)).toEqual({ type: 'clock.restart', params: undefined });
  });

  it('hands the dossier over to another agency and reaches a final state with the result', () => {
    const m = machine(ir('cap_phep_xay_dung'));
    const consulted = run(m, 'submit', 'accept', 'consult');
    expect(consulted.state).toBe('consultation');
    expect(consulted.actions.at(-1)).toEqual({ type: 'handover', params: { agency: 'phong_kinh_te' } });
    const done = run(m, 'submit', 'accept', 'propose', 'approve');
    expect(done).toMatchObject({ state: 'done', status: 'done' });
    expect(done.actions.slice(-2)).toEqual([
      { type: 'issue', params: { what: 'result', result: 'permit_doc' } },
      { type: 'notify', params: { role: 'citizen', message: 'Giấy phép đã được cấp' } },
    ]);
  });

  it('marks final states and carries role, agency, SLA and clock pause as meta', () => {
    const config = toXStateConfig(ir('cap_phep_xay_dung'));
    expect(config.states['refused']).toEqual({ type: 'final', meta: { label: 'Từ chối', pausesClock: false } });
    expect(config.states['supplementing']!.meta).toEqual({ label: 'Chờ bổ sung', role: 'citizen', agency: 'ubnd_xa', pausesClock: true });
    expect(config.states['consultation']!.meta).toMatchObject({ agency: 'phong_kinh_te', sla: { amount: 3, unit: 'working_days' } });
  });

  it('lists several transitions on one event in order, for xstate to take the first whose guard holds', () => {
    const base = ir('dang_ky_thuong_tru');
    const draft = base.workflow.states[0]!;
    const twice: ProcedureIR = {
      ...base,
      workflow: {
        ...base.workflow,
        states: [
          { ...draft, transitions: [draft.transitions[0]!, { ...draft.transitions[0]!, target: 'refused', guard: undefined }] },
          ...base.workflow.states.slice(1),
        ],
      },
    };
    const on = toXStateConfig(twice).states['draft']!.on!['submit'];
    expect(Array.isArray(on)).toBe(true);
    expect(run(machine(twice, () => false), 'submit').state).toBe('refused');
  });
});
