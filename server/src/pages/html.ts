// HTML by tagged template: every interpolated value is escaped unless it is already `Html`
// (the result of another `html` template, or `raw()` for markup we produced ourselves). Escaping
// by default means a forgotten `esc()` cannot become a script injection.
import { esc } from './layout.ts';

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type Child = Html | string | number | boolean | null | undefined | readonly Child[];

/** Markup produced by our own code (SVG charts, the QR code, the card converter): not escaped. */
export const raw = (markup: string): Html => new Html(markup);

function render(v: Child): string {
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false || v === true) return '';
  return esc(String(v));
}

export function html(strings: TemplateStringsArray, ...values: readonly Child[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** Joins children with a separator (escaped like any child). */
export function join(items: readonly Child[], separator: Child): Html {
  return new Html(items.map(render).join(render(separator)));
}
