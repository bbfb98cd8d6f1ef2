/** A same-site path to return to after login, or the dashboard; refuses absolute and protocol-relative URLs. */
export function safeNext(raw: string | null | undefined): string {
  if (!raw?.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/app';
  return raw;
}

/** Paths the server answers itself (the gateway handshake): reached by a full page load, not the router. */
export function isServerPath(path: string): boolean {
  return path.startsWith('/gateway/') || path.startsWith('/api/');
}

/**
 * The workspace and company a sign-in leads to, when `next` is the gateway's handshake for a
 * workspace host (`<workspace>--<company>.<domain>`, as the gateway names them); else null.
 */
export function workspaceOfNext(next: string): { workspace: string; company: string } | null {
  if (!next.startsWith('/gateway/authorize?')) return null;
  const host = new URLSearchParams(next.slice(next.indexOf('?') + 1)).get('host') ?? '';
  const m = /^([a-z0-9-]+?)--([a-z0-9-]+)\./.exec(host.trim().toLowerCase());
  return m?.[1] && m[2] ? { workspace: m[1], company: m[2] } : null;
}
