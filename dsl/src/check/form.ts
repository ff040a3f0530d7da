// Form fields (of a procedure or a shared fragment): declared types, conditions, bounds,
// patterns, and the values a field takes from elsewhere (prefill, computed, default).
import type * as A from '../ast.ts';
import { report } from './catalog.ts';
import { checkCondition, checkExpr, checkValueFor, quote } from './expr.ts';
import { checkTypeRef, reportDuplicates, WHAT, type FileCx } from './names.ts';
import { withRow, type Scope } from './scope.ts';
import { assignable, isNumberLiteral, isTextLiteral, isTextual, typeFromRef, typeLabel, UNKNOWN, type Type } from './types.ts';

/** Check form items; `extraNames` are names sharing the form's namespace (imported groups). */
export function checkFormItems(cx: FileCx, items: readonly A.FormItem[], scope: Scope, extraNames: readonly A.Ident[] = []): void {
  reportDuplicates(cx, WHAT.field, [...extraNames, ...items.map((i) => i.name)]);
  for (const it of items) {
    if (it.kind === 'Field') {
      checkField(cx, it, scope);
      continue;
    }
    reportDuplicates(cx, WHAT.field, it.fields.map((f) => f.name));
    const rowScope = withRow(scope, it);
    checkCondition(it.visibleWhen, 'visible when', rowScope, cx.out);
    for (const f of it.fields) checkField(cx, f, rowScope);
  }
}

const VALUE_BOUNDED = new Set(['number', 'money', 'date']);

function checkField(cx: FileCx, f: A.FieldDecl, scope: Scope): void {
  checkTypeRef(cx, f.type);
  const type: Type = typeFromRef(f.type) ?? UNKNOWN;
  const name = f.name.text;
  const text = cx.file.text;
  for (const c of f.clauses) {
    switch (c.kind) {
      case 'Required':
        checkCondition(c.when, 'required when', scope, cx.out);
        break;
      case 'Visible':
        checkCondition(c.when, 'visible when', scope, cx.out);
        break;
      case 'Min':
      case 'Max': {
        const clause = c.kind === 'Min' ? 'min' : 'max';
        const found = checkExpr(c.value, scope, cx.out);
        if (type.kind === 'unknown' || found.kind === 'unknown') break;
        if (VALUE_BOUNDED.has(type.kind)) {
          if (!assignable(found, type, { number: isNumberLiteral(c.value) })) {
            report(cx.out, 'MC3011', c.value.span, { field: name, clause, fieldType: typeLabel(type), expected: typeLabel(type), found: typeLabel(found) });
          }
        } else if (isTextual(type)) {
          if (found.kind !== 'number') {
            report(cx.out, 'MC3011', c.value.span, {
              field: name,
              clause,
              fieldType: typeLabel(type),
              expected: { vi: 'một số (độ dài tối đa/tối thiểu)', en: 'a number (the length)' },
              found: typeLabel(found),
            });
          }
        } else {
          report(cx.out, 'MC3011', c.value.span, { field: name, clause, fieldType: typeLabel(type), found: typeLabel(found) });
        }
        break;
      }
      case 'Pattern':
        try {
          new RegExp(c.pattern.value, 'u');
        } catch (err) {
          const reason = err instanceof Error ? err.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '') : String(err);
          report(cx.out, 'MC3012', c.pattern.span, { pattern: c.pattern.value, reason });
        }
        break;
      case 'Prefill': {
        const found = checkExpr(c.from, scope, cx.out);
        if (!assignable(found, type)) {
          report(cx.out, 'MC3009', c.from.span, { field: name, from: quote(text, c.from.span), expected: typeLabel(type), found: typeLabel(found) });
        }
        break;
      }
      case 'Computed':
      case 'Default': {
        const found = checkValueFor(c.value, type, name, scope, cx.out);
        const literal = { text: isTextLiteral(c.value), number: isNumberLiteral(c.value) };
        if (!assignable(found, type, literal)) {
          report(cx.out, 'MC3008', c.value.span, {
            field: name,
            clause: c.kind === 'Computed' ? 'computed' : 'default',
            expected: typeLabel(type),
            found: typeLabel(found),
          });
        }
        break;
      }
      default:
        break;
    }
  }
}
