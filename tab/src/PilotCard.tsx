/** One pilot at a glance: where it stands on its timeline, what it has realised and reached. */
import { readingText } from '../../bot/i18n/targetLine';
import { memo, useId } from 'react';
import { tokens } from '@fluentui/react-theme';
import { makeStyles, mergeClasses } from '@griffel/react';
import type { PilotOverview } from '../../bot/api/contract';
import { PHASES } from '../../bot/domain/pilots';
import { format } from './formats';
import { phaseDate, progress } from './model';
import { hrefOf } from './route';
import { TrendChart } from './TrendChart';
import { StateIcon, useApp, useShared } from './ui';

const useStyles = makeStyles({
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    height: '100%',
    boxSizing: 'border-box',
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
  },
  meta: { margin: '0', color: tokens.colorNeutralForeground2 },
  link: {
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: 'none',
    borderRadius: tokens.borderRadiusSmall,
    ':hover': { color: tokens.colorBrandForegroundLinkHover, textDecorationLine: 'underline' },
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: '2px',
      textDecorationLine: 'underline',
    },
  },
  tags: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, margin: '0', padding: '0' },
  tag: {
    listStyleType: 'none',
    padding: `0 ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase300,
  },
  measures: {
    display: 'grid',
    gridTemplateColumns: 'repeat(3, minmax(0, 1fr))',
    gap: tokens.spacingHorizontalS,
    margin: '0',
  },
  measure: { display: 'flex', flexDirection: 'column', margin: '0' },
  measureLabel: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  measureValue: { order: -1, margin: '0', fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
});

const useTimelineStyles = makeStyles({
  list: {
    display: 'grid',
    // Columns as wide as their words need ("Väliarviointivaihe" is long); a word breaks only when it cannot fit.
    gridTemplateColumns: 'repeat(3, auto)',
    margin: '0',
    padding: '0',
    position: 'relative',
  },
  step: {
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    paddingRight: tokens.spacingHorizontalS,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    borderTop: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
    paddingTop: tokens.spacingVerticalXS,
    minWidth: '0',
    overflowWrap: 'break-word',
  },
  name: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1 },
  state: { display: 'flex', alignItems: 'center', gap: '4px' },
  overdue: { fontWeight: tokens.fontWeightSemibold },
  large: { fontSize: tokens.fontSizeBase300, lineHeight: tokens.lineHeightBase300 },
});

/** Start → midpoint → end, each with its date and its state in words and an icon. */
export function PhaseTimeline({ pilot, large = false }: { pilot: PilotOverview; large?: boolean }) {
  const s = useTimelineStyles();
  const { f } = useApp();
  const t = f.t;
  return (
    <ol className={s.list} aria-label={t.card.timeline}>
      {PHASES.map((phase) => {
        const state = pilot.phases[phase];
        return (
          <li key={phase} className={mergeClasses(s.step, large && s.large)}>
            <span className={s.name}>{t.phases[phase]}</span>
            <span>{f.date(phaseDate(pilot, phase))}</span>
            <span className={mergeClasses(s.state, state === 'overdue' && s.overdue)}>
              <StateIcon state={state} />
              {t.phaseState[state]}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

const useProgressStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  label: { fontWeight: tokens.fontWeightSemibold },
  track: {
    height: '8px',
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStrokeAccessible}`,
    backgroundColor: tokens.colorNeutralBackground1,
    overflow: 'hidden',
  },
  fill: { height: '100%', backgroundColor: tokens.colorCompoundBrandBackground },
  hint: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
});

/**
 * Realised sessions against the plan: a bar, and the same in words beneath it. Drawn by hand (a
 * div with the progressbar role) rather than with Fluent's Field and ProgressBar: a hundred cards
 * render noticeably faster.
 */
export function ProgressField({ pilot }: { pilot: PilotOverview }) {
  const s = useProgressStyles();
  const { f } = useApp();
  const t = f.t.card;
  const id = useId();
  const share = progress(pilot);
  const { sessions, plannedSessions } = pilot.totals;
  const text =
    share === null
      ? format(t.progressNoPlan, { sessions })
      : format(t.progressValue, { sessions, planned: plannedSessions, percent: f.percent(share) });
  const percent = Math.round(Math.min(1, share ?? 0) * 100);
  return (
    <div className={s.root}>
      <span id={`${id}l`} className={s.label}>
        {t.progress}
      </span>
      <div
        role="progressbar"
        className={s.track}
        aria-labelledby={`${id}l`}
        aria-describedby={`${id}h`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={text}
      >
        <div className={s.fill} style={{ width: `${percent}%` }} />
      </div>
      <span id={`${id}h`} className={s.hint}>
        {text} · {f.realised(pilot.totals)}
      </span>
    </div>
  );
}

export function Measures({ pilot }: { pilot: PilotOverview }) {
  const s = useStyles();
  const { f } = useApp();
  const t = f.t.card;
  const items: [string, string][] = [
    ...pilot.totals.headline.map((h): [string, string] => [
      f.t.figures[h.key],
      f.figure({ ...h, value: h.value ?? undefined }),
    ]),
    // What the figures were before the pilot, beside its own.
    ...(pilot.baseline ? [[f.t.baseline, pilot.baseline] as [string, string]] : []),
    [f.t.figures.staffHours, format(f.t.figures.staffHoursValue, { hours: f.number(pilot.totals.staffHours) })],
    [
      f.t.figures.contactsPerStaffHour,
      f.figure({ unit: 'rate', value: pilot.totals.contactsPerStaffHour ?? undefined }),
    ],
    // Each target against the actual so far (bot/domain/targets.ts).
    ...pilot.targets.map((v): [string, string] => [
      f.t.targets.measures[v.target.measure],
      format(f.t.targets.readingStatus, {
        reading: readingText(f.t.targets, (n) => f.number(n), {
          target: v.target,
          actual: { measure: v.target.measure, unit: v.unit, value: v.actual ?? undefined, sessions: v.sessions },
          status: v.status,
        }),
        status: f.t.targets.status[v.status],
      }),
    ]),
    [t.socialWorkShare, f.percent(pilot.totals.socialWorkShare)],
    [t.lastSession, f.date(pilot.totals.lastSessionDate)],
  ];
  return (
    <dl className={s.measures}>
      {items.map(([label, value]) => (
        <div key={label} className={s.measure}>
          <dt className={s.measureLabel}>{label}</dt>
          <dd className={s.measureValue}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export const PilotCard = memo(function PilotCard({ pilot, showTeam }: { pilot: PilotOverview; showTeam: boolean }) {
  const s = useStyles();
  const shared = useShared();
  const { f } = useApp();
  const t = f.t;
  const headingId = useId();
  return (
    <article className={s.card} aria-labelledby={headingId} data-pilot={pilot.id}>
      <h3 id={headingId} className={shared.h3}>
        <a className={s.link} href={hrefOf({ name: 'pilot', id: pilot.id })}>
          {pilot.name}
        </a>
      </h3>
      <p className={s.meta}>
        {pilot.municipality} · {t.kinds[pilot.kind]}
        {showTeam && ` · ${pilot.team.name}`}
      </p>
      <ul className={s.tags}>
        <li className={s.tag}>{t.stages[pilot.stage]}</li>
        {pilot.decision && (
          <li className={s.tag}>
            {t.card.decision}: {t.decisions[pilot.decision]}
          </li>
        )}
        {pilot.targetStatus && (
          <li className={s.tag}>
            {t.targets.heading}: {t.targets.status[pilot.targetStatus]}
          </li>
        )}
        {pilot.warning && !pilot.warning.answer && (
          <li className={s.tag}>{format(t.targetChart.warning, { date: f.date(pilot.warning.on) })}</li>
        )}
      </ul>
      <PhaseTimeline pilot={pilot} />
      <ProgressField pilot={pilot} />
      <Measures pilot={pilot} />
      <TrendChart
        points={pilot.trend}
        label={t.countLabels[pilot.mainCount]}
        caption={`${t.card.trend}: ${t.countLabels[pilot.mainCount]}`}
      />
    </article>
  );
});
