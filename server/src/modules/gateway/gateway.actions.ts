// The gateway's two actions on a workspace host: redeeming the portal's ticket for the host's cookie
// (TICKET_PATH), and the Start button of a stopped workspace (START_PATH).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomAlnum, safeEqual } from '../../platform/ids.ts';
import type { GatewayAccess } from './gateway.access.ts';
import type { HandlerContext } from './gateway.context.ts';
import type { WorkspaceHostKind } from './gateway.host-kind.ts';
import * as pages from './gateway.pages.ts';
import { type Locale, START_CSRF_FIELD, safeRelativePath, startCsrfToken } from './gateway.policy.ts';
import { finish, page, readForm, redirect } from './gateway.reply.ts';

/** TICKET_PATH: a ticket from the portal becomes the host's cookie, then back to the page asked for. */
export async function redeemTicket(
  c: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  k: WorkspaceHostKind,
  query: string,
  locale: Locale,
): Promise<void> {
  if (req.method !== 'GET') return finish(req, res, 405, { allow: 'GET', 'cache-control': 'no-store' });
  const params = new URLSearchParams(query);
  const path = safeRelativePath(params.get('path') ?? '/');
  if (!path) return page(req, res, pages.badLinkPage(locale, c.publicUrl));
  const issued = await c.access.redeem(k.host, params.get('t') ?? '');
  if (!issued) return page(req, res, pages.ticketRefusedPage(locale, c.authorizeUrl(k.name, path)));
  const cookie = [
    `${c.gatewayCookie}=${issued.token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    ...(c.secureCookies ? ['Secure'] : []),
    ...(issued.persistent ? [`Expires=${issued.expiresAt.toUTCString()}`] : []),
  ].join('; ');
  redirect(req, res, path, 302, { 'set-cookie': cookie, 'referrer-policy': 'no-referrer' });
}

/** START_PATH: the Start button's POST (same origin, CSRF token of the cookie), then back to `/`. */
export async function startWorkspace(
  c: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  k: WorkspaceHostKind,
  a: GatewayAccess,
  token: string,
): Promise<void> {
  const locale = a.principal.locale;
  if (req.method !== 'POST') return redirect(req, res, '/');
  const origin = req.headers.origin;
  const form = await readForm(req);
  const sent = form?.get(START_CSRF_FIELD) ?? '';
  const sameOrigin = origin === undefined || origin === `${c.scheme}://${k.name}`;
  if (!sameOrigin || !safeEqual(sent, startCsrfToken(token, a.workspace.id)))
    return page(req, res, pages.forbiddenPage(locale));
  if (a.workspace.status === 'stopped' || a.workspace.status === 'failed') {
    try {
      await c.workspaces.start(a.principal, a.workspace.id, {
        ip: req.socket.remoteAddress ?? null,
        userAgent: (req.headers['user-agent'] as string | undefined)?.slice(0, 400) ?? null,
        requestId: `gw_${randomAlnum(16)}`,
      });
    } catch (err) {
      const e = err as { code?: unknown; message?: unknown };
      const known = typeof e?.code === 'string' && typeof e.message === 'string' && e.code !== 'INTERNAL';
      if (!known) c.log.error({ err, workspaceId: a.workspace.id }, 'gateway: start failed');
      return page(
        req,
        res,
        pages.startFailedPage(locale, known ? String(e.message) : pages.genericStartError(locale)),
      );
    }
    c.access.forgetWorkspace(a.workspace.id);
  }
  redirect(req, res, '/', 303);
}
