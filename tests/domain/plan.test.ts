/** Plans by frequency: the planned slots, holidays left out, the same for the planned count and the prompts. */
import fc from 'fast-check';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { addDays, atLocal, isHoliday, weekdayOf } from '../../bot/domain/calendar';
import { frequencyValues, parsePilotDetails } from '../../bot/domain/forms';
import { plannedSessions } from '../../bot/domain/measures';
import type { Pilot, PilotPlan, Weekday } from '../../bot/domain/pilots';
import {
  isPlannedSlot,
  lastSlotOnOrBefore,
  MONTH_WEEKS,
  type PlanFrequency,
  plannedSlotDates,
} from '../../bot/domain/plan';
import { followingSessionPrompt, nextSessionPrompt, type PlannedReminder } from '../../bot/domain/reminders';

const plan = (p: Partial<PilotPlan>): PilotPlan => ({
  weekdays: [1],
  startTime: '09:00',
  hoursPerSession: 2,
  place: 'Seurakuntakeskus',
  partners: [],
  ...p,
});
const slots = (p: Partial<PilotPlan>, start: string, end: string) => [...plannedSlotDates(plan(p), start, end)];

/** Every day from start to end inclusive. */
function days(start: string, end: string): string[] {
  const out: string[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) out.push(d);
  return out;
}

describe('planned slots by frequency', () => {
  it('a monthly pilot on the first Monday, February–May 2027, has 4 planned sessions', () => {
    const p = plan({ weekdays: [1], frequency: { kind: 'monthlyWeekday', week: '1' } });
    expect([...plannedSlotDates(p, '2027-02-01', '2027-05-31')]).toEqual([
      '2027-02-01',
      '2027-03-01',
      '2027-04-05',
      '2027-05-03',
    ]);
    expect(plannedSessions(p, '2027-02-01', '2027-05-31')).toBe(4);
  });

  it('a weekly Monday pilot across Christmas and New Year skips the holidays and no other Monday', () => {
    // 2029: Christmas Eve and New Year's Eve are Mondays. Christmas Eve is a day off; New Year's
    // Eve is a working day (calendar.ts EVES_OFF), so it stays planned.
    const start = '2029-12-03';
    const end = '2030-01-28';
    const mondays = days(start, end).filter((d) => weekdayOf(d) === 1);
    const holidayMondays = mondays.filter(isHoliday);
    expect(holidayMondays).toEqual(['2029-12-24']);
    expect(slots({ weekdays: [1] }, start, end)).toEqual(mondays.filter((d) => d !== '2029-12-24'));
    expect(slots({ weekdays: [1] }, start, end)).toContain('2029-12-31');
    expect(plannedSessions(plan({ weekdays: [1] }), start, end)).toBe(mondays.length - 1);
  });

  it('Easter Monday is not planned; every other Monday of the spring is', () => {
    const start = '2027-03-01';
    const end = '2027-04-26';
    const mondays = days(start, end).filter((d) => weekdayOf(d) === 1);
    expect(mondays.filter(isHoliday)).toEqual(['2027-03-29']);
    expect(slots({ weekdays: [1] }, start, end)).toEqual(mondays.filter((d) => d !== '2027-03-29'));
  });

  it('the parish drop-in no longer counts 25.12. and 1.1. (the counts of a plan without a frequency)', () => {
    // Weekly on Mondays and Fridays over 2026–2027's turn: Fri 25.12.2026 and Fri 1.1.2027 are holidays.
    const s = slots({ weekdays: [1, 5] }, '2026-12-14', '2027-01-11');
    expect(s).toEqual([
      '2026-12-14',
      '2026-12-18',
      '2026-12-21',
      '2026-12-28',
      '2027-01-04',
      '2027-01-08',
      '2027-01-11',
    ]);
  });

  it('every other week counts from the week of the start date', () => {
    // Start Wednesday 3 Feb 2027: its week (from Monday 1 Feb) is planned, the next is not, and so on.
    expect(slots({ weekdays: [1, 3], frequency: { kind: 'everyOtherWeek' } }, '2027-02-03', '2027-03-03')).toEqual([
      '2027-02-03',
      '2027-02-15',
      '2027-02-17',
      '2027-03-01',
      '2027-03-03',
    ]);
  });

  it('the last weekday of the month; a holiday on it (Good Friday 2027) is not planned', () => {
    expect(
      slots({ weekdays: [5], frequency: { kind: 'monthlyWeekday', week: 'last' } }, '2027-01-01', '2027-04-30'),
    ).toEqual(['2027-01-29', '2027-02-26', '2027-04-30']);
    expect(isHoliday('2027-03-26')).toBe(true);
  });

  it('day 31 of the month: a month of 30 days has no slot', () => {
    expect(slots({ weekdays: [], frequency: { kind: 'monthlyDay', day: 31 } }, '2027-04-01', '2027-07-31')).toEqual([
      '2027-05-31',
      '2027-07-31',
    ]);
    expect(slots({ weekdays: [], frequency: { kind: 'monthlyDay', day: 30 } }, '2027-02-01', '2027-03-31')).toEqual([
      '2027-03-30',
    ]);
  });

  it('a list of dates: in order, once each, within the pilot, holidays out', () => {
    const frequency: PlanFrequency = {
      kind: 'dates',
      dates: ['2027-03-10', '2027-02-01', '2027-02-01', '2027-12-06', '2028-01-10', '2027-01-31'],
    };
    expect(slots({ weekdays: [], frequency }, '2027-02-01', '2027-12-31')).toEqual(['2027-02-01', '2027-03-10']);
    expect(isPlannedSlot(plan({ weekdays: [], frequency }), '2027-02-01', '2027-12-31', '2027-03-10')).toBe(true);
    expect(isPlannedSlot(plan({ weekdays: [], frequency }), '2027-02-01', '2027-12-31', '2027-12-06')).toBe(false);
  });

  it('the plan’s own number of sessions still wins', () => {
    expect(
      plannedSessions(
        plan({ plannedSessions: 8, frequency: { kind: 'monthlyDay', day: 1 } }),
        '2027-01-01',
        '2027-12-31',
      ),
    ).toBe(8);
  });

  it('the demo Mylly drop-in runs monthly: 7 planned sessions, not 31', () => {
    const mylly = SEED_PILOTS.find((p) => p.key === 'raisio-mylly-shopping-centre')!;
    expect(plannedSessions(mylly.plan, mylly.startDate, mylly.endDate)).toBe(7);
  });

  it.each(SEED_PILOTS.map((p) => [p.key, p] as const))('%s: every seed session is a planned slot', (_key, p) => {
    for (const s of p.sessions)
      expect([s.date, isPlannedSlot(p.plan, p.startDate, p.endDate, s.date)]).toEqual([s.date, true]);
  });
});

describe("a session card's date: the last planned slot on or before today", () => {
  it("a Monday drop-in logged on the Wednesday after is Monday's; on the Monday itself, that day", () => {
    expect(lastSlotOnOrBefore(plan({ weekdays: [1] }), '2027-03-01', '2027-05-31', '2027-03-17')).toBe('2027-03-15');
    expect(lastSlotOnOrBefore(plan({ weekdays: [1] }), '2027-03-01', '2027-05-31', '2027-03-15')).toBe('2027-03-15');
  });

  it('skips holidays (Easter Monday 29.3.2027), stops at the end date, and has none before the start', () => {
    expect(lastSlotOnOrBefore(plan({ weekdays: [1] }), '2027-03-01', '2027-05-31', '2027-03-31')).toBe('2027-03-22');
    expect(lastSlotOnOrBefore(plan({ weekdays: [1] }), '2027-03-01', '2027-05-31', '2027-07-01')).toBe('2027-05-31');
    expect(lastSlotOnOrBefore(plan({ weekdays: [1] }), '2027-03-03', '2027-05-31', '2027-03-05')).toBeUndefined();
  });

  it('a monthly pilot: its slot of this month, or of the last', () => {
    const monthly = plan({ weekdays: [4], frequency: { kind: 'monthlyWeekday', week: '1' } });
    expect(lastSlotOnOrBefore(monthly, '2027-02-01', '2027-06-30', '2027-04-20')).toBe('2027-04-01');
    expect(lastSlotOnOrBefore(monthly, '2027-02-01', '2027-06-30', '2027-05-05')).toBe('2027-04-01');
  });
});

describe('the prompts visit the planned slots', () => {
  function pilotWith(p: PilotPlan, startDate: string, endDate: string): Pilot {
    return {
      id: 'p1',
      team: { tenantId: 't', teamId: 'team' },
      name: 'Kokeilu',
      municipality: 'Raisio',
      kind: 'dropIn',
      plan: p,
      startDate,
      midpointDate: startDate,
      endDate,
      owners: ['o1'],
      stage: 'start',
      createdBy: 'o1',
      createdAt: '2026-01-01T10:00:00Z',
    };
  }
  function promptDates(p: Pilot): string[] {
    const out: PlannedReminder[] = [];
    for (let r = nextSessionPrompt(p, atLocal(p.startDate, '00:00')); r; r = followingSessionPrompt(p, r)) out.push(r);
    return out.map((r) => r.slotDate as string);
  }

  const weekdays = fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { maxLength: 3 }).map((w) => w.sort() as Weekday[]);
  const frequency: fc.Arbitrary<PlanFrequency | undefined> = fc.oneof(
    fc.constant(undefined),
    fc.constant({ kind: 'everyOtherWeek' } as const),
    fc.constantFrom(...MONTH_WEEKS).map((week) => ({ kind: 'monthlyWeekday', week }) as const),
    fc.integer({ min: 1, max: 31 }).map((day) => ({ kind: 'monthlyDay', day }) as const),
    fc
      .uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 8 })
      .map((offsets) => ({ kind: 'dates', dates: offsets.map((o) => addDays('2026-11-01', o)) }) as const),
  );
  const span = fc.tuple(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 150 }));

  it('property: the planned count equals the number of dates the prompt iteration visits, and they are the same dates', () => {
    fc.assert(
      fc.property(weekdays, frequency, span, (w, f, [offset, length]) => {
        const start = addDays('2026-11-01', offset);
        const end = addDays(start, length);
        const p = pilotWith(plan({ weekdays: w, ...(f ? { frequency: f } : {}) }), start, end);
        const visited = promptDates(p);
        expect(visited).toEqual([...plannedSlotDates(p.plan, start, end)]);
        expect(visited).toHaveLength(plannedSessions(p.plan, start, end));
        for (const d of visited) expect(isPlannedSlot(p.plan, start, end, d)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('a monthly pilot is prompted after each month’s slot, not weekly', () => {
    const p = pilotWith(
      plan({ weekdays: [1], frequency: { kind: 'monthlyWeekday', week: '1' } }),
      '2027-02-01',
      '2027-05-31',
    );
    expect(promptDates(p)).toEqual(['2027-02-01', '2027-03-01', '2027-04-05', '2027-05-03']);
    // After the February slot, the next prompt is for March's, not for 8 February.
    expect(nextSessionPrompt(p, atLocal('2027-02-02', '00:00'))?.slotDate).toBe('2027-03-01');
  });
});

describe('the new-pilot card’s frequency', () => {
  const valid = {
    name: 'Jalkautuminen kauppakeskukseen',
    municipality: 'Raisio',
    kind: 'dropIn',
    weekdays: '2',
    startTime: '14:00',
    hoursPerSession: '2',
    place: 'Kauppakeskus',
    partners: 'parish',
    startDate: '2027-02-01',
    midpointDate: '2027-03-15',
    endDate: '2027-05-31',
  };

  it('no frequency, or weekly, is stored as plans were before: no frequency field', () => {
    for (const input of [valid, { ...valid, frequency: 'weekly' }]) {
      const r = parsePilotDetails(input);
      expect(r.ok && r.value.plan).toEqual({
        weekdays: [2],
        startTime: '14:00',
        hoursPerSession: 2,
        place: 'Kauppakeskus',
        partners: ['parish'],
      });
    }
  });

  it('reads each frequency, and gives the card its values back to edit', () => {
    const cases: [Record<string, string>, PlanFrequency, Weekday[]][] = [
      [{ frequency: 'everyOtherWeek' }, { kind: 'everyOtherWeek' }, [2]],
      [{ frequency: 'monthlyWeekday', monthWeek: '1' }, { kind: 'monthlyWeekday', week: '1' }, [2]],
      [{ frequency: 'monthlyDay', monthDay: '15' }, { kind: 'monthlyDay', day: 15 }, []],
      [
        { frequency: 'dates', planDates: '1.3.2027, 2027-02-02;\n5.4.2027 1.3.2027' },
        { kind: 'dates', dates: ['2027-02-02', '2027-03-01', '2027-04-05'] },
        [],
      ],
    ];
    for (const [typed, frequency, weekdays] of cases) {
      const r = parsePilotDetails({ ...valid, ...typed });
      expect(r.ok && r.value.plan.frequency).toEqual(frequency);
      expect(r.ok && r.value.plan.weekdays).toEqual(weekdays);
      const back = frequencyValues({ weekdays, frequency });
      const again = parsePilotDetails({ ...valid, ...back });
      expect(again.ok && again.value.plan.frequency).toEqual(frequency);
    }
  });

  it('each frequency’s own problems, beside its field', () => {
    const errors = (typed: Record<string, string>) => {
      const r = parsePilotDetails({ ...valid, ...typed });
      return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);
    };
    expect(errors({ frequency: 'fortnightly' })).toEqual(['frequency:unknownChoice']);
    expect(errors({ frequency: 'everyOtherWeek', weekdays: '' })).toEqual(['weekdays:planWeekdays']);
    expect(errors({ frequency: 'monthlyWeekday' })).toEqual(['monthWeek:planMonthWeek']);
    expect(errors({ frequency: 'monthlyWeekday', monthWeek: '5' })).toEqual(['monthWeek:unknownChoice']);
    expect(errors({ frequency: 'monthlyDay', monthDay: '32' })).toEqual(['monthDay:planMonthDay']);
    expect(errors({ frequency: 'monthlyDay' })).toEqual(['monthDay:planMonthDay']);
    expect(errors({ frequency: 'dates' })).toEqual(['planDates:planDatesRequired']);
    expect(errors({ frequency: 'dates', planDates: '1.3.2027, 31.2.2027' })).toEqual(['planDates:planDateFormat']);
    expect(errors({ frequency: 'dates', planDates: '1.3.2028' })).toEqual(['planDates:planDateOutside']);
    expect(errors({ frequency: 'dates', planDates: '29.3.2027' })).toEqual(['planDates:planDateHoliday']);
    expect(errors({ frequency: 'dates', planDates: '131201A123X' })).toEqual(['planDates:planDateFormat']);
    // The fifth Tuesday never comes; day 31 between 1.4. and 30.4. neither.
    expect(
      errors({
        frequency: 'monthlyDay',
        monthDay: '31',
        startDate: '2027-04-01',
        midpointDate: '2027-04-10',
        endDate: '2027-04-30',
      }),
    ).toEqual(['frequency:planNoSlots']);
  });

  it('the baseline: optional free text, bounded, no identity codes', () => {
    const r = parsePilotDetails({ ...valid, baseline: '0–6 puhelua päivässä' });
    expect(r.ok && r.value.baseline).toBe('0–6 puhelua päivässä');
    const none = parsePilotDetails(valid);
    expect(none.ok && 'baseline' in none.value).toBe(false);
    const bad = (baseline: string) => {
      const x = parsePilotDetails({ ...valid, baseline });
      return x.ok ? [] : x.errors.map((e) => `${e.field}:${e.code}`);
    };
    expect(bad('Asiakas 131052-308T soitti')).toEqual(['baseline:identityCode']);
    expect(bad('x'.repeat(201))).toEqual(['baseline:tooLong']);
  });
});
