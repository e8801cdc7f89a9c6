/**
 * The Wednesday Kela consultation in the meeting's side panel (320 px, one column): today's form,
 * each participant's own line (municipality, cases and their outcome, topics, another topic).
 * A member of the host team also sees the pilot's name and how many lines today has; anyone else
 * sees nothing of the host's pilots (the API sends them nothing). Its own page and bundle
 * (sidepanel.html, sidepanel.js), so the main tab does not carry it.
 */
import { type FormEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button } from '@fluentui/react-button';
import { Checkbox } from '@fluentui/react-checkbox';
import { Field } from '@fluentui/react-field';
import { Input } from '@fluentui/react-input';
import { MessageBar, MessageBarBody } from '@fluentui/react-message-bar';
import { FluentProvider } from '@fluentui/react-provider';
import { Select } from '@fluentui/react-select';
import { Spinner } from '@fluentui/react-spinner';
import { teamsHighContrastTheme, type Theme, tokens, webDarkTheme, webLightTheme } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import type {
  ConsultationCountKey,
  ConsultationHostView,
  ConsultationLine,
  ConsultationLineResponse,
  ConsultationState,
} from '../../bot/api/contract';
import { localDate } from '../../bot/domain/localDate';
import {
  countLabels as enCountLabels,
  fields as enFields,
  topics as enTopics,
} from '../../bot/i18n/locales/sessions.en.json';
import {
  countLabels as fiCountLabels,
  fields as fiFields,
  topics as fiTopics,
} from '../../bot/i18n/locales/sessions.fi.json';
import {
  countLabels as svCountLabels,
  fields as svFields,
  topics as svTopics,
} from '../../bot/i18n/locales/sessions.sv.json';
import { Api, ApiFailure } from './api';
import { type ThemeName, useHost } from './host';
import en from './locales/sidepanel.en.json';
import fi from './locales/sidepanel.fi.json';
import sv from './locales/sidepanel.sv.json';

type Locale = 'fi' | 'sv' | 'en';
type Texts = typeof fi & {
  countLabels: Record<string, string>;
  topicLabels: Record<string, string>;
  fields: typeof fiFields;
};
const TEXTS: Record<Locale, Texts> = {
  fi: { ...fi, countLabels: fiCountLabels, topicLabels: fiTopics, fields: fiFields },
  sv: { ...sv, countLabels: svCountLabels, topicLabels: svTopics, fields: svFields },
  en: { ...en, countLabels: enCountLabels, topicLabels: enTopics, fields: enFields },
};
const BCP47: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };
const THEMES: Record<ThemeName, Theme> = {
  default: webLightTheme,
  dark: webDarkTheme,
  contrast: teamsHighContrastTheme,
};
const COUNTS: readonly ConsultationCountKey[] = ['casesConsulted', 'answered', 'referred', 'kelaAppointments'];
/** Required by the session form (bot/domain/sessions.ts `essential`); the Kela appointments may stay empty. */
const REQUIRED: readonly ConsultationCountKey[] = ['casesConsulted', 'answered', 'referred'];
const countField = (k: ConsultationCountKey) => `c_${k}`;

function localeOf(raw: string | null | undefined): Locale {
  const lang = (raw ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return lang === 'sv' || lang === 'en' ? lang : 'fi';
}

function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

const useStyles = makeStyles({
  root: {
    minHeight: '100vh',
    boxSizing: 'border-box',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    maxWidth: '480px',
  },
  h1: {
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    margin: `0 0 ${tokens.spacingVerticalS}`,
  },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  meta: { margin: 0, color: tokens.colorNeutralForeground2 },
  host: {
    margin: 0,
    padding: tokens.spacingHorizontalS,
    borderLeft: `${tokens.strokeWidthThicker} solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  fieldset: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    margin: 0,
    padding: tokens.spacingHorizontalS,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    minWidth: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  hint: { margin: 0, fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  error: { margin: 0, color: tokens.colorPaletteRedForeground1 },
});

/** The side panel's page: finds Teams, signs in, and shows the form in Teams' theme and language. */
export function SidePanelApp({ params }: { params: URLSearchParams }) {
  const { host, theme } = useHost('default');
  const locale = localeOf(params.get('locale') ?? (host?.inTeams ? host.context.app.locale : null));
  const t = TEXTS[locale];
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = `${t.title} – Polku`;
  }, [locale, t]);
  const s = useStyles();
  const api = useMemo(() => (host?.inTeams ? new Api(() => host.token()) : null), [host]);
  const chatId = host?.inTeams ? (host.context.chat?.id ?? null) : null;
  useEffect(() => {
    if (host?.inTeams) host.notifySuccess();
  }, [host]);
  return (
    <FluentProvider theme={THEMES[theme]} style={{ colorScheme: theme === 'default' ? 'light' : 'dark' }}>
      <div className={s.root} data-theme={theme}>
        <main id="main">
          <h1 className={s.h1}>{t.title}</h1>
          {host === null ? (
            <Spinner size="small" label={t.loading} />
          ) : api === null || chatId === null ? (
            <MessageBar intent="info" layout="multiline">
              <MessageBarBody>{t.notInMeeting}</MessageBarBody>
            </MessageBar>
          ) : (
            <Consultation api={api} chatId={chatId} t={t} locale={locale} />
          )}
        </main>
      </div>
    </FluentProvider>
  );
}

type Load =
  { status: 'loading' } | { status: 'ready'; state: ConsultationState } | { status: 'failed'; error: unknown };

/** What a failed load or save tells the user. */
function failureText(t: Texts, e: unknown, fallback: string): string {
  if (e instanceof ApiFailure) {
    if (e.kind === 'forbidden') return t.notMember;
    if (e.kind === 'notFound') return t.notSetUp;
    if (e.kind === 'unauthenticated') return t.unauthenticated;
  }
  return fallback;
}

function Consultation({ api, chatId, t, locale }: { api: Api; chatId: string; t: Texts; locale: Locale }) {
  const s = useStyles();
  const today = useMemo(() => localDate(new Date()), []);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setLoad({ status: 'loading' });
    api.consultation(chatId, today).then(
      (state) => live && setLoad({ status: 'ready', state }),
      (error: unknown) => live && setLoad({ status: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [api, chatId, today, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const date = useMemo(
    () =>
      new Intl.DateTimeFormat(BCP47[locale], {
        day: 'numeric',
        month: 'numeric',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(new Date(`${today}T12:00:00Z`)),
    [locale, today],
  );

  if (load.status === 'loading') return <Spinner size="small" label={t.loading} />;
  if (load.status === 'failed') {
    const text = failureText(t, load.error, t.failed);
    const settled = load.error instanceof ApiFailure && ['forbidden', 'notFound'].includes(load.error.kind);
    return (
      <MessageBar intent={settled ? 'info' : 'error'} layout="multiline">
        <MessageBarBody>
          {text}{' '}
          {!settled && (
            <Button size="small" onClick={reload}>
              {t.retry}
            </Button>
          )}
        </MessageBarBody>
      </MessageBar>
    );
  }
  const { state } = load;
  if (state.status === 'notLinked') return <NotSetUp api={api} chatId={chatId} t={t} onLinked={reload} />;
  return (
    <>
      <p className={s.meta}>{fill(t.today, { date })}</p>
      <LineForm key={state.date} api={api} chatId={chatId} t={t} state={state} />
    </>
  );
}

/** No pilot linked yet: said so; someone with a Kela consultation pilot in their teams may link it here. */
function NotSetUp({ api, chatId, t, onLinked }: { api: Api; chatId: string; t: Texts; onLinked: () => void }) {
  const s = useStyles();
  const [pilots, setPilots] = useState<{ id: string; name: string }[]>([]);
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      // The caller's own teams' consultation pilots, as the overview lists them (nothing of others').
      const me = await api.me().catch(() => null);
      const answers = await Promise.all((me?.teams ?? []).map((team) => api.teamPilots(team).catch(() => null)));
      const found = new Map<string, string>();
      for (const a of answers)
        for (const p of a?.pilots ?? []) if (p.kind === 'kelaConsultation') found.set(p.id, p.name);
      if (!live) return;
      const list = [...found].map(([id, name]) => ({ id, name }));
      setPilots(list);
      setChosen(list[0]?.id ?? '');
    })();
    return () => {
      live = false;
    };
  }, [api]);
  const link = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      await api.linkConsultation(chatId, chosen);
      onLinked();
    } catch (err) {
      setError(failureText(t, err, t.saveFailed));
      setBusy(false);
    }
  };
  return (
    <div className={s.form}>
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>{t.notSetUp}</MessageBarBody>
      </MessageBar>
      <p className={s.hint}>{t.notSetUpHint}</p>
      {pilots.length > 0 && (
        <form className={s.form} onSubmit={(e) => void link(e)}>
          <Field label={t.linkPilot}>
            <Select value={chosen} onChange={(_, d) => setChosen(d.value)}>
              {pilots.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </Select>
          </Field>
          <Button type="submit" appearance="primary" disabled={busy}>
            {busy ? t.linking : t.link}
          </Button>
          {error && (
            <p role="alert" className={s.error}>
              {error}
            </p>
          )}
        </form>
      )}
    </div>
  );
}

interface Draft {
  municipality: string;
  counts: Record<ConsultationCountKey, string>;
  topics: Set<string>;
  otherTopic: string;
}

function draftOf(line: ConsultationLine | null): Draft {
  const counts = Object.fromEntries(
    COUNTS.map((k) => [k, line?.counts[k] === undefined ? '' : String(line.counts[k])]),
  ) as Record<ConsultationCountKey, string>;
  return {
    municipality: line?.municipality ?? '',
    counts,
    topics: new Set(line?.topics ?? []),
    otherTopic: line?.otherTopic ?? '',
  };
}

type FieldErrors = Record<string, string>;

function errorText(t: Texts, e: { code: string; params?: Record<string, string | number> }): string {
  const template = (t.errors as Record<string, string>)[e.code] ?? t.errors.other;
  return fill(template, e.params ?? {});
}

function LineForm({ api, chatId, t, state }: { api: Api; chatId: string; t: Texts; state: ConsultationState }) {
  const s = useStyles();
  const [draft, setDraft] = useState<Draft>(() => draftOf(state.mine));
  const [host, setHost] = useState<ConsultationHostView | null>(state.host);
  const [saved, setSaved] = useState<ConsultationLineResponse['status'] | null>(null);
  const [hadLine, setHadLine] = useState(state.mine !== null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const listId = 'sidepanel-municipalities';

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setSaved(null);
    setFailure(null);
    try {
      const counts: Partial<Record<ConsultationCountKey, string>> = {};
      for (const k of COUNTS) if (draft.counts[k].trim() !== '') counts[k] = draft.counts[k].trim();
      const answer = await api.saveConsultationLine(chatId, {
        date: state.date,
        municipality: draft.municipality,
        counts,
        topics: state.topics.filter((topic) => draft.topics.has(topic)),
        ...(draft.otherTopic.trim() ? { otherTopic: draft.otherTopic.trim() } : {}),
      });
      setErrors({});
      setSaved(answer.status);
      setHost(answer.host);
      setHadLine(true);
    } catch (err) {
      if (err instanceof ApiFailure && err.kind === 'invalid') {
        const next: FieldErrors = {};
        for (const f of err.fields) next[f.field] ??= errorText(t, f);
        setErrors(next);
        setFailure(t.fixErrors);
        // The first refused field takes the focus, so a keyboard or screen-reader user lands on it.
        requestAnimationFrame(() => {
          formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        });
      } else {
        setFailure(failureText(t, err, t.saveFailed));
      }
    } finally {
      setBusy(false);
    }
  };

  const setCount = (k: ConsultationCountKey, v: string) => setDraft((d) => ({ ...d, counts: { ...d.counts, [k]: v } }));
  const dateError = errors.date;
  const topicsError = errors.topics;

  return (
    <form ref={formRef} className={s.form} onSubmit={(e) => void save(e)} noValidate>
      {host && (
        <p className={s.host}>
          {fill(t.pilot, { name: host.pilotName })}
          <br />
          {host.lines === 1 ? t.linesOne : fill(t.linesOther, { count: host.lines })}
        </p>
      )}
      <p className={s.hint}>{hadLine ? t.yourLine : t.intro}</p>
      {dateError && (
        <p role="alert" className={s.error}>
          {dateError}
        </p>
      )}
      <Field
        label={t.municipality}
        required
        hint={host ? t.municipalityHint : t.municipalityHintGuest}
        validationMessage={errors.municipality}
      >
        <Input
          value={draft.municipality}
          onChange={(_, d) => setDraft((x) => ({ ...x, municipality: d.value }))}
          autoComplete="off"
          maxLength={120}
          {...(host && host.municipalities.length > 0 ? { list: listId } : {})}
        />
      </Field>
      {host && host.municipalities.length > 0 && (
        <datalist id={listId}>
          {host.municipalities.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
      )}
      <fieldset className={s.fieldset} aria-describedby="sidepanel-outcome-hint">
        <legend className={s.legend}>{t.outcome}</legend>
        <p id="sidepanel-outcome-hint" className={s.hint}>
          {t.outcomeHint}
        </p>
        {COUNTS.map((k) => (
          <CountInput
            key={k}
            label={t.countLabels[k] ?? k}
            required={REQUIRED.includes(k)}
            optional={t.optional}
            value={draft.counts[k]}
            max={state.maxCount}
            error={errors[countField(k)]}
            onChange={(v) => setCount(k, v)}
          />
        ))}
      </fieldset>
      <fieldset className={s.fieldset}>
        <legend className={s.legend}>{t.fields.topics}</legend>
        {state.topics.map((topic) => (
          <Checkbox
            key={topic}
            label={t.topicLabels[topic] ?? topic}
            checked={draft.topics.has(topic)}
            onChange={(_, d) =>
              setDraft((x) => {
                const topics = new Set(x.topics);
                if (d.checked === true) topics.add(topic);
                else topics.delete(topic);
                return { ...x, topics };
              })
            }
          />
        ))}
        {topicsError && (
          <p role="alert" className={s.error}>
            {topicsError}
          </p>
        )}
      </fieldset>
      <Field label={`${t.fields.otherTopic} ${t.optional}`} hint={t.otherHint} validationMessage={errors.otherTopic}>
        <Input
          value={draft.otherTopic}
          maxLength={250}
          onChange={(_, d) => setDraft((x) => ({ ...x, otherTopic: d.value }))}
        />
      </Field>
      <Button type="submit" appearance="primary" disabled={busy}>
        {busy ? t.saving : t.save}
      </Button>
      <Live>
        {failure ? (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{failure}</MessageBarBody>
          </MessageBar>
        ) : saved ? (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>{t[saved]}</MessageBarBody>
          </MessageBar>
        ) : null}
      </Live>
    </form>
  );
}

/** A polite live region that stays on the page, so what appears in it is announced. */
function Live({ children }: { children: ReactNode }) {
  return (
    <div role="status" aria-live="polite">
      {children}
    </div>
  );
}

function CountInput(o: {
  label: string;
  required: boolean;
  optional: string;
  value: string;
  max: number;
  error?: string;
  onChange: (v: string) => void;
}) {
  return (
    <Field label={o.required ? o.label : `${o.label} ${o.optional}`} required={o.required} validationMessage={o.error}>
      <Input
        type="number"
        inputMode="numeric"
        min={0}
        max={o.max}
        step={1}
        value={o.value}
        onChange={(_, d) => o.onChange(d.value)}
      />
    </Field>
  );
}
