// What a generated procedure may refer to: the shared sources, agencies and applicant fragment
// of the library (procedures/common/). Read from a parsed workspace, so generated files stay
// valid whatever the shared files declare; a minimal stand-in set is kept for tests.
import type { FormItem, TypeRef } from '../../dsl/src/ast.ts';
import type { Workspace } from '../../dsl/src/workspace.ts';

export interface VocabField {
  readonly name: string;
  /** text, number, money, date, boolean, choice, personal_id, phone, email, address */
  readonly type: string;
  readonly options: readonly string[];
  /** The declared Vietnamese label, if any. */
  readonly label?: string;
}

export interface VocabSource {
  readonly name: string;
  /** national | registry | results | dossiers */
  readonly kind: string;
  readonly key?: VocabField;
  readonly authoritative: boolean;
  readonly fields: readonly VocabField[];
}

export interface Vocabulary {
  readonly sources: readonly VocabSource[];
  readonly agencies: readonly { readonly name: string; readonly level?: string; readonly calendar?: string }[];
  /** The shared applicant block, imported with `use <name> from "<path>"`. */
  readonly fragment?: { readonly name: string; readonly path: string; readonly fields: readonly VocabField[] };
}

const field = (name: string, t: TypeRef, label?: string): VocabField => ({
  name,
  type: t.name.text,
  options: t.options.map((o) => o.name.text).filter(Boolean),
  ...(label ? { label } : {}),
});

function topFields(items: readonly FormItem[]): VocabField[] {
  return items.flatMap((i) => (i.kind === 'Field' && i.name.text ? [field(i.name.text, i.type, i.label?.value)] : []));
}

/**
 * The vocabulary a workspace declares. The fragment is the one named `applicant` if any
 * (else the first) among files under `common/`.
 */
export function vocabularyOf(ws: Workspace): Vocabulary {
  const sources: VocabSource[] = [];
  for (const { decl } of ws.sources.values()) {
    let kind = 'registry';
    let key: VocabField | undefined;
    let authoritative = false;
    const fields: VocabField[] = [];
    for (const it of decl.items) {
      if (it.kind === 'SourceKind') kind = it.value.text;
      else if (it.kind === 'Key' && it.name.text) key = field(it.name.text, it.type);
      else if (it.kind === 'Authoritative') authoritative = true;
      else if (it.kind === 'SourceField' && it.name.text) fields.push(field(it.name.text, it.type, it.label?.value));
    }
    sources.push({ name: decl.name.text, kind, ...(key ? { key } : {}), authoritative, fields });
  }
  const agencies = [...ws.agencies.values()].map(({ decl }) => {
    let level: string | undefined;
    let calendar: string | undefined;
    for (const i of decl.items) {
      if (i.kind === 'AgencyLevel') level = i.level.text;
      if (i.kind === 'Calendar') calendar = i.calendar.text;
    }
    return { name: decl.name.text, ...(level ? { level } : {}), ...(calendar ? { calendar } : {}) };
  });
  let fragment: Vocabulary['fragment'];
  for (const f of ws.files.values()) {
    if (!f.path.startsWith('common/')) continue;
    for (const d of f.ast.declarations) {
      if (d.kind !== 'Fragment' || !d.name.text) continue;
      if (!fragment || d.name.text === 'applicant') fragment = { name: d.name.text, path: f.path, fields: topFields(d.fields) };
    }
  }
  return { sources, agencies, ...(fragment ? { fragment } : {}) };
}

/**
 * A small stand-in for procedures/common/ (same names as the library's), for tests that must
 * not depend on the library's shared files.
 */
export const minimalCommon: readonly (readonly [string, string])[] = [
  [
    'common/sources.proc',
    `source population "Cơ sở dữ liệu quốc gia về dân cư" {
  kind national
  key personal_id: personal_id
  authoritative
  field full_name "Họ, chữ đệm và tên": text
  field birth_date "Ngày sinh": date
  field gender "Giới tính": choice { male "Nam" female "Nữ" }
  field permanent_address "Nơi thường trú": address
  field phone "Số điện thoại": phone
}

source land "Cơ sở dữ liệu đất đai" {
  kind registry
  key address: address
  field owner_id "Số định danh chủ sử dụng": personal_id
  field area "Diện tích (m²)": number
}

source business "Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp" {
  kind registry
  key tax_code: text
  field name "Tên doanh nghiệp": text
  field owner_id "Người đại diện theo pháp luật": personal_id
}

source civil_status "Cơ sở dữ liệu hộ tịch điện tử" {
  kind national
  key personal_id: personal_id
  authoritative
  field marital_status "Tình trạng hôn nhân": choice { single "Chưa kết hôn" married "Đã kết hôn" divorced "Đã ly hôn" }
  field birth_registered "Đã đăng ký khai sinh": boolean
}

source residence "Kết quả đăng ký cư trú" {
  kind results
  key personal_id: personal_id
  field permanent_address "Địa chỉ thường trú": address
  field registered_on "Ngày đăng ký": date
}

source driving "Cơ sở dữ liệu giấy phép lái xe" {
  kind registry
  key personal_id: personal_id
  field license_number "Số giấy phép lái xe": text
  field license_expiry "Ngày hết hạn": date
}
`,
  ],
  [
    'common/agencies.proc',
    `agency cong_an_xa "Công an cấp xã" {
  unit "000.00.12.H40"
  level commune
  calendar national
  parent cong_an_tinh
}

agency ubnd_xa "Ủy ban nhân dân cấp xã" {
  unit "000.00.13.H40"
  level commune
  calendar saturday_morning
}

agency cong_an_tinh "Công an tỉnh" {
  unit "000.00.00.H40"
  level province
  calendar national
}
`,
  ],
  [
    'common/applicant.proc',
    `fragment applicant "Thông tin người nộp hồ sơ" {
  field personal_id "Số định danh cá nhân": personal_id required prefill from citizen locked
  field full_name "Họ, chữ đệm và tên": text required prefill from population.full_name locked
  field birth_date "Ngày sinh": date required prefill from population.birth_date locked
  field phone "Số điện thoại": phone required prefill from population.phone
  field email "Thư điện tử": email optional
  field policy "Đối tượng chính sách": choice { none "Không" nguoi_co_cong "Người có công" ho_ngheo "Hộ nghèo" khuyet_tat "Người khuyết tật" } optional
}
`,
  ],
];
