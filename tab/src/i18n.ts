import fi from './locales/fi.json';
import sv from './locales/sv.json';
import en from './locales/en.json';

export type TabStrings = typeof fi;
const ALL: Record<string, TabStrings> = { fi, sv, en };

/** The tab's language: from Teams' locale when known, else the browser's, else Finnish. */
export function tabLocale(raw: string | undefined): 'fi' | 'sv' | 'en' {
  const lang = (raw ?? '').toLowerCase().split(/[-_]/)[0];
  return lang === 'sv' || lang === 'en' ? lang : 'fi';
}

export function tabStrings(locale: string): TabStrings {
  return ALL[locale] ?? fi;
}

export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}
