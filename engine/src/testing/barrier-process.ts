// Test support: a Node process running a fixture, held at a start barrier, so that several of them
// start their work at the same moment (concurrency across processes, where two connections in one
// process would block each other: better-sqlite3 waits for locks synchronously).
//
// The fixture prints "ready\n" once set up, waits for "go\n" on stdin, does its work and prints its
// result as JSON.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// Resolved from this file, so the child processes find tsx whatever directory vitest runs in.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface BarrierProcess<R> {
  /** Settles once the fixture is set up (or has exited). */
  readonly ready: Promise<void>;
  /** Lets it start. */
  go(): void;
  /** What it printed after "ready", parsed; rejects with its stderr when it exits non-zero. */
  readonly result: Promise<R>;
}

export function barrierProcess<R>(fixture: string, args: object, timeoutMs = 60_000): BarrierProcess<R> {
  const child = spawn(process.execPath, ['--import', TSX, fixture, JSON.stringify(args)], { stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
  let out = '';
  let err = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    if (out.startsWith('ready\n')) onReady();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const result = new Promise<R>((resolve, reject) => {
    child.on('close', (code) => {
      onReady();
      if (code !== 0) reject(new Error(`${fixture} exited with ${code}: ${err}`));
      else resolve(JSON.parse(out.slice('ready\n'.length)) as R);
    });
  });
  return { ready, go: () => child.stdin.write('go\n'), result };
}
