import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request PayTR would answer with `failed` and a reason (HTTP 200, as PayTR does). */
export class Refusal extends Error {}

/** A /__sim or page request that is wrong in a way best told with an HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BODY = 1024 * 1024;

/** Reads the whole body, refusing anything larger than a checkout form could be. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, 'request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads form fields. PayTR's own PHP samples post with curl and an array, which is multipart/form-data, while
 * browsers and most clients send urlencoded forms; both are accepted. A repeated field keeps its first value.
 */
export async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const body = await readBody(req);
  const type = req.headers['content-type'] ?? '';
  const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(type)?.[1];
  const fields: Record<string, string> = {};
  const put = (k: string, v: string) => {
    if (!(k in fields)) fields[k] = v;
  };
  if (boundary) {
    for (const part of body.toString('utf8').split(`--${boundary}`)) {
      const sep = part.indexOf('\r\n\r\n');
      if (sep < 0) continue;
      const name = /name="([^"]*)"/i.exec(part.slice(0, sep))?.[1];
      if (name !== undefined) put(name, part.slice(sep + 4).replace(/\r\n$/, ''));
    }
    return fields;
  }
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) put(k, v);
  return fields;
}

/** Reads a JSON object body (the /__sim API); an empty body is `{}`. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBody(req)).toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Answers JSON. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

/** Answers an HTML page. */
export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

/** Answers plain text. */
export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/** Sends the browser on with a 302 (Direct API posts are top-level, not in an iframe). */
export function redirect(res: ServerResponse, url: string): void {
  res.writeHead(302, { location: url });
  res.end();
}
