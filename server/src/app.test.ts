import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '@motcua/dsl/node';
import { buildCatalog, createApp } from './app.ts';
import { markdownToHtml } from './pages.ts';

const { entries, failed } = buildCatalog(loadWorkspace(resolve(import.meta.dirname, '..', '..', 'procedures')));
const app = createApp(entries);

describe('catalog server', () => {
  it('compiles every procedure of the library', () => {
    expect(failed).toEqual([]);
    expect(entries.map((e) => e.id)).toEqual(expect.arrayContaining(['dang_ky_thuong_tru', 'dang_ky_khai_sinh', 'cap_doi_giay_phep_lai_xe']));
  });

  it('answers /healthz', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', procedures: entries.length });
  });

  it('serves a procedure card page in Vietnamese with its sections', async () => {
    const res = await app.request('/procedures/dang_ky_thuong_tru');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    for (const section of ['Trình tự thực hiện', 'Thành phần hồ sơ', 'Thời hạn giải quyết', 'Lệ phí', 'Căn cứ pháp lý']) expect(html).toContain(section);
  });

  it('serves the IR and the form schema as JSON', async () => {
    const ir = (await (await app.request('/api/procedures/dang_ky_thuong_tru')).json()) as { irVersion: number };
    expect(ir.irVersion).toBe(1);
    const schema = (await (await app.request('/api/procedures/dang_ky_thuong_tru/form-schema')).json()) as { $schema: string };
    expect(schema.$schema).toContain('2020-12');
  });

  it('answers an unknown procedure with a problem+json 404 in Vietnamese', async () => {
    const res = await app.request('/api/procedures/khong_co');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { title: string }).title).toContain('Không có thủ tục');
  });
});

describe('markdown of cards', () => {
  it('escapes HTML and renders headings, lists and tables', () => {
    const html = markdownToHtml('# A <b>\n\n- x\n- y\n\n| a | b |\n| --- | --- |\n| 1 | 2 |');
    expect(html).toContain('<h1>A &lt;b&gt;</h1>');
    expect(html).toContain('<ul>\n<li>x</li>\n<li>y</li>\n</ul>');
    expect(html).toContain('<td>1</td><td>2</td>');
  });
});
