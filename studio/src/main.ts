// Motcua Studio: the procedure designer's workbench. Files on the left, the Monaco editor in
// the middle (language features from the worker), previews on the right — form, workflow, due
// dates, documents and fees, changes since saved, scenarios — refreshed as the designer types.
// The editor font is bundled: JetBrains Mono draws every Vietnamese letter at the monospace
// width, which the system monospace fonts of many machines do not (diacritics then overlap).
import '@fontsource/jetbrains-mono/400.css';
import '@fontsource/jetbrains-mono/400-italic.css';
import '@fontsource/jetbrains-mono/700.css';
import './styles.css';
import * as api from './api.ts';
import { fill, h, nodes, patch, patchable } from './dom.ts';
import { lang, loc, onLangChange, ownLabel, ownText, setLang, t, type WordKey } from './i18n.ts';
import { setDiagnostics } from './language/markers.ts';
import { monaco } from './language/monaco.ts';
import { LANGUAGE_ID, languageConfiguration, monarchLanguage, themeRules } from './language/monarch.ts';
import { pathOf, rangeOf, registerProviders, uriOf } from './language/providers.ts';
import { renderChanges } from './panels/changes-view.ts';
import { renderDocsFees, setLiveRulesEvaluator, type DocsFeesState } from './panels/docs-fees-view.ts';
import { liveRules } from './live-rules.ts';
import { checkNewPath, newProcedureText } from './new-file.ts';
import { inputValue, renderDue, type DueState } from './panels/due-view.ts';
import { renderForm, type FormValues } from './panels/form-view.ts';
import { renderScenarios } from './panels/scenarios-view.ts';
import { renderWorkflow } from './panels/workflow-view.ts';
import { keyOf } from './preview-delta.ts';
import type { PreviewModel, ProcedurePreview } from './preview-model.ts';
import { LanguageClient, type AnalysisTiming, type FromWorker, type OutlineItem, type PanelName, type PendingPart, type WireDiagnostic } from './protocol.ts';
import { loadSampleLibrary } from './sample-library.ts';
import LanguageWorker from './worker/index.ts?worker';

setLiveRulesEvaluator(liveRules);

type Tab = PanelName;
/** The part of a preview a panel shows that the worker may send after the rest (protocol.ts). */
const PANEL_NEEDS: Partial<Record<Tab, PendingPart>> = { changes: 'changes', docs: 'ir' };
const TABS: readonly [Tab, WordKey][] = [
  ['form', 'tabForm'],
  ['workflow', 'tabWorkflow'],
  ['due', 'tabDue'],
  ['docs', 'tabDocsFees'],
  ['changes', 'tabChanges'],
  ['scenarios', 'tabScenarios'],
];

const $ = (id: string) => document.getElementById(id)!;

const params = new URLSearchParams(location.search);
const state = {
  offline: false,
  paths: [] as string[],
  saved: new Map<string, string>(),
  current: '',
  selected: new Map<string, string>(), // file → procedure shown
  /** `pending`: parts of the preview still of an earlier version, which follow (protocol.ts). */
  preview: undefined as { path: string; model: PreviewModel; pending: readonly PendingPart[] } | undefined,
  lastGood: new Map<string, ProcedurePreview>(), // procedure id → last preview without errors
  diagnostics: new Map<string, readonly WireDiagnostic[]>(),
  diagnosticsVersion: new Map<string, number>(),
  outline: [] as readonly OutlineItem[],
  tab: (TABS.some(([k]) => k === params.get('tab')) ? params.get('tab') : 'form') as Tab,
  formValues: new Map<string, FormValues>(),
  due: { start: params.get('start') ?? inputValue(Date.now()) } as DueState,
  docs: { channel: 'online' } as DocsFeesState,
  /** The last scenario run of each file: its outcome, or where it stands (running, refused). */
  scenarios: new Map<string, ScenarioRun>(),
};

/** A scenario run, worded when shown: in the language of the moment, not of the run. */
interface ScenarioRun {
  readonly report?: api.ScenarioReport;
  readonly running?: boolean;
  readonly offline?: boolean;
  readonly error?: unknown;
}

/** The last scenario run of the file on screen (none yet: nothing to show). */
const scenarioRun = (): ScenarioRun => state.scenarios.get(state.current) ?? {};

function scenarioStatus(run: ScenarioRun): string {
  if (run.offline) return t('offline');
  if (run.running) return t('loading');
  if (run.error !== undefined) return `${t('serverError')}: ${errorText(run.error)}`;
  const results = run.report?.results;
  if (!results) return '';
  // A procedure that does not compile comes back as one failure of no scenario: none ran.
  const ran = results.filter((r) => r.scenario !== '');
  if (ran.length === 0 && results.length > 0) return t('runFailed');
  return `${ran.filter((r) => r.passed).length}/${ran.length} ${t('passed')}`;
}

// ---------------------------------------------------------------------------- test probe

/**
 * What the page has put on screen, for the browser test and the keystroke benchmark: for each
 * file version, when the editor changed (`edit`), when its markers and problems were shown
 * (`diagnostics`), when the preview panel on screen was rendered (`preview`), when the parts of
 * the preview the worker sends after the rest had come too (`settled`: the changes since saved,
 * the IR; at once when nothing was left for later), and what the worker says the analysis cost
 * it (`timing`). `at` is the page's `performance.now()`; the worker's times are
 * `performance.timeOrigin + performance.now()`. Read-only; the last 500 events are kept.
 */
export type ProbeEvent =
  | { readonly kind: 'edit' | 'diagnostics' | 'preview' | 'settled'; readonly path: string; readonly version: number; readonly at: number }
  | ({ readonly kind: 'timing'; readonly path: string; readonly version: number; readonly at: number } & AnalysisTiming);
const probeEvents: ProbeEvent[] = [];
function probe(event: ProbeEvent): void {
  probeEvents.push(event);
  if (probeEvents.length > 500) probeEvents.splice(0, probeEvents.length - 500);
}

/** The preview panel on screen is that of this version: recorded once per version. */
let previewProbed = '';
function probePreview(path: string, version: number): void {
  if (previewProbed === `${version}|${path}`) return;
  previewProbed = `${version}|${path}`;
  probe({ kind: 'preview', path, version, at: performance.now() });
}

// ---------------------------------------------------------------------------- editor and worker

monaco.languages.register({ id: LANGUAGE_ID, extensions: ['.proc'], aliases: ['Thủ tục Motcua', 'motcua'] });
monaco.languages.setLanguageConfiguration(LANGUAGE_ID, languageConfiguration);
monaco.editor.defineTheme('motcua-light', { base: 'vs', inherit: true, rules: themeRules, colors: {} });

const worker = new LanguageWorker({ name: 'motcua-language' });
const client = new LanguageClient((m) => worker.postMessage(m), {
  ready(keywords) {
    monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, monarchLanguage(keywords));
  },
  diagnostics(path, version, diagnostics) {
    const model = monaco.editor.getModel(uriOf(path));
    // Every analysis reports each open file; one that did not change needs nothing done.
    const unchanged = state.diagnosticsVersion.get(path) === version && JSON.stringify(state.diagnostics.get(path)) === JSON.stringify(diagnostics);
    if (!model || unchanged || !setDiagnostics(model, version, diagnostics)) return;
    state.diagnostics.set(path, diagnostics);
    state.diagnosticsVersion.set(path, version);
    renderFiles();
    if (path === state.current) renderProblems();
    probe({ kind: 'diagnostics', path, version, at: performance.now() });
  },
  preview(path, version, preview, pending) {
    if (path !== state.current) return;
    state.preview = { path, model: preview, pending };
    if (preview.procedure) state.lastGood.set(preview.procedure.id, preview.procedure);
    renderTopbar();
    renderPanel();
    // The panel on screen now shows this version — unless it shows a part still to come.
    if (!pending.includes(PANEL_NEEDS[state.tab] as PendingPart)) probePreview(path, version);
    if (pending.length === 0) probe({ kind: 'settled', path, version, at: performance.now() });
    scheduleOutline();
  },
  timing(path, version, timing) {
    probe({ kind: 'timing', path, version, at: performance.now(), ...timing });
  },
});
worker.onmessage = (e: MessageEvent<FromWorker>) => client.receive(e.data);
worker.onerror = (e) => {
  console.error('language worker', e);
  client.dispose(e.message);
  toast(`Language worker: ${e.message}`, true);
};
registerProviders(client, { formatRefused: () => toast(t('formatRefused'), true) });

const EDITOR_FONT = { fontFamily: "'JetBrains Mono', Consolas, 'DejaVu Sans Mono', monospace", fontSize: 13, lineHeight: 20 };
/**
 * How the editor and the diff show the text. Names in the language are ASCII only (the parser
 * rejects any other letter), so Monaco's warning that a character "could be confused with an
 * ASCII character" only ever fires on Vietnamese prose in labels and comments — the dash of
 * "kinh tế – xã hội" boxed as suspicious. Invisible characters are still marked.
 */
const TEXT_OPTIONS = { ...EDITOR_FONT, unicodeHighlight: { ambiguousCharacters: false } };
const editor = monaco.editor.create($('editor'), {
  theme: 'motcua-light',
  automaticLayout: true,
  ...TEXT_OPTIONS,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  wordWrap: 'on',
  wrappingIndent: 'indent',
  tabSize: 2,
  insertSpaces: true,
  renderLineHighlight: 'line',
  fixedOverflowWidgets: true,
  'semanticHighlighting.enabled': false,
});
(window as unknown as { __motcua: unknown }).__motcua = Object.freeze({ monaco, editor, events: probeEvents });
// Monaco measures glyph widths once; measure again when the bundled font has arrived.
void document.fonts.ready.then(() => monaco.editor.remeasureFonts());
editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => void save());
// Ctrl+S with the focus elsewhere (the preview, a tab, the file list) saves the file too,
// instead of opening the browser's "Save page as" on the studio itself.
window.addEventListener('keydown', (e) => {
  if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 's') return;
  e.preventDefault();
  void save();
});
// The studio keeps no drafts: leaving or reloading the page with unsaved text asks first.
window.addEventListener('beforeunload', (e) => {
  if (unsavedPaths().length === 0) return;
  e.preventDefault();
  e.returnValue = ''; // older browsers ask only when returnValue is set
});

// Go to a definition in another file: open that file in the editor.
monaco.editor.registerEditorOpener({
  openCodeEditor(_source, resource, selectionOrPosition) {
    const path = resource.path.replace(/^\//, '');
    if (!state.paths.includes(path)) return false;
    openFile(path);
    if (selectionOrPosition) {
      const range = 'startLineNumber' in selectionOrPosition ? selectionOrPosition : monaco.Range.fromPositions(selectionOrPosition);
      editor.setSelection(range);
      editor.revealRangeInCenter(range);
    }
    return true;
  },
});

// ---------------------------------------------------------------------------- loading

async function loadLibrary(): Promise<{ path: string; text: string }[]> {
  try {
    const files = await api.listFiles();
    return await Promise.all(files.map(async (f) => ({ path: f.path, text: await api.readFile(f.path) })));
  } catch (err) {
    if (err instanceof api.StudioApiError && err.unavailable) {
      state.offline = true;
      return loadSampleLibrary();
    }
    throw err;
  }
}

async function boot(): Promise<void> {
  renderStatic();
  client.panels([state.tab]);
  const files = (await loadLibrary()).sort((a, b) => a.path.localeCompare(b.path));
  state.paths = files.map((f) => f.path);
  for (const f of files) {
    state.saved.set(f.path, f.text);
    createFileModel(f.path, f.text);
  }
  client.init(
    files.map((f) => {
      const model = monaco.editor.getModel(uriOf(f.path))!;
      return { path: f.path, text: f.text, version: model.getVersionId() };
    }),
  );
  const wanted = decodeURIComponent(location.hash.slice(1));
  const first = state.paths.includes(wanted) ? wanted : (state.paths.find((p) => !p.startsWith('common/')) ?? state.paths[0]);
  if (first) openFile(first);
  renderAll();
}

/** The editor's model of a library file, which tells the worker of every edit. */
function createFileModel(path: string, text: string): monaco.editor.ITextModel {
  const model = monaco.editor.createModel(text, LANGUAGE_ID, uriOf(path));
  model.onDidChangeContent(() => {
    probe({ kind: 'edit', path, version: model.getVersionId(), at: performance.now() });
    client.update(path, model.getVersionId(), model.getValue());
    if (path === state.current) renderTopbar();
    renderFiles();
  });
  return model;
}

/**
 * A new procedure file, asked for by path: it starts with a procedure that compiles, unsaved
 * (its saved text is empty, so the changes since saved are the whole procedure), and is written
 * to the library on the first save.
 */
function newFile(): void {
  if (state.offline) return toast(t('offline'), true);
  const folder = state.current.includes('/') ? state.current.slice(0, state.current.lastIndexOf('/') + 1) : '';
  const input = prompt(t('newFilePrompt'), `${folder}thu_tuc_moi.proc`);
  if (input === null) return;
  const checked = checkNewPath(input, state.paths);
  if ('error' in checked) return toast(loc(checked.error), true);
  const { path } = checked;
  const model = createFileModel(path, newProcedureText(path, inputValue(Date.now()).slice(0, 10)));
  state.paths = [...state.paths, path].sort((a, b) => a.localeCompare(b));
  state.saved.set(path, '');
  client.update(path, model.getVersionId(), model.getValue());
  client.saved(path, '');
  openFile(path);
  editor.focus();
}

/** Where the designer was in each file (cursor, selection, scroll): a file opened again is shown as it was left. */
const viewStates = new Map<string, monaco.editor.ICodeEditorViewState>();

function openFile(path: string): void {
  const model = monaco.editor.getModel(uriOf(path));
  if (!model) return;
  state.current = path;
  const shown = editor.getModel();
  if (shown !== model) {
    const view = shown ? editor.saveViewState() : null;
    if (shown && view) viewStates.set(pathOf(shown), view);
    editor.setModel(model);
    const back = viewStates.get(path);
    if (back) editor.restoreViewState(back);
  }
  history.replaceState(null, '', `${location.pathname}${location.search}#${encodeURIComponent(path)}`);
  client.focus(path, state.selected.get(path));
  state.preview = undefined;
  state.outline = [];
  renderAll();
}

// ---------------------------------------------------------------------------- actions

/** Whether a file differs from its saved text; the answer is kept per model version (the file list asks for every file on every keystroke). */
const dirtyAt = new Map<string, { version: number; saved: string | undefined; dirty: boolean }>();
function isDirty(path: string): boolean {
  const model = monaco.editor.getModel(uriOf(path));
  if (!model) return false;
  const version = model.getVersionId();
  const saved = state.saved.get(path);
  const known = dirtyAt.get(path);
  if (known && known.version === version && known.saved === saved) return known.dirty;
  const dirty = model.getValue() !== saved;
  dirtyAt.set(path, { version, saved, dirty });
  return dirty;
}

async function save(): Promise<void> {
  const path = state.current;
  const text = monaco.editor.getModel(uriOf(path))?.getValue();
  if (text === undefined) return;
  if (state.offline) return toast(t('offline'), true);
  try {
    await api.saveFile(path, text);
    state.saved.set(path, text);
    client.saved(path, text);
    toast(`${t('savedOk')}: ${path}`);
    renderAll();
  } catch (err) {
    toast(`${t('serverError')}: ${errorText(err)}`, true);
  }
}

/** The files whose text differs from what the server has: it publishes the saved files. */
const unsavedPaths = () => state.paths.filter(isDirty);

async function publish(): Promise<void> {
  const procedure = state.preview?.model.selected;
  if (!procedure) return;
  if ((state.preview?.model.errors ?? 0) > 0) return toast(t('fixErrorsFirst'), true);
  if (state.offline) return toast(t('offline'), true);
  // The server compiles the library as saved: publishing now would publish another text than
  // the one on screen, under the designer's eyes.
  const unsaved = unsavedPaths();
  if (unsaved.length) return toast(`${t('saveFirst')} (${unsaved.join(', ')})`, true);
  if (!confirm(`${t('publishConfirm')}\n${procedure}`)) return;
  try {
    const r = await api.publish(procedure);
    toast(`${t('published')}: ${r.procedureId} — ${t('version')} ${r.version}`);
  } catch (err) {
    toast(`${t('serverError')}: ${errorText(err)}`, true);
  }
}

async function runScenarios(): Promise<void> {
  state.tab = 'scenarios';
  client.panels([state.tab]);
  // The outcome belongs to the file it was run for: another file's tab does not show it.
  const path = state.current;
  if (state.offline) {
    state.scenarios.set(path, { offline: true });
    renderAll();
    return;
  }
  state.scenarios.set(path, { ...state.scenarios.get(path), running: true });
  renderAll();
  try {
    const text = monaco.editor.getModel(uriOf(path))?.getValue();
    state.scenarios.set(path, { report: await api.runScenarios(path, text) });
  } catch (err) {
    state.scenarios.set(path, { error: err });
  }
  renderPanel();
}

function formatDocument(): void {
  void editor.getAction('editor.action.formatDocument')?.run();
}

let diffEditor: monaco.editor.IStandaloneDiffEditor | undefined;
let diffOriginal: monaco.editor.ITextModel | undefined;

function openDiff(): void {
  const model = monaco.editor.getModel(uriOf(state.current));
  if (!model) return;
  $('diff-overlay').hidden = false;
  $('diff-title').textContent = `${t('compare')} — ${state.current}`;
  diffOriginal = monaco.editor.createModel(state.saved.get(state.current) ?? '', LANGUAGE_ID);
  diffEditor = monaco.editor.createDiffEditor($('diff-editor'), {
    theme: 'motcua-light',
    automaticLayout: true,
    originalEditable: false,
    renderSideBySide: true,
    // Long procedure files: show the changed parts with a little context, fold the rest.
    hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 5, revealLineCount: 10 },
    minimap: { enabled: false },
    ...TEXT_OPTIONS,
  });
  diffEditor.setModel({ original: diffOriginal, modified: model });
}

function closeDiff(): void {
  diffEditor?.dispose();
  diffOriginal?.dispose();
  diffEditor = undefined;
  diffOriginal = undefined;
  $('diff-overlay').hidden = true;
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;
function toast(message: string, error = false): void {
  const el = $('toast');
  el.textContent = message;
  el.className = `show${error ? ' error' : ''}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (el.className = ''), 4000);
}

function errorText(err: unknown): string {
  return api.errorMessage(err, lang());
}

// ---------------------------------------------------------------------------- rendering

function renderStatic(): void {
  document.title = t('appTitle');
  fill(
    $('files-title'),
    h('span', {}, t('files')),
    h('button', { type: 'button', class: 'new-file', title: t('newFile'), 'aria-label': t('newFile'), onclick: newFile }, `+ ${t('newFile')}`),
  );
  $('outline-title').textContent = t('outline');
  $('diff-close').textContent = `✕ ${t('close')}`;
  $('diff-close').onclick = closeDiff;
}

function renderAll(): void {
  renderStatic();
  renderTopbar();
  renderFiles();
  renderOutline();
  renderProblems();
  renderTabs();
  renderPanel();
}

// The top bar, the file list, the problems and the tabs are drawn again only when what they show
// changed: each keystroke calls them, and replacing elements makes the browser lay out and paint
// that part of the page again.
let topbarShown = '';

function renderTopbar(): void {
  const p = state.preview?.path === state.current ? state.preview.model : undefined;
  const dirty = state.current ? isDirty(state.current) : false;
  const diags = state.diagnostics.get(state.current) ?? [];
  const errors = diags.filter((d) => d.severity === 'error').length;
  const warnings = diags.length - errors;
  const unsaved = unsavedPaths().length > 0;
  const key = JSON.stringify([lang(), state.current, dirty, unsaved, errors, warnings, state.offline, p?.selected ?? null, p && p.procedures.length > 1 ? p.procedures : null]);
  if (key === topbarShown) return;
  topbarShown = key;
  const status =
    errors || warnings
      ? h(
          'span',
          { class: 'status' },
          errors ? h('span', { class: 'err' }, `✖ ${errors} ${t(errors === 1 ? 'error' : 'errors')}`) : null,
          errors && warnings ? ' · ' : '',
          warnings ? h('span', { class: 'wrn' }, `⚠ ${warnings} ${t(warnings === 1 ? 'warning' : 'warnings')}`) : null,
        )
      : h('span', { class: 'status' }, h('span', { class: 'okay' }, `✓ ${t('noProblems')}`));
  const picker =
    p && p.procedures.length > 1
      ? h(
          'select',
          {
            title: t('selectProcedure'),
            onchange: (e: Event) => {
              const id = (e.target as HTMLSelectElement).value;
              state.selected.set(state.current, id);
              client.focus(state.current, id);
            },
          },
          p.procedures.map((x) => {
            const o = h('option', { value: x.id }, ownText(x.title, x.titleEn) || x.id);
            o.selected = x.id === p.selected;
            return o;
          }),
        )
      : null;
  fill(
    $('topbar'),
    h('div', { class: 'brand' }, h('span', { class: 'mark' }, 'Một cửa'), 'Studio'),
    h('div', { class: 'file', title: state.current }, state.current, dirty ? h('span', { class: 'dirty', title: t('unsaved') }, ' ●') : null),
    picker,
    status,
    h('div', { class: 'spacer' }),
    state.offline ? h('div', { class: 'offline' }, t('offline')) : null,
    h('button', { type: 'button', onclick: formatDocument, title: 'Shift+Alt+F' }, t('format')),
    h('button', { type: 'button', onclick: openDiff, disabled: !dirty }, t('compare')),
    h('button', { type: 'button', onclick: () => void runScenarios() }, `▶ ${t('runScenarios')}`),
    h('button', { type: 'button', onclick: () => void save(), disabled: !dirty, title: 'Ctrl+S' }, t('save')),
    h(
      'button',
      { type: 'button', class: 'primary', onclick: () => void publish(), disabled: !p?.selected || errors > 0 || unsaved, title: unsaved ? t('saveFirst') : errors > 0 ? t('fixErrorsFirst') : undefined },
      t('publish'),
    ),
    h('button', { type: 'button', onclick: () => setLang(lang() === 'vi' ? 'en' : 'vi'), title: 'Tiếng Việt / English' }, lang() === 'vi' ? 'EN' : 'VI'),
  );
}

let filesShown = '';
/** The file whose entry was last brought into view: a file just opened (from a link, a new file) is shown in the list. */
let filesRevealed = '';

function renderFiles(): void {
  const key = JSON.stringify([
    lang(),
    state.current,
    state.paths.map((p) => {
      const d = state.diagnostics.get(p) ?? [];
      return [p, isDirty(p), d.filter((x) => x.severity === 'error').length, d.length];
    }),
  ]);
  if (key === filesShown) return;
  filesShown = key;
  const byFolder = new Map<string, string[]>();
  for (const p of state.paths) {
    const folder = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), p]);
  }
  fill(
    $('file-list'),
    [...byFolder].map(([folder, paths]) => [
      folder ? h('div', { class: 'folder' }, `▾ ${folder}/`) : null,
      paths.map((p) => {
        const d = state.diagnostics.get(p) ?? [];
        const errors = d.filter((x) => x.severity === 'error').length;
        return h(
          'a',
          {
            href: `#${encodeURIComponent(p)}`,
            class: p === state.current ? 'active' : '',
            onclick: (e: Event) => {
              e.preventDefault();
              openFile(p);
            },
          },
          h('span', { class: 'name', title: p }, p.slice(p.lastIndexOf('/') + 1)),
          isDirty(p) ? h('span', { class: 'dirty', title: t('unsaved') }, '●') : null,
          errors ? h('span', { class: 'count' }, errors) : d.length ? h('span', { class: 'count warn' }, d.length) : null,
        );
      }),
    ]),
  );
  if (filesRevealed !== state.current) {
    filesRevealed = state.current;
    $('file-list').querySelector('a.active')?.scrollIntoView({ block: 'nearest' });
  }
}

// The outline follows the text once typing pauses: it is not needed keystroke by keystroke.
const OUTLINE_DELAY_MS = 300;
let outlineTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleOutline(): void {
  clearTimeout(outlineTimer);
  outlineTimer = setTimeout(() => void refreshOutline(), state.outline.length ? OUTLINE_DELAY_MS : 0);
}

async function refreshOutline(): Promise<void> {
  const model = editor.getModel();
  if (!model) return;
  const items = await client.request('outline', pathOf(model), model.getVersionId(), {});
  if (items && pathOf(model) === state.current) {
    state.outline = items;
    renderOutline();
  }
}

/** The outline as shown (names, kinds, labels, nesting): offsets move with every keystroke, the rest seldom. */
let outlineShown = '';

function renderOutline(): void {
  const shape = (items: readonly OutlineItem[]): unknown => items.map((i) => [i.kind, i.name, i.label ?? '', shape(i.children)]);
  const key = JSON.stringify([state.current, shape(state.outline)]);
  if (key === outlineShown) return;
  outlineShown = key;
  const p = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Parameters<typeof h>[1], ...children: Parameters<typeof h>[2][]) => patchable(h(tag, attrs, ...children));
  // Each entry finds its item again when clicked: by then the offsets may have moved.
  const at = (path: readonly number[]): OutlineItem | undefined => {
    let items = state.outline;
    let item: OutlineItem | undefined;
    for (const i of path) {
      item = items[i];
      items = item?.children ?? [];
    }
    return item;
  };
  // Every element may be updated in place: a link's handler depends only on its place in the tree.
  const list = (items: readonly OutlineItem[], path: readonly number[]): HTMLElement =>
    p(
      'ul',
      {},
      items.map((i, n) =>
        p(
          'li',
          {},
          p(
            'a',
            {
              href: '#',
              title: i.label ?? i.name,
              onclick: (e: Event) => {
                e.preventDefault();
                const model = editor.getModel();
                const item = at([...path, n]);
                if (!model || !item) return;
                const r = rangeOf(model, item.start, item.start);
                editor.setPosition({ lineNumber: r.startLineNumber, column: r.startColumn });
                editor.revealLineNearTop(r.startLineNumber);
                editor.focus();
              },
            },
            p('span', { class: 'kind' }, i.kind),
            i.name,
            i.label ? p('span', { class: 'label' }, ` ${i.label}`) : null,
          ),
          i.children.length ? list(i.children, [...path, n]) : null,
        ),
      ),
    );
  patch($('outline'), [list(state.outline, [])]);
}

let problemsShown = '';

function renderProblems(): void {
  const path = state.current;
  const model = monaco.editor.getModel(uriOf(path));
  const diags = state.diagnostics.get(path) ?? [];
  const lines = diags.map((d) => (model ? model.getPositionAt(d.start).lineNumber : 0));
  // Offsets move with every keystroke above a problem; a problem is found again when clicked.
  const key = JSON.stringify([lang(), path, diags.map((d, i) => [d.code, d.severity, d.message, lines[i]])]);
  if (key === problemsShown) return;
  problemsShown = key;
  fill(
    $('problems'),
    h('h2', {}, `${t('problems')} (${diags.length})`),
    diags.length === 0 ? h('div', { class: 'problem muted' }, t('noProblems')) : null,
    diags.map((shown, i) => {
      const line = lines[i];
      return h(
        'div',
        {
          class: `problem sev-${shown.severity}`,
          onclick: () => {
            const d = state.diagnostics.get(path)?.[i];
            if (!model || !d) return;
            const r = rangeOf(model, d.start, d.end);
            editor.setSelection(r);
            editor.revealRangeInCenter(r);
            editor.focus();
          },
        },
        h('span', { class: 'sev' }, shown.severity === 'error' ? '✖' : '⚠'),
        h('span', { class: 'code' }, shown.code),
        line ? h('span', { class: 'pos' }, `${lang() === 'vi' ? 'dòng' : 'line'} ${line}`) : null,
        h('span', {}, loc(shown.message)),
      );
    }),
  );
}

let tabsShown = '';

function renderTabs(): void {
  const p = state.preview?.model;
  const key = JSON.stringify([lang(), state.tab, !!p?.changes.changed]);
  if (key === tabsShown) return;
  tabsShown = key;
  fill(
    $('tabs'),
    TABS.map(([tab, key]) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: state.tab === tab ? 'active' : '',
          'aria-selected': state.tab === tab ? 'true' : 'false',
          onclick: () => {
            state.tab = tab;
            client.panels([tab]);
            renderTabs();
            renderPanel();
          },
        },
        t(key),
        tab === 'changes' && p?.changes.changed ? h('span', { class: 'dot' }, ' ●') : null,
      ),
    ),
  );
}

// The panel is rendered again only when what it shows has changed (a keystroke in a comment or
// in another part of the procedure leaves it as it is), and the form is updated in place.
// The parts of a preview that did not change are the objects of the previous one (see
// preview-delta.ts), so these keys cost only the JSON of what changed.
let panelShown = '';
/** Where the panel was scrolled to, as last seen by its scroll events. */
let panelScroll = 0;
$('panel-body').addEventListener('scroll', (e) => (panelScroll = (e.target as HTMLElement).scrollTop), { passive: true });

// Keys are JSON joined by NUL, which JSON never contains unescaped.
const SEP = '\u0000';

/** The preview as a string, without what changes with every keystroke but is not shown (hash, IR). */
function previewKey(p: ProcedurePreview): string {
  return Object.keys(p)
    .map((k) => (k === 'ir' || k === 'sourceHash' ? k : `${k}:${keyOf(p[k as keyof ProcedurePreview], 1)}`))
    .join(SEP);
}

/** The rules the live evaluation of the documents and fees tab runs on (not the title, the hash, the scenarios). */
function rulesKey(p: ProcedurePreview): string {
  const ir = p.ir as unknown as Record<string, unknown>;
  return Object.keys(ir)
    .map((k) => (k === 'title' || k === 'sourceHash' || k === 'scenarios' ? k : `${k}:${keyOf(ir[k], 2)}`))
    .join(SEP);
}

/** Everything the panel's content depends on. */
function panelState(): string {
  const pm = state.preview?.path === state.current ? state.preview.model : undefined;
  const procedure = pm?.selected ? (pm.procedure ?? state.lastGood.get(pm.selected)) : undefined;
  const values = procedure ? [...(state.formValues.get(procedure.id) ?? [])] : [];
  const byTab =
    state.tab === 'changes'
      ? [pm?.changes, state.current && isDirty(state.current)]
      : state.tab === 'due'
        ? [state.due]
        : state.tab === 'docs'
          ? [state.docs, state.due.start, values]
          : state.tab === 'scenarios'
            ? [scenarioStatus(scenarioRun()), scenarioRun().report ?? null]
            : [];
  return [
    JSON.stringify([state.current, state.tab, lang(), pm ? [pm.selected ?? null, !!pm.procedure] : null, byTab]),
    procedure ? previewKey(procedure) : '',
    state.tab === 'docs' && procedure ? rulesKey(procedure) : '',
  ].join(SEP + SEP);
}

function renderPanel(): void {
  const body = $('panel-body');
  const key = panelState();
  if (key !== panelShown) {
    panelShown = key;
    const before = Array.from(body.childNodes);
    const next = nodes(panelContent(body));
    patch(body, next);
    // A panel replaced may leave the scroll elsewhere: put it back. One updated in place keeps
    // it, and is left alone: reading or setting scrollTop makes the browser lay the page out at
    // once, on every keystroke.
    if (before.length !== next.length || before.some((n, i) => n !== next[i])) {
      if (body.scrollTop !== panelScroll) body.scrollTop = panelScroll;
    }
  }
  renderTabs();
}

/** The view of the panel (below its head) as last drawn, and what it was drawn from. */
let viewShown: { key: string; el: HTMLElement } | undefined;

/** What the view of the tab on screen shows (the form is updated in place instead: undefined). */
function viewKey(p: ProcedurePreview, values: FormValues): string | undefined {
  const common = [state.current, p.id, lang(), state.tab];
  switch (state.tab) {
    case 'workflow':
      return [JSON.stringify(common), keyOf(p.workflow), keyOf(p.agencies)].join(SEP);
    case 'due':
      return [JSON.stringify([...common, state.due.start, p.agency]), keyOf(p.timing), keyOf(p.workflow), keyOf(p.agencies)].join(SEP);
    case 'docs':
      return [JSON.stringify([...common, state.docs.channel, state.due.start, [...values]]), keyOf(p.channels), keyOf(p.documents, 1), keyOf(p.fees, 1), rulesKey(p)].join(SEP);
    case 'scenarios':
      return [JSON.stringify([...common, scenarioStatus(scenarioRun()), scenarioRun().report ?? null]), keyOf(p.scenarios)].join(SEP);
    default:
      return undefined;
  }
}

function panelContent(body: HTMLElement): (HTMLElement | null)[] {
  const pm = state.preview?.path === state.current ? state.preview.model : undefined;
  if (!pm) return [h('p', { class: 'muted' }, t('loading'))];
  if (state.tab === 'changes') return [renderChanges(pm.changes, isDirty(state.current), openDiff)];
  if (!pm.selected) return [h('p', { class: 'muted' }, t('noProcedure'))];
  const procedure = pm.procedure ?? state.lastGood.get(pm.selected);
  const stale = !pm.procedure ? patchable(h('div', { class: 'stale' }, procedure ? t('staleNotice') : t('noPreviewYet'))) : null;
  if (!procedure) return [stale];
  const head = patchable(
    h(
      'div',
      { class: 'proc-head' },
      patchable(h('div', { class: 'title' }, ownText(procedure.title, procedure.titleEn))),
      patchable(
        h('div', { class: 'meta' }, `${procedure.code ? `${procedure.code} · ` : ''}${t('version')} ${procedure.version} · ${ownText(procedure.agencyLabel, procedure.agencyLabelEn)}`),
      ),
    ),
  );
  const values = state.formValues.get(procedure.id) ?? new Map();
  state.formValues.set(procedure.id, values);
  // A keystroke that changes the title, or one field, leaves the workflow, the due dates, the
  // documents and fees and the scenarios as they are: their view is kept, not drawn again.
  const key = viewKey(procedure, values);
  let view: HTMLElement;
  if (key !== undefined && viewShown?.key === key) view = viewShown.el;
  else
    switch (state.tab) {
      case 'form':
        view = renderForm(procedure, values, () => undefined, body.querySelector<HTMLElement>(':scope > .form-preview') ?? undefined);
        break;
      case 'workflow':
        view = renderWorkflow(procedure.workflow, (id) => {
          const agency = procedure.agencies.find((a) => a.id === id);
          return agency ? ownLabel(agency) : id;
        });
        break;
      case 'due':
        view = renderDue(procedure, state.due, renderPanel);
        break;
      case 'docs':
        view = renderDocsFees(procedure, state.docs, values, state.due.start, renderPanel);
        break;
      default:
        view = renderScenarios(procedure, scenarioRun().report, scenarioStatus(scenarioRun()), () => void runScenarios());
    }
  viewShown = key === undefined ? undefined : { key, el: view };
  return [stale, head, view];
}

onLangChange(() => {
  // Markers carry the message in one language: set them again from the last diagnostics.
  for (const [path, diags] of state.diagnostics) {
    const model = monaco.editor.getModel(uriOf(path));
    const version = state.diagnosticsVersion.get(path);
    if (model && version !== undefined) setDiagnostics(model, version, diags);
  }
  renderAll();
});

document.documentElement.lang = lang();
void boot().catch((err) => {
  console.error(err);
  // Not signed in (or the session ended): say so, and lead back here after signing in.
  const signIn =
    err instanceof api.StudioApiError && err.status === 401
      ? h('p', {}, h('a', { href: `/login?next=${encodeURIComponent(location.pathname + location.search + location.hash)}`, class: 'sign-in' }, t('signIn')))
      : null;
  fill($('panel-body'), h('p', { class: 'warning' }, `${t('serverError')}: ${errorText(err)}`), signIn);
});

