import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../src/platform/db/embedded.ts';

/** A real SMTP server that keeps what it receives, parsed. */
export class SmtpSink {
  readonly messages: ParsedMail[] = [];
  private server?: SMTPServer;
  port = 0;

  /** Listen on a free loopback port (or the given one, to come back up after stop()). */
  async start(port?: number): Promise<this> {
    this.port = port ?? this.port ?? 0;
    if (!this.port) this.port = await freePort();
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((m) => {
            this.messages.push(m);
            callback();
          })
          .catch(callback);
      },
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    return this;
  }

  /** URL for SMTP_URL. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Stop accepting connections (SMTP down). */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }

  /** Messages sent to an address. */
  to(address: string): ParsedMail[] {
    return this.messages.filter((m) => JSON.stringify(m.to).toLowerCase().includes(address.toLowerCase()));
  }

  /** Wait until a message matching `pred` arrives. */
  async waitFor(pred: (m: ParsedMail) => boolean, timeoutMs = 10_000): Promise<ParsedMail> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(pred);
      if (found) return found;
      if (Date.now() > until)
        throw new Error(
          `no matching mail within ${timeoutMs} ms; have: ${this.messages.map((m) => m.subject).join(' | ')}`,
        );
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/** The first link in a message's text that contains `path`. */
export function linkIn(m: ParsedMail, path: string): string {
  const re = new RegExp(`https?://\\S*${path.replace(/[/?]/g, '\\$&')}\\S*`);
  const found = (m.text ?? '').match(re)?.[0];
  if (!found) throw new Error(`no ${path} link in "${m.subject}"`);
  return found;
}

/** The token query parameter of a link. */
export function tokenFrom(link: string): string {
  const t = new URL(link).searchParams.get('token');
  if (!t) throw new Error(`no token in ${link}`);
  return t;
}
