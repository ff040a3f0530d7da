// English companions (`"Nhãn" en "Label"`). Once a file gives English for one text, every
// other text of its declarations without English is pointed out (MC2016), so that a designer
// who has started translating sees what is left; a file without English gets nothing. An
// English text that is empty or only spaces is an error (MC2017): pages in English would show
// a blank where the Vietnamese text should have been.
import type * as A from '../ast.ts';
import type { Localized } from '../diagnostics.ts';
import { report } from './catalog.ts';
import type { FileCx } from './names.ts';

/** One text shown to people: the Vietnamese as written, its English companion if any, and what it is. */
export interface Text {
  readonly vi?: A.StringLit | undefined;
  readonly en?: A.StringLit | undefined;
  readonly what: Localized;
}

const q = (s: string) => `\`${s}\``;
const label = (vi: string, en: string, name: string): Localized => ({ vi: `Nhãn của ${vi} ${q(name)}`, en: `The label of ${en} ${q(name)}` });
const help = (vi: string, en: string, name: string): Localized => ({ vi: `Hướng dẫn của ${vi} ${q(name)}`, en: `The help of ${en} ${q(name)}` });

function typeTexts(out: Text[], type: A.TypeRef, owner: string): void {
  for (const o of type.options) {
    out.push({ vi: o.label, en: o.labelEn, what: { vi: `Nhãn của lựa chọn ${q(o.name.text)} (trường ${q(owner)})`, en: `The label of option ${q(o.name.text)} (field ${q(owner)})` } });
  }
}

function formTexts(out: Text[], items: readonly A.FormItem[], prefix = ''): void {
  for (const it of items) {
    if (!it) continue;
    const path = `${prefix}${it.name.text}`;
    if (it.kind === 'Group') {
      out.push({ vi: it.label, en: it.labelEn, what: label('nhóm', 'group', path) });
      formTexts(out, it.fields, `${path}.`);
      continue;
    }
    out.push({ vi: it.label, en: it.labelEn, what: label('trường', 'field', path) });
    typeTexts(out, it.type, path);
    for (const c of it.clauses) if (c.kind === 'Help') out.push({ vi: c.text, en: c.textEn, what: help('trường', 'field', path) });
  }
}

function procedureTexts(out: Text[], p: A.ProcedureDecl): void {
  for (const item of p.items) {
    switch (item.kind) {
      case 'Meta':
        if (item.key === 'title') out.push({ vi: item.strings[0], en: item.titleEn, what: { vi: `Tên thủ tục ${q(p.name.text)}`, en: `The title of procedure ${q(p.name.text)}` } });
        break;
      case 'Form':
        formTexts(out, item.items);
        break;
      case 'Documents':
        for (const d of item.docs) {
          out.push({ vi: d.label, en: d.labelEn, what: label('giấy tờ', 'document', d.name.text) });
          for (const c of d.clauses) if (c.kind === 'Help') out.push({ vi: c.text, en: c.textEn, what: help('giấy tờ', 'document', d.name.text) });
        }
        break;
      case 'Fee':
        out.push({ vi: item.label, en: item.labelEn, what: label('khoản phí', 'fee', item.name.text) });
        for (const f of item.items) {
          if (f.kind === 'Exempt') out.push({ vi: f.label, en: f.labelEn, what: { vi: `Nhãn của trường hợp miễn phí ${q(item.name.text)}`, en: `The label of an exemption from fee ${q(item.name.text)}` } });
        }
        break;
      case 'Workflow':
        for (const s of item.states) {
          out.push({ vi: s.label, en: s.labelEn, what: label('bước', 'state', s.name.text) });
          for (const t of s.transitions) {
            out.push({ vi: t.label, en: t.labelEn, what: label('bước chuyển', 'transition', t.name.text) });
            for (const c of t.clauses) {
              if (c.kind === 'Notify') {
                out.push({ vi: c.message, en: c.messageEn, what: { vi: `Nội dung thông báo của bước chuyển ${q(t.name.text)}`, en: `The notification of transition ${q(t.name.text)}` } });
              }
            }
          }
        }
        break;
      case 'Result':
        out.push({ vi: item.label, en: item.labelEn, what: label('kết quả', 'result', item.name.text) });
        for (const r of item.items) if (r.kind === 'Help') out.push({ vi: r.text, en: r.textEn, what: help('kết quả', 'result', item.name.text) });
        break;
      case 'Scenario':
        out.push({ vi: item.label, en: item.labelEn, what: label('kịch bản', 'scenario', item.name.text) });
        break;
      default:
        break;
    }
  }
}

/** Every text of a declaration that may have an English companion, written or not. */
export function textsOf(decl: A.Declaration): Text[] {
  const out: Text[] = [];
  switch (decl.kind) {
    case 'Procedure':
      procedureTexts(out, decl);
      break;
    case 'Fragment':
      out.push({ vi: decl.label, en: decl.labelEn, what: label('khối dùng chung', 'fragment', decl.name.text) });
      formTexts(out, decl.fields);
      break;
    case 'Source':
      out.push({ vi: decl.label, en: decl.labelEn, what: label('nguồn dữ liệu', 'data source', decl.name.text) });
      for (const it of decl.items) {
        if (it.kind === 'SourceField') {
          out.push({ vi: it.label, en: it.labelEn, what: label('trường của nguồn', 'source field', `${decl.name.text}.${it.name.text}`) });
          typeTexts(out, it.type, `${decl.name.text}.${it.name.text}`);
        } else if (it.kind === 'Key') typeTexts(out, it.type, `${decl.name.text}.${it.name.text}`);
      }
      break;
    case 'Agency':
      out.push({ vi: decl.label, en: decl.labelEn, what: label('cơ quan', 'agency', decl.name.text) });
      break;
  }
  return out;
}

const blank = (s: A.StringLit | undefined) => s !== undefined && s.value.trim() === '';

/** MC2016 and MC2017 for every declaration of the file. */
export function checkEnglish(cx: FileCx): void {
  const texts = cx.file.ast.declarations.flatMap(textsOf);
  for (const t of texts) if (blank(t.en)) report(cx.out, 'MC2017', t.en!.span, { what: t.what });
  if (!texts.some((t) => t.en && !blank(t.en))) return;
  for (const t of texts) {
    if (t.vi && !t.en && t.vi.value.trim() !== '') report(cx.out, 'MC2016', t.vi.span, { what: t.what, text: t.vi.value });
  }
}
