/**
 * The tab's API, as types shared by the server (bot/api) and the tab (tab/src). Plain data: no
 * imports of server code, so the tab's bundle can include it. Every endpoint needs a signed-in
 * caller (Teams SSO token as `Authorization: Bearer …`, or the local preview mode) and answers
 * 401 without one, 403 for a team or pilot the caller may not see, and never names what it hides.
 *
 * GET /api/me                                   → MeResponse
 * GET /api/teams/:tenantId/:teamId/pilots?offset&limit → OverviewResponse (all pilots without them; ETag per page; 304)
 * GET /api/me/pilots                            → OverviewResponse with `team` null: the caller's own pilots across teams
 * GET /api/pilots/:pilotId                      → PilotDetail        (ETag; 304)
 * PATCH /api/pilots/:pilotId                    → PilotEditResponse  (owners; body PilotEditRequestBody;
 *                                                  422 ApiError with `fields`; 409 conflict: changed meanwhile)
 * GET /api/pilots/:pilotId/sessions?offset&limit&sort → SessionPage  (sort: date | -date | hours | -hours)
 * GET /api/pilots/:pilotId/export?what=sessions|evaluations&format=csv|xlsx → a file download
 * GET /api/me/data                              → PersonalReport
 * DELETE /api/me/data                           → RemovalResult
 */
import type { Target, TargetStatus, TargetTrendPoint } from '../domain/targets';
import type { PilotWarning } from '../domain/warning';
import type { HistoryWhat } from '../domain/history';
import type { FigureKey, FigureUnit } from '../domain/headline';
import type { PhaseFigure } from '../domain/measures';
import type { FormError } from '../domain/forms';
import type { Decision, Partner, Phase, PilotKind, PilotPlan, PilotStage, TeamRef } from '../domain/pilots';
import type { Answers } from '../domain/phases';
import type { CountKey, Counts } from '../domain/sessions';

/** A member of staff as the tab shows them; `removed` when they asked Polku to remove their name and id. */
export interface PersonView {
  id: string;
  name: string;
  removed?: true;
}

export interface TeamSummary {
  tenantId: string;
  teamId: string;
  name: string;
}

export interface MeResponse {
  userId: string;
  tenantId: string;
  /** True in the local preview mode (no Entra app configured, loopback only): the page shows a banner. */
  preview: boolean;
  /** The teams the caller may see (member of, with Polku installed). */
  teams: TeamSummary[];
}

/** Where a phase stands on the pilot's timeline today. */
export type PhaseState = 'done' | 'due' | 'overdue' | 'upcoming';

export interface WeekPointView {
  /** ISO week, "2026-W09". */
  week: string;
  sessions: number;
  hours: number;
  /** The kind's main count that week (see `mainCount`). */
  main: number;
}

export interface PilotOverview {
  id: string;
  team: TeamSummary;
  name: string;
  municipality: string;
  kind: PilotKind;
  stage: PilotStage;
  decision: Decision | null;
  plan: PilotPlan;
  startDate: string;
  midpointDate: string;
  endDate: string;
  /** What the figures were before the pilot, in the team's words ("0–6 puhelua päivässä"); null when not given. */
  baseline: string | null;
  owners: PersonView[];
  phases: Record<Phase, PhaseState>;
  /** The count this kind is judged by first: wantedToTalk for a drop-in, calls for a phone line… */
  mainCount: CountKey;
  totals: {
    sessions: number;
    hours: number;
    /** How many sessions lasted each length ("2": 5, "4": 5), for "toteutunut …" (measures.ts realisedReading); absent in totals kept before it was. */
    hoursMix?: Record<string, number>;
    plannedSessions: number;
    lastSessionDate: string | null;
    /** The kind's headline figures (bot/domain/headline.ts), its first the one it is compared by. */
    headline: FigureView[];
    /** Staff time in all (preparation, travel and recording when given), and the kind's contacts per staff hour. */
    staffHours: number;
    contactsPerStaffHour: number | null;
    socialWorkShare: number | null;
    counts: Counts;
  };
  /** Each target against the actual so far (bot/domain/targets.ts); empty when none is set. */
  targets: TargetView[];
  /** Below when any target is, on track when all are, not yet when some cannot be measured; null without targets. */
  targetStatus: TargetStatus | null;
  /** The last early warning, and the owners' answer once given; null when none was sent. */
  warning: PilotWarning | null;
  /** The pilot's last eight ISO weeks (up to today, or up to its end once ended: measures.ts trendEnd), oldest first, zeros included. */
  trend: WeekPointView[];
}

/** A target and the actual against it: null where it cannot be computed yet, never 0 for that. */
export interface TargetView {
  target: Target;
  unit: FigureUnit;
  actual: number | null;
  /** The sessions behind the actual. */
  sessions: number;
  status: TargetStatus;
}

/** A headline figure: null where it cannot be computed ("ei laskettavissa"), never 0 for that. */
export interface FigureView {
  key: FigureKey;
  unit: FigureUnit;
  value: number | null;
  /** The sessions behind it. */
  sessions: number;
}

export interface OverviewResponse {
  team: TeamSummary | null;
  /** The pilots by name: all of them, or the page asked for (?offset&limit). */
  pilots: PilotOverview[];
  /** How many pilots there are in all, paged or not. */
  total: number;
  /** ISO instant the data was read. */
  generatedAt: string;
}

export interface PhaseView {
  answers: Answers;
  decision: Decision | null;
  /** What the phase had behind it when saved (sessions, hours, their lengths, counts); null before this was kept. */
  realised: PhaseFigure | null;
  /** End phase: the decision's reason and date, and the successor pilot (its id and name when the caller may see it). */
  decisionDetail: { reason: string | null; date: string; successor: { id: string; name: string } | null } | null;
  updatedBy: PersonView;
  updatedAt: string;
}

export interface HistoryView {
  at: string;
  by: PersonView;
  what: HistoryWhat;
  phase: Phase | null;
  /** Question keys changed, or the session's fields changed, or the pilot's (pilotEdited). */
  changed: string[];
  /** pilotEdited: each change, from → to, as values the tab puts in words (null: not given). */
  edits: EditView[];
  /** warningSent and warningAnswered: the warning, with the owners' answer once given; else null. */
  warning: PilotWarning | null;
}

/**
 * One changed field of a pilot edit. `field` is the pilot's field, or the plan's part:
 * plan.schedule (when: frequency, weekdays, time), plan.place, plan.partners,
 * plan.hoursPerSession, plan.plannedSessions.
 */
export interface EditView {
  field: string;
  from: EditValue | null;
  to: EditValue | null;
}

export type EditValue =
  | { text: string }
  | { date: string }
  | { number: number }
  | { partners: Partner[] }
  | { people: PersonView[] }
  /** The plan's when (its frequency, weekdays and start time), to be written as the plan line writes it. */
  | { schedule: PilotPlan }
  /** Measurable targets, to be worded as bot/i18n/targetLine.ts words them. */
  | { targets: Target[] };

export interface PilotDetail {
  overview: PilotOverview;
  /** Each target's actual after each week with sessions (bot/domain/targets.ts targetTrend); empty without targets. */
  targetTrend: TargetTrendPoint[];
  phases: Partial<Record<Phase, PhaseView>>;
  history: HistoryView[];
  /** The caller is one of the pilot's owners: they may export everything, edit and delete the pilot. */
  youOwn: boolean;
  /** For owners: the edit form's inputs as the pilot is now (domain/forms.ts detailInputsOf) and the version they are of. */
  edit: {
    version: number;
    inputs: Record<string, string>;
    /** The caller's id: whoever edits stays an owner. */ you: string;
  } | null;
}

/** PATCH /api/pilots/:pilotId: the edit form's inputs, the version it was opened on, and a key that makes a retry safe. */
export interface PilotEditRequestBody {
  inputs: Record<string, string>;
  version: number;
  /** A UUID, new for each edit: the same key again saves nothing twice (answer alreadySaved). */
  idempotencyKey: string;
}

export interface PilotEditResponse {
  status: 'saved' | 'unchanged' | 'alreadySaved';
  /** The pilot's fields changed (domain/pilotEdit.ts EDITABLE_FIELDS). */
  changed: string[];
}

export interface SessionView {
  id: string;
  date: string;
  hours: number;
  counts: Counts;
  place: string | null;
  partnersPresent: string[];
  tags: string[];
  note: string | null;
  loggedBy: PersonView;
}

export interface SessionPage {
  total: number;
  offset: number;
  limit: number;
  items: SessionView[];
}

/**
 * Why a request was not let in, when the caller can do something about it (the tab shows a
 * sentence for each, tab/src/locales):
 * - previewOff: no sign-in is configured (AAD_APP_CLIENT_ID) and the local preview is off because
 *   a bot identity is set (POLKU_TAB_PREVIEW turns it on);
 * - previewLocalOnly: the preview answers this machine's own pages only (loopback, its own Host,
 *   no proxy or tunnel);
 * - tokenTooOld: the Teams token was issued more than a day ago;
 * - tokenIssuedInFuture: the token's issue time is ahead of this server's clock by more than the skew allowed.
 */
export type RefusalReason = 'previewOff' | 'previewLocalOnly' | 'tokenTooOld' | 'tokenIssuedInFuture';

export interface ApiError {
  error:
    | 'unauthenticated'
    | 'forbidden'
    | 'notFound'
    | 'badRequest'
    | 'unavailable'
    | 'internal'
    /** 422: the form's fields, each with its error, which the tab writes beside the field. */
    | 'invalid'
    /** 409: the pilot changed since the form was opened; nothing was written. */
    | 'conflict';
  reason?: RefusalReason;
  /** invalid: the fields refused and why. */
  fields?: FormError[];
}

/** DELETE /api/pilots/:pilotId: what was deleted. */
export interface DeletedResponse {
  deleted: string;
  sessions: number;
  evaluations: number;
  history: number;
  reminders: number;
}

/** A team membership Polku has learnt for a person (bot/storage/members.ts keeps it). */
export interface MembershipView {
  tenantId: string;
  userId: string;
  teamId: string;
  standing: 'owner' | 'member' | 'none';
  /** 'event': Teams told the bot; 'teams': the bot asked Teams. */
  source: 'event' | 'teams';
  /** ISO instant it was learnt. */
  at: string;
}

// GET /api/me/data → PersonalReport; DELETE /api/me/data → RemovalResult (bot/storage/personal.ts).

/** Where a person appears in one pilot. */
export interface PilotMention {
  pilotId: string;
  pilotName: string;
  team: TeamRef;
  teamName: string;
  /** In the owner list. */
  owner: boolean;
  /** The only owner: after removal, only the team's owners can edit the pilot. */
  soleOwner: boolean;
  /** Their name as the owner list keeps it ('' when none). */
  name: string;
  created: boolean;
  /** Phases whose saved evaluation names them as the last to save it. */
  evaluations: Phase[];
  /** Sessions they logged. */
  sessions: number;
  /** History entries that name them (as who made the change, or who logged a session kept there). */
  history: number;
}

export interface PersonalReport {
  tenantId: string;
  userId: string;
  pilots: PilotMention[];
  /** Teams (and group chats) whose membership Polku has learnt for them. */
  memberships: MembershipView[];
  /** Polku keeps the address of a personal chat with them (for reminders). */
  personalChat: boolean;
  /** Other conversations (channels, group chats) whose stored address names them (kept by older versions). */
  references: number;
}

export interface RemovalResult {
  pseudonym: string;
  pilots: number;
  rows: number;
  memberships: number;
  personalChat: boolean;
  references: number;
}

// ---------------------------------------------------------------------------------------------
// The Wednesday consultation inside a meeting (bot/api/consultation.ts). The caller must be a
// member of the meeting's chat (Polku installed there). Only members of the linked pilot's team
// get `host`: a participant from another team or organisation sees no pilot name, no figure and
// no other participant's line.
//
// GET /api/meetings/:chatId/consultation?date=yyyy-mm-dd → ConsultationState
// PUT /api/meetings/:chatId/consultation                 → ConsultationLinkResponse (body ConsultationLinkBody;
//                                                           someone who may log sessions of that pilot)
// PUT /api/meetings/:chatId/consultation/lines/me        → ConsultationLineResponse (body ConsultationLineBody;
//                                                           422 with `fields` beside each field, nothing written)
// ---------------------------------------------------------------------------------------------

/** The counts of a consultation line (the kelaConsultation session form's). */
export type ConsultationCountKey = 'casesConsulted' | 'answered' | 'referred' | 'kelaAppointments';

/** One participant's line of a day, as they saved it. */
export interface ConsultationLine {
  date: string;
  municipality: string;
  counts: Partial<Record<ConsultationCountKey, number>>;
  /** Topic keys (CONSULTATION_TOPICS), without the "topic:" prefix. */
  topics: string[];
  otherTopic?: string;
  savedAt: string;
}

/** What only members of the linked pilot's team see. */
export interface ConsultationHostView {
  pilotId: string;
  pilotName: string;
  /** Lines saved for the date in this meeting, everyone's. */
  lines: number;
  /** The team's pilots' municipalities, to pick from. */
  municipalities: string[];
}

export interface ConsultationState {
  date: string;
  /** 'notLinked': no pilot is linked to this meeting yet (set up from the tab's configuration). */
  status: 'ready' | 'notLinked';
  /** The topic keys to offer, in order; an "other" free text goes beside them. */
  topics: string[];
  /** The largest count accepted. */
  maxCount: number;
  /** The caller's own line for the date, when saved. */
  mine: ConsultationLine | null;
  host: ConsultationHostView | null;
}

export interface ConsultationLinkBody {
  pilotId: string;
}

export interface ConsultationLinkResponse {
  pilotId: string;
  pilotName: string;
}

export interface ConsultationLineBody {
  date: string;
  municipality: string;
  /** Whole numbers; a count left empty is absent (or null, or ""). */
  counts: Partial<Record<ConsultationCountKey, number | string | null>>;
  topics: string[];
  otherTopic?: string;
}

export interface ConsultationLineResponse {
  /** 'created' the first time; 'replaced' when the caller's line of the day was there already. */
  status: 'created' | 'replaced' | 'unchanged';
  line: ConsultationLine;
  host: ConsultationHostView | null;
}

/** A refused field of a consultation line: the session form's codes (bot/domain/sessions.ts) and `municipality`'s. */
export interface ConsultationFieldError {
  /** 'municipality', 'date', 'c_casesConsulted' …, 'topics', 'otherTopic'. */
  field: string;
  code: string;
  params?: Record<string, string | number>;
}
