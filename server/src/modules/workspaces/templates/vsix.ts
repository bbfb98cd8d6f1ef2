// The .vsix format, as far as the platform needs it: a zip holding `extension/package.json` (the VS Code
// manifest) beside `extension.vsixmanifest` and `[Content_Types].xml`. readVsixManifest() checks uploads;
// packVsix() builds the bundled extensions, byte for byte the same on every run.
import { strToU8, unzipSync, type Zippable, zipSync } from 'fflate';

/** What the platform keeps of an extension's manifest. */
export interface VsixManifest {
  /** `publisher.name`, as VS Code identifies the extension. */
  readonly extensionId: string;
  readonly version: string;
  readonly displayName: string;
}

/** Why a file is not a usable .vsix; the message is meant for the person who uploaded it. */
export class InvalidVsixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidVsixError';
  }
}

const MANIFEST = 'extension/package.json';
const MAX_MANIFEST_BYTES = 1024 * 1024;
// What the Marketplace accepts for publisher and extension names.
const NAME = /^[a-z0-9][a-z0-9-]*$/i;
const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

function field(pkg: Record<string, unknown>, key: string): string {
  const v = pkg[key];
  if (typeof v !== 'string' || v.trim() === '')
    throw new InvalidVsixError(`its extension/package.json has no "${key}"`);
  return v.trim();
}

/** Read and check the manifest of a .vsix (throws InvalidVsixError with a clear reason). */
export function readVsixManifest(data: Uint8Array): VsixManifest {
  // "PK\3\4": a zip starts with a local file header (an empty zip cannot hold an extension anyway).
  if (data.length < 4 || data[0] !== 0x50 || data[1] !== 0x4b || data[2] !== 3 || data[3] !== 4)
    throw new InvalidVsixError('it is not a zip archive (a .vsix is one)');
  let files: Record<string, Uint8Array>;
  try {
    // Only the manifest is inflated, and only when small: a zip bomb stays packed.
    files = unzipSync(data, { filter: (f) => f.name === MANIFEST && f.originalSize <= MAX_MANIFEST_BYTES });
  } catch (err) {
    throw new InvalidVsixError(`the zip archive is damaged (${(err as Error).message})`);
  }
  const raw = files[MANIFEST];
  if (!raw) throw new InvalidVsixError(`it has no ${MANIFEST} (or it is larger than 1 MiB)`);
  let pkg: unknown;
  try {
    pkg = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    throw new InvalidVsixError(`its ${MANIFEST} is not valid JSON`);
  }
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg))
    throw new InvalidVsixError(`its ${MANIFEST} is not a JSON object`);
  const p = pkg as Record<string, unknown>;
  const publisher = field(p, 'publisher');
  const name = field(p, 'name');
  const version = field(p, 'version');
  if (!NAME.test(publisher)) throw new InvalidVsixError(`its publisher "${publisher}" is not a valid name`);
  if (!NAME.test(name)) throw new InvalidVsixError(`its name "${name}" is not a valid extension name`);
  if (!VERSION.test(version))
    throw new InvalidVsixError(`its version "${version}" is not a semantic version`);
  const engines = p.engines as Record<string, unknown> | undefined;
  if (typeof engines?.vscode !== 'string')
    throw new InvalidVsixError(
      'its extension/package.json has no "engines.vscode" (it is not a VS Code extension)',
    );
  const displayName = typeof p.displayName === 'string' && p.displayName.trim() ? p.displayName.trim() : name;
  return { extensionId: `${publisher}.${name}`, version, displayName };
}

const xml = (s: string) =>
  s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);

const CONTENT_TYPES = `<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension=".json" ContentType="application/json"/><Default Extension=".js" ContentType="application/javascript"/><Default Extension=".md" ContentType="text/markdown"/><Default Extension=".txt" ContentType="text/plain"/><Default Extension=".vsixmanifest" ContentType="text/xml"/></Types>
`;

function vsixManifestXml(pkg: Record<string, unknown>, m: VsixManifest): string {
  const [publisher, name] = m.extensionId.split('.') as [string, string];
  const description = typeof pkg.description === 'string' ? pkg.description : '';
  const engine = String((pkg.engines as Record<string, unknown>).vscode);
  return `<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011" xmlns:d="http://schemas.microsoft.com/developer/vsx-schema-design/2011">
  <Metadata>
    <Identity Language="en-US" Id="${xml(name)}" Version="${xml(m.version)}" Publisher="${xml(publisher)}" />
    <DisplayName>${xml(m.displayName)}</DisplayName>
    <Description xml:space="preserve">${xml(description)}</Description>
    <Tags></Tags>
    <Categories>Other</Categories>
    <GalleryFlags>Public</GalleryFlags>
    <Properties>
      <Property Id="Microsoft.VisualStudio.Code.Engine" Value="${xml(engine)}" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionDependencies" Value="" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionPack" Value="" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionKind" Value="workspace" />
    </Properties>
  </Metadata>
  <Installation>
    <InstallationTarget Id="Microsoft.VisualStudio.Code"/>
  </Installation>
  <Dependencies/>
  <Assets>
    <Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true" />
  </Assets>
</PackageManifest>
`;
}

// A fixed time in every entry: the same sources always give the same bytes.
const FIXED_MTIME = new Date('1980-01-01T00:00:00Z');

/**
 * Pack an extension's files (paths relative to its folder; must include package.json) into a .vsix.
 * Deterministic: entries sorted, fixed times.
 */
export function packVsix(files: Readonly<Record<string, Uint8Array>>): Uint8Array {
  const pkgRaw = files['package.json'];
  if (!pkgRaw) throw new InvalidVsixError('the extension has no package.json');
  const entries: Zippable = {};
  for (const name of Object.keys(files).sort()) entries[`extension/${name}`] = files[name] as Uint8Array;
  // Check the result as an upload would be checked, and take the identity from it.
  const probe = zipSync({ [MANIFEST]: pkgRaw });
  const manifest = readVsixManifest(probe);
  const pkg = JSON.parse(new TextDecoder().decode(pkgRaw)) as Record<string, unknown>;
  return zipSync(
    {
      '[Content_Types].xml': strToU8(CONTENT_TYPES),
      'extension.vsixmanifest': strToU8(vsixManifestXml(pkg, manifest)),
      ...entries,
    },
    { mtime: FIXED_MTIME, level: 9 },
  );
}
