import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/client.ts';
import { cryptoIds } from '../../platform/ids.ts';
import type { MailAttachment } from './notifications.schema.ts';
import { createNotifications, MAIL_MAX_ATTACHMENT_BYTES } from './notifications.service.ts';

/** Records the outbox rows written; the job insert goes through execute() and is only counted. */
function fakeExec() {
  const rows: Record<string, unknown>[] = [];
  let jobs = 0;
  const exec = {
    insert: () => ({ values: async (row: Record<string, unknown>) => void rows.push(row) }),
    execute: async () => {
      jobs++;
    },
  } as unknown as Executor;
  return { exec, rows, jobs: () => jobs };
}

const notifications = createNotifications({ ids: cryptoIds, clock: new FakeClock() });
const PDF: MailAttachment = {
  filename: 'YAC2026000042.pdf',
  contentType: 'application/pdf',
  contentBase64: Buffer.from('%PDF-1.7\n%âãÏÓ\n').toString('base64'),
};
const queue = (exec: Executor, attachments?: MailAttachment[]) =>
  notifications.queue(exec, {
    template: 'trial_ended',
    to: 'owner@example.com',
    locale: 'tr',
    data: { name: 'Ayşe', companyName: 'Acme', billingUrl: 'http://localhost:8080/billing' },
    attachments,
  });

describe('Notifications.queue attachments', () => {
  it('stores them in the outbox row beside the delivery job', async () => {
    const f = fakeExec();
    await queue(f.exec, [PDF]);
    expect(f.rows).toHaveLength(1);
    expect(f.rows[0]?.attachments).toEqual([PDF]);
    expect(f.jobs()).toBe(1);
  });

  it('stores null when there are none, so old and new rows look alike', async () => {
    for (const list of [undefined, []]) {
      const f = fakeExec();
      await queue(f.exec, list);
      expect(f.rows[0]?.attachments).toBeNull();
    }
  });

  it.each([
    ['content that is not base64', { contentBase64: 'not base64!' }],
    ['truncated base64', { contentBase64: 'JVBER' }],
    ['an empty filename', { filename: ' ' }],
    ['a filename with a path', { filename: '../invoice.pdf' }],
    ['a filename with a line break', { filename: 'a\r\nBcc: x@example.com' }],
    ['a malformed content type', { contentType: 'pdf' }],
  ])('refuses %s before writing anything', async (_what, over) => {
    const f = fakeExec();
    await expect(queue(f.exec, [{ ...PDF, ...over }])).rejects.toThrow(/mail attachment/);
    expect(f.rows).toHaveLength(0);
    expect(f.jobs()).toBe(0);
  });

  it('refuses more than the size limit in total', async () => {
    const half = Buffer.alloc(MAIL_MAX_ATTACHMENT_BYTES / 2 + 1).toString('base64');
    const f = fakeExec();
    await expect(
      queue(f.exec, [
        { ...PDF, contentBase64: half },
        { ...PDF, contentBase64: half },
      ]),
    ).rejects.toThrow(/more than/);
    expect(f.rows).toHaveLength(0);
  });
});
