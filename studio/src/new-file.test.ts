import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile, compileProcedure, format } from '@motcua/dsl';
import { loadWorkspace } from '@motcua/dsl/node';
import { checkNewPath, newProcedureText } from './new-file.ts';
import { changesSince } from './worker/preview.ts';

const LIBRARY = join(import.meta.dirname, '..', '..', 'procedures');

describe('a new procedure file', () => {
  const existing = ['cu_tru/dang_ky_thuong_tru.proc', 'common/applicant.proc'];

  it('takes a library path in unaccented lowercase, adding .proc when left out', () => {
    expect(checkNewPath('ho_tich/nhan_cha_me_con', existing)).toEqual({ path: 'ho_tich/nhan_cha_me_con.proc' });
    expect(checkNewPath('  thu_tuc_moi.proc ', existing)).toEqual({ path: 'thu_tuc_moi.proc' });
    expect(checkNewPath('ho_tich\\khai_sinh_2', existing)).toEqual({ path: 'ho_tich/khai_sinh_2.proc' });
  });

  it('refuses what the library or the server would not take, saying why in both languages', () => {
    const refused = (input: string) => {
      const r = checkNewPath(input, existing);
      return 'error' in r ? r.error : undefined;
    };
    expect(refused('')?.vi).toContain('Chưa nhập');
    expect(refused('cu_tru/dang_ky_thuong_tru')?.vi).toBe('Đã có tệp cu_tru/dang_ky_thuong_tru.proc.');
    for (const bad of ['hộ_tịch/khai_sinh', '../khai_sinh', '/etc/x', 'cu_tru//x', 'cu_tru/Khai Sinh', 'cu_tru/2x', 'x.txt']) {
      expect(refused(bad)?.vi, bad).toContain('không dùng được');
      expect(refused(bad)?.en, bad).toContain('will not do');
    }
  });

  it('starts with a procedure named after the file that compiles in the library without a problem', () => {
    const path = 'thu_nghiem/thu_tuc_moi.proc';
    const ws = loadWorkspace(LIBRARY).withFile(path, newProcedureText(path, '2026-11-22'));
    expect(checkFile(ws, path)).toEqual([]);
    const { ir } = compileProcedure(ws, 'thu_tuc_moi');
    expect(ir?.workflow.states.map((s) => s.id)).toEqual(['draft', 'submitted', 'processing', 'done']);
    // As the reviewer will read it (the studio's Changes tab): a new procedure, nothing to refuse.
    const changes = changesSince('', ws.file(path));
    expect(changes.changed).toBe(true);
    expect(changes.vi).toContain('Thủ tục thu_tuc_moi (mới)');
    expect(changes.vi).not.toMatch(/^\s*(error|warning) MC/m);
    expect(changes.en).not.toMatch(/^\s*(error|warning) MC/m);
  });

  it('shows how each text is given its English companion, which the procedure compiles into', () => {
    const path = 'thu_nghiem/thu_tuc_moi.proc';
    const text = newProcedureText(path, '2026-11-22');
    expect(text).toContain('  title "Tên thủ tục" en "Procedure name"\n');
    // Clean for the checker: no text is left without English in a file that gives English (MC2016).
    const ws = loadWorkspace(LIBRARY).withFile(path, text);
    expect(checkFile(ws, path)).toEqual([]);
    const { ir } = compileProcedure(ws, 'thu_tuc_moi');
    expect([ir?.title, ir?.titleEn]).toEqual(['Tên thủ tục', 'Procedure name']);
    expect(ir?.form.fields.map((f) => f.labelEn)).toEqual(['Reason']);
    expect(ir?.workflow.states.map((s) => [s.labelEn, ...s.transitions.map((t) => t.labelEn)])).toEqual([
      ['Drafting', 'Submit'],
      ['Awaiting reception', 'Accept'],
      ['Processing', 'Approve'],
      ['Done'],
    ]);
    // The companions stay where they are written when the file is formatted.
    const formatted = format(text).text.split('\n');
    expect(formatted).toContain('  title "Tên thủ tục" en "Procedure name"');
    expect(formatted).toContain('    field ly_do "Lý do" en "Reason": text required');
  });
});
