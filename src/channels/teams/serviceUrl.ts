// Where the bot may send a Teams reply or look a member up: only a Bot Framework / Teams service host, never
// whatever serviceUrl an activity names. Followed blindly, that URL lets anyone aim the bot at any server
// (SSRF) and play the connector, answering the member look-up with someone else's email.
import { z } from 'zod';

/** Microsoft's public cloud: Teams' regional service URLs and the Bot Framework's own channels. */
export const BOT_FRAMEWORK_HOSTS: readonly string[] = ['smba.trafficmanager.net', '*.botframework.com', '*.teams.microsoft.com'];

/** "smba.infra.gov.teams.microsoft.us" or "*.botframework.us": a host name, or all hosts under one. */
export const serviceHostPattern = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, {
    error: 'must be a host name such as smba.infra.gov.teams.microsoft.us, or *.example.us for all hosts under one',
  });

export interface ServiceUrlPolicy {
  /** Host names (or *.domain) on top of Microsoft's public cloud, for sovereign clouds. */
  hosts: readonly string[];
  /** This machine over plain HTTP: the playground's connector, and the tests'. Never for a real Teams door. */
  loopback: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function hostMatches(host: string, pattern: string): boolean {
  return pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern;
}

export function serviceUrlAllowed(value: unknown, policy: ServiceUrlPolicy): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const url = new URL(value);
  if (url.username || url.password) return false;
  if (policy.loopback && LOOPBACK.has(url.hostname) && (url.protocol === 'http:' || url.protocol === 'https:')) return true;
  if (url.protocol !== 'https:' || url.port !== '') return false;
  return [...BOT_FRAMEWORK_HOSTS, ...policy.hosts].some((pattern) => hostMatches(url.hostname, pattern));
}
