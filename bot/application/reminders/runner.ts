/**
 * The reminder sweep: claims what is due (storage/reminders.ts), asks the rule whether it is still
 * wanted (domain/reminders.ts), builds its card (cards.ts) and hands it to the outbox (outbox.ts),
 * retrying a failed one later. It needs no bot: the reminders CLI runs it with a Messenger only.
 */
import { randomUUID } from 'node:crypto';
import {
  followingSessionPrompt,
  nextPhaseStep,
  phaseReminder,
  type PlannedReminder,
  retryTime,
  warningCheck,
  warningCheckAfter,
  whyNotWanted,
} from '../../domain/reminders';
import type { Pilot } from '../../domain/pilots';
import { localDate } from '../../domain/calendar';
import { earlyWarning, reasonOf, WARNING_SENDER, warningOf } from '../../domain/warning';
import type { Totals } from '../../domain/totals';
import type { Logger } from '../../log';
import type { PilotStore } from '../../storage/pilots';
import type { DueReminder, ReminderStore } from '../../storage/reminders';
import { StorageUnavailableError } from '../../storage/errors';
import type { ReminderCards } from './cards';
import { errorNameOf } from './delivery';
import type { DigestSweep } from './digest';
import { channelSending, type Failure, mentionMessage, type Outbox, type Sending } from './outbox';

/** A reminder handled by a sweep, for its report. Ids only. */
export interface SweepLine {
  pilotId: string;
  key: string;
  /**
   * sent; notNeeded (no longer wanted, or the session was logged already); retrying (could not be built
   * or sent: due again later); gaveUp (its last try failed: recorded as failed); failed (not even that
   * could be recorded: the claim expires and a later sweep tries again); takenByAnother.
   */
  outcome: 'sent' | 'notNeeded' | 'retrying' | 'gaveUp' | 'failed' | 'takenByAnother';
  to: string[];
}

export interface SweepCounts {
  sent: number;
  notNeeded: number;
  /** Reminders that could not be built or sent in this sweep: retried + given up + those left to a later sweep. */
  failed: number;
  /** Of the failed, those due again later (backoff). */
  retried: number;
  /** Of the failed, those whose last try it was. */
  gaveUp: number;
  takenByAnother: number;
}

export interface SweepReport {
  at: string;
  rowsRead: number;
  due: number;
  lines: SweepLine[];
  counts: SweepCounts;
}

function countsOf(lines: SweepLine[]): SweepCounts {
  const n = (o: SweepLine['outcome']) => lines.filter((l) => l.outcome === o).length;
  const retried = n('retrying');
  const gaveUp = n('gaveUp');
  return {
    sent: n('sent'),
    notNeeded: n('notNeeded'),
    failed: retried + gaveUp + n('failed'),
    retried,
    gaveUp,
    takenByAnother: n('takenByAnother'),
  };
}

/** The marker of a consultation slot whose card was posted at its meeting's end. */
export const consultationMark = (slotDate: string) => `consultation|${slotDate}`;

/** True when the totals hold a session on this date (week buckets keep their dates). */
export function loggedOn(totals: Totals, date: string): boolean {
  return Object.values(totals.weeks).some((w) => (w.dates ?? []).includes(date));
}

export interface RunnerDeps {
  reminders: ReminderStore;
  pilots: PilotStore;
  cards: ReminderCards;
  outbox: Outbox;
  /** The weekly digests' rows (key `digest|…`, under a conversation rather than a pilot). */
  digest: DigestSweep;
  log: Logger;
}

export class ReminderRunner {
  private readonly instance = randomUUID();

  constructor(private readonly deps: RunnerDeps) {}

  /**
   * One sweep: everything due at `now`, each claimed before it is handled. A reminder that cannot be
   * built or sent is tried again later and the sweep goes on; only storage being away stops it.
   */
  async sweep(now: Date): Promise<SweepReport> {
    const { due, rowsRead } = await this.deps.reminders.due(now);
    const lines: SweepLine[] = [];
    for (const r of due) lines.push(await this.sweepOne(r, now));
    const report: SweepReport = { at: now.toISOString(), rowsRead, due: due.length, lines, counts: countsOf(lines) };
    if (lines.length) this.deps.log.info({ due: report.due, rowsRead, ...report.counts }, 'reminder sweep');
    return report;
  }

  private async sweepOne(r: DueReminder, now: Date): Promise<SweepLine> {
    const line = (outcome: SweepLine['outcome']): SweepLine => ({ pilotId: r.pilotId, key: r.key, outcome, to: [] });
    try {
      if (!(await this.deps.reminders.claim(r, now, this.instance))) return line('takenByAnother');
      return await this.handle(r, now);
    } catch (e) {
      // Storage away: every other reminder would fail the same way; they all stay due.
      if (e instanceof StorageUnavailableError) throw e;
      this.deps.log.error(
        { pilotId: r.pilotId, key: r.key, attempt: r.attempts, error: errorNameOf(e) },
        'reminder left to a later sweep',
      );
      return line('failed');
    }
  }

  private async handle(r: DueReminder, now: Date): Promise<SweepLine> {
    const line: SweepLine = { pilotId: r.pilotId, key: r.key, outcome: 'notNeeded', to: [] };
    let planned: { sending: Sending; successor?: PlannedReminder } | undefined;
    try {
      planned = await this.attempt(r, now);
    } catch (e) {
      // The pilot or its settings could not be read (storage refused, or a row no longer parses).
      planned = { sending: { sent: [], failure: { error: errorNameOf(e) } } };
    }
    if (!planned) {
      await this.deps.reminders.done(r);
      return line;
    }
    const { sending, successor } = planned;
    if (sending.failure) return this.failed(r, now, sending.failure, sending.sent, successor);
    if (successor) await this.deps.reminders.schedule(r.pilotId, successor, now);
    await this.deps.reminders.done(r);
    return { ...line, outcome: sending.sent.length ? 'sent' : 'notNeeded', to: sending.sent };
  }

  /**
   * Reads the pilot, asks the rule, and sends. Undefined when the reminder is no longer wanted (its chain
   * ends there); else what the sending came to and the next reminder of the chain.
   */
  private async attempt(
    r: DueReminder,
    now: Date,
  ): Promise<{ sending: Sending; successor?: PlannedReminder } | undefined> {
    if (this.deps.digest.handles(r)) return this.deps.digest.attempt(r, now);
    const summary = await this.deps.pilots.getPilot(r.pilotId);
    if (!summary) return undefined;
    const { pilot, totals } = summary;
    const settings = await this.deps.reminders.settings(pilot.id);
    if (whyNotWanted(r, { pilot, settings })) return undefined;
    const snoozedOne = r.key.startsWith('snooze|');
    if (r.kind === 'phase' && r.phase && r.step) {
      // After a pause, later steps may be due already: send only the latest of them.
      let step = r.step;
      for (
        let n = nextPhaseStep(step);
        !snoozedOne && n && phaseReminder(pilot, r.phase, n).dueAt <= now;
        n = nextPhaseStep(n)
      ) {
        step = n;
      }
      const next = nextPhaseStep(step);
      const successor = next && !snoozedOne ? phaseReminder(pilot, r.phase, next) : undefined;
      return { successor, sending: await trying(() => this.sendPhase(pilot, totals, { ...r, step })) };
    }
    if (r.kind === 'warning') return this.warn(pilot, totals, r, now);
    if (r.kind === 'session' || r.kind === 'consultation') {
      // Two planned slots passed with nothing logged: the early warning is checked the morning after each slot.
      if (r.slotDate && pilot.stage !== 'end') {
        await this.deps.reminders.schedule(pilot.id, warningCheck(warningCheckAfter(r.slotDate)), now);
      }
      const successor = snoozedOne ? undefined : followingSessionPrompt(pilot, r);
      const covered =
        !!r.slotDate &&
        (loggedOn(totals, r.slotDate) || (await this.deps.reminders.marked(pilot.id, consultationMark(r.slotDate))));
      if (covered) return { successor, sending: { sent: [] } };
      return { successor, sending: await trying(() => this.sendSessionPrompt(pilot, r)) };
    }
    return undefined;
  }

  /**
   * A try that failed: logged with ids only, due again after a backoff (retryTime), or after the last
   * try recorded as failed, and its chain goes on.
   */
  private async failed(
    r: DueReminder,
    now: Date,
    failure: Failure,
    sent: string[],
    successor: PlannedReminder | undefined,
  ): Promise<SweepLine> {
    const { error, status } = failure;
    const ids = { pilotId: r.pilotId, key: r.key, attempt: r.attempts, error, status };
    const line = { pilotId: r.pilotId, key: r.key, to: sent };
    const later = retryTime(r.attempts, now);
    if (later) {
      const kept = await this.deps.reminders.retryLater(r, later, error);
      this.deps.log.warn(
        { ...ids, retryAt: later.toISOString(), takenOver: !kept },
        'reminder not sent: tried again later',
      );
      return { ...line, outcome: 'retrying' };
    }
    await this.deps.reminders.giveUp(r, now, error);
    if (successor) await this.deps.reminders.schedule(r.pilotId, successor, now);
    this.deps.log.error(ids, 'reminder not sent: given up after its last try');
    return { ...line, outcome: 'gaveUp' };
  }

  /**
   * The early warning (domain/warning.ts): recorded on the pilot first (at most one in two weeks,
   * whoever else checks at the same time), then sent to the owners. A retry after a failed send
   * sends the warning recorded today again; nothing is recorded twice.
   */
  private async warn(
    pilot: Pilot,
    totals: Totals,
    r: DueReminder,
    now: Date,
  ): Promise<{ sending: Sending } | undefined> {
    const today = localDate(now);
    let warned = pilot;
    if (pilot.warning?.on !== today || r.attempts <= 1) {
      const reason = earlyWarning(pilot, totals, today);
      if (!reason) return undefined;
      const written = await this.deps.pilots.writeWarning({
        pilotId: pilot.id,
        what: 'warningSent',
        // Read again under the write: another sweep may have warned meanwhile.
        change: (current) => (earlyWarning(current, totals, today) ? warningOf(reason, today) : undefined),
        by: WARNING_SENDER,
        at: now.toISOString(),
        idempotencyKey: `warning|${pilot.id}|${today}`,
      });
      if (written.status !== 'saved') return undefined;
      warned = written.pilot;
    }
    const reason = reasonOf(warned, totals, today);
    if (!reason) return undefined;
    return {
      sending: await trying(() =>
        this.deps.outbox.toOwners(warned, (locale) => this.deps.cards.warning(locale, warned, totals, reason)),
      ),
    };
  }

  // ---- What is sent -------------------------------------------------------------------------

  private async sendPhase(pilot: Pilot, totals: Totals, r: DueReminder): Promise<Sending> {
    const phase = r.phase as 'midpoint' | 'end';
    const { outbox, cards } = this.deps;
    if (r.step === 'channelNote') {
      const team = await outbox.teamConversation(pilot);
      if (!team) return { sent: [] };
      const names = pilot.owners.map((id) => pilot.ownerNames?.[id] || '');
      const outcome = await outbox.send(team, (locale) =>
        mentionMessage(cards.channelNote(locale, pilot, totals, phase), pilot.owners, names),
      );
      return channelSending(outcome);
    }
    const form = await cards.phaseForms(pilot, totals, { ...r, phase });
    return outbox.toOwners(pilot, form);
  }

  private async sendSessionPrompt(pilot: Pilot, r: DueReminder): Promise<Sending> {
    const { outbox, cards } = this.deps;
    const card = (locale: Parameters<ReminderCards['sessionPrompt']>[0]) => cards.sessionPrompt(locale, pilot, r);
    if (r.kind === 'consultation') {
      // Every participant logs their own cases: the prompt goes to the consultation's channel.
      const team = await outbox.teamConversation(pilot);
      if (!team) return outbox.toOwners(pilot, card);
      return channelSending(await outbox.send(team, (locale) => ({ card: card(locale) })));
    }
    return outbox.toOwners(pilot, card);
  }
}

/** Runs a build-and-send; an error thrown on the way (a card that cannot be built) is a failed try, by name. */
async function trying(send: () => Promise<Sending>): Promise<Sending> {
  try {
    return await send();
  } catch (e) {
    return { sent: [], failure: { error: errorNameOf(e) } };
  }
}
