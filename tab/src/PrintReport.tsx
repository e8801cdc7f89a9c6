/**
 * A pilot's report in the seeds' own form, ready for the browser's print to PDF: the pilot's name,
 * then each phase headed as in the seeds ("Väliarviointivaihe (toteutunut 4 × 2 tuntia)") with
 * its questions and answers, then the decision. Print CSS (public/index.html) hides the controls
 * and starts each phase on its own page.
 */
import { Fragment } from 'react';
import { Button } from '@fluentui/react-button';
import { Link } from '@fluentui/react-link';
import { MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-message-bar';
import { tokens } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import { QUESTIONS_BY_PHASE } from '../../bot/domain/phases';
import { PHASES } from '../../bot/domain/pilots';
import { format } from './formats';
import { todayIso } from './model';
import { usePilot } from './PilotPage';
import { phaseHeading } from './phases';
import { hrefOf } from './route';
import { CardsSkeleton, FailureMessage, PageHeading, useApp, useShared } from './ui';

const useStyles = makeStyles({
  report: { maxWidth: '820px', lineHeight: tokens.lineHeightBase400 },
  toolbar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalL },
  tool: { margin: '0', color: tokens.colorNeutralForeground2 },
  list: { paddingLeft: '1.2em', margin: '0' },
  item: { marginBottom: tokens.spacingVerticalS, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  details: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    margin: `${tokens.spacingVerticalM} 0`,
  },
  dd: { margin: '0' },
  footer: { marginTop: tokens.spacingVerticalXXL, color: tokens.colorNeutralForeground2 },
});

/** "Kohderyhmä" → "Kohderyhmä:"; a question keeps its own mark: "Mitä halutaan ratkaista?" */
function labelled(question: string): string {
  return /[?:]$/.test(question) ? question : `${question}:`;
}

export function PrintReport({ id }: { id: string }) {
  const s = useStyles();
  const shared = useShared();
  const { f } = useApp();
  const t = f.t;
  const { detail, sessions, sessionsFailed, retry } = usePilot(id);
  const toolbar = (
    <div className={`${s.toolbar} no-print`}>
      <Link href={hrefOf({ name: 'pilot', id })}>{t.report.back}</Link>
      <Button
        appearance="primary"
        onClick={() => window.print()}
        disabled={detail.status !== 'ready' || !sessions || sessionsFailed}
      >
        {t.report.print}
      </Button>
    </div>
  );
  if (sessionsFailed && detail.status !== 'loading') {
    // A report without its sessions would print "toteutunut 0 kertaa": it is not shown at all.
    return (
      <>
        {toolbar}
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>{t.report.sessionsFailed}</MessageBarBody>
          <MessageBarActions>
            <Button onClick={retry}>{t.report.retry}</Button>
          </MessageBarActions>
        </MessageBar>
      </>
    );
  }
  if (detail.status === 'loading' || (detail.status === 'ready' && !sessions)) {
    return (
      <>
        {toolbar}
        <CardsSkeleton label={t.loadingPilot} count={1} />
      </>
    );
  }
  if (detail.status === 'failed') {
    return (
      <>
        {toolbar}
        <FailureMessage error={detail.error} onRetry={retry} />
      </>
    );
  }
  const d = detail.value;
  const p = d.overview;
  const all = sessions ?? [];
  return (
    <>
      {toolbar}
      <article className={s.report} aria-labelledby="report-title">
        <p className={s.tool}>{t.report.toolName}</p>
        <PageHeading className={shared.h1}>
          <span id="report-title">
            {t.report.title}: {p.name}
          </span>
        </PageHeading>
        <dl className={s.details}>
          <dt>{t.pilot.municipality}</dt>
          <dd className={s.dd}>{p.municipality}</dd>
          <dt>{t.pilot.kind}</dt>
          <dd className={s.dd}>{t.kinds[p.kind]}</dd>
          <dt>{t.pilot.dates}</dt>
          <dd className={s.dd}>
            {format(t.pilot.datesValue, {
              start: f.date(p.startDate),
              end: f.date(p.endDate),
              midpoint: f.date(p.midpointDate),
            })}
          </dd>
          <dt>{t.card.progress}</dt>
          {/* The pilot's totals, as the bot's pilot card and the tab's card say it. */}
          <dd className={s.dd}>{f.realised(p.totals, true)}</dd>
          {p.totals.headline.map((h) => (
            <Fragment key={h.key}>
              <dt>{t.figures[h.key]}</dt>
              <dd className={s.dd}>{f.figure({ ...h, value: h.value ?? undefined })}</dd>
            </Fragment>
          ))}
          {p.baseline && (
            <>
              <dt>{t.baseline}</dt>
              <dd className={s.dd}>{p.baseline}</dd>
            </>
          )}
          <dt>{t.figures.staffHours}</dt>
          <dd className={s.dd}>{format(t.figures.staffHoursValue, { hours: f.number(p.totals.staffHours) })}</dd>
          <dt>{t.figures.contactsPerStaffHour}</dt>
          <dd className={s.dd}>{f.figure({ unit: 'rate', value: p.totals.contactsPerStaffHour ?? undefined })}</dd>
          <dt>{t.socialWorkShareLong}</dt>
          <dd className={s.dd}>{f.percent(p.totals.socialWorkShare)}</dd>
        </dl>
        {PHASES.map((phase) => {
          const saved = d.phases[phase];
          // As the seeds head each page: the tool's name and the phase, the midpoint with what it had realised.
          const name = phase === 'midpoint' ? phaseHeading(f, p, phase, all, saved?.realised) : t.phases[phase];
          return (
            <section key={phase} className="report-phase" aria-labelledby={`report-${phase}`} data-phase={phase}>
              <h2 id={`report-${phase}`} className={shared.h2}>
                {format(t.report.phaseTitle, { tool: t.report.formTitle, phase: name.toLocaleLowerCase(f.bcp47) })}
              </h2>
              {saved ? (
                <ul className={s.list}>
                  <li className={s.item}>
                    <strong>{t.report.pilotName}:</strong> {p.name}
                  </li>
                  {QUESTIONS_BY_PHASE[phase].map((q) =>
                    q === 'expectationsNegative' ? null : q === 'expectationsPositive' ? (
                      // The seeds ask one question with two parts: "Odotukset toiminnalle (positiiviset ja negatiiviset?)".
                      <li key={q} className={s.item}>
                        <strong>{labelled(t.report.expectations)}</strong>
                        <ul className={s.list}>
                          <li className={s.item}>
                            <strong>{labelled(t.report.positive)}</strong>{' '}
                            {saved.answers.expectationsPositive ?? t.none}
                          </li>
                          <li className={s.item}>
                            <strong>{labelled(t.report.negative)}</strong>{' '}
                            {saved.answers.expectationsNegative ?? t.none}
                          </li>
                        </ul>
                      </li>
                    ) : (
                      <li key={q} className={s.item}>
                        <strong>{labelled(t.questions[q])}</strong> {saved.answers[q] ?? t.none}
                      </li>
                    ),
                  )}
                  {phase === 'end' && (
                    <li className={s.item}>
                      <strong>{t.decisions.label}:</strong> {saved.decision ? t.decisions[saved.decision] : t.none}
                    </li>
                  )}
                </ul>
              ) : (
                <p>{t.report.notSaved}</p>
              )}
            </section>
          );
        })}
        <p className={s.footer}>{format(t.report.printed, { date: f.date(todayIso()) })}</p>
      </article>
    </>
  );
}
