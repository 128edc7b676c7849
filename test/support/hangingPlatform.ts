// A real HTTP server on 127.0.0.1 standing in for the Slack Web API and a Bot Framework connector, that
// holds chosen requests open (a platform that hangs), so timeouts are tested on a real socket.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface HangingPlatform {
  /** Base URL: SlackMessenger's API URL is `${url}/api/`; a Teams conversation reference's serviceUrl is `${url}/`. */
  url: string;
  /** Every message the bot tried to post, by conversation (Slack channel or Teams conversation id), answered or not. */
  received: string[];
  /** The messages the platform accepted (answered 200). */
  answered: string[];
  /** Requests to these conversations are held open until release() (or the client gives up). */
  hang: Set<string>;
  /** Resolves once a message to this conversation has been answered. */
  answeredTo(conversation: string): Promise<void>;
  /** Answers the held requests still open, and stops holding new ones. */
  release(): void;
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The conversation a request posts to: Slack's `channel` argument, or the connector path's conversation id. */
function conversationOf(url: string, contentType: string, text: string): string | undefined {
  const teams = /\/v3\/conversations\/([^/]+)\/activities/.exec(url);
  if (teams) return decodeURIComponent(teams[1]!);
  if (!url.startsWith('/api/chat.postMessage')) return undefined;
  const args = contentType.includes('json') ? (JSON.parse(text || '{}') as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(text));
  return String(args.channel);
}

export async function startHangingPlatform(): Promise<HangingPlatform> {
  const received: string[] = [];
  const answered: string[] = [];
  const hang = new Set<string>();
  const held: { conversation: string; response: ServerResponse; gaveUp: () => boolean }[] = [];
  const waiters: { conversation: string; resolve: () => void }[] = [];
  const answer = (conversation: string, response: ServerResponse, gaveUp = () => false) => {
    if (gaveUp()) return; // the client gave up (timed out): the platform never answered it
    answered.push(conversation);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, id: `activity-${answered.length}`, ts: '1.1' }));
    for (const waiter of waiters.filter((entry) => entry.conversation === conversation)) waiter.resolve();
  };
  const server = createServer(async (request, response) => {
    const text = await body(request);
    const conversation = conversationOf(request.url ?? '', request.headers['content-type'] ?? '', text);
    if (!conversation) {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    received.push(conversation);
    if (hang.has(conversation)) {
      let closed = false;
      response.once('close', () => (closed = true));
      held.push({ conversation, response, gaveUp: () => closed || response.destroyed });
    } else answer(conversation, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answered,
    hang,
    answeredTo: (conversation) => (answered.includes(conversation) ? Promise.resolve() : new Promise((resolve) => waiters.push({ conversation, resolve }))),
    release() {
      hang.clear();
      for (const { conversation, response, gaveUp } of held.splice(0)) answer(conversation, response, gaveUp);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
