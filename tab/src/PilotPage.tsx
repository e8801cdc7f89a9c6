/**
 * One pilot: its summary, the three phases' answers side by side, the weekly chart, the sessions
 * (sorted and paged by the API), the decision, the change history and the exports.
 */
import { targetText } from '../../bot/i18n/targetLine';
import { planLine, type PlanFormats, type PlanTexts, scheduleText } from '../../bot/i18n/planLine';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button } from '@fluentui/react-button';
import { Link } from '@fluentui/react-link';
import { MessageBar, MessageBarBody } from '@fluentui/react-message-bar';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-table';
import { tokens } from '@fluentui/react-theme';
import { makeStyles, mergeClasses } from '@griffel/react';
import type { EditValue, HistoryView, PhaseView, PilotDetail, SessionView } from '../../bot/api/contract';
import { PHASES } from '../../bot/domain/pilots';
import { type CountKey, SESSION_FORMS } from '../../bot/domain/sessions';
import type { ExportFormat, ExportWhat, SessionSort } from './api';
import { format, type Formats } from './formats';
import { todayIso, weeklySeries } from './model';
import { Measures, PhaseTimeline, ProgressField } from './PilotCard';
import { PHASE_ROWS, phaseHeading } from './phases';
import { hrefOf } from './route';
import { TrendChart } from './TrendChart';
import { TargetChart } from './TargetChart';
import { InnokylaDraftButtons } from './InnokylaDraft';
import { DeletePilot, type PilotDeleted } from './DeletePilot';
import { EditPilot, type PilotEdited } from './EditPilot';
import { CardsSkeleton, ExportButton, FailureMessage, PageHeading, useApp, useShared } from './ui';
import { useData } from './useData';

const PAGE_SIZE = 10;

const useStyles = makeStyles({
  meta: { margin: '0', color: tokens.colorNeutralForeground2 },
  summary: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))',
    gap: tokens.spacingHorizontalXL,
    alignItems: 'start',
  },
  details: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: '0',
  },
  dt: { color: tokens.colorNeutralForeground2 },
  dd: { margin: '0' },
  phases: { tableLayout: 'fixed', minWidth: '760px' },
  topicCell: { width: '14%', verticalAlign: 'top', fontWeight: tokens.fontWeightSemibold },
  phaseCell: { verticalAlign: 'top', paddingTop: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS },
  question: { margin: `0 0 2px`, fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase200 },
  answer: { margin: `0 0 ${tokens.spacingVerticalS}`, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  notAnswered: { margin: `0 0 ${tokens.spacingVerticalS}`, color: tokens.colorNeutralForeground2, fontStyle: 'italic' },
  phaseHead: { verticalAlign: 'bottom' },
  phaseHeadSub: { display: 'block', fontWeight: tokens.fontWeightRegular, color: tokens.colorNeutralForeground2 },
  sessions: { tableLayout: 'auto', minWidth: '900px' },
  countHead: { minWidth: '96px', verticalAlign: 'bottom' },
  pager: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, marginTop: tokens.spacingVerticalS },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  caption: { textAlign: 'start', padding: `${tokens.spacingVerticalS} 0`, color: tokens.colorNeutralForeground2 },
  decision: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: '0' },
});

/** The pilot's details and every session (for the chart and the phase headings), loaded side by side. */
export function usePilot(id: string) {
  const { api } = useApp();
  // A reload (after an edit) goes on showing the page, so an open form keeps what was typed.
  const detail = useData(
    useCallback(() => api.pilot(id), [api, id]),
    { keep: true },
  );
  // Without the log the page still shows everything else, its headings without "toteutunut …";
  // the printed report says the log is missing and cannot be printed (PrintReport.tsx).
  const log = useData(useCallback(() => api.allSessions(id), [api, id]));
  const sessions = log.state.status === 'ready' ? log.state.value : null;
  const sessionsFailed = log.state.status === 'failed';
  const retryDetail = detail.retry;
  const retryLog = log.retry;
  const retry = useCallback(() => {
    retryDetail();
    retryLog();
  }, [retryDetail, retryLog]);
  return { detail: detail.state, sessions, sessionsFailed, retry, reloadDetail: retryDetail };
}

/** The optional counts and the chosen list values (topics, marketing channels) of a session, in words. */
function extras(f: Formats, kind: keyof typeof SESSION_FORMS, s: SessionView): string {
  const parts = SESSION_FORMS[kind].optionalCounts
    .filter((k) => s.counts[k] !== undefined)
    .map((k) => `${f.t.countLabels[k]} ${f.number(s.counts[k] ?? 0)}`);
  for (const tag of s.tags) {
    const [prefix, value] = tag.split(':');
    const labels: Record<string, string> | undefined =
      prefix === 'topic' ? f.t.topicLabels : prefix === 'channel' ? f.t.channelLabels : undefined;
    parts.push(labels?.[value] ?? value ?? tag);
  }
  return parts.join(', ');
}

function SessionsTable({ detail }: { detail: PilotDetail }) {
  const s = useStyles();
  const shared = useShared();
  const { api, f } = useApp();
  const t = f.t.sessions;
  const pilot = detail.overview;
  const [sort, setSort] = useState<SessionSort>('-date');
  const [offset, setOffset] = useState(0);
  // The page shown stays while the next one loads.
  const { state: page, retry } = useData(
    useCallback(() => api.sessions(pilot.id, { offset, limit: PAGE_SIZE, sort }), [api, pilot.id, offset, sort]),
    { keep: true },
  );
  const sortBy = (column: 'date' | 'hours') => {
    const descending = sort === `-${column}`;
    const ascending = sort === column;
    // A new column starts with the newest or largest first.
    setSort(ascending ? `-${column}` : descending ? column : `-${column}`);
    setOffset(0);
  };
  const direction = (column: 'date' | 'hours') =>
    sort === column ? 'ascending' : sort === `-${column}` ? 'descending' : undefined;
  if (page.status === 'failed') return <FailureMessage error={page.error} onRetry={retry} />;
  const value = page.status === 'ready' ? page.value : null;
  if (value && value.total === 0) return <p>{t.none}</p>;
  const form = SESSION_FORMS[pilot.kind];
  const counts: CountKey[] = form.counts;
  const hasExtras = form.optionalCounts.length > 0 || form.tagList !== undefined;
  const from = value ? value.offset + 1 : 0;
  const to = value ? value.offset + value.items.length : 0;
  return (
    <>
      <div className={shared.scroller} tabIndex={0} role="region" aria-labelledby="sessions-caption">
        <Table sortable className={s.sessions} size="small" aria-busy={page.status === 'loading'}>
          <caption id="sessions-caption" className={s.caption}>
            {t.caption}
            {value && ` (${format(t.range, { from, to, total: value.total })})`}
          </caption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell sortDirection={direction('date')} onClick={() => sortBy('date')}>
                {t.date}
              </TableHeaderCell>
              <TableHeaderCell
                className={shared.number}
                sortDirection={direction('hours')}
                onClick={() => sortBy('hours')}
              >
                {t.hours}
              </TableHeaderCell>
              {counts.map((k) => (
                <TableHeaderCell key={k} sortable={false} className={mergeClasses(shared.number, s.countHead)}>
                  {f.t.countLabels[k]}
                </TableHeaderCell>
              ))}
              {hasExtras && <TableHeaderCell sortable={false}>{t.counts}</TableHeaderCell>}
              <TableHeaderCell sortable={false}>{t.place}</TableHeaderCell>
              <TableHeaderCell sortable={false}>{t.partners}</TableHeaderCell>
              <TableHeaderCell sortable={false}>{t.note}</TableHeaderCell>
              <TableHeaderCell sortable={false}>{t.loggedBy}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {(value?.items ?? []).map((row) => (
              <TableRow key={row.id}>
                <TableCell>{f.date(row.date)}</TableCell>
                <TableCell className={shared.number}>{f.number(row.hours)}</TableCell>
                {counts.map((k) => (
                  <TableCell key={k} className={shared.number}>
                    {row.counts[k] === undefined ? f.t.none : f.number(row.counts[k])}
                  </TableCell>
                ))}
                {hasExtras && <TableCell>{extras(f, pilot.kind, row) || f.t.none}</TableCell>}
                <TableCell>{row.place ?? f.t.none}</TableCell>
                <TableCell>
                  {row.partnersPresent.length === 0
                    ? f.t.none
                    : row.partnersPresent.map((p) => f.t.partners[p as keyof typeof f.t.partners] ?? p).join(', ')}
                </TableCell>
                <TableCell>{row.note ?? f.t.none}</TableCell>
                <TableCell>{f.person(row.loggedBy)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {value && value.total > PAGE_SIZE && (
        <nav className={s.pager} aria-label={t.pagination}>
          <Button
            disabled={offset === 0}
            disabledFocusable={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
          >
            {t.previous}
          </Button>
          <span aria-live="polite">{format(t.range, { from, to, total: value.total })}</span>
          <Button
            disabled={to >= value.total}
            disabledFocusable={to >= value.total}
            onClick={() => setOffset(offset + PAGE_SIZE)}
          >
            {t.next}
          </Button>
        </nav>
      )}
    </>
  );
}

function PhasesSideBySide({ detail, sessions }: { detail: PilotDetail; sessions: SessionView[] | null }) {
  const s = useStyles();
  const shared = useShared();
  const { f } = useApp();
  const t = f.t;
  return (
    <div className={shared.scroller} tabIndex={0} role="region" aria-labelledby="phases-caption">
      <Table className={s.phases}>
        <caption id="phases-caption" className={s.caption}>
          {t.pilot.phasesCaption}
        </caption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={s.topicCell}>{t.pilot.topic}</TableHeaderCell>
            {PHASES.map((phase) => {
              const saved = detail.phases[phase];
              return (
                <TableHeaderCell key={phase} className={s.phaseHead} data-phase={phase}>
                  <span>
                    {phaseHeading(f, detail.overview, phase, sessions, saved?.realised)}
                    <span className={s.phaseHeadSub}>
                      {saved
                        ? format(t.pilot.savedBy, { who: f.person(saved.updatedBy), at: f.dateTime(saved.updatedAt) })
                        : t.pilot.phaseNotSaved}
                    </span>
                  </span>
                </TableHeaderCell>
              );
            })}
          </TableRow>
        </TableHeader>
        <TableBody>
          {PHASE_ROWS.map((row) => (
            <TableRow key={row.topic}>
              <TableHeaderCell scope="row" className={s.topicCell}>
                {t.pilot.topics[row.topic]}
              </TableHeaderCell>
              {PHASES.map((phase) => {
                const answers = detail.phases[phase]?.answers;
                return (
                  <TableCell key={phase} className={s.phaseCell}>
                    {row.questions[phase].map((q) => (
                      <div key={q}>
                        <p className={s.question}>{t.questions[q]}</p>
                        {answers?.[q] ? (
                          <p className={s.answer}>{answers[q]}</p>
                        ) : (
                          <p className={s.notAnswered}>{answers ? t.pilot.notAnswered : t.pilot.phaseNotSaved}</p>
                        )}
                      </div>
                    ))}
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

/** The texts the plan line is written with, as the bot's card writes it (bot/i18n/planLine.ts). */
function planWords(f: Formats): [PlanTexts, PlanFormats] {
  const t = f.t;
  return [
    {
      weekdays: t.weekdays,
      plan: t.planTexts,
      pilotCard: { planValue: t.planValue, planNoTime: t.planNoTime, noPlace: t.noPlace },
    },
    { number: (n) => f.number(n), date: (iso) => f.date(iso) },
  ];
}

/** One value of a pilot edit in words: dates and numbers formatted, partners and people by name, the plan's when as the plan line says it. */
function editValueText(f: Formats, v: EditValue | null): string {
  if (v === null) return f.t.none;
  if ('text' in v) return v.text || f.t.none;
  if ('date' in v) return f.date(v.date);
  if ('number' in v) return f.number(v.number);
  if ('partners' in v) return v.partners.length ? v.partners.map((p) => f.t.partners[p] ?? p).join(', ') : f.t.none;
  if ('people' in v) return v.people.length ? v.people.map((p) => f.person(p)).join(', ') : f.t.none;
  if ('targets' in v)
    return v.targets.length
      ? v.targets.map((x) => targetText(f.t.targets, (n) => f.number(n), x)).join('; ')
      : f.t.none;
  return scheduleText(...planWords(f), v.schedule);
}

function changedText(f: Formats, h: HistoryView): string {
  if (h.what === 'pilotEdited') {
    const fields: Record<string, string> = f.t.history.fields;
    return h.edits
      .map((e) =>
        format(f.t.history.edit, {
          field: fields[e.field] ?? e.field,
          from: editValueText(f, e.from),
          to: editValueText(f, e.to),
        }),
      )
      .join('; ');
  }
  if (h.warning && h.what === 'warningAnswered') return h.warning.answer ?? f.t.none;
  if (h.warning) {
    return h.warning.kind === 'belowTarget'
      ? format(f.t.history.warningBelow, {
          measures: (h.warning.measures ?? []).map((m) => f.t.targets.measures[m]).join(', '),
        })
      : format(f.t.history.warningEmpty, { dates: (h.warning.dates ?? []).map((d) => f.date(d)).join(', ') });
  }
  const labels: Record<string, string> = {
    ...f.t.questions,
    ...f.t.countLabels,
    ...f.t.sessionFields,
  };
  return h.changed.map((k) => labels[k] ?? k).join(', ') || f.t.none;
}

function DecisionDetail({ detail }: { detail: NonNullable<PhaseView['decisionDetail']> }) {
  const { f } = useApp();
  const t = f.t;
  return (
    <dl>
      <dt>{t.pilot.decisionDate}</dt>
      <dd>{f.date(detail.date)}</dd>
      {detail.reason && (
        <>
          <dt>{t.pilot.decisionReason}</dt>
          <dd>{detail.reason}</dd>
        </>
      )}
      {detail.successor && (
        <>
          <dt>{t.pilot.successor}</dt>
          <dd>
            <Link href={hrefOf({ name: 'pilot', id: detail.successor.id })}>{detail.successor.name}</Link>
          </dd>
        </>
      )}
    </dl>
  );
}

function History({ history }: { history: HistoryView[] }) {
  const s = useStyles();
  const shared = useShared();
  const { f } = useApp();
  const t = f.t.history;
  if (history.length === 0) return <p>{f.t.pilot.noHistory}</p>;
  const rows = [...history].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const what = (h: HistoryView) =>
    h.what === 'phaseSaved' ? format(t.phaseSaved, { phase: h.phase ? f.t.phases[h.phase] : '' }) : t[h.what];
  return (
    <div className={shared.scroller} tabIndex={0} role="region" aria-labelledby="history-caption">
      <Table size="small">
        <caption id="history-caption" className={s.caption}>
          {t.caption}
        </caption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t.at}</TableHeaderCell>
            <TableHeaderCell>{t.by}</TableHeaderCell>
            <TableHeaderCell>{t.what}</TableHeaderCell>
            <TableHeaderCell>{t.changed}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((h, i) => (
            <TableRow key={`${h.at}-${i}`}>
              <TableCell>{f.dateTime(h.at)}</TableCell>
              <TableCell>{f.person(h.by)}</TableCell>
              <TableCell>{what(h)}</TableCell>
              <TableCell>{changedText(f, h)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function Exports({ id, youOwn }: { id: string; youOwn: boolean }) {
  const s = useStyles();
  const { f } = useApp();
  const t = f.t.pilot;
  const [failed, setFailed] = useState(false);
  const files: { what: ExportWhat; format: ExportFormat; label: string }[] = [
    { what: 'sessions', format: 'csv', label: t.exportSessionsCsv },
    { what: 'sessions', format: 'xlsx', label: t.exportSessionsXlsx },
    { what: 'evaluations', format: 'csv', label: t.exportEvaluationsCsv },
    { what: 'evaluations', format: 'xlsx', label: t.exportEvaluationsXlsx },
    // Everything Polku holds about the pilot (history and reminders too): for its owners.
    ...(youOwn ? [{ what: 'all' as const, format: 'json' as const, label: t.exportAll }] : []),
  ];
  return (
    <>
      <div className={s.actions}>
        {files.map((file) => (
          <ExportButton key={`${file.what}-${file.format}`} id={id} {...file} onFailed={setFailed} />
        ))}
        <Button as="a" appearance="primary" href={hrefOf({ name: 'print', id })}>
          {t.print}
        </Button>
      </div>
      {failed && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{t.exportFailed}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}

export function PilotPage({ id, onDeleted }: { id: string; onDeleted: (deleted: PilotDeleted) => void }) {
  const s = useStyles();
  const shared = useShared();
  const { f } = useApp();
  const t = f.t;
  const { detail, sessions, retry, reloadDetail } = usePilot(id);
  const [edited, setEdited] = useState<PilotEdited | null>(null);
  const onEdited = useCallback(
    (e: PilotEdited) => {
      setEdited(e);
      retry();
    },
    [retry],
  );
  const weekly = useMemo(() => {
    if (detail.status !== 'ready' || !sessions) return null;
    const p = detail.value.overview;
    const today = todayIso();
    const last = sessions.length > 0 ? sessions[sessions.length - 1].date : p.startDate;
    const to = [p.endDate < today ? p.endDate : today, last].sort()[1];
    return weeklySeries(sessions, p.mainCount, p.startDate, to);
  }, [detail, sessions]);
  const onRetry = useCallback(() => retry(), [retry]);
  const name = detail.status === 'ready' ? detail.value.overview.name : null;
  useEffect(() => {
    if (name) document.title = `${name} – ${t.appName}`;
  }, [name, t]);
  const back = (
    <p className="no-print">
      <Link href={hrefOf({ name: 'overview', view: 'cards' })}>{t.pilot.back}</Link>
    </p>
  );
  if (detail.status === 'loading') {
    return (
      <>
        {back}
        <CardsSkeleton label={t.loadingPilot} count={1} />
      </>
    );
  }
  if (detail.status === 'failed') {
    return (
      <>
        {back}
        <FailureMessage error={detail.error} onRetry={onRetry} />
      </>
    );
  }
  const d = detail.value;
  const p = d.overview;
  const plan = p.plan;
  // The bot's pilot card writes the same line (bot/i18n/planLine.ts).
  const planText = planLine(...planWords(f), plan);
  return (
    <>
      {back}
      <PageHeading className={shared.h1}>{p.name}</PageHeading>
      <p className={s.meta}>
        {p.municipality} · {t.kinds[p.kind]} · {t.stages[p.stage]} · {p.team.name}
      </p>

      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading" className={shared.h2}>
          {t.pilot.summary}
        </h2>
        <div className={s.summary}>
          <div className={shared.stack}>
            <PhaseTimeline pilot={p} large />
            <ProgressField pilot={p} />
            <Measures pilot={p} />
          </div>
          <dl className={s.details}>
            <dt className={s.dt}>{t.pilot.dates}</dt>
            <dd className={s.dd}>
              {format(t.pilot.datesValue, {
                start: f.date(p.startDate),
                end: f.date(p.endDate),
                midpoint: f.date(p.midpointDate),
              })}
            </dd>
            <dt className={s.dt}>{t.pilot.plan}</dt>
            <dd className={s.dd}>{planText}</dd>
            <dt className={s.dt}>{t.pilot.partners}</dt>
            <dd className={s.dd}>
              {plan.partners.length === 0 ? t.none : plan.partners.map((x) => t.partners[x]).join(', ')}
            </dd>
            <dt className={s.dt}>{t.pilot.owners}</dt>
            <dd className={s.dd}>{p.owners.map((o) => f.person(o)).join(', ') || t.none}</dd>
          </dl>
        </div>
      </section>

      <section aria-labelledby="targets-heading">
        <h2 id="targets-heading" className={shared.h2}>
          {t.targetChart.heading}
        </h2>
        {p.warning && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <strong>{format(t.targetChart.warning, { date: f.date(p.warning.on) })}</strong>{' '}
              {p.warning.answer
                ? format(t.targetChart.warningAnswer, { answer: p.warning.answer })
                : t.targetChart.warningOpen}
            </MessageBarBody>
          </MessageBar>
        )}
        {p.targets.length === 0 ? (
          <p>{t.targetChart.none}</p>
        ) : (
          p.targets.map((view, i) => (
            <TargetChart key={`${view.target.measure}-${i}`} view={view} index={i} trend={d.targetTrend} />
          ))
        )}
      </section>

      <section aria-labelledby="phases-heading">
        <h2 id="phases-heading" className={shared.h2}>
          {t.pilot.phasesHeading}
        </h2>
        <PhasesSideBySide detail={d} sessions={sessions} />
      </section>

      <section aria-labelledby="decision-heading">
        <h2 id="decision-heading" className={shared.h2}>
          {t.pilot.decisionHeading}
        </h2>
        {p.decision ? <p className={s.decision}>{t.decisions[p.decision]}</p> : <p>{t.pilot.noDecision}</p>}
        {d.phases.end?.decisionDetail && <DecisionDetail detail={d.phases.end.decisionDetail} />}
      </section>

      <section aria-labelledby="weekly-heading">
        <h2 id="weekly-heading" className={shared.h2}>
          {t.pilot.weeklyHeading}
        </h2>
        {weekly ? (
          <TrendChart
            points={weekly}
            label={t.countLabels[p.mainCount]}
            caption={t.countLabels[p.mainCount]}
            height={120}
          />
        ) : (
          <CardsSkeleton label={t.loadingPilot} count={1} />
        )}
      </section>

      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className={shared.h2}>
          {t.pilot.sessionsHeading}
        </h2>
        <SessionsTable detail={d} />
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className={shared.h2}>
          {t.pilot.historyHeading}
        </h2>
        <History history={d.history} />
      </section>

      <section aria-labelledby="export-heading">
        <h2 id="export-heading" className={shared.h2}>
          {t.pilot.exportHeading}
        </h2>
        <Exports id={p.id} youOwn={d.youOwn} />
        <InnokylaDraftButtons id={p.id} />
      </section>

      {edited && (
        <MessageBar intent="success" layout="multiline" role="status" className="no-print">
          <MessageBarBody>
            {edited.status === 'saved'
              ? format(t.editedValue, {
                  fields: edited.changed.map((c) => t.editFields[c as keyof typeof t.editFields] ?? c).join(', '),
                })
              : edited.status === 'unchanged'
                ? t.unchangedValue
                : t.alreadySavedValue}
          </MessageBarBody>
        </MessageBar>
      )}
      {d.edit && <EditPilot detail={d} onEdited={onEdited} reload={reloadDetail} />}
      {d.youOwn && <DeletePilot detail={d} onDeleted={onDeleted} />}
    </>
  );
}
