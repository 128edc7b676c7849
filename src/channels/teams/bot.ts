// Teams in, flows, cards out. Messages in a personal chat (or "@Supervision ..." in a channel) become
// commands; Action.Execute buttons arrive as adaptiveCard/action invokes and get the next card in place.
// Supervision is private: in a team channel or group chat the bot answers only with a link to a
// personal chat, so nothing personal is shown where colleagues can read it. The one exception is group
// supervision (`group`, `group setup`) in a team channel, which is the team's business.
import {
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import { renderCard } from '../../cards/render.js';
import { identify } from '../../directory/identify.js';
import { message, type FlowContext, type FlowResult, type Place } from '../../flows/context.js';
import { channelCommands, channelVerbs, parseCommandText, runAction, runCommand } from '../../flows/router.js';
import type { Logger } from '../../ports/logger.js';

export class SupervisionTeamsBot extends TeamsActivityHandler {
  constructor(
    private readonly flows: FlowContext,
    private readonly appId: string,
    private readonly logger: Logger,
  ) {
    super();
    this.onMessage(async (context, next) => {
      const result = await this.answerMessage(context);
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(renderCard(result.view))));
      await next();
    });
  }

  private isPersonal(context: TurnContext): boolean {
    const type = context.activity.conversation.conversationType;
    return type === undefined || type === 'personal';
  }

  /** A team channel, as the bot posts to it later: the channel itself, not the thread of this message. */
  private channelPlace(context: TurnContext): Place | undefined {
    if (context.activity.conversation.conversationType !== 'channel') return undefined;
    const conversationId = context.activity.conversation.id.replace(/;messageid=\d+$/, '');
    const { activityId: _thread, ...reference } = TurnContext.getConversationReference(context.activity);
    return { kind: 'channel', platform: 'teams', conversationId, reference: { ...reference, conversation: { ...reference.conversation, id: conversationId } } };
  }

  private privateChatLink(): FlowResult {
    const bot = this.appId ? `28:${this.appId}` : '';
    return message(
      "Let's talk in private",
      'Supervision is private, so I answer only in a personal chat with you. Open one and type help.',
      bot ? [{ title: 'Open a chat with me', url: `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(bot)}` }] : [],
    );
  }

  private async actor(context: TurnContext) {
    const from = context.activity.from;
    const userId = from.aadObjectId ?? from.id;
    const found = await identify({
      db: this.flows.db,
      platform: 'teams',
      platformUserId: userId,
      now: this.flows.clock.now(),
      lookupEmail: async () => {
        try {
          const member = await TeamsInfo.getMember(context, from.id);
          return member.email ?? member.userPrincipalName;
        } catch (error) {
          this.logger.warn({ error: (error as Error).message }, 'Teams member lookup failed');
          return undefined;
        }
      },
    });
    if (found.known && this.isPersonal(context) && found.directConversationId !== context.activity.conversation.id) {
      await this.rememberConversation(context, found.person.id, userId);
    }
    return found;
  }

  /** Keeps the personal conversation's reference, so reminders can be sent to it later. */
  private async rememberConversation(context: TurnContext, personId: string, userId: string): Promise<void> {
    const reference = TurnContext.getConversationReference(context.activity);
    await this.flows.db
      .updateTable('chat_identity')
      .set({ direct_conversation_id: context.activity.conversation.id, conversation_reference: JSON.stringify(reference), updated_at: this.flows.clock.now() })
      .where('platform', '=', 'teams')
      .where('platform_user_id', '=', userId)
      .where('person_id', '=', personId)
      .execute();
  }

  private async answerMessage(context: TurnContext): Promise<FlowResult> {
    const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
    const place = this.isPersonal(context) ? undefined : this.channelPlace(context);
    if (!this.isPersonal(context) && (!place || !channelCommands.includes(parseCommandText(text).verb))) return this.privateChatLink();
    const found = await this.actor(context);
    if (!found.known) return message('Welcome', found.message);
    return runCommand(this.flows, found.person, text, place);
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    let result: FlowResult;
    const place = this.isPersonal(context) ? undefined : this.channelPlace(context);
    if (!this.isPersonal(context) && (!place || !channelVerbs.includes(invokeValue.action.verb))) result = this.privateChatLink();
    else {
      const found = await this.actor(context);
      if (!found.known) result = message('Welcome', found.message);
      else if (invokeValue.action.type !== 'Action.Execute') result = message('Something was wrong with that', 'That button is not one I know.');
      else result = await runAction(this.flows, found.person, invokeValue.action.verb, invokeValue.action.data, place);
    }
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: renderCard(result.view) as never };
  }
}
