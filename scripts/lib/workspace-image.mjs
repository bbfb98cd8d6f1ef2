// The workspace image's name, shared by `npm run setup:images` (which builds it) and the server's
// container driver (which runs it): `localhost/youarecoder-workspace:<first 12 hex of sha256 of the
// Containerfile and the host's added CAs>`. A changed Containerfile or a new CA is a new image, built by
// the next setup. Node's standard library only (the setup scripts run on Node 20).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace image's Containerfile. */
export const CONTAINERFILE = fileURLToPath(
  new URL('../../deploy/images/workspace/Containerfile', import.meta.url),
);

/**
 * Certificate authorities the host added to its own trust (Debian's place for local CAs: a TLS-inspecting
 * proxy's, a company's own): the image trusts them too, so git, curl and npm in a workspace reach what the
 * host reaches. `YAC_IMAGE_CA_DIR` names another folder. Their `.crt` files, sorted by name.
 */
export function hostCaFiles(dir = process.env.YAC_IMAGE_CA_DIR || '/usr/local/share/ca-certificates') {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.crt'))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

/** The image's name for this Containerfile and these CA files. */
export function workspaceImage(containerfile = CONTAINERFILE, caFiles = hostCaFiles()) {
  const hash = createHash('sha256').update(readFileSync(containerfile));
  for (const f of caFiles) hash.update(`\0${path.basename(f)}\0`).update(readFileSync(f));
  return `localhost/youarecoder-workspace:${hash.digest('hex').slice(0, 12)}`;
}
