// Test fixture run as a separate process: receives `count` dossiers of one unit and day at once
// through its own connection and prints the codes it got as JSON. Several of these released
// together are the "several server processes on one database" case. Like a real receipt, each
// transaction reads before it writes — the pattern that deadlocks SQLite without BEGIN IMMEDIATE.

import { once } from 'node:events';
import { nextDossierCode } from './dossier-code.ts';
import { inTransaction, openDatabase } from './open-database.ts';

const args = JSON.parse(process.argv[2] ?? '{}') as { url: string; schema?: string; unit: string; day: string; count: number };
const storage = await openDatabase({ url: args.url, schema: args.schema, migrate: false, poolSize: 4 });
try {
  // Start barrier: the parent releases every process at once, after all have connected.
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  const codes = await Promise.all(
    Array.from({ length: args.count }, () =>
      inTransaction(storage.db, async (trx) => {
        await trx.selectFrom('daily_sequences').selectAll().where('unit_code', '=', args.unit).execute();
        await new Promise((r) => setTimeout(r, 2));
        return nextDossierCode(trx, args.unit, args.day);
      }),
    ),
  );
  process.stdout.write(`${JSON.stringify(codes)}\n`);
} finally {
  await storage.close();
  process.stdin.destroy();
}
