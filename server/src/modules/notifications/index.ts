export { MAIL_CLEANUP_CRON, MAIL_MAX_ATTEMPTS, mailJobs } from './notifications.jobs.ts';
export { countMailByStatus, listRecentMail, mailsOfCompany } from './notifications.repo.ts';
export type { MailAttachment } from './notifications.schema.ts';
export { createNotifications, type MailRequest, type Notifications } from './notifications.service.ts';
export { renderTemplate, type TemplateName } from './templates.ts';
