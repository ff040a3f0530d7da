// Syntax colouring of procedure files: keywords come from the grammar (sent by the language
// worker from the dsl's token list), so a new keyword is coloured without touching the studio.
// `en` is a keyword only where it gives a text's English companion, right after a string
// (`"Địa chỉ" en "Address"`); anywhere else it is a name like any other (`field en …`).
import type * as M from 'monaco-editor/editor';

export const LANGUAGE_ID = 'motcua';

const TYPES = ['text', 'number', 'money', 'date', 'boolean', 'choice', 'personal_id', 'phone', 'email', 'address'];
const OPERATOR_WORDS = ['and', 'or', 'not', 'in', 'true', 'false'];
/** Words that are keywords only right after a string. */
const AFTER_STRING_WORDS = ['en'];

export function monarchLanguage(keywords: readonly string[]): M.languages.IMonarchLanguage {
  return {
    defaultToken: '',
    keywords: keywords.filter((k) => !OPERATOR_WORDS.includes(k) && !AFTER_STRING_WORDS.includes(k)),
    operatorWords: OPERATOR_WORDS,
    typeKeywords: TYPES,
    tokenizer: {
      root: [
        [/#.*$/, 'comment'],
        [/"/, { token: 'string.quote', next: '@string' }],
        [/\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2})?/, 'number.date'],
        [/\d[\d_]*(?:\.\d+)?\s*(?:VND|₫)/, 'number.money'],
        [/\d[\d_]*(?:\.\d+)?%/, 'number.percent'],
        [/\d[\d_]*(?:\.\d+)?/, 'number'],
        [
          /[A-Za-z_][A-Za-z0-9_]*/,
          { cases: { '@operatorWords': 'keyword.operator', '@typeKeywords': 'type', '@keywords': 'keyword', '@default': 'identifier' } },
        ],
        [/->/, 'delimiter.arrow'],
        [/==|!=|<=|>=|[<>=+\-*/]/, 'operator'],
        [/[{}()[\]]/, '@brackets'],
        [/[,:.]/, 'delimiter'],
        [/\s+/, 'white'],
      ],
      string: [
        [/[^\\"]+/, 'string'],
        [/\\./, 'string.escape'],
        [/"/, { token: 'string.quote', switchTo: '@afterString' }],
        [/$/, { token: 'string.invalid', next: '@pop' }],
      ],
      // Right after a string (on its line or a later one, past comments): `en` followed by a
      // string is the English companion. Anything else is read again as usual.
      afterString: [
        [/[ \t]+/, 'white'],
        [/#.*$/, 'comment'],
        [/en(?=\s*")/, { token: 'keyword', next: '@pop' }],
        [/./, { token: '@rematch', next: '@pop' }],
      ],
    },
  };
}

export const languageConfiguration: M.languages.LanguageConfiguration = {
  comments: { lineComment: '#' },
  brackets: [
    ['{', '}'],
    ['[', ']'],
    ['(', ')'],
  ],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: ['string', 'comment'] },
  ],
  surroundingPairs: [
    { open: '{', close: '}' },
    { open: '"', close: '"' },
  ],
  wordPattern: /[A-Za-z_][A-Za-z0-9_]*/,
  indentationRules: { increaseIndentPattern: /\{[^}]*$/, decreaseIndentPattern: /^\s*\}/ },
};

/** Colours for the studio's light theme: keywords blue, types teal, strings brown, dates/money purple. */
export const themeRules: M.editor.ITokenThemeRule[] = [
  { token: 'keyword', foreground: '0033b3', fontStyle: 'bold' },
  { token: 'keyword.operator', foreground: '7a3e9d' },
  { token: 'type', foreground: '00796b' },
  { token: 'string', foreground: '8c4a00' },
  { token: 'string.quote', foreground: '8c4a00' },
  { token: 'string.escape', foreground: 'c25e00' },
  { token: 'comment', foreground: '6a7a6a', fontStyle: 'italic' },
  { token: 'number', foreground: '1750eb' },
  { token: 'number.date', foreground: '9c27b0' },
  { token: 'number.money', foreground: '2e7d32', fontStyle: 'bold' },
  { token: 'number.percent', foreground: '2e7d32' },
  { token: 'delimiter.arrow', foreground: 'd32f2f', fontStyle: 'bold' },
];
