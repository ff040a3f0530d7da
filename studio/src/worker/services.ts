// The language services the worker answers requests with: the dsl's own (dsl/src/services).
import { codeActions, complete, definition, formatDocument, hover, outline, references, rename } from '@motcua/dsl';
import type { LanguageServices } from './session.ts';

export const services: LanguageServices = { complete, hover, definition, references, rename, outline, codeActions, formatDocument };
