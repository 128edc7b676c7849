// The supervision agreement (issue 19; Cafcass Cymru 1.14, Cumberland 10, Bexley appendix 1). When the
// first one-to-one session between a supervisee and their supervisor is marked held, both are sent the
// agreement, headed as the pack's template is; each signs with their own Sign button, re-authorised here.
// Signed by both, it is kept on the supervisee's personal supervision file (read by the two, those above
// them in the line and auditors, as personal records are), and its review falls due a year on: shown in
// "upcoming" for both, offered again at a session held near it, and chased once a week while overdue.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { DueItem, DueProvider } from '../delivery/sweeper.js';
import { reviewDueOn, roundToOffer, signersOf, weeksOverdue, type Signer } from '../domain/agreements/agreement.js';
import { citeSource } from '../domain/policy/cite.js';
import type { Agreement } from '../domain/policy/schema.js';
import { formatIsoDate, parseIsoDate, type DayNumber } from '../domain/time/localDate.js';
import { writeAudit } from '../store/audit.js';
import type { Database, SupervisionAgreementTable } from '../store/schema.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message } from './context.js';
import { dayText, today } from './format.js';
import { notifyPerson } from './notify.js';
import { isAboveInLine } from './readRecords.js';

type Db = Kysely<Database> | Transaction<Database>;
type Row = Selectable<SupervisionAgreementTable>;
type Content = { headings: { title: string; terms: string }[]; source: string };

const SIGNED_AT = { supervisor: 'supervisor_signed_at', supervisee: 'supervisee_signed_at' } as const;

const names = async (db: Db, ids: string[]) =>
  new Map((await db.selectFrom('person').select(['id', 'display_name']).where('id', 'in', ids).execute()).map((row) => [row.id, row.display_name]));

const latestRound = (db: Db, superviseeId: string, supervisorId: string) =>
  db
    .selectFrom('supervision_agreement')
    .selectAll()
    .where('supervisee_id', '=', superviseeId)
    .where('supervisor_id', '=', supervisorId)
    .orderBy('round', 'desc')
    .limit(1)
    .executeTakeFirst();

/**
 * On "It was held" (sessions.ts markHeld, in its transaction): the first session of the two offers the
 * agreement, a session near or past its review offers the review; each is sent to both, keyed.
 */
export async function offerAgreementAtSession(
  trx: Transaction<Database>,
  context: FlowContext,
  session: { id: string; supervisee_id: string | null; supervisor_id: string | null; starts_at: Date },
  now: Date,
): Promise<void> {
  const rule = context.pack.agreement;
  if (!rule || !session.supervisee_id || !session.supervisor_id) return;
  const latest = await latestRound(trx, session.supervisee_id, session.supervisor_id);
  const round = roundToOffer(
    rule,
    latest && { round: latest.round, signed: latest.signed_at !== null, reviewDue: latest.review_due ? parseIsoDate(latest.review_due) : undefined },
    today(session.starts_at, context.calendar),
  );
  if (round === undefined) return;
  await offerRound(trx, context, rule, { superviseeId: session.supervisee_id, supervisorId: session.supervisor_id, round, sessionId: session.id }, now);
}

async function offerRound(
  trx: Transaction<Database>,
  context: FlowContext,
  rule: Agreement,
  offer: { superviseeId: string; supervisorId: string; round: number; sessionId: string | null },
  now: Date,
): Promise<Row | undefined> {
  const content: Content = { headings: rule.headings.map((heading) => ({ title: heading.title, terms: heading.terms ?? '' })), source: rule.source };
  const row = await trx
    .insertInto('supervision_agreement')
    .values({
      id: randomUUID(),
      supervisee_id: offer.superviseeId,
      supervisor_id: offer.supervisorId,
      round: offer.round,
      session_id: offer.sessionId,
      content: JSON.stringify(content),
      offered_at: now,
    })
    // Offered once a round: a second click, or another replica, finds it there.
    .onConflict((conflict) => conflict.columns(['supervisee_id', 'supervisor_id', 'round']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  await writeAudit(trx, { at: now, actorId: null, action: 'agreement.offer', objectType: 'supervision_agreement', objectId: row.id, detail: { round: row.round } });
  const who = await names(trx, [row.supervisee_id, row.supervisor_id]);
  for (const [signer, personId] of [
    ['supervisor', row.supervisor_id],
    ['supervisee', row.supervisee_id],
  ] as const) {
    const other = who.get(signer === 'supervisor' ? row.supervisee_id : row.supervisor_id) ?? 'them';
    const view = agreementView(context, row, who, {
      title: row.round === 0 ? 'Your supervision agreement to sign' : 'Your supervision agreement to review and sign',
      intro:
        row.round === 0
          ? `Your first supervision with ${other} has been held. The ${context.pack.document.citeAs} asks you both to agree and sign a supervision agreement at the start. Read it, talk it through, then each of you signs.`
          : `Your supervision agreement with ${other} is due for its yearly review. Read it again, talk through anything to change, then each of you signs.`,
      signer: signersOf(rule).includes(signer) ? signer : undefined,
    });
    await notifyPerson(trx, { personId, key: `agreement:${row.id}:offer:${personId}`, now, text: 'A supervision agreement to sign', view });
  }
  return row;
}

/** The agreement as a card: its headings, who has signed, its review, and a Sign button for one who still has to. */
function agreementView(
  context: FlowContext,
  row: Row,
  who: Map<string, string>,
  words: { title: string; intro: string; signer?: Signer | undefined },
): FlowResult['view'] {
  const content = JSON.parse(row.content) as Content;
  const signature = (at: Date | null) => (at ? `signed ${dayText(today(at, context.calendar))}` : 'not signed yet');
  const mustSign = words.signer && row[SIGNED_AT[words.signer]] === null;
  return {
    card: 'agreement',
    data: {
      agreementId: row.id,
      title: words.title,
      intro: words.intro,
      headings: content.headings,
      facts: [
        { title: 'Supervisor', value: `${who.get(row.supervisor_id) ?? 'Their supervisor'}: ${signature(row.supervisor_signed_at)}` },
        { title: 'Supervisee', value: `${who.get(row.supervisee_id) ?? 'The supervisee'}: ${signature(row.supervisee_signed_at)}` },
        ...(row.review_due ? [{ title: 'Review due', value: dayText(parseIsoDate(row.review_due)!) }] : []),
        { title: 'Rule', value: citeSource(context.pack, content.source) },
      ],
      buttons: mustSign ? [{ title: 'Sign', verb: 'agreement.sign' }] : [],
    },
  };
}

/** Which of the two signers the actor is on this agreement, if the pack has them sign. */
function signerOf(rule: Agreement, row: Row, actor: Actor): Signer | undefined {
  const role: Signer | undefined = actor.id === row.supervisor_id ? 'supervisor' : actor.id === row.supervisee_id ? 'supervisee' : undefined;
  return role && signersOf(rule).includes(role) ? role : undefined;
}

/** "Sign": the supervisor's or the supervisee's own signature; once all the pack names have signed, the review is set a year on. */
export async function signAgreement(context: FlowContext, actor: Actor, input: { agreementId: string }): Promise<FlowResult> {
  const rule = context.pack.agreement;
  const row = await context.db.selectFrom('supervision_agreement').selectAll().where('id', '=', input.agreementId).executeTakeFirst();
  if (!rule || !row) return message('Something was wrong with that', 'That agreement is not one I know.');
  const signer = signerOf(rule, row, actor);
  if (!signer) return message("This isn't yours to sign", 'Only the supervisor and the supervisee named in this agreement can sign it. Nothing was changed.');
  if (row[SIGNED_AT[signer]] !== null)
    return message('Signed already', `You signed this agreement on ${dayText(today(row[SIGNED_AT[signer]]!, context.calendar))}. Nothing was changed.`);
  const now = context.clock.now();
  const signed = await context.db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('supervision_agreement')
      .set({ [SIGNED_AT[signer]]: now })
      .where('id', '=', row.id)
      .where(SIGNED_AT[signer], 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!done) return undefined;
    await writeAudit(trx, { at: now, actorId: actor.id, action: 'agreement.sign', objectType: 'supervision_agreement', objectId: row.id, detail: { as: signer } });
    const complete = signersOf(rule).every((party) => done[SIGNED_AT[party]] !== null);
    const after = complete
      ? await trx
          .updateTable('supervision_agreement')
          .set({ signed_at: now, review_due: formatIsoDate(reviewDueOn(rule, today(now, context.calendar))) })
          .where('id', '=', row.id)
          .where('signed_at', 'is', null)
          .returningAll()
          .executeTakeFirst()
      : undefined;
    const final = after ?? done;
    const who = await names(trx, [row.supervisee_id, row.supervisor_id]);
    const otherId = signer === 'supervisor' ? row.supervisee_id : row.supervisor_id;
    if (after) {
      for (const personId of [row.supervisor_id, row.supervisee_id])
        await notifyPerson(trx, {
          personId,
          key: `agreement:${row.id}:signed:${personId}`,
          now,
          text: 'Your supervision agreement is signed',
          view: agreementView(context, final, who, {
            title: 'Your supervision agreement is signed',
            intro: `Signed by both of you and kept on ${who.get(row.supervisee_id)}'s personal supervision file. Its review is due by ${dayText(parseIsoDate(final.review_due!)!)}. Read it again at any time with /supervision agreement.`,
          }),
        });
    } else if (signersOf(rule).includes(signer === 'supervisor' ? 'supervisee' : 'supervisor')) {
      await notifyPerson(trx, {
        personId: otherId,
        key: `agreement:${row.id}:signed-by:${actor.id}`,
        now,
        text: `${actor.display_name} signed your supervision agreement`,
        view: agreementView(context, final, who, {
          title: `${actor.display_name} signed your supervision agreement`,
          intro: 'It is waiting for your signature.',
          signer: signer === 'supervisor' ? 'supervisee' : 'supervisor',
        }),
      });
    }
    return { final, who, complete: Boolean(after) };
  });
  if (!signed) return message('Signed already', 'This agreement was signed by you meanwhile. Nothing more was changed.');
  return {
    view: agreementView(context, signed.final, signed.who, {
      title: 'You signed the supervision agreement',
      intro: signed.complete
        ? `Signed by both of you and kept on the personal supervision file. Its review is due by ${dayText(parseIsoDate(signed.final.review_due!)!)}.`
        : 'It is kept on the personal supervision file once the other signs: they have been asked.',
    }),
  };
}

/** May the actor read this agreement: the two, those above the supervisee in the line, auditors (as personal records). */
async function maySee(db: Db, actor: Actor, row: Row): Promise<boolean> {
  if (actor.role === 'auditor' || actor.id === row.supervisee_id || actor.id === row.supervisor_id) return true;
  return isAboveInLine(db, actor.id, row.supervisee_id);
}

/** "/supervision agreement": the actor's agreements, as supervisee and as supervisor, each its latest round. */
export async function listAgreements(context: FlowContext, actor: Actor): Promise<FlowResult> {
  if (!context.pack.agreement) return message('No supervision agreement', `The ${context.pack.document.citeAs} asks for no supervision agreement.`);
  const rows = await context.db
    .selectFrom('supervision_agreement')
    .selectAll()
    .where((where) => where.or([where('supervisee_id', '=', actor.id), where('supervisor_id', '=', actor.id)]))
    .orderBy('round', 'desc')
    .execute();
  const latest = new Map<string, Row>();
  for (const row of rows) if (!latest.has(`${row.supervisee_id}:${row.supervisor_id}`)) latest.set(`${row.supervisee_id}:${row.supervisor_id}`, row);
  if (latest.size === 0)
    return message('No supervision agreement yet', 'It is offered to you and your supervisor when your first supervision session is marked held.');
  const who = await names(context.db, [...new Set([...latest.values()].flatMap((row) => [row.supervisee_id, row.supervisor_id]))]);
  await writeAudit(context.db, { at: context.clock.now(), actorId: actor.id, action: 'agreement.list', objectType: 'person', objectId: actor.id });
  if (latest.size === 1) return showAgreement(context, actor, { agreementId: [...latest.values()][0]!.id });
  return {
    view: {
      card: 'notice',
      data: {
        title: 'Your supervision agreements',
        text: 'Choose one to read.',
        facts: [],
        buttons: [...latest.values()].map((row) => ({
          title: `With ${who.get(row.supervisee_id === actor.id ? row.supervisor_id : row.supervisee_id)}`,
          verb: 'agreement.show',
          data: { agreementId: row.id },
        })),
      },
    },
  };
}

/** One agreement, re-authorised: read from the personal file, with the Sign button where the actor still has to sign. */
export async function showAgreement(context: FlowContext, actor: Actor, input: { agreementId: string }): Promise<FlowResult> {
  const row = await context.db.selectFrom('supervision_agreement').selectAll().where('id', '=', input.agreementId).executeTakeFirst();
  if (!row || !context.pack.agreement) return message('Something was wrong with that', 'That agreement is not one I know.');
  if (!(await maySee(context.db, actor, row)))
    return message("This isn't yours to read", 'A supervision agreement is read by the two who made it and those above them in the line.');
  await writeAudit(context.db, { at: context.clock.now(), actorId: actor.id, action: 'agreement.show', objectType: 'supervision_agreement', objectId: row.id });
  const who = await names(context.db, [row.supervisee_id, row.supervisor_id]);
  return {
    view: agreementView(context, row, who, {
      title: `Supervision agreement: ${who.get(row.supervisee_id)} and ${who.get(row.supervisor_id)}`,
      intro: row.signed_at
        ? `Signed by both on ${dayText(today(row.signed_at, context.calendar))}; kept on ${who.get(row.supervisee_id)}'s personal supervision file.`
        : 'Not yet signed by both.',
      signer: signerOf(context.pack.agreement, row, actor),
    }),
  };
}

/** "Review it now", on an overdue notice: the supervisor offers the next round at once, without waiting for a session. */
export async function reviewAgreement(context: FlowContext, actor: Actor, input: { agreementId: string }): Promise<FlowResult> {
  const rule = context.pack.agreement;
  const row = await context.db.selectFrom('supervision_agreement').selectAll().where('id', '=', input.agreementId).executeTakeFirst();
  if (!rule || !row) return message('Something was wrong with that', 'That agreement is not one I know.');
  if (actor.id !== row.supervisor_id) return message("This isn't yours to act on", 'Only the supervisor named in this agreement can start its review.');
  const latest = await latestRound(context.db, row.supervisee_id, row.supervisor_id);
  if (!latest || latest.id !== row.id || !row.signed_at) return message('Under way already', 'This agreement has a newer round waiting to be signed. Nothing was changed.');
  const offered = await context.db
    .transaction()
    .execute((trx) => offerRound(trx, context, rule, { superviseeId: row.supervisee_id, supervisorId: row.supervisor_id, round: row.round + 1, sessionId: null }, context.clock.now()));
  return offered
    ? message('Sent to you both', 'The agreement to review and sign has been sent to you and your supervisee.')
    : message('Under way already', 'Its review was sent already. Nothing was changed.');
}

/** Reviews of current agreements that fall due: the latest round of each pair still supervising, signed. */
function reviewsDue(db: Db) {
  return db
    .selectFrom('supervision_agreement as a')
    .innerJoin('supervision_relationship as r', (join) =>
      join.onRef('r.supervisee_id', '=', 'a.supervisee_id').onRef('r.supervisor_id', '=', 'a.supervisor_id').on('r.ended_on', 'is', null),
    )
    .select(['a.id', 'a.supervisee_id', 'a.supervisor_id', 'a.review_due'])
    .where('a.review_due', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('supervision_agreement as later')
            .select(sql`1`.as('one'))
            .whereRef('later.supervisee_id', '=', 'a.supervisee_id')
            .whereRef('later.supervisor_id', '=', 'a.supervisor_id')
            .whereRef('later.round', '>', 'a.round'),
        ),
      ),
    );
}

/** For "upcoming": the review of each agreement the actor is in, due by the horizon, and any agreement they still have to sign. One query when there is none. */
export async function agreementDues(context: FlowContext, actor: Actor, from: DayNumber, horizonDays: number): Promise<{ day: DayNumber; what: string }[]> {
  const rule = context.pack.agreement;
  if (!rule) return [];
  const rows = await context.db
    .selectFrom('supervision_agreement as a')
    .leftJoin('supervision_relationship as r', (join) =>
      join.onRef('r.supervisee_id', '=', 'a.supervisee_id').onRef('r.supervisor_id', '=', 'a.supervisor_id').on('r.ended_on', 'is', null),
    )
    .selectAll('a')
    .select('r.supervisee_id as current')
    .where((where) => where.or([where('a.supervisee_id', '=', actor.id), where('a.supervisor_id', '=', actor.id)]))
    .orderBy('a.round', 'desc')
    .execute();
  // The latest round of each pair still supervising.
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) if (row.current !== null && !latest.has(`${row.supervisee_id}:${row.supervisor_id}`)) latest.set(`${row.supervisee_id}:${row.supervisor_id}`, row);
  const due = [...latest.values()].filter((row) => {
    if (row.signed_at === null) return signerOf(rule, row, actor) !== undefined && row[SIGNED_AT[signerOf(rule, row, actor)!]] === null;
    return row.review_due !== null && parseIsoDate(row.review_due)! <= from + horizonDays;
  });
  if (due.length === 0) return [];
  const who = await names(context.db, [...new Set(due.flatMap((row) => [row.supervisee_id, row.supervisor_id]))]);
  return due.map((row) => {
    const other = who.get(row.supervisee_id === actor.id ? row.supervisor_id : row.supervisee_id);
    if (row.signed_at === null) return { day: today(row.offered_at, context.calendar), what: `Supervision agreement with ${other}: to sign (/supervision agreement)` };
    const day = parseIsoDate(row.review_due!)!;
    return { day, what: `Supervision agreement review with ${other}${day < from ? ' (overdue)' : ''}` };
  });
}

/**
 * An overdue review is chased as overdue supervision is (cadenceWatch.ts): once a working day the sweeper
 * looks, and the supervisor is told, with a button to start the review, and the supervisee too; again each
 * week while it stays overdue. Each notice is keyed by the agreement and the week.
 */
export function agreementReviewProvider(context: FlowContext): DueProvider {
  let lastLookDay = Number.NEGATIVE_INFINITY;
  return {
    name: 'overdue supervision agreement reviews',
    async due(db: Kysely<Database>, now: Date) {
      if (!context.pack.agreement) return [];
      const day = today(now, context.calendar);
      if (day === lastLookDay || !context.calendar.isWithinWorkingHours(DateTime.fromJSDate(now))) return [];
      lastLookDay = day;
      const overdue = await reviewsDue(db).where('a.review_due', '<', formatIsoDate(day)).execute();
      return overdue.map((row) => reviewOverdueItem(context, row, day));
    },
  };
}

function reviewOverdueItem(context: FlowContext, row: { id: string; supervisee_id: string; supervisor_id: string; review_due: string | null }, day: DayNumber): DueItem {
  const due = parseIsoDate(row.review_due!)!;
  const weeks = weeksOverdue(due, day) ?? 0;
  const key = `agreement-review-overdue:${row.id}:week-${weeks}`;
  return {
    key,
    apply: async (trx, at) => {
      const who = await names(trx, [row.supervisee_id, row.supervisor_id]);
      const rule = citeSource(context.pack, context.pack.agreement!.source);
      const since = weeks === 0 ? '' : ` (overdue ${weeks} week${weeks === 1 ? '' : 's'})`;
      await notifyPerson(trx, {
        personId: row.supervisor_id,
        key: `${key}:supervisor`,
        now: at,
        text: `Supervision agreement review overdue for ${who.get(row.supervisee_id)}`,
        view: {
          card: 'notice',
          data: {
            title: 'A supervision agreement review is overdue',
            text: `Your supervision agreement with ${who.get(row.supervisee_id)} was due for its review by ${dayText(due)}${since}. Review it with them and both sign again: press Review it now, or it is offered at your next session marked held.`,
            facts: [{ title: 'Rule', value: rule }],
            buttons: [{ title: 'Review it now', verb: 'agreement.review', data: { agreementId: row.id } }],
          },
        },
      });
      await notifyPerson(trx, {
        personId: row.supervisee_id,
        key: `${key}:supervisee`,
        now: at,
        text: 'Your supervision agreement review is overdue',
        view: {
          card: 'notice',
          data: {
            title: 'Your supervision agreement review is overdue',
            text: `Your supervision agreement with ${who.get(row.supervisor_id)} was due for its review by ${dayText(due)}${since}. ${who.get(row.supervisor_id)} has been asked to review it with you.`,
            facts: [{ title: 'Rule', value: rule }],
          },
        },
      });
    },
  };
}
