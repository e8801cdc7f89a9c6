/** Helsinki time, Finnish working days and the working hours that reminders wait for. */
import Holidays from 'date-holidays';
import fc from 'fast-check';
import {
  addDays,
  atLocal,
  isDayOff,
  isHoliday,
  isWorkingTime,
  localDate,
  nextWorkingDay,
  TIME_ZONE,
  toWorkingTime,
  weekdayOf,
  WORKDAY_END,
  WORKDAY_START,
} from '../../bot/domain/calendar';

const utc = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

describe('dates', () => {
  it('the zone and the working hours are named once', () => {
    expect(TIME_ZONE).toBe('Europe/Helsinki');
    expect([WORKDAY_START, WORKDAY_END]).toEqual(['08:00', '17:00']);
  });

  it('localDate is the Finnish date, which runs ahead of UTC late in the evening', () => {
    expect(localDate(utc('2026-03-01T21:59:00Z'))).toBe('2026-03-01');
    expect(localDate(utc('2026-03-01T22:00:00Z'))).toBe('2026-03-02');
    expect(localDate(utc('2026-07-01T21:00:00Z'))).toBe('2026-07-02');
  });

  it('addDays crosses months, years and leap days', () => {
    expect(addDays('2026-03-02', 7)).toBe('2026-03-09');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30'); // the spring DST Sunday is still one day
    expect(addDays('2026-03-02', 0)).toBe('2026-03-02');
  });

  it('weekdayOf: Monday = 1 … Sunday = 7', () => {
    expect(weekdayOf('2026-03-02')).toBe(1);
    expect(weekdayOf('2026-03-06')).toBe(5);
    expect(weekdayOf('2026-03-08')).toBe(7);
  });

  it('refuses what is not a date or a time', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => weekdayOf('2.3.2026')).toThrow(RangeError);
    expect(() => atLocal('2026-03-02', '9:00')).toThrow(RangeError);
    expect(() => atLocal('2026-03-02', '24:00')).toThrow(RangeError);
    expect(() => toWorkingTime(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('days off', () => {
  it('weekends are off, weekdays are not', () => {
    expect(isDayOff('2026-03-07')).toBe(true);
    expect(isDayOff('2026-03-08')).toBe(true);
    expect(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'].map(isDayOff)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('Finnish public holidays that fall on a weekday are off', () => {
    for (const d of [
      '2026-01-01', // uudenvuodenpäivä
      '2026-01-06', // loppiainen
      '2026-04-03', // pitkäperjantai
      '2026-04-06', // toinen pääsiäispäivä
      '2026-05-01', // vappu
      '2026-05-14', // helatorstai
      '2024-12-06', // itsenäisyyspäivä (a Friday)
      '2025-12-25', // joulupäivä
      '2025-12-26', // tapaninpäivä
    ]) {
      expect([d, isHoliday(d), isDayOff(d)]).toEqual([d, true, true]);
    }
  });

  it('Midsummer Eve and Christmas Eve are off; New Year’s Eve is a working day', () => {
    expect(isDayOff('2026-06-19')).toBe(true); // juhannusaatto
    expect(isDayOff('2027-06-25')).toBe(true);
    expect(isDayOff('2025-12-24')).toBe(true); // jouluaatto, a Wednesday
    expect(isHoliday('2026-12-24')).toBe(true);
    expect(isDayOff('2025-12-31')).toBe(false); // uudenvuodenaatto
    expect(isDayOff('2026-06-18')).toBe(false);
    expect(isDayOff('2026-12-23')).toBe(false);
  });

  it('date-holidays lists the two eves as bank holidays, by these names (what isDayOff relies on)', () => {
    const eves = new Holidays('FI')
      .getHolidays(2026, 'en')
      .filter((h) => ['2026-06-19', '2026-12-24', '2026-12-31'].includes(h.date.slice(0, 10)))
      .map((h) => [h.date.slice(0, 10), h.type, h.name]);
    expect(eves).toEqual([
      ['2026-06-19', 'bank', 'Midsummer Eve'],
      ['2026-12-24', 'bank', 'Christmas Eve'],
      ['2026-12-31', 'bank', "New Year's Eve"],
    ]);
  });

  it('nextWorkingDay steps over weekends and holidays', () => {
    expect(nextWorkingDay('2026-03-06')).toBe('2026-03-09');
    expect(nextWorkingDay('2025-12-23')).toBe('2025-12-29');
    expect(nextWorkingDay('2026-04-02')).toBe('2026-04-07');
  });
});

describe('Helsinki wall-clock time, daylight saving included', () => {
  it('09:00 is 07:00Z in winter (EET, UTC+2) and 06:00Z in summer (EEST, UTC+3)', () => {
    expect(iso(atLocal('2026-03-02', '09:00'))).toBe('2026-03-02T07:00:00.000Z');
    expect(iso(atLocal('2026-06-01', '09:00'))).toBe('2026-06-01T06:00:00.000Z');
  });

  it('changes on the last Sunday of March and of October', () => {
    expect(iso(atLocal('2026-03-28', '09:00'))).toBe('2026-03-28T07:00:00.000Z');
    expect(iso(atLocal('2026-03-29', '09:00'))).toBe('2026-03-29T06:00:00.000Z');
    expect(iso(atLocal('2026-10-24', '09:00'))).toBe('2026-10-24T06:00:00.000Z');
    expect(iso(atLocal('2026-10-25', '09:00'))).toBe('2026-10-25T07:00:00.000Z');
  });

  it('a time in the skipped spring hour is the next valid instant, 04:00 summer time', () => {
    expect(iso(atLocal('2026-03-29', '02:59'))).toBe('2026-03-29T00:59:00.000Z');
    expect(iso(atLocal('2026-03-29', '03:00'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(atLocal('2026-03-29', '03:30'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(atLocal('2026-03-29', '04:00'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(atLocal('2026-03-29', '04:01'))).toBe('2026-03-29T01:01:00.000Z');
  });

  it('a time in the repeated autumn hour is its first occurrence', () => {
    expect(iso(atLocal('2026-10-25', '03:30'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(atLocal('2026-10-25', '04:00'))).toBe('2026-10-25T02:00:00.000Z');
  });
});

describe('working time', () => {
  it('inside working hours a moment stays as it is, both ends included', () => {
    for (const at of ['2026-03-04T06:00:00Z', '2026-03-04T10:17:00Z', '2026-03-04T15:00:00Z']) {
      expect(iso(toWorkingTime(utc(at)))).toBe(new Date(at).toISOString());
    }
  });

  it('early on a working day it waits for 08:00 that day', () => {
    expect(iso(toWorkingTime(utc('2026-03-04T04:30:00Z')))).toBe('2026-03-04T06:00:00.000Z'); // 06:30
    expect(iso(toWorkingTime(utc('2026-03-03T22:30:00Z')))).toBe('2026-03-04T06:00:00.000Z'); // 00:30
  });

  it('after 17:00 it waits for the next working morning', () => {
    expect(iso(toWorkingTime(utc('2026-03-04T15:00:01Z')))).toBe('2026-03-05T06:00:00.000Z');
    expect(iso(toWorkingTime(utc('2026-03-04T21:00:00Z')))).toBe('2026-03-05T06:00:00.000Z'); // 23:00
  });

  it('Friday evening goes out on Monday at 08:00', () => {
    expect(iso(toWorkingTime(utc('2026-03-06T16:00:00Z')))).toBe('2026-03-09T06:00:00.000Z');
    expect(iso(toWorkingTime(utc('2026-03-07T10:00:00Z')))).toBe('2026-03-09T06:00:00.000Z');
  });

  it('across the spring change, Friday 18:00 winter time goes out Monday 08:00 summer time', () => {
    expect(iso(toWorkingTime(utc('2026-03-27T16:00:00Z')))).toBe('2026-03-30T05:00:00.000Z');
    expect(iso(toWorkingTime(utc('2026-10-23T15:00:00Z')))).toBe('2026-10-26T06:00:00.000Z');
  });

  it('Christmas Eve, Christmas Day and Boxing Day wait for the next working day', () => {
    for (const at of ['2025-12-23T16:00:00Z', '2025-12-24T08:00:00Z', '2025-12-25T08:00:00Z', '2025-12-26T08:00:00Z']) {
      expect(iso(toWorkingTime(utc(at)))).toBe('2025-12-29T06:00:00.000Z');
    }
  });

  it('Midsummer Eve and Independence Day wait for the next working morning', () => {
    expect(iso(toWorkingTime(utc('2026-06-19T07:00:00Z')))).toBe('2026-06-22T05:00:00.000Z');
    expect(iso(toWorkingTime(utc('2024-12-06T08:00:00Z')))).toBe('2024-12-09T06:00:00.000Z');
    expect(iso(toWorkingTime(utc('2027-12-06T08:00:00Z')))).toBe('2027-12-07T06:00:00.000Z');
  });

  it('isWorkingTime agrees with the examples', () => {
    expect(isWorkingTime(utc('2026-03-04T06:00:00Z'))).toBe(true);
    expect(isWorkingTime(utc('2026-03-04T05:59:59Z'))).toBe(false);
    expect(isWorkingTime(utc('2026-03-04T15:00:00Z'))).toBe(true);
    expect(isWorkingTime(utc('2026-03-04T15:00:00.001Z'))).toBe(false);
    expect(isWorkingTime(utc('2026-03-07T10:00:00Z'))).toBe(false);
    expect(isWorkingTime(utc('2025-12-24T08:00:00Z'))).toBe(false);
  });

  it('property: toWorkingTime(x) ≥ x, is in working time, is idempotent, and skips no working time', () => {
    const instants = fc.date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2035-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instants, (x) => {
        const w = toWorkingTime(x);
        expect(w.getTime()).toBeGreaterThanOrEqual(x.getTime());
        expect(isWorkingTime(w)).toBe(true);
        expect(toWorkingTime(w).getTime()).toBe(w.getTime());
        if (w.getTime() !== x.getTime()) {
          // moved: to a working morning, and nothing in between was working time
          expect(w.getTime()).toBe(atLocal(localDate(w), WORKDAY_START).getTime());
          expect(isWorkingTime(x)).toBe(false);
          expect(isWorkingTime(new Date(w.getTime() - 1))).toBe(false);
          expect(w.getTime() - x.getTime()).toBeLessThan(7 * 24 * 3_600_000);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('property: atLocal gives back the wall-clock time it was asked for, outside the spring gap', () => {
    const days = fc.integer({ min: 0, max: 365 * 10 }).map((n) => addDays('2022-01-01', n));
    const times = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(days, times, (d, t) => {
        const at = atLocal(d, t);
        const wall = new Intl.DateTimeFormat('en-GB', {
          timeZone: TIME_ZONE,
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        }).format(at);
        const inGap = weekdayOf(d) === 7 && d.slice(5, 7) === '03' && t.startsWith('03:');
        if (!inGap || wall === t) {
          expect([localDate(at), wall]).toEqual([d, t]);
        } else {
          expect(wall).toBe('04:00');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
