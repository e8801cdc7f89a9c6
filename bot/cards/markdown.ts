/**
 * Markdown in card text is shown, not obeyed. Teams and the Adaptive Cards renderers read a
 * TextBlock's text and a fact's title and value as Markdown (CommonMark: Teams desktop and web,
 * markdown-it in the JS renderer, micromark in the Agents Playground), so a pilot named
 * `[avaa tästä](https://evil.example)` would be a working link. Every card text is plain text:
 * the escape below makes a CommonMark renderer show it as it was written.
 *
 * Only what can start Markdown is escaped, with a backslash (CommonMark's escape for ASCII
 * punctuation), so ordinary text such as "Raisio (Kela), 2 h" stays as it is in the card JSON:
 * older Teams mobile clients showed escaping backslashes (AdaptiveCards #5590).
 */

/**
 * Inline: a backslash that would escape what follows it (punctuation, or a line break); emphasis,
 * code, links, images, strikethrough, table pipes; `{` (Adaptive Cards' `{{DATE(…)}}` functions
 * run before Markdown); `<` that would open an autolink or HTML; `&` of an entity such as `&amp;`.
 */
const INLINE = /\\(?=[!-/:-@[-`{-~]|$)|[`*_[\]~|{]|<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)/g;

/**
 * At a line's start: headings, block quotes, bullets, setext or thematic rules, and a table's
 * delimiter row (`:--`; one starting with `-` or `|` is escaped already). markdown-it looks for an
 * unescaped-or-escaped `|` in the header, so escaping the header's pipes alone does not stop a
 * one-column table.
 */
const LINE_START = /^[#>+=:-]/;

/** A numbered list item: "1. " or "1) " at a line's start. */
const ORDERED = /^(\d{1,9})([.)])(?=[ \t]|$)/;

function escapeLine(line: string): string {
  // Indentation would make an indented code block, inside which escapes are not read; a rendered
  // paragraph line shows no indentation anyway.
  const s = line.replace(/^[ \t]+/, '').replace(INLINE, (c) => `\\${c}`);
  return s.replace(LINE_START, (c) => `\\${c}`).replace(ORDERED, '$1\\$2');
}

/** `text` escaped so that Markdown shows exactly its characters: no link, emphasis, list or heading. */
export function escapeMarkdown(text: string): string {
  return text
    .split(/(\r\n|\r|\n)/)
    .map((part, i) => (i % 2 ? part : escapeLine(part)))
    .join('');
}
