// BPMN 2.0 XML of a procedure, as a BPMN modeller would save the same workflow: one lane per
// role, a user task per state, a service task per issued document (receipt, result, refusal),
// exclusive gateways where a state has several ways out, a non-interrupting boundary timer per
// SLA, diagram shapes and edges, and the form, documents and fees as extension elements.
// It is the reference input for bpmn-moddle in the benchmarks, not a product feature.
import type { DocDecl, FeeDecl, FieldDecl, FormItem, ProcedureDecl, StateDecl } from '../dsl/src/ast.ts';
import { printExpr } from '../dsl/src/print-expr.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const attrs = (a: Record<string, string | number | boolean | undefined>) =>
  Object.entries(a)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => ` ${k}="${esc(String(v))}"`)
    .join('');

const roleNames: Record<string, string> = {
  citizen: 'Công dân, tổ chức',
  reception: 'Bộ phận tiếp nhận và trả kết quả',
  specialist: 'Chuyên viên xử lý',
  leader: 'Lãnh đạo phê duyệt',
};

function isoDuration(amount: number, unit: string): string {
  return unit === 'working_hours' ? `PT${amount}H` : `P${amount}D`;
}

function fieldXml(f: FieldDecl, indent: string): string[] {
  const clause = (k: string) => f.clauses.find((c) => c.kind === k);
  const req = f.clauses.find((c) => c.kind === 'Required');
  const prefill = clause('Prefill');
  const visible = clause('Visible');
  const min = clause('Min');
  const max = clause('Max');
  const a = attrs({
    id: f.name.text,
    label: f.label?.value,
    type: f.type.name.text,
    required: req ? (req.kind === 'Required' && req.when ? printExpr(req.when) : 'true') : undefined,
    visibleWhen: visible?.kind === 'Visible' ? printExpr(visible.when) : undefined,
    prefill: prefill?.kind === 'Prefill' ? printExpr(prefill.from) : undefined,
    locked: clause('Locked') ? 'true' : undefined,
    min: min?.kind === 'Min' ? printExpr(min.value) : undefined,
    max: max?.kind === 'Max' ? printExpr(max.value) : undefined,
  });
  if (f.type.options.length === 0) return [`${indent}<mc:field${a} />`];
  return [
    `${indent}<mc:field${a}>`,
    ...f.type.options.map((o) => `${indent}  <mc:option${attrs({ id: o.name.text, label: o.label?.value })} />`),
    `${indent}</mc:field>`,
  ];
}

function formXml(items: readonly FormItem[], count: number): string[] {
  const out = ['      <mc:form>'];
  for (const item of items.slice(0, count)) {
    if (item.kind === 'Field') out.push(...fieldXml(item, '        '));
    else {
      out.push(`        <mc:group${attrs({ id: item.name.text, label: item.label?.value, min: item.repeated?.min, max: item.repeated?.max })}>`);
      for (const f of item.fields) out.push(...fieldXml(f, '          '));
      out.push('        </mc:group>');
    }
  }
  out.push('      </mc:form>');
  return out;
}

function docXml(d: DocDecl): string[] {
  const req = d.clauses.find((c) => c.kind === 'Required');
  const as = d.clauses.find((c) => c.kind === 'As');
  const format = d.clauses.find((c) => c.kind === 'Format');
  const size = d.clauses.find((c) => c.kind === 'MaxSize');
  const out = [
    `        <mc:document${attrs({
      id: d.name.text,
      label: d.label?.value,
      required: req?.kind === 'Required' ? (req.when ? printExpr(req.when) : 'true') : undefined,
      as: as?.kind === 'As' ? as.form.text : undefined,
      format: format?.kind === 'Format' ? format.formats.map((f) => f.text).join(',') : undefined,
      maxSizeMb: size?.kind === 'MaxSize' ? size.megabytes : undefined,
      generated: d.clauses.some((c) => c.kind === 'Generated') ? 'true' : undefined,
    })}>`,
  ];
  for (const c of d.clauses) {
    if (c.kind === 'Waived') out.push(`          <mc:waiver${attrs({ when: printExpr(c.when), basis: c.meta.basis.map((b) => b.value).join('; ') })} />`);
    if (c.kind === 'Proves') out.push(`          <mc:proves${attrs({ data: c.paths.map(printExpr).join(',') })} />`);
  }
  out.push('        </mc:document>');
  return out;
}

function feeXml(f: FeeDecl): string[] {
  const out = [`        <mc:fee${attrs({ id: f.name.text, label: f.label?.value })}>`];
  for (const it of f.items) {
    const basis = 'meta' in it ? it.meta.basis.map((b) => b.value).join('; ') : undefined;
    if (it.kind === 'Amount') {
      const a = it.amount;
      if (a.kind === 'Tiered') {
        out.push(`          <mc:amount${attrs({ tieredBy: printExpr(a.by), when: it.when && printExpr(it.when), basis })}>`);
        for (const t of a.tiers) out.push(`            <mc:tier${attrs({ upTo: t.upTo ? printExpr(t.upTo) : 'above', amount: printExpr(t.amount) })} />`);
        out.push('          </mc:amount>');
      } else {
        out.push(`          <mc:amount${attrs({ value: printExpr(a.value), per: a.kind === 'PerUnit' ? printExpr(a.per) : undefined, when: it.when && printExpr(it.when), basis })} />`);
      }
    } else if (it.kind === 'Discount') out.push(`          <mc:discount${attrs({ percent: printExpr(it.percent), when: it.when && printExpr(it.when), basis })} />`);
    else if (it.kind === 'Exempt') out.push(`          <mc:exempt${attrs({ label: it.label?.value, when: printExpr(it.when), basis })} />`);
    else if (it.kind === 'Cap') out.push(`          <mc:cap${attrs({ value: printExpr(it.value), basis })} />`);
    else out.push(`          <mc:due${attrs({ on: it.on, transition: it.transition?.text })} />`);
  }
  out.push('        </mc:fee>');
  return out;
}

interface Node {
  id: string;
  kind: 'startEvent' | 'endEvent' | 'userTask' | 'serviceTask' | 'exclusiveGateway' | 'boundaryEvent';
  name?: string;
  lane: string;
  incoming: string[];
  outgoing: string[];
  body?: string[];
  extra?: Record<string, string>;
}

interface Flow {
  id: string;
  source: string;
  target: string;
  name?: string;
  condition?: string;
}

/**
 * The process of a procedure. `keep` limits how many extension items (fees first, then
 * documents, then form items) are written, so a file can be cut to the size of another.
 */
export function procedureToBpmn(proc: ProcedureDecl, keep = Number.POSITIVE_INFINITY, diagram = true): string {
  const id = proc.name.text;
  const title = proc.items.find((i) => i.kind === 'Meta' && i.key === 'title');
  const name = title?.kind === 'Meta' ? (title.strings[0]?.value ?? id) : id;
  const states: StateDecl[] = proc.items.flatMap((i) => (i.kind === 'Workflow' ? [...i.states] : []));
  const nodes = new Map<string, Node>();
  const flows: Flow[] = [];
  const add = (n: Node) => nodes.set(n.id, n);
  const connect = (source: string, target: string, extra: Partial<Flow> = {}) => {
    const f: Flow = { id: `Flow_${flows.length + 1}`, source, target, ...extra };
    flows.push(f);
    nodes.get(source)?.outgoing.push(f.id);
    nodes.get(target)?.incoming.push(f.id);
  };
  const roleOf = (s: StateDecl) => {
    const by = s.clauses.find((c) => c.kind === 'By');
    return by?.kind === 'By' ? by.role.text : 'reception';
  };
  const nodeId = (state: string) => `Task_${state}`;

  add({ id: 'StartEvent_1', kind: 'startEvent', name: 'Bắt đầu', lane: 'citizen', incoming: [], outgoing: [] });
  for (const s of states) {
    if (s.final) {
      add({ id: nodeId(s.name.text), kind: 'endEvent', name: s.label?.value ?? s.name.text, lane: 'reception', incoming: [], outgoing: [] });
      continue;
    }
    add({ id: nodeId(s.name.text), kind: 'userTask', name: s.label?.value ?? s.name.text, lane: roleOf(s), incoming: [], outgoing: [] });
  }
  add({ id: 'Task_warn', kind: 'serviceTask', name: 'Gửi cảnh báo sắp đến hạn', lane: 'reception', incoming: [], outgoing: [], extra: { implementation: '##WebService' } });
  add({ id: 'EndEvent_warned', kind: 'endEvent', name: 'Đã cảnh báo', lane: 'reception', incoming: [], outgoing: [] });
  connect('Task_warn', 'EndEvent_warned');
  if (states[0]) connect('StartEvent_1', nodeId(states[0].name.text));

  for (const s of states) {
    if (s.final) continue;
    const from = nodeId(s.name.text);
    let exit = from;
    if (s.transitions.length > 1) {
      exit = `Gateway_${s.name.text}`;
      add({ id: exit, kind: 'exclusiveGateway', name: `${s.label?.value ?? s.name.text}?`, lane: roleOf(s), incoming: [], outgoing: [] });
      connect(from, exit);
    }
    for (const t of s.transitions) {
      const guard = t.clauses.find((c) => c.kind === 'Requires');
      const condition = `decision == '${t.name.text}'${guard?.kind === 'Requires' ? ` && (${printExpr(guard.guard)})` : ''}`;
      const issue = t.clauses.find((c) => c.kind === 'Issue');
      let target = nodeId(t.target.text);
      if (issue?.kind === 'Issue') {
        const svc = `Task_issue_${s.name.text}_${t.name.text}`;
        add({ id: svc, kind: 'serviceTask', name: `Cấp ${issue.result?.text ?? issue.what.text}`, lane: roleOf(s), incoming: [], outgoing: [], extra: { implementation: '##WebService' } });
        connect(svc, target);
        target = svc;
      }
      connect(exit, target, { name: t.label?.value ?? t.name.text, ...(s.transitions.length > 1 || guard ? { condition } : {}) });
    }
    const sla = s.clauses.find((c) => c.kind === 'Sla');
    if (sla?.kind === 'Sla') {
      const b = `Timer_${s.name.text}`;
      add({
        id: b,
        kind: 'boundaryEvent',
        name: `Hạn ${sla.duration.amount} ${sla.duration.unit}`,
        lane: roleOf(s),
        incoming: [],
        outgoing: [],
        extra: { attachedToRef: from, cancelActivity: 'false' },
        body: [`      <bpmn:timerEventDefinition id="TimerDef_${s.name.text}">`, `        <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${isoDuration(sla.duration.amount, sla.duration.unit)}</bpmn:timeDuration>`, '      </bpmn:timerEventDefinition>'],
      });
      connect(b, 'Task_warn');
    }
  }

  const form = proc.items.find((i) => i.kind === 'Form');
  const allFees = proc.items.flatMap((i) => (i.kind === 'Fee' ? [i] : []));
  const fees = allFees.slice(0, keep);
  const docs = proc.items.flatMap((i) => (i.kind === 'Documents' ? i.docs : [])).slice(0, Math.max(0, keep - allFees.length));
  const formItems = Math.max(0, keep - allFees.length - docs.length);
  const deadline = proc.items.find((i) => i.kind === 'Deadline');

  const lanes = [...new Set([...nodes.values()].map((n) => n.lane))];
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:mc="https://motcua.vn/schema/procedure" id="Definitions_1" targetNamespace="https://motcua.vn/bpmn" exporter="motcua bench/make-fixtures.ts" exporterVersion="1">',
    '  <bpmn:collaboration id="Collaboration_1">',
    `    <bpmn:participant id="Participant_1"${attrs({ name })} processRef="Process_${id}" />`,
    '  </bpmn:collaboration>',
    `  <bpmn:process id="Process_${id}"${attrs({ name })} isExecutable="true">`,
    '    <bpmn:extensionElements>',
    ...(form?.kind === 'Form' ? formXml(form.items, formItems) : []),
    '      <mc:documents>',
    ...docs.flatMap(docXml),
    '      </mc:documents>',
    '      <mc:fees>',
    ...fees.flatMap(feeXml),
    '      </mc:fees>',
    ...(deadline?.kind === 'Deadline'
      ? [`      <mc:deadline${attrs({ duration: isoDuration(deadline.duration.amount, deadline.duration.unit), unit: deadline.duration.unit, from: deadline.from.text })} />`]
      : []),
    '    </bpmn:extensionElements>',
    '    <bpmn:laneSet id="LaneSet_1">',
  ];
  for (const lane of lanes) {
    out.push(`      <bpmn:lane id="Lane_${lane}"${attrs({ name: roleNames[lane] ?? lane })}>`);
    for (const n of nodes.values()) if (n.lane === lane && n.kind !== 'boundaryEvent') out.push(`        <bpmn:flowNodeRef>${n.id}</bpmn:flowNodeRef>`);
    out.push('      </bpmn:lane>');
  }
  out.push('    </bpmn:laneSet>');
  for (const n of nodes.values()) {
    out.push(`    <bpmn:${n.kind} id="${n.id}"${attrs({ name: n.name, ...n.extra })}>`);
    for (const f of n.incoming) out.push(`      <bpmn:incoming>${f}</bpmn:incoming>`);
    for (const f of n.outgoing) out.push(`      <bpmn:outgoing>${f}</bpmn:outgoing>`);
    if (n.body) out.push(...n.body);
    out.push(`    </bpmn:${n.kind}>`);
  }
  for (const f of flows) {
    if (!f.condition) {
      out.push(`    <bpmn:sequenceFlow id="${f.id}"${attrs({ name: f.name })} sourceRef="${f.source}" targetRef="${f.target}" />`);
      continue;
    }
    out.push(
      `    <bpmn:sequenceFlow id="${f.id}"${attrs({ name: f.name })} sourceRef="${f.source}" targetRef="${f.target}">`,
      `      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(f.condition)}</bpmn:conditionExpression>`,
      '    </bpmn:sequenceFlow>',
    );
  }
  out.push('  </bpmn:process>');
  if (!diagram) {
    out.push('</bpmn:definitions>', '');
    return out.join('\n');
  }

  // Diagram: lanes stacked, nodes laid left to right in declaration order.
  const pos = new Map<string, { x: number; y: number; w: number; h: number }>();
  let col = 0;
  for (const n of nodes.values()) {
    const lane = lanes.indexOf(n.lane);
    const size = n.kind.endsWith('Task') ? { w: 100, h: 80 } : n.kind === 'exclusiveGateway' ? { w: 50, h: 50 } : { w: 36, h: 36 };
    if (n.kind === 'boundaryEvent') {
      const host = pos.get(n.extra!['attachedToRef']!)!;
      pos.set(n.id, { x: host.x + 62, y: host.y + 62, ...size });
    } else {
      pos.set(n.id, { x: 200 + col * 150, y: 60 + lane * 200 + (80 - size.h) / 2 + 40, ...size });
      col++;
    }
  }
  const width = 200 + col * 150;
  out.push('  <bpmndi:BPMNDiagram id="BPMNDiagram_1">', '    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="Collaboration_1">');
  out.push(`      <bpmndi:BPMNShape id="Participant_1_di" bpmnElement="Participant_1" isHorizontal="true">`, `        <dc:Bounds x="100" y="60" width="${width}" height="${lanes.length * 200}" />`, '      </bpmndi:BPMNShape>');
  lanes.forEach((lane, i) => {
    out.push(`      <bpmndi:BPMNShape id="Lane_${lane}_di" bpmnElement="Lane_${lane}" isHorizontal="true">`, `        <dc:Bounds x="130" y="${60 + i * 200}" width="${width - 30}" height="200" />`, '      </bpmndi:BPMNShape>');
  });
  for (const [nid, p] of pos) {
    out.push(`      <bpmndi:BPMNShape id="${nid}_di" bpmnElement="${nid}">`, `        <dc:Bounds x="${p.x}" y="${p.y}" width="${p.w}" height="${p.h}" />`, '      </bpmndi:BPMNShape>');
  }
  for (const f of flows) {
    const a = pos.get(f.source)!;
    const b = pos.get(f.target)!;
    const [ax, ay, bx, by] = [a.x + a.w, a.y + a.h / 2, b.x, b.y + b.h / 2];
    out.push(
      `      <bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">`,
      `        <di:waypoint x="${ax}" y="${ay}" />`,
      `        <di:waypoint x="${Math.round((ax + bx) / 2)}" y="${ay}" />`,
      `        <di:waypoint x="${Math.round((ax + bx) / 2)}" y="${by}" />`,
      `        <di:waypoint x="${bx}" y="${by}" />`,
      '      </bpmndi:BPMNEdge>',
    );
  }
  out.push('    </bpmndi:BPMNPlane>', '  </bpmndi:BPMNDiagram>', '</bpmn:definitions>', '');
  return out.join('\n');
}

export interface SizedBpmn {
  readonly xml: string;
  /** Extension items (fees, documents, form items) carried, of `totalItems`. */
  readonly items: number;
  readonly totalItems: number;
  /** Whether the diagram (shapes and edges) is included. */
  readonly diagram: boolean;
}

/**
 * The procedure's BPMN cut to at most about `bytes` (UTF-8): the workflow stays whole and as
 * many extension items (fees, documents, form items) as fit are kept. XML says less per byte than our language, so
 * for small procedures the diagram is left out too; if even that does not fit, the result is
 * the smallest file (the caller prints both sizes).
 */
export function bpmnOfSize(proc: ProcedureDecl, bytes: number): SizedBpmn {
  const total = proc.items.reduce(
    (n, i) => n + (i.kind === 'Form' ? i.items.length : i.kind === 'Documents' ? i.docs.length : i.kind === 'Fee' ? 1 : 0),
    0,
  );
  const diagram = Buffer.byteLength(procedureToBpmn(proc, 0, true)) <= bytes;
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (Buffer.byteLength(procedureToBpmn(proc, mid, diagram)) <= bytes) lo = mid;
    else hi = mid - 1;
  }
  return { xml: procedureToBpmn(proc, lo, diagram), items: lo, totalItems: total, diagram };
}
