// Monaco, ESM, without its bundled languages (the studio edits one language of its own):
// the editor core, its features (suggest, hover, rename, code actions, diff editor…) and the
// editor worker, all bundled by Vite — nothing is fetched from a CDN.
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export { monaco };
export type Monaco = typeof monaco;
