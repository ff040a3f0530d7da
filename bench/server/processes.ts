// Child processes for the server benchmarks: a free loopback port, /healthz polling, and a
// process group started and stopped by its own id (pnpm start → pnpm → tsx → node is a tree).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Started {
  readonly child: ChildProcess;
  /** Everything the child printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM to the whole group, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts a command in its own process group (so the whole tree can be stopped by its id). */
export function start(command: string, args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Started {
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, FORCE_COLOR: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    child,
    output: () => out,
    stop: async (graceMs = 5000) => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }, graceMs);
        await exited;
        clearTimeout(timer);
        // The group leader has exited; make sure nothing of its tree is left behind.
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* nothing left */
        }
      }
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `url` every `everyMs` until it answers 200; returns the time since `since`
 * (performance.now() of the spawn). Throws if the child exits or `timeoutMs` passes.
 */
export async function waitHealthy(url: string, started: Started, since: number, everyMs = 20, timeoutMs = 120_000): Promise<number> {
  for (;;) {
    const tick = performance.now();
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (r.status === 200) {
        await r.arrayBuffer();
        return performance.now() - since;
      }
      await r.arrayBuffer();
    } catch {
      /* not listening yet */
    }
    if (started.child.exitCode !== null) throw new Error(`process exited (${started.child.exitCode}) before ${url} answered:\n${started.output()}`);
    if (performance.now() - since > timeoutMs) throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${started.output()}`);
    await sleep(Math.max(0, everyMs - (performance.now() - tick)));
  }
}
