// Public verification of a result by its dossier code (GET /api/verify/:code and the /verify
// page): every result issued for the dossier, each with its Ed25519 signature checked over the
// canonical JSON of its data.
import { canonicalJson } from '@motcua/engine';
import type { ServerContext } from './context.ts';
import type { Bilingual } from './http/problem.ts';

export interface CheckedResult {
  readonly result: string;
  readonly data: Record<string, unknown>;
  readonly valid: boolean;
  readonly issuedAt: number;
}

export type Verification =
  | { readonly valid: false; readonly reason: Bilingual }
  | { readonly valid: boolean; readonly code: string | null; readonly procedure: string; readonly results: CheckedResult[] };

export async function verifyResult(ctx: ServerContext, code: string): Promise<Verification> {
  const { storage, keys } = ctx.runtime;
  const row = await storage.db.selectFrom('dossiers').select(['id', 'code', 'procedure_id', 'outcome']).where('code', '=', code).executeTakeFirst();
  if (!row) return { valid: false, reason: { vi: 'Không có hồ sơ với mã này', en: 'No dossier with this code' } };
  const results = await storage.db.selectFrom('results').selectAll().where('dossier_id', '=', row.id).execute();
  if (results.length === 0) return { valid: false, reason: { vi: 'Hồ sơ chưa có kết quả', en: 'No result yet' } };
  const checked = results.map((r) => {
    const data = JSON.parse(r.data) as Record<string, unknown>;
    return { result: r.result_id, data, valid: r.signature !== null && keys.verify(canonicalJson(data), r.signature), issuedAt: Number(r.issued_at) };
  });
  return { valid: checked.every((x) => x.valid), code: row.code, procedure: row.procedure_id, results: checked };
}
