import { describe, expect, it } from 'vitest';
import { diagnostics, procedure } from './test-support.ts';

const TRANSLATED = `procedure dich {
  code "9.000001" version 1
  title "Dịch thuật" en "Translation"
  agency cong_an_xa
  use applicant from "common/applicant.proc"
  form {
    field lang "Ngôn ngữ" en "Language": choice { vi "Tiếng Việt" en "Vietnamese" eng "Tiếng Anh" en "English" } required
      help "Chọn một" en "Pick one"
    group pages "Trang" en "Pages" { field count "Số trang" en "Number of pages": number }
  }
  documents { doc original "Bản chính" en "Original": required help "Xuất trình" en "Shown" }
  fee fee "Lệ phí" en "Fee" { amount 10_000 VND exempt "Người có công" en "People with meritorious services" when applicant.policy == nguoi_co_cong basis "Nghị quyết mẫu" }
  deadline 1 working day from complete
  workflow {
    state draft "Soạn" en "Draft" by citizen { submit "Nộp" en "Submit" -> submitted }
    state submitted "Đã nộp" en "Submitted" by reception {
      accept "Tiếp nhận" en "Accept" -> done issue receipt issue result copy notify citizen "Xong" en "Done"
    }
    final done "Hoàn thành" en "Completed"
  }
  result copy "Bản dịch" en "Translated copy" { help "Nhận tại quầy" en "Collect at the desk" }
  scenario online "Trực tuyến" en "Online" { given channel online }
}
`;

/** The MC2016/MC2017 diagnostics of the file, as `code: "quoted text" — message`. */
function english(text: string, path = 'thu_tuc/mau.proc'): string[] {
  return diagnostics({ [path]: text })
    .filter((d) => d.code === 'MC2016' || d.code === 'MC2017')
    .map((d) => `${d.code} ${text.slice(d.span.start, d.span.end)} — ${d.message.en}`);
}

/** `text` with the English companion of `vi` removed. */
const untranslate = (text: string, vi: string) => {
  const out = text.replace(new RegExp(`("${vi}") en "[^"]*"`), '$1');
  expect(out, vi).not.toBe(text);
  return out;
};

describe('English texts (MC2016, MC2017)', () => {
  it('a fully translated procedure reports nothing, and it checks clean', () => {
    expect(diagnostics({ 'thu_tuc/mau.proc': TRANSLATED }).map((d) => `${d.code} ${d.message.en}`)).toEqual([]);
  });

  it('a file without any English reports nothing', () => {
    expect(english(TRANSLATED.replace(/ en "[^"]*"/g, ''))).toEqual([]);
    expect(english(procedure())).toEqual([]);
  });

  it('once one text has English, every text left without it is pointed at, wherever it is', () => {
    const cases: Array<[string, string]> = [
      ['Dịch thuật', 'The title of procedure `dich`'],
      ['Ngôn ngữ', 'The label of field `lang`'],
      ['Tiếng Việt', 'The label of option `vi` (field `lang`)'],
      ['Chọn một', 'The help of field `lang`'],
      ['Trang', 'The label of group `pages`'],
      ['Số trang', 'The label of field `pages.count`'],
      ['Bản chính', 'The label of document `original`'],
      ['Xuất trình', 'The help of document `original`'],
      ['Lệ phí', 'The label of fee `fee`'],
      ['Người có công', 'The label of an exemption from fee `fee`'],
      ['Soạn', 'The label of state `draft`'],
      ['Nộp', 'The label of transition `submit`'],
      ['Xong', 'The notification of transition `accept`'],
      ['Hoàn thành', 'The label of state `done`'],
      ['Bản dịch', 'The label of result `copy`'],
      ['Nhận tại quầy', 'The help of result `copy`'],
      ['Trực tuyến', 'The label of scenario `online`'],
    ];
    for (const [vi, what] of cases) {
      expect(english(untranslate(TRANSLATED, vi)), vi).toEqual([
        `MC2016 "${vi}" — ${what} "${vi}" has no English. This file already gives English texts: add \`en "…"\` right after the Vietnamese text.`,
      ]);
    }
  });

  it('is a warning in Vietnamese first, pointing at the Vietnamese text', () => {
    const text = untranslate(TRANSLATED, 'Ngôn ngữ');
    const [d] = diagnostics({ 'thu_tuc/mau.proc': text }).filter((x) => x.code === 'MC2016');
    expect(d!.severity).toBe('warning');
    expect(d!.message.vi).toBe('Nhãn của trường `lang` "Ngôn ngữ" chưa có tiếng Anh. Tệp này đã có văn bản tiếng Anh: thêm `en "…"` ngay sau văn bản tiếng Việt.');
    expect(text.slice(d!.span.start, d!.span.end)).toBe('"Ngôn ngữ"');
  });

  it('asks only for texts that are written: a field, option or state without a label needs no English', () => {
    const text = TRANSLATED.replace('eng "Tiếng Anh" en "English"', 'eng').replace('final done "Hoàn thành" en "Completed"', 'final done').replace(
      'group pages "Trang" en "Pages" { field count "Số trang" en "Number of pages": number }',
      'group pages "Trang" en "Pages" { field count: number }',
    );
    expect(english(text)).toEqual([]);
  });

  it('looks at one file at a time: English in a procedure asks nothing of a fragment in another file', () => {
    const fragment = 'fragment household "Hộ gia đình" { field head "Chủ hộ": text }\n';
    const uses = TRANSLATED.replace('use applicant from "common/applicant.proc"', 'use applicant from "common/applicant.proc"\n  use household from "thu_tuc/mau.proc"');
    const apart = diagnostics({ 'thu_tuc/mau.proc': fragment, 'thu_tuc/dich.proc': uses });
    expect(apart.filter((d) => d.code === 'MC2016')).toEqual([]);
    const together = diagnostics({ 'thu_tuc/mau.proc': fragment + uses });
    expect(together.filter((d) => d.code === 'MC2016').map((d) => d.message.en.split(' has ')[0])).toEqual([
      'The label of fragment `household` "Hộ gia đình"',
      'The label of field `head` "Chủ hộ"',
    ]);
  });

  it('judges fragments, sources and agencies of a file with English too', () => {
    const shared = `fragment household "Hộ gia đình" en "Household" { field head "Chủ hộ": text }
source registry "Sổ đăng ký" { kind registry key personal_id: personal_id field status "Tình trạng": choice { ok "Tốt" } }
agency so_tu_phap "Sở Tư pháp" { level province }
`;
    expect(english(shared, 'common/shared.proc').map((l) => l.split(' — ')[0])).toEqual([
      'MC2016 "Chủ hộ"',
      'MC2016 "Sổ đăng ký"',
      'MC2016 "Tình trạng"',
      'MC2016 "Tốt"',
      'MC2016 "Sở Tư pháp"',
    ]);
  });

  it('an English text that is empty or only spaces is an error, and does not count as English given', () => {
    const text = TRANSLATED.replace(/ en "[^"]*"/g, '').replace('"Ngôn ngữ"', '"Ngôn ngữ" en ""').replace('"Xong"', '"Xong" en "   "');
    const found = diagnostics({ 'thu_tuc/mau.proc': text }).filter((d) => d.code === 'MC2017');
    expect(found.map((d) => [d.severity, text.slice(d.span.start, d.span.end), d.message.en])).toEqual([
      ['error', '""', 'The label of field `lang`: the English text is empty. Write the translation, or remove `en ""` so that pages in English show the Vietnamese text.'],
      ['error', '"   "', 'The notification of transition `accept`: the English text is empty. Write the translation, or remove `en ""` so that pages in English show the Vietnamese text.'],
    ]);
    expect(english(text).filter((l) => l.startsWith('MC2016'))).toEqual([]);
  });
});
