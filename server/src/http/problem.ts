// One error type for the HTTP API, rendered as RFC 9457 problem+json: a stable code, the message
// in the caller's language (Vietnamese by default, English with ?lang=en or Accept-Language: en),
// both messages, and field paths for validation errors.
import { EngineError, type EngineErrorCode } from '@motcua/engine';

export interface Bilingual {
  readonly vi: string;
  readonly en: string;
}

export interface FieldProblem {
  readonly path: string;
  readonly code: string;
  readonly message: Bilingual;
}

export type Lang = 'vi' | 'en';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Bilingual,
    readonly extra: { readonly errors?: readonly FieldProblem[]; readonly [key: string]: unknown } = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(text.en);
    this.name = 'ApiError';
  }

  toResponse(lang: Lang): Response {
    const { errors, ...rest } = this.extra;
    const body = {
      type: `https://motcua.vn/problems/${this.code}`,
      title: this.text[lang],
      status: this.status,
      code: this.code,
      messages: this.text,
      ...(errors ? { errors: errors.map((e) => ({ path: e.path, code: e.code, message: e.message[lang], messages: e.message })) } : {}),
      ...rest,
    };
    return new Response(JSON.stringify(body), {
      status: this.status,
      headers: { 'content-type': 'application/problem+json; charset=utf-8', ...this.headers },
    });
  }
}

const bi = (vi: string, en: string): Bilingual => ({ vi, en });

export const problems = {
  badRequest: (vi: string, en: string) => new ApiError(400, 'bad_request', bi(vi, en)),
  unauthorized: () => new ApiError(401, 'unauthorized', bi('Cần đăng nhập', 'Sign-in required'), {}, { 'www-authenticate': 'Bearer' }),
  forbidden: (vi = 'Bạn không có quyền thực hiện việc này', en = 'You may not do this') => new ApiError(403, 'forbidden', bi(vi, en)),
  notFound: (vi = 'Không tìm thấy', en = 'Not found') => new ApiError(404, 'not_found', bi(vi, en)),
  validation: (errors: readonly FieldProblem[]) => new ApiError(422, 'validation_failed', bi('Dữ liệu gửi lên không hợp lệ', 'The request is not valid'), { errors }),
  unsupportedType: (vi: string, en: string) => new ApiError(415, 'unsupported_media_type', bi(vi, en)),
  tooLarge: (vi = 'Dữ liệu gửi lên quá lớn', en = 'The request is too large') => new ApiError(413, 'payload_too_large', bi(vi, en)),
};

const STATUS: Record<EngineErrorCode, number> = {
  not_found: 404,
  forbidden: 403,
  invalid_input: 422,
  transition_unavailable: 409,
  guard_failed: 422,
  conflict: 409,
  fee_unpaid: 422,
  clock: 422,
  not_published: 404,
};

export function fromEngineError(e: EngineError): ApiError {
  const { errors, status, ...details } = e.details as { errors?: FieldProblem[]; status?: number };
  const code = status === 415 ? 'unsupported_media_type' : status === 413 ? 'payload_too_large' : e.code;
  return new ApiError(status ?? STATUS[e.code], code, e.text, { ...(errors ? { errors } : {}), ...details });
}

export function langOf(req: { query(name: string): string | undefined; header(name: string): string | undefined }): Lang {
  const q = req.query('lang');
  if (q === 'en' || q === 'vi') return q;
  return /^en\b/i.test(req.header('accept-language') ?? '') ? 'en' : 'vi';
}
