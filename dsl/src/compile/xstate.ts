// The workflow as an xstate v5 machine config: plain JSON, with guards and actions referenced
// by name and parameters (`{ type, params }`) for the engine to implement in `setup()`. No
// `after`: delayed events do not survive persistence, so deadlines and timers live in the
// database. Event types are the transition ids (`{ type: 'submit' }`).
import type { IREffect, IRExpr, IRState, IRTransition, ProcedureIR } from './ir.ts';

/** Guard implemented by the engine: evaluates `params.expr` against the dossier. */
export const GUARD_EXPR = 'guard.expr';

/** Action names the engine must implement. */
export const ACTION_TYPES = ['issue', 'notify', 'handover', 'clock.restart', 'clock.stop'] as const;

export interface XStateAction {
  readonly type: (typeof ACTION_TYPES)[number];
  readonly params?: Readonly<Record<string, unknown>>;
}

export interface XStateTransition {
  readonly target: string;
  readonly guard?: { readonly type: typeof GUARD_EXPR; readonly params: { readonly expr: IRExpr } };
  readonly actions?: readonly XStateAction[];
  readonly meta: { readonly label: string; readonly labelEn?: string; readonly inputs: readonly string[] };
}

export interface XStateStateNode {
  readonly type?: 'final';
  readonly meta: {
    readonly label: string;
    readonly labelEn?: string;
    readonly role?: string;
    readonly agency?: string;
    readonly sla?: { readonly amount: number; readonly unit: string };
    readonly pausesClock: boolean;
  };
  readonly on?: Readonly<Record<string, XStateTransition | readonly XStateTransition[]>>;
}

export interface XStateMachineConfig {
  readonly id: string;
  readonly initial: string;
  readonly states: Readonly<Record<string, XStateStateNode>>;
}

function action(effect: IREffect): XStateAction {
  switch (effect.type) {
    case 'issue':
      return { type: 'issue', params: { what: effect.what, ...(effect.result ? { result: effect.result } : {}) } };
    case 'notify':
      return {
        type: 'notify',
        params: {
          role: effect.role,
          ...(effect.message !== undefined ? { message: effect.message } : {}),
          ...(effect.messageEn !== undefined ? { messageEn: effect.messageEn } : {}),
        },
      };
    case 'handover':
      return { type: 'handover', params: { agency: effect.agency } };
    case 'clock':
      return { type: effect.action === 'restart' ? 'clock.restart' : 'clock.stop' };
  }
}

function transition(t: IRTransition): XStateTransition {
  return {
    target: t.target,
    ...(t.guard ? { guard: { type: GUARD_EXPR, params: { expr: t.guard } } } : {}),
    ...(t.effects.length ? { actions: t.effects.map(action) } : {}),
    meta: { label: t.label, ...(t.labelEn ? { labelEn: t.labelEn } : {}), inputs: t.inputs },
  };
}

function stateNode(s: IRState): XStateStateNode {
  const meta = {
    label: s.label,
    ...(s.labelEn ? { labelEn: s.labelEn } : {}),
    ...(s.role ? { role: s.role } : {}),
    ...(s.agency ? { agency: s.agency } : {}),
    ...(s.sla ? { sla: { amount: s.sla.amount, unit: s.sla.unit } } : {}),
    pausesClock: s.pausesClock,
  };
  if (s.final) return { type: 'final', meta };
  // Several transitions may share an event: xstate takes the first whose guard holds.
  const on: Record<string, XStateTransition | XStateTransition[]> = {};
  for (const t of s.transitions) {
    const compiled = transition(t);
    const prev = on[t.id];
    on[t.id] = prev === undefined ? compiled : [...(Array.isArray(prev) ? prev : [prev]), compiled];
  }
  return { meta, ...(s.transitions.length ? { on } : {}) };
}

/** The machine config of the procedure's workflow (JSON-serialisable, deterministic). */
export function toXStateConfig(ir: ProcedureIR): XStateMachineConfig {
  const states: Record<string, XStateStateNode> = {};
  for (const s of ir.workflow.states) states[s.id] = stateNode(s);
  return { id: ir.id, initial: ir.workflow.initial, states };
}
