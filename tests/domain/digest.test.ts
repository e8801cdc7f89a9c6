/** The weekly digest's timing (Monday 08:30 Helsinki, summer and winter time) and what it lists. */
import {
  digestDay,
  digestWeek,
  dueDigest,
  isEmptyDigest,
  mondayOf,
  nextDigest,
  weeklyDigest,
} from '../../bot/domain/digest';
import type { Pilot } from '../../bot/domain/pilots';
import { applySession, emptyTotals, type Totals } from '../../bot/domain/totals';
import type { Session } from '../../bot/domain/sessions';

const at = (iso: string) => new Date(iso);

describe('when the digest is due', () => {
  it('is Monday 08:30 Helsinki: 06:30 UTC in winter, 05:30 UTC in summer', () => {
    // Winter time (UTC+2) on 23 March 2026; summer time (UTC+3) from Sunday 29 March.
    expect(digestWeek('2026-03-23').dueAt.toISOString()).toBe('2026-03-23T06:30:00.000Z');
    expect(digestWeek('2026-03-30').dueAt.toISOString()).toBe('2026-03-30T05:30:00.000Z');
    // Back to winter time on Sunday 25 October 2026.
    expect(digestWeek('2026-10-19').dueAt.toISOString()).toBe('2026-10-19T05:30:00.000Z');
    expect(digestWeek('2026-10-26').dueAt.toISOString()).toBe('2026-10-26T06:30:00.000Z');
    expect(digestWeek('2026-03-30').week).toBe('2026-W14');
  });

  it('nothing is due before 08:30 on the Monday after the spring change; that week from 08:30 on, also late', () => {
    expect(dueDigest(at('2026-03-30T05:29:59Z'))).toBeUndefined();
    expect(dueDigest(at('2026-03-30T05:30:00Z'))?.week).toBe('2026-W14');
    // 09:10 Monday, Tuesday after downtime, Sunday evening: still that week's digest.
    expect(dueDigest(at('2026-03-30T09:10:00+03:00'))?.week).toBe('2026-W14');
    expect(dueDigest(at('2026-03-31T12:00:00+03:00'))?.week).toBe('2026-W14');
    expect(dueDigest(at('2026-04-05T23:59:00+03:00'))?.week).toBe('2026-W14');
    // A UTC clock says Sunday 21:30 while Helsinki is already Monday 00:30: not due yet, not last week's.
    expect(dueDigest(at('2026-04-05T21:30:00Z'))).toBeUndefined();
  });

  it('after the autumn change, 06:29 UTC (08:29 winter time) is not yet, 06:30 is', () => {
    // 05:30 UTC was 08:30 a week earlier, in summer time: now it is 07:30.
    expect(dueDigest(at('2026-10-26T05:30:00Z'))).toBeUndefined();
    expect(dueDigest(at('2026-10-26T06:29:00Z'))).toBeUndefined();
    expect(dueDigest(at('2026-10-26T06:30:00Z'))?.week).toBe('2026-W44');
  });

  it('the next digest is this Monday until its 08:30, then next Monday', () => {
    expect(nextDigest(at('2026-12-07T08:00:00+02:00')).dueAt.toISOString()).toBe('2026-12-07T06:30:00.000Z');
    expect(nextDigest(at('2026-12-07T08:30:00+02:00')).week).toBe('2026-W50');
    expect(nextDigest(at('2026-12-07T08:31:00+02:00')).dueAt.toISOString()).toBe('2026-12-14T06:30:00.000Z');
    expect(nextDigest(at('2026-12-10T12:00:00+02:00')).monday).toBe('2026-12-14');
    // Across the spring change: Friday before (winter time) → Monday after (summer time).
    expect(nextDigest(at('2026-03-27T12:00:00+02:00')).dueAt.toISOString()).toBe('2026-03-30T05:30:00.000Z');
  });

  it('a holiday Monday moves it to the next working day of the week', () => {
    // Easter Monday 6 April 2026, Christmas week 2028 (Mon 25 and Tue 26 Dec).
    expect(digestDay('2026-04-06')).toBe('2026-04-07');
    expect(digestDay('2028-12-25')).toBe('2028-12-27');
    expect(digestWeek('2026-04-06').dueAt.toISOString()).toBe('2026-04-07T05:30:00.000Z');
    expect(dueDigest(at('2026-04-06T12:00:00+03:00'))).toBeUndefined();
    expect(dueDigest(at('2026-04-07T08:30:00+03:00'))?.week).toBe('2026-W15');
    expect(mondayOf('2026-04-12')).toBe('2026-04-06');
  });
});

describe('what the digest lists', () => {
  const pilot = (over: Partial<Pilot>): Pilot => ({
    id: 'p1',
    team: { tenantId: 't', teamId: 'team' },
    name: 'Seurakunnan päivystys',
    municipality: 'Raisio',
    kind: 'dropIn',
    plan: { weekdays: [1], startTime: '09:00', hoursPerSession: 2, place: 'Seurakuntatalo', partners: [] },
    startDate: '2026-10-05',
    midpointDate: '2026-12-14',
    endDate: '2027-02-22',
    owners: ['a'],
    stage: 'start',
    createdBy: 'a',
    createdAt: '2026-10-01T10:00:00Z',
    ...over,
  });
  const withSessions = (dates: string[]): Totals =>
    dates.reduce(
      (t, date, i) =>
        applySession(t, {
          id: `s${i}`,
          pilotId: 'p1',
          date,
          hours: 2,
          counts: { visitors: 3, wantedToTalk: 1 },
          loggedBy: 'a',
          loggedAt: `${date}T12:00:00Z`,
        } satisfies Session),
      emptyTotals(),
    );

  it('last week’s sessions, the midpoint within two weeks, and no gap while sessions are logged', () => {
    const d = weeklyDigest(
      [{ pilot: pilot({}), totals: withSessions(['2026-11-23', '2026-11-30', '2026-12-02']) }],
      '2026-12-07',
      '2026-12-07',
    );
    expect([d.from, d.to, d.reportedWeek]).toEqual(['2026-11-30', '2026-12-06', '2026-W49']);
    expect(d.sessions.map((s) => [s.sessions, s.hours])).toEqual([[2, 4]]);
    expect(d.evaluations.map((e) => [e.phase, e.date])).toEqual([['midpoint', '2026-12-14']]);
    expect(d.gaps).toEqual([]);
    expect(isEmptyDigest(d)).toBe(false);
  });

  it('two empty Mondays are a gap; a saved midpoint is not due; an old warning is not news', () => {
    const p = pilot({ stage: 'midpoint', warning: { on: '2026-11-20', kind: 'emptySlots', dates: [] } });
    const d = weeklyDigest([{ pilot: p, totals: withSessions(['2026-11-16']) }], '2026-12-07', '2026-12-07');
    expect(d.sessions).toEqual([]);
    expect(d.evaluations).toEqual([]);
    expect(d.gaps.map((g) => g.dates)).toEqual([['2026-11-23', '2026-11-30']]);
    expect(d.warnings).toEqual([]);
    const warned = { ...p, warning: { on: '2026-12-01', kind: 'emptySlots' as const, dates: [] } };
    expect(weeklyDigest([{ pilot: warned, totals: emptyTotals() }], '2026-12-07', '2026-12-07').warnings).toHaveLength(
      1,
    );
  });

  it('is empty for a team whose pilots had a quiet week with nothing due or missing', () => {
    // Ended pilots and those not yet started have no gaps; their dates are far off.
    const ended = pilot({ stage: 'end', midpointDate: '2026-06-01', endDate: '2026-09-01', startDate: '2026-03-02' });
    const later = pilot({ id: 'p2', startDate: '2027-01-04', midpointDate: '2027-03-01', endDate: '2027-05-31' });
    const d = weeklyDigest(
      [
        { pilot: ended, totals: emptyTotals() },
        { pilot: later, totals: emptyTotals() },
      ],
      '2026-12-07',
      '2026-12-07',
    );
    expect(isEmptyDigest(d)).toBe(true);
    expect(isEmptyDigest(weeklyDigest([], '2026-12-07', '2026-12-07'))).toBe(true);
  });
});
