// The load generator for bench/chat.ts, in its own process: COUNT requests, CONCURRENCY at a time, to
// one loopback port; prints {p50, p99, errors} as JSON. Bounded in count; stops by itself.
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { SIGNING_SECRET, TEAMS } from '../test/support/botServer.js';
import { slackSignature } from '../test/support/fakePlatforms.js';

export type LoadRequest = { kind: 'slack'; responseUrl: string } | { kind: 'teams'; serviceUrl: string; verb: string; raise?: boolean };

function build(request: LoadRequest, index: number): { headers: Record<string, string>; body: string } {
  if (request.kind === 'slack') {
    const body = new URLSearchParams({
      command: '/supervision',
      text: '',
      user_id: 'U0WORKER1',
      team_id: 'T0TEST',
      channel_id: 'C0GENERAL',
      response_url: request.responseUrl,
      // Slack gives each command its own trigger id, so no two requests are signed alike (the bot refuses a replay).
      trigger_id: `trigger-${index}`,
    }).toString();
    return { headers: slackSignature(SIGNING_SECRET, body), body };
  }
  return {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'invoke',
      name: 'adaptiveCard/action',
      // Raising a trigger: a new request id each time, so each one is a real new request.
      value: { action: { type: 'Action.Execute', verb: request.verb, data: request.raise ? raiseData(index) : {} }, trigger: 'manual' },
      id: `bench-${index}`,
      channelId: 'msteams',
      serviceUrl: request.serviceUrl,
      from: { id: TEAMS.practitioner.id, aadObjectId: TEAMS.practitioner.aadObjectId },
      conversation: { id: `a:personal-${TEAMS.practitioner.id}`, conversationType: 'personal', tenantId: 'tenant-1' },
      recipient: { id: '28:bot' },
    }),
  };
}

function raiseData(index: number) {
  return {
    triggerId: 'harm-or-risk',
    requestId: randomUUID(),
    caseReference: `CF-${String(100000 + index)}`,
    urgency: 'urgent',
    experience: 'A new allegation was made at the visit.',
    goal: 'Agree whether to refer today.',
    availability: '',
  };
}

async function run(config: { port: number; path: string; request: LoadRequest; concurrency: number }, count: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: config.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const { headers, body } = build(config.request, index);
      const started = performance.now();
      const status = await new Promise<number>((resolve) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: config.port,
            path: config.path,
            method: 'POST',
            agent,
            headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', () => resolve(0));
        req.end(body);
      });
      latencies.push(performance.now() - started);
      if (status !== 200) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, worker));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { p50: latencies[Math.floor(latencies.length * 0.5)]!, p99: latencies[Math.floor(latencies.length * 0.99)]!, errors };
}

const config = JSON.parse(process.argv[2]!) as { port: number; path: string; request: LoadRequest; count: number; concurrency: number };
await run(config, 200); // warm-up, not measured
const cpu = process.cpuUsage();
const measured = await run(config, config.count);
const used = process.cpuUsage(cpu);
// The load generator's own CPU per request: on a 2-core machine it shares the cores with the server.
process.stdout.write(JSON.stringify({ ...measured, clientCpuMs: (used.user + used.system) / 1000 / config.count }));
