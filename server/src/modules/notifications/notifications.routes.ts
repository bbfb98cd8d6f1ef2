import { devMailDto, devMailListDto } from '@youarecoder/contract';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { createDevMailService } from './dev-mail.service.ts';

const idParams = z.object({ id: z.string().min(1).max(80) });

/** A loopback peer address (IPv4, IPv6, or IPv4 mapped into IPv6). */
export function isLoopback(address: string | undefined): boolean {
  return !!address && (/^127\./.test(address) || address === '::1' || /^::ffff:127\./i.test(address));
}

const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|[a-z0-9.-]+\.localhost)$/i;

/**
 * Whether the development mail page exists: only where mail goes to files, never in production,
 * and only while the platform's public URL is on this machine, so a server that forgot both
 * NODE_ENV=production and SMTP_URL does not publish everyone's reset links.
 */
export function devMailEnabled(deps: Pick<Deps, 'mail' | 'config'>): boolean {
  const host = new URL(deps.config.publicUrl).hostname;
  return deps.mail.kind === 'file' && !deps.config.isProduction && LOCAL_HOST.test(host);
}

/**
 * Development mail page API. Public, because the person reading an invitation or a
 * verification link has no session yet; it exists only where no real mail is sent.
 */
export const notificationsRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  if (!devMailEnabled(deps)) return;
  const devMail = createDevMailService({ db: deps.database.db });
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Only to this machine: the connection's own address (not X-Forwarded-For, which anyone can send).
  // Elsewhere the page does not exist, as in production.
  app.addHook('onRequest', async (req, reply) => {
    if (!isLoopback(req.socket.remoteAddress))
      return reply.status(404).send({
        code: 'NOT_FOUND',
        message: `No route ${req.method} ${req.url.split('?')[0]}`,
        requestId: String(req.id),
      });
  });

  r.get(
    '/dev/mail',
    {
      config: { public: true },
      schema: {
        tags: ['dev'],
        summary: 'Development: the newest outgoing messages',
        response: { 200: devMailListDto },
      },
    },
    async () => ({ messages: await devMail.list() }),
  );

  r.get(
    '/dev/mail/:id',
    {
      config: { public: true },
      schema: {
        tags: ['dev'],
        summary: 'Development: one outgoing message with its bodies',
        params: idParams,
        response: { 200: devMailDto },
      },
    },
    async (req) => devMail.get(req.params.id),
  );
};
