/**
 * The overview's cards, a grid of as many columns as fit. The list is virtualised by rows over the
 * page's own scroll (VirtualGrid.tsx, @tanstack/react-virtual) once the team has more pilots than
 * the overview's first page, from that first page on (the rest still coming): only the rows near
 * the viewport are in the DOM, so a region's thousand pilots stay as quick to scroll as ten, and
 * the first screen draws its own cards, not the fifty of the first page; a smaller team's cards
 * are all drawn. The virtualiser is a chunk of its own: until it is here, the rows the first
 * screen shows are drawn as they are. Either way it is one list to assistive technology: each item
 * says its place in the whole (aria-posinset of aria-setsize).
 */
import { lazy, Suspense, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { tokens } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import type { PilotOverview } from '../../bot/api/contract';
import { FIRST_PAGE } from './data';
import { PilotCard } from './PilotCard';

/** A card's least width, and the gap between cards (tokens.spacingHorizontalL). */
const MIN_CARD_PX = 320;
export const GAP_PX = 16;
/** A row's height before it is measured: about a card with a target or two. */
export const ROW_ESTIMATE_PX = 560;
/** Lists longer than this are virtualised (the overview's first page, tab/src/data.ts FIRST_PAGE). */
const VIRTUALISE_OVER = FIRST_PAGE;

const VirtualGrid = lazy(() => import('./VirtualGrid').then((m) => ({ default: m.VirtualGrid })));

export const useGridStyles = makeStyles({
  grid: {
    display: 'grid',
    gap: tokens.spacingHorizontalL,
    margin: '0',
    padding: '0',
    boxSizing: 'border-box',
  },
  item: { listStyleType: 'none', minWidth: '0' },
});

export interface GridProps {
  pilots: PilotOverview[];
  showTeam: boolean;
  label: string;
}

/** How many columns fit in the list, and where the list starts on the page (for the virtualiser). */
export function useGridLayout(list: RefObject<HTMLUListElement | null>): { columns: number; top: number } {
  const [layout, setLayout] = useState({ columns: 1, top: 0 });
  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const measure = () => {
      const columns = Math.max(1, Math.floor((el.clientWidth + GAP_PX) / (MIN_CARD_PX + GAP_PX)));
      const top = el.getBoundingClientRect().top + window.scrollY;
      setLayout((l) => (l.columns === columns && l.top === top ? l : { columns, top }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [list]);
  return layout;
}

/** One card as an item of the whole list. */
export function CardItem({
  pilot,
  position,
  setSize,
  showTeam,
  className,
  measure,
  row,
}: {
  pilot: PilotOverview;
  position: number;
  setSize: number;
  showTeam: boolean;
  className: string;
  measure?: (el: HTMLLIElement | null) => void;
  row?: number;
}) {
  return (
    <li ref={measure} data-index={row} className={className} aria-setsize={setSize} aria-posinset={position}>
      <PilotCard pilot={pilot} showTeam={showTeam} />
    </li>
  );
}

/** The cards drawn as they are: the first `rows` rows (the first screen's, while the virtualiser loads), or all. */
function PlainRows({ pilots, showTeam, label, rows = Infinity }: GridProps & { rows?: number }) {
  const s = useGridStyles();
  const list = useRef<HTMLUListElement>(null);
  const { columns } = useGridLayout(list);
  return (
    <ul
      ref={list}
      className={s.grid}
      aria-label={label}
      style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
    >
      {pilots.slice(0, rows * columns).map((p, i) => (
        <CardItem
          key={p.id}
          pilot={p}
          position={i + 1}
          setSize={pilots.length}
          showTeam={showTeam}
          className={s.item}
        />
      ))}
    </ul>
  );
}

export function PilotGrid({
  pending = 0,
  ...props
}: GridProps & { /** Pilots of the list still coming. */ pending?: number }) {
  if (props.pilots.length + pending <= VIRTUALISE_OVER) return <PlainRows {...props} />;
  return (
    <Suspense fallback={<PlainRows {...props} rows={Math.ceil(window.innerHeight / ROW_ESTIMATE_PX) + 1} />}>
      <VirtualGrid {...props} />
    </Suspense>
  );
}
