// The gateway module's public surface: the assembled gateway (createGateway, attachGateway, the
// /gateway/authorize route), the interface it needs of workspaces, and the proxy core beneath.
//
// Wiring: deps.ts builds `createGateway({db, config, clock, ids, log, workspaces:
// createDbGatewayWorkspaces({db, socketPath, start})})` and holds it as `deps.gateway` (its jobs and cron
// join the lists); app.ts registers `gatewayRoutes` with `{deps}`; main.ts calls
// `attachGateway(app.server, gateway)` before listening and `gateway.close()` when shutting down.
export { type ActivityThrottle, createActivityThrottle } from './activity.ts';
export {
  classifyUpstreamError,
  defaultFailurePage,
  type UpstreamFailure,
  type UpstreamFailureReason,
} from './failure.ts';
export type { GatewayAccess, GatewayAccessService, IssuedGatewaySession } from './gateway.access.ts';
export type { GatewayPage, PageStep } from './gateway.pages.ts';
export {
  AUTHORIZE_PATH,
  canOpenWorkspace,
  GATEWAY_COOKIE,
  gatewayBaseDomain,
  START_PATH,
  safeRelativePath,
  TICKET_PATH,
} from './gateway.policy.ts';
export { type GatewayRouteDeps, gatewayRoutes } from './gateway.routes.ts';
export {
  type AuthorizeInput,
  type AuthorizeOutcome,
  attachGateway,
  createGateway,
  type Gateway,
  type GatewayDeps,
  type GatewayOptions,
} from './gateway.ts';
export {
  createDbGatewayWorkspaces,
  type DbGatewayWorkspacesOptions,
  type GatewayWorkspace,
  type GatewayWorkspaces,
} from './gateway.workspaces.ts';
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
  createUndiciTransport,
  type TransportOptions,
  type UpstreamExchange,
  type UpstreamHandler,
  type UpstreamRequest,
  type UpstreamTransport,
} from './transport.ts';
