// Where the IDE runtime of workspaces lives: Node 24 (with npm) and code-server, installed once per machine by
// `npm run setup:ide` (scripts/setup-ide.mjs) into a versioned cache folder. The versions come from
// scripts/ide-versions.json, which the script reads too; the layout here must match its layout()
// (ide-runtime.test.ts compares the two).
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pinned from '../../../scripts/ide-versions.json' with { type: 'json' };

export interface IdeVersions {
  /** Node that runs code-server (npm package `node-<os>-<arch>`). */
  readonly node: string;
  /** npm for workspaces' terminals (npm package `npm`, installed beside Node: the Node package has none). */
  readonly npm: string;
  /** code-server (npm package `code-server`). */
  readonly codeServer: string;
}

export const IDE_VERSIONS: IdeVersions = Object.freeze({
  node: pinned.node,
  npm: pinned.npm,
  codeServer: pinned.codeServer,
});

/** Written into each installed folder, last, by the setup script: `{versions: {node, codeServer}, …}`. */
export const IDE_MARKER = '.youarecoder-ide.json';

export interface IdeRuntimePaths {
  cacheDir: string;
  nodeDir: string;
  codeServerDir: string;
  /** The Node 24 binary to run code-server with. */
  nodeBin: string;
  /** npm's package folder (in the Node folder): `bin/npm-cli.js`, `bin/npx-cli.js`. */
  npmDir: string;
  /** code-server's entry script (its package bin): `<nodeBin> <codeServerEntry> --socket … --auth none …`. */
  codeServerEntry: string;
  versions: IdeVersions;
  /** Both folders are complete (their markers name these versions) and the two files exist. */
  installed: boolean;
}

/**
 * The setup script's default: `/var/cache/youarecoder/ide` as root (workspace users must be able to
 * read the runtime, and /root is closed to them), else `~/.cache/youarecoder/ide`. The script also
 * honours `IDE_CACHE_DIR`; the server gets that through its config and passes it to ideRuntimePaths().
 */
export function defaultIdeCacheDir(
  home: string = os.homedir(),
  uid: number | undefined = process.getuid?.(),
): string {
  return uid === 0 ? '/var/cache/youarecoder/ide' : path.join(home, '.cache', 'youarecoder', 'ide');
}

function markerVersions(dir: string): Partial<IdeVersions> | undefined {
  try {
    return (
      JSON.parse(readFileSync(path.join(dir, IDE_MARKER), 'utf8')) as { versions?: Partial<IdeVersions> }
    ).versions;
  } catch {
    return undefined;
  }
}

export function ideRuntimePaths(cacheDir: string = defaultIdeCacheDir()): IdeRuntimePaths {
  const root = path.resolve(cacheDir);
  const nodeDir = path.join(root, `node-${IDE_VERSIONS.node}`);
  const codeServerDir = path.join(root, `code-server-${IDE_VERSIONS.codeServer}`);
  const nodeBin = path.join(
    nodeDir,
    'node_modules',
    `node-${process.platform}-${process.arch}`,
    'bin',
    'node',
  );
  const npmDir = path.join(nodeDir, 'node_modules', 'npm');
  const codeServerEntry = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const nodeMarker = markerVersions(nodeDir);
  const installed =
    nodeMarker?.node === IDE_VERSIONS.node &&
    nodeMarker?.npm === IDE_VERSIONS.npm &&
    // code-server is built for Node 24's ABI: a patch bump of Node alone does not reinstall it.
    markerVersions(codeServerDir)?.codeServer === IDE_VERSIONS.codeServer &&
    existsSync(nodeBin) &&
    existsSync(path.join(npmDir, 'bin', 'npm-cli.js')) &&
    existsSync(codeServerEntry);
  return {
    cacheDir: root,
    nodeDir,
    codeServerDir,
    nodeBin,
    npmDir,
    codeServerEntry,
    versions: IDE_VERSIONS,
    installed,
  };
}
