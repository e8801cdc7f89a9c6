/**
 * The Innokylä draft as Markdown, to paste into Innokylä's editor or a wiki. Every text goes
 * through escapeMarkdown: a typed answer such as "# otsikko *lihava* [linkki](…)" shows as typed,
 * never as a heading, emphasis or a link. Polku's own texts are escaped too, so no string of the
 * locale files can turn into Markdown by accident.
 */
import { escapeMarkdown } from '../cards/markdown';
import type { DraftBlock, InnokylaDraft } from './innokyla';

/** Paragraphs apart; within one, each line kept as typed by a hard line break (a backslash). */
function paragraphs(text: string): string {
  return text
    .trim()
    .split(/\r?\n[ \t]*\r?\n\s*/)
    .map((para) =>
      para
        .split(/\r\n|\r|\n/)
        .map((line) => escapeMarkdown(line.trim()))
        .filter((line) => line !== '')
        .join('\\\n'),
    )
    .join('\n\n');
}

/** One line of Polku's own text (a heading, a label, a prompt), escaped. */
function line(text: string): string {
  return escapeMarkdown(text.replace(/\s+/g, ' ').trim());
}

function block(b: DraftBlock): string {
  switch (b.kind) {
    case 'text':
      return paragraphs(b.text);
    case 'field':
      return `**${line(b.label)}**\n\n${paragraphs(b.text)}`;
    case 'prompt':
      return `*${line(b.text)}*`;
    case 'subheading':
      return `### ${line(b.text)}`;
    case 'list':
      // A list item's further lines are indented, so they stay inside the item.
      return b.items.map((item) => `- ${paragraphs(item).replace(/\n/g, '\n  ')}`).join('\n');
  }
}

/** The draft as one Markdown document: `#` title, `##` sections, `###` fields and models. */
export function toMarkdown(draft: InnokylaDraft): string {
  const parts = [`# ${line(draft.title)}`, `*${line(draft.kind)}*`, line(draft.lead)];
  for (const section of draft.sections) {
    parts.push(`## ${line(section.heading)}`, ...section.blocks.map(block));
  }
  return `${parts.join('\n\n')}\n`;
}
