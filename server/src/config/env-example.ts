import { configShape } from './schema.ts';

/** Render .env.example from the config schema. */
export function renderEnvExample(): string {
  const lines = [
    '# Generated from server/src/config/schema.ts by `npm run env:example`. Do not edit by hand.',
    '',
  ];
  for (const [key, schema] of Object.entries(configShape)) {
    lines.push(`# ${schema.description ?? ''}`);
    let def: unknown;
    try {
      def = (schema as { parse: (v: unknown) => unknown }).parse(undefined);
    } catch {
      def = undefined;
    }
    lines.push(def === undefined ? `# ${key}=` : `${key}=${String(def)}`);
    lines.push('');
  }
  return lines.join('\n');
}
