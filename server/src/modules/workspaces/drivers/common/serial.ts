// Operations on one workspace take turns inside a driver instance, so a stop never races the start it follows.

/** Runs functions one after another per key; different keys run side by side. */
export class SerialQueue {
  private readonly queues = new Map<string, Promise<unknown>>();

  /** Run `fn` once everything queued under `key` before it has settled. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return next;
  }
}
