// Test support: the permanent residence registration with English companions of some of its
// texts, given to its compiled IR as a procedure file will give them (`en "…"` after the
// Vietnamese). A few texts keep no English on purpose — the relation field and its options, the
// lease, the refusal state, the submit action — so a panel in English is seen to fall back to
// the Vietnamese for them rather than show nothing.
import { resolve } from 'node:path';
import { compileProcedure, type ProcedureIR } from '@motcua/dsl';
import { loadWorkspace } from '@motcua/dsl/node';
import { withEnglish } from '@motcua/dsl/testing';

export const LIBRARY = resolve(import.meta.dirname, '../../../procedures');

/** English of Vietnamese texts of the procedure, whatever carries them (a label, a help, the title). */
export const ENGLISH: Readonly<Record<string, string>> = {
  'Đăng ký thường trú': 'Permanent residence registration',
  'Thông tin người nộp hồ sơ': 'Applicant',
  'Họ, chữ đệm và tên': 'Full name',
  'Cơ sở dữ liệu quốc gia về dân cư': 'National population database',
  'Địa chỉ đăng ký thường trú': 'Address to register',
  'Căn cứ đăng ký thường trú': 'Grounds for the registration',
  'Chỗ ở hợp pháp thuộc quyền sở hữu của mình': 'A lawful home I own',
  'Thuê, mượn, ở nhờ chỗ ở hợp pháp': 'Renting, borrowing or staying in a lawful home',
  'Luật Cư trú 2020, Điều 20 khoản 1, 2, 3.': 'Residence Law 2020, Article 20(1), (2), (3).',
  'Chủ hộ, chủ sở hữu chỗ ở đồng ý cho đăng ký thường trú': 'The head of household or owner agrees',
  'Tờ khai thay đổi thông tin cư trú (mẫu CT01)': 'Residence information change form (CT01)',
  'Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp': 'Proof of a lawful home',
  'Lệ phí đăng ký thường trú': 'Permanent residence registration fee',
  'Công dân thuộc hộ nghèo': 'Citizens of poor households',
  'Tiếp nhận, cấp phiếu hẹn': 'Accept and give the appointment slip',
  'Chờ tiếp nhận': 'Awaiting reception',
  'Thẩm định hồ sơ': 'Review of the dossier',
  'Đề xuất đăng ký': 'Propose the registration',
  'Đã đăng ký thường trú': 'Permanent residence registered',
  'Công an cấp xã': 'Commune police',
  'Nộp trực tiếp, thuê nhà': 'In person, renting',
};

/** The residence registration compiled from the library, with the English above. */
export function residenceInEnglish(): ProcedureIR {
  const ws = loadWorkspace(LIBRARY);
  const { ir } = compileProcedure(ws, 'dang_ky_thuong_tru');
  if (!ir) throw new Error('dang_ky_thuong_tru does not compile');
  return withEnglish(ir, ENGLISH);
}
