// Which side a request's Host belongs to: a workspace's (the gateway proxies or answers it), a company's
// address (a redirect to the portal), another name under the base domain (the 404 page), or the portal.
import { parseCompanyHost, parseWorkspaceHost, type WorkspaceHost } from './host.ts';

/** Which side a Host belongs to (null: the portal's, or not the gateway's at all). */
export type HostKind =
  | { kind: 'workspace'; host: WorkspaceHost; name: string }
  | { kind: 'company' }
  | { kind: 'unknown' }
  | null;

/** A workspace's Host, as the handler passes it around. */
export type WorkspaceHostKind = Extract<HostKind, { kind: 'workspace' }>;

/** Host values whose kind is remembered at most. */
const HOST_KINDS_MAX = 1024;

/** A classifier of Host values for a base domain, the portal's own host told apart. */
export function createHostClassifier(
  baseDomain: string,
  portalHost: string,
): (rawHost: string | undefined) => HostKind {
  const base = baseDomain.toLowerCase();
  const portal = portalHost.toLowerCase();
  const classifyHost = (rawHost: string | undefined): HostKind => {
    const host = parseWorkspaceHost(rawHost, base);
    if (host) return { kind: 'workspace', host, name: (rawHost ?? '').trim().toLowerCase() };
    const h = (rawHost ?? '').trim().toLowerCase();
    // Any other name under the base domain is the gateway's too (never the portal, unless it is its host).
    if (h === portal) return null;
    if (parseCompanyHost(h, base)) return { kind: 'company' };
    if (h.endsWith(`.${base}`)) return { kind: 'unknown' };
    return null;
  };
  // Every request asks, with one of a few Host values: the answers are kept (a bounded map, emptied when
  // full, so made-up hosts cannot grow it). They are frozen: requests share them.
  const hostKinds = new Map<string, HostKind>();
  return (rawHost) => {
    if (rawHost === undefined) return classifyHost(rawHost);
    let k = hostKinds.get(rawHost);
    if (k === undefined) {
      k = classifyHost(rawHost);
      if (k?.kind === 'workspace') Object.freeze(k.host);
      if (k) Object.freeze(k);
      if (hostKinds.size >= HOST_KINDS_MAX) hostKinds.clear();
      hostKinds.set(rawHost, k);
    }
    return k;
  };
}
