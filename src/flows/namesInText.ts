// Before free text goes to someone's chat: what in it looks like a person's name. A colleague's name may
// be written freely, so the staff a practitioner works with are looked up only when something is found.
import { findNames } from '../domain/text/names.js';
import { HONORIFICS } from '../domain/text/notNames.js';
import type { Actor, FlowContext } from './context.js';
import { inEach, t, type Speech } from '../i18n/catalogue.js';

export interface NamesFound {
  /** Field id to the names found in it, as typed. */
  byField: Record<string, string[]>;
}

/** `alsoStaff`: colleagues the text may name beyond the actor's own (the practitioner a supervisor writes about). */
export async function namesIn(
  context: FlowContext,
  actor: Actor,
  fields: Record<string, string>,
  alsoStaff: readonly string[] = [],
): Promise<NamesFound | undefined> {
  const first = Object.entries(fields).filter(([, text]) => findNames(text, { staffNames: alsoStaff }).length > 0);
  if (first.length === 0) return undefined;
  const staffNames = [...alsoStaff, ...(await colleaguesOf(context, actor))];
  const byField: Record<string, string[]> = {};
  for (const [field, text] of first) {
    const names = [...new Set(findNames(text, { staffNames }).map((hit) => hit.text))];
    if (names.length > 0) byField[field] = names;
  }
  return Object.keys(byField).length > 0 ? { byField } : undefined;
}

/** "J.S." for "Jayden Smith": how the practitioner may write it instead. */
export function initialsOf(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter((word) => word !== '' && !HONORIFICS.has(word.replace(/\.$/, '').toLowerCase()))
    .map((word) => `${word[0]!.toUpperCase()}.`)
    .join('');
}

/** The warning above "Send anyway", on any form that has it, in the writer's speech (English unless given). */
export function namesWarning(names: readonly string[], speech: Speech = 'en-GB'): string {
  return inEach(speech, (locale) => t(locale, 'names.warning', { found: namesMessage(names, locale) }), { paragraphs: true });
}

/** The message by a field: which words, and what to write instead. */
export function namesMessage(names: readonly string[], speech: Speech = 'en-GB'): string {
  const quoted = names.map((name) => `“${name}”`).join(', ');
  const instead = names.map(initialsOf).join(', ');
  return inEach(speech, (locale) => t(locale, 'names.looksLike', { names: quoted, count: names.length, initials: instead }), { paragraphs: true });
}

/** The practitioner's team, their supervisors and those supervisors' own: the names they are likely to write. */
async function colleaguesOf(context: FlowContext, actor: Actor): Promise<string[]> {
  const lines = await context.db
    .selectFrom('supervision_relationship')
    .select(['supervisor_id', 'cover_supervisor_id'])
    .where('supervisee_id', '=', actor.id)
    .where('ended_on', 'is', null)
    .execute();
  const supervisors = lines.flatMap((line) => [line.supervisor_id, ...(line.cover_supervisor_id ? [line.cover_supervisor_id] : [])]);
  const above = supervisors.length
    ? (
        await context.db
          .selectFrom('supervision_relationship')
          .select('supervisor_id')
          .where('supervisee_id', 'in', supervisors)
          .where('ended_on', 'is', null)
          .execute()
      ).map((line) => line.supervisor_id)
    : [];
  const ids = [actor.id, ...supervisors, ...above];
  const people = await context.db
    .selectFrom('person')
    .select('display_name')
    .where((where) => where.or([where('id', 'in', ids), ...(actor.team_id ? [where('team_id', '=', actor.team_id)] : [])]))
    .limit(500)
    .execute();
  return people.map((person) => person.display_name);
}
