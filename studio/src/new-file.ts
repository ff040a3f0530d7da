// A new procedure file, started from the studio: the path the designer types, checked as the
// server and the library expect it (a .proc file inside the library, named in unaccented
// letters as procedure names are), and the text it starts with — a procedure named after the
// file that already compiles, for the previews to show from the first keystroke.
import type { Localized } from '@motcua/dsl';

const SEGMENT = /^[a-z_][a-z0-9_]*$/;

/** The library path for what the designer typed (`.proc` added when left out), or why it will not do. */
export function checkNewPath(input: string, existing: readonly string[]): { readonly path: string } | { readonly error: Localized } {
  let path = input.trim().replace(/\\/g, '/');
  if (path === '') return { error: { vi: 'Chưa nhập đường dẫn tệp.', en: 'No path given.' } };
  if (!path.endsWith('.proc')) path += '.proc';
  const segments = path.slice(0, -'.proc'.length).split('/');
  if (path.startsWith('/') || segments.some((s) => !SEGMENT.test(s)))
    return {
      error: {
        vi: `“${input.trim()}” không dùng được: mỗi phần của đường dẫn chỉ gồm chữ thường không dấu, chữ số và “_” (ví dụ ho_tich/dang_ky_nhan_cha_me_con.proc).`,
        en: `“${input.trim()}” will not do: each part of the path is lowercase unaccented letters, digits and “_” (e.g. ho_tich/dang_ky_nhan_cha_me_con.proc).`,
      },
    };
  if (existing.includes(path)) return { error: { vi: `Đã có tệp ${path}.`, en: `${path} exists already.` } };
  return { path };
}

/**
 * The text a new file starts with: a procedure named after the file, in force from `today`
 * (`YYYY-MM-DD`; the review refuses a new procedure without an effective date), with a form
 * field, a deadline and a short workflow. Every text shows how it is given its English
 * companion (`"Lý do" en "Reason"`): English is optional, but a file that gives some is expected
 * to give it for all its texts (MC2016), so the template gives it throughout, as the library does.
 */
export function newProcedureText(path: string, today: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1, -'.proc'.length);
  return [
    `procedure ${name} {`,
    '  code "1.000000"',
    '  version 1',
    '  title "Tên thủ tục" en "Procedure name"',
    '  agency ubnd_xa',
    '  channels online, in_person',
    `  effective ${today}`,
    '',
    '  form {',
    '    field ly_do "Lý do" en "Reason": text required',
    '  }',
    '',
    '  deadline 5 working days from complete basis "Căn cứ pháp lý"',
    '',
    '  workflow {',
    '    state draft "Soạn hồ sơ" en "Drafting" by citizen { submit "Nộp hồ sơ" en "Submit" -> submitted }',
    '    state submitted "Chờ tiếp nhận" en "Awaiting reception" by reception sla 4 working hours {',
    '      accept "Tiếp nhận" en "Accept" -> processing issue receipt',
    '    }',
    '    state processing "Giải quyết" en "Processing" by specialist { approve "Duyệt" en "Approve" -> done }',
    '    final done "Hoàn thành" en "Done"',
    '  }',
    '}',
    '',
  ].join('\n');
}
