/**
 * A form field's error in words, the same beside a bot card's input and beside a field of the
 * tab's forms. Pure: the caller gives its texts (the bot's locale JSON, which the tab imports
 * too) and its number format, so the tab does not load the bot's other strings.
 */
import type { FormError } from '../domain/forms';
import type fi from './locales/fi.json';

export interface FormErrorTexts {
  validation: typeof fi.validation;
  plan: Pick<typeof fi.plan, 'validation'>;
}

const fill = (template: string, params: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));

/** The message for a field's error, its parameters filled (a field named by `after` in words). */
export function formErrorText(t: FormErrorTexts, number: (n: number) => string, e: FormError): string {
  // The plan's own messages (its frequency) sit under plan.validation.
  const template =
    (t.validation as Record<string, unknown>)[e.code] ?? (t.plan.validation as Record<string, unknown>)[e.code];
  const params: Record<string, string | number> = { ...(e.params ?? {}) };
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'number' && !Number.isInteger(v)) params[k] = number(v);
  }
  if (typeof params.after === 'string') {
    params.after = (t.validation.fieldNames as Record<string, string>)[params.after] ?? params.after;
  }
  return fill(typeof template === 'string' ? template : t.validation.required, params);
}
