// Preloaded into the server under load by bench/load.bench.ts (`node --expose-gc --import tsx
// --import ./bench/load/heap-probe.mjs server/src/main.ts`): on SIGUSR2 the server prints one line
// of process.memoryUsage(), so the bench reads the V8 heap beside the RSS it reads from /proc.
// Every 12th signal (once a minute at the bench's 5 s sampling) it first forces a full garbage
// collection and marks the line `gc: true`: the heap that is really kept, without the garbage
// that happens to be waiting — what "memory flat" is judged on.
// With MOTCUA_HEAP_SNAPSHOTS=<dir>, each of those forced collections is followed by a V8 heap
// snapshot written into <dir> (for finding what grows; it stops the server for seconds, so
// figures of such a run are not figures of the server).
// Nothing of the server is changed; without the preload SIGUSR2 would kill the process.
import { writeHeapSnapshot } from 'node:v8';
import { join } from 'node:path';

const snapshots = process.env['MOTCUA_HEAP_SNAPSHOTS'];
let signals = 0;
process.on('SIGUSR2', () => {
  const gc = typeof globalThis.gc === 'function' && signals++ % 12 === 0;
  if (gc) globalThis.gc();
  if (gc && snapshots) writeHeapSnapshot(join(snapshots, `heap-${String(signals).padStart(4, '0')}.heapsnapshot`));
  const m = process.memoryUsage();
  process.stdout.write(`@@mem ${JSON.stringify({ at: Date.now(), gc, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers })}\n`);
});
