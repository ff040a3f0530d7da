import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobStore } from './blob-store.ts';
import { StorageError } from './errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'motcua-blobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('blob store', () => {
  it('returns the bytes it stored under their sha256', async () => {
    const store = new BlobStore(join(dir, 'round-trip'));
    const scan = bytesOf('Giấy chứng nhận quyền sử dụng đất — bản scan');
    const key = await store.put(scan);
    expect(key).toBe(sha(scan));
    expect(await store.has(key)).toBe(true);
    expect(await store.get(key)).toEqual(scan);
  });

  it('stores the same content once however often it is put, leaving no temporary files', async () => {
    const root = join(dir, 'idempotent');
    const store = new BlobStore(root);
    const scan = bytesOf('CT01 tờ khai');
    const keys = await Promise.all([store.put(scan), store.put(scan), store.put(scan)]);
    expect(new Set(keys)).toEqual(new Set([sha(scan)]));
    expect(await store.put(scan)).toBe(sha(scan));
    const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.map((f) => f.name)).toEqual([sha(scan)]);
  });

  it('answers absent for content never stored', async () => {
    const store = new BlobStore(join(dir, 'absent'));
    const key = sha(bytesOf('never stored'));
    expect(await store.has(key)).toBe(false);
    expect(await store.get(key)).toBeUndefined();
  });

  it('refuses keys that are not a sha256, so a key cannot walk out of the directory', async () => {
    const store = new BlobStore(join(dir, 'keys'));
    await expect(store.get('../../etc/passwd')).rejects.toBeInstanceOf(StorageError);
    await expect(store.has('ABC')).rejects.toBeInstanceOf(StorageError);
  });

  it('reports a file whose content no longer matches its key', async () => {
    const root = join(dir, 'corrupt');
    const store = new BlobStore(root);
    const key = await store.put(bytesOf('bản gốc'));
    writeFileSync(join(root, key.slice(0, 2), key), 'bị sửa');
    await expect(store.get(key)).rejects.toThrow(/corrupt/);
  });
});
