// Provisioning against the real process driver (and code-server's CLI for extensions): every step type,
// retries, timeouts, non-fatal failures, and the rollback of a fatal one.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type TemplateStepInput, templateStepSchema } from '@youarecoder/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  failForMissingRuntime,
  problem,
  processDriverFixture,
  SLOW,
} from '../drivers/process/process.test-helpers.ts';
import type { RuntimeDriver, WorkspacePath } from '../runtime.ts';
import { bundledVsixPath } from '../templates/bundled.ts';
import { OFFICIAL_TEMPLATES, WELCOME_VSIX } from '../templates/official.ts';
import { type ProvisionOptions, runProvisioning, type StepUpdate } from './index.ts';

const run = promisify(execFile);

/** A bare repository with `main` (README.md, app.js) and `feature` (feature.txt), readable by anyone. */
async function makeRepo(root: string): Promise<string> {
  const bare = path.join(root, 'repo.git');
  const work = path.join(root, 'work');
  const git = (...args: string[]) =>
    run('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: work });
  await run('git', ['init', '--quiet', '--bare', '--initial-branch=main', bare]);
  await fs.mkdir(work);
  await git('init', '--quiet', '--initial-branch=main');
  await fs.writeFile(path.join(work, 'README.md'), '# From git\n');
  await fs.writeFile(path.join(work, 'app.js'), 'console.log("app");\n');
  await git('add', '.');
  await git('commit', '--quiet', '-m', 'first');
  await git('push', '--quiet', bare, 'main');
  await git('checkout', '--quiet', '-b', 'feature');
  await fs.writeFile(path.join(work, 'feature.txt'), 'only on feature\n');
  await git('add', '.');
  await git('commit', '--quiet', '-m', 'feature');
  await git('push', '--quiet', bare, 'feature');
  await run('chmod', ['-R', 'a+rX', root]);
  return `file://${bare}`;
}

// The repository belongs to root: git refuses other users' repositories unless told they are safe, which
// only the user's own (global) config may say. A files step writes it, as a template would.
const TRUST_REPOS: TemplateStepInput = {
  type: 'files',
  name: 'Trust local repositories',
  files: [{ path: '~/.gitconfig', content: '[safe]\n\tdirectory = *\n' }],
};

if (problem) failForMissingRuntime();
else
  describe('provisioning on the process driver', () => {
    let dataDir: string;
    let repoDir: string;
    let repoUrl: string;
    let d: RuntimeDriver;
    const fixture = processDriverFixture();
    const { newId } = fixture;

    beforeAll(async () => {
      ({ dataDir, driver: d } = await fixture.start());
      repoDir = await fs.mkdtemp(path.join(os.tmpdir(), 'yac-repo-'));
      repoUrl = await makeRepo(repoDir);
    }, SLOW);
    afterAll(async () => {
      await fixture.stop();
      await fs.rm(repoDir, { recursive: true, force: true });
    }, SLOW);

    /** Provision a fresh workspace; every update is recorded, and the last one of each step kept. */
    async function provision(input: TemplateStepInput[], over: Partial<ProvisionOptions> = {}, id = newId()) {
      if ((await d.inspect(id)).state.status === 'absent') await d.create({ id, name: 'Provisioned' });
      const updates: { index: number; update: StepUpdate }[] = [];
      const last = new Map<number, StepUpdate>();
      const result = await runProvisioning(
        input.map((s) => templateStepSchema.parse(s)),
        {
          driver: d,
          workspaceId: id,
          name: 'Provisioned',
          resolveVsix: async (ref) => {
            if (ref.startsWith('bundled:'))
              return bundledVsixPath(ref.slice('bundled:'.length), path.join(dataDir, 'vsix'));
            throw new Error(`the extension file ${ref} no longer exists`);
          },
          onStep: async (index, update) => {
            updates.push({ index, update });
            last.set(index, { ...last.get(index), ...update });
          },
          now: () => new Date(),
          retryDelayMs: 10,
          ...over,
        },
      );
      const statuses = input.map((_, i) => last.get(i)?.status);
      return { id, result, updates, last, statuses };
    }
    const read = async (id: string, p: string, area: WorkspacePath['area'] = 'project') =>
      (await d.readFile(id, { area, path: p }))?.toString() ?? null;
    const sh = async (id: string, script: string) =>
      (await d.exec(id, { argv: ['sh', '-c', script] })).output;

    it(
      'runs every step type in order, each with its output, and returns the variables of env steps',
      async () => {
        const id = newId();
        await d.create({ id, name: 'Provisioned' });
        // Someone's settings, with comments: kept, merged.
        await d.writeFile(
          id,
          { area: 'userData', path: 'User/settings.json' },
          '{\n  // mine\n  "a.b": 1,\n}\n',
        );
        const { result, last, statuses, updates } = await provision(
          [
            TRUST_REPOS,
            {
              type: 'files',
              files: [
                { path: 'NOTES.md', content: 'notes\n' },
                { path: 'bin/hello.sh', content: '#!/bin/sh\necho "hello $GREETING"\n', executable: true },
              ],
            },
            { type: 'env', variables: { GREETING: 'merhaba', GIT_AUTHOR_NAME: 'Ayşe' } },
            { type: 'git_clone', url: repoUrl, directory: 'repos/app' },
            { type: 'git_clone', url: repoUrl, branch: 'feature', directory: 'repos/feature' },
            { type: 'settings', settings: { 'editor.tabSize': 2, 'files.exclude': { '**/.git': true } } },
            { type: 'extensions', vsix: [WELCOME_VSIX] },
            {
              type: 'shell',
              script: 'set -e\n./bin/hello.sh > shell.txt\npwd >> shell.txt\nnode --version\n',
            },
          ],
          {},
          id,
        );
        expect(result).toEqual({ ok: true, env: { GREETING: 'merhaba', GIT_AUTHOR_NAME: 'Ayşe' } });
        expect(statuses).toEqual(Array(8).fill('succeeded'));
        for (const u of last.values()) {
          expect(u).toMatchObject({ attempts: 1, error: null, output: expect.any(String) });
          expect(u.finishedAt?.getTime()).toBeGreaterThanOrEqual(u.startedAt?.getTime() as number);
        }
        expect(updates.map((u) => `${u.index}:${u.update.status}`).slice(0, 4)).toEqual([
          '0:running',
          '0:succeeded',
          '1:running',
          '1:succeeded',
        ]);

        expect(await read(id, 'NOTES.md')).toBe('notes\n');
        expect(await read(id, '.gitconfig', 'home')).toMatch(/directory = \*/);
        expect(await read(id, 'repos/app/README.md')).toBe('# From git\n');
        expect(await read(id, 'repos/app/feature.txt')).toBeNull();
        expect(await read(id, 'repos/feature/feature.txt')).toBe('only on feature\n');
        expect(last.get(3)?.output).toMatch(/Cloning into/);
        expect(JSON.parse((await read(id, 'User/settings.json', 'userData')) as string)).toEqual({
          'a.b': 1,
          'editor.tabSize': 2,
          'files.exclude': { '**/.git': true },
        });
        expect(await d.listExtensions(id)).toContainEqual({ id: 'youarecoder.welcome', version: '0.1.0' });
        expect(last.get(6)?.output).toMatch(/installed youarecoder\.welcome@0\.1\.0/);
        expect(await read(id, 'shell.txt')).toBe(`hello merhaba\n${d.paths(id).project}\n`);
        expect(last.get(7)?.output).toMatch(/^v24\./m);
        // The script file does not stay behind.
        expect(await sh(id, 'ls -A "$TMPDIR"')).toBe('');
      },
      SLOW,
    );

    it(
      'clones into the project folder itself: directly when empty, else beside and moved in, never overwriting',
      async () => {
        const empty = await provision([TRUST_REPOS, { type: 'git_clone', url: repoUrl }]);
        expect(empty.result.ok).toBe(true);
        expect((await sh(empty.id, 'ls -A')).split('\n').filter(Boolean).sort()).toEqual([
          '.git',
          'README.md',
          'app.js',
        ]);

        const withFiles = await provision([
          TRUST_REPOS,
          { type: 'files', files: [{ path: 'NOTES.md', content: 'mine\n' }] },
          { type: 'git_clone', url: repoUrl },
        ]);
        expect(withFiles.result.ok).toBe(true);
        expect((await sh(withFiles.id, 'ls -A')).split('\n').filter(Boolean).sort()).toEqual([
          '.git',
          'NOTES.md',
          'README.md',
          'app.js',
        ]);
        expect((await sh(withFiles.id, 'git status --porcelain')).trim()).toBe('?? NOTES.md');

        const clash = await provision([
          TRUST_REPOS,
          { type: 'files', files: [{ path: 'README.md', content: 'mine\n' }] },
          { type: 'git_clone', url: repoUrl },
        ]);
        expect(clash.result).toMatchObject({
          ok: false,
          failedIndex: 2,
          error: expect.stringMatching(/^git clone failed: .*already has README\.md/),
        });
        expect(await read(clash.id, 'README.md')).toBeNull();
        expect(await sh(clash.id, 'ls -A; ls -A "$TMPDIR"')).toBe('');

        const missing = await provision([
          { type: 'git_clone', url: 'file:///nonexistent/repo.git', fatal: false },
        ]);
        expect(missing.result.ok).toBe(true);
        expect(missing.last.get(0)).toMatchObject({
          status: 'failed',
          error: expect.stringMatching(/^git clone failed: .*(does not exist|not read from remote)/),
        });
      },
      SLOW,
    );

    it('retries a failing step: two failures, then success with retries 2', async () => {
      const { result, last, updates } = await provision([
        {
          type: 'shell',
          retries: 2,
          script:
            'n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; echo "try $n"; [ $n -ge 3 ]',
        },
      ]);
      expect(result.ok).toBe(true);
      expect(last.get(0)).toMatchObject({ status: 'succeeded', attempts: 3, error: null });
      expect(updates.filter((u) => u.update.status === 'running').map((u) => u.update.attempts)).toEqual([
        1, 2, 3,
      ]);
      expect(last.get(0)?.output).toMatch(/attempt 1 of 3[\s\S]*try 1[\s\S]*exited with code 1[\s\S]*try 3/);
    });

    it('refuses system packages on the host, saying why, and goes on when the step is not fatal', async () => {
      const { id, result, last, statuses } = await provision([
        { type: 'system_packages', fatal: false, packages: ['jq'] },
        { type: 'files', files: [{ path: 'after.txt', content: 'ran\n' }] },
      ]);
      expect(result).toEqual({ ok: true, env: {} });
      expect(statuses).toEqual(['failed', 'succeeded']);
      expect(last.get(0)?.error).toMatch(/system packages need workspaces in containers/);
      expect(await read(id, 'after.txt')).toBe('ran\n');
    });

    it('times a step out, records a non-fatal failure and goes on', async () => {
      const t = Date.now();
      const { id, result, last, statuses } = await provision([
        { type: 'shell', timeoutSeconds: 1, fatal: false, script: 'echo started; sleep 30' },
        { type: 'env', fatal: false, variables: { PATH: '/evil' } },
        { type: 'extensions', fatal: false, vsix: ['asset_doesnotexist1'] },
        { type: 'files', files: [{ path: 'after.txt', content: 'ran\n' }] },
      ]);
      expect(Date.now() - t).toBeLessThan(15_000);
      expect(result).toEqual({ ok: true, env: {} });
      expect(statuses).toEqual(['failed', 'failed', 'failed', 'succeeded']);
      expect(last.get(0)).toMatchObject({
        error: 'timed out after 1 s',
        output: expect.stringMatching(/started/),
      });
      expect(last.get(1)?.error).toBe('PATH is set by the platform');
      expect(last.get(2)?.error).toMatch(/cannot find the extension asset_doesnotexist1: .*no longer exists/);
      expect(await read(id, 'after.txt')).toBe('ran\n');
    });

    it(
      'rolls back what earlier steps did when a fatal step fails, and skips the rest',
      async () => {
        const id = newId();
        await d.create({ id, name: 'Rollback' });
        const settings = '{\n  // keep me\n  "a": 1\n}\n';
        await d.writeFile(id, { area: 'project', path: 'keep.txt' }, 'original\n');
        await d.writeFile(id, { area: 'userData', path: 'User/settings.json' }, settings);
        const { result, last, statuses } = await provision(
          [
            TRUST_REPOS,
            {
              type: 'files',
              files: [
                { path: 'keep.txt', content: 'changed\n' },
                { path: 'new/dir/file.txt', content: 'new\n' },
                { path: '~/.yac-profile', content: 'x\n' },
              ],
            },
            { type: 'env', variables: { FOO: 'bar' } },
            { type: 'git_clone', url: repoUrl, directory: 'src/repo' },
            { type: 'git_clone', url: repoUrl },
            { type: 'settings', settings: { b: 2 } },
            { type: 'extensions', vsix: [WELCOME_VSIX] },
            { type: 'shell', script: 'echo made > shell-made.txt' },
            { type: 'shell', fatal: false, script: 'exit 1' },
            { type: 'shell', script: 'echo about to fail; exit 7' },
            { type: 'files', files: [{ path: 'never.txt', content: '' }] },
          ],
          {},
          id,
        );
        expect(result).toEqual({
          ok: false,
          failedIndex: 9,
          error: 'the script exited with code 7: about to fail',
          env: {},
        });
        expect(statuses).toEqual([
          ...Array(8).fill('rolled_back'),
          'failed', // non-fatal: stays as it was
          'failed',
          'skipped',
        ]);
        expect(last.get(7)?.error).toMatch(/cannot be undone/);
        for (const i of [0, 1, 2, 3, 4, 5, 6]) expect(last.get(i)?.error).toBeNull();

        expect(await read(id, 'keep.txt')).toBe('original\n');
        expect(await read(id, '.gitconfig', 'home')).toBeNull();
        expect(await read(id, '.yac-profile', 'home')).toBeNull();
        expect(await read(id, 'User/settings.json', 'userData')).toBe(settings);
        expect(await d.listExtensions(id)).toEqual([]);
        // Only what was there before, and what the shell step made (it cannot be undone).
        expect((await sh(id, 'ls -A')).split('\n').filter(Boolean).sort()).toEqual([
          'keep.txt',
          'shell-made.txt',
        ]);
        expect(await sh(id, 'ls -A "$TMPDIR"')).toBe('');
      },
      SLOW,
    );

    it('refuses files that would leave the workspace, and rolls back', async () => {
      const other = newId();
      await d.create({ id: other, name: 'Other' });
      const { id, result, statuses } = await provision([
        { type: 'files', files: [{ path: 'first.txt', content: '1' }] },
        { type: 'shell', script: `ln -s /root to-root; ln -s ${d.paths(other).project} to-other` },
        { type: 'files', fatal: false, files: [{ path: 'to-other/pwned', content: 'x' }] },
        { type: 'files', files: [{ path: 'to-root/pwned', content: 'x' }] },
      ]);
      expect(result).toMatchObject({
        ok: false,
        failedIndex: 3,
        error: expect.stringMatching(/outside the workspace/),
      });
      expect(statuses).toEqual(['rolled_back', 'rolled_back', 'failed', 'failed']);
      expect(await read(id, 'first.txt')).toBeNull();
      expect(await read(other, 'pwned')).toBeNull();
      await expect(fs.stat('/root/pwned')).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('stops when canceled: the running step fails as canceled, the rest are skipped', async () => {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 500);
      const { result, statuses } = await provision(
        [
          { type: 'files', files: [{ path: 'a.txt', content: 'a' }] },
          { type: 'shell', script: 'sleep 30' },
          { type: 'files', files: [{ path: 'b.txt', content: 'b' }] },
        ],
        { signal: ac.signal },
      );
      expect(result).toMatchObject({ ok: false, failedIndex: 1, error: 'canceled' });
      expect(statuses).toEqual(['succeeded', 'failed', 'skipped']);
    });

    it(
      'provisions each official template',
      async () => {
        for (const t of OFFICIAL_TEMPLATES) {
          const { id, result, statuses, last } = await provision(t.steps);
          expect([t.id, result.ok, statuses]).toEqual([t.id, true, t.steps.map(() => expect.any(String))]);
          const failed = [...last.entries()].filter(([, u]) => u.status !== 'succeeded');
          // On the host (no containers) Python's packages cannot be installed, and Python may be missing:
          // those two are the steps allowed to fail.
          for (const [i] of failed)
            expect([t.id, t.steps[i]?.type, t.steps[i]?.fatal]).toEqual([
              'tpl_python',
              expect.stringMatching(/^(shell|system_packages)$/),
              false,
            ]);
          expect(await read(id, 'README.md')).toMatch(/^# /);
          if (t.id === 'tpl_node') {
            expect(await read(id, '.node-version')).toMatch(/^v24\./);
            expect(await d.listExtensions(id)).toContainEqual({
              id: 'youarecoder.welcome',
              version: '0.1.0',
            });
          }
          await d.destroy(id);
        }
      },
      SLOW,
    );
  });
