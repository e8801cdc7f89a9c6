/**
 * The overview: filters and an ordering, then a card per pilot, the pilots side by side in a table,
 * or each kind's pilots across municipalities (Regional.tsx).
 */
import { compareByHeadline } from '../../bot/domain/headline';
import { useMemo, useState, type ReactNode } from 'react';
import {
  Button,
  Dropdown,
  Field,
  Link,
  makeStyles,
  Option,
  mergeClasses,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import type { PilotOverview } from '../../bot/api/contract';
import type { PilotStage } from '../../bot/domain/pilots';
import { format } from './i18n';
import { applyFilters, filterOptions, type Filters, NO_FILTERS, SORTS, type SortKey } from './model';
import { PilotCard } from './PilotCard';
import { Regional, regionalTexts } from './Regional';
import { TeamExport } from './TeamExport';
import { hrefOf, OVERVIEW_VIEWS, type OverviewView } from './route';
import { useApp, useShared } from './ui';

const useStyles = makeStyles({
  filters: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))',
    gap: tokens.spacingHorizontalM,
    alignItems: 'end',
  },
  dropdown: { minWidth: '0', width: '100%' },
  status: { margin: `${tokens.spacingVerticalS} 0 0` },
  views: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    marginTop: tokens.spacingVerticalL,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
  },
  view: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    color: tokens.colorNeutralForeground2,
    textDecorationLine: 'none',
    fontWeight: tokens.fontWeightSemibold,
    borderBottom: `${tokens.strokeWidthThicker} solid transparent`,
    marginBottom: `-${tokens.strokeWidthThin}`,
    borderRadius: `${tokens.borderRadiusMedium} ${tokens.borderRadiusMedium} 0 0`,
    ':hover': { color: tokens.colorNeutralForeground1, textDecorationLine: 'underline' },
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: '-2px',
    },
  },
  viewCurrent: {
    color: tokens.colorNeutralForeground1,
    borderBottomColor: tokens.colorCompoundBrandStroke,
  },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))',
    gap: tokens.spacingHorizontalL,
    margin: '0',
    padding: '0',
  },
  item: { listStyleType: 'none', minWidth: '0' },
  table: { tableLayout: 'auto', minWidth: '1100px' },
  caption: { textAlign: 'start', padding: `${tokens.spacingVerticalS} 0`, color: tokens.colorNeutralForeground2 },
  nameCell: { minWidth: '220px' },
});

const ALL = '*';

function FilterDropdown({
  label,
  value,
  options,
  optionLabel,
  onChange,
  allLabel,
}: {
  label: string;
  value: string | null;
  options: readonly string[];
  optionLabel: (value: string) => string;
  onChange: (value: string | null) => void;
  allLabel?: string;
}) {
  const s = useStyles();
  const selected = value ?? ALL;
  return (
    <Field label={label}>
      <Dropdown
        className={s.dropdown}
        value={value === null ? (allLabel ?? '') : optionLabel(value)}
        selectedOptions={[selected]}
        onOptionSelect={(_, data) => onChange(!data.optionValue || data.optionValue === ALL ? null : data.optionValue)}
      >
        {allLabel !== undefined && <Option value={ALL}>{allLabel}</Option>}
        {options.map((o) => (
          <Option key={o} value={o}>
            {optionLabel(o)}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}

export function FilterBar({
  pilots,
  filters,
  onChange,
  shown,
}: {
  pilots: PilotOverview[];
  filters: Filters;
  onChange: (f: Filters) => void;
  shown: number;
}) {
  const s = useStyles();
  const shared = useShared();
  const { f } = useApp();
  const t = f.t;
  const collator = useMemo(() => new Intl.Collator(f.bcp47), [f]);
  const options = useMemo(() => filterOptions(pilots, collator), [pilots, collator]);
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });
  const filtered =
    filters.municipality !== null || filters.kind !== null || filters.stage !== null || filters.partner !== null;
  return (
    <section aria-labelledby="filters-heading">
      <h2 id="filters-heading" className={shared.h2}>
        {t.filters.heading}
      </h2>
      <div className={s.filters}>
        <FilterDropdown
          label={t.filters.municipality}
          value={filters.municipality}
          options={options.municipalities}
          optionLabel={(v) => v}
          onChange={(municipality) => set({ municipality })}
          allLabel={t.filters.all}
        />
        <FilterDropdown
          label={t.filters.kind}
          value={filters.kind}
          options={options.kinds}
          optionLabel={(v) => t.kinds[v as keyof typeof t.kinds] ?? v}
          onChange={(kind) => set({ kind })}
          allLabel={t.filters.all}
        />
        <FilterDropdown
          label={t.filters.phase}
          value={filters.stage}
          options={options.stages}
          optionLabel={(v) => t.stages[v as PilotStage] ?? v}
          onChange={(stage) => set({ stage: stage as PilotStage | null })}
          allLabel={t.filters.all}
        />
        <FilterDropdown
          label={t.filters.partner}
          value={filters.partner}
          options={options.partners}
          optionLabel={(v) => t.partners[v as keyof typeof t.partners] ?? v}
          onChange={(partner) => set({ partner })}
          allLabel={t.filters.all}
        />
        <FilterDropdown
          label={t.filters.sort}
          value={filters.sort}
          options={SORTS}
          optionLabel={(v) => t.sort[v as SortKey]}
          onChange={(sort) => set({ sort: (sort as SortKey | null) ?? 'name' })}
        />
        <div>
          <Button
            disabled={!filtered}
            disabledFocusable={!filtered}
            onClick={() => onChange({ ...NO_FILTERS, sort: filters.sort })}
          >
            {t.filters.clear}
          </Button>
        </div>
      </div>
      <p className={s.status} role="status">
        {format(t.filters.shown, { shown, total: pilots.length })}
      </p>
    </section>
  );
}

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

export function Overview({
  pilots,
  filters,
  onFilters,
  view,
  showTeam,
}: {
  pilots: PilotOverview[];
  filters: Filters;
  onFilters: (f: Filters) => void;
  view: OverviewView;
  showTeam: boolean;
}) {
  const s = useStyles();
  const shared = useShared();
  const { f } = useApp();
  const t = f.t;
  const collator = useMemo(() => new Intl.Collator(f.bcp47), [f]);
  const shown = useMemo(() => applyFilters(pilots, filters, collator), [pilots, filters, collator]);
  const viewLabels: Record<OverviewView, string> = {
    cards: t.views.cards,
    comparison: t.views.comparison,
    regional: regionalTexts(f.locale).view,
  };
  return (
    <>
      <FilterBar pilots={pilots} filters={filters} onChange={onFilters} shown={shown.length} />
      <nav className={s.views} aria-label={t.views.label}>
        {OVERVIEW_VIEWS.map((v) => (
          <a
            key={v}
            href={hrefOf({ name: 'overview', view: v })}
            className={mergeClasses(s.view, v === view && s.viewCurrent)}
            aria-current={v === view ? 'page' : undefined}
          >
            {viewLabels[v]}
          </a>
        ))}
      </nav>
      <h2 className={shared.visuallyHidden}>{viewLabels[view]}</h2>
      {shown.length === 0 ? (
        <p>{t.filters.noMatches}</p>
      ) : view === 'cards' ? (
        <ul className={s.grid} aria-label={t.card.listLabel}>
          {shown.map((p) => (
            <li key={p.id} className={s.item}>
              <PilotCard pilot={p} showTeam={showTeam} />
            </li>
          ))}
        </ul>
      ) : view === 'comparison' ? (
        <Comparison pilots={shown} showTeam={showTeam} />
      ) : (
        <Regional pilots={shown} showTeam={showTeam} />
      )}
      {!showTeam && pilots.length > 0 && <TeamExport team={pilots[0].team} />}
    </>
  );
}
