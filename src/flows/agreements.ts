// The supervision agreement (issue 19; Cafcass Cymru 1.14, Cumberland 10, Bexley appendix 1). When the
// first one-to-one session between a supervisee and their supervisor is marked held, both are sent the
// agreement, headed as the pack's template is; each signs with their own Sign button, re-authorised here.
// Signed by both, it is kept on the supervisee's personal supervision file (read by the two, those above
// them in the line and auditors, as personal records are), and its review falls due a year on: shown in
// "upcoming" for both, offered again at a session held near it, and chased once a week while overdue.
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { DueItem, DueProvider } from '../delivery/sweeper.js';
import { reviewDueOn, roundToOffer, signersOf, weeksOverdue, type Signer } from '../domain/agreements/agreement.js';
import { citeSource } from '../domain/policy/cite.js';
import type { Agreement, Cadence, KindRule, PolicyPack, SupervisionKind } from '../domain/policy/schema.js';
import { formatIsoDate, parseIsoDate, type DayNumber } from '../domain/time/localDate.js';
import { calendarUnits, parseDuration, type Duration } from '../domain/time/duration.js';
import { entryOf } from '../domain/policy/entryOf.js';
import { fieldInputId } from '../domain/records/recordForm.js';
import { addCalendarDuration } from '../domain/schedule/cadence.js';
import { personSchedule, type PersonScheduleInput, type ScheduledDue } from '../domain/schedule/schedule.js';
import { writeAudit } from '../store/audit.js';
import { compiledOnce } from '../store/compiledOnce.js';
import type { Database, SupervisionAgreementTable } from '../store/schema.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { dayText, today } from './format.js';
import { notifyPerson } from './notify.js';
import { isAboveInLine } from './readRecords.js';
import { inEach, languagesOf, t, type Locale, type MessageId, type Speech } from '../i18n/catalogue.js';
import { said, speechOf, speechOfPerson } from './speech.js';

type Db = Kysely<Database> | Transaction<Database>;
type Row = Selectable<SupervisionAgreementTable>;
/** The template's headings as offered, and the terms the two added (`agreement.additions`), if any. */
type Content = { headings: { title: string; terms: string }[]; source: string; added?: string };

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
  if (rule.cohorts) {
    // Only the cohorts the agreement is for (Cafcass: students on placement).
    const supervisee = await trx.selectFrom('person').select('cohort').where('id', '=', session.supervisee_id).executeTakeFirst();
    if (!supervisee?.cohort || !rule.cohorts.includes(supervisee.cohort)) return;
  }
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
  await writeAudit(trx, {
    at: now,
    actorId: null,
    action: 'agreement.offer',
    objectType: 'supervision_agreement',
    objectId: row.id,
    detail: { round: row.round },
  });
  const who = await names(trx, [row.supervisee_id, row.supervisor_id]);
  for (const [signer, personId] of [
    ['supervisor', row.supervisor_id],
    ['supervisee', row.supervisee_id],
  ] as const) {
    // Each reads it in their own language.
    const theirs = await speechOfPerson(trx, context.pack, personId);
    const other = who.get(signer === 'supervisor' ? row.supervisee_id : row.supervisor_id) ?? t(theirs, 'agreement.them');
    const view = agreementView(context, row, who, theirs, {
      title: t(theirs, row.round === 0 ? 'agreement.toSign' : 'agreement.toReview'),
      intro: t(
        theirs,
        row.round === 0 ? 'agreement.firstIntro' : 'agreement.reviewIntro',
        { other, document: context.pack.document.citeAs },
        { paragraphs: true },
      ),
      signer: signersOf(rule).includes(signer) ? signer : undefined,
    });
    await notifyPerson(trx, { personId, key: `agreement:${row.id}:offer:${personId}`, now, text: t(theirs, 'agreement.offerNotice'), view });
  }
  return row;
}

/** The agreement as a card: its headings, who has signed, its review, and a Sign button for one who still has to. */
function agreementView(
  context: FlowContext,
  row: Row,
  who: Map<string, string>,
  speech: Speech,
  words: { title: string; intro: string; signer?: Signer | undefined },
): FlowResult['view'] {
  const content = JSON.parse(row.content) as Content;
  const signature = (at: Date | null) =>
    at ? inEach(speech, (locale) => t(locale, 'agreement.signedOn', { day: dayText(today(at, context.calendar), locale) })) : t(speech, 'agreement.notSigned');
  const mustSign = words.signer && row[SIGNED_AT[words.signer]] === null;
  return {
    card: 'agreement',
    speech,
    data: {
      agreementId: row.id,
      title: words.title,
      intro: words.intro,
      headings: content.added ? [...content.headings, { title: t(speech, 'agreement.added'), terms: content.added }] : content.headings,
      facts: [
        {
          title: t(speech, 'agreement.supervisor'),
          value: `${who.get(row.supervisor_id) ?? t(speech, 'agreement.theirSupervisor')}: ${signature(row.supervisor_signed_at)}`,
        },
        {
          title: t(speech, 'agreement.supervisee'),
          value: `${who.get(row.supervisee_id) ?? t(speech, 'agreement.theSupervisee')}: ${signature(row.supervisee_signed_at)}`,
        },
        ...(row.review_due ? [{ title: t(speech, 'agreement.reviewDue'), value: dayText(parseIsoDate(row.review_due)!, speech) }] : []),
        { title: t(speech, 'agreement.ruleFact'), value: citeSource(context.pack, content.source) },
      ],
      buttons: [
        ...(mustSign ? [{ title: t(speech, 'agreement.sign'), verb: 'agreement.sign' }] : []),
        // Either of the two may add terms to the template's before both have signed (Bexley individual standard one).
        ...(words.signer && context.pack.agreement?.additions && row.signed_at === null
          ? [{ title: t(speech, 'agreement.addTerms'), verb: 'agreement.arrangements' }]
          : []),
      ],
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
  const speech = speechOf(context.pack, actor);
  const rule = context.pack.agreement;
  const row = await context.db.selectFrom('supervision_agreement').selectAll().where('id', '=', input.agreementId).executeTakeFirst();
  if (!rule || !row) return said(speech, 'common.somethingWrong', 'agreement.unknown');
  const signer = signerOf(rule, row, actor);
  if (!signer) return said(speech, 'agreement.notYoursToSignTitle', 'agreement.notYoursToSignText');
  if (row[SIGNED_AT[signer]] !== null)
    return said(speech, 'agreement.signedAlreadyTitle', 'agreement.signedAlreadyText', (locale) => ({
      day: dayText(today(row[SIGNED_AT[signer]]!, context.calendar), locale),
    }));
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
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'agreement.sign',
      objectType: 'supervision_agreement',
      objectId: row.id,
      detail: { as: signer },
    });
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
      for (const personId of [row.supervisor_id, row.supervisee_id]) {
        // Each reads it in their own language.
        const theirs = await speechOfPerson(trx, context.pack, personId);
        await notifyPerson(trx, {
          personId,
          key: `agreement:${row.id}:signed:${personId}`,
          now,
          text: t(theirs, 'agreement.signedNotice'),
          view: agreementView(context, final, who, theirs, {
            title: t(theirs, 'agreement.signedNotice'),
            intro: inEach(
              theirs,
              (locale) =>
                t(locale, 'agreement.signedIntro', { name: who.get(row.supervisee_id) ?? '', day: dayText(parseIsoDate(final.review_due!)!, locale) }),
              { paragraphs: true },
            ),
          }),
        });
      }
    } else if (signersOf(rule).includes(signer === 'supervisor' ? 'supervisee' : 'supervisor')) {
      const theirs = await speechOfPerson(trx, context.pack, otherId);
      await notifyPerson(trx, {
        personId: otherId,
        key: `agreement:${row.id}:signed-by:${actor.id}`,
        now,
        text: t(theirs, 'agreement.signedByNotice', { name: actor.display_name }),
        view: agreementView(context, final, who, theirs, {
          title: t(theirs, 'agreement.signedByNotice', { name: actor.display_name }),
          intro: t(theirs, 'agreement.waiting', {}, { paragraphs: true }),
          signer: signer === 'supervisor' ? 'supervisee' : 'supervisor',
        }),
      });
    }
    return { final, who, complete: Boolean(after) };
  });
  if (!signed) return said(speech, 'agreement.signedAlreadyTitle', 'agreement.signedMeanwhile');
  return {
    view: agreementView(context, signed.final, signed.who, speech, {
      title: t(speech, 'agreement.youSigned'),
      intro: signed.complete
        ? inEach(speech, (locale) => t(locale, 'agreement.youSignedComplete', { day: dayText(parseIsoDate(signed.final.review_due!)!, locale) }), {
            paragraphs: true,
          })
        : t(speech, 'agreement.youSignedWaiting', {}, { paragraphs: true }),
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
  const speech = speechOf(context.pack, actor);
  if (!context.pack.agreement) return said(speech, 'agreement.noneTitle', 'agreement.noneText', () => ({ document: context.pack.document.citeAs }));
  const rows = await context.db
    .selectFrom('supervision_agreement')
    .selectAll()
    .where((where) => where.or([where('supervisee_id', '=', actor.id), where('supervisor_id', '=', actor.id)]))
    .orderBy('round', 'desc')
    .execute();
  const latest = new Map<string, Row>();
  for (const row of rows) if (!latest.has(`${row.supervisee_id}:${row.supervisor_id}`)) latest.set(`${row.supervisee_id}:${row.supervisor_id}`, row);
  if (latest.size === 0) return said(speech, 'agreement.noneYetTitle', 'agreement.noneYetText');
  const who = await names(context.db, [...new Set([...latest.values()].flatMap((row) => [row.supervisee_id, row.supervisor_id]))]);
  await writeAudit(context.db, { at: context.clock.now(), actorId: actor.id, action: 'agreement.list', objectType: 'person', objectId: actor.id });
  if (latest.size === 1) return showAgreement(context, actor, { agreementId: [...latest.values()][0]!.id });
  return {
    view: {
      card: 'notice',
      speech,
      data: {
        title: t(speech, 'agreement.listTitle'),
        text: t(speech, 'agreement.listText', {}, { paragraphs: true }),
        facts: [],
        buttons: [...latest.values()].map((row) => ({
          title: t(speech, 'agreement.with', { name: who.get(row.supervisee_id === actor.id ? row.supervisor_id : row.supervisee_id) ?? '' }),
          verb: 'agreement.show',
          data: { agreementId: row.id },
        })),
      },
    },
  };
}

/** One agreement, re-authorised: read from the personal file, with the Sign button where the actor still has to sign. */
export async function showAgreement(context: FlowContext, actor: Actor, input: { agreementId: string }): Promise<FlowResult> {
  const speech = speechOf(context.pack, actor);
  const row = await context.db.selectFrom('supervision_agreement').selectAll().where('id', '=', input.agreementId).executeTakeFirst();
  if (!row || !context.pack.agreement) return said(speech, 'common.somethingWrong', 'agreement.unknown');
  if (!(await maySee(context.db, actor, row))) return said(speech, 'agreement.notYoursToReadTitle', 'agreement.notYoursToReadText');
  await writeAudit(context.db, { at: context.clock.now(), actorId: actor.id, action: 'agreement.show', objectType: 'supervision_agreement', objectId: row.id });
  const who = await names(context.db, [row.supervisee_id, row.supervisor_id]);
  const signedAt = row.signed_at;
  const view = agreementView(context, row, who, speech, {
    title: t(speech, 'agreement.showTitle', { supervisee: who.get(row.supervisee_id) ?? '', supervisor: who.get(row.supervisor_id) ?? '' }),
    intro: signedAt
      ? inEach(
          speech,
          (locale) => t(locale, 'agreement.showSigned', { day: dayText(today(signedAt, context.calendar), locale), name: who.get(row.supervisee_id) ?? '' }),
          { paragraphs: true },
        )
      : t(speech, 'agreement.showUnsigned', {}, { paragraphs: true }),
    signer: signerOf(context.pack.agreement, row, actor),
  });
  // Either of the two may record what they agreed that the policy leaves to them (how often, when to move on).
  if (actor.id === row.supervisor_id || actor.id === row.supervisee_id) {
    const supervisee = await context.db.selectFrom('person').select('cohort').where('id', '=', row.supervisee_id).executeTakeFirst();
    if (anySettable({ ...settable(context, supervisee?.cohort ?? null), terms: false })) {
      const data = view!.data as { buttons: { title: string; verb: string }[] };
      data.buttons = [...data.buttons, { title: t(speech, 'agreement.whatWeAgreed'), verb: 'agreement.arrangements' }];
    }
  }
  return { view };
}

/** "Review it now", on an overdue notice: the supervisor offers the next round at once, without waiting for a session. */
export async function reviewAgreement(context: FlowContext, actor: Actor, input: { agreementId: string }): Promise<FlowResult> {
  const speech = speechOf(context.pack, actor);
  const rule = context.pack.agreement;
  const row = await context.db.selectFrom('supervision_agreement').selectAll().where('id', '=', input.agreementId).executeTakeFirst();
  if (!rule || !row) return said(speech, 'common.somethingWrong', 'agreement.unknown');
  if (actor.id !== row.supervisor_id) return said(speech, 'common.notYoursToActOn', 'agreement.notYoursReview');
  const latest = await latestRound(context.db, row.supervisee_id, row.supervisor_id);
  if (!latest || latest.id !== row.id || !row.signed_at) return said(speech, 'agreement.underWayTitle', 'agreement.underWayNewer');
  const offered = await context.db
    .transaction()
    .execute((trx) =>
      offerRound(
        trx,
        context,
        rule,
        { superviseeId: row.supervisee_id, supervisorId: row.supervisor_id, round: row.round + 1, sessionId: null },
        context.clock.now(),
      ),
    );
  return offered ? said(speech, 'agreement.sentTitle', 'agreement.sentText') : said(speech, 'agreement.underWayTitle', 'agreement.underWaySent');
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

/**
 * For "upcoming": the review of each agreement the actor is in, due by the horizon, any agreement they still
 * have to sign, and the further meetings their records booked (a PRD's evaluation meeting, Cafcass Cymru 2.6).
 */
export async function agreementDues(context: FlowContext, actor: Actor, from: DayNumber, horizonDays: number): Promise<{ day: DayNumber; what: string }[]> {
  return [...(await roundDues(context, actor, from, horizonDays)), ...(await followUpDues(context, actor, from, horizonDays))];
}

/** Every round of every agreement a person is in, as supervisee or supervisor, the latest first; `current` when the pair still supervise. Every click of "upcoming" reads it: compiled once. */
const roundsOf = compiledOnce("a person's supervision agreements", (db, values: { personId: string }) =>
  db
    .selectFrom('supervision_agreement as a')
    .leftJoin('supervision_relationship as r', (join) =>
      join.onRef('r.supervisee_id', '=', 'a.supervisee_id').onRef('r.supervisor_id', '=', 'a.supervisor_id').on('r.ended_on', 'is', null),
    )
    .selectAll('a')
    .select('r.supervisee_id as current')
    .where((where) => where.or([where('a.supervisee_id', '=', values.personId), where('a.supervisor_id', '=', values.personId)]))
    .orderBy('a.round', 'desc'),
);

/** The review of each agreement the actor is in, due by the horizon, and any agreement they still have to sign. One query when there is none. */
async function roundDues(context: FlowContext, actor: Actor, from: DayNumber, horizonDays: number): Promise<{ day: DayNumber; what: string }[]> {
  const rule = context.pack.agreement;
  if (!rule) return [];
  const { rows } = await roundsOf(context.db, { personId: actor.id });
  // The latest round of each pair still supervising.
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows)
    if (row.current !== null && !latest.has(`${row.supervisee_id}:${row.supervisor_id}`)) latest.set(`${row.supervisee_id}:${row.supervisor_id}`, row);
  const due = [...latest.values()].filter((row) => {
    if (row.signed_at === null) return signerOf(rule, row, actor) !== undefined && row[SIGNED_AT[signerOf(rule, row, actor)!]] === null;
    return row.review_due !== null && parseIsoDate(row.review_due)! <= from + horizonDays;
  });
  if (due.length === 0) return [];
  const who = await names(context.db, [...new Set(due.flatMap((row) => [row.supervisee_id, row.supervisor_id]))]);
  const speech = speechOf(context.pack, actor);
  return due.map((row) => {
    const name = who.get(row.supervisee_id === actor.id ? row.supervisor_id : row.supervisee_id) ?? '';
    if (row.signed_at === null) return { day: today(row.offered_at, context.calendar), what: t(speech, 'agreement.dueToSign', { name }) };
    const day = parseIsoDate(row.review_due!)!;
    return { day, what: t(speech, day < from ? 'agreement.dueReviewOverdue' : 'agreement.dueReview', { name }) };
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

function reviewOverdueItem(
  context: FlowContext,
  row: { id: string; supervisee_id: string; supervisor_id: string; review_due: string | null },
  day: DayNumber,
): DueItem {
  const due = parseIsoDate(row.review_due!)!;
  const weeks = weeksOverdue(due, day) ?? 0;
  const key = `agreement-review-overdue:${row.id}:week-${weeks}`;
  return {
    key,
    apply: async (trx, at) => {
      const who = await names(trx, [row.supervisee_id, row.supervisor_id]);
      const rule = citeSource(context.pack, context.pack.agreement!.source);
      // Each reads it in their own language.
      const [supervisors, supervisees] = [
        await speechOfPerson(trx, context.pack, row.supervisor_id),
        await speechOfPerson(trx, context.pack, row.supervisee_id),
      ];
      const overdueText = (speech: Speech, id: MessageId, name: string) =>
        inEach(speech, (locale) => t(locale, id, { name, day: dayText(due, locale), weeks }), { paragraphs: true });
      await notifyPerson(trx, {
        personId: row.supervisor_id,
        key: `${key}:supervisor`,
        now: at,
        text: t(supervisors, 'agreement.overdueNoticeSupervisor', { name: who.get(row.supervisee_id) ?? '' }),
        view: {
          card: 'notice',
          speech: supervisors,
          data: {
            title: t(supervisors, 'agreement.overdueTitleSupervisor'),
            text: overdueText(supervisors, 'agreement.overdueTextSupervisor', who.get(row.supervisee_id) ?? ''),
            facts: [{ title: t(supervisors, 'agreement.ruleFact'), value: rule }],
            buttons: [{ title: t(supervisors, 'agreement.reviewNow'), verb: 'agreement.review', data: { agreementId: row.id } }],
          },
        },
      });
      await notifyPerson(trx, {
        personId: row.supervisee_id,
        key: `${key}:supervisee`,
        now: at,
        text: t(supervisees, 'agreement.overdueNoticeSupervisee'),
        view: {
          card: 'notice',
          speech: supervisees,
          data: {
            title: t(supervisees, 'agreement.overdueNoticeSupervisee'),
            text: overdueText(supervisees, 'agreement.overdueTextSupervisee', who.get(row.supervisor_id) ?? ''),
            facts: [{ title: t(supervisees, 'agreement.ruleFact'), value: rule }],
          },
        },
      });
    },
  };
}

// ---- What the two agree in chat (issue 19) -------------------------------------------------------------
// Cafcass Cymru 2.11: how often PSMs are held, above the minimum, is set out in the supervision agreement.
// Cumberland 3 (students): weekly, then fortnightly "from a point the Practice Educator and the student agree".
// Cafcass Cymru 2.4: a PRD ideally within 10 days of the Practice Review, whose date either of them records.
// Each is set on the agreement's Our arrangements form by either of the two, the other told, and read by
// "upcoming", "team" and the cadence watch through arrangedSchedule.

/** What a person's schedule is read with, beyond the pack: their row's agreed arrangements. */
export type Arranged = {
  cohort: string | null;
  agreed_frequency?: string | null;
  agreed_phase_ends?: string | null;
  practice_review_on?: string | null;
};

const APPROX_DAYS: Record<string, number> = { days: 1, weeks: 7, months: 30.4375, years: 365.25 };
const daysOf = (duration: Duration) => duration.amount * (APPROX_DAYS[duration.unit] ?? Number.POSITIVE_INFINITY);

/** The longest interval a cadence allows at any time, as a duration: an agreed interval may be no longer. */
function longestAllowed(cadence: Cadence): Duration | undefined {
  const simple = cadence.type === 'phased' ? cadence.phases.map((phase) => phase.cadence) : [cadence];
  const intervals = simple.flatMap((one): Duration[] => {
    if (one.type === 'rolling') return [one.every];
    if (one.type === 'calendar') {
      const months = { month: 1, quarter: 3, year: 12 }[one.period];
      return [{ amount: months, unit: 'months', text: months === 1 ? 'one in each calendar month' : `one in each ${one.period}` }];
    }
    if (one.type === 'per-year') return [{ amount: 12 / one.count, unit: 'months', text: `${one.count} a year` }];
    return [];
  });
  return intervals.sort((a, b) => daysOf(a) - daysOf(b))[0];
}

const minimumWords = (minimum: Duration, locale: Locale = 'en-GB') =>
  minimum.text.startsWith('one in') || minimum.text.endsWith('a year') ? minimum.text : t(locale, 'agreement.every', { text: minimum.text });

/**
 * The kinds the agreement sets the frequency of, for this cohort, with the cadence each may not fall below; none
 * for a kind the cohort has "as required" (Cafcass students: as agreed with the student and the programme provider).
 */
function frequencyKinds(pack: PolicyPack, cohortId: string | null): { kind: SupervisionKind; title: string; minimum?: Duration }[] {
  const cohort = entryOf(pack.cohorts, cohortId);
  if (!cohort || !pack.agreement?.setsFrequency) return [];
  if (pack.agreement.cohorts && (!cohortId || !pack.agreement.cohorts.includes(cohortId))) return [];
  return pack.agreement.setsFrequency.kinds.flatMap((kind) => {
    const entry = cohort.supervision.find((one) => one.kind === kind);
    if (!entry) return [];
    const title = entryOf(pack.kinds, kind)?.title ?? kind;
    if (entry.cadence.type === 'as-required') return [{ kind, title }];
    const minimum = longestAllowed(entry.cadence);
    return minimum ? [{ kind, title, minimum }] : [];
  });
}

/** Whether the cohort has a phase that lasts until the two agree to move on (Cumberland students). */
const hasAgreedPhase = (pack: PolicyPack, cohortId: string | null) =>
  (entryOf(pack.cohorts, cohortId)?.supervision ?? []).some(
    (entry) => entry.cadence.type === 'phased' && entry.cadence.phases.some((phase) => phase.until === 'agreed'),
  );

/** The kind of the cohort due after an event recorded in chat (Cafcass Cymru: the PRD after a Practice Review). */
function dueAfterKind(
  pack: PolicyPack,
  cohortId: string | null,
): { kind: SupervisionKind; rule: NonNullable<KindRule['dueAfter']>; title: string } | undefined {
  for (const entry of entryOf(pack.cohorts, cohortId)?.supervision ?? []) {
    const kind = entryOf(pack.kinds, entry.kind);
    if (kind?.dueAfter) return { kind: entry.kind, rule: kind.dueAfter, title: kind.title };
  }
  return undefined;
}

const jsonOf = <T>(text: string | null | undefined, fallback: T): T => {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

/**
 * A person's schedule as personSchedule gives it, with what the two agreed: an agreed interval replaces the
 * cohort's cadence of that kind (never less often, checked when it was set), the days phases "until agreed"
 * ended, and the PRD due within its time of the Practice Review recorded (taking the place of the cadence's
 * own due date in the window it falls in), until one is held on or after the review.
 */
export function arrangedSchedule(context: FlowContext, person: Arranged, input: PersonScheduleInput): ScheduledDue[] {
  const agreedFrequency = jsonOf<Record<string, string>>(person.agreed_frequency, {});
  const cohort = entryOf(input.pack.cohorts, input.cohortId);
  let pack = input.pack;
  if (cohort && Object.keys(agreedFrequency).length > 0) {
    const supervision = cohort.supervision.map((entry) => {
      const every = parseDuration(agreedFrequency[entry.kind] ?? '');
      return every && frequencyKinds(input.pack, input.cohortId).some((one) => one.kind === entry.kind)
        ? { ...entry, cadence: { type: 'rolling' as const, every } }
        : entry;
    });
    pack = { ...input.pack, cohorts: { ...input.pack.cohorts, [input.cohortId]: { ...cohort, supervision } } };
  }
  const agreed = jsonOf<string[]>(person.agreed_phase_ends, [])
    .map((date) => parseIsoDate(date))
    .filter((day): day is DayNumber => day !== undefined)
    .sort((a, b) => a - b);
  let dues = personSchedule({ ...input, pack, ...(agreed.length > 0 ? { agreed } : {}) });
  const after = dueAfterKind(input.pack, input.cohortId);
  const reviewed = person.practice_review_on ? parseIsoDate(person.practice_review_on) : undefined;
  if (after && reviewed !== undefined && (!input.kind || input.kind === after.kind)) {
    const heldSince = (input.held?.[after.kind] ?? []).some((day) => day >= reviewed);
    if (!heldSince) {
      const raw = addCalendarDuration(reviewed, after.rule.within);
      let date = context.calendar.onOrBefore(raw);
      if (date < reviewed) date = raw;
      const status: ScheduledDue['status'] = input.today !== undefined && date < input.today ? 'overdue' : 'planned';
      if (date <= input.until) {
        // The cadence's own PRD of the window this one falls in is this one.
        dues = dues.filter((due) => !(due.kind === after.kind && due.status === 'planned' && due.window && due.window.start <= date && date <= due.window.end));
        dues = [...dues, { date, status, kind: after.kind, source: after.rule.source }].sort((a, b) => a.date - b.date || a.kind.localeCompare(b.kind));
      }
    }
  }
  return dues;
}

/** The arrangements the two can set on this agreement, for its supervisee's cohort. */
function settable(context: FlowContext, cohort: string | null) {
  return {
    frequency: frequencyKinds(context.pack, cohort)[0],
    agreedPhase: hasAgreedPhase(context.pack, cohort),
    dueAfter: dueAfterKind(context.pack, cohort),
    terms: Boolean(context.pack.agreement?.additions),
  };
}
const anySettable = (can: ReturnType<typeof settable>) => Boolean(can.frequency || can.agreedPhase || can.dueAfter || can.terms);

type ArrangementValues = { every: string; phaseEndedOn: string; practiceReviewOn: string; terms: string };

/** "Our arrangements": the form, with what is set now, for either of the two. */
export async function arrangementsForm(
  context: FlowContext,
  actor: Actor,
  input: { agreementId: string },
  state: { values?: ArrangementValues; errors?: Record<string, string>; saved?: string } = {},
): Promise<FlowResult> {
  const speech = speechOf(context.pack, actor);
  const row = await context.db.selectFrom('supervision_agreement').selectAll().where('id', '=', input.agreementId).executeTakeFirst();
  if (!row || !context.pack.agreement) return said(speech, 'common.somethingWrong', 'agreement.unknown');
  if (actor.id !== row.supervisor_id && actor.id !== row.supervisee_id)
    return said(speech, 'agreement.notYoursToChangeTitle', 'agreement.notYoursToChangeText');
  const supervisee = await context.db.selectFrom('person').selectAll().where('id', '=', row.supervisee_id).executeTakeFirstOrThrow();
  const can = settable(context, supervisee.cohort);
  if (!anySettable(can))
    return said(speech, 'agreement.nothingTitle', 'agreement.nothingText', () => ({ document: context.pack.document.citeAs, name: supervisee.display_name }));
  const current: ArrangementValues = {
    every: can.frequency ? (jsonOf<Record<string, string>>(supervisee.agreed_frequency, {})[can.frequency.kind] ?? '') : '',
    phaseEndedOn: jsonOf<string[]>(supervisee.agreed_phase_ends, [])[0] ?? '',
    practiceReviewOn: supervisee.practice_review_on ?? '',
    terms: (JSON.parse(row.content) as Content).added ?? '',
  };
  const values = state.values ?? current;
  const rules = [
    can.frequency && context.pack.agreement.setsFrequency ? citeSource(context.pack, context.pack.agreement.setsFrequency.source) : undefined,
    can.dueAfter ? citeSource(context.pack, can.dueAfter.rule.source) : undefined,
    can.terms ? citeSource(context.pack, context.pack.agreement.additions!.source) : undefined,
  ].filter((text): text is string => Boolean(text));
  return {
    view: {
      card: 'agreement-arrangements',
      speech,
      data: {
        agreementId: row.id,
        title: t(speech, 'agreement.arrangementsTitle', { name: supervisee.display_name }),
        intro: [
          state.saved,
          inEach(
            speech,
            (locale) =>
              [
                can.frequency
                  ? can.frequency.minimum
                    ? t(locale, 'agreement.introMinimum', { title: can.frequency.title, minimum: minimumWords(can.frequency.minimum, locale) })
                    : t(locale, 'agreement.introNoMinimum', { title: can.frequency.title })
                  : undefined,
                can.dueAfter
                  ? t(locale, 'agreement.introDueAfter', { event: can.dueAfter.rule.event, title: can.dueAfter.title, within: can.dueAfter.rule.within.text })
                  : undefined,
                can.terms ? t(locale, 'agreement.introTerms', { additions: context.pack.agreement!.additions!.text }) : undefined,
              ]
                .filter(Boolean)
                .join(' '),
            { paragraphs: true },
          ),
        ]
          .filter(Boolean)
          .join(languagesOf(speech).length === 1 ? ' ' : '\n\n'),
        showEvery: Boolean(can.frequency),
        everyLabel: can.frequency ? t(speech, 'agreement.everyLabel', { title: can.frequency.title }) : '',
        showPhase: can.agreedPhase,
        showReview: Boolean(can.dueAfter),
        reviewLabel: can.dueAfter ? t(speech, 'agreement.reviewLabel', { event: can.dueAfter.rule.event }) : '',
        showTerms: can.terms && row.signed_at === null,
        rules: rules.join('; '),
        values,
        errors: state.errors ?? {},
      },
    },
  };
}

/** A short key for the added terms in a notice's key: a second identical save tells nobody again. */
const termsKey = (terms: string) => (terms ? createHash('sha256').update(terms).digest('hex').slice(0, 16) : '');

/** Save the form: checked against the policy (never less often than its minimum), the other told, audited. */
export async function saveArrangements(
  context: FlowContext,
  actor: Actor,
  input: { agreementId: string } & Omit<ArrangementValues, 'terms'> & { terms?: string },
): Promise<FlowResult> {
  const speech = speechOf(context.pack, actor);
  const row = await context.db.selectFrom('supervision_agreement').selectAll().where('id', '=', input.agreementId).executeTakeFirst();
  if (!row || !context.pack.agreement) return said(speech, 'common.somethingWrong', 'agreement.unknown');
  if (actor.id !== row.supervisor_id && actor.id !== row.supervisee_id)
    return said(speech, 'agreement.notYoursToChangeTitle', 'agreement.notYoursToChangeText');
  const supervisee = await context.db.selectFrom('person').selectAll().where('id', '=', row.supervisee_id).executeTakeFirstOrThrow();
  const can = settable(context, supervisee.cohort);
  const content = JSON.parse(row.content) as Content;
  const values: ArrangementValues = {
    every: input.every.trim(),
    phaseEndedOn: input.phaseEndedOn.trim(),
    practiceReviewOn: input.practiceReviewOn.trim(),
    // Terms are added while the agreement waits for signatures; once both have signed, at its review.
    terms: can.terms && row.signed_at === null ? (input.terms ?? '').trim() : (content.added ?? ''),
  };
  const termsChanged = values.terms !== (content.added ?? '');
  const errors: Record<string, string> = {};
  const from = today(context.clock.now(), context.calendar);
  const frequency = { ...jsonOf<Record<string, string>>(supervisee.agreed_frequency, {}) };
  if (can.frequency) {
    if (values.every === '') delete frequency[can.frequency.kind];
    else {
      const every = parseDuration(values.every);
      const rule = citeSource(context.pack, context.pack.agreement.setsFrequency!.source);
      const minimum = can.frequency.minimum;
      if (!every || !calendarUnits.includes(every.unit) || every.amount === 0) errors.every = t(speech, 'agreement.everyFormat');
      else if (minimum && daysOf(every) > daysOf(minimum) + 0.5)
        errors.every = inEach(speech, (locale) =>
          t(locale, 'agreement.everyTooRare', {
            every: every.text,
            title: can.frequency!.title,
            minimum: minimumWords(minimum, locale),
            rule,
            choose: minimum.text.startsWith('one in') ? `${minimum.amount} months` : minimum.text,
          }),
        );
      else frequency[can.frequency.kind] = every.text;
    }
  }
  const start = supervisee.start_date ? parseIsoDate(supervisee.start_date) : undefined;
  const phaseDay = values.phaseEndedOn ? parseIsoDate(values.phaseEndedOn) : undefined;
  if (can.agreedPhase && values.phaseEndedOn && phaseDay === undefined) errors.phaseEndedOn = t(speech, 'agreement.phaseDate');
  else if (can.agreedPhase && phaseDay !== undefined && start !== undefined && phaseDay < start)
    errors.phaseEndedOn = inEach(speech, (locale) => t(locale, 'agreement.phaseAfterStart', { day: dayText(start, locale), name: supervisee.display_name }));
  const reviewDay = values.practiceReviewOn ? parseIsoDate(values.practiceReviewOn) : undefined;
  if (can.dueAfter && values.practiceReviewOn && reviewDay === undefined)
    errors.practiceReviewOn = t(speech, 'agreement.reviewDate', { event: can.dueAfter.rule.event });
  else if (can.dueAfter && reviewDay !== undefined && reviewDay > from)
    errors.practiceReviewOn = inEach(speech, (locale) => t(locale, 'agreement.reviewFuture', { event: can.dueAfter!.rule.event, day: dayText(from, locale) }));
  if (Object.keys(errors).length > 0) return arrangementsForm(context, actor, input, { values, errors });

  const set = {
    agreed_frequency: can.frequency ? (Object.keys(frequency).length > 0 ? JSON.stringify(frequency) : null) : supervisee.agreed_frequency,
    agreed_phase_ends: can.agreedPhase ? (phaseDay !== undefined ? JSON.stringify([formatIsoDate(phaseDay)]) : null) : supervisee.agreed_phase_ends,
    practice_review_on: can.dueAfter ? (reviewDay !== undefined ? formatIsoDate(reviewDay) : null) : supervisee.practice_review_on,
  };
  const now = context.clock.now();
  /** What was saved, line by line, in a language. */
  const linesIn = (locale: Locale) =>
    [
      can.frequency
        ? frequency[can.frequency.kind]
          ? t(locale, 'agreement.lineEvery', { title: can.frequency.title, every: frequency[can.frequency.kind]! })
          : t(locale, can.frequency.minimum ? 'agreement.linePolicy' : 'agreement.lineNotAgreed', { title: can.frequency.title })
        : undefined,
      can.agreedPhase
        ? phaseDay !== undefined
          ? t(locale, 'agreement.linePhaseAgreed', { day: dayText(phaseDay, locale) })
          : t(locale, 'agreement.linePhaseNot')
        : undefined,
      can.dueAfter && reviewDay !== undefined
        ? t(locale, 'agreement.lineReview', {
            event: can.dueAfter.rule.event,
            day: dayText(reviewDay, locale),
            title: can.dueAfter.title,
            due: dayText(context.calendar.onOrBefore(addCalendarDuration(reviewDay, can.dueAfter.rule.within)), locale),
          })
        : undefined,
      termsChanged ? (values.terms ? t(locale, 'agreement.lineTerms', { terms: values.terms }) : t(locale, 'agreement.lineTermsOut')) : undefined,
    ]
      .filter((line): line is string => Boolean(line))
      .join('. ');
  await context.db.transaction().execute(async (trx) => {
    await trx.updateTable('person').set(set).where('id', '=', supervisee.id).execute();
    // What was signed no longer stands: whoever had signed signs the agreement with its new terms.
    if (termsChanged)
      await trx
        .updateTable('supervision_agreement')
        .set({ content: JSON.stringify({ ...content, added: values.terms || undefined }), supervisor_signed_at: null, supervisee_signed_at: null })
        .where('id', '=', row.id)
        .where('signed_at', 'is', null)
        .execute();
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'agreement.arrangements',
      objectType: 'person',
      objectId: supervisee.id,
      detail: {
        agreementId: row.id,
        frequency: set.agreed_frequency,
        phaseEnds: set.agreed_phase_ends,
        practiceReviewOn: set.practice_review_on,
        termsChanged,
      },
    });
    const otherId = actor.id === row.supervisor_id ? row.supervisee_id : row.supervisor_id;
    // The other reads it in their own language.
    const theirs = await speechOfPerson(trx, context.pack, otherId);
    const name = actor.display_name;
    await notifyPerson(trx, {
      personId: otherId,
      // Keyed by what was saved and the day: a second press of Save tells them nothing more.
      key: `agreement:${row.id}:arrangements:${formatIsoDate(from)}:${set.agreed_frequency ?? ''}|${set.agreed_phase_ends ?? ''}|${set.practice_review_on ?? ''}|${termsKey(values.terms)}:${otherId}`,
      now,
      text: t(theirs, supervisee.id === otherId ? 'agreement.arrangementsNoticeYour' : 'agreement.arrangementsNoticeTheir', {
        name,
        supervisee: supervisee.display_name,
      }),
      view: {
        card: 'notice',
        speech: theirs,
        data: {
          title: t(theirs, 'agreement.arrangementsNoticeTitle', { name }),
          text: inEach(theirs, (locale) => t(locale, 'agreement.arrangementsNoticeText', { lines: linesIn(locale), terms: termsChanged ? 'yes' : 'no' }), {
            paragraphs: true,
          }),
          facts: [],
        },
      },
    });
  });
  return arrangementsForm(context, actor, input, {
    saved: inEach(speech, (locale) => t(locale, 'agreement.savedText', { lines: linesIn(locale) }), { paragraphs: true }),
  });
}

// ---- The PRD's evaluation meeting (Cafcass Cymru 2.6) -------------------------------------------------

/** The kinds whose record books a further meeting, with the record model and the date field. */
function followUps(pack: PolicyPack): { kind: SupervisionKind; title: string; model: string; field: string }[] {
  return Object.entries(pack.kinds).flatMap(([kind, rule]) =>
    rule?.followUp && rule.record ? [{ kind: kind as SupervisionKind, title: rule.title, model: rule.record.model, field: rule.followUp.field }] : [],
  );
}

type FollowUpRow = { record_key: string; version_no: number; supervisee_id: string; author_id: string; content: unknown; model: string };

/** The latest version of each record of these models the person is in, with the date its follow-up field gives. */
function meetingsOf(rows: FollowUpRow[], pack: PolicyPack): { key: string; day: DayNumber; superviseeId: string; authorId: string; title: string }[] {
  const latest = new Map<string, FollowUpRow>();
  for (const row of rows) if ((latest.get(row.record_key)?.version_no ?? -1) < row.version_no) latest.set(row.record_key, row);
  return [...latest.values()].flatMap((row) => {
    const rule = followUps(pack).find((one) => one.model === row.model);
    const content = (typeof row.content === 'string' ? JSON.parse(row.content) : row.content) as { values?: Record<string, unknown> };
    // Stored by its form input's name (recordForm.ts fieldInputId: f.<field>).
    const value = rule ? content.values?.[fieldInputId({ id: rule.field } as Parameters<typeof fieldInputId>[0])] : undefined;
    const day = typeof value === 'string' ? parseIsoDate(value) : undefined;
    return rule && day !== undefined ? [{ key: row.record_key, day, superviseeId: row.supervisee_id, authorId: row.author_id, title: rule.title }] : [];
  });
}

const followUpRows = (db: Db, models: string[]) =>
  db.selectFrom('record').select(['record_key', 'version_no', 'supervisee_id', 'author_id', 'content', 'model']).where('model', 'in', models);

/** For "upcoming": each meeting a record booked for the actor, from today to the horizon. No query where the pack books none. */
async function followUpDues(context: FlowContext, actor: Actor, from: DayNumber, horizonDays: number): Promise<{ day: DayNumber; what: string }[]> {
  const kinds = followUps(context.pack);
  if (kinds.length === 0) return [];
  const rows = await followUpRows(
    context.db,
    kinds.map((one) => one.model),
  )
    .where((where) => where.or([where('supervisee_id', '=', actor.id), where('author_id', '=', actor.id)]))
    .execute();
  const meetings = meetingsOf(rows, context.pack).filter((meeting) => meeting.day >= from && meeting.day <= from + horizonDays);
  if (meetings.length === 0) return [];
  const who = await names(context.db, [...new Set(meetings.flatMap((meeting) => [meeting.superviseeId, meeting.authorId]))]);
  return meetings.map((meeting) => ({
    day: meeting.day,
    what: t(speechOf(context.pack, actor), 'agreement.meetingUpcoming', {
      title: meeting.title,
      name: who.get(meeting.superviseeId === actor.id ? meeting.authorId : meeting.superviseeId) ?? '',
    }),
  }));
}

/** On the day of a meeting a record booked, both are reminded, once (keyed by the record and the day). */
export function followUpProvider(context: FlowContext): DueProvider {
  let lastLookDay = Number.NEGATIVE_INFINITY;
  return {
    name: 'evaluation meetings booked on records',
    async due(db: Kysely<Database>, now: Date) {
      const kinds = followUps(context.pack);
      if (kinds.length === 0) return [];
      const day = today(now, context.calendar);
      if (day === lastLookDay || !context.calendar.isWithinWorkingHours(DateTime.fromJSDate(now))) return [];
      lastLookDay = day;
      const rows = await followUpRows(
        db,
        kinds.map((one) => one.model),
      ).execute();
      return meetingsOf(rows, context.pack)
        .filter((meeting) => meeting.day === day)
        .map((meeting): DueItem => ({
          key: `follow-up:${meeting.key}:${formatIsoDate(day)}`,
          apply: async (trx, at) => {
            // Both, their names and languages in one query: each told in their own language.
            const people = new Map(
              (
                await trx.selectFrom('person').select(['id', 'display_name', 'language']).where('id', 'in', [meeting.superviseeId, meeting.authorId]).execute()
              ).map((row) => [row.id, row]),
            );
            const rule = followUps(context.pack).find((one) => one.title === meeting.title)!;
            for (const personId of [meeting.superviseeId, meeting.authorId]) {
              const theirs = speechOf(context.pack, people.get(personId));
              const values = {
                title: meeting.title,
                name: people.get(personId === meeting.superviseeId ? meeting.authorId : meeting.superviseeId)?.display_name ?? '',
              };
              await notifyPerson(trx, {
                personId,
                key: `follow-up:${meeting.key}:${formatIsoDate(day)}:${personId}`,
                now: at,
                text: t(theirs, 'agreement.meetingTodayTitle', values),
                view: {
                  card: 'notice',
                  speech: theirs,
                  data: {
                    title: t(theirs, 'agreement.meetingTodayTitle', values),
                    text: t(theirs, 'agreement.meetingTodayText', values, { paragraphs: true }),
                    facts: [
                      { title: t(theirs, 'agreement.ruleFact'), value: citeSource(context.pack, entryOf(context.pack.kinds, rule.kind)!.followUp!.source) },
                    ],
                  },
                },
              });
            }
          },
        }));
    },
  };
}
