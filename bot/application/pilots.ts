/**
 * Card actions of a pilot's evaluation: the new pilot in two steps, the pilot card, the phase
 * forms. Each handler reads the card's data, checks who may do it, and answers with the next card.
 */
import { UUID } from '../domain/ids';
import { rebaseEdit } from '../domain/pilotEdit';
import { randomUUID } from 'node:crypto';
import type { Turn } from './port';
import { pilotCard, pilotDetailsCard, phaseFormCard } from '../cards/pilots';
import { type PhaseFigure, realisedByPhase } from '../domain/measures';
import { action, type ActionView, noticeCard } from '../cards/views';
import type { AdaptiveCardJson } from '../cards';
import { canEditPhases, canRead, type Role, roleOf } from '../domain/access';
import { localDate } from '../domain/calendar';
import {
  answerField,
  DECISION_FIELDS,
  defaultDates,
  DETAIL_FIELDS,
  detailInputsOf,
  type FormError,
  nextPhase,
  parseAnswers,
  parsePilotDetails,
  textOf,
} from '../domain/forms';
import { type Answers, type Evaluation, QUESTIONS_BY_PHASE } from '../domain/phases';
import { emptyTotals, type Totals } from '../domain/totals';
import { pilotReadings } from '../domain/targets';
import { type Phase, PHASES, type Pilot, type TeamRef } from '../domain/pilots';
import { format, formatDate, formatNumber, type Locale, plural, strings, targetLines } from '../i18n';
import { countLabel, MAIN_COUNT } from '../cards/sessions';
import { trendEnd, weeklyTrend } from '../domain/measures';
import type { Logger } from '../log';
import type { ConversationStore } from '../storage/conversations';
import type { PilotStore, PilotSummary } from '../storage/pilots';
import type { PilotEditor } from './pilotEdit';
import type { TeamAccess } from './access';
import { actorOf, conversationTeam, teamMembers, teamNameOf, viewerOf } from './people';

/** What the midpoint and end forms show above the questions: targets against actuals, the warning's answer. */
function phaseContext(
  locale: Locale,
  pilot: Pilot,
  totals: Totals,
  today: string,
  withTrend: boolean,
): { heading: string; text: string }[] {
  const t = strings(locale);
  const out = targetLines(locale, pilotReadings(pilot, totals, today)).map((l) => ({
    heading: `${t.targets.heading}: ${l.title}`,
    text: l.value,
  }));
  // The end form: the trend of the pilot's last active weeks before the decision.
  if (withTrend && totals.sessions > 0) {
    const st = t.status;
    const main = MAIN_COUNT[pilot.kind];
    const weeks = weeklyTrend(totals, trendEnd(pilot, totals, today), 8).filter((w) => w.sessions > 0);
    out.push({
      heading: st.trendHeading,
      text: weeks
        .map(
          (w) =>
            `${format(st.weekLabel, { week: String(Number(w.week.slice(-2))) })}: ${format(st.weekValue, {
              sessions: w.sessions,
              sessionsUnit: plural(w.sessions, t.units.sessionsOne, t.units.sessionsOther),
              hours: formatNumber(locale, w.hours),
              main: w.counts[main] ?? 0,
              mainLabel: countLabel(locale, main).toLocaleLowerCase(),
            })}`,
        )
        .join('\n\n'),
    });
  }
  if (pilot.warning?.answer) {
    out.push({
      heading: format(t.warning.answerHeading, { date: formatDate(locale, pilot.warning.on) }),
      text: pilot.warning.answer,
    });
  }
  return out;
}

export interface Answer {
  /** The card that answers the person who acted (replaces the card they pressed). */
  card: AdaptiveCardJson;
  /** The card everyone else in the conversation should now see in place of the old one; made only when sent. */
  everyone?: () => AdaptiveCardJson;
}

export interface ActionRequest {
  verb: string;
  data: Record<string, unknown>;
  locale: Locale;
}

export interface ActionDeps {
  pilots: PilotStore;
  conversations: ConversationStore;
  log: Logger;
  now: () => Date;
  access: TeamAccess;
  /** The reminder schedule: a new pilot's reminders go on it; after a phase is saved, those no longer wanted leave it. */
  schedule: {
    planFor(pilot: Pilot, now: Date): Promise<void>;
    phaseSaved(pilot: Pilot): Promise<void>;
  };
  /** Saves an edit of a pilot, the same for the bot's card and the tab's form. */
  editor: PilotEditor;
}

const str = (data: Record<string, unknown>, key: string): string =>
  typeof data[key] === 'string' ? (data[key] as string) : '';

/** A pilot together with what the actor may do with it. */
export interface Access {
  summary: PilotSummary;
  role: Role;
}

export class PilotActions {
  constructor(private readonly deps: ActionDeps) {}

  /** Loads a pilot the actor may read; undefined for a pilot that does not exist or is not theirs to see. */
  async access(turn: Turn, pilotId: string, purpose: 'read' | 'logSession' = 'read'): Promise<Access | undefined> {
    // Pilot ids are UUIDs (and demo-<slug>): anything else names no pilot, and never reaches storage.
    if (!/^[0-9A-Za-z-]{1,100}$/.test(pilotId)) return undefined;
    // The pilot row is read now either way; a session's save takes the totals it writes from its transaction.
    const summary =
      purpose === 'logSession' ? await this.deps.pilots.pilotToLog(pilotId) : await this.deps.pilots.getPilot(pilotId);
    if (!summary) return undefined;
    const viewer = await viewerOf(turn, summary.pilot.team, summary.pilot.owners, this.deps.access);
    const role = roleOf(summary.pilot, viewer);
    return canRead(role) ? { summary, role } : undefined;
  }

  notFound(locale: Locale): Answer {
    const t = strings(locale);
    return { card: noticeCard(locale, t.pilotForm.title, t.errors.notFound, 'attention') };
  }

  private backToPilot(locale: Locale, pilotId: string) {
    return action(strings(locale).phaseForm.cancel, 'pilot', { pilotId }, { inputs: 'none' });
  }

  /** The pilot card for the actor, and the shared (member) view for everyone else. */
  pilotAnswer(locale: Locale, a: Access, notice = '', style: 'good' | 'attention' | '' = ''): Answer {
    const { pilot, totals } = a.summary;
    return {
      card: pilotCard(locale, { pilot, totals, role: a.role, notice, noticeStyle: style }),
      everyone: () => pilotCard(locale, { pilot, totals, role: 'member' }),
    };
  }

  /** verb `pilot`: the pilot card, also the card's refresh. */
  async show(turn: Turn, req: ActionRequest): Promise<Answer> {
    const a = await this.access(turn, str(req.data, 'pilotId'));
    if (!a) return this.notFound(req.locale);
    return { card: this.pilotAnswer(req.locale, a).card };
  }

  // ---- New pilot -------------------------------------------------------------------------

  /** The team a new pilot would belong to, from the conversation or the card's data. */
  private async teamFor(turn: Turn, data: Record<string, unknown>): Promise<(TeamRef & { name: string }) | undefined> {
    const here = conversationTeam(turn);
    if (here) return { ...here, name: await teamNameOf(turn, here, (t) => this.deps.pilots.teamName(t)) };
    const teamId = str(data, 'teamId');
    if (!teamId) return undefined;
    const team = { tenantId: actorOf(turn).tenantId, teamId };
    // Personal chat: the team was chosen from a list, but the data can be forged: ask Teams.
    if ((await this.deps.access.inTurn(turn, team)) === 'none') return undefined;
    return { ...team, name: str(data, 'teamName') };
  }

  /** verb `newPilot` (also the command): step 1, or first a choice of team in a personal chat. */
  async newPilot(turn: Turn, req: ActionRequest): Promise<Answer> {
    const team = await this.teamFor(turn, req.data);
    if (!team) {
      if (conversationTeam(turn) || str(req.data, 'teamId')) return this.notFound(req.locale);
      return this.chooseTeam(turn, req);
    }
    const values: Record<string, string> = {
      hoursPerSession: '2',
      ...defaultDates(localDate(this.deps.now())),
    };
    return {
      card: pilotDetailsCard(req.locale, {
        values,
        errors: [],
        teamName: team.name,
        members: await teamMembers(turn, team, this.deps.log),
        carry: { idem: randomUUID(), teamId: team.teamId, teamName: team.name },
      }),
    };
  }

  /** In a personal chat: the teams (with Polku installed) the actor belongs to. */
  private async chooseTeam(turn: Turn, req: ActionRequest): Promise<Answer> {
    const t = strings(req.locale);
    const actor = actorOf(turn);
    const channels = await this.deps.conversations.listTeamChannels(actor.tenantId);
    const mine: { teamId: string; name: string }[] = [];
    for (const c of channels) {
      const team = { tenantId: actor.tenantId, teamId: c.teamId };
      if ((await this.deps.access.inTurn(turn, team)) === 'none') continue;
      mine.push({ teamId: team.teamId, name: (await this.deps.pilots.teamName(team)) || team.teamId });
    }
    if (!mine.length) return { card: noticeCard(req.locale, t.pilotForm.title, t.pilotForm.noTeams, 'attention') };
    if (mine.length === 1) {
      return this.newPilot(turn, { ...req, data: { teamId: mine[0].teamId, teamName: mine[0].name } });
    }
    return {
      card: noticeCard(
        req.locale,
        t.pilotForm.chooseTeam,
        '',
        '',
        mine.map((m) => action(m.name, 'newPilot', { teamId: m.teamId, teamName: m.name })),
      ),
    };
  }

  /** The step-1 values as the card posted them (only the known fields, as text). */
  private detailValues(data: Record<string, unknown>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of DETAIL_FIELDS) out[f] = textOf(data, f);
    return out;
  }

  private carry(data: Record<string, unknown>, team: TeamRef & { name: string }) {
    const idem = UUID.test(str(data, 'idem')) ? str(data, 'idem') : randomUUID();
    return { idem, teamId: team.teamId, teamName: team.name };
  }

  /** Owners chosen on the card must be members of the team; an unknown id is refused. */
  private async checkOwners(
    turn: Turn,
    team: TeamRef,
    chosen: string[],
  ): Promise<{ errors: FormError[]; names: Record<string, string> }> {
    const actor = actorOf(turn);
    const names: Record<string, string> = { [actor.userId]: actor.name };
    if (!chosen.length) return { errors: [], names };
    const members = await teamMembers(turn, team, this.deps.log);
    const known = new Map((members ?? []).map((m) => [m.id, m.name]));
    if (chosen.some((id) => id !== actor.userId && !known.has(id))) {
      return { errors: [{ field: 'owners', code: 'notInTeam' }], names };
    }
    for (const id of chosen) names[id] = known.get(id) ?? names[id];
    return { errors: [], names };
  }

  private async detailsAgain(
    turn: Turn,
    req: ActionRequest,
    team: TeamRef & { name: string },
    values: Record<string, string>,
    errors: FormError[],
  ): Promise<Answer> {
    return {
      card: pilotDetailsCard(req.locale, {
        values,
        errors,
        teamName: team.name,
        members: await teamMembers(turn, team, this.deps.log),
        carry: this.carry(req.data, team),
      }),
    };
  }

  private startForm(
    req: ActionRequest,
    team: TeamRef & { name: string },
    details: Record<string, string>,
    answers: Record<string, string>,
    errors: FormError[],
  ): Answer {
    const t = strings(req.locale);
    const carry = { ...this.carry(req.data, team), details };
    return {
      card: phaseFormCard(req.locale, {
        pilotName: details.name,
        step: t.pilotForm.step2,
        phase: 'start',
        totals: emptyTotals(),
        values: answers,
        errors,
        save: action(t.pilotForm.save, 'createPilot', carry, { style: 'positive' }),
        others: [action(t.pilotForm.back, 'pilotBack', carry, { inputs: 'none' })],
      }),
    };
  }

  /** verb `pilotDetails`: step 1 checked; on to the start questions, or back with messages. */
  async details(turn: Turn, req: ActionRequest): Promise<Answer> {
    const team = await this.teamFor(turn, req.data);
    if (!team) return this.notFound(req.locale);
    const values = this.detailValues(req.data);
    const parsed = parsePilotDetails(req.data);
    const owners = await this.checkOwners(turn, team, parsed.ok ? parsed.value.owners : []);
    const errors = [...(parsed.ok ? [] : parsed.errors), ...owners.errors];
    if (errors.length) return this.detailsAgain(turn, req, team, values, errors);
    const answers = this.answerValues('start', req.data.answers);
    return this.startForm(req, team, values, answers, []);
  }

  /** verb `pilotBack`: from the start questions back to step 1, with what was entered there. */
  async back(turn: Turn, req: ActionRequest): Promise<Answer> {
    const team = await this.teamFor(turn, req.data);
    if (!team) return this.notFound(req.locale);
    return this.detailsAgain(turn, req, team, this.detailValues(this.objectOf(req.data.details)), []);
  }

  private objectOf(v: unknown): Record<string, unknown> {
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  }

  /** The answer fields of a phase as the card posted them. */
  private answerValues(phase: Phase, source: unknown): Record<string, string> {
    const data = this.objectOf(source);
    const out: Record<string, string> = {};
    for (const key of QUESTIONS_BY_PHASE[phase]) out[answerField(key)] = textOf(data, answerField(key));
    if (phase === 'end') {
      out.decision = textOf(data, 'decision');
      for (const f of Object.values(DECISION_FIELDS)) out[f] = textOf(data, f);
    }
    return out;
  }

  // ---- Editing a pilot ----------------------------------------------------------------------

  /** The inputs an edit form was opened on (carried in its action's data), else the pilot's now. */
  private editBase(data: Record<string, unknown>, pilot: Pilot): Record<string, string> {
    const base = this.objectOf(data.base);
    return Object.keys(base).length ? this.detailValues(base) : detailInputsOf(pilot);
  }

  private async editForm(
    turn: Turn,
    req: ActionRequest,
    a: Access,
    values: Record<string, string>,
    errors: FormError[],
    notice = '',
  ): Promise<Answer> {
    const t = strings(req.locale);
    const { pilot } = a.summary;
    const version = typeof req.data.version === 'number' ? req.data.version : Number(req.data.version ?? NaN);
    const data = {
      pilotId: pilot.id,
      version: Number.isInteger(version) ? version : (a.summary.version ?? 0),
      idem: randomUUID(),
      // The pilot as the form shows it, so that a conflict can tell what the person changed.
      base: this.editBase(req.data, pilot),
    };
    const card = pilotDetailsCard(req.locale, {
      values,
      errors,
      notice,
      teamName: '',
      members: await teamMembers(turn, pilot.team, this.deps.log),
      carry: {},
      edit: {
        pilotName: pilot.name,
        actions: [
          action(t.pilotForm.saveEdit, 'savePilotEdit', data, { style: 'positive' }),
          this.backToPilot(req.locale, pilot.id),
        ],
      },
    });
    return { card };
  }

  /** verb `editPilot`: the pilot's details to change (owners). */
  async editPilot(turn: Turn, req: ActionRequest): Promise<Answer> {
    const t = strings(req.locale);
    const a = await this.access(turn, str(req.data, 'pilotId'));
    if (!a) return this.notFound(req.locale);
    if (!canEditPhases(a.role)) return this.pilotAnswerWith(req.locale, a, t.errors.notOwner, 'attention');
    return this.editForm(turn, { ...req, data: {} }, a, detailInputsOf(a.summary.pilot), []);
  }

  /**
   * verb `savePilotEdit`: checked as a new pilot's details are (the kind stays), saved with a
   * history entry of what changed, reminders planned again for the new dates and plan, and the
   * pilot card updated for everyone. A pilot changed meanwhile is not overwritten: the form comes
   * back with what was typed.
   */
  async savePilotEdit(turn: Turn, req: ActionRequest): Promise<Answer> {
    const t = strings(req.locale);
    const a = await this.access(turn, str(req.data, 'pilotId'));
    if (!a) return this.notFound(req.locale);
    if (!canEditPhases(a.role)) return this.pilotAnswerWith(req.locale, a, t.errors.notOwner, 'attention');
    const { pilot } = a.summary;
    const typed = { ...this.detailValues(req.data), kind: pilot.kind };
    const idem = str(req.data, 'idem');
    const version = Number(req.data.version);
    const result = await this.deps.editor.save({
      pilot,
      actor: actorOf(turn),
      input: req.data,
      version: Number.isInteger(version) ? version : -1,
      idempotencyKey: UUID.test(idem) ? idem : randomUUID(),
      checkNewOwners: (ids) => this.checkOwners(turn, pilot.team, ids),
    });
    if (result.status === 'invalid') return this.editForm(turn, req, a, typed, result.errors);
    if (result.status === 'notFound') return this.notFound(req.locale);
    if (result.status === 'conflict') {
      // The fields left alone take the pilot's new values; the ones changed keep what was typed.
      const fresh = detailInputsOf(pilot);
      const base = this.editBase(req.data, pilot);
      return this.editForm(
        turn,
        { ...req, data: { base: fresh } },
        a,
        { ...rebaseEdit(base, typed, fresh), kind: pilot.kind },
        [],
        t.pilotForm.editConflict,
      );
    }
    const fresh = await this.access(turn, pilot.id);
    if (!fresh) return this.notFound(req.locale);
    if (result.status === 'unchanged') return this.pilotAnswerWith(req.locale, fresh, t.pilotCard.unchanged, 'good');
    if (result.status === 'saved') {
      const fields = result.changes.map((c) => t.editFields[c.field]).join(', ');
      return this.pilotAnswer(req.locale, fresh, format(t.pilotCard.edited, { fields }), 'good');
    }
    return this.pilotAnswer(req.locale, fresh, t.pilotCard.alreadySaved, 'good');
  }

  /** verb `createPilot`: step 2 saved; the pilot exists, once, however often Teams delivers it. */
  async create(turn: Turn, req: ActionRequest): Promise<Answer> {
    const t = strings(req.locale);
    const team = await this.teamFor(turn, req.data);
    if (!team) return this.notFound(req.locale);
    const detailsData = this.objectOf(req.data.details);
    const details = parsePilotDetails(detailsData);
    const owners = await this.checkOwners(turn, team, details.ok ? details.value.owners : []);
    if (!details.ok || owners.errors.length) {
      const errors = [...(details.ok ? [] : details.errors), ...owners.errors];
      return this.detailsAgain(turn, req, team, this.detailValues(detailsData), errors);
    }
    const answers = parseAnswers('start', req.data);
    if (!answers.ok) {
      return this.startForm(
        req,
        team,
        this.detailValues(detailsData),
        this.answerValues('start', req.data),
        answers.errors,
      );
    }
    const actor = actorOf(turn);
    const id = str(req.data, 'idem');
    if (!UUID.test(id)) return this.notFound(req.locale);
    const at = this.deps.now().toISOString();
    const d = details.value;
    const ownerIds = [actor.userId, ...d.owners.filter((o) => o !== actor.userId)];
    const pilot: Pilot = {
      id,
      team: { tenantId: team.tenantId, teamId: team.teamId },
      name: d.name,
      municipality: d.municipality,
      kind: d.kind,
      plan: d.plan,
      startDate: d.startDate,
      midpointDate: d.midpointDate,
      endDate: d.endDate,
      owners: ownerIds,
      ownerNames: Object.fromEntries(ownerIds.map((o) => [o, owners.names[o] ?? ''])),
      ...(d.baseline ? { baseline: d.baseline } : {}),
      ...(d.targets ? { targets: d.targets } : {}),
      stage: 'start',
      createdBy: actor.userId,
      createdAt: at,
    };
    await this.deps.pilots.ensureTeam(pilot.team, { name: team.name });
    const result = await this.deps.pilots.createPilotWithStart(pilot, {
      answers: answers.value.answers,
      by: actor.userId,
      at,
    });
    if (result.created) {
      this.deps.log.info({ pilotId: pilot.id, kind: pilot.kind }, 'pilot created');
      await this.deps.schedule.planFor(pilot, this.deps.now());
      return this.pilotAnswer(
        req.locale,
        { summary: { pilot, totals: emptyTotals() }, role: 'owner' },
        t.pilotCard.created,
        'good',
      );
    }
    // The same submit again: show the pilot it created, if the actor may see it.
    const a = await this.access(turn, id);
    if (!a) return this.notFound(req.locale);
    return this.pilotAnswer(req.locale, a, t.pilotCard.alreadySaved, 'good');
  }

  /** verb `cancelNewPilot`. */
  cancel(req: ActionRequest): Answer {
    const t = strings(req.locale);
    return { card: noticeCard(req.locale, t.pilotForm.title, t.pilotForm.cancelled, '') };
  }

  // ---- Phase forms -------------------------------------------------------------------------

  private phaseOf(data: Record<string, unknown>): Phase | undefined {
    const p = str(data, 'phase');
    return (PHASES as readonly string[]).includes(p) ? (p as Phase) : undefined;
  }

  /** Owners only, and only a phase that is done or next. */
  private async editable(turn: Turn, req: ActionRequest): Promise<{ a: Access; phase: Phase } | { answer: Answer }> {
    const t = strings(req.locale);
    const a = await this.access(turn, str(req.data, 'pilotId'));
    const phase = this.phaseOf(req.data);
    if (!a || !phase) return { answer: this.notFound(req.locale) };
    const pilotId = a.summary.pilot.id;
    if (!canEditPhases(a.role)) {
      return { answer: this.pilotAnswerWith(req.locale, a, t.errors.notOwner, 'attention') };
    }
    const next = nextPhase(a.summary.pilot.stage);
    const reachable = PHASES.indexOf(phase) <= PHASES.indexOf(next ?? 'end');
    if (!reachable && next) {
      const notice = format(t.errors.phaseNotYet, { phase: t.phases[next] });
      return {
        answer: {
          card: noticeCard(req.locale, t.phases[phase], notice, 'attention', [this.backToPilot(req.locale, pilotId)]),
        },
      };
    }
    return { a, phase };
  }

  private pilotAnswerWith(locale: Locale, a: Access, notice: string, style: 'good' | 'attention'): Answer {
    return { card: this.pilotAnswer(locale, a, notice, style).card };
  }

  private async phaseForm(
    req: ActionRequest,
    a: Access,
    phase: Phase,
    form: {
      values: Record<string, string>;
      etag: string;
      errors?: FormError[];
      theirs?: Record<string, string>;
      notice?: string;
      extra?: ActionView[];
    },
  ): Promise<Answer> {
    const t = strings(req.locale);
    const pilotId = a.summary.pilot.id;
    const { pilot } = a.summary;
    const [start, realised, kept] =
      phase === 'start'
        ? [undefined, a.summary.totals, undefined]
        : await Promise.all([
            this.deps.pilots.getPhase(pilotId, 'start').then((p) => p?.evaluation.answers),
            // The heading says what the phase had behind it, as the tab and the print view do.
            this.realisedFor(pilot, phase),
            this.deps.pilots.getPhase(pilotId, phase).then((p) => p?.evaluation.realised),
          ]);
    const saveData = { pilotId, phase, etag: form.etag, idem: randomUUID() };
    return {
      card: phaseFormCard(req.locale, {
        pilotName: pilot.name,
        phase,
        totals: realised,
        kept,
        values: form.values,
        errors: form.errors ?? [],
        start,
        successors: phase === 'end' ? await this.successorChoices(pilot) : undefined,
        today: localDate(this.deps.now()),
        // Before the decision: the targets against the actuals now, and what the owners said they would try.
        context:
          phase === 'start'
            ? undefined
            : phaseContext(req.locale, pilot, a.summary.totals, localDate(this.deps.now()), phase === 'end'),
        theirs: form.theirs,
        notice: form.notice,
        noticeStyle: form.notice ? 'warning' : undefined,
        save: action(t.phaseForm.save[phase], 'savePhase', saveData, { style: 'positive' }),
        others: [this.backToPilot(req.locale, pilotId), ...(form.extra ?? [])],
      }),
    };
  }

  /** What a phase has behind it now: the sessions up to its date (measures.ts realisedByPhase). */
  private async realisedFor(pilot: Pilot, phase: Phase): Promise<PhaseFigure> {
    const all = await this.deps.pilots.listSessions(pilot.id);
    return realisedByPhase(all, phase === 'midpoint' ? pilot.midpointDate : pilot.endDate);
  }

  /** A phase form with what is saved so far, for a reminder: its notice on top, its own buttons added. */
  async phaseFormFor(
    locale: Locale,
    summary: PilotSummary,
    phase: Phase,
    notice: string,
    extra: ActionView[],
  ): Promise<AdaptiveCardJson> {
    const saved = await this.deps.pilots.getPhase(summary.pilot.id, phase);
    const req: ActionRequest = { verb: 'openPhase', data: {}, locale };
    const answer = await this.phaseForm(req, { summary, role: 'owner' }, phase, {
      values: saved ? this.valuesOf(saved.evaluation) : {},
      etag: saved?.etag ?? '',
      notice,
      extra,
    });
    return answer.card;
  }

  /** The team's other pilots, for the end decision's successor. */
  private async successorChoices(pilot: Pilot): Promise<{ id: string; name: string }[]> {
    const all = await this.deps.pilots.listTeamPilots(pilot.team);
    return all
      .filter((x) => x.pilot.id !== pilot.id)
      .map((x) => ({ id: x.pilot.id, name: `${x.pilot.name} (${x.pilot.municipality})` }))
      .sort((x, y) => x.name.localeCompare(y.name, 'fi'));
  }

  private valuesOf(e: Pick<Evaluation, 'answers' | 'decision' | 'decisionDetail'>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(e.answers)) out[answerField(k as keyof Answers)] = v ?? '';
    if (e.decision) out.decision = e.decision;
    const d = e.decisionDetail;
    if (d) {
      out[DECISION_FIELDS.reason] = d.reason ?? '';
      out[DECISION_FIELDS.date] = d.date;
      out[DECISION_FIELDS.successor] = d.successorId ?? '';
    }
    return out;
  }

  /** verb `openPhase`: the phase form, with what is saved so far. */
  async openPhase(turn: Turn, req: ActionRequest): Promise<Answer> {
    const e = await this.editable(turn, req);
    if ('answer' in e) return e.answer;
    const saved = await this.deps.pilots.getPhase(e.a.summary.pilot.id, e.phase);
    return this.phaseForm(req, e.a, e.phase, {
      values: saved ? this.valuesOf(saved.evaluation) : {},
      etag: saved?.etag ?? '',
    });
  }

  /** verb `savePhase`: checked, saved once, and never over someone else's newer answers. */
  async savePhase(turn: Turn, req: ActionRequest): Promise<Answer> {
    const t = strings(req.locale);
    const e = await this.editable(turn, req);
    if ('answer' in e) return e.answer;
    const { a, phase } = e;
    const typed = this.answerValues(phase, req.data);
    const etag = str(req.data, 'etag');
    const parsed = parseAnswers(phase, req.data);
    if (!parsed.ok) return this.phaseForm(req, a, phase, { values: typed, etag, errors: parsed.errors });
    // A successor is another pilot of the same team.
    const successorId = parsed.value.decisionDetail?.successorId;
    if (successorId) {
      const other = successorId === a.summary.pilot.id ? undefined : await this.deps.pilots.getPilot(successorId);
      const sameTeam =
        other &&
        other.pilot.team.tenantId === a.summary.pilot.team.tenantId &&
        other.pilot.team.teamId === a.summary.pilot.team.teamId;
      if (!sameTeam) {
        const errors: FormError[] = [{ field: DECISION_FIELDS.successor, code: 'unknownChoice' }];
        return this.phaseForm(req, a, phase, { values: typed, etag, errors });
      }
    }
    const today = localDate(this.deps.now());
    const actor = actorOf(turn);
    const idem = str(req.data, 'idem');
    const result = await this.deps.pilots.savePhase({
      pilotId: a.summary.pilot.id,
      phase,
      answers: parsed.value.answers,
      decision: parsed.value.decision,
      ...(parsed.value.decisionDetail
        ? { decisionDetail: { ...parsed.value.decisionDetail, date: parsed.value.decisionDetail.date ?? today } }
        : {}),
      // The figure the phase heads with from now on.
      realised: phase === 'start' ? undefined : await this.realisedFor(a.summary.pilot, phase),
      by: actor.userId,
      at: this.deps.now().toISOString(),
      expectedEtag: etag || undefined,
      idempotencyKey: UUID.test(idem) ? idem : randomUUID(),
    });
    if (result.status === 'conflict') {
      const current = result.current;
      const values = current ? this.valuesOf(current.evaluation) : {};
      const theirs: Record<string, string> = {};
      for (const [k, v] of Object.entries(typed)) if (v && v !== (values[k] ?? '')) theirs[k] = v;
      const who = current
        ? a.summary.pilot.ownerNames?.[current.evaluation.updatedBy] || t.phaseForm.someoneElse
        : t.phaseForm.someoneElse;
      const when = current ? formatDate(req.locale, localDate(new Date(current.evaluation.updatedAt))) : '';
      const notice = format(t.phaseForm.conflict, { who, at: when });
      return this.phaseForm(req, a, phase, { values, etag: current?.etag ?? '', theirs, notice });
    }
    this.deps.log.info({ pilotId: a.summary.pilot.id, phase, duplicate: result.status === 'duplicate' }, 'phase saved');
    const fresh = await this.access(turn, a.summary.pilot.id);
    if (!fresh) return this.notFound(req.locale);
    await this.deps.schedule.phaseSaved(fresh.summary.pilot);
    return this.pilotAnswer(
      req.locale,
      fresh,
      result.status === 'duplicate' ? t.pilotCard.alreadySaved : t.pilotCard.saved,
      'good',
    );
  }
}
