import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { templateStepSchema } from '@youarecoder/contract';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { stepLabel } from '../provisioning/labels.ts';
import { bundledVsixPath, isBundledVsix, listBundledVsix, readVsixManifest } from './bundled.ts';
import { OFFICIAL_TEMPLATES } from './official.ts';
import { packVsix } from './vsix.ts';

const pkg = (over: Record<string, unknown> = {}) =>
  strToU8(
    JSON.stringify({
      publisher: 'acme',
      name: 'tool',
      version: '1.2.3',
      displayName: 'Acme Tool',
      engines: { vscode: '^1.80.0' },
      ...over,
    }),
  );
const vsixWith = (files: Record<string, Uint8Array>) => zipSync(files);

describe('readVsixManifest', () => {
  it('reads the identity of a .vsix', () => {
    expect(readVsixManifest(vsixWith({ 'extension/package.json': pkg() }))).toEqual({
      extensionId: 'acme.tool',
      version: '1.2.3',
      displayName: 'Acme Tool',
    });
    expect(
      readVsixManifest(vsixWith({ 'extension/package.json': pkg({ displayName: undefined }) })),
    ).toMatchObject({ displayName: 'tool' });
  });

  it('says clearly what is wrong with anything else', () => {
    const cases: [Uint8Array, RegExp][] = [
      [strToU8('hello, not a zip'), /not a zip archive/],
      [new Uint8Array(0), /not a zip archive/],
      [zipSync({ 'x.txt': strToU8('x') }).subarray(0, 20), /damaged/],
      [vsixWith({ 'package.json': pkg() }), /has no extension\/package\.json/],
      [vsixWith({ 'extension/package.json': strToU8('{nope') }), /not valid JSON/],
      [vsixWith({ 'extension/package.json': strToU8('[1]') }), /not a JSON object/],
      [vsixWith({ 'extension/package.json': pkg({ publisher: undefined }) }), /no "publisher"/],
      [vsixWith({ 'extension/package.json': pkg({ name: '' }) }), /no "name"/],
      [vsixWith({ 'extension/package.json': pkg({ version: 7 }) }), /no "version"/],
      [vsixWith({ 'extension/package.json': pkg({ version: 'latest' }) }), /not a semantic version/],
      [
        vsixWith({ 'extension/package.json': pkg({ publisher: 'a b' }) }),
        /publisher "a b" is not a valid name/,
      ],
      [vsixWith({ 'extension/package.json': pkg({ engines: {} }) }), /engines\.vscode/],
    ];
    for (const [data, message] of cases) expect(() => readVsixManifest(data)).toThrow(message);
  });
});

describe('bundled extensions', () => {
  const cache = fs.mkdtemp(path.join(os.tmpdir(), 'yac-vsix-test-'));
  afterAll(async () => fs.rm(await cache, { recursive: true, force: true }));

  it('packs the welcome extension into a valid, deterministic .vsix', async () => {
    expect(await listBundledVsix()).toContain('youarecoder-welcome.vsix');
    expect(isBundledVsix('youarecoder-welcome.vsix')).toBe(true);
    for (const bad of ['nope.vsix', '../youarecoder-welcome.vsix', 'youarecoder-welcome', '..vsix'])
      expect(isBundledVsix(bad)).toBe(false);

    const file = await bundledVsixPath('youarecoder-welcome.vsix', await cache);
    expect(path.dirname(file)).toBe(await cache);
    expect(await bundledVsixPath('youarecoder-welcome.vsix', await cache)).toBe(file);
    const data = await fs.readFile(file);
    expect(readVsixManifest(data)).toEqual({
      extensionId: 'youarecoder.welcome',
      version: '0.1.0',
      displayName: 'YouAreCoder Welcome',
    });
    const entries = unzipSync(data);
    expect(Object.keys(entries).sort()).toEqual([
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/extension.js',
      'extension/package.json',
    ]);
    const manifest = Buffer.from(entries['extension.vsixmanifest'] as Uint8Array).toString();
    expect(manifest).toMatch(
      /<Identity Language="en-US" Id="welcome" Version="0.1.0" Publisher="youarecoder"/,
    );
    const pj = JSON.parse(Buffer.from(entries['extension/package.json'] as Uint8Array).toString());
    expect(pj.contributes.commands[0].command).toBe('youarecoder.welcome');

    const again = packVsix({
      'package.json': entries['extension/package.json'] as Uint8Array,
      'extension.js': entries['extension/extension.js'] as Uint8Array,
    });
    expect(Buffer.from(again).equals(data)).toBe(true);
    await expect(bundledVsixPath('nope.vsix', await cache)).rejects.toThrow(/no bundled extension/);
  });
});

describe('official templates', () => {
  it('have stable ids, steps with defaults applied, and bundled extensions that exist', () => {
    expect(OFFICIAL_TEMPLATES.map((t) => t.id)).toEqual(['tpl_blank', 'tpl_node', 'tpl_python']);
    for (const t of OFFICIAL_TEMPLATES) {
      expect(t.name).not.toBe('');
      expect(t.description).not.toBe('');
      for (const step of t.steps) {
        expect(templateStepSchema.parse(step)).toEqual(step);
        expect(step).toMatchObject({ timeoutSeconds: expect.any(Number), retries: expect.any(Number) });
        expect(stepLabel(step).length).toBeLessThanOrEqual(80);
        if (step.type === 'extensions')
          for (const ref of step.vsix) expect(isBundledVsix(ref.replace(/^bundled:/, ''))).toBe(true);
      }
    }
    const node = OFFICIAL_TEMPLATES.find((t) => t.id === 'tpl_node');
    expect(node?.steps.map((s) => s.type)).toEqual(['files', 'settings', 'extensions', 'shell']);
  });
});
