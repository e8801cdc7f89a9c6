/**
 * Languages: Finnish first, Swedish and English complete. Every user-visible string of the bot
 * lives in locales/*.json; code refers to keys only.
 */
import fi from './locales/fi.json';
import sv from './locales/sv.json';
import en from './locales/en.json';
import sessionsFi from './locales/sessions.fi.json';
import sessionsSv from './locales/sessions.sv.json';
import sessionsEn from './locales/sessions.en.json';
import innokylaFi from './locales/innokyla.fi.json';
import innokylaSv from './locales/innokyla.sv.json';
import innokylaEn from './locales/innokyla.en.json';
import teamExportFi from './locales/teamExport.fi.json';
import teamExportSv from './locales/teamExport.sv.json';
import teamExportEn from './locales/teamExport.en.json';
import digestFi from './locales/digest.fi.json';
import digestSv from './locales/digest.sv.json';
import digestEn from './locales/digest.en.json';

import type { TargetReading } from '../domain/targets';
import { readingText } from './targetLine';

export const LOCALES = ['fi', 'sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
/**
 * The strings of one language: the core file, with the session log's labels under `session`,
 * the Innokylä draft's under `innokyla`, the team export's under `teamExport` and the weekly digest's
 * under `digest`.
 */
export type Strings = typeof fi & {
  session: typeof sessionsFi;
  innokyla: typeof innokylaFi;
  teamExport: typeof teamExportFi;
  digest: typeof digestFi;
};

const STRINGS: Record<Locale, Strings> = {
  fi: { ...fi, session: sessionsFi, innokyla: innokylaFi, teamExport: teamExportFi, digest: digestFi },
  sv: { ...sv, session: sessionsSv, innokyla: innokylaSv, teamExport: teamExportSv, digest: digestSv },
  en: { ...en, session: sessionsEn, innokyla: innokylaEn, teamExport: teamExportEn, digest: digestEn },
};

/** The Polku language for a Teams locale ("sv-FI" → sv); Finnish when absent or unknown. */
export function localeOf(raw: unknown): Locale {
  const lang = (typeof raw === 'string' ? raw : '').trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(lang) ? (lang as Locale) : 'fi';
}

export function strings(locale: Locale): Strings {
  return STRINGS[locale];
}

export type Command = keyof Strings['commands'];

/** Recognises a command word in any of the three languages (people mix them). */
export function commandOf(text: string): Command | undefined {
  const normalised = text.trim().toLowerCase().replace(/\s+/g, ' ');
  for (const locale of LOCALES) {
    const commands = STRINGS[locale].commands;
    for (const [command, words] of Object.entries(commands) as [Command, string[]][]) {
      if (words.includes(normalised)) return command;
    }
  }
  return undefined;
}

const BCP47: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** Fills "{name}" placeholders; a placeholder without a value stays visible, never "undefined". */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** A number as the locale writes it: "1,5" in Finnish and Swedish, "1.5" in English. */
/** Intl formatters are slow to make and safe to share: one per locale and kind. */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (!f) formatters.set(key, (f = make()));
  return f;
}

export function formatNumber(locale: Locale, n: number, maximumFractionDigits = 2): string {
  const f = cached(
    `n|${locale}|${maximumFractionDigits}`,
    () => new Intl.NumberFormat(BCP47[locale], { maximumFractionDigits }),
  );
  return f.format(n);
}

/** A headline figure (domain/headline.ts) as the locale writes it: "0,5", "62 %", or "ei laskettavissa". */
export function formatFigure(locale: Locale, f: { unit: 'rate' | 'share'; value: number | undefined }): string {
  if (f.value === undefined) return strings(locale).figures.notComputable;
  return f.unit === 'share' ? `${formatNumber(locale, Math.round(f.value * 100))} %` : formatNumber(locale, f.value);
}

/** A date "2026-11-23" as the locale writes it: "23.11.2026" (fi, sv), "23 Nov 2026" (en). */
export function formatDate(locale: Locale, iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions =
    locale === 'en'
      ? { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }
      : { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'UTC' };
  return cached(`d|${locale}`, () => new Intl.DateTimeFormat(BCP47[locale], options)).format(d);
}

/** A Helsinki wall-clock time "08:30" as the locale writes it: "8.30" (fi, sv), "8:30" (en). */
export function formatTime(locale: Locale, hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const at = new Date(Date.UTC(2000, 0, 1, h, m));
  const options: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' };
  return cached(`t|${locale}`, () => new Intl.DateTimeFormat(BCP47[locale], options)).format(at);
}

/** "2 tuntia", "1 timme", "1.5 hours": the unit word that goes with a number. */
export function plural(n: number, one: string, other: string): string {
  return n === 1 ? one : other;
}

/** A pilot's targets as the cards show them: each measure's name and "0,75 (tavoite vähintään 1) – alle tavoitteen". */
export function targetLines(locale: Locale, readings: readonly TargetReading[]): { title: string; value: string }[] {
  const t = strings(locale);
  const texts = { ...t.targets, notComputable: t.figures.notComputable };
  const n = (x: number) => formatNumber(locale, x);
  return readings.map((r) => ({
    title: t.targets.measures[r.target.measure],
    value: format(t.targets.readingStatus, { reading: readingText(texts, n, r), status: t.targets.status[r.status] }),
  }));
}
