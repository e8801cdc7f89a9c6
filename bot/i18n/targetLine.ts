/**
 * Targets in words, the same on the bot's cards, the tab, the exports and the Innokylä draft:
 * "Keskustelua haluavat / päivystys: vähintään 1", and a reading "0,75 (tavoite vähintään 1)".
 * Pure: the caller gives its texts (the bot's locale JSON, which the tab imports too) and its
 * number format.
 */
import type { Target, TargetReading } from '../domain/targets';
import { MEASURE_RULES } from '../domain/targets';
import type fi from './locales/fi.json';

export type TargetTexts = typeof fi.targets & { notComputable: string };

const fill = (template: string, params: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));

/** A target's or an actual's value: a share as "50 %", a rate as the number. */
export function measureValueText(
  number: (n: number) => string,
  measure: Target['measure'],
  value: number | undefined,
  notComputable: string,
): string {
  if (value === undefined) return notComputable;
  return MEASURE_RULES[measure].unit === 'share' ? `${number(Math.round(value * 100))} %` : number(value);
}

/** "Keskustelua haluavat / päivystys: vähintään 1". */
export function targetText(t: TargetTexts, number: (n: number) => string, target: Target): string {
  return fill(t.line, {
    measure: t.measures[target.measure],
    op: t.ops[target.op],
    value: measureValueText(number, target.measure, target.value, t.notComputable),
  });
}

/** "0,75 (tavoite vähintään 1)"; "ei laskettavissa (tavoite vähintään 1)" before anything is logged. */
export function readingText(t: TargetTexts, number: (n: number) => string, r: TargetReading): string {
  return fill(t.reading, {
    actual: measureValueText(number, r.target.measure, r.actual.value, t.notComputable),
    op: t.ops[r.target.op],
    value: measureValueText(number, r.target.measure, r.target.value, t.notComputable),
  });
}
