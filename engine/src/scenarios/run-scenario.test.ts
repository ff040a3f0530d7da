// The scenario runner with the one-time extension: `at … extend to … "lý do"` sends the apology
// letter as an officer of the agency handling the dossier; the engine decides whether it may.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../sources/registry.ts';
import { SampleRegistry } from '../sources/sample-registry.ts';
import { compileText, procedure } from '../testing/compile.ts';
import { runScenario, type ScenarioResult } from './run-scenario.ts';

// Receipt Friday 24/01/2025 10:00 + 7 working days, over the Tết holidays (27/01–02/02/2025):
// due Tuesday 11/02/2025 10:00; the letter may be sent until Monday 10/02/2025 10:00; with
// `extension max 5 working days` the new date may be as late as Tuesday 18/02/2025 10:00
// (from the engine calendar: .scratch/extend/dates.ts 2025 1 24 10 0 7 working_days 5 working_days).
const HEADER = `  deadline 7 working days from complete
  extension max 5 working days basis "Nghị định 61/2018/NĐ-CP"`;

const WORKFLOW = `  documents {
    doc proof "Giấy tờ chứng minh": required
  }

  result confirmation "Giấy xác nhận" {
    help "Bản điện tử."
  }

  workflow {
    state draft by citizen { submit -> submitted }
    state submitted by reception { accept -> processing issue receipt }
    state processing by specialist {
      ask_supplement -> supplementing with missing issue supplement_request
      approve -> done issue result confirmation
    }
    state supplementing by citizen pauses clock { resubmit -> processing }
    final done
  }`;

let registry: Registry;
beforeAll(async () => {
  registry = await SampleRegistry.load();
});

/** Runs one scenario made of `steps`; returns its result and the 1-based line of each step. */
async function run(...steps: string[]): Promise<{ result: ScenarioResult; lineOf: (step: string) => number }> {
  const text = procedure(`${WORKFLOW}\n  scenario s "Kịch bản" {\n    ${steps.join('\n    ')}\n  }`, HEADER);
  const ir = compileText(text);
  const result = await runScenario(ir, ir.scenarios[0]!, { registry });
  const lines = text.split('\n');
  return { result, lineOf: (step) => lines.findIndex((l) => l.trim() === step) + 1 };
}

describe('scenario step `at … extend to …`', () => {
  it('moves the due time to the new date; the result after the original due time is late', async () => {
    const { result } = await run(
      'at 2025-01-24 10:00 do submit, accept',
      'expect due 2025-02-11 10:00',
      'at 2025-02-10 09:00 extend to 2025-02-14 10:00 "Chờ kết quả xác minh nơi cư trú"',
      'expect due 2025-02-14 10:00',
      'at 2025-02-13 15:00 do approve',
      'expect state done',
      'expect outcome late',
    );
    expect(result.failure).toBeUndefined();
    expect(result.passed).toBe(true);
  });

  it('really checks the new date: expecting the old due time after the extension fails', async () => {
    const { result, lineOf } = await run(
      'at 2025-01-24 10:00 do submit, accept',
      'at 2025-02-10 09:00 extend to 2025-02-14 10:00 "Chờ kết quả xác minh"',
      'expect due 2025-02-11 10:00',
    );
    expect(result.passed).toBe(false);
    expect(result.failure?.line).toBe(lineOf('expect due 2025-02-11 10:00'));
    expect(result.failure?.actual).toBe('14/02/2025 10:00');
  });

  it('fails with the engine\'s message and the step\'s line when the letter comes less than 1 working day before the due time', async () => {
    const late = 'at 2025-02-10 10:01 extend to 2025-02-14 10:00 "Chờ kết quả xác minh"';
    const { result, lineOf } = await run('at 2025-01-24 10:00 do submit, accept', late, 'expect due 2025-02-14 10:00');
    expect(result.passed).toBe(false);
    expect(result.failure?.line).toBe(lineOf(late));
    expect(result.failure?.message.vi).toBe(
      'Thư xin lỗi và hẹn lại ngày trả kết quả phải gửi chậm nhất 01 ngày làm việc trước hạn (trước 10/02/2025 10:00; hạn 11/02/2025 10:00)',
    );
    expect(result.failure?.message.en).toContain('at least 1 working day before the due time');
  });

  it('allows the letter exactly 1 working day before the due time', async () => {
    const { result } = await run(
      'at 2025-01-24 10:00 do submit, accept',
      'at 2025-02-10 10:00 extend to 2025-02-14 10:00 "Chờ kết quả xác minh"',
      'expect due 2025-02-14 10:00',
    );
    expect(result.failure).toBeUndefined();
  });

  it('fails a second extension: the return date may be reset only once', async () => {
    const second = 'at 2025-02-11 09:00 extend to 2025-02-18 10:00 "Lần thứ hai"';
    const { result, lineOf } = await run(
      'at 2025-01-24 10:00 do submit, accept',
      'at 2025-02-05 09:00 extend to 2025-02-14 10:00 "Chờ kết quả xác minh"',
      second,
    );
    expect(result.passed).toBe(false);
    expect(result.failure?.line).toBe(lineOf(second));
    expect(result.failure?.message.vi).toContain('chỉ được hẹn lại một lần');
    expect(result.failure?.message.vi).toContain('14/02/2025 10:00');
  });

  it('fails a new date past `extension max`', async () => {
    const tooFar = 'at 2025-02-05 09:00 extend to 2025-02-18 10:01 "Chờ kết quả xác minh"';
    const { result, lineOf } = await run('at 2025-01-24 10:00 do submit, accept', tooFar);
    expect(result.passed).toBe(false);
    expect(result.failure?.line).toBe(lineOf(tooFar));
    expect(result.failure?.message.vi).toBe('Ngày hẹn mới vượt quá thời gian gia hạn tối đa (18/02/2025 10:00)');
  });

  it('lets the agency extend while the dossier waits for the citizen; the pause then adds to the new date', async () => {
    // Paused Wed 05/02 09:00 with 4 working days and 1 hour left; the extension to 14/02 10:00 adds
    // 3 working days; resumed Fri 07/02 09:00, the 57 working hours left end on 18/02 10:00
    // (engine calendar: .scratch/extend/paused.ts).
    const { result } = await run(
      'at 2025-01-24 10:00 do submit, accept',
      'at 2025-02-05 09:00 do ask_supplement',
      'at 2025-02-05 10:00 extend to 2025-02-14 10:00 "Chờ công dân bổ sung và xác minh"',
      'at 2025-02-07 09:00 do resubmit',
      'expect due 2025-02-18 10:00',
    );
    expect(result.failure).toBeUndefined();
  });
});

describe('scenario dates and the effective period', () => {
  it('fails a scenario that makes a dossier before its version is in force, as the server would refuse it', async () => {
    const text = procedure(`${WORKFLOW}\n  scenario early "Trước hiệu lực" {\n    at 2025-01-24 10:00 do submit\n  }`, `${HEADER}\n  effective 2025-07-01`);
    const ir = compileText(text);
    const result = await runScenario(ir, ir.scenarios[0]!, { registry });
    expect(result.passed).toBe(false);
    expect(result.failure?.message.vi).toContain('ngoài thời gian hiệu lực');
  });
});
