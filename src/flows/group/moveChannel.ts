// "/supervision group move", typed in a new channel: a supervisor or manager moves their team's group
// supervision there from the channel it was set up in. The binding changes in one transaction with the
// posts still waiting for the old channel (they go to the new one), a note to the old channel (no case,
// no names: only that it has moved) and a note to the new one naming the next session. Re-authorised on
// the server; the channel is the one the request came from, never the card's word for it.
import type { z } from 'zod';
import type { cardCatalog } from '../../cards/catalog.js';
import { enqueue } from '../../delivery/outbox.js';
import { writeAudit } from '../../store/audit.js';
import type { Actor, FlowContext, FlowResult, Place } from '../context.js';
import { message } from '../context.js';
import { momentText } from '../format.js';
import { announceSession } from './notes.js';
import { LEADING_ROLES, boundTeamOf, channelOfTeam, groupSessionsOf, groupTitle, postToChannel, rotasOf, teamName, teamsLedBy } from './team.js';
import { t } from '../../i18n/catalogue.js';
import { channelSpeech, speechOf } from '../speech.js';

type MoveInput = z.output<(typeof cardCatalog)['group-move-channel']['submit']>;
type Channel = Extract<Place, { kind: 'channel' }>;

async function moveGuard(
  context: FlowContext,
  actor: Actor,
  place: Place,
): Promise<{ result: FlowResult } | { place: Channel; teams: { id: string; name: string }[] }> {
  if (place.kind !== 'channel')
    return {
      result: message(
        'Move it from the new channel',
        "Type /supervision group move in the channel where the team's group supervision should be from now on (in Teams, @Supervision group move).",
      ),
    };
  if (!LEADING_ROLES.includes(actor.role))
    return { result: message('Only for supervisors and managers', 'A supervisor or manager of the team moves its group supervision. Nothing was changed.') };
  const here = await boundTeamOf(context, place);
  if (here)
    return {
      result: message('It is here already', `This channel has ${await teamName(context.db, here)}'s group supervision already. Nothing was changed.`),
    };
  const teams = (await teamsLedBy(context, actor)).filter((team) => team.bound);
  if (teams.length === 0)
    return {
      result: message(
        'Nothing to move',
        'None of the teams you supervise or manage has group supervision in another channel. To start it here, type /supervision group setup.',
      ),
    };
  return { place, teams };
}

export async function moveChannelForm(
  context: FlowContext,
  actor: Actor,
  place: Place,
  state: { values?: Partial<MoveInput>; errors?: Record<string, string> } = {},
): Promise<FlowResult> {
  const guard = await moveGuard(context, actor, place);
  if ('result' in guard) return guard.result;
  const errors = state.errors ?? {};
  const names = guard.teams.map((team) => team.name).join(', ');
  const speech = speechOf(context.pack, actor);
  return {
    view: {
      card: 'group-move-channel',
      speech,
      data: {
        title: t(speech, 'group.moveTitle'),
        intro: t(speech, 'group.moveIntro', { names }, { paragraphs: true }),
        channel: guard.place.conversationId,
        teams: guard.teams.map((team) => ({ title: team.name, value: team.id })),
        values: { team: state.values?.team || guard.teams[0]!.id },
        errors,
      },
    },
    ...(Object.keys(errors).length > 0 ? { fieldErrors: errors } : {}),
  };
}

export async function moveChannel(context: FlowContext, actor: Actor, input: MoveInput, place: Place): Promise<FlowResult> {
  if (place.kind === 'channel' && (await boundTeamOf(context, place)) === input.team)
    return message('Moved already', 'Group supervision was moved to this channel already; pressing the button again changes nothing.');
  const guard = await moveGuard(context, actor, place);
  if ('result' in guard) return guard.result;
  const team = guard.teams.find((candidate) => candidate.id === input.team);
  if (!team) return moveChannelForm(context, actor, place, { values: input, errors: { team: 'Choose a team whose group supervision you lead.' } });
  const now = context.clock.now();
  const moved = await context.db.transaction().execute(async (trx) => {
    const from = await channelOfTeam(trx, team.id);
    if (!from) return false;
    const to = guard.place;
    const changed = await trx
      .updateTable('group_channel')
      .set({ platform: to.platform, conversation_id: to.conversationId, conversation_reference: to.reference ? JSON.stringify(to.reference) : null })
      .where('team_id', '=', team.id)
      .where('platform', '=', from.platform)
      .where('conversation_id', '=', from.conversation_id)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) return false;
    // What is still waiting for the old channel is the team's: it goes to the new one.
    await trx
      .updateTable('outbox')
      .set({ platform: to.platform, conversation: to.conversationId })
      .where('status', '=', 'pending')
      .where('platform', '=', from.platform)
      .where('conversation', '=', from.conversation_id)
      .execute();
    // The old channel, which the bot no longer keeps, is reached by the reference the note carries.
    await enqueue(
      trx,
      {
        idempotencyKey: `group:${team.id}:moved-from:${from.platform}:${from.conversation_id}:${now.toISOString()}`,
        platform: from.platform,
        conversation: from.conversation_id,
        payload: {
          text: `Group supervision for ${team.name} has moved to another channel`,
          view: {
            card: 'notice',
            data: {
              title: `${groupTitle(context)} has moved`,
              text: `${team.name}'s group supervision has moved to another channel; its reminders will be posted there. To see the next session, type /supervision group in a private chat with me.`,
              facts: [],
            },
          },
          ...(from.conversation_reference ? { reference: from.conversation_reference as Record<string, unknown> } : {}),
        },
      },
      now,
    );
    const next = (
      await groupSessionsOf(trx, team.id).where('supervision_session.status', '=', 'booked').where('supervision_session.starts_at', '>', now).execute()
    ).at(-1);
    const arrivedKey = `group:${team.id}:moved-to:${to.platform}:${to.conversationId}:${now.toISOString()}`;
    if (next) {
      const rota = (await rotasOf(trx, [next.id])).get(next.id)!;
      await announceSession(trx, context, {
        session: next,
        rota,
        team: team.name,
        key: arrivedKey,
        now,
        text: `Group supervision for ${team.name} is now in this channel: the next session is ${momentText(next.starts_at, context.calendar)}`,
        title: 'Group supervision has moved here',
      });
    } else {
      await postToChannel(trx, {
        teamId: team.id,
        key: arrivedKey,
        now,
        text: t(channelSpeech(context.pack), 'groupPost.arrivedNotice', { team: team.name }),
        view: {
          card: 'notice',
          ...(channelSpeech(context.pack) === 'en-GB' ? {} : { speech: channelSpeech(context.pack) }),
          data: {
            title: t(channelSpeech(context.pack), 'groupPost.arrivedTitle'),
            text: t(channelSpeech(context.pack), 'groupPost.arrivedText', { team: team.name }, { paragraphs: true }),
            facts: [],
          },
        },
      });
    }
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'group.channel.move',
      objectType: 'team',
      objectId: team.id,
      detail: { fromPlatform: from.platform, toPlatform: to.platform },
    });
    return true;
  });
  if (!moved) return message('Moved meanwhile', "This team's group supervision was moved or changed meanwhile. Nothing more was changed.");
  return message(
    'Group supervision has moved here',
    `${team.name}'s group supervision now has its reminders in this channel. The other channel was told that it has moved.`,
  );
}
