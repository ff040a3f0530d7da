// A readable API reference rendered from the OpenAPI document (no CDN, no script): one section
// per tag, each operation with its roles, parameters, body schema and error responses.
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface Op {
  summary?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string; required: boolean; schema: unknown }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses?: Record<string, { description: string }>;
  'x-roles'?: string[];
  security?: unknown[];
}

export function renderApiReference(doc: unknown): string {
  const d = doc as { info: { title: string; description: string }; paths: Record<string, Record<string, Op>> };
  const byTag = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(d.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = op.tags?.[0] ?? 'other';
      const who = op.security && op.security.length === 0 ? 'công khai / public' : (op['x-roles'] ?? []).join(', ');
      const params = (op.parameters ?? []).map((p) => `<li><code>${esc(p.name)}</code> (${p.in}${p.required ? ', bắt buộc' : ''}) <code>${esc(JSON.stringify(p.schema))}</code></li>`).join('');
      const body = op.requestBody ? Object.entries(op.requestBody.content).map(([type, c]) => `<p>Body <code>${esc(type)}</code></p><pre>${esc(JSON.stringify(c.schema, null, 2))}</pre>`).join('') : '';
      const responses = Object.entries(op.responses ?? {}).map(([code, r]) => `<li><code>${code}</code> ${esc(r.description)}</li>`).join('');
      const html = `<section class="op"><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary ?? '')}</p><p class="who">Quyền / roles: ${esc(who)}</p>
${params ? `<ul>${params}</ul>` : ''}${body}<ul class="resp">${responses}</ul></section>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const sections = [...byTag].map(([tag, ops]) => `<h2 id="${esc(tag)}">${esc(tag)}</h2>${ops.join('\n')}`).join('\n');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(d.info.title)} — tài liệu API</title>
<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:0 auto;padding:1rem;line-height:1.45;color:#1b1b1b}
code,pre{font-family:ui-monospace,monospace;font-size:.85em}pre{background:#f4f4f4;padding:.5rem;overflow:auto;max-height:20rem}
.op{border-top:1px solid #ddd;padding:.5rem 0}.m{display:inline-block;min-width:4.5em;text-align:center;border-radius:4px;color:#fff;padding:0 .3em}
.get{background:#2b6cb0}.post{background:#2f855a}.patch{background:#b7791f}.delete{background:#c53030}.put{background:#6b46c1}.who{color:#555}</style></head>
<body><h1>${esc(d.info.title)}</h1><p>${esc(d.info.description)}</p>
<p>Máy đọc / machine-readable: <a href="/openapi.json">/openapi.json</a>. Lỗi trả về dạng <code>application/problem+json</code> với <code>code</code>, thông điệp tiếng Việt (<code>?lang=en</code> cho tiếng Anh) và <code>errors[].path</code>.</p>
${sections}</body></html>`;
}
