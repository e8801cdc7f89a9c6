/**
 * The Innokylä practice-description draft, from the seeds' pilots: the sections Innokylä asks
 * for in its order, the answers and figures a team would copy there, prompts for what Polku
 * cannot know, and Markdown and Word files that show typed text as typed.
 */
import JSZip from 'jszip';
import MarkdownIt from 'markdown-it';
import { DEMO_TEAM, DEMO_USER_ID } from '../../bot/demo/constants';
import { pilotFromSeed } from '../../bot/demo/load';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { realisedByPhase } from '../../bot/domain/measures';
import type { Evaluation } from '../../bot/domain/phases';
import { PHASES, type Phase, type Pilot } from '../../bot/domain/pilots';
import type { Session } from '../../bot/domain/sessions';
import { applySession, emptyTotals } from '../../bot/domain/totals';
import { LOCALES, type Locale } from '../../bot/i18n';
import { type DraftSource, type InnokylaDraft, innokylaDraft } from '../../bot/reports/innokyla';
import { toDocx } from '../../bot/reports/innokylaDocx';
import { toMarkdown } from '../../bot/reports/innokylaMarkdown';
import { renderMarkdown } from '../harness/markdown';

const TODAY = '2026-05-04';
const AT = '2026-05-04T08:00:00.000Z';

/** A seed pilot as Polku holds it: the pilot at its stage, its saved phases (each with what it had behind it), its totals. */
function sourceOf(key: string): DraftSource {
  const seed = SEED_PILOTS.find((s) => s.key === key);
  if (!seed) throw new Error(`no seed pilot ${key}`);
  const pilot: Pilot = {
    ...pilotFromSeed(seed, { id: `demo-${key}`, team: DEMO_TEAM, owner: DEMO_USER_ID, at: AT }),
    stage: seed.stage,
    ...(seed.decision ? { decision: seed.decision } : {}),
  };
  const sessions: Session[] = seed.sessions.map((s, i) => ({
    ...s,
    id: `${key}-${i + 1}`,
    pilotId: pilot.id,
    loggedBy: DEMO_USER_ID,
    loggedAt: AT,
  }));
  const phases: Partial<Record<Phase, Evaluation>> = {};
  for (const phase of PHASES) {
    const answers = seed.evaluations[phase];
    if (!answers) continue;
    phases[phase] = {
      pilotId: pilot.id,
      phase,
      answers,
      ...(phase === 'end' && seed.decision ? { decision: seed.decision } : {}),
      ...(phase !== 'start'
        ? { realised: realisedByPhase(sessions, phase === 'midpoint' ? pilot.midpointDate : pilot.endDate) }
        : {}),
      updatedBy: DEMO_USER_ID,
      updatedAt: AT,
    };
  }
  const totals = sessions.reduce((t, s) => applySession(t, s), emptyTotals());
  return { pilot, phases, totals };
}

const KUUSOTSO = SEED_PILOTS.filter((s) => s.key.startsWith('kuusotso-')).map((s) => sourceOf(s.key));
const KUUSOTSO_NAME = 'KuusOTSO: Etsivän, kohtaavan ja jalkautuvan sosiaalityön kehittäminen';

/** What a person sees of the Markdown: its text, the headings' and paragraphs' own. */
const shown = (draft: InnokylaDraft) => renderMarkdown(toMarkdown(draft)).text;

/** The texts of the Markdown's headings, in order, by level. */
function headingsOf(md: string, level: 1 | 2 | 3): string[] {
  const tokens = new MarkdownIt().parse(md, {});
  return tokens.flatMap((t, i) =>
    t.type === 'heading_open' && t.tag === `h${level}` ? [renderMarkdown(tokens[i + 1].content).text] : [],
  );
}

const HEADINGS: Record<Locale, string[]> = {
  fi: [
    'Perustiedot',
    'Ratkaisun perusidea',
    'Toimintaympäristö',
    'Kohderyhmä ja asiakasymmärrys',
    'Arvioinnin tulokset tiivistettynä',
    'Vinkit toimintamallin soveltajille',
    'Kehittämisen vaihe',
  ],
  sv: [
    'Grunduppgifter',
    'Lösningens grundidé',
    'Verksamhetsmiljö',
    'Målgrupp och kundförståelse',
    'Utvärderingens resultat i sammandrag',
    'Tips för den som tillämpar verksamhetsmodellen',
    'Utvecklingsskede',
  ],
  en: [
    'Basic information',
    'Basic idea of the solution',
    'Operating environment',
    'Target group and client insight',
    'Summary of the evaluation results',
    'Tips for those adopting the practice',
    'Stage of development',
  ],
};

describe('the Innokylä draft', () => {
  it.each(LOCALES)('has Innokylä’s seven sections in its order, in %s', (locale) => {
    const draft = innokylaDraft(locale, { sources: [sourceOf('raisio-parish-dropin')], today: TODAY });
    expect(draft.sections.map((s) => s.heading)).toEqual(HEADINGS[locale]);
    const md = toMarkdown(draft);
    expect(headingsOf(md, 1)).toEqual(['Sosiaalityöntekijöiden jalkautuminen seurakunnan päivystykseen']);
    expect(headingsOf(md, 2)).toEqual(HEADINGS[locale]);
  });

  it('of the Raisio parish drop-in holds its target group, its plan in words, what was realised and the decision', () => {
    const draft = innokylaDraft('fi', { sources: [sourceOf('raisio-parish-dropin')], today: TODAY });
    const text = shown(draft);
    expect(text).toContain(
      'Diakonien päivystyksessä käyvät potentiaaliset sosiaalityön tarpeessa olevat asiakkaat. Lisäksi diakonit; yhteistyön tiivistäminen.',
    );
    expect(text).toContain('Suunnitelma: maanantai klo 09:00, 2 h, Diakonien päivystys, keskustan seurakuntatalo');
    // Every session 2 hours; how many, and how many the plan foresaw, as the seed data has them.
    const sessions = SEED_PILOTS.find((s) => s.key === 'raisio-parish-dropin')?.sessions.length;
    expect(text).toMatch(new RegExp(`Toteutunut: ${sessions} × 2 tuntia \\(suunnitelmassa \\d+ kertaa\\)`));
    // The midpoint's heading as the seed writes it: "väliarviointivaihe (toteutunut 4 x 2 tuntia)".
    expect(text).toContain('Väliarviointivaihe (toteutunut 4 × 2 tuntia)');
    expect(text).toMatch(/Tavoittavuus \(keskustelua halunneet \/ tunti\): \d+(,\d+)?\n/);
    expect(text).toContain('Yhteistyökumppanit: Seurakunta');
    expect(text).toContain('Päätös: Jatketaan muutettuna');
    expect(text).toContain('Päivystystä jatketaan seurakunnan, sosiaalityön ja Kelan yhteistyönä kerran viikossa');
    // Each fact in its section: the target group under "Kohderyhmä…", the decision under "Kehittämisen vaihe".
    const section = (key: string) => JSON.stringify(draft.sections.find((s) => s.key === key));
    expect(section('targetGroup')).toContain('Diakonien päivystyksessä käyvät');
    expect(section('stage')).toContain('Jatketaan muutettuna');
    expect(section('results')).toContain('Asiakasmäärät edelleen melko pieniä.');
  });

  it('speaks Swedish and English with the same facts', () => {
    const sv = shown(innokylaDraft('sv', { sources: [sourceOf('raisio-parish-dropin')], today: TODAY }));
    expect(sv).toContain('Beslut: Fortsätter med ändringar');
    expect(sv).toContain('Genomfört: 10 × 2 timmar');
    const en = shown(innokylaDraft('en', { sources: [sourceOf('raisio-parish-dropin')], today: TODAY }));
    expect(en).toContain('Decision: Continue with changes');
    expect(en).toContain('Realised: 10 × 2 hours');
    expect(en).toContain('4 May 2026');
  });

  it('of the three KuusOTSO pilots is one practice, its models numbered as in seed 001', () => {
    const draft = innokylaDraft('fi', { practiceName: KUUSOTSO_NAME, sources: KUUSOTSO, today: TODAY });
    expect(draft.title).toBe(KUUSOTSO_NAME);
    // Seed 001's three models, in its order; any further KuusOTSO pilot after them.
    expect(KUUSOTSO.slice(0, 3).map((s) => s.pilot.name)).toEqual([
      'Moniammatillinen Kela-yhteistyötoimintamalli',
      'Ohjaus- ja neuvontapuhelin',
      'Matalan kynnyksen kohtaamispaikat / Kohtaamo PopUpit',
    ]);
    const models = KUUSOTSO.map((s, i) => `${i + 1}. ${s.pilot.name}`);
    expect(models.slice(0, 3)).toEqual([
      '1. Moniammatillinen Kela-yhteistyötoimintamalli',
      '2. Ohjaus- ja neuvontapuhelin',
      '3. Matalan kynnyksen kohtaamispaikat / Kohtaamo PopUpit',
    ]);
    const subheadings = (key: string) =>
      draft.sections.find((s) => s.key === key)?.blocks.flatMap((b) => (b.kind === 'subheading' ? [b.text] : [])) ?? [];
    expect(subheadings('idea')).toEqual(models);
    expect(subheadings('results')).toEqual(models);
    const md = toMarkdown(draft);
    expect(headingsOf(md, 1)).toEqual([KUUSOTSO_NAME]);
    // The numbers show as typed, not as an ordered list.
    expect(headingsOf(md, 3)).toEqual(expect.arrayContaining(models));
    expect(renderMarkdown(md).markup).not.toContain('ordered_list_open');
    const text = renderMarkdown(md).text;
    // The pop-ups: "Järjestettiin 2 PopUp-tapahtumaa", Wednesdays 14–17.
    expect(text).toContain('Toteutunut: 2 × 3 tuntia (suunnitelmassa 2 kertaa)');
    expect(text).toContain('Lähtötilanne ennen kokeilua: 0–6 puhelua päivässä');
    expect(text).toContain('Kontaktit / tapahtuma: 0');
    expect(text).toContain('Järjestettiin 2 PopUp-tapahtumaa. Ei tavoittanut asiakkaita.');
    // Without a name given, the practice is named after its first pilot.
    expect(innokylaDraft('fi', { sources: KUUSOTSO, today: TODAY }).title).toBe(
      'Moniammatillinen Kela-yhteistyötoimintamalli',
    );
  });

  it('a single pilot is not numbered', () => {
    const draft = innokylaDraft('fi', { sources: [sourceOf('raisio-parish-dropin')], today: TODAY });
    const idea = draft.sections.find((s) => s.key === 'idea');
    expect(idea?.blocks.some((b) => b.kind === 'subheading')).toBe(false);
  });

  describe('what Polku cannot know', () => {
    const bare: DraftSource = {
      pilot: {
        ...sourceOf('kuusotso-phone-advisory').pilot,
        name: 'Uusi kokeilu',
        stage: 'planned',
        plan: { weekdays: [], startTime: '', hoursPerSession: 2, place: '', partners: [] },
        municipality: '',
      },
      phases: {},
      totals: emptyTotals(),
    };

    it('is asked for in the seed’s words: the region, the funder, the contact, pictures', () => {
      const text = shown(innokylaDraft('fi', { sources: [sourceOf('raisio-parish-dropin')], today: TODAY }));
      for (const prompt of [
        '[Täydennä: maakunta tai hyvinvointialue]',
        '[Täydennä: toimintamallin rahoittaja]',
        '[Täydennä: yhteyshenkilö ja yhteystiedot]',
        '[Täydennä: kansikuva ja muut kuvat]',
      ])
        expect(text).toContain(prompt);
    });

    it('an answer left empty is a prompt naming its question, never an empty paragraph', () => {
      const draft = innokylaDraft('fi', { sources: [bare], today: TODAY });
      const text = shown(draft);
      expect(text).toContain('[Täydennä: Kohderyhmä]');
      expect(text).toContain('[Täydennä: Mitä halutaan ratkaista?]');
      expect(text).toContain('[Täydennä: toteutuspaikka]');
      expect(text).toContain(
        '[Täydennä: arvioinnin tulokset, sillä kokeilun väli- tai loppuarviointia ei ole vielä tehty]',
      );
      expect(text).toContain('Toteutunut: ei vielä kirjauksia');
      expect(text).toContain('ei laskettavissa');
      // The end of the pop-ups has no answer to "Jos ei, niin mikä tavoitettiin?".
      expect(shown(innokylaDraft('fi', { sources: KUUSOTSO, today: TODAY }))).toContain(
        '[Täydennä: Jos ei, niin mikä tavoitettiin?]',
      );
    });

    it.each(LOCALES)('leaves no "undefined", "[object Object]", "NaN" or empty text, in %s', (locale) => {
      for (const sources of [[bare], KUUSOTSO, [sourceOf('kotka-kouvola-library-student')]]) {
        const draft = innokylaDraft(locale, { sources, today: TODAY });
        const md = toMarkdown(draft);
        expect(md).not.toMatch(/undefined|\[object Object\]|NaN|\{\w+\}/);
        for (const s of draft.sections) {
          expect(s.blocks.length).toBeGreaterThan(0);
          for (const b of s.blocks) {
            const texts = b.kind === 'list' ? b.items : b.kind === 'field' ? [b.label, b.text] : [b.text];
            expect(texts.length).toBeGreaterThan(0);
            for (const t of texts) expect(t.trim()).not.toBe('');
          }
        }
      }
    });
  });

  it('an end answer left empty takes the midpoint’s, saying so', () => {
    const src = sourceOf('raisio-parish-dropin');
    const end = src.phases.end as Evaluation;
    const withGap: DraftSource = {
      ...src,
      phases: { ...src.phases, end: { ...end, answers: { ...end.answers, overallAssessment: '  ' } } },
    };
    const text = shown(innokylaDraft('fi', { sources: [withGap], today: TODAY }));
    expect(text).toContain('Toiminnan yleinen arviointi (Väliarviointivaihe)');
    expect(text).toContain('Toistaiseksi asiakkaiden saavutettavuus heikkoa suhteessa käytettyyn aikaresurssiin.');
  });

  it('reads a pilot’s targets against its figures', () => {
    const src = sourceOf('raisio-parish-dropin');
    const withTarget: DraftSource = {
      ...src,
      pilot: { ...src.pilot, targets: [{ measure: 'wantedToTalkPerSession', op: 'atLeast', value: 1 }] },
    };
    const text = shown(innokylaDraft('fi', { sources: [withTarget], today: TODAY }));
    expect(text).toContain('Tavoitteet: Keskustelua haluavat / päivystys: vähintään 1');
    expect(text).toContain('Keskustelua haluavat / päivystys: 1 (tavoite vähintään 1), tavoitteessa');
  });
});

describe('the Markdown draft', () => {
  const TYPED = '# otsikko *lihava* [linkki](http://x)';

  it('shows typed text as typed: no heading, emphasis or link from it', () => {
    const src = sourceOf('raisio-parish-dropin');
    const start = src.phases.start as Evaluation;
    const typed: DraftSource = {
      ...src,
      pilot: { ...src.pilot, plan: { ...src.pilot.plan, place: '<b>Sali</b> & _piha_' } },
      phases: {
        ...src.phases,
        start: {
          ...start,
          answers: { ...start.answers, targetGroup: TYPED, activity: 'rivi 1\n- rivi 2\n\n1. rivi 3\n> lainaus' },
        },
      },
    };
    const draft = innokylaDraft('fi', { practiceName: TYPED, sources: [typed], today: TODAY });
    const md = toMarkdown(draft);
    const r = renderMarkdown(md);
    expect(r.text).toContain(TYPED);
    expect(r.text).toContain('rivi 1\n- rivi 2');
    expect(r.text).toContain('1. rivi 3\n> lainaus');
    expect(r.text).toContain('<b>Sali</b> & _piha_');
    expect(r.markup).not.toEqual(expect.arrayContaining(['link_open']));
    expect(r.markup).not.toContain('ordered_list_open');
    expect(r.markup).not.toContain('blockquote_open');
    expect(r.markup).not.toContain('html_inline');
    expect(r.html).not.toContain('<b>');
    // The headings are Polku's alone: the title, seven sections and the form's fields.
    const subheadings = draft.sections.flatMap((s) => s.blocks.filter((b) => b.kind === 'subheading'));
    expect(r.markup.filter((m) => m === 'heading_open')).toHaveLength(1 + 7 + subheadings.length);
    expect(headingsOf(md, 1)).toEqual([TYPED]);
    // Emphasis only where Polku puts it: the prompts and the document's kind under the title.
    const prompts = draft.sections.flatMap((s) => s.blocks.filter((b) => b.kind === 'prompt'));
    expect(r.markup.filter((m) => m === 'em_open')).toHaveLength(prompts.length + 1);
  });
});

/** The text of a document.xml's runs, paragraphs apart by a line break. */
function wordText(xml: string): string {
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  return xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1])).join(''))
    .join('\n');
}

describe('the Word draft', () => {
  it('is a valid .docx with the headings, the answers and the prompts in italics', async () => {
    const draft = innokylaDraft('fi', { practiceName: KUUSOTSO_NAME, sources: KUUSOTSO, today: TODAY });
    const buffer = await toDocx(draft);
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    const zip = await JSZip.loadAsync(buffer);
    expect(zip.file('[Content_Types].xml')).not.toBeNull();
    const xml = await zip.file('word/document.xml')?.async('string');
    if (!xml) throw new Error('no word/document.xml');
    const text = wordText(xml);
    for (const heading of [KUUSOTSO_NAME, ...HEADINGS.fi, '2. Ohjaus- ja neuvontapuhelin'])
      expect(text.split('\n')).toContain(heading);
    expect(text).toContain(
      'Ohjausta ja neuvontaa tarvitsevat asiakkaat, akuuttia sosiaalityötä tarvitsevat asiakkaat.',
    );
    expect(text).toContain('Toteutunut: 2 × 3 tuntia');
    expect(xml.includes('<w:pStyle w:val="Heading1"/>')).toBe(true);
    // A prompt's run is in italics.
    const prompt = xml.split('</w:p>').find((p) => p.includes('[Täydennä: toimintamallin rahoittaja]'));
    expect(prompt).toContain('<w:i/>');
    // Word checks the spelling in Finnish.
    expect(await zip.file('word/styles.xml')?.async('string')).toContain('<w:lang w:val="fi-FI"/>');
  });

  it('writes typed markup and control characters as plain text', async () => {
    const src = sourceOf('raisio-parish-dropin');
    const start = src.phases.start as Evaluation;
    const typed: DraftSource = {
      ...src,
      phases: {
        ...src.phases,
        start: { ...start, answers: { ...start.answers, targetGroup: '<w:t>x</w:t> & "y"\u0001 **z**' } },
      },
    };
    const buffer = await toDocx(innokylaDraft('sv', { sources: [typed], today: TODAY }));
    const zip = await JSZip.loadAsync(buffer);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(wordText(xml)).toContain('<w:t>x</w:t> & "y" **z**');
    expect(xml.includes('\u0001')).toBe(false);
    expect(await zip.file('word/styles.xml')?.async('string')).toContain('<w:lang w:val="sv-FI"/>');
  });
});
