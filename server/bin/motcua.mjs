#!/usr/bin/env node
// `pnpm motcua …`: runs the built command line, server/dist/cli/motcua.mjs (see
// server/build-cli.mjs), rather than the TypeScript source under tsx, which takes seconds more
// to start (compiling) and runs the parser about half as fast.
//
// The build is used while it is current: no source file it was built from has changed since
// the build started (one stat per file, about 110 of them; a new file is only used once another
// imports it, and that one has changed). When it is not, it is rebuilt first (about a second),
// and if that fails the source runs under tsx. MOTCUA_CLI=source always runs the source;
// MOTCUA_CLI=built never does (a failed build is then an error).
import { readFileSync, statSync } from 'node:fs';

const built = new URL('../dist/cli/motcua.mjs', import.meta.url);

function builtIsCurrent() {
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(new URL('../dist/cli/inputs.json', import.meta.url), 'utf8'));
    statSync(built);
    return inputs.every((path) => statSync(new URL(`../../${path}`, import.meta.url)).mtimeMs < builtAt);
  } catch {
    return false; // not built yet, or a source file was removed
  }
}

async function rebuilt() {
  const mustBuild = process.env.MOTCUA_CLI === 'built';
  try {
    const { buildCli } = await import('../build-cli.mjs');
    await buildCli({ quiet: !mustBuild });
    return true;
  } catch (err) {
    if (mustBuild) throw err;
    return false; // e.g. esbuild not installed, or the code does not compile: tsx will say why
  }
}

if (process.env.MOTCUA_CLI !== 'source' && (builtIsCurrent() || (await rebuilt()))) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
