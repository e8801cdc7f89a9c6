/**
 * Targets against actuals and the early warning (bot/domain/targets.ts, warning.ts), on the
 * parish drop-in of the issue: at least 1 wanting to talk per session; 3 in 4 sessions.
 */
import type { Pilot } from '../../bot/domain/pilots';
import { PILOT_KINDS } from '../../bot/domain/pilots';
import type { Session } from '../../bot/domain/sessions';
import { SESSION_FORMS } from '../../bot/domain/sessions';
import {
  KIND_MEASURES,
  MEASURE_RULES,
  measureOf,
  overallStatus,
  plannedPeriods,
  readTargets,
  type Target,
} from '../../bot/domain/targets';
import { applySession, emptyTotals, type Totals } from '../../bot/domain/totals';
import { earlyWarning, emptySlotsInRow, WARNING_AFTER_SESSIONS } from '../../bot/domain/warning';
import { strings } from '../../bot/i18n';
import { readingText, targetText } from '../../bot/i18n/targetLine';
import { formatNumber } from '../../bot/i18n';

const ATLEAST_ONE: Target = { measure: 'wantedToTalkPerSession', op: 'atLeast', value: 1 };

const parish = (over: Partial<Pilot> = {}): Pilot => ({
  id: 'p1',
  team: { tenantId: 't', teamId: 'team' },
  name: 'Seurakunnan päivystys',
  municipality: 'Raisio',
  kind: 'dropIn',
  plan: { weekdays: [1], startTime: '09:00', hoursPerSession: 2, place: 'Seurakuntatalo', partners: ['parish'] },
  startDate: '2017-10-16',
  midpointDate: '2017-11-10',
  endDate: '2018-01-26',
  owners: ['u1'],
  stage: 'start',
  createdBy: 'u1',
  createdAt: '2017-10-01T08:00:00.000Z',
  targets: [ATLEAST_ONE],
  ...over,
});

const session = (date: string, wantedToTalk: number, counts: Record<string, number> = {}): Session => ({
  id: date,
  pilotId: 'p1',
  date,
  hours: 2,
  counts: { visitors: 8, offeredTalk: 8, wantedToTalk, declined: 8 - wantedToTalk, ...counts },
  loggedBy: 'u1',
  loggedAt: `${date}T12:00:00.000Z`,
});

const fold = (sessions: Session[]): Totals => sessions.reduce((t, s) => applySession(t, s), emptyTotals());

/** Mondays from 16 Oct 2017: 1, 0, 1, 1 wanted to talk. */
const FOUR = [session('2017-10-16', 1), session('2017-10-23', 0), session('2017-10-30', 1), session('2017-11-06', 1)];

describe('targets against actuals', () => {
  it('3 wanting to talk in 4 sessions reads 0,75 against at least 1: below target', () => {
    const [r] = readTargets([ATLEAST_ONE], fold(FOUR));
    expect(r.actual.value).toBe(0.75);
    expect(r.status).toBe('below');
    const t = { ...strings('fi').targets, notComputable: strings('fi').figures.notComputable };
    const n = (x: number) => formatNumber('fi', x);
    expect(targetText(t, n, ATLEAST_ONE)).toBe('Keskustelua haluavat / päivystys: vähintään 1');
    expect(readingText(t, n, r)).toBe('0,75 (tavoite vähintään 1)');
  });

  it('nothing logged yet is not yet measurable, never 0 and never below', () => {
    const [r] = readTargets([ATLEAST_ONE], emptyTotals());
    expect(r.actual.value).toBeUndefined();
    expect(r.status).toBe('notYet');
    expect(overallStatus([r])).toBe('notYet');
    expect(overallStatus([])).toBeUndefined();
  });

  it('"20 puhelua viikossa" divides by the planned weeks, not by the sessions', () => {
    const phone = parish({
      kind: 'phoneAdvisory',
      plan: { weekdays: [1, 2, 3, 4, 5], startTime: '09:00', hoursPerSession: 1.5, place: '', partners: [] },
      startDate: '2021-08-02',
      endDate: '2021-12-17',
    });
    // Two planned weeks (2.–13.8.2021), 45 calls in all.
    const periods = plannedPeriods(phone, '2021-08-13');
    expect(periods).toEqual({ plannedWeeks: 2, plannedMonths: 1 });
    const a = measureOf('callsPerWeek', { sessions: 10, hours: 15, counts: { calls: 45 }, ...periods });
    expect(a.value).toBe(22.5);
  });

  it('a share target reads as a share: social-work matters of the visitors', () => {
    const t = fold([
      session('2017-10-16', 1, { socialWorkMatters: 2 }),
      session('2017-10-23', 0, { socialWorkMatters: 2 }),
    ]);
    const [r] = readTargets([{ measure: 'socialWorkShare', op: 'atLeast', value: 0.5 }], t);
    expect(r.actual).toMatchObject({ unit: 'share', value: 0.25 });
    expect(r.status).toBe('below');
  });

  it('every kind has measures, each over counts its own session form asks', () => {
    for (const kind of PILOT_KINDS) {
      expect(KIND_MEASURES[kind].length).toBeGreaterThan(0);
      const form = SESSION_FORMS[kind];
      const asked = new Set([...form.counts, ...form.optionalCounts]);
      for (const m of KIND_MEASURES[kind]) {
        for (const c of MEASURE_RULES[m].counts)
          expect({ kind, m, c, asked: asked.has(c) }).toMatchObject({ asked: true });
      }
    }
  });
});

describe('the early warning', () => {
  it('comes after the 4th session below target, and not again a week later', () => {
    const p = parish();
    expect(earlyWarning(p, fold(FOUR.slice(0, 3)), '2017-10-31', undefined)).toBeUndefined();
    const w = earlyWarning(p, fold(FOUR), '2017-11-06', undefined);
    expect(w).toMatchObject({ kind: 'belowTarget', sessions: WARNING_AFTER_SESSIONS });
    const five = [...FOUR, session('2017-11-13', 0)];
    expect(earlyWarning(p, fold(five), '2017-11-13', '2017-11-06')).toBeUndefined();
    // Two weeks on, still below: the next one may come.
    const six = [...five, session('2017-11-20', 0)];
    expect(earlyWarning(p, fold(six), '2017-11-20', '2017-11-06')).toMatchObject({ kind: 'belowTarget' });
  });

  it('does not come when the last 4 sessions meet the target', () => {
    const good = FOUR.map((s) => session(s.date, 2));
    expect(earlyWarning(parish(), fold(good), '2017-11-06', undefined)).toBeUndefined();
  });

  it('comes when two planned slots in a row passed with nothing logged, without targets too', () => {
    const p = parish({ targets: undefined });
    const t = fold(FOUR);
    // Slots 13.11. and 20.11. empty; asked on Tuesday 21.11.
    expect(emptySlotsInRow(p, t, '2017-11-14')).toBeUndefined();
    expect(emptySlotsInRow(p, t, '2017-11-21')).toEqual(['2017-11-13', '2017-11-20']);
    expect(earlyWarning(p, t, '2017-11-21', undefined)).toEqual({
      kind: 'emptySlots',
      dates: ['2017-11-13', '2017-11-20'],
    });
  });

  it('skips holidays when it counts empty slots, and stops once the pilot has ended', () => {
    const p = parish({ targets: undefined });
    const t = fold([...FOUR, session('2017-11-13', 1), session('2017-11-20', 1), session('2017-11-27', 1)]);
    // 4.12., 11.12., 18.12. logged; Christmas Day 25.12. and New Year's Day 1.1. are holidays.
    const more = fold([
      ...FOUR,
      ...['2017-11-13', '2017-11-20', '2017-11-27', '2017-12-04', '2017-12-11', '2017-12-18'].map((d) => session(d, 1)),
    ]);
    expect(emptySlotsInRow(p, more, '2018-01-02')).toBeUndefined();
    expect(emptySlotsInRow(p, t, '2017-12-12')).toEqual(['2017-12-04', '2017-12-11']);
    expect(earlyWarning({ ...p, stage: 'end' }, t, '2017-12-12', undefined)).toBeUndefined();
    expect(earlyWarning(p, t, '2018-03-01', undefined)).toBeUndefined();
  });
});
