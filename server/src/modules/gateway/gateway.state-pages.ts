// What a workspace host shows while its workspace does not run: the Start button (stopped, failed), the
// deleting page, or a progress page that waits for the next change (gateway.wait.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayAccess } from './gateway.access.ts';
import type { HandlerContext } from './gateway.context.ts';
import * as pages from './gateway.pages.ts';
import { START_PATH, safeRelativePath, startCsrfToken } from './gateway.policy.ts';
import { page } from './gateway.reply.ts';
import { waitUrl } from './gateway.wait.ts';

/**
 * The page of a workspace that is not proxied to. A promise only when it must read the workspace's
 * steps first (a progress page); the others are answered at once.
 */
export function statePage(
  c: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  a: GatewayAccess,
  token: string,
  url: string,
): Promise<void> | undefined {
  const ws = a.workspace;
  const locale = a.principal.locale;
  if (ws.status === 'running')
    // Recorded as running, but the runtime has no socket yet (or any more): wait and see.
    page(
      req,
      res,
      pages.progressPage(
        locale,
        { name: ws.name, status: 'starting', reason: null, steps: [] },
        c.waiters && waitUrl(a, safeRelativePath(url) ?? '/'),
      ),
    );
  else if (ws.status === 'stopped' || ws.status === 'failed')
    page(
      req,
      res,
      pages.stoppedPage(locale, {
        name: ws.name,
        status: ws.status,
        reason: ws.statusReason,
        csrf: startCsrfToken(token, ws.id),
        action: START_PATH,
      }),
    );
  else if (ws.status === 'deleting') page(req, res, pages.deletingPage(locale, ws.name, c.publicUrl));
  else return progress(c, req, res, a, url);
}

// The signed-in person's own language (their portal setting) rather than the browser's.
async function progress(
  c: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  a: GatewayAccess,
  url: string,
): Promise<void> {
  const ws = a.workspace;
  const steps = ws.status === 'stopping' ? [] : await c.workspaces.steps(ws.id);
  page(
    req,
    res,
    pages.progressPage(
      a.principal.locale,
      { name: ws.name, status: ws.status, reason: ws.statusReason, steps },
      c.waiters && waitUrl(a, safeRelativePath(url) ?? '/'),
    ),
  );
}
