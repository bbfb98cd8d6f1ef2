import type { DevMail, DevMailSummary } from '@youarecoder/contract';
import type { Db } from '../../platform/db/client.ts';
import { notFound } from '../../platform/http/errors.ts';
import { findMail, listRecentMail, type OutboxListRow } from './notifications.repo.ts';

/** How many messages the development mail page lists. */
export const DEV_MAIL_LIST_LIMIT = 100;

function summary(m: OutboxListRow): DevMailSummary {
  return {
    id: m.id,
    to: m.toAddress,
    subject: m.subject,
    template: m.template,
    status: m.status,
    attempts: m.attempts,
    lastError: m.lastError,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
  };
}

/** Reads the outbox for the development mail page (never enabled in production). */
export function createDevMailService(deps: { db: Db }) {
  return {
    async list(): Promise<DevMailSummary[]> {
      return (await listRecentMail(deps.db, DEV_MAIL_LIST_LIMIT)).map(summary);
    },
    async get(id: string): Promise<DevMail> {
      const m = await findMail(deps.db, id);
      if (!m) throw notFound('Message');
      return { ...summary(m), html: m.html, text: m.text };
    },
  };
}

/** The development mail service. */
export type DevMailService = ReturnType<typeof createDevMailService>;
