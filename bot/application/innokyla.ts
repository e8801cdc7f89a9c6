/**
 * The Innokylä draft in the bot: verb `innokylaDraft` (More actions on the owners' pilot card)
 * answers with the pilot's practice-description draft on a card. The Word and Markdown files are
 * on the tab's pilot page (GET /api/pilots/:id/innokyla), where a download can carry them.
 */
import { innokylaCard } from '../cards/innokyla';
import { localDate } from '../domain/calendar';
import type { Evaluation } from '../domain/phases';
import { type Phase, PHASES } from '../domain/pilots';
import { innokylaDraft } from '../reports/innokyla';
import type { PilotStore } from '../storage/pilots';
import type { ActionRequest, Answer, PilotActions } from './pilots';
import type { Turn } from './port';

export interface InnokylaDeps {
  pilots: PilotStore;
  now: () => Date;
}

const str = (data: Record<string, unknown>, key: string): string =>
  typeof data[key] === 'string' ? (data[key] as string) : '';

export class InnokylaActions {
  constructor(
    private readonly deps: InnokylaDeps,
    private readonly pilots: PilotActions,
  ) {}

  /**
   * verb `innokylaDraft`: the draft of the pilot, for whoever may read the pilot (the button is on
   * the owners' card; the team's members may read the same draft on the tab).
   */
  async draft(turn: Turn, req: ActionRequest): Promise<Answer> {
    const a = await this.pilots.access(turn, str(req.data, 'pilotId'));
    if (!a) return this.pilots.notFound(req.locale);
    const { pilot, totals } = a.summary;
    const stored = await Promise.all(PHASES.map((phase) => this.deps.pilots.getEvaluation(pilot.id, phase)));
    const phases: Partial<Record<Phase, Evaluation>> = {};
    PHASES.forEach((phase, i) => {
      const e = stored[i];
      if (e) phases[phase] = e;
    });
    const draft = innokylaDraft(req.locale, {
      sources: [{ pilot, totals, phases }],
      today: localDate(this.deps.now()),
    });
    return { card: innokylaCard(req.locale, draft, pilot.id) };
  }
}
