// The colouring as Monaco draws it: the studio's Monarch definition compiled and run by Monaco's
// own Monarch tokenizer (no DOM needed), with the keywords the language worker sends.
import { keywordList } from '@motcua/dsl';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_ID, monarchLanguage } from './monarch.ts';

interface LineState {
  readonly stack: { readonly depth: number };
}
interface Tokenizer {
  getInitialState(): LineState;
  tokenize(line: string, hasEOL: boolean, state: LineState): { tokens: { offset: number; type: string }[]; endState: LineState };
}

// Monaco's Monarch modules have no type declarations of their own: imported by a path held in a variable.
const MONARCH = 'monaco-editor/editor/standalone/common/monarch';
const { compile } = (await import(/* @vite-ignore */ `${MONARCH}/monarchCompile.js`)) as { compile(id: string, def: unknown): unknown };
const { MonarchTokenizer } = (await import(/* @vite-ignore */ `${MONARCH}/monarchLexer.js`)) as {
  MonarchTokenizer: new (languages: unknown, themes: unknown, id: string, lexer: unknown, configuration: unknown) => Tokenizer;
};
const configuration = { getValue: () => 20_000, onDidChangeConfiguration: () => ({ dispose() {} }) };
const tokenizer = new MonarchTokenizer({}, {}, LANGUAGE_ID, compile(LANGUAGE_ID, monarchLanguage(keywordList)), configuration);

/** Each token of the lines as [text, type without the language suffix], whitespace left out; and the last line's end state. */
function tokens(...lines: string[]): { list: [string, string][]; end: LineState } {
  let state = tokenizer.getInitialState();
  const list: [string, string][] = [];
  for (const line of lines) {
    const r = tokenizer.tokenize(line, true, state);
    r.tokens.forEach((t, i) => {
      const text = line.slice(t.offset, r.tokens[i + 1]?.offset ?? line.length);
      if (text.trim()) list.push([text, t.type.replace(`.${LANGUAGE_ID}`, '')]);
    });
    state = r.endState;
  }
  return { list, end: state };
}
const typeOf = (list: [string, string][], text: string, nth = 0) => list.filter(([t]) => t === text)[nth]?.[1];

describe('colouring the English companion of a text', () => {
  it('colours `en` after a string as a keyword, the strings on both sides as strings', () => {
    const { list } = tokens('  title "Đăng ký thường trú" en "Permanent residence registration"');
    expect(list).toEqual([
      ['title', 'keyword'],
      ['"', 'string.quote'],
      ['Đăng ký thường trú', 'string'],
      ['"', 'string.quote'],
      ['en', 'keyword'],
      ['"', 'string.quote'],
      ['Permanent residence registration', 'string'],
      ['"', 'string.quote'],
    ]);
  });

  it('does so in a field, a choice option and a help text, and the line goes on as usual after it', () => {
    const { list } = tokens(
      '    field housing "Căn cứ" en "Grounds": choice {',
      '      owner "Chủ sở hữu" en "Owner"',
      '    } required help "Luật Cư trú" en "Residence Law"',
    );
    expect(list.filter(([t]) => t === 'en').map(([, type]) => type)).toEqual(['keyword', 'keyword', 'keyword']);
    expect(typeOf(list, 'choice')).toBe('type');
    expect(typeOf(list, 'required')).toBe('keyword');
    expect(typeOf(list, 'help')).toBe('keyword');
    expect(typeOf(list, 'owner')).toBe('identifier');
  });

  it('colours the companion written on a later line, past a comment or a blank line', () => {
    expect(typeOf(tokens('  title "Đăng ký thường trú"', '    en "Permanent residence registration"').list, 'en')).toBe('keyword');
    const { list } = tokens('    field note "Ghi chú" # chưa dịch', '', '      en "Note": text optional');
    expect(typeOf(list, '# chưa dịch')).toBe('comment');
    expect(typeOf(list, 'en')).toBe('keyword');
    expect(typeOf(list, 'text')).toBe('type');
  });

  it('leaves a name `en` a name: a field, a reference, an option', () => {
    const { list } = tokens('    field en "Tiếng Anh": boolean', '    requires en == true and en_level > 2', '    en "Anh" en "English"');
    expect(list.filter(([t]) => t === 'en').map(([, type]) => type)).toEqual(['identifier', 'identifier', 'identifier', 'keyword']);
    expect(typeOf(list, 'en_level')).toBe('identifier');
  });

  it('does not pile up states: a thousand companions end as shallow as one', () => {
    const line = '      a "Một" en "One", b "Hai" en "Two"';
    const one = tokens(line).end.stack.depth;
    const many = tokens(...Array.from({ length: 1000 }, () => line)).end.stack.depth;
    expect(many).toBe(one);
    expect(one).toBeLessThanOrEqual(2);
  });
});
