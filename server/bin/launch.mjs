// Runs a built program of the server package (server/dist/<name>/, made by build-bundle.mjs)
// rather than its TypeScript source under tsx, which takes seconds more to start (compiling)
// and runs slower. Used by bin/motcua.mjs (`pnpm motcua`) and bin/start.mjs (`pnpm start`).
//
// The build is used while it is current: no source file it was built from has changed since
// the build started (one stat per file, listed in the build's inputs.json; a new file is only
// used once another imports it, and that one has changed). When it is not, it is rebuilt first
// (about a second), and if that fails the source runs under tsx. The environment variable
// `variable` (MOTCUA_CLI, MOTCUA_SERVER) set to `source` always runs the source; set to `built`
// it never does (a failed build is then an error).
import { readFileSync, statSync } from 'node:fs';

const repo = new URL('../../', import.meta.url);

/** Whether `entry` (a file URL inside a build directory) is built from the sources as they are now. */
export function builtIsCurrent(entry) {
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(new URL('inputs.json', entry), 'utf8'));
    statSync(entry);
    return inputs.every((path) => statSync(new URL(path, repo)).mtimeMs < builtAt);
  } catch {
    return false; // not built yet, or a source file was removed
  }
}

/**
 * Imports `built` (file URL of the built program) if current or rebuilt by `rebuild({ quiet })`,
 * else `source` (file URL of its TypeScript entry) under tsx.
 */
export async function launch({ variable, built, source, rebuild }) {
  const mode = process.env[variable];
  const rebuilt = async () => {
    try {
      await rebuild({ quiet: mode !== 'built' });
      return true;
    } catch (err) {
      if (mode === 'built') throw err;
      return false; // e.g. esbuild not installed, or the code does not compile: tsx will say why
    }
  };
  if (mode !== 'source' && (builtIsCurrent(built) || (await rebuilt()))) {
    await import(built.href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import(source.href);
  }
}
