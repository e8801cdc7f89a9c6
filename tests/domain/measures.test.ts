/** The numbers a pilot's owner and manager read: per session, week by week, and against the plan. */
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import {
  perSession,
  plannedSessions,
  reachPerHour,
  realisedByPhase,
  realisedReading,
  weeklyTrend,
} from '../../bot/domain/measures';
import type { PilotPlan } from '../../bot/domain/pilots';
import type { Counts, Session } from '../../bot/domain/sessions';
import { applySession, emptyTotals, type Totals } from '../../bot/domain/totals';

const s = (date: string, hours: number, counts: Counts): Session => ({
  id: date,
  pilotId: 'p',
  date,
  hours,
  counts,
  loggedBy: 'u',
  loggedAt: `${date}T12:00:00Z`,
});

const totalsOf = (sessions: Session[]): Totals => sessions.reduce((t, x) => applySession(t, x), emptyTotals());

const plan = (over: Partial<PilotPlan>): PilotPlan => ({
  weekdays: [1],
  startTime: '09:00',
  hoursPerSession: 2,
  place: 'Seurakuntatalo',
  partners: ['parish'],
  ...over,
});

describe('per session', () => {
  it('referrals per session over four drop-ins', () => {
    const t = totalsOf([
      s('2017-10-16', 2, { referred: 1 }),
      s('2017-10-23', 2, { referred: 0 }),
      s('2017-10-30', 2, { referred: 2 }),
      s('2017-11-06', 2, { referred: 0, newClients: 0 }),
    ]);
    expect(perSession(t, 'referred')).toBe(0.75);
    expect(perSession(t, 'newClients')).toBe(0);
  });

  it('a session that left a count empty (not given) is not in its per-session figure', () => {
    const t = totalsOf([s('2017-10-16', 2, { referred: 2 }), s('2017-10-23', 2, {})]);
    expect(perSession(t, 'referred')).toBe(2);
    expect(perSession(t, 'newClients')).toBeUndefined();
  });

  it('is undefined before any session, not zero', () => {
    expect(perSession(emptyTotals(), 'referred')).toBeUndefined();
  });
});

describe('weekly trend', () => {
  it('the last eight weeks, oldest first, with empty weeks as zeros', () => {
    const t = totalsOf([
      s('2017-10-16', 2, { wantedToTalk: 1 }),
      s('2017-10-18', 1.5, { wantedToTalk: 1 }),
      s('2017-11-06', 2, { wantedToTalk: 2 }),
      s('2017-08-07', 2, { wantedToTalk: 9 }), // long before the window
    ]);
    const trend = weeklyTrend(t, '2017-11-08');
    expect(trend.map((w) => w.week)).toEqual([
      '2017-W38',
      '2017-W39',
      '2017-W40',
      '2017-W41',
      '2017-W42',
      '2017-W43',
      '2017-W44',
      '2017-W45',
    ]);
    expect(trend[4]).toEqual({ week: '2017-W42', sessions: 2, hours: 3.5, counts: { wantedToTalk: 2 } });
    expect(trend[5]).toEqual({ week: '2017-W43', sessions: 0, hours: 0, counts: {} });
    expect(trend[7]).toEqual({ week: '2017-W45', sessions: 1, hours: 2, counts: { wantedToTalk: 2 } });
  });

  it('crosses the turn of the year through 2020-W53', () => {
    const t = totalsOf([s('2021-01-03', 2, { calls: 3 }), s('2020-12-28', 1.5, { calls: 1 })]);
    const trend = weeklyTrend(t, '2021-01-12', 4);
    expect(trend.map((w) => w.week)).toEqual(['2020-W52', '2020-W53', '2021-W01', '2021-W02']);
    expect(trend[1]).toEqual({ week: '2020-W53', sessions: 2, hours: 3.5, counts: { calls: 4 } });
  });

  it('from 2025 into 2026, whose 1 January is a Thursday', () => {
    expect(weeklyTrend(emptyTotals(), '2026-01-04', 3).map((w) => w.week)).toEqual([
      '2025-W51',
      '2025-W52',
      '2026-W01',
    ]);
  });

  it('asks for as many weeks as wanted; today on a Sunday ends its own week', () => {
    expect(weeklyTrend(emptyTotals(), '2017-10-22', 1)).toEqual([
      { week: '2017-W42', sessions: 0, hours: 0, counts: {} },
    ]);
    expect(weeklyTrend(emptyTotals(), '2017-10-22', 52)).toHaveLength(52);
  });
});

describe('planned sessions', () => {
  it('uses the plan’s own number when it has one', () => {
    expect(plannedSessions(plan({ plannedSessions: 8, weekdays: [3] }), '2018-04-11', '2018-12-12')).toBe(8);
  });

  it('counts the plan’s weekdays between start and end, both included', () => {
    // KuusOTSO: Kela adviser every Wednesday 3.2.–15.12.2021: 46 Wednesdays.
    expect(plannedSessions(plan({ weekdays: [3] }), '2021-02-03', '2021-12-15')).toBe(46);
    // The phone line every weekday 2.8.–17.12.2021: 20 weeks of five days, less Independence Day (Mon 6.12.).
    expect(plannedSessions(plan({ weekdays: [1, 2, 3, 4, 5] }), '2021-08-02', '2021-12-17')).toBe(99);
    // One Sunday-only day.
    expect(plannedSessions(plan({ weekdays: [7] }), '2017-10-22', '2017-10-22')).toBe(1);
    expect(plannedSessions(plan({ weekdays: [1] }), '2017-10-22', '2017-10-22')).toBe(0);
  });

  it('an end before the start plans nothing', () => {
    expect(plannedSessions(plan({ weekdays: [1, 2, 3, 4, 5, 6, 7] }), '2021-02-03', '2021-02-02')).toBe(0);
  });

  it('the seed pilots were planned for at least what they realised', () => {
    for (const p of SEED_PILOTS) {
      const realised = totalsOf(p.sessions.map((x) => s(x.date, x.hours, x.counts))).sessions;
      expect(plannedSessions(p.plan, p.startDate, p.endDate)).toBeGreaterThanOrEqual(realised);
    }
  });
});

it('the existing measures read the new totals the same way', () => {
  const t = totalsOf([s('2017-10-16', 2, { wantedToTalk: 1 }), s('2017-10-23', 2, { wantedToTalk: 0 })]);
  expect(reachPerHour(t)).toBe(0.25);
});

describe('the realised volume ("toteutunut 4 × 2 tuntia")', () => {
  const parish = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;

  it('a phase heading counts the sessions held on or before the phase date, as the seeds tell it', () => {
    expect(realisedReading(realisedByPhase(parish.sessions, parish.midpointDate))).toEqual({
      kind: 'uniform',
      sessions: 4,
      hoursPerSession: 2,
    });
    expect(realisedByPhase(parish.sessions, parish.endDate)).toMatchObject({
      sessions: parish.sessions.length,
      hours: 2 * parish.sessions.length,
      hoursMix: { '2': parish.sessions.length },
    });
  });

  it('a session on the phase date counts; one the day after does not', () => {
    const log = [
      { date: '2017-11-06', hours: 2 },
      { date: '2017-11-10', hours: 1.5 },
      { date: '2017-11-11', hours: 2 },
    ];
    expect(realisedByPhase(log, '2017-11-10')).toEqual({
      sessions: 2,
      hours: 3.5,
      hoursMix: { '2': 1, '1.5': 1 },
      counts: {},
      recorded: {},
    });
    expect(realisedByPhase(log, '2017-11-05')).toEqual({
      sessions: 0,
      hours: 0,
      hoursMix: {},
      counts: {},
      recorded: {},
    });
  });

  it('reads as sessions × hours only when every session had the same length, never as an average', () => {
    expect(realisedReading({ sessions: 0, hours: 0 })).toEqual({ kind: 'none' });
    expect(realisedReading({ sessions: 4, hours: 9, hoursMix: { '2.25': 4 } })).toEqual({
      kind: 'uniform',
      sessions: 4,
      hoursPerSession: 2.25,
    });
    // The Kouvola library: five days of 2 hours and five of 4 is not "10 × 3".
    expect(realisedReading({ sessions: 10, hours: 30, hoursMix: { '4': 5, '2': 5 } })).toEqual({
      kind: 'mixed',
      sessions: 10,
      hours: 30,
      mix: [
        { sessions: 5, hours: 2 },
        { sessions: 5, hours: 4 },
      ],
    });
    // Totals kept before the lengths were: the sessions and their hours, nothing averaged.
    expect(realisedReading({ sessions: 4, hours: 8 })).toEqual({ kind: 'total', sessions: 4, hours: 8 });
    expect(realisedReading({ sessions: 3, hours: 7.25 })).toEqual({ kind: 'total', sessions: 3, hours: 7.25 });
  });
});
