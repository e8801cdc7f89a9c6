/**
 * botbuilder itself, as ./adapter.ts runs it: CloudAdapter over the bot's credentials, the
 * activity handler and TeamsInfo. ./adapter.ts requires this file on its first call that needs
 * botbuilder (a turn, or a proactive message), not at start: botbuilder brings
 * botframework-connector, @azure/identity, msal-node, jsonwebtoken and more, which an idle server
 * has no use for (bench/README.md, memory).
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import type { Config } from '../../config';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from './sdk';

export { BotbuilderTurns, memberIn } from './turns';

/** CloudAdapter with its authenticated entry point opened, so the invoke answer comes back to us. */
export class PolkuCloudAdapter extends CloudAdapter {
  run(auth: AuthenticateRequestResult, activity: Activity, logic: (ctx: TurnContext) => Promise<void>) {
    return this.processActivity(auth, activity, logic);
  }
}

export interface Cloud {
  auth: ConfigurationBotFrameworkAuthentication;
  adapter: PolkuCloudAdapter;
}

/** botbuilder's credentials of the bot's identity (none in local mode); it throws for one it refuses. */
export function credentialsOf(bot: Config['bot']): ConfigurationServiceClientCredentialFactory {
  return new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: bot.appId ?? '',
    MicrosoftAppPassword: bot.appPassword ?? '',
    MicrosoftAppType: bot.appType ?? 'MultiTenant',
    MicrosoftAppTenantId: bot.tenantId ?? '',
  });
}

/** The token check and the CloudAdapter over the bot's identity. */
export function connect(bot: Config['bot']): Cloud {
  const auth = new ConfigurationBotFrameworkAuthentication({}, credentialsOf(bot));
  return { auth, adapter: new PolkuCloudAdapter(auth) };
}
