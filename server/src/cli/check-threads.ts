// The threads of a parallel `motcua check` (check-shards.ts), kept apart from the language so
// that they can be started before this thread loads it: a worker then loads the language
// (check-worker.ts) while this thread does the same and lists the files.
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export type Lang = 'vi' | 'en';

/** Files of the workspace per thread, at least: fewer do not repay starting a thread. */
export const MIN_FILES_PER_THREAD = 150;

/**
 * How many threads to check a workspace of `files` files with: one per idle core, at most 4,
 * when there are enough files to repay starting a thread (a worker loads the language and
 * warms up its own JIT: 0.1–0.2 s of CPU). On a busy machine a thread only adds that cost,
 * so cores already busy (the load average) do not count. MOTCUA_WORKERS=n overrides (1: no
 * threads).
 */
export function threadsFor(files: number): number {
  const forced = Number(process.env['MOTCUA_WORKERS']);
  if (Number.isInteger(forced) && forced >= 1) return Math.min(forced, Math.max(1, files));
  if (files < 2 * MIN_FILES_PER_THREAD) return 1;
  const idle = Math.floor(availableParallelism() - loadavg()[0]! + 0.5);
  return Math.max(1, Math.min(4, idle, Math.floor(files / MIN_FILES_PER_THREAD)));
}

/** The thread entry: only the build has it (server/build-cli.mjs); the source runs on one thread. */
const workerUrl = new URL('./check-worker.mjs', import.meta.url);

export const canStartWorkers = (): boolean => workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl));

/** Starts `n` workers; each loads the language, then waits for its task (check-shards.ts). */
export function startWorkers(n: number): Thread[] {
  return Array.from({ length: n }, () => new Thread(new Worker(workerUrl)));
}

/**
 * A worker, and a channel to it once started: messages are read as they come while this
 * thread waits (`next`), or between two batches of its own work without waiting (`poll`).
 * A worker that fails rejects what is awaited of it.
 */
export class Thread {
  private port: MessagePort | undefined;
  private readonly queue: unknown[] = [];
  private waiting: { resolve(v: unknown): void; reject(e: unknown): void } | undefined;
  private failure: unknown;

  constructor(readonly worker: Worker) {
    const fail = (e: unknown) => {
      this.failure ??= e;
      // What it sent before it stopped is read first.
      const m = this.waiting && this.port ? this.poll() : undefined;
      if (m !== undefined) this.waiting?.resolve(m);
      else this.waiting?.reject(this.failure);
      this.waiting = undefined;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a check thread stopped (exit ${code})`)));
  }

  /** Gives the worker its task (`task`: check-worker.ts), with the channel's other end. */
  start(task: object): void {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    port1.on('message', (m: unknown) => {
      if (this.waiting) this.waiting.resolve(m);
      else this.queue.push(m);
      this.waiting = undefined;
    });
    this.worker.postMessage({ ...task, port: port2 }, [port2]);
  }

  post(message: unknown): void {
    this.port!.postMessage(message);
  }

  /** The next message if one has come, without waiting. */
  poll<T>(): T | undefined {
    if (this.queue.length) return this.queue.shift() as T;
    return receiveMessageOnPort(this.port!)?.message as T | undefined;
  }

  next<T>(): Promise<T> {
    const m = this.poll<T>();
    if (m !== undefined) return Promise.resolve(m);
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => (this.waiting = { resolve: resolve as (v: unknown) => void, reject }));
  }

  async stop(): Promise<void> {
    this.port?.close();
    await this.worker.terminate();
  }
}
