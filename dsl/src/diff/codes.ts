// The review checks (MC9xxx), registered into the one catalog so `motcua codes` lists them.
import { defineCode, registerCodes, type Localized } from '../diagnostics.ts';

const q = (s: string) => `\`${s}\``;

export type EffectiveProblem = 'missing' | 'unchanged' | 'not_later';

export const reviewCodes = {
  MC9001: defineCode<{ name: string; old: string; new: string }>(
    'error',
    { vi: 'Thay đổi cách giải quyết hồ sơ mà không tăng phiên bản.', en: 'Behaviour change without a version bump.' },
    ({ name, old, new: now }) => ({
      vi: `Thủ tục ${q(name)} thay đổi cách giải quyết hồ sơ nhưng không tăng phiên bản (version ${old === now ? now : `${old} → ${now}`}). Phiên bản đã công bố không sửa được: tăng version và ghi ngày hiệu lực mới.`,
      en: `Procedure ${q(name)} changes behaviour without a version bump (version ${old === now ? now : `${old} → ${now}`}). A published version is immutable: increase version and give a new effective date.`,
    }),
  ),
  MC9002: defineCode<{ name: string; version: string; problem: EffectiveProblem | 'new_procedure'; previous: string }>(
    'error',
    { vi: 'Phiên bản mới (hoặc thủ tục mới) không có ngày hiệu lực mới.', en: 'New version (or new procedure) without a new effective date.' },
    ({ name, version, problem, previous }): Localized =>
      problem === 'new_procedure'
        ? { vi: `Thủ tục mới ${q(name)} chưa có ngày hiệu lực (effective).`, en: `New procedure ${q(name)} has no effective date.` }
        : problem === 'missing'
          ? { vi: `Phiên bản mới ${version} của ${q(name)} chưa có ngày hiệu lực (effective).`, en: `New version ${version} of ${q(name)} has no effective date.` }
          : problem === 'unchanged'
            ? { vi: `Phiên bản mới ${version} của ${q(name)} vẫn giữ ngày hiệu lực của phiên bản trước (${previous}).`, en: `New version ${version} of ${q(name)} keeps the previous version's effective date (${previous}).` }
            : { vi: `Phiên bản mới ${version} của ${q(name)} có hiệu lực không sau phiên bản trước (${previous}).`, en: `New version ${version} of ${q(name)} takes effect no later than the previous version (${previous}).` },
  ),
} as const;

registerCodes(reviewCodes);
