import { resolve } from 'node:path';
import { compileProcedure, type IRState, type IRWorkflow } from '@motcua/dsl';
import { loadWorkspace } from '@motcua/dsl/node';
import { describe, expect, it } from 'vitest';
import { bfsLayers, labelWidth, layoutWorkflow, type LayoutEdge, type LayoutNode, type WorkflowLayout } from './workflow-layout.ts';

const state = (id: string, targets: string[], extra: Partial<IRState> = {}): IRState => ({
  id,
  label: id,
  final: targets.length === 0 && !extra.transitions,
  pausesClock: false,
  transitions: targets.map((target) => ({ id: `${id}_to_${target}`, label: `${id}→${target}`, target, inputs: [], effects: [] })),
  ...extra,
});

/** The residence-registration shape: reception, supplement loop, processing, approval, finals. */
const residence: IRWorkflow = {
  initial: 'draft',
  states: [
    state('draft', ['submitted'], { role: 'citizen' }),
    state('submitted', ['processing', 'supplementing', 'refused'], { role: 'reception', sla: { amount: 4, unit: 'working_hours' } }),
    state('supplementing', ['submitted'], { role: 'citizen', pausesClock: true }),
    state('processing', ['approval', 'supplementing'], { role: 'specialist', sla: { amount: 5, unit: 'working_days' } }),
    state('approval', ['done', 'processing', 'approval'], { role: 'leader', sla: { amount: 1, unit: 'working_days' } }),
    state('done', []),
    state('refused', []),
  ],
};

const node = (l: WorkflowLayout, id: string): LayoutNode => l.nodes.find((n) => n.id === id)!;
const overlaps = (a: LayoutNode, b: LayoutNode) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
/** The first and last points of an SVG path `M x,y C … x,y`. */
const ends = (d: string) => {
  const nums = d.match(/-?\d+(?:\.\d+)?/g)!.map(Number);
  return { start: { x: nums[0]!, y: nums[1]! }, end: { x: nums.at(-2)!, y: nums.at(-1)! } };
};
const onBorder = (p: { x: number; y: number }, n: LayoutNode) =>
  p.x >= n.x - 0.1 && p.x <= n.x + n.width + 0.1 && p.y >= n.y - 0.1 && p.y <= n.y + n.height + 0.1 &&
  (Math.abs(p.x - n.x) < 0.1 || Math.abs(p.x - n.x - n.width) < 0.1 || Math.abs(p.y - n.y) < 0.1 || Math.abs(p.y - n.y - n.height) < 0.1);

/** Points along an edge's path (straight runs and cubic curves), for crossing checks. */
function samples(e: LayoutEdge): { x: number; y: number }[] {
  const tokens = e.path.match(/[MLC]|-?\d+(?:\.\d+)?,-?\d+(?:\.\d+)?/g)!;
  const out: { x: number; y: number }[] = [];
  let cur = { x: 0, y: 0 };
  for (let i = 0; i < tokens.length; ) {
    const cmd = tokens[i++]!;
    const pt = () => {
      const [x, y] = tokens[i++]!.split(',').map(Number);
      return { x: x!, y: y! };
    };
    if (cmd === 'M') cur = pt();
    else if (cmd === 'L') {
      const to = pt();
      for (let k = 1; k < 20; k++) out.push({ x: cur.x + ((to.x - cur.x) * k) / 20, y: cur.y + ((to.y - cur.y) * k) / 20 });
      cur = to;
    } else {
      const [c1, c2, to] = [pt(), pt(), pt()];
      for (let k = 1; k < 20; k++) {
        const t = k / 20;
        const u = 1 - t;
        out.push({
          x: u * u * u * cur.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * to.x,
          y: u * u * u * cur.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * to.y,
        });
      }
      cur = to;
    }
  }
  return out;
}
const inside = (p: { x: number; y: number }, n: LayoutNode) => p.x > n.x + 0.5 && p.x < n.x + n.width - 0.5 && p.y > n.y + 0.5 && p.y < n.y + n.height - 0.5;

/** Nothing hides anything: boxes apart, no arrow through a box, no label over another. */
function expectReadable(l: WorkflowLayout, name: string): void {
  for (const a of l.nodes) for (const b of l.nodes) if (a !== b) expect(overlaps(a, b), `${name}: boxes ${a.id} / ${b.id}`).toBe(false);
  for (const e of l.edges) {
    if (e.kind === 'self') continue;
    for (const n of l.nodes) expect(samples(e).some((p) => inside(p, n)), `${name}: ${e.from}→${e.to} crosses ${n.id}`).toBe(false);
  }
  l.edges.forEach((a, i) =>
    l.edges.slice(i + 1).forEach((b) => {
      const apart = Math.abs(a.labelAt.x - b.labelAt.x) * 2 >= labelWidth(a.label) + labelWidth(b.label) || Math.abs(a.labelAt.y - b.labelAt.y) >= 15;
      expect(apart, `${name}: labels ${a.id} / ${b.id}`).toBe(true);
    }),
  );
  for (const e of l.edges) {
    const w = labelWidth(e.label);
    for (const n of l.nodes) {
      const covers = e.labelAt.x + w / 2 > n.x && e.labelAt.x - w / 2 < n.x + n.width && e.labelAt.y + 7.5 > n.y && e.labelAt.y - 7.5 < n.y + n.height;
      expect(covers, `${name}: label ${e.id} over ${n.id}`).toBe(false);
    }
  }
  for (const n of l.nodes) expect(n.x >= 0 && n.x + n.width <= l.width && n.y + n.height <= l.height, `${name}: ${n.id} inside`).toBe(true);
}

describe('workflow layout', () => {
  it('puts each state in the layer of its breadth-first distance from the initial state', () => {
    expect(Object.fromEntries(bfsLayers(residence))).toEqual({
      draft: 0,
      submitted: 1,
      processing: 2,
      supplementing: 2,
      refused: 2,
      approval: 3,
      done: 4,
    });
    const l = layoutWorkflow(residence);
    for (const n of l.nodes) expect(n.layer).toBe(bfsLayers(residence).get(n.id));
    // Layers go down the page: a deeper layer is strictly lower.
    expect(node(l, 'draft').y).toBeLessThan(node(l, 'submitted').y);
    expect(node(l, 'submitted').y).toBeLessThan(node(l, 'processing').y);
    expect(node(l, 'processing').y).toBe(node(l, 'refused').y);
    expect(node(l, 'approval').y).toBeLessThan(node(l, 'done').y);
  });

  it('orders a layer as the transitions are written, and keeps boxes apart', () => {
    const l = layoutWorkflow(residence);
    const layer2 = l.nodes.filter((n) => n.layer === 2).sort((a, b) => a.x - b.x).map((n) => n.id);
    expect(layer2).toEqual(['processing', 'supplementing', 'refused']);
    expectReadable(l, 'residence');
  });

  it('draws every transition once, from its state to its target, and tells forward from back', () => {
    const l = layoutWorkflow(residence);
    const transitions = residence.states.flatMap((s) => s.transitions.map((t) => `${s.id}>${t.target}`));
    expect(l.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual(transitions.sort());
    const kind = (from: string, to: string) => l.edges.find((e) => e.from === from && e.to === to)!.kind;
    expect(kind('draft', 'submitted')).toBe('forward');
    expect(kind('supplementing', 'submitted')).toBe('back'); // the resubmission climbs a layer
    expect(kind('approval', 'processing')).toBe('back'); // sent back for review
    expect(kind('processing', 'supplementing')).toBe('same');
    expect(kind('approval', 'approval')).toBe('self'); // postponement with an apology letter
    for (const e of l.edges) {
      const { start, end } = ends(e.path);
      expect(onBorder(start, node(l, e.from)), `${e.id} starts on ${e.from}`).toBe(true);
      expect(onBorder(end, node(l, e.to)), `${e.id} ends on ${e.to}`).toBe(true);
      expect(e.label).not.toBe('');
    }
  });

  it('carries role, SLA and finality to the boxes', () => {
    const l = layoutWorkflow(residence);
    expect(node(l, 'submitted')).toMatchObject({ role: 'reception', sla: { amount: 4, unit: 'working_hours' }, final: false });
    expect(node(l, 'supplementing').pausesClock).toBe(true);
    expect(node(l, 'done').final).toBe(true);
    expect(node(l, 'draft').initial).toBe(true);
    expect(l.nodes.filter((n) => n.initial)).toHaveLength(1);
  });

  it('places states no transition reaches below everything else, flagged', () => {
    const wf: IRWorkflow = { initial: 'a', states: [state('a', ['b']), state('orphan', ['b']), state('b', [])] };
    const l = layoutWorkflow(wf);
    expect(node(l, 'orphan')).toMatchObject({ unreachable: true, layer: 2 });
    expect(node(l, 'orphan').y).toBeGreaterThan(node(l, 'b').y);
    expect(node(l, 'b').unreachable).toBe(false);
  });

  it('lays out every procedure of the library with nothing hiding anything', () => {
    const ws = loadWorkspace(resolve(import.meta.dirname, '../../../procedures'));
    let laidOut = 0;
    for (const { decl } of ws.procedures()) {
      const { ir } = compileProcedure(ws, decl.name.text);
      if (!ir) continue;
      const l = layoutWorkflow(ir.workflow);
      laidOut++;
      expect(l.nodes).toHaveLength(ir.workflow.states.length);
      expect(l.edges).toHaveLength(ir.workflow.states.reduce((n, s) => n + s.transitions.length, 0));
      expectReadable(l, ir.id);
    }
    expect(laidOut).toBeGreaterThan(0);
  });
});

describe('workflow layout in English', () => {
  // Short Vietnamese names, long English ones where given: the English are laid out, not the Vietnamese.
  const english: IRWorkflow = {
    ...residence,
    states: residence.states.map((s) =>
      s.id === 'refused'
        ? s // no English: the Vietnamese name
        : { ...s, labelEn: `${s.id} in English`, transitions: s.transitions.map((t) => ({ ...t, labelEn: `${t.id.replace(/_to_/, ' then ')} — a long English action name` })) },
    ),
  };

  it('lays out the names of the language asked for, each without English by its Vietnamese', () => {
    const en = layoutWorkflow(english, 'en');
    expect(node(en, 'processing').label).toBe('processing in English');
    expect(node(en, 'refused').label).toBe('refused');
    const edge = en.edges.find((e) => e.id === 'submitted_to_processing')!;
    expect(edge.label).toBe('submitted then processing — a long English action name');
    expectReadable(en, 'residence in English'); // the longer labels are moved apart too
    const vi = layoutWorkflow(english, 'vi');
    expect(node(vi, 'processing').label).toBe('processing');
    expect(vi.edges.find((e) => e.id === 'submitted_to_processing')!.label).toBe('submitted→processing');
    expect(layoutWorkflow(english).edges.map((e) => e.label)).toEqual(vi.edges.map((e) => e.label)); // Vietnamese unless asked
  });
});
