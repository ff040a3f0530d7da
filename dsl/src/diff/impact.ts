// Who a change affects, in words: applicants who pay more or less, must attach or fill in
// something new, officers whose step, role or time limit changes, procedures that read the
// data a result publishes.
import type { Localized } from '../diagnostics.ts';
import type { SemanticChange } from './diff.ts';
import type { Fact } from './facts.ts';
import { dong, valueText } from './words.ts';

const roles: Record<string, Localized> = {
  citizen: { vi: 'người nộp', en: 'the applicant' },
  reception: { vi: 'bộ phận tiếp nhận', en: 'reception' },
  specialist: { vi: 'công chức chuyên môn', en: 'the specialist' },
  leader: { vi: 'lãnh đạo', en: 'the leader' },
};
const channels: Record<string, Localized> = {
  online: { vi: 'trực tuyến', en: 'online' },
  in_person: { vi: 'trực tiếp', en: 'in person' },
  postal: { vi: 'bưu chính', en: 'by post' },
};
const word = (table: Record<string, Localized>, name: string | undefined): Localized => table[name ?? ''] ?? { vi: `\`${name ?? '?'}\``, en: `\`${name ?? '?'}\`` };

const moneyValue = (v: string | undefined): number | undefined => {
  const m = v ? /^([\d_]+) VND$/.exec(v) : null;
  return m ? Number(m[1]!.replace(/_/g, '')) : undefined;
};

/** The condition of a fee line or waiver, from its key: `fee:x/amount[channel == online]`. */
const conditionOf = (element: string) => /\[(.*)\](?:#\d+)?$/.exec(element)?.[1] ?? '';
const nameOf = (element: string) => element.slice(element.indexOf(':') + 1).split('/')[0]!;
const who = (condition: string): Localized =>
  condition ? { vi: `người nộp khi ${condition}`, en: `applicants when ${condition}` } : { vi: 'mọi người nộp', en: 'all applicants' };
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function impactOf(changes: readonly SemanticChange[], before: readonly Fact[], after: readonly Fact[]): Localized[] {
  const value = (facts: readonly Fact[], key: string) => facts.find((f) => f.key === key)?.value;
  const either = (key: string) => value(after, key) ?? value(before, key);
  const roleOf = (state: string) => word(roles, either(`state:${state}/role`));
  const out: Localized[] = [];
  const say = (vi: string, en: string) => {
    if (!out.some((o) => o.vi === vi)) out.push({ vi, en });
  };

  for (const c of changes) {
    const v = (x: string | undefined) => valueText(x, { element: c.element, prop: c.prop ?? 'value' });
    const name = nameOf(c.element);
    const cond = conditionOf(c.element);
    const w = who(cond);
    const whole = c.prop === undefined;
    if (c.prop === 'effective' && c.kind !== 'meta') {
      const when = (x: string | undefined) => (x === undefined ? { vi: 'mọi lúc', en: 'always' } : v(x));
      say(`${c.name.vi}: thời gian áp dụng ${when(c.old).vi} → ${when(c.new).vi}`, `${c.name.en}: applies ${when(c.new).en} (was ${when(c.old).en})`);
      continue;
    }
    switch (c.kind) {
      case 'fee': {
        const line = /^fee:[^/]+\/(amount|discount|exempt|cap)/.exec(c.element)?.[1];
        if (line === 'amount' && (whole || c.prop === 'value')) {
          const a = moneyValue(c.old);
          const b = moneyValue(c.new);
          if (c.type === 'changed' && a !== undefined && b !== undefined && a !== b)
            say(
              `${cap(w.vi)} trả ${b < a ? 'ít' : 'nhiều'} hơn (${dong(a).vi} → ${dong(b).vi})`,
              `${cap(w.en)} pay ${b < a ? 'less' : 'more'} (${dong(a).en} → ${dong(b).en})`,
            );
          else if (c.type === 'changed') say(`${cap(w.vi)}: cách tính lệ phí \`${name}\` thay đổi`, `${cap(w.en)}: fee \`${name}\` is computed differently`);
          else if (c.type === 'added') say(`${cap(w.vi)}: mức lệ phí \`${name}\` mới`, `${cap(w.en)}: a new rate of fee \`${name}\``);
          else say(`${cap(w.vi)}: không còn mức lệ phí \`${name}\` riêng`, `${cap(w.en)}: no separate rate of fee \`${name}\` any more`);
        } else if (line === 'exempt' && (whole || c.prop === 'value')) {
          if (c.type === 'removed') say(`${cap(w.vi)} không còn được miễn lệ phí \`${name}\``, `${cap(w.en)} are no longer exempt from fee \`${name}\``);
          else say(`${cap(w.vi)} được miễn lệ phí \`${name}\``, `${cap(w.en)} are exempt from fee \`${name}\``);
        } else if (line === 'discount' && (whole || c.prop === 'value')) {
          if (c.type === 'removed') say(`${cap(w.vi)} không còn được giảm lệ phí \`${name}\``, `${cap(w.en)} no longer get a discount on fee \`${name}\``);
          else say(`${cap(w.vi)} được giảm lệ phí \`${name}\` ${c.new ?? ''}`.trim(), `${cap(w.en)} get a discount of ${c.new ?? ''} on fee \`${name}\``);
        } else if (line === 'cap' && (whole || c.prop === 'value')) {
          say(`Mức trần lệ phí \`${name}\`: ${v(c.old).vi} → ${v(c.new).vi}`, `Cap of fee \`${name}\`: ${v(c.old).en} → ${v(c.new).en}`);
        } else if (!line && whole) {
          if (c.type === 'added') say(`Người nộp phải trả thêm lệ phí \`${name}\``, `Applicants must pay the new fee \`${name}\``);
          else say(`Không còn thu lệ phí \`${name}\``, `Fee \`${name}\` is no longer charged`);
        } else if (c.prop === 'due') say(`Người nộp trả lệ phí \`${name}\` ${v(c.new).vi} (trước: ${v(c.old).vi})`, `Applicants pay fee \`${name}\` ${v(c.new).en} (was ${v(c.old).en})`);
        else if (c.prop === 'order')
          say(
            `Người nộp thỏa nhiều điều kiện cùng lúc có thể trả mức lệ phí \`${name}\` khác (dòng đúng cuối cùng được áp dụng)`,
            `Applicants matching several conditions may pay a different rate of fee \`${name}\` (the last matching line applies)`,
          );
        break;
      }
      case 'document': {
        const waiver = c.element.includes('/waived[');
        if (waiver && (whole || c.prop === 'value')) {
          if (c.type === 'removed') say(`Giấy tờ \`${name}\` không còn được miễn khi ${cond}`, `Document \`${name}\` is no longer waived when ${cond}`);
          else say(`Giấy tờ \`${name}\` được miễn khi ${cond}`, `Document \`${name}\` is waived when ${cond}`);
        } else if (!waiver && whole) {
          const required = c.type === 'added' ? value(after, `${c.element}/required`) : undefined;
          if (c.type === 'removed') say(`Người nộp không còn phải nộp giấy tờ \`${name}\``, `Applicants no longer attach document \`${name}\``);
          else if (required === 'false') say(`Người nộp có thể nộp thêm giấy tờ \`${name}\` (không bắt buộc)`, `Applicants may attach the new document \`${name}\` (optional)`);
          else if (value(after, `${c.element}/generated`) !== 'true')
            say(
              `Người nộp phải nộp thêm giấy tờ \`${name}\`${required?.startsWith('when ') ? ` khi ${required.slice(5)}` : ''}`,
              `Applicants must attach the new document \`${name}\`${required?.startsWith('when ') ? ` ${required}` : ''}`,
            );
        } else if (c.prop === 'required') {
          if (c.new && c.new !== 'false')
            say(`Giấy tờ \`${name}\` nay bắt buộc${c.new === 'true' ? '' : ` khi ${c.new.slice(5)}`}`, `Document \`${name}\` is now required${c.new === 'true' ? '' : ` ${c.new}`}`);
          else say(`Giấy tờ \`${name}\` không còn bắt buộc`, `Document \`${name}\` is no longer required`);
        } else if (c.behavioural && !waiver && c.prop !== 'effective')
          say(`Người nộp giấy tờ \`${name}\` theo yêu cầu mới`, `Applicants attach document \`${name}\` under new requirements`);
        break;
      }
      case 'field':
      case 'group': {
        const id = c.element.slice(c.element.indexOf(':') + 1);
        const noun = c.kind === 'field' ? { vi: 'trường', en: 'field' } : { vi: 'nhóm', en: 'group' };
        if (whole && c.type === 'added') {
          const required = value(after, `${c.element}/required`);
          const computed = value(after, `${c.element}/computed`) !== undefined;
          if (computed) say(`Tờ khai có thêm ${noun.vi} tự tính \`${id}\``, `The form gains the computed ${noun.en} \`${id}\``);
          else if (required && required !== 'false')
            say(
              `Người nộp phải khai thêm ${noun.vi} \`${id}\`${required.startsWith('when ') ? ` khi ${required.slice(5)}` : ''}`,
              `Applicants must fill in the new ${noun.en} \`${id}\`${required.startsWith('when ') ? ` ${required}` : ''}`,
            );
          else say(`Tờ khai có thêm ${noun.vi} \`${id}\` (không bắt buộc)`, `The form gains the optional ${noun.en} \`${id}\``);
        } else if (whole) say(`Tờ khai bỏ ${noun.vi} \`${id}\`; hồ sơ mới không còn dữ liệu này`, `The form drops ${noun.en} \`${id}\`; new dossiers no longer carry it`);
        else if (c.prop === 'required') {
          if (c.new && c.new !== 'false')
            say(`Người nộp phải khai \`${id}\`${c.new === 'true' ? '' : ` khi ${c.new.slice(5)}`}`, `Applicants must fill in \`${id}\`${c.new === 'true' ? '' : ` ${c.new}`}`);
          else say(`Người nộp không còn bắt buộc khai \`${id}\``, `Applicants no longer have to fill in \`${id}\``);
        } else if (c.prop === 'prefill') {
          if (c.type === 'removed') say(`Người nộp phải tự khai \`${id}\` (không còn điền sẵn)`, `Applicants type \`${id}\` themselves (no longer prefilled)`);
          else say(`\`${id}\` được điền sẵn từ ${c.new}`, `\`${id}\` is prefilled from ${c.new}`);
        } else if (c.prop === 'locked') {
          if (c.new === 'true') say(`Người nộp không sửa được \`${id}\``, `Applicants cannot change \`${id}\``);
          else say(`Người nộp sửa được \`${id}\``, `Applicants may change \`${id}\``);
        } else if (c.prop === 'computed') say(`Giá trị tự tính của \`${id}\` thay đổi`, `The computed value of \`${id}\` changes`);
        else if (c.prop === 'visible')
          say(
            c.new === undefined ? `\`${id}\` luôn hiển thị` : `\`${id}\` chỉ hiển thị khi ${c.new}`,
            c.new === undefined ? `\`${id}\` is always shown` : `\`${id}\` is shown only when ${c.new}`,
          );
        else if (c.prop === 'default') say(`Giá trị ban đầu của \`${id}\` thay đổi`, `The initial value of \`${id}\` changes`);
        else if (c.behavioural)
          say(`Giá trị người nộp khai cho \`${id}\` được kiểm tra khác trước`, `What applicants enter for \`${id}\` is validated differently`);
        break;
      }
      case 'deadline': {
        const what = c.element === 'deadline' ? { vi: 'Thời hạn giải quyết', en: 'Processing deadline' } : c.element === 'warn' ? { vi: 'Cảnh báo sắp đến hạn', en: 'Near-deadline warning' } : { vi: 'Gia hạn một lần', en: 'One-time extension' };
        if (whole || c.prop === 'value') say(`${what.vi}: ${v(c.old).vi} → ${v(c.new).vi}`, `${what.en}: ${v(c.old).en} → ${v(c.new).en}`);
        break;
      }
      case 'workflow':
        say(`Hồ sơ mới bắt đầu ở bước \`${c.new ?? '∅'}\` (trước: \`${c.old ?? '∅'}\`)`, `New dossiers start in \`${c.new ?? '∅'}\` (was \`${c.old ?? '∅'}\`)`);
        break;
      case 'state': {
        const r = roleOf(name);
        const final = either(`state:${name}/final`) === 'true';
        if (whole && final) say(c.type === 'added' ? `Hồ sơ có thể kết thúc ở trạng thái mới \`${name}\`` : `Bỏ trạng thái kết thúc \`${name}\``, c.type === 'added' ? `Dossiers can end in the new final state \`${name}\`` : `Final state \`${name}\` removed`);
        else if (whole && c.type === 'added') say(`Bước mới \`${name}\` do ${r.vi} xử lý`, `New step \`${name}\` handled by ${r.en}`);
        else if (whole) say(`Bỏ bước \`${name}\`: hồ sơ mới không qua bước này`, `Step \`${name}\` removed: new dossiers skip it`);
        else if (c.prop === 'role') say(`Bước \`${name}\` chuyển từ ${word(roles, c.old).vi} sang ${word(roles, c.new).vi}`, `Step \`${name}\` moves from ${word(roles, c.old).en} to ${word(roles, c.new).en}`);
        else if (c.prop === 'sla') say(`${cap(r.vi)} ở bước \`${name}\`: thời hạn bước ${v(c.old).vi} → ${v(c.new).vi}`, `${cap(r.en)} in \`${name}\`: step SLA ${v(c.old).en} → ${v(c.new).en}`);
        else if (c.prop === 'pauses')
          say(
            c.new === 'true' ? `Thời gian ở bước \`${name}\` không còn tính vào thời hạn giải quyết` : `Thời gian ở bước \`${name}\` nay tính vào thời hạn giải quyết`,
            c.new === 'true' ? `Time in \`${name}\` no longer counts toward the deadline` : `Time in \`${name}\` now counts toward the deadline`,
          );
        else if (c.prop === 'agency') say(`Bước \`${name}\` do cơ quan \`${c.new ?? '∅'}\` xử lý (trước: \`${c.old ?? '∅'}\`)`, `Step \`${name}\` is handled at \`${c.new ?? '∅'}\` (was \`${c.old ?? '∅'}\`)`);
        else if (c.prop === 'final') say(`Bước \`${name}\` ${c.new === 'true' ? 'nay kết thúc hồ sơ' : 'không còn kết thúc hồ sơ'}`, `Step \`${name}\` ${c.new === 'true' ? 'now ends the dossier' : 'no longer ends the dossier'}`);
        break;
      }
      case 'transition': {
        const t = c.element.slice(c.element.lastIndexOf(':') + 1);
        const r = roleOf(name);
        if (whole && c.type === 'added') say(`${cap(r.vi)} ở bước \`${name}\` có thêm thao tác \`${t}\``, `${cap(r.en)} in \`${name}\` gains the action \`${t}\``);
        else if (whole) say(`${cap(r.vi)} ở bước \`${name}\` không còn thao tác \`${t}\``, `${cap(r.en)} in \`${name}\` loses the action \`${t}\``);
        else if (c.prop === 'clock' && c.new?.includes('restarts')) say(`Thao tác \`${t}\` ở bước \`${name}\` tính lại thời hạn từ đầu`, `Action \`${t}\` in \`${name}\` restarts the deadline`);
        else if (c.prop === 'clock') say(`Thao tác \`${t}\` ở bước \`${name}\`: đồng hồ xử lý ${v(c.old).vi} → ${v(c.new).vi}`, `Action \`${t}\` in \`${name}\`: processing clock ${v(c.old).en} → ${v(c.new).en}`);
        else if (c.behavioural) say(`${cap(r.vi)} ở bước \`${name}\`: thao tác \`${t}\` thay đổi (${c.propName?.vi ?? ''})`, `${cap(r.en)} in \`${name}\`: action \`${t}\` changes (${c.propName?.en ?? ''})`);
        break;
      }
      case 'result': {
        const target = /\/publish\[(.*)\]/.exec(c.element)?.[1];
        if (target) say(`Thủ tục khác đọc \`${target}\` từ kho kết quả nhận dữ liệu ${c.type === 'removed' ? 'không còn được cập nhật' : 'mới'}`, `Procedures reading \`${target}\` from the results store ${c.type === 'removed' ? 'no longer get it updated' : 'get new data'}`);
        else if (whole) say(`${c.type === 'added' ? 'Kết quả mới' : 'Bỏ kết quả'} \`${name}\``, `${c.type === 'added' ? 'New result' : 'Result removed:'} \`${name}\``);
        break;
      }
      case 'meta': {
        if (c.element === 'meta:channels') {
          const set = (v: string | undefined) => new Set((v ?? '').split(', ').filter(Boolean));
          const a = set(c.old);
          const b = set(c.new);
          for (const ch of b) if (!a.has(ch)) say(`Nhận thêm hồ sơ ${word(channels, ch).vi}`, `Dossiers now also accepted ${word(channels, ch).en}`);
          for (const ch of a) if (!b.has(ch)) say(`Không còn nhận hồ sơ ${word(channels, ch).vi}`, `Dossiers no longer accepted ${word(channels, ch).en}`);
        } else if (c.element === 'meta:agency') say(`Hồ sơ mới do \`${c.new ?? '∅'}\` giải quyết (trước: \`${c.old ?? '∅'}\`)`, `New dossiers are resolved by \`${c.new ?? '∅'}\` (was \`${c.old ?? '∅'}\`)`);
        else if (c.element === 'meta:level') say(`Mức độ dịch vụ công: ${v(c.old).vi} → ${v(c.new).vi}`, `Service level: ${v(c.old).en} → ${v(c.new).en}`);
        break;
      }
      case 'use':
        if (whole) say(c.type === 'added' ? `Tờ khai có thêm nhóm dùng chung \`${name}\`` : `Tờ khai bỏ nhóm dùng chung \`${name}\``, c.type === 'added' ? `The form gains the shared group \`${name}\`` : `The form drops the shared group \`${name}\``);
        else say(`Tờ khai lấy nhóm \`${name}\` từ ${c.new ?? '∅'} (trước: ${c.old ?? '∅'})`, `The form takes group \`${name}\` from ${c.new ?? '∅'} (was ${c.old ?? '∅'})`);
        break;
      case 'scenario':
        break;
    }
  }
  return out;
}
