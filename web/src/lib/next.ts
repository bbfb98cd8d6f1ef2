/** A same-site path to return to after login, or the dashboard; refuses absolute and protocol-relative URLs. */
export function safeNext(raw: string | null | undefined): string {
  if (!raw?.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/app';
  return raw;
}

/** Paths the server answers itself (the gateway handshake): reached by a full page load, not the router. */
export function isServerPath(path: string): boolean {
  return path.startsWith('/gateway/') || path.startsWith('/api/');
}
