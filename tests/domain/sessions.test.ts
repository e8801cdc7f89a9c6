/** The session card as a social worker meets it: what is asked per kind, and what a submit is told. */
import fc from 'fast-check';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { PARTNERS, PILOT_KINDS, type PilotKind } from '../../bot/domain/pilots';
import {
  CONSULTATION_TOPICS,
  COUNT_KEYS,
  type CountKey,
  MARKETING_CHANNELS,
  MAX_COUNT,
  MAX_NOTE_LENGTH,
  parseSession,
  SESSION_FORMS,
  type SessionDraft,
  type SessionErrorCode,
  type SessionFieldError,
  sessionToInput,
} from '../../bot/domain/sessions';
import fi from '../../bot/i18n/locales/sessions.fi.json';
import sv from '../../bot/i18n/locales/sessions.sv.json';
import en from '../../bot/i18n/locales/sessions.en.json';

const ctx = { today: '2017-12-31', pilotStartDate: '2017-10-01' };
/** An identity code from DOMAIN.md with a correct check character. */
const IDENTITY_CODE = '131052-308T';

/** A filled drop-in card as Teams posts it: strings, one count sent as a number. */
const dropInCard = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  date: '2017-10-16',
  hours: '2',
  place: 'Keskustan seurakuntatalo',
  partnersPresent: 'parish,kela',
  c_visitors: '9',
  c_offeredTalk: '8',
  c_wantedToTalk: 1,
  c_declined: '7',
  c_socialWorkMatters: '1',
  c_moneyOnlyRequests: '5',
  c_referred: '0',
  c_appointmentsBooked: '0',
  c_newClients: '0',
  note: 'Diakonit kysyivät kaikilta.',
  ...over,
});

function errorsOf(kind: PilotKind, input: Record<string, unknown>, c = ctx): SessionFieldError[] {
  const r = parseSession(kind, input, c);
  return r.ok ? [] : r.errors;
}

function draftOf(kind: PilotKind, input: Record<string, unknown>, c = ctx): SessionDraft {
  const r = parseSession(kind, input, c);
  if (!r.ok) throw new Error(`expected a valid card, got ${JSON.stringify(r.errors)}`);
  return r.value;
}

const codes = (kind: PilotKind, input: Record<string, unknown>) => errorsOf(kind, input).map((e) => [e.field, e.code]);

/** A card that fills every main count of a kind with `n`. */
function cardFor(kind: PilotKind, n = 0, over: Record<string, unknown> = {}): Record<string, unknown> {
  const card: Record<string, unknown> = { date: '2017-11-06', hours: '1,5' };
  for (const key of SESSION_FORMS[kind].counts) card[`c_${key}`] = String(n);
  return { ...card, ...over };
}

describe('the form of each kind of pilot', () => {
  it.each(PILOT_KINDS)('%s asks only known counts, once each, and its rules speak of them', (kind) => {
    const form = SESSION_FORMS[kind];
    const all = [...form.counts, ...form.optionalCounts];
    expect(new Set(all).size).toBe(all.length);
    for (const key of all) expect(COUNT_KEYS).toContain(key);
    for (const rule of form.rules) {
      for (const key of [...rule.parts, ...[rule.whole].flat()]) expect(all).toContain(key);
    }
  });

  it('drop-in asks the seed questions, with the four service packages optional', () => {
    expect(SESSION_FORMS.dropIn.counts).toEqual([
      'visitors',
      'offeredTalk',
      'wantedToTalk',
      'declined',
      'socialWorkMatters',
      'moneyOnlyRequests',
      'referred',
      'appointmentsBooked',
      'newClients',
    ]);
    expect(SESSION_FORMS.dropIn.optionalCounts).toEqual([
      'guidanceSupport',
      'intensifiedSupport',
      'rehabilitativeSupport',
      'employmentPromotion',
    ]);
  });

  it('the phone line and the Kela consultation ask neither place nor partners; the consultation asks topics', () => {
    for (const kind of ['phoneAdvisory', 'kelaConsultation'] as const) {
      expect(SESSION_FORMS[kind]).toMatchObject({ askPlace: false, askPartners: false });
    }
    expect(SESSION_FORMS.kelaConsultation.tagList).toEqual({
      field: 'topics',
      prefix: 'topic',
      values: CONSULTATION_TOPICS,
      other: true,
    });
    expect(SESSION_FORMS.popUp.tagList).toMatchObject({ field: 'channels', values: MARKETING_CHANNELS, other: false });
  });

  it('every session of the seed pilots passes its own card', () => {
    for (const p of SEED_PILOTS) {
      for (const s of p.sessions) {
        const draft = draftOf(p.kind, sessionToInput(s), { today: p.endDate, pilotStartDate: p.startDate });
        expect(draft).toEqual(s);
      }
    }
  });
});

describe('reading a session card', () => {
  it('a filled drop-in card gives numbers, partners and the note', () => {
    expect(draftOf('dropIn', dropInCard())).toEqual({
      date: '2017-10-16',
      hours: 2,
      place: 'Keskustan seurakuntatalo',
      partnersPresent: ['parish', 'kela'],
      counts: {
        visitors: 9,
        offeredTalk: 8,
        wantedToTalk: 1,
        declined: 7,
        socialWorkMatters: 1,
        moneyOnlyRequests: 5,
        referred: 0,
        appointmentsBooked: 0,
        newClients: 0,
      },
      note: 'Diakonit kysyivät kaikilta.',
    });
  });

  it.each([
    ['1,5', 1.5],
    ['1.25', 1.25],
    [' 2 ', 2],
    [0.25, 0.25],
    ['12', 12],
  ])('hours %p are read as %p', (hours, expected) => {
    expect(draftOf('dropIn', dropInCard({ hours })).hours).toBe(expected);
  });

  it('counts typed as numbers or as strings are the same', () => {
    const asNumbers = draftOf('dropIn', dropInCard({ c_visitors: 9, c_offeredTalk: 8 }));
    expect(asNumbers.counts).toEqual(draftOf('dropIn', dropInCard()).counts);
  });

  it('an empty essential count is not taken as zero: the worker must type 0', () => {
    expect(codes('dropIn', dropInCard({ c_referred: '', c_visitors: undefined }))).toEqual([
      ['c_visitors', 'required'],
      ['c_referred', 'required'],
    ]);
  });

  it('any other count left empty is not given, not 0', () => {
    const d = draftOf('dropIn', dropInCard({ c_newClients: '', c_socialWorkMatters: undefined }));
    expect(d.counts).not.toHaveProperty('newClients');
    expect(d.counts).not.toHaveProperty('socialWorkMatters');
    expect(d.counts.referred).toBeDefined();
  });

  it('offered a talk follows the visitors, and declined the offered less the wanting, unless typed', () => {
    const quick = { date: '2017-10-16', hours: '2', c_visitors: '7', c_wantedToTalk: '1', c_referred: '1' };
    expect(draftOf('dropIn', quick).counts).toEqual({
      visitors: 7,
      offeredTalk: 7,
      wantedToTalk: 1,
      declined: 6,
      referred: 1,
    });
    expect(draftOf('dropIn', { ...quick, c_offeredTalk: '3' }).counts).toMatchObject({ offeredTalk: 3, declined: 2 });
    expect(draftOf('dropIn', { ...quick, c_offeredTalk: '1', c_wantedToTalk: '4' }).counts.declined).toBe(0);
    expect(draftOf('dropIn', { ...quick, c_declined: '0' }).counts.declined).toBe(0);
  });

  it('"Ei ketään tullut": every count of the kind is 0; a count typed above 0 is refused and kept', () => {
    const ctx = { today: '2017-12-31', pilotStartDate: '2017-10-01' };
    for (const kind of Object.keys(SESSION_FORMS) as PilotKind[]) {
      const r = parseSession(kind, { date: '2017-10-16', hours: '2' }, ctx, { empty: true });
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      const form = SESSION_FORMS[kind];
      expect(Object.keys(r.value.counts).sort()).toEqual([...form.counts, ...form.optionalCounts].sort());
      expect(Object.values(r.value.counts).every((v) => v === 0)).toBe(true);
    }
    const r = parseSession('dropIn', { date: '2017-10-16', hours: '2', c_visitors: '3' }, ctx, { empty: true });
    expect(r.ok ? [] : r.errors.map((e) => [e.field, e.code])).toEqual([['c_visitors', 'contradictsEmpty']]);
  });

  it('the service packages may stay empty; filled ones are kept', () => {
    expect(draftOf('dropIn', dropInCard()).counts).not.toHaveProperty('guidanceSupport');
    const d = draftOf('dropIn', dropInCard({ c_guidanceSupport: '2', c_employmentPromotion: '' }));
    expect(d.counts.guidanceSupport).toBe(2);
    expect(d.counts).not.toHaveProperty('employmentPromotion');
  });

  it.each<[string, Record<string, unknown>, string, SessionErrorCode]>([
    ['no date', { date: '' }, 'date', 'required'],
    ['a date in Finnish notation', { date: '16.10.2017' }, 'date', 'dateFormat'],
    ['31 November', { date: '2017-11-31' }, 'date', 'dateFormat'],
    ['a date after today', { date: '2018-01-01' }, 'date', 'dateInFuture'],
    ['a date before the pilot began', { date: '2017-09-30' }, 'date', 'dateBeforeStart'],
    ['no hours', { hours: '' }, 'hours', 'required'],
    ['zero hours', { hours: '0' }, 'hours', 'hoursRange'],
    ['13 hours', { hours: '13' }, 'hours', 'hoursRange'],
    ['hours as words', { hours: 'kaksi' }, 'hours', 'hoursRange'],
    ['1,1 hours', { hours: '1,1' }, 'hours', 'hoursStep'],
    ['a fraction of a visitor', { c_visitors: '2,5' }, 'c_visitors', 'notWholeNumber'],
    ['a word for a count', { c_visitors: 'monta' }, 'c_visitors', 'notWholeNumber'],
    ['a negative count', { c_referred: '-1' }, 'c_referred', 'negative'],
    ['a count beyond belief', { c_visitors: String(MAX_COUNT + 1) }, 'c_visitors', 'tooLarge'],
    ['an over-long note', { note: 'x'.repeat(MAX_NOTE_LENGTH + 1) }, 'note', 'tooLong'],
    ['an over-long place', { place: 'x'.repeat(201) }, 'place', 'tooLong'],
    ['an unknown partner', { partnersPresent: 'parish,police' }, 'partnersPresent', 'unknownChoice'],
    ['an identity code in the note', { note: `Asiakas ${IDENTITY_CODE} kävi` }, 'note', 'identityCode'],
    ['an identity code in the place', { place: `Koti, ${IDENTITY_CODE}` }, 'place', 'identityCode'],
  ])('%s is refused on that field', (_what, over, field, code) => {
    expect(codes('dropIn', dropInCard(over))).toEqual([[field, code]]);
  });

  it('the largest count and a long enough note are accepted', () => {
    const d = draftOf(
      'dropIn',
      dropInCard({ c_visitors: String(MAX_COUNT), note: 'x'.repeat(MAX_NOTE_LENGTH), date: '2017-12-31' }),
    );
    expect(d.counts.visitors).toBe(MAX_COUNT);
  });

  it('a number that only looks like an identity code (wrong check character) is stored', () => {
    expect(draftOf('dropIn', dropInCard({ note: 'Diaarinumero 131052-308A' })).note).toBe('Diaarinumero 131052-308A');
  });

  it('a refused card tells the bounds a message needs', () => {
    expect(errorsOf('dropIn', dropInCard({ date: '2017-09-30' }))[0].params).toEqual({ startDate: '2017-10-01' });
    expect(errorsOf('dropIn', dropInCard({ c_visitors: '20000' }))[0].params).toEqual({ max: MAX_COUNT });
    expect(errorsOf('dropIn', dropInCard({ note: 'x'.repeat(501) }))[0].params).toEqual({ max: MAX_NOTE_LENGTH });
  });

  it('every problem of every field is reported at once, each once, top to bottom, an identity code first', () => {
    const errors = errorsOf(
      'dropIn',
      dropInCard({
        note: `${IDENTITY_CODE} ${'x'.repeat(600)}`,
        c_referred: '',
        c_visitors: '-3',
        hours: '20',
        date: '',
        place: IDENTITY_CODE,
      }),
    );
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['date', 'required'],
      ['hours', 'hoursRange'],
      ['place', 'identityCode'],
      ['c_visitors', 'negative'],
      ['c_referred', 'required'],
      ['note', 'identityCode'],
      ['note', 'tooLong'],
    ]);
  });

  it('fields the kind does not ask for are ignored', () => {
    const d = draftOf(
      'phoneAdvisory',
      cardFor('phoneAdvisory', 0, { place: IDENTITY_CODE, partnersPresent: 'nobody', c_visitors: 'x', topics: 'y' }),
    );
    expect(d).toEqual({
      date: '2017-11-06',
      hours: 1.5,
      counts: { calls: 0, adultServices: 0, familyServices: 0, handledAtOnce: 0, passedOn: 0 },
    });
  });

  it('Kela consultation topics are stored as tags in list order, with the other topic beside them', () => {
    const d = draftOf(
      'kelaConsultation',
      cardFor('kelaConsultation', 1, {
        c_casesConsulted: '3',
        topics: 'pensions,housingAllowance',
        otherTopic: 'Elatustuki',
      }),
    );
    expect(d.tags).toEqual(['topic:housingAllowance', 'topic:pensions']);
    expect(d.otherTopic).toBe('Elatustuki');
    expect(codes('kelaConsultation', cardFor('kelaConsultation', 0, { topics: 'taxes' }))).toEqual([
      ['topics', 'unknownChoice'],
    ]);
    expect(codes('kelaConsultation', cardFor('kelaConsultation', 0, { otherTopic: `Hetu ${IDENTITY_CODE}` }))).toEqual([
      ['otherTopic', 'identityCode'],
    ]);
  });

  it('pop-up channels are stored as tags; a pop-up has no other topic', () => {
    const d = draftOf('popUp', cardFor('popUp', 0, { channels: 'localPaper,website,socialMedia', otherTopic: 'x' }));
    expect(d.tags).toEqual(['channel:socialMedia', 'channel:localPaper', 'channel:website']);
    expect(d).not.toHaveProperty('otherTopic');
  });
});

describe('counts that cannot all be true', () => {
  it('more who wanted to talk than visitors: told on the wanted-to-talk field, with both numbers', () => {
    expect(
      errorsOf(
        'dropIn',
        dropInCard({
          c_visitors: '3',
          c_offeredTalk: '3',
          c_declined: '0',
          c_moneyOnlyRequests: '2',
          c_wantedToTalk: '5',
        }),
      ),
    ).toEqual([
      {
        field: 'c_wantedToTalk',
        code: 'exceeds',
        params: { parts: 'wantedToTalk', whole: 'visitors', partsValue: 5, wholeValue: 3 },
      },
    ]);
  });

  it('wanting to talk without being offered is fine (people ask)', () => {
    expect(
      draftOf('dropIn', dropInCard({ c_offeredTalk: '0', c_declined: '0', c_wantedToTalk: '2' })).counts,
    ).toMatchObject({
      offeredTalk: 0,
      wantedToTalk: 2,
    });
  });

  it.each<[PilotKind, Record<string, unknown>, string, string, string]>([
    ['dropIn', { c_declined: '9' }, 'c_declined', 'declined', 'offeredTalk'],
    ['dropIn', { c_moneyOnlyRequests: '10' }, 'c_moneyOnlyRequests', 'moneyOnlyRequests', 'visitors'],
    ['dropIn', { c_newClients: '10' }, 'c_newClients', 'newClients', 'visitors'],
    [
      'dropIn',
      { c_intensifiedSupport: '5', c_rehabilitativeSupport: '5' },
      'c_intensifiedSupport',
      'guidanceSupport+intensifiedSupport+rehabilitativeSupport+employmentPromotion',
      'visitors',
    ],
  ])('%s %p is refused on %s', (kind, over, field, parts, whole) => {
    expect(errorsOf(kind, dropInCard(over))).toEqual([
      { field, code: 'exceeds', params: expect.objectContaining({ parts, whole }) },
    ]);
  });

  it('the phone line: calls split by service and by outcome cannot exceed the calls', () => {
    const card = cardFor('phoneAdvisory', 0, {
      c_calls: '4',
      c_adultServices: '4',
      c_familyServices: '1',
      c_handledAtOnce: '3',
      c_passedOn: '1',
    });
    expect(errorsOf('phoneAdvisory', card)).toEqual([
      {
        field: 'c_adultServices',
        code: 'exceeds',
        params: { parts: 'adultServices+familyServices', whole: 'calls', partsValue: 5, wholeValue: 4 },
      },
    ]);
  });

  it('joint meetings are bounded by appointments and walk-ins together', () => {
    const ok = cardFor('appointment', 0, { c_appointments: '2', c_walkIns: '1', c_jointMeetings: '3' });
    expect(errorsOf('appointment', ok)).toEqual([]);
    expect(errorsOf('appointment', { ...ok, c_jointMeetings: '4' })).toEqual([
      {
        field: 'c_jointMeetings',
        code: 'exceeds',
        params: { parts: 'jointMeetings', whole: 'appointments+walkIns', partsValue: 4, wholeValue: 3 },
      },
    ]);
  });

  it.each<[PilotKind, Record<string, unknown>, string]>([
    ['popUp', { c_attendees: '2', c_contacts: '3' }, 'c_contacts'],
    ['groupOutreach', { c_participants: '6', c_contacts: '7' }, 'c_contacts'],
    [
      'kelaConsultation',
      { c_casesConsulted: '2', c_answered: '1', c_referred: '1', c_kelaAppointments: '1' },
      'c_answered',
    ],
  ])('%s: %p is refused on %s', (kind, over, field) => {
    expect(codes(kind, cardFor(kind, 0, over))).toEqual([[field, 'exceeds']]);
  });

  it('a rule is not checked while one of its numbers is missing or wrong', () => {
    expect(codes('dropIn', dropInCard({ c_visitors: 'yksi', c_wantedToTalk: '50' }))).toEqual([
      ['c_visitors', 'notWholeNumber'],
    ]);
    // 50 declined of a number offered that is not a number: only that number is reported.
    expect(codes('dropIn', dropInCard({ c_offeredTalk: 'x', c_declined: '50' }))).toEqual([
      ['c_offeredTalk', 'notWholeNumber'],
    ]);
    // Left empty, the offered follow the visitors (9), and 50 declined is more than that.
    expect(codes('dropIn', dropInCard({ c_offeredTalk: '', c_declined: '50' }))).toEqual([['c_declined', 'exceeds']]);
  });
});

describe('an edit card is prefilled with what was saved', () => {
  const counts = (keys: CountKey[], optional: CountKey[]) =>
    fc
      .tuple(
        fc.record(Object.fromEntries(keys.map((k) => [k, fc.constant(0)]))),
        fc.record(Object.fromEntries(optional.map((k) => [k, fc.constant(0)])), { requiredKeys: [] }),
      )
      .map(([a, b]) => ({ ...a, ...b }) as SessionDraft['counts']);
  const text = fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() === s && !s.includes(','));

  it.each(PILOT_KINDS)('%s: reading the prefilled card gives back the saved session', (kind) => {
    const form = SESSION_FORMS[kind];
    const draft = fc.record(
      {
        date: fc.constantFrom('2017-10-01', '2017-10-16', '2017-12-31'),
        hours: fc.integer({ min: 1, max: 48 }).map((q) => q / 4),
        counts: counts(form.counts, form.optionalCounts),
        place: form.askPlace ? text : fc.constant(undefined),
        partnersPresent: form.askPartners ? fc.subarray([...PARTNERS], { minLength: 1 }) : fc.constant(undefined),
        tags: form.tagList
          ? fc.subarray(
              form.tagList.values.map((v) => `${form.tagList?.prefix}:${v}`),
              { minLength: 1 },
            )
          : fc.constant(undefined),
        otherTopic: form.tagList?.other ? text : fc.constant(undefined),
        note: text,
      },
      { requiredKeys: ['date', 'hours', 'counts'] },
    );
    fc.assert(
      fc.property(draft, (d) => {
        const clean = Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as SessionDraft;
        // Text that happens to hold an identity code would rightly be refused; fast-check will not find one.
        expect(parseSession(kind, sessionToInput(clean), ctx)).toEqual({ ok: true, value: clean });
      }),
    );
  });
});

describe('labels of the session card', () => {
  const leaves = (o: object, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) =>
      typeof v === 'object' && v !== null ? leaves(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
    );

  it('Finnish, Swedish and English have the same keys, none empty', () => {
    expect(leaves(sv).sort()).toEqual(leaves(fi).sort());
    expect(leaves(en).sort()).toEqual(leaves(fi).sort());
    for (const l of [fi, sv, en]) {
      for (const group of Object.values(l)) for (const v of Object.values(group)) expect(String(v).trim()).not.toBe('');
    }
  });

  it('every count, partner, topic, channel and error has a label', () => {
    const errorCodes: SessionErrorCode[] = [
      'contradictsEmpty',
      'required',
      'notWholeNumber',
      'negative',
      'tooLarge',
      'hoursRange',
      'hoursStep',
      'workersRange',
      'dateFormat',
      'dateInFuture',
      'dateBeforeStart',
      'tooLong',
      'identityCode',
      'exceeds',
      'unknownChoice',
    ];
    expect(Object.keys(fi.countLabels).sort()).toEqual([...COUNT_KEYS].sort());
    expect(Object.keys(fi.partners).sort()).toEqual([...PARTNERS].sort());
    expect(Object.keys(fi.topics).sort()).toEqual([...CONSULTATION_TOPICS].sort());
    expect(Object.keys(fi.channels).sort()).toEqual([...MARKETING_CHANNELS].sort());
    expect(Object.keys(fi.errors).sort()).toEqual([...errorCodes].sort());
  });

  it('the exceeds message reads as the social worker expects once labels are put in', () => {
    const [e] = errorsOf(
      'dropIn',
      dropInCard({
        c_visitors: '3',
        c_offeredTalk: '3',
        c_declined: '0',
        c_moneyOnlyRequests: '2',
        c_wantedToTalk: '5',
      }),
    );
    const label = (keys: string | number | undefined) =>
      String(keys)
        .split('+')
        .map((k) => fi.countLabels[k as CountKey])
        .join(' + ');
    const message = fi.errors.exceeds.replace(/\{(\w+)\}/g, (_m, p: string) =>
      p === 'parts' || p === 'whole' ? label(e.params?.[p]) : String(e.params?.[p]),
    );
    expect(message).toBe(
      '”Halusi keskustella sosiaalityöntekijän kanssa” (5) ei voi olla enemmän kuin ”Kävijöitä päivystyksessä” (3).',
    );
  });

  it.each([
    ['fi', fi],
    ['sv', sv],
    ['en', en],
  ])('%s: the identity-code message says why and what to do', (_l, l) => {
    expect(l.errors.identityCode).toMatch(/Polku/);
    expect(l.errors.identityCode.length).toBeGreaterThan(80);
  });
});

describe('identity codes as people type them, in every free-text field of a session', () => {
  // Word and Outlook turn the hyphen into an en dash; a phone keyboard may give full-width digits.
  const TYPED = ['131052–308T', '131052 308T', '131052 -308T', '１３１０５２-３０８Ｔ', '131052\u00A0308T'];
  const FIELDS: [PilotKind, string][] = [
    ['dropIn', 'note'],
    ['dropIn', 'place'],
    ['kelaConsultation', 'otherTopic'],
    ['kelaConsultation', 'note'],
  ];
  it.each(FIELDS.flatMap(([kind, field]) => TYPED.map((code) => [kind, field, code] as const)))(
    '%s %s with %s is refused',
    (kind, field, code) => {
      expect(codes(kind, cardFor(kind, 0, { [field]: `Asiakas ${code} kävi` }))).toEqual([[field, 'identityCode']]);
    },
  );
});
