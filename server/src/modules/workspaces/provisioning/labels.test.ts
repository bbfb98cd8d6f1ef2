import { type TemplateStepInput, templateStepSchema } from '@youarecoder/contract';
import { describe, expect, it } from 'vitest';
import { parseJsonc } from './jsonc.ts';
import { redactCredentials, redactUrl, stepLabel } from './labels.ts';

const label = (s: TemplateStepInput) => stepLabel(templateStepSchema.parse(s));

describe('stepLabel', () => {
  it('names a step by what it does when the template gives no name', () => {
    const file = { path: 'a.txt', content: '' };
    expect(label({ type: 'files', files: [file, file] })).toBe('Write 2 files');
    expect(label({ type: 'files', files: [file] })).toBe('Write 1 file');
    expect(label({ type: 'env', variables: { A: '1' } })).toBe('Set 1 environment variable');
    expect(label({ type: 'git_clone', url: 'https://user:tok@example.com/r.git', directory: 'app' })).toBe(
      'Clone https://***@example.com/r.git into app',
    );
    expect(label({ type: 'extensions', vsix: ['bundled:x.vsix'] })).toBe('Install 1 extension');
    expect(label({ type: 'settings', settings: { a: 1, b: 2, c: 3 } })).toBe('Apply 3 settings');
    expect(label({ type: 'shell', script: '#!/bin/bash\nset -eu\n\nnpm ci\nnpm test' })).toBe('Run: npm ci');
    expect(label({ type: 'shell', script: '# nothing' })).toBe('Run a shell script');
    expect(label({ type: 'shell', script: `echo ${'x'.repeat(200)}` })).toHaveLength(80);
    expect(label({ type: 'shell', name: ' Build ', script: 'make' })).toBe('Build');
  });

  it('keeps credentials of clone URLs out of what it shows', () => {
    expect(redactUrl('https://example.com/x.git')).toBe('https://example.com/x.git');
    expect(redactUrl('https://tok@example.com/x.git')).toBe('https://***@example.com/x.git');
    const url = 'https://bob:s3cret@example.com/x.git';
    expect(redactCredentials(`fatal: could not read ${url}; bob:s3cret@example.com`, url)).toBe(
      'fatal: could not read https://***@example.com/x.git; ***@example.com',
    );
  });
});

describe('parseJsonc', () => {
  it('reads settings.json as VS Code writes and people edit it', () => {
    const text = `\uFEFF{
      // the font
      "editor.fontSize": 14, /* inline */
      "url": "http://example.com/a//b", "glob": "**/*.js",
      "quoted": "a \\" // not a comment",
      "list": [1, 2,],
      "trailing": "x, }",
    }`;
    expect(parseJsonc(text)).toEqual({
      'editor.fontSize': 14,
      url: 'http://example.com/a//b',
      glob: '**/*.js',
      quoted: 'a " // not a comment',
      list: [1, 2],
      trailing: 'x, }',
    });
    expect(parseJsonc('  // only a comment\n')).toEqual({});
    expect(() => parseJsonc('{ "a": ')).toThrow(SyntaxError);
  });
});
