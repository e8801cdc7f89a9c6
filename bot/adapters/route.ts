/**
 * The bot's route as both adapters serve it, with no SDK: the body must be an activity (400), local
 * mode answers a connector on this machine only (403), the token is checked in time (401, 503),
 * and the turn's answer is sent (500 when the turn itself fails). One log line a request: ids
 * and timing, no content.
 */
import type { Request, Response } from 'restify';
import { isLoopbackUrl } from '../http/loopback';
import { errorForLog, type Logger } from '../log';
import { type ActivityJson, isActivity } from './activity';

/** An invoke's answer (or none, for other activities): the HTTP status and body. */
export interface TurnAnswer {
  status: number;
  body?: unknown;
}

export interface RouteSteps<Auth> {
  log: Logger;
  /** No bot identity: no token is checked, so replies may go to a connector on this machine only. */
  localMode: boolean;
  /** How long a token check may take. */
  authTimeoutMs: number;
  /** Checks the request's token for the activity: what the turn needs of it, or a rejection. */
  authenticate(activity: ActivityJson, authorization: string): Promise<Auth>;
  /** Runs the turn: the invoke's answer, or undefined (200, no body). */
  run(activity: ActivityJson, auth: Auth): Promise<TurnAnswer | undefined>;
}

class AuthTimeout extends Error {
  override name = 'AuthTimeout';
}

/** The promise's result, or AuthTimeout after `ms` (the promise runs on; its late failure is ignored). */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AuthTimeout()), ms);
  });
  p.catch(() => undefined);
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Serves one POST to /api/messages through an adapter's token check and turn. */
export async function serveActivity<Auth>(req: Request, res: Response, steps: RouteSteps<Auth>): Promise<void> {
  const { log } = steps;
  const started = process.hrtime.bigint();
  const activity: unknown = req.body;
  const line: Record<string, unknown> = { reqId: req.id() };
  try {
    if (!isActivity(activity)) {
      res.send(400, { error: 'the body is not a Bot Framework activity' });
      return;
    }
    Object.assign(line, {
      activityType: activity.type,
      activityName: activity.name,
      conversationType: activity.conversation.conversationType,
    });
    if (steps.localMode && !isLoopbackUrl(activity.serviceUrl)) {
      // Unchecked activities must not make Polku call, or remember, an address off this
      // machine (the Agents Playground's connector is on localhost). Refused before any turn.
      log.warn({ reqId: req.id() }, 'activity refused: local mode answers a connector on this machine only');
      res.send(403, { error: 'serviceUrlNotLocal' });
      return;
    }
    let auth: Auth;
    try {
      auth = await withTimeout(steps.authenticate(activity, req.header('authorization') ?? ''), steps.authTimeoutMs);
    } catch (e) {
      if (e instanceof AuthTimeout) {
        // The SDKs fetch the token service's keys with no limit of ours (botbuilder none at all):
        // the activity is refused as "try later" rather than held while the fetch hangs.
        log.warn({ reqId: req.id(), ms: steps.authTimeoutMs }, 'activity refused: token not checked in time');
        res.send(503, { error: 'unavailable' });
        return;
      }
      log.warn({ reqId: req.id(), err: { name: errorForLog(e).name } }, 'activity refused: not authenticated');
      res.send(401, { error: 'unauthorized' });
      return;
    }
    try {
      const answer = await steps.run(activity, auth);
      res.send(answer?.status ?? 200, answer?.body);
    } catch (e) {
      log.error({ reqId: req.id(), err: errorForLog(e) }, 'activity failed');
      res.send(500, { error: 'internal error' });
    }
  } finally {
    log.info({ ...line, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'turn');
  }
}
