// Additional professional supervision (Cafcass appendix 2 quality 8: "by a registered social worker for
// practitioners whose line manager is not a social worker"). The directory says who is a registered social
// worker and who gives a practitioner this supervision. Where the line manager is recorded as not registered,
// upcoming and team show who gives it, or that nobody is named; once a working day the watch tells the named
// registered social worker they give it, or, when nobody is named, the line manager's own manager.
import { sql, type Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { DueItem, DueProvider } from '../delivery/sweeper.js';
import { citeSource } from '../domain/policy/cite.js';
import { compiledOnce } from '../store/compiledOnce.js';
import type { Database } from '../store/schema.js';
import type { FlowContext } from './context.js';
import { today } from './format.js';
import { notifyPerson } from './notify.js';
import { relationshipOf } from './responders.js';
import { t, type Speech } from '../i18n/catalogue.js';
import { speechOfPerson } from './speech.js';

export interface ProfessionalSupervisionNeed {
  personId: string;
  personName: string;
  supervisorId: string;
  /** The registered social worker the directory names, if any. */
  by?: { id: string; name: string };
}

/** Of `personIds` (all, without it), those whose current supervisor the directory records as not a registered social worker. */
export async function professionalSupervisionNeeds(
  context: Pick<FlowContext, 'pack'> & { db: Kysely<Database> },
  personIds?: string[],
): Promise<Map<string, ProfessionalSupervisionNeed>> {
  if (!context.pack.professionalSupervision || personIds?.length === 0) return new Map();
  // Everyone's (the watch, once a day) built as it comes; some people's (every click of "upcoming" and "team") compiled once.
  const rows = personIds ? (await needsOf(context.db, { personIds })).rows : await needsQuery(context.db).execute();
  return new Map(
    rows.map((row) => [
      row.person_id,
      {
        personId: row.person_id,
        personName: row.person_name,
        supervisorId: row.supervisor_id,
        ...(row.professional_id && row.professional_name ? { by: { id: row.professional_id, name: row.professional_name } } : {}),
      },
    ]),
  );
}

/** Current supervisees whose supervisor is recorded as not a registered social worker, with who gives them professional supervision. */
function needsQuery(db: Kysely<Database>) {
  return db
    .selectFrom('supervision_relationship')
    .innerJoin('person as supervisee', 'supervisee.id', 'supervision_relationship.supervisee_id')
    .innerJoin('person as supervisor', 'supervisor.id', 'supervision_relationship.supervisor_id')
    .leftJoin('person as professional', 'professional.id', 'supervisee.professional_supervisor_id')
    .select([
      'supervisee.id as person_id',
      'supervisee.display_name as person_name',
      'supervisor.id as supervisor_id',
      'professional.id as professional_id',
      'professional.display_name as professional_name',
    ])
    .where('supervision_relationship.ended_on', 'is', null)
    .where('supervisor.registered_social_worker', '=', false);
}

const needsOf = compiledOnce('professional supervision needs of some people', (db, values: { personIds: string[] }) =>
  needsQuery(db).where('supervisee.id', '=', sql<string>`any(${values.personIds}::text[])`),
);

/** The line upcoming (to the practitioner) and team (to the supervisor) show. */
export function professionalSupervisionText(
  context: FlowContext,
  need: ProfessionalSupervisionNeed,
  to: 'practitioner' | 'supervisor',
  speech: Speech = 'en-GB',
): string {
  const rule = citeSource(context.pack, context.pack.professionalSupervision!.source);
  if (need.by) return t(speech, 'professional.with', { name: need.by.name, rule });
  return t(speech, to === 'practitioner' ? 'professional.noneYours' : 'professional.noneTheirs', { rule });
}

/** The policy's words and where they are. */
const ruleFacts = (context: FlowContext, speech: Speech) => [
  { title: t(speech, 'professional.policy'), value: context.pack.professionalSupervision!.text },
  { title: t(speech, 'notice.rule'), value: citeSource(context.pack, context.pack.professionalSupervision!.source) },
];

/** Once a working day: the named registered social worker is told they give it; when none is named, the line manager's manager. */
export function professionalSupervisionProvider(context: FlowContext): DueProvider {
  let lastLookDay = Number.NEGATIVE_INFINITY;
  return {
    name: 'additional professional supervision',
    async due(db: Kysely<Database>, now: Date) {
      if (!context.pack.professionalSupervision) return [];
      const day = today(now, context.calendar);
      if (day === lastLookDay || !context.calendar.isWithinWorkingHours(DateTime.fromJSDate(now))) return [];
      lastLookDay = day;
      const needs = await professionalSupervisionNeeds({ pack: context.pack, db });
      return [...needs.values()].map((need) => (need.by ? arrangedItem(context, need) : noneItem(context, need)));
    },
  };
}

function arrangedItem(context: FlowContext, need: ProfessionalSupervisionNeed): DueItem {
  const by = need.by!;
  const key = `professional-supervision:${need.personId}:by:${by.id}`;
  return {
    key,
    apply: async (trx, now) => {
      const theirs = await speechOfPerson(trx, context.pack, by.id);
      const name = need.personName;
      await notifyPerson(trx, {
        personId: by.id,
        key,
        now,
        text: t(theirs, 'professional.youGiveNotice', { name }),
        view: {
          card: 'notice',
          ...(theirs === 'en-GB' ? {} : { speech: theirs }),
          data: {
            title: t(theirs, 'professional.youGiveTitle', { name }),
            text: t(theirs, 'professional.youGiveText', { name }, { paragraphs: true }),
            facts: ruleFacts(context, theirs),
          },
        },
      });
    },
  };
}

function noneItem(context: FlowContext, need: ProfessionalSupervisionNeed): DueItem {
  const key = `professional-supervision:${need.personId}:none:${need.supervisorId}`;
  return {
    key,
    apply: async (trx, now) => {
      const manager = await relationshipOf(trx, need.supervisorId);
      if (!manager) return;
      const theirs = await speechOfPerson(trx, context.pack, manager.supervisor_id);
      const name = need.personName;
      await notifyPerson(trx, {
        personId: manager.supervisor_id,
        key,
        now,
        text: t(theirs, 'professional.noneNotice', { name }),
        view: {
          card: 'notice',
          ...(theirs === 'en-GB' ? {} : { speech: theirs }),
          data: {
            title: t(theirs, 'professional.noneNotice', { name }),
            text: t(theirs, 'professional.noneText', { name }, { paragraphs: true }),
            facts: ruleFacts(context, theirs),
          },
        },
      });
    },
  };
}
