// Checks one procedure: runs each pass over it with the procedure's scope. Also documents and
// results, which are small enough not to need a module of their own.
import type * as A from '../ast.ts';
import { report } from './catalog.ts';
import { checkDeadlines } from './deadlines.ts';
import { checkCondition, checkExpr, checkValueFor, quote, resolveValue } from './expr.ts';
import { checkFees } from './fees.ts';
import { checkFormItems } from './form.ts';
import { checkMetadata, checkUse, checkWord, DOC_FORMS, reportDuplicates, WHAT, type FileCx } from './names.ts';
import { checkDocumentOnceOnly, checkPrefillable } from './once-only.ts';
import { checkScenarios } from './scenarios.ts';
import { procedureScope, resolvePath, type Scope } from './scope.ts';
import { assignable, typeLabel } from './types.ts';
import { checkWorkflow } from './workflow.ts';

export function checkProcedure(cx: FileCx, decl: A.ProcedureDecl): void {
  const scope = procedureScope(cx.ws, cx.file.path, decl);
  checkMetadata(cx, decl);
  const uses = decl.items.filter((i): i is A.UseDecl => i.kind === 'Use');
  uses.forEach((u) => checkUse(cx, u));
  const formItems = decl.items.flatMap((i) => (i.kind === 'Form' ? i.items : []));
  checkFormItems(cx, formItems, scope, uses.map((u) => u.name));
  checkPrefillable(cx, formItems);
  checkDocuments(cx, decl, scope);
  checkFees(cx, decl, scope);
  checkWorkflow(cx, decl, scope);
  checkDeadlines(cx, decl, scope);
  checkResults(cx, decl, scope);
  checkScenarios(cx, decl, scope);
}

function checkDocuments(cx: FileCx, decl: A.ProcedureDecl, scope: Scope): void {
  const docs = decl.items.flatMap((i) => (i.kind === 'Documents' ? i.docs : []));
  reportDuplicates(cx, WHAT.doc, docs.map((d) => d.name));
  for (const doc of docs) {
    for (const c of doc.clauses) {
      if (c.kind === 'Required') checkCondition(c.when, 'required when', scope, cx.out);
      if (c.kind === 'Waived') checkCondition(c.when, 'waived when', scope, cx.out);
      if (c.kind === 'As') checkWord(cx, 'as', c.form, DOC_FORMS);
      if (c.kind === 'Proves') for (const p of c.paths) if (p.segments.length) resolveValue(p, scope, cx.out, cx.file.text);
    }
    checkDocumentOnceOnly(cx, doc, scope);
  }
}

function checkResults(cx: FileCx, decl: A.ProcedureDecl, scope: Scope): void {
  const results = decl.items.filter((i): i is A.ResultDecl => i.kind === 'Result');
  reportDuplicates(cx, WHAT.result, results.map((r) => r.name));
  for (const r of results) {
    for (const p of r.items) {
      if (p.kind !== 'Publish') continue;
      const target = p.target.segments.map((s) => s.text).join('.');
      const resolution = p.target.segments.length ? resolvePath(p.target.segments, scope) : undefined;
      // A bare word published into a choice field is one of its options (`= married`).
      const value =
        resolution?.kind === 'sourceField' && resolution.type.kind === 'choice'
          ? checkValueFor(p.value, resolution.type, target, scope, cx.out)
          : checkExpr(p.value, scope, cx.out);
      if (p.subject) {
        const who = checkExpr(p.subject, scope, cx.out);
        if (who.kind !== 'personal_id' && who.kind !== 'unknown') {
          report(cx.out, 'MC3016', p.subject.span, { text: quote(cx.file.text, p.subject.span), found: typeLabel(who) });
        }
      }
      if (!resolution) continue;
      if (resolution.kind === 'error') {
        resolveValue(p.target, scope, cx.out, cx.file.text); // reports the unknown name
      } else if (resolution.kind !== 'sourceField') {
        if (resolution.kind !== 'opaque') report(cx.out, 'MC3015', p.target.span, { target });
      } else if (resolution.source.kind !== 'results') {
        report(cx.out, 'MC3015', p.target.segments[0]!.span, { target, source: resolution.source.decl.name.text, kind: resolution.source.kind });
      } else if (!assignable(value, resolution.type)) {
        report(cx.out, 'MC3010', p.value.span, {
          target,
          text: quote(cx.file.text, p.value.span),
          expected: typeLabel(resolution.type),
          found: typeLabel(value),
        });
      }
    }
  }
}
