// What the formatter needs to know about expressions that the token stream alone does not say:
// which parenthesised sub-expressions precedence requires (the others lose their parentheses —
// the tree is the same, so this is layout only), and which tokens are glued to the next one
// (a callee to its `(`, a unary minus to its operand).
import type * as A from '../ast.ts';
import { walkExprs } from '../walk.ts';

/**
 * What parentheses around an expression do in its position: `required` by precedence;
 * `clarifying` — not required, but they spare the reader a precedence rule that non-programmers
 * get wrong (`not (a == b)`, `(a and b) or c`), so the designer's own are kept (never added);
 * `redundant` — dropped.
 */
export type ParensRole = 'required' | 'clarifying' | 'redundant';

export interface ExpressionLayout {
  /** For parenthesised expression nodes, keyed by `spanKey(span)`. */
  readonly parens: ReadonlyMap<number, ParensRole>;
  /** Start offsets of tokens printed without a space after them: callees and unary minus. */
  readonly glued: ReadonlySet<number>;
  /** Start offsets of callees; the next token is the call's own `(`, never dropped. */
  readonly callees: ReadonlySet<number>;
}

/** One number per span (offsets stay far below 2^26, so the key is exact). */
export const spanKey = (start: number, end: number): number => start * 67_108_864 + end;

// Binding strength, loosest first, mirroring the parser's rule chain:
// expr(or) > andExpr > notExpr > comparison(== … in) > additive > multiplicative > unary > primary.
const OR = 1;
const AND = 2;
const NOT = 3;
const COMPARE = 4;
const ADD = 5;
const MUL = 6;
const NEG = 7;
const PRIMARY = 8;

const binaryPrecedence: Record<A.BinaryOp, number> = {
  or: OR,
  and: AND,
  '==': COMPARE,
  '!=': COMPARE,
  '<': COMPARE,
  '<=': COMPARE,
  '>': COMPARE,
  '>=': COMPARE,
  '+': ADD,
  '-': ADD,
  '*': MUL,
  '/': MUL,
};

function precedence(e: A.Expr): number {
  switch (e.kind) {
    case 'Binary':
      return binaryPrecedence[e.op];
    case 'Unary':
      return e.op === 'not' ? NOT : NEG;
    case 'In':
      return COMPARE;
    default:
      return PRIMARY;
  }
}

/**
 * `parenthesised`: start offsets of the first token inside each `(` of the source. Only those
 * expressions can have parentheses to keep or drop, so only they are recorded.
 */
export function expressionLayout(file: A.SourceFile, parenthesised: ReadonlySet<number>): ExpressionLayout {
  const parens = new Map<number, ParensRole>();
  const glued = new Set<number>();
  const callees = new Set<number>();

  /**
   * `min`: the loosest binding this position accepts without parentheses; `clarify`: the
   * binding whose parentheses, when written, are kept for the reader.
   */
  const visit = (e: A.Expr, min: number, clarify?: number): void => {
    const p = precedence(e);
    if (parenthesised.has(e.span.start)) {
      parens.set(spanKey(e.span.start, e.span.end), p < min ? 'required' : p === clarify ? 'clarifying' : 'redundant');
    }
    switch (e.kind) {
      case 'Binary':
        if (p === COMPARE) {
          // Comparisons do not chain: both operands are additive expressions.
          visit(e.left, ADD);
          visit(e.right, ADD);
        } else {
          // Left-associative: a right operand of the same strength keeps its parentheses.
          const clarify = e.op === 'or' ? AND : undefined; // `(a and b) or c`
          visit(e.left, p, clarify);
          visit(e.right, p + 1, clarify);
        }
        break;
      case 'In':
        visit(e.value, ADD);
        visit(e.list, ADD);
        break;
      case 'Unary':
        if (e.op === '-') glued.add(e.span.start);
        if (e.op === 'not') visit(e.operand, NOT, COMPARE); // `not (a == b)`, `not (a in [b])`
        else visit(e.operand, NEG);
        break;
      case 'Call':
        glued.add(e.callee.span.start);
        callees.add(e.callee.span.start);
        e.args.forEach((a) => visit(a, OR));
        break;
      case 'List':
        e.items.forEach((i) => visit(i, OR));
        break;
      default:
        break;
    }
  };

  // Every place an expression can stand takes a whole expression (precedence 1). `walkExprs`
  // visits each root and then, contiguously, its descendants, which `visit` has already seen.
  let root: A.Span = { start: -1, end: -1 };
  walkExprs(file, (e) => {
    if (e.span.start >= root.start && e.span.end <= root.end) return;
    root = e.span;
    visit(e, OR);
  });

  return { parens, glued, callees };
}
