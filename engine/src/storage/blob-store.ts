// Uploaded files as content-addressed blobs in a data directory: the key is the sha256 of the
// bytes, so storing the same scan twice costs nothing and a key always means the same content.

import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageError } from './errors.ts';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export const DEFAULT_BLOB_DIR = '.data/blobs';

export class BlobStore {
  constructor(readonly dir: string = DEFAULT_BLOB_DIR) {}

  /** Stores the bytes and returns their sha256 (hex). Storing bytes already present is a no-op. */
  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.#pathOf(sha256);
    if (await exists(path)) return sha256;
    await mkdir(join(path, '..'), { recursive: true });
    // Written beside the target and renamed into place: rename is atomic on one file system, so a
    // reader (or a crash) never sees half a file under a valid key. Two writers of the same
    // content both rename identical bytes; the last one wins harmlessly.
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, bytes, { flush: true });
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return sha256;
  }

  /** The bytes under `sha256`, or undefined when absent; throws if the file no longer matches its key. */
  async get(sha256: string): Promise<Uint8Array | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.#pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    // A citizen's document must be what was uploaded; disk corruption surfaces here, not later.
    if (createHash('sha256').update(bytes).digest('hex') !== sha256) {
      throw new Error(`blob ${sha256} is corrupt: its content no longer matches its hash`);
    }
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.#pathOf(sha256));
  }

  // Two-character fan-out keeps directories small once there are millions of documents.
  #pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) {
      throw new StorageError('invalid_argument', `not a sha256 key (64 lower-case hex digits): "${sha256}"`);
    }
    return join(this.dir, sha256.slice(0, 2), sha256);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
