// `pnpm bench [name…]`: runs every bench/*.bench.ts (or those whose name contains one of the
// arguments) in order. Benchmarks are not tests: they print figures, each beside a reference
// measured in the same run, and never fail the build. Record results in BENCHMARKS.md.
import { cpus, loadavg, totalmem } from 'node:os';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const wanted = process.argv.slice(2);
const files = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

const cpu = cpus();
console.log(
  `motcua benchmarks — node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, ${new Date().toISOString()}, load average ${loadavg()[0]!.toFixed(1)}`,
);
const start = performance.now();
for (const f of files) {
  console.log(`\n# ${f}`);
  const t0 = performance.now();
  const mod = (await import(pathToFileURL(join(import.meta.dirname, f)).href)) as { run(): Promise<void> };
  await mod.run();
  console.log(`(${f}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
console.log(`\ntotal ${((performance.now() - start) / 1000).toFixed(1)} s, load average ${loadavg()[0]!.toFixed(1)} at the end`);
