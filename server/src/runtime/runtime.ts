// Everything the server runs on, built once at start: the database (embedded SQLite file by
// default, PostgreSQL when DATABASE_URL says so), the procedures of `procedures/` compiled and
// published, the sample registries, the engine, the result-signing key and the token secret.
import { generateKeyPairSync, randomBytes, type KeyObject, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  close(): Promise<void>;
}

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');

function loadOrCreate(path: string, create: () => string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8');
  const value = create();
  writeFileSync(path, value, { mode: 0o600 });
  return value;
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
  const ws = loadWorkspace(options.proceduresDir ?? join(REPO_ROOT, 'procedures'));
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
    close: () => storage.close(),
  };
}
