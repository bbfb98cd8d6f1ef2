// Everything, zod schemas included: for the server. The portal imports the zod-free subpaths
// (`/constants`, `/errors`, `/subdomain`, `/team-policy`, `/countries`, `/tax-ids`, ...) and
// `import type` from here.

export * from './accounts.ts';
export * from './audit.ts';
export * from './billing.ts';
export * from './billing-rules.ts';
export * from './common.ts';
export * from './companies.ts';
export * from './constants.ts';
export * from './countries.ts';
export * from './dev.ts';
export * from './errors.ts';
export * from './legal.ts';
export * from './legal-schemas.ts';
export * from './payment-failures.ts';
export * from './plans.ts';
export * from './reconciliation.ts';
export * from './subdomain.ts';
export * from './tax-ids.ts';
export * from './team-policy.ts';
export * from './workspace-rules.ts';
export * from './workspaces.ts';
