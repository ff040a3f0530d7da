// The checker's diagnostic codes (MC2xxx–MC8xxx), registered into the one catalog. Every
// message quotes the designer's own words and stands on its own; `report` is typed by code.
import type { Span } from '../ast.ts';
import { defineCode, diagnostic, registerCodes, type Diagnostic, type Fix, type Localized } from '../diagnostics.ts';

const q = (s: string) => `\`${s}\``;
/** `a`, `b` or `c` — every item: these lists are short and the designer needs all of them. */
const qs = (xs: readonly string[], word: string) =>
  xs.length <= 1 ? xs.map(q).join('') : `${xs.slice(0, -1).map(q).join(', ')} ${word} ${q(xs[xs.length - 1]!)}`;
const dym = (s: string | undefined): Localized =>
  s ? { vi: ` Có phải ý bạn là ${q(s)}?`, en: ` Did you mean ${q(s)}?` } : { vi: '', en: '' };

type Named = { name: string; suggestion?: string | undefined };
type Mismatch = { expected: Localized; found: Localized };
const RES_66 = 'Nghị quyết 66.7/2025/NQ-CP';

const codes = {
  // ------------------------------------------------------------------ MC2xxx names
  MC2001: defineCode<Named>(
    'error',
    { vi: 'Tên không phải trường, nhóm, nguồn dữ liệu hay giá trị có sẵn nào.', en: 'Name is not a field, group, data source or built-in.' },
    ({ name, suggestion }) => ({
      vi: `Không có trường, nhóm, nguồn dữ liệu hay giá trị có sẵn nào tên ${q(name)}.${dym(suggestion).vi}`,
      en: `No field, group, data source or built-in is called ${q(name)}.${dym(suggestion).en}`,
    }),
  ),
  MC2002: defineCode<Named & { group: string }>(
    'error',
    { vi: 'Nhóm trường không có trường được nêu.', en: 'The group has no such field.' },
    ({ name, group, suggestion }) => ({
      vi: `Nhóm ${q(group)} không có trường ${q(name)}.${dym(suggestion).vi}`,
      en: `Group ${q(group)} has no field ${q(name)}.${dym(suggestion).en}`,
    }),
  ),
  MC2003: defineCode<Named & { source: string }>(
    'error',
    { vi: 'Nguồn dữ liệu không có trường được nêu.', en: 'The data source has no such field.' },
    ({ name, source, suggestion }) => ({
      vi: `Nguồn dữ liệu ${q(source)} không có trường ${q(name)}.${dym(suggestion).vi}`,
      en: `Data source ${q(source)} has no field ${q(name)}.${dym(suggestion).en}`,
    }),
  ),
  MC2004: defineCode<Named>(
    'error',
    { vi: 'Cơ quan chưa được khai báo.', en: 'Agency not declared.' },
    ({ name, suggestion }) => ({
      vi: `Chưa khai báo cơ quan ${q(name)} (khai báo bằng \`agency ${name} { … }\`, thường trong common/agencies.proc).${dym(suggestion).vi}`,
      en: `Agency ${q(name)} is not declared (declare it with \`agency ${name} { … }\`, usually in common/agencies.proc).${dym(suggestion).en}`,
    }),
  ),
  MC2005: defineCode<Named & { roles: readonly string[] }>(
    'error',
    { vi: 'Vai trò không có.', en: 'Unknown role.' },
    ({ name, roles, suggestion }) => ({
      vi: `Không có vai trò ${q(name)}; vai trò là ${qs(roles, 'hoặc')}.${dym(suggestion).vi}`,
      en: `There is no role ${q(name)}; roles are ${qs(roles, 'or')}.${dym(suggestion).en}`,
    }),
  ),
  MC2006: defineCode<Named>(
    'error',
    { vi: 'Thời hạn tính từ một mốc không có.', en: 'Deadline counted from an unknown starting point.' },
    ({ name, suggestion }) => ({
      vi: `Thời hạn tính từ ${q(name)}, nhưng đó không phải \`complete\` (nhận đủ hồ sơ), \`submission\` (nộp hồ sơ) hay một bước của quy trình.${dym(suggestion).vi}`,
      en: `The deadline counts from ${q(name)}, which is not \`complete\` (complete dossier received), \`submission\` or a workflow state.${dym(suggestion).en}`,
    }),
  ),
  MC2007: defineCode<Named>(
    'error',
    { vi: 'Kết quả chưa được khai báo.', en: 'Result not declared.' },
    ({ name, suggestion }) => ({
      vi: `Bước chuyển trả kết quả ${q(name)}, nhưng thủ tục không có \`result ${name} { … }\`.${dym(suggestion).vi}`,
      en: `The transition issues result ${q(name)}, but the procedure has no \`result ${name} { … }\`.${dym(suggestion).en}`,
    }),
  ),
  MC2008: defineCode<{ what: Localized; name: string; line: number }>(
    'error',
    { vi: 'Tên bị trùng trong cùng phạm vi.', en: 'Duplicate name in the same scope.' },
    ({ what, name, line }) => ({
      vi: `${what.vi} ${q(name)} đã có ở dòng ${line}; mỗi tên chỉ dùng một lần.`,
      en: `${what.en} ${q(name)} is already declared on line ${line}; each name is used once.`,
    }),
  ),
  MC2009: defineCode<{ what: Localized; name: string; where: string }>(
    'error',
    { vi: 'Tên khai báo hai lần trong kho thủ tục.', en: 'Name declared twice in the workspace.' },
    ({ what, name, where }) => ({
      vi: `${what.vi} ${q(name)} cũng được khai báo ở ${where}; tên này phải là duy nhất trong toàn bộ kho thủ tục.`,
      en: `${what.en} ${q(name)} is also declared at ${where}; the name must be unique across the workspace.`,
    }),
  ),
  MC2010: defineCode<{ path: string; suggestion?: string | undefined }>(
    'error',
    { vi: '`use` trỏ tới tệp không có.', en: '`use` names a file that does not exist.' },
    ({ path, suggestion }) => ({
      vi: `Không có tệp ${q(path)} trong kho thủ tục (đường dẫn tính từ thư mục procedures/).${dym(suggestion).vi}`,
      en: `There is no file ${q(path)} in the workspace (paths are relative to procedures/).${dym(suggestion).en}`,
    }),
  ),
  MC2011: defineCode<Named & { path: string; elsewhere?: string | undefined }>(
    'error',
    { vi: '`use` nêu một nhóm dùng chung không có trong tệp.', en: '`use` names a fragment the file does not declare.' },
    ({ name, path, suggestion, elsewhere }) => ({
      vi: `Tệp ${q(path)} không khai báo \`fragment ${name}\`.${elsewhere ? ` Nhóm này ở tệp ${q(elsewhere)}.` : dym(suggestion).vi}`,
      en: `File ${q(path)} does not declare \`fragment ${name}\`.${elsewhere ? ` It is declared in ${q(elsewhere)}.` : dym(suggestion).en}`,
    }),
  ),
  MC2012: defineCode<Named & { key: string; allowed: readonly string[] }>(
    'error',
    { vi: 'Giá trị không hợp lệ trong thông tin chung của thủ tục (level, channels).', en: 'Unknown value in procedure metadata (level, channels).' },
    ({ key, name, allowed, suggestion }) => ({
      vi: `${q(key)} không nhận ${q(name)}; chọn ${qs(allowed, 'hoặc')}.${dym(suggestion).vi}`,
      en: `${q(key)} does not accept ${q(name)}; use ${qs(allowed, 'or')}.${dym(suggestion).en}`,
    }),
  ),
  MC2013: defineCode<{ key: string; example: string }>(
    'error',
    { vi: 'Thiếu thông tin bắt buộc của thủ tục (code, title, version, agency).', en: 'Missing required procedure metadata (code, title, version, agency).' },
    ({ key, example }) => ({
      vi: `Thủ tục thiếu dòng ${q(key)}, ví dụ ${q(example)}.`,
      en: `The procedure has no ${q(key)} line, e.g. ${q(example)}.`,
    }),
  ),
  MC2014: defineCode<Named & { allowed: readonly string[] }>(
    'error',
    { vi: 'Kiểu dữ liệu không có.', en: 'Unknown type.' },
    ({ name, allowed, suggestion }) => ({
      vi: `Không có kiểu ${q(name)}; kiểu là ${qs(allowed, 'hoặc')}.${dym(suggestion).vi}`,
      en: `There is no type ${q(name)}; types are ${qs(allowed, 'or')}.${dym(suggestion).en}`,
    }),
  ),
  MC2015: defineCode<Named & { clause: string; allowed: readonly string[] }>(
    'error',
    { vi: 'Giá trị không hợp lệ cho mệnh đề (as, kind, level, calendar, due on).', en: 'Unknown value for a clause (as, kind, level, calendar, due on).' },
    ({ clause, name, allowed, suggestion }) => ({
      vi: `${q(clause)} không nhận ${q(name)}; chọn ${qs(allowed, 'hoặc')}.${dym(suggestion).vi}`,
      en: `${q(clause)} does not accept ${q(name)}; use ${qs(allowed, 'or')}.${dym(suggestion).en}`,
    }),
  ),
  MC2016: defineCode<{ what: Localized; text: string }>(
    'warning',
    { vi: 'Văn bản chưa có tiếng Anh trong một tệp đã có văn bản tiếng Anh.', en: 'A text without English in a file that gives English texts.' },
    ({ what, text }) => ({
      vi: `${what.vi} ${JSON.stringify(text)} chưa có tiếng Anh. Tệp này đã có văn bản tiếng Anh: thêm \`en "…"\` ngay sau văn bản tiếng Việt.`,
      en: `${what.en} ${JSON.stringify(text)} has no English. This file already gives English texts: add \`en "…"\` right after the Vietnamese text.`,
    }),
  ),
  MC2017: defineCode<{ what: Localized }>(
    'error',
    { vi: 'Văn bản tiếng Anh để trống.', en: 'Empty English text.' },
    ({ what }) => ({
      vi: `${what.vi}: văn bản tiếng Anh để trống. Viết bản dịch, hoặc bỏ \`en ""\` để trang tiếng Anh hiện văn bản tiếng Việt.`,
      en: `${what.en}: the English text is empty. Write the translation, or remove \`en ""\` so that pages in English show the Vietnamese text.`,
    }),
  ),

  // ------------------------------------------------------------------ MC3xxx types
  MC3001: defineCode<{ clause: string; found: Localized; text: string }>(
    'error',
    { vi: 'Điều kiện không phải đúng/sai.', en: 'Condition is not true/false.' },
    ({ clause, found, text }) => ({
      vi: `Sau ${q(clause)} cần một điều kiện đúng/sai, nhưng ${q(text)} là ${found.vi}.`,
      en: `${q(clause)} needs a true/false condition, but ${q(text)} is ${found.en}.`,
    }),
  ),
  MC3002: defineCode<{ clause: string; found: Localized; text: string }>(
    'error',
    { vi: 'Số tiền phí không phải tiền (VND).', en: 'Fee amount is not money (VND).' },
    ({ clause, found, text }) => ({
      vi: `${q(clause)} cần số tiền (ví dụ \`20_000 VND\`), nhưng ${q(text)} là ${found.vi}.`,
      en: `${q(clause)} needs an amount of money (e.g. \`20_000 VND\`), but ${q(text)} is ${found.en}.`,
    }),
  ),
  MC3003: defineCode<{ text: string; found: Localized; by: Localized }>(
    'error',
    { vi: 'Mốc bậc phí không cùng kiểu với giá trị tính bậc.', en: 'Tier bound does not match the tiered value.' },
    ({ text, found, by }) => ({
      vi: `Mốc ${q(text)} là ${found.vi}, nhưng phí tính bậc theo ${by.vi}; mốc phải cùng kiểu (số hoặc số tiền).`,
      en: `Bound ${q(text)} is ${found.en}, but the fee is tiered by ${by.en}; bounds must have the same type (number or money).`,
    }),
  ),
  MC3004: defineCode<{ text: string; found: Localized }>(
    'error',
    { vi: 'Mức giảm phí không phải tỉ lệ phần trăm từ 0% đến 100%.', en: 'Discount is not a percentage from 0% to 100%.' },
    ({ text, found }) => ({
      vi: `\`discount\` cần tỉ lệ phần trăm từ 0% đến 100% (ví dụ \`40%\`), nhưng ${q(text)} là ${found.vi}.`,
      en: `\`discount\` needs a percentage from 0% to 100% (e.g. \`40%\`), but ${q(text)} is ${found.en}.`,
    }),
  ),
  MC3005: defineCode<{ text: string; found: Localized }>(
    'error',
    { vi: 'Đơn vị tính phí (`per`) không phải số.', en: 'Fee unit (`per`) is not a number.' },
    ({ text, found }) => ({
      vi: `Sau \`per\` cần một số (ví dụ trường số bản sao), nhưng ${q(text)} là ${found.vi}.`,
      en: `\`per\` needs a number (e.g. a number-of-copies field), but ${q(text)} is ${found.en}.`,
    }),
  ),
  MC3006: defineCode<{ op: string; text: string; left: Localized; right?: Localized | undefined }>(
    'error',
    { vi: 'Phép toán hoặc so sánh giữa hai kiểu không hợp nhau.', en: 'Operator applied to incompatible types.' },
    ({ op, text, left, right }) =>
      right
        ? {
            vi: `Không dùng được ${q(op)} giữa ${left.vi} và ${right.vi} trong ${q(text)}.`,
            en: `${q(op)} cannot combine ${left.en} with ${right.en} in ${q(text)}.`,
          }
        : {
            vi: `Không dùng được ${q(op)} với ${left.vi} trong ${q(text)}.`,
            en: `${q(op)} cannot apply to ${left.en} in ${q(text)}.`,
          },
  ),
  MC3007: defineCode<Named & { field: string; options: readonly string[] }>(
    'error',
    { vi: 'So sánh trường lựa chọn với một phương án nó không có.', en: 'Choice compared with an option it does not have.' },
    ({ name, field, options, suggestion }) => ({
      vi: `${q(field)} không có phương án ${q(name)}; các phương án là ${qs(options, 'và')}.${dym(suggestion).vi}`,
      en: `${q(field)} has no option ${q(name)}; its options are ${qs(options, 'and')}.${dym(suggestion).en}`,
    }),
  ),
  MC3008: defineCode<Mismatch & { field: string; clause: string }>(
    'error',
    { vi: 'Giá trị tính sẵn hoặc mặc định không cùng kiểu với trường.', en: 'Computed or default value does not match the field type.' },
    ({ field, clause, expected, found }) => ({
      vi: `Trường ${q(field)} là ${expected.vi}, nhưng giá trị ${q(clause)} là ${found.vi}.`,
      en: `Field ${q(field)} is ${expected.en}, but its ${q(clause)} value is ${found.en}.`,
    }),
  ),
  MC3009: defineCode<Mismatch & { field: string; from: string }>(
    'error',
    { vi: 'Dữ liệu điền sẵn không cùng kiểu với trường.', en: 'Prefill source does not match the field type.' },
    ({ field, from, expected, found }) => ({
      vi: `Trường ${q(field)} là ${expected.vi}, nhưng ${q(from)} là ${found.vi}; không điền sẵn được.`,
      en: `Field ${q(field)} is ${expected.en}, but ${q(from)} is ${found.en}; it cannot be prefilled from it.`,
    }),
  ),
  MC3010: defineCode<Mismatch & { target: string; text: string }>(
    'error',
    { vi: 'Giá trị công bố vào kho kết quả không cùng kiểu với trường đích.', en: 'Published value does not match the results-store field type.' },
    ({ target, text, expected, found }) => ({
      vi: `${q(target)} là ${expected.vi}, nhưng ${q(text)} là ${found.vi}.`,
      en: `${q(target)} is ${expected.en}, but ${q(text)} is ${found.en}.`,
    }),
  ),
  MC3011: defineCode<{ field: string; clause: string; fieldType: Localized; expected?: Localized | undefined; found: Localized }>(
    'error',
    { vi: 'Giới hạn min/max không hợp với kiểu của trường.', en: 'min/max does not fit the field type.' },
    ({ field, clause, fieldType, expected, found }) =>
      expected
        ? {
            vi: `Trường ${q(field)} là ${fieldType.vi}, nên ${q(clause)} cần ${expected.vi}, nhưng đã ghi ${found.vi}.`,
            en: `Field ${q(field)} is ${fieldType.en}, so ${q(clause)} needs ${expected.en}, but ${found.en} is given.`,
          }
        : {
            vi: `${q(clause)} chỉ dùng cho trường số, số tiền, ngày (giới hạn giá trị) hoặc văn bản (giới hạn độ dài); trường ${q(field)} là ${fieldType.vi}.`,
            en: `${q(clause)} applies only to number, money, date (value bounds) or text (length) fields; ${q(field)} is ${fieldType.en}.`,
          },
  ),
  MC3012: defineCode<{ pattern: string; reason: string }>(
    'error',
    { vi: 'Mẫu kiểm tra (`pattern`) không phải biểu thức chính quy hợp lệ.', en: 'Invalid regular expression in `pattern`.' },
    ({ pattern, reason }) => ({
      vi: `Mẫu ${q(pattern)} không phải biểu thức chính quy JavaScript hợp lệ: ${reason}.`,
      en: `${q(pattern)} is not a valid JavaScript regular expression: ${reason}.`,
    }),
  ),
  MC3013: defineCode<{ text: string; what: 'group' | 'source' | 'keyed'; example: string }>(
    'error',
    { vi: 'Tham chiếu chưa trỏ tới một giá trị (nhóm, nguồn dữ liệu cần nêu trường).', en: 'Reference does not name a value (a group or data source needs a field).' },
    ({ text, what, example }) =>
      what === 'group'
        ? {
            vi: `${q(text)} là một nhóm trường, không phải một giá trị; hãy nêu trường, ví dụ ${q(example)}.`,
            en: `${q(text)} is a group of fields, not a value; name a field, e.g. ${q(example)}.`,
          }
        : what === 'source'
          ? {
              vi: `${q(text)} là một nguồn dữ liệu, không phải một giá trị; hãy nêu trường, ví dụ ${q(example)}.`,
              en: `${q(text)} is a data source, not a value; name a field, e.g. ${q(example)}.`,
            }
          : {
              vi: `Nguồn ${q(text)} tra cứu theo khóa khác số định danh của người nộp; hãy ghi khóa, ví dụ ${q(example)}.`,
              en: `Source ${q(text)} is keyed by something other than the applicant's personal id; give the key, e.g. ${q(example)}.`,
            },
  ),
  MC3014: defineCode<{ callee: string; text: string; expected: Localized }>(
    'error',
    { vi: 'Gọi hàm hoặc tra cứu nguồn dữ liệu sai đối số.', en: 'Function call or source lookup with wrong arguments.' },
    ({ callee, text, expected }) => ({
      vi: `${q(text)}: ${q(callee)} cần ${expected.vi}.`,
      en: `${q(text)}: ${q(callee)} takes ${expected.en}.`,
    }),
  ),
  MC3015: defineCode<{ target: string; source?: string | undefined; kind?: string | undefined }>(
    'error',
    { vi: 'Chỉ công bố được vào trường của kho kết quả (nguồn `kind results`).', en: 'Only fields of results stores (`kind results` sources) can be published into.' },
    ({ target, source, kind }) =>
      source
        ? {
            vi: `Nguồn ${q(source)} ${kind ? `thuộc loại ${q(kind)}` : 'chưa khai báo `kind`'}; thủ tục chỉ công bố được vào kho kết quả (nguồn có \`kind results\`).`,
            en: `Source ${q(source)} ${kind ? `is of kind ${q(kind)}` : 'has no `kind`'}; a procedure can only publish into a results store (a source with \`kind results\`).`,
          }
        : {
            vi: `${q(target)} không phải trường của một kho kết quả; ghi \`publish <kho>.<trường> = …\`.`,
            en: `${q(target)} is not a field of a results store; write \`publish <store>.<field> = …\`.`,
          },
  ),
  MC3016: defineCode<{ text: string; found: Localized }>(
    'error',
    { vi: 'Người được công bố kết quả (`for`) không phải số định danh cá nhân.', en: 'The `for` subject of a publication is not a personal id.' },
    ({ text, found }) => ({
      vi: `Sau \`for\` cần số định danh cá nhân của người được công bố kết quả, nhưng ${q(text)} là ${found.vi}.`,
      en: `\`for\` needs the personal id of the person the result is about, but ${q(text)} is ${found.en}.`,
    }),
  ),

  // ------------------------------------------------------------------ MC4xxx workflow
  MC4001: defineCode<{ name: string }>(
    'error',
    { vi: 'Thủ tục không có quy trình xử lý.', en: 'Procedure has no workflow.' },
    ({ name }) => ({
      vi: `Thủ tục ${q(name)} chưa có khối \`workflow { … }\`; hồ sơ không có đường nào để đi.`,
      en: `Procedure ${q(name)} has no \`workflow { … }\`; dossiers have nowhere to go.`,
    }),
  ),
  MC4002: defineCode(
    'error',
    { vi: 'Quy trình không có bước kết thúc.', en: 'Workflow has no final state.' },
    () => ({
      vi: 'Quy trình chưa có bước kết thúc (`final done`, `final refused`…); hồ sơ không bao giờ kết thúc.',
      en: 'The workflow has no final state (`final done`, `final refused`…); dossiers never end.',
    }),
  ),
  MC4003: defineCode<{ name: string; initial: string }>(
    'warning',
    { vi: 'Bước không thể tới được từ bước đầu.', en: 'State unreachable from the first state.' },
    ({ name, initial }) => ({
      vi: `Không có đường nào từ bước đầu ${q(initial)} tới bước ${q(name)}; không hồ sơ nào vào bước này.`,
      en: `No path leads from the first state ${q(initial)} to ${q(name)}; no dossier can enter it.`,
    }),
  ),
  MC4004: defineCode<{ name: string }>(
    'error',
    { vi: 'Từ bước này không thể đi tới bước kết thúc.', en: 'State cannot reach a final state.' },
    ({ name }) => ({
      vi: `Từ bước ${q(name)} không có đường nào tới một bước kết thúc; hồ sơ vào đây sẽ bị kẹt.`,
      en: `No path leads from ${q(name)} to a final state; a dossier that enters it is stuck.`,
    }),
  ),
  MC4005: defineCode<{ name: string; transition: string }>(
    'error',
    { vi: 'Bước kết thúc có bước chuyển đi tiếp.', en: 'Final state with outgoing transitions.' },
    ({ name, transition }) => ({
      vi: `${q(name)} là bước kết thúc nên không có bước chuyển ${q(transition)}; bỏ \`final\` hoặc bỏ bước chuyển.`,
      en: `${q(name)} is final, so it cannot have the transition ${q(transition)}; drop \`final\` or the transition.`,
    }),
  ),
  MC4006: defineCode<{ name: string }>(
    'error',
    { vi: 'Bước xử lý chưa nêu vai trò chịu trách nhiệm (`by`).', en: 'State without a responsible role (`by`).' },
    ({ name }) => ({
      vi: `Bước ${q(name)} chưa nêu ai xử lý; thêm \`by citizen\`, \`by reception\`, \`by specialist\` hoặc \`by leader\`.`,
      en: `State ${q(name)} does not say who handles it; add \`by citizen\`, \`by reception\`, \`by specialist\` or \`by leader\`.`,
    }),
  ),
  MC4007: defineCode<Named>(
    'error',
    { vi: 'Bước chuyển tới một bước không có.', en: 'Transition to an unknown state.' },
    ({ name, suggestion }) => ({
      vi: `Quy trình không có bước ${q(name)}.${dym(suggestion).vi}`,
      en: `The workflow has no state ${q(name)}.${dym(suggestion).en}`,
    }),
  ),
  MC4008: defineCode<Named & { allowed: readonly string[] }>(
    'error',
    { vi: 'Thông tin nhập kèm bước chuyển (`with`) không có.', en: 'Unknown transition input (`with`).' },
    ({ name, allowed, suggestion }) => ({
      vi: `\`with\` không nhận ${q(name)}; cán bộ chỉ nhập được ${qs(allowed, 'hoặc')}.${dym(suggestion).vi}`,
      en: `\`with\` does not accept ${q(name)}; the inputs are ${qs(allowed, 'or')}.${dym(suggestion).en}`,
    }),
  ),
  MC4009: defineCode<Named & { allowed: readonly string[] }>(
    'error',
    { vi: 'Loại giấy tờ phát hành (`issue`) không có.', en: 'Unknown kind of issued paper (`issue`).' },
    ({ name, allowed, suggestion }) => ({
      vi: `\`issue\` không nhận ${q(name)}; chọn ${qs(allowed, 'hoặc')}.${dym(suggestion).vi}`,
      en: `\`issue\` does not accept ${q(name)}; use ${qs(allowed, 'or')}.${dym(suggestion).en}`,
    }),
  ),
  MC4010: defineCode<{ name: string; role: string }>(
    'warning',
    { vi: 'Bước do cán bộ xử lý lại dừng đồng hồ.', en: 'State handled by an officer pauses the clock.' },
    ({ name, role }) => ({
      vi: `Bước ${q(name)} do ${q(role)} xử lý nhưng có \`pauses clock\`; chỉ thời gian chờ người dân (bổ sung hồ sơ) mới không tính vào thời hạn.`,
      en: `State ${q(name)} is handled by ${q(role)} but has \`pauses clock\`; only time spent waiting for the citizen (supplements) should not count.`,
    }),
  ),
  MC4011: defineCode<{ name: string; state: string }>(
    'warning',
    {
      vi: 'Sau một kết quả, hồ sơ có thể kết thúc mà không được xếp loại đúng hạn.',
      en: 'After a result, the dossier can end without being classed early, on time or late.',
    },
    ({ name, state }) => ({
      vi: `Sau khi ${q(name)} cấp kết quả, từ bước ${q(state)} vẫn có thể cấp kết quả khác nên đây chưa phải kết quả cuối; nhưng hồ sơ cũng có thể kết thúc từ đó mà không cấp kết quả nào nữa, khi đó không được xếp loại trước hạn, đúng hạn hay trễ hạn (xếp loại theo kết quả cuối cùng).`,
      en: `After ${q(name)} issues a result, another may still follow from ${q(state)}, so it is not the last; but the dossier can also end from there without one, and would then never be classed early, on time or late (the class comes with the last result).`,
    }),
  ),

  // ------------------------------------------------------------------ MC5xxx deadlines
  MC5001: defineCode<{ path: readonly string[]; total: Localized; deadline: Localized }>(
    'warning',
    { vi: 'Tổng thời hạn các bước vượt thời hạn giải quyết.', en: 'Per-state SLAs exceed the total deadline.' },
    ({ path, total, deadline }) => ({
      vi: `Các bước ${path.map(q).join(' → ')} cộng lại ${total.vi}, dài hơn thời hạn ${deadline.vi} (quy đổi: 1 ngày làm việc = 8 giờ làm việc; 1 ngày lịch ≈ 5/7 ngày làm việc).`,
      en: `States ${path.map(q).join(' → ')} add up to ${total.en}, more than the deadline of ${deadline.en} (conversion: 1 working day = 8 working hours; 1 calendar day ≈ 5/7 working day).`,
    }),
  ),
  MC5002: defineCode<{ warn: Localized; deadline: Localized }>(
    'warning',
    { vi: 'Cảnh báo sắp hết hạn không ngắn hơn thời hạn.', en: 'Warning period is not shorter than the deadline.' },
    ({ warn, deadline }) => ({
      vi: `Cảnh báo trước ${warn.vi} không ngắn hơn thời hạn ${deadline.vi}, nên hồ sơ bị cảnh báo ngay khi bắt đầu.`,
      en: `Warning ${warn.en} before due is not shorter than the deadline of ${deadline.en}, so every dossier is flagged from the start.`,
    }),
  ),
  MC5003: defineCode<{ name: string }>(
    'warning',
    { vi: 'Thủ tục chưa có thời hạn giải quyết.', en: 'Procedure has no deadline.' },
    ({ name }) => ({
      vi: `Thủ tục ${q(name)} chưa có thời hạn giải quyết, ví dụ \`deadline 7 working days from complete\`; không tính được ngày hẹn trả và tỉ lệ đúng hạn.`,
      en: `Procedure ${q(name)} has no deadline, e.g. \`deadline 7 working days from complete\`; no due date or on-time rate can be computed.`,
    }),
  ),
  MC5004: defineCode(
    'error',
    { vi: 'Thời hạn tính từ khi nhận đủ hồ sơ nhưng không bước nào cấp giấy tiếp nhận.', en: 'Deadline counts from `complete` but no transition issues a receipt.' },
    () => ({
      vi: 'Thời hạn tính từ `complete` (khi cấp giấy tiếp nhận hồ sơ), nhưng không bước chuyển nào có `issue receipt`; đồng hồ sẽ không bao giờ chạy.',
      en: 'The deadline counts from `complete` (when the receipt is issued), but no transition has `issue receipt`; the clock would never start.',
    }),
  ),
  MC5005: defineCode<{ text: string; why: Localized }>(
    'error',
    { vi: 'Thời hạn tính theo ngày phải là số ngày nguyên, theo giờ phải là số phút nguyên.', en: 'Days must be whole; hours must come to whole minutes.' },
    ({ text, why }) => ({
      vi: `Thời hạn \`${text}\` không tính được: ${why.vi}`,
      en: `\`${text}\` cannot be counted: ${why.en}`,
    }),
  ),

  // ------------------------------------------------------------------ MC6xxx once-only
  MC6001: defineCode<{ field: string; from: string }>(
    'warning',
    { vi: `Người dân phải nhập lại dữ liệu Nhà nước đã có (${RES_66}).`, en: `Citizens must re-enter data the state already holds (${RES_66}).` },
    ({ field, from }) => ({
      vi: `Trường bắt buộc ${q(field)} có sẵn trong ${q(from)} (nguồn chính thống); theo ${RES_66} không bắt người dân nhập lại: thêm \`prefill from ${from} locked\`.`,
      en: `Required field ${q(field)} is held by ${q(from)} (an authoritative source); under ${RES_66} citizens must not re-enter it: add \`prefill from ${from} locked\`.`,
    }),
  ),
  MC6002: defineCode<{ doc: string; data: string }>(
    'warning',
    { vi: `Yêu cầu nộp giấy tờ chứng minh dữ liệu Nhà nước đã có (${RES_66}).`, en: `A document is required for data the state already holds (${RES_66}).` },
    ({ doc, data }) => ({
      vi: `Giấy tờ ${q(doc)} chứng minh ${q(data)}, dữ liệu đã có trong nguồn dữ liệu đã khai báo; theo ${RES_66} cần miễn nộp bằng \`waived when …\`.`,
      en: `Document ${q(doc)} proves ${q(data)}, which a declared data source already holds; under ${RES_66} waive it with \`waived when …\`.`,
    }),
  ),

  // ------------------------------------------------------------------ MC7xxx fees
  MC7001: defineCode<{ text: string; why: Localized }>(
    'warning',
    { vi: 'Điều kiện của dòng phí không bao giờ đúng.', en: 'Fee condition can never hold.' },
    ({ text, why }) => ({
      vi: `Điều kiện ${q(text)} không bao giờ đúng (${why.vi}), nên dòng này không bao giờ áp dụng.`,
      en: `Condition ${q(text)} can never hold (${why.en}), so this line never applies.`,
    }),
  ),
  MC7002: defineCode<{ text: string; line: number }>(
    'warning',
    { vi: 'Dòng mức phí bị một dòng không điều kiện phía sau che mất.', en: 'Amount line overridden by a later unconditional line.' },
    ({ text, line }) => ({
      vi: `Mức ${q(text)} không bao giờ được dùng: dòng \`amount\` không điều kiện ở dòng ${line} luôn áp dụng sau nó (dòng cuối cùng thỏa điều kiện được dùng).`,
      en: `Amount ${q(text)} is never used: the unconditional \`amount\` on line ${line} always applies after it (the last line whose condition holds wins).`,
    }),
  ),
  MC7003: defineCode<{ clause: string }>(
    'warning',
    { vi: 'Miễn hoặc giảm phí không nêu căn cứ pháp lý.', en: 'Exemption or discount without legal basis.' },
    ({ clause }) => ({
      vi: `Dòng ${q(clause)} chưa nêu căn cứ pháp lý; thêm \`basis "…"\` (văn bản quy định việc miễn, giảm).`,
      en: `This ${q(clause)} line has no legal basis; add \`basis "…"\` (the regulation that grants it).`,
    }),
  ),
  MC7004: defineCode<{ name: string }>(
    'warning',
    { vi: 'Khoản phí không có mức thu.', en: 'Fee without any amount.' },
    ({ name }) => ({
      vi: `Khoản phí ${q(name)} chưa có dòng \`amount\` nào, nên luôn bằng 0 ₫.`,
      en: `Fee ${q(name)} has no \`amount\` line, so it is always 0 ₫.`,
    }),
  ),
  MC7005: defineCode<{ text: string; previous: string }>(
    'warning',
    { vi: 'Các bậc phí không theo thứ tự tăng dần.', en: 'Fee tiers not in increasing order.' },
    ({ text, previous }) => ({
      vi: `Bậc ${q(text)} đứng sau bậc ${q(previous)}; các bậc phải tăng dần và \`above\` đứng cuối, vì bậc đầu tiên có mốc ≥ giá trị được chọn.`,
      en: `Tier ${q(text)} comes after ${q(previous)}; tiers must increase, with \`above\` last, because the first tier whose bound ≥ the value is chosen.`,
    }),
  ),
  MC7006: defineCode<Named & { state: boolean }>(
    'error',
    { vi: '`due before` không nêu một bước chuyển của quy trình.', en: '`due before` does not name a workflow transition.' },
    ({ name, state, suggestion }) => ({
      vi: `${state ? `${q(name)} là một bước, không phải bước chuyển` : `Quy trình không có bước chuyển ${q(name)}`}; phí phải nộp trước một bước chuyển (ví dụ \`due before accept\`).${dym(suggestion).vi}`,
      en: `${state ? `${q(name)} is a state, not a transition` : `The workflow has no transition ${q(name)}`}; a fee is due before a transition (e.g. \`due before accept\`).${dym(suggestion).en}`,
    }),
  ),

  // ------------------------------------------------------------------ MC8xxx scenarios
  MC8001: defineCode<Named>(
    'error',
    { vi: 'Kịch bản nêu dữ liệu không có trong thủ tục.', en: 'Scenario names an unknown input or field.' },
    ({ name, suggestion }) => ({
      vi: `${q(name)} không phải \`channel\`, \`citizen\`, \`missing\`, \`paid\` hay một trường của biểu mẫu.${dym(suggestion).vi}`,
      en: `${q(name)} is not \`channel\`, \`citizen\`, \`missing\`, \`paid\` or a form field.${dym(suggestion).en}`,
    }),
  ),
  MC8002: defineCode<{ key: string; text: string; expected: Localized; suggestion?: string | undefined }>(
    'error',
    { vi: 'Giá trị cho sẵn trong kịch bản sai kiểu.', en: 'Scenario input of the wrong type.' },
    ({ key, text, expected, suggestion }) => ({
      vi: `${q(key)} cần ${expected.vi}, nhưng được cho ${q(text)}.${dym(suggestion).vi}`,
      en: `${q(key)} needs ${expected.en}, but is given ${q(text)}.${dym(suggestion).en}`,
    }),
  ),
  MC8003: defineCode<Named>(
    'error',
    { vi: 'Kịch bản thực hiện một bước chuyển không có.', en: 'Scenario performs an unknown transition.' },
    ({ name, suggestion }) => ({
      vi: `Quy trình không có bước chuyển ${q(name)}.${dym(suggestion).vi}`,
      en: `The workflow has no transition ${q(name)}.${dym(suggestion).en}`,
    }),
  ),
  MC8004: defineCode<Named>(
    'error',
    { vi: 'Kịch bản nêu giấy tờ không có.', en: 'Scenario names an unknown document.' },
    ({ name, suggestion }) => ({
      vi: `Thủ tục không có giấy tờ ${q(name)}.${dym(suggestion).vi}`,
      en: `The procedure has no document ${q(name)}.${dym(suggestion).en}`,
    }),
  ),
  MC8005: defineCode<Named>(
    'error',
    { vi: 'Kịch bản nêu khoản phí không có.', en: 'Scenario names an unknown fee.' },
    ({ name, suggestion }) => ({
      vi: `Thủ tục không có khoản phí ${q(name)}.${dym(suggestion).vi}`,
      en: `The procedure has no fee ${q(name)}.${dym(suggestion).en}`,
    }),
  ),
  MC8006: defineCode<Named>(
    'error',
    { vi: 'Kịch bản chờ một bước không có.', en: 'Scenario expects an unknown state.' },
    ({ name, suggestion }) => ({
      vi: `Quy trình không có bước ${q(name)}.${dym(suggestion).vi}`,
      en: `The workflow has no state ${q(name)}.${dym(suggestion).en}`,
    }),
  ),
  MC8007: defineCode<Named>(
    'error',
    { vi: 'Kết quả xử lý đúng/trễ hạn không có.', en: 'Unknown outcome.' },
    ({ name, suggestion }) => ({
      vi: `Không có kết quả ${q(name)}; chọn \`early\` (trước hạn), \`on_time\` (đúng hạn) hoặc \`late\` (trễ hạn).${dym(suggestion).vi}`,
      en: `There is no outcome ${q(name)}; use \`early\`, \`on_time\` or \`late\`.${dym(suggestion).en}`,
    }),
  ),
  MC8008: defineCode<Named>(
    'error',
    { vi: 'Kịch bản kiểm tra một điều không có.', en: 'Unknown kind of expectation.' },
    ({ name, suggestion }) => ({
      vi: `\`expect\` không kiểm tra được ${q(name)}; chọn \`fee\`, \`documents\`, \`due\`, \`state\`, \`outcome\` hoặc \`field\`.${dym(suggestion).vi}`,
      en: `\`expect\` cannot check ${q(name)}; use \`fee\`, \`documents\`, \`due\`, \`state\`, \`outcome\` or \`field\`.${dym(suggestion).en}`,
    }),
  ),
  MC8009: defineCode<{ what: string; text: string; expected: Localized }>(
    'error',
    { vi: 'Giá trị mong đợi trong kịch bản sai kiểu.', en: 'Scenario expectation of the wrong type.' },
    ({ what, text, expected }) => ({
      vi: `\`expect ${what}\` cần ${expected.vi}, nhưng ghi ${q(text)}.`,
      en: `\`expect ${what}\` needs ${expected.en}, but is given ${q(text)}.`,
    }),
  ),
  MC8010: defineCode<{ at: string; to: string }>(
    'error',
    { vi: 'Ngày hẹn mới của bước gia hạn không sau thời điểm gửi thư xin lỗi.', en: 'The new date of an extension step is not after the time it is sent.' },
    ({ at, to }) => ({
      vi: `Ngày hẹn trả kết quả mới ${q(to)} phải sau thời điểm gửi thư xin lỗi ${q(at)} (viết \`at ${at} extend to <ngày hẹn mới> "lý do"\`).`,
      en: `The new return date ${q(to)} must be after the time the apology letter is sent, ${q(at)} (write \`at ${at} extend to <new date> "reason"\`).`,
    }),
  ),
  MC8011: defineCode<Record<string, never>>(
    'error',
    { vi: 'Bước gia hạn không nêu lý do.', en: 'An extension step gives no reason.' },
    () => ({
      vi: 'Thư xin lỗi, hẹn lại ngày trả kết quả phải nêu lý do, ví dụ `"Chờ kết quả xác minh của cơ quan khác"`.',
      en: 'The apology letter that resets the return date must give a reason, e.g. `"Chờ kết quả xác minh của cơ quan khác"`.',
    }),
  ),
};

registerCodes(codes);

export type CheckCode = keyof typeof codes;
type ArgsOf<C extends CheckCode> = Parameters<(typeof codes)[C]['message']>[0];

/** Collects the diagnostics of one file. */
export type Sink = Diagnostic[];

export function report<C extends CheckCode>(out: Sink | undefined, code: C, span: Span, args: ArgsOf<C>, fixes?: readonly Fix[]): void {
  if (out) out.push(diagnostic(code, span, args, fixes));
}

/** The quick fix that replaces a misspelt name with the one the designer probably meant. */
export function renameFix(span: Span, to: string | undefined): Fix[] {
  return to ? [{ title: { vi: `Đổi thành \`${to}\``, en: `Change to \`${to}\`` }, span, replacement: to }] : [];
}

export const checkCodes: readonly string[] = Object.keys(codes);
