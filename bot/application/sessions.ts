/**
 * Card actions of the session log: choose a pilot, log a session, list, edit and delete sessions,
 * and the status with the seeds' measures.
 */
import { UUID } from '../domain/ids';
import { warningCheckNow } from '../domain/reminders';
import { earlyWarning } from '../domain/warning';
import type { ReminderStore } from '../storage/reminders';
import { lastSlotOnOrBefore } from '../domain/plan';
import { randomUUID } from 'node:crypto';
import type { Turn } from './port';
import { listCard, type ListRow, sessionFormCard, sessionSummary, statusCard } from '../cards/sessions';
import { action, type ActionView, noticeCard } from '../cards/views';
import { canChangeSession, canLogSession } from '../domain/access';
import { localDate } from '../domain/calendar';
import type { Pilot } from '../domain/pilots';
import { parseSession, type Session, type SessionFieldError, sessionFields, sessionToInput } from '../domain/sessions';
import { textOf } from '../domain/forms';
import { format, formatDate, formatNumber, type Locale, strings } from '../i18n';
import type { PilotStore, PilotSummary } from '../storage/pilots';
import type { ConversationStore } from '../storage/conversations';
import type { Logger } from '../log';
import type { TeamAccess } from './access';
import { actorOf, conversationTeam } from './people';
import type { Access, ActionRequest, Answer, PilotActions } from './pilots';
import type { AdaptiveCardJson } from '../cards';

const SESSION_ID = /^[0-9A-Za-z-]{1,80}$/;
const LIST_LENGTH = 10;

const str = (data: Record<string, unknown>, key: string): string =>
  typeof data[key] === 'string' ? (data[key] as string) : '';

export class SessionActions {
  constructor(
    private readonly deps: {
      pilots: PilotStore;
      conversations: ConversationStore;
      access: TeamAccess;
      reminders: Pick<ReminderStore, 'schedule'>;
      log: Logger;
      now: () => Date;
    },
    private readonly pilotActions: PilotActions,
  ) {}

  private today(): string {
    return localDate(this.deps.now());
  }

  private back(locale: Locale, pilotId: string): ActionView {
    return action(strings(locale).sessionForm.cancel, 'pilot', { pilotId }, { inputs: 'none' });
  }

  /** The pilots the actor can pick from: the team's here; in a personal chat, their own across teams. */
  private async pickable(turn: Turn): Promise<PilotSummary[]> {
    const here = conversationTeam(turn);
    if (here) {
      if ((await this.deps.access.inTurn(turn, here)) === 'none') return [];
      return this.deps.pilots.listTeamPilots(here);
    }
    const actor = actorOf(turn);
    const out: PilotSummary[] = [];
    for (const c of await this.deps.conversations.listTeamChannels(actor.tenantId)) {
      const team = { tenantId: actor.tenantId, teamId: c.teamId };
      const pilots = await this.deps.pilots.listTeamPilots(team);
      out.push(...pilots.filter((p) => p.pilot.owners.includes(actor.userId)));
    }
    return out;
  }

  /** When no pilot is named: the only one straight away, else a list to choose from. */
  private async pick(turn: Turn, req: ActionRequest, verb: string): Promise<Answer | Access> {
    const t = strings(req.locale);
    const pilotId = str(req.data, 'pilotId');
    if (pilotId) return (await this.pilotActions.access(turn, pilotId)) ?? this.pilotActions.notFound(req.locale);
    const options = (await this.pickable(turn)).filter((p) => p.pilot.stage !== 'end');
    if (options.length === 1) {
      return (await this.pilotActions.access(turn, options[0].pilot.id)) ?? this.pilotActions.notFound(req.locale);
    }
    if (!options.length) {
      return {
        card: noticeCard(req.locale, t.pickPilot.title, t.pickPilot.none, '', [action(t.welcome.newPilot, 'newPilot')]),
      };
    }
    const rows: ListRow[] = options
      .sort((a, b) => a.pilot.name.localeCompare(b.pilot.name, 'fi'))
      .map((p) => ({
        text: p.pilot.name,
        detail: `${p.pilot.municipality} · ${t.kinds[p.pilot.kind]} · ${t.stages[p.pilot.stage]}`,
        // Each button names its pilot, so a screen reader can tell them apart.
        actions: [action(format(t.pickPilot.continue, { pilot: p.pilot.name }), verb, { pilotId: p.pilot.id })],
      }));
    return { card: listCard(req.locale, { title: t.pickPilot.title, rows, actions: [] }) };
  }

  /** verb `pilots` (command): the team's pilots, each opening its card. */
  async pilots(turn: Turn, req: ActionRequest): Promise<Answer> {
    const t = strings(req.locale);
    const rows: ListRow[] = (await this.pickable(turn))
      .sort((a, b) => a.pilot.name.localeCompare(b.pilot.name, 'fi'))
      .map((p) => ({
        text: p.pilot.name,
        detail: `${p.pilot.municipality} · ${t.kinds[p.pilot.kind]} · ${t.stages[p.pilot.stage]}`,
        actions: [action(format(t.pilotList.open, { pilot: p.pilot.name }), 'pilot', { pilotId: p.pilot.id })],
      }));
    if (!rows.length)
      return {
        card: noticeCard(req.locale, t.pilotList.title, t.pickPilot.none, '', [action(t.welcome.newPilot, 'newPilot')]),
      };
    return { card: listCard(req.locale, { title: t.pilotList.title, rows, actions: [] }) };
  }

  /** The log card of a pilot for a reminder: the slot's date filled in, the reminder's notice and buttons added. */
  formFor(
    locale: Locale,
    pilot: Pilot,
    values: { date: string },
    notice: string,
    extra: ActionView[],
  ): AdaptiveCardJson {
    const req: ActionRequest = { verb: 'logSession', data: {}, locale };
    const filled = { date: values.date || this.today(), hours: String(pilot.plan.hoursPerSession) };
    return this.form(req, pilot, filled, { notice, extra, quick: true }).card;
  }

  private form(
    req: ActionRequest,
    pilot: Pilot,
    values: Record<string, string>,
    opts: {
      errors?: SessionFieldError[];
      edit?: { sessionId: string; etag: string };
      notice?: string;
      extra?: ActionView[];
      /** The quick log card (cards/sessions.ts SessionFormData.quick). */
      quick?: boolean;
    },
  ): Answer {
    const t = strings(req.locale);
    // One key for both buttons of a quick card: a second press saves nothing twice.
    const idem = randomUUID();
    const saveData = { pilotId: pilot.id, idem, ...(opts.quick ? { quick: true } : {}) };
    const save = opts.edit
      ? action(
          t.sessionForm.saveEdit,
          'updateSession',
          { pilotId: pilot.id, ...opts.edit, idem: randomUUID() },
          { style: 'positive' },
        )
      : action(t.sessionForm.save, 'saveSession', saveData, { style: 'positive' });
    const empty = action(t.session.quick.empty, 'saveSession', { ...saveData, empty: true });
    return {
      card: sessionFormCard(req.locale, {
        pilot,
        values,
        errors: opts.errors ?? [],
        edit: !!opts.edit,
        notice: opts.notice,
        noticeStyle: opts.notice ? 'warning' : undefined,
        save,
        others: [this.back(req.locale, pilot.id)],
        later: opts.extra,
        quick: opts.quick ? { empty } : undefined,
      }),
    };
  }

  /** The values the card posted, only the fields of the pilot's kind. */
  private typed(pilot: Pilot, data: Record<string, unknown>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of sessionFields(pilot.kind)) out[f] = textOf(data, f);
    return out;
  }

  /** verb `logSession` (also the command): the log card, with today and the plan's hours filled in. */
  async logSession(turn: Turn, req: ActionRequest): Promise<Answer> {
    const picked = await this.pick(turn, req, 'logSession');
    if ('card' in picked) return picked;
    const { pilot } = picked.summary;
    if (!canLogSession(picked.role)) return this.pilotActions.notFound(req.locale);
    // The last planned slot on or before today (a Monday drop-in logged on Tuesday is Monday's), else today.
    const today = this.today();
    const date = lastSlotOnOrBefore(pilot.plan, pilot.startDate, pilot.endDate, today) ?? today;
    const values: Record<string, string> = { date, hours: String(pilot.plan.hoursPerSession) };
    return this.form(req, pilot, values, { quick: true });
  }

  /** verb `saveSession`: checked, recorded once with its totals, answered with the status. */
  async saveSession(turn: Turn, req: ActionRequest): Promise<Answer> {
    const t = strings(req.locale);
    const a = await this.pilotActions.access(turn, str(req.data, 'pilotId'), 'logSession');
    if (!a || !canLogSession(a.role)) return this.pilotActions.notFound(req.locale);
    const { pilot } = a.summary;
    const empty = req.data.empty === true;
    const parsed = parseSession(
      pilot.kind,
      req.data,
      { today: this.today(), pilotStartDate: pilot.startDate },
      { empty },
    );
    if (!parsed.ok) {
      return this.form(req, pilot, this.typed(pilot, req.data), {
        errors: parsed.errors,
        quick: req.data.quick === true,
      });
    }
    const idem = str(req.data, 'idem');
    const actor = actorOf(turn);
    const session: Session = {
      ...parsed.value,
      id: randomUUID(),
      pilotId: pilot.id,
      loggedBy: actor.userId,
      loggedAt: this.deps.now().toISOString(),
    };
    const result = await this.deps.pilots.recordSession(session, UUID.test(idem) ? idem : randomUUID());
    this.deps.log.info({ pilotId: pilot.id, duplicate: !result.recorded }, 'session logged');
    const totals = result.recorded
      ? result.totals
      : ((await this.deps.pilots.getPilot(pilot.id))?.totals ?? a.summary.totals);
    // Below target over the last sessions: the sweep sends the early warning (reminders/runner.ts).
    if (result.recorded && earlyWarning(pilot, totals, this.today())) {
      const now = this.deps.now();
      await this.deps.reminders.schedule(pilot.id, warningCheckNow(now), now);
    }
    const notice = result.recorded
      ? format(empty ? t.session.quick.savedEmpty : t.sessionForm.saved, {
          date: formatDate(req.locale, session.date),
          hours: formatNumber(req.locale, session.hours),
        })
      : t.sessionForm.duplicate;
    // The pilot card in place of the form, updated: the same card everyone in a channel now sees,
    // with the owner's buttons for an owner (Teams' refresh would turn it into that anyway).
    const fresh: Access = { summary: { pilot, totals }, role: a.role };
    return this.pilotActions.pilotAnswer(req.locale, fresh, notice, 'good');
  }

  private statusOf(locale: Locale, a: Access, notice = '') {
    const t = strings(locale);
    const id = { pilotId: a.summary.pilot.id };
    return statusCard(locale, {
      pilot: a.summary.pilot,
      totals: a.summary.totals,
      today: this.today(),
      notice,
      noticeStyle: notice ? 'good' : '',
      actions: [
        action(t.pilotCard.logSession, 'logSession', id),
        action(t.pilotCard.sessions, 'sessions', id),
        action(t.phaseForm.cancel, 'pilot', id),
      ],
    });
  }

  /** verb `status` (also the command). */
  async status(turn: Turn, req: ActionRequest): Promise<Answer> {
    const picked = await this.pick(turn, req, 'status');
    if ('card' in picked) return picked;
    return { card: this.statusOf(req.locale, picked) };
  }

  /** verb `sessions`: the latest sessions, each with edit and delete for those who may. */
  async sessions(turn: Turn, req: ActionRequest, notice = ''): Promise<Answer> {
    const a = await this.pilotActions.access(turn, str(req.data, 'pilotId'));
    if (!a) return this.pilotActions.notFound(req.locale);
    return this.sessionList(turn, req.locale, a, notice);
  }

  private async sessionList(turn: Turn, locale: Locale, a: Access, notice = ''): Promise<Answer> {
    const t = strings(locale);
    const { pilot } = a.summary;
    const userId = actorOf(turn).userId;
    const sessions = (await this.deps.pilots.listSessions(pilot.id))
      .sort((x, y) => y.date.localeCompare(x.date) || y.loggedAt.localeCompare(x.loggedAt))
      .slice(0, LIST_LENGTH);
    const rows: ListRow[] = sessions.map((s) => ({
      text: format(t.sessionList.row, { date: formatDate(locale, s.date), hours: formatNumber(locale, s.hours) }),
      detail: sessionSummary(locale, pilot.kind, s),
      actions: canChangeSession(a.role, s, userId)
        ? [
            action(t.sessionList.edit, 'editSession', { pilotId: pilot.id, sessionId: s.id }),
            action(
              t.sessionList.delete,
              'deleteSession',
              { pilotId: pilot.id, sessionId: s.id },
              { style: 'destructive' },
            ),
          ]
        : [],
    }));
    return {
      card: listCard(locale, {
        title: format(t.sessionList.title, { pilot: pilot.name }),
        notice: notice || (rows.length ? '' : t.sessionList.none),
        noticeStyle: notice ? 'good' : '',
        rows,
        actions: [action(t.pilotCard.logSession, 'logSession', { pilotId: pilot.id }), this.back(locale, pilot.id)],
      }),
    };
  }

  /** The session named by the card, if the actor may change it. */
  private async changeable(
    turn: Turn,
    req: ActionRequest,
  ): Promise<{ a: Access; session: Session; etag: string } | { answer: Answer }> {
    const t = strings(req.locale);
    const a = await this.pilotActions.access(turn, str(req.data, 'pilotId'));
    const sessionId = str(req.data, 'sessionId');
    if (!a || !SESSION_ID.test(sessionId)) return { answer: this.pilotActions.notFound(req.locale) };
    const found = await this.deps.pilots.getSession(a.summary.pilot.id, sessionId);
    if (!found) return { answer: await this.sessionList(turn, req.locale, a, t.sessionForm.notFound) };
    if (!canChangeSession(a.role, found.session, actorOf(turn).userId)) {
      return { answer: await this.sessionList(turn, req.locale, a, t.errors.notYourSession) };
    }
    return { a, session: found.session, etag: found.etag };
  }

  /** verb `editSession`: the log card filled with the session as saved. */
  async editSession(turn: Turn, req: ActionRequest): Promise<Answer> {
    const c = await this.changeable(turn, req);
    if ('answer' in c) return c.answer;
    return this.form(req, c.a.summary.pilot, sessionToInput(c.session), {
      edit: { sessionId: c.session.id, etag: c.etag },
    });
  }

  /** verb `updateSession`: the corrected session and totals, in one transaction. */
  async updateSession(turn: Turn, req: ActionRequest): Promise<Answer> {
    const t = strings(req.locale);
    const c = await this.changeable(turn, req);
    if ('answer' in c) return c.answer;
    const { pilot } = c.a.summary;
    const edit = { sessionId: c.session.id, etag: c.etag };
    const parsed = parseSession(pilot.kind, req.data, { today: this.today(), pilotStartDate: pilot.startDate });
    if (!parsed.ok) return this.form(req, pilot, this.typed(pilot, req.data), { errors: parsed.errors, edit });
    const idem = str(req.data, 'idem');
    const actor = actorOf(turn);
    const next: Session = { ...c.session, ...parsed.value, id: c.session.id, pilotId: pilot.id };
    const result = await this.deps.pilots.updateSession({
      pilotId: pilot.id,
      sessionId: c.session.id,
      next,
      by: actor.userId,
      at: this.deps.now().toISOString(),
      idempotencyKey: UUID.test(idem) ? idem : randomUUID(),
      expectedEtag: str(req.data, 'etag') || undefined,
    });
    if (result.status === 'conflict') {
      return this.form(req, pilot, this.typed(pilot, req.data), { edit, notice: t.sessionForm.conflict });
    }
    if (result.status === 'notFound') return this.sessionList(turn, req.locale, c.a, t.sessionForm.notFound);
    this.deps.log.info({ pilotId: pilot.id, duplicate: result.status === 'duplicate' }, 'session edited');
    return this.sessionList(
      turn,
      req.locale,
      c.a,
      result.status === 'duplicate' ? t.sessionForm.duplicate : t.sessionForm.updated,
    );
  }

  /** verb `deleteSession`: asks first; with `confirm` deletes and corrects the totals. */
  async deleteSession(turn: Turn, req: ActionRequest): Promise<Answer> {
    const t = strings(req.locale);
    const c = await this.changeable(turn, req);
    if ('answer' in c) return c.answer;
    const { pilot } = c.a.summary;
    const ids = { pilotId: pilot.id, sessionId: c.session.id };
    if (req.data.confirm !== true && req.data.confirm !== 'true') {
      const question = format(t.sessionList.confirmDelete, { date: formatDate(req.locale, c.session.date) });
      return {
        card: noticeCard(req.locale, pilot.name, question, 'warning', [
          action(
            t.sessionList.confirm,
            'deleteSession',
            { ...ids, confirm: true, idem: randomUUID() },
            { style: 'destructive' },
          ),
          action(t.sessionForm.cancel, 'sessions', { pilotId: pilot.id }),
        ]),
      };
    }
    const idem = str(req.data, 'idem');
    const result = await this.deps.pilots.deleteSession({
      ...ids,
      by: actorOf(turn).userId,
      at: this.deps.now().toISOString(),
      idempotencyKey: UUID.test(idem) ? idem : randomUUID(),
    });
    this.deps.log.info({ pilotId: pilot.id, status: result.status }, 'session deleted');
    const notice =
      result.status === 'deleted'
        ? t.sessionForm.deleted
        : result.status === 'duplicate'
          ? t.sessionForm.duplicate
          : t.sessionForm.notFound;
    return this.sessionList(turn, req.locale, c.a, notice);
  }
}
