/**
 * Reads card text as the Adaptive Cards JS renderer does (markdown-it, default options, as
 * `AdaptiveCard.applyMarkdown` calls it): what a person sees, and what Markdown it turned into.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt();

/** Tokens of plain text: paragraphs of text and line breaks. Anything else is Markdown obeyed. */
const PLAIN = new Set(['paragraph_open', 'paragraph_close', 'inline', 'text', 'softbreak', 'hardbreak']);

export interface Rendered {
  /** The text a person sees, line breaks as "\n", paragraphs apart by "\n\n". */
  text: string;
  /** Token types that are not plain text (link_open, em_open, bullet_list_open, …), in order. */
  markup: string[];
  html: string;
}

export function renderMarkdown(src: string): Rendered {
  const markup: string[] = [];
  const paragraphs: string[] = [];
  for (const block of md.parse(src, {})) {
    if (!PLAIN.has(block.type)) markup.push(block.type);
    if (block.type !== 'inline') continue;
    let text = '';
    for (const t of block.children ?? []) {
      if (!PLAIN.has(t.type)) markup.push(t.type);
      text += t.type === 'softbreak' || t.type === 'hardbreak' ? '\n' : t.content;
    }
    paragraphs.push(text);
  }
  return { text: paragraphs.join('\n\n'), markup, html: md.render(src) };
}

/** Whitespace as a browser shows it in a paragraph: runs of it are one space, none at the ends. */
export function shownAs(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** Every TextBlock text and fact title and value of a card: the strings Teams reads as Markdown. */
export function markdownTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown, inFacts: boolean): void => {
    if (Array.isArray(n)) return n.forEach((x) => walk(x, inFacts));
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (inFacts) for (const k of ['title', 'value']) if (typeof o[k] === 'string') out.push(o[k]);
    for (const [k, v] of Object.entries(o)) if (k !== 'fallback') walk(v, k === 'facts' && o.type === 'FactSet');
  };
  walk(card, false);
  return out;
}

/** What a person sees of a card's Markdown texts, one per text, in the card's order. */
export function shownTexts(card: unknown): string[] {
  return markdownTexts(card).map((t) => renderMarkdown(t).text);
}

/** Every Markdown construct the card's texts turned into (links, emphasis, lists, …). */
export function cardMarkup(card: unknown): string[] {
  return markdownTexts(card).flatMap((t) => renderMarkdown(t).markup);
}
