// The Bot Framework adapter. Every botbuilder import lives in src/channels/teams/, so moving to the
// Microsoft 365 Agents SDK is this folder's work alone. A request to /api/messages is answered here in
// steps, each refusing before the next costs anything: is it an activity (400), is it authenticated (401),
// does it name a service URL the bot may call (403); only then does the bot run. Refusals log ids, never bodies.
import { CloudAdapter, type Activity, type ConfigurationBotFrameworkAuthenticationOptions, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../../ports/logger.js';
import { ReusingBotFrameworkAuthentication } from './reusingAuthentication.js';
import { serviceUrlAllowed, type ServiceUrlPolicy } from './serviceUrl.js';

export interface TeamsSettings {
  appId?: string;
  appPassword?: string;
  appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId?: string;
  /** Service hosts beyond Microsoft's public cloud (sovereign clouds), as TEAMS_SERVICE_HOSTS gives them. */
  serviceHosts?: string[];
}

type ConnectorFactory = ReturnType<ReusingBotFrameworkAuthentication['createConnectorFactory']>;
type AuthenticateRequestResult = Awaited<ReturnType<ReusingBotFrameworkAuthentication['authenticateRequest']>>;

/** Builds connector clients only for allowed service URLs: a reply, a member look-up or a proactive message goes nowhere else. */
class ServiceUrlCheckingAuthentication extends ReusingBotFrameworkAuthentication {
  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly allowed: (serviceUrl: string) => boolean,
  ) {
    super(options);
  }

  override async authenticateRequest(...args: Parameters<ReusingBotFrameworkAuthentication['authenticateRequest']>): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(...args);
    return result.connectorFactory ? { ...result, connectorFactory: this.checking(result.connectorFactory) } : result;
  }

  override createConnectorFactory(...args: Parameters<ReusingBotFrameworkAuthentication['createConnectorFactory']>): ConnectorFactory {
    return this.checking(super.createConnectorFactory(...args));
  }

  private checking(factory: ConnectorFactory): ConnectorFactory {
    return {
      create: (serviceUrl: string, audience?: string) =>
        this.allowed(serviceUrl) ? factory.create(serviceUrl, audience) : Promise.reject(new Error('the service URL is not a Bot Framework service host')),
    } as ConnectorFactory;
  }
}

/** What the door needs of a body before anything else: an activity. Its values are never logged. */
const activityEnvelope = z.looseObject(
  {
    type: z.string({ error: 'must be the activity type, e.g. message' }).min(1, { error: 'must be the activity type, e.g. message' }),
    id: z.string().max(200, { error: 'must be an activity id of at most 200 characters' }).optional(),
    // Checked once the request is authenticated, so that a stranger learns nothing before the 401.
    serviceUrl: z.unknown().optional(),
  },
  { error: 'the body is not an activity' },
);

export interface TeamsAnswer {
  status: number;
  body?: unknown;
}

export class TeamsAdapter extends CloudAdapter {
  constructor(
    authentication: ServiceUrlCheckingAuthentication,
    private readonly serviceUrls: ServiceUrlPolicy,
    private readonly logger: Logger,
  ) {
    super(authentication);
  }

  /** A POST to /api/messages, with its parsed JSON body and Authorization header. */
  async answer(body: unknown, authorization: string | undefined, logic: (context: TurnContext) => Promise<void>): Promise<TeamsAnswer> {
    const parsed = activityEnvelope.safeParse(body);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
      this.logger.warn({ problems }, 'Teams request refused: not an activity');
      return { status: 400, body: { error: problems } };
    }
    const activityId = parsed.data.id;
    const activity = withDates(parsed.data as unknown as Activity);
    let authenticated: AuthenticateRequestResult;
    try {
      authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, authorization ?? '');
    } catch (error) {
      // One line, no stack: a bad token is the caller's mistake (or an attack), not the bot's failure.
      this.logger.warn({ activityId, reason: (error as Error).name }, 'Teams request refused: not authenticated');
      return { status: 401, body: { error: 'unauthorized' } };
    }
    if (!serviceUrlAllowed(parsed.data.serviceUrl, this.serviceUrls)) {
      this.logger.warn({ activityId }, 'Teams activity refused: service URL not allowed');
      return { status: 403, body: { error: 'serviceUrl: not a Bot Framework service host' } };
    }
    try {
      const invoke = await this.processActivity(authenticated, activity, logic);
      return { status: invoke?.status ?? 200, ...(invoke?.body === undefined ? {} : { body: invoke.body }) };
    } catch (error) {
      this.logger.error({ activityId, error: (error as Error).message }, 'Teams request failed');
      return { status: 500, body: { error: 'the bot could not answer; please try again' } };
    }
  }
}

/** As botbuilder's own request handling does: the activity's times as dates. */
function withDates(activity: Activity): Activity {
  const raw = activity as unknown as Record<string, unknown>;
  for (const [field, rawField] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    if (typeof raw[field] === 'string') {
      raw[rawField] = raw[field];
      raw[field] = new Date(raw[field] as string);
    }
  }
  return activity;
}

/**
 * Without an app id the adapter accepts unauthenticated traffic, as the Bot Framework Emulator needs: only the
 * playground's door and the tests' use it, and only they may name a loopback service URL.
 */
export function createTeamsAdapter(settings: TeamsSettings, logger: Logger, options: { loopback?: boolean } = {}): TeamsAdapter {
  const authenticationOptions: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: settings.appId ?? '',
    MicrosoftAppPassword: settings.appPassword ?? '',
    MicrosoftAppType: settings.appType ?? (settings.appId ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: settings.tenantId ?? '',
  };
  const serviceUrls: ServiceUrlPolicy = { hosts: settings.serviceHosts ?? [], loopback: options.loopback ?? false };
  const adapter = new TeamsAdapter(
    new ServiceUrlCheckingAuthentication(authenticationOptions, (serviceUrl) => serviceUrlAllowed(serviceUrl, serviceUrls)),
    serviceUrls,
    logger,
  );
  adapter.onTurnError = async (context, error) => {
    logger.error({ activityId: context.activity.id, activityType: context.activity.type, error: error.message }, 'Teams turn failed');
    if (context.activity.type === 'message') await context.sendActivity('Sorry, something went wrong. Please try again in a minute.');
  };
  return adapter;
}
