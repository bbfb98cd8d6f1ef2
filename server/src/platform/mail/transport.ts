import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

/** A file sent with a message; base64 so it can sit in a JSON outbox column unchanged. */
export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

/** A message ready to send. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Stable id so a retried delivery can be recognised by the receiver. */
  messageId: string;
  attachments?: OutgoingAttachment[];
}

/** Delivers mail somewhere. */
export interface MailTransport {
  kind: 'smtp' | 'file';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** The nodemailer message both transports send, so SMTP and the .eml files carry the same MIME. */
function toNodemailer(m: OutgoingMail) {
  return {
    from: m.from,
    to: m.to,
    subject: m.subject,
    html: m.html,
    text: m.text,
    messageId: m.messageId,
    attachments: (m.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.contentBase64,
      encoding: 'base64',
    })),
  };
}

/** Deliver through an SMTP server given as smtp(s)://user:pass@host:port. */
export function createSmtpTransport(url: string): MailTransport {
  const t = nodemailer.createTransport(url, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as never);
  return {
    kind: 'smtp',
    async send(m) {
      await t.sendMail(toNodemailer(m));
    },
    close: () => t.close(),
  };
}

/** Development: write each message as an .eml file under `dir`. */
export function createFileTransport(dir: string): MailTransport {
  const t = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let prepared = false;
  return {
    kind: 'file',
    async send(m) {
      if (!prepared) {
        // The platform's alone: messages hold sign-in and reset links (workspaces may run on this host).
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await chmod(dir, 0o700);
        prepared = true;
      }
      const info = (await t.sendMail(toNodemailer(m))) as { message: Buffer };
      const name = m.messageId.replace(/[<>]/g, '').replace(/[^a-zA-Z0-9_.@-]/g, '_');
      await writeFile(path.join(dir, `${name}.eml`), info.message, { mode: 0o600 });
    },
    close: () => {},
  };
}
