// The composition root: one HTTP server. For now it serves /healthz; the Teams and Slack
// channels and the playground mount here as they arrive.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadPolicy } from './config/policyFiles.js';
import { projectRoot } from './config/paths.js';
import type { Settings } from './config/env.js';
import { sql } from 'kysely';
import type { Store } from './store/open.js';

export const version: string = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

export async function startServer(settings: Settings, store: Store): Promise<{ server: Server; url: string }> {
  const pack = loadPolicy(settings.policy);
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/healthz') {
      sql`select 1`.execute(store.db).then(
        () => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ status: 'ok', version, policy: pack.id, database: store.location.kind }));
        },
        () => {
          response.writeHead(503, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ status: 'database unreachable', version, policy: pack.id, database: store.location.kind }));
        },
      );
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('Not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  return { server, url: `http://${settings.host}:${port}` };
}
