// `motcua test [paths…]`: runs every scenario of the procedures in the named files against the
// engine (temporary database, virtual clock, sample registries) and ends with `N passed, N failed`.
import { relative, resolve, join } from 'node:path';
import { statSync } from 'node:fs';
import { compileProcedure } from '@motcua/dsl';
import { findProcFiles, loadWorkspace, workspaceRoot } from '@motcua/dsl/node';
import { runProcedureScenarios, SampleRegistry } from '@motcua/engine';
import { CliError } from './args.ts';
import type { Command } from './commands.ts';

export const test: Command = {
  flags: {},
  async run({ positional, lang }) {
    const paths = positional.length ? positional : ['procedures'];
    const registry = await SampleRegistry.load();
    let passed = 0;
    let failed = 0;
    for (const p of paths) {
      try {
        statSync(p);
      } catch {
        throw new CliError(`không tìm thấy ${p} (no such file or directory)`);
      }
    }
    const byRoot = new Map<string, Set<string>>();
    for (const p of paths) {
      const root = workspaceRoot(p);
      const set = byRoot.get(root) ?? new Set<string>();
      for (const f of findProcFiles([p])) set.add(relative(root, resolve(f)).split('\\').join('/'));
      byRoot.set(root, set);
    }
    for (const [root, files] of byRoot) {
      const ws = loadWorkspace(root);
      for (const { decl, file } of ws.procedures()) {
        if (!files.has(file)) continue;
        const display = relative(process.cwd(), join(root, file)) || file;
        const compiled = compileProcedure(ws, decl.name.text);
        if (!compiled.ir) {
          failed++;
          const first = compiled.diagnostics.find((d) => d.severity === 'error');
          process.stdout.write(`✗ ${decl.name.text}: ${lang === 'vi' ? 'có lỗi, không chạy được' : 'has errors, not run'} (${first?.code} ${first?.message[lang]})\n`);
          continue;
        }
        for (const r of await runProcedureScenarios([compiled.ir], { registry })) {
          if (r.passed) {
            passed++;
            process.stdout.write(`✓ ${r.procedure} › ${r.id} — ${r.label}\n`);
          } else {
            failed++;
            const where = `${display}:${r.failure?.line ?? r.line ?? 1}`;
            process.stdout.write(`✗ ${r.procedure} › ${r.id} — ${r.label}\n    ${where}: ${r.failure?.message[lang] ?? ''}\n`);
          }
        }
      }
    }
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
    return failed > 0 ? 1 : 0;
  },
};
