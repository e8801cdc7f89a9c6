/**
 * A target against its actual over time, drawn by hand in SVG: the actual after each week with
 * sessions (a line with points) and the target (a dashed line), with a <title> that says it in
 * words and a visually hidden table of the numbers. The status is also written out, not only drawn.
 */
import { useId } from 'react';
import { tokens } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import type { TargetView } from '../../bot/api/contract';
import type { TargetTrendPoint } from '../../bot/domain/targets';
import { measureValueText, readingText, targetText } from '../../bot/i18n/targetLine';
import { format } from './formats';
import { weekText } from './TrendChart';
import { useApp, useShared } from './ui';

const useStyles = makeStyles({
  figure: { margin: `0 0 ${tokens.spacingVerticalL}`, minWidth: '0' },
  caption: { fontWeight: tokens.fontWeightSemibold },
  reading: { margin: `${tokens.spacingVerticalXS} 0` },
  svg: { display: 'block', overflow: 'visible' },
  actual: { fill: 'none', stroke: tokens.colorBrandForeground1, strokeWidth: 2 },
  point: { fill: tokens.colorBrandForeground1 },
  target: { stroke: tokens.colorNeutralForeground1, strokeWidth: 1, strokeDasharray: '4 3' },
  axis: { stroke: tokens.colorNeutralStroke1, strokeWidth: 1 },
  label: { fill: tokens.colorNeutralForeground2, fontSize: '10px' },
});

export function TargetChart({
  view,
  index,
  trend,
  height = 72,
}: {
  view: TargetView;
  index: number;
  trend: TargetTrendPoint[];
  height?: number;
}) {
  const s = useStyles();
  const shared = useShared();
  const { f } = useApp();
  const t = f.t.targets;
  const c = f.t.targetChart;
  const titleId = useId();
  const number = (n: number) => f.number(n);
  const value = (x: number | null) => measureValueText(number, view.target.measure, x ?? undefined, t.notComputable);
  const points = trend.map((p) => ({ week: p.week, actual: p.actuals[index] ?? null }));
  const labelBand = 14;
  const plot = height - labelBand;
  const max = Math.max(view.target.value, ...points.map((p) => p.actual ?? 0)) * 1.15 || 1;
  const y = (v: number) => plot - (v / max) * (plot - 2);
  const n = Math.max(points.length, 1);
  const slot = 100 / n;
  const x = (i: number) => (i + 0.5) * slot;
  const known = points.map((p, i) => ({ ...p, i })).filter((p) => p.actual !== null);
  const labelEvery = n <= 12 ? 1 : Math.ceil(n / 8);
  const summary = points.length
    ? format(c.summary, {
        target: targetText(t, number, view.target),
        from: weekText(points[0].week),
        to: weekText(points[points.length - 1].week),
        actual: value(view.actual),
        status: t.status[view.status],
      })
    : format(c.empty, { target: targetText(t, number, view.target) });
  const reading = readingText(t, number, {
    target: view.target,
    actual: { measure: view.target.measure, unit: view.unit, value: view.actual ?? undefined, sessions: view.sessions },
    status: view.status,
  });
  return (
    <figure className={s.figure}>
      <figcaption className={s.caption}>{t.measures[view.target.measure]}</figcaption>
      <p className={s.reading}>
        {format(t.readingStatus, { reading, status: t.status[view.status] })} ·{' '}
        {format(c.sessions, { sessions: f.number(view.sessions) })}
      </p>
      {points.length > 0 && (
        <svg className={s.svg} width="100%" height={height} role="img" aria-labelledby={titleId}>
          <title id={titleId}>{summary}</title>
          <line className={s.target} x1="0" x2="100%" y1={y(view.target.value)} y2={y(view.target.value)} />
          {known.slice(1).map((p, k) => (
            <line
              key={p.week}
              className={s.actual}
              x1={`${x(known[k].i)}%`}
              x2={`${x(p.i)}%`}
              y1={y(known[k].actual as number)}
              y2={y(p.actual as number)}
            />
          ))}
          {known.map((p) => (
            <circle key={p.week} className={s.point} cx={`${x(p.i)}%`} cy={y(p.actual as number)} r={3} />
          ))}
          {points.map(
            (p, i) =>
              i % labelEvery === 0 && (
                <text key={p.week} className={s.label} x={`${x(i)}%`} y={height - 2} textAnchor="middle">
                  {String(Number(p.week.slice(p.week.indexOf('W') + 1)))}
                </text>
              ),
          )}
          <line className={s.axis} x1="0" x2="100%" y1={plot + 0.5} y2={plot + 0.5} />
        </svg>
      )}
      <div className={shared.visuallyHidden}>
        <table>
          <caption>{format(c.tableCaption, { target: targetText(t, number, view.target) })}</caption>
          <thead>
            <tr>
              <th scope="col">{f.t.chart.week}</th>
              <th scope="col">{c.actual}</th>
              <th scope="col">{c.target}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.week}>
                <th scope="row">{format(f.t.chart.weekLabel, { week: weekText(p.week) })}</th>
                <td>{value(p.actual)}</td>
                <td>{value(view.target.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
