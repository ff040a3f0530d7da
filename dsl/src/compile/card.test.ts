import { describe, expect, it } from 'vitest';
import { fixtureWorkspace, minimalProcedure } from './__fixtures__/workspace.ts';
import { onChannel, toCard } from './card.ts';
import { compileProcedure } from './ir-compiler.ts';
import type { IRExpr } from './ir.ts';

function card(name: string, extra: Record<string, string> = {}): string {
  const { ir, diagnostics } = compileProcedure(fixtureWorkspace(extra), name);
  if (!ir) throw new Error(JSON.stringify(diagnostics.map((d) => d.message.en)));
  return toCard(ir);
}

/** The body of one `## ` section. */
function section(md: string, title: string): string {
  const start = md.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`no section ${title}`);
  const rest = md.slice(start + title.length + 5);
  const end = rest.indexOf('\n## ');
  return (end < 0 ? rest : rest.slice(0, end)).trim();
}

const minimal = (body: string) =>
  minimalProcedure(`${body}
  workflow {
    state draft by citizen { submit -> done }
    final done
  }`);

describe('toCard', () => {
  const residence = card('dang_ky_thuong_tru');
  const permit = card('cap_phep_xay_dung');

  it("has the portal's sections in the portal's order", () => {
    const headings = residence.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
    expect(headings).toEqual([
      'Trình tự thực hiện',
      'Cách thức thực hiện',
      'Thành phần hồ sơ',
      'Thời hạn giải quyết',
      'Đối tượng thực hiện',
      'Cơ quan thực hiện',
      'Kết quả thực hiện',
      'Lệ phí',
      'Căn cứ pháp lý',
    ]);
  });

  it('opens with the title, code, agency by its declared name, and level', () => {
    expect(residence.split('\n').slice(0, 8)).toEqual([
      '# Đăng ký thường trú',
      '',
      '- **Mã thủ tục:** 1.004222',
      '- **Phiên bản:** 3',
      '- **Cơ quan thực hiện:** Công an xã',
      '- **Cấp thực hiện:** Cấp xã',
      '- **Mức độ dịch vụ công trực tuyến:** Toàn trình',
      '- **Hiệu lực:** từ ngày 01/01/2024',
    ]);
  });

  it('numbers the steps with who does them and their SLA', () => {
    const steps = section(residence, 'Trình tự thực hiện');
    expect(steps).toContain('2. **Tiếp nhận hồ sơ** — Bộ phận tiếp nhận và trả kết quả, Công an xã; thời hạn 04 giờ làm việc.');
    expect(steps).toContain('   - Tiếp nhận hồ sơ: chuyển sang bước “Xử lý hồ sơ”; cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả.');
    expect(steps).toContain('3. **Chờ bổ sung hồ sơ** — Tổ chức, cá nhân; thời gian ở bước này không tính vào thời hạn giải quyết.');
  });

  it('gives the fee and the deadline of each channel', () => {
    const ways = section(residence, 'Cách thức thực hiện');
    expect(ways).toContain('| Trực tuyến | 07 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ | Lệ phí đăng ký cư trú: 10.000 đồng (có trường hợp được miễn, xem mục Lệ phí) |');
    expect(ways).toContain('| Trực tiếp | 07 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ | Lệ phí đăng ký cư trú: 20.000 đồng (có trường hợp được miễn, xem mục Lệ phí) |');
  });

  it('applies the largest channel discount, then the cap, to a fixed fee', () => {
    const ways = section(permit, 'Cách thức thực hiện');
    expect(ways).toContain('Lệ phí cấp giấy phép xây dựng: 45.000 đồng (đã giảm 40%)');
    expect(ways).toContain('Lệ phí cấp giấy phép xây dựng: 60.000 đồng (đã giảm 20%)');
    expect(ways).toContain('Lệ phí cấp giấy phép xây dựng: 75.000 đồng; theo');
  });

  it('rounds a discounted fee half up to whole đồng', () => {
    const md = card('minimal', { 'test/minimal.proc': minimal('  fee f "Phí" { amount 12_345 VND discount 50% when channel == online basis "X" }') });
    expect(section(md, 'Cách thức thực hiện')).toContain('| Trực tuyến | Không quy định | Phí: 6.173 đồng (đã giảm 50%) |');
  });

  it('lists documents with their form, copies, when required and when waived', () => {
    const docs = section(residence, 'Thành phần hồ sơ');
    expect(docs).toContain('| Tờ khai thay đổi thông tin cư trú (CT01) | Tạo tự động từ tờ khai | 01 bản | Bắt buộc | — |');
    expect(docs).toContain(
      '| Giấy tờ chứng minh chỗ ở hợp pháp | — | 01 bản | Bắt buộc | Số định danh của chủ sử dụng đất trong Cơ sở dữ liệu quốc gia về đất đai (tra theo Địa chỉ đăng ký thường trú) trùng với Số định danh cá nhân (Người nộp hồ sơ) |',
    );
    const permitDocs = section(permit, 'Thành phần hồ sơ');
    expect(permitDocs).toContain('| Bản vẽ thiết kế xây dựng (tệp pdf; tối đa 20 MB; có chữ ký số) | Bản chính | 02 bản | Bắt buộc | — |');
    expect(permitDocs).toContain('| Khi Công trình trong khu vực bảo tồn |');
  });

  it('keeps a table intact when a label contains a vertical bar', () => {
    const md = card('minimal', { 'test/minimal.proc': minimal('  documents { doc d "Tờ khai | mẫu 01" }') });
    expect(section(md, 'Thành phần hồ sơ')).toContain('| Tờ khai \\| mẫu 01 | — | 01 bản | Bắt buộc | — |');
  });

  it('states the deadline in words, calendar days with the Civil Code rule, and the one extension', () => {
    expect(section(residence, 'Thời hạn giải quyết')).toBe('07 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.');
    const d = section(permit, 'Thời hạn giải quyết');
    expect(d).toContain('15 ngày kể từ ngày nộp hồ sơ (Luật Xây dựng 50/2014/QH13, Điều 102). Thời hạn tính theo ngày dương lịch');
    expect(d).toContain('được gia hạn một lần, tối đa 10 ngày làm việc');
  });

  it('names the audience, the agencies and the results', () => {
    expect(section(permit, 'Đối tượng thực hiện')).toBe('- Hộ gia đình, cá nhân');
    expect(section(permit, 'Cơ quan thực hiện')).toBe(
      '- Cơ quan thực hiện: Ủy ban nhân dân xã (mã đơn vị 000.00.31.H40)\n- Cơ quan phối hợp: Phòng Kinh tế, Hạ tầng và Đô thị (mã đơn vị 000.20.10.H40)',
    );
    expect(section(residence, 'Kết quả thực hiện')).toBe(
      '- Thông báo kết quả đăng ký thường trú\n  - Cập nhật “Nơi thường trú” vào Kho kết quả: cư trú.',
    );
  });

  it('lists each fee line with its amount in đồng, conditions in words, exemptions and basis', () => {
    expect(section(residence, 'Lệ phí')).toBe(
      [
        '**Lệ phí đăng ký cư trú**',
        '',
        '- 20.000 đồng.',
        '- 10.000 đồng khi nộp trực tuyến (Thông tư 75/2022/TT-BTC).',
        '- Miễn khi Diện chính sách (Người nộp hồ sơ) là “Người có công với cách mạng” hoặc “Hộ nghèo” (Thông tư 75/2022/TT-BTC).',
        '- Thời điểm nộp: trước bước “Tiếp nhận hồ sơ”.',
      ].join('\n'),
    );
    const fees = section(permit, 'Lệ phí');
    expect(fees).toContain('- Theo Tổng diện tích sàn (m²) (đến 100: 100.000 đồng; đến 500: 200.000 đồng; trên mức đó: 200.000 đồng + 500 đồng × (giá trị tính phí − 500)) khi Loại công trình là “Xây dựng mới” (áp dụng từ ngày 01/07/2025).');
    expect(fees).toContain('- Các mức giảm không cộng dồn; áp dụng mức giảm cao nhất.');
    expect(fees).toContain('- 5.000 đồng × Số bản sao giấy phép.');
  });

  it('gathers the legal basis of the procedure and of its rules, each once', () => {
    const basis = section(permit, 'Căn cứ pháp lý').split('\n');
    expect(basis.slice(0, 2)).toEqual(['- Luật Xây dựng 50/2014/QH13', '- Nghị định 175/2024/NĐ-CP']);
    expect(basis).toContain('- Nghị quyết 66.7/2025/NQ-CP');
    expect(new Set(basis).size).toBe(basis.length);
  });
});

describe('onChannel', () => {
  const channel: IRExpr = { kind: 'ref', scope: 'builtin', path: ['channel'] };
  const is = (v: string): IRExpr => ({ kind: 'binary', op: '==', left: channel, right: { kind: 'lit', type: 'name', value: v } });
  const other: IRExpr = { kind: 'ref', scope: 'form', path: ['area'] };

  it('decides what depends only on the channel, and nothing else', () => {
    expect(onChannel(is('online'), 'online')).toBe(true);
    expect(onChannel(is('online'), 'postal')).toBe(false);
    expect(onChannel({ kind: 'unary', op: 'not', operand: is('online') }, 'postal')).toBe(true);
    expect(onChannel({ kind: 'binary', op: 'and', left: is('online'), right: other }, 'postal')).toBe(false);
    expect(onChannel({ kind: 'binary', op: 'and', left: is('online'), right: other }, 'online')).toBeUndefined();
    expect(onChannel({ kind: 'binary', op: 'or', left: is('online'), right: other }, 'online')).toBe(true);
    expect(onChannel({ kind: 'in', negated: true, value: channel, list: { kind: 'list', items: [{ kind: 'lit', type: 'name', value: 'postal' }] } }, 'online')).toBe(true);
  });
});
