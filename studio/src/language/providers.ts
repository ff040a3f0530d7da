// Monaco's language features for procedure files, each a thin adapter over a request to the
// language worker: offsets in, offsets out, converted with the model the request was made on.
// A request answered for an older text resolves to nothing (see ../protocol.ts).
import { lang, loc } from '../i18n.ts';
import type { LanguageClient, Location, OutlineItem, TextEdit } from '../protocol.ts';
import { monaco } from './monaco.ts';
import { LANGUAGE_ID } from './monarch.ts';

type Model = monaco.editor.ITextModel;

export const uriOf = (path: string) => monaco.Uri.from({ scheme: 'file', path: `/${path}` });
export const pathOf = (model: Model) => model.uri.path.replace(/^\//, '');

const completionKinds: Record<string, monaco.languages.CompletionItemKind> = {
  keyword: monaco.languages.CompletionItemKind.Keyword,
  field: monaco.languages.CompletionItemKind.Field,
  group: monaco.languages.CompletionItemKind.Struct,
  fragment: monaco.languages.CompletionItemKind.Module,
  source: monaco.languages.CompletionItemKind.Module,
  sourceField: monaco.languages.CompletionItemKind.Property,
  agency: monaco.languages.CompletionItemKind.Class,
  procedure: monaco.languages.CompletionItemKind.Class,
  state: monaco.languages.CompletionItemKind.EnumMember,
  transition: monaco.languages.CompletionItemKind.Event,
  document: monaco.languages.CompletionItemKind.File,
  doc: monaco.languages.CompletionItemKind.File,
  fee: monaco.languages.CompletionItemKind.Value,
  result: monaco.languages.CompletionItemKind.Constant,
  option: monaco.languages.CompletionItemKind.EnumMember,
  choice: monaco.languages.CompletionItemKind.EnumMember,
  type: monaco.languages.CompletionItemKind.TypeParameter,
  builtin: monaco.languages.CompletionItemKind.Function,
  function: monaco.languages.CompletionItemKind.Function,
  role: monaco.languages.CompletionItemKind.User,
  unit: monaco.languages.CompletionItemKind.Unit,
  snippet: monaco.languages.CompletionItemKind.Snippet,
  scenario: monaco.languages.CompletionItemKind.Method,
};

const symbolKinds: Record<string, monaco.languages.SymbolKind> = {
  procedure: monaco.languages.SymbolKind.Class,
  fragment: monaco.languages.SymbolKind.Module,
  source: monaco.languages.SymbolKind.Interface,
  agency: monaco.languages.SymbolKind.Object,
  form: monaco.languages.SymbolKind.Namespace,
  field: monaco.languages.SymbolKind.Field,
  group: monaco.languages.SymbolKind.Struct,
  documents: monaco.languages.SymbolKind.Namespace,
  document: monaco.languages.SymbolKind.File,
  doc: monaco.languages.SymbolKind.File,
  fee: monaco.languages.SymbolKind.Number,
  deadline: monaco.languages.SymbolKind.Event,
  workflow: monaco.languages.SymbolKind.Namespace,
  state: monaco.languages.SymbolKind.EnumMember,
  final: monaco.languages.SymbolKind.EnumMember,
  transition: monaco.languages.SymbolKind.Event,
  result: monaco.languages.SymbolKind.Constant,
  scenario: monaco.languages.SymbolKind.Method,
  use: monaco.languages.SymbolKind.Package,
};

export function rangeOf(model: Model, start: number, end: number): monaco.Range {
  const a = model.getPositionAt(start);
  const b = model.getPositionAt(end);
  return new monaco.Range(a.lineNumber, a.column, b.lineNumber, b.column);
}

function modelFor(path: string): Model | null {
  return monaco.editor.getModel(uriOf(path));
}

function location(l: Location): monaco.languages.Location | null {
  const target = modelFor(l.path);
  return target ? { uri: target.uri, range: rangeOf(target, l.start, l.end) } : null;
}

function workspaceEdit(edits: readonly TextEdit[], fallback: Model): monaco.languages.WorkspaceEdit {
  const out: monaco.languages.IWorkspaceTextEdit[] = [];
  for (const e of edits) {
    const target = e.path ? modelFor(e.path) : fallback;
    if (!target) continue;
    out.push({ resource: target.uri, versionId: target.getVersionId(), textEdit: { range: rangeOf(target, e.start, e.end), text: e.newText } });
  }
  return { edits: out };
}

function symbols(model: Model, items: readonly OutlineItem[]): monaco.languages.DocumentSymbol[] {
  return items.map((i) => {
    const range = rangeOf(model, i.start, i.end);
    return {
      name: i.name || '—',
      detail: i.label ?? '',
      kind: symbolKinds[i.kind] ?? monaco.languages.SymbolKind.Variable,
      tags: [],
      range,
      selectionRange: range,
      children: symbols(model, i.children),
    };
  });
}

/** What the page is told of that the editor would otherwise pass over in silence. */
export interface ProviderHooks {
  /** The worker would not format the file (it has syntax errors): Monaco does nothing then. */
  readonly formatRefused?: () => void;
}

/** Register every provider for the language; returns one disposable for all of them. */
export function registerProviders(client: LanguageClient, hooks: ProviderHooks = {}): monaco.IDisposable {
  const disposables: monaco.IDisposable[] = [
    monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, {
      triggerCharacters: ['.'],
      async provideCompletionItems(model, position) {
        const items = await client.request('complete', pathOf(model), model.getVersionId(), { offset: model.getOffsetAt(position), lang: lang() });
        if (!items) return { suggestions: [] };
        const word = model.getWordUntilPosition(position);
        const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
        return {
          suggestions: items.map((i) => ({
            label: i.label,
            kind: completionKinds[i.kind] ?? monaco.languages.CompletionItemKind.Text,
            ...(i.detail ? { detail: i.detail } : {}),
            ...(i.sortText ? { sortText: i.sortText } : {}),
            ...(i.documentation ? { documentation: { value: i.documentation } } : {}),
            insertText: i.insertText ?? i.label,
            ...(i.kind === 'snippet' ? { insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet } : {}),
            range,
          })),
        };
      },
    }),
    monaco.languages.registerHoverProvider(LANGUAGE_ID, {
      async provideHover(model, position) {
        const h = await client.request('hover', pathOf(model), model.getVersionId(), { offset: model.getOffsetAt(position), lang: lang() });
        return h ? { range: rangeOf(model, h.start, h.end), contents: [{ value: h.markdown }] } : null;
      },
    }),
    monaco.languages.registerDefinitionProvider(LANGUAGE_ID, {
      async provideDefinition(model, position) {
        const d = await client.request('definition', pathOf(model), model.getVersionId(), { offset: model.getOffsetAt(position) });
        return d ? location(d) : null;
      },
    }),
    monaco.languages.registerReferenceProvider(LANGUAGE_ID, {
      async provideReferences(model, position) {
        const refs = await client.request('references', pathOf(model), model.getVersionId(), { offset: model.getOffsetAt(position) });
        return (refs ?? []).map(location).filter((l): l is monaco.languages.Location => l !== null);
      },
    }),
    monaco.languages.registerRenameProvider(LANGUAGE_ID, {
      async provideRenameEdits(model, position, newName) {
        const r = await client.request('rename', pathOf(model), model.getVersionId(), { offset: model.getOffsetAt(position), newName, lang: lang() });
        if (!r) return { edits: [], rejectReason: loc({ vi: 'Nội dung vừa thay đổi, hãy thử lại.', en: 'The text changed; try again.' }) };
        if ('error' in r) return { edits: [], rejectReason: r.error };
        return workspaceEdit(r.edits, model);
      },
    }),
    monaco.languages.registerDocumentSymbolProvider(LANGUAGE_ID, {
      displayName: 'Motcua',
      async provideDocumentSymbols(model) {
        const items = await client.request('outline', pathOf(model), model.getVersionId(), {});
        return items ? symbols(model, items) : [];
      },
    }),
    monaco.languages.registerDocumentFormattingEditProvider(LANGUAGE_ID, {
      displayName: 'Motcua',
      async provideDocumentFormattingEdits(model) {
        const edits = await client.request('format', pathOf(model), model.getVersionId(), {});
        // null: refused (syntax errors); undefined: the text changed meanwhile, nothing to say.
        if (edits === null) hooks.formatRefused?.();
        return (edits ?? []).map((e) => ({ range: rangeOf(model, e.start, e.end), text: e.newText }));
      },
    }),
    monaco.languages.registerCodeActionProvider(
      LANGUAGE_ID,
      {
        async provideCodeActions(model, range, context) {
          const start = model.getOffsetAt(range.getStartPosition());
          const end = model.getOffsetAt(range.getEndPosition());
          const found = await client.request('codeActions', pathOf(model), model.getVersionId(), { start, end });
          const actions: monaco.languages.CodeAction[] = (found ?? []).map((a) => ({
            title: typeof a.title === 'string' ? a.title : loc(a.title),
            kind: 'quickfix',
            diagnostics: context.markers.filter((m) => (typeof m.code === 'string' ? m.code : m.code?.value) === a.diagnosticCode),
            edit: workspaceEdit(a.edits, model),
            isPreferred: found?.length === 1,
          }));
          return { actions, dispose() {} };
        },
      },
      { providedCodeActionKinds: ['quickfix'] },
    ),
  ];
  return { dispose: () => disposables.forEach((d) => d.dispose()) };
}
