// esbuild bundles of our code, to measure it as a production build runs it. Under tsx every
// function is wrapped to keep its name (esbuild `keepNames`), which here costs about half the
// parser's time; a bundle (as Vite builds the studio) has no such wrapper.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { repo } from './pipeline.ts';

export interface Bundles {
  /** bench/pipeline-entry.ts bundled: the public entry of @motcua/dsl + the pipeline driver. */
  readonly pipeline: string;
  dispose(): void;
}

let built: Promise<Bundles> | undefined;

/** Built once per run (every benchmark file shares them) and removed when the process exits. */
export function buildBundles(): Promise<Bundles> {
  built ??= buildNow().then((b) => {
    process.on('exit', () => b.dispose());
    return b;
  });
  return built;
}

async function buildNow(): Promise<Bundles> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
  const common = { bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'error', minify: false } as const;
  const pipeline = join(dir, 'pipeline.mjs');
  await build({ ...common, entryPoints: [join(repo, 'bench', 'pipeline-entry.ts')], outfile: pipeline });
  // The command line has its own build, the one `pnpm motcua` runs: server/build-cli.mjs.
  return { pipeline, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
