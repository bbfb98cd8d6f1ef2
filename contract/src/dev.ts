import { z } from 'zod';

/** Delivery state of an outgoing message. */
export const devMailStatusSchema = z.enum(['queued', 'sent', 'failed']);

/** One message of the development mail page (GET /api/v1/dev/mail). */
export const devMailSummaryDto = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  template: z.string(),
  status: devMailStatusSchema,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
/** A message in the development mail list. */
export type DevMailSummary = z.infer<typeof devMailSummaryDto>;

/** GET /api/v1/dev/mail: newest first. */
export const devMailListDto = z.object({ messages: z.array(devMailSummaryDto) });
/** The development mail list. */
export type DevMailList = z.infer<typeof devMailListDto>;

/** GET /api/v1/dev/mail/:id: one message with its bodies. */
export const devMailDto = devMailSummaryDto.extend({ html: z.string(), text: z.string() });
/** One development mail message with its bodies. */
export type DevMail = z.infer<typeof devMailDto>;
