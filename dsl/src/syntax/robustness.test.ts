// No input makes the parser throw or hang: thousands of mutations of real files (tokens
// deleted, duplicated, swapped, files truncated) must come back as diagnostics.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../check/index.ts';
import { format } from '../format/index.ts';
import { Workspace } from '../workspace.ts';
import { parse } from './parse.ts';
import { procedureLexer } from './tokens.ts';

function corpus(): string[] {
  const dirs = [join(import.meta.dirname, '..', '__fixtures__'), join(import.meta.dirname, '__golden__')];
  const procedures = join(import.meta.dirname, '..', '..', '..', 'procedures');
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.proc')) out.push(readFileSync(join(dir, e.name), 'utf8'));
    }
  };
  [...dirs, procedures].forEach(walk);
  return out;
}

/** Token slices of a file, so mutations stay at token boundaries (as an editing designer would). */
function pieces(text: string): string[] {
  const lexed = procedureLexer.tokenize(text);
  const out: string[] = [];
  let last = 0;
  for (const t of [...lexed.tokens, ...(lexed.groups['comments'] ?? [])].sort((a, b) => a.startOffset - b.startOffset)) {
    out.push(text.slice(last, t.startOffset), t.image);
    last = t.startOffset + t.image.length;
  }
  out.push(text.slice(last));
  return out;
}

const mutation = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), n: fc.nat() }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat(), n: fc.constant(0) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), n: fc.integer({ min: 0, max: 12 }) }),
);

const junk = ['{', '}', '"', '->', 'when', 'field', '(', ')', '[', ']', '==', '#', '\n', '1_000 VND', 'ọ', '@', '2025-13-45'];

function mutate(parts: string[], ms: readonly { op: string; at: number; n: number }[]): string {
  const p = [...parts];
  for (const m of ms) {
    if (p.length === 0) break;
    const i = m.at % p.length;
    if (m.op === 'delete') p.splice(i, m.n);
    if (m.op === 'duplicate') p.splice(i, 0, ...p.slice(i, i + m.n));
    if (m.op === 'swap') {
      const j = m.n % p.length;
      [p[i], p[j]] = [p[j]!, p[i]!];
    }
    if (m.op === 'truncate') p.length = i;
    if (m.op === 'insert') p.splice(i, 0, ' ', junk[m.n % junk.length]!, ' ');
  }
  return p.join('');
}

describe('parser robustness', () => {
  const files = corpus();

  it('has a corpus to mutate', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('returns diagnostics and never throws for thousands of mutated files', () => {
    const tokenized = files.map(pieces);
    let slowest = 0;
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 6 }), (which, ms) => {
        const text = mutate(tokenized[which % tokenized.length]!, ms);
        // CPU time, not wall time: the machine is shared, and a busy neighbour is not a slow parser.
        const c0 = process.cpuUsage();
        const result = parse(text);
        const used = process.cpuUsage(c0);
        slowest = Math.max(slowest, (used.user + used.system) / 1000);
        expect(Array.isArray(result.diagnostics)).toBe(true);
        for (const d of result.diagnostics) {
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(text.length);
          expect(d.message.vi.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: Number(process.env['FUZZ_RUNS'] ?? 3000), seed: 20251121 },
    );
    expect(slowest).toBeLessThan(1000);
  });

  it('checks and formats mutated files without throwing (checker and formatter return diagnostics)', () => {
    const commonDir = join(import.meta.dirname, '..', '..', '..', 'procedures', 'common');
    const common = existsSync(commonDir)
      ? readdirSync(commonDir).map((f) => [`common/${f}`, readFileSync(join(commonDir, f), 'utf8')] as const)
      : [];
    const base = Workspace.fromFiles(common);
    const tokenized = files.map(pieces);
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, ms) => {
        const text = mutate(tokenized[which % tokenized.length]!, ms);
        const ws = base.withFile('x/mutated.proc', text);
        const diagnostics = checkFile(ws, 'x/mutated.proc');
        expect(Array.isArray(diagnostics)).toBe(true);
        const formatted = format(text);
        if (formatted.changed) expect(format(formatted.text).text).toBe(formatted.text);
      }),
      { numRuns: Number(process.env['FUZZ_RUNS'] ?? 1000), seed: 20251122 },
    );
  });

  it('survives arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        expect(() => parse(text)).not.toThrow();
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
