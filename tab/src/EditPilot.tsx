/**
 * Editing a pilot, for its owners: a section of the pilot's page whose button opens the form with
 * the pilot as it is (the bot's edit card has the same fields and the same rules: the server
 * reads both through application/pilotEdit.ts). A refused field says why beside it, in the
 * bot's words (bot/i18n/formErrors.ts), and keeps what was typed; a pilot changed meanwhile is
 * not overwritten. The kind cannot change. Owners are kept or removed here; new ones are chosen
 * on the bot's card, where the team's roster is at hand.
 */
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '@fluentui/react-button';
import { Checkbox } from '@fluentui/react-checkbox';
import { Field } from '@fluentui/react-field';
import { Input } from '@fluentui/react-input';
import { MessageBar, MessageBarBody } from '@fluentui/react-message-bar';
import { Select } from '@fluentui/react-select';
import { Textarea } from '@fluentui/react-textarea';
import { tokens } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import type { PilotDetail } from '../../bot/api/contract';
import type { FormError } from '../../bot/domain/forms';
import { KIND_MEASURES, TARGET_OPS, targetFields } from '../../bot/domain/targets';
import { rebaseEdit } from '../../bot/domain/pilotEdit';
import { PARTNERS, type Weekday } from '../../bot/domain/pilots';
import { FREQUENCY_KINDS, type FrequencyKind, MONTH_WEEKS, WEEKDAY_FREQUENCIES } from '../../bot/domain/plan';
import { formErrorText } from '../../bot/i18n/formErrors';
import { ApiFailure } from './api';
import { format } from './formats';
import { FailureMessage, useApp, useShared } from './ui';

const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

/** What the page says once an edit went through. */
export type PilotEdited = { status: 'saved'; changed: string[] } | { status: 'unchanged' | 'alreadySaved' };

const useStyles = makeStyles({
  section: { marginTop: tokens.spacingVerticalXXL },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '40rem' },
  group: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    margin: '0',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} ${tokens.spacingVerticalM}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  choices: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalM },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  text: { margin: `0 0 ${tokens.spacingVerticalM}` },
  errorText: { margin: '0', color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
  errorList: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingInlineStart: tokens.spacingHorizontalXL },
});

/** A list input ('1,3') as its set of keys, and back. */
const listOf = (v: string | undefined): string[] => (v ?? '').split(',').filter(Boolean);

export function EditPilot({
  detail,
  onEdited,
  reload,
}: {
  detail: PilotDetail;
  /** After a save: the page says what happened and loads the pilot anew. */
  onEdited: (e: PilotEdited) => void;
  /** Loads the pilot anew, keeping this form (and what was typed) on the page. */
  reload: () => void;
}) {
  const s = useStyles();
  const shared = useShared();
  const { api, f } = useApp();
  const t = f.t;
  const te = t.editPilot;
  const form = t.pilotForm;
  const edit = detail.edit;
  const ids = { heading: useId(), note: useId(), errors: useId(), field: useId() };
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  // The pilot the form was opened on (or last brought up to date with) and its version.
  const [base, setBase] = useState<{ version: number; inputs: Record<string, string> } | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [conflicted, setConflicted] = useState(false);
  const [busy, setBusy] = useState(false);
  // One key for this form's edit: a retry after a lost answer saves nothing twice.
  const [key, setKey] = useState('');
  // After a conflict the page loads the pilot anew: the fields the person did not touch take
  // the pilot's new values, the ones they changed keep what they typed, and the next save is
  // checked against the new version. So saving again does not undo the other person's change.
  useEffect(() => {
    if (!edit || !base || !conflicted || edit.version === base.version) return;
    setValues((typed) => rebaseEdit(base.inputs, typed, edit.inputs));
    setBase({ version: edit.version, inputs: edit.inputs });
  }, [edit, base, conflicted]);
  if (!edit) return null;

  const start = () => {
    setValues({ ...edit.inputs });
    setBase({ version: edit.version, inputs: edit.inputs });
    setErrors([]);
    setFailure(null);
    setConflicted(false);
    setKey(crypto.randomUUID());
    setOpen(true);
  };
  const set = (name: string) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  const toggle = (name: string, item: string, on: boolean) =>
    setValues((v) => {
      const list = listOf(v[name]).filter((x) => x !== item);
      return { ...v, [name]: (on ? [...list, item] : list).join(',') };
    });
  const errorsOf = (name: string) => errors.filter((e) => e.field === name);
  const message = (e: FormError) =>
    formErrorText({ validation: t.validation, plan: t.planTexts }, (n) => f.number(n), e);
  /** A Field's error state and message: what the server said of this input. */
  const status = (name: string) => {
    const mine = errorsOf(name);
    return mine.length ? { validationState: 'error' as const, validationMessage: mine.map(message).join(' ') } : {};
  };
  const text = (
    name: string,
    label: string,
    extra: { type?: 'date' | 'time'; hint?: string; required?: boolean } = {},
  ) => (
    <Field label={label} hint={extra.hint} required={extra.required} {...status(name)}>
      <Input
        name={name}
        type={extra.type ?? 'text'}
        value={values[name] ?? ''}
        onChange={(_, d) => set(name)(d.value)}
        autoComplete="off"
      />
    </Field>
  );
  const choices = (
    name: string,
    legend: string,
    items: { key: string; label: string; disabled?: boolean }[],
  ): ReactNode => {
    const chosen = listOf(values[name]);
    const mine = errorsOf(name);
    return (
      <fieldset className={s.group} aria-describedby={mine.length ? `${ids.field}-${name}` : undefined}>
        <legend className={s.legend}>{legend}</legend>
        <div className={s.choices}>
          {items.map((i) => (
            <Checkbox
              key={i.key}
              label={i.label}
              checked={i.disabled ? true : chosen.includes(i.key)}
              disabled={i.disabled}
              onChange={(_, d) => toggle(name, i.key, d.checked === true)}
            />
          ))}
        </div>
        {mine.length > 0 && (
          <p id={`${ids.field}-${name}`} role="alert" className={s.errorText}>
            {mine.map(message).join(' ')}
          </p>
        )}
      </fieldset>
    );
  };

  const frequency = (values.frequency || 'weekly') as FrequencyKind;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy || !base) return;
    setBusy(true);
    setFailure(null);
    setConflicted(false);
    api.editPilot(detail.overview.id, { inputs: values, version: base.version, idempotencyKey: key }).then(
      (r) => {
        setBusy(false);
        setOpen(false);
        setErrors([]);
        onEdited(r.status === 'saved' ? { status: 'saved', changed: r.changed } : { status: r.status });
      },
      (err: unknown) => {
        // The form stays open with what was typed; the fields or the message say what went wrong.
        setBusy(false);
        if (err instanceof ApiFailure && err.kind === 'invalid') {
          setErrors(err.fields);
        } else if (err instanceof ApiFailure && err.kind === 'conflict') {
          setErrors([]);
          setConflicted(true);
          // The pilot as it is now, so that saving again is checked against it.
          reload();
        } else {
          setErrors([]);
          setFailure(err);
        }
      },
    );
  };

  const you = edit.you;
  const owners = detail.overview.owners;
  return (
    <section aria-labelledby={ids.heading} className={`${s.section} no-print`}>
      <h2 id={ids.heading} className={shared.h2}>
        {te.heading}
      </h2>
      {!open ? (
        <>
          <p className={s.text}>{form.editNote}</p>
          <Button onClick={start}>{te.button}</Button>
        </>
      ) : (
        <form className={s.form} onSubmit={submit} noValidate aria-describedby={ids.note}>
          <p id={ids.note} className={s.text}>
            {form.editNote}
          </p>
          {text('name', form.name, { required: true })}
          {text('municipality', form.municipality, { required: true })}
          <fieldset className={s.group}>
            <legend className={s.legend}>{te.planHeading}</legend>
            <Field label={t.planTexts.fields.frequency} {...status('frequency')}>
              <Select value={frequency} onChange={(_, d) => set('frequency')(d.value)}>
                {FREQUENCY_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t.planTexts.frequencies[k]}
                  </option>
                ))}
              </Select>
            </Field>
            {WEEKDAY_FREQUENCIES.includes(frequency) &&
              choices(
                'weekdays',
                form.weekdays,
                WEEKDAYS.map((d) => ({ key: String(d), label: t.weekdays[String(d) as keyof typeof t.weekdays] })),
              )}
            {frequency === 'monthlyWeekday' && (
              <Field label={t.planTexts.fields.monthWeek} {...status('monthWeek')}>
                <Select value={values.monthWeek ?? ''} onChange={(_, d) => set('monthWeek')(d.value)}>
                  <option value="">{te.chooseMonthWeek}</option>
                  {MONTH_WEEKS.map((w) => (
                    <option key={w} value={w}>
                      {t.planTexts.monthWeeks[w]}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            {frequency === 'monthlyDay' && text('monthDay', t.planTexts.fields.monthDay)}
            {frequency === 'dates' && (
              <Field label={t.planTexts.fields.planDates} {...status('planDates')}>
                <Textarea
                  value={values.planDates ?? ''}
                  onChange={(_, d) => set('planDates')(d.value)}
                  resize="vertical"
                />
              </Field>
            )}
            {text('startTime', form.startTime, { type: 'time' })}
            {text('hoursPerSession', form.hoursPerSession, { required: true })}
            {text('place', form.place)}
            {choices(
              'partners',
              form.partners,
              PARTNERS.map((p) => ({ key: p, label: t.partners[p] })),
            )}
            {text('plannedSessions', form.plannedSessions)}
            {text('baseline', t.planTexts.fields.baseline)}
          </fieldset>
          <fieldset className={s.group}>
            <legend className={s.legend}>{t.targets.heading}</legend>
            <p className={s.text}>{t.targets.fieldsNote}</p>
            {[1, 2, 3].map((n) => {
              const tf = targetFields(n);
              return (
                <div key={n} className={s.group}>
                  <Field label={t.targets.fields[tf.measure]} {...status(tf.measure)}>
                    <Select value={values[tf.measure] ?? ''} onChange={(_, d) => set(tf.measure)(d.value)}>
                      <option value="">{te.noTarget}</option>
                      {KIND_MEASURES[detail.overview.kind].map((m) => (
                        <option key={m} value={m}>
                          {t.targets.measures[m]}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <Field label={t.targets.fields[tf.op]} {...status(tf.op)}>
                    <Select value={values[tf.op] || 'atLeast'} onChange={(_, d) => set(tf.op)(d.value)}>
                      {TARGET_OPS.map((o) => (
                        <option key={o} value={o}>
                          {t.targets.ops[o]}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  {text(tf.value, t.targets.fields[tf.value])}
                </div>
              );
            })}
          </fieldset>
          <fieldset className={s.group}>
            <legend className={s.legend}>{te.datesHeading}</legend>
            {text('startDate', form.startDate, { type: 'date', required: true })}
            {text('midpointDate', form.midpointDate, { type: 'date', required: true })}
            {text('endDate', form.endDate, { type: 'date', required: true })}
          </fieldset>
          {choices(
            'owners',
            te.ownersHeading,
            owners.map((o) =>
              o.id === you
                ? { key: o.id, label: format(te.you, { name: f.person(o) }), disabled: true }
                : { key: o.id, label: f.person(o) },
            ),
          )}
          <p className={s.text}>{te.ownersHint}</p>
          {errors.length > 0 && (
            <MessageBar intent="error" layout="multiline" role="alert">
              <MessageBarBody id={ids.errors}>
                {format(te.errors, { count: f.number(errors.length) })}
                <ul className={s.errorList}>
                  {errors.map((e, i) => (
                    <li key={`${e.field}-${i}`}>{message(e)}</li>
                  ))}
                </ul>
              </MessageBarBody>
            </MessageBar>
          )}
          {conflicted && (
            <MessageBar intent="warning" layout="multiline" role="alert">
              <MessageBarBody>{form.editConflict}</MessageBarBody>
            </MessageBar>
          )}
          {failure !== null && (
            <FailureMessage
              error={failure}
              texts={{ forbidden: te.forbidden, failed: te.failed, unavailable: te.failed }}
            />
          )}
          <div className={s.actions}>
            <Button type="submit" appearance="primary" disabled={busy} disabledFocusable={busy}>
              {busy ? te.saving : form.saveEdit}
            </Button>
            <Button onClick={() => setOpen(false)} disabled={busy}>
              {te.close}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
