/** Where a pilot's phases stand on a day: done / due (from three days before) / overdue / upcoming. */
import { DUE_DAYS_BEFORE, phaseState, timeline } from '../../bot/domain/timeline';

describe('phase states on the timeline', () => {
  const pilot = { startDate: '2026-03-02', midpointDate: '2026-04-15', endDate: '2026-06-12' };

  it('a phase the stage has reached is done, whatever the date', () => {
    expect(timeline({ ...pilot, stage: 'end' }, '2030-01-01')).toEqual({
      start: 'done',
      midpoint: 'done',
      end: 'done',
    });
    expect(timeline({ ...pilot, stage: 'start' }, '2026-03-01').start).toBe('done');
  });

  it('due from three days before the date to the date, overdue after, upcoming before', () => {
    expect(DUE_DAYS_BEFORE).toBe(3);
    const at = (today: string) => phaseState('start', 'midpoint', pilot.midpointDate, today);
    expect(at('2026-04-11')).toBe('upcoming');
    expect(at('2026-04-12')).toBe('due');
    expect(at('2026-04-15')).toBe('due');
    expect(at('2026-04-16')).toBe('overdue');
  });

  it('across a month and a year end', () => {
    expect(phaseState('midpoint', 'end', '2027-01-02', '2026-12-30')).toBe('due');
    expect(phaseState('midpoint', 'end', '2027-01-02', '2026-12-29')).toBe('upcoming');
    expect(phaseState('planned', 'start', '2026-03-01', '2026-02-26')).toBe('due');
  });

  it('a pilot in the midst of its run', () => {
    expect(timeline({ ...pilot, stage: 'start' }, '2026-04-20')).toEqual({
      start: 'done',
      midpoint: 'overdue',
      end: 'upcoming',
    });
  });
});
