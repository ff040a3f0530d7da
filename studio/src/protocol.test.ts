import { describe, expect, it, vi } from 'vitest';
import { applyDelta } from './preview-delta.ts';
import { LanguageClient, VersionBook, type FromWorker, type PreviewModel, type ToWorker } from './protocol.ts';
import { buildPreview } from './worker/preview.ts';
import { LanguageSession, type LanguageServices, type Schedule } from './worker/session.ts';
import { Workspace, checkFile } from '@motcua/dsl';

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

  form {
    field note "Ghi chú": text optional
  }

  workflow {
    state draft by citizen { submit -> done }
    final done
  }
}
`;

/** A scheduler the test runs by hand: `flush()` runs whatever is due, as typing pauses. */
function manualSchedule(): { schedule: Schedule; flush: () => void; pending: () => number } {
  let queue: (() => void)[] = [];
  return {
    schedule: (fn) => {
      queue.push(fn);
      return () => {
        queue = queue.filter((f) => f !== fn);
      };
    },
    flush: () => {
      const q = queue;
      queue = [];
      for (const f of q) f();
    },
    pending: () => queue.length,
  };
}

function services(overrides: Partial<LanguageServices> = {}): LanguageServices {
  return {
    complete: () => [{ label: 'field', kind: 'keyword' }],
    hover: () => undefined,
    definition: () => undefined,
    references: () => [],
    rename: () => ({ edits: [] }),
    outline: () => [],
    codeActions: () => [],
    formatDocument: () => undefined,
    ...overrides,
  };
}

describe('VersionBook', () => {
  it('keeps the highest version it was told of, and calls anything older stale', () => {
    const book = new VersionBook();
    book.note('a.proc', 3);
    book.note('a.proc', 2); // a late message cannot take the version back
    expect(book.get('a.proc')).toBe(3);
    expect(book.isCurrent('a.proc', 2)).toBe(false);
    expect(book.isCurrent('a.proc', 3)).toBe(true);
    expect(book.isCurrent('other.proc', 1)).toBe(true);
  });
});

describe('LanguageClient (the page side)', () => {
  it('matches each response to its request by id, whatever order they come back in', async () => {
    const sent: ToWorker[] = [];
    const client = new LanguageClient((m) => sent.push(m));
    client.update('a.proc', 1, 'x');
    const first = client.request('hover', 'a.proc', 1, { offset: 0 });
    const second = client.request('complete', 'a.proc', 1, { offset: 1 });
    const [r1, r2] = sent.filter((m): m is Extract<ToWorker, { type: 'request' }> => m.type === 'request');
    expect(r1!.id).not.toBe(r2!.id);
    client.receive({ type: 'response', id: r2!.id, path: 'a.proc', version: 1, outcome: 'ok', result: [{ label: 'form', kind: 'keyword' }] });
    client.receive({ type: 'response', id: r1!.id, path: 'a.proc', version: 1, outcome: 'ok', result: { start: 0, end: 1, markdown: '**x**' } });
    expect(await first).toEqual({ start: 0, end: 1, markdown: '**x**' });
    expect(await second).toEqual([{ label: 'form', kind: 'keyword' }]);
    expect(client.pendingCount).toBe(0);
  });

  it('drops an answer computed for a text the designer has since changed', async () => {
    const sent: ToWorker[] = [];
    const client = new LanguageClient((m) => sent.push(m));
    client.update('a.proc', 1, 'x');
    const answer = client.request('definition', 'a.proc', 1, { offset: 0 });
    client.update('a.proc', 2, 'xy'); // typed again before the answer came
    const req = sent.find((m) => m.type === 'request') as Extract<ToWorker, { type: 'request' }>;
    client.receive({ type: 'response', id: req.id, path: 'a.proc', version: 1, outcome: 'ok', result: { path: 'a.proc', start: 0, end: 1 } });
    expect(await answer).toBeUndefined();
    expect(client.dropped.responses).toBe(1);
  });

  it('resolves a request the worker refused as stale with nothing, and rejects on a worker error', async () => {
    const sent: ToWorker[] = [];
    const client = new LanguageClient((m) => sent.push(m));
    const stale = client.request('outline', 'a.proc', 1, {});
    const failing = client.request('outline', 'a.proc', 1, {});
    const [s, f] = sent as Extract<ToWorker, { type: 'request' }>[];
    client.receive({ type: 'response', id: s!.id, path: 'a.proc', version: 1, outcome: 'stale' });
    client.receive({ type: 'response', id: f!.id, path: 'a.proc', version: 1, outcome: 'error', error: 'boom' });
    expect(await stale).toBeUndefined();
    await expect(failing).rejects.toThrow('boom');
  });

  it('never passes on diagnostics or previews for an older version', () => {
    const diagnostics = vi.fn();
    const preview = vi.fn();
    const client = new LanguageClient(() => {}, { diagnostics, preview });
    client.update('a.proc', 5, 'x');
    client.receive({ type: 'diagnostics', path: 'a.proc', version: 4, diagnostics: [] });
    const whole = { procedures: [], errors: 0, warnings: 0, changes: { changed: false, vi: '', en: '' } };
    client.receive({ type: 'preview', path: 'a.proc', version: 4, base: 0, seq: 1, delta: { v: whole }, pending: [] });
    expect(diagnostics).not.toHaveBeenCalled();
    expect(preview).not.toHaveBeenCalled();
    expect(client.dropped).toMatchObject({ diagnostics: 1, previews: 1 });
    client.receive({ type: 'diagnostics', path: 'a.proc', version: 5, diagnostics: [] });
    expect(diagnostics).toHaveBeenCalledWith('a.proc', 5, []);
  });

  it('fails every waiting request when the worker stops', async () => {
    const client = new LanguageClient(() => {});
    const waiting = client.request('complete', 'a.proc', 1, { offset: 0 });
    client.dispose('worker crashed');
    await expect(waiting).rejects.toThrow('worker crashed');
  });
});

describe('LanguageSession (the worker side)', () => {
  it('answers a request made on an older text as stale, without computing anything', () => {
    const out: FromWorker[] = [];
    const complete = vi.fn(() => []);
    const clock = manualSchedule();
    const session = new LanguageSession((m) => out.push(m), services({ complete }), clock.schedule);
    session.handle({ type: 'init', files: [{ path: 'demo.proc', text: PROCEDURE, version: 1 }] });
    session.handle({ type: 'update', path: 'demo.proc', version: 2, text: `${PROCEDURE}\n` });
    session.handle({ type: 'request', id: 7, method: 'complete', path: 'demo.proc', version: 1, params: { offset: 3 } });
    expect(complete).not.toHaveBeenCalled();
    expect(out).toContainEqual({ type: 'response', id: 7, path: 'demo.proc', version: 1, outcome: 'stale' });
  });

  it('answers with the services, on the latest text, echoing the id and version', () => {
    const out: FromWorker[] = [];
    const clock = manualSchedule();
    const seen: string[] = [];
    const session = new LanguageSession((m) => out.push(m), services({ complete: (ws, path) => (seen.push(ws.file(path)!.text), []) }), clock.schedule);
    session.handle({ type: 'init', files: [{ path: 'demo.proc', text: PROCEDURE, version: 1 }] });
    session.handle({ type: 'update', path: 'demo.proc', version: 2, text: `# sửa\n${PROCEDURE}` });
    session.handle({ type: 'request', id: 1, method: 'complete', path: 'demo.proc', version: 2, params: { offset: 0 } });
    expect(seen).toEqual([`# sửa\n${PROCEDURE}`]);
    expect(out).toContainEqual({ type: 'response', id: 1, path: 'demo.proc', version: 2, outcome: 'ok', result: [] });
  });

  it('turns a failing service into an error response instead of dying', () => {
    const out: FromWorker[] = [];
    const session = new LanguageSession(
      (m) => out.push(m),
      services({ outline: () => { throw new Error('kaput'); } }),
      manualSchedule().schedule,
    );
    session.handle({ type: 'init', files: [{ path: 'demo.proc', text: PROCEDURE, version: 1 }] });
    session.handle({ type: 'request', id: 3, method: 'outline', path: 'demo.proc', version: 1, params: {} });
    expect(out).toContainEqual({ type: 'response', id: 3, path: 'demo.proc', version: 1, outcome: 'error', error: 'kaput' });
  });

  it('analyses a burst of keystrokes once, for the last version only', () => {
    const out: FromWorker[] = [];
    const clock = manualSchedule();
    const session = new LanguageSession((m) => out.push(m), services(), clock.schedule);
    session.handle({ type: 'init', files: [{ path: 'common/agencies.proc', text: AGENCIES, version: 1 }, { path: 'demo.proc', text: PROCEDURE, version: 1 }] });
    session.handle({ type: 'focus', path: 'demo.proc' });
    for (let v = 2; v <= 6; v++) session.handle({ type: 'update', path: 'demo.proc', version: v, text: PROCEDURE.replace('version 1', `version ${v}`) });
    expect(clock.pending()).toBe(1);
    clock.flush();
    expect(session.analyses).toBe(1);
    const diags = out.filter((m) => m.type === 'diagnostics');
    expect(diags).toEqual([{ type: 'diagnostics', path: 'demo.proc', version: 6, diagnostics: [] }]);
    const previews = out.filter((m): m is Extract<FromWorker, { type: 'preview' }> => m.type === 'preview');
    expect(previews).toHaveLength(1);
    expect(previews[0]!.version).toBe(6);
    expect(previews[0]!.base).toBe(0); // the first preview of the file is whole
    expect(applyDelta<PreviewModel>(undefined, previews[0]!.delta).procedure?.version).toBe(6);
  });

  it('sends the edited file’s markers and preview first, and the other open files’ markers after, unless another edit came', () => {
    const out: FromWorker[] = [];
    const clock = manualSchedule();
    const session = new LanguageSession((m) => out.push(m), services(), clock.schedule);
    session.handle({ type: 'init', files: [{ path: 'common/agencies.proc', text: AGENCIES, version: 1 }, { path: 'demo.proc', text: PROCEDURE, version: 1 }] });
    session.handle({ type: 'focus', path: 'common/agencies.proc' });
    session.handle({ type: 'focus', path: 'demo.proc' }); // both open, demo.proc shown
    clock.flush();
    clock.flush();
    clock.flush();
    out.splice(0);
    session.handle({ type: 'update', path: 'demo.proc', version: 2, text: PROCEDURE.replace('Ghi chú', 'Ghi chú 2') });
    clock.flush();
    expect(out.map((m) => m.type)).toEqual(['diagnostics', 'preview', 'timing']);
    out.splice(0);
    clock.flush(); // the changes since saved and the IR
    expect(out.splice(0).map((m) => m.type)).toEqual(['preview']);
    clock.flush(); // the other open file
    expect(out.splice(0)).toEqual([{ type: 'diagnostics', path: 'common/agencies.proc', version: 1, diagnostics: [] }]);

    session.handle({ type: 'update', path: 'demo.proc', version: 3, text: PROCEDURE.replace('Ghi chú', 'Ghi chú 3') });
    clock.flush();
    session.handle({ type: 'update', path: 'demo.proc', version: 4, text: PROCEDURE.replace('Ghi chú', 'Ghi chú 4') }); // before the follow-up ran
    out.splice(0);
    clock.flush(); // version 3's follow-up gives way; version 4 is analysed
    expect(out.map((m) => [m.type, 'version' in m ? m.version : 0])).toEqual([['diagnostics', 4], ['preview', 4], ['timing', 4]]);
  });

  it('reports a mistake at the offset where it is written, with a Vietnamese message', () => {
    const out: FromWorker[] = [];
    const clock = manualSchedule();
    const session = new LanguageSession((m) => out.push(m), services(), clock.schedule);
    session.handle({ type: 'init', files: [{ path: 'common/agencies.proc', text: AGENCIES, version: 1 }, { path: 'demo.proc', text: PROCEDURE, version: 1 }] });
    const broken = PROCEDURE.replace('submit -> done', 'submit -> dnoe');
    session.handle({ type: 'update', path: 'demo.proc', version: 2, text: broken });
    clock.flush();
    const d = out.find((m): m is Extract<FromWorker, { type: 'diagnostics' }> => m.type === 'diagnostics');
    expect(d?.version).toBe(2);
    const error = d!.diagnostics.find((x) => x.severity === 'error' && broken.slice(x.start, x.end) === 'dnoe');
    expect(error).toBeDefined();
    expect(error!.message.vi).toMatch(/`dnoe`.*`done`/);
  });
});

describe('page and worker together', () => {
  it('only the latest text’s diagnostics reach the editor when the worker lags behind', () => {
    const toPage: FromWorker[] = [];
    const clock = manualSchedule();
    const session = new LanguageSession((m) => toPage.push(m), services(), clock.schedule);
    const shown: number[] = [];
    const client = new LanguageClient((m) => session.handle(m), { diagnostics: (_p, v) => shown.push(v) });
    client.init([
      { path: 'common/agencies.proc', text: AGENCIES, version: 1 },
      { path: 'demo.proc', text: PROCEDURE, version: 1 },
    ]);
    client.focus('demo.proc');
    client.update('demo.proc', 2, PROCEDURE.replace('Ghi chú', 'Ghi chú 2'));
    clock.flush(); // the worker analyses version 2 …
    client.update('demo.proc', 3, PROCEDURE.replace('Ghi chú', 'Ghi chú thêm')); // … while the designer types on
    for (const m of toPage.splice(0)) client.receive(m); // version 2's results arrive late
    expect(shown).toEqual([]);
    clock.flush();
    for (const m of toPage.splice(0)) client.receive(m);
    expect(shown).toEqual([3]);
  });

  it('rebuilds each preview from the changes the worker sends, and has the changes since saved follow', () => {
    const toPage: FromWorker[] = [];
    const clock = manualSchedule();
    const session = new LanguageSession((m) => toPage.push(m), services(), clock.schedule);
    const shown: { version: number; preview: PreviewModel; pending: readonly string[] }[] = [];
    const client = new LanguageClient((m) => session.handle(m), { preview: (_p, version, preview, pending) => shown.push({ version, preview, pending }) });
    const files = [
      { path: 'common/agencies.proc', text: AGENCIES, version: 1 },
      { path: 'demo.proc', text: PROCEDURE, version: 1 },
    ];
    client.panels(['form']);
    client.init(files);
    client.focus('demo.proc');
    const texts = [PROCEDURE, PROCEDURE.replace('Thủ tục thử', 'Thủ tục thử mới'), PROCEDURE.replace('Ghi chú', 'Ghi chú thêm'), PROCEDURE.replace('submit -> done', 'submit -> dnoe')];
    const step = (version: number, text: string) => {
      if (version > 1) client.update('demo.proc', version, text);
      clock.flush(); // the analysis…
      for (const m of toPage.splice(0)) client.receive(m);
      clock.flush(); // … and what follows it
      for (const m of toPage.splice(0)) client.receive(m);
    };
    texts.forEach((text, i) => step(i + 1, text));
    const ws = (text: string) => Workspace.fromFiles([[files[0]!.path, AGENCIES], ['demo.proc', text]]);
    const expected = (text: string) => {
      const w = ws(text);
      return JSON.parse(JSON.stringify(buildPreview(w, 'demo.proc', checkFile(w, 'demo.proc'), PROCEDURE)));
    };
    // The first preview is whole; later ones come first without their changes since saved and
    // IR, then with them (version 4 has an error: no IR).
    expect(shown.map((s) => [s.version, s.pending])).toEqual([
      [1, []],
      [2, ['changes', 'ir']],
      [2, []],
      [3, ['changes', 'ir']],
      [3, []],
      [4, ['changes']],
      [4, []],
    ]);
    texts.forEach((text, i) => expect(shown.filter((s) => s.version === i + 1).at(-1)!.preview).toEqual(expected(text)));
    expect(shown[2]!.preview.changes.changed).toBe(true);
    // Unchanged parts are the page's own objects from before.
    expect(shown[3]!.preview.procedure!.workflow).toBe(shown[2]!.preview.procedure!.workflow);
    expect(client.dropped.unmatched).toBe(0);

    expect(shown[3]!.preview.procedure!.ir).toBe(shown[2]!.preview.procedure!.ir); // kept, until…
    expect(shown[4]!.preview.procedure!.ir.form.fields[0]!.label).toBe('Ghi chú thêm'); // … it follows

    // With the Changes panel on screen, the changes come with the preview; after the error
    // above, the procedure comes whole (the page had none) …
    client.panels(['changes']);
    step(5, PROCEDURE.replace('version 1', 'version 2'));
    expect(shown.filter((s) => s.version === 5).map((s) => s.pending)).toEqual([[]]);
    expect(shown.at(-1)!.preview.changes.vi).toMatch(/2/);
    expect(shown.at(-1)!.preview).toEqual(expected(PROCEDURE.replace('version 1', 'version 2')));
    // … and then the IR follows …
    step(6, PROCEDURE.replace('version 1', 'version 3'));
    expect(shown.filter((s) => s.version === 6).map((s) => s.pending)).toEqual([['ir'], []]);
    expect(shown.at(-1)!.preview).toEqual(expected(PROCEDURE.replace('version 1', 'version 3')));
    // … unless the Documents and fees panel, which evaluates it, is on screen.
    client.panels(['docs']);
    step(7, PROCEDURE.replace('version 1', 'version 4'));
    expect(shown.filter((s) => s.version === 7).map((s) => s.pending)).toEqual([['changes'], []]);
    expect(shown.filter((s) => s.version === 7)[0]!.preview.procedure!.ir.version).toBe(4);
    expect(shown.at(-1)!.preview).toEqual(expected(PROCEDURE.replace('version 1', 'version 4')));
  });

  it('applies a preview that came too late, so the next one (sent as changes to it) still fits', () => {
    const toPage: FromWorker[] = [];
    const clock = manualSchedule();
    const session = new LanguageSession((m) => toPage.push(m), services(), clock.schedule);
    const shown: PreviewModel[] = [];
    const client = new LanguageClient((m) => session.handle(m), { preview: (_p, _v, preview) => shown.push(preview) });
    client.init([
      { path: 'common/agencies.proc', text: AGENCIES, version: 1 },
      { path: 'demo.proc', text: PROCEDURE, version: 1 },
    ]);
    client.focus('demo.proc');
    clock.flush();
    for (const m of toPage.splice(0)) client.receive(m);
    client.update('demo.proc', 2, PROCEDURE.replace('Ghi chú', 'Ghi chú 2'));
    clock.flush();
    client.update('demo.proc', 3, PROCEDURE.replace('Ghi chú', 'Ghi chú 3')); // typed on before version 2's preview came
    for (const m of toPage.splice(0)) client.receive(m);
    clock.flush();
    clock.flush();
    for (const m of toPage.splice(0)) client.receive(m);
    expect(client.dropped.previews).toBeGreaterThan(0);
    expect(client.dropped.unmatched).toBe(0);
    const form = shown.at(-1)!.procedure!.form;
    expect(form[0]).toMatchObject({ id: 'note', label: 'Ghi chú 3' });
  });
});
