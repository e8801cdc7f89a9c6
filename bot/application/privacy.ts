/**
 * Data protection in the bot: an owner deletes a pilot (after typing its name), and a person
 * asks what Polku holds about them and has their name and id removed. Each destructive step
 * asks first, on a card of its own; nothing is deleted by one press.
 */
import type { Turn } from './port';
import { action, field, formCard, noticeCard } from '../cards/views';
import { canEditPhases } from '../domain/access';
import { confirmsName } from '../domain/pilots';
import { format, type Locale, strings } from '../i18n';
import type { Logger } from '../log';
import type { PersonalData, PersonalReport, PilotMention } from '../storage/personal';
import type { PilotData } from '../storage/pilotData';
import type { PilotStore } from '../storage/pilots';
import type { ActionRequest, Answer, PilotActions } from './pilots';

export interface PrivacyDeps {
  pilots: PilotStore;
  pilotData: PilotData;
  personal: PersonalData;
  log: Logger;
}

const ENTRA_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const str = (data: Record<string, unknown>, key: string): string =>
  typeof data[key] === 'string' ? (data[key] as string) : '';

export class PrivacyActions {
  constructor(
    private readonly deps: PrivacyDeps,
    private readonly pilots: PilotActions,
  ) {}

  // ---- Deleting a pilot ------------------------------------------------------------------

  /** verb `deletePilotAsk`: what would go, and the name to type. Owners only. */
  async askDelete(turn: Turn, req: ActionRequest, typed = '', error = ''): Promise<Answer> {
    const t = strings(req.locale);
    const a = await this.pilots.access(turn, str(req.data, 'pilotId'));
    if (!a) return this.pilots.notFound(req.locale);
    const { pilot } = a.summary;
    if (!canEditPhases(a.role)) return { card: noticeCard(req.locale, pilot.name, t.privacy.notOwner, 'attention') };
    const record = await this.deps.pilots.pilotRecord(pilot.id);
    if (!record) return this.pilots.notFound(req.locale);
    const counts = {
      sessions: record.sessions.length,
      evaluations: record.evaluations.length,
      history: record.history.length,
    };
    return {
      card: formCard(req.locale, {
        title: format(t.privacy.deleteTitle, { name: pilot.name }),
        intro: t.privacy.deleteIntro,
        notice: error,
        noticeStyle: error ? 'attention' : '',
        info: [{ heading: t.privacy.deleteWhat, text: format(t.privacy.deleteCounts, counts) }],
        fields: [
          field({
            kind: 'text',
            id: 'confirmName',
            label: t.privacy.confirmLabel,
            value: typed,
            required: true,
            requiredMessage: t.validation.required,
            error,
          }),
        ],
        actions: [
          action(t.privacy.delete, 'deletePilot', { pilotId: pilot.id }, { style: 'destructive' }),
          action(t.privacy.cancel, 'pilot', { pilotId: pilot.id }, { inputs: 'none' }),
        ],
      }),
    };
  }

  /** verb `deletePilot`: deletes when an owner typed the pilot's name; otherwise asks again, keeping what was typed. */
  async delete(turn: Turn, req: ActionRequest): Promise<Answer> {
    const t = strings(req.locale);
    const a = await this.pilots.access(turn, str(req.data, 'pilotId'));
    if (!a) return this.pilots.notFound(req.locale);
    const { pilot } = a.summary;
    if (!canEditPhases(a.role)) return { card: noticeCard(req.locale, pilot.name, t.privacy.notOwner, 'attention') };
    const typed = str(req.data, 'confirmName');
    if (!confirmsName(typed, pilot.name)) {
      return this.askDelete(turn, req, typed, format(t.privacy.confirmMismatch, { name: pilot.name }));
    }
    const deleted = await this.deps.pilotData.delete(pilot.id);
    if (!deleted) return this.pilots.notFound(req.locale);
    this.deps.log.info(
      {
        pilotId: pilot.id,
        sessions: deleted.sessions,
        evaluations: deleted.evaluations,
        history: deleted.history,
        reminders: deleted.reminders,
        rows: deleted.rows,
      },
      'pilot deleted',
    );
    const text = format(t.privacy.deleted, {
      name: pilot.name,
      sessions: deleted.sessions,
      evaluations: deleted.evaluations,
      history: deleted.history,
      reminders: deleted.reminders,
    });
    return {
      card: noticeCard(req.locale, t.privacy.deletedTitle, text, 'good'),
      everyone: () => noticeCard(req.locale, t.privacy.deletedTitle, t.privacy.deletedForEveryone, ''),
    };
  }

  // ---- A person's own data ---------------------------------------------------------------

  /** The person asking, when this is their personal chat and Teams gave their Entra id. */
  private asker(turn: Turn, locale: Locale): { tenantId: string; userId: string } | Answer {
    const t = strings(locale).privacy;
    if (turn.conversation.scope !== 'personal') {
      return { card: noticeCard(locale, t.myDataTitle, t.onlyPersonal, 'warning') };
    }
    const userId = turn.actor.aadObjectId ?? '';
    if (!ENTRA_ID.test(userId)) return { card: noticeCard(locale, t.myDataTitle, t.noId, 'attention') };
    return { tenantId: turn.tenantId, userId };
  }

  /** verb `myData` (also the command): what Polku holds about the person asking. */
  async myData(turn: Turn, req: ActionRequest): Promise<Answer> {
    const who = this.asker(turn, req.locale);
    if ('card' in who) return who;
    const report = await this.deps.personal.find(who.tenantId, who.userId);
    return { card: reportCard(req.locale, report) };
  }

  /** verb `forgetMeAsk`: what removal does, and the button that does it. */
  async askForget(turn: Turn, req: ActionRequest): Promise<Answer> {
    const t = strings(req.locale).privacy;
    const who = this.asker(turn, req.locale);
    if ('card' in who) return who;
    const report = await this.deps.personal.find(who.tenantId, who.userId);
    const sole = report.pilots.filter((p) => p.soleOwner).map((p) => p.pilotName);
    return {
      card: formCard(req.locale, {
        title: t.removeTitle,
        intro: t.removeIntro,
        notice: sole.length ? format(t.soleOwnerWarning, { pilots: sole.join(', ') }) : '',
        noticeStyle: sole.length ? 'warning' : '',
        actions: [
          action(t.remove, 'forgetMe', {}, { style: 'destructive' }),
          action(t.cancel, 'myData', {}, { inputs: 'none' }),
        ],
      }),
    };
  }

  /** verb `forgetMe`: removes the person asking, everywhere in their organisation's pilots. */
  async forget(turn: Turn, req: ActionRequest): Promise<Answer> {
    const t = strings(req.locale).privacy;
    const who = this.asker(turn, req.locale);
    if ('card' in who) return who;
    const r = await this.deps.personal.remove(who.tenantId, who.userId);
    // The pseudonym and counts only: never the id or name it replaced.
    this.deps.log.info(
      { pseudonym: r.pseudonym, pilots: r.pilots, rows: r.rows, memberships: r.memberships },
      'person removed',
    );
    const text = format(t.removed, { pilots: r.pilots, rows: r.rows, memberships: r.memberships });
    return { card: noticeCard(req.locale, t.removedTitle, text, 'good') };
  }
}

function rolesOf(locale: Locale, m: PilotMention): string {
  const t = strings(locale);
  const p = t.privacy;
  const out: string[] = [];
  if (m.soleOwner) out.push(p.roleSoleOwner);
  else if (m.owner) out.push(p.roleOwner);
  if (m.name) out.push(format(p.nameStored, { name: m.name }));
  if (m.created) out.push(p.roleCreated);
  if (m.evaluations.length) {
    out.push(format(p.roleEvaluations, { phases: m.evaluations.map((ph) => t.phases[ph]).join(', ') }));
  }
  if (m.sessions) out.push(format(p.roleSessions, { count: m.sessions }));
  if (m.history) out.push(format(p.roleHistory, { count: m.history }));
  return out.join(' · ');
}

/** The person's report: their id, each pilot that names them and how, memberships and this chat. */
export function reportCard(locale: Locale, r: PersonalReport) {
  const t = strings(locale).privacy;
  const anything = r.pilots.length > 0 || r.memberships.length > 0 || r.personalChat || r.references > 0;
  const info = [
    { heading: t.yourId, text: r.userId },
    ...r.pilots.map((m) => ({
      heading: m.teamName ? `${m.pilotName} (${m.teamName})` : m.pilotName,
      text: rolesOf(locale, m),
    })),
    { heading: t.memberships, text: String(r.memberships.length) },
    { heading: t.personalChat, text: r.personalChat ? t.stored : t.notStored },
    ...(r.references > 0 ? [{ heading: t.references, text: String(r.references) }] : []),
  ];
  return formCard(locale, {
    title: t.myDataTitle,
    intro: t.myDataIntro,
    notice: anything ? '' : t.nothing,
    noticeStyle: anything ? '' : 'good',
    info,
    actions: anything ? [action(t.removeButton, 'forgetMeAsk', {}, { style: 'destructive' })] : [],
  });
}
