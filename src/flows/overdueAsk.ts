// The supervisee's own duty (Bexley, quality assuring supervision a): someone whose supervision is
// overdue is told, once for each overdue date, with buttons to raise it with their supervisor or the
// next manager. Pressing one is checked again on the server: it is still overdue, and the person asked
// is still their supervisor or that supervisor's manager. Each ask reaches its person once.
import type { DueItem } from '../delivery/sweeper.js';
import type { SupervisionKind } from '../domain/policy/schema.js';
import { citeSource } from '../domain/policy/cite.js';
import { formatIsoDate } from '../domain/time/localDate.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message } from './context.js';
import { dayText, today } from './format.js';
import { notifyPerson } from './notify.js';
import { overdueRuns, overdueText, type OverdueRun } from './overdue.js';
import { countOverdueText } from './countInYear.js';
import { relationshipOf } from './responders.js';
import { duesOf, kindTitle } from './schedule.js';
import { inEach, t, type Locale } from '../i18n/catalogue.js';
import { speechOf, speechOfPerson } from './speech.js';

/** "Social Worker C's formal supervision was due by Mon 12 Oct 2026 and none has been held", or, for several missed, since when. */
const overdueStory = (locale: Locale, name: string, kind: string, run: OverdueRun) =>
  run.missed === 1
    ? t(locale, 'overdue.dueOnce', { name, kind, day: dayText(run.latest.date, locale) })
    : t(locale, 'overdue.dueRun', { name, kind, overdue: overdueText(run, locale), day: dayText(run.latest.date, locale) });

/** The notice to the supervisee of their own overdue supervision, where the pack asks for it. */
export function ownOverdueItem(context: FlowContext, person: Pick<Actor, 'id'>, run: OverdueRun): DueItem[] {
  const rule = context.pack.superviseeRaisesOverdue;
  if (!rule) return [];
  const due = run.latest;
  const key = `overdue-own:${person.id}:${due.kind}:${formatIsoDate(due.date)}`;
  return [
    {
      key,
      apply: async (trx, at) => {
        const supervisor = await relationshipOf(trx, person.id);
        if (!supervisor) return;
        const manager = await relationshipOf(trx, supervisor.supervisor_id);
        // The person's own language read with the names: no query more.
        const names = await trx
          .selectFrom('person')
          .select(['id', 'display_name', 'language'])
          .where('id', 'in', [person.id, supervisor.supervisor_id, ...(manager ? [manager.supervisor_id] : [])])
          .execute();
        const nameOf = (id: string) => names.find((row) => row.id === id)?.display_name ?? 'them';
        const speech = speechOf(
          context.pack,
          names.find((row) => row.id === person.id),
        );
        const kind = kindTitle(context, due.kind).toLowerCase();
        const organisation = context.pack.organisation;
        await notifyPerson(trx, {
          personId: person.id,
          key,
          now: at,
          text: t(speech, 'overdueAsk.notice'),
          view: {
            card: 'notice',
            ...(speech === 'en-GB' ? {} : { speech }),
            data: {
              title: t(speech, 'overdueAsk.notice'),
              text: inEach(
                speech,
                (locale) => {
                  const counted = countOverdueText(run, locale);
                  if (counted) return t(locale, 'overdueAsk.textCounted', { kind, counted, organisation });
                  return run.missed === 1
                    ? t(locale, 'overdueAsk.textOnce', { kind, day: dayText(run.latest.date, locale), organisation })
                    : t(locale, 'overdueAsk.textRun', { kind, overdue: overdueText(run, locale), day: dayText(run.latest.date, locale), organisation });
                },
                { paragraphs: true },
              ),
              facts: [{ title: t(speech, 'notice.rule'), value: citeSource(context.pack, rule.source) }],
              buttons: [
                {
                  title: t(speech, 'overdueAsk.askName', { name: nameOf(supervisor.supervisor_id) }),
                  verb: 'overdue.ask',
                  data: { kind: due.kind, to: 'supervisor' },
                },
                ...(manager
                  ? [
                      {
                        title: t(speech, 'overdueAsk.askName', { name: nameOf(manager.supervisor_id) }),
                        verb: 'overdue.ask',
                        data: { kind: due.kind, to: 'manager' },
                      },
                    ]
                  : []),
              ],
            },
          },
        });
      },
    },
  ];
}

/** "Ask my supervisor" (or the next manager): re-checked now, then told once for this overdue date. */
export async function askAboutOverdue(context: FlowContext, actor: Actor, input: { kind: string; to: 'supervisor' | 'manager' }): Promise<FlowResult> {
  if (!context.pack.superviseeRaisesOverdue)
    return message('Not available', `The ${context.pack.organisation} policy does not ask for this. Nothing was sent.`);
  const outcome = await duesOf(context, actor, today(context.clock.now(), context.calendar));
  const run = outcome.ok ? overdueRuns(outcome.dues).find((candidate) => candidate.kind === input.kind) : undefined;
  if (!run) return message('Nothing to raise', 'That supervision is not overdue now, so nobody was told.');
  const supervisor = await relationshipOf(context.db, actor.id);
  const manager = supervisor ? await relationshipOf(context.db, supervisor.supervisor_id) : undefined;
  const recipientId = input.to === 'supervisor' ? supervisor?.supervisor_id : manager?.supervisor_id;
  if (!recipientId) {
    return message(
      'Nobody to ask',
      `The directory records no ${input.to === 'supervisor' ? 'supervisor' : 'manager above your supervisor'} for you. Please ask your administrator.`,
    );
  }
  const recipient = await context.db.selectFrom('person').select(['display_name']).where('id', '=', recipientId).executeTakeFirstOrThrow();
  const kindText = kindTitle(context, input.kind as SupervisionKind).toLowerCase();
  const due = run.latest;
  const now = context.clock.now();
  const name = actor.display_name;
  await context.db.transaction().execute(async (trx) => {
    // The one asked is told in their language.
    const theirs = await speechOfPerson(trx, context.pack, recipientId);
    await notifyPerson(trx, {
      personId: recipientId,
      key: `overdue-asked:${actor.id}:${input.kind}:${formatIsoDate(due.date)}:${input.to}`,
      now,
      text: t(theirs, 'overdueAsk.askedNotice', { name }),
      view: {
        card: 'notice',
        ...(theirs === 'en-GB' ? {} : { speech: theirs }),
        data: {
          title: t(theirs, 'overdueAsk.askedNotice', { name }),
          text: inEach(theirs, (locale) => t(locale, 'overdueAsk.askedText', { story: overdueStory(locale, name, kindText, run), to: input.to }), {
            paragraphs: true,
          }),
          facts: [{ title: t(theirs, 'notice.rule'), value: citeSource(context.pack, context.pack.superviseeRaisesOverdue!.source) }],
          ...(input.to === 'supervisor' ? { buttons: [{ title: t(theirs, 'notice.bookIt'), verb: 'book.for', data: { supervisee: actor.id } }] } : {}),
        },
      },
    });
  });
  const speech = speechOf(context.pack, actor);
  const told = message(
    t(speech, 'overdueAsk.askedTitle'),
    inEach(speech, (locale) => t(locale, 'overdueAsk.toldText', { name: recipient.display_name, kind: kindText, overdue: overdueText(run, locale) }), {
      paragraphs: true,
    }),
  );
  return { ...told, view: { ...told.view, speech } };
}
