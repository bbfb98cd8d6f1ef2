import type { IncomingMessage, ServerResponse } from 'node:http';
import { simPay } from './api-iframe.ts';
import { noTamper, tamperReport } from './api-report.ts';
import { HttpError, readJson, sendJson } from './http.ts';
import { clearExpiryTimers, expire, type SimContext } from './payments.ts';
import type { CallbackAttempt, Order, SimConfig } from './types.ts';

/** The /__sim operations, shared by the HTTP API and the typed helpers of PaytrSim. */
export interface SimActions {
  resendCallback(merchantOid: string): Promise<CallbackAttempt>;
  expire(merchantOid: string): Promise<Order>;
  setCardDecline(ctoken: string, decline: boolean): void;
  setConfig(patch: Partial<SimConfig>): SimConfig;
  reset(): void;
}

function orderOf(ctx: SimContext, oid: string): Order {
  const order = ctx.store.orders.get(oid);
  if (!order) throw new HttpError(404, `no order ${oid}`);
  return order;
}

function positiveInt(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new HttpError(400, `${name} must be a positive integer`);
  }
  return v;
}

/** Builds the /__sim operations for one simulator. */
export function simActions(ctx: SimContext): SimActions {
  return {
    async resendCallback(oid) {
      const order = orderOf(ctx, oid);
      if (!order.callback.fields)
        throw new HttpError(409, 'the order is not settled, so it has no notification yet');
      return ctx.notifier.resend(order);
    },
    async expire(oid) {
      const order = orderOf(ctx, oid);
      if (order.kind !== 'iframe' || order.status !== 'pending') {
        throw new HttpError(409, 'only an unpaid iFrame token can expire');
      }
      await expire(ctx, order);
      return order;
    },
    setCardDecline(ctoken, decline) {
      const card = ctx.store.card(ctoken);
      if (!card) throw new HttpError(404, `no stored card ${ctoken}`);
      card.decline = decline;
    },
    setConfig(patch) {
      const c = ctx.config;
      if (patch.deliverCallbacks !== undefined && typeof patch.deliverCallbacks !== 'boolean') {
        throw new HttpError(400, 'deliverCallbacks must be a boolean');
      }
      if (patch.apiDown !== undefined && typeof patch.apiDown !== 'boolean') {
        throw new HttpError(400, 'apiDown must be a boolean');
      }
      if (patch.apiDown !== undefined) c.apiDown = patch.apiDown;
      if (patch.callbackUrl !== undefined && typeof patch.callbackUrl !== 'string') {
        throw new HttpError(400, 'callbackUrl must be a string');
      }
      c.retryIntervalMs = positiveInt(patch.retryIntervalMs, 'retryIntervalMs') ?? c.retryIntervalMs;
      c.maxCallbackAttempts =
        positiveInt(patch.maxCallbackAttempts, 'maxCallbackAttempts') ?? c.maxCallbackAttempts;
      c.callbackTimeoutMs = positiveInt(patch.callbackTimeoutMs, 'callbackTimeoutMs') ?? c.callbackTimeoutMs;
      if (patch.callbackUrl !== undefined) c.callbackUrl = patch.callbackUrl || undefined;
      if (patch.deliverCallbacks !== undefined) {
        const resumed = patch.deliverCallbacks && !c.deliverCallbacks;
        c.deliverCallbacks = patch.deliverCallbacks;
        if (resumed) ctx.notifier.releaseHeld(ctx.store.list());
      }
      ctx.log('config changed', { ...c });
      return { ...c };
    },
    reset() {
      ctx.notifier.cancelAll();
      clearExpiryTimers(ctx);
      ctx.store.clear();
      ctx.reportTamper = noTamper();
      Object.assign(ctx.config, ctx.initialConfig);
      ctx.log('reset');
    },
  };
}

/** Routes /__sim/*; returns false when the path is not one of them. */
export async function handleSim(
  ctx: SimContext,
  actions: SimActions,
  method: string,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const parts = path.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
  const route = `${method} ${parts.map((p, i) => (i > 0 && parts[0] !== 'config' ? ':' : p)).join('/')}`;
  const arg = parts[1] ?? '';
  switch (route) {
    case 'POST pay': {
      const body = await readJson(req);
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
      const installments = body.installments;
      if (installments !== undefined && typeof installments !== 'number') {
        throw new HttpError(400, 'installments must be a number');
      }
      const result = await simPay(ctx, {
        token: str(body.token),
        merchantOid: str(body.merchant_oid) ?? str(body.merchantOid),
        card: str(body.card),
        installments,
      });
      sendJson(res, 200, result);
      return true;
    }
    case 'GET orders':
      sendJson(res, 200, ctx.store.list());
      return true;
    case 'GET orders/:':
      sendJson(res, 200, orderOf(ctx, arg));
      return true;
    case 'POST orders/:/:':
      if (parts[2] !== 'expire') return false;
      sendJson(res, 200, await actions.expire(arg));
      return true;
    case 'POST callbacks/:/:':
      if (parts[2] !== 'resend') return false;
      sendJson(res, 200, await actions.resendCallback(arg));
      return true;
    case 'POST cards/:': {
      const body = await readJson(req);
      if (typeof body.decline !== 'boolean') throw new HttpError(400, 'decline must be a boolean');
      actions.setCardDecline(arg, body.decline);
      sendJson(res, 200, { ctoken: arg, decline: body.decline });
      return true;
    }
    case 'GET config':
      sendJson(res, 200, ctx.config);
      return true;
    case 'POST config':
      sendJson(res, 200, actions.setConfig((await readJson(req)) as Partial<SimConfig>));
      return true;
    case 'GET report':
      sendJson(res, 200, ctx.reportTamper);
      return true;
    case 'POST report':
      sendJson(res, 200, tamperReport(ctx, await readJson(req)));
      return true;
    case 'POST reset':
      actions.reset();
      sendJson(res, 200, { ok: true });
      return true;
    default:
      return false;
  }
}
