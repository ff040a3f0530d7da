import { describe, expect, it } from 'vitest';
import { checkFile } from '../check/index.ts';
import { rename } from './rename.ts';
import { applyEdits, at, BIRTH, cursor, library, marked, procedure } from './test-support.ts';

/** Rename at the marker; the files that changed, after the edits. */
function renamed(files: string | Record<string, string>, newName: string, lang?: 'vi' | 'en'): Record<string, string> | string {
  const fx = marked(files);
  const r = rename(fx.ws, fx.path, fx.offset, newName, lang ? { lang } : {});
  if ('error' in r) return r.error;
  return applyEdits(fx.ws, r.edits);
}

const FORM = `procedure p {
  code "1.000001"
  version 1
  title "Mẫu"
  agency cong_an_xa

  form {
    field hous$0ing "Chỗ ở": choice { owner "Chủ sở hữu" tenant "Thuê" } required default owner
    field consent "Đồng ý": boolean required when housing != owner
    group members "Thành viên" repeated {
      field housing "Chỗ ở của thành viên": text
      field note "Ghi chú": text visible when housing != ""
    }
  }

  fee f "Phí" {
    amount 10_000 VND when housing == tenant and count(members) > 1
  }

  deadline 5 working days from processing

  workflow {
    state draft by citizen { submit -> processing requires housing in [owner, tenant] }
    state processing by specialist { approve -> done }
    final done
  }

  scenario s "Kịch bản" {
    given housing tenant
    expect field housing = tenant
    at 2025-01-24 10:00 do submit
    expect state processing
  }
}
`;

describe('renames every place a name is written', () => {
  it('renames a form field in its declaration, conditions, fees, guards and scenarios — not a group field of the same name', () => {
    expect(renamed(FORM, 'dwelling')).toEqual({
      'thu_tuc/mau.proc': cursor(FORM)
        .text.replace('field housing "Chỗ ở"', 'field dwelling "Chỗ ở"')
        .replace('when housing != owner', 'when dwelling != owner')
        .replace('when housing == tenant', 'when dwelling == tenant')
        .replace('requires housing in', 'requires dwelling in')
        .replace('given housing tenant', 'given dwelling tenant')
        .replace('expect field housing =', 'expect field dwelling ='),
    });
  });

  it('renames a choice option in its declaration, comparisons, lists, defaults and scenario values', () => {
    const text = FORM.replace('hous$0ing', 'housing').replace('tenant "Thuê"', 'ten$0ant "Thuê"');
    const expected = FORM.replace('hous$0ing', 'housing').replace(/tenant/g, 'renter');
    expect(renamed(text, 'renter')).toEqual({ 'thu_tuc/mau.proc': expected });
  });

  it('renames a state in its declaration, transition targets, the deadline start and `expect state`', () => {
    const text = FORM.replace('hous$0ing', 'housing').replace('state processing by', 'state proce$0ssing by');
    const expected = FORM.replace('hous$0ing', 'housing').replace(/processing/g, 'review');
    expect(renamed(text, 'review')).toEqual({ 'thu_tuc/mau.proc': expected });
  });

  it("renames a group's field only inside the group", () => {
    const text = FORM.replace('hous$0ing', 'housing').replace('field housing "Chỗ ở của thành viên"', 'field hou$0sing "Chỗ ở của thành viên"');
    const expected = FORM.replace('hous$0ing', 'housing')
      .replace('field housing "Chỗ ở của thành viên"', 'field home "Chỗ ở của thành viên"')
      .replace('visible when housing != ""', 'visible when home != ""');
    expect(renamed(text, 'home')).toEqual({ 'thu_tuc/mau.proc': expected });
  });

  it("renames a fragment's field in the fragment and in every procedure that uses it", () => {
    const one = procedure({ form: 'form {\n    field note "Ghi chú": text visible when applicant.$0policy == ho_ngheo\n  }' });
    const two = procedure({ scenarios: 'scenario s "S" {\n    given applicant.policy ho_ngheo\n  }' }).replace('thu_tuc_mau', 'hai');
    const out = renamed({ 'a/one.proc': one, 'b/two.proc': two }, 'social_policy');
    expect(Object.keys(out).sort()).toEqual(['a/one.proc', 'b/two.proc', 'common/applicant.proc']);
    const files = out as Record<string, string>;
    expect(files['a/one.proc']).toContain('visible when applicant.social_policy == ho_ngheo');
    expect(files['b/two.proc']).toContain('given applicant.social_policy ho_ngheo');
    expect(files['common/applicant.proc']).toContain('field social_policy "Đối tượng chính sách": choice {');
  });

  it('renames a source, its keyed lookups and its applicant reads across files', () => {
    const text = procedure({
      form: 'form {\n    field address "Địa chỉ": address\n    field owns "Chủ sở hữu": boolean = la$0nd(address).owner_id == citizen\n  }',
    });
    const out = renamed(text, 'land_registry') as Record<string, string>;
    expect(out['thu_tuc/mau.proc']).toContain('= land_registry(address).owner_id == citizen');
    expect(out['common/sources.proc']).toContain('source land_registry "Cơ sở dữ liệu đất đai" {');
  });

  it('renames a transition shared by several states everywhere, including `due before` and `do`', () => {
    const ws = library();
    const r = rename(ws, BIRTH, at(ws, BIRTH, 'at 2025-01-24 10:30 do ask_|supplement'), 'request_supplement');
    if ('error' in r) throw new Error(r.error);
    const text = applyEdits(ws, r.edits)[BIRTH]!;
    expect(text).not.toMatch(/\bask_supplement\b/);
    expect(text.match(/\brequest_supplement\b/g)).toHaveLength(3);
    // The renamed library still checks as cleanly as before.
    const before = checkFile(ws, BIRTH).map((d) => d.code);
    expect(checkFile(ws.withFile(BIRTH, text), BIRTH).map((d) => d.code)).toEqual(before);
  });

  it('changes nothing when the name stays the same', () => {
    const fx = marked(FORM);
    expect(rename(fx.ws, fx.path, fx.offset, 'housing')).toEqual({ edits: [] });
  });
});

describe('refuses, in Vietnamese, what cannot be renamed', () => {
  it('refuses a name with accents, and says how to write it', () => {
    expect(renamed(FORM, 'chỗ_ở')).toBe(
      'Tên «chỗ_ở» có chữ có dấu; tên chỉ dùng chữ không dấu, chữ số và dấu gạch dưới (ví dụ «cho_o»). Nhãn tiếng Việt đặt trong dấu ngoặc kép.',
    );
  });

  it('refuses a name that is not a name, and the reserved words', () => {
    expect(renamed(FORM, '2nd')).toMatch(/^Tên «2nd» không hợp lệ/);
    expect(renamed(FORM, 'noi o')).toMatch(/^Tên «noi o» không hợp lệ/);
    expect(renamed(FORM, '')).toBe('Tên mới không được để trống.');
    expect(renamed(FORM, 'and')).toBe('«and» là từ khóa của ngôn ngữ, không dùng làm tên được.');
  });

  it('refuses a name already used in the same scope', () => {
    expect(renamed(FORM, 'consent')).toMatch(/^Đã có tên «consent» ở nơi khai báo trường «housing»/);
    expect(renamed(FORM, 'members')).toMatch(/^Đã có tên «members»/);
    const option = FORM.replace('hous$0ing', 'housing').replace('tenant "Thuê"', 'ten$0ant "Thuê"');
    expect(renamed(option, 'owner')).toMatch(/^Đã có tên «owner» ở nơi khai báo phương án «tenant»/);
    const state = FORM.replace('hous$0ing', 'housing').replace('state processing by', 'state proce$0ssing by');
    expect(renamed(state, 'done')).toMatch(/^Đã có tên «done» ở nơi khai báo bước «processing»/);
  });

  it('refuses a field name that would hide a data source or a built-in', () => {
    expect(renamed(FORM, 'population')).toMatch(/^Đã có tên «population»/);
    expect(renamed(FORM, 'channel')).toMatch(/^Đã có tên «channel»/);
  });

  it('refuses a rename after which the workspace would have a new error', () => {
    // The fragment `applicant` renamed to `note` collides with the procedure's own field `note`.
    const text = procedure({ uses: 'use appl$0icant from "common/applicant.proc"' });
    expect(renamed(text, 'note')).toMatch(/^Không đổi được thành «note»: tệp thu_tuc\/mau\.proc \(dòng \d+\) sẽ có lỗi MC2008/);
  });

  it('refuses a rename that breaks a file which does not spell the renamed name where it is used', () => {
    // The fragment prefills its `policy` from the source's: renaming one of the source's
    // options leaves the fragment's options outside the source's (MC3009 in the fragment's file).
    const files = {
      'common/sources.proc': 'source population "Dân cư" {\n  kind national\n  key personal_id: personal_id\n  field policy "Diện": choice { ho_ngheo "Hộ nghèo" none "Không" }\n}\n',
      'common/applicant.proc':
        'fragment applicant "Người nộp" {\n  field policy "Diện": choice { ho_ngheo "Hộ nghèo" none "Không" } prefill from population.policy\n}\n',
      'thu_tuc/mau.proc': procedure({ fees: 'fee f "Phí" {\n    amount 1_000 VND\n    exempt "Hộ nghèo" when population.policy == ho_ng$0heo basis "Căn cứ"\n  }' }),
    };
    const fx = marked(files);
    const r = rename(fx.ws, fx.path, fx.offset, 'poor');
    expect(r).toEqual({ error: expect.stringMatching(/^Không đổi được thành «poor»: tệp common\/applicant\.proc \(dòng 2\) sẽ có lỗi MC3009/) });
  });

  it('refuses built-ins, keywords and places without a name', () => {
    const builtin = FORM.replace('hous$0ing', 'housing').replace('by citizen {', 'by citi$0zen {');
    expect(renamed(builtin, 'applicant')).toBe('«citizen» là tên có sẵn của ngôn ngữ, không đổi được.');
    const blank = FORM.replace('hous$0ing', 'housing').replace('title "Mẫu"', 'title "M$0ẫu"');
    expect(renamed(blank, 'x')).toBe('Không có tên nào ở vị trí này để đổi.');
  });

  it('says why in Vietnamese by default and in English when asked', () => {
    const builtin = FORM.replace('hous$0ing', 'housing').replace('by citizen {', 'by citi$0zen {');
    expect(renamed(builtin, 'applicant', 'vi')).toBe('«citizen» là tên có sẵn của ngôn ngữ, không đổi được.');
    expect(renamed(builtin, 'applicant', 'en')).toBe('«citizen» is a built-in name of the language and cannot be renamed.');
    const blank = FORM.replace('hous$0ing', 'housing').replace('title "Mẫu"', 'title "M$0ẫu"');
    expect(renamed(blank, 'x', 'en')).toBe('There is no name here to rename.');
    expect(renamed(FORM, 'chỗ_ở', 'en')).toBe(
      'The name «chỗ_ở» has accented letters; names use unaccented letters, digits and underscores (e.g. «cho_o»). Put the Vietnamese label in quotes.',
    );
    expect(renamed(FORM, 'and', 'en')).toBe('«and» is a keyword of the language and cannot be a name.');
    expect(renamed(FORM, '1st', 'en')).toMatch(/^The name «1st» is not valid: a name starts with a letter/);
    expect(renamed(FORM, '', 'en')).toBe('The new name cannot be empty.');
    const state = FORM.replace('hous$0ing', 'housing').replace('state processing by', 'state proce$0ssing by');
    expect(renamed(state, 'done', 'en')).toBe(
      'The name «done» is already used where the step «processing» is declared; renaming to it would give two things the same name.',
    );
    const text = procedure({ uses: 'use appl$0icant from "common/applicant.proc"' });
    expect(renamed(text, 'note', 'en')).toMatch(/^Cannot rename to «note»: the file thu_tuc\/mau\.proc \(line \d+\) would have the error MC2008: [A-Z`]/);
  });
});
