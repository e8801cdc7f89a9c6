/**
 * The Bot Framework adapter. With botbuilder archived (successor: @microsoft/agents-hosting),
 * every import of botbuilder stays inside bot/teams/ so that a move touches these files only.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import type { Request, Response } from 'restify';
import type { Config } from '../config';
import { localeOf, strings } from '../i18n';
import type { Logger } from '../log';
import { StorageUnavailableError } from '../storage/errors';

export function createAdapter(config: Config, log: Logger): CloudAdapter {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppType: config.bot.appType ?? 'MultiTenant',
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  });
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}, credentials));
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    // The detail goes to the log (no user text in it); the user gets a plain sentence.
    const err = error instanceof Error ? error : new Error(String(error));
    log.error(
      {
        err: { name: err.name, stack: err.stack },
        activityType: context.activity.type,
        activityName: context.activity.name,
      },
      'turn failed',
    );
    if (context.activity.type === 'message') {
      const t = strings(localeOf(context.activity.locale)).errors;
      await context.sendActivity(err instanceof StorageUnavailableError ? t.storageUnavailable : t.somethingWentWrong);
    }
  };
  return adapter;
}

export interface TurnLogInfo {
  activityType?: string;
  activityName?: string;
  conversationType?: string;
}

/** Runs one HTTP request through the adapter and logs the turn: ids and timing, no content. */
export async function processActivity(
  adapter: CloudAdapter,
  req: Request,
  res: Response,
  logic: (ctx: TurnContext) => Promise<void>,
  log: Logger,
): Promise<void> {
  const started = process.hrtime.bigint();
  const info: TurnLogInfo = {};
  await adapter.process(req, res, async (ctx) => {
    info.activityType = ctx.activity.type;
    info.activityName = ctx.activity.name;
    info.conversationType = ctx.activity.conversation?.conversationType;
    await logic(ctx);
  });
  log.info(
    { ...info, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, reqId: req.id() },
    'turn',
  );
}
