/** Reading the new-pilot card and the phase forms: every problem found at once, beside its field. */
import { canChangeSession, canEditPhases, canLogSession, roleOf } from '../../bot/domain/access';
import { defaultDates, nextPhase, parseAnswers, parsePilotDetails } from '../../bot/domain/forms';
import { pilotDetailsCard } from '../../bot/cards/pilots';
import { HOURS, MAX_NAME_LENGTH, PLANNED_SESSIONS } from '../../bot/domain/cardInput';
import type { Pilot } from '../../bot/domain/pilots';
import { parseSession } from '../../bot/domain/sessions';

/** The input with this id anywhere in a card. */
function findInput(node: unknown, id: string): Record<string, unknown> {
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = findInput(n, id);
      if (Object.keys(found).length) return found;
    }
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.id === id && typeof o.type === 'string' && o.type.startsWith('Input.')) return o;
    for (const v of Object.values(o)) {
      const found = findInput(v, id);
      if (Object.keys(found).length) return found;
    }
  }
  return {};
}

const valid = {
  name: 'Sosiaalityöntekijöiden jalkautuminen seurakunnan päivystykseen',
  municipality: 'Raisio',
  kind: 'dropIn',
  weekdays: '1',
  startTime: '09:00',
  hoursPerSession: '2',
  place: 'Diakonien päivystys',
  partners: 'parish,kela',
  startDate: '2017-10-16',
  midpointDate: '2017-11-10',
  endDate: '2018-01-26',
};

const codes = (r: ReturnType<typeof parsePilotDetails> | ReturnType<typeof parseAnswers>) =>
  r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);

describe('the new pilot card', () => {
  it('reads a complete card into a plan', () => {
    const r = parsePilotDetails(valid);
    expect(r).toEqual({
      ok: true,
      value: {
        name: valid.name,
        municipality: 'Raisio',
        kind: 'dropIn',
        plan: {
          weekdays: [1],
          startTime: '09:00',
          hoursPerSession: 2,
          place: 'Diakonien päivystys',
          partners: ['parish', 'kela'],
        },
        startDate: '2017-10-16',
        midpointDate: '2017-11-10',
        endDate: '2018-01-26',
        owners: [],
      },
    });
  });

  it('reports every problem at once, each beside its field', () => {
    const r = parsePilotDetails({
      ...valid,
      name: '',
      kind: 'party',
      startTime: '25:00',
      hoursPerSession: '0,1',
      startDate: '2018-02-30',
      midpointDate: '2017-10-01',
      endDate: '2017-09-01',
      plannedSessions: '2.5',
    });
    expect(codes(r)).toEqual([
      'name:required',
      'kind:unknownChoice',
      'startTime:timeFormat',
      'hoursPerSession:hoursRange',
      'plannedSessions:wholeNumber',
      'startDate:dateFormat',
      'endDate:datesOrder',
    ]);
  });

  it('accepts a decimal comma and quarter hours only', () => {
    expect(parsePilotDetails({ ...valid, hoursPerSession: '1,5' }).ok).toBe(true);
    expect(codes(parsePilotDetails({ ...valid, hoursPerSession: '1.3' }))).toEqual(['hoursPerSession:hoursStep']);
    expect(codes(parsePilotDetails({ ...valid, hoursPerSession: '12.25' }))).toEqual(['hoursPerSession:hoursRange']);
  });

  it('refuses an identity code in the name or the place', () => {
    expect(codes(parsePilotDetails({ ...valid, place: 'Asiakas 131052-308T' }))).toEqual(['place:identityCode']);
  });

  it('suggests dates six and twelve weeks ahead', () => {
    expect(defaultDates('2026-11-23')).toEqual({
      startDate: '2026-11-23',
      midpointDate: '2027-01-04',
      endDate: '2027-02-15',
    });
  });
});

describe('the phase forms', () => {
  it('need the core questions and, at the end, a decision', () => {
    expect(codes(parseAnswers('midpoint', {}))).toEqual([
      'q_targetGroupReached:required',
      'q_overallAssessment:required',
    ]);
    expect(
      codes(
        parseAnswers('end', { q_targetGroupReached: 'a', q_overallAssessment: 'b', q_future: 'c', q_takeaways: 'd' }),
      ),
    ).toEqual(['decision:required']);
    expect(
      parseAnswers('end', {
        q_targetGroupReached: 'a',
        q_overallAssessment: 'b',
        q_future: 'c',
        q_takeaways: 'd',
        decision: 'stop',
      }),
    ).toEqual({
      ok: true,
      value: {
        answers: { targetGroupReached: 'a', overallAssessment: 'b', future: 'c', takeaways: 'd' },
        decision: 'stop',
      },
    });
  });

  it('keep 4,000 characters and refuse 4,001', () => {
    const base = { q_targetGroup: 'a', q_problem: 'b', q_activity: 'c' };
    expect(parseAnswers('start', { ...base, q_resources: 'x'.repeat(4000) }).ok).toBe(true);
    expect(codes(parseAnswers('start', { ...base, q_resources: 'x'.repeat(4001) }))).toEqual(['q_resources:tooLong']);
  });

  it('ignore fields the phase does not ask', () => {
    const r = parseAnswers('midpoint', {
      q_targetGroupReached: 'a',
      q_overallAssessment: 'b',
      q_future: 'not asked here',
    });
    expect(r.ok && r.value.answers).toEqual({ targetGroupReached: 'a', overallAssessment: 'b' });
  });

  it('come in order: start, midpoint, end, then nothing', () => {
    expect([nextPhase('planned'), nextPhase('start'), nextPhase('midpoint'), nextPhase('end')]).toEqual([
      'start',
      'midpoint',
      'end',
      undefined,
    ]);
  });
});

describe('who may do what', () => {
  const pilot = { team: { tenantId: 't1', teamId: 'team1' }, owners: ['aino'] } as Pilot;

  it('owners and team owners edit, members read and log, others see nothing', () => {
    expect(roleOf(pilot, { tenantId: 't1', userId: 'aino', team: 'member' })).toBe('owner');
    expect(roleOf(pilot, { tenantId: 't1', userId: 'boss', team: 'owner' })).toBe('owner');
    expect(roleOf(pilot, { tenantId: 't1', userId: 'pirjo', team: 'member' })).toBe('member');
    expect(roleOf(pilot, { tenantId: 't1', userId: 'aino', team: 'none' })).toBe('none');
    expect(roleOf(pilot, { tenantId: 't2', userId: 'aino', team: 'member' })).toBe('none');
    expect([canEditPhases('owner'), canEditPhases('member'), canLogSession('member'), canLogSession('none')]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  it('a session is changed by whoever logged it, or an owner', () => {
    expect(canChangeSession('member', { loggedBy: 'pirjo' }, 'pirjo')).toBe(true);
    expect(canChangeSession('member', { loggedBy: 'aino' }, 'pirjo')).toBe(false);
    expect(canChangeSession('owner', { loggedBy: 'pirjo' }, 'aino')).toBe(true);
    expect(canChangeSession('none', { loggedBy: 'pirjo' }, 'pirjo')).toBe(false);
  });
});

describe('identity codes as people type them, in every free-text field of a pilot and its phases', () => {
  const TYPED = ['131052–308T', '131052 308T', '131052 -308T', '１３１０５２-３０８Ｔ', '131052\u200B308T'];
  it.each(['name', 'municipality', 'place'].flatMap((field) => TYPED.map((code) => [field, code] as const)))(
    'the new pilot card refuses %s with %s',
    (field, code) => {
      expect(codes(parsePilotDetails({ ...valid, [field]: `Asiakas ${code}` }))).toEqual([`${field}:identityCode`]);
    },
  );
  it.each(TYPED)('a phase answer with %s is refused', (code) => {
    const r = parseAnswers('midpoint', { q_overallAssessment: `Asiakas ${code} kävi`, q_targetGroupReached: 'Kyllä' });
    expect(codes(r)).toContain('q_overallAssessment:identityCode');
  });
});

describe('one reader of card input, with the bounds the cards show', () => {
  it('the new-pilot card and the session card read hours alike, with the same bounds', () => {
    for (const [raw, code] of [
      ['0,25', undefined],
      ['12', undefined],
      ['2.5', undefined],
      ['12,25', 'hoursRange'],
      ['0', 'hoursRange'],
      ['1e1', 'hoursRange'],
      ['1,3', 'hoursStep'],
    ] as const) {
      const pilot = parsePilotDetails({ ...valid, hoursPerSession: raw });
      expect(codes(pilot)).toEqual(code ? [`hoursPerSession:${code}`] : []);
      const session = parseSession(
        'dropIn',
        { date: '2017-10-16', hours: raw, c_visitors: '0' },
        {
          today: '2017-10-20',
          pilotStartDate: '2017-10-16',
        },
      );
      const sessionCodes = session.ok ? [] : session.errors.filter((e) => e.field === 'hours').map((e) => e.code);
      expect(sessionCodes).toEqual(code ? [code] : []);
    }
  });

  it('the cards put the readers’ bounds on their inputs', () => {
    const details = pilotDetailsCard('fi', { values: {}, errors: [], teamName: 'Tiimi', carry: {} });
    const hours = findInput(details, 'hoursPerSession');
    expect([hours.min, hours.max]).toEqual([HOURS.min, HOURS.max]);
    expect(findInput(details, 'name').maxLength).toBe(MAX_NAME_LENGTH);
    expect([findInput(details, 'plannedSessions').min, findInput(details, 'plannedSessions').max]).toEqual([
      PLANNED_SESSIONS.min,
      PLANNED_SESSIONS.max,
    ]);
  });
});
