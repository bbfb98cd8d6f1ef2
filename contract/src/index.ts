export * from './errors.ts';
export * from './common.ts';
export * from './accounts.ts';
export * from './companies.ts';
export * from './audit.ts';
export * from './dev.ts';
