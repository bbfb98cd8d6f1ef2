// The operations every driver does alike once it knows how to reach a workspace: file operations through
// the workspace's runner and code-server's extension CLI (one run at a time per workspace: two would race
// on extensions.json).
import {
  type ExtensionOptions,
  type ExtensionResult,
  type InstalledExtension,
  RuntimeError,
  type RuntimeInspection,
  type WorkspacePath,
  type WriteFileOptions,
  type WriteFileResult,
} from '../../runtime.ts';
import * as extensions from './extensions.ts';
import { SerialQueue } from './serial.ts';
import {
  type FsContext,
  readWorkspaceFile,
  removeWorkspacePath,
  writeWorkspaceFile,
} from './workspace-fs.ts';

/** A created workspace as the shared operations need it. */
export interface WorkspaceAccess {
  readonly fs: FsContext;
  readonly ext: extensions.ExtensionContext;
}

/**
 * Base of the drivers: how a start goes (observe, launch, observe again, one at a time per workspace) and
 * RuntimeDriver's file and extension operations, over what each driver says of its own layout `L`.
 */
export abstract class WorkspaceOperations<L extends { readonly id: string }> {
  /** Operations on one key take turns (ids for lifecycle, `ext:<id>` for the extension CLI). */
  protected readonly queue = new SerialQueue();
  /** Ids with a start in progress in this instance: their IDE counts as starting even once it answers. */
  protected readonly starting = new Set<string>();

  /** The paths of a workspace (validating the id). */
  protected abstract layoutOf(id: string): L;
  /** What runs for the workspace now (cheap: files and /proc). */
  protected abstract observe(l: L): Promise<RuntimeInspection>;
  /** Start the IDE (or adopt one that is starting) and wait for its first answer. */
  protected abstract launch(l: L, now: RuntimeInspection): Promise<void>;
  /** A created workspace's access (RuntimeError 'not_found' otherwise). */
  protected abstract workspace(id: string): Promise<WorkspaceAccess>;

  /** Operations on one id take turns, so a stop never races the start it follows. */
  protected serial<T>(id: string, fn: () => Promise<T>): Promise<T> {
    return this.queue.run(id, fn);
  }

  async start(id: string): Promise<RuntimeInspection> {
    const l = this.layoutOf(id);
    return this.serial(id, async () => {
      const now = await this.observe(l);
      if (now.state.status === 'absent')
        throw new RuntimeError('not_found', `workspace ${id} does not exist`);
      if (now.state.status === 'running') return now;
      this.starting.add(id);
      try {
        await this.launch(l, now);
      } finally {
        this.starting.delete(id);
      }
      return this.observe(l);
    });
  }

  async writeFile(
    id: string,
    target: WorkspacePath,
    content: string | Uint8Array,
    opts: WriteFileOptions = {},
  ): Promise<WriteFileResult> {
    return writeWorkspaceFile((await this.workspace(id)).fs, target, content, opts.mode);
  }

  async readFile(id: string, target: WorkspacePath): Promise<Buffer | null> {
    return readWorkspaceFile((await this.workspace(id)).fs, target);
  }

  async removePath(id: string, target: WorkspacePath): Promise<void> {
    return removeWorkspacePath((await this.workspace(id)).fs, target);
  }

  async installExtension(id: string, vsixPath: string, opts?: ExtensionOptions): Promise<ExtensionResult> {
    const w = await this.workspace(id);
    return this.queue.run(`ext:${id}`, () => extensions.installExtension(w.ext, vsixPath, opts));
  }

  async uninstallExtension(
    id: string,
    extensionId: string,
    opts?: ExtensionOptions,
  ): Promise<ExtensionResult> {
    const w = await this.workspace(id);
    return this.queue.run(`ext:${id}`, () => extensions.uninstallExtension(w.ext, extensionId, opts));
  }

  async listExtensions(id: string): Promise<InstalledExtension[]> {
    const w = await this.workspace(id);
    return this.queue.run(`ext:${id}`, () => extensions.listExtensions(w.ext));
  }
}
