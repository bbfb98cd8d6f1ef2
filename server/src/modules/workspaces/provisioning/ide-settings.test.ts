import { describe, expect, it } from 'vitest';
import type { RuntimeDriver, WorkspacePath } from '../runtime.ts';
import { applyIdeSettings, platformIdeSettings } from './ide-settings.ts';

/** A driver that knows only files, in memory, keyed `area:path`. */
function filesDriver(files: Record<string, string>): RuntimeDriver {
  const key = (p: WorkspacePath) => `${p.area}:${p.path}`;
  return {
    readFile: async (_id: string, p: WorkspacePath) => {
      const v = files[key(p)];
      return v === undefined ? null : Buffer.from(v);
    },
    writeFile: async (_id: string, p: WorkspacePath, content: string | Uint8Array) => {
      files[key(p)] = String(content);
      return { createdDir: null };
    },
  } as unknown as RuntimeDriver;
}

describe('platformIdeSettings', () => {
  const base = { companyName: 'Acme Robotics', workspaceName: 'api' };

  it('names the workspace and the company in the window title', () => {
    const s = platformIdeSettings({ ...base, hasReadme: true });
    expect(s['window.title']).toBe(`\${dirty}\${activeEditorShort}\${separator}api · Acme Robotics`);
  });

  it('keeps a dollar-brace in a name literal, so VS Code does not expand it', () => {
    const s = platformIdeSettings({ ...base, companyName: `Evil \${rootPath}`, hasReadme: false });
    expect(s['window.title']).toContain('Evil $ {rootPath}');
  });

  it('opens the README instead of Welcome, or nothing without one', () => {
    expect(platformIdeSettings({ ...base, hasReadme: true })['workbench.startupEditor']).toBe('readme');
    expect(platformIdeSettings({ ...base, hasReadme: false })['workbench.startupEditor']).toBe('none');
  });

  it('turns off chat, the agent side bar and what calls github.com or the marketplace', () => {
    expect(platformIdeSettings({ ...base, hasReadme: true })).toMatchObject({
      'chat.disableAIFeatures': true,
      'chat.agent.enabled': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'github.gitAuthentication': false,
      'extensions.autoCheckUpdates': false,
      'telemetry.telemetryLevel': 'off',
    });
  });

  it('says "off" for extension updates: VS Code rewrites settings.json at the first start for false', () => {
    expect(platformIdeSettings({ ...base, hasReadme: true })['extensions.autoUpdate']).toBe('off');
  });

  it("brings back the Welcome page when the template's ide.welcome is on", () => {
    const s = platformIdeSettings({ ...base, hasReadme: true, ide: { welcome: true, chat: false } });
    expect(s['workbench.startupEditor']).toBe('welcomePage');
    expect(s).not.toHaveProperty('workbench.welcomePage.walkthroughs.openOnInstall');
    expect(s).not.toHaveProperty('workbench.tips.enabled');
    expect(s['chat.disableAIFeatures']).toBe(true);
  });

  it("leaves chat and the agent side bar to VS Code when the template's ide.chat is on", () => {
    const s = platformIdeSettings({ ...base, hasReadme: true, ide: { welcome: false, chat: true } });
    expect(s).not.toHaveProperty('chat.disableAIFeatures');
    expect(s).not.toHaveProperty('chat.agent.enabled');
    expect(s).not.toHaveProperty('workbench.secondarySideBar.defaultVisibility');
    expect(s['workbench.startupEditor']).toBe('readme');
  });
});

describe('applyIdeSettings', () => {
  it('writes the defaults under what the template set: the template wins', async () => {
    const files: Record<string, string> = {
      'project:README.md': '# hi',
      'userData:User/settings.json': '{ // the template\n "chat.disableAIFeatures": false, }',
    };
    await applyIdeSettings(filesDriver(files), 'ws_x', { companyName: 'Acme', workspaceName: 'api' });
    const s = JSON.parse(files['userData:User/settings.json'] ?? '{}');
    expect(s['chat.disableAIFeatures']).toBe(false);
    expect(s['workbench.startupEditor']).toBe('readme');
    expect(s['window.title']).toContain('api · Acme');
  });

  it('leaves a settings file that does not parse alone', async () => {
    const files: Record<string, string> = { 'userData:User/settings.json': '[1,' };
    await applyIdeSettings(filesDriver(files), 'ws_x', { companyName: 'Acme', workspaceName: 'api' });
    expect(files['userData:User/settings.json']).toBe('[1,');
  });
});
