// What the gateway answers when a workspace cannot: 502 when its socket is missing or refuses,
// 504 when it does not answer in time. A small self-contained HTML page, never a stack trace.

/** Why an upstream could not answer. */
export type UpstreamFailureReason = 'socket-missing' | 'refused' | 'timeout' | 'reset' | 'bad-response';

/** An upstream failure as the browser is told about it. */
export interface UpstreamFailure {
  status: 502 | 504;
  reason: UpstreamFailureReason;
  /** One sentence for the page. */
  message: string;
}

const MESSAGES: Record<UpstreamFailureReason, string> = {
  'socket-missing': 'The workspace is not running.',
  refused: 'The workspace is not accepting connections.',
  timeout: 'The workspace did not answer in time.',
  reset: 'The workspace closed the connection.',
  'bad-response': 'The workspace sent an answer the gateway could not read.',
};

/** Map a connection error (or a timeout) to what the browser is told. */
export function classifyUpstreamError(err: unknown, timedOut: boolean): UpstreamFailure {
  if (timedOut) return failure('timeout');
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  // ENOTSOCK: a file that is not a socket sits at the path; ENOTDIR: its folder is gone.
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENOTSOCK') return failure('socket-missing');
  if (code === 'ECONNREFUSED' || code === 'EACCES') return failure('refused');
  // ABORT_ERR: the gateway cut the request itself (the workspace is being closed); UND_ERR_*: undici's
  // names for a connection closed under the request and for a pool closed with requests in it.
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ECONNABORTED' ||
    code === 'ABORT_ERR' ||
    code === 'UND_ERR_SOCKET' ||
    code === 'UND_ERR_ABORTED' ||
    code === 'UND_ERR_CLOSED' ||
    code === 'UND_ERR_DESTROYED'
  )
    return failure('reset');
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') return failure('timeout');
  return failure('bad-response');
}

/** The failure of a reason. */
export function failure(reason: UpstreamFailureReason): UpstreamFailure {
  return { status: reason === 'timeout' ? 504 : 502, reason, message: MESSAGES[reason] };
}

const TITLES = { 502: 'Bad Gateway', 504: 'Gateway Timeout' } as const;

/** The status line's reason phrase of a failure. */
export function statusText(status: UpstreamFailure['status']): string {
  return TITLES[status];
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The default failure page. */
export function defaultFailurePage(f: UpstreamFailure): string {
  const title = `${f.status} ${TITLES[f.status]}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#222}
h1{font-size:1.25rem}p{color:#555}</style></head>
<body><h1>${title}</h1><p>${escapeHtml(f.message)}</p><p>Try again in a moment.</p></body></html>
`;
}
