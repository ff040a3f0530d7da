// The workflow: every state reachable and able to finish, owned by a role, transitions to
// states that exist with known inputs and issued papers.
import type * as A from '../ast.ts';
import { closest } from '../diagnostics.ts';
import { renameFix, report } from './catalog.ts';
import { checkCondition } from './expr.ts';
import { checkAgencyRef, reportDuplicates, WHAT, type FileCx } from './names.ts';
import type { ProcedureIndex, Scope } from './scope.ts';

export const ROLES = ['citizen', 'reception', 'specialist', 'leader'] as const;
export const WITH_INPUTS = ['reason', 'note', 'missing', 'new_date'] as const;
export const ISSUE_KINDS = ['receipt', 'result', 'supplement_request', 'refusal'] as const;

export function roleOf(state: A.StateDecl): A.Ident | undefined {
  for (const c of state.clauses) if (c.kind === 'By') return c.role;
  return undefined;
}

export function issues(t: A.TransitionDecl, what: string): boolean {
  return t.clauses.some((c) => c.kind === 'Issue' && c.what.text === what);
}

/** Edges between known states; a final state has none (it ends the dossier). */
export function successors(index: ProcedureIndex, state: A.StateDecl): { target: A.StateDecl; transition: A.TransitionDecl }[] {
  if (state.final) return [];
  const out: { target: A.StateDecl; transition: A.TransitionDecl }[] = [];
  for (const t of state.transitions) {
    const target = index.states.get(t.target.text);
    if (target) out.push({ target, transition: t });
  }
  return out;
}

function checkRole(cx: FileCx, role: A.Ident): void {
  if (!role.text || (ROLES as readonly string[]).includes(role.text)) return;
  const suggestion = closest(role.text, ROLES);
  report(cx.out, 'MC2005', role.span, { name: role.text, roles: ROLES, suggestion }, renameFix(role.span, suggestion));
}

function checkWord(cx: FileCx, ident: A.Ident, allowed: readonly string[], code: 'MC4008' | 'MC4009'): void {
  if (!ident.text || allowed.includes(ident.text)) return;
  const suggestion = closest(ident.text, allowed);
  report(cx.out, code, ident.span, { name: ident.text, allowed, suggestion }, renameFix(ident.span, suggestion));
}

function checkTransition(cx: FileCx, t: A.TransitionDecl, index: ProcedureIndex, scope: Scope): void {
  if (t.target.text && !index.states.has(t.target.text)) {
    const suggestion = closest(t.target.text, index.states.keys());
    report(cx.out, 'MC4007', t.target.span, { name: t.target.text, suggestion }, renameFix(t.target.span, suggestion));
  }
  for (const c of t.clauses) {
    switch (c.kind) {
      case 'Requires':
        checkCondition(c.guard, 'requires', scope, cx.out);
        break;
      case 'With':
        c.inputs.forEach((i) => checkWord(cx, i, WITH_INPUTS, 'MC4008'));
        break;
      case 'Issue':
        checkWord(cx, c.what, ISSUE_KINDS, 'MC4009');
        if (c.result?.text && !index.results.has(c.result.text)) {
          const suggestion = closest(c.result.text, index.results.keys());
          report(cx.out, 'MC2007', c.result.span, { name: c.result.text, suggestion }, renameFix(c.result.span, suggestion));
        }
        break;
      case 'Notify':
        checkRole(cx, c.role);
        break;
      case 'Handover':
        checkAgencyRef(cx, c.agency);
        break;
      default:
        break;
    }
  }
}

export function checkWorkflow(cx: FileCx, decl: A.ProcedureDecl, scope: Scope): void {
  const index = scope.procedure!;
  const workflows = decl.items.filter((i): i is A.WorkflowDecl => i.kind === 'Workflow');
  if (!workflows.length) {
    if (decl.name.text) report(cx.out, 'MC4001', decl.name.span, { name: decl.name.text });
    return;
  }
  reportDuplicates(
    cx,
    WHAT.line,
    workflows.map((w) => ({ text: 'workflow', span: { start: w.span.start, end: w.span.start + 'workflow'.length } })),
  );
  const wf = workflows[0]!;
  const states = wf.states.filter((s) => s.name.text);
  reportDuplicates(cx, WHAT.state, states.map((s) => s.name));
  const finals = states.filter((s) => s.final);
  // An empty `workflow {}` has no final state either (it would compile to a machine with no initial state).
  if (!finals.length && (states.length || !wf.states.length)) report(cx.out, 'MC4002', { start: wf.span.start, end: wf.span.start + 'workflow'.length }, undefined);

  for (const s of states) {
    reportDuplicates(cx, WHAT.transition, s.transitions.map((t) => t.name));
    const role = roleOf(s);
    if (!s.final && !role) report(cx.out, 'MC4006', s.name.span, { name: s.name.text });
    for (const c of s.clauses) {
      if (c.kind === 'By') checkRole(cx, c.role);
      if (c.kind === 'At') checkAgencyRef(cx, c.agency);
      if (c.kind === 'Pauses' && role?.text && role.text !== 'citizen' && (ROLES as readonly string[]).includes(role.text)) {
        report(cx.out, 'MC4010', c.span, { name: s.name.text, role: role.text });
      }
    }
    const firstOut = s.transitions.find((t) => t.name.text);
    if (s.final && firstOut) report(cx.out, 'MC4005', firstOut.name.span, { name: s.name.text, transition: firstOut.name.text });
    for (const t of s.transitions) checkTransition(cx, t, index, scope);
  }

  // Reachability, only over the first declaration of each name (duplicates are reported above).
  const initial = index.initial;
  if (!initial) return;
  const known = [...index.states.values()];
  const reached = new Set<A.StateDecl>([initial]);
  const stack = [initial];
  while (stack.length) {
    for (const { target } of successors(index, stack.pop()!)) {
      if (!reached.has(target)) {
        reached.add(target);
        stack.push(target);
      }
    }
  }
  for (const s of known) if (!reached.has(s)) report(cx.out, 'MC4003', s.name.span, { name: s.name.text, initial: initial.name.text });
  if (!finals.length) return;

  // The states from which `from` can be reached by transitions that pass `through` (all by default).
  const incoming = new Map<A.StateDecl, { source: A.StateDecl; transition: A.TransitionDecl }[]>();
  for (const s of known) {
    for (const { target, transition } of successors(index, s)) {
      const list = incoming.get(target);
      if (list) list.push({ source: s, transition });
      else incoming.set(target, [{ source: s, transition }]);
    }
  }
  const backwards = (from: Iterable<A.StateDecl>, through: (t: A.TransitionDecl) => boolean = () => true) => {
    const set = new Set<A.StateDecl>(from);
    const stack = [...set];
    while (stack.length) {
      for (const { source, transition } of incoming.get(stack.pop()!) ?? []) {
        if (!set.has(source) && through(transition)) {
          set.add(source);
          stack.push(source);
        }
      }
    }
    return set;
  };
  const finishing = backwards(known.filter((s) => s.final));
  for (const s of known) if (reached.has(s) && !finishing.has(s)) report(cx.out, 'MC4004', s.name.span, { name: s.name.text });

  // A dossier is decided (early, on time, late) by the result after which no other can come. A
  // result with more that may follow is one on the way (a liên thông chain); if the dossier can
  // then also end without any of them, it ends undecided.
  const resultAhead = backwards(known.filter((s) => successors(index, s).some(({ transition }) => issues(transition, 'result'))));
  const endsWithoutResult = backwards(known.filter((s) => s.final), (t) => !issues(t, 'result'));
  for (const s of known) {
    for (const { target, transition } of successors(index, s)) {
      if (issues(transition, 'result') && reached.has(s) && resultAhead.has(target) && endsWithoutResult.has(target)) {
        report(cx.out, 'MC4011', transition.name.span, { name: transition.name.text, state: target.name.text });
      }
    }
  }
}
