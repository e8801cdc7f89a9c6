/** The pilots side by side in a table, sortable by any column: a view of the overview, loaded when opened. */
import { compareByHeadline } from '../../bot/domain/headline';
import { useMemo, useState, type ReactNode } from 'react';
import { Link } from '@fluentui/react-link';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-table';
import { tokens } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import type { PilotOverview } from '../../bot/api/contract';
import { format } from './formats';
import { hrefOf } from './route';
import { useApp, useShared } from './ui';

const useStyles = makeStyles({
  table: { tableLayout: 'auto', minWidth: '1100px' },
  caption: { textAlign: 'start', padding: `${tokens.spacingVerticalS} 0`, color: tokens.colorNeutralForeground2 },
  nameCell: { minWidth: '220px' },
});

type Column =
  | 'name'
  | 'municipality'
  | 'kind'
  | 'stage'
  | 'sessions'
  | 'hours'
  | 'main'
  | 'headline'
  | 'socialWorkShare'
  | 'referred'
  | 'newClients'
  | 'lastSession'
  | 'decision';

/** The pilots side by side on the same measures; a column header sorts by it. */
export function Comparison({ pilots, showTeam }: { pilots: PilotOverview[]; showTeam: boolean }) {
  const s = useStyles();
  const shared = useShared();
  const { f } = useApp();
  const t = f.t;
  const c = t.comparison;
  const collator = useMemo(() => new Intl.Collator(f.bcp47), [f]);
  const [sort, setSort] = useState<{ column: Column; ascending: boolean } | null>(null);
  const columns: {
    id: Column;
    label: string;
    numeric: boolean;
    text: (p: PilotOverview) => string | null;
    num?: (p: PilotOverview) => number | null;
    /** An order of the column's own, highest first (the headline figure: kind, then value). */
    compare?: (a: PilotOverview, b: PilotOverview) => number;
  }[] = [
    { id: 'name', label: c.name, numeric: false, text: (p) => p.name },
    { id: 'municipality', label: c.municipality, numeric: false, text: (p) => p.municipality },
    { id: 'kind', label: c.kind, numeric: false, text: (p) => t.kinds[p.kind] },
    { id: 'stage', label: c.stage, numeric: false, text: (p) => t.stages[p.stage] },
    {
      id: 'sessions',
      label: c.sessions,
      numeric: true,
      text: (p) =>
        `${f.number(p.totals.sessions)} / ${p.totals.plannedSessions > 0 ? f.number(p.totals.plannedSessions) : t.none}`,
      num: (p) => p.totals.sessions,
    },
    { id: 'hours', label: c.hours, numeric: true, text: (p) => f.number(p.totals.hours), num: (p) => p.totals.hours },
    {
      id: 'main',
      label: c.main,
      numeric: true,
      text: (p) =>
        format(c.mainValue, { value: f.number(p.totals.counts[p.mainCount] ?? 0), label: t.countLabels[p.mainCount] }),
      num: (p) => p.totals.counts[p.mainCount] ?? 0,
    },
    {
      id: 'headline',
      label: c.headline,
      numeric: true,
      // Each pilot by its own kind's figure; sorted by kind first, so that like is beside like.
      text: (p) => {
        const h = p.totals.headline[0];
        return format(c.headlineValue, {
          value: f.figure({ ...h, value: h.value ?? undefined }),
          label: t.figures[h.key],
        });
      },
      compare: (a, b) => compareByHeadline(a, b),
    },
    {
      id: 'socialWorkShare',
      label: c.socialWorkShare,
      numeric: true,
      text: (p) => f.percent(p.totals.socialWorkShare),
      num: (p) => p.totals.socialWorkShare,
    },
    {
      id: 'referred',
      label: c.referred,
      numeric: true,
      text: (p) => (p.totals.counts.referred === undefined ? t.none : f.number(p.totals.counts.referred)),
      num: (p) => p.totals.counts.referred ?? null,
    },
    {
      id: 'newClients',
      label: c.newClients,
      numeric: true,
      text: (p) => (p.totals.counts.newClients === undefined ? t.none : f.number(p.totals.counts.newClients)),
      num: (p) => p.totals.counts.newClients ?? null,
    },
    {
      id: 'lastSession',
      label: c.lastSession,
      numeric: false,
      text: (p) => f.date(p.totals.lastSessionDate),
      num: (p) => (p.totals.lastSessionDate ? Date.parse(p.totals.lastSessionDate) : null),
    },
    { id: 'decision', label: c.decision, numeric: false, text: (p) => (p.decision ? t.decisions[p.decision] : t.none) },
  ];
  const rows = useMemo(() => {
    if (!sort) return pilots;
    const col = columns.find((x) => x.id === sort.column)!;
    const dir = sort.ascending ? 1 : -1;
    return [...pilots].sort((a, b) => {
      if (col.compare) return col.compare(a, b) * -dir || collator.compare(a.name, b.name);
      if (col.num) {
        const x = col.num(a);
        const y = col.num(b);
        if (x === y) return collator.compare(a.name, b.name);
        if (x === null) return 1;
        if (y === null) return -1;
        return (x - y) * dir;
      }
      return collator.compare(col.text(a) ?? '', col.text(b) ?? '') * dir;
    });
    // The columns are rebuilt each render from the same strings; sort and pilots decide the order.
  }, [pilots, sort, collator]);
  const cell = (p: PilotOverview, col: (typeof columns)[number]): ReactNode =>
    col.id === 'name' ? (
      <>
        <Link href={hrefOf({ name: 'pilot', id: p.id })}>{p.name}</Link>
        {showTeam && <div className={shared.muted}>{p.team.name}</div>}
      </>
    ) : (
      col.text(p)
    );
  return (
    <div className={shared.scroller} tabIndex={0} role="region" aria-labelledby="comparison-caption">
      <Table sortable className={s.table} size="small">
        <caption id="comparison-caption" className={s.caption}>
          {c.caption}
        </caption>
        <TableHeader>
          <TableRow>
            {columns.map((col) => (
              <TableHeaderCell
                key={col.id}
                className={col.numeric ? shared.number : undefined}
                sortDirection={sort?.column === col.id ? (sort.ascending ? 'ascending' : 'descending') : undefined}
                onClick={() =>
                  setSort((prev) => ({
                    column: col.id,
                    // Numbers read best largest first; text A to Z.
                    ascending: prev?.column === col.id ? !prev.ascending : !col.numeric,
                  }))
                }
              >
                {col.label}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((p) => (
            <TableRow key={p.id}>
              {columns.map((col) => (
                <TableCell
                  key={col.id}
                  className={col.id === 'name' ? s.nameCell : col.numeric ? shared.number : undefined}
                >
                  {cell(p, col)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
