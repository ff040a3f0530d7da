import { format } from '@motcua/dsl';
import { describe, expect, it } from 'vitest';
import type { CodeAction, FromWorker, HoverResult, Location, Method, OutlineItem, TextEdit } from '../protocol.ts';
import { services } from './services.ts';
import { LanguageSession } from './session.ts';

const AGENCIES = `agency ubnd_xa "Ủy ban nhân dân xã" {
  unit "000.00.31.H40"
  level commune
}
`;
const PROCEDURE = `procedure demo {
  code "9.000100"
  version 1
  title "Thủ tục thử"
  agency ubnd_xa
  deadline 5 working days from submission

  workflow {
    state draft "Soạn hồ sơ" by citizen { submit -> done }
    final done "Xong"
  }
}
`;

function session() {
  const out: FromWorker[] = [];
  const s = new LanguageSession((m) => out.push(m), services, () => () => {});
  s.handle({ type: 'init', files: [{ path: 'common/agencies.proc', text: AGENCIES, version: 1 }, { path: 'demo.proc', text: PROCEDURE, version: 1 }] });
  const ask = (method: Method, params: unknown, path = 'demo.proc') => {
    s.handle({ type: 'request', id: out.length + 1, method, path, version: 1, params });
    const r = out.at(-1) as Extract<FromWorker, { type: 'response' }>;
    expect(r.outcome).toBe('ok');
    return r.result;
  };
  return { ask };
}

describe('the worker answers with the dsl language services', () => {
  it('goes from a transition target to the state it names, across the workspace', () => {
    const { ask } = session();
    const at = PROCEDURE.indexOf('-> done') + 4;
    const d = ask('definition', { offset: at }) as Location;
    expect(d.path).toBe('demo.proc');
    expect(PROCEDURE.slice(d.start, d.end)).toBe('done');
    expect(d.start).toBe(PROCEDURE.indexOf('final done') + 6);
    const agency = ask('definition', { offset: PROCEDURE.indexOf('ubnd_xa') + 1 }) as Location;
    expect(agency.path).toBe('common/agencies.proc');
  });

  it('titles quick fixes in both languages, for the page to show in its own', () => {
    const out: FromWorker[] = [];
    const s = new LanguageSession((m) => out.push(m), services, () => () => {});
    const text = PROCEDURE.replace('  workflow {', '  form {\n    field note "Ghi chú": text requird\n  }\n\n  workflow {');
    s.handle({ type: 'init', files: [{ path: 'common/agencies.proc', text: AGENCIES, version: 1 }, { path: 'demo.proc', text, version: 1 }] });
    const at = text.indexOf('requird') + 2;
    s.handle({ type: 'request', id: 1, method: 'codeActions', path: 'demo.proc', version: 1, params: { start: at, end: at } });
    const actions = (out.at(-1) as Extract<FromWorker, { type: 'response' }>).result as CodeAction[];
    expect(actions.map((a) => a.title)).toEqual([{ vi: 'Sửa thành «required»', en: 'Change to «required»' }]);
  });

  it('words rename refusals, hovers and completion details in the language the request asks for (Vietnamese without one)', () => {
    const { ask } = session();
    const at = PROCEDURE.indexOf('by citizen') + 5;
    expect(ask('rename', { offset: at, newName: 'applicant' })).toEqual({ error: '«citizen» là tên có sẵn của ngôn ngữ, không đổi được.' });
    expect(ask('rename', { offset: at, newName: 'applicant', lang: 'en' })).toEqual({ error: '«citizen» is a built-in name of the language and cannot be renamed.' });
    expect((ask('hover', { offset: at, lang: 'en' }) as HoverResult).markdown).toMatch(/^`citizen` — Role — /);
    expect((ask('hover', { offset: at }) as HoverResult).markdown).toMatch(/^`citizen` — Vai trò — /);
  });

  it('outlines the procedure with its states', () => {
    const { ask } = session();
    const items = ask('outline', {}) as OutlineItem[];
    const flat = (xs: readonly OutlineItem[]): string[] => xs.flatMap((x) => [x.name, ...flat(x.children)]);
    expect(flat(items)).toEqual(expect.arrayContaining(['demo', 'draft', 'done']));
  });

  it('formats the document into the canonical layout as edits for this file', () => {
    const out: FromWorker[] = [];
    const s = new LanguageSession((m) => out.push(m), services, () => () => {});
    const messy = PROCEDURE.replace('  code "9.000100"', 'code    "9.000100"');
    s.handle({ type: 'init', files: [{ path: 'demo.proc', text: messy, version: 1 }] });
    s.handle({ type: 'request', id: 1, method: 'format', path: 'demo.proc', version: 1, params: {} });
    const edits = (out[0] as Extract<FromWorker, { type: 'response' }>).result as TextEdit[];
    let text = messy;
    for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    expect(text).toBe(format(messy).text);
    expect(text).toContain('\n  code "9.000100"\n');
    expect(edits.every((e) => e.path === 'demo.proc')).toBe(true);
  });
});
