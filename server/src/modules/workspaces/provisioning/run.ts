// The step executor: a template's steps in order, each within its timeout and retries; a fatal failure
// undoes the earlier steps last-first. Progress goes to onStep as it happens.
import type { StepStatus, TemplateStep } from '@youarecoder/contract';
import type { RuntimeDriver } from '../runtime.ts';
import { type StepContext, StepError, type StepRunner, type Undo } from './context.ts';
import { STEP_RUNNERS } from './steps.ts';

/** A change of one step's progress (fields left out are unchanged). */
export interface StepUpdate {
  status: StepStatus;
  attempts?: number;
  startedAt?: Date;
  finishedAt?: Date;
  error?: string | null;
  output?: string;
}

/** What runProvisioning() needs. */
export interface ProvisionOptions {
  driver: RuntimeDriver;
  workspaceId: string;
  name: string;
  /** resolves an extensions step's vsix reference ('asset_…' uploaded, or 'bundled:<file>') to an absolute file path, or throws */
  resolveVsix: (ref: string) => Promise<string>;
  onStep: (index: number, update: StepUpdate) => Promise<void>;
  now: () => Date;
  /** Cancels the run: the running step fails as "canceled", later ones are skipped, nothing is undone. */
  signal?: AbortSignal;
  /** Pause before retry n is n times this; default 1000 ms. */
  retryDelayMs?: number;
}

/** How provisioning ended; `env` is what env steps set (none after a rollback). */
export type ProvisionResult =
  | { ok: true; env: Record<string, string> }
  | { ok: false; failedIndex: number; error: string; env: Record<string, string> };

/** Most output kept per step, in characters (the end of it). */
export const STEP_OUTPUT_MAX_BYTES = 64 * 1024;

const CANCELED = 'canceled';

/** A step's output: every attempt's, only the end kept. */
class StepOutput {
  private text = '';
  private cut = false;

  add(s: string): void {
    this.text += s;
    if (this.text.length > STEP_OUTPUT_MAX_BYTES) {
      this.text = this.text.slice(-STEP_OUTPUT_MAX_BYTES);
      this.cut = true;
    }
  }

  /** Add a line of the platform's own, on a line of its own. */
  line(s: string): void {
    this.add(`${this.text && !this.text.endsWith('\n') ? '\n' : ''}${s}\n`);
  }

  toString(): string {
    return this.cut ? `[… earlier output cut …]\n${this.text}` : this.text;
  }
}

type Outcome = { ok: true; journal: Undo[] } | { ok: false; error: string; canceled: boolean };

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Undo a journal last-first; returns what could not be undone. */
async function undoAll(
  journal: readonly Undo[],
): Promise<{ problems: string[]; irreversible: string | null }> {
  const problems: string[] = [];
  let irreversible: string | null = null;
  for (const u of [...journal].reverse()) {
    if ('irreversible' in u) irreversible ??= u.irreversible;
    else await u.run().catch((err: unknown) => problems.push(messageOf(err)));
  }
  return { problems, irreversible };
}

async function runStep(
  step: TemplateStep,
  index: number,
  env: Record<string, string>,
  opts: ProvisionOptions,
): Promise<Outcome> {
  const startedAt = opts.now();
  const attemptsMax = step.retries + 1;
  const output = new StepOutput();
  let error = '';
  let attempts = 0;
  for (let attempt = 1; attempt <= attemptsMax; attempt++) {
    attempts = attempt;
    if (opts.signal?.aborted) {
      error = CANCELED;
      break;
    }
    await opts.onStep(index, {
      status: 'running',
      attempts: attempt,
      startedAt,
      error: null,
      // A retry shows what the failed attempts said while it runs.
      ...(attempt > 1 ? { output: output.toString() } : {}),
    });
    if (attemptsMax > 1) output.line(`--- attempt ${attempt} of ${attemptsMax} ---`);
    const journal: Undo[] = [];
    const deadline = performance.now() + step.timeoutSeconds * 1000;
    const timeoutError = () => new StepError(`timed out after ${step.timeoutSeconds} s`);
    const ctx: StepContext = {
      driver: opts.driver,
      workspaceId: opts.workspaceId,
      index,
      env,
      signal: opts.signal,
      resolveVsix: opts.resolveVsix,
      remainingMs: () => Math.max(1, Math.round(deadline - performance.now())),
      checkTime: () => {
        if (performance.now() >= deadline) throw timeoutError();
        opts.signal?.throwIfAborted();
      },
      timeoutError,
      undo: (u) => journal.push(typeof u === 'function' ? { run: async () => void (await u()) } : u),
      log: (text) => output.add(text),
    };
    try {
      await (STEP_RUNNERS[step.type] as StepRunner)(step, ctx);
      await opts.onStep(index, {
        status: 'succeeded',
        attempts,
        finishedAt: opts.now(),
        error: null,
        output: output.toString(),
      });
      return { ok: true, journal };
    } catch (err) {
      error = opts.signal?.aborted ? CANCELED : messageOf(err);
      output.line(`✗ ${error}`);
      // What this attempt did half-way is undone, so a retry (or the next step) starts clean.
      const undone = await undoAll(journal);
      if (undone.problems.length) output.line(`could not undo everything: ${undone.problems.join('; ')}`);
      if (error === CANCELED) break;
      if (attempt < attemptsMax) await sleep((opts.retryDelayMs ?? 1000) * attempt, opts.signal);
    }
  }
  await opts.onStep(index, {
    status: 'failed',
    attempts,
    finishedAt: opts.now(),
    error,
    output: output.toString(),
  });
  return { ok: false, error, canceled: error === CANCELED };
}

/**
 * Run a template's steps on a created workspace (see the top of this file). A non-fatal failure is
 * recorded and the run goes on; a fatal one undoes the steps before it (reported `rolled_back`; a shell
 * step cannot be undone and says so in its error), marks the later ones `skipped` and returns ok:false.
 * Errors of onStep end the run as they are.
 */
export async function runProvisioning(
  steps: TemplateStep[],
  opts: ProvisionOptions,
): Promise<ProvisionResult> {
  const env: Record<string, string> = {};
  const done: { index: number; journal: Undo[] }[] = [];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as TemplateStep;
    const outcome = await runStep(step, i, env, opts);
    if (outcome.ok) {
      done.push({ index: i, journal: outcome.journal });
      continue;
    }
    if (!outcome.canceled && !step.fatal) continue;
    if (!outcome.canceled) {
      for (const d of done.reverse()) {
        const { problems, irreversible } = await undoAll(d.journal);
        const error = problems.length ? `could not be fully undone: ${problems.join('; ')}` : irreversible;
        await opts.onStep(d.index, { status: 'rolled_back', error });
      }
    }
    for (let j = i + 1; j < steps.length; j++) await opts.onStep(j, { status: 'skipped' });
    return { ok: false, failedIndex: i, error: outcome.error, env: { ...env } };
  }
  return { ok: true, env: { ...env } };
}
