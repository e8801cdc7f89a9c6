/**
 * The shapes the generic templates take: a form's fields, a card's actions, messages beside
 * fields. Builders in pilots.ts and sessions.ts fill these from domain objects.
 */
import type { FormError } from '../domain/forms';
import { formErrorText } from '../i18n/formErrors';
import { formatNumber, type Locale, strings } from '../i18n';
import { type AdaptiveCardJson, renderCard } from './index';

export type NoticeStyle = 'good' | 'attention' | 'warning' | '';

export interface Choice {
  title: string;
  value: string;
}

export interface FieldView {
  kind: 'text' | 'number' | 'date' | 'time' | 'choice';
  id: string;
  label: string;
  value: string | number;
  required: boolean;
  requiredMessage: string;
  max: number | '';
  min: number | '';
  multiline: boolean;
  choices: Choice[];
  multi: boolean;
  style: 'compact' | 'expanded' | '';
  error: string;
  /** The user's own text that a concurrent save kept out of the field, shown beneath it. */
  theirs: string;
  /** A heading above the field that opens a group (e.g. the optional service packages). */
  heading: string;
  /** false: hidden until the card's "more" button shows it (the quick log's other counts). */
  visible: boolean | '';
  /** The id of the field's container, for the "more" button to show it; set on hidden fields. */
  containerId: string;
}

export function field(f: Pick<FieldView, 'kind' | 'id' | 'label'> & Partial<FieldView>): FieldView {
  // Input.Number holds a number: what was typed comes back as text ("2", "1,5"). A number input
  // cannot hold anything else, so nothing typed is lost by reading it as a number.
  if (f.kind === 'number' && typeof f.value === 'string') {
    const n = Number(f.value.replace(',', '.'));
    f = { ...f, value: f.value.trim() !== '' && Number.isFinite(n) ? n : '' };
  }
  return {
    value: '',
    required: false,
    requiredMessage: '',
    max: '',
    min: '',
    multiline: false,
    choices: [],
    multi: false,
    style: '',
    error: '',
    theirs: '',
    heading: '',
    visible: '',
    containerId: '',
    ...f,
  };
}

/** The field hidden until the card's "more" button shows it. */
export function hiddenField(f: FieldView): FieldView {
  return { ...f, visible: false, containerId: `more_${f.id}` };
}

export interface ActionView {
  title: string;
  verb: string;
  data: Record<string, unknown>;
  style: 'positive' | 'destructive' | '';
  /** 'none' for buttons that leave a form without checking it (back, cancel). */
  inputs: 'none' | '';
}

export function action(
  title: string,
  verb: string,
  data: Record<string, unknown> = {},
  opts: { style?: ActionView['style']; inputs?: ActionView['inputs'] } = {},
): ActionView {
  return { title, verb, data, style: opts.style ?? '', inputs: opts.inputs ?? '' };
}

export interface FormView {
  title: string;
  subtitle?: string;
  /** A line of guidance above the fields. */
  intro?: string;
  notice?: string;
  noticeStyle?: NoticeStyle;
  info?: { heading: string; text: string }[];
  fields?: FieldView[];
  actions: ActionView[];
  footnote?: string;
  /** The title of the button that shows the hidden fields. */
  moreTitle?: string;
  /** Buttons behind one more (Action.ShowCard), so that the main ones fit a phone: a reminder's snooze and "no more prompts". */
  later?: { title: string; actions: ActionView[] };
}

export function formCard(locale: Locale, v: FormView): AdaptiveCardJson {
  const t = strings(locale);
  const hidden = (v.fields ?? []).filter((f) => f.visible === false).map((f) => f.containerId);
  return renderCard('form', locale, {
    // The "more" button shows the hidden fields (Action.ToggleVisibility, shown and never hidden again).
    more: {
      title: hidden.length ? (v.moreTitle ?? '') : '',
      targets: hidden.map((elementId) => ({ elementId, isVisible: true })),
    },
    subtitle: '',
    intro: '',
    notice: '',
    noticeStyle: '',
    info: [],
    fields: [],
    footnote: '',
    theirsLabel: t.phaseForm.yourVersion,
    ...v,
    later: v.later?.actions.length ? v.later : { title: '', actions: [] },
  });
}

/** A short message card, e.g. "no access", with optional buttons. */
export function noticeCard(
  locale: Locale,
  title: string,
  notice: string,
  style: NoticeStyle,
  actions: ActionView[] = [],
): AdaptiveCardJson {
  return formCard(locale, { title, notice, noticeStyle: style, actions });
}

/** The message for a field's error, in the user's language, with its parameters filled. */
export function errorText(locale: Locale, e: FormError): string {
  return formErrorText(strings(locale), (n) => formatNumber(locale, n), e);
}

/** The error message of each field, for the fields that have one; the first error of a field wins. */
export function errorsByField(locale: Locale, errors: FormError[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of errors) if (!out.has(e.field)) out.set(e.field, errorText(locale, e));
  return out;
}

/**
 * When storage did not answer: the reason, and a button that sends the same action again with
 * everything the user entered (it travels in the button's data; the idempotency key with it, so
 * a retry never saves twice).
 */
export function retryCard(
  locale: Locale,
  reason: string,
  verb: string,
  data: Record<string, unknown>,
): AdaptiveCardJson {
  const t = strings(locale).errors;
  const retry = action(t.retry, verb, data, { style: 'positive' });
  return formCard(locale, {
    title: t.notSavedTitle,
    notice: reason,
    noticeStyle: 'attention',
    intro: t.keptForRetry,
    actions: [retry],
  });
}
