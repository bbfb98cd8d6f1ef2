// The gateway module's public surface. So far the proxy core and host parsing; host -> workspace
// resolution and the access check arrive with the workspaces module.
export { type ActivityThrottle, createActivityThrottle } from './activity.ts';
export {
  classifyUpstreamError,
  defaultFailurePage,
  type UpstreamFailure,
  type UpstreamFailureReason,
} from './failure.ts';
export { type CookieFilter, platformCookieFilter } from './headers.ts';
export {
  DEFAULT_BASE_DOMAIN,
  parseWorkspaceHost,
  type WorkspaceHost,
  workspaceHost,
} from './host.ts';
export {
  createUpstreamProxy,
  type UpstreamProxy,
  type UpstreamProxyOptions,
  type UpstreamStats,
  type UpstreamTarget,
} from './proxy.ts';
export {
  createNodeHttpTransport,
  type UpstreamRequest,
  type UpstreamResponse,
  type UpstreamTransport,
} from './transport.ts';
