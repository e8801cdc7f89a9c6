/**
 * The tab's languages: Finnish by default, Swedish and English. The strings of the language shown
 * are loaded on their own (loadStrings, strings/*.ts); numbers, dates and plurals are read here.
 */
import type { Figure } from '../../bot/domain/headline';
import { realisedReading, type Volume } from '../../bot/domain/measures';
import type { PersonView } from '../../bot/api/contract';
import type { TabStrings } from './strings/compose';

export type { TabStrings } from './strings/compose';

export const LOCALES = ['fi', 'sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const BCP47: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** The tab's language from Teams' locale or ?locale= ("sv-FI" → sv); Finnish when absent or unknown. */
export function tabLocale(raw: string | null | undefined): Locale {
  const lang = (raw ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(lang) ? (lang as Locale) : 'fi';
}

const loaded = new Map<Locale, TabStrings>();

function importStrings(locale: Locale): Promise<{ strings: TabStrings }> {
  switch (locale) {
    case 'fi':
      return import('./strings/fi');
    case 'sv':
      return import('./strings/sv');
    case 'en':
      return import('./strings/en');
  }
}

/** The strings of one language, loaded when first asked for (each language is a chunk of its own). */
export async function loadStrings(locale: Locale): Promise<TabStrings> {
  const { strings } = await importStrings(locale);
  loaded.set(locale, strings);
  return strings;
}

/** The strings of one language when they have been loaded already, else null. */
export function loadedStrings(locale: Locale): TabStrings | null {
  return loaded.get(locale) ?? null;
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
