import type { Locale } from '@youarecoder/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/client.ts';
import type { Ids } from '../../platform/ids.ts';
import { enqueue } from '../../platform/jobs/index.ts';
import { sendMailJob } from './notifications.jobs.ts';
import { insertMail } from './notifications.repo.ts';
import { renderTemplate, type TemplateData, type TemplateName } from './templates.ts';

/** Who a message goes to and what it says. */
export interface MailRequest<K extends TemplateName> {
  template: K;
  to: string;
  locale: Locale;
  data: TemplateData[K];
  companyId?: string | null;
  userId?: string | null;
  requestId?: string;
}

/** Queues mail: outbox row and delivery job in the caller's transaction. */
export interface Notifications {
  queue<K extends TemplateName>(exec: Executor, req: MailRequest<K>): Promise<string>;
}

/** Build the notifications service. */
export function createNotifications(deps: { ids: Ids; clock: Clock }): Notifications {
  return {
    async queue(exec, req) {
      const id = deps.ids.id('msg');
      const r = renderTemplate(req.template, req.locale, req.data);
      await insertMail(exec, {
        id,
        companyId: req.companyId ?? null,
        userId: req.userId ?? null,
        template: req.template,
        locale: req.locale,
        toAddress: req.to,
        subject: r.subject,
        html: r.html,
        text: r.text,
        status: 'queued',
        createdAt: deps.clock.now(),
      });
      await enqueue(exec, sendMailJob, { messageId: id }, { jobKey: `mail:${id}`, requestId: req.requestId });
      return id;
    },
  };
}
