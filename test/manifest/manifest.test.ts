// The app manifests: Teams' validates against the newest schema @microsoft/app-manifest bundles, its icons are what Teams
// asks for, the package script builds the zip Teams takes; Slack's has the command, the scopes and the URLs. All offline.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { projectRoot } from '../../src/config/paths.js';
import { accentColor, colorIcon, outlineIcon } from '../../scripts/icons.js';
import {
  bundledSchemaVersions,
  highestBundledSchemaVersion,
  packageTeams,
  placeholderAppId,
  validateTeamsLocalization,
  validateTeamsManifest,
} from '../../scripts/packageTeams.js';
import { channelCommands, commands as botCommands } from '../../src/flows/router.js';

const teamsDir = path.join(projectRoot, 'manifest', 'teams');
const readTeamsManifest = () => JSON.parse(readFileSync(path.join(teamsDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
const readPng = (file: string) => PNG.sync.read(readFileSync(path.join(teamsDir, file)));

interface Bot {
  botId: string;
  scopes: string[];
  supportsFiles?: boolean;
  commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[];
}

// Teams takes at most ten commands per scope: a personal chat lists the bot's first ten, a team the ones
// that answer in a channel (everything else is answered there with a link to a private chat).
const commands = Object.keys(botCommands);
const listed = { personal: commands.slice(0, 10), team: [...channelCommands] };

describe('Teams manifest', () => {
  const manifest = readTeamsManifest();

  it('is valid, as it is, against the highest manifest schema version @microsoft/app-manifest bundles', async () => {
    expect(bundledSchemaVersions().length).toBeGreaterThan(10);
    const highest = highestBundledSchemaVersion();
    expect(manifest.manifestVersion).toBe(highest);
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/en-us/json-schemas/teams/v${highest}/MicrosoftTeams.schema.json`);
    expect(await validateTeamsManifest(manifest)).toEqual([]);
  });

  it('is in English (en-GB) and Welsh: cy.json validates against the localisation schema and gives Welsh for its name, descriptions and every command', async () => {
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'en-gb', additionalLanguages: [{ languageTag: 'cy', file: 'cy.json' }] });
    const welsh = JSON.parse(readFileSync(path.join(teamsDir, 'cy.json'), 'utf8')) as Record<string, string>;
    expect(await validateTeamsLocalization(manifest, welsh)).toEqual([]);
    expect(welsh['name.short']).toBe('Goruchwyliaeth');
    for (const key of ['name.full', 'description.short', 'description.full']) expect(welsh[key], key).toBeTruthy();
    const lists = (manifest.bots as Bot[])[0]!.commandLists;
    lists.forEach((list, index) =>
      list.commands.forEach((command, at) => expect(welsh[`bots[0].commandLists[${index}].commands[${at}].description`], command.title).toBeTruthy()),
    );
    // Too long, or naming a command the manifest has not: both found.
    const broken = { ...welsh, 'description.short': 'x'.repeat(81), 'bots[0].commandLists[0].commands[11].description': 'Dim' };
    const problems = (await validateTeamsLocalization(manifest, broken)).join('\n');
    expect(problems).toMatch(/description\.short/);
    expect(problems).toContain('bots[0].commandLists[0].commands[11].description names nothing in the manifest');
  });

  it('is checked by a validator that finds problems', async () => {
    const broken = { ...manifest, accentColor: 'teal', description: { short: 'x'.repeat(81) } };
    const problems = await validateTeamsManifest(broken);
    expect(problems.join('\n')).toMatch(/accentColor/);
    expect(problems.join('\n')).toMatch(/description/);
  });

  it('has one bot, personal and team, sending files (a signed record, in a personal chat), with the placeholder ids for the package script to fill in', () => {
    expect(manifest.id).toBe(placeholderAppId);
    const bots = manifest.bots as Bot[];
    expect(bots).toHaveLength(1);
    expect(bots[0]!.botId).toBe(placeholderAppId);
    expect([...bots[0]!.scopes].sort()).toEqual(['personal', 'team']);
    expect(bots[0]!.supportsFiles).toBe(true);
    expect(manifest.validDomains ?? []).toEqual([]);
  });

  it('lists the first ten commands for personal scope, and for team scope those that answer in a channel', () => {
    const lists = (manifest.bots as Bot[])[0]!.commandLists;
    for (const scope of ['personal', 'team'] as const) {
      const list = lists.find((candidate) => candidate.scopes.includes(scope));
      expect(list, scope).toBeDefined();
      expect(list!.commands.map((command) => command.title)).toEqual(listed[scope]);
      expect(list!.commands.length).toBeLessThanOrEqual(10);
      for (const command of list!.commands) expect(command.description.length, command.title).toBeGreaterThan(0);
    }
  });

  it('names its developer and links, and keeps children out of chat', () => {
    const developer = manifest.developer as Record<string, string>;
    expect(developer.name).toBe('supervision-bot contributors');
    expect(developer.websiteUrl).toBe('https://github.com/supervision-bot/supervision-bot');
    expect(developer.privacyUrl).toBe('https://github.com/supervision-bot/supervision-bot/blob/main/README.md');
    expect(developer.termsOfUseUrl).toBe('https://github.com/supervision-bot/supervision-bot/blob/main/README.md');
    const description = manifest.description as { short: string; full: string };
    expect(description.short.length).toBeLessThanOrEqual(80);
    expect(description.full).toMatch(/case references/);
    expect(description.full).toMatch(/never children's names/);
    expect(manifest.accentColor).toBe(accentColor);
  });
});

describe('Teams icons', () => {
  it('color.png is 192x192 and opaque', () => {
    const png = readPng('color.png');
    expect([png.width, png.height]).toEqual([192, 192]);
    const seeThrough = png.data.filter((value, i) => i % 4 === 3 && value !== 255).length;
    expect(seeThrough).toBe(0);
  });

  it('outline.png is 32x32, every pixel white or fully transparent, with something drawn', () => {
    const png = readPng('outline.png');
    expect([png.width, png.height]).toEqual([32, 32]);
    let drawn = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
      if (a === 0) continue;
      expect([r, g, b], `pixel ${i / 4}`).toEqual([255, 255, 255]);
      drawn++;
    }
    expect(drawn).toBeGreaterThan(100);
    expect(drawn).toBeLessThan(32 * 32 - 100);
  });

  it('are what scripts/icons.ts draws (run `npx tsx scripts/icons.ts` after changing it)', () => {
    expect(PNG.sync.read(colorIcon()).data.equals(readPng('color.png').data)).toBe(true);
    expect(PNG.sync.read(outlineIcon()).data.equals(readPng('outline.png').data)).toBe(true);
  });
});

describe('npm run package:teams', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'supervision-bot-teams-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const appId = '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b';

  it('writes a zip with exactly manifest.json, its Welsh (cy.json), color.png and outline.png at its root, the app id filled in', async () => {
    const outFile = path.join(dir, 'teams.zip');
    const result = await packageTeams({ appId, outFile });
    expect(result.outFile).toBe(outFile);
    const zip = await JSZip.loadAsync(readFileSync(outFile));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'cy.json', 'manifest.json', 'outline.png']);
    const text = await zip.file('manifest.json')!.async('string');
    expect(text).not.toContain(placeholderAppId);
    const packaged = JSON.parse(text) as Record<string, unknown>;
    expect(packaged.id).toBe(appId);
    expect((packaged.bots as Bot[])[0]!.botId).toBe(appId);
    expect(await validateTeamsManifest(packaged)).toEqual([]);
    expect({ ...packaged, id: placeholderAppId, bots: readTeamsManifest().bots }).toEqual(readTeamsManifest());
    expect(Buffer.from(await zip.file('color.png')!.async('uint8array')).equals(readFileSync(path.join(teamsDir, 'color.png')))).toBe(true);
    expect(Buffer.from(await zip.file('outline.png')!.async('uint8array')).equals(readFileSync(path.join(teamsDir, 'outline.png')))).toBe(true);
  });

  it('takes MicrosoftAppId from the environment by default', async () => {
    const outFile = path.join(dir, 'from-env.zip');
    const saved = process.env.MicrosoftAppId;
    process.env.MicrosoftAppId = appId;
    try {
      await packageTeams({ outFile });
    } finally {
      if (saved === undefined) delete process.env.MicrosoftAppId;
      else process.env.MicrosoftAppId = saved;
    }
    const zip = await JSZip.loadAsync(readFileSync(outFile));
    expect((JSON.parse(await zip.file('manifest.json')!.async('string')) as Record<string, unknown>).id).toBe(appId);
  });

  it('refuses a missing, non-GUID or placeholder MicrosoftAppId with a message naming it', async () => {
    const outFile = path.join(dir, 'refused.zip');
    for (const bad of [undefined, '', 'not-a-guid', '1f2e3d4c5b6a47988a7b6c5d4e3f2a1b', placeholderAppId]) {
      await expect(packageTeams({ appId: bad, outFile }), String(bad)).rejects.toThrow(/MicrosoftAppId/);
    }
    expect(() => readFileSync(outFile)).toThrow();
  });
});

describe('Slack manifest', () => {
  const manifest = YAML.parse(readFileSync(path.join(projectRoot, 'manifest', 'slack', 'manifest.yml'), 'utf8')) as {
    display_information: { name: string; description: string };
    features: { bot_user: { display_name: string }; slash_commands: { command: string; url: string; usage_hint: string; should_escape: boolean }[] };
    oauth_config: { scopes: { bot: string[] } };
    settings: Record<string, unknown> & { interactivity: { is_enabled: boolean; request_url: string } };
  };

  it('has the /supervision slash command', () => {
    expect(manifest.display_information.name).toBeTruthy();
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    expect(manifest.features.slash_commands).toEqual([
      {
        command: '/supervision',
        url: 'https://YOUR-HOST/slack/events',
        description: expect.any(String),
        usage_hint: '[help | raise | upcoming | actions | team | pending | book | settings | records CASE-REF | away FROM TO | group [setup | move]]',
        should_escape: false,
      },
    ]);
  });

  it('asks for exactly the six bot scopes', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['chat:write', 'commands', 'files:write', 'im:write', 'users:read', 'users:read.email']);
    expect(Object.keys(manifest.oauth_config.scopes)).toEqual(['bot']);
  });

  it('turns on interactivity, and off org deploy, Socket Mode and token rotation', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.org_deploy_enabled).toBe(false);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.token_rotation_enabled).toBe(false);
  });

  it('sends every request to https://YOUR-HOST/slack/events', () => {
    const urls: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string' && /^[a-z]+:\/\//i.test(value)) urls.push(value);
      else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(manifest);
    expect(urls.length).toBeGreaterThanOrEqual(2);
    for (const url of urls) expect(url).toMatch(/^https:\/\/YOUR-HOST\/slack\/events$/);
  });
});
