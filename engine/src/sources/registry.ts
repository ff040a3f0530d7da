// The one interface every data source implements: national databases, sector registries, the
// results store and the applicant's earlier dossiers all answer "the record of source S for key K".
// The engine logs every read it makes through it (who, what, for which dossier).

/**
 * A record as the procedure language sees it: field id → value. Values are JSON: text and
 * addresses as strings, dates as "YYYY-MM-DD", numbers and money (whole đồng) as numbers,
 * booleans, choice options by their id ("ho_ngheo").
 */
export type SourceRecord = Readonly<Record<string, unknown>>;

export interface Registry {
  /** The record of `source` for `key` (a personal id, an address, a tax code…), if any. */
  read(source: string, key: string): Promise<SourceRecord | undefined>;
}
