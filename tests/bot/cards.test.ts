import { overviewOf } from '../../bot/api/views';
import { helpCard, welcomeCard } from '../../bot/cards';
import { format, LOCALES, type Locale, strings } from '../../bot/i18n';
import { pilotCard, pilotDetailsCard, phaseFormCard } from '../../bot/cards/pilots';
import { listCard, sessionFormCard, statusCard } from '../../bot/cards/sessions';
import { action, noticeCard } from '../../bot/cards/views';
import { answerField } from '../../bot/domain/forms';
import { QUESTIONS_BY_PHASE } from '../../bot/domain/phases';
import { PHASES, type Pilot, PILOT_KINDS } from '../../bot/domain/pilots';
import { applySession, emptyTotals } from '../../bot/domain/totals';
import { Formats, tabStrings } from '../../tab/src/i18n';
import { phaseHeading as tabPhaseHeading } from '../../tab/src/phases';
import { cardProblems, cardText } from '../harness/cards';
import { actionOf, inputOf } from '../harness/cardForm';
import { cardMarkup, shownAs, shownTexts } from '../harness/markdown';

/** Every leaf path of a locale file, e.g. "welcome.title". */
function leaves(o: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (o && typeof o === 'object' && !Array.isArray(o)) {
    for (const [k, v] of Object.entries(o))
      for (const [p, x] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, x);
  } else out.set(prefix, o);
  return out;
}

describe('locale files', () => {
  it('Swedish and English have every string Finnish has, none empty, in every locale file', () => {
    const fiKeys = [...leaves(strings('fi')).keys()].sort();
    for (const other of [strings('sv'), strings('en')]) {
      const l = leaves(other);
      expect([...l.keys()].sort()).toEqual(fiKeys);
      for (const [key, value] of l) {
        if (typeof value === 'string') expect({ key, empty: value.trim() === '' }).toEqual({ key, empty: false });
      }
    }
  });
});

describe('cards the bot sends', () => {
  it.each(LOCALES)('welcome and help cards in %s pass the Adaptive Cards 1.5 schema and parse cleanly', (locale) => {
    for (const card of [welcomeCard(locale), helpCard(locale)]) {
      expect(cardProblems(card)).toEqual([]);
      expect(card.version).toBe('1.5');
    }
  });

  it('speak the language asked for', () => {
    expect(cardText(welcomeCard('fi'))).toContain('Tervetuloa Polkuun');
    expect(cardText(welcomeCard('sv'))).toContain('Välkommen till Polku');
    expect(cardText(welcomeCard('en'))).toContain('Welcome to Polku');
    expect(cardText(helpCard('sv'))).toContain('hjälp');
  });

  it('the checker itself refuses a broken card', () => {
    const broken = { ...welcomeCard('fi'), body: [{ type: 'TextBlock' }, { type: 'Input.Text' }] };
    expect(cardProblems(broken).length).toBeGreaterThan(0);
  });
});

describe('every card of the evaluation and the session log', () => {
  const pilot: Pilot = {
    id: '6a0c1f52-1d3b-4a8e-9e51-0f2d7c3b9a10',
    team: { tenantId: 't', teamId: '19:team' },
    name: 'Sosiaalityöntekijöiden jalkautuminen seurakunnan päivystykseen',
    municipality: 'Raisio',
    kind: 'dropIn',
    plan: { weekdays: [1], startTime: '09:00', hoursPerSession: 2, place: 'Seurakuntatalo', partners: ['parish'] },
    startDate: '2017-10-16',
    midpointDate: '2017-11-10',
    endDate: '2018-01-26',
    owners: ['o1'],
    ownerNames: { o1: 'Aino Virtanen' },
    stage: 'midpoint',
    createdBy: 'o1',
    createdAt: '2017-10-01T08:00:00.000Z',
  };
  let totals = emptyTotals();
  for (const [i, date] of ['2017-10-16', '2017-10-23', '2017-10-30', '2017-11-06'].entries()) {
    totals = applySession(totals, {
      id: String(i),
      pilotId: pilot.id,
      date,
      hours: 2,
      counts: { visitors: 8, wantedToTalk: 1, socialWorkMatters: 1, moneyOnlyRequests: 1 },
      loggedBy: 'o1',
      loggedAt: date,
    });
  }
  const long = 'ä'.repeat(4000);
  const save = action('Tallenna', 'savePhase', { pilotId: pilot.id });

  function everyCard(locale: Locale): [string, Record<string, unknown>][] {
    const cards: [string, Record<string, unknown>][] = [
      ['pilot (owner)', pilotCard(locale, { pilot, totals, role: 'owner' })],
      ['pilot (member)', pilotCard(locale, { pilot, totals, role: 'member', notice: 'x', noticeStyle: 'good' })],
      [
        'details',
        pilotDetailsCard(locale, {
          values: {},
          errors: [{ field: 'name', code: 'required' }],
          teamName: 'T',
          members: [{ id: 'm', name: 'Pirjo' }],
          carry: {},
        }),
      ],
      ['status', statusCard(locale, { pilot, totals, today: '2017-11-08', actions: [save] })],
      ['list', listCard(locale, { title: 'x', rows: [{ text: 'a', detail: 'b', actions: [save] }], actions: [save] })],
      ['notice', noticeCard(locale, 'x', 'y', 'attention')],
    ];
    for (const phase of PHASES) {
      const values = Object.fromEntries(QUESTIONS_BY_PHASE[phase].map((k) => [answerField(k), long]));
      cards.push([
        `phase ${phase} full`,
        phaseFormCard(locale, {
          pilotName: pilot.name,
          phase,
          totals,
          values,
          errors: [],
          start: { targetGroup: long, expectationsPositive: long },
          save,
          others: [save],
        }),
      ]);
    }
    for (const kind of PILOT_KINDS) {
      const errors = [{ field: 'date', code: 'dateInFuture' as const, params: { today: '2026-11-23' } }];
      cards.push([
        `session ${kind}`,
        sessionFormCard(locale, { pilot: { ...pilot, kind }, values: {}, errors, edit: false, save, others: [] }),
      ]);
    }
    return cards;
  }

  it.each(LOCALES)("in %s pass the schema, parse cleanly and stay well under Teams' size limit", (locale) => {
    for (const [name, card] of everyCard(locale)) {
      expect({ name, problems: cardProblems(card) }).toEqual({ name, problems: [] });
      expect(JSON.stringify(card)).not.toContain('${');
    }
  });

  it.each(LOCALES)(
    'in %s give every input a visible label and every button a Submit fallback with its verb',
    (locale) => {
      for (const [name, card] of everyCard(locale)) {
        const inputs: Record<string, unknown>[] = [];
        const actions: Record<string, unknown>[] = [];
        const walk = (n: unknown): void => {
          if (Array.isArray(n)) return n.forEach(walk);
          if (!n || typeof n !== 'object') return;
          const o = n as Record<string, unknown>;
          if (typeof o.type === 'string' && o.type.startsWith('Input.')) inputs.push(o);
          if (o.type === 'Action.Execute') actions.push(o);
          for (const [k, v] of Object.entries(o)) if (k !== 'refresh' && k !== 'fallback') walk(v);
        };
        walk(card);
        for (const i of inputs)
          expect({ name, id: i.id, label: typeof i.label === 'string' && i.label.length > 0 }).toEqual({
            name,
            id: i.id,
            label: true,
          });
        for (const i of inputs.filter((x) => x.isRequired))
          expect({ name, id: i.id, hasMessage: !!i.errorMessage }).toEqual({ name, id: i.id, hasMessage: true });
        for (const a of actions)
          expect(a.fallback).toMatchObject({ type: 'Action.Submit', title: a.title, data: { verb: a.verb } });
      }
    },
  );
});

describe('a pilot named with template and Markdown syntax', () => {
  const name = '${pilotName} [avaa tästä](https://evil.example) $${} ${t.help.title}';
  const typed = '${x}\n1. eka\n- toka **${t.welcome.title}** {{x}}';
  const pilot: Pilot = {
    id: '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d',
    team: { tenantId: 't', teamId: '19:team' },
    name,
    municipality: '${municipality}',
    kind: 'dropIn',
    plan: { weekdays: [1], startTime: '09:00', hoursPerSession: 2, place: typed, partners: ['parish'] },
    startDate: '2017-10-16',
    midpointDate: '2017-11-10',
    endDate: '2018-01-26',
    owners: ['o1'],
    ownerNames: { o1: '_Aino_ ${x}' },
    stage: 'start',
    createdBy: 'o1',
    createdAt: '2017-10-01T08:00:00.000Z',
  };

  it.each(LOCALES)("in %s gets its midpoint reminder's phase form, showing every text as typed", (locale) => {
    const t = strings(locale);
    const notice = format(t.reminders.phaseOnDate, { phase: t.phases.midpoint, date: '10.11.2017' });
    const values = Object.fromEntries(QUESTIONS_BY_PHASE.midpoint.map((k) => [answerField(k), typed]));
    const snooze = action(t.reminders.snoozeDay, 'snoozeReminder', { pilotId: pilot.id, note: typed });
    const card = phaseFormCard(locale, {
      pilotName: name,
      phase: 'midpoint',
      totals: emptyTotals(),
      values,
      errors: [],
      start: { targetGroup: typed, expectationsPositive: typed },
      notice,
      noticeStyle: 'warning',
      save: action(t.phaseForm.save.midpoint, 'savePhase', { pilotId: pilot.id }),
      others: [snooze],
    });
    expect(cardProblems(card)).toEqual([]);
    expect(cardMarkup(card)).toEqual([]);
    const shown = shownTexts(card).map(shownAs);
    expect(shown).toContain(shownAs(`${t.phaseForm.pilotName}: ${name}`));
    expect(shown).toContain(shownAs(typed));
    // What the form holds goes back exactly as typed when the owner saves.
    for (const k of QUESTIONS_BY_PHASE.midpoint) expect(inputOf(card, answerField(k))?.value).toBe(typed);
    expect(actionOf(card, snooze.title).data).toMatchObject({ pilotId: pilot.id, note: typed });
  });

  it.each(LOCALES)('in %s has a pilot card, status and list that show the name, place and owner as typed', (locale) => {
    const cards = [
      pilotCard(locale, { pilot, totals: emptyTotals(), role: 'owner', notice: typed, noticeStyle: 'warning' }),
      statusCard(locale, { pilot, totals: emptyTotals(), today: '2017-11-08', actions: [] }),
      listCard(locale, { title: name, rows: [{ text: name, detail: typed, actions: [] }], actions: [] }),
    ];
    for (const card of cards) {
      expect(cardProblems(card)).toEqual([]);
      expect(cardMarkup(card)).toEqual([]);
      expect(shownTexts(card).some((s) => s.includes(name))).toBe(true);
    }
    const facts = shownTexts(cards[0]).map(shownAs);
    expect(facts.some((f) => f.includes(shownAs(typed)))).toBe(true);
    expect(facts).toContain('_Aino_ ${x}');
  });
});

describe('the realised volume reads the same on the bot, in the tab and in the printed report', () => {
  const pilotOf = (midpointDate: string): Pilot => ({
    id: 'p1',
    team: { tenantId: 't', teamId: '19:team' },
    name: 'Päivystys',
    municipality: 'Raisio',
    kind: 'dropIn',
    plan: { weekdays: [1], startTime: '09:00', hoursPerSession: 2, place: 'Seurakuntatalo', partners: [] },
    startDate: '2017-10-16',
    midpointDate,
    endDate: '2018-01-26',
    owners: ['o1'],
    stage: 'start',
    createdBy: 'o1',
    createdAt: '2017-10-01T08:00:00.000Z',
  });
  const logs: [string, { date: string; hours: number }[]][] = [
    ['none yet', []],
    ['four of two hours', ['2017-10-16', '2017-10-23', '2017-10-30', '2017-11-06'].map((date) => ({ date, hours: 2 }))],
    [
      'sessions of different lengths',
      [
        { date: '2017-10-16', hours: 2 },
        { date: '2017-10-23', hours: 1.5 },
        { date: '2017-10-30', hours: 3.75 },
      ],
    ],
  ];
  const totalsOf = (log: { date: string; hours: number }[]) =>
    log.reduce(
      (t, s, i) =>
        applySession(t, { ...s, id: String(i), pilotId: 'p1', counts: {}, loggedBy: 'o1', loggedAt: s.date }),
      emptyTotals(),
    );

  it.each(LOCALES.flatMap((locale) => logs.map(([what, log]) => [locale, what, log] as const)))(
    'in %s, %s: the pilot card, the tab card and the print view say the same',
    (locale, _what, log) => {
      const totals = totalsOf(log);
      const f = new Formats(locale, tabStrings(locale));
      const card = pilotCard(locale, { pilot: pilotOf('2017-11-10'), totals, role: 'owner' });
      // The tab's card and the print view's summary line read the overview's totals with this.
      const overview = overviewOf(
        { pilot: pilotOf('2017-11-10'), totals },
        { tenantId: 't', teamId: 'x', name: '' },
        '2017-11-10',
      );
      const tab = f.realised(overview.totals, true);
      expect(cardText(card)).toContain(tab);
    },
  );

  it.each(LOCALES)(
    'in %s, the midpoint heading of the bot form filled on the midpoint date is the print view heading',
    (locale) => {
      const log = logs[2][1];
      const midpointDate = log[log.length - 1].date;
      const bot = phaseFormCard(locale, {
        pilotName: 'Päivystys',
        phase: 'midpoint',
        totals: totalsOf(log),
        values: {},
        errors: [],
        save: action('x', 'savePhase', {}),
        others: [],
      });
      // The print view goes on after the midpoint: later sessions do not change its heading.
      const later = [...log, { date: '2017-11-20', hours: 2 }];
      const printed = tabPhaseHeading(
        new Formats(locale, tabStrings(locale)),
        pilotOf(midpointDate),
        'midpoint',
        later,
      );
      expect(cardText(bot)).toContain(printed);
    },
  );
});
