import {
  ERROR_CODES,
  type ErrorBody,
  type ErrorCode,
  type FieldCode,
  type FieldParams,
  isFieldCode,
} from '@youarecoder/contract';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** What an AppError may carry besides code and message. */
export interface AppErrorOptions {
  /** Field name -> English text. */
  fields?: Record<string, string>;
  /** Field name -> machine-readable reason, for clients that translate (see contract's FIELD_CODES). */
  fieldCodes?: Record<string, FieldCode>;
  /** Field name -> values the reason's message needs (e.g. `{ maximum: 3 }` with too_big). */
  fieldParams?: Record<string, FieldParams>;
  cause?: unknown;
}

/** The one error type services throw; its code decides the HTTP status. */
export class AppError extends Error {
  readonly fields?: Record<string, string>;
  readonly fieldCodes?: Record<string, FieldCode>;
  readonly fieldParams?: Record<string, FieldParams>;
  constructor(
    readonly code: ErrorCode,
    message: string,
    opts: AppErrorOptions = {},
  ) {
    super(message, { cause: opts.cause });
    this.fields = opts.fields;
    this.fieldCodes = opts.fieldCodes;
    this.fieldParams = opts.fieldParams;
  }
  get status(): number {
    return ERROR_CODES[this.code];
  }
}

/** Shorthand for the 404 that also hides other companies' resources. */
export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found`);
}

/** Shorthand for a validation error on named fields, with their machine-readable reasons where known. */
export function invalid(
  fields: Record<string, string>,
  message = 'Some fields are not valid',
  fieldCodes?: Record<string, FieldCode>,
): AppError {
  return new AppError('VALIDATION_FAILED', message, { fields, fieldCodes });
}

function fieldName(instancePath: string, context?: string): string {
  const p = instancePath.replace(/^\//, '').replace(/\//g, '.');
  return p || context || 'body';
}

/** A zod issue's code, or the app's own reason a refinement put in `params.reason`. */
function reasonOf(keyword: string, params: Record<string, unknown>): FieldCode | undefined {
  const own = (params.params as { reason?: unknown } | undefined)?.reason;
  if (isFieldCode(own)) return own;
  return isFieldCode(keyword) ? keyword : undefined;
}

/** The limit of a too_small/too_big issue, for clients that word the message themselves. */
function limitsOf(keyword: string, params: Record<string, unknown>): FieldParams | undefined {
  const key = keyword === 'too_small' ? 'minimum' : keyword === 'too_big' ? 'maximum' : null;
  const limit = key ? params[key] : undefined;
  // An exclusive bound ("more than 0") would need other words; those fall back to the English text.
  if (!key || params.inclusive === false || (typeof limit !== 'number' && typeof limit !== 'bigint'))
    return undefined;
  return { [key]: Number(limit), ...(typeof params.origin === 'string' ? { origin: params.origin } : {}) };
}

function postgresCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c)) return c;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Map any thrown thing to a status and body; unknown errors become a generic 500. */
export function toErrorBody(
  err: unknown,
  requestId: string,
): { status: number; body: ErrorBody; unexpected: boolean } {
  if (err instanceof AppError) {
    const { fields, fieldCodes, fieldParams } = err;
    return {
      status: err.status,
      body: {
        code: err.code,
        message: err.message,
        ...(fields ? { fields } : {}),
        ...(fields && fieldCodes ? { fieldCodes } : {}),
        ...(fields && fieldParams ? { fieldParams } : {}),
        requestId,
      },
      unexpected: false,
    };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields: Record<string, string> = {};
    const fieldCodes: Record<string, FieldCode> = {};
    const fieldParams: Record<string, FieldParams> = {};
    for (const v of err.validation) {
      const name = fieldName(v.instancePath, (err as { validationContext?: string }).validationContext);
      if (Object.hasOwn(fields, name)) continue; // the first problem of a field is the one shown
      fields[name] = v.message ?? 'is not valid';
      const reason = reasonOf(v.keyword, v.params);
      if (reason) fieldCodes[name] = reason;
      const params = limitsOf(v.keyword, v.params);
      if (params) fieldParams[name] = params;
    }
    const summary = Object.entries(fields)
      .map(([k, m]) => `${k} ${m}`)
      .join('; ');
    return {
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        message: summary,
        fields,
        ...(Object.keys(fieldCodes).length ? { fieldCodes } : {}),
        ...(Object.keys(fieldParams).length ? { fieldParams } : {}),
        requestId,
      },
      unexpected: false,
    };
  }
  const pgCode = postgresCode(err);
  if (pgCode === '22021' || pgCode === '22P05' || pgCode === '22001') {
    // Text PostgreSQL cannot store (NUL bytes, bad encoding, too long) that slipped past a schema: the
    // input is at fault, not the server.
    return {
      status: 400,
      body: {
        code: 'BAD_REQUEST',
        message: 'The request contains text that cannot be stored (control characters or too long).',
        requestId,
      },
      unexpected: false,
    };
  }
  const fe = err as FastifyError;
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code: ErrorCode =
      fe.statusCode === 413
        ? 'PAYLOAD_TOO_LARGE'
        : fe.statusCode === 415
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : fe.statusCode === 429
            ? 'RATE_LIMITED'
            : fe.statusCode === 404
              ? 'NOT_FOUND'
              : 'BAD_REQUEST';
    const status = code === 'BAD_REQUEST' ? 400 : fe.statusCode;
    return { status, body: { code, message: fe.message, requestId }, unexpected: false };
  }
  return {
    status: 500,
    body: { code: 'INTERNAL', message: 'Something went wrong on our side. It has been logged.', requestId },
    unexpected: true,
  };
}

/** Install the one error handler and the JSON 404 for unknown API routes. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const { status, body, unexpected } = toErrorBody(err, String(request.id));
    if (unexpected) request.log.error({ err }, 'unexpected error');
    else if (status >= 400) request.log.info({ code: body.code, status }, body.message);
    return reply.status(status).send(body);
  });
}
