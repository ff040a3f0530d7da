import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeeDecl, ProcedureDecl } from '../ast.ts';
import { parse } from '../syntax/parse.ts';
import { exprSource, exprText, formatDateVi, formatMoney, formatNumberVi, LabelIndex } from './expr-text.ts';
import type { IRExpr } from './ir.ts';
import { ExprResolver, type FieldShape } from './resolve-expr.ts';

const fields = new Map<string, FieldShape>([
  ['a', { type: 'number', options: [] }],
  ['b', { type: 'number', options: [] }],
  ['g.x', { type: 'text', options: [] }],
  ['kind', { type: 'choice', options: ['owner', 'tenant'] }],
]);

/** The IR of `src` as the compiler would produce it in a procedure with the fields above. */
function compileCondition(src: string): IRExpr {
  const { file, diagnostics } = parse(`procedure p {\n  fee f {\n    amount 1 VND when ${src}\n  }\n}\n`);
  if (diagnostics.length) throw new Error(`${src}: ${diagnostics.map((d) => d.message.en).join('; ')}`);
  const fee = (file.declarations[0] as ProcedureDecl).items[0] as FeeDecl;
  const amount = fee.items[0]!;
  if (amount.kind !== 'Amount' || !amount.when) throw new Error('no condition');
  return new ExprResolver(fields, new Set(['a', 'b', 'g', 'kind']), new Map()).convert(amount.when, { locals: [] });
}

const lit = (type: string, value: unknown) => ({ kind: 'lit', type, value }) as IRExpr;

const exprArb: fc.Arbitrary<IRExpr> = fc.letrec<{ expr: IRExpr; leaf: IRExpr }>((tie) => ({
  leaf: fc.oneof(
    fc.constantFrom<IRExpr>(
      { kind: 'ref', scope: 'form', path: ['a'] },
      { kind: 'ref', scope: 'form', path: ['g', 'x'] },
      { kind: 'ref', scope: 'builtin', path: ['form', 'valid'] },
      { kind: 'ref', scope: 'builtin', path: ['today'] },
      lit('name', 'owner'),
      lit('boolean', true),
      lit('date', '2025-01-24'),
      lit('datetime', '2025-01-24T10:00'),
    ),
    fc.nat({ max: 10_000_000 }).map((n) => lit('number', n)),
    fc.nat({ max: 10_000_000 }).map((n) => lit('money', n)),
    fc.integer({ min: 0, max: 1000 }).map((n) => lit('percent', n / 10)),
    fc.string({ maxLength: 8 }).filter((s) => !/[\r\n]/.test(s)).map((s) => lit('text', s)),
  ),
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.record({ kind: fc.constant('unary' as const), op: fc.constantFrom('not' as const, '-' as const), operand: tie('expr') }),
    fc.record({
      kind: fc.constant('binary' as const),
      op: fc.constantFrom('or', 'and', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/') as fc.Arbitrary<'or'>,
      left: tie('expr'),
      right: tie('expr'),
    }),
    fc.record({
      kind: fc.constant('in' as const),
      negated: fc.boolean(),
      value: tie('expr'),
      list: fc.array(tie('leaf'), { maxLength: 3 }).map((items): IRExpr => ({ kind: 'list', items })),
    }),
    fc.record({
      kind: fc.constant('call' as const),
      fn: fc.constantFrom('count', 'age', 'land'),
      args: fc.array(tie('leaf'), { minLength: 1, maxLength: 2 }),
      member: fc.constantFrom([], ['owner_id']),
    }),
  ),
})).expr;

describe('exprSource', () => {
  it('prints any expression so that the parser reads back the same tree', () => {
    fc.assert(
      fc.property(exprArb, (e) => {
        expect(compileCondition(exprSource(e))).toEqual(e);
      }),
      { numRuns: 400 },
    );
  });

  it('uses the minimal parentheses and the language spelling of literals', () => {
    const src = 'not (a > 1 or b == 2) and kind != owner and 20_000 VND * (a - (b - 1)) >= 5%';
    expect(exprSource(compileCondition(src))).toBe(src);
    expect(exprSource(compileCondition('"nói \\"có\\""'))).toBe('"nói \\"có\\""');
  });
});

describe('formatting for people', () => {
  it('writes money in đồng with dots between thousands', () => {
    expect(formatMoney(20_000)).toBe('20.000 đồng');
    expect(formatMoney(1_000_000_000)).toBe('1.000.000.000 đồng');
    expect(formatMoney(500)).toBe('500 đồng');
  });

  it('writes decimals with a comma and dates day first', () => {
    expect(formatNumberVi(1234567.5)).toBe('1.234.567,5');
    expect(formatNumberVi(0.06)).toBe('0,06');
    expect(formatDateVi('2025-02-11')).toBe('11/02/2025');
  });
});

describe('exprText', () => {
  const ix = new LabelIndex({
    form: {
      groups: [{ id: 'applicant', path: 'applicant', label: 'Người nộp hồ sơ' }],
      fields: [
        { id: 'basis', path: 'basis', label: 'Căn cứ chỗ ở', type: 'choice', options: [{ id: 'owner', label: 'Chủ sở hữu' }, { id: 'tenant', label: 'Thuê' }], required: true, locked: false },
        { id: 'policy', path: 'applicant.policy', group: 'applicant', label: 'Diện chính sách', type: 'choice', options: [{ id: 'ho_ngheo', label: 'Hộ nghèo' }, { id: 'tre_em', label: 'Trẻ em' }], required: false, locked: false },
        { id: 'area', path: 'area', label: 'Diện tích', type: 'number', required: false, locked: false },
      ],
    },
    sources: [],
  });
  const text = (src: string) => exprText(compileConditionWith(src), ix);
  function compileConditionWith(src: string): IRExpr {
    const shapes = new Map<string, FieldShape>([
      ['basis', { type: 'choice', options: ['owner', 'tenant'] }],
      ['applicant.policy', { type: 'choice', options: ['ho_ngheo', 'tre_em'] }],
      ['area', { type: 'number', options: [] }],
    ]);
    const { file } = parse(`procedure p {\n  fee f {\n    amount 1 VND when ${src}\n  }\n}\n`);
    const amount = ((file.declarations[0] as ProcedureDecl).items[0] as FeeDecl).items[0]!;
    if (amount.kind !== 'Amount' || !amount.when) throw new Error('no condition');
    return new ExprResolver(shapes, new Set(['basis', 'applicant', 'area']), new Map()).convert(amount.when, { locals: [] });
  }

  it('reads a channel test as the way of submitting', () => {
    expect(text('channel == online')).toBe('nộp trực tuyến');
    expect(text('channel != in_person')).toBe('không nộp trực tiếp');
    expect(text('channel in [online, postal]')).toBe('nộp trực tuyến hoặc nộp qua dịch vụ bưu chính');
  });

  it("names fields and options by the designer's labels", () => {
    expect(text('basis != owner')).toBe('Căn cứ chỗ ở không phải “Chủ sở hữu”');
    expect(text('applicant.policy in [ho_ngheo, tre_em]')).toBe('Diện chính sách (Người nộp hồ sơ) là “Hộ nghèo” hoặc “Trẻ em”');
    expect(text('area >= 100 and channel == online')).toBe('Diện tích từ 100 trở lên và nộp trực tuyến');
    expect(text('(area > 100 or basis == tenant) and form.valid')).toBe('(Diện tích lớn hơn 100 hoặc Căn cứ chỗ ở là “Thuê”) và tờ khai hợp lệ');
  });

  it('falls back to the source text where there is no label', () => {
    expect(text('unknown_field.x == 1')).toBe('`unknown_field.x` bằng 1');
    expect(text('count(nothing) > 2')).toBe('`count(nothing)` lớn hơn 2');
  });
});
