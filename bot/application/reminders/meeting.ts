/**
 * The Wednesday consultation's meeting ended: its log card goes to the meeting's chat, once a day
 * per pilot (a marker), while the pilot's prompts are on. The time-based prompt stays its fallback.
 */
import { localDate } from '../../domain/calendar';
import { sessionPromptsOn } from '../../domain/reminders';
import type { Logger } from '../../log';
import type { PilotStore } from '../../storage/pilots';
import type { ReminderStore } from '../../storage/reminders';
import { turnTeam } from '../access';
import type { Turn } from '../port';
import type { ReminderCards } from './cards';
import { consultationMark } from './runner';

export class MeetingEnd {
  constructor(
    private readonly deps: {
      reminders: ReminderStore;
      pilots: PilotStore;
      cards: ReminderCards;
      log: Logger;
      now: () => Date;
    },
  ) {}

  async meetingEnded(turn: Turn): Promise<void> {
    const team = turnTeam(turn);
    if (!team) return;
    const today = localDate(this.deps.now());
    const consultations = (await this.deps.pilots.listTeamPilots(team)).filter(
      (p) => p.pilot.kind === 'kelaConsultation',
    );
    for (const { pilot } of consultations) {
      const settings = await this.deps.reminders.settings(pilot.id);
      if (!sessionPromptsOn({ pilot, settings })) continue;
      if (!(await this.deps.reminders.mark(pilot.id, consultationMark(today)))) continue;
      await turn.reply({ card: this.deps.cards.consultationCard(turn.locale, pilot, today) });
      this.deps.log.info({ pilotId: pilot.id }, 'consultation card posted at meeting end');
    }
  }
}
