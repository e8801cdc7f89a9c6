/**
 * A weekly bar chart drawn by hand in SVG (no chart library): the kind's main count per week,
 * with a <title> summing it up for screen readers and a visually hidden table of the numbers.
 */
import { useId } from 'react';
import { tokens } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import type { WeekPointView } from '../../bot/api/contract';
import { format } from './formats';
import { useApp, useShared } from './ui';

const useStyles = makeStyles({
  figure: { margin: '0', minWidth: '0', position: 'relative' },
  caption: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  svg: { display: 'block', overflow: 'visible' },
  bar: { fill: tokens.colorBrandForeground1 },
  empty: { fill: tokens.colorNeutralStroke1 },
  axis: { stroke: tokens.colorNeutralStroke1, strokeWidth: 1 },
  label: { fill: tokens.colorNeutralForeground2, fontSize: '10px' },
});

/** "2026-W09" → "9". */
function weekNumber(week: string): string {
  return String(Number(week.slice(week.indexOf('W') + 1)));
}

/** "2026-W09" → "9/2026". */
export function weekText(week: string): string {
  return `${weekNumber(week)}/${week.slice(0, 4)}`;
}

export function TrendChart({
  points,
  label,
  caption,
  height = 56,
}: {
  points: WeekPointView[];
  /** What the bars count, e.g. "Halusi keskustella sosiaalityöntekijän kanssa". */
  label: string;
  caption: string;
  height?: number;
}) {
  const s = useStyles();
  const shared = useShared();
  const { f } = useApp();
  const t = f.t.chart;
  const titleId = useId();
  const n = Math.max(points.length, 1);
  const labelBand = 14;
  const plot = height - labelBand;
  const max = Math.max(0, ...points.map((p) => p.main));
  const total = points.reduce((sum, p) => sum + p.main, 0);
  const week = (p: WeekPointView | undefined) => format(t.weekLabel, { week: p ? weekText(p.week) : '' });
  const range = { label, from: week(points[0]), to: week(points[points.length - 1]) };
  const summary =
    total === 0 && points.every((p) => p.sessions === 0)
      ? format(t.empty, range)
      : format(t.summary, { ...range, total: f.number(total), max: f.number(max) });
  // Label every week when there are few, else about every eighth, so the numbers never overlap.
  const labelEvery = n <= 12 ? 1 : Math.ceil(n / 8);
  // Percentages across, pixels down: the chart fills its width without stretching the text.
  const slot = 100 / n;
  const gap = Math.min(slot * 0.2, 1.5);
  return (
    <figure className={s.figure}>
      <figcaption className={s.caption}>{caption}</figcaption>
      <svg className={s.svg} width="100%" height={height} role="img" aria-labelledby={titleId}>
        <title id={titleId}>{summary}</title>
        {points.map((p, i) => {
          const h = max === 0 ? 0 : (p.main / max) * (plot - 2);
          const x = `${i * slot + gap / 2}%`;
          const w = `${slot - gap}%`;
          return (
            <g key={p.week}>
              {h > 0 ? (
                <rect className={s.bar} x={x} y={plot - h} width={w} height={h} />
              ) : (
                <rect className={s.empty} x={x} y={plot - 1} width={w} height={1} />
              )}
              {i % labelEvery === 0 && (
                <text className={s.label} x={`${(i + 0.5) * slot}%`} y={height - 2} textAnchor="middle">
                  {weekNumber(p.week)}
                </text>
              )}
            </g>
          );
        })}
        <line className={s.axis} x1="0" x2="100%" y1={plot + 0.5} y2={plot + 0.5} />
      </svg>
      {/* Hidden by its wrapper: a table's own box grows to its content whatever its width. */}
      <div className={shared.visuallyHidden}>
        <table>
          <caption>{format(t.tableCaption, { label })}</caption>
          <thead>
            <tr>
              <th scope="col">{t.week}</th>
              <th scope="col">{t.sessions}</th>
              <th scope="col">{t.hours}</th>
              <th scope="col">{label}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.week}>
                <th scope="row">{week(p)}</th>
                <td>{f.number(p.sessions)}</td>
                <td>{f.number(p.hours)}</td>
                <td>{f.number(p.main)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
