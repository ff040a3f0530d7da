// The procedure's form as a JSON Schema (draft 2020-12) for portals and generic validators:
// Vietnamese titles, typed fields, groups as objects or arrays, and requiredness — plain
// `required` when unconditional, `if`/`then` when the condition is a simple test of choice or
// boolean fields, otherwise an `x-motcua-required-when` annotation the engine enforces.
// English companions of titles and help texts ride along as `x-motcua-title-en` and
// `x-motcua-description-en`, only where the procedure gives them.
import { exprSource } from './expr-text.ts';
import type { IRExpr, IRField, IRGroup, IRPrefill, ProcedureIR } from './ir.ts';
import { allOf } from './resolve-expr.ts';

export type JsonSchema = { [key: string]: unknown };

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
export const PERSONAL_ID_PATTERN = '^[0-9]{12}$';
/** Vietnamese numbers: mobile 0 + 9 digits, landline 0 + 10 digits, or +84 instead of 0. */
export const PHONE_PATTERN = '^(\\+84|0)[0-9]{9,10}$';

/** A level of the form: the root, a group object, or the item of a repeated group. */
interface Container {
  readonly group?: IRGroup;
  /** In declaration order: a field's schema, or a nested group (rendered last, when complete). */
  readonly properties: [string, JsonSchema | { readonly nested: Container }][];
  readonly required: string[];
  readonly conditions: JsonSchema[];
}

/** The English companion of a `title`, when written. */
const titleEn = (en: string | undefined): JsonSchema => (en ? { 'x-motcua-title-en': en } : {});

export function toJsonSchema(ir: ProcedureIR): JsonSchema {
  return new FormSchema(ir).build();
}

class FormSchema {
  private readonly containers = new Map<string, Container>();
  private readonly groups: ReadonlyMap<string, IRGroup>;
  private readonly fields: ReadonlyMap<string, IRField>;

  constructor(private readonly ir: ProcedureIR) {
    this.groups = new Map(ir.form.groups.map((g) => [g.path, g]));
    this.fields = new Map(ir.form.fields.map((f) => [f.path, f]));
    this.containers.set('', { properties: [], required: [], conditions: [] });
  }

  build(): JsonSchema {
    for (const f of this.ir.form.fields) {
      const c = this.container(f.group ?? '');
      c.properties.push([f.id, this.field(f)]);
      this.requiredness(f);
    }
    for (const g of this.ir.form.groups) this.container(g.path); // groups without fields still appear
    const root = this.containers.get('')!;
    return {
      $schema: JSON_SCHEMA_DIALECT,
      $id: `urn:motcua:procedure:${this.ir.id}:${this.ir.version}`,
      title: this.ir.title,
      ...titleEn(this.ir.titleEn),
      description: `Tờ khai thủ tục ${this.ir.code ? `mã ${this.ir.code}` : this.ir.id}, phiên bản ${this.ir.version}`,
      ...this.objectBody(root),
    };
  }

  /** The container of a group path, creating it (and its place in the parent) on first use. */
  private container(path: string): Container {
    const existing = this.containers.get(path);
    if (existing) return existing;
    const group = this.groups.get(path);
    const c: Container = { ...(group ? { group } : {}), properties: [], required: [], conditions: [] };
    this.containers.set(path, c);
    if (group) {
      const parent = this.container(group.parent ?? '');
      parent.properties.push([group.id, { nested: c }]);
      if (!group.visible && (group.repeated ? (group.repeated.min ?? 0) > 0 : false)) parent.required.push(group.id);
    }
    return c;
  }

  private objectBody(c: Container): JsonSchema {
    const properties: JsonSchema = {};
    for (const [name, value] of c.properties) properties[name] = 'nested' in value ? this.groupSchema(value.nested as Container) : value;
    return {
      type: 'object',
      properties,
      ...(c.required.length ? { required: c.required } : {}),
      ...(c.conditions.length ? { allOf: c.conditions } : {}),
      additionalProperties: false,
    };
  }

  private groupSchema(c: Container): JsonSchema {
    const g = c.group!;
    const annotations = {
      ...(g.visible ? { 'x-motcua-visible-when': exprSource(g.visible) } : {}),
      ...(g.fragment ? { 'x-motcua-fragment': g.fragment } : {}),
    };
    if (g.repeated) {
      return {
        title: g.label,
        ...titleEn(g.labelEn),
        type: 'array',
        ...(g.repeated.min !== undefined ? { minItems: g.repeated.min } : {}),
        ...(g.repeated.max !== undefined ? { maxItems: g.repeated.max } : {}),
        items: this.objectBody(c),
        ...annotations,
      };
    }
    return { title: g.label, ...titleEn(g.labelEn), ...this.objectBody(c), ...annotations };
  }

  // ------------------------------------------------------------------------- fields

  private field(f: IRField): JsonSchema {
    const s: JsonSchema = { title: f.label, ...titleEn(f.labelEn) };
    if (f.help) s['description'] = f.help;
    if (f.helpEn) s['x-motcua-description-en'] = f.helpEn;
    const lit = (e: IRExpr | undefined) => (e?.kind === 'lit' ? e.value : undefined);
    const min = lit(f.min);
    const max = lit(f.max);
    switch (f.type) {
      case 'text':
      case 'address':
        s['type'] = 'string';
        if (f.pattern !== undefined) s['pattern'] = f.pattern;
        if (typeof min === 'number') s['minLength'] = min;
        if (typeof max === 'number') s['maxLength'] = max;
        break;
      case 'number':
      case 'money':
        s['type'] = f.type === 'money' ? 'integer' : 'number';
        // Money is whole đồng and never negative, whatever the designer's lower bound.
        if (f.type === 'money') s['minimum'] = Math.max(typeof min === 'number' ? min : 0, 0);
        else if (typeof min === 'number') s['minimum'] = min;
        if (typeof max === 'number') s['maximum'] = max;
        break;
      case 'date':
        s['type'] = 'string';
        s['format'] = 'date';
        if (typeof min === 'string') s['formatMinimum'] = min;
        if (typeof max === 'string') s['formatMaximum'] = max;
        break;
      case 'boolean':
        s['type'] = 'boolean';
        break;
      case 'choice': {
        const options = f.options ?? [];
        s['type'] = 'string';
        s['enum'] = options.map((o) => o.id);
        s['oneOf'] = options.map((o) => ({ const: o.id, title: o.label, ...titleEn(o.labelEn) }));
        break;
      }
      case 'personal_id':
        s['type'] = 'string';
        s['pattern'] = PERSONAL_ID_PATTERN;
        break;
      case 'phone':
        s['type'] = 'string';
        s['pattern'] = PHONE_PATTERN;
        break;
      case 'email':
        s['type'] = 'string';
        s['format'] = 'email';
        break;
    }
    const def = lit(f.default);
    if (def !== undefined) s['default'] = def;
    if (f.locked || f.computed) s['readOnly'] = true;
    s['x-motcua-type'] = f.type;
    if (f.prefill) s['x-motcua-prefill'] = prefillText(f.prefill);
    if (f.computed) s['x-motcua-computed'] = exprSource(f.computed);
    if (f.default && def === undefined) s['x-motcua-default'] = exprSource(f.default);
    if (f.min && min === undefined) s['x-motcua-minimum'] = exprSource(f.min);
    if (f.max && max === undefined) s['x-motcua-maximum'] = exprSource(f.max);
    if (f.visible) s['x-motcua-visible-when'] = exprSource(f.visible);
    return s;
  }

  /**
   * A hidden field cannot be filled, so `required` on a field with `visible when` means
   * required when visible. Unconditional → `required`; simple → `if/then`; else annotated.
   */
  private requiredness(f: IRField): void {
    if (f.required === false) return;
    const condition = f.required === true ? f.visible : (allOf(f.visible ? [f.visible, f.required] : [f.required]) as IRExpr);
    const c = this.container(f.group ?? '');
    if (!condition) {
      c.required.push(f.id);
      this.requireAncestors(f);
      return;
    }
    if (this.conditional(f, condition)) return;
    const own = c.properties.find(([name]) => name === f.id)?.[1];
    if (own && !('nested' in own)) own['x-motcua-required-when'] = exprSource(condition);
  }

  /** Unconditionally required inside a plain group: the group itself must be present. */
  private requireAncestors(f: IRField): void {
    let path = f.group;
    while (path) {
      const g = this.groups.get(path);
      if (!g || g.repeated || g.visible) return;
      const parent = this.container(g.parent ?? '');
      if (!parent.required.includes(g.id)) parent.required.push(g.id);
      path = g.parent;
    }
  }

  /** Adds `if/then` for a simple condition; false when the condition is not simple. */
  private conditional(f: IRField, condition: IRExpr): boolean {
    const tests = this.simpleTests(condition);
    if (!tests) return false;
    // The nearest level holding both the field and every tested field, reached without
    // crossing a repeated group (an `if` cannot look into another item of an array).
    const chains = [f.path, ...tests.map((t) => t.path)].map((p) => this.groupChain(p));
    let depth = 0;
    while (chains.every((ch) => depth < ch.length - 1 && ch[depth] === chains[0]![depth])) depth++;
    const levelPath = depth === 0 ? '' : chains[0]![depth - 1]!;
    for (const ch of chains) for (const g of ch.slice(depth, -1)) if (this.groups.get(g)?.repeated) return false;
    const rel = (path: string) => (levelPath ? path.slice(levelPath.length + 1) : path).split('.');
    const ifSchema = nestedAll(tests.map((t) => nest(rel(t.path), t.schema)));
    const thenSchema = nestRequired(rel(f.path));
    this.container(levelPath).conditions.push({ if: ifSchema, then: thenSchema });
    return true;
  }

  /** [group paths from the outermost…, the field path]. */
  private groupChain(fieldPath: string): string[] {
    const chain: string[] = [fieldPath];
    let g = this.fields.get(fieldPath)?.group;
    while (g) {
      chain.unshift(g);
      g = this.groups.get(g)?.parent;
    }
    return chain;
  }

  /** `basis == owner`, `heritage_zone`, `policy in [a, b]`, joined with `and`; else undefined. */
  private simpleTests(e: IRExpr): { path: string; schema: JsonSchema }[] | undefined {
    if (e.kind === 'binary' && e.op === 'and') {
      const l = this.simpleTests(e.left);
      const r = this.simpleTests(e.right);
      return l && r ? [...l, ...r] : undefined;
    }
    const field = (x: IRExpr) => (x.kind === 'ref' && (x.scope === 'form' || x.scope === 'row') ? this.fields.get(x.path.join('.')) : undefined);
    const ref = field(e);
    if (ref?.type === 'boolean') return [{ path: ref.path, schema: { const: true } }];
    if (e.kind === 'unary' && e.op === 'not') {
      const inner = field(e.operand);
      if (inner?.type === 'boolean') return [{ path: inner.path, schema: { const: false } }];
    }
    if (e.kind === 'binary' && (e.op === '==' || e.op === '!=')) {
      const [subject, value] = e.left.kind === 'lit' ? [e.right, e.left] : [e.left, e.right];
      const f = field(subject);
      const ok =
        value.kind === 'lit' &&
        ((f?.type === 'choice' && value.type === 'name' && f.options?.some((o) => o.id === value.value)) ||
          (f?.type === 'boolean' && value.type === 'boolean'));
      if (!f || !ok) return undefined;
      const is = { const: value.value };
      return [{ path: f.path, schema: e.op === '==' ? is : { not: is } }];
    }
    if (e.kind === 'in' && e.list.kind === 'list') {
      const f = field(e.value);
      const ids = e.list.items.map((i) => (i.kind === 'lit' && i.type === 'name' ? i.value : undefined));
      if (f?.type !== 'choice' || ids.some((id) => id === undefined)) return undefined;
      const is = { enum: ids };
      return [{ path: f.path, schema: e.negated ? { not: is } : is }];
    }
    return undefined;
  }
}

/** `{ properties: { a: { properties: { b: schema }, required: [b] } }, required: [a] }`. */
function nest(path: readonly string[], schema: JsonSchema): JsonSchema {
  const [head, ...rest] = path;
  return { properties: { [head!]: rest.length ? nest(rest, schema) : schema }, required: [head!] };
}

function nestRequired(path: readonly string[]): JsonSchema {
  const [head, ...rest] = path;
  return rest.length ? { properties: { [head!]: nestRequired(rest) }, required: [head!] } : { required: [head!] };
}

function nestedAll(schemas: JsonSchema[]): JsonSchema {
  // Deduplicate identical tests (`visible when x` + `required when x == true`).
  const unique = [...new Map(schemas.map((s) => [JSON.stringify(s), s])).values()];
  return unique.length === 1 ? unique[0]! : { allOf: unique };
}

function prefillText(p: IRPrefill): string {
  if ('expr' in p) return exprSource(p.expr);
  return p.key ? `${p.source}(${exprSource(p.key)}).${p.field}` : `${p.source}.${p.field}`;
}
