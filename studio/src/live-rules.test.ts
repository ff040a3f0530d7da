import { describe, expect, it } from 'vitest';
import { compileLibrary } from '../../engine/src/testing/compile.ts';
import { liveRules } from './live-rules.ts';

describe('live fees and documents in the studio', () => {
  const ir = compileLibrary('dang_ky_thuong_tru');
  it('prices the fee by channel and waives the proof of residence for the owner, with the sample registries', async () => {
    const values = new Map<string, string | boolean>([
      ['applicant.personal_id', '001099012345'],
      ['address', 'Số 5 Lê Lợi, phường Hồng Gai'],
      ['housing', 'owner'],
    ]);
    const online = await liveRules({ ir, channel: 'online', values, at: '2025-03-03T09:00' });
    expect(online.total).toBe(10_000);
    expect(online.documents?.find((d) => d.id === 'residence_proof')).toMatchObject({ waived: true, required: false });
    const inPerson = await liveRules({ ir, channel: 'in_person', values, at: '2025-03-03T09:00' });
    expect(inPerson.total).toBe(20_000);
    const elsewhere = await liveRules({ ir, channel: 'online', values: new Map([...values, ['address', 'Số 9 Hạ Long']]), at: '2025-03-03T09:00' });
    expect(elsewhere.documents?.find((d) => d.id === 'residence_proof')).toMatchObject({ required: true });
  });
});
