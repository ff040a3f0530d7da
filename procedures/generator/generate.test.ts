import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProcedureDecl } from '../../dsl/src/ast.ts';
import type { Diagnostic } from '../../dsl/src/diagnostics.ts';
import { format } from '../../dsl/src/format/index.ts';
import { parse } from '../../dsl/src/syntax/parse.ts';
import { Workspace } from '../../dsl/src/workspace.ts';
import { generateCatalog, generateProcedure } from './generate.ts';
import { minimalCommon, vocabularyOf } from './vocabulary.ts';

const commonDir = join(import.meta.dirname, '..', 'common');
const libraryCommon: [string, string][] = existsSync(commonDir)
  ? readdirSync(commonDir)
      .filter((f) => f.endsWith('.proc'))
      .sort()
      .map((f) => [`common/${f}`, readFileSync(join(commonDir, f), 'utf8')])
  : [];

const checkerPath = join(import.meta.dirname, '..', '..', 'dsl', 'src', 'check', 'index.ts');
const hasChecker = existsSync(checkerPath);

/** Checker errors in the named files (the shared files are someone else's business). */
async function checkerErrors(common: readonly (readonly [string, string])[], files: readonly (readonly [string, string])[]): Promise<string[]> {
  const { checkWorkspace } = (await import(checkerPath)) as { checkWorkspace(ws: Workspace): readonly Diagnostic[] };
  const ws = Workspace.fromFiles([...common, ...files]);
  const mine = new Set(files.map(([p]) => p));
  return checkWorkspace(ws)
    .filter((d) => d.severity === 'error' && d.file !== undefined && mine.has(d.file))
    .map((d) => {
      const f = ws.file(d.file!)!;
      const pos = f.lines.position(d.span.start);
      return `${d.file}:${pos.line}: ${d.code} ${d.message.en} «${f.text.slice(d.span.start, d.span.end)}»`;
    });
}

const syntaxErrors = (text: string) => parse(text).diagnostics.map((d) => `${d.code} ${d.message.en}`);

function procedureOf(text: string): ProcedureDecl {
  const decl = parse(text).file.declarations[0];
  if (decl?.kind !== 'Procedure') throw new Error('no procedure');
  return decl;
}

describe('generateProcedure', () => {
  it('gives the same text for the same seed and a different one for another seed', () => {
    const a = generateProcedure(42, { targetLines: 400 });
    expect(generateProcedure(42, { targetLines: 400 })).toBe(a);
    expect(generateProcedure(43, { targetLines: 400 })).not.toBe(a);
  });

  it.each([150, 600, 2000])('meets a target of %i lines within 2%%', (target) => {
    const lines = generateProcedure(7, { targetLines: target }).split('\n').length - 1;
    expect(Math.abs(lines - target) / target).toBeLessThanOrEqual(0.02);
  });

  it('writes no syntax errors, whatever the seed and size, against the stand-in shared files', () => {
    for (let seed = 1; seed <= 25; seed++) {
      expect(syntaxErrors(generateProcedure(seed, { targetLines: 100 + seed * 37 })), `seed ${seed}`).toEqual([]);
    }
    expect(syntaxErrors(generateProcedure(99, { targetLines: 2000 }))).toEqual([]);
  });

  it.skipIf(libraryCommon.length === 0)("writes no syntax errors against the library's shared files", () => {
    const vocabulary = vocabularyOf(Workspace.fromFiles(libraryCommon));
    for (let seed = 1; seed <= 10; seed++) {
      expect(syntaxErrors(generateProcedure(seed, { targetLines: 200 * seed, vocabulary })), `seed ${seed}`).toEqual([]);
    }
  });

  it('lays the file out as `motcua fmt` does', () => {
    for (const seed of [1, 2]) expect(format(generateProcedure(seed, { targetLines: 300 * seed })).changed, `seed ${seed}`).toBe(false);
  });

  it('uses every field type, repeated groups, prefill, waivers, tiers, discounts, exemptions and ~30 states at 2,000 lines', () => {
    const text = generateProcedure(1, { targetLines: 2000 });
    const proc = procedureOf(text);
    const form = proc.items.find((i) => i.kind === 'Form');
    const types = new Set(form?.kind === 'Form' ? form.items.flatMap((i) => (i.kind === 'Field' ? [i.type.name.text] : [])) : []);
    expect([...types].sort()).toEqual(['address', 'boolean', 'choice', 'date', 'email', 'money', 'number', 'personal_id', 'phone', 'text']);
    expect(form?.kind === 'Form' && form.items.some((i) => i.kind === 'Group' && i.repeated)).toBe(true);
    for (const word of ['prefill from', 'waived when', 'proves', 'tiered by', 'discount', 'exempt', 'cap', 'per copy_count', 'publish', 'handover to', 'restarts clock', 'pauses clock']) {
      expect(text, word).toContain(word);
    }
    const workflow = proc.items.find((i) => i.kind === 'Workflow');
    const states = workflow?.kind === 'Workflow' ? workflow.states.length : 0;
    expect(states).toBeGreaterThanOrEqual(28);
    expect(states).toBeLessThanOrEqual(32);
    expect(proc.items.filter((i) => i.kind === 'Scenario').length).toBeGreaterThanOrEqual(5);
  });

  it('refers only to the shared names the vocabulary declares', () => {
    const vocabulary = vocabularyOf(Workspace.fromFiles(minimalCommon));
    const text = generateProcedure(3, { targetLines: 1500, vocabulary });
    const agencies = new Set(vocabulary.agencies.map((a) => a.name));
    const sources = new Set(vocabulary.sources.map((s) => s.name));
    for (const m of text.matchAll(/\b(?:agency|at|handover to) ([a-z_]+)/g)) expect(agencies, m[0]).toContain(m[1]);
    for (const m of text.matchAll(/prefill from ([a-z_]+)\./g)) expect(sources, m[0]).toContain(m[1]);
  });
});

describe('generateCatalog', () => {
  it('gives the same files for the same seed, with unique paths, procedure names and codes', () => {
    const a = generateCatalog(40, 5);
    expect(generateCatalog(40, 5)).toEqual(a);
    expect(new Set(a.map(([p]) => p)).size).toBe(40);
    const names = a.map(([, t]) => procedureOf(t).name.text);
    expect(new Set(names).size).toBe(40);
    const codes = a.map(([, t]) => /code "([^"]+)"/.exec(t)?.[1]);
    expect(new Set(codes).size).toBe(40);
    for (const [path, text] of a) expect(syntaxErrors(text), path).toEqual([]);
  });
});

describe.skipIf(!hasChecker)('checker', () => {
  it('finds no errors in generated procedures against the stand-in shared files', async () => {
    const files: [string, string][] = [1, 2, 3].map((s) => [`generated/p${s}.proc`, generateProcedure(s, { targetLines: 300 * s, name: `generated_${s}` })]);
    files.push(['generated/big.proc', generateProcedure(11, { targetLines: 2000, name: 'generated_big' })]);
    expect(await checkerErrors(minimalCommon, files)).toEqual([]);
  });

  it.skipIf(libraryCommon.length === 0)("finds no errors in a generated catalog against the library's shared files", async () => {
    const vocabulary = vocabularyOf(Workspace.fromFiles(libraryCommon));
    const files = generateCatalog(30, 3, { vocabulary });
    files.push(['generated/big.proc', generateProcedure(12, { targetLines: 2000, vocabulary, name: 'generated_big' })]);
    expect(await checkerErrors(libraryCommon, files)).toEqual([]);
  });
});
