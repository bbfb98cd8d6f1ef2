/** The parts one platform process can run (`--role`). */
export const ROLES = ['api', 'worker', 'gateway'] as const;
/** One of ROLES. */
export type ProcessRole = (typeof ROLES)[number];
