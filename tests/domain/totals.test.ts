import fc from 'fast-check';
import { reachPerHour, realisedVolume, socialWorkShare } from '../../bot/domain/measures';
import { isoWeek, type Session } from '../../bot/domain/sessions';
import { applySession, emptyTotals } from '../../bot/domain/totals';

const s = (date: string, hours: number, counts: Session['counts']): Session => ({
  id: date,
  pilotId: 'p',
  date,
  hours,
  counts,
  loggedBy: 'u',
  loggedAt: `${date}T12:00:00Z`,
});

describe('isoWeek', () => {
  it.each([
    ['2017-10-16', '2017-W42'], // a Monday
    ['2017-10-22', '2017-W42'], // its Sunday
    ['2021-01-03', '2020-W53'], // early January belongs to the last week of the year before
    ['2026-12-31', '2026-W53'],
    ['2024-12-30', '2025-W01'],
  ])('%s is in %s', (date, week) => expect(isoWeek(date)).toBe(week));
});

describe('totals and measures', () => {
  it('the Raisio parish midpoint: 4 × 2 hours, 4 wanted to talk → 0.5 reached per hour', () => {
    const sessions = [
      s('2017-10-16', 2, {
        visitors: 9,
        offeredTalk: 8,
        wantedToTalk: 1,
        declined: 7,
        socialWorkMatters: 1,
        moneyOnlyRequests: 5,
      }),
      s('2017-10-23', 2, { visitors: 6, offeredTalk: 6, wantedToTalk: 0, declined: 6, moneyOnlyRequests: 4 }),
      s('2017-10-30', 2, {
        visitors: 8,
        offeredTalk: 7,
        wantedToTalk: 2,
        declined: 5,
        socialWorkMatters: 2,
        moneyOnlyRequests: 3,
      }),
      s('2017-11-06', 2, {
        visitors: 7,
        offeredTalk: 6,
        wantedToTalk: 1,
        declined: 5,
        socialWorkMatters: 1,
        moneyOnlyRequests: 4,
      }),
    ];
    const t = sessions.reduce((acc, x) => applySession(acc, x), emptyTotals());
    expect(realisedVolume(t)).toEqual({ sessions: 4, hoursPerSession: 2 });
    expect(reachPerHour(t)).toBe(0.5);
    expect(socialWorkShare(t)).toBeCloseTo(4 / 20);
    expect(t.lastSessionDate).toBe('2017-11-06');
  });

  it('no hours yet: reach per hour and social-work share are undefined, not zero', () => {
    expect(reachPerHour(emptyTotals())).toBeUndefined();
    expect(socialWorkShare(emptyTotals())).toBeUndefined();
    expect(realisedVolume(emptyTotals())).toEqual({ sessions: 0, hoursPerSession: 0 });
  });

  it('removing a session undoes adding it, whatever the sessions', () => {
    const session = fc.record({
      date: fc
        .date({ min: new Date('2017-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      hours: fc.integer({ min: 1, max: 48 }).map((q) => q / 4),
      counts: fc.record({ visitors: fc.nat(50), wantedToTalk: fc.nat(10), calls: fc.nat(20) }, { requiredKeys: [] }),
    });
    fc.assert(
      fc.property(fc.array(session, { maxLength: 20 }), session, (before, extra) => {
        const base = before.reduce((acc, x) => applySession(acc, s(x.date, x.hours, x.counts)), emptyTotals());
        const added = applySession(base, s(extra.date, extra.hours, extra.counts));
        const removed = applySession(added, s(extra.date, extra.hours, extra.counts), -1);
        expect(removed.sessions).toBe(base.sessions);
        expect(removed.hours).toBe(base.hours);
        expect(removed.counts).toEqual(base.counts);
        expect(removed.weeks).toEqual(base.weeks);
      }),
    );
  });

  it('hours in quarter hours add up exactly', () => {
    const t = Array.from({ length: 10 }, (_, i) => s(`2021-08-0${(i % 5) + 2}`, 1.5, {})).reduce(
      (acc, x) => applySession(acc, x),
      emptyTotals(),
    );
    expect(t.hours).toBe(15);
  });
});
