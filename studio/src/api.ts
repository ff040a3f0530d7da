// The studio's calls to the Motcua server (endpoints in studio/README.md). Paths are relative to
// the procedure library root (`cu_tru/dang_ky_thuong_tru.proc`). Errors are the server's JSON
// problems (`{ code, title (vi), detail (en), status }`), thrown as StudioApiError.
import type { Localized } from '@motcua/dsl';

export interface StudioFile {
  readonly path: string;
}

export interface PublishResult {
  readonly procedureId: string;
  readonly version: number;
  readonly publishedAt?: string;
}

export interface ScenarioOutcome {
  readonly procedure: string;
  readonly scenario: string;
  readonly label?: string;
  readonly passed: boolean;
  readonly failures: readonly { readonly message: Localized; readonly start?: number; readonly end?: number }[];
}

export interface ScenarioReport {
  readonly results: readonly ScenarioOutcome[];
}

/** A problem as the server sends it; `detail` is the English text of older servers. */
export interface Problem {
  readonly code?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly messages?: Partial<Localized>;
}

export class StudioApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.title ?? `HTTP ${status}`);
    this.name = 'StudioApiError';
  }

  /** The server has no studio API here (no server, or an older one): use the sample library. */
  get unavailable(): boolean {
    return this.status === 0 || this.status === 404 || this.status >= 500;
  }
}

/**
 * What went wrong, in the studio's language — not in the browser's: the server words `title`
 * after the browser's Accept-Language, which need not be the language the designer chose.
 */
export function errorMessage(err: unknown, lang: keyof Localized): string {
  if (err instanceof StudioApiError) {
    const p = err.problem;
    return p.messages?.[lang] ?? (lang === 'en' ? p.detail : undefined) ?? p.title ?? err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

const BASE = '/api/studio';
const filePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

async function call(url: string, init?: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    throw new StudioApiError(0, { title: err instanceof Error ? err.message : String(err) });
  }
  if (!res.ok) {
    let problem: Problem = {};
    try {
      problem = (await res.json()) as Problem;
    } catch {
      // not JSON: keep the status only
    }
    throw new StudioApiError(res.status, problem);
  }
  return res;
}

/** GET /api/studio/files → `{ files: [{ path }] }`. */
export async function listFiles(): Promise<StudioFile[]> {
  const body = (await (await call(`${BASE}/files`)).json()) as { files?: StudioFile[] };
  if (!Array.isArray(body.files)) throw new StudioApiError(502, { title: 'Phản hồi không hợp lệ / invalid response' });
  return body.files;
}

/** GET /api/studio/files/{path} → the file's text. */
export async function readFile(path: string): Promise<string> {
  return (await call(`${BASE}/files/${filePath(path)}`)).text();
}

/** PUT /api/studio/files/{path} with the text as the body (text/plain; charset=utf-8). */
export async function saveFile(path: string, text: string): Promise<void> {
  await call(`${BASE}/files/${filePath(path)}`, {
    method: 'PUT',
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: text,
  });
}

/** POST /api/studio/publish `{ procedureId }` → `{ procedureId, version, publishedAt }`. */
export async function publish(procedureId: string): Promise<PublishResult> {
  const res = await call(`${BASE}/publish`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ procedureId }),
  });
  return (await res.json()) as PublishResult;
}

/**
 * POST /api/studio/scenarios `{ path, text? }` → `{ results: [...] }`. With `text`, the server
 * runs the scenarios on that text (the unsaved editor content) instead of the saved file.
 */
export async function runScenarios(path: string, text?: string): Promise<ScenarioReport> {
  const res = await call(`${BASE}/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(text === undefined ? { path } : { path, text }),
  });
  return (await res.json()) as ScenarioReport;
}
