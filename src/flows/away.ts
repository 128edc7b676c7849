// "/supervision away FROM TO": a supervisor (or anyone) records an absence, so requests for supervision
// go to their cover, or up the chain, while they are away.
import { randomUUID } from 'node:crypto';
import { writeAudit } from '../store/audit.js';
import { z } from 'zod';
import { parseIsoDate } from '../domain/time/localDate.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message } from './context.js';
import { dayText } from './format.js';
import { citeSource } from '../domain/policy/cite.js';
import { notifyPerson } from './notify.js';
import { relationshipOf } from './responders.js';
import { inEach, t } from '../i18n/catalogue.js';
import { speechOf, speechOfPerson } from './speech.js';

const date = (name: string) =>
  z
    .string({ error: `${name} is missing: write away FROM TO, e.g. away 2026-12-21 2026-12-24` })
    .refine((value) => parseIsoDate(value) !== undefined, { error: (issue) => `${name} '${String(issue.input)}' is not a date; use YYYY-MM-DD` });

const awayArgs = z
  .tuple([date('FROM'), date('TO')], { error: 'write away FROM TO, e.g. away 2026-12-21 2026-12-24' })
  .refine(([from, to]) => from <= to, { error: 'TO must be on or after FROM' })
  .refine(([from, to]) => parseIsoDate(to)! - parseIsoDate(from)! <= 366, { error: 'an absence can be at most a year long' });

export async function recordAway(context: FlowContext, actor: Actor, rest: string): Promise<FlowResult> {
  const parsed = awayArgs.safeParse(rest.split(/\s+/).filter(Boolean));
  if (!parsed.success) return message('When are you away?', `I could not read that: ${parsed.error.issues[0]?.message}. Nothing was recorded.`);
  const [from, to] = parsed.data;
  const now = context.clock.now();
  await context.db.transaction().execute(async (trx) => {
    const id = randomUUID();
    await trx.insertInto('absence').values({ id, person_id: actor.id, from_date: from, to_date: to, recorded_by: actor.id, recorded_at: now }).execute();
    await writeAudit(trx, { at: now, actorId: actor.id, action: 'absence.record', objectType: 'absence', objectId: id });
    // Where the pack asks (Islington), the practitioner's supervisor considers re-allocating their cases meanwhile.
    const reallocation = context.pack.leave?.reallocation;
    const supervisor = reallocation && actor.role === 'practitioner' ? await relationshipOf(trx, actor.id) : undefined;
    if (reallocation && supervisor) {
      const cases = await trx
        .selectFrom('allocated_case')
        .select('case_reference')
        .where('worker_id', '=', actor.id)
        .where('closed_on', 'is', null)
        .orderBy('case_reference')
        .execute();
      // The supervisor is told in their language; the rule's words are the pack's own.
      const theirs = await speechOfPerson(trx, context.pack, supervisor.supervisor_id);
      const away = inEach(theirs, (locale) =>
        t(locale, 'away.notice', { name: actor.display_name, from: dayText(parseIsoDate(from)!, locale), to: dayText(parseIsoDate(to)!, locale) }),
      );
      await notifyPerson(trx, {
        personId: supervisor.supervisor_id,
        key: `absence:${id}:reallocation`,
        now,
        text: away,
        view: {
          card: 'notice',
          ...(theirs === 'en-GB' ? {} : { speech: theirs }),
          data: {
            title: away,
            text:
              cases.length === 0
                ? t(theirs, 'away.noCaseList', { rule: reallocation.text, system: context.pack.caseReference.system }, { paragraphs: true })
                : t(theirs, 'away.cases', { rule: reallocation.text, cases: cases.map((row) => row.case_reference).join(', ') }, { paragraphs: true }),
            facts: [{ title: t(theirs, 'notice.rule'), value: citeSource(context.pack, reallocation.source) }],
          },
        },
      });
    }
  });
  const leave = context.pack.leave;
  const speech = speechOf(context.pack, actor);
  const recorded = message(
    t(speech, 'away.recorded'),
    inEach(
      speech,
      (locale) => {
        const dates = { from: dayText(parseIsoDate(from)!, locale), to: dayText(parseIsoDate(to)!, locale) };
        if (actor.role !== 'practitioner') return t(locale, 'away.supervisor', dates);
        return leave
          ? t(locale, 'away.practitionerLeave', { ...dates, days: leave.dueWithinWorkingDaysOfReturn, gap: String(Boolean(leave.recordGap)) })
          : t(locale, 'away.practitioner', dates);
      },
      { paragraphs: true },
    ),
  );
  return { ...recorded, view: { ...recorded.view, speech } };
}
