/**
 * The Wednesday consultation inside the meeting (the tab's side panel): the form's state for the
 * caller, the link of a meeting's chat to a pilot, and each participant's own line of the day.
 *
 * Who may do what:
 * - Everything needs the caller to be a member of the meeting's chat, asked from Teams through the
 *   chat's stored conversation (Polku is installed in the meeting) by TeamAccess, fail-closed: a
 *   chat Polku is not in answers 404, a chat the caller is not in 403, naming nothing.
 * - The chat is looked up in the caller's own tenant: a guest account of the host organisation
 *   (B2B, as Kela's adviser joins a municipality's meeting) signs in with the host's tenant and is
 *   served like any participant; a federated user signed in to another tenant finds no such chat
 *   there (404). Their membership of another tenant's chat is not something Polku can check.
 * - Linking a pilot: someone who may log sessions of it (roleOf, canLogSession), kind kelaConsultation;
 *   moving a linked meeting to another pilot, someone who may log sessions of both.
 * - A line: any member of the chat, in the link's pilot, as a session of it (its totals count it),
 *   one per (meeting, date, participant): a second save replaces the first.
 * - Only members of the pilot's own team get `host` (the pilot's name, the day's line count, the
 *   team's municipalities). For anyone else nothing of the pilot is sent, refusals included.
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'restify';
import type { TeamAccess } from '../application/access';
import { canLogSession, roleOf } from '../domain/access';
import { HOURS } from '../domain/cardInput';
import { localDate } from '../domain/calendar';
import { checkText } from '../domain/forms';
import { isCalendarDate } from '../domain/cardInput';
import type { Pilot } from '../domain/pilots';
import {
  CONSULTATION_TOPICS,
  countField,
  MAX_COUNT,
  parseSession,
  type Session,
  type SessionDraft,
  type SessionFieldError,
} from '../domain/sessions';
import type { Logger } from '../log';
import { type ConsultationLineRow, consultationSessionId, type ConsultationStore } from '../storage/consultations';
import type { ConversationStore } from '../storage/conversations';
import type { PilotStore, PilotSummary } from '../storage/pilots';
import type { Principal } from './auth';
import type {
  ConsultationCountKey,
  ConsultationFieldError,
  ConsultationHostView,
  ConsultationLine,
  ConsultationLineResponse,
  ConsultationLinkResponse,
  ConsultationState,
} from './contract';
import { badRequest, forbidden, notFound, queryString, sendJson } from './http';

export interface ConsultationApiDeps {
  pilots: PilotStore;
  consultations: ConsultationStore;
  conversations: ConversationStore;
  access: TeamAccess;
  log: Logger;
  now: () => Date;
}

/** Teams chat ids ("19:meeting_…@thread.v2", "19:…@thread.v2"); anything else names no chat. */
const CHAT_ID = /^19:[A-Za-z0-9._:@=+-]{1,300}$/;
const PILOT_ID = /^[A-Za-z0-9._:@=+-]{1,200}$/;
export const MAX_MUNICIPALITY_LENGTH = 100;
const COUNT_KEYS: readonly ConsultationCountKey[] = ['casesConsulted', 'answered', 'referred', 'kelaAppointments'];

/** A meeting the caller is a member of: its chat, in the caller's tenant. */
interface Meeting {
  tenantId: string;
  chatId: string;
}

/** The meeting's pilot, when one is linked and still there. */
interface Linked {
  summary: PilotSummary;
  /** The caller is in the pilot's team: false for a participant from elsewhere. */
  hostMember: boolean;
  /** The caller may log the pilot's sessions in their own right (roleOf). */
  mayLog: boolean;
}

export class ConsultationApi {
  constructor(private readonly deps: ConsultationApiDeps) {}

  private today(): string {
    return localDate(this.deps.now());
  }

  /** The meeting of the request's :chatId, when the caller is a member of its chat (else 404/403). */
  private async meeting(p: Principal, req: Request): Promise<Meeting> {
    const chatId = String(req.params.chatId ?? '');
    if (!CHAT_ID.test(chatId)) throw notFound();
    const stored = await this.deps.conversations.get(p.tenantId, chatId);
    // Polku is not in that chat, or it is no chat of this tenant (a team's id names no meeting).
    if (!stored?.active || stored.scope !== 'groupChat') throw notFound();
    if (!(await this.deps.access.canSee(p, { tenantId: p.tenantId, teamId: chatId }))) throw forbidden();
    return { tenantId: p.tenantId, chatId };
  }

  private async linked(p: Principal, m: Meeting): Promise<Linked | undefined> {
    const link = await this.deps.consultations.link(m.tenantId, m.chatId);
    if (!link) return undefined;
    const summary = await this.deps.pilots.getPilot(link.pilotId);
    // A pilot deleted (or changed to another kind) since it was linked: not set up any more.
    if (!summary || summary.pilot.kind !== 'kelaConsultation') return undefined;
    const team = await this.deps.access.standingOf(p, summary.pilot.team);
    const mayLog = canLogSession(roleOf(summary.pilot, { tenantId: p.tenantId, userId: p.userId, team }));
    return { summary, hostMember: team !== 'none', mayLog };
  }

  /** The day's lines of the meeting that belong to its pilot now. */
  private async lines(m: Meeting, pilotId: string, date: string): Promise<ConsultationLineRow[]> {
    return (await this.deps.consultations.lines(m.tenantId, m.chatId, date)).filter((l) => l.pilotId === pilotId);
  }

  private async hostView(m: Meeting, l: Linked, date: string): Promise<ConsultationHostView | null> {
    if (!l.hostMember) return null;
    const { pilot } = l.summary;
    const [lines, teamPilots] = await Promise.all([
      this.lines(m, pilot.id, date),
      this.deps.pilots.listTeamPilots(pilot.team),
    ]);
    const collator = new Intl.Collator('fi');
    const municipalities = [...new Set(teamPilots.map((s) => s.pilot.municipality).filter(Boolean))].sort(
      collator.compare,
    );
    return { pilotId: pilot.id, pilotName: pilot.name, lines: lines.length, municipalities };
  }

  private sessionIdOf(p: Principal, m: Meeting, date: string): string {
    return consultationSessionId({ chatId: m.chatId, date, tenantId: p.tenantId, userId: p.userId });
  }

  /** The caller's own line of the day, when saved (and its session is still the pilot's). */
  private async mine(p: Principal, m: Meeting, pilot: Pilot, date: string): Promise<ConsultationLine | null> {
    const sessionId = this.sessionIdOf(p, m, date);
    const row = await this.deps.consultations.line(m.tenantId, m.chatId, date, sessionId);
    if (!row || row.pilotId !== pilot.id) return null;
    const stored = await this.deps.pilots.getSession(pilot.id, sessionId);
    return stored ? lineOf(stored.session, row) : null;
  }

  /** GET /api/meetings/:chatId/consultation?date=yyyy-mm-dd (today in Helsinki by default). */
  async state(p: Principal, req: Request, res: Response): Promise<void> {
    const m = await this.meeting(p, req);
    const date = queryString(req, 'date') ?? this.today();
    if (!isCalendarDate(date)) throw badRequest();
    const l = await this.linked(p, m);
    const base = { date, topics: [...CONSULTATION_TOPICS], maxCount: MAX_COUNT };
    if (!l) {
      const body: ConsultationState = { ...base, status: 'notLinked', mine: null, host: null };
      return sendJson(req, res, body);
    }
    const [mine, host] = await Promise.all([this.mine(p, m, l.summary.pilot, date), this.hostView(m, l, date)]);
    const body: ConsultationState = { ...base, status: 'ready', mine, host };
    sendJson(req, res, body);
  }

  /** PUT /api/meetings/:chatId/consultation { pilotId }: the meeting logs to this pilot from now on. */
  async link(p: Principal, req: Request, res: Response): Promise<void> {
    const m = await this.meeting(p, req);
    const body = req.body as { pilotId?: unknown } | undefined;
    const pilotId = body?.pilotId;
    if (typeof pilotId !== 'string' || !PILOT_ID.test(pilotId)) throw badRequest();
    const summary = await this.deps.pilots.getPilot(pilotId);
    if (!summary) throw notFound();
    const { pilot } = summary;
    const team = await this.deps.access.standingOf(p, pilot.team);
    // A pilot the caller may not log sessions for answers as one that does not exist.
    if (!canLogSession(roleOf(pilot, { tenantId: p.tenantId, userId: p.userId, team }))) throw notFound();
    if (pilot.kind !== 'kelaConsultation') throw badRequest();
    // A meeting already logging to a pilot moves to another only by someone who may log that one's
    // sessions too: a participant from elsewhere cannot take the host's meeting to their own pilot.
    const current = await this.linked(p, m);
    if (current && current.summary.pilot.id !== pilot.id && !current.mayLog) throw forbidden();
    await this.deps.consultations.setLink(m.tenantId, m.chatId, {
      pilotId: pilot.id,
      team: pilot.team,
      by: p.userId,
      at: this.deps.now().toISOString(),
    });
    this.deps.log.info({ pilotId: pilot.id }, 'meeting linked to a consultation pilot');
    const answer: ConsultationLinkResponse = { pilotId: pilot.id, pilotName: pilot.name };
    sendJson(req, res, answer);
  }

  /** PUT /api/meetings/:chatId/consultation/lines/me: the caller's line of the day, saved or replaced. */
  async saveLine(p: Principal, req: Request, res: Response): Promise<void> {
    const m = await this.meeting(p, req);
    const body = readLineBody(req.body);
    const l = await this.linked(p, m);
    if (!l) throw notFound();
    const { pilot } = l.summary;

    const input: Record<string, unknown> = {
      date: body.date,
      hours: String(meetingHours(pilot)),
      topics: body.topics.join(','),
    };
    if (body.otherTopic !== undefined) input.otherTopic = body.otherTopic;
    for (const key of COUNT_KEYS) {
      const v = body.counts[key];
      if (v !== undefined) input[countField(key)] = v;
    }
    const errors: ConsultationFieldError[] = [];
    const municipality = body.municipality.trim();
    if (municipality === '') errors.push({ field: 'municipality', code: 'required' });
    else {
      const e = checkText('municipality', municipality, MAX_MUNICIPALITY_LENGTH);
      if (e) errors.push(e);
    }
    const parsed = parseSession('kelaConsultation', input, { today: this.today(), pilotStartDate: pilot.startDate });
    if (!parsed.ok) errors.push(...parsed.errors.map((e) => (l.hostMember ? e : withoutPilotFacts(e))));
    if (errors.length > 0) return sendInvalid(res, errors);
    const draft = parsed.ok ? parsed.value : undefined;
    if (!draft) return sendInvalid(res, errors);

    const at = this.deps.now().toISOString();
    const sessionId = this.sessionIdOf(p, m, draft.date);
    const session: Session = { ...draft, id: sessionId, pilotId: pilot.id, loggedBy: p.userId, loggedAt: at };
    const before = await this.deps.consultations.line(m.tenantId, m.chatId, draft.date, sessionId);
    const status = await this.write(
      session,
      p.userId,
      at,
      before?.pilotId === pilot.id ? before : undefined,
      municipality,
    );
    const row: ConsultationLineRow = { date: draft.date, sessionId, pilotId: pilot.id, municipality, savedAt: at };
    if (status !== 'unchanged' || !before) await this.deps.consultations.saveLine(m.tenantId, m.chatId, row);
    this.deps.log.info({ pilotId: pilot.id, status, host: l.hostMember }, 'consultation line saved');
    const saved = status === 'unchanged' && before ? before : row;
    const answer: ConsultationLineResponse = {
      status,
      line: lineOf(session, saved),
      host: await this.hostView(m, l, draft.date),
    };
    sendJson(req, res, answer);
  }

  /**
   * Writes the line's session: recorded the first time (its idempotency key is the line's own, so a
   * redelivered first save is a no-op), replaced by an edit after that. A session an owner deleted
   * meanwhile is recorded afresh under a new key.
   */
  private async write(
    session: Session,
    by: string,
    at: string,
    before: ConsultationLineRow | undefined,
    municipality: string,
  ): Promise<ConsultationLineResponse['status']> {
    const { pilots } = this.deps;
    const existing = await pilots.getSession(session.pilotId, session.id);
    if (existing) {
      if (before && before.municipality === municipality && sameDraft(existing.session, session)) return 'unchanged';
      const edited = await pilots.updateSession({
        pilotId: session.pilotId,
        sessionId: session.id,
        next: session,
        by,
        at,
        idempotencyKey: `consultation|${session.id}|${randomUUID()}`,
      });
      if (edited.status !== 'notFound') return 'replaced';
    } else {
      const first = await pilots.recordSession(session, `consultation|${session.id}`);
      if (first.recorded) return 'created';
      // The same line's first save raced this one, or an owner deleted the line's session.
      const now = await pilots.getSession(session.pilotId, session.id);
      if (now) return this.write(session, by, at, before, municipality);
    }
    await pilots.recordSession(session, `consultation|${session.id}|${randomUUID()}`);
    return 'created';
  }
}

/** The hours of one consultation meeting: the plan's, within what a session may hold; else one. */
function meetingHours(pilot: Pilot): number {
  const h = pilot.plan.hoursPerSession;
  return Number.isFinite(h) && h >= HOURS.min && h <= HOURS.max && Number.isInteger(h / HOURS.step) ? h : 1;
}

/** A refusal as a participant from elsewhere gets it: without the pilot's own dates. */
function withoutPilotFacts(e: SessionFieldError): SessionFieldError {
  return e.code === 'dateBeforeStart' ? { field: e.field, code: e.code } : e;
}

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

function sameDraft(a: SessionDraft, b: SessionDraft): boolean {
  return (
    a.date === b.date &&
    a.hours === b.hours &&
    COUNT_KEYS.every((k) => a.counts[k] === b.counts[k]) &&
    sameList(a.tags, b.tags) &&
    (a.otherTopic ?? '') === (b.otherTopic ?? '')
  );
}

function lineOf(s: Session, row: Pick<ConsultationLineRow, 'municipality' | 'savedAt'>): ConsultationLine {
  const counts: ConsultationLine['counts'] = {};
  for (const key of COUNT_KEYS) {
    const v = s.counts[key];
    if (v !== undefined) counts[key] = v;
  }
  const line: ConsultationLine = {
    date: s.date,
    municipality: row.municipality,
    counts,
    topics: (s.tags ?? []).filter((t) => t.startsWith('topic:')).map((t) => t.slice('topic:'.length)),
    savedAt: row.savedAt,
  };
  if (s.otherTopic !== undefined) line.otherTopic = s.otherTopic;
  return line;
}

interface LineBody {
  date: string;
  municipality: string;
  counts: Partial<Record<ConsultationCountKey, string>>;
  topics: string[];
  otherTopic?: string;
}

/** The body's shape (the values are checked by parseSession): anything else is a 400. */
function readLineBody(raw: unknown): LineBody {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw badRequest();
  const b = raw as Record<string, unknown>;
  if (typeof b.date !== 'string' || typeof b.municipality !== 'string') throw badRequest();
  const countsRaw = b.counts ?? {};
  if (typeof countsRaw !== 'object' || countsRaw === null || Array.isArray(countsRaw)) throw badRequest();
  const counts: LineBody['counts'] = {};
  for (const [key, v] of Object.entries(countsRaw as Record<string, unknown>)) {
    if (!(COUNT_KEYS as readonly string[]).includes(key)) throw badRequest();
    if (v === null || v === undefined || v === '') continue;
    if (typeof v === 'number' && Number.isFinite(v)) counts[key as ConsultationCountKey] = String(v);
    else if (typeof v === 'string') counts[key as ConsultationCountKey] = v;
    else throw badRequest();
  }
  const topics = b.topics ?? [];
  if (!Array.isArray(topics) || topics.length > 50 || !topics.every((t) => typeof t === 'string' && !t.includes(',')))
    throw badRequest();
  if (b.otherTopic !== undefined && b.otherTopic !== null && typeof b.otherTopic !== 'string') throw badRequest();
  const line: LineBody = { date: b.date, municipality: b.municipality, counts, topics: topics as string[] };
  if (typeof b.otherTopic === 'string' && b.otherTopic !== '') line.otherTopic = b.otherTopic;
  return line;
}

/**
 * 422 with the refused fields, as sendError answers a refused form (http.ts), for the session
 * form's codes, which are not the phase forms' FormError codes.
 */
function sendInvalid(res: Response, fields: ConsultationFieldError[]): void {
  res.sendRaw(422, JSON.stringify({ error: 'invalid', fields }), {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Type': 'application/json; charset=utf-8',
  });
}
