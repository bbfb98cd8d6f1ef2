import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The process's Prometheus metrics. One registry per app, so tests can build several. */
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  jobsDone: Counter<'job' | 'outcome'>;
  /** A counter in this registry (idempotent per name). */
  counter<L extends string>(name: string, help: string, labels: readonly L[]): Counter<L>;
  /** Register a gauge whose values are read at scrape time. */
  gauge(
    name: string,
    help: string,
    labels: string[],
    collect: () => Promise<{ labels: Record<string, string>; value: number }[]>,
  ): void;
}

/** Create the registry with process metrics and the HTTP and job instruments. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const jobsDone = new Counter({
    name: 'jobs_completed_total',
    help: 'Jobs run by this process, by outcome',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });
  return {
    registry,
    httpDuration,
    jobsDone,
    counter<L extends string>(name: string, help: string, labelNames: readonly L[]) {
      const existing = registry.getSingleMetric(name);
      if (existing) return existing as Counter<L>;
      return new Counter<L>({ name, help, labelNames, registers: [registry] });
    },
    gauge(name, help, labelNames, collect) {
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          this.reset();
          try {
            for (const { labels, value } of await collect()) this.set(labels, value);
          } catch {
            // A scrape during a database outage still returns the process metrics.
          }
        },
      });
    },
  };
}
