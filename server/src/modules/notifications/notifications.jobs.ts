import { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/client.ts';
import { defineJob, type AnyJob } from '../../platform/jobs/index.ts';
import type { MailTransport } from '../../platform/mail/transport.ts';
import { findMail, updateMail } from './notifications.repo.ts';

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

/** Job handlers of this module, bound to their dependencies. */
export function mailJobs(deps: { db: Db; clock: Clock; transport: MailTransport; from: string }): AnyJob[] {
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
      await updateMail(deps.db, messageId, { status: 'sent', attempts, sentAt: deps.clock.now(), lastError: null });
      ctx.log.info({ messageId, template: msg.template }, 'mail sent');
    },
  });
  return [send];
}
