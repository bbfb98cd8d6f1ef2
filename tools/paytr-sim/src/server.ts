import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { capiDelete, capiList, handleDirect } from './api-direct.ts';
import { handleGetToken, handlePage, handlePagePost, simPay } from './api-iframe.ts';
import { answerApi, refund, statusInquiry } from './api-merchant.ts';
import { noTamper, tamperReport, transactionList } from './api-report.ts';
import { handleSim, simActions } from './api-sim.ts';
import { Notifier } from './callbacks.ts';
import { HttpError, sendJson, sendText } from './http.ts';
import { clearExpiryTimers, type SimContext } from './payments.ts';
import { Store } from './store.ts';
import type { PaytrSim, PaytrSimOptions, SimConfig } from './types.ts';

/** Routes PayTR's endpoints and the /__sim API. */
async function route(
  ctx: SimContext,
  actions: ReturnType<typeof simActions>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? 'GET';
  const path = new URL(req.url ?? '/', 'http://sim').pathname.replace(/\/+$/, '') || '/';
  if (path.startsWith('/__sim/')) {
    if (!(await handleSim(ctx, actions, method, path, req, res)))
      throw new HttpError(404, 'no such /__sim route');
    return;
  }
  const page = /^\/odeme\/guvenli\/([^/]+)$/.exec(path);
  if (page) {
    const token = decodeURIComponent(page[1] ?? '');
    if (method === 'GET') return handlePage(ctx, token, res);
    if (method === 'POST') return handlePagePost(ctx, token, req, res);
    throw new HttpError(405, 'GET or POST only');
  }
  if (path === '/') {
    sendText(res, 200, `PayTR simulator for store ${ctx.creds.merchantId}. See tools/paytr-sim/README.md.\n`);
    return;
  }
  const apis: Record<string, () => Promise<void>> = {
    '/odeme/api/get-token': () => handleGetToken(ctx, req, res),
    '/odeme': () => handleDirect(ctx, req, res),
    '/odeme/durum-sorgu': () => answerApi(ctx, req, res, (f) => statusInquiry(ctx, f)),
    '/odeme/iade': () => answerApi(ctx, req, res, (f) => refund(ctx, f)),
    '/rapor/islem-dokumu': () => answerApi(ctx, req, res, (f) => transactionList(ctx, f)),
    '/odeme/capi/list': () => answerApi(ctx, req, res, (f) => capiList(ctx, f)),
    '/odeme/capi/delete': () => answerApi(ctx, req, res, (f) => capiDelete(ctx, f)),
  };
  const api = apis[path];
  if (!api) throw new HttpError(404, `no such endpoint: ${path}`);
  if (method !== 'POST') throw new HttpError(405, 'PayTR endpoints take POST');
  if (ctx.config.apiDown) throw new HttpError(503, 'PayTR is unavailable (simulated outage)');
  await api();
}

/** Starts a simulator on host:port (port 0 picks a free one) and resolves once it listens. */
export async function startPaytrSim(o: PaytrSimOptions): Promise<PaytrSim> {
  const log = o.log ?? (() => {});
  const config: SimConfig = {
    deliverCallbacks: true,
    apiDown: false,
    retryIntervalMs: o.retryIntervalMs ?? 60_000,
    maxCallbackAttempts: o.maxCallbackAttempts ?? 20,
    callbackTimeoutMs: o.callbackTimeoutMs ?? 10_000,
    callbackUrl: o.callbackUrl,
  };
  const ctx: SimContext = {
    creds: { merchantId: o.merchantId, merchantKey: o.merchantKey, merchantSalt: o.merchantSalt },
    config,
    initialConfig: { ...config },
    store: new Store(),
    notifier: new Notifier(config, log),
    log,
    expiryTimers: new Map(),
    now: o.now ?? Date.now,
    reportTamper: noTamper(),
  };
  const actions = simActions(ctx);
  const server = createServer((req, res) => {
    route(ctx, actions, req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      if (status === 500) log('internal error', { url: req.url, error: message });
      if (res.headersSent) res.destroy();
      else sendJson(res, status, { error: message });
    });
  });
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log('listening', { url, merchantId: o.merchantId });
  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        ctx.notifier.close();
        clearExpiryTimers(ctx);
        server.close(() => resolve());
        // Tests start and stop many simulators; idle keep-alive sockets must not hold close() up.
        server.closeAllConnections();
      });
      return closing;
    },
    pay: (input) => simPay(ctx, input),
    order: (oid) => ctx.store.orders.get(oid),
    orders: () => ctx.store.list(),
    resendCallback: (oid) => actions.resendCallback(oid),
    expire: (oid) => actions.expire(oid),
    setCardDecline: (ctoken, decline) => actions.setCardDecline(ctoken, decline),
    setConfig: (patch) => actions.setConfig(patch),
    tamperReport: (patch) => tamperReport(ctx, patch),
    reset: () => actions.reset(),
  };
}
