// What a person reads when the bot could not reach its database (a restart, a fail-over): one wording for
// Teams and Slack, saying that nothing happened, so that pressing again is safe.
import { message, type FlowResult } from '../flows/context.js';

export const TRY_AGAIN_TITLE = 'Please try again in a minute';
export const TRY_AGAIN_TEXT = 'The supervision bot could not reach its database. Nothing was changed; please try again in a minute.';

export const databaseUnavailable = (): FlowResult => message(TRY_AGAIN_TITLE, TRY_AGAIN_TEXT);
