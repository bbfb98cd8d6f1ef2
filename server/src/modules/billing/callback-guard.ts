// What keeps the public PayTR notification URL from being a way to fill the database and the operators'
// mailbox: only PayTR's own fields are kept (each cut to a small size), an optional allow-list of the
// addresses PayTR posts from, a limit on rejected notifications per address, and one operator alert per
// window with a count instead of one per rejection. A notification PayTR signed is never limited: only
// rejected ones (a wrong signature, a malformed body) count.
import type { Clock } from '../../platform/clock.ts';
import { ipList, onIpList } from '../../platform/ip-list.ts';

/** The fields PayTR's notification carries (docs: the iFrame API's callback, and stored-card ones). */
export const PAYTR_NOTIFICATION_FIELDS = [
  'merchant_oid',
  'status',
  'total_amount',
  'hash',
  'failed_reason_code',
  'failed_reason_msg',
  'test_mode',
  'payment_type',
  'currency',
  'payment_amount',
  'installment_count',
  'utoken',
  'ctoken',
  'merchant_id',
] as const;

/** The longest value kept of one field (PayTR's are far shorter; failed_reason_msg is a sentence). */
const FIELD_MAX = 512;

/** A notification's body as stored: PayTR's fields only, each cut to FIELD_MAX; how many were dropped. */
export function storedNotification(body: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  let dropped = 0;
  for (const [k, v] of Object.entries(body)) {
    if ((PAYTR_NOTIFICATION_FIELDS as readonly string[]).includes(k)) kept[k] = v.slice(0, FIELD_MAX);
    else dropped++;
  }
  if (dropped) kept._droppedFields = String(dropped);
  return kept;
}

export interface CallbackGuardOptions {
  clock: Clock;
  /** Addresses or CIDR ranges notifications may come from; empty: any. */
  allowed: readonly string[];
  /** Rejected notifications stored and answered per address in a window; more are refused unread. */
  rejectLimit: number;
  windowMs: number;
  /** Send an operator alert (first rejection of a window, and the count of the rest when it closes). */
  alert: (subject: string, body: string) => Promise<void>;
  onError: (err: unknown) => void;
}

export interface CallbackGuard {
  /** Why a notification from `ip` is refused before it is read, or null. */
  refuse(ip: string | null): 'not_allowed' | 'rate_limited' | null;
  /** A notification from `ip` was rejected for `reason`: counts toward its limit; whether to alert now. */
  rejected(ip: string | null, reason: string): boolean;
  /** Send the summary of a closed window's rejections that were not alerted one by one (also on a timer). */
  flush(): Promise<void>;
  close(): void;
}

export function createCallbackGuard(o: CallbackGuardOptions): CallbackGuard {
  const list = ipList(o.allowed);
  /** Rejections per address in the current window. */
  let perIp = new Map<string, number>();
  let windowStart = o.clock.now().getTime();
  /** Rejections of this window after the first (alerted) one, and what they were. */
  let unalerted = 0;
  let refusedUnread = 0;
  let alerted = false;
  let lastReason = '';
  const addresses = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  const roll = () => {
    const now = o.clock.now().getTime();
    if (now - windowStart < o.windowMs) return false;
    windowStart = now;
    perIp = new Map();
    return true;
  };

  const summary = async () => {
    if (unalerted === 0) {
      alerted = false;
      return;
    }
    const n = unalerted;
    const from = `${[...addresses].slice(0, 10).join(', ')}${addresses.size > 10 ? ', …' : ''}`;
    const unread = refusedUnread;
    unalerted = 0;
    refusedUnread = 0;
    alerted = false;
    addresses.clear();
    await o.alert(
      `Payment notifications rejected: ${n} more`,
      `${n} more payment notifications were rejected after the one already reported (last reason: ${lastReason}; from ${from}), ${unread} of them refused unread: over ${o.rejectLimit} rejected from one address in ${Math.round(o.windowMs / 60_000)} minutes. A wrong PAYTR_MERCHANT_SALT/KEY would leave real payments unbooked; check the configuration if real orders stay unpaid.`,
    );
  };

  return {
    refuse(ip) {
      if (list && (!ip || !onIpList(list, ip))) return 'not_allowed';
      if (roll()) void summary().catch(o.onError);
      if ((perIp.get(ip ?? '') ?? 0) < o.rejectLimit) return null;
      unalerted++;
      refusedUnread++;
      if (ip) addresses.add(ip);
      return 'rate_limited';
    },
    rejected(ip, reason) {
      if (roll()) void summary().catch(o.onError);
      perIp.set(ip ?? '', (perIp.get(ip ?? '') ?? 0) + 1);
      lastReason = reason;
      if (ip) addresses.add(ip);
      if (!alerted) {
        alerted = true;
        // The window's summary goes out when it closes, even if nothing else comes.
        clearTimeout(timer);
        timer = setTimeout(() => void summary().catch(o.onError), o.windowMs);
        timer.unref();
        return true;
      }
      unalerted++;
      return false;
    },
    flush: summary,
    close() {
      clearTimeout(timer);
    },
  };
}
