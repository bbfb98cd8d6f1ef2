// Which workspace a request is for, from its Host header alone: `<workspace>--<company>.<baseDomain>`.
//
// One DNS label holds both names, so one wildcard certificate (`*.<baseDomain>`) covers every
// workspace. The label splits at its LAST `--`: company subdomains may not contain `--` (the signup
// rules refuse it, see contract/src/subdomain.ts), so everything after the last `--` is the company and
// everything before it the workspace, whatever the workspace's own name holds. Both parts follow the
// DNS label rules (a-z, 0-9, inner hyphens) and the whole label is at most 63 characters. Host and
// base domain compare case-insensitively, port included: with `localhost:8080` as base domain,
// `a--b.localhost:8080` matches and `a--b.localhost` does not (another origin). A trailing dot (the
// absolute form `a--b.example.com.`) is not accepted: browsers keep cookies apart for it.

/** The workspace and company named by a gateway host, both lowercase. */
export interface WorkspaceHost {
  workspace: string;
  company: string;
}

/** The separator between workspace and company in the host's first label. */
export const HOST_SEPARATOR = '--';
/** The longest DNS label. */
export const MAX_LABEL_LENGTH = 63;
/** The base domain when none is configured (the portal's own default origin). */
export const DEFAULT_BASE_DOMAIN = 'localhost:8080';

// One name part: letters and digits, hyphens only inside. `--` inside a workspace name is allowed.
const PART = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
// A Host header is a DNS name (at most 253) plus an optional port.
const MAX_HOST_LENGTH = 253 + 6;

/**
 * The workspace a Host header names under the base domain, or null for anything else: the portal's
 * own host, other subdomains, other domains, malformed names, a missing header.
 */
export function parseWorkspaceHost(
  host: string | undefined,
  baseDomain: string = DEFAULT_BASE_DOMAIN,
): WorkspaceHost | null {
  if (!host || host.length > MAX_HOST_LENGTH) return null;
  const h = host.trim().toLowerCase();
  const suffix = `.${baseDomain.trim().toLowerCase()}`;
  if (suffix.length < 2 || !h.endsWith(suffix)) return null;
  const label = h.slice(0, h.length - suffix.length);
  if (label.length === 0 || label.length > MAX_LABEL_LENGTH) return null;
  const at = label.lastIndexOf(HOST_SEPARATOR);
  if (at < 0) return null;
  const workspace = label.slice(0, at);
  const company = label.slice(at + HOST_SEPARATOR.length);
  // PART also refuses a dot, so `x.a--b.<base>` (two labels) is never a workspace host.
  if (!PART.test(workspace) || !PART.test(company)) return null;
  return { workspace, company };
}

/** The gateway host of a workspace (inverse of parseWorkspaceHost): `<workspace>--<company>.<baseDomain>`. */
export function workspaceHost(
  workspace: string,
  company: string,
  baseDomain: string = DEFAULT_BASE_DOMAIN,
): string {
  return `${workspace}${HOST_SEPARATOR}${company}.${baseDomain}`.toLowerCase();
}

/**
 * The company a Host header names as `<company>.<baseDomain>` (the address shown at signup), or null.
 * Whether that company exists is not looked up: every such name leads to the portal alike.
 */
export function parseCompanyHost(
  host: string | undefined,
  baseDomain: string = DEFAULT_BASE_DOMAIN,
): string | null {
  if (!host || host.length > MAX_HOST_LENGTH) return null;
  const h = host.trim().toLowerCase();
  const suffix = `.${baseDomain.trim().toLowerCase()}`;
  if (suffix.length < 2 || !h.endsWith(suffix)) return null;
  const label = h.slice(0, h.length - suffix.length);
  // `--` is the workspace separator; company subdomains never hold it (contract/src/subdomain.ts).
  if (label.length > MAX_LABEL_LENGTH || label.includes(HOST_SEPARATOR) || !PART.test(label)) return null;
  return label;
}
