/**
 * The tab's languages: Finnish by default, Swedish and English. The tab's own texts are in
 * ./locales; the names of phases, questions, kinds, partners and counts are the bot's own
 * (bot/i18n/locales), so the tab and the cards use the same wording. Named imports of the JSON
 * let esbuild leave the bot's other texts out of the bundle.
 */
import {
  kinds as fiKinds,
  stages as fiStages,
  phases as fiPhases,
  questions as fiQuestions,
  decisions as fiDecisions,
  weekdays as fiWeekdays,
  units as fiUnits,
  realised as fiRealised,
  realisedShort as fiRealisedShort,
  phaseForm as fiPhaseForm,
  pilotCard as fiPilotCard,
  status as fiStatus,
  figures as fiFigures,
  plan as fiPlan,
  pilotForm as fiPilotForm,
  validation as fiValidation,
  editFields as fiEditFields,
  targets as fiTargets,
} from '../../bot/i18n/locales/fi.json';
import {
  kinds as svKinds,
  stages as svStages,
  phases as svPhases,
  questions as svQuestions,
  decisions as svDecisions,
  weekdays as svWeekdays,
  units as svUnits,
  realised as svRealised,
  realisedShort as svRealisedShort,
  phaseForm as svPhaseForm,
  pilotCard as svPilotCard,
  status as svStatus,
  figures as svFigures,
  plan as svPlan,
  pilotForm as svPilotForm,
  validation as svValidation,
  editFields as svEditFields,
  targets as svTargets,
} from '../../bot/i18n/locales/sv.json';
import {
  kinds as enKinds,
  stages as enStages,
  phases as enPhases,
  questions as enQuestions,
  decisions as enDecisions,
  weekdays as enWeekdays,
  units as enUnits,
  realised as enRealised,
  realisedShort as enRealisedShort,
  phaseForm as enPhaseForm,
  pilotCard as enPilotCard,
  status as enStatus,
  figures as enFigures,
  plan as enPlan,
  pilotForm as enPilotForm,
  validation as enValidation,
  editFields as enEditFields,
  targets as enTargets,
} from '../../bot/i18n/locales/en.json';
import {
  partners as fiSessionPartners,
  countLabels as fiSessionCountLabels,
  topics as fiSessionTopics,
  channels as fiSessionChannels,
  fields as fiSessionFields,
} from '../../bot/i18n/locales/sessions.fi.json';
import {
  partners as svSessionPartners,
  countLabels as svSessionCountLabels,
  topics as svSessionTopics,
  channels as svSessionChannels,
  fields as svSessionFields,
} from '../../bot/i18n/locales/sessions.sv.json';
import {
  partners as enSessionPartners,
  countLabels as enSessionCountLabels,
  topics as enSessionTopics,
  channels as enSessionChannels,
  fields as enSessionFields,
} from '../../bot/i18n/locales/sessions.en.json';
import type { Figure } from '../../bot/domain/headline';
import { realisedReading, type Volume } from '../../bot/domain/measures';
import type { PersonView } from '../../bot/api/contract';
import fi from './locales/fi.json';
import sv from './locales/sv.json';
import en from './locales/en.json';

export const LOCALES = ['fi', 'sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

interface BotTexts {
  kinds: typeof fiKinds;
  stages: typeof fiStages;
  phases: typeof fiPhases;
  questions: typeof fiQuestions;
  decisions: typeof fiDecisions;
  weekdays: typeof fiWeekdays;
  units: typeof fiUnits;
  realised: typeof fiRealised;
  realisedShort: typeof fiRealisedShort;
  phaseForm: typeof fiPhaseForm;
  pilotCard: typeof fiPilotCard;
  status: typeof fiStatus;
  figures: typeof fiFigures;
  plan: typeof fiPlan;
  pilotForm: typeof fiPilotForm;
  validation: typeof fiValidation;
  editFields: typeof fiEditFields;
  targets: typeof fiTargets;
}

interface SessionTexts {
  partners: typeof fiSessionPartners;
  countLabels: typeof fiSessionCountLabels;
  topics: typeof fiSessionTopics;
  channels: typeof fiSessionChannels;
  fields: typeof fiSessionFields;
}

function compose(tab: typeof fi, bot: BotTexts, session: SessionTexts) {
  return {
    ...tab,
    kinds: bot.kinds,
    stages: bot.stages,
    phases: bot.phases,
    questions: bot.questions,
    decisions: bot.decisions,
    weekdays: bot.weekdays,
    units: bot.units,
    realised: bot.realised,
    realisedShort: bot.realisedShort,
    phaseHeading: bot.phaseForm.headingRealised,
    phaseHeadingNow: bot.phaseForm.headingRealisedNow,
    planValue: bot.pilotCard.planValue,
    planNoTime: bot.pilotCard.planNoTime,
    noPlace: bot.pilotCard.noPlace,
    figures: bot.figures,
    baseline: bot.plan.baseline,
    planTexts: bot.plan,
    pilotForm: bot.pilotForm,
    validation: bot.validation,
    editFields: bot.editFields,
    targets: { ...bot.targets, notComputable: bot.figures.notComputable },
    editedValue: bot.pilotCard.edited,
    unchangedValue: bot.pilotCard.unchanged,
    alreadySavedValue: bot.pilotCard.alreadySaved,
    socialWorkShareLong: bot.status.socialWorkShare,
    partners: session.partners,
    countLabels: session.countLabels,
    topicLabels: session.topics,
    channelLabels: session.channels,
    sessionFields: session.fields,
  };
}

export type TabStrings = ReturnType<typeof compose>;

const ALL: Record<Locale, TabStrings> = {
  fi: compose(
    fi,
    {
      kinds: fiKinds,
      stages: fiStages,
      phases: fiPhases,
      questions: fiQuestions,
      decisions: fiDecisions,
      weekdays: fiWeekdays,
      units: fiUnits,
      realised: fiRealised,
      realisedShort: fiRealisedShort,
      phaseForm: fiPhaseForm,
      pilotCard: fiPilotCard,
      status: fiStatus,
      figures: fiFigures,
      plan: fiPlan,
      pilotForm: fiPilotForm,
      validation: fiValidation,
      editFields: fiEditFields,
      targets: fiTargets,
    },
    {
      partners: fiSessionPartners,
      countLabels: fiSessionCountLabels,
      topics: fiSessionTopics,
      channels: fiSessionChannels,
      fields: fiSessionFields,
    },
  ),
  sv: compose(
    sv,
    {
      kinds: svKinds,
      stages: svStages,
      phases: svPhases,
      questions: svQuestions,
      decisions: svDecisions,
      weekdays: svWeekdays,
      units: svUnits,
      realised: svRealised,
      realisedShort: svRealisedShort,
      phaseForm: svPhaseForm,
      pilotCard: svPilotCard,
      status: svStatus,
      figures: svFigures,
      plan: svPlan,
      pilotForm: svPilotForm,
      validation: svValidation,
      editFields: svEditFields,
      targets: svTargets,
    },
    {
      partners: svSessionPartners,
      countLabels: svSessionCountLabels,
      topics: svSessionTopics,
      channels: svSessionChannels,
      fields: svSessionFields,
    },
  ),
  en: compose(
    en,
    {
      kinds: enKinds,
      stages: enStages,
      phases: enPhases,
      questions: enQuestions,
      decisions: enDecisions,
      weekdays: enWeekdays,
      units: enUnits,
      realised: enRealised,
      realisedShort: enRealisedShort,
      phaseForm: enPhaseForm,
      pilotCard: enPilotCard,
      status: enStatus,
      figures: enFigures,
      plan: enPlan,
      pilotForm: enPilotForm,
      validation: enValidation,
      editFields: enEditFields,
      targets: enTargets,
    },
    {
      partners: enSessionPartners,
      countLabels: enSessionCountLabels,
      topics: enSessionTopics,
      channels: enSessionChannels,
      fields: enSessionFields,
    },
  ),
};

const BCP47: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** The tab's language from Teams' locale or ?locale= ("sv-FI" → sv); Finnish when absent or unknown. */
export function tabLocale(raw: string | null | undefined): Locale {
  const lang = (raw ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(lang) ? (lang as Locale) : 'fi';
}

export function tabStrings(locale: Locale): TabStrings {
  return ALL[locale];
}

/** Fills "{name}" placeholders; one without a value stays visible, never "undefined". */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/** Number, date and plural helpers of one language; Intl formatters are made once. */
export class Formats {
  private readonly numbers = new Map<number, Intl.NumberFormat>();
  private readonly percentFormat: Intl.NumberFormat;
  private readonly dateFormat: Intl.DateTimeFormat;
  private readonly dateTimeFormat: Intl.DateTimeFormat;
  readonly bcp47: string;

  constructor(
    readonly locale: Locale,
    readonly t: TabStrings,
  ) {
    this.bcp47 = BCP47[locale];
    this.percentFormat = new Intl.NumberFormat(this.bcp47, { style: 'percent', maximumFractionDigits: 0 });
    this.dateFormat = new Intl.DateTimeFormat(
      this.bcp47,
      locale === 'en'
        ? { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }
        : { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'UTC' },
    );
    this.dateTimeFormat = new Intl.DateTimeFormat(this.bcp47, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Europe/Helsinki',
    });
  }

  number(n: number, maximumFractionDigits = 2): string {
    let f = this.numbers.get(maximumFractionDigits);
    if (!f) this.numbers.set(maximumFractionDigits, (f = new Intl.NumberFormat(this.bcp47, { maximumFractionDigits })));
    return f.format(n);
  }

  /** A number or the dash for "none". */
  maybe(n: number | null | undefined, digits = 2): string {
    return n === null || n === undefined ? this.t.none : this.number(n, digits);
  }

  /** A headline figure (bot/domain/headline.ts): its value, or "ei laskettavissa", never 0 for "not applicable". */
  figure(f: Pick<Figure, 'unit' | 'value'>): string {
    if (f.value === undefined) return this.t.figures.notComputable;
    return f.unit === 'share' ? this.percentFormat.format(f.value) : this.number(f.value);
  }

  percent(share: number | null | undefined): string {
    return share === null || share === undefined ? this.t.none : this.percentFormat.format(share);
  }

  /** "2026-11-23" as the locale writes it: "23.11.2026" (fi, sv), "23 Nov 2026" (en). */
  date(iso: string | null | undefined): string {
    if (!iso) return this.t.none;
    const d = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
    return Number.isNaN(d.getTime()) ? iso : this.dateFormat.format(d);
  }

  dateTime(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : this.dateTimeFormat.format(d);
  }

  /** A member of staff's name, or "removed person" for someone who had their name and id removed. */
  person(p: PersonView): string {
    return p.removed ? this.t.removedPerson : p.name;
  }

  plural(n: number, one: string, other: string): string {
    return n === 1 ? one : other;
  }

  /**
   * "toteutunut 4 × 2 tuntia" (or "4 × 2 tuntia" when `short`), read as the domain reads it
   * (realisedReading), the same as the bot's cards.
   */
  realised(volume: Volume, short = false): string {
    const r = short ? this.t.realisedShort : this.t.realised;
    const u = this.t.units;
    const v = realisedReading(volume);
    if (v.kind === 'none') return r.none;
    if (v.kind === 'uniform') {
      return format(r.uniform, {
        sessions: v.sessions,
        hours: this.number(v.hoursPerSession),
        hoursUnit: this.plural(v.hoursPerSession, u.hoursOne, u.hoursOther),
      });
    }
    const whole = {
      sessions: v.sessions,
      sessionsUnit: this.plural(v.sessions, u.sessionsOne, u.sessionsOther),
      hours: this.number(v.hours),
      hoursUnit: this.plural(v.hours, u.hoursOne, u.hoursOther),
    };
    if (v.kind === 'total') return format(r.total, whole);
    const mix = v.mix.map((m) => format(r.mixPart, { count: m.sessions, hours: this.number(m.hours) })).join(', ');
    return format(r.mixed, { ...whole, mix });
  }
}
