// Canonical text of an expression: minimal parentheses, canonical spacing. Shared by the
// formatter, the semantic diff and messages, so one expression always reads the same.
import type { BinaryOp, Expr } from './ast.ts';

/** Binding strength of operators; shared by every printer of expressions (AST and IR). */
export const operatorPrecedence: Readonly<Record<BinaryOp | 'in' | 'not', number>> = {
  or: 1,
  and: 2,
  not: 3,
  '==': 4, '!=': 4, '<': 4, '<=': 4, '>': 4, '>=': 4, in: 4,
  '+': 5, '-': 5,
  '*': 6, '/': 6,
};

function prec(e: Expr): number {
  if (e.kind === 'Binary') return operatorPrecedence[e.op];
  if (e.kind === 'In') return operatorPrecedence.in;
  if (e.kind === 'Unary') return e.op === 'not' ? operatorPrecedence.not : 7;
  return 8;
}

export function printExpr(e: Expr): string {
  const wrap = (child: Expr, min: number) => {
    const s = printExpr(child);
    return prec(child) < min ? `(${s})` : s;
  };
  switch (e.kind) {
    case 'Literal':
      return e.raw;
    case 'Path':
      return e.segments.map((s) => s.text).join('.');
    case 'Call':
      return `${e.callee.text}(${e.args.map(printExpr).join(', ')})${e.member.map((m) => `.${m.text}`).join('')}`;
    case 'List':
      return `[${e.items.map(printExpr).join(', ')}]`;
    case 'Unary':
      return e.op === 'not' ? `not ${wrap(e.operand, operatorPrecedence.not)}` : `-${wrap(e.operand, 7)}`;
    case 'In':
      return `${wrap(e.value, operatorPrecedence.in + 1)} ${e.negated ? 'not in' : 'in'} ${wrap(e.list, operatorPrecedence.in + 1)}`;
    case 'Binary': {
      const p = operatorPrecedence[e.op];
      // Left-associative: the right operand needs parentheses at equal precedence (a - (b - c)).
      const comparison = p === 4;
      return `${wrap(e.left, comparison ? p + 1 : p)} ${e.op} ${wrap(e.right, p + 1)}`;
    }
  }
}
