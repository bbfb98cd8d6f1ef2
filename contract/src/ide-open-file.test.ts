import { describe, expect, it } from 'vitest';
import { ideOpenFileProblem, normalizeIdeOpenFile } from './workspace-rules.ts';
import { templateBody } from './workspaces.ts';

describe("a template's file to open first", () => {
  it('accepts paths inside the project and normalizes them', () => {
    for (const p of ['README.md', 'src/index.ts', './docs//start.md', ' notes/todo.md ', '.github/x.yml'])
      expect(ideOpenFileProblem(p)).toBeNull();
    expect(normalizeIdeOpenFile(' ./docs//start.md ')).toBe('docs/start.md');
    expect(normalizeIdeOpenFile('')).toBeNull();
    expect(normalizeIdeOpenFile('./')).toBeNull();
  });

  it('refuses what leaves the project folder or is not a file path', () => {
    expect(ideOpenFileProblem('/etc/passwd')).toBe('absolute');
    expect(ideOpenFileProblem('~/x')).toBe('absolute');
    expect(ideOpenFileProblem('C:/x')).toBe('absolute');
    expect(ideOpenFileProblem('../x')).toBe('parent');
    expect(ideOpenFileProblem('a/../../x')).toBe('parent');
    expect(ideOpenFileProblem('a\\b')).toBe('chars');
    expect(ideOpenFileProblem('a\nb')).toBe('chars');
    expect(ideOpenFileProblem('src/')).toBe('folder');
  });

  it('defaults a template body to everything off and the README', () => {
    expect(templateBody.parse({ name: 'x', steps: [] }).ide).toEqual({
      welcome: false,
      chat: false,
      openFile: null,
    });
    expect(templateBody.parse({ name: 'x', steps: [], ide: { openFile: '' } }).ide.openFile).toBeNull();
    const bad = templateBody.safeParse({ name: 'x', steps: [], ide: { openFile: 'x'.repeat(301) } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['ide', 'openFile']);
  });
});
