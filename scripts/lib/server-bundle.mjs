// The server compiled once into plain JavaScript, cached and reused by every later start.
//
// `npm start` and `npx youarecoder` run `server/src/main.ts`. Compiling ~250 TypeScript files through tsx
// at every start cost most of a second start's time, so the server is bundled by esbuild (already here
// through tsx) into `node_modules/.cache/youarecoder/server/<key>/` and run by plain node. The key is a
// hash of every file the last bundle was built from (its metafile), the lockfile and the build settings:
// an edited source, a new dependency or another esbuild makes the next start build again (about 0.5 s).
//
// Only the repository's own code is bundled (the server, contract/, tools/paytr-sim, scripts/lib): the
// packages in node_modules stay imports that node resolves from the repository root, as it does for the
// sources. Paths the sources compute from `import.meta.url` (migrations, web/dist, fonts, templates,
// deploy/) keep pointing into the source tree: each file's `import.meta.url` is replaced by its own
// source URL at build time, so the bundle reads the same files the sources would.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * Where bundles are kept (one folder per key, the newest few kept). `YAC_SERVER_BUNDLE_DIR` moves it (the
 * cold-start bench builds into a folder of its own); it must stay inside the repository, where node finds
 * the packages the bundle imports.
 */
export const CACHE_DIR = path.resolve(
  ROOT,
  process.env.YAC_SERVER_BUNDLE_DIR || 'node_modules/.cache/youarecoder/server',
);
const ENTRY = path.join(ROOT, 'server/src/main.ts');
// Bump when the build settings below change in a way the inputs' hash cannot see.
const FORMAT = 2;
const KEEP = 3;

/** The bundle's settings, also part of the key. */
function buildOptions(outdir) {
  return {
    entryPoints: { main: ENTRY },
    bundle: true,
    splitting: true, // main.ts imports the heavy part of start-up lazily, while PostgreSQL starts
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    sourcesContent: false,
    keepNames: true, // as tsx does: class and function names stay what the sources say (logs, errors)
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
    plugins: [ownCodeOnly],
  };
}

const OWN = (file) => !file.includes(`${path.sep}node_modules${path.sep}`);

/** Bundle the repository's own code; leave packages (other than the workspaces') to node. */
const ownCodeOnly = {
  name: 'youarecoder-own-code',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@youarecoder/')) return undefined; // workspace packages: our sources
      return { path: args.path, external: true };
    });
    build.onLoad({ filter: /\.[mc]?[jt]s$/ }, async (args) => {
      if (!OWN(args.path)) return undefined;
      const url = JSON.stringify(pathToFileURL(args.path).href);
      const text = (await readFile(args.path, 'utf8'))
        .replaceAll('import.meta.url', url)
        .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents: text, loader: /\.[mc]?ts$/.test(args.path) ? 'ts' : 'js' };
    });
  },
};

function hashOf(inputs, esbuildVersion) {
  const h = createHash('sha256');
  h.update(`${FORMAT}\0${esbuildVersion}\0${process.versions.node.split('.')[0]}\0${ROOT}\0`);
  for (const rel of ['package-lock.json', ...inputs]) {
    h.update(`${rel}\0`);
    try {
      h.update(readFileSync(path.join(ROOT, rel)));
    } catch {
      h.update('(missing)');
    }
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

function readManifest() {
  try {
    return JSON.parse(readFileSync(path.join(CACHE_DIR, 'manifest.json'), 'utf8'));
  } catch {
    return null;
  }
}

/**
 * The path of the bundled `main.mjs`, built when the sources, the lockfile or esbuild changed since the
 * last bundle. `log` receives one line when it builds. Safe to call from several processes at once: each
 * build goes to a folder of its own, renamed into place.
 */
export async function serverBundle({ log = () => {} } = {}) {
  // esbuild's version from its package.json: importing esbuild itself costs a start more than all the rest.
  const version = JSON.parse(
    readFileSync(createRequire(import.meta.url).resolve('esbuild/package.json'), 'utf8'),
  ).version;
  const manifest = readManifest();
  if (manifest?.key && Array.isArray(manifest.inputs)) {
    const main = path.join(CACHE_DIR, manifest.key, 'main.mjs');
    if (existsSync(main) && hashOf(manifest.inputs, version) === manifest.key) return main;
  }
  const esbuild = await import('esbuild');
  const started = Date.now();
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = path.join(CACHE_DIR, `.build-${process.pid}-${Date.now()}`);
  try {
    const result = await esbuild.build(buildOptions(tmp));
    const inputs = Object.keys(result.metafile.inputs)
      .filter((f) => OWN(path.resolve(ROOT, f)))
      .sort();
    const key = hashOf(inputs, version);
    const dir = path.join(CACHE_DIR, key);
    if (existsSync(dir)) rmSync(tmp, { recursive: true, force: true });
    else renameSync(tmp, dir);
    const m = path.join(CACHE_DIR, `.manifest-${process.pid}.json`);
    writeFileSync(m, JSON.stringify({ key, inputs, builtAt: new Date().toISOString() }));
    renameSync(m, path.join(CACHE_DIR, 'manifest.json'));
    prune(key);
    log(
      `Compiled the server into ${path.relative(ROOT, dir)} in ${Date.now() - started} ms (reused until its sources change).`,
    );
    return path.join(dir, 'main.mjs');
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Keep the newest few bundles: a platform started earlier may still load chunks of its own. Builds a killed
 * process left half-done (`.build-*`) go once they are an hour old.
 */
function prune(current) {
  for (const e of readdirSync(CACHE_DIR, { withFileTypes: true }))
    if (
      e.name.startsWith('.build-') &&
      Date.now() - statSync(path.join(CACHE_DIR, e.name)).mtimeMs > 3_600_000
    )
      rmSync(path.join(CACHE_DIR, e.name), { recursive: true, force: true });
  const dirs = readdirSync(CACHE_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== current && !e.name.startsWith('.'))
    .map((e) => ({ p: path.join(CACHE_DIR, e.name), t: statSync(path.join(CACHE_DIR, e.name)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const d of dirs.slice(KEEP - 1)) rmSync(d.p, { recursive: true, force: true });
}

// `npm run build:server` (a deploy step: the systemd units run the bundle from a read-only tree).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const main = await serverBundle({ log: (line) => console.log(line) });
  console.log(`Server bundle: ${path.relative(ROOT, main)}`);
}
