// Go to definition and find references: lookups in the symbol index, across files for names
// declared outside a procedure (fragments, sources and their fields, agencies).
import type { Workspace } from '../workspace.ts';
import { occurrenceAt, occurrencesOf } from './symbols.ts';
import type { Location } from './types.ts';

export function definition(ws: Workspace, path: string, offset: number): Location | undefined {
  const def = occurrenceAt(ws, path, offset)?.symbol.def;
  return def ? { path: def.path, start: def.span.start, end: def.span.end } : undefined;
}

/** Every place the name under the cursor is written, its declaration included; by file, then offset. */
export function references(ws: Workspace, path: string, offset: number): Location[] {
  const occurrence = occurrenceAt(ws, path, offset);
  if (!occurrence) return [];
  return occurrencesOf(ws, occurrence.symbol, path)
    .filter((o) => o.occurrence.role !== 'link')
    .map((o) => ({ path: o.path, start: o.occurrence.span.start, end: o.occurrence.span.end }));
}
