import fc from 'fast-check';
import { reachPerHour, realisedReading, socialWorkShare } from '../../bot/domain/measures';
import {
  COUNT_KEYS,
  type CountKey,
  type Counts,
  isoWeek,
  type Session,
  SHARE_BASES,
  staffHoursOf,
} from '../../bot/domain/sessions';
import { applySession, emptyTotals, replaceSession, type Totals, type WeekBucket } from '../../bot/domain/totals';

const s = (date: string, hours: number, counts: Session['counts'], tags?: string[]): Session => ({
  id: date,
  pilotId: 'p',
  date,
  hours,
  counts,
  ...(tags ? { tags } : {}),
  loggedBy: 'u',
  loggedAt: `${date}T12:00:00Z`,
});

const totalsOf = (sessions: Session[]): Totals => sessions.reduce((t, x) => applySession(t, x), emptyTotals());

/** The totals of a set of sessions, counted afresh without applySession. */
function fromScratch(sessions: Session[]): Totals {
  // A count is kept, 0 too, while any session recorded it; `recorded` says how many did.
  const sumCounts = (list: Session[]): Counts => {
    const out: Counts = {};
    for (const key of COUNT_KEYS) {
      if (!list.some((x) => x.counts[key] !== undefined)) continue;
      out[key] = list.reduce((acc, x) => acc + (x.counts[key] ?? 0), 0);
    }
    return out;
  };
  const recordedIn = (list: Session[]): Counts => {
    const out: Counts = {};
    for (const key of COUNT_KEYS) {
      const n = list.filter((x) => x.counts[key] !== undefined).length;
      if (n > 0) out[key] = n;
    }
    return out;
  };
  // A share's base, while any session gives the part: the whole summed over the sessions that give the part.
  const basesIn = (list: Session[]): Counts => {
    const out: Counts = {};
    for (const [part, whole] of Object.entries(SHARE_BASES) as [CountKey, CountKey][]) {
      const giving = list.filter((x) => x.counts[part] !== undefined);
      if (giving.length) out[part] = giving.reduce((acc, x) => acc + (x.counts[whole] ?? 0), 0);
    }
    return out;
  };
  const hoursMix: Record<string, number> = {};
  for (const x of sessions) hoursMix[String(x.hours)] = (hoursMix[String(x.hours)] ?? 0) + 1;
  const quarterHours = (list: Session[]) => list.reduce((acc, x) => acc + Math.round(x.hours * 4), 0) / 4;
  const weeks: Record<string, WeekBucket> = {};
  for (const week of new Set(sessions.map((x) => isoWeek(x.date)))) {
    const inWeek = sessions.filter((x) => isoWeek(x.date) === week);
    weeks[week] = {
      sessions: inWeek.length,
      hours: quarterHours(inWeek),
      counts: sumCounts(inWeek),
      recorded: recordedIn(inWeek),
      dates: inWeek.map((x) => x.date).sort(),
      bases: basesIn(inWeek),
    };
  }
  const tags: Record<string, number> = {};
  for (const x of sessions) for (const tag of new Set(x.tags ?? [])) tags[tag] = (tags[tag] ?? 0) + 1;
  const dates = sessions.map((x) => x.date).sort();
  return {
    sessions: sessions.length,
    hours: quarterHours(sessions),
    counts: sumCounts(sessions),
    weeks,
    tags,
    recorded: recordedIn(sessions),
    bases: basesIn(sessions),
    hoursMix,
    staffHours: quarterHours(sessions.map((x) => ({ ...x, hours: staffHoursOf(x) }))),
    ...(dates.length > 0 ? { lastSessionDate: dates[dates.length - 1] } : {}),
  };
}

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
    expect(realisedReading(t)).toEqual({ kind: 'uniform', sessions: 4, hoursPerSession: 2 });
    expect(reachPerHour(t)).toBe(0.5);
    expect(socialWorkShare(t)).toBeCloseTo(4 / 20);
    expect(t.lastSessionDate).toBe('2017-11-06');
  });

  it('no hours yet: reach per hour and social-work share are undefined, not zero', () => {
    expect(reachPerHour(emptyTotals())).toBeUndefined();
    expect(socialWorkShare(emptyTotals())).toBeUndefined();
    expect(realisedReading(emptyTotals())).toEqual({ kind: 'none' });
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

describe('totals under edit and delete', () => {
  const raisio = [
    s('2017-10-16', 2, { visitors: 9, wantedToTalk: 1 }),
    s('2017-10-23', 2, { visitors: 6, wantedToTalk: 0 }),
    s('2017-10-30', 2, { visitors: 8, wantedToTalk: 2 }),
  ];

  it('deleting the latest session moves the last session date back to the one before', () => {
    const t = applySession(totalsOf(raisio), raisio[2], -1);
    expect(t.lastSessionDate).toBe('2017-10-23');
    expect(t).toEqual(fromScratch(raisio.slice(0, 2)));
  });

  it('of two sessions on the same day, deleting one keeps that day as the last', () => {
    const twice = [...raisio, s('2017-10-30', 1, { visitors: 1 })];
    expect(applySession(totalsOf(twice), twice[3], -1).lastSessionDate).toBe('2017-10-30');
  });

  it('deleting every session gives empty totals', () => {
    const t = raisio.reduce((acc, x) => applySession(acc, x, -1), totalsOf(raisio));
    expect(t).toEqual(emptyTotals());
    expect(t.lastSessionDate).toBeUndefined();
  });

  it('an edit that moves a session to another week moves its counts and dates with it', () => {
    const moved = { ...raisio[2], date: '2017-11-06', counts: { visitors: 7, wantedToTalk: 1 } };
    const t = replaceSession(totalsOf(raisio), raisio[2], moved);
    expect(t.weeks['2017-W44']).toBeUndefined();
    expect(t.weeks['2017-W45']).toEqual({
      sessions: 1,
      hours: 2,
      counts: { visitors: 7, wantedToTalk: 1 },
      recorded: { visitors: 1, wantedToTalk: 1 },
      dates: ['2017-11-06'],
      bases: {},
    });
    expect(t.counts).toEqual({ visitors: 22, wantedToTalk: 2 });
    expect(t.lastSessionDate).toBe('2017-11-06');
  });

  it('tags count the sessions that carry them', () => {
    const meetings = [
      s('2021-09-01', 1, { casesConsulted: 2 }, ['topic:housingAllowance', 'topic:basicAssistance']),
      s('2021-09-08', 1, { casesConsulted: 1 }, ['topic:housingAllowance']),
    ];
    const t = totalsOf(meetings);
    expect(t.tags).toEqual({ 'topic:housingAllowance': 2, 'topic:basicAssistance': 1 });
    const edited = replaceSession(t, meetings[1], { ...meetings[1], tags: ['topic:pensions'] });
    expect(edited.tags).toEqual({ 'topic:housingAllowance': 1, 'topic:basicAssistance': 1, 'topic:pensions': 1 });
  });

  it('totals saved before tags and week dates existed still take new sessions', () => {
    const legacy = JSON.parse(
      JSON.stringify({
        sessions: 1,
        hours: 2,
        counts: { visitors: 9 },
        weeks: { '2017-W42': { sessions: 1, hours: 2, counts: { visitors: 9 } } },
        lastSessionDate: '2017-10-16',
      }),
    ) as Totals;
    const added = applySession(legacy, s('2017-10-23', 2, { visitors: 6 }, ['channel:library']));
    expect(added).toMatchObject({ sessions: 2, hours: 4, counts: { visitors: 15 }, tags: { 'channel:library': 1 } });
    expect(added.lastSessionDate).toBe('2017-10-23');
    const removed = applySession(added, s('2017-10-23', 2, { visitors: 6 }, ['channel:library']), -1);
    expect(removed).toMatchObject({ sessions: 1, hours: 2, counts: { visitors: 9 }, tags: {} });
    // Once sessions logged with dates are the newest, a delete finds the last date again.
    const later = [s('2017-10-30', 2, { visitors: 8 }), s('2017-11-06', 2, { visitors: 7 })];
    const withLater = later.reduce((acc, x) => applySession(acc, x), legacy);
    expect(applySession(withLater, later[1], -1).lastSessionDate).toBe('2017-10-30');
  });

  it('any sequence of adds, edits and deletes gives the totals of the sessions that remain', () => {
    const session = fc.record({
      // Around a turn of the year with a week 53, so that weeks and days are often shared.
      date: fc.integer({ min: 0, max: 60 }).map((d) => new Date(Date.UTC(2020, 11, 1 + d)).toISOString().slice(0, 10)),
      hours: fc.integer({ min: 1, max: 48 }).map((q) => q / 4),
      counts: fc.record(
        {
          visitors: fc.nat(50),
          wantedToTalk: fc.nat(10),
          socialWorkMatters: fc.nat(10),
          calls: fc.nat(20),
          referred: fc.constant(0),
        },
        { requiredKeys: [] },
      ),
      tags: fc.option(fc.subarray(['topic:pensions', 'topic:housingAllowance', 'channel:library']), { nil: undefined }),
    });
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), session }),
      fc.record({ kind: fc.constant('edit' as const), at: fc.nat(), session }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let live: Session[] = [];
        let t = emptyTotals();
        ops.forEach((o, i) => {
          if (o.kind === 'add') {
            const x = { ...s(o.session.date, o.session.hours, o.session.counts, o.session.tags), id: String(i) };
            live = [...live, x];
            t = applySession(t, x);
          } else if (live.length > 0) {
            const at = o.at % live.length;
            if (o.kind === 'edit') {
              const x = { ...live[at], ...o.session, tags: o.session.tags };
              t = replaceSession(t, live[at], x);
              live = live.map((y, j) => (j === at ? x : y));
            } else {
              t = applySession(t, live[at], -1);
              live = live.filter((_, j) => j !== at);
            }
          }
        });
        expect(t).toEqual(fromScratch(live));
        expect(t.lastSessionDate).toBe(fromScratch(live).lastSessionDate);
      }),
      { numRuns: 300 },
    );
  });
});
