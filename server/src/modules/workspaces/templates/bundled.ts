// Extensions that ship with the platform (server/templates/extensions/<name>/), referenced by template
// steps as `bundled:<name>.vsix`. Each is packed into a .vsix on first use and kept in a cache folder.
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packVsix } from './vsix.ts';

export { InvalidVsixError, readVsixManifest, type VsixManifest } from './vsix.ts';

/** Where the sources of the bundled extensions live: one folder per extension. */
export const BUNDLED_EXTENSIONS_DIR = fileURLToPath(
  new URL('../../../../templates/extensions/', import.meta.url),
);

const FILE = /^([a-z0-9][a-z0-9._-]{0,94})\.vsix$/;

function sourceDir(file: string): string | null {
  const m = FILE.exec(file);
  if (!m || m[1]?.includes('..')) return null;
  return path.join(BUNDLED_EXTENSIONS_DIR, m[1] as string);
}

/** Whether `file` (e.g. `youarecoder-welcome.vsix`) names a bundled extension. */
export function isBundledVsix(file: string): boolean {
  const dir = sourceDir(file);
  return dir !== null && existsSync(path.join(dir, 'package.json'));
}

/** File names of every bundled extension (`<folder>.vsix`). */
export async function listBundledVsix(): Promise<string[]> {
  const names = await fs.readdir(BUNDLED_EXTENSIONS_DIR).catch(() => [] as string[]);
  return names
    .map((n) => `${n}.vsix`)
    .filter(isBundledVsix)
    .sort();
}

async function readTree(dir: string, prefix = ''): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, await readTree(path.join(dir, e.name), rel));
    else if (e.isFile()) out[rel] = await fs.readFile(path.join(dir, e.name));
  }
  return out;
}

/** The default cache: a folder of this OS user's own in the temporary folder. */
export function defaultVsixCacheDir(): string {
  return path.join(os.tmpdir(), `youarecoder-vsix-${process.getuid?.() ?? 'user'}`);
}

async function ensureOwnDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const st = await fs.lstat(dir);
  // In a shared /tmp someone else may have made the folder first: never write into theirs.
  if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid()))
    throw new Error(`${dir} is not a folder of this user; set another cache folder`);
}

const packed = new Map<string, Promise<string>>();

/**
 * The absolute path of a bundled extension's .vsix, packed on first use into `cacheDir` (default: a
 * folder of this user under os.tmpdir(); pass DATA_DIR/cache/vsix to keep it with the platform's data).
 * The file name carries a hash of the sources: an edited extension gets a new file.
 */
export function bundledVsixPath(file: string, cacheDir: string = defaultVsixCacheDir()): Promise<string> {
  const key = `${cacheDir}\0${file}`;
  let p = packed.get(key);
  if (!p) {
    p = pack(file, cacheDir);
    packed.set(key, p);
    p.catch(() => packed.delete(key));
  }
  return p;
}

async function pack(file: string, cacheDir: string): Promise<string> {
  const dir = sourceDir(file);
  if (!dir || !isBundledVsix(file)) throw new Error(`there is no bundled extension ${file}`);
  const data = packVsix(await readTree(dir));
  const hash = createHash('sha256').update(data).digest('hex').slice(0, 16);
  const target = path.join(cacheDir, `${file.slice(0, -'.vsix'.length)}-${hash}.vsix`);
  await ensureOwnDir(cacheDir);
  const have = await fs.readFile(target).catch(() => null);
  if (have?.equals(data)) return target;
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(tmp, data, { mode: 0o600, flag: 'wx' });
  await fs.rename(tmp, target);
  return target;
}
