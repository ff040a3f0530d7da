// Backup of the embedded SQLite database: SQLite's online backup API copies a consistent
// snapshot while the server keeps writing; a backup is checked before it is restored.
import Database from 'better-sqlite3';

export async function backupSqlite(source: string, destination: string): Promise<void> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(destination);
  } finally {
    db.close();
  }
}

/** Why a file cannot be restored as a Motcua database, or undefined when it can. */
export function backupProblem(file: string): string | undefined {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("select count(*) as n from sqlite_master where type = 'table' and name in ('dossiers', 'events', 'definitions')").get() as { n: number };
    if (tables.n !== 3) return 'không phải cơ sở dữ liệu Một cửa (not a Motcua database)';
    const integrity = db.pragma('integrity_check', { simple: true });
    return integrity === 'ok' ? undefined : `hỏng (integrity check: ${String(integrity)})`;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    db.close();
  }
}
