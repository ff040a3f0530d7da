// One thread of `motcua check` on many files (see check-shards.ts), started by check-threads.ts
// before its task is known: it loads the language, then gets its task, the summaries of the
// files of common/ (parsed by the main thread meanwhile) and a channel to the main thread. It
// parses and checks batches of the files it takes, sending their summaries and reading those
// the main thread sends between two batches. Once every thread is done and the main thread has
// sent the summaries it lacks, it checks again what needs it and sends its reports; the main
// thread then stops it.
import { parentPort, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { Shard, sharedClaim, type FileSummary, type Message, type ShardTask } from './check-shards.ts';

parentPort!.once('message', ({ task, counter, known, port }: { task: ShardTask; counter: Int32Array; known: readonly FileSummary[]; port: MessagePort }) => {
  const shard = new Shard(task, sharedClaim(counter, task.order));
  shard.learn(known);
  const send = (message: Message) => port.postMessage(message);
  const tell = (list: readonly FileSummary[]) => {
    if (list.length) send({ kind: 'summaries', list });
  };
  for (;;) {
    for (let m = receiveMessageOnPort(port)?.message as Message | undefined; m; m = receiveMessageOnPort(port)?.message as Message | undefined) {
      if (m.kind === 'summaries') shard.learn(m.list);
    }
    const out = shard.step((s) => tell([s]));
    if (!out) break;
    tell(out);
  }
  send({ kind: 'done' });
  port.on('message', (m: Message) => {
    if (m.kind === 'summaries') shard.learn(m.list);
    if (m.kind !== 'final') return;
    shard.learn(m.list);
    send({ kind: 'reports', reports: shard.finish() });
  });
});
