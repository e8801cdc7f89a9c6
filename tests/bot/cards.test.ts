import fi from '../../bot/i18n/locales/fi.json';
import sv from '../../bot/i18n/locales/sv.json';
import en from '../../bot/i18n/locales/en.json';
import { helpCard, welcomeCard } from '../../bot/cards';
import { LOCALES } from '../../bot/i18n';
import { cardProblems, cardText } from '../harness/cards';

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
  it('Swedish and English have every string Finnish has, none empty', () => {
    const fiKeys = [...leaves(fi).keys()].sort();
    for (const other of [sv, en]) {
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
