// Turns whatever the API (or the network) answered into one thing a screen can
// show: a Russian message, the fields at fault, and facts such as a lockout's
// retry time. Screens never read raw error bodies.
import { ru } from '../i18n/ru';
import type { ApiErrorBody, FieldError } from './types';

/** A failed API call, ready to show. `status` is 0 when no answer came. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  /** Field name → Russian message, from the API's `error.fields`. */
  readonly fields: Record<string, string>;
  /** When a locked account may try again (`error.details.retryAt`). */
  readonly retryAt?: Date;

  constructor(init: { status: number; code: string; message: string; fields?: Record<string, string>; retryAt?: Date }) {
    super(init.message);
    this.name = 'ApiProblem';
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields ?? {};
    if (init.retryAt) this.retryAt = init.retryAt;
  }

  /** No answer at all: offline, DNS, the server down. */
  static network(): ApiProblem {
    return new ApiProblem({ status: 0, code: 'network', message: ru.errors.network });
  }

  /** The session is missing or over (API 401, or the gateway's 403 when the authorizer refuses). */
  get isSignedOut(): boolean {
    return this.status === 401 || (this.status === 403 && this.code === 'gateway');
  }
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const e = (body as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string';
}

/** Field name → message; the first problem of a field wins, a missing message falls back by code. */
export function fieldMessages(fields: readonly FieldError[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields ?? []) {
    if (out[f.field]) continue;
    out[f.field] = f.message?.trim() || ru.errors.fieldCodes[f.code] || ru.errors.fieldFallback;
  }
  return out;
}

function parseRetryAt(details: Record<string, unknown> | undefined): Date | undefined {
  const v = details?.retryAt;
  if (typeof v !== 'string') return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The problem for a non-2xx answer with status `status` and body `body` (parsed JSON, text, or nothing). */
export function toProblem(status: number, body: unknown): ApiProblem {
  if (isErrorBody(body)) {
    const e = body.error;
    const fields = fieldMessages(e.fields);
    let message = e.message?.trim() || '';
    // Internal errors carry no detail worth showing (style.md: «Внутренняя ошибка»).
    if (e.code === 'internal' || !message) message = status >= 500 ? ru.errors.internal : ru.errors.unexpected(status);
    const retryAt = parseRetryAt(e.details);
    return new ApiProblem({ status, code: e.code, message, fields, ...(retryAt ? { retryAt } : {}) });
  }
  // No error envelope: the gateway itself answered (`{"message":"Forbidden"}`), or a proxy did.
  if (status >= 500) return new ApiProblem({ status, code: 'gateway', message: ru.errors.internal });
  return new ApiProblem({ status, code: 'gateway', message: ru.errors.unexpected(status) });
}

type FetchResult = { data?: unknown; error?: unknown; response: Response };

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiProblem
 * for a network failure or any non-2xx answer.
 */
export async function call<R extends FetchResult>(request: Promise<R>): Promise<NonNullable<R['data']>> {
  let result: R;
  try {
    result = await request;
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw ApiProblem.network();
  }
  if (!result.response.ok) throw toProblem(result.response.status, result.error);
  return result.data as NonNullable<R['data']>;
}
