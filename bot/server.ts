/**
 * The HTTP surface: the bot at /api/messages, the tab at /tab, its API under /api/, and
 * /healthz. Routes only; the work is done by the bot, the stores and the domain.
 */
import path from 'node:path';
import restify from 'restify';
import { authenticate, previewTeams } from './api/auth';
import type { Config } from './config';
import type { Logger } from './log';
import { realisedVolume, reachPerHour, socialWorkShare } from './domain/measures';
import type { PilotStore } from './storage/pilots';
import type { TableStore } from './storage/tables';
import { StorageUnavailableError } from './storage/errors';
import type { TeamsAdapter } from './teams/adapter';
import type { PolkuBot } from './teams/bot';

/** Teams' largest message is 100 KB; an activity far larger than that is refused unread. */
export const MAX_BODY_BYTES = 512 * 1024;

export interface ServerDeps {
  config: Config;
  log: Logger;
  store: TableStore;
  pilots: PilotStore;
  adapter: TeamsAdapter;
  bot: PolkuBot;
  tabDir: string;
}

type ApiHandler = (req: restify.Request, res: restify.Response) => Promise<void>;

export function createServer(deps: ServerDeps): restify.Server {
  const { log } = deps;
  /** One place that turns an API handler's failure into an answer: detail to the log, none to the caller. */
  const api =
    (handler: ApiHandler): ApiHandler =>
    async (req, res) => {
      try {
        await handler(req, res);
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        log.error({ reqId: req.id(), err: { name: err.name, stack: err.stack } }, 'api handler failed');
        const unavailable = err instanceof StorageUnavailableError;
        res.send(unavailable ? 503 : 500, {
          error: unavailable ? 'storage unavailable' : 'internal error',
        });
      }
    };
  const server = restify.createServer({
    name: 'polku',
    handleUncaughtExceptions: false,
  });

  server.pre((req, _res, next) => {
    (req as restify.Request & { startedAt?: bigint }).startedAt = process.hrtime.bigint();
    next();
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(
    restify.plugins.bodyParser({
      maxBodySize: MAX_BODY_BYTES,
      mapParams: false,
      mapFiles: false,
    }),
  );

  server.on('after', (req: restify.Request, res: restify.Response) => {
    const startedAt = (req as restify.Request & { startedAt?: bigint }).startedAt;
    const ms = startedAt ? Number(process.hrtime.bigint() - startedAt) / 1e6 : undefined;
    const line = {
      reqId: req.id(),
      method: req.method,
      route: req.getRoute()?.path ?? req.path(),
      status: res.statusCode,
      ms,
    };
    if (res.statusCode >= 500) log.error(line, 'request');
    else if (res.statusCode >= 400) log.warn(line, 'request');
    else log.info(line, 'request');
  });
  server.on('restifyError', (req: restify.Request, _res: restify.Response, err: Error, cb: () => void) => {
    log.warn({ reqId: req.id(), route: req.path(), error: err.name }, 'request refused');
    cb();
  });

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await deps.adapter.handle(req, res, (ctx) => deps.bot.run(ctx));
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const ok = await deps.store.ping();
    res.send(ok ? 200 : 503, { status: ok ? 'ok' : 'storage unavailable' });
  });

  server.get(
    '/api/me',
    api(async (req, res) => {
      const p = await authenticate(req, {
        aadAppClientId: deps.config.aadAppClientId,
      });
      if (!p) return void res.send(401, { error: 'unauthenticated' });
      res.send(200, {
        userId: p.userId,
        preview: p.preview,
        teams: previewTeams(p),
      });
    }),
  );

  server.get(
    '/api/teams/:tenantId/:teamId/pilots',
    api(async (req, res) => {
      const p = await authenticate(req, {
        aadAppClientId: deps.config.aadAppClientId,
      });
      if (!p) return void res.send(401, { error: 'unauthenticated' });
      const team = {
        tenantId: String(req.params.tenantId),
        teamId: String(req.params.teamId),
      };
      const allowed = previewTeams(p).some((t) => t.tenantId === team.tenantId && t.teamId === team.teamId);
      if (!allowed) return void res.send(403, { error: 'forbidden' });
      const summaries = await deps.pilots.listTeamPilots(team);
      res.send(
        200,
        summaries.map(({ pilot, totals }) => ({
          ...pilot,
          totals: {
            sessions: totals.sessions,
            hours: totals.hours,
            lastSessionDate: totals.lastSessionDate ?? null,
            realised: realisedVolume(totals),
            reachPerHour: reachPerHour(totals) ?? null,
            socialWorkShare: socialWorkShare(totals) ?? null,
          },
        })),
      );
    }),
  );

  server.get('/', (_req: restify.Request, res: restify.Response, next: restify.Next) => {
    res.redirect(302, '/tab/', next);
  });
  server.get('/tab', (_req: restify.Request, res: restify.Response, next: restify.Next) => {
    res.redirect(301, '/tab/', next);
  });
  server.get(
    '/tab/*',
    restify.plugins.serveStaticFiles(path.resolve(deps.tabDir), {
      maxAge: 0,
      setHeaders: (res: { setHeader(name: string, value: string): void }) => {
        res.setHeader('X-Content-Type-Options', 'nosniff');
      },
    }),
  );
  return server;
}
