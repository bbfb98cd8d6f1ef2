// The whole schema, for drizzle's relational queries. Tables are owned by their modules.
export * from '../../modules/accounts/accounts.schema.ts';
export * from '../../modules/audit/audit.schema.ts';
export * from '../../modules/companies/companies.schema.ts';
export * from '../../modules/notifications/notifications.schema.ts';
export * from '../../modules/workspaces/workspaces.schema.ts';
