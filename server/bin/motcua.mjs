#!/usr/bin/env node
// `pnpm motcua …`: runs the built command line, server/dist/cli/motcua.mjs (see
// server/build-cli.mjs), rather than the TypeScript source under tsx, which takes seconds more
// to start (compiling) and runs the parser about half as fast.
//
// The build is used while it is current: no source file it was built from has changed since
// the build started (one stat per file, about 110 of them; a new file is only used once another
// imports it, and that one has changed). When it is not, it is rebuilt first (about a second),
// and if that fails the source runs under tsx. MOTCUA_CLI=source always runs the source;
// MOTCUA_CLI=built never does (a failed build is then an error). The same launcher runs the
// server for `pnpm start` (bin/launch.mjs, bin/start.mjs).
import { launch } from './launch.mjs';

await launch({
  variable: 'MOTCUA_CLI',
  built: new URL('../dist/cli/motcua.mjs', import.meta.url),
  source: new URL('../src/cli/main.ts', import.meta.url),
  rebuild: async (options) => (await import('../build-cli.mjs')).buildCli(options),
});
