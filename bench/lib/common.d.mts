/** Settings of the caller's shell that would change what is measured; removed from child envs. */
export const STRIPPED_ENV: readonly string[];
/** A free loopback port chosen by the OS. */
export function freePort(): Promise<number>;
/** GET a path once, without keep-alive; resolves with the status or 0 when nothing answers. */
export function probe(port: number, urlPath: string): Promise<number>;
/** The commit the tree is at (the working tree may carry uncommitted changes on top). */
export function commit(): string;
