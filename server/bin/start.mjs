#!/usr/bin/env node
// `pnpm start`: runs the built server, server/dist/server/main.mjs (see server/build-server.mjs),
// rather than src/main.ts under tsx, which takes two seconds more to start. The build is rebuilt
// first when a source file changed since (bin/launch.mjs). MOTCUA_SERVER=source always runs the
// source under tsx; MOTCUA_SERVER=built never does (a failed build is then an error).
import { launch } from './launch.mjs';

await launch({
  variable: 'MOTCUA_SERVER',
  built: new URL('../dist/server/main.mjs', import.meta.url),
  source: new URL('../src/main.ts', import.meta.url),
  rebuild: async (options) => (await import('../build-server.mjs')).buildServer(options),
});
