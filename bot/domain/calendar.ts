/**
 * Time as Polku's users live it: Europe/Helsinki, daylight saving included.
 */
export const TIME_ZONE = 'Europe/Helsinki';

const DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Finland at an instant, "YYYY-MM-DD". */
export function localDate(at: Date): string {
  return DATE.format(at);
}
