// Automatic layout of a procedure's workflow for the diagram panel: states in layers by their
// breadth-first distance from the initial state (top to bottom), ordered in each layer by the
// mean position of their predecessors to keep arrows short. Forward transitions drop to a lower
// layer; transitions back up (resubmit, send back) run through the free channels between
// layers and, when they climb several layers, along a lane right of every box. Edge labels are
// moved apart so that none hides another.
// Pure geometry, no DOM: the SVG view draws what this returns. Labels are in the language asked
// for (a state's or action's English companion, when it has one, in English): their widths
// are part of the layout.
import { labelIn, type IRDuration, type IRWorkflow } from '@motcua/dsl';

export interface LayoutNode {
  readonly id: string;
  readonly label: string;
  readonly role?: string;
  readonly agency?: string;
  readonly sla?: IRDuration;
  readonly final: boolean;
  readonly initial: boolean;
  readonly pausesClock: boolean;
  /** Not reachable from the initial state: placed below everything else. */
  readonly unreachable: boolean;
  readonly layer: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type EdgeKind = 'forward' | 'back' | 'same' | 'self';

export interface LayoutEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly kind: EdgeKind;
  /** SVG path data, from the source box's border to the target box's border. */
  readonly path: string;
  readonly start: Point;
  readonly end: Point;
  /** Where the label's centre goes; labels are moved apart so that none covers another. */
  readonly labelAt: Point;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface WorkflowLayout {
  readonly nodes: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
  readonly width: number;
  readonly height: number;
}

export const BOX = { width: 156, height: 68, gapX: 24, gapY: 96, margin: 16 } as const;

/** Layer of each state: its distance from the initial state, following transitions. */
export function bfsLayers(workflow: IRWorkflow): Map<string, number> {
  return breadthFirst(workflow).layer;
}

/** Distances from the initial state, and the order in which states are first reached. */
function breadthFirst(workflow: IRWorkflow): { layer: Map<string, number>; order: string[] } {
  const byId = new Map(workflow.states.map((s) => [s.id, s]));
  const layer = new Map<string, number>();
  const order: string[] = [];
  if (!byId.has(workflow.initial)) return { layer, order };
  layer.set(workflow.initial, 0);
  const queue = [workflow.initial];
  while (queue.length) {
    const id = queue.shift()!;
    order.push(id);
    for (const t of byId.get(id)?.transitions ?? []) {
      if (!byId.has(t.target) || layer.has(t.target)) continue;
      layer.set(t.target, layer.get(id)! + 1);
      queue.push(t.target);
    }
  }
  return { layer, order };
}

export function layoutWorkflow(workflow: IRWorkflow, lang: 'vi' | 'en' = 'vi'): WorkflowLayout {
  const { layer: bfs, order: seen } = breadthFirst(workflow);
  const reachableDepth = bfs.size ? Math.max(...bfs.values()) : -1;
  const layerOf = new Map<string, number>();
  // Inside a layer, first by breadth-first discovery (the order transitions are written in);
  // unreachable states follow in declaration order.
  for (const s of workflow.states) if (!bfs.has(s.id)) seen.push(s.id);
  const discovery = new Map(seen.map((id, i) => [id, i] as const));
  for (const s of workflow.states) layerOf.set(s.id, bfs.get(s.id) ?? reachableDepth + 1);

  const layerCount = workflow.states.length ? Math.max(...layerOf.values()) + 1 : 0;
  const layers: string[][] = Array.from({ length: layerCount }, () => []);
  for (const id of seen) layers[layerOf.get(id)!]!.push(id);

  // One downward sweep: order each layer by the mean position of its predecessors above it.
  const position = new Map<string, number>();
  const preds = new Map<string, string[]>();
  for (const s of workflow.states)
    for (const t of s.transitions) {
      if (!layerOf.has(t.target) || layerOf.get(t.target)! <= layerOf.get(s.id)!) continue;
      preds.set(t.target, [...(preds.get(t.target) ?? []), s.id]);
    }
  layers.forEach((ids, li) => {
    if (li > 0) {
      const key = (id: string) => {
        const ps = (preds.get(id) ?? []).filter((p) => position.has(p));
        return ps.length ? ps.reduce((sum, p) => sum + position.get(p)!, 0) / ps.length : Infinity;
      };
      const keys = new Map(ids.map((id) => [id, key(id)] as const));
      ids.sort((a, b) => {
        const ka = keys.get(a)!;
        const kb = keys.get(b)!;
        return ka !== kb ? (ka < kb ? -1 : 1) : discovery.get(a)! - discovery.get(b)!;
      });
    }
    ids.forEach((id, i) => position.set(id, i - (ids.length - 1) / 2));
  });

  const widest = Math.max(1, ...layers.map((l) => l.length));
  const innerWidth = widest * BOX.width + (widest - 1) * BOX.gapX;
  const states = new Map(workflow.states.map((s) => [s.id, s]));
  const nodes: LayoutNode[] = [];
  const nodeById = new Map<string, LayoutNode>();
  layers.forEach((ids, li) => {
    const rowWidth = ids.length * BOX.width + (ids.length - 1) * BOX.gapX;
    const left = BOX.margin + (innerWidth - rowWidth) / 2;
    ids.forEach((id, i) => {
      const s = states.get(id)!;
      const node: LayoutNode = {
        id,
        label: labelIn(lang, s) || s.id,
        ...(s.role ? { role: s.role } : {}),
        ...(s.agency ? { agency: s.agency } : {}),
        ...(s.sla ? { sla: s.sla } : {}),
        final: s.final,
        initial: id === workflow.initial,
        pausesClock: s.pausesClock,
        unreachable: !bfs.has(id),
        layer: li,
        x: left + i * (BOX.width + BOX.gapX),
        y: BOX.margin + li * (BOX.height + BOX.gapY),
        width: BOX.width,
        height: BOX.height,
      };
      nodes.push(node);
      nodeById.set(id, node);
    });
  });

  // ---- edges. Forward arrows leave a box's bottom and enter the next box's top. An arrow going
  // back up leaves its box's top and enters its target's bottom, running along the free channel
  // between two layers; one that climbs several layers takes a lane on the right of every box.
  // Same-layer arrows run in the channel below their layer. Nothing is drawn across a box.
  interface Plan { s: LayoutNode; t: LayoutNode; id: string; label: string; kind: EdgeKind; long: boolean }
  const plans: Plan[] = [];
  for (const st of workflow.states) {
    const s = nodeById.get(st.id)!;
    for (const tr of st.transitions) {
      const t = nodeById.get(tr.target);
      if (!t) continue;
      const kind: EdgeKind = t.id === s.id ? 'self' : t.layer > s.layer ? 'forward' : t.layer < s.layer ? 'back' : 'same';
      plans.push({ s, t, id: tr.id, label: labelIn(lang, tr) || tr.id, kind, long: kind === 'back' && s.layer - t.layer > 1 });
    }
  }
  // Ports: every arrow touching a side of a box gets its own point on it, ordered by where the
  // other end lies so that neighbouring arrows do not cross at the box.
  type Side = 'top' | 'bottom';
  const attach = new Map<string, { plan: Plan; end: 'from' | 'to'; other: number }[]>();
  const sideOf = (p: Plan, end: 'from' | 'to'): Side =>
    p.kind === 'forward' ? (end === 'from' ? 'bottom' : 'top') : p.kind === 'back' ? (end === 'from' ? 'top' : 'bottom') : 'bottom';
  for (const p of plans) {
    if (p.kind === 'self') continue;
    for (const end of ['from', 'to'] as const) {
      const n = end === 'from' ? p.s : p.t;
      const o = end === 'from' ? p.t : p.s;
      const key = `${n.id}:${sideOf(p, end)}`;
      const otherX = p.long ? innerWidth + BOX.margin * 3 : o.x + o.width / 2;
      attach.set(key, [...(attach.get(key) ?? []), { plan: p, end, other: otherX }]);
    }
  }
  const ports = new Map<string, number>(); // `${edge index}:${end}` → x
  for (const [key, list] of attach) {
    const n = nodeById.get(key.slice(0, key.lastIndexOf(':')))!;
    list.sort((a, b) => a.other - b.other);
    list.forEach((a, k) => ports.set(`${plans.indexOf(a.plan)}:${a.end}`, n.x + (n.width * (k + 1)) / (list.length + 1)));
  }
  // Tracks: the y of each horizontal run in a channel, one per arrow, from the channel's edges inwards.
  const topOfLayer = (l: number) => BOX.margin + l * (BOX.height + BOX.gapY);
  const used = new Map<string, number>();
  const track = (channelBelowLayer: number, fromTop: boolean) => {
    const key = `${channelBelowLayer}:${fromTop}`;
    const k = used.get(key) ?? 0;
    used.set(key, k + 1);
    const top = topOfLayer(channelBelowLayer) + BOX.height;
    return fromTop ? top + 12 + k * 8 : top + BOX.gapY - 12 - k * 8;
  };
  let lanes = 0;
  const laneX = () => BOX.margin + innerWidth + 18 + 12 * lanes++;

  const edges: LayoutEdge[] = [];
  plans.forEach((p, i) => {
    const { s, t } = p;
    const from = ports.get(`${i}:from`);
    const to = ports.get(`${i}:to`);
    let points: Point[];
    let labelAt: Point;
    if (p.kind === 'self') {
      const start = { x: s.x + s.width, y: s.y + s.height * 0.3 };
      const end = { x: s.x + s.width, y: s.y + s.height * 0.7 };
      const path = `M${r(start.x)},${r(start.y)} C${r(start.x + 40)},${r(start.y - 16)} ${r(end.x + 40)},${r(end.y + 16)} ${r(end.x)},${r(end.y)}`;
      edges.push({ id: p.id, from: s.id, to: t.id, label: p.label, kind: p.kind, path, start, end, labelAt: { x: start.x + 30, y: s.y + s.height / 2 } });
      return;
    }
    if (p.kind === 'forward') {
      const start = { x: from!, y: s.y + s.height };
      const end = { x: to!, y: t.y };
      const dy = (end.y - start.y) / 2;
      const c1 = { x: start.x, y: start.y + dy };
      const c2 = { x: end.x, y: end.y - dy };
      const path = `M${r(start.x)},${r(start.y)} C${r(c1.x)},${r(c1.y)} ${r(c2.x)},${r(c2.y)} ${r(end.x)},${r(end.y)}`;
      // Labels sit just above the gap's middle, where sibling arrows have already spread apart.
      labelAt = bezier(start, c1, c2, end, t.layer - s.layer > 1 ? 0.2 : 0.45);
      edges.push({ id: p.id, from: s.id, to: t.id, label: p.label, kind: p.kind, path, start, end, labelAt });
      return;
    }
    if (p.kind === 'same') {
      const y = track(s.layer, true);
      points = [{ x: from!, y: s.y + s.height }, { x: from!, y }, { x: to!, y }, { x: to!, y: t.y + t.height }];
      labelAt = { x: (from! + to!) / 2, y };
    } else if (!p.long) {
      const y = track(t.layer, true);
      points = [{ x: from!, y: s.y }, { x: from!, y }, { x: to!, y }, { x: to!, y: t.y + t.height }];
      labelAt = { x: (from! + to!) / 2, y };
    } else {
      const lane = laneX();
      const yOut = track(s.layer - 1, false);
      const yIn = track(t.layer, true);
      points = [{ x: from!, y: s.y }, { x: from!, y: yOut }, { x: lane, y: yOut }, { x: lane, y: yIn }, { x: to!, y: yIn }, { x: to!, y: t.y + t.height }];
      labelAt = { x: (from! + lane) / 2, y: yOut };
    }
    edges.push({ id: p.id, from: s.id, to: t.id, label: p.label, kind: p.kind, path: polyline(points), start: points[0]!, end: points.at(-1)!, labelAt });
  });

  const placedEdges = placeLabels(edges, nodes);
  const right = Math.max(BOX.margin * 2 + innerWidth, ...placedEdges.map((e) => e.labelAt.x + labelWidth(e.label) / 2 + 4), BOX.margin + innerWidth + 18 + 12 * lanes + 8);
  const left = Math.min(0, ...placedEdges.map((e) => e.labelAt.x - labelWidth(e.label) / 2 - 4));
  const height = Math.max(
    BOX.margin * 2 + layerCount * BOX.height + Math.max(0, layerCount - 1) * BOX.gapY,
    ...placedEdges.map((e) => Math.max(e.labelAt.y + LABEL_HEIGHT, ...pathYs(e.path)) + BOX.margin),
  );
  if (left < 0) {
    // A label overhangs the left edge: shift everything right rather than cut it off.
    const dx = -left;
    const moved = nodes.map((n) => ({ ...n, x: n.x + dx }));
    const movedEdges = placedEdges.map((e) => ({
      ...e,
      path: e.path.replace(/(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/g, (_m, x: string, y: string) => `${r(Number(x) + dx)},${y}`),
      start: { x: e.start.x + dx, y: e.start.y },
      end: { x: e.end.x + dx, y: e.end.y },
      labelAt: { x: e.labelAt.x + dx, y: e.labelAt.y },
    }));
    return { nodes: moved, edges: movedEdges, width: Math.ceil(right + dx), height: Math.ceil(height) };
  }
  return { nodes, edges: placedEdges, width: Math.ceil(right), height: Math.ceil(height) };
}

function pathYs(d: string): number[] {
  return [...d.matchAll(/-?\d+(?:\.\d+)?,(-?\d+(?:\.\d+)?)/g)].map((m) => Number(m[1]));
}

const r = (n: number) => Math.round(n * 10) / 10;

/** Approximate width of an edge label as drawn (10px sans-serif), clipped to LABEL_CHARS. */
export const LABEL_CHARS = 26;
export function labelText(label: string): string {
  return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;
}
export function labelWidth(label: string): number {
  return labelText(label).length * 5.5 + 8;
}
const LABEL_HEIGHT = 15;

/** Move labels down (then up) until none covers another label or a box: greedy, in drawing order. */
function placeLabels(edges: readonly LayoutEdge[], nodes: readonly LayoutNode[]): LayoutEdge[] {
  const placed: { x: number; y: number; w: number }[] = [];
  const hits = (x: number, y: number, w: number) =>
    placed.some((p) => Math.abs(p.x - x) * 2 < p.w + w && Math.abs(p.y - y) < LABEL_HEIGHT + 1) ||
    nodes.some((n) => x + w / 2 > n.x && x - w / 2 < n.x + n.width && y + LABEL_HEIGHT / 2 > n.y && y - LABEL_HEIGHT / 2 < n.y + n.height);
  return edges.map((e) => {
    const w = labelWidth(e.label);
    const { x, y } = e.labelAt;
    const tries = [0, 16, -16, 32, -32, 48, -48, 64, -64, 80, -80];
    const dy = tries.find((d) => !hits(x, y + d, w)) ?? 0;
    placed.push({ x, y: y + dy, w });
    return { ...e, labelAt: { x, y: y + dy } };
  });
}

function polyline(points: readonly Point[]): string {
  return points.map((p, i) => `${i ? 'L' : 'M'}${r(p.x)},${r(p.y)}`).join(' ');
}

function bezier(p0: Point, p1: Point, p2: Point, p3: Point, t: number): Point {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return { x: a * p0.x + b * p1.x + c * p2.x + d * p3.x, y: a * p0.y + b * p1.y + c * p2.y + d * p3.y };
}
