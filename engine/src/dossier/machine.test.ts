// The workflow step: xstate's answer for a state, an event and the facts its guard reads. The
// answer is kept per state, event and transition taken, so asking again with other facts must
// still follow the guard.
import { describe, expect, it } from 'vitest';
import type { EvalEnv } from '../rules/evaluate.ts';
import { compileText, procedure } from '../testing/compile.ts';
import { step } from './machine.ts';

const ir = compileText(
  procedure(`
  form { field kind "Loại": text required }
  workflow {
    state draft by citizen {
      submit -> fast requires kind == "fast"
        notify citizen "Nhanh."
      close -> done requires kind == "close"
    }
    state fast by reception { finish -> done }
    final done
  }`),
);

const env = (kind: string): EvalEnv => ({ form: { kind }, channel: 'online', today: '2025-03-03', lookup: () => undefined, sources: new Map() });

describe('step', () => {
  it('follows the guard, asked again and again with other facts', () => {
    for (let i = 0; i < 2; i++) {
      const fast = step(ir, 'draft', { type: 'submit', env: env('fast') });
      expect(fast?.state).toBe('fast');
      expect(fast?.actions).toEqual([{ type: 'notify', params: { role: 'citizen', message: 'Nhanh.' } }]);
      expect(JSON.parse(fast!.snapshotText)).toEqual(fast!.snapshot);
      expect(fast!.snapshot).toMatchObject({ value: 'fast', status: 'active' });
      expect(step(ir, 'draft', { type: 'submit', env: env('slow') })).toBeUndefined();
      expect(step(ir, 'draft', { type: 'close', env: env('fast') })).toBeUndefined();
      expect(step(ir, 'draft', { type: 'close', env: env('close') })?.snapshot).toMatchObject({ value: 'done', status: 'done' });
      expect(step(ir, 'draft', { type: 'nothing', env: env('fast') })).toBeUndefined();
      expect(step(ir, 'fast', { type: 'finish' })?.state).toBe('done');
    }
  });

  it('refuses to decide a guarded transition without the facts', () => {
    expect(() => step(ir, 'draft', { type: 'submit' })).toThrow(/without the dossier facts/);
    expect(step(ir, 'draft', { type: 'submit', env: env('fast') })?.state).toBe('fast');
    expect(() => step(ir, 'draft', { type: 'submit' })).toThrow(/without the dossier facts/);
  });
});
