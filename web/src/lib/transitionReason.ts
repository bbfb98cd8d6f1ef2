// The server records why a workspace changed state as an English note ("started by a@b.c"); the
// portal shows the ones it knows in the reader's language. Failure details stay as they are: they
// are the IDE's or the system's own words.
import type { TFunction } from '../i18n/index.tsx';

/** The server's "2 hours 5 minutes" (formatMinutes) in the reader's language. */
function duration(t: TFunction, text: string): string {
  const h = /(\d+) hours?/.exec(text)?.[1];
  const m = /(\d+) minutes?/.exec(text)?.[1];
  if (!h && !m) return text;
  return [h && t('transition.hours', { n: Number(h) }), m && t('transition.minutes', { n: Number(m) })]
    .filter(Boolean)
    .join(' ');
}

const PATTERNS: [RegExp, (t: TFunction, m: RegExpExecArray) => string][] = [
  [/^created$/, (t) => t('transition.created')],
  [/^started by (.+)$/, (t, m) => t('transition.startedBy', { who: m[1] ?? '' })],
  [/^stopped by (.+)$/, (t, m) => t('transition.stoppedBy', { who: m[1] ?? '' })],
  [/^restarted by (.+)$/, (t, m) => t('transition.restartedBy', { who: m[1] ?? '' })],
  [
    /^stopped after (.+) without IDE activity$/,
    (t, m) => t('transition.idle', { time: duration(t, m[1] ?? '') }),
  ],
  [/^started again: the subscription was paid$/, (t) => t('transition.paid')],
  [/^stopped: the company's subscription is suspended/, (t) => t('transition.suspended')],
  [/^stopped: the company's subscription was canceled/, (t) => t('transition.canceled')],
  [/^waiting for the IDE runtime to be installed$/, (t) => t('transition.runtime')],
  [/^stopped with the platform/, (t) => t('transition.platformStopped')],
];

/** A workspace state change's note in the reader's language when known, else as recorded. */
export function transitionReason(t: TFunction, reason: string): string {
  for (const [re, text] of PATTERNS) {
    const m = re.exec(reason);
    if (m) return text(t, m);
  }
  return reason;
}
