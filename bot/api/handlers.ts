/**
 * The tab's API endpoints (see contract.ts), each given an authenticated principal. Overviews
 * read the team's index rows only (one partition query a team, never the sessions). A pilot the
 * caller may not see answers exactly as one that does not exist: 404, naming nothing.
 */
import { UUID } from '../domain/ids';
import { targetTrend } from '../domain/targets';
import type { Request, Response } from 'restify';
import { canEditPhases, type Role, roleOf } from '../domain/access';
import { localDate } from '../domain/calendar';
import type { Evaluation } from '../domain/phases';
import { confirmsName, type Phase, PHASES, type TeamRef } from '../domain/pilots';
import { DEMO_TEAM, DEMO_TEAM_NAME } from '../demo/constants';
import type { Logger } from '../log';
import type { PersonalData } from '../storage/personal';
import type { PilotData } from '../storage/pilotData';
import type { PilotStore, PilotSummary } from '../storage/pilots';
import type { TeamAccess } from '../application/access';
import type { PilotEditor } from '../application/pilotEdit';
import { checkText, detailInputsOf, DETAIL_FIELDS } from '../domain/forms';
import { MAX_NAME_LENGTH } from '../domain/cardInput';
import { type InnokylaDraft, innokylaDraft } from '../reports/innokyla';
import { toDocx } from '../reports/innokylaDocx';
import { toMarkdown } from '../reports/innokylaMarkdown';
import { type Locale, strings } from '../i18n';
import type { Principal } from './auth';
import type {
  DeletedResponse,
  MeResponse,
  PilotEditResponse,
  OverviewResponse,
  PhaseView,
  PilotDetail,
  PilotEditRequestBody,
  SessionPage,
  TeamSummary,
} from './contract';
import {
  contentDisposition,
  CONTENT_TYPES,
  EXPORT_FORMATS,
  EXPORT_WHATS,
  evaluationsTable,
  localeOfAcceptLanguage,
  localeParam,
  safeFileName,
  sessionsTable,
  toCsv,
  toXlsx,
} from './export';
import { TEAM_EXPORT_WHATS, teamExportFileName, teamExportFiles, teamPilotsTable } from './teamExport';
import {
  badRequest,
  conflict,
  forbidden,
  invalid,
  notFound,
  queryEnum,
  queryInt,
  queryString,
  sendFile,
  sendJson,
  sendJsonText,
} from './http';
import { OverviewWriter } from './overviews';
import { historyViewOf, overviewOf, phaseViewOf, SESSION_SORTS, sessionViewOf, sortSessions } from './views';

export interface TabApiDeps {
  pilots: PilotStore;
  pilotData: PilotData;
  personal: PersonalData;
  access: TeamAccess;
  editor: PilotEditor;
  log: Logger;
  now: () => Date;
}

/** Ids as Teams and Polku make them; anything else cannot name a stored pilot or team. */
const ID = /^[A-Za-z0-9._:@=+-]{1,200}$/;
const TENANT = /^[A-Za-z0-9._-]{1,100}$/;

export const MAX_PAGE = 100;
/** The most pilots one Innokylä group draft reads: a practice's models, never a whole team. */
export const MAX_DRAFT_PILOTS = 20;
const DRAFT_FORMATS = ['docx', 'md'] as const;
const TEAM_EXPORT_FORMATS = ['xlsx', 'csv'] as const;
const DEFAULT_PAGE = 25;
/** The most pilots one page of a team's overview holds (without ?limit, the whole list from ?offset). */
export const MAX_PILOT_PAGE = 1000;

/**
 * A page of a list from ?offset and ?limit: offset 0 and `defaultLimit` when absent; anything but
 * a whole number in range (offset ≤ 1,000,000, limit 1…`maxLimit`) is a 400.
 */
function pageOf(req: Request, maxLimit: number, defaultLimit: number): { offset: number; limit: number } {
  return {
    offset: queryInt(req, 'offset', 0, 1_000_000, 0),
    limit: queryInt(req, 'limit', 1, maxLimit, defaultLimit),
  };
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'fi');

export class TabApi {
  /** The team overviews' pilots, written once while their index rows stay. */
  private readonly overviews = new OverviewWriter();

  constructor(private readonly deps: TabApiDeps) {}

  private today(): string {
    return localDate(this.deps.now());
  }

  private async teamSummary(team: TeamRef): Promise<TeamSummary> {
    return this.summaryOf(team, await this.deps.pilots.teamName(team));
  }

  /** The team as the tab names it and its pilots, from one query of the team's partition. */
  private async teamPilots(team: TeamRef): Promise<{ summary: TeamSummary; summaries: PilotSummary[] }> {
    const listing = await this.deps.pilots.teamListing(team);
    return { summary: this.summaryOf(team, listing.name), summaries: listing.pilots.map((p) => p.summary()) };
  }

  private summaryOf(team: TeamRef, stored: string | undefined): TeamSummary {
    const demo = team.tenantId === DEMO_TEAM.tenantId && team.teamId === DEMO_TEAM.teamId;
    return { tenantId: team.tenantId, teamId: team.teamId, name: stored ?? (demo ? DEMO_TEAM_NAME : '') };
  }

  /** GET /api/me */
  async me(p: Principal, req: Request, res: Response): Promise<void> {
    const teams = await Promise.all((await this.deps.access.visibleTeams(p)).map((t) => this.teamSummary(t)));
    const body: MeResponse = { userId: p.userId, tenantId: p.tenantId, preview: p.preview, teams: teams.sort(byName) };
    sendJson(req, res, body);
  }

  /**
   * GET /api/teams/:tenantId/:teamId/pilots?offset&limit: the team's pilots by name, all of them or
   * the page asked for, with `total` (all of the team's pilots). A page's ETag is its own.
   */
  async teamOverview(p: Principal, req: Request, res: Response): Promise<void> {
    const tenantId = String(req.params.tenantId ?? '');
    const teamId = String(req.params.teamId ?? '');
    if (!TENANT.test(tenantId) || !ID.test(teamId)) throw forbidden();
    const { offset, limit } = pageOf(req, MAX_PILOT_PAGE, Number.POSITIVE_INFINITY);
    const team = { tenantId, teamId };
    if (!(await this.deps.access.canSee(p, team))) throw forbidden();
    // The team row and the index rows in one query; each pilot's overview written once while its row stays (overviews.ts).
    const listing = await this.deps.pilots.teamListing(team);
    const summary = this.summaryOf(team, listing.name);
    const all = this.overviews.written(listing, summary, this.today());
    const teamJson = JSON.stringify(summary);
    const pilotsJson = `[${all
      .slice(offset, offset + limit)
      .map((o) => o.json)
      .join(',')}]`;
    // An OverviewResponse, written from its parts.
    const body = () =>
      `{"team":${teamJson},"pilots":${pilotsJson},"total":${all.length},"generatedAt":${JSON.stringify(this.deps.now().toISOString())}}`;
    sendJsonText(req, res, body, { etagOfText: `${teamJson}|${pilotsJson}|${all.length}|${offset}` });
  }

  /** GET /api/me/pilots: the caller's own pilots in the teams they belong to. */
  async myPilots(p: Principal, req: Request, res: Response): Promise<void> {
    const teams = await this.deps.access.visibleTeams(p);
    const today = this.today();
    const perTeam = await Promise.all(
      teams.map(async (team) => {
        const { summaries, summary } = await this.teamPilots(team);
        return summaries.filter((s) => s.pilot.owners.includes(p.userId)).map((s) => overviewOf(s, summary, today));
      }),
    );
    const pilots = perTeam.flat().sort(byName);
    const body: OverviewResponse = {
      team: null,
      pilots,
      total: pilots.length,
      generatedAt: this.deps.now().toISOString(),
    };
    sendJson(req, res, body, { etagOf: { team: null, pilots } });
  }

  /**
   * The pilot and the caller's role in it, decided as on the bot's cards (domain/access.ts: the
   * pilot's owners and the team's owners own it, other team members see it), when the caller may
   * see it; otherwise notFound, the same as for no pilot at all.
   */
  private async visiblePilot(p: Principal, req: Request): Promise<PilotSummary & { role: Role }> {
    return this.visiblePilotById(p, String(req.params.pilotId ?? ''));
  }

  private async visiblePilotById(p: Principal, pilotId: string): Promise<PilotSummary & { role: Role }> {
    if (!ID.test(pilotId)) throw notFound();
    const summary = await this.deps.pilots.getPilot(pilotId);
    if (!summary) throw notFound();
    const team = await this.deps.access.standingOf(p, summary.pilot.team);
    const role = roleOf(summary.pilot, { tenantId: p.tenantId, userId: p.userId, team });
    if (role === 'none') throw notFound();
    return { ...summary, role };
  }

  private async evaluations(pilotId: string): Promise<Partial<Record<Phase, Evaluation>>> {
    const stored = await Promise.all(PHASES.map((phase) => this.deps.pilots.getEvaluation(pilotId, phase)));
    const out: Partial<Record<Phase, Evaluation>> = {};
    PHASES.forEach((phase, i) => {
      const e = stored[i];
      if (e) out[phase] = e;
    });
    return out;
  }

  /** GET /api/pilots/:pilotId */
  async pilotDetail(p: Principal, req: Request, res: Response): Promise<void> {
    const { role, ...summary } = await this.visiblePilot(p, req);
    const { pilot } = summary;
    const [team, evaluations, history] = await Promise.all([
      this.teamSummary(pilot.team),
      this.evaluations(pilot.id),
      this.deps.pilots.listHistory(pilot.id),
    ]);
    const phases: Partial<Record<Phase, PhaseView>> = {};
    // The successor of a changed continuation is a pilot of the same team: named when it still is.
    const successorId = evaluations.end?.decisionDetail?.successorId;
    const successor = successorId ? await this.deps.pilots.getPilot(successorId) : undefined;
    const successorName =
      successor &&
      successor.pilot.team.teamId === pilot.team.teamId &&
      successor.pilot.team.tenantId === pilot.team.tenantId
        ? successor.pilot.name
        : undefined;
    for (const phase of PHASES) {
      const e = evaluations[phase];
      if (e) phases[phase] = phaseViewOf(pilot, e, phase === 'end' ? successorName : undefined);
    }
    const body: PilotDetail = {
      overview: overviewOf(summary, team, this.today()),
      targetTrend: targetTrend(pilot, summary.totals.weeks),
      phases,
      history: history.map((h) => historyViewOf(pilot, h)),
      youOwn: canEditPhases(role),
      edit: canEditPhases(role)
        ? { version: summary.version ?? 0, inputs: detailInputsOf(pilot), you: p.userId }
        : null,
    };
    sendJson(req, res, body, { etagOf: body });
  }

  /** GET /api/pilots/:pilotId/sessions?offset&limit&sort */
  async sessions(p: Principal, req: Request, res: Response): Promise<void> {
    const { offset, limit } = pageOf(req, MAX_PAGE, DEFAULT_PAGE);
    const sort = queryEnum(req, 'sort', SESSION_SORTS, '-date');
    const { pilot } = await this.visiblePilot(p, req);
    const all = sortSessions(await this.deps.pilots.listSessions(pilot.id), sort);
    const body: SessionPage = {
      total: all.length,
      offset,
      limit,
      items: all.slice(offset, offset + limit).map((s) => sessionViewOf(pilot, s)),
    };
    sendJson(req, res, body);
  }

  /**
   * The pilot, when the caller owns it (its owner or the team's); 404 when they may not see it,
   * 403 when they see it without owning it.
   */
  private async ownedPilot(p: Principal, req: Request): Promise<PilotSummary> {
    const summary = await this.visiblePilot(p, req);
    if (!canEditPhases(summary.role)) throw forbidden();
    return summary;
  }

  /**
   * GET /api/pilots/:pilotId/export?what=sessions|evaluations&format=csv|xlsx&locale=fi|sv|en,
   * and what=all&format=json: everything Polku holds about the pilot, for its owners.
   */
  async export(p: Principal, req: Request, res: Response): Promise<void> {
    const what = queryEnum(req, 'what', EXPORT_WHATS, 'sessions');
    const format = queryEnum(req, 'format', EXPORT_FORMATS, what === 'all' ? 'json' : 'csv');
    if ((what === 'all') !== (format === 'json')) throw badRequest();
    const locale = fileLocale(req);
    if (what === 'all') {
      const { pilot } = await this.ownedPilot(p, req);
      const everything = await this.deps.pilotData.export(pilot.id, this.deps.now());
      if (!everything) throw notFound();
      const name = `${safeFileName(pilot.name)} - ${strings(locale).privacy.exportAllFile}.json`;
      return sendFile(
        res,
        Buffer.from(JSON.stringify(everything, null, 2)),
        CONTENT_TYPES.json,
        contentDisposition(name),
      );
    }
    const { pilot } = await this.visiblePilot(p, req);
    const table =
      what === 'sessions'
        ? sessionsTable(locale, pilot, await this.deps.pilots.listSessions(pilot.id))
        : evaluationsTable(locale, await this.evaluations(pilot.id));
    const file = format === 'csv' ? toCsv(table) : await toXlsx(table);
    const name = `${safeFileName(pilot.name)} - ${what}.${format}`;
    sendFile(res, file, CONTENT_TYPES[format], contentDisposition(name));
  }

  /**
   * GET /api/pilots/:pilotId/innokyla?format=docx|md&locale=fi|sv|en: the draft of an Innokylä
   * practice description from the pilot's phases, plan and log. Whoever sees the pilot may read
   * it, as its sessions export.
   */
  async innokyla(p: Principal, req: Request, res: Response): Promise<void> {
    const format = queryEnum(req, 'format', DRAFT_FORMATS, 'docx');
    const locale = fileLocale(req);
    const summary = await this.visiblePilot(p, req);
    const source = { pilot: summary.pilot, totals: summary.totals, phases: await this.evaluations(summary.pilot.id) };
    await sendDraft(res, innokylaDraft(locale, { sources: [source], today: this.today() }), format);
  }

  /**
   * GET /api/teams/:tenantId/:teamId/innokyla?pilots=id1,id2&name=…&format=docx|md&locale=…: one
   * practice's draft from pilots of one team, numbered in the order given. Every pilot must be
   * the team's and visible to the caller (else 404, naming none); the name is free text, checked
   * as the cards check it (422 with the field and code).
   */
  async teamInnokyla(p: Principal, req: Request, res: Response): Promise<void> {
    const team = await this.visibleTeam(p, req);
    const format = queryEnum(req, 'format', DRAFT_FORMATS, 'docx');
    const locale = fileLocale(req);
    const ids = [...new Set((queryString(req, 'pilots') ?? '').split(',').map((id) => id.trim()))];
    if (ids.some((id) => id === '') || ids.length > MAX_DRAFT_PILOTS) throw badRequest();
    const name = (queryString(req, 'name') ?? '').trim();
    const refused = name ? checkText('name', name, MAX_NAME_LENGTH) : undefined;
    if (refused) throw invalid([refused]);
    const summaries = await Promise.all(ids.map((id) => this.visiblePilotById(p, id)));
    if (summaries.some((s) => s.pilot.team.tenantId !== team.tenantId || s.pilot.team.teamId !== team.teamId)) {
      throw notFound();
    }
    const sources = await Promise.all(
      summaries.map(async (s) => ({ pilot: s.pilot, totals: s.totals, phases: await this.evaluations(s.pilot.id) })),
    );
    const draft = innokylaDraft(locale, { practiceName: name || undefined, sources, today: this.today() });
    await sendDraft(res, draft, format);
  }

  /** The team in the path when the caller may see it; 404 otherwise, the same as for no team at all. */
  private async visibleTeam(p: Principal, req: Request): Promise<TeamRef> {
    const tenantId = String(req.params.tenantId ?? '');
    const teamId = String(req.params.teamId ?? '');
    if (!TENANT.test(tenantId) || !ID.test(teamId)) throw notFound();
    const team = { tenantId, teamId };
    if (!(await this.deps.access.canSee(p, team))) throw notFound();
    return team;
  }

  /**
   * GET /api/teams/:tenantId/:teamId/export?format=xlsx|csv&what=pilots|sessions&locale=…: every
   * pilot of the team, for its members. The workbook has both sheets; the pilots' CSV is read
   * from the team index alone, the sessions' reads each pilot's sessions.
   */
  async teamExport(p: Principal, req: Request, res: Response): Promise<void> {
    const format = queryEnum(req, 'format', TEAM_EXPORT_FORMATS, 'xlsx');
    const what = queryEnum(req, 'what', TEAM_EXPORT_WHATS, 'pilots');
    const locale = fileLocale(req);
    const team = await this.visibleTeam(p, req);
    const { summaries, summary } = await this.teamPilots(team);
    const today = this.today();
    const name = teamExportFileName(locale, summary.name, format, what);
    if (format === 'csv' && what === 'pilots') {
      return sendFile(
        res,
        toCsv(teamPilotsTable(locale, summaries, today)),
        CONTENT_TYPES.csv,
        contentDisposition(name),
      );
    }
    const items = await Promise.all(
      summaries.map(async (s) => ({
        pilot: s.pilot,
        totals: s.totals,
        sessions: await this.deps.pilots.listSessions(s.pilot.id),
      })),
    );
    const files = teamExportFiles(locale, items, today);
    const file = format === 'xlsx' ? await files.xlsx() : files.csvSessions();
    sendFile(res, file, CONTENT_TYPES[format], contentDisposition(name));
  }

  /** DELETE /api/pilots/:pilotId with `{ "confirmName": "<the pilot's name>" }`: the pilot's and the team's owners only. */
  async deletePilot(p: Principal, req: Request, res: Response): Promise<void> {
    const { pilot } = await this.ownedPilot(p, req);
    const body = (req.body ?? {}) as { confirmName?: unknown };
    if (typeof body.confirmName !== 'string' || !confirmsName(body.confirmName, pilot.name)) throw badRequest();
    const deleted = await this.deps.pilotData.delete(pilot.id);
    if (!deleted) throw notFound();
    this.deps.log.info(
      { pilotId: pilot.id, sessions: deleted.sessions, rows: deleted.rows, reminders: deleted.reminders },
      'pilot deleted through the API',
    );
    const answer: DeletedResponse = {
      deleted: pilot.id,
      sessions: deleted.sessions,
      evaluations: deleted.evaluations,
      history: deleted.history,
      reminders: deleted.reminders,
    };
    sendJson(req, res, answer);
  }

  /**
   * PATCH /api/pilots/:pilotId with `{ inputs, version, idempotencyKey }` (contract.ts
   * PilotEditRequestBody): the pilot's and the team's owners change its details as on the bot's
   * edit card (application/pilotEdit.ts, the same rule). The form keeps or removes owners; new
   * ones are chosen on the bot's card, where the team's roster is at hand.
   */
  async editPilot(p: Principal, req: Request, res: Response): Promise<void> {
    const summary = await this.ownedPilot(p, req);
    const body = (req.body ?? {}) as Partial<Record<keyof PilotEditRequestBody, unknown>>;
    const inputs = body.inputs;
    if (
      typeof inputs !== 'object' ||
      inputs === null ||
      Array.isArray(inputs) ||
      Object.entries(inputs).some(
        ([k, v]) => !(DETAIL_FIELDS as readonly string[]).includes(k) || typeof v !== 'string',
      ) ||
      typeof body.version !== 'number' ||
      !Number.isInteger(body.version) ||
      typeof body.idempotencyKey !== 'string' ||
      !UUID.test(body.idempotencyKey)
    )
      throw badRequest();
    const result = await this.deps.editor.save({
      pilot: summary.pilot,
      actor: { userId: p.userId, name: p.name ?? '' },
      input: inputs as Record<string, string>,
      version: body.version,
      idempotencyKey: body.idempotencyKey,
      checkNewOwners: async (ids) => ({
        errors: ids.length ? [{ field: 'owners', code: 'ownersInBot' }] : [],
        names: {},
      }),
    });
    switch (result.status) {
      case 'invalid':
        throw invalid(result.errors);
      case 'conflict':
        throw conflict();
      case 'notFound':
        throw notFound();
      case 'saved': {
        const answer: PilotEditResponse = { status: 'saved', changed: result.changes.map((c) => c.field) };
        return sendJson(req, res, answer);
      }
      default: {
        const answer: PilotEditResponse = { status: result.status, changed: [] };
        return sendJson(req, res, answer);
      }
    }
  }

  /** GET /api/me/data: what Polku holds about the caller, in their tenant. */
  async myData(p: Principal, req: Request, res: Response): Promise<void> {
    sendJson(req, res, await this.deps.personal.find(p.tenantId, p.userId));
  }

  /** DELETE /api/me/data: the caller's name dropped and id replaced by a pseudonym everywhere. */
  async forgetMe(p: Principal, req: Request, res: Response): Promise<void> {
    const r = await this.deps.personal.remove(p.tenantId, p.userId);
    this.deps.log.info({ pseudonym: r.pseudonym, pilots: r.pilots, rows: r.rows }, 'person removed through the API');
    sendJson(req, res, r);
  }
}

/** A file's language: `?locale=` when given (400 when it names none of ours), else Accept-Language. */
function fileLocale(req: Request): Locale {
  const value = queryString(req, 'locale');
  const locale = value === undefined ? localeOfAcceptLanguage(req.headers['accept-language']) : localeParam(value);
  if (!locale) throw badRequest();
  return locale;
}

/** The draft as a download named after the practice: Word, or Markdown in UTF-8. */
async function sendDraft(res: Response, draft: InnokylaDraft, format: (typeof DRAFT_FORMATS)[number]): Promise<void> {
  const file = format === 'docx' ? await toDocx(draft) : Buffer.from(toMarkdown(draft), 'utf8');
  sendFile(res, file, CONTENT_TYPES[format], contentDisposition(`${safeFileName(draft.title)}.${format}`));
}
