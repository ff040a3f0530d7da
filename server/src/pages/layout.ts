// Server-rendered pages (Vietnamese, phone-friendly). Markdown cards are rendered by a
// deliberately small converter: headings, lists, tables and paragraphs are all a card uses.
import type { CatalogEntry } from '../runtime/catalog.ts';

export const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const inline = (s: string) =>
  esc(s)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/`(.+?)`/g, '<code>$1</code>');

export function markdownToHtml(md: string): string {
  const out: string[] = [];
  const lines = md.split('\n');
  // Open lists, outermost first, each with the indentation of its items: an indented item opens a
  // list inside the item above it (a card's steps are numbered items, each with its actions as
  // bullets under it), so numbering runs on across the nested bullets.
  const lists: Array<{ kind: 'ul' | 'ol'; indent: number }> = [];
  const closeList = (above = -1) => {
    while (lists.length && lists[lists.length - 1]!.indent > above) out.push(`</li></${lists.pop()!.kind}>`);
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = /^(\s*)([-*]|\d+\.)\s+(.*)$/.exec(line);
    if (heading) {
      closeList();
      const level = heading[1]!.length;
      out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
    } else if (item) {
      const indent = item[1]!.length;
      const kind = /^\d/.test(item[2]!) ? 'ol' : 'ul';
      closeList(indent);
      const top = lists[lists.length - 1];
      if (top && top.indent === indent && top.kind !== kind) out.push(`</li></${lists.pop()!.kind}>`);
      const current = lists[lists.length - 1];
      if (current && current.indent === indent) out.push('</li>');
      else {
        out.push(`<${kind}>`);
        lists.push({ kind, indent });
      }
      out.push(`<li>${inline(item[3]!)}`);
    } else if (line.startsWith('|')) {
      closeList();
      const rows: string[][] = [];
      while (i < lines.length && lines[i]!.startsWith('|')) {
        const cells = lines[i]!.split('|').slice(1, -1).map((c) => c.trim());
        if (!cells.every((c) => /^:?-+:?$/.test(c))) rows.push(cells);
        i++;
      }
      i--;
      const [head = [], ...body] = rows;
      // On a phone each row stacks into a block, each cell under its column's name (data-label);
      // the roles keep it a table for screen readers, which drop a table restyled as blocks.
      out.push(
        `<div class="card-table"><table role="table"><thead><tr role="row">${head.map((c) => `<th role="columnheader" scope="col">${inline(c)}</th>`).join('')}</tr></thead><tbody>${body
          .map((r) => `<tr role="row">${r.map((c, k) => `<td role="cell" data-label="${esc(head[k] ?? '')}">${inline(c)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table></div>`,
      );
    } else if (line.trim() === '') {
      // A blank line between items does not end the list; anything else after it does.
    } else {
      closeList();
      out.push(`<p>${inline(line)}</p>`);
    }
  }
  closeList();
  return out.join('\n');
}

/**
 * The card's tables (markdownToHtml) on a phone: five columns on 300 px are a few letters wide, so
 * below 600 px each row stacks into a bordered block and each cell shows its column's name above
 * its text. Wider, a table that still does not fit scrolls inside its own box, not the page.
 */
export const CARD_TABLE_CSS = `
.card-table{overflow-x:auto;margin:0 0 12px}
@media (max-width:599px){
.card-table table,.card-table tbody,.card-table tr,.card-table td{display:block;width:auto}
.card-table thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.card-table tr{border:1px solid #d5d9df;border-radius:8px;margin:0 0 10px;padding:4px 10px}
.card-table td{border:0;padding:5px 0;overflow-wrap:anywhere}
.card-table td+td{border-top:1px solid #eef0f3}
.card-table td::before{content:attr(data-label);display:block;font-size:13px;font-weight:600;color:#555}
.card-table td:first-child{font-weight:600}
}`;

/** Long unbroken strings — payment references, codes, ids — wrap rather than widen a phone's page. */
export const WRAP_CSS = `
main{overflow-wrap:break-word}
code{overflow-wrap:anywhere}`;

export function layout(title: string, body: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>${esc(title)} — Một cửa</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9}
header{background:#a4161a;color:#fff;padding:12px 16px}header a{color:#fff;text-decoration:none;font-weight:600}
main{max-width:860px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:8px;padding:12px 16px;margin:12px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{border:1px solid #ddd;padding:6px;text-align:left;vertical-align:top}
code{background:#eef;padding:0 3px;border-radius:3px}
.meta{color:#555;font-size:14px}
h1{font-size:22px;line-height:1.3}
input,select{font-size:16px;box-sizing:border-box;border:1px solid #9aa1ab;border-radius:6px}
button,.button{display:inline-block;font:inherit;font-weight:600;min-height:44px;padding:10px 18px;border-radius:6px;border:1px solid #0b57a4;background:#0b57a4;color:#fff;cursor:pointer;text-decoration:none;box-sizing:border-box}
${WRAP_CSS}${CARD_TABLE_CSS}
</style></head><body><header><a href="/">Một cửa · Dịch vụ công trực tuyến</a></header><main>${body}</main></body></html>`;
}

/** The way from these plain pages into the portal, where a dossier is started (and English is offered). */
const portalLink = (href: string, label: string) => `<p><a class="button" href="${esc(href)}">${esc(label)}</a></p>`;

export function renderCatalogPage(catalog: readonly CatalogEntry[]): string {
  const items = catalog
    .map(
      (e) =>
        `<div class="card"><a href="/portal/procedures/${esc(e.id)}"><strong>${esc(e.title)}</strong></a><div class="meta">Mã thủ tục ${esc(e.code)} · phiên bản ${e.version}</div></div>`,
    )
    .join('\n');
  return layout(
    'Danh mục thủ tục',
    `<h1>Danh mục thủ tục hành chính</h1>${portalLink('/portal', 'Tìm thủ tục, nộp hồ sơ trực tuyến')}<p class="meta">${catalog.length} thủ tục</p>${items}`,
  );
}

export function renderCardPage(e: CatalogEntry): string {
  return layout(e.title, `${portalLink(`/portal/procedures/${e.id}`, 'Nộp hồ sơ trực tuyến')}<div class="card">${markdownToHtml(e.card)}</div>`);
}
