// The operations every driver does alike once it knows how to reach a workspace: file operations through
// the workspace's runner and code-server's extension CLI (one run at a time per workspace: two would race
// on extensions.json).
import type {
  ExtensionOptions,
  ExtensionResult,
  InstalledExtension,
  WorkspacePath,
  WriteFileOptions,
  WriteFileResult,
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

/** Base of the drivers: RuntimeDriver's file and extension operations, over `workspace()`. */
export abstract class WorkspaceOperations {
  /** Operations on one key take turns (ids for lifecycle, `ext:<id>` for the extension CLI). */
  protected readonly queue = new SerialQueue();

  /** A created workspace's access (RuntimeError 'not_found' otherwise). */
  protected abstract workspace(id: string): Promise<WorkspaceAccess>;

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
