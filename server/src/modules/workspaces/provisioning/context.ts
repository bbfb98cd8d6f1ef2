// What a step implementation gets: the workspace, its time budget, a journal of how to undo what it did,
// and a log that becomes the step's output.
import type { TemplateStep } from '@youarecoder/contract';
import type { ExecResult, RuntimeDriver, WorkspacePath } from '../runtime.ts';

/** One entry of a step's journal: how to undo one thing, or why it cannot be undone. */
export type Undo = { readonly run: () => Promise<void> } | { readonly irreversible: string };

/** A step failed for a reason worth showing as is (the step's error). */
export class StepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepError';
  }
}

/** The context of one attempt of one step. */
export interface StepContext {
  readonly driver: RuntimeDriver;
  readonly workspaceId: string;
  /** The step's position in the template (0-based). */
  readonly index: number;
  /** Variables set by env steps so far; env steps change it (and journal how to change it back). */
  readonly env: Record<string, string>;
  readonly signal?: AbortSignal;
  readonly resolveVsix: (ref: string) => Promise<string>;
  /** Milliseconds left of this attempt's timeout (at least 1). */
  remainingMs(): number;
  /** Throws the step's timeout error once its time is up. */
  checkTime(): void;
  /** The error a timed-out attempt fails with ("timed out after 120 s"). */
  timeoutError(): StepError;
  /** Note how to undo what was just done, or is about to be (undone last-first). */
  undo(u: Undo | (() => Promise<unknown>)): void;
  /** Add to the step's output. */
  log(text: string): void;
}

/** A step's implementation. */
export type StepRunner<T extends TemplateStep = TemplateStep> = (step: T, ctx: StepContext) => Promise<void>;

/** The last `n` non-empty lines of an output, joined with " | " for an error message. */
export function lastLines(output: string, n = 3): string {
  return output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-n)
    .join(' | ');
}

/**
 * Run a command as the workspace user within the step's time, logging its output (`redact` first takes
 * out what must not be shown: the output logged and returned is what it leaves).
 */
export async function execIn(
  ctx: StepContext,
  argv: readonly [string, ...string[]],
  opts: {
    env?: Record<string, string>;
    log?: boolean;
    maxOutputBytes?: number;
    redact?: (output: string) => string;
  } = {},
): Promise<ExecResult> {
  ctx.checkTime();
  const raw = await ctx.driver.exec(ctx.workspaceId, {
    argv,
    env: opts.env ?? ctx.env,
    timeoutMs: ctx.remainingMs(),
    signal: ctx.signal,
    maxOutputBytes: opts.maxOutputBytes,
  });
  const r = opts.redact ? { ...raw, output: opts.redact(raw.output) } : raw;
  if (opts.log !== false && r.output) ctx.log(r.output);
  if (r.timedOut) throw ctx.timeoutError();
  return r;
}

/** Where a template path points: `~/x` in the home folder, anything else in the project folder. */
export function workspacePathOf(p: string): WorkspacePath {
  return p.startsWith('~/') ? { area: 'home', path: p.slice(2) } : { area: 'project', path: p };
}
