// The procedure catalog: every procedure of the workspace compiled once (IR, form schema, card).
import { compileProcedure, toCard, toJsonSchema, type ProcedureIR, type Workspace } from '@motcua/dsl';

export interface CatalogEntry {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly version: number;
  readonly agency: string;
  readonly level?: string;
  readonly card: string;
  readonly ir: ProcedureIR;
  readonly schema: unknown;
}

/** Compile every procedure of the workspace; a procedure with errors is left out and reported. */
export function buildCatalog(ws: Workspace): { entries: CatalogEntry[]; failed: string[] } {
  const entries: CatalogEntry[] = [];
  const failed: string[] = [];
  for (const { decl } of ws.procedures()) {
    const { ir } = compileProcedure(ws, decl.name.text);
    if (!ir) {
      failed.push(decl.name.text);
      continue;
    }
    entries.push({
      id: ir.id,
      code: ir.code,
      title: ir.title,
      version: ir.version,
      agency: ir.agency,
      ...(ir.level ? { level: ir.level } : {}),
      card: toCard(ir),
      ir,
      schema: toJsonSchema(ir),
    });
  }
  entries.sort((a, b) => a.title.localeCompare(b.title, 'vi'));
  return { entries, failed };
}

/** Accent- and case-insensitive search over code, title (and English title) and id ("dang ky thuong tru" finds "Đăng ký thường trú"). */
export function searchCatalog(entries: readonly CatalogEntry[], q: string): CatalogEntry[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  const words = fold(q).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...entries];
  return entries.filter((e) => {
    const hay = fold(`${e.code} ${e.title} ${e.ir.titleEn ?? ''} ${e.id} ${e.ir.audience.join(' ')}`);
    return words.every((w) => hay.includes(w));
  });
}
