import multipart from '@fastify/multipart';
import {
  createWorkspaceBody,
  templateAssetDto,
  templateBody,
  templateDto,
  updateWorkspaceBody,
  workspaceAcceptedDto,
  workspaceDto,
  workspaceListDto,
  workspaceLogsDto,
  workspaceMetricsDto,
} from '@youarecoder/contract';
import { VSIX_MAX_BYTES } from '@youarecoder/contract/workspace-rules';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { principalOf, requestMeta } from '../../platform/http/auth.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { WorkspaceChange } from './events.ts';
import { workspaceMetrics } from './metrics.ts';

const idParams = z.object({ id: z.string().min(1).max(80) });
const tag = ['workspaces'];
const SSE_PING_MS = 15_000;

/** Workspaces, their lifecycle, logs, events and metrics; templates and .vsix uploads. */
export const workspacesRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  const ws = deps.services.workspaces;
  const templates = deps.services.templates;
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Event streams are hijacked replies fastify does not track: end them before the server closes,
  // or a shutdown would wait for every open browser tab.
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const close of [...streams]) close();
  });

  r.get(
    '/workspaces',
    {
      schema: {
        tags: tag,
        summary: 'My workspaces (owners and admins: the whole company), my quota and the IDE runtime status',
        response: { 200: workspaceListDto },
      },
    },
    async (req) => ws.list(principalOf(req)),
  );

  r.post(
    '/workspaces',
    {
      schema: {
        tags: tag,
        summary: 'Create a workspace from a template; provisioning runs in the background (202)',
        body: createWorkspaceBody,
        response: { 202: workspaceAcceptedDto },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      reply.status(202);
      return ws.create(p, req.body, requestMeta(req));
    },
  );

  r.get(
    '/workspaces/:id',
    { schema: { tags: tag, summary: 'One workspace', params: idParams, response: { 200: workspaceDto } } },
    async (req) => ws.get(principalOf(req), req.params.id),
  );

  r.patch(
    '/workspaces/:id',
    {
      schema: {
        tags: tag,
        summary: 'Idle timeout (owner, admins) and sharing with admins (owner)',
        params: idParams,
        body: updateWorkspaceBody,
        response: { 200: workspaceDto },
      },
    },
    async (req) => ws.update(principalOf(req), req.params.id, req.body, requestMeta(req)),
  );

  for (const action of ['start', 'stop', 'restart'] as const) {
    r.post(
      `/workspaces/:id/${action}`,
      {
        schema: {
          tags: tag,
          summary: `${action[0]?.toUpperCase()}${action.slice(1)} a workspace (202; the change streams on /events)`,
          params: idParams,
          response: { 202: workspaceAcceptedDto },
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        reply.status(202);
        return ws[action](p, req.params.id, requestMeta(req));
      },
    );
  }

  r.delete(
    '/workspaces/:id',
    {
      schema: {
        tags: tag,
        summary: 'Delete a workspace: processes, Linux user, files and record (202)',
        params: idParams,
        response: { 202: workspaceAcceptedDto },
      },
    },
    async (req, reply) => {
      reply.status(202);
      return ws.remove(principalOf(req), req.params.id, requestMeta(req));
    },
  );

  r.get(
    '/workspaces/:id/logs',
    {
      schema: {
        tags: tag,
        summary: "Provisioning steps with output, state transitions, and the tail of code-server's log",
        params: idParams,
        response: { 200: workspaceLogsDto },
      },
    },
    async (req) => ws.logs(principalOf(req), req.params.id),
  );

  r.get(
    '/workspaces/:id/metrics',
    {
      schema: {
        tags: tag,
        summary: 'CPU, memory and disk samples (1h and 24h: per minute/5 minutes; 30d: hourly)',
        params: idParams,
        querystring: z.object({ range: z.enum(['1h', '24h', '30d']).default('1h') }),
        response: { 200: workspaceMetricsDto },
      },
    },
    async (req) => {
      await ws.viewFor(principalOf(req), req.params.id);
      return workspaceMetrics(deps.database.db, req.params.id, req.query.range, deps.clock.now());
    },
  );

  r.get(
    '/workspaces/:id/events',
    {
      schema: {
        tags: tag,
        summary:
          'Server-Sent Events: `workspace` (the whole workspace) on each change, `step` on each step update, `deleted` at the end',
        params: idParams,
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const id = req.params.id;
      let current = ws.present(await ws.viewFor(p, id));
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': String(req.id),
      });
      const send = (event: string, data: unknown) => {
        if (!res.writableEnded) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      send('workspace', current);
      let flushing: Promise<void> | null = null;
      const pending: WorkspaceChange[] = [];
      const flush = async () => {
        while (pending.length) {
          const batch = pending.splice(0);
          if (batch.some((c) => c.kind === 'deleted')) {
            send('deleted', { id });
            return close();
          }
          try {
            current = ws.present(await ws.viewFor(p, id));
          } catch {
            send('deleted', { id });
            return close();
          }
          const steps = new Set(batch.filter((c) => c.kind === 'step').map((c) => c.index));
          for (const s of current.steps) if (steps.has(s.index)) send('step', { workspaceId: id, step: s });
          if (batch.some((c) => c.kind === 'workspace') || steps.size) send('workspace', current);
        }
      };
      const kick = () => {
        if (flushing) return; // the running flush picks new changes up
        flushing = flush().finally(() => {
          flushing = null;
          if (pending.length && !res.writableEnded) kick();
        });
      };
      const unsubscribe = deps.events.subscribe(id, (change) => {
        pending.push(change);
        kick();
      });
      const ping = setInterval(() => res.write(': ping\n\n'), SSE_PING_MS);
      ping.unref();
      function close() {
        streams.delete(close);
        clearInterval(ping);
        unsubscribe();
        if (!res.writableEnded) res.end();
      }
      streams.add(close);
      req.raw.on('close', close);
    },
  );

  // Templates.
  r.get(
    '/templates',
    {
      schema: {
        tags: ['templates'],
        summary: 'Official templates and my company’s own',
        response: { 200: z.object({ items: z.array(templateDto) }) },
      },
    },
    async (req) => ({ items: await templates.list(principalOf(req)) }),
  );

  r.get(
    '/templates/assets',
    {
      schema: {
        tags: ['templates'],
        summary: 'Uploaded .vsix files (owner, admin)',
        response: { 200: z.object({ items: z.array(templateAssetDto) }) },
      },
    },
    async (req) => ({ items: await templates.listAssets(principalOf(req)) }),
  );

  await app.register(async (upload) => {
    await upload.register(multipart, { limits: { fileSize: VSIX_MAX_BYTES, files: 1, fields: 2, parts: 3 } });
    upload.withTypeProvider<ZodTypeProvider>().post(
      '/templates/assets',
      {
        schema: {
          tags: ['templates'],
          summary: 'Upload a .vsix (multipart/form-data, field `file`) for extensions steps (owner, admin)',
          consumes: ['multipart/form-data'],
          response: { 201: templateAssetDto },
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        if (!req.isMultipart()) {
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            'Send the .vsix as multipart/form-data in the field `file`.',
          );
        }
        // A broken multipart body (no or a wrong boundary, cut short) is the sender's mistake: 400.
        const malformed = (err: unknown): never => {
          if (err instanceof AppError) throw err;
          const e = err as { code?: string; message?: string };
          if (e.code === 'FST_REQ_FILE_TOO_LARGE')
            throw new AppError(
              'PAYLOAD_TOO_LARGE',
              `A .vsix may be at most ${VSIX_MAX_BYTES / 1024 / 1024} MB.`,
            );
          throw new AppError(
            'BAD_REQUEST',
            `The upload is not valid multipart/form-data (${e.message ?? 'unreadable'}): send the .vsix in the field \`file\`.`,
            { fields: { file: 'could not be read from the request' } },
          );
        };
        const file = await req.file().catch(malformed);
        if (file?.fieldname !== 'file') {
          throw new AppError('VALIDATION_FAILED', 'The field `file` with a .vsix is missing.', {
            fields: { file: 'is required' },
            fieldCodes: { file: 'invalid_type' },
          });
        }
        const data = await file.toBuffer().catch(malformed);
        reply.status(201);
        return templates.uploadAsset(p, file.filename, data, requestMeta(req));
      },
    );
  });

  r.delete(
    '/templates/assets/:id',
    { schema: { tags: ['templates'], summary: 'Delete an unused .vsix (owner, admin)', params: idParams } },
    async (req, reply) => {
      await templates.removeAsset(principalOf(req), req.params.id, requestMeta(req));
      return reply.status(204).send();
    },
  );

  r.get(
    '/templates/:id',
    {
      schema: {
        tags: ['templates'],
        summary: 'One template',
        params: idParams,
        response: { 200: templateDto },
      },
    },
    async (req) => templates.get(principalOf(req), req.params.id),
  );

  r.post(
    '/templates',
    {
      schema: {
        tags: ['templates'],
        summary: 'Create a company template (owner, admin)',
        body: templateBody,
        response: { 201: templateDto },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return templates.create(principalOf(req), req.body, requestMeta(req));
    },
  );

  r.put(
    '/templates/:id',
    {
      schema: {
        tags: ['templates'],
        summary:
          'Replace a company template (owner, admin); existing workspaces keep the steps they were made with',
        params: idParams,
        body: templateBody,
        response: { 200: templateDto },
      },
    },
    async (req) => templates.update(principalOf(req), req.params.id, req.body, requestMeta(req)),
  );

  r.delete(
    '/templates/:id',
    {
      schema: {
        tags: ['templates'],
        summary: 'Delete an unused company template (owner, admin)',
        params: idParams,
      },
    },
    async (req, reply) => {
      await templates.remove(principalOf(req), req.params.id, requestMeta(req));
      return reply.status(204).send();
    },
  );
};
