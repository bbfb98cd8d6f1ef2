// One LISTEN connection per process, shared by every subscriber of a channel. PostgreSQL NOTIFY
// carries events between processes (the worker provisions, the API process streams progress), and
// a notification sent inside a transaction is delivered only when it commits.
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Logger } from '../logger.ts';

/** Subscribes to NOTIFY channels over one connection that reconnects on its own. */
export interface Listener {
  /** Call `fn` with each payload on `channel` until the returned function is called. */
  subscribe(channel: string, fn: (payload: string) => void): () => void;
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]*$/;

/** A listener that connects lazily, on the first subscription. */
export function createListener(url: string, log: Logger): Listener {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const channels = new Map<string, number>();
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = (): Promise<void> => {
    if (connecting) return connecting;
    connecting = (async () => {
      const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
      c.on('notification', (n) => emitter.emit(n.channel, n.payload ?? ''));
      c.on('error', (err) => {
        log.warn({ err }, 'LISTEN connection lost; reconnecting');
        drop(c);
      });
      c.on('end', () => drop(c));
      try {
        await c.connect();
        for (const ch of channels.keys()) await c.query(`LISTEN ${ch}`);
        if (closed) await c.end();
        else client = c;
      } catch (err) {
        log.warn({ err }, 'LISTEN connection failed; retrying in 2 s');
        drop(c);
      } finally {
        connecting = null;
      }
    })();
    return connecting;
  };

  function drop(c: pg.Client): void {
    if (client === c) client = null;
    c.removeAllListeners('notification');
    void c.end().catch(() => {});
    if (!closed && channels.size > 0 && !retry) {
      retry = setTimeout(() => {
        retry = null;
        void connect();
      }, 2000);
      retry.unref();
    }
  }

  return {
    subscribe(channel, fn) {
      if (!CHANNEL.test(channel)) throw new Error(`invalid channel ${channel}`);
      emitter.on(channel, fn);
      const n = channels.get(channel) ?? 0;
      channels.set(channel, n + 1);
      if (n === 0) {
        if (client) void client.query(`LISTEN ${channel}`).catch(() => {});
        else void connect();
      }
      return () => {
        emitter.off(channel, fn);
        const left = (channels.get(channel) ?? 1) - 1;
        if (left > 0) channels.set(channel, left);
        else channels.delete(channel);
      };
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await connecting;
      const c = client;
      client = null;
      if (c) await c.end().catch(() => {});
    },
  };
}
