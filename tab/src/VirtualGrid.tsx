/**
 * The overview's cards virtualised by rows over the page's own scroll (PilotGrid.tsx). A card the
 * keyboard reaches at the edge of what is rendered scrolls into view, and the rows after it follow.
 */
import { useRef } from 'react';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { CardItem, GAP_PX, type GridProps, ROW_ESTIMATE_PX, useGridLayout, useGridStyles } from './PilotGrid';

export function VirtualGrid({ pilots, showTeam, label }: GridProps) {
  const s = useGridStyles();
  const list = useRef<HTMLUListElement>(null);
  const { columns, top } = useGridLayout(list);
  const virtualizer = useWindowVirtualizer({
    count: Math.ceil(pilots.length / columns),
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: 1,
    gap: GAP_PX,
    scrollMargin: top,
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0];
  const last = rows[rows.length - 1];
  const paddingTop = first ? first.start - top : 0;
  const paddingBottom = last ? Math.max(0, virtualizer.getTotalSize() - (last.end - top)) : 0;
  return (
    <ul
      ref={list}
      className={s.grid}
      aria-label={label}
      style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, paddingTop, paddingBottom }}
    >
      {rows.flatMap((row) =>
        pilots.slice(row.index * columns, (row.index + 1) * columns).map((p, i) => (
          <CardItem
            key={p.id}
            pilot={p}
            position={row.index * columns + i + 1}
            setSize={pilots.length}
            showTeam={showTeam}
            className={s.item}
            // The row's first card is measured: the grid stretches every card of a row to its height.
            measure={i === 0 ? virtualizer.measureElement : undefined}
            row={i === 0 ? row.index : undefined}
          />
        )),
      )}
    </ul>
  );
}
