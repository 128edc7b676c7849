// Configuration from the environment, parsed once at start-up; every missing or bad value is named in
// one error. A platform whose credentials are absent is not mounted.
import { z } from 'zod';
import { policyIds } from './policyFiles.js';
import { serviceHostPattern } from '../channels/teams/serviceUrl.js';
import { storeLocationFromEnv, type StoreLocation } from '../store/open.js';

export interface Settings {
  port: number;
  /** 127.0.0.1 unless Teams authentication is on (MicrosoftAppId set). */
  host: string;
  policy: string;
  store: StoreLocation;
  teams: {
    appId?: string;
    appPassword?: string;
    appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    tenantId?: string;
    /** Service hosts the bot may answer beyond Microsoft's public cloud (sovereign clouds). */
    serviceHosts?: string[];
  };
  slack?: { botToken: string; signingSecret: string; appToken?: string; apiUrl?: string };
  /** The browser playground: on by default when no chat credentials are set, never beyond 127.0.0.1. */
  playground: { enabled: boolean; timeTravel: boolean; port: number };
}

export class SettingsError extends Error {}

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = z.preprocess(blankToUndefined, z.string().optional());

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const ids = policyIds();
  const schema = z
    .object({
      PORT: z.coerce
        .number({ error: 'must be a port number, 1 to 65535' })
        .int({ error: 'must be a whole port number, 1 to 65535' })
        .min(1, { error: 'must be a port number, 1 to 65535' })
        .max(65535, { error: 'must be a port number, 1 to 65535' })
        .default(3978),
      POLICY: z
        .string()
        .default('cafcass')
        .refine((value) => ids.includes(value), { error: (issue) => `'${String(issue.input)}' is not a policy pack; allowed: ${ids.join(', ')}` }),
      DATABASE_URL: z.preprocess(
        blankToUndefined,
        z
          .string()
          .regex(/^postgres(ql)?:\/\//, { error: 'must be a PostgreSQL URL, postgres://user@host:5432/database' })
          .optional(),
      ),
      DATA_DIR: optionalText,
      SLACK_BOT_TOKEN: z.preprocess(
        blankToUndefined,
        z
          .string()
          .regex(/^xoxb-/, { error: "must be a Slack bot token, starting 'xoxb-'" })
          .optional(),
      ),
      SLACK_SIGNING_SECRET: optionalText,
      SLACK_APP_TOKEN: z.preprocess(
        blankToUndefined,
        z
          .string()
          .regex(/^xapp-/, { error: "must be a Slack app-level token, starting 'xapp-'" })
          .optional(),
      ),
      SLACK_API_URL: z.preprocess(blankToUndefined, z.url({ error: 'must be a URL, e.g. https://slack.com/api/' }).optional()),
      MicrosoftAppId: z.preprocess(blankToUndefined, z.uuid({ error: 'must be the Azure bot registration id, a GUID' }).optional()),
      MicrosoftAppPassword: optionalText,
      MicrosoftAppType: z.preprocess(
        blankToUndefined,
        z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], { error: 'must be MultiTenant, SingleTenant or UserAssignedMSI' }).optional(),
      ),
      MicrosoftAppTenantId: z.preprocess(blankToUndefined, z.uuid({ error: 'must be the Entra tenant id, a GUID' }).optional()),
      // "smba.infra.gov.teams.microsoft.us,*.botframework.us": a sovereign cloud's hosts, added to Microsoft's public ones.
      TEAMS_SERVICE_HOSTS: z.preprocess(
        (value) => (typeof value === 'string' && value.trim() !== '' ? value.split(',') : undefined),
        z.array(serviceHostPattern).optional(),
      ),
      PLAYGROUND: z.preprocess(blankToUndefined, z.enum(['on', 'off'], { error: 'must be on or off' }).optional()),
      PLAYGROUND_PORT: z.coerce
        .number({ error: 'must be a port number, 1 to 65535' })
        .int()
        .min(1, { error: 'must be a port number, 1 to 65535' })
        .max(65535, { error: 'must be a port number, 1 to 65535' })
        .default(3979),
    })
    .superRefine((value, context) => {
      const slackGiven = value.SLACK_BOT_TOKEN || value.SLACK_SIGNING_SECRET || value.SLACK_APP_TOKEN;
      if (slackGiven && !value.SLACK_BOT_TOKEN)
        context.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is missing: Slack needs its bot token (xoxb-...)' });
      if (slackGiven && !value.SLACK_SIGNING_SECRET && !value.SLACK_APP_TOKEN) {
        context.addIssue({
          code: 'custom',
          path: ['SLACK_SIGNING_SECRET'],
          message: 'is missing: Slack over HTTP needs its signing secret (or set SLACK_APP_TOKEN for Socket Mode)',
        });
      }
      if (value.MicrosoftAppId && !value.MicrosoftAppPassword && value.MicrosoftAppType !== 'UserAssignedMSI') {
        context.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is missing: Teams needs the client secret of the bot registration' });
      }
      if (value.MicrosoftAppType === 'SingleTenant' && !value.MicrosoftAppTenantId) {
        context.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'is missing: a SingleTenant bot needs its tenant id' });
      }
      if (!value.MicrosoftAppId && (value.MicrosoftAppPassword || value.MicrosoftAppTenantId)) {
        context.addIssue({ code: 'custom', path: ['MicrosoftAppId'], message: 'is missing: the other Microsoft settings are given without it' });
      }
    });
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new SettingsError(result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; '));
  }
  const value = result.data;
  // Time travel moves the bot's own clock, so it exists only when no real platform is connected.
  const noChatCredentials = !value.MicrosoftAppId && !value.SLACK_BOT_TOKEN;
  const playgroundEnabled = value.PLAYGROUND === 'on' || (value.PLAYGROUND === undefined && noChatCredentials);
  const apiUrl = value.SLACK_API_URL ? (value.SLACK_API_URL.endsWith('/') ? value.SLACK_API_URL : `${value.SLACK_API_URL}/`) : undefined;
  return {
    port: value.PORT,
    host: value.MicrosoftAppId ? '0.0.0.0' : '127.0.0.1',
    policy: value.POLICY,
    store: storeLocationFromEnv(value),
    playground: { enabled: playgroundEnabled, timeTravel: playgroundEnabled && noChatCredentials, port: value.PLAYGROUND_PORT },
    teams: {
      ...(value.MicrosoftAppId ? { appId: value.MicrosoftAppId } : {}),
      ...(value.MicrosoftAppPassword ? { appPassword: value.MicrosoftAppPassword } : {}),
      ...(value.MicrosoftAppType ? { appType: value.MicrosoftAppType } : {}),
      ...(value.MicrosoftAppTenantId ? { tenantId: value.MicrosoftAppTenantId } : {}),
      ...(value.TEAMS_SERVICE_HOSTS ? { serviceHosts: value.TEAMS_SERVICE_HOSTS } : {}),
    },
    ...(value.SLACK_BOT_TOKEN
      ? {
          slack: {
            botToken: value.SLACK_BOT_TOKEN,
            signingSecret: value.SLACK_SIGNING_SECRET ?? '',
            ...(value.SLACK_APP_TOKEN ? { appToken: value.SLACK_APP_TOKEN } : {}),
            ...(apiUrl ? { apiUrl } : {}),
          },
        }
      : {}),
  };
}
