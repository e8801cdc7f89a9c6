/**
 * The HTTP surface: the bot at /api/messages, the tab at /tab, its API under /api/, and
 * /healthz. Routes only; the work is done by the bot, the stores and the domain.
 */
import fs from 'node:fs';
import path from 'node:path';
import restify from 'restify';
import { createAuthenticator, type Principal, signInSettings } from './api/auth';
import { ConsultationApi } from './api/consultation';
import { TabApi } from './api/handlers';
import { ApiFailure, sendError } from './api/http';
import type { Config } from './config';
import { hasBody, limitedBodyReader, refuseUnread } from './http/body';
import { securityHeaders } from './http/headers';
import { localOnly } from './http/loopback';
import { errorForLog, type Logger } from './log';
import { ConsultationStore } from './storage/consultations';
import { ConversationStore } from './storage/conversations';
import type { PersonalData } from './storage/personal';
import type { PilotData } from './storage/pilotData';
import type { PilotStore } from './storage/pilots';
import type { TableStore } from './storage/tables';
import { StorageUnavailableError } from './storage/errors';
import type { BotAdapter } from './adapters/contract';
import type { TeamAccess } from './application/access';
import type { PilotEditor } from './application/pilotEdit';
import type { TurnHandler } from './application/handler';

/** Teams' largest message is 100 KB; an activity far larger than that is refused unread. */
export const MAX_BODY_BYTES = 512 * 1024;

/** The tab's scripts (entries and chunks, all in its folder), which the build also writes gzipped (scripts/build-tab.mjs). */
const TAB_SCRIPT = /^[A-Za-z0-9_-]+\.js$/;
/**
 * A chunk's name ends in a hash of its content (scripts/build-tab.mjs, chunkNames): a new build
 * names changed code anew, so the browser may keep a chunk as long as it likes and not ask again.
 * The entries (main.js, msal.js, sidepanel.js) and the pages keep their names: `no-cache` with a
 * validator, so a reload asks and gets a 304 while they are unchanged.
 */
const HASHED_CHUNK = /-[A-Z0-9]{8}\.js$/;
const KEEP_FOREVER = 'public, max-age=31536000, immutable';

/** The bot's endpoint, by the route a request was matched to. */
const BOT_ROUTE = '/api/messages';

/** Refuses, unread, a request body that is not plain JSON: another media type, or any content encoding. */
function onlyPlainJsonBodies(req: restify.Request, res: restify.Response, next: restify.Next): void {
  if (!hasBody(req)) return next();
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if ((encoding === 'identity' || encoding === '') && type === 'application/json') return next();
  refuseUnread(res, 415, { error: 'unsupportedMediaType' });
  return next(false);
}

/** Node's http.Server timeouts, so that a client trickling headers or a body is cut off (408, closed). */
function applyTimeouts(server: restify.Server, t: Config['http']): void {
  const http = server.server;
  http.headersTimeout = t.headersTimeoutMs;
  http.requestTimeout = t.requestTimeoutMs;
  http.keepAliveTimeout = t.keepAliveTimeoutMs;
  // Node checks the first two only every connectionsCheckingInterval (30 s by default), read when
  // the server starts listening: often enough that "10 s" means about 10 s.
  Object.assign(http, {
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(t.headersTimeoutMs / 4))),
  });
}

export interface ServerDeps {
  config: Config;
  log: Logger;
  store: TableStore;
  pilots: PilotStore;
  adapter: BotAdapter;
  /** The application, as the adapter calls it. */
  polku: TurnHandler;
  access: TeamAccess;
  /** Pilot edits, the same service the bot's edit card saves through. */
  editor: PilotEditor;
  pilotData: PilotData;
  personal: PersonalData;
  tabDir: string;
  /** The clock the tab's API reads "today" from (Europe/Helsinki); the real one by default. */
  now?: () => Date;
}

type ApiHandler = (req: restify.Request, res: restify.Response) => Promise<void>;
type SignedInHandler = (p: Principal, req: restify.Request, res: restify.Response) => Promise<void>;

export function createServer(deps: ServerDeps): restify.Server {
  const { log } = deps;
  const now = deps.now ?? (() => new Date());
  /** One place that turns an API handler's failure into an answer: detail to the log, none to the caller. */
  const api =
    (handler: ApiHandler): ApiHandler =>
    async (req, res) => {
      try {
        await handler(req, res);
      } catch (e) {
        if (e instanceof ApiFailure) return sendError(res, e.code, undefined, e.fields);
        const err = e instanceof Error ? e : new Error(String(e));
        log.error({ reqId: req.id(), err: errorForLog(err) }, 'api handler failed');
        sendError(res, err instanceof StorageUnavailableError ? 'unavailable' : 'internal');
      }
    };

  // The tab's API: every request signed in (or the local preview), members see their teams only.
  const { access } = deps;
  const tabApi = new TabApi({
    pilots: deps.pilots,
    pilotData: deps.pilotData,
    personal: deps.personal,
    access,
    editor: deps.editor,
    log,
    now,
  });
  // The Wednesday consultation in the meeting's side panel (api/consultation.ts).
  const consultationApi = new ConsultationApi({
    pilots: deps.pilots,
    consultations: new ConsultationStore(deps.store),
    conversations: new ConversationStore(deps.store),
    access,
    log,
    now,
  });
  const { tabApi: tabMode, localMode } = deps.config;
  const authenticate = createAuthenticator({
    mode: tabMode,
    aadAppClientId: deps.config.aadAppClientId,
    aadAppIdUri: deps.config.aadAppIdUri,
    jwksUri: deps.config.aadJwksUri,
  });
  // The start-up line that says who is let in where.
  const modes = { bot: localMode ? 'local' : 'authenticated', tabApi: tabMode };
  log.info(modes, `modes: bot ${modes.bot}, tab API ${tabMode}`);
  if (tabMode === 'preview') {
    log.warn("tab API preview: no sign-in, everyone is the demo user; only this machine's own pages are answered");
  } else if (tabMode === 'off') {
    log.warn(
      'tab API off: MicrosoftAppId is set and AAD_APP_CLIENT_ID is not (set AAD_APP_CLIENT_ID for SSO, ' +
        'or POLKU_TAB_PREVIEW=on for the loopback-only preview)',
    );
  }
  if (deps.config.aadAppClientId && localMode) {
    log.warn('AAD_APP_CLIENT_ID is set without MicrosoftAppId: team memberships come from unchecked bot activities');
  }
  const signedIn = (handler: SignedInHandler): ApiHandler =>
    api(async (req, res) => {
      const r = await authenticate(req);
      if (!r.ok) {
        // The reason's code only (e.g. ERR_JWT_EXPIRED): never the token, never a name.
        log.warn({ reqId: req.id(), reason: r.code }, 'api request not signed in');
        return sendError(res, r.reason, r.why);
      }
      await handler(r.principal, req, res);
    });
  const server = restify.createServer({
    name: 'polku',
    handleUncaughtExceptions: false,
  });
  applyTimeouts(server, deps.config.http);

  server.pre((req, _res, next) => {
    (req as restify.Request & { startedAt?: bigint }).startedAt = process.hrtime.bigint();
    next();
  });
  // Every answer, before any route or refusal: the tab's CSP and friends, or the API's (bot/http/headers.ts).
  server.pre(
    securityHeaders({ tabDir: path.resolve(deps.tabDir), host: deps.config.host, localMode: deps.config.localMode }),
  );
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // The local modes answer this machine's own pages and programs only (bot/http/loopback.ts):
  // the bot without a bot identity, the tab's API in preview. Judged by the matched route,
  // before the body is read.
  server.use(
    localOnly({
      guards: (req) => {
        const route = req.getRoute()?.path;
        if (typeof route !== 'string' || !route.startsWith('/api/')) return false;
        return route === BOT_ROUTE ? localMode : tabMode === 'preview';
      },
      refuse: (req, res, why) => {
        const bot = req.getRoute()?.path === BOT_ROUTE;
        log.warn(
          { reqId: req.id(), why },
          bot ? 'local bot: request not from this machine' : 'preview: request not from this machine',
        );
        res.setHeader('Connection', 'close');
        if (bot) res.send(403, { error: 'notLocal' });
        else sendError(res, 'unauthenticated', 'previewLocalOnly');
      },
    }),
  );
  // Bodies are JSON as sent, or nothing: restify would inflate a gzip body without counting the
  // inflated bytes, and hand multipart bodies to formidable, which leaves file parts in the temp
  // folder; both before any token is checked. So anything else is refused unread (415).
  server.pre(onlyPlainJsonBodies);
  // The body is read here, counted as it arrives (413 as soon as it passes the limit); restify
  // then only parses it (`bodyReader: true` leaves its own reader out, which reads all first).
  server.use(limitedBodyReader(MAX_BODY_BYTES));
  const jsonOptions: restify.plugins.JsonBodyParserOptions & { bodyReader: boolean } = {
    bodyReader: true,
    mapParams: false,
  };
  server.use(restify.plugins.jsonBodyParser(jsonOptions));

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

  // Clients (the Agents Playground, health probes) check the endpoint with HEAD: it exists.
  server.head(BOT_ROUTE, (_req: restify.Request, res: restify.Response, next: restify.Next) => {
    res.send(204);
    next();
  });
  server.post(BOT_ROUTE, async (req: restify.Request, res: restify.Response) => {
    await deps.adapter.handle(req, res, deps.polku);
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const ok = await deps.store.ping();
    res.send(ok ? 200 : 503, { status: ok ? 'ok' : 'storage unavailable' });
  });

  // What the tab needs to ask Entra for a token itself (nested app authentication): public
  // values (the app's client id and ID URI), so no sign-in; 404 when SSO is not configured.
  const signIn = signInSettings({
    mode: tabMode,
    aadAppClientId: deps.config.aadAppClientId,
    aadAppIdUri: deps.config.aadAppIdUri,
  });
  server.get('/api/signin', (_req: restify.Request, res: restify.Response, next: restify.Next) => {
    res.send(signIn ? 200 : 404, signIn ?? { error: 'notFound' });
    next();
  });

  server.get(
    '/api/me',
    signedIn((p, req, res) => tabApi.me(p, req, res)),
  );
  server.get(
    '/api/me/pilots',
    signedIn((p, req, res) => tabApi.myPilots(p, req, res)),
  );
  server.get(
    '/api/teams/:tenantId/:teamId/pilots',
    signedIn((p, req, res) => tabApi.teamOverview(p, req, res)),
  );
  server.get(
    '/api/pilots/:pilotId',
    signedIn((p, req, res) => tabApi.pilotDetail(p, req, res)),
  );
  server.get(
    '/api/pilots/:pilotId/sessions',
    signedIn((p, req, res) => tabApi.sessions(p, req, res)),
  );
  server.get(
    '/api/pilots/:pilotId/export',
    signedIn((p, req, res) => tabApi.export(p, req, res)),
  );
  server.get(
    '/api/pilots/:pilotId/innokyla',
    signedIn((p, req, res) => tabApi.innokyla(p, req, res)),
  );
  server.get(
    '/api/teams/:tenantId/:teamId/innokyla',
    signedIn((p, req, res) => tabApi.teamInnokyla(p, req, res)),
  );
  server.get(
    '/api/teams/:tenantId/:teamId/export',
    signedIn((p, req, res) => tabApi.teamExport(p, req, res)),
  );
  server.patch(
    '/api/pilots/:pilotId',
    signedIn((p, req, res) => tabApi.editPilot(p, req, res)),
  );
  server.del(
    '/api/pilots/:pilotId',
    signedIn((p, req, res) => tabApi.deletePilot(p, req, res)),
  );
  server.get(
    '/api/me/data',
    signedIn((p, req, res) => tabApi.myData(p, req, res)),
  );
  server.del(
    '/api/me/data',
    signedIn((p, req, res) => tabApi.forgetMe(p, req, res)),
  );

  server.get(
    '/api/meetings/:chatId/consultation',
    signedIn((p, req, res) => consultationApi.state(p, req, res)),
  );
  server.put(
    '/api/meetings/:chatId/consultation',
    signedIn((p, req, res) => consultationApi.link(p, req, res)),
  );
  server.put(
    '/api/meetings/:chatId/consultation/lines/me',
    signedIn((p, req, res) => consultationApi.saveLine(p, req, res)),
  );

  server.get('/', (_req: restify.Request, res: restify.Response, next: restify.Next) => {
    res.redirect(302, '/tab/', next);
  });
  server.get('/tab', (_req: restify.Request, res: restify.Response, next: restify.Next) => {
    res.redirect(301, '/tab/', next);
  });
  // The channel tab's configuration page, at the address the app manifest names.
  server.get('/tab/config', (req: restify.Request, res: restify.Response, next: restify.Next) => {
    const query = req.getQuery();
    res.redirect(302, `/tab/config/${query ? `?${String(query)}` : ''}`, next);
  });
  const staticTab = restify.plugins.serveStaticFiles(path.resolve(deps.tabDir), {
    maxAge: 0,
    setHeaders: (res: { setHeader(name: string, value: string): void }, file: string) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (HASHED_CHUNK.test(file)) res.setHeader('Cache-Control', KEEP_FOREVER);
    },
  });
  // The tab's scripts (the main one, the meeting side panel's), compressed once at build time, for
  // browsers that accept gzip; others get them plain.
  const gzippedScript = (req: restify.Request, res: restify.Response, next: restify.Next) => {
    const file = (req.params as Record<string, string>)['*'];
    if (!TAB_SCRIPT.test(file) || !/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return next();
    const gz = path.join(path.resolve(deps.tabDir), `${file}.gz`);
    const stat = fs.statSync(gz, { throwIfNoEntry: false });
    if (!stat) return next();
    // The plain file's validator (serveStaticFiles) is of its size and time; this one names the gzip too.
    const etag = `W/"gz-${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    const headers = {
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': HASHED_CHUNK.test(file) ? KEEP_FOREVER : 'no-cache',
      ETag: etag,
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
      return next(false);
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'application/javascript; charset=UTF-8',
      'Content-Encoding': 'gzip',
    });
    fs.createReadStream(gz).pipe(res);
    return next(false);
  };
  server.get('/tab/*', gzippedScript, staticTab);
  return server;
}
