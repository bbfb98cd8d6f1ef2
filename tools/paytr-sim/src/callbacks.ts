import http from 'node:http';
import https from 'node:https';
import type { CallbackAttempt, Order, SimConfig } from './types.ts';

/** A merchant's answer to one POST. */
interface Answer {
  status: number;
  body: string;
}

/** Posts form fields and reads the answer; one fresh connection per attempt, as PayTR's notifier does. */
export function postForm(
  url: string,
  form: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Answer> {
  const target = new URL(url);
  const payload = new URLSearchParams(form).toString();
  const mod = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      target,
      {
        method: 'POST',
        // No pooling: a kept-alive socket would hold the merchant's test server open after it closes.
        agent: false,
        signal,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(payload),
          'user-agent': 'PayTR-Simulator',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          // Only the start matters (it must be "OK"); a huge answer is not kept.
          if (size < 4096) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(payload);
  });
}

/** Delivers notification callbacks and retries them until the merchant answers exactly `OK`. */
export class Notifier {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inflight = new Set<AbortController>();
  private closed = false;
  // Bumped by cancelAll, so an attempt that was in flight during a reset schedules nothing afterwards.
  private generation = 0;

  constructor(
    private readonly config: SimConfig,
    private readonly log: (msg: string, extra?: object) => void,
  ) {}

  /**
   * Starts delivering an order's notification (its fields must be set). The promise settles after the first
   * attempt with whether it got `OK`; later retries run on timers.
   */
  async start(order: Order): Promise<boolean> {
    this.cancel(order.merchantOid);
    if (!this.config.deliverCallbacks) {
      order.callback.state = 'held';
      return false;
    }
    order.callback.state = 'delivering';
    return this.loopAttempt(order);
  }

  /** One extra delivery now, whatever happened before; a success also ends any pending retries. */
  async resend(order: Order): Promise<CallbackAttempt> {
    const attempt = await this.attempt(order, 'resend');
    if (attempt.ok && order.callback.state !== 'delivered') {
      this.cancel(order.merchantOid);
      order.callback.state = 'delivered';
    }
    return attempt;
  }

  /** Starts every held notification, after deliverCallbacks is switched back on. */
  releaseHeld(orders: Iterable<Order>): void {
    for (const order of orders) {
      if (order.callback.state === 'held') void this.start(order);
    }
  }

  /** Stops retrying one order. */
  cancel(merchantOid: string): void {
    const t = this.timers.get(merchantOid);
    if (t) clearTimeout(t);
    this.timers.delete(merchantOid);
  }

  /** Stops all retries and aborts attempts in flight (reset). */
  cancelAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const c of this.inflight) c.abort();
    this.inflight.clear();
    this.generation++;
  }

  /** Stops for good (simulator shutdown). */
  close(): void {
    this.closed = true;
    this.cancelAll();
  }

  private async loopAttempt(order: Order): Promise<boolean> {
    const cb = order.callback;
    const made = cb.attempts.filter((a) => a.reason !== 'resend').length;
    const generation = this.generation;
    const attempt = await this.attempt(order, made === 0 ? 'first' : 'retry');
    // A resend may have succeeded, or everything was reset, while this attempt was in flight.
    if (cb.state !== 'delivering' || generation !== this.generation) return attempt.ok;
    if (attempt.ok) {
      cb.state = 'delivered';
      return true;
    }
    if (made + 1 >= this.config.maxCallbackAttempts) {
      cb.state = 'gave_up';
      this.log('notification: giving up', { merchantOid: order.merchantOid, attempts: made + 1 });
      return false;
    }
    if (!this.closed) {
      this.cancel(order.merchantOid);
      const t = setTimeout(() => {
        this.timers.delete(order.merchantOid);
        if (cb.state !== 'delivering') return;
        // Switching delivery off between retries holds the rest, like a queue that is paused.
        if (!this.config.deliverCallbacks) cb.state = 'held';
        else void this.loopAttempt(order);
      }, this.config.retryIntervalMs);
      t.unref();
      this.timers.set(order.merchantOid, t);
    }
    return false;
  }

  private async attempt(order: Order, reason: CallbackAttempt['reason']): Promise<CallbackAttempt> {
    const cb = order.callback;
    const attempt: CallbackAttempt = {
      at: new Date().toISOString(),
      n: cb.attempts.length + 1,
      reason,
      ok: false,
    };
    cb.attempts.push(attempt);
    const url = this.config.callbackUrl;
    if (!url || !cb.fields) {
      attempt.error = url ? 'order has no notification yet' : 'no callback URL configured';
      this.log(`notification: ${attempt.error}`, { merchantOid: order.merchantOid });
      return attempt;
    }
    const ctl = new AbortController();
    this.inflight.add(ctl);
    try {
      const answer = await postForm(url, cb.fields, this.config.callbackTimeoutMs, ctl.signal);
      attempt.httpStatus = answer.status;
      attempt.body = answer.body.slice(0, 500);
      // PayTR wants exactly "OK": no whitespace, no HTML, no JSON.
      attempt.ok = answer.status >= 200 && answer.status < 300 && answer.body === 'OK';
    } catch (err) {
      attempt.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.inflight.delete(ctl);
    }
    this.log(`notification ${attempt.ok ? 'acknowledged' : 'not acknowledged'}`, {
      merchantOid: order.merchantOid,
      n: attempt.n,
      reason,
      httpStatus: attempt.httpStatus,
      error: attempt.error,
    });
    return attempt;
  }
}
