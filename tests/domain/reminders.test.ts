/** What is due when: the phase reminders, the prompts after planned sessions, and snoozing. */
import fc from 'fast-check';
import { isWorkingTime } from '../../bot/domain/calendar';
import {
  type Decision,
  DECISIONS,
  type Pilot,
  type PilotKind,
  type PilotPlan,
  type PilotStage,
} from '../../bot/domain/pilots';
import {
  continues,
  firstPhaseStep,
  followingSessionPrompt,
  MAX_ATTEMPTS,
  nextPhaseStep,
  nextSessionPrompt,
  NUDGE_INTERVAL_DAYS,
  PHASE_REMINDER_DAYS_BEFORE,
  PHASE_STEPS,
  phaseReminder,
  type PlannedReminder,
  promptsSwitchable,
  REMINDER_TIME,
  type ReminderSettings,
  RETRY_DELAYS_MINUTES,
  retryTime,
  sessionPromptsOn,
  snoozed,
  whyNotWanted,
} from '../../bot/domain/reminders';

const utc = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();
/** Free of / \\ # ? and control characters (what Table Storage refuses in a row key). */
const keySafe = (key: string) =>
  key.length > 0 &&
  [...key].every(
    (c) => !'/\\#?'.includes(c) && !(c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f)),
  );

function pilot(kind: PilotKind, plan: Partial<PilotPlan>, dates: Partial<Pilot> = {}): Pilot {
  return {
    id: 'p1',
    team: { tenantId: 't', teamId: 'team' },
    name: 'Sosiaalityöntekijä diakonien päivystyksessä',
    municipality: 'Raisio',
    kind,
    plan: { weekdays: [1], startTime: '09:00', hoursPerSession: 2, place: 'Seurakuntakeskus', partners: [], ...plan },
    startDate: '2026-03-02',
    midpointDate: '2026-03-26',
    endDate: '2026-05-14',
    owners: ['o1'],
    stage: 'start',
    createdBy: 'o1',
    createdAt: '2026-02-20T10:00:00Z',
    ...dates,
  };
}

/** Every prompt of a pilot, chained from the first. */
function allPrompts(p: Pilot, after: Date): PlannedReminder[] {
  const out: PlannedReminder[] = [];
  for (let r = nextSessionPrompt(p, after); r; r = followingSessionPrompt(p, r)) out.push(r);
  return out;
}

describe('the phase chain', () => {
  it('the numbers are named once', () => {
    expect([PHASE_REMINDER_DAYS_BEFORE, NUDGE_INTERVAL_DAYS, REMINDER_TIME]).toEqual([3, 7, '09:00']);
    expect(PHASE_STEPS).toEqual(['before', 'onDate', 'nudge1', 'nudge2', 'nudge3', 'channelNote']);
  });

  it('midpoint: 3 days before, on the date, three weekly nudges, then the channel note — at 09:00 Helsinki across DST', () => {
    const p = pilot('dropIn', {}, { midpointDate: '2026-03-26' }); // a Thursday; DST starts 29 March
    expect(
      PHASE_STEPS.map((s) => [phaseReminder(p, 'midpoint', s).key, iso(phaseReminder(p, 'midpoint', s).dueAt)]),
    ).toEqual([
      ['phase|midpoint|before', '2026-03-23T07:00:00.000Z'],
      ['phase|midpoint|onDate', '2026-03-26T07:00:00.000Z'],
      ['phase|midpoint|nudge1', '2026-04-02T06:00:00.000Z'],
      ['phase|midpoint|nudge2', '2026-04-09T06:00:00.000Z'],
      ['phase|midpoint|nudge3', '2026-04-16T06:00:00.000Z'],
      ['phase|midpoint|channelNote', '2026-04-23T06:00:00.000Z'],
    ]);
    expect(phaseReminder(p, 'midpoint', 'nudge2')).toMatchObject({ kind: 'phase', phase: 'midpoint', step: 'nudge2' });
  });

  it('end: a step on a weekend or holiday waits for the next working morning', () => {
    const p = pilot('dropIn', {}, { endDate: '2026-05-14' }); // helatorstai (Ascension Day)
    const due = (s: (typeof PHASE_STEPS)[number]) => iso(phaseReminder(p, 'end', s).dueAt);
    expect(due('before')).toBe('2026-05-11T06:00:00.000Z'); // Monday 09:00
    expect(due('onDate')).toBe('2026-05-15T05:00:00.000Z'); // Friday 08:00
    expect(due('nudge1')).toBe('2026-05-21T06:00:00.000Z');
    const sundayBefore = pilot('dropIn', {}, { midpointDate: '2026-04-15' }); // before = Sunday 12 April
    expect(iso(phaseReminder(sundayBefore, 'midpoint', 'before').dueAt)).toBe('2026-04-13T05:00:00.000Z');
  });

  it('nextPhaseStep walks the chain and ends after the channel note', () => {
    const walked: string[] = [];
    for (let s: (typeof PHASE_STEPS)[number] | undefined = 'before'; s; s = nextPhaseStep(s)) walked.push(s);
    expect(walked).toEqual([...PHASE_STEPS]);
    expect(nextPhaseStep('channelNote')).toBeUndefined();
  });

  it('firstPhaseStep: from the start, the day before the date, after it, and when all is past', () => {
    const p = pilot('dropIn', {}, { midpointDate: '2026-03-26' });
    expect(firstPhaseStep(p, 'midpoint', utc('2026-03-01T10:00:00Z'))?.step).toBe('before');
    expect(firstPhaseStep(p, 'midpoint', utc('2026-03-25T10:00:00Z'))?.step).toBe('onDate');
    // exactly at a step's dueAt, that step is not yet past
    expect(firstPhaseStep(p, 'midpoint', utc('2026-03-26T07:00:00Z'))?.step).toBe('onDate');
    // created a week after its midpoint date: the chain continues from the next nudge still ahead
    expect(firstPhaseStep(p, 'midpoint', utc('2026-04-02T12:00:00Z'))).toEqual(phaseReminder(p, 'midpoint', 'nudge2'));
    expect(firstPhaseStep(p, 'midpoint', utc('2026-04-23T06:00:00Z'))?.step).toBe('channelNote');
    expect(firstPhaseStep(p, 'midpoint', utc('2026-04-23T06:00:00.001Z'))).toBeUndefined();
  });
});

describe('prompts after planned sessions', () => {
  it('a Monday drop-in at 09:00 for 2 hours is prompted on Monday at 11:00', () => {
    const p = pilot('dropIn', { weekdays: [1], startTime: '09:00', hoursPerSession: 2 });
    expect(nextSessionPrompt(p, utc('2026-03-01T12:00:00Z'))).toEqual({
      kind: 'session',
      slotDate: '2026-03-02',
      dueAt: utc('2026-03-02T09:00:00Z'),
      key: 'session|2026-03-02',
    });
    // after the spring change, 11:00 is 08:00Z
    expect(iso(nextSessionPrompt(p, utc('2026-03-24T00:00:00Z'))?.dueAt as Date)).toBe('2026-03-30T08:00:00.000Z');
  });

  it('a slot ending exactly at `after` is still the next one; a moment later it is the following week', () => {
    const p = pilot('dropIn', {});
    expect(nextSessionPrompt(p, utc('2026-03-02T09:00:00Z'))?.slotDate).toBe('2026-03-02');
    expect(nextSessionPrompt(p, utc('2026-03-02T09:00:00.001Z'))?.slotDate).toBe('2026-03-09');
  });

  it('a slot on a public holiday gets no prompt at all', () => {
    const p = pilot('dropIn', {}); // Mondays; Easter Monday is 6 April 2026
    expect(nextSessionPrompt(p, utc('2026-04-03T10:00:00Z'))?.slotDate).toBe('2026-04-13');
    const dates = allPrompts(p, utc('2026-03-01T00:00:00Z')).map((r) => r.slotDate);
    expect(dates).toEqual([
      '2026-03-02',
      '2026-03-09',
      '2026-03-16',
      '2026-03-23',
      '2026-03-30',
      '2026-04-13',
      '2026-04-20',
      '2026-04-27',
      '2026-05-04',
      '2026-05-11',
    ]);
  });

  it('nor on Christmas Eve', () => {
    const p = pilot('dropIn', { weekdays: [3] }, { startDate: '2025-12-01', endDate: '2026-01-31' });
    expect(nextSessionPrompt(p, utc('2025-12-18T00:00:00Z'))?.slotDate).toBe('2025-12-31');
  });

  it('a 17:00–19:00 slot is prompted on the next working morning; one ending at 17:00 at once', () => {
    const evening = pilot('popUp', { weekdays: [3], startTime: '17:00', hoursPerSession: 2 });
    expect(nextSessionPrompt(evening, utc('2026-03-02T00:00:00Z'))).toMatchObject({
      slotDate: '2026-03-04',
      dueAt: utc('2026-03-05T06:00:00Z'),
    });
    const tupala = pilot('popUp', { weekdays: [3], startTime: '14:00', hoursPerSession: 3 });
    expect(iso(nextSessionPrompt(tupala, utc('2026-03-02T00:00:00Z'))?.dueAt as Date)).toBe('2026-03-04T15:00:00.000Z');
  });

  it('a phone line every weekday 9–10.30 gives one prompt per working day, in a row', () => {
    const p = pilot(
      'phoneAdvisory',
      { weekdays: [1, 2, 3, 4, 5], startTime: '09:00', hoursPerSession: 1.5 },
      { endDate: '2026-04-08' },
    );
    const expected = ['2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02', '2026-04-07', '2026-04-08'];
    const chained = allPrompts(p, utc('2026-03-29T00:00:00Z'));
    expect(chained.map((r) => r.slotDate)).toEqual(expected); // Good Friday and Easter Monday skipped
    expect(chained.map((r) => iso(r.dueAt))[0]).toBe('2026-03-30T07:30:00.000Z');
    expect(chained.every((r) => iso(r.dueAt).endsWith('T07:30:00.000Z'))).toBe(true);
    // asking again just after each prompt gives the same sequence
    const asked: string[] = [];
    for (
      let r = nextSessionPrompt(p, utc('2026-03-29T00:00:00Z'));
      r;
      r = nextSessionPrompt(p, new Date(r.dueAt.getTime() + 1))
    )
      asked.push(r.slotDate as string);
    expect(asked).toEqual(expected);
  });

  it('a planned Saturday slot is prompted on Monday morning, and chaining does not lose it', () => {
    const p = pilot('popUp', { weekdays: [5, 6], startTime: '12:00', hoursPerSession: 2 });
    const [fri, sat] = allPrompts(p, utc('2026-03-02T00:00:00Z'));
    expect([fri.slotDate, iso(fri.dueAt)]).toEqual(['2026-03-06', '2026-03-06T12:00:00.000Z']);
    expect([sat.slotDate, iso(sat.dueAt)]).toEqual(['2026-03-07', '2026-03-09T06:00:00.000Z']);
  });

  it('a Kela consultation pilot gets consultation prompts', () => {
    const p = pilot('kelaConsultation', { weekdays: [3], startTime: '09:00', hoursPerSession: 1 });
    expect(nextSessionPrompt(p, utc('2026-03-02T00:00:00Z'))).toEqual({
      kind: 'consultation',
      slotDate: '2026-03-04',
      dueAt: utc('2026-03-04T08:00:00Z'),
      key: 'consultation|2026-03-04',
    });
  });

  it('only between the start and end dates; nothing without weekdays or a start time', () => {
    const p = pilot('dropIn', {}, { startDate: '2026-03-09', endDate: '2026-03-16' });
    expect(nextSessionPrompt(p, utc('2026-01-01T00:00:00Z'))?.slotDate).toBe('2026-03-09');
    expect(nextSessionPrompt(p, utc('2026-03-16T09:00:00Z'))?.slotDate).toBe('2026-03-16');
    expect(nextSessionPrompt(p, utc('2026-03-16T09:00:01Z'))).toBeUndefined();
    expect(nextSessionPrompt(pilot('dropIn', { weekdays: [] }), utc('2026-03-01T00:00:00Z'))).toBeUndefined();
    expect(nextSessionPrompt(pilot('dropIn', { startTime: '' }), utc('2026-03-01T00:00:00Z'))).toBeUndefined();
    expect(followingSessionPrompt(p, phaseReminder(p, 'midpoint', 'onDate'))).toBeUndefined();
  });

  it('a slot running past midnight counts from its end', () => {
    const p = pilot('groupOutreach', { weekdays: [2], startTime: '22:00', hoursPerSession: 4 });
    // Tuesday 3 March 22:00 – Wednesday 02:00 local = 00:00Z; asked on Wednesday at 01:00 local
    expect(nextSessionPrompt(p, utc('2026-03-03T23:00:00Z'))).toMatchObject({
      slotDate: '2026-03-03',
      dueAt: utc('2026-03-04T06:00:00Z'),
    });
  });
});

describe('snoozing', () => {
  const p = pilot('dropIn', {}, { midpointDate: '2026-03-26' });
  const onDate = phaseReminder(p, 'midpoint', 'onDate');

  it('1 day or 1 week from now, same time of day, in working time, with a key of its own', () => {
    const now = utc('2026-03-26T07:05:00Z'); // Thursday 09:05
    expect(snoozed(onDate, 1, now)).toEqual({
      ...onDate,
      dueAt: utc('2026-03-27T07:05:00Z'),
      key: 'snooze|phase|midpoint|onDate|2026-03-26T07:05:00.000Z',
    });
    expect(iso(snoozed(onDate, 7, now).dueAt)).toBe('2026-04-02T06:05:00.000Z'); // 09:05 summer time
    expect(iso(snoozed(onDate, 1, utc('2026-03-27T14:30:00Z')).dueAt)).toBe('2026-03-30T05:00:00.000Z'); // Fri 16:30 → Mon 08:00
  });

  it('snoozing again keeps the original key inside, not a growing chain', () => {
    const once = snoozed(onDate, 1, utc('2026-03-26T07:05:00Z'));
    const twice = snoozed(once, 7, utc('2026-03-27T07:10:00Z'));
    expect(twice.key).toBe('snooze|phase|midpoint|onDate|2026-03-27T07:10:00.000Z');
    expect(twice).toMatchObject({ kind: 'phase', phase: 'midpoint', step: 'onDate' });
  });

  it('a snoozed session prompt keeps its slot, and the chain goes on from it', () => {
    const s = nextSessionPrompt(p, utc('2026-03-01T00:00:00Z')) as PlannedReminder;
    const later = snoozed(s, 1, utc('2026-03-02T10:00:00Z'));
    expect(later.slotDate).toBe('2026-03-02');
    expect(followingSessionPrompt(p, later)?.slotDate).toBe('2026-03-09');
  });
});

describe('keys', () => {
  it('are stable: the same pilot and reminder give the same key, and the chain’s keys are distinct', () => {
    const a = pilot('dropIn', {});
    const b = { ...pilot('dropIn', {}), createdAt: '2026-03-01T00:00:00Z' };
    for (const phase of ['midpoint', 'end'] as const)
      for (const s of PHASE_STEPS) expect(phaseReminder(a, phase, s)).toEqual(phaseReminder(b, phase, s));
    expect(nextSessionPrompt(a, utc('2026-03-01T00:00:00Z'))).toEqual(
      nextSessionPrompt(b, utc('2026-03-01T00:00:00Z')),
    );
    // the same slot found from different moments has the same key
    expect(nextSessionPrompt(a, utc('2026-03-02T08:00:00Z'))?.key).toBe(
      nextSessionPrompt(a, utc('2026-02-25T00:00:00Z'))?.key,
    );
    const keys = (['midpoint', 'end'] as const).flatMap((ph) => PHASE_STEPS.map((s) => phaseReminder(a, ph, s).key));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('property: every key is free of / \\ # ? and control characters, and every dueAt is in working time', () => {
    const dates = fc.integer({ min: 0, max: 365 * 3 }).map((n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000));
    const plans = fc.record({
      weekdays: fc.uniqueArray(fc.constantFrom(1, 2, 3, 4, 5, 6, 7 as const), { minLength: 1 }),
      hour: fc.integer({ min: 0, max: 23 }),
      hoursPerSession: fc.integer({ min: 1, max: 48 }).map((q) => q / 4),
    });
    fc.assert(
      fc.property(dates, plans, fc.constantFrom<1 | 7>(1, 7), (day, plan, days) => {
        const start = day.toISOString().slice(0, 10);
        const p = pilot(
          'dropIn',
          {
            weekdays: plan.weekdays as Pilot['plan']['weekdays'],
            startTime: `${String(plan.hour).padStart(2, '0')}:30`,
            hoursPerSession: plan.hoursPerSession,
          },
          {
            startDate: start,
            midpointDate: start,
            endDate: new Date(day.getTime() + 60 * 86_400_000).toISOString().slice(0, 10),
          },
        );
        const rs = [...PHASE_STEPS.map((s) => phaseReminder(p, 'end', s)), ...allPrompts(p, day).slice(0, 5)];
        for (const r of [...rs, ...rs.map((r) => snoozed(r, days, day))]) {
          expect([r.key, keySafe(r.key)]).toEqual([r.key, true]);
          expect(isWorkingTime(r.dueAt)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('the Wednesday Kela consultation', () => {
  it('is prompted after the meeting the plan names', () => {
    const p = pilot('kelaConsultation', { weekdays: [3], startTime: '08:30', hoursPerSession: 1 });
    const r = nextSessionPrompt(p, utc('2026-03-02T08:00:00Z'))!;
    expect(r).toMatchObject({ kind: 'consultation', slotDate: '2026-03-04' });
    expect(iso(r.dueAt)).toBe('2026-03-04T07:30:00.000Z'); // 09:30 Helsinki
  });

  it('without a weekday and time in its plan, is prompted on Wednesdays at 10:00', () => {
    const p = pilot('kelaConsultation', { weekdays: [], startTime: '' });
    const prompts = allPrompts(p, utc('2026-03-02T08:00:00Z')).slice(0, 2);
    expect(prompts.map((r) => [r.slotDate, iso(r.dueAt)])).toEqual([
      ['2026-03-04', '2026-03-04T08:00:00.000Z'],
      ['2026-03-11', '2026-03-11T08:00:00.000Z'],
    ]);
    // A drop-in without a time simply has no prompts.
    expect(
      nextSessionPrompt(pilot('dropIn', { weekdays: [], startTime: '' }), utc('2026-03-02T08:00:00Z')),
    ).toBeUndefined();
  });
});

describe('whether a reminder is still wanted (one rule for the sweep, the schedule and the view)', () => {
  const p = pilot('dropIn', {});
  const midpoint = phaseReminder(p, 'midpoint', 'onDate');
  const end = phaseReminder(p, 'end', 'nudge2');
  const prompt = nextSessionPrompt(p, utc('2026-03-02T06:00:00Z'))!;
  const consultation: PlannedReminder = {
    kind: 'consultation',
    slotDate: '2026-03-04',
    key: 'consultation|2026-03-04',
    dueAt: utc('2026-03-04T08:00:00Z'),
  };
  const snoozedMidpoint = snoozed(midpoint, 1, utc('2026-03-26T08:00:00Z'));
  const on: ReminderSettings = { sessionPrompts: true };
  const state = (stage: PilotStage, settings: ReminderSettings = on, decision?: Decision) => ({
    pilot: { stage, decision },
    settings,
  });

  it("a phase's reminders (snoozed ones too) go until that phase or a later one is saved", () => {
    expect(whyNotWanted(midpoint, state('start'))).toBeUndefined();
    expect(whyNotWanted(snoozedMidpoint, state('start'))).toBeUndefined();
    expect(whyNotWanted(end, state('midpoint'))).toBeUndefined();
    expect(whyNotWanted(midpoint, state('midpoint'))).toBe('phaseSaved');
    expect(whyNotWanted(snoozedMidpoint, state('midpoint'))).toBe('phaseSaved');
    expect(whyNotWanted(midpoint, state('end', on, 'stop'))).toBe('phaseSaved');
    expect(whyNotWanted(end, state('end', on, 'continueAsIs'))).toBe('phaseSaved');
  });

  it('phase reminders cannot be turned off with the prompts', () => {
    expect(whyNotWanted(midpoint, state('start', { sessionPrompts: false }))).toBeUndefined();
  });

  it('before the end, prompts go unless the owners turned them off', () => {
    for (const stage of ['planned', 'start', 'midpoint'] as const) {
      expect(whyNotWanted(prompt, state(stage))).toBeUndefined();
      expect(whyNotWanted(consultation, state(stage))).toBeUndefined();
      expect(whyNotWanted(prompt, state(stage, { sessionPrompts: false }))).toBe('promptsOff');
    }
  });

  it('after the end, prompts are off by default, whatever the decision', () => {
    for (const decision of ['continueAsIs', 'continueChanged', 'stop', undefined] as const) {
      expect(whyNotWanted(prompt, state('end', on, decision))).toBe('pilotEnded');
      expect(whyNotWanted(consultation, state('end', on, decision))).toBe('pilotEnded');
    }
  });

  it('after the end, prompts go only when the pilot continues and the owners turned them on', () => {
    const turnedOn = { sessionPrompts: true, promptsAfterEnd: true };
    expect(whyNotWanted(prompt, state('end', turnedOn, 'continueAsIs'))).toBeUndefined();
    expect(whyNotWanted(prompt, state('end', turnedOn, 'continueChanged'))).toBeUndefined();
    expect(whyNotWanted(prompt, state('end', turnedOn, 'stop'))).toBe('pilotEnded');
    // Turned off before the end and on again after it: the switch after the end decides.
    expect(
      whyNotWanted(prompt, state('end', { sessionPrompts: false, promptsAfterEnd: true }, 'continueAsIs')),
    ).toBeUndefined();
    expect(sessionPromptsOn(state('end', turnedOn, 'continueChanged'))).toBe(true);
    expect(sessionPromptsOn(state('end', { sessionPrompts: true }, 'continueChanged'))).toBe(false);
  });

  it('the switch is offered before the end, and after it only to a pilot that continues', () => {
    expect(promptsSwitchable({ stage: 'midpoint' })).toBe(true);
    expect(promptsSwitchable({ stage: 'end', decision: 'continueAsIs' })).toBe(true);
    expect(promptsSwitchable({ stage: 'end', decision: 'continueChanged' })).toBe(true);
    expect(promptsSwitchable({ stage: 'end', decision: 'stop' })).toBe(false);
    expect(promptsSwitchable({ stage: 'end' })).toBe(false);
    expect(DECISIONS.filter((d) => continues(d))).toEqual(['continueAsIs', 'continueChanged']);
  });
});

describe('retrying a reminder that could not be built or sent', () => {
  it('tries again after 5 min, 30 min and 2 h, then gives up', () => {
    expect(RETRY_DELAYS_MINUTES).toEqual([5, 30, 120]);
    expect(MAX_ATTEMPTS).toBe(4);
    // Monday 2 March 2026, 10:00 Helsinki.
    const now = utc('2026-03-02T08:00:00Z');
    expect([1, 2, 3].map((n) => iso(retryTime(n, now)!))).toEqual([
      '2026-03-02T08:05:00.000Z',
      '2026-03-02T08:30:00.000Z',
      '2026-03-02T10:00:00.000Z',
    ]);
    expect(retryTime(MAX_ATTEMPTS, now)).toBeUndefined();
  });

  it('a retry that would fall in the evening waits for the next working morning', () => {
    // Friday 6 March 2026, 16:00 Helsinki + 2 h → Monday 9 March 08:00.
    expect(iso(retryTime(3, utc('2026-03-06T14:00:00Z'))!)).toBe('2026-03-09T06:00:00.000Z');
    expect(isWorkingTime(retryTime(3, utc('2026-03-06T14:00:00Z'))!)).toBe(true);
  });
});
