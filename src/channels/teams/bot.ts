// Teams in, flows, cards out. Messages in a personal chat (or "@Supervision ..." in a channel) become
// commands; Action.Execute buttons arrive as adaptiveCard/action invokes and get the next card in place.
// Supervision is private: in a team channel or group chat the bot answers only with a link to a
// personal chat, so nothing personal is shown where colleagues can read it. The one exception is group
// supervision (`group`, `group setup`) in a team channel, which is the team's business. A file (a signed
// record, a session's calendar file) goes only in a personal chat, after the person allows it on a FileConsentCard.
// A newcomer is linked to their directory entry by the email Teams reports only on an authenticated request:
// without a token, anyone could name any user and answer the member look-up themselves.
import {
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type FileConsentCardResponse,
} from 'botbuilder';
import { renderCard } from '../../cards/render.js';
import { identify } from '../../directory/identify.js';
import { message, type FlowContext, type FlowResult, type Place } from '../../flows/context.js';
import { fileSourceId, takeFile } from '../../flows/files.js';
import { channelCommands, channelVerbs, parseCommandText, runAction, runCommand } from '../../flows/router.js';
import type { Logger } from '../../ports/logger.js';
import { isDatabaseUnavailable } from '../../store/open.js';
import { databaseUnavailable } from '../tryAgain.js';
import { acceptedFile, declinedFile, fileConsentCard, fileInfoCard, problems, uploadFile } from './files.js';

export class SupervisionTeamsBot extends TeamsActivityHandler {
  constructor(
    private readonly flows: FlowContext,
    private readonly appId: string,
    private readonly logger: Logger,
  ) {
    super();
    this.onMessage(async (context, next) => {
      await this.sendCard(context, await this.tryingAgainIfUnavailable(context, () => this.answerMessage(context)));
      await next();
    });
  }

  /** The flow's answer; or, when the database could not be reached, "try again" rather than "something went wrong". */
  private async tryingAgainIfUnavailable(context: TurnContext, answer: () => Promise<FlowResult>): Promise<FlowResult> {
    try {
      return await answer();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.logger.warn({ activityId: context.activity.id }, 'Teams request not done: database unreachable');
      return databaseUnavailable();
    }
  }

  /** Whether Bot Framework authenticated this turn (a token with an audience), as opposed to the playground's or the tests' door. */
  private authenticated(context: TurnContext): boolean {
    const identity = context.turnState.get<{ getClaimValue(type: string): string | null } | undefined>(context.adapter.BotIdentityKey);
    return Boolean(this.appId && identity?.getClaimValue('aud'));
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
      ...(this.flows.directory ? { cache: this.flows.directory } : {}),
      platform: 'teams',
      platformUserId: userId,
      now: this.flows.clock.now(),
      lookupEmail: async () => {
        if (!this.authenticated(context)) return undefined;
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
    const result = await this.tryingAgainIfUnavailable(context, () => this.answerInvoke(context, invokeValue));
    if (result.file) {
      // The card pressed stays as it was; Teams shows this line, and the consent card comes next in the chat.
      await context.sendActivity({ attachments: [fileConsentCard(result.file)] });
      return {
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value: `To get ${result.file.name}, press Allow on the file card I have just sent.` as never,
      };
    }
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: renderCard(result.view) as never };
  }

  private async answerInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<FlowResult> {
    const place = this.isPersonal(context) ? undefined : this.channelPlace(context);
    if (!this.isPersonal(context) && (!place || !channelVerbs.includes(invokeValue.action.verb))) return this.privateChatLink();
    const found = await this.actor(context);
    if (!found.known) return message('Welcome', found.message);
    if (invokeValue.action.type !== 'Action.Execute') return message('Something was wrong with that', 'That button is not one I know.');
    return runAction(this.flows, found.person, invokeValue.action.verb, invokeValue.action.data, place);
  }

  private async sendCard(context: TurnContext, result: FlowResult): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(renderCard(result.view))));
  }

  /** Allowed: authorise again (the card may be old or forwarded), PUT the file into the upload session, show it. */
  protected override async handleTeamsFileConsentAccept(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    if (!this.isPersonal(context)) return this.sendCard(context, this.privateChatLink());
    const parsed = acceptedFile.safeParse(response);
    if (!parsed.success) {
      this.logger.warn({ activityId: context.activity.id, problems: problems(parsed.error) }, 'Teams file consent not understood');
      return this.sendCard(
        context,
        message('Something was wrong with that', `That file card is not one I know (${problems(parsed.error)}). Nothing was sent.`),
      );
    }
    const found = await this.actor(context);
    if (!found.known) return this.sendCard(context, message('Welcome', found.message));
    const taken = await takeFile(this.flows, found.person, parsed.data.context);
    if (!taken.ok) return this.sendCard(context, taken.result);
    const uploaded = await uploadFile(parsed.data.uploadInfo.uploadUrl, taken.text);
    if (!uploaded.ok) {
      this.logger.error({ activityId: context.activity.id, fileOf: fileSourceId(parsed.data.context), error: uploaded.error }, 'Teams file upload failed');
      return this.sendCard(context, message('The file did not arrive', 'Teams did not take the file. Press the button again in a minute.'));
    }
    this.logger.info({ fileOf: fileSourceId(parsed.data.context), personId: found.person.id }, 'Teams file sent');
    await context.sendActivity({ attachments: [fileInfoCard(parsed.data.uploadInfo)] });
  }

  protected override async handleTeamsFileConsentDecline(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    const parsed = declinedFile.safeParse(response);
    if (!parsed.success) this.logger.warn({ activityId: context.activity.id, problems: problems(parsed.error) }, 'Teams file decline not understood');
    await this.sendCard(context, message('Nothing was sent', 'You declined the file, so nothing was saved to your OneDrive.'));
  }
}
