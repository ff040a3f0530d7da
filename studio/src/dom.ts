// A small element builder for the panels: h('div', { class: 'x' }, child, 'text'). Text is
// always set as text (never parsed as HTML), so labels from procedure files cannot inject markup.

type Child = Node | string | number | false | null | undefined;
/** Children nest freely: arrays are flattened. */
export type Children = Child | readonly Children[];
type Attrs = Record<string, string | number | boolean | EventListener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Children[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Children[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el: Element, children: readonly Children[]): void {
  for (const c of children) {
    if (isList(c)) append(el, c);
    else if (c !== null && c !== undefined && c !== false)
      el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

const isList = (c: Children): c is readonly Children[] => Array.isArray(c);

/** Replace an element's content. */
export function fill(el: Element, ...children: Children[]): void {
  el.replaceChildren();
  append(el, children);
}

// ---------------------------------------------------------------------------- updating in place
// Re-rendering a large preview from scratch on every keystroke makes the browser lay the whole
// panel out again. Instead a view can keep the nodes that did not change (the same objects) and
// mark the elements that may be updated in place; patch() then touches only what differs.

const patchables = new WeakSet<Node>();

/**
 * Marks an element that patch() may update in place (its attributes and children) from a newly
 * built one: it has no listeners and no code keeps a reference to it. Other elements are only
 * ever kept as they are (same object) or replaced.
 */
export function patchable<T extends Element>(el: T): T {
  patchables.add(el);
  return el;
}

const morphable = (have: Node, want: Node): boolean =>
  (have.nodeType === Node.TEXT_NODE && want.nodeType === Node.TEXT_NODE) ||
  (patchables.has(have) && patchables.has(want) && (have as Element).tagName === (want as Element).tagName);

function morph(have: Node, want: Node): void {
  if (have.nodeType === Node.TEXT_NODE) {
    if (have.nodeValue !== want.nodeValue) have.nodeValue = want.nodeValue;
    return;
  }
  const a = have as Element;
  const b = want as Element;
  for (const name of a.getAttributeNames()) if (!b.hasAttribute(name)) a.removeAttribute(name);
  for (const name of b.getAttributeNames()) {
    const v = b.getAttribute(name)!;
    if (a.getAttribute(name) !== v) a.setAttribute(name, v);
  }
  patch(a, Array.from(b.childNodes));
}

/** Flattens children as h() does, strings becoming text nodes. */
export function nodes(...children: Children[]): Node[] {
  const out: Node[] = [];
  const walk = (cs: readonly Children[]) => {
    for (const c of cs) {
      if (isList(c)) walk(c);
      else if (c !== null && c !== undefined && c !== false) out.push(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
  };
  walk(children);
  return out;
}

/**
 * Makes `parent`'s children exactly `next`: a node already in its place stays untouched, a
 * patchable element (or a text node) in the place of another is updated in place, anything else
 * is inserted, moved or removed. Nodes of `next` may be children of `parent` already.
 */
export function patch(parent: Element, next: readonly Node[]): void {
  const wanted = new Set(next);
  for (let i = 0; i < next.length; i++) {
    const want = next[i]!;
    const have = parent.childNodes[i];
    if (have === want) continue;
    if (have && !wanted.has(have)) {
      if (want.parentNode !== parent && morphable(have, want)) morph(have, want);
      else parent.replaceChild(want, have);
    } else parent.insertBefore(want, have ?? null);
  }
  while (parent.childNodes.length > next.length) parent.lastChild!.remove();
}
