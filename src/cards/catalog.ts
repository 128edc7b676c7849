// Every card in cards/ and the one zod schema for what its Action.Execute buttons send back.
// A card whose buttons only open links has no submit schema. Tests check this list against cards/.
import { z } from 'zod';
import { urgencyLevels } from '../domain/policy/schema.js';
import { withoutControlCharacters } from './userText.js';
import { locales, type Speech } from '../i18n/catalogue.js';

const count = (size: number) => size.toLocaleString('en-GB');

/**
 * What someone typed: control characters taken out (PostgreSQL refuses NUL; none has a place in a note), then at
 * most `most` characters, the form's maxLength, refused with a message that names the field.
 */
export const freeText = (name: string, most: number) =>
  z
    .string()
    .overwrite(withoutControlCharacters)
    .max(most, { error: (issue) => `${name} is ${count(String(issue.input).length)} characters; keep it to ${count(most)}.` });

/** An id or a choice the card sends back: no control characters either, and short. */
const token = (most = 100) => z.string().overwrite(withoutControlCharacters).max(most);

const timeOfDay = z.string({ error: 'Choose a time.' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Choose a time, as HH:MM.' });

/** Buttons that only move between views carry no data. */
export const noData = z.strictObject({});

const isoDate = z.string({ error: 'Choose a date.' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Choose a date, as YYYY-MM-DD.' });
/** A button on one action: Done, Ask for more time. */
const actionButton = z.strictObject({ actionId: z.uuid({ error: 'That action is not one I know.' }) });

// What a record is of: a trigger request or a held session. Cards carry both ids, the other one empty.
const idOrNone = (error: string) => z.union([z.uuid({ error }), z.literal('', { error })], { error }).default('');
const requestIdOrNone = idOrNone('requestId: that request is not one I know.');
const sessionIdOrNone = idOrNone('sessionId: that session is not one I know.');
const exactlyOneSubject = (value: { requestId: string; sessionId: string }, context: z.RefinementCtx) => {
  if ((value.requestId === '') === (value.sessionId === ''))
    context.addIssue({
      code: 'custom',
      path: [value.requestId === '' ? 'requestId' : 'sessionId'],
      message: 'requestId or sessionId: a record is of one request or one held session, so give exactly one of them.',
    });
};

// The record form's inputs are named from the pack's recording model: each name's limit is its input's maxLength
// in cards/record.json (a test holds them together); anything else the form sends is a choice, a date or an id.
const recordInputs: { name: RegExp; says: (match: RegExpExecArray) => string; most: number }[] = [
  { name: /^caseReference$/, says: () => 'The case reference', most: 40 },
  { name: /^f\.(.+)$/, says: (match) => `The ${match[1]} field`, most: 2800 },
  { name: /^prevReason\./, says: () => 'The reason for an earlier action', most: 500 },
  { name: /^action\.(\d+)\.what$/, says: (match) => `Action ${match[1]}: what`, most: 500 },
  { name: /^amendReason$/, says: () => 'Why you are amending', most: 1000 },
];

function withinRecordLimits(value: Record<string, unknown>, context: z.RefinementCtx): void {
  for (const [key, field] of Object.entries(value)) {
    if (key === 'requestId' || key === 'sessionId' || typeof field !== 'string') continue;
    let says = key;
    let most = 100;
    for (const input of recordInputs) {
      const match = input.name.exec(key);
      if (match) {
        says = input.says(match);
        most = input.most;
        break;
      }
    }
    if (field.length > most)
      context.addIssue({ code: 'custom', path: [key], message: `${says} is ${count(field.length)} characters; keep it to ${count(most)}.` });
  }
}

/** "Record it": the request or the held session to record, exactly one. */
export const recordSubject = z.strictObject({ requestId: requestIdOrNone, sessionId: sessionIdOrNone }).superRefine(exactlyOneSubject);

export const cardCatalog = {
  home: { submit: noData },
  help: { submit: noData },
  upcoming: { submit: noData },
  actions: { submit: actionButton },
  'action-reminder': { submit: actionButton },
  'action-extend': {
    submit: z.strictObject({
      actionId: z.uuid({ error: 'That action is not one I know.' }),
      /** Made when the form is shown: a second press of Ask finds the request already there. */
      extensionId: z.uuid({ error: 'That form is not one I know: press Ask for more time again.' }),
      date: isoDate,
      reason: freeText('Why you need more time', 500).default(''),
    }),
  },
  'action-extension': { submit: z.strictObject({ extensionId: z.uuid({ error: 'That request is not one I know.' }) }) },
  team: { submit: noData },
  pending: { submit: noData },
  'raise-pick': { submit: z.strictObject({ triggerId: token().min(1) }) },
  'raise-form': {
    submit: z.strictObject({
      triggerId: token().min(1),
      /** Made when the form is shown: a second press of Send finds the request already there. */
      requestId: z.uuid({ error: 'That form is not one I know: start again with /supervision raise.' }),
      caseReference: freeText('The case reference', 40).default(''),
      urgency: z.enum(urgencyLevels, { error: 'Choose how urgent it is.' }),
      experience: freeText('What happened', 1500).default(''),
      goal: freeText('What you need from supervision', 1000).default(''),
      availability: freeText('When you are free to talk', 300).default(''),
      /** Cumberland 12: a different supervisor, by person id; empty for the practitioner's own. */
      askInstead: token().default(''),
      /** Ticked after the bot warned of what looks like a person's name in the text. */
      sendAnyway: z.enum(['true', 'false'], { error: 'Tick the box, or leave it.' }).default('false'),
    }),
  },
  /** A supervisor's trigger about a supervisee (supervisorRaise.ts): which supervisee, the case, what it is about. */
  'supervisor-raise': {
    submit: z.strictObject({
      triggerId: token().min(1),
      /** Made when the form is shown: a second press of Send finds it already there. */
      requestId: z.uuid({ error: 'That form is not one I know: start again with /supervision raise.' }),
      supervisee: token().default(''),
      caseReference: freeText('The case reference', 40).default(''),
      /** The trigger's occasion, where it has one (Cafcass 1.5: what the management oversight was). */
      occasion: freeText('What it arises from', 200).default(''),
      text: freeText('What it is about', 1500).default(''),
      sendAnyway: z.enum(['true', 'false'], { error: 'Tick the box, or leave it.' }).default('false'),
    }),
  },
  /** Cumberland 12: the practitioner asks to speak to another supervisor, until a last day. */
  'different-supervisor-ask': {
    submit: z.strictObject({
      /** Made when the form is shown: a second press of Ask finds the request already there. */
      arrangementId: z.uuid({ error: 'That form is not one I know: choose the person again on the raise form.' }),
      other: token().default(''),
      endsOn: z.union([isoDate, z.literal('')], { error: 'Choose a date, as YYYY-MM-DD.' }).default(''),
    }),
  },
  /** Each party asked: Agree or Decline. */
  'different-supervisor-agree': { submit: z.strictObject({ arrangementId: z.uuid({ error: 'That request is not one I know.' }) }) },
  'trigger-request': { submit: z.strictObject({ requestId: z.uuid({ error: 'That request is not one I know.' }) }) },
  'trigger-propose': {
    submit: z.strictObject({
      requestId: z.uuid({ error: 'That request is not one I know.' }),
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Choose a date.' }),
      time: timeOfDay,
      note: freeText('The note', 300).default(''),
    }),
  },
  'trigger-reassign': {
    submit: z.strictObject({
      requestId: z.uuid({ error: 'That request is not one I know.' }),
      to: token().default(''),
      reason: freeText('Why', 500).default(''),
    }),
  },
  'trigger-status': { submit: z.strictObject({ requestId: z.uuid({ error: 'That request is not one I know.' }) }) },
  record: {
    // The inputs are named from the pack's recording model (f.<field>, prev.<action>, action.<n>.what, ...).
    // Of a request or of a held session: exactly one of requestId and sessionId.
    submit: z
      .object({ requestId: requestIdOrNone, sessionId: sessionIdOrNone })
      .catchall(z.union([z.string(), z.number(), z.boolean()]).transform((value) => withoutControlCharacters(String(value))))
      .superRefine(exactlyOneSubject)
      .superRefine(withinRecordLimits),
  },
  'record-sign': { submit: z.strictObject({ recordId: z.uuid({ error: 'That record is not one I know.' }) }) },
  /** The supervision agreement: Sign, read, or start its review (issue 19). */
  agreement: { submit: z.strictObject({ agreementId: z.uuid({ error: 'That agreement is not one I know.' }) }) },
  /** What the two agreed (issue 19): how often, the day they moved on from weekly, the last Practice Review; empty is "not set". */
  'agreement-arrangements': {
    submit: z.strictObject({
      agreementId: z.uuid({ error: 'That agreement is not one I know.' }),
      every: freeText('How often', 40).default(''),
      phaseEndedOn: z.union([isoDate, z.literal('')]).default(''),
      practiceReviewOn: z.union([isoDate, z.literal('')]).default(''),
      terms: freeText('Terms you add', 2000).default(''),
    }),
  },
  'record-disagree': {
    submit: z.strictObject({
      recordId: z.uuid({ error: 'That record is not one I know.' }),
      comment: freeText('Your disagreement', 2000).default(''),
    }),
  },
  /** The outcome of a disagreement, recorded by the one who settles it (Cafcass Cymru 2.8). */
  'dispute-outcome': {
    submit: z.strictObject({
      recordId: z.uuid({ error: 'That record is not one I know.' }),
      outcome: freeText('The outcome', 2000).default(''),
    }),
  },
  /** A disagreement the two try to resolve first: Escalate, or We resolved it. */
  'record-dispute': { submit: z.strictObject({ recordId: z.uuid({ error: 'That record is not one I know.' }) }) },
  records: { submit: z.strictObject({ recordId: z.uuid({ error: 'That record is not one I know.' }) }) },
  /** A personal record not the reader's (Cumberland 10): ask the supervisee's consent, or read it on a need-to-know basis, with why. */
  'record-access': {
    submit: z.strictObject({
      recordId: z.uuid({ error: 'That record is not one I know.' }),
      reason: freeText('Why', 500).default(''),
    }),
  },
  /** The supervisee asked: Give consent or Decline. */
  'record-consent': { submit: z.strictObject({ consentId: z.uuid({ error: 'That request is not one I know.' }) }) },
  'case-file': {
    // Amend the record (needs what it is of: the request or the session), Download as a file (only the record).
    submit: z.strictObject({
      requestId: z.union([z.uuid(), z.literal('')], { error: 'That request is not one I know.' }),
      sessionId: sessionIdOrNone,
      recordId: z.uuid({ error: 'That record is not one I know.' }),
    }),
  },
  settings: {
    submit: z.strictObject({
      reminderTime: timeOfDay,
      /** Where the organisation offers the choice (the pack's `language`): the language the bot writes to them in. */
      language: z.enum(locales, { error: 'Choose Cymraeg or English.' }).optional(),
    }),
  },
  message: { submit: undefined },
  /**
   * Its buttons, when it has any, open a command's card (the catch-up's "My open actions"), or the
   * booking form for the person an overdue notice is about.
   */
  /** The oversight report (issue 20): "Download the report" (HTML) and "Download as CSV" name the month and format only; the teams are the presser's line, read again. */
  report: {
    submit: z.strictObject({
      month: z.string({ error: 'month: say which month, as YYYY-MM.' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'month: say which month, as YYYY-MM.' }),
      format: z.enum(['csv', 'html'], { error: 'format: the report goes as a file in CSV or HTML.' }),
    }),
  },
  notice: {
    submit: z.union([
      noData,
      z.strictObject({ supervisee: z.uuid({ error: 'That person is not one I know.' }) }),
      // "Read it" once the supervisee gave consent to read their personal record (Cumberland 10).
      z.strictObject({ recordId: z.uuid({ error: 'That record is not one I know.' }) }),
      // "Ask my supervisor" on a supervisee's own overdue notice: which kind, and whom to ask.
      z.strictObject({
        kind: z.string({ error: 'Say which supervision is overdue.' }).min(1).max(40),
        to: z.enum(['supervisor', 'manager'], { error: 'Choose your supervisor or the next manager.' }),
      }),
    ]),
  },
  session: { submit: z.strictObject({ sessionId: z.uuid({ error: 'That session is not one I know.' }) }) },
  /** A case's supervision raised above its category's frequency (Cumberland 4): the case, every N weeks (0: the category's own), and why. */
  'case-frequency': {
    submit: z.strictObject({
      caseReference: token(40).default(''),
      everyWeeks: z
        .string()
        .regex(/^\d{1,2}$/, { error: 'Choose how often.' })
        .default(''),
      reason: z.enum(['supervisor', 'supervisee'], { error: 'Choose why.' }),
    }),
  },
  'session-book': {
    submit: z.strictObject({
      /** Made when the form is shown: a second press of Book finds the session already there. */
      bookingId: z.uuid({ error: 'That form is not one I know: start again with /supervision book.' }),
      /** The cancelled session this one rebooks, or empty. */
      replaces: z.union([z.uuid(), z.literal('')]).default(''),
      supervisee: token().default(''),
      kind: token(40).default(''),
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Choose a date.' }),
      time: timeOfDay,
      duration: z
        .string()
        .max(3, { error: 'The length is at most 3 digits: give it in whole minutes, e.g. 90, or leave it empty.' })
        .regex(/^\d{0,3}$/, { error: 'Give the length in whole minutes, e.g. 90, or leave it empty.' })
        .default(''),
    }),
  },
  'session-change': {
    submit: z.strictObject({
      sessionId: z.uuid({ error: 'That session is not one I know.' }),
      date: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Choose a date.' }), z.literal('')]).default(''),
      time: z.union([timeOfDay, z.literal('')]).default(''),
      reason: token(200).default(''),
      note: freeText('The note', 300).default(''),
    }),
  },
  'group-setup': {
    submit: z.strictObject({
      /** Made when the form is shown: it becomes the first session's id, so a second press finds it there. */
      setupId: z.uuid({ error: 'That form is not one I know: start again with /supervision group setup.' }),
      /** The channel the form was opened in (Slack brings it back this way; Teams reads it from the activity). */
      channel: token(200).default(''),
      team: token().default(''),
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Choose a date.' }),
      time: timeOfDay,
      /** Weeks between sessions, where the pack gives a range ("every 2 to 4 weeks"); checked against it in the flow. */
      interval: z.string().max(2, { error: 'Choose how many weeks apart the sessions are.' }).default(''),
      duration: z
        .string()
        .max(3, { error: 'The length is at most 3 digits: give it in whole minutes, e.g. 90.' })
        .regex(/^\d{1,3}$/, { error: 'Give the length in whole minutes, e.g. 90.' }),
    }),
  },
  'group-move-channel': {
    submit: z.strictObject({
      /** The channel the form was opened in (Slack brings it back this way; Teams reads it from the activity). */
      channel: token(200).default(''),
      team: token().default(''),
    }),
  },
  'group-attendance': {
    submit: z.strictObject({
      sessionId: z.uuid({ error: 'That session is not one I know.' }),
      /** The ticked people's ids, comma-separated, as a multi-select submits them. */
      attended: z.string().max(5000, { error: 'That is more people than a team has.' }).default(''),
      notHeld: z.enum(['true', 'false'], { error: 'Tick it or leave it.' }).default('false'),
    }),
  },
  'group-rebook': {
    submit: z.strictObject({
      /** The cancelled group session whose place in the series the new one takes. */
      sessionId: z.uuid({ error: 'That session is not one I know.' }),
      /** Made when the form is shown: it becomes the new session's id, so a second press finds it there. */
      rebookId: z.uuid({ error: 'That form is not one I know: press Rebook it on the group card again.' }),
      date: isoDate,
      time: timeOfDay,
    }),
  },
  'group-case': {
    submit: z.strictObject({
      sessionId: z.uuid({ error: 'That session is not one I know.' }),
      caseReference: freeText('The case reference', 40).default(''),
    }),
  },
} as const;

export type CardName = keyof typeof cardCatalog;
export const cardNames = Object.keys(cardCatalog) as CardName[];

/** What a flow asks a channel to show: a card and the data it is expanded with. */
export interface View {
  card: CardName;
  data: Record<string, unknown>;
  /** The language(s) its words are in (src/i18n): the card's own from the catalogue; the data's as the flow wrote them. English if left out. */
  speech?: Speech;
}
