// One thread of `motcua check` on many files (see check-shards.ts): parse the files it owns,
// send their summaries, receive everyone's, check the files it owns, send the reports.
import { parentPort, workerData } from 'node:worker_threads';
import { Shard, type FileSummary, type ShardTask } from './check-shards.ts';

const port = parentPort!;
const shard = new Shard(workerData as ShardTask);
port.once('message', (all: readonly FileSummary[]) => {
  port.postMessage(shard.check(new Map(all.map((s) => [s.path, s]))));
});
port.postMessage(shard.parse());
