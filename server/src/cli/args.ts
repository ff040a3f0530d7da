// Minimal flag parsing for the CLI: `--name value`, `--flag`, and positional arguments.
export class CliError extends Error {}

export interface Args {
  readonly positional: readonly string[];
  readonly flags: Readonly<Record<string, string | true>>;
  readonly lang: 'vi' | 'en';
}

/** `spec` maps each accepted flag to whether it takes a value. */
export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, boolean>>): Args {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  const accepted: Record<string, boolean> = { ...spec, lang: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [key, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (!(key in accepted)) throw new CliError(`tùy chọn không hợp lệ --${key} (unknown option)`);
    if (accepted[key]) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new CliError(`--${key} cần một giá trị (needs a value)`);
      flags[key] = value;
    } else flags[key] = true;
  }
  const langFlag = flags['lang'] ?? process.env['MOTCUA_LANG'] ?? 'vi';
  if (langFlag !== 'vi' && langFlag !== 'en') throw new CliError(`--lang phải là vi hoặc en (must be vi or en)`);
  return { positional, flags, lang: langFlag };
}
