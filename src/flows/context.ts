// What every flow is given: the store, the policy in force, its calendar and the clock, and what the
// directory says kept in memory between requests. A flow never knows which chat platform asked.
import type { Kysely, Selectable } from 'kysely';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import type { PolicyPack } from '../domain/policy/schema.js';
import type { Clock } from '../ports/clock.js';
import type { DirectoryCache } from '../store/directoryCache.js';
import type { Database, PersonTable } from '../store/schema.js';
import type { View } from '../cards/catalog.js';

export interface FlowContext {
  db: Kysely<Database>;
  pack: PolicyPack;
  calendar: WorkingCalendar;
  clock: Clock;
  /** The store's directory cache: who a chat user is and who answers for whom, without a query while nothing changed. */
  directory?: DirectoryCache;
}

/** The person acting, already matched to the directory by their channel. */
export type Actor = Selectable<PersonTable>;

export interface FlowResult {
  view: View;
  /** Field errors of a submitted form, by input id: Slack shows them on the modal's fields. */
  fieldErrors?: Record<string, string>;
  /**
   * A file to offer the person, by what it is made from (a signed record, a booked session); never its
   * content. The channel sends it its own way (Teams asks consent first), fetching the content with
   * takeFile at the moment it sends, and leaves the card that was pressed as it was. `view` is what to
   * show where files cannot go.
   */
  file?: FileOffer;
}

/** What a file is made from: the only thing a consent card carries. */
export type FileSource = { recordId: string } | { sessionId: string } | { reportMonth: string; format: 'csv' | 'html' };

export type FileOffer = FileSource & {
  /** e.g. supervision-CF-204518-2026-11-23-v1-3f9a2c.txt: a case reference, never a child's name. */
  name: string;
  bytes: number;
  /** One line on what the file is, for the consent card and the upload's comment. */
  description: string;
};

/**
 * Where a command or a button came from. A team channel is public to the team, so only group
 * supervision answers there; the channel adapter says which channel, from the platform's own event.
 */
export type Place = { kind: 'personal' } | { kind: 'channel'; platform: 'teams' | 'slack'; conversationId: string; reference?: Record<string, unknown> };

export const PERSONAL: Place = { kind: 'personal' };

export const SUPERVISING_ROLES: readonly Actor['role'][] = ['supervisor', 'manager', 'senior-manager', 'admin'];

export function message(title: string, text: string, links: { title: string; url: string }[] = []): FlowResult {
  return { view: { card: 'message', data: { title, text, links } } };
}
