// Properties of the formatter over every procedure file we have: the fixtures, the golden
// inputs and the procedure library (globbed at test time, so new procedures are covered).
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import type { IToken } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { findProcFiles } from '../node.ts';
import { walkExprs } from '../walk.ts';
import { parse } from '../syntax/parse.ts';
import { procedureLexer } from '../syntax/tokens.ts';
import { random } from '../testing/random.ts';
import { format } from './index.ts';

const repo = join(import.meta.dirname, '..', '..', '..');
const corpus = findProcFiles(
  [join(repo, 'dsl', 'src', '__fixtures__'), join(repo, 'dsl', 'src', 'format', '__golden__'), join(repo, 'procedures')].filter(
    (dir) => existsSync(dir),
  ),
);

const EXPR_KINDS = new Set(['Literal', 'Path', 'Call', 'Unary', 'Binary', 'In', 'List']);

/** The tree without source positions: what the file means, whatever its layout. */
function stripSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSpans);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'span' || key === 'keySpan' || key === 'comments') continue;
    out[key] = stripSpans(v);
  }
  return out;
}

/** The tree without positions, or undefined when the text has syntax errors. */
function meaning(text: string): string | undefined {
  const { file, diagnostics } = parse(text);
  return diagnostics.some((d) => d.severity === 'error') ? undefined : JSON.stringify(stripSpans(file));
}
const tree = (text: string) => JSON.stringify(stripSpans(parse(text).file));
const commentTexts = (text: string) => parse(text).file.comments.map((c) => c.text.trimEnd());


/**
 * Replaces the whitespace between tokens (never inside a string or a comment: the lexer says
 * where tokens are) with random spaces, tabs and line breaks. What the layout rules read from
 * the source is kept: whether a comment shares the line of the token before it, and whether
 * there is a blank line (two or more line breaks) between two tokens.
 */
function perturb(text: string, rand: () => number): string {
  const lexed = procedureLexer.tokenize(text);
  const comments = lexed.groups['comments'] ?? [];
  const all: Array<{ tok: IToken; comment: boolean }> = [
    ...lexed.tokens.map((tok) => ({ tok, comment: false })),
    ...comments.map((tok) => ({ tok, comment: true })),
  ].sort((a, b) => a.tok.startOffset - b.tok.startOffset);

  const blanks = () => ' \t '.slice(0, Math.floor(rand() * 4)).split('').sort(() => rand() - 0.5).join('');
  const lineBreak = () => (rand() < 0.2 ? '\r\n' : '\n');
  let out = blanks();
  let prevEnd = -1;
  let prevComment = false;
  for (const { tok, comment } of all) {
    if (prevEnd >= 0) {
      const gap = text.slice(prevEnd, tok.startOffset);
      const newlines = gap.split('\n').length - 1;
      if (newlines >= 2) out += blanks() + lineBreak() + blanks() + lineBreak() + (rand() < 0.5 ? lineBreak() : '') + blanks();
      else if (prevComment || comment) out += newlines === 1 ? blanks() + lineBreak() + blanks() : blanks();
      else {
        const r = rand();
        if (r < 0.3) out += blanks() + lineBreak() + blanks();
        else if (gap.length === 0 && r < 0.6) out += '';
        else out += ` ${blanks()}`;
      }
    }
    out += tok.image;
    prevEnd = tok.startOffset + tok.image.length;
    prevComment = comment;
  }
  return out + (rand() < 0.5 ? '\n' : blanks());
}

describe('formatter properties', () => {
  it('has a corpus to check', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(4);
  });

  for (const path of corpus) {
    const name = relative(repo, path);
    const text = readFileSync(path, 'utf8');

    describe(name, () => {
      it('sees every expression of the file (parentheses and spacing depend on it)', () => {
        const { file } = parse(text);
        const walked = new Set<unknown>();
        walkExprs(file, (e) => walked.add(e));
        const missed: string[] = [];
        const visit = (value: unknown): void => {
          if (Array.isArray(value)) return value.forEach(visit);
          if (value === null || typeof value !== 'object') return;
          const node = value as Record<string, unknown>;
          if (typeof node['kind'] === 'string' && EXPR_KINDS.has(node['kind']) && !walked.has(node)) {
            missed.push(JSON.stringify(stripSpans(node)));
          }
          for (const key in node) if (key !== 'span') visit(node[key]);
        };
        visit(file.declarations);
        expect(missed).toEqual([]);
      });

      it('is idempotent: formatting the formatted text changes nothing', () => {
        const once = format(text).text;
        expect(format(once)).toMatchObject({ text: once, changed: false });
      });

      it('keeps the meaning and every comment', () => {
        const formatted = format(text).text;
        expect(tree(formatted)).toBe(tree(text));
        expect(commentTexts(formatted)).toEqual(commentTexts(text));
      });

      it('reaches the same canonical text whatever the whitespace between tokens', () => {
        const original = meaning(text);
        if (original === undefined) return; // left as written while it has syntax errors
        const canonical = format(text).text;
        fc.assert(
          fc.property(fc.integer(), (seed) => {
            const perturbed = perturb(text, random(seed).next);
            // A line break can change the meaning in one place (a deadline's `basis` must be on
            // its line); such perturbations are not layout-only and are skipped.
            fc.pre(meaning(perturbed) === original);
            expect(format(perturbed).text).toBe(canonical);
          }),
          { numRuns: 25 },
        );
      });
    });
  }
});
