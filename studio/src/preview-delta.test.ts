import { describe, expect, it } from 'vitest';
import { applyDelta, DeltaEncoder, KEEP, keyOf, type Shape } from './preview-delta.ts';

const SHAPE: Shape = { procedure: { form: 'list', ir: { fields: 'list' } } };

const field = (id: string, label = id) => ({ kind: 'field', id, label, required: 'always' });

function model(title: string, fields: { id: string; label: string }[], extra: Record<string, unknown> = {}) {
  return {
    procedures: [{ id: 'p', title }],
    selected: 'p',
    errors: 0,
    procedure: { id: 'p', title, form: fields, ir: { id: 'p', title, fields, sourceHash: `#${title}` } },
    changes: { changed: false, vi: '', en: '' },
    ...extra,
  };
}

/** The page's copy after each message, starting from nothing. */
function roundTrip(values: unknown[]): { page: unknown[]; deltas: unknown[] } {
  const encoder = new DeltaEncoder();
  let page: unknown;
  const pages: unknown[] = [];
  const deltas: unknown[] = [];
  for (const v of values) {
    const d = encoder.encode(v, SHAPE);
    deltas.push(d);
    page = applyDelta(page, d);
    pages.push(page);
  }
  return { page: pages, deltas };
}

describe('previews sent as changes', () => {
  const fields = Array.from({ length: 50 }, (_, i) => field(`f${i}`, `Trường ${i}`));

  it('rebuilds on the page exactly what the worker had, message after message', () => {
    const values = [
      model('A', fields),
      model('AB', fields),
      model('AB', fields.map((f, i) => (i === 7 ? { ...f, label: 'Nhãn mới' } : f))),
      model('AB', [fields[3]!, ...fields.slice(0, 3), ...fields.slice(4)]), // a field moved
      model('AB', fields.slice(0, 10)), // fields removed
      { procedures: [], errors: 2, changes: { changed: true, vi: 'x', en: 'x' } }, // no procedure (errors)
      model('C', [...fields, field('new')]), // back, with a new field
      model('C', [...fields, field('new')], { selected: undefined }),
    ];
    const { page } = roundTrip(values);
    values.forEach((v, i) => expect(page[i]).toEqual(JSON.parse(JSON.stringify(v))));
  });

  it('sends only what changed, and the page keeps the unchanged parts as the same objects', () => {
    const encoder = new DeltaEncoder();
    const first = applyDelta<ReturnType<typeof model>>(undefined, encoder.encode(model('A', fields), SHAPE));
    const d = encoder.encode(model('AB', fields), SHAPE)!;
    const wire = JSON.stringify(d);
    expect(wire).not.toContain('Trường'); // no field travels again
    expect(wire).toContain('#AB');
    const second = applyDelta<ReturnType<typeof model>>(first, d);
    expect(second.procedure.title).toBe('AB');
    expect(second.procedure.form).toBe(first.procedure.form);
    expect(second.changes).toBe(first.changes);
    expect(second.procedures).not.toBe(first.procedures);

    const edited = fields.map((f, i) => (i === 7 ? { ...f, label: 'Nhãn mới' } : f));
    const d3 = encoder.encode(model('AB', edited), SHAPE)!;
    expect(JSON.stringify(d3).match(/Trường|Nhãn/g)).toEqual(['Nhãn', 'Nhãn']); // the one field, in the form and in the IR
    const third = applyDelta<ReturnType<typeof model>>(second, d3);
    expect(third.procedure.form[7]!.label).toBe('Nhãn mới');
    expect(third.procedure.form[8]).toBe(second.procedure.form[8]);
  });

  it('says nothing changed when nothing did', () => {
    const encoder = new DeltaEncoder();
    encoder.encode(model('A', fields), SHAPE);
    expect(encoder.encode(model('A', fields.map((f) => ({ ...f }))), SHAPE)).toBeUndefined();
  });

  it('leaves a KEEP part as last sent, and can send that part alone later', () => {
    const encoder = new DeltaEncoder();
    const first = applyDelta<ReturnType<typeof model>>(undefined, encoder.encode(model('A', fields), SHAPE));
    const next = { ...model('AB', fields), changes: KEEP };
    const second = applyDelta<ReturnType<typeof model>>(first, encoder.encode(next, SHAPE));
    expect(second.changes).toBe(first.changes);
    const changes = { changed: true, vi: 'Tên: A → AB', en: 'Title: A → AB' };
    const only = Object.fromEntries(Object.keys(next).map((k) => [k, k === 'changes' ? changes : KEEP]));
    const d = encoder.encode(only, SHAPE)!;
    expect(Object.keys((d as { s: object }).s)).toEqual(['changes']);
    const third = applyDelta<ReturnType<typeof model>>(second, d);
    expect(third.changes).toEqual(changes);
    expect(third.procedure).toBe(second.procedure);
    // The encoder now compares with the changes it sent last.
    expect(encoder.encode({ ...model('AB', fields), changes }, SHAPE)).toBeUndefined();
  });

  it('starts again from nothing once told to forget', () => {
    const encoder = new DeltaEncoder();
    encoder.encode(model('A', fields), SHAPE);
    encoder.forget();
    expect(encoder.empty).toBe(true);
    expect(applyDelta(undefined, encoder.encode(model('A', fields), SHAPE))).toEqual(model('A', fields));
  });
});

describe('keyOf', () => {
  it('is the JSON of the value, whatever the depth it is built at', () => {
    const v = model('A', [field('a'), field('b')]);
    for (const depth of [0, 1, 2, 3]) expect(keyOf(structuredClone(v), depth)).toBe(JSON.stringify(v));
    expect(keyOf(undefined)).toBe('');
    expect(keyOf('x')).toBe('"x"');
  });
});
