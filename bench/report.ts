/**
 * The bench's verdicts, read from one run's results: each aim of issue 19 beside the key that
 * measures it, and how each figure grows from 100 to 1,000 pilots (from 10,000 to 100,000 for the
 * reminder sweep). Nothing here measures; it only reads `bench/results/latest.json`'s object.
 */

type Results = Record<string, unknown>;

/** The value at a dotted path of the results (`sweep.n100000.rows_read_per_due`), if it is a number. */
export function valueAt(results: Results, key: string): number | undefined {
  let v: unknown = results;
  for (const part of key.split('.')) {
    if (!v || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export interface Aim {
  /** The key in latest.json. */
  key: string;
  /** The most it may be. */
  max: number;
  /** What it is, in the table. */
  what: string;
}

/** Issue 19's aims, each one key at most `max`. KB are 1,000 bytes here, so an aim is never met by rounding. */
export const AIMS: readonly Aim[] = [
  { key: 'submit.storage_requests.http', max: 3, what: 'storage requests of a new session submit' },
  { key: 'submit.p99_ratio', max: 1.5, what: 'submit p99 over one raw transaction of the same rows' },
  { key: 'overview.storage_bytes', max: 300_000, what: 'overview, 100 pilots: bytes of the team partition' },
  { key: 'overview.ratio', max: 1.3, what: 'overview, 100 pilots: API p50 over the raw partition query' },
  { key: 'overview1000.ratio', max: 1.5, what: 'overview, 1,000 pilots: API p50 over the raw partition query' },
  { key: 'tab.render_ratio', max: 6, what: 'tab, 100 pilots: load to the last card over the API calls' },
  { key: 'tab.js_gzip_bytes', max: 180_000, what: "tab: the first screen's JavaScript, gzipped" },
  { key: 'memory.idle_rss_mb', max: 100, what: 'server RSS idle, compiled (MB)' },
  { key: 'memory.peak_rss_mb', max: 180, what: 'server peak RSS after the 610 requests (MB)' },
  { key: 'privacy.find_ratio', max: 1.5, what: "a person's data request over reading their pilots" },
  { key: 'sweep.n100000.rows_read_per_due', max: 1.05, what: 'sweep, 100,000 pilots: rows read per due row' },
  {
    key: 'sweep.n100000.sends_share_of_teams_limit',
    max: 0.8,
    what: "sweep, 100,000 pilots: peak sends a second over Teams' 30 per tenant",
  },
];

export interface AimVerdict {
  key: string;
  what: string;
  value: number | null;
  max: number;
  met: boolean | null;
}

export function verdicts(results: Results): AimVerdict[] {
  return AIMS.map((a) => {
    const value = valueAt(results, a.key);
    return {
      key: a.key,
      what: a.what,
      value: value ?? null,
      max: a.max,
      met: value === undefined ? null : value <= a.max,
    };
  });
}

/** A figure measured at two scales, `scale` times apart. */
export interface GrowthPair {
  what: string;
  small: string;
  large: string;
  scale: number;
}

/** What is compared across scales. Keys that a run did not produce are left out of the table. */
export const GROWTH: readonly GrowthPair[] = [
  {
    what: 'overview API p50 ms (100 × 300 → 1,000 × 100)',
    small: 'overview.p50_ms',
    large: 'overview1000.p50_ms',
    scale: 10,
  },
  {
    what: 'overview raw partition query p50 ms',
    small: 'overview.raw_p50_ms',
    large: 'overview1000.raw_p50_ms',
    scale: 10,
  },
  {
    what: 'overview team partition bytes',
    small: 'overview.storage_bytes',
    large: 'overview1000.storage_bytes',
    scale: 10,
  },
  {
    what: 'overview API JSON bytes',
    small: 'overview.response_bytes',
    large: 'overview1000.response_bytes',
    scale: 10,
  },
  {
    what: 'overview first page of 50, ms',
    small: 'overview.first_page_ms',
    large: 'overview1000.first_page_ms',
    scale: 10,
  },
  { what: 'tab: first screen shown, ms', small: 'tab.overview_ms', large: 'tab.first50_ms_1000', scale: 10 },
  {
    what: 'sweep s (10,000 → 100,000 pilots, 1 % due)',
    small: 'sweep.n10000.seconds',
    large: 'sweep.n100000.seconds',
    scale: 10,
  },
  { what: 'sweep rows read', small: 'sweep.n10000.rows_read', large: 'sweep.n100000.rows_read', scale: 10 },
  {
    what: 'sweep storage requests',
    small: 'sweep.n10000.storage_requests',
    large: 'sweep.n100000.storage_requests',
    scale: 10,
  },
  {
    what: 'sweep read alone (due()) s',
    small: 'sweep.n10000.raw_seconds',
    large: 'sweep.n100000.raw_seconds',
    scale: 10,
  },
];

/**
 * How a figure grows: the exponent e of growth = scale^e. Up to 0.2 flat, below 0.9 sublinear,
 * up to 1.1 linear (the rest of measuring noise), above that worse than linear.
 */
export function growthClass(small: number, large: number, scale: number): { exponent: number; label: string } {
  const exponent = small > 0 && large > 0 ? Math.log(large / small) / Math.log(scale) : large <= small ? 0 : Infinity;
  const label =
    exponent <= 0.2 ? 'flat' : exponent < 0.9 ? 'sublinear' : exponent <= 1.1 ? 'linear' : 'worse than linear';
  return { exponent: Math.round(exponent * 100) / 100, label };
}

export interface GrowthRow {
  what: string;
  small: number;
  large: number;
  growth: number;
  scale: number;
  exponent: number;
  label: string;
  linear_or_better: boolean;
}

export function growth(results: Results): GrowthRow[] {
  return GROWTH.flatMap((g) => {
    const small = valueAt(results, g.small);
    const large = valueAt(results, g.large);
    if (small === undefined || large === undefined) return [];
    const c = growthClass(small, large, g.scale);
    return [
      {
        what: g.what,
        small,
        large,
        growth: small > 0 ? Math.round((large / small) * 100) / 100 : NaN,
        scale: g.scale,
        ...c,
        linear_or_better: c.exponent <= 1.1,
      },
    ];
  });
}

/** A plain-text table, the first column left-aligned, the others right-aligned. */
export function textTable(head: string[], rows: string[][]): string {
  const all = [head, ...rows];
  const width = head.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? (cell ?? '').padEnd(width[c]) : (cell ?? '').padStart(width[c]))).join('  ');
  return [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function aimsTable(v: AimVerdict[]): string {
  return textTable(
    ['aim (issue 19)', 'key', 'value', 'at most', 'met'],
    v.map((a) => [
      a.what,
      a.key,
      a.value === null ? 'not measured' : String(a.value),
      String(a.max),
      a.met === null ? '-' : a.met ? 'yes' : 'NO',
    ]),
  );
}

export function growthTable(g: GrowthRow[]): string {
  return textTable(
    ['growth', 'small', 'large', '× figure', '× scale', 'exponent', 'growth is'],
    g.map((r) => [
      r.what,
      String(r.small),
      String(r.large),
      String(r.growth),
      String(r.scale),
      String(r.exponent),
      r.label,
    ]),
  );
}
