/**
 * The Innokylä draft as a Word document (.docx): title, a heading a section, the form's fields
 * and a group's models as subheadings, facts as bullets, prompts in italics. What people typed is
 * written as plain text runs, so nothing in it is read as markup.
 */
import type { Locale } from '../i18n';
import type { DraftBlock, InnokylaDraft } from './innokyla';

type Docx = typeof import('docx');

/** The language Word checks the spelling in. */
const LANGUAGE: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** Characters XML 1.0 cannot hold (control characters but tab and line breaks, lone surrogates). */
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function clean(text: string): string {
  return text.replace(NOT_XML, '');
}

/** A text's paragraphs (apart by a blank line), each a list of its lines. */
function paragraphsOf(text: string): string[][] {
  return clean(text)
    .trim()
    .split(/\r?\n[ \t]*\r?\n\s*/)
    .map((p) => p.split(/\r\n|\r|\n/).map((l) => l.trim()))
    .filter((lines) => lines.some((l) => l !== ''));
}

class DocxWriter {
  constructor(private readonly d: Docx) {}

  /** The lines of one paragraph as runs, a line break between them. */
  private runs(lines: string[], o: { italics?: boolean; bold?: boolean } = {}) {
    return lines.map((text, i) => new this.d.TextRun({ text, break: i > 0 ? 1 : undefined, ...o }));
  }

  private paragraphs(text: string) {
    return paragraphsOf(text).map((lines) => new this.d.Paragraph({ children: this.runs(lines) }));
  }

  heading(text: string, heading: Docx['HeadingLevel'][keyof Docx['HeadingLevel']]) {
    return new this.d.Paragraph({ heading, children: [new this.d.TextRun({ text: clean(text) })] });
  }

  /** A line in italics: a prompt, or the document's kind under its title. */
  italic(text: string) {
    return new this.d.Paragraph({ children: [new this.d.TextRun({ text: clean(text), italics: true })] });
  }

  block(b: DraftBlock) {
    const { Paragraph, HeadingLevel } = this.d;
    switch (b.kind) {
      case 'text':
        return this.paragraphs(b.text);
      case 'field':
        return [
          new Paragraph({ keepNext: true, children: this.runs([clean(b.label)], { bold: true }) }),
          ...this.paragraphs(b.text),
        ];
      case 'prompt':
        return [this.italic(b.text)];
      case 'subheading':
        return [this.heading(b.text, HeadingLevel.HEADING_2)];
      case 'list':
        return b.items.flatMap((item) =>
          paragraphsOf(item).map((lines) => new Paragraph({ bullet: { level: 0 }, children: this.runs(lines) })),
        );
    }
  }
}

/** The draft as a .docx file. */
export async function toDocx(draft: InnokylaDraft): Promise<Buffer> {
  // Loaded on the first draft only, not when the server starts.
  const docx = await import('docx');
  const { Document, HeadingLevel, Packer } = docx;
  const w = new DocxWriter(docx);
  const children = [
    w.heading(draft.title, HeadingLevel.TITLE),
    w.italic(draft.kind),
    ...w.block({ kind: 'text', text: draft.lead }),
    ...draft.sections.flatMap((s) => [
      w.heading(s.heading, HeadingLevel.HEADING_1),
      ...s.blocks.flatMap((b) => w.block(b)),
    ]),
  ];
  const doc = new Document({
    creator: 'Polku',
    title: clean(draft.title),
    styles: { default: { document: { run: { language: { value: LANGUAGE[draft.locale] } } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
