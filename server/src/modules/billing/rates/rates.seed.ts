// The project's own recorded bulletins (fixtures/), used by tests and, in development only, as a seed
// on a machine that has never reached TCMB. They live beside the source: the server runs from it.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type ParsedBulletin, parseBulletin } from './tcmb.parse.ts';

/** Folder of the recorded bulletins, named DDMMYYYY.xml as on TCMB's server. */
export const FIXTURES_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** One recorded bulletin: its file name, text and parse. */
export interface BundledBulletin {
  file: string;
  xml: string;
  parsed: ParsedBulletin;
}

/** Every recorded bulletin, oldest first. */
export async function bundledBulletins(dir = FIXTURES_DIR): Promise<BundledBulletin[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{8}\.xml$/.test(f));
  const out: BundledBulletin[] = [];
  for (const file of files) {
    const xml = await readFile(`${dir}/${file}`, 'utf8');
    out.push({ file, xml, parsed: parseBulletin(xml) });
  }
  return out.sort((a, b) => a.parsed.date.localeCompare(b.parsed.date));
}

/** The newest recorded bulletin, or null if none is bundled. */
export async function newestBundledBulletin(dir = FIXTURES_DIR): Promise<BundledBulletin | null> {
  return (await bundledBulletins(dir)).at(-1) ?? null;
}
