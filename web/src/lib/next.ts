/** A same-site path to return to after login, or the dashboard; refuses absolute and protocol-relative URLs. */
export function safeNext(raw: string | null | undefined): string {
  if (!raw?.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/app';
  return raw;
}
