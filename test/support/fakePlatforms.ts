// Local stand-ins for the platforms' own servers: a Bot Framework connector that records the bot's
// replies, answers member look-ups and takes file uploads (as a OneDrive upload session does), and a
// Slack Web API (plus response_url and files.uploadV2's upload URL) that records calls.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

async function bytes(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function body(request: IncomingMessage): Promise<string> {
  return (await bytes(request)).toString('utf8');
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

export interface FakeConnector {
  url: string;
  /** Activities the bot sent, in order. */
  sent: { path: string; activity: Record<string, unknown> }[];
  members: Map<string, { email: string }>;
  /** PUTs to upload sessions at `${url}uploads/<id>`, as the bot sends a file the person allowed. */
  uploads: { id: string; contentRange: string | undefined; text: string }[];
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const sent: FakeConnector['sent'] = [];
  const members = new Map<string, { email: string }>();
  const uploads: FakeConnector['uploads'] = [];
  const server = createServer(async (request, response) => {
    const text = await body(request);
    const url = request.url ?? '';
    const upload = /^\/uploads\/([^/?]+)$/.exec(url);
    if (request.method === 'PUT' && upload) {
      uploads.push({ id: upload[1]!, contentRange: request.headers['content-range'], text });
      response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: upload[1], name: 'uploaded' }));
      return;
    }
    const member = /\/v3\/conversations\/[^/]+\/members\/([^/?]+)/.exec(url);
    if (request.method === 'GET' && member) {
      const id = decodeURIComponent(member[1]!);
      const found = members.get(id);
      response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          found ? { id, name: 'Someone', email: found.email, userPrincipalName: found.email } : { error: { code: 'MemberNotFoundInConversation' } },
        ),
      );
      return;
    }
    if (request.method === 'POST' && /\/v3\/conversations\/[^/]+\/activities/.test(url)) {
      sent.push({ path: url, activity: JSON.parse(text) as Record<string, unknown> });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: `reply-${sent.length}` }));
      return;
    }
    response.writeHead(404).end();
  });
  const url = await listen(server);
  return { url: `${url}/`, sent, members, uploads, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface FakeSlack {
  /** Base URL for SLACK_API_URL. */
  apiUrl: string;
  /** Where response_url posts land. */
  responseUrl: string;
  calls: { method: string; args: Record<string, unknown> }[];
  responses: Record<string, unknown>[];
  /** Files posted to the upload URLs files.getUploadURLExternal gave, by file id. */
  uploads: { fileId: string; name: string; text: string }[];
  emails: Map<string, string>;
  close(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: FakeSlack['calls'] = [];
  const responses: FakeSlack['responses'] = [];
  const emails = new Map<string, string>();
  const uploads: FakeSlack['uploads'] = [];
  let base = '';
  let files = 0;
  const server = createServer(async (request, response) => {
    const raw = await bytes(request);
    const text = raw.toString('utf8');
    const url = request.url ?? '';
    const upload = /^\/upload\/([^/?]+)$/.exec(url);
    if (upload) {
      // files.uploadV2 posts the bytes as multipart form data.
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData();
      const file = [...form.values()].find((value): value is File => typeof value !== 'string');
      uploads.push({ fileId: upload[1]!, name: file?.name ?? '', text: file ? await file.text() : '' });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
      return;
    }
    if (url.startsWith('/response/')) {
      responses.push(JSON.parse(text) as Record<string, unknown>);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    const method = url.replace(/^\/api\//, '').split('?')[0]!;
    const args: Record<string, unknown> = (request.headers['content-type'] ?? '').includes('json')
      ? (JSON.parse(text || '{}') as Record<string, unknown>)
      : Object.fromEntries(new URLSearchParams(text));
    for (const key of ['view', 'blocks']) if (typeof args[key] === 'string') args[key] = JSON.parse(args[key] as string);
    calls.push({ method, args });
    let answer: Record<string, unknown> = { ok: true };
    if (method === 'auth.test') answer = { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0TEST', url: `${base}/` };
    if (method === 'users.info') {
      const email = emails.get(String(args.user));
      answer = email ? { ok: true, user: { id: args.user, profile: { email } } } : { ok: false, error: 'user_not_found' };
    }
    if (method === 'views.open' || method === 'views.update') answer = { ok: true, view: { id: 'V0TEST' } };
    if (method === 'chat.postMessage') answer = { ok: true, channel: args.channel, ts: '1700000000.000100' };
    if (method === 'conversations.open') answer = { ok: true, channel: { id: `D${String(args.users).slice(1)}` } };
    if (method === 'files.getUploadURLExternal') {
      files += 1;
      answer = { ok: true, upload_url: `${base}/upload/F${files}`, file_id: `F${files}` };
    }
    if (method === 'files.completeUploadExternal') {
      const completed = JSON.parse(String(args.files)) as { id: string; title?: string }[];
      answer = { ok: true, files: completed.map((file) => ({ id: file.id, title: file.title })) };
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  base = await listen(server);
  return {
    apiUrl: `${base}/api/`,
    responseUrl: `${base}/response/`,
    calls,
    responses,
    uploads,
    emails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Headers Slack sends with a request body: v0 HMAC-SHA256 over "v0:timestamp:body". */
export function slackSignature(secret: string, rawBody: string, timestamp = Math.floor(Date.now() / 1000)) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature, 'content-type': 'application/x-www-form-urlencoded' };
}
