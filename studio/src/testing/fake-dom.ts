// Test support: just enough of the DOM for the panels' views (../dom.ts builds them) to render in
// Node, so a test can read what a panel shows. Elements keep their attributes, children and text;
// listeners are kept but never fired; no layout, no selectors, no HTML parsing.

class FakeNode {
  static readonly ELEMENT_NODE = 1;
  static readonly TEXT_NODE = 3;
  parentNode: FakeElement | null = null;
  constructor(readonly nodeType: number) {}

  remove(): void {
    this.parentNode?.removeChild(this);
  }
}

class FakeText extends FakeNode {
  constructor(public nodeValue: string) {
    super(FakeNode.TEXT_NODE);
  }

  get textContent(): string {
    return this.nodeValue;
  }
}

class FakeElement extends FakeNode {
  readonly childNodes: FakeNode[] = [];
  private readonly attributes = new Map<string, string>();
  readonly listeners = new Map<string, EventListener[]>();
  // Form controls' properties, set directly by the views.
  value = '';
  checked = false;
  selected = false;

  constructor(readonly tagName: string) {
    super(FakeNode.ELEMENT_NODE);
  }

  get lastChild(): FakeNode | null {
    return this.childNodes.at(-1) ?? null;
  }

  get textContent(): string {
    return this.childNodes.map((c) => (c as FakeText | FakeElement).textContent).join('');
  }

  set textContent(text: string) {
    this.replaceChildren(new FakeText(text));
  }

  readonly classList = {
    contains: (name: string) => (this.getAttribute('class') ?? '').split(/\s+/).includes(name),
    toggle: (name: string, force?: boolean) => {
      const names = new Set((this.getAttribute('class') ?? '').split(/\s+/).filter(Boolean));
      const on = force ?? !names.has(name);
      if (on) names.add(name);
      else names.delete(name);
      this.setAttribute('class', [...names].join(' '));
      return on;
    },
  };

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, String(value));
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  hasAttribute(name: string): boolean {
    return this.attributes.has(name);
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }
  getAttributeNames(): string[] {
    return [...this.attributes.keys()];
  }
  addEventListener(type: string, listener: EventListener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  append(...children: (FakeNode | string)[]): void {
    for (const c of children) this.insertBefore(typeof c === 'string' ? new FakeText(c) : c, null);
  }
  replaceChildren(...children: (FakeNode | string)[]): void {
    for (const c of [...this.childNodes]) this.removeChild(c);
    this.append(...children);
  }
  insertBefore(node: FakeNode, before: FakeNode | null): FakeNode {
    node.remove();
    const at = before ? this.childNodes.indexOf(before) : -1;
    if (at < 0) this.childNodes.push(node);
    else this.childNodes.splice(at, 0, node);
    node.parentNode = this;
    return node;
  }
  replaceChild(node: FakeNode, old: FakeNode): FakeNode {
    this.insertBefore(node, old);
    this.removeChild(old);
    return old;
  }
  removeChild(node: FakeNode): FakeNode {
    const at = this.childNodes.indexOf(node);
    if (at >= 0) this.childNodes.splice(at, 1);
    node.parentNode = null;
    return node;
  }

  /** Every element below this one (depth first) whose tag is `tag`. */
  all(tag: string): FakeElement[] {
    return this.childNodes.flatMap((c) => (c instanceof FakeElement ? [...(c.tagName.toLowerCase() === tag.toLowerCase() ? [c] : []), ...c.all(tag)] : []));
  }
}

/** Installs the fake `document` and `Node` as globals (once; later calls change nothing). */
export function installFakeDom(): void {
  const g = globalThis as Record<string, unknown>;
  if (g['document']) return;
  g['Node'] = FakeNode;
  g['document'] = {
    documentElement: new FakeElement('HTML'),
    createElement: (tag: string) => new FakeElement(tag.toUpperCase()),
    createElementNS: (_ns: string, tag: string) => new FakeElement(tag),
    createTextNode: (text: string) => new FakeText(text),
  };
}

/** The text of an element the views built (a fake one), with runs of whitespace as one space. */
export const textOf = (el: Element): string => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The elements with this tag below `el` (built while the fake DOM is installed). */
export const elementsOf = (el: Element, tag: string): Element[] => (el as unknown as FakeElement).all(tag) as unknown as Element[];
