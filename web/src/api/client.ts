import type { ErrorBody, ErrorCode, FieldParams } from '@youarecoder/contract/errors';

/** An error answered by the API (or a network failure, code `NETWORK`). */
export class ApiError extends Error {
  readonly code: ErrorCode | 'NETWORK';
  readonly status: number;
  /** Field name -> the API's English text (or the portal's own text for client-side checks). */
  readonly fields: Record<string, string>;
  /** Field name -> machine-readable reason, which the portal translates (see lib/fieldErrors.ts). */
  readonly fieldCodes: Record<string, string>;
  /** Field name -> values the reason's message needs. */
  readonly fieldParams: Record<string, FieldParams>;
  readonly requestId: string | null;
  /** How long to wait before trying again (the Retry-After header of a 429), when the API said. */
  readonly retryAfterSeconds: number | null;

  constructor(
    status: number,
    body: Partial<Omit<ErrorBody, 'code'>> & { code: ErrorCode | 'NETWORK' },
    { retryAfterSeconds = null }: { retryAfterSeconds?: number | null } = {},
  ) {
    super(body.message ?? 'Request failed');
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.fields = body.fields ?? {};
    this.fieldCodes = body.fieldCodes ?? {};
    this.fieldParams = body.fieldParams ?? {};
    this.requestId = body.requestId ?? null;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

// The CSRF token lives in memory only: a reload asks GET /me for it again.
let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** Remember the CSRF token from a signup, login, invite acceptance or GET /me answer. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Register the one listener told when the session is gone (401 UNAUTHENTICATED). */
export function setUnauthenticatedHandler(fn: (() => void) | null): void {
  onUnauthenticated = fn;
}

/** Options of one API call. */
export interface RequestOptions {
  /** JSON, or FormData for a multipart upload. */
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
}

/** Build `/api/v1<path>?query`, leaving out empty query values. */
export function apiUrl(path: string, query?: RequestOptions['query']): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const s = qs.toString();
  return `/api/v1${path}${s ? `?${s}` : ''}`;
}

/** Call the API: JSON in and out, cookie session, CSRF header on mutations; throws ApiError. */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  try {
    return await send<T>(method, path, opts);
  } catch (e) {
    // A lost or stale CSRF token (another tab signed in again): fetch the session's token once and retry.
    if (!(e instanceof ApiError) || e.code !== 'CSRF_FAILED') throw e;
    const me = await send<{ csrfToken: string | null }>('GET', '/me', {});
    if (!me.csrfToken || me.csrfToken === csrfToken) throw e;
    csrfToken = me.csrfToken;
    return send<T>(method, path, opts);
  }
}

async function send<T>(method: string, path: string, opts: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // FormData (an upload) sets its own multipart content type with the boundary.
  const multipart = typeof FormData !== 'undefined' && opts.body instanceof FormData;
  if (opts.body !== undefined && !multipart) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body:
        opts.body === undefined ? undefined : multipart ? (opts.body as FormData) : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, {
      code: 'NETWORK',
      message: 'The server could not be reached. Check your connection and try again.',
    });
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const body = (data ?? {}) as Partial<ErrorBody>;
    const err = new ApiError(
      res.status,
      {
        code: body.code ?? 'INTERNAL',
        message: body.message ?? `Request failed (HTTP ${res.status})`,
        fields: body.fields,
        fieldCodes: body.fieldCodes,
        fieldParams: body.fieldParams,
        requestId: body.requestId ?? res.headers.get('x-request-id') ?? undefined,
      },
      { retryAfterSeconds: retryAfter(res.headers.get('retry-after')) },
    );
    if (res.status === 401 && err.code === 'UNAUTHENTICATED') onUnauthenticated?.();
    throw err;
  }
  // An empty success body (204) still counts as success for callers that test the result.
  return (data ?? {}) as T;
}

/** Seconds from a Retry-After header given in seconds (the API's form); null when absent or a date. */
function retryAfter(header: string | null): number | null {
  if (!header || !/^\d+$/.test(header.trim())) return null;
  return Number(header.trim());
}
