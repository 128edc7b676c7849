// The front door of the flows: a typed command ("/supervision upcoming") or a card action (a verb and
// its data). Every action's data is parsed with the card's zod schema, and every action is
// re-authorised here: a card can be forwarded, replayed or clicked twice.
import { answerConsent, askConsent, readNeedToKnow } from './recordConsent.js';
import type { z } from 'zod';
import { cardCatalog, noData, recordSubject } from '../cards/catalog.js';
import type { Actor, FlowContext, FlowResult, Place } from './context.js';
import { PERSONAL, SUPERVISING_ROLES, message } from './context.js';
import { markDoneFromList, openActions, pendingTriggers } from './lists.js';
import { askForMoreTime, decideExtension, extendForm, markDone } from './actions.js';
import { askAboutOverdue } from './overdueAsk.js';
import { acceptTrigger, proposeForm, proposeTime, raiseForm, raisePick, raiseSubmit, reassignForm, reassignTrigger } from './triggers.js';
import { seniorJoined } from './triggerRecorder.js';
import { noProgress } from './noProgress.js';
import { openRaiseForm, supervisorRaiseSubmit } from './supervisorRaise.js';
import { answerAsk, askForm, askSubmit, otherSupervisors } from './differentSupervisor.js';
import { addActionRow, amendForm, amendRecord, disagreeForm, openRecord, saveRecord, signRecord } from './records.js';
import { disputeOutcomeForm, recordDisputeOutcome, settleDispute } from './disputes.js';
import { finishCases } from './caseRecords.js';
import { caseFrequencyForm, setCaseFrequency } from './caseCadence.js';
import { team, upcoming } from './schedule.js';
import { saveSettings, showSettings } from './settings.js';
import { channelSpeech, languagePolicy, speechOf } from './speech.js';
import { checkIn } from './checks.js';
import { t, type MessageId, type Speech } from '../i18n/catalogue.js';
import { recordAway } from './away.js';
import { listRecords, showRecord } from './readRecords.js';
import { bookForm, bookSession, changeForm, endSession, markHeld, moveSession, requestMove, type ChangeMode } from './sessions.js';
import { offerRecordFile } from './recordFile.js';
import { offerReportFile, reportCommand } from './reports/oversightReport.js';
import { REPORT_READERS } from './reports/line.js';
import { arrangementsForm, listAgreements, reviewAgreement, saveArrangements, showAgreement, signAgreement } from './agreements.js';
import { offerSessionCalendar } from './sessionCalendar.js';
import { groupCommand, setupForm, setupGroup } from './group/setup.js';
import { moveChannel, moveChannelForm } from './group/moveChannel.js';
import { attendanceForm, caseForm, markRecorded, saveAttendance, saveCase } from './group/actions.js';
import { cancelGroupSession, groupChangeForm, moveGroupSession, rebookForm, rebookGroupSession } from './group/change.js';

interface Command {
  description: string;
  supervisorsOnly?: boolean;
  /** Only these roles see its button on the home card (and the command itself checks them again). */
  roles?: readonly Actor['role'][];
  /** The button on the home card. */
  button?: string;
  run(context: FlowContext, actor: Actor, rest: string, place: Place): FlowResult | Promise<FlowResult>;
}

export const commands: Record<string, Command> = {
  help: { description: 'What I can do', button: 'Help', run: (context, actor) => help(context, actor) },
  raise: { description: 'Ask for supervision: raise a trigger', button: 'Raise a supervision trigger', run: (context, actor) => raisePick(context, actor) },
  upcoming: { description: 'When your next supervision is due', button: 'My upcoming supervision', run: upcoming },
  actions: { description: 'Your open actions', button: 'My open actions', run: openActions },
  team: { description: "Supervisors: your team's supervision", button: 'My team', supervisorsOnly: true, run: team },
  pending: { description: 'Supervisors: triggers waiting for you', button: 'Triggers waiting for me', supervisorsOnly: true, run: pendingTriggers },
  book: {
    description: 'Supervisors: book a supervision session',
    button: 'Book supervision',
    supervisorsOnly: true,
    run: (context, actor) => bookForm(context, actor),
  },
  settings: { description: 'When I send you reminders', button: 'My reminder time', run: (context, actor) => showSettings(context, actor) },
  records: { description: 'Read the signed supervision records of a case (records CASE-REF), or your own that name no case (records)', run: listRecords },
  away: { description: 'Record that you are away: away FROM TO, e.g. away 2026-12-21 2026-12-24', run: recordAway },
  // Last: a personal chat's list of commands in Teams holds ten, and this one belongs in the team's channel.
  group: {
    description: "Your team's next group supervision and its rota; group setup (or group move) in the team's channel",
    run: groupCommand,
  },
  agreement: { description: 'Your supervision agreement: read it, and sign it when asked', run: (context, actor) => listAgreements(context, actor) },
  report: {
    description: "Managers and auditors: the oversight report of your teams' supervision for a month (report YYYY-MM; the last full month without one)",
    button: 'Oversight report',
    roles: REPORT_READERS,
    run: reportCommand,
  },
};

/** Looked up by the word typed: a Map, so "constructor" or "__proto__" is an unknown word, not Object's. */
const commandByVerb: ReadonlyMap<string, Command> = new Map(Object.entries(commands));

/** What answers in a team channel too: everything else is private. */
export const channelCommands: readonly string[] = ['group'];
export const channelVerbs: readonly string[] = ['group.setup', 'group.move-channel'];

interface ActionWithData {
  schema: z.ZodType;
  run(context: FlowContext, actor: Actor, data: never, place: Place): FlowResult | Promise<FlowResult>;
  /** Given where the button was pressed; other actions' functions may take a fourth argument of their own. */
  takesPlace?: true;
  /** Shows the form again with the problems by their fields. */
  invalid?(context: FlowContext, actor: Actor, data: Record<string, unknown>, errors: Record<string, string>, place: Place): FlowResult | Promise<FlowResult>;
}

type SessionChange = z.output<(typeof cardCatalog)['session-change']['submit']>;
/** A form about one session, shown again with what was sent and its problems. */
type SessionForm = (
  context: FlowContext,
  actor: Actor,
  data: { sessionId: string },
  state?: { values?: never; errors?: Record<string, string> },
) => Promise<FlowResult>;

/** A session's form shown again with its problems by their fields, when what it sent does not parse. */
const againWithProblems =
  (form: SessionForm): ActionWithData['invalid'] =>
  (context, actor, data, errors) =>
    typeof data.sessionId === 'string'
      ? form(context, actor, { sessionId: data.sessionId }, { values: data as never, errors })
      : message('Something was wrong with that', 'That form is not one I know.');

/** A change form (`prefix.mode-form`) and the change it submits (`prefix.mode`): the form again, with its problems, when the data is bad. */
function changeActions(
  prefix: 'session' | 'group',
  mode: string,
  form: SessionForm,
  run: (context: FlowContext, actor: Actor, input: SessionChange) => Promise<FlowResult>,
): Record<string, ActionWithData> {
  return {
    [`${prefix}.${mode}-form`]: {
      schema: cardCatalog.session.submit,
      run: ((context: FlowContext, actor: Actor, data: { sessionId: string }) => form(context, actor, data)) as never,
    },
    [`${prefix}.${mode}`]: {
      schema: cardCatalog['session-change'].submit,
      run: run as never,
      invalid: againWithProblems(form),
    },
  };
}

/** A one-to-one session's change form, and the change it submits. */
const sessionChange = (mode: ChangeMode, run: (context: FlowContext, actor: Actor, input: SessionChange) => Promise<FlowResult>) =>
  changeActions('session', mode, (context, actor, data, state) => changeForm(context, actor, data, mode, state), run);

const withSession = <T>(run: (context: FlowContext, actor: Actor, data: { sessionId: string }) => T) =>
  ((context: FlowContext, actor: Actor, data: { sessionId: string }) => run(context, actor, data)) as never;

const groupActions: Record<string, ActionWithData> = {
  'group.setup': {
    schema: cardCatalog['group-setup'].submit,
    run: setupGroup as never,
    takesPlace: true,
    invalid: (context, actor, data, errors, place) => setupForm(context, actor, place, { values: data as never, errors }),
  },
  'group.move-channel': {
    schema: cardCatalog['group-move-channel'].submit,
    run: moveChannel as never,
    takesPlace: true,
    invalid: (context, actor, data, errors, place) => moveChannelForm(context, actor, place, { values: data as never, errors }),
  },
  'group.case-form': { schema: cardCatalog.session.submit, run: withSession(caseForm) },
  'group.case': {
    schema: cardCatalog['group-case'].submit,
    run: saveCase as never,
    invalid: againWithProblems(caseForm),
  },
  'group.attendance-form': { schema: cardCatalog.session.submit, run: withSession(attendanceForm) },
  'group.attendance': {
    schema: cardCatalog['group-attendance'].submit,
    run: saveAttendance as never,
    invalid: againWithProblems(attendanceForm),
  },
  'group.recorded': { schema: cardCatalog.session.submit, run: withSession(markRecorded) },
  ...changeActions('group', 'move', (context, actor, data, state) => groupChangeForm(context, actor, data, 'move', state), moveGroupSession),
  ...changeActions('group', 'cancel', (context, actor, data, state) => groupChangeForm(context, actor, data, 'cancel', state), cancelGroupSession),
  'group.rebook-form': { schema: cardCatalog.session.submit, run: withSession(rebookForm) },
  'group.rebook': {
    schema: cardCatalog['group-rebook'].submit,
    run: rebookGroupSession as never,
    invalid: againWithProblems(rebookForm),
  },
};

/** The supervision agreement's buttons (agreements.ts): each re-authorises who pressed it. */
const withAgreement = (run: (context: FlowContext, actor: Actor, data: { agreementId: string }) => Promise<FlowResult>): ActionWithData => ({
  schema: cardCatalog.agreement.submit,
  run: ((context: FlowContext, actor: Actor, data: { agreementId: string }) => run(context, actor, data)) as never,
});

const actionsWithData: Record<string, ActionWithData> = {
  ...groupActions,
  // A case's supervision raised above its category's frequency (caseCadence.ts, Cumberland 4).
  'case.frequency-form': { schema: cardCatalog.team.submit, run: ((context: FlowContext, actor: Actor) => caseFrequencyForm(context, actor)) as never },
  'case.frequency': {
    schema: cardCatalog['case-frequency'].submit,
    run: setCaseFrequency as never,
    invalid: (context, actor, data, errors) => caseFrequencyForm(context, actor, { values: data, errors }),
  },
  'agreement.sign': withAgreement(signAgreement),
  'agreement.show': withAgreement(showAgreement),
  'agreement.review': withAgreement(reviewAgreement),
  'agreement.arrangements': withAgreement((context, actor, data) => arrangementsForm(context, actor, data)),
  'agreement.arrangements.save': {
    schema: cardCatalog['agreement-arrangements'].submit,
    run: saveArrangements as never,
    invalid: (context, actor, data, errors) =>
      typeof data.agreementId === 'string'
        ? arrangementsForm(context, actor, { agreementId: data.agreementId }, { values: data as never, errors })
        : message('Something was wrong with that', 'That form is not one I know: start again with /supervision agreement.'),
  },
  // An overdue notice's Book it: the booking form, for the person it is about (bookForm checks they are the actor's).
  'book.for': {
    schema: cardCatalog.notice.submit,
    run: ((context: FlowContext, actor: Actor, data: { supervisee?: string }) =>
      bookForm(context, actor, data.supervisee ? { supervisee: data.supervisee } : {})) as never,
  },
  // A supervisee's own overdue notice: ask their supervisor or the next manager (overdueAsk.ts re-checks it).
  'overdue.ask': {
    schema: cardCatalog.notice.submit,
    run: ((context: FlowContext, actor: Actor, data: { kind?: string; to?: 'supervisor' | 'manager' }) =>
      data.kind && data.to
        ? askAboutOverdue(context, actor, { kind: data.kind, to: data.to })
        : message('Something was wrong with that', 'That button is not one I know: see /supervision upcoming.')) as never,
  },
  'session.book': {
    schema: cardCatalog['session-book'].submit,
    run: bookSession as never,
    invalid: (context, actor, data, errors) => bookForm(context, actor, { values: data as never, errors }),
  },
  ...sessionChange('move', moveSession),
  ...sessionChange('cancel', (context, actor, input) => endSession(context, actor, input, 'cancel')),
  ...sessionChange('not-held', (context, actor, input) => endSession(context, actor, input, 'not-held')),
  ...sessionChange('request-move', requestMove),
  'session.calendar': {
    schema: cardCatalog.session.submit,
    run: ((context: FlowContext, actor: Actor, data: { sessionId: string }) => offerSessionCalendar(context, actor, data)) as never,
  },
  'session.held': {
    schema: cardCatalog.session.submit,
    run: ((context: FlowContext, actor: Actor, data: { sessionId: string }) => markHeld(context, actor, data)) as never,
  },
  'session.held-late': {
    schema: cardCatalog.session.submit,
    run: ((context: FlowContext, actor: Actor, data: { sessionId: string }) => markHeld(context, actor, { ...data, late: true })) as never,
  },
  'settings.save': {
    schema: cardCatalog.settings.submit,
    run: saveSettings as never,
    invalid: (context, actor, _data, errors) => showSettings(context, actor, { errors }),
  },
  'raise.form': {
    schema: cardCatalog['raise-pick'].submit,
    // A supervisor's trigger about a supervisee opens its own form (supervisorRaise.ts).
    run: ((context: FlowContext, actor: Actor, data: { triggerId: string }) => openRaiseForm(context, actor, data)) as never,
  },
  'supervisor-raise.submit': {
    schema: cardCatalog['supervisor-raise'].submit,
    run: supervisorRaiseSubmit as never,
    invalid: (context, actor, _data, errors) => {
      const speech = speechOf(context.pack, actor);
      return { view: { ...message(t(speech, 'common.somethingWrong'), Object.values(errors).join(' ')).view, speech } };
    },
  },
  'raise.submit': {
    schema: cardCatalog['raise-form'].submit,
    run: raiseSubmit as never,
    invalid: async (context, actor, data, errors) =>
      typeof data.triggerId === 'string' && typeof data.requestId === 'string'
        ? raiseForm(
            context,
            { triggerId: data.triggerId },
            { values: data as never, errors, requestId: data.requestId, others: await otherSupervisors(context, actor), speech: speechOf(context.pack, actor) },
          )
        : said(speechOf(context.pack, actor), 'common.somethingWrong', 'check.formStartRaise'),
  },
  'different-supervisor.ask': {
    schema: cardCatalog['different-supervisor-ask'].submit,
    run: askSubmit as never,
    invalid: (context, actor, data, errors) =>
      typeof data.arrangementId === 'string' && Object.keys(errors).every((field) => field === 'other' || field === 'endsOn')
        ? askForm(context, actor, { arrangementId: data.arrangementId, values: data as never, errors })
        : message('Something was wrong with that', Object.values(errors).join(' ')),
  },
  'different-supervisor.agree': {
    schema: cardCatalog['different-supervisor-agree'].submit,
    run: ((context: FlowContext, actor: Actor, data: { arrangementId: string }) => answerAsk(context, actor, data, true)) as never,
  },
  'different-supervisor.decline': {
    schema: cardCatalog['different-supervisor-agree'].submit,
    run: ((context: FlowContext, actor: Actor, data: { arrangementId: string }) => answerAsk(context, actor, data, false)) as never,
  },
  'trigger.accept': { schema: cardCatalog['trigger-request'].submit, run: acceptTrigger as never },
  'trigger.propose-form': {
    schema: cardCatalog['trigger-request'].submit,
    run: ((context: FlowContext, actor: Actor, data: { requestId: string }) => proposeForm(context, actor, data)) as never,
  },
  'trigger.propose': {
    schema: cardCatalog['trigger-propose'].submit,
    run: proposeTime as never,
    invalid: (context, actor, data, errors) =>
      typeof data.requestId === 'string'
        ? proposeForm(context, actor, { requestId: data.requestId }, { errors: { date: Object.values(errors).join(' ') } })
        : message('Something was wrong with that', 'That form is not one I know.'),
  },
  'trigger.reassign-form': {
    schema: cardCatalog['trigger-request'].submit,
    run: ((context: FlowContext, actor: Actor, data: { requestId: string }) => reassignForm(context, actor, data)) as never,
  },
  'trigger.reassign': { schema: cardCatalog['trigger-reassign'].submit, run: reassignTrigger as never },
  // "No progress": the practitioner takes an answered request further (Cumberland 4; noProgress.ts).
  'trigger.no-progress': {
    schema: cardCatalog['trigger-status'].submit,
    run: ((context: FlowContext, actor: Actor, data: { requestId: string }) => noProgress(context, actor, data)) as never,
  },
  // "My manager joined the discussion": the most senior person present records it (Bexley standard four; triggerRecorder.ts).
  'trigger.senior-joined': {
    schema: cardCatalog['trigger-status'].submit,
    run: ((context: FlowContext, actor: Actor, data: { requestId: string }) => seniorJoined(context, actor, data)) as never,
  },
  // From a trigger's card (requestId) or a held session's (sessionId).
  'record.open': {
    schema: recordSubject,
    run: ((context: FlowContext, actor: Actor, data: { requestId: string; sessionId: string }) => openRecord(context, actor, data)) as never,
  },
  'record.save': { schema: cardCatalog.record.submit, run: saveRecord as never },
  // The record form's "Add another action": what was typed comes with it, and comes back in the form.
  'record.add-action': { schema: cardCatalog.record.submit, run: addActionRow as never },
  // "No more children": a supervision recorded one record per child is complete (or its personal record is next).
  'record.finish': {
    schema: recordSubject,
    run: ((context: FlowContext, actor: Actor, data: { requestId: string; sessionId: string }) => finishCases(context, actor, data)) as never,
  },
  'record.show': {
    schema: cardCatalog.records.submit,
    run: ((context: FlowContext, actor: Actor, data: { recordId: string }) => showRecord(context, actor, data)) as never,
  },
  'record.json': {
    schema: cardCatalog.records.submit,
    run: ((context: FlowContext, actor: Actor, data: { recordId: string }) => showRecord(context, actor, data, 'json')) as never,
  },
  // A personal record not the reader's, where the pack asks consent first (Cumberland 10; recordConsent.ts).
  'record.consent-ask': { schema: cardCatalog['record-access'].submit, run: askConsent as never },
  'record.need-to-know': { schema: cardCatalog['record-access'].submit, run: readNeedToKnow as never },
  'record.consent-give': {
    schema: cardCatalog['record-consent'].submit,
    run: ((context: FlowContext, actor: Actor, data: { consentId: string }) => answerConsent(context, actor, data, true)) as never,
  },
  'record.consent-decline': {
    schema: cardCatalog['record-consent'].submit,
    run: ((context: FlowContext, actor: Actor, data: { consentId: string }) => answerConsent(context, actor, data, false)) as never,
  },
  'record.download': {
    schema: cardCatalog['case-file'].submit,
    run: ((context: FlowContext, actor: Actor, data: { recordId: string }) => offerRecordFile(context, actor, data)) as never,
  },
  'report.download': {
    schema: cardCatalog.report.submit,
    run: ((context: FlowContext, actor: Actor, data: { month: string; format: 'csv' | 'html' }) => offerReportFile(context, actor, data)) as never,
  },
  'record.amend-form': { schema: cardCatalog['case-file'].submit, run: amendForm as never },
  'record.amend': { schema: cardCatalog.record.submit, run: amendRecord as never },
  'record.sign': {
    schema: cardCatalog['record-sign'].submit,
    run: ((context: FlowContext, actor: Actor, data: { recordId: string }) => signRecord(context, actor, data)) as never,
  },
  'record.disagree': {
    schema: cardCatalog['record-sign'].submit,
    run: ((context: FlowContext, actor: Actor, data: { recordId: string }) => disagreeForm(context, actor, data)) as never,
  },
  'action.done': {
    schema: cardCatalog['action-reminder'].submit,
    run: ((context: FlowContext, actor: Actor, data: { actionId: string }) => markDone(context, actor, data)) as never,
  },
  'actions.done': {
    schema: cardCatalog.actions.submit,
    run: ((context: FlowContext, actor: Actor, data: { actionId: string }) => markDoneFromList(context, actor, data)) as never,
  },
  'action.extend-form': {
    schema: cardCatalog['action-reminder'].submit,
    run: ((context: FlowContext, actor: Actor, data: { actionId: string }) => extendForm(context, actor, data)) as never,
  },
  'action.extend': {
    schema: cardCatalog['action-extend'].submit,
    run: askForMoreTime as never,
    // A bad date or reason is shown by its field; anything else in the data was not from the form.
    invalid: (context, actor, data, errors) =>
      typeof data.actionId === 'string' && Object.keys(errors).every((field) => field === 'date' || field === 'reason')
        ? extendForm(
            context,
            actor,
            { actionId: data.actionId },
            {
              ...(typeof data.extensionId === 'string' ? { extensionId: data.extensionId } : {}),
              ...(typeof data.date === 'string' ? { date: data.date } : {}),
              ...(typeof data.reason === 'string' ? { reason: data.reason } : {}),
              errors,
            },
          )
        : message('Something was wrong with that', Object.values(errors).join(' ')),
  },
  'action.extension-agree': {
    schema: cardCatalog['action-extension'].submit,
    run: ((context: FlowContext, actor: Actor, data: { extensionId: string }) => decideExtension(context, actor, data, true)) as never,
  },
  'action.extension-refuse': {
    schema: cardCatalog['action-extension'].submit,
    run: ((context: FlowContext, actor: Actor, data: { extensionId: string }) => decideExtension(context, actor, data, false)) as never,
  },
  'record.dispute': {
    schema: cardCatalog['record-disagree'].submit,
    run: ((context: FlowContext, actor: Actor, data: { recordId: string; comment: string }) => signRecord(context, actor, data, true)) as never,
  },
  'record.dispute-escalate': {
    schema: cardCatalog['record-dispute'].submit,
    run: ((context: FlowContext, actor: Actor, data: { recordId: string }) => settleDispute(context, actor, data, 'record.dispute-escalate')) as never,
  },
  'record.dispute-resolve': {
    schema: cardCatalog['record-dispute'].submit,
    run: ((context: FlowContext, actor: Actor, data: { recordId: string }) => settleDispute(context, actor, data, 'record.dispute-resolve')) as never,
  },
  'record.dispute-outcome-form': {
    schema: cardCatalog['record-dispute'].submit,
    run: ((context: FlowContext, actor: Actor, data: { recordId: string }) => disputeOutcomeForm(context, actor, data)) as never,
  },
  'record.dispute-outcome': {
    schema: cardCatalog['dispute-outcome'].submit,
    run: recordDisputeOutcome as never,
  },
};

/** Looked up by the button's verb: a Map, as the commands are. */
const actionByVerb: ReadonlyMap<string, ActionWithData> = new Map(Object.entries(actionsWithData));

export function home(context: FlowContext, actor: Actor): FlowResult {
  const speech = speechOf(context.pack, actor);
  const choices = Object.entries(commands)
    .filter(
      ([, command]) =>
        command.button && (!command.supervisorsOnly || SUPERVISING_ROLES.includes(actor.role)) && (!command.roles || command.roles.includes(actor.role)),
    )
    .map(([verb]) => ({ title: buttonTitle(context, verb, speech), verb }));
  // Help last, the rest in the order above.
  choices.push(
    ...choices.splice(
      choices.findIndex((choice) => choice.verb === 'help'),
      1,
    ),
  );
  // On first contact, until they choose (where the organisation offers the choice): how to choose.
  const choosing = languagePolicy(context.pack).offerChoice && !actor.language;
  const greeting = [
    t(speech, 'home.greeting', { name: actor.display_name }, { paragraphs: true }),
    ...(choosing ? [t(speech, 'help.languageNote', {}, { paragraphs: true })] : []),
  ].join('\n\n');
  return { view: { card: 'home', speech, data: { greeting, choices } } };
}

/** A command's button on the home card, from the catalogue; settings names the language too where the organisation offers the choice. */
function buttonTitle(context: FlowContext, verb: string, speech: Speech): string {
  return t(speech, verb === 'settings' && languagePolicy(context.pack).offerChoice ? 'button.settingsWithLanguage' : (`button.${verb}` as MessageId));
}

/** Each command's description in the catalogue; settings says it chooses the language too where the organisation offers the choice. */
function describe(context: FlowContext, command: string, speech: Speech): string {
  const id = command === 'settings' && languagePolicy(context.pack).offerChoice ? 'command.settingsWithLanguage' : (`command.${command}` as MessageId);
  return t(speech, id);
}

function help(context: FlowContext, actor: Actor, unknownCommand?: string): FlowResult {
  const speech = speechOf(context.pack, actor);
  const choosing = languagePolicy(context.pack).offerChoice && !actor.language;
  return {
    view: {
      card: 'help',
      speech,
      data: {
        ...(unknownCommand === undefined ? {} : { unknownCommand }),
        commands: [
          { command: t(speech, 'help.nothing'), description: t(speech, 'help.start') },
          ...Object.keys(commands).map((command) => ({ command, description: describe(context, command, speech) })),
        ],
        // Offered on first contact, until they choose: the note is already in both languages.
        policyNote: [
          t(speech, 'help.policyNote', { organisation: context.pack.organisation }, { paragraphs: true }),
          ...(choosing ? [t(speech, 'help.languageNote', {}, { paragraphs: true })] : []),
        ].join('\n\n'),
      },
    },
  };
}

/** "/supervision", "/supervision upcoming", "supervision help", "@Supervision team": the words after the name. */
export function parseCommandText(text: string): { verb: string; rest: string } {
  const words = text
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .trim()
    .replace(/^\/?supervision\b/i, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return { verb: (words[0] ?? '').toLowerCase(), rest: words.slice(1).join(' ') };
}

export async function runCommand(context: FlowContext, actor: Actor, text: string, place: Place = PERSONAL): Promise<FlowResult> {
  const { verb, rest } = parseCommandText(text);
  if (verb === '' || verb === 'home') return spoken(context, actor, home(context, actor));
  const command = commandByVerb.get(verb);
  // What they typed, whole ("what can you do?"), not its first word.
  if (!command) return spoken(context, actor, help(context, actor, `${verb} ${rest}`.trim().slice(0, 60)));
  return spoken(context, actor, await command.run(context, actor, rest, place), place);
}

/** A view in the actor's language(s), or in a team channel the channel's, unless the flow chose. */
function spoken(context: FlowContext, actor: Actor, result: FlowResult, place: Place = PERSONAL): FlowResult {
  if (result.view.speech) return result;
  return { ...result, view: { ...result.view, speech: speechIn(context, actor, place) } };
}

/** A message card from the catalogue, in a speech. */
function said(speech: Speech, title: MessageId, text: MessageId): FlowResult {
  return { view: { ...message(t(speech, title), t(speech, text)).view, speech } };
}

/** The speech of where the actor is: a team channel's, else their own. */
function speechIn(context: FlowContext, actor: Actor, place: Place): Speech {
  return place.kind === 'channel' ? channelSpeech(context.pack) : speechOf(context.pack, actor);
}

export async function runAction(context: FlowContext, actor: Actor, verb: string, data: unknown, place: Place = PERSONAL): Promise<FlowResult> {
  return spoken(context, actor, await runActionIn(context, actor, verb, data, place), place);
}

async function runActionIn(context: FlowContext, actor: Actor, verb: string, data: unknown, place: Place): Promise<FlowResult> {
  const withData = actionByVerb.get(verb);
  if (withData) {
    const parsed = withData.schema.safeParse(data ?? {});
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      // The schemas' checks are English; each is said in the actor's speech (src/flows/checks.ts).
      const speech = speechIn(context, actor, place);
      for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= checkIn(speech, issue.message);
      const fields = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
      if (withData.invalid) return withData.invalid(context, actor, fields, errors, place);
      return { view: { ...message(t(speech, 'common.somethingWrong'), Object.values(errors).join(' ')).view, speech } };
    }
    return withData.takesPlace
      ? withData.run(context, actor, parsed.data as never, place)
      : (withData.run as (...args: unknown[]) => Promise<FlowResult>)(context, actor, parsed.data);
  }
  if (!noData.safeParse(data ?? {}).success) {
    return said(speechIn(context, actor, place), 'common.somethingWrong', 'check.buttonUnexpected');
  }
  if (verb === 'home') return home(context, actor);
  const command = commandByVerb.get(verb);
  if (!command) return help(context, actor, verb.slice(0, 40));
  return command.run(context, actor, '', place);
}
