import type { Locale } from '@youarecoder/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/client.ts';
import type { Ids } from '../../platform/ids.ts';
import { enqueue } from '../../platform/jobs/index.ts';
import { sendMailJob } from './notifications.jobs.ts';
import { insertMail } from './notifications.repo.ts';
import type { MailAttachment } from './notifications.schema.ts';
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
  /** Files sent with the message (an invoice PDF); kept in the outbox row until it is cleaned up. */
  attachments?: MailAttachment[];
}

/** Largest total of decoded attachment bytes one message may carry. */
export const MAIL_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Refuse a bad attachment in the caller's transaction: Buffer.from() would quietly turn bad
 * base64 into garbage, and the job could only find out after the event was committed.
 */
function checkAttachments(list: MailAttachment[]): void {
  let bytes = 0;
  for (const a of list) {
    if (!a.filename.trim() || /[\r\n/\\]/.test(a.filename)) {
      throw new Error(`mail attachment: bad filename ${JSON.stringify(a.filename)}`);
    }
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(a.contentType)) {
      throw new Error(`mail attachment ${a.filename}: bad content type ${JSON.stringify(a.contentType)}`);
    }
    if (a.contentBase64.length % 4 !== 0 || !BASE64.test(a.contentBase64)) {
      throw new Error(`mail attachment ${a.filename}: content is not base64`);
    }
    bytes += Buffer.byteLength(a.contentBase64, 'base64');
  }
  // SMTP servers commonly refuse messages of 10-25 MB, and base64 adds a third on the wire.
  if (bytes > MAIL_MAX_ATTACHMENT_BYTES) {
    throw new Error(`mail attachments: ${bytes} bytes, more than ${MAIL_MAX_ATTACHMENT_BYTES}`);
  }
}

/** Queues mail: outbox row and delivery job in the caller's transaction. */
export interface Notifications {
  queue<K extends TemplateName>(exec: Executor, req: MailRequest<K>): Promise<string>;
}

/** Build the notifications service. */
export function createNotifications(deps: { ids: Ids; clock: Clock }): Notifications {
  return {
    async queue(exec, req) {
      const attachments = req.attachments?.length ? req.attachments : null;
      if (attachments) checkAttachments(attachments);
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
        attachments,
        status: 'queued',
        createdAt: deps.clock.now(),
      });
      await enqueue(exec, sendMailJob, { messageId: id }, { jobKey: `mail:${id}`, requestId: req.requestId });
      return id;
    },
  };
}
