/**
 * The owners' answer to an early warning (domain/warning.ts): what they will try. Kept on the
 * pilot and in its history, and shown at the midpoint. Free text like every answer: checked for
 * identity codes and length, and on a refusal the card comes back with what was typed.
 */
import { randomUUID } from 'node:crypto';
import { warningCard, WARNING_ANSWER_FIELD } from '../cards/warning';
import { canEditPhases } from '../domain/access';
import { localDate } from '../domain/calendar';
import { checkText, textOf } from '../domain/forms';
import { UUID } from '../domain/ids';
import { MAX_ANSWER_LENGTH } from '../domain/phases';
import { reasonOf } from '../domain/warning';
import { strings } from '../i18n';
import { errorText } from '../cards/views';
import type { Logger } from '../log';
import type { PilotStore } from '../storage/pilots';
import { actorOf } from './people';
import type { ActionRequest, Answer, PilotActions } from './pilots';
import type { Turn } from './port';

export class WarningActions {
  constructor(
    private readonly deps: { pilots: PilotStore; log: Logger; now: () => Date },
    private readonly pilotActions: PilotActions,
  ) {}

  /** verb `answerWarning`: the owners say what they will try. */
  async answer(turn: Turn, req: ActionRequest): Promise<Answer> {
    const t = strings(req.locale);
    const a = await this.pilotActions.access(turn, String(req.data.pilotId ?? ''));
    if (!a || !canEditPhases(a.role)) return this.pilotActions.notFound(req.locale);
    const { pilot, totals } = a.summary;
    const on = String(req.data.on ?? '');
    const reason = reasonOf(pilot, totals, localDate(this.deps.now()));
    if (!pilot.warning || !reason || pilot.warning.on !== on) {
      return this.pilotActions.pilotAnswer(req.locale, a, t.warning.noWarning, 'attention');
    }
    if (pilot.warning.answer) return this.pilotActions.pilotAnswer(req.locale, a, t.warning.alreadyAnswered, 'good');
    const text = textOf(req.data, WARNING_ANSWER_FIELD);
    const problem = text ? checkText(WARNING_ANSWER_FIELD, text, MAX_ANSWER_LENGTH) : undefined;
    if (!text || problem) {
      const error = problem ? errorText(req.locale, problem) : t.validation.required;
      return {
        card: warningCard(req.locale, pilot, totals, reason, { value: text, error, notice: t.phaseForm.fixErrors }),
      };
    }
    const idem = String(req.data.idem ?? '');
    const result = await this.deps.pilots.writeWarning({
      pilotId: pilot.id,
      what: 'warningAnswered',
      change: (current) =>
        current.warning && current.warning.on === on && !current.warning.answer
          ? { ...current.warning, answer: text }
          : undefined,
      by: actorOf(turn).userId,
      at: this.deps.now().toISOString(),
      idempotencyKey: UUID.test(idem) ? idem : randomUUID(),
    });
    this.deps.log.info({ pilotId: pilot.id, status: result.status }, 'early warning answered');
    if (result.status === 'notFound') return this.pilotActions.notFound(req.locale);
    const fresh = await this.pilotActions.access(turn, pilot.id);
    if (!fresh) return this.pilotActions.notFound(req.locale);
    return this.pilotActions.pilotAnswer(
      req.locale,
      fresh,
      result.status === 'unchanged' ? t.warning.alreadyAnswered : t.warning.answered,
      'good',
    );
  }
}
