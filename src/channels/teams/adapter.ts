// The Bot Framework adapter. Every botbuilder import lives in src/channels/teams/, so moving to the
// Microsoft 365 Agents SDK is this folder's work alone.
import { CloudAdapter, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { Logger } from '../../ports/logger.js';
import { ReusingBotFrameworkAuthentication } from './reusingAuthentication.js';

export interface TeamsSettings {
  appId?: string;
  appPassword?: string;
  appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId?: string;
}

/** Without an app id the adapter accepts unauthenticated traffic, as the Bot Framework Emulator needs. */
export function createTeamsAdapter(settings: TeamsSettings, logger: Logger): CloudAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: settings.appId ?? '',
    MicrosoftAppPassword: settings.appPassword ?? '',
    MicrosoftAppType: settings.appType ?? (settings.appId ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: settings.tenantId ?? '',
  };
  const adapter = new CloudAdapter(new ReusingBotFrameworkAuthentication(options));
  adapter.onTurnError = async (context, error) => {
    logger.error({ activityId: context.activity.id, activityType: context.activity.type, error: error.message }, 'Teams turn failed');
    if (context.activity.type === 'message') await context.sendActivity('Sorry, something went wrong. Please try again in a minute.');
  };
  return adapter;
}
