import type { StepProgressDto, WorkspaceDto } from '@youarecoder/contract';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/endpoints.ts';
import { parseWorkspaceEvent } from './workspaces.ts';

/** The current time, refreshed every `intervalMs` (for "time left" texts). */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(h);
  }, [intervalMs]);
  return now;
}

/** Run `fn` every `ms` while `active` (the latest `fn`, without restarting the timer). */
export function useInterval(fn: () => void, ms: number, active: boolean): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    if (!active) return;
    const h = setInterval(() => ref.current(), ms);
    return () => clearInterval(h);
  }, [ms, active]);
}

/** How the page hears of changes: the event stream, or polling after it failed. */
export type LiveMode = 'connecting' | 'live' | 'polling';

/** How often the page polls when the event stream cannot be used. */
export const POLL_MS = 5000;
/** Errors in a row (without an open stream in between) after which the page polls instead. */
const MAX_STREAM_ERRORS = 3;

/**
 * Follow one workspace: its Server-Sent Events (`workspace` and `step`), reconnecting as
 * EventSource does; after the stream fails for good (closed by the server's answer, or errors in a
 * row) `poll` runs every 5 s instead. `poll` also runs each time the stream opens, to catch up on what
 * happened before it.
 */
export function useWorkspaceEvents(
  id: string,
  handlers: {
    onWorkspace: (ws: WorkspaceDto) => void;
    onStep: (step: StepProgressDto) => void;
    poll: () => void;
  },
): LiveMode {
  const ref = useRef(handlers);
  ref.current = handlers;
  const [mode, setMode] = useState<LiveMode>('connecting');

  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const startPolling = () => {
      setMode('polling');
      timer = setInterval(() => ref.current.poll(), POLL_MS);
    };
    if (typeof EventSource === 'undefined') {
      startPolling();
      return () => clearInterval(timer);
    }
    setMode('connecting');
    const es = new EventSource(api.workspaceEventsUrl(id));
    let errors = 0;
    // Read the workspace once the stream is open: events sent before (or before the page's first
    // answer arrived, or while reconnecting) are then in that answer.
    es.onopen = () => {
      errors = 0;
      setMode('live');
      ref.current.poll();
    };
    es.addEventListener('workspace', (e) => {
      const ev = parseWorkspaceEvent('workspace', (e as MessageEvent<string>).data);
      if (ev?.type === 'workspace' && ev.workspace.id === id) ref.current.onWorkspace(ev.workspace);
    });
    es.addEventListener('step', (e) => {
      const ev = parseWorkspaceEvent('step', (e as MessageEvent<string>).data);
      if (ev?.type === 'step' && ev.workspaceId === id) ref.current.onStep(ev.step);
    });
    es.onerror = () => {
      errors += 1;
      if (es.readyState === EventSource.CLOSED || errors >= MAX_STREAM_ERRORS) {
        es.close();
        ref.current.poll();
        startPolling();
      } else {
        setMode('connecting');
      }
    };
    return () => {
      es.close();
      clearInterval(timer);
    };
  }, [id]);

  return mode;
}
