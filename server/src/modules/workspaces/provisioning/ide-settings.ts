// The platform's VS Code user settings for a new workspace: what the first minute in the IDE looks like.
// Keys were checked against the workbench bundled with code-server 4.139.1 (VS Code 1.139): settings it
// does not register are ignored silently, so a key that disappears upstream costs nothing but its effect.
import type { TemplateIde } from '@youarecoder/contract';
import type { RuntimeDriver, WorkspacePath } from '../runtime.ts';
import { parseJsonc } from './jsonc.ts';

/** What the platform's settings depend on. */
export interface IdeSettingsInput {
  companyName: string;
  workspaceName: string;
  /** The project has a README at its root (VS Code's "readme" start falls back to Welcome otherwise). */
  hasReadme: boolean;
  /** The template's choices: Welcome page and chat back on (the file to open is the gateway's business). */
  ide?: Pick<TemplateIde, 'welcome' | 'chat'>;
}

// VS Code expands ${…} in window.title: a company called "${rootPath}" must not print a path.
const literal = (s: string) => s.replaceAll('${', '$ {').replace(/\s+/g, ' ').trim();

/** The platform's default user settings; a template's own `settings` step overrides any of them. */
export function platformIdeSettings(i: IdeSettingsInput): Record<string, unknown> {
  const welcome = i.ide?.welcome === true;
  const chat = i.ide?.chat === true;
  return {
    // The browser tab says whose workspace this is; VS Code puts the open file first.
    'window.title': `\${dirty}\${activeEditorShort}\${separator}${literal(i.workspaceName)} · ${literal(i.companyName)}`,
    // The project's README instead of the stock Welcome page; nothing at all without a README. A
    // template that wants the Welcome page (walkthroughs, tips) gets VS Code's own start.
    ...(welcome
      ? { 'workbench.startupEditor': 'welcomePage' }
      : {
          'workbench.startupEditor': i.hasReadme ? 'readme' : 'none',
          'workbench.welcomePage.walkthroughs.openOnInstall': false,
          'workbench.tips.enabled': false,
        }),
    // No AI chat here unless the template asks: it needs a GitHub sign-in. This also disables the
    // bundled Copilot extension and hides the "Build with Agent" secondary side bar.
    ...(chat
      ? {}
      : {
          'chat.disableAIFeatures': true,
          'chat.agent.enabled': false,
          'workbench.secondarySideBar.defaultVisibility': 'hidden',
        }),
    // Each of these tries github.com or the marketplace at start and times out in the console.
    'github.gitAuthentication': false,
    'extensions.autoCheckUpdates': false,
    // "off", not false: VS Code 1.139 migrates false by rewriting settings.json at the first start,
    // which opens it as a document and starts the JSON and TypeScript language features just as the
    // first terminal is asked for (measured with bench/terminal.ts).
    'extensions.autoUpdate': 'off',
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'telemetry.telemetryLevel': 'off',
    'workbench.enableExperiments': false,
    'workbench.settings.enableNaturalLanguageSearch': false,
  };
}

const SETTINGS: WorkspacePath = { area: 'userData', path: 'User/settings.json' };
const READMES = ['README.md', 'README', 'README.txt', 'readme.md', 'Readme.md'];

/** Whether the project folder has a README that VS Code's "readme" start would open. */
export async function projectHasReadme(driver: RuntimeDriver, id: string): Promise<boolean> {
  // One name after the other: the usual README.md answers at the first read, and each read is a command
  // in the workspace (podman exec in a container), costly to run five at once on a small host.
  for (const name of READMES)
    if ((await driver.readFile(id, { area: 'project', path: name }).catch(() => null)) !== null) return true;
  return false;
}

/** Write the platform's settings under the ones already there (a template's settings step wins). */
export async function applyIdeSettings(
  driver: RuntimeDriver,
  id: string,
  input: Omit<IdeSettingsInput, 'hasReadme'>,
): Promise<void> {
  // Both at once: each read is a command in the workspace, and a new workspace's first minute waits on them.
  const [previous, hasReadme] = await Promise.all([
    driver.readFile(id, SETTINGS),
    projectHasReadme(driver, id),
  ]);
  let current: Record<string, unknown> = {};
  try {
    const parsed: unknown = previous === null ? {} : parseJsonc(previous.toString('utf8'));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      current = parsed as Record<string, unknown>;
  } catch {
    // A hand-written file that no longer parses is the template's business: leave it alone.
    return;
  }
  const defaults = platformIdeSettings({ ...input, hasReadme });
  await driver.writeFile(id, SETTINGS, `${JSON.stringify({ ...defaults, ...current }, null, 2)}\n`);
}
