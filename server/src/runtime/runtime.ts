// Everything the server runs on, built once at start: the database (embedded SQLite file by
// default, PostgreSQL when DATABASE_URL says so), the procedures of `procedures/` compiled and
// published, the sample registries, the engine, the result-signing key and the token secret.
import { generateKeyPairSync, randomBytes, type KeyObject, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadWorkspace } from '@motcua/dsl/node';
import { BlobStore, canonicalJson, DossierEngine, openDatabase, SampleRegistry, type Registry, type Storage } from '@motcua/engine';
import { buildCatalog, type CatalogEntry } from './catalog.ts';

export interface RuntimeOptions {
  /** Where the embedded database, blobs and keys live (default `.data`). */
  readonly dataDir?: string;
  /** `postgres://…` or a SQLite path; default `<dataDir>/motcua.sqlite`. */
  readonly databaseUrl?: string;
  /** PostgreSQL schema (tests give each run its own). */
  readonly databaseSchema?: string;
  /** The procedure library loaded and published at start (default the repository's `procedures/`; `pnpm start` takes MOTCUA_PROCEDURES). */
  readonly proceduresDir?: string;
  readonly registry?: Registry;
  /** The engine's clock (tests use a virtual one). */
  readonly now?: () => number;
}

export interface ResultKeys {
  sign(payload: unknown): string;
  verify(payload: unknown, signature: string): boolean;
  readonly publicKeyPem: string;
}

export interface Runtime {
  readonly storage: Storage;
  readonly engine: DossierEngine;
  readonly registry: SampleRegistry | Registry;
  readonly catalog: readonly CatalogEntry[];
  readonly catalogFailures: readonly string[];
  readonly keys: ResultKeys;
  /** Secret for signing session tokens and payment callbacks. */
  readonly secret: Buffer;
  readonly dataDir: string;
  /** The procedure library this runtime loaded and published (absolute): the one the studio edits. */
  readonly proceduresDir: string;
  close(): Promise<void>;
}

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');

/**
 * Reads a key from the data directory, creating it on first start. Several processes sharing the
 * directory may start at once: the key is written whole to a file of its own and linked into
 * place, which fails if another process got there first — then everyone reads the winner's key
 * (never a half-written file), so tokens and signatures of one process hold on the others.
 */
function loadOrCreate(path: string, create: () => string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8');
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, create(), { mode: 0o600, flush: true });
  try {
    linkSync(temp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    rmSync(temp, { force: true });
  }
  return readFileSync(path, 'utf8');
}

function resultKeys(dataDir: string): ResultKeys {
  const pem = loadOrCreate(join(dataDir, 'result-signing-key.pem'), () =>
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
  const privateKey: KeyObject = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  return {
    sign: (payload) => sign(null, Buffer.from(typeof payload === 'string' ? payload : canonicalJson(payload)), privateKey).toString('base64url'),
    verify: (payload, signature) => {
      try {
        return verify(null, Buffer.from(typeof payload === 'string' ? payload : canonicalJson(payload)), publicKey, Buffer.from(signature, 'base64url'));
      } catch {
        return false;
      }
    },
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const dataDir = resolve(options.dataDir ?? join(REPO_ROOT, '.data'));
  mkdirSync(dataDir, { recursive: true });
  const storage = await openDatabase({
    url: options.databaseUrl ?? join(dataDir, 'motcua.sqlite'),
    ...(options.databaseSchema ? { schema: options.databaseSchema } : {}),
  });
  const keys = resultKeys(dataDir);
  const secret = Buffer.from(
    process.env['MOTCUA_SECRET'] ?? loadOrCreate(join(dataDir, 'token-secret'), () => randomBytes(32).toString('hex')),
    'utf8',
  );
  const registry = options.registry ?? (await SampleRegistry.load());
  const engine = new DossierEngine({
    storage,
    registry,
    blobs: new BlobStore(join(dataDir, 'blobs')),
    ...(options.now ? { now: options.now } : {}),
    signer: { sign: (payload) => keys.sign(payload) },
  });
  const proceduresDir = resolve(options.proceduresDir ?? join(REPO_ROOT, 'procedures'));
  const ws = loadWorkspace(proceduresDir);
  const { entries, failed } = buildCatalog(ws);
  for (const e of entries) await engine.publish(e.ir);
  return {
    storage,
    engine,
    registry,
    catalog: entries,
    catalogFailures: failed,
    keys,
    secret,
    dataDir,
    proceduresDir,
    close: () => storage.close(),
  };
}
