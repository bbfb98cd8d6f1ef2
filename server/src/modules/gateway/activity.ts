// Activity reporting of the gateway: every proxied request and WebSocket message counts, but the
// callback (which will write a workspace's last activity) runs at most once per key per interval.
import type { Clock } from '../../platform/clock.ts';

/** Reports activity for a key, calling the sink at most once per `intervalMs` for that key. */
export interface ActivityThrottle {
  /** Note activity for the key now; calls the sink unless it already ran for this key in the interval. */
  touch(key: string): void;
  /** Forget a key (its next touch reports at once). */
  forget(key: string): void;
  /** How many keys are remembered (for tests and metrics). */
  size(): number;
}

/** Options of createActivityThrottle. */
export interface ActivityThrottleOptions {
  clock: Clock;
  intervalMs: number;
  /** The sink; its errors (thrown or rejected) go to onError, never up into the proxy. */
  onActivity: (key: string) => void | Promise<void>;
  onError?: (err: unknown, key: string) => void;
}

// Past this many remembered keys, entries older than the interval are swept out (they would report
// at the next touch anyway), so keys of deleted workspaces do not pile up.
const SWEEP_AT = 1_000;

/**
 * A leading-edge throttle: the first touch of a key reports at once, later touches within the
 * interval are absorbed. The reported time can so lag the true last activity by up to the interval,
 * which the idle timeout (minutes) easily absorbs.
 */
export function createActivityThrottle(o: ActivityThrottleOptions): ActivityThrottle {
  const last = new Map<string, number>();
  let sweepAt = SWEEP_AT;

  const report = (key: string) => {
    try {
      const r = o.onActivity(key);
      if (r && typeof r.then === 'function') r.then(undefined, (err: unknown) => o.onError?.(err, key));
    } catch (err) {
      o.onError?.(err, key);
    }
  };

  return {
    touch(key) {
      const now = o.clock.now().getTime();
      const prev = last.get(key);
      if (prev !== undefined && now - prev < o.intervalMs && now >= prev) return;
      last.set(key, now);
      if (last.size >= sweepAt) {
        for (const [k, t] of last) if (now - t >= o.intervalMs) last.delete(k);
        sweepAt = Math.max(SWEEP_AT, last.size * 2);
      }
      report(key);
    },
    forget(key) {
      last.delete(key);
    },
    size: () => last.size,
  };
}
