/**
 * The measures the seeds ask for, computed from a pilot's running totals.
 */
import type { Totals } from './totals';

/**
 * Reach per hour: clients who wanted to talk ÷ staff hours spent
 * ("keskustelua haluavat asiakkaat suhteessa käytettyyn aikaan"). Undefined before any hour.
 */
export function reachPerHour(t: Totals): number | undefined {
  if (t.hours <= 0) return undefined;
  return (t.counts.wantedToTalk ?? 0) / t.hours;
}

/** Share of social-work matters among conversations, versus money-only requests. */
export function socialWorkShare(t: Totals): number | undefined {
  const social = t.counts.socialWorkMatters ?? 0;
  const money = t.counts.moneyOnlyRequests ?? 0;
  if (social + money === 0) return undefined;
  return social / (social + money);
}

/** "Realised volume": sessions and hours per session, as in "toteutunut 4 × 2 tuntia". */
export function realisedVolume(t: Totals): { sessions: number; hoursPerSession: number } {
  return {
    sessions: t.sessions,
    hoursPerSession: t.sessions === 0 ? 0 : Math.round((t.hours / t.sessions) * 100) / 100,
  };
}
