/**
 * The parts of botbuilder this adapter uses, each required from its own module rather than from
 * botbuilder's index. The index also loads what Polku never runs (the old BotFrameworkAdapter and
 * its streaming over WebSockets, skills, SharePoint, the file transcript store, the inspection
 * middleware): some 7 MB of the server's memory.
 *
 * ConfigurationBotFrameworkAuthentication and ConfigurationServiceClientCredentialFactory are
 * botbuilder-core's, which botbuilder re-exports: botbuilder-core is required from botbuilder's own
 * folder, so it is the copy CloudAdapter runs on (and no package that package.json does not list).
 */
import { createRequire } from 'node:module';
import type * as Botbuilder from 'botbuilder';

export { CloudAdapter } from 'botbuilder/lib/cloudAdapter';
export { TeamsActivityHandler } from 'botbuilder/lib/teamsActivityHandler';
export { TeamsInfo } from 'botbuilder/lib/teamsInfo';

const core = createRequire(require.resolve('botbuilder'))('botbuilder-core') as Pick<
  typeof Botbuilder,
  'ConfigurationBotFrameworkAuthentication' | 'ConfigurationServiceClientCredentialFactory'
>;

export const { ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } = core;
// Their types, under the same names (a class's type does not come with a const).
export type ConfigurationBotFrameworkAuthentication = Botbuilder.ConfigurationBotFrameworkAuthentication;
export type ConfigurationServiceClientCredentialFactory = Botbuilder.ConfigurationServiceClientCredentialFactory;
