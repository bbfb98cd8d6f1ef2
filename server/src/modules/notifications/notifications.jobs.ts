import { z } from 'zod';
import { type Clock, DAY } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/client.ts';
import { type AnyJob, type CronEntry, defineJob } from '../../platform/jobs/index.ts';
import type { MailTransport } from '../../platform/mail/transport.ts';
import { deleteFinishedMailBefore, findMail, updateMail } from './notifications.repo.ts';

/** Attempts before a message is marked failed (graphile-worker backs off exponentially between them). */
export const MAIL_MAX_ATTEMPTS = 12;

/** The job's identity and payload; its handler is bound to deps by mailJobs(). */
export const sendMailJob = defineJob({
  id: 'mail:send',
  payload: z.object({ messageId: z.string() }),
  maxAttempts: MAIL_MAX_ATTEMPTS,
  handler: async () => {
    throw new Error('mail:send is bound in mailJobs()');
  },
});

/** Daily: delivered and failed messages past the retention leave the outbox (queued ones never do). */
export const MAIL_CLEANUP_CRON: CronEntry = { pattern: '23 3 * * *', job: 'mail:cleanup' };

/** Job handlers of this module, bound to their dependencies. */
export function mailJobs(deps: {
  db: Db;
  clock: Clock;
  transport: MailTransport;
  from: string;
  retentionDays: number;
}): AnyJob[] {
  const send = defineJob({
    ...sendMailJob,
    handler: async ({ messageId }, ctx) => {
      const msg = await findMail(deps.db, messageId);
      if (!msg) return ctx.log.warn({ messageId }, 'message no longer exists');
      if (msg.status === 'sent') return; // idempotent: a duplicate run sends nothing
      const attempts = msg.attempts + 1;
      try {
        await deps.transport.send({
          from: deps.from,
          to: msg.toAddress,
          subject: msg.subject,
          html: msg.html,
          text: msg.text,
          messageId: `<${msg.id}@youarecoder>`,
          attachments: msg.attachments ?? undefined,
        });
      } catch (err) {
        const finalAttempt = ctx.attempts >= ctx.maxAttempts;
        await updateMail(deps.db, messageId, {
          attempts,
          lastError: (err as Error).message.slice(0, 500),
          status: finalAttempt ? 'failed' : 'queued',
        });
        throw err;
      }
      await updateMail(deps.db, messageId, {
        status: 'sent',
        attempts,
        sentAt: deps.clock.now(),
        lastError: null,
      });
      ctx.log.info({ messageId, template: msg.template }, 'mail sent');
    },
  });
  const cleanup = defineJob({
    id: MAIL_CLEANUP_CRON.job,
    payload: z.object({}).passthrough(),
    handler: async (_p, ctx) => {
      const before = new Date(deps.clock.now().getTime() - deps.retentionDays * DAY);
      const n = await deleteFinishedMailBefore(deps.db, before);
      if (n) ctx.log.info({ deleted: n, before }, 'old mail removed from the outbox');
    },
  });
  return [send, cleanup];
}
