/**
 * The headline figure of each kind (bot/domain/headline.ts): computed from the totals as the
 * seeds count them, undefined ("ei laskettavissa") where nothing can be divided, never 0 for it.
 */
import { compareByHeadline, figureOf, HEADLINE, headlineOf } from '../../bot/domain/headline';
import { PILOT_KINDS } from '../../bot/domain/pilots';

const totals = (sessions: number, hours: number, counts: Record<string, number>) => ({ sessions, hours, counts });

describe('each kind has its own figure', () => {
  it('a drop-in: wanted to talk per hour (4 slots of 2 h, 4 wanted to talk: 0.5)', () => {
    expect(headlineOf('dropIn', totals(4, 8, { visitors: 30, wantedToTalk: 4 }))).toEqual([
      { key: 'wantedToTalkPerHour', unit: 'rate', value: 0.5, sessions: 4 },
    ]);
  });

  it('an appointment service: appointments with walk-ins per day', () => {
    expect(headlineOf('appointment', totals(5, 30, { appointments: 12, walkIns: 3 }))[0].value).toBe(3);
  });

  it('a phone line: calls per service hour, per day, and the share handled at once', () => {
    const f = headlineOf('phoneAdvisory', totals(10, 20, { calls: 40, handledAtOnce: 30, passedOn: 10 }));
    expect(f.map((x) => [x.key, x.value])).toEqual([
      ['callsPerHour', 2],
      ['callsPerDay', 4],
      ['handledAtOnceShare', 0.75],
    ]);
    expect(f[2].unit).toBe('share');
  });

  it('a pop-up: contacts per event; group outreach: contacts per visit; a consultation: cases per meeting', () => {
    expect(headlineOf('popUp', totals(3, 9, { attendees: 40, contacts: 6 }))[0]).toMatchObject({ value: 2 });
    expect(headlineOf('groupOutreach', totals(2, 4, { participants: 20, contacts: 5 }))[0]).toMatchObject({
      value: 2.5,
    });
    expect(headlineOf('kelaConsultation', totals(4, 4, { casesConsulted: 10 }))[0]).toMatchObject({ value: 2.5 });
  });

  it('every kind names figures, the first its sort key', () => {
    for (const kind of PILOT_KINDS) expect(HEADLINE[kind].length).toBeGreaterThan(0);
  });
});

describe('a figure that cannot be computed is undefined, not 0', () => {
  it('no sessions yet, no hours, or none of its counts recorded', () => {
    expect(figureOf('wantedToTalkPerHour', totals(0, 0, {})).value).toBeUndefined();
    expect(figureOf('callsPerHour', totals(2, 0, { calls: 3 })).value).toBeUndefined();
    expect(figureOf('handledAtOnceShare', totals(2, 4, { calls: 0, handledAtOnce: 0 })).value).toBeUndefined();
    // A drop-in's figure for a phone line's totals: the count is not one the kind records.
    expect(figureOf('wantedToTalkPerHour', totals(5, 10, { calls: 9 })).value).toBeUndefined();
  });

  it('a pop-up that reached nobody reads 0 contacts per event: a real zero, recorded', () => {
    expect(figureOf('contactsPerEvent', totals(3, 6, { attendees: 0, contacts: 0 })).value).toBe(0);
  });
});

it('pilots compare like with like: kind by kind, then highest first, the uncomputable last', () => {
  const p = (name: string, kind: (typeof PILOT_KINDS)[number], t: ReturnType<typeof totals>) => ({
    name,
    kind,
    totals: t,
  });
  const pilots = [
    p('phone', 'phoneAdvisory', totals(4, 8, { calls: 16 })),
    p('quiet drop-in', 'dropIn', totals(4, 8, { wantedToTalk: 1 })),
    p('new drop-in', 'dropIn', totals(0, 0, {})),
    p('busy drop-in', 'dropIn', totals(4, 8, { wantedToTalk: 8 })),
  ];
  expect([...pilots].sort(compareByHeadline).map((x) => x.name)).toEqual([
    'busy drop-in',
    'quiet drop-in',
    'new drop-in',
    'phone',
  ]);
});
