// Bot Framework authentication that keeps its connector and user-token clients. botbuilder's own
// builds both afresh for every turn (each a new HTTP pipeline of a dozen policies, about a tenth of
// a millisecond of CPU), though neither holds anything of the turn: a connector client is the
// service URL, the audience and the app's credentials, and the credentials fetch and refresh their
// own tokens. So one of each is kept per app id, service URL and audience, as the older
// BotFrameworkAdapter kept its credentials. Every connector call has a timeout: one that hangs is
// given up (and a proactive message retried by the dispatcher, as a 5xx is).
import { ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';

type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;
type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/** The connector answers within a few seconds; one that has not answered by then will not. */
export const CONNECTOR_TIMEOUT_MS = 15_000;

type PipelineStep = { name: string; sendRequest(request: { timeout: number }, next: (request: { timeout: number }) => Promise<unknown>): Promise<unknown> };

/**
 * Gives every request of a connector client a timeout (botbuilder sets none: 0 waits for ever). Its
 * factory replaces any policies passed in its options, so the step goes on the client's own pipeline.
 */
function withTimeout(client: ConnectorClient, timeoutMs: number): ConnectorClient {
  const pipeline = (client as unknown as { client?: { pipeline?: { addPolicy(policy: PipelineStep): void } } }).client?.pipeline;
  if (!pipeline) throw new Error('botbuilder connector client has no pipeline to give a timeout: check its version');
  pipeline.addPolicy({
    name: 'supervisionBotTimeout',
    sendRequest: (request, next) => {
      request.timeout = timeoutMs;
      return next(request);
    },
  });
  return client;
}

/** Clients kept at most: Teams has a handful of service URLs per region; a flood of new ones only empties the store. */
const MOST_CLIENTS = 100;

/** The app a turn is for, as botbuilder reads it: the token's audience, else its appid claim (the Emulator's); none when unauthenticated. */
function appIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue('aud') ?? identity.getClaimValue('appid') ?? '';
}

class Kept<T> {
  private readonly entries = new Map<string, Promise<T>>();

  get(key: string, make: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      if (this.entries.size >= MOST_CLIENTS) this.entries.clear();
      const made = make();
      // A client that failed to build is not kept: the next turn tries again.
      made.catch(() => this.entries.get(key) === made && this.entries.delete(key));
      this.entries.set(key, made);
      entry = made;
    }
    return entry;
  }
}

export class ReusingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new Kept<ConnectorClient>();
  private readonly userTokens = new Kept<UserTokenClient>();

  private readonly timeoutMs: number;

  constructor(options: ConfigurationBotFrameworkAuthenticationOptions, { timeoutMs = CONNECTOR_TIMEOUT_MS }: { timeoutMs?: number } = {}) {
    super(options);
    this.timeoutMs = timeoutMs;
  }

  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>): Promise<AuthenticateRequestResult> {
    return this.reusing(await super.authenticateRequest(...args));
  }

  override async authenticateStreamingRequest(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateStreamingRequest']>
  ): Promise<AuthenticateRequestResult> {
    return this.reusing(await super.authenticateStreamingRequest(...args));
  }

  override createConnectorFactory(identity: ClaimsIdentity): ConnectorFactory {
    return this.factoryKeeping(identity, super.createConnectorFactory(identity));
  }

  override createUserTokenClient(identity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokens.get(appIdOf(identity), () => super.createUserTokenClient(identity));
  }

  private reusing(result: AuthenticateRequestResult): AuthenticateRequestResult {
    return result.connectorFactory ? { ...result, connectorFactory: this.factoryKeeping(result.claimsIdentity, result.connectorFactory) } : result;
  }

  /** The factory botbuilder made for this identity, asked only for a client not kept yet. */
  private factoryKeeping(identity: ClaimsIdentity, factory: ConnectorFactory): ConnectorFactory {
    const appId = appIdOf(identity);
    return {
      create: (serviceUrl: string, audience?: string) =>
        this.connectors.get(`${appId}\n${serviceUrl}\n${audience ?? ''}`, async () => withTimeout(await factory.create(serviceUrl, audience), this.timeoutMs)),
    } as ConnectorFactory;
  }
}
