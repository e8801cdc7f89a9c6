/**
 * The overview: filters and an ordering, then a card per pilot, the pilots side by side in a table,
 * or each kind's pilots across municipalities (Regional.tsx).
 */
import { lazy, Suspense, useMemo } from 'react';
import { Button } from '@fluentui/react-button';
import { Field } from '@fluentui/react-field';
import { Select } from '@fluentui/react-select';
import { tokens } from '@fluentui/react-theme';
import { makeStyles, mergeClasses } from '@griffel/react';
import type { PilotOverview } from '../../bot/api/contract';
import type { PilotStage } from '../../bot/domain/pilots';
import { format } from './formats';
import { applyFilters, filterOptions, type Filters, NO_FILTERS, SORTS, type SortKey } from './model';
import { PilotGrid } from './PilotGrid';
import { regionalTexts } from './regionalTexts';
import { hrefOf, OVERVIEW_VIEWS, type OverviewView } from './route';
import { LazyView, useApp, useShared } from './ui';

// The overview's other views and its export: chunks of their own, loaded when shown.
const Comparison = lazy(() => import('./Comparison').then((m) => ({ default: m.Comparison })));
const Regional = lazy(() => import('./Regional').then((m) => ({ default: m.Regional })));
const TeamExport = lazy(() => import('./TeamExport').then((m) => ({ default: m.TeamExport })));

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
});

const ALL = '*';

/**
 * One filter: a native select in Fluent's style (light to load, and the platform's own list on
 * every device), "all" first when the filter can be off.
 */
function FilterSelect({
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
  return (
    <Field label={label}>
      <Select
        className={s.dropdown}
        value={value ?? ALL}
        onChange={(_, data) => onChange(!data.value || data.value === ALL ? null : data.value)}
      >
        {allLabel !== undefined && <option value={ALL}>{allLabel}</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {optionLabel(o)}
          </option>
        ))}
      </Select>
    </Field>
  );
}

export function FilterBar({
  pilots,
  pending = 0,
  filters,
  onChange,
  shown,
}: {
  pilots: PilotOverview[];
  /** Pilots still coming (the whole list after its first page). */
  pending?: number;
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
        <FilterSelect
          label={t.filters.municipality}
          value={filters.municipality}
          options={options.municipalities}
          optionLabel={(v) => v}
          onChange={(municipality) => set({ municipality })}
          allLabel={t.filters.all}
        />
        <FilterSelect
          label={t.filters.kind}
          value={filters.kind}
          options={options.kinds}
          optionLabel={(v) => t.kinds[v as keyof typeof t.kinds] ?? v}
          onChange={(kind) => set({ kind })}
          allLabel={t.filters.all}
        />
        <FilterSelect
          label={t.filters.phase}
          value={filters.stage}
          options={options.stages}
          optionLabel={(v) => t.stages[v as PilotStage] ?? v}
          onChange={(stage) => set({ stage: stage as PilotStage | null })}
          allLabel={t.filters.all}
        />
        <FilterSelect
          label={t.filters.partner}
          value={filters.partner}
          options={options.partners}
          optionLabel={(v) => t.partners[v as keyof typeof t.partners] ?? v}
          onChange={(partner) => set({ partner })}
          allLabel={t.filters.all}
        />
        <FilterSelect
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
        {pending > 0 && ` · ${format(t.filters.loadingRest, { count: f.number(pending) })}`}
      </p>
    </section>
  );
}

export function Overview({
  pilots,
  pending = 0,
  filters,
  onFilters,
  view,
  showTeam,
}: {
  pilots: PilotOverview[];
  /** Pilots still coming (the whole list after its first page). */
  pending?: number;
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
      <FilterBar pilots={pilots} pending={pending} filters={filters} onChange={onFilters} shown={shown.length} />
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
        <PilotGrid pilots={shown} pending={pending} showTeam={showTeam} label={t.card.listLabel} />
      ) : (
        <LazyView>
          {view === 'comparison' ? (
            <Comparison pilots={shown} showTeam={showTeam} />
          ) : (
            <Regional pilots={shown} showTeam={showTeam} />
          )}
        </LazyView>
      )}
      {/* Below the pilots: nothing in its place for the moment its code takes. */}
      {!showTeam && pilots.length > 0 && (
        <Suspense fallback={null}>
          <TeamExport team={pilots[0].team} />
        </Suspense>
      )}
    </>
  );
}
