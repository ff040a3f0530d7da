// The language reference (docs/language.md) is tested like code: every ```proc example is a
// complete file that parses and checks cleanly against the procedure library, the EBNF names
// every rule of the parser, and every diagnostic code it mentions exists.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCodes, LineMap, type Diagnostic } from './diagnostics.ts';
import { loadWorkspace } from './node.ts';
import { parse } from './syntax/parse.ts';
import type { Workspace } from './workspace.ts';

const repo = join(import.meta.dirname, '..', '..');
const docPath = join(repo, 'docs', 'language.md');
const doc = readFileSync(docPath, 'utf8');
const docLines = new LineMap(doc);

interface Example {
  /** 1-based line of the opening fence in language.md. */
  readonly line: number;
  readonly text: string;
}

function fencedBlocks(lang: string): Example[] {
  const out: Example[] = [];
  const fence = new RegExp('^```' + lang + '[ \\t]*\\r?\\n([\\s\\S]*?)^```[ \\t]*$', 'gm');
  for (const m of doc.matchAll(fence)) out.push({ line: docLines.position(m.index).line, text: m[1] ?? '' });
  return out;
}

function show(text: string, diagnostics: readonly Diagnostic[]): string[] {
  const lines = new LineMap(text);
  return diagnostics.map((d) => {
    const p = lines.position(d.span.start);
    return `${p.line}:${p.column} ${d.severity} ${d.code} ${d.message.vi}`;
  });
}

interface Checker {
  checkFile(ws: Workspace, path: string): readonly Diagnostic[];
}

// The checker is optional while it is being built; once dsl/src/check/index.ts exists, the
// examples must also pass it. (A variable specifier keeps tsc from requiring the module.)
const checkerModule = join(import.meta.dirname, 'check', 'index.ts');
const checker: Checker | undefined = existsSync(checkerModule)
  ? ((await import(/* @vite-ignore */ checkerModule)) as Checker)
  : undefined;

const examples = fencedBlocks('proc');

describe('docs/language.md examples', () => {
  it('has examples to test', () => {
    expect(examples.length).toBeGreaterThan(10);
  });

  for (const ex of examples) {
    it(`parses the example at line ${ex.line} without diagnostics`, () => {
      expect(show(ex.text, parse(ex.text).diagnostics)).toEqual([]);
    });
  }

  if (checker) {
    const library = loadWorkspace(join(repo, 'procedures'));
    for (const ex of examples) {
      it(`checks the example at line ${ex.line} against procedures/ without errors`, () => {
        const path = `_docs/language-${ex.line}.proc`;
        const ws = library.withFile(path, ex.text);
        const errors = checker.checkFile(ws, path).filter((d) => d.severity === 'error');
        expect(show(ex.text, errors)).toEqual([]);
      });
    }
  }
});

describe('docs/language.md grammar', () => {
  const ebnf = fencedBlocks('ebnf').map((b) => b.text).join('\n');
  const documented = new Set([...ebnf.matchAll(/^([a-zA-Z]+)(?:\([A-Z]\))?\s*=/gm)].map((m) => m[1]));
  const parserSource = readFileSync(join(import.meta.dirname, 'syntax', 'parser.ts'), 'utf8');
  const rules = [...parserSource.matchAll(/this\.RULE\('([a-zA-Z]+)'/g)].map((m) => m[1]!);

  it('documents every rule of the parser in the EBNF', () => {
    expect(rules.length).toBeGreaterThan(30);
    expect(rules.filter((r) => !documented.has(r))).toEqual([]);
  });

  it('lists every soft keyword of the lexer', async () => {
    const { keywordList } = await import('./syntax/tokens.ts');
    const section = doc.slice(doc.indexOf('**Keywords.**'), doc.indexOf('## 3. Grammar'));
    const listed = new Set(section.match(/[a-z_]+/g));
    expect(keywordList.filter((k) => !listed.has(k))).toEqual([]);
  });
});

describe('docs/language.md diagnostic codes', () => {
  it('mentions only codes the language reports', () => {
    const known = new Set(allCodes().map((c) => c.code));
    const mentioned = [...new Set(doc.match(/\bMC\d{4}\b/g))];
    // Without the checker only the syntax codes are registered.
    const checkable = checker ? mentioned : mentioned.filter((c) => c.startsWith('MC1'));
    expect(checkable.filter((c) => !known.has(c))).toEqual([]);
  });
});
