// The server records why a workspace changed state as an English note ("started by a@b.c"); the
// portal shows the ones it knows in the reader's language. Failure details stay as they are: they
// are the IDE's or the system's own words.
import { parseTransitionNote } from '@youarecoder/contract/workspace-rules';
import type { TFunction } from '../i18n/index.tsx';

/** A workspace state change's note in the reader's language when known, else as recorded. */
export function transitionReason(t: TFunction, reason: string): string {
  const note = parseTransitionNote(reason);
  if (!note) return reason;
  switch (note.key) {
    case 'startedBy':
    case 'stoppedBy':
    case 'restartedBy':
      return t(`transition.${note.key}`, { who: note.who });
    case 'idle': {
      const time = [
        note.hours && t('transition.hours', { n: note.hours }),
        note.minutes && t('transition.minutes', { n: note.minutes }),
      ]
        .filter(Boolean)
        .join(' ');
      return t('transition.idle', { time });
    }
    default:
      return t(`transition.${note.key}`);
  }
}
