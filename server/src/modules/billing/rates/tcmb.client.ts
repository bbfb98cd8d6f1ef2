// Downloads bulletin files from TCMB (or any server laid out like kurlar/). A missing day is an
// answer (404 -> null), not an error: weekends and holidays have no file.
import { bulletinPath } from './rates.calendar.ts';

/** How long one download may take, body included. */
export const FETCH_TIMEOUT_MS = 10_000;

/** A bulletin could not be downloaded: network error, timeout or an unexpected HTTP status. */
export class TcmbFetchError extends Error {
  override name = 'TcmbFetchError';
  constructor(
    readonly url: string,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${message} (${url})`, options);
  }
}

/** Where the bulletins are and how to get one. */
export interface TcmbClient {
  todayUrl: string;
  dayUrl: (day: string) => string;
  /** The body of `url`, or null on 404; throws TcmbFetchError otherwise. */
  get: (url: string) => Promise<string | null>;
}

/** A client for the bulletins under `baseUrl` (e.g. https://www.tcmb.gov.tr/kurlar). */
export function createTcmbClient(opts: {
  baseUrl: string;
  fetch: typeof fetch;
  timeoutMs?: number;
}): TcmbClient {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? FETCH_TIMEOUT_MS;
  return {
    todayUrl: `${base}/today.xml`,
    dayUrl: (day) => `${base}/${bulletinPath(day)}`,
    get: async (url) => {
      let res: Response;
      try {
        res = await opts.fetch(url, {
          signal: AbortSignal.timeout(timeoutMs),
          headers: { accept: 'application/xml, text/xml;q=0.9' },
        });
      } catch (err) {
        throw new TcmbFetchError(url, `fetch failed: ${(err as Error).message}`, undefined, { cause: err });
      }
      if (res.status === 404) {
        await res.body?.cancel().catch(() => {});
        return null;
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => {});
        throw new TcmbFetchError(url, `HTTP ${res.status}`, res.status);
      }
      try {
        return await res.text();
      } catch (err) {
        // The timeout covers the body too: a server that stalls mid-document lands here.
        throw new TcmbFetchError(url, `reading the body failed: ${(err as Error).message}`, res.status, {
          cause: err,
        });
      }
    },
  };
}
