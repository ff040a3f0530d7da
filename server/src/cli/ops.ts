// Operations commands: `motcua doctor` (snapshots agree with event logs), `motcua backup`
// (online backup of the embedded SQLite database while the server runs) and `motcua restore`.
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { backupProblem, backupSqlite, checkDossiers, openDatabase } from '@motcua/engine';
import { CliError } from './args.ts';
import type { Command } from './commands.ts';
import { REPO_ROOT } from '../runtime/runtime.ts';

const defaultDb = () => process.env['DATABASE_URL'] ?? join(process.env['MOTCUA_DATA_DIR'] ?? join(REPO_ROOT, '.data'), 'motcua.sqlite');

export const doctor: Command = {
  flags: {},
  async run({ positional, lang }) {
    const url = positional[0] ?? defaultDb();
    if (!/^postgres/i.test(url) && !existsSync(url)) throw new CliError(`không có cơ sở dữ liệu ${url} (no database)`);
    const storage = await openDatabase({ url, migrate: false });
    try {
      const { checked, findings } = await checkDossiers(storage.db);
      for (const f of findings) process.stdout.write(`${f.dossier}: ${f.problem} — ${f.detail}\n`);
      process.stdout.write(lang === 'vi' ? `Đã kiểm tra ${checked} hồ sơ: ${findings.length} sai lệch\n` : `Checked ${checked} dossiers: ${findings.length} differences\n`);
      return findings.length ? 1 : 0;
    } finally {
      await storage.close();
    }
  },
};

export const backup: Command = {
  flags: {},
  async run({ positional, lang }) {
    const dest = positional[0];
    if (!dest) throw new CliError('cần tệp đích: motcua backup <tệp> [csdl] (usage: motcua backup <file> [db])');
    const src = positional[1] ?? defaultDb();
    if (/^postgres/i.test(src)) throw new CliError('PostgreSQL: dùng pg_dump (use pg_dump)');
    if (!existsSync(src)) throw new CliError(`không có cơ sở dữ liệu ${src} (no database)`);
    mkdirSync(dirname(resolve(dest)), { recursive: true });
    await backupSqlite(src, dest);
    process.stdout.write(lang === 'vi' ? `Đã sao lưu ${src} → ${dest}\n` : `Backed up ${src} → ${dest}\n`);
    return 0;
  },
};

export const restore: Command = {
  flags: {},
  async run({ positional, lang }) {
    const from = positional[0];
    if (!from || !existsSync(from)) throw new CliError('cần tệp sao lưu: motcua restore <tệp> [csdl] (usage: motcua restore <backup> [db]); dừng máy chủ trước (stop the server first)');
    const target = positional[1] ?? defaultDb();
    const problem = backupProblem(from);
    if (problem) throw new CliError(`${from}: ${problem}`);
    mkdirSync(dirname(resolve(target)), { recursive: true });
    const tmp = `${target}.restoring`;
    copyFileSync(from, tmp);
    for (const suffix of ['-wal', '-shm']) if (existsSync(target + suffix)) renameSync(target + suffix, `${target}${suffix}.old`);
    renameSync(tmp, target);
    process.stdout.write(lang === 'vi' ? `Đã khôi phục ${from} → ${target}\n` : `Restored ${from} → ${target}\n`);
    return 0;
  },
};
