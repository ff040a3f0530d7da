// WAL checkpoints off the request path. In WAL mode a commit appends pages to the -wal file;
// every so often they must be copied back into the database file (a checkpoint), which under
// synchronous = NORMAL is when SQLite calls fsync. By default the connection that commits the
// 1,000th page does it, inside that commit: measured here, that made the mean commit of an
// officer's action about 1 ms instead of about 0.2 ms. Instead, a worker thread with its own
// connection runs PASSIVE checkpoints (which never block readers or writers) a few times a
// second, so the fsyncs wait in that thread, not in the event loop that serves requests.
// Durability is unchanged: the same pages are synced by the same kind of checkpoint.
//
// The worker's code is plain JavaScript evaluated from a string (no file to ship or transpile),
// and it loads better-sqlite3 from the path the main thread resolved.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Pages the committing connection may leave in the WAL before it checkpoints by itself: a backstop if the worker stops. */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 10_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
let stopped = false;
let timer;
const tick = () => {
  if (stopped) return;
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ type: 'checkpoint', log: r.log, checkpointed: r.checkpointed, busy: r.busy });
  } catch (e) {
    // SQLITE_BUSY or a locked file: try again at the next tick.
  }
  timer = setTimeout(tick, workerData.everyMs);
};
parentPort.on('message', (m) => {
  if (m === 'stop') {
    stopped = true;
    clearTimeout(timer);
    db.close();
    parentPort.postMessage({ type: 'stopped' });
  }
});
timer = setTimeout(tick, workerData.everyMs);
`;

export interface Checkpointer {
  /** How many checkpoints the worker has run (for tests and diagnostics). */
  readonly checkpoints: number;
  /** Stops the worker after closing its connection. */
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, everyMs = 250): Checkpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, module, everyMs } });
  worker.unref(); // never keeps the process alive
  let checkpoints = 0;
  let stopped: Promise<void> | undefined;
  worker.on('message', (m: { type: string }) => {
    if (m.type === 'checkpoint') checkpoints++;
  });
  // A worker that fails leaves the backstop: the committing connection checkpoints as SQLite does by default.
  worker.on('error', () => undefined);
  return {
    get checkpoints() {
      return checkpoints;
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        const done = () => resolve();
        worker.once('exit', done);
        worker.on('message', (m: { type: string }) => {
          if (m.type === 'stopped') void worker.terminate().then(done, done);
        });
        worker.postMessage('stop');
        // A worker that does not answer (it already exited) must not hang the close.
        setTimeout(() => void worker.terminate().then(done, done), 2_000).unref();
      });
      return stopped;
    },
  };
}
