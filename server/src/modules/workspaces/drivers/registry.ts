// The one place that knows the concrete runtime drivers; services get a RuntimeDriver from here.
import type { RuntimeDriver, RuntimeDriverOptions } from '../runtime.ts';
import { createContainerDriver } from './container/container-driver.ts';
import { containerSupport, containerSupportAsync } from './container/support.ts';
import { createProcessDriver } from './process/process-driver.ts';

/** Builds a driver from the platform's options. */
export type RuntimeDriverFactory = (opts: RuntimeDriverOptions) => RuntimeDriver;

const factories = {
  process: createProcessDriver,
  container: createContainerDriver,
} satisfies Record<string, RuntimeDriverFactory>;

/** Names of the registered drivers (`process` is the default). */
export type RuntimeDriverName = keyof typeof factories;

/** Registered driver names, for the config schema and error messages. */
export const RUNTIME_DRIVER_NAMES = Object.freeze(Object.keys(factories)) as readonly RuntimeDriverName[];

/** Whether `name` is a registered driver. */
export function isRuntimeDriverName(name: string): name is RuntimeDriverName {
  return Object.hasOwn(factories, name);
}

/** Build the driver registered as `name`. */
export function createRuntimeDriver(name: RuntimeDriverName, opts: RuntimeDriverOptions): RuntimeDriver {
  const factory: RuntimeDriverFactory | undefined = factories[name];
  if (!factory) throw new Error(`unknown runtime driver ${name}; known: ${RUNTIME_DRIVER_NAMES.join(', ')}`);
  return factory(opts);
}

/** The driver `auto` picks, and why not the container driver when it falls back. */
export function chooseRuntimeDriver(wanted: RuntimeDriverName | 'auto'): {
  name: RuntimeDriverName;
  fallbackReason: string | null;
} {
  if (wanted !== 'auto') return { name: wanted, fallbackReason: null };
  const problem = containerSupport();
  return problem ? { name: 'process', fallbackReason: problem } : { name: 'container', fallbackReason: null };
}

/** chooseRuntimeDriver without blocking the event loop (the platform's start). */
export async function chooseRuntimeDriverAsync(wanted: RuntimeDriverName | 'auto'): Promise<{
  name: RuntimeDriverName;
  fallbackReason: string | null;
}> {
  if (wanted !== 'auto') return { name: wanted, fallbackReason: null };
  const problem = await containerSupportAsync();
  return problem ? { name: 'process', fallbackReason: problem } : { name: 'container', fallbackReason: null };
}
