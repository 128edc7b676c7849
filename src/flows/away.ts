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
import { inEach, t, type Locale } from '../i18n/catalogue.js';
import { speechOf, speechOfPerson } from './speech.js';

/** What "away FROM TO" must be, its checks said in a language (src/i18n/messages/*.checks.json). */
const date = (name: string, locale: Locale) =>
  z
    .string({ error: t(locale, 'check.away.missing', { name }) })
    .refine((value) => parseIsoDate(value) !== undefined, { error: (issue) => t(locale, 'check.away.notADate', { name, value: String(issue.input) }) });

const awayArgs = (locale: Locale) =>
  z
    .tuple([date('FROM', locale), date('TO', locale)], { error: t(locale, 'check.away.shape') })
    .refine(([from, to]) => from <= to, { error: t(locale, 'check.away.order') })
    .refine(([from, to]) => parseIsoDate(to)! - parseIsoDate(from)! <= 366, { error: t(locale, 'check.away.tooLong') });

export async function recordAway(context: FlowContext, actor: Actor, rest: string): Promise<FlowResult> {
  const words = rest.split(/\s+/).filter(Boolean);
  const parsed = awayArgs('en-GB').safeParse(words);
  if (!parsed.success) {
    const speech = speechOf(context.pack, actor);
    const problem = (locale: Locale) => awayArgs(locale).safeParse(words).error?.issues[0]?.message ?? '';
    const text = inEach(speech, (locale) => t(locale, 'check.away.unreadable', { problem: problem(locale) }), { paragraphs: true });
    return { view: { ...message(t(speech, 'check.away.title'), text).view, speech } };
  }
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
