/**
 * The calendar date in Finland at an instant: the day a session is dated, "today" for the
 * server's weekly trend and for the tab's chart alike. Apart from calendar.ts (which re-exports it)
 * so that the tab can use it without the holiday tables.
 */
export const TIME_ZONE = 'Europe/Helsinki';

/** Made on first use: building it reads ICU's time-zone data (some 6 MB of an idle server). */
let date: Intl.DateTimeFormat | undefined;

/** The calendar date in Finland at an instant, "YYYY-MM-DD". */
export function localDate(at: Date): string {
  date ??= new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
  return date.format(at);
}
