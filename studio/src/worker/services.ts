// The language services the worker answers requests with: the dsl's own (dsl/src/services).
// Quick-fix titles go in both languages, which the page shows in its language of the moment
// (../protocol.ts: a title may be Localized); the other texts in the language the request asks for.
import { codeActions, complete, definition, formatDocument, hover, outline, references, rename, type Workspace } from '@motcua/dsl';
import type { CodeAction } from '../protocol.ts';
import type { LanguageServices } from './session.ts';

function codeActionsInBothLanguages(ws: Workspace, path: string, start: number, end: number): CodeAction[] {
  const en = codeActions(ws, path, start, end, { lang: 'en' });
  return codeActions(ws, path, start, end, { lang: 'vi' }).map((a, i) => ({ ...a, title: { vi: a.title, en: en[i]?.title ?? a.title } }));
}

export const services: LanguageServices = { complete, hover, definition, references, rename, outline, codeActions: codeActionsInBothLanguages, formatDocument };
