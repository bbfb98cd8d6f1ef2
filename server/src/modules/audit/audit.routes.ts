import { auditPageDto, auditQuery } from '@youarecoder/contract';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { principalOf } from '../../platform/http/auth.ts';
import { auditCsv, presentAuditEvent } from './audit.present.ts';
import { CSV_MAX_ROWS } from './audit.read.ts';

/** Header set on a CSV export that hit the row cap. */
export const TRUNCATED_HEADER = 'x-audit-truncated';

const DESCRIPTION = `Owners and admins only. Filters combine with AND; \`from\` and \`to\` are inclusive ISO 8601
date-times. JSON answers are pages, newest first: pass \`nextCursor\` back as \`cursor\` for the next one.
With \`format=csv\` the answer is a \`text/csv\` attachment of every matching event (up to ${CSV_MAX_ROWS}, no
pagination; \`${TRUNCATED_HEADER}: true\` when more matched), a header row first, RFC 4180 quoting, and cells
that a spreadsheet would run as a formula prefixed with \`'\`.`;

/** GET /api/v1/audit-events: the company's audit log as JSON pages or a CSV download. */
export const auditRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  const audit = deps.services.auditRead;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log of my company (owner, admin)',
        description: DESCRIPTION,
        querystring: auditQuery,
        response: {
          200: {
            description: 'A page of events, or with format=csv the CSV file',
            content: {
              'application/json': { schema: auditPageDto },
              'text/csv': { schema: z.string().describe('CSV: header row, then one row per event') },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      if (req.query.format === 'csv') {
        const file = await audit.export(p, req.query);
        if (file.truncated) reply.header(TRUNCATED_HEADER, 'true');
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .header('cache-control', 'no-store')
          .send(auditCsv(file.rows.map(presentAuditEvent)));
      }
      const page = await audit.list(p, req.query);
      return reply.send({ events: page.rows.map(presentAuditEvent), nextCursor: page.nextCursor });
    },
  );
};
