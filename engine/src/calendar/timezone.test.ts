import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { keyResults } from './tz-probe.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');

function runProbe(tz: string): { tz: string; offset: number; results: unknown } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'tz-probe.ts')], {
    cwd: repoRoot,
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
  });
  return JSON.parse(out) as { tz: string; offset: number; results: unknown };
}

describe('results do not depend on the process time zone', () => {
  const expected = JSON.parse(JSON.stringify(keyResults())) as unknown;

  it('the in-process results are the known answers', () => {
    const r = keyResults();
    expect(r['designDue']).toBe('11/02/2025 10:00');
    expect(r['friday4h']).toBe('17/03/2025 09:30');
    expect(r['makeUp']).toEqual([true, false]);
  });

  // getTimezoneOffset on 1 July 2025 in each zone: proves the child really ran there, not in the parent's TZ.
  it.each([
    ['UTC', 0],
    ['America/New_York', 240],
    ['Pacific/Kiritimati', -840],
    ['Asia/Ho_Chi_Minh', -420],
  ])('a child process with TZ=%s computes the same', (tz, offset) => {
    const child = runProbe(tz);
    expect(child.offset).toBe(offset);
    expect(child.results).toEqual(expected);
  });
});
