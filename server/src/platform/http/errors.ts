import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@youarecoder/contract';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** The one error type services throw; its code decides the HTTP status. */
export class AppError extends Error {
  readonly fields?: Record<string, string>;
  constructor(
    readonly code: ErrorCode,
    message: string,
    opts: { fields?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.fields = opts.fields;
  }
  get status(): number {
    return ERROR_CODES[this.code];
  }
}

/** Shorthand for the 404 that also hides other companies' resources. */
export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found`);
}

/** Shorthand for a validation error on named fields. */
export function invalid(fields: Record<string, string>, message = 'Some fields are not valid'): AppError {
  return new AppError('VALIDATION_FAILED', message, { fields });
}

function fieldName(instancePath: string, context?: string): string {
  const p = instancePath.replace(/^\//, '').replace(/\//g, '.');
  return p || context || 'body';
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
export function toErrorBody(err: unknown, requestId: string): { status: number; body: ErrorBody; unexpected: boolean } {
  if (err instanceof AppError) {
    return {
      status: err.status,
      body: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}), requestId },
      unexpected: false,
    };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields: Record<string, string> = {};
    for (const v of err.validation) {
      const name = fieldName(v.instancePath, (err as { validationContext?: string }).validationContext);
      fields[name] ??= v.message ?? 'is not valid';
    }
    const summary = Object.entries(fields)
      .map(([k, m]) => `${k} ${m}`)
      .join('; ');
    return { status: 400, body: { code: 'VALIDATION_FAILED', message: summary, fields, requestId }, unexpected: false };
  }
  const pgCode = postgresCode(err);
  if (pgCode === '22021' || pgCode === '22P05' || pgCode === '22001') {
    // Text PostgreSQL cannot store (NUL bytes, bad encoding, too long) that slipped past a schema: the
    // input is at fault, not the server.
    return { status: 400, body: { code: 'BAD_REQUEST', message: 'The request contains text that cannot be stored (control characters or too long).', requestId }, unexpected: false };
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
