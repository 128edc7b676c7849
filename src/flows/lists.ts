// "My open actions", "triggers waiting for me" and the trigger catalogue.
import type { Actor, FlowContext, FlowResult } from './context.js';
import { SUPERVISING_ROLES, message } from './context.js';
import { momentText } from './format.js';
import { closeAction, dueWords } from './actions.js';
import { entryOf } from '../domain/policy/entryOf.js';
import { inEach, t } from '../i18n/catalogue.js';
import { speechOf } from './speech.js';

export async function openActions(context: FlowContext, actor: Actor): Promise<FlowResult> {
  return actionsList(context, actor, '');
}

/** Each with a Done button: 20 actions make 42 blocks, inside Slack's 50 for a message. */
async function actionsList(context: FlowContext, actor: Actor, note: string): Promise<FlowResult> {
  const actions = await context.db
    .selectFrom('action_item')
    .select(['id', 'description', 'case_reference', 'due_on'])
    .where('owner_id', '=', actor.id)
    .where('status', '=', 'open')
    .orderBy('due_on')
    .limit(20)
    .execute();
  const speech = speechOf(context.pack, actor);
  return {
    view: {
      card: 'actions',
      speech,
      data: {
        note,
        actions: actions.map((action) => ({
          id: action.id,
          due: inEach(speech, (locale) => dueWords(action.due_on, locale)),
          what: action.case_reference ? `${action.case_reference}: ${action.description}` : action.description,
        })),
      },
    },
  };
}

/** Done, pressed on the list: the list again, with a line about it. */
export async function markDoneFromList(context: FlowContext, actor: Actor, input: { actionId: string }): Promise<FlowResult> {
  const closed = await closeAction(context, actor, input.actionId);
  if ('result' in closed) {
    // Not theirs, or not an action: that answer alone, not their list beside it.
    if (!closed.closed) return closed.result;
    return actionsList(context, actor, (closed.result.view.data as { text: string }).text);
  }
  const { case_reference, description } = closed.action;
  return actionsList(
    context,
    actor,
    t(speechOf(context.pack, actor), 'actions.markedDone', { what: case_reference ? `${case_reference}: ${description}` : description }, { paragraphs: true }),
  );
}

export async function pendingTriggers(context: FlowContext, actor: Actor): Promise<FlowResult> {
  const speech = speechOf(context.pack, actor);
  if (!SUPERVISING_ROLES.includes(actor.role))
    return { view: { ...message(t(speech, 'pending.onlySupervisorsTitle'), t(speech, 'pending.onlySupervisorsText', {}, { paragraphs: true })).view, speech } };
  const triggers = await context.db
    .selectFrom('trigger_request')
    .select(['id', 'trigger_id', 'case_reference', 'urgency', 'respond_by'])
    .where('assigned_to', '=', actor.id)
    .where('state', '=', 'waiting')
    .orderBy('respond_by')
    .limit(25)
    .execute();
  return {
    view: {
      card: 'pending',
      speech,
      data: {
        triggers: triggers.map((trigger) => {
          const known = trigger.trigger_id ? entryOf(context.pack.triggers, trigger.trigger_id) : undefined;
          return {
            requestId: trigger.id,
            caseReference: trigger.case_reference ?? t(speech, 'pending.noCase'),
            summary: inEach(speech, (locale) => {
              const title = (locale === 'cy' ? known?.welsh?.title : undefined) ?? known?.title ?? t(locale, 'pending.voluntary');
              const urgency = t(locale, 'urgency.name', { urgency: trigger.urgency });
              return trigger.respond_by
                ? t(locale, 'pending.summaryAnswerBy', { title, urgency, when: momentText(trigger.respond_by, context.calendar, locale) })
                : t(locale, 'pending.summary', { title, urgency });
            }),
          };
        }),
      },
    },
  };
}
