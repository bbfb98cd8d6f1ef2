import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

/** A message ready to send. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Stable id so a retried delivery can be recognised by the receiver. */
  messageId: string;
}

/** Delivers mail somewhere. */
export interface MailTransport {
  kind: 'smtp' | 'file';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
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
      await t.sendMail({
        from: m.from,
        to: m.to,
        subject: m.subject,
        html: m.html,
        text: m.text,
        messageId: m.messageId,
      });
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
      const info = (await t.sendMail({
        from: m.from,
        to: m.to,
        subject: m.subject,
        html: m.html,
        text: m.text,
        messageId: m.messageId,
      })) as { message: Buffer };
      const name = m.messageId.replace(/[<>]/g, '').replace(/[^a-zA-Z0-9_.@-]/g, '_');
      await writeFile(path.join(dir, `${name}.eml`), info.message, { mode: 0o600 });
    },
    close: () => {},
  };
}
