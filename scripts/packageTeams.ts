// `npm run package:teams`: the Teams app package. Reads manifest/teams/manifest.json, puts the bot's Microsoft App ID
// (MicrosoftAppId, required) in place of the all-zero GUID, validates the result against the manifest schema bundled in
// @microsoft/app-manifest (offline), with its Welsh (cy.json, against the localisation schema), and writes
// dist/supervision-bot-teams.zip with manifest.json, cy.json, color.png and outline.png at its root, ready to upload in the Teams admin centre or to sideload.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { projectRoot } from '../src/config/paths.js';

export const teamsManifestDir = path.join(projectRoot, 'manifest', 'teams');
export const defaultOutFile = path.join(projectRoot, 'dist', 'supervision-bot-teams.zip');

/** What manifest.json holds where the bot's Microsoft App ID goes (the app id and the bot id), so it validates as it is. */
export const placeholderAppId = '00000000-0000-0000-0000-000000000000';
const guid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The files of the package, all at the zip's root. */
export const packageFiles = ['manifest.json', 'color.png', 'outline.png', 'cy.json'] as const;

/** The folder of Teams manifest schemas that @microsoft/app-manifest ships: v1.0 ... v1.30, vDevPreview. */
function bundledSchemasDir(): string {
  const main = createRequire(import.meta.url).resolve('@microsoft/app-manifest');
  return path.join(path.dirname(main), 'json-schemas', 'teams');
}

/** The manifest versions whose schemas are bundled, oldest first ("1.0", ..., "1.30"); not the dev preview. */
export function bundledSchemaVersions(): string[] {
  return readdirSync(bundledSchemasDir())
    .map((name) => /^v(\d+)\.(\d+)$/.exec(name))
    .filter((match) => match !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2]))
    .map((match) => `${match[1]}.${match[2]}`);
}

export function highestBundledSchemaVersion(): string {
  const versions = bundledSchemaVersions();
  const highest = versions[versions.length - 1];
  if (!highest) throw new Error(`no Teams manifest schemas found in ${bundledSchemasDir()}`);
  return highest;
}

/** The bundled JSON schema of a manifest version, cleaned as @microsoft/app-manifest cleans it (\a and \v in patterns). */
export function bundledSchema(version: string): object {
  if (!bundledSchemaVersions().includes(version)) {
    throw new Error(`manifestVersion ${version} has no schema in @microsoft/app-manifest (it has ${bundledSchemaVersions().join(', ')})`);
  }
  const raw = readFileSync(path.join(bundledSchemasDir(), `v${version}`, 'MicrosoftTeams.schema.json'), 'utf8');
  return JSON.parse(raw.replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as object;
}

/**
 * Validates a Teams manifest with @microsoft/app-manifest's own validator against the bundled schema of its
 * manifestVersion (never fetched). Returns the problems, one line each; empty if it is valid.
 */
export async function validateTeamsManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const version = manifest.manifestVersion;
  if (typeof version !== 'string') return ['/manifestVersion is missing'];
  const schema = bundledSchema(version) as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
  return AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest, schema);
}

/**
 * A language file of the manifest (`localizationInfo`: cy.json), against the localisation schema of the manifest's
 * version; and each of its keys must name something the manifest has (a command's description by its index).
 */
export async function validateTeamsLocalization(manifest: Record<string, unknown>, strings: Record<string, unknown>): Promise<string[]> {
  const version = manifest.manifestVersion;
  if (typeof version !== 'string') return ['/manifestVersion is missing'];
  bundledSchema(version);
  const raw = readFileSync(path.join(bundledSchemasDir(), `v${version}`, 'MicrosoftTeams.Localization.schema.json'), 'utf8');
  const parsed = JSON.parse(raw) as { patternProperties?: Record<string, unknown> };
  // The bundled schema has patterns the validator cannot compile ("[\\b...\\b]" for activities, not used here): left out.
  const compiles = (pattern: string) => {
    try {
      new RegExp(pattern, 'u');
      return true;
    } catch {
      return false;
    }
  };
  parsed.patternProperties = Object.fromEntries(Object.entries(parsed.patternProperties ?? {}).filter(([pattern]) => compiles(pattern)));
  const schema = parsed as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
  const problems = await AppManifestUtils.validateAgainstSchema(strings as unknown as AppManifest, schema);
  for (const key of Object.keys(strings)) {
    if (key === '$schema' || key === 'localizationKeys') continue;
    const found = key
      .split(/\.|\[(\d+)\]\.?/)
      .filter((part) => part !== undefined && part !== '')
      .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], manifest);
    if (typeof found !== 'string') problems.push(`${key} names nothing in the manifest`);
  }
  return problems;
}

/** MicrosoftAppId, checked: a GUID, and not the placeholder. Throws a message naming MicrosoftAppId otherwise. */
export function checkAppId(appId: string | undefined): string {
  const value = appId?.trim();
  if (!value) {
    throw new Error(
      "MicrosoftAppId is not set: it is the Microsoft App ID (a GUID) of the bot's Azure Bot registration, e.g. " +
        'MicrosoftAppId=12345678-90ab-cdef-1234-567890abcdef npm run package:teams',
    );
  }
  if (!guid.test(value)) throw new Error(`MicrosoftAppId must be a GUID like 12345678-90ab-cdef-1234-567890abcdef, not ${JSON.stringify(value)}`);
  if (value === placeholderAppId) throw new Error("MicrosoftAppId is the all-zero placeholder: use the bot's real Microsoft App ID");
  return value;
}

/** Every string in the manifest that is the placeholder becomes the app id: the app's id and the bot's botId. */
function substitute(value: unknown, appId: string): unknown {
  if (value === placeholderAppId) return appId;
  if (Array.isArray(value)) return value.map((item) => substitute(item, appId));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, appId)]));
  }
  return value;
}

export interface PackageTeamsOptions {
  /** The bot's Microsoft App ID; defaults to the environment's MicrosoftAppId. */
  appId?: string | undefined;
  /** Where manifest.json and the icons are; manifest/teams by default. */
  manifestDir?: string;
  /** The zip to write; dist/supervision-bot-teams.zip by default. */
  outFile?: string;
}

export async function packageTeams(options: PackageTeamsOptions = {}): Promise<{ outFile: string; manifest: Record<string, unknown> }> {
  const appId = checkAppId('appId' in options ? options.appId : process.env.MicrosoftAppId);
  const dir = options.manifestDir ?? teamsManifestDir;
  const outFile = options.outFile ?? defaultOutFile;

  const manifest = substitute(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')), appId) as Record<string, unknown>;
  const problems = await validateTeamsManifest(manifest);
  if (problems.length > 0) throw new Error(`manifest/teams/manifest.json is not a valid Teams manifest:\n  ${problems.join('\n  ')}`);
  const welsh = await validateTeamsLocalization(manifest, JSON.parse(readFileSync(path.join(dir, 'cy.json'), 'utf8')));
  if (welsh.length > 0) throw new Error(`manifest/teams/cy.json is not a valid Teams language file:\n  ${welsh.join('\n  ')}`);

  const zip = new JSZip();
  // A fixed date, so the same inputs give the same zip.
  const date = new Date(Date.UTC(2026, 0, 1));
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date });
  for (const icon of packageFiles.filter((name) => name !== 'manifest.json')) zip.file(icon, readFileSync(path.join(dir, icon)), { date });
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });

  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, bytes);
  return { outFile, manifest };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  packageTeams().then(
    ({ outFile }) => console.log(`wrote ${path.relative(process.cwd(), outFile)}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
