#!/usr/bin/env node
// The `motcua` command line: `pnpm motcua <command> …`. Each command lives in its own module;
// this file only parses the command name and shared flags, then loads that command's module
// alone: `check` never loads the engine, the SQLite driver or the compilers (in the build,
// server/build-cli.mjs, each is a chunk of its own, evaluated on first import).
import type { Command } from './commands.ts';
import { CliError, parseArgs } from './args.ts';
import { redact } from '../log.ts';

const load: Readonly<Record<string, () => Promise<Command>>> = {
  check: async () => (await import('./check.ts')).check,
  fmt: async () => (await import('./commands.ts')).commands['fmt']!,
  compile: async () => (await import('./commands.ts')).commands['compile']!,
  diff: async () => (await import('./commands.ts')).commands['diff']!,
  review: async () => (await import('./commands.ts')).commands['review']!,
  codes: async () => (await import('./commands.ts')).commands['codes']!,
  test: async () => (await import('./test.ts')).test,
  doctor: async () => (await import('./ops.ts')).doctor,
  backup: async () => (await import('./ops.ts')).backup,
  restore: async () => (await import('./ops.ts')).restore,
};

const HELP = `motcua — công cụ thủ tục hành chính (Motcua procedure tools)

Cách dùng / usage: pnpm motcua <lệnh> [tùy chọn]

  check [paths…]                       kiểm tra thủ tục / check procedures (exit 1 on any error)
  fmt [--check] [paths…]               định dạng chuẩn / canonical format (--check: exit 1 if not formatted)
  compile <file> --target ir|xstate|jsonschema|card [--procedure id]
                                       biên dịch / compile one procedure
  diff <old> <new> | diff --git <rev>[..<rev>] [paths…]
                                       so sánh nội dung / semantic diff (exit 1 on a review error)
  review <base-rev>[..<rev>] [paths…]   báo cáo Markdown cho yêu cầu hợp nhất / pull-request review report
                                       (exit 1 on an error or a failing scenario)
  test [paths…]                        chạy kịch bản / run the scenarios (ends with "N passed, N failed")
  doctor [db]                          đối chiếu hồ sơ với nhật ký sự kiện / check snapshots against event logs
  backup <file> [db]                   sao lưu trực tuyến CSDL SQLite / online backup of the SQLite database
  restore <backup> [db]                khôi phục (dừng máy chủ trước) / restore (stop the server first)
  codes                                danh mục mã lỗi / list diagnostic codes

Tùy chọn chung / common options: --lang vi|en (or MOTCUA_LANG)
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(HELP);
    return name ? 0 : 2;
  }
  const loader = Object.hasOwn(load, name) ? load[name] : undefined;
  if (!loader) {
    process.stderr.write(`motcua: không có lệnh \`${name}\` (unknown command)\n\n${HELP}`);
    return 2;
  }
  const command = await loader();
  const args = parseArgs(rest, command.flags);
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof CliError) {
      process.stderr.write(`motcua: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`motcua: lỗi nội bộ (internal error): ${redact(err instanceof Error ? (err.stack ?? err.message) : String(err))}\n`);
      process.exitCode = 3;
    }
  },
);
