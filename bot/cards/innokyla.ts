/**
 * The Innokylä draft on a card: the title, what it is, and Innokylä's seven sections as text, with
 * a note that the Word and Markdown files are on the tab's pilot page. Built on the form card
 * (views.ts), so typed text is data and escaped as every card text is (index.ts `finish`). Long
 * typed answers are shortened until the card fits in MAX_CARD_BYTES; the files hold them whole.
 */
import { format, type Locale, strings } from '../i18n';
import type { DraftBlock, DraftSection, InnokylaDraft } from '../reports/innokyla';
import type { AdaptiveCardJson } from './index';
import { action, formCard } from './views';

/** Teams takes a message up to 100 KB; the draft's card keeps well within it. */
export const MAX_CARD_BYTES = 28 * 1024;

/** How many characters of one typed text the card shows, tried in turn until the card fits. */
const EXCERPTS = [1200, 600, 300, 150, 80] as const;

interface Excerpter {
  (text: string): string;
  /** True once a text was shortened. */
  cut: boolean;
}

/** Shortens typed texts to `max` characters (whole code points, at a word where one is near), marked with "…". */
function excerpter(locale: Locale, max: number): Excerpter {
  const more = strings(locale).innokyla.card.more;
  const cut = ((text: string): string => {
    const chars = Array.from(text.trim());
    if (chars.length <= max) return text.trim();
    cut.cut = true;
    const head = chars.slice(0, max).join('');
    const space = head.search(/\s\S*$/);
    const kept = space > max * 0.6 ? head.slice(0, space) : head;
    return format(more, { text: kept.trimEnd() });
  }) as Excerpter;
  cut.cut = false;
  return cut;
}

/** One block as lines of text: typed texts shortened, list items as bullets. */
function blockText(locale: Locale, b: DraftBlock, short: Excerpter): string {
  const label = strings(locale).innokyla.values.label;
  switch (b.kind) {
    case 'text':
      return short(b.text);
    case 'field':
      // A question reads as asked, its answer after it: "Mitä halutaan ratkaista? Asiakkaiden…".
      return /[?!:]$/.test(b.label.trim())
        ? `${b.label.trim()} ${short(b.text)}`
        : format(label, { label: b.label, value: short(b.text) });
    case 'prompt':
    case 'subheading':
      return b.text;
    case 'list':
      return b.items.map((item) => `• ${short(item)}`).join('\n\n');
  }
}

function sectionText(locale: Locale, s: DraftSection, short: Excerpter): string {
  return s.blocks.map((b) => blockText(locale, b, short)).join('\n\n');
}

function draftCard(locale: Locale, draft: InnokylaDraft, pilotId: string, max: number): AdaptiveCardJson {
  const t = strings(locale);
  const c = t.innokyla.card;
  const short = excerpter(locale, max);
  const info = draft.sections.map((s) => ({ heading: s.heading, text: sectionText(locale, s, short) }));
  return formCard(locale, {
    title: format(c.title, { name: draft.title }),
    subtitle: draft.kind,
    intro: draft.lead,
    notice: c.onTab,
    info,
    footnote: short.cut ? c.excerpted : '',
    actions: [action(t.phaseForm.cancel, 'pilot', { pilotId }, { inputs: 'none' })],
  });
}

/** The draft of one pilot as a card, under MAX_CARD_BYTES: long answers shortened as far as needed. */
export function innokylaCard(locale: Locale, draft: InnokylaDraft, pilotId: string): AdaptiveCardJson {
  let card = draftCard(locale, draft, pilotId, EXCERPTS[0]);
  for (const max of EXCERPTS.slice(1)) {
    if (Buffer.byteLength(JSON.stringify(card), 'utf8') <= MAX_CARD_BYTES) break;
    card = draftCard(locale, draft, pilotId, max);
  }
  return card;
}
