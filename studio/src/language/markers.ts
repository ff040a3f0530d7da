// Diagnostics from the language worker as Monaco markers: severity, code and the message in the
// studio's current language. Markers are set only on the text they were computed for.
import { loc } from '../i18n.ts';
import type { WireDiagnostic } from '../protocol.ts';
import { monaco } from './monaco.ts';
import { rangeOf } from './providers.ts';

export const MARKER_OWNER = 'motcua';

export function setDiagnostics(model: monaco.editor.ITextModel, version: number, diagnostics: readonly WireDiagnostic[]): boolean {
  if (model.getVersionId() !== version) return false;
  monaco.editor.setModelMarkers(
    model,
    MARKER_OWNER,
    diagnostics.map((d) => {
      const r = rangeOf(model, d.start, Math.max(d.end, d.start));
      return {
        severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        message: loc(d.message),
        code: d.code,
        source: 'motcua',
        startLineNumber: r.startLineNumber,
        startColumn: r.startColumn,
        endLineNumber: r.endLineNumber,
        endColumn: r.endColumn,
      };
    }),
  );
  return true;
}
