import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The portal imports these modules; one import of zod (directly or through a schema module) would put
// all of zod back into its bundle.
const ZOD_FREE = [
  'constants.ts',
  'errors.ts',
  'billing-rules.ts',
  'plans.ts',
  'subdomain.ts',
  'team-policy.ts',
  'workspace-rules.ts',
  'countries.ts',
  'tax-ids.ts',
  'payment-failures.ts',
];

const importsOf = (file: string) =>
  [
    ...readFileSync(new URL(`./${file}`, import.meta.url), 'utf8').matchAll(
      /^\s*(?:import|export)\b[^'"]*from\s+['"]([^'"]+)['"]/gm,
    ),
  ]
    .filter((m) => !/^\s*(?:import|export)\s+type\b/.test(m[0]))
    .map((m) => m[1]);

describe('zod-free modules of the contract', () => {
  it.each(ZOD_FREE)('%s imports neither zod nor a module that does', (file) => {
    for (const spec of importsOf(file)) {
      expect(spec, `${file} imports ${spec}`).toMatch(/^\.\//);
      expect(ZOD_FREE, `${file} imports ${spec}`).toContain(spec?.slice(2));
    }
  });

  it('each is an export subpath of the package', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      exports: Record<string, string>;
    };
    for (const file of ZOD_FREE) expect(Object.values(pkg.exports)).toContain(`./src/${file}`);
  });
});
