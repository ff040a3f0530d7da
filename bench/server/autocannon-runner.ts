// Load generator for bench/server-http.bench.ts, run in its own process so it never shares the
// measured server's event loop or its core:
//   node --import tsx bench/server/autocannon-runner.ts <config.json>
// Sends exactly one POST <base>/api/dossiers/<id>/actions/<action> per id of the config (body
// `{}`, a Bearer token), on `connections` keep-alive connections, and prints one JSON line:
// requests/s, latency percentiles, status counts, errors and timeouts.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface RunnerConfig {
  readonly url: string;
  readonly token: string;
  readonly action: string;
  readonly ids: readonly string[];
  readonly connections: number;
  readonly timeoutSeconds: number;
}

export interface RunnerResult {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly ok2xx: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Record<string, number>;
  /** Distinct ids sent: equals `requests` when each dossier was acted on once. */
  readonly distinctIds: number;
}

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as RunnerConfig;
let next = 0;
const sent = new Set<string>();
const body = '{}';

// autocannon notices the end only on its sampling tick (every second), so its `duration` is
// rounded up to the next second: time from the start to the last response here instead.
const t0 = performance.now();
let lastResponse = t0;
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(
    {
      url: config.url,
      connections: config.connections,
      pipelining: 1,
      amount: config.ids.length,
      timeout: config.timeoutSeconds,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${config.token}` },
          body,
          // Called once per request autocannon sends (amount in all): each id exactly once.
          setupRequest: (req) => {
            const id = config.ids[next++];
            if (id === undefined) throw new Error('more requests than ids');
            sent.add(id);
            return { ...req, path: `/api/dossiers/${id}/actions/${config.action}` };
          },
        },
      ],
    },
    (err, r) => (err ? reject(err) : resolve(r)),
  );
  instance.on('response', () => {
    lastResponse = performance.now();
  });
});
const seconds = (lastResponse - t0) / 1000;

const out: RunnerResult = {
  requests: result.requests.total,
  seconds,
  rps: result.requests.total / seconds,
  p50: result.latency.p50,
  p90: result.latency.p90,
  p99: result.latency.p99,
  max: result.latency.max,
  ok2xx: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count ?? 0])),
  distinctIds: sent.size,
};
console.log(JSON.stringify(out));
