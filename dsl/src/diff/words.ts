// Values in the reviewer's words. Facts keep values as canonical source text (so equal rules
// compare equal); here they are read out in Vietnamese or English: `10_000 VND` → "10.000 ₫",
// `7 working days from complete` → "7 ngày làm việc kể từ khi tiếp nhận đủ hồ sơ". Names and
// expressions stay as written: they are the designer's identifiers.
import type { Localized } from '../diagnostics.ts';

export interface ValueContext {
  readonly element: string;
  readonly prop: string;
}

const same = (s: string): Localized => ({ vi: s, en: s });
const table = (t: Record<string, Localized>) => (v: string): Localized => t[v] ?? same(v);
const list = (f: (v: string) => Localized) => (v: string): Localized => {
  const parts = v.split(', ').map(f);
  return { vi: parts.map((p) => p.vi).join(', '), en: parts.map((p) => p.en).join(', ') };
};

const money = (digits: string, lang: 'vi' | 'en') => `${digits.replace(/_/g, '').replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'vi' ? '.' : ',')} ₫`;

/** Amounts and durations inside any rule or expression. */
function inWords(v: string): Localized {
  const dur = (s: string) =>
    s
      .replace(/\b(\d+) working days?\b/g, '$1 ngày làm việc')
      .replace(/\b(\d+) working hours?\b/g, '$1 giờ làm việc')
      .replace(/\b(\d+) days?\b/g, '$1 ngày');
  return {
    vi: dur(v.replace(/\b(\d[\d_]*) VND\b/g, (_, d: string) => money(d, 'vi')))
      .replace(/^tiered by (.*?) \{ (.*) \}$/, (_, by: string, tiers: string) => `theo bậc của ${by} { ${tiers.replace(/\bup to /g, 'đến ').replace(/\babove:/g, 'trên:')} }`)
      .replace(/ per (.+)$/, ' × $1'),
    en: v.replace(/\b(\d[\d_]*) VND\b/g, (_, d: string) => money(d, 'en')),
  };
}

const roles = table({
  citizen: { vi: 'người nộp', en: 'citizen' },
  reception: { vi: 'bộ phận tiếp nhận', en: 'reception' },
  specialist: { vi: 'công chức chuyên môn', en: 'specialist' },
  leader: { vi: 'lãnh đạo', en: 'leader' },
});
const types = table({
  text: { vi: 'văn bản', en: 'text' },
  number: { vi: 'số', en: 'number' },
  money: { vi: 'số tiền', en: 'money' },
  date: { vi: 'ngày', en: 'date' },
  boolean: { vi: 'có/không', en: 'yes/no' },
  choice: { vi: 'lựa chọn', en: 'choice' },
  personal_id: { vi: 'số định danh cá nhân', en: 'personal id' },
  phone: { vi: 'số điện thoại', en: 'phone' },
  email: { vi: 'thư điện tử', en: 'e-mail' },
  address: { vi: 'địa chỉ', en: 'address' },
});
const forms = table({
  original: { vi: 'bản chính', en: 'original' },
  copy: { vi: 'bản sao', en: 'copy' },
  certified_copy: { vi: 'bản sao có chứng thực', en: 'certified copy' },
  electronic: { vi: 'bản điện tử', en: 'electronic' },
});
const channels = table({
  online: { vi: 'trực tuyến', en: 'online' },
  in_person: { vi: 'trực tiếp', en: 'in person' },
  postal: { vi: 'bưu chính', en: 'by post' },
});
const levels = table({ full_online: { vi: 'toàn trình', en: 'full online' }, partial: { vi: 'một phần', en: 'partial' } });
const inputs = table({
  reason: { vi: 'lý do', en: 'reason' },
  note: { vi: 'ghi chú', en: 'note' },
  missing: { vi: 'giấy tờ cần bổ sung', en: 'missing documents' },
  new_date: { vi: 'ngày hẹn mới', en: 'new date' },
});
const issued = (v: string): Localized =>
  v.startsWith('result ')
    ? { vi: `kết quả \`${v.slice(7)}\``, en: `result \`${v.slice(7)}\`` }
    : table({
        receipt: { vi: 'giấy tiếp nhận và hẹn trả kết quả', en: 'receipt' },
        supplement_request: { vi: 'yêu cầu bổ sung', en: 'supplement request' },
        refusal: { vi: 'văn bản từ chối', en: 'refusal' },
      })(v);
const clock = table({ restarts: { vi: 'tính lại từ đầu', en: 'restarts' }, stops: { vi: 'dừng hẳn', en: 'stops' } });

const period = (v: string): Localized => {
  const [from, until] = v.split(' until ');
  return until ? { vi: `từ ${from} đến ${until}`, en: `from ${from} until ${until}` } : { vi: `từ ${from}`, en: `from ${from}` };
};

function deadline(v: string): Localized {
  const m = /^(.*) from (\w+)$/.exec(v);
  if (!m) return inWords(v);
  const d = inWords(m[1]!);
  const start =
    m[2] === 'complete' ? { vi: 'khi tiếp nhận đủ hồ sơ', en: 'receipt of the complete dossier' }
    : m[2] === 'submission' ? { vi: 'khi nộp hồ sơ', en: 'submission' }
    : { vi: `khi vào bước \`${m[2]}\``, en: `entering \`${m[2]}\`` };
  return { vi: `${d.vi} kể từ ${start.vi}`, en: `${d.en} from ${start.en}` };
}

function due(v: string): Localized {
  if (v.startsWith('before ')) return { vi: `trước thao tác \`${v.slice(7)}\``, en: `before \`${v.slice(7)}\`` };
  if (v === 'on submit') return { vi: 'khi nộp hồ sơ', en: 'on submission' };
  if (v === 'on result') return { vi: 'khi trả kết quả', en: 'with the result' };
  return same(v);
}

/** Properties whose values are the designer's own text: shown exactly as written. */
const verbatim = new Set(['label', 'label_en', 'title_en', 'help', 'help_en', 'basis', 'option_labels', 'option_labels_en', 'notify_text', 'notify_text_en', 'steps', 'pattern', 'path', 'options', 'proves', 'prefill', 'visible', 'computed', 'default', 'requires', 'target', 'handover', 'agency', 'format']);

export function valueText(v: string | undefined, ctx?: ValueContext): Localized {
  if (v === undefined || v === '') return same('∅');
  if (v === 'true') return { vi: 'có', en: 'yes' };
  if (v === 'false') return { vi: 'không', en: 'no' };
  if (v.startsWith('when ')) return { vi: `khi ${v.slice(5)}`, en: v };
  if (!ctx) return same(v);
  const { element, prop } = ctx;
  if (prop === 'effective' || element === 'meta:effective') return period(v);
  if (element.startsWith('meta:')) return element === 'meta:level' ? levels(v) : element === 'meta:channels' ? list(channels)(v) : same(v);
  if (verbatim.has(prop)) return same(v);
  if (element === 'deadline' && prop === 'value') return deadline(v);
  if (element === 'warn') return { vi: `${inWords(v.replace(/ before due$/, '')).vi} trước hạn`, en: v };
  if (element === 'extension' && prop === 'value') return v === 'allowed' ? { vi: 'được phép', en: 'allowed' } : { vi: `tối đa ${inWords(v.replace(/^max /, '')).vi}`, en: v };
  if (prop === 'due') return due(v);
  if (prop === 'role' || prop === 'notify') return list(roles)(v);
  if (prop === 'type') return types(v);
  if (prop === 'as') return forms(v);
  if (prop === 'with') return list(inputs)(v);
  if (prop === 'issue') return list(issued)(v);
  if (prop === 'clock') return list(clock)(v);
  if (prop === 'repeated') {
    const m = /^min (\S+) max (\S+)$/.exec(v);
    return m ? { vi: `từ ${m[1]} đến ${m[2]} dòng`, en: `${m[1]} to ${m[2]} rows` } : same(v);
  }
  return inWords(v);
}

/** An amount of whole đồng in words: 10000 → "10.000 ₫" (vi), "10,000 ₫" (en). */
export const dong = (n: number): Localized => ({ vi: money(String(n), 'vi'), en: money(String(n), 'en') });
