/**
 * A draft of an Innokylä practice description ("Toimintamallin kuvaus") from what Polku knows of
 * one pilot, or of a group of pilots that form one practice (KuusOTSO's Kela adviser, phone line
 * and pop-ups: seed 001). Its sections are Innokylä's, in Innokylä's order; each pilot of a group
 * is a numbered model inside them, as the seed writes it. What Polku cannot know (the region,
 * the funder, a contact person, pictures) is a prompt for the team to fill in, and so is every
 * answer left empty.
 *
 * Pure: a document model of texts, written out by innokylaMarkdown.ts and innokylaDocx.ts. Texts
 * of kind 'text', 'field' and 'list' may hold what people typed: a writer must treat them as data.
 */
import { phaseHeading, realisedText } from '../cards/pilots';
import { headlineOf } from '../domain/headline';
import { plannedSessions } from '../domain/measures';
import type { Evaluation, QuestionKey } from '../domain/phases';
import type { Phase, Pilot } from '../domain/pilots';
import { plannedPeriods, readTargets } from '../domain/targets';
import type { Totals } from '../domain/totals';
import { format, formatDate, formatFigure, formatNumber, type Locale, plural, strings, type Strings } from '../i18n';
import { planLine, scheduleText } from '../i18n/planLine';
import { readingText, targetText, type TargetTexts } from '../i18n/targetLine';

export const SECTION_KEYS = ['basics', 'idea', 'environment', 'targetGroup', 'results', 'tips', 'stage'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export type DraftBlock =
  /** A paragraph; may hold typed text. */
  | { kind: 'text'; text: string }
  /** A typed answer under its question: `label` is Polku's, `text` the person's. */
  | { kind: 'field'; label: string; text: string }
  /** What the team must fill in: "[Täydennä: rahoittaja]". Polku's own words only. */
  | { kind: 'prompt'; text: string }
  /** A field of Innokylä's form, or a numbered model of a group ("1. Ohjaus- ja neuvontapuhelin"). */
  | { kind: 'subheading'; text: string }
  /** Short facts, one a line; may hold typed text (places, names). */
  | { kind: 'list'; items: string[] };

export interface DraftSection {
  key: SectionKey;
  heading: string;
  blocks: DraftBlock[];
}

export interface InnokylaDraft {
  locale: Locale;
  /** The practice's name: typed text. */
  title: string;
  /** What the document is ("Toimintamallin kuvaus: luonnos Innokylään"). */
  kind: string;
  /** When and from what it was compiled, and what to do with it. */
  lead: string;
  sections: DraftSection[];
}

/** One pilot as the draft reads it: the pilot, its saved phases and its running totals. */
export interface DraftSource {
  pilot: Pilot;
  phases: Partial<Record<Phase, Evaluation>>;
  totals: Totals;
}

export interface DraftInput {
  /** The practice's name for a group; the first pilot's name when absent. */
  practiceName?: string;
  /** One pilot, or the pilots of one practice in the order they are numbered. At least one. */
  sources: DraftSource[];
  /** Today in Helsinki, YYYY-MM-DD: the draft's date and the day targets are read on. */
  today: string;
}

/** What one section writes for one pilot of the draft. */
type PerPilot = (src: DraftSource) => DraftBlock[];

class DraftWriter {
  readonly t: Strings;
  private readonly number = (n: number) => formatNumber(this.locale, n);
  private readonly fmt = {
    number: (n: number) => formatNumber(this.locale, n),
    date: (iso: string) => formatDate(this.locale, iso),
  };

  constructor(
    readonly locale: Locale,
    private readonly input: DraftInput,
  ) {
    this.t = strings(locale);
  }

  private get i() {
    return this.t.innokyla;
  }

  prompt(what: string): DraftBlock {
    return { kind: 'prompt', text: format(this.i.prompts.fill, { what }) };
  }

  private label(label: string, value: string): string {
    return format(this.i.values.label, { label, value });
  }

  /** A typed answer under its label, or a prompt naming the question when it was left empty. */
  private answer(label: string, text: string | undefined): DraftBlock {
    const typed = text?.trim();
    return typed ? { kind: 'field', label, text: typed } : this.prompt(label);
  }

  /** The phase whose answers are the latest word on the midpoint questions: the end, else the midpoint. */
  private evaluated(src: DraftSource): Exclude<Phase, 'start'> | undefined {
    return src.phases.end ? 'end' : src.phases.midpoint ? 'midpoint' : undefined;
  }

  private startAnswer(src: DraftSource, key: QuestionKey): DraftBlock {
    return this.answer(this.t.questions[key], src.phases.start?.answers[key]);
  }

  /**
   * A question of the midpoint and end forms: the end's answer, or the midpoint's (its phase
   * named) when the end left it empty. Nothing when neither phase is saved yet: the results
   * section says so once.
   */
  private laterAnswer(src: DraftSource, key: QuestionKey): DraftBlock[] {
    const latest = this.evaluated(src);
    if (!latest) return [];
    const question = this.t.questions[key];
    const own = src.phases[latest]?.answers[key]?.trim();
    const earlier = latest === 'end' ? src.phases.midpoint?.answers[key]?.trim() : undefined;
    if (!own && earlier) {
      return [
        {
          kind: 'field',
          label: format(this.i.values.fromPhase, { question, phase: this.t.phases.midpoint }),
          text: earlier,
        },
      ];
    }
    return [this.answer(question, own)];
  }

  /** An end-form-only question: its answer or a prompt once the end is saved, else nothing. */
  private endAnswer(src: DraftSource, key: QuestionKey): DraftBlock[] {
    return src.phases.end ? [this.answer(this.t.questions[key], src.phases.end.answers[key])] : [];
  }

  private get isGroup(): boolean {
    return this.input.sources.length > 1;
  }

  /** Each pilot's blocks; in a group under its number and name, as seed 001 numbers its models. */
  private eachPilot(blocks: PerPilot): DraftBlock[] {
    if (!this.isGroup) return blocks(this.input.sources[0]);
    return this.input.sources.flatMap((src, n) => [
      { kind: 'subheading', text: format(this.i.values.numbered, { n: n + 1, name: src.pilot.name }) } as const,
      ...blocks(src),
    ]);
  }

  private schedule(p: Pilot): string {
    return scheduleText(this.t, this.fmt, p.plan);
  }

  private partners(p: Pilot): string | undefined {
    const names = p.plan.partners.map((x) => this.t.session.partners[x]);
    return names.length ? names.join(', ') : undefined;
  }

  private site(p: Pilot): string | undefined {
    const place = p.plan.place.trim();
    const municipality = p.municipality.trim();
    if (!place) return undefined;
    return municipality && !place.includes(municipality) ? format(this.i.values.site, { place, municipality }) : place;
  }

  /** One text, or a list when there are several. */
  private oneOrList(items: string[]): DraftBlock {
    return items.length === 1 ? { kind: 'text', text: items[0] } : { kind: 'list', items };
  }

  private section(key: SectionKey, blocks: DraftBlock[]): DraftSection {
    return { key, heading: this.i.sections[key], blocks };
  }

  basics(title: string): DraftSection {
    const f = this.i.fields;
    const p = this.i.prompts;
    const pilots = this.input.sources.map((s) => s.pilot);
    const short = pilots.map((pilot) =>
      format(this.isGroup ? this.i.values.shortDescriptionOf : this.i.values.shortDescription, {
        name: pilot.name,
        kind: this.t.kinds[pilot.kind],
        schedule: this.schedule(pilot),
      }),
    );
    const sites = unique(pilots.map((pilot) => this.site(pilot)));
    const municipalities = unique(pilots.map((pilot) => pilot.municipality.trim()));
    return this.section('basics', [
      { kind: 'subheading', text: f.name },
      { kind: 'text', text: title },
      { kind: 'subheading', text: f.shortDescription },
      this.oneOrList(short),
      { kind: 'subheading', text: f.site },
      ...(sites.length ? [this.oneOrList(sites)] : []),
      ...(pilots.some((pilot) => !this.site(pilot)) ? [this.prompt(p.place)] : []),
      { kind: 'subheading', text: f.region },
      ...(municipalities.length ? [{ kind: 'text', text: municipalities.join(', ') } as const] : []),
      this.prompt(p.region),
      { kind: 'subheading', text: f.funder },
      this.prompt(p.funder),
      { kind: 'subheading', text: f.contact },
      this.prompt(p.contact),
      { kind: 'subheading', text: f.coverImage },
      this.prompt(p.images),
    ]);
  }

  idea(): DraftSection {
    const f = this.i.fields;
    const tt = this.targetTexts();
    return this.section(
      'idea',
      this.eachPilot((src) => {
        const p = src.pilot;
        const facts = [
          this.label(f.kind, this.t.kinds[p.kind]),
          this.label(f.plan, planLine(this.t, this.fmt, p.plan)),
          this.label(
            f.dates,
            format(this.i.values.dates, { start: this.fmt.date(p.startDate), end: this.fmt.date(p.endDate) }),
          ),
          ...(p.targets ?? []).map((target) => this.label(f.targets, targetText(tt, this.number, target))),
        ];
        return [
          this.startAnswer(src, 'problem'),
          this.startAnswer(src, 'activity'),
          { kind: 'list', items: facts },
          this.startAnswer(src, 'expectationsPositive'),
          this.startAnswer(src, 'expectationsNegative'),
        ];
      }),
    );
  }

  environment(): DraftSection {
    const f = this.i.fields;
    const blocks = this.eachPilot((src) => {
      const p = src.pilot;
      const partners = this.partners(p);
      const site = this.site(p);
      const facts = [
        ...(p.municipality.trim() ? [this.label(f.municipality, p.municipality.trim())] : []),
        ...(site ? [this.label(f.site, site)] : []),
        ...(partners ? [this.label(f.partners, partners)] : []),
        ...(p.baseline?.trim() ? [this.label(f.baseline, p.baseline.trim())] : []),
      ];
      return facts.length ? [{ kind: 'list', items: facts }] : [];
    });
    return this.section('environment', [...blocks, this.prompt(this.i.prompts.environment)]);
  }

  targetGroup(): DraftSection {
    const blocks = this.eachPilot((src) => [this.startAnswer(src, 'targetGroup')]);
    return this.section('targetGroup', [...blocks, this.prompt(this.i.prompts.clientUnderstanding)]);
  }

  private targetTexts(): TargetTexts {
    return { ...this.t.targets, notComputable: this.t.figures.notComputable };
  }

  /** The figures a reader checks first: realised against the plan, each phase's volume, the headline, the targets. */
  private figures(src: DraftSource): string[] {
    const { pilot, totals } = src;
    const u = this.t.units;
    const realised = realisedText(this.locale, totals, true);
    const planned = plannedSessions(pilot.plan, pilot.startDate, pilot.endDate);
    const volume =
      planned > 0
        ? format(this.i.values.realisedPlanned, {
            realised,
            planned,
            unit: plural(planned, u.sessionsOne, u.sessionsOther),
          })
        : realised;
    const phases = (['midpoint', 'end'] as const).flatMap((phase) => {
      const kept = src.phases[phase]?.realised;
      return kept ? [phaseHeading(this.locale, phase, kept)] : [];
    });
    const headline = headlineOf(pilot.kind, totals).map((fig) =>
      this.label(this.t.figures[fig.key], formatFigure(this.locale, fig)),
    );
    const tt = this.targetTexts();
    const readings = readTargets(pilot.targets, { ...totals, ...plannedPeriods(pilot, this.input.today) }).map((r) =>
      format(this.i.values.target, {
        measure: this.t.targets.measures[r.target.measure],
        reading: readingText(tt, this.number, r),
        status: this.t.targets.status[r.status],
      }),
    );
    return [this.label(this.i.fields.realised, volume), ...phases, ...headline, ...readings];
  }

  results(): DraftSection {
    return this.section(
      'results',
      this.eachPilot((src) => [
        { kind: 'list', items: this.figures(src) },
        this.startAnswer(src, 'evaluationMethod'),
        ...(this.evaluated(src)
          ? [
              ...this.laterAnswer(src, 'targetGroupReached'),
              ...this.laterAnswer(src, 'reachedInstead'),
              ...this.laterAnswer(src, 'overallAssessment'),
              ...this.laterAnswer(src, 'successesAndFailures'),
            ]
          : [this.prompt(this.i.prompts.notEvaluated)]),
      ]),
    );
  }

  tips(): DraftSection {
    return this.section(
      'tips',
      this.eachPilot((src) => [
        this.startAnswer(src, 'resources'),
        ...this.laterAnswer(src, 'additionalNeeds'),
        ...this.laterAnswer(src, 'changes'),
        ...this.endAnswer(src, 'takeaways'),
      ]),
    );
  }

  stage(): DraftSection {
    const f = this.i.fields;
    const blocks = this.eachPilot((src) => {
      const p = src.pilot;
      const decision = p.decision ?? src.phases.end?.decision;
      return [
        {
          kind: 'list',
          items: [
            this.label(f.stage, this.t.stages[p.stage]),
            ...(decision ? [this.label(f.decision, this.t.decisions[decision])] : []),
          ],
        },
        ...(decision ? [] : [this.prompt(this.i.prompts.noDecision)]),
        ...this.endAnswer(src, 'future'),
      ];
    });
    return this.section('stage', [...blocks, this.prompt(this.i.prompts.innokylaStage)]);
  }
}

function unique(items: (string | undefined)[]): string[] {
  return [...new Set(items.filter((x): x is string => !!x))];
}

/** The draft of one practice: Innokylä's seven sections, filled from the pilots' phases, plan and log. */
export function innokylaDraft(locale: Locale, input: DraftInput): InnokylaDraft {
  if (input.sources.length === 0) throw new RangeError('innokylaDraft needs at least one pilot');
  const w = new DraftWriter(locale, input);
  const title = input.practiceName?.trim() || input.sources[0].pilot.name;
  return {
    locale,
    title,
    kind: w.t.innokyla.documentKind,
    lead: format(w.t.innokyla.lead, { date: formatDate(locale, input.today) }),
    sections: [w.basics(title), w.idea(), w.environment(), w.targetGroup(), w.results(), w.tips(), w.stage()],
  };
}
