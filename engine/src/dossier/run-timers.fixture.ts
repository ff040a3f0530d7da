// Test fixture run as a separate process: a scheduler of its own on a database other processes
// share, firing every timer due at `now` (what another process holds, that one fires), then
// printing how many it fired.
// Several of these released together are the "several server processes on one database" case
// for timers (on SQLite, connections of one process cannot wait on each other: better-sqlite3
// waits for a lock synchronously, holding up the very event loop that would release it).

import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobStore } from '../storage/blob-store.ts';
import { openDatabase } from '../storage/open-database.ts';
import { DossierEngine } from './engine.ts';

const args = JSON.parse(process.argv[2] ?? '{}') as { url: string; schema?: string; now: number; name: string };
const storage = await openDatabase({ url: args.url, schema: args.schema, migrate: false });
try {
  // Timers read no registry and store no document.
  const engine = new DossierEngine({ storage, registry: { read: async () => undefined }, blobs: new BlobStore(join(tmpdir(), 'motcua-no-blobs')), now: () => args.now });
  process.stdout.write('ready\n');
  process.stdin.once('end', () => process.exit(2)); // the test is gone: so is this process
  await once(process.stdin, 'data');
  // A few dossiers at a time, so that the processes take turns on the same ones; one call fires
  // all this process can (what another holds, that one fires).
  const fired = await engine.runTimers(args.name, 2);
  process.stdout.write(`${JSON.stringify(fired)}\n`);
} finally {
  await storage.close();
  process.stdin.destroy();
}
