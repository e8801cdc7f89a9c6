/**
 * The pilot row and the totals row as Table Storage columns, and back. The team's index row is
 * the two side by side, so the index (teamIndex.ts) and the pilot's partition (pilots.ts) write
 * them through the same functions.
 */
import type { Pilot } from '../domain/pilots';
import { emptyTotals, type Totals } from '../domain/totals';
import type { Row } from './tables';

export function pilotFields(p: Pilot, stageVersion: number) {
  return {
    tenantId: p.team.tenantId,
    teamId: p.team.teamId,
    name: p.name,
    municipality: p.municipality,
    kind: p.kind,
    plan: JSON.stringify(p.plan),
    startDate: p.startDate,
    midpointDate: p.midpointDate,
    endDate: p.endDate,
    owners: JSON.stringify(p.owners),
    ownerNames: p.ownerNames ? JSON.stringify(p.ownerNames) : '',
    stage: p.stage,
    decision: p.decision ?? '',
    stageVersion,
    createdBy: p.createdBy,
    createdAt: p.createdAt,
  };
}

export function pilotFrom(id: string, r: Row): Pilot {
  const pilot: Pilot = {
    id,
    team: { tenantId: r.tenantId as string, teamId: r.teamId as string },
    name: r.name as string,
    municipality: r.municipality as string,
    kind: r.kind as Pilot['kind'],
    plan: JSON.parse(r.plan as string) as Pilot['plan'],
    startDate: r.startDate as string,
    midpointDate: r.midpointDate as string,
    endDate: r.endDate as string,
    owners: JSON.parse(r.owners as string) as string[],
    stage: r.stage as Pilot['stage'],
    decision: (r.decision as Pilot['decision']) || undefined,
    createdBy: r.createdBy as string,
    createdAt: r.createdAt as string,
  };
  if (typeof r.ownerNames === 'string' && r.ownerNames) {
    pilot.ownerNames = JSON.parse(r.ownerNames) as Record<string, string>;
  }
  return pilot;
}

/**
 * A string column holds at most 32K UTF-16 characters, and a long pilot's weekly totals outgrow
 * that (a phone line logged every weekday passes it in about three years). The JSON is split
 * over `totals`, `totals1`, `totals2`…; `totalsChunks` says how many to read, so columns left
 * over from a longer earlier version are ignored.
 */
const TOTALS_CHUNK = 30000;

export function totalsFields(t: Totals, version: number): Record<string, string | number> {
  const json = JSON.stringify(t);
  const out: Record<string, string | number> = { totalsVersion: version };
  let chunks = 0;
  for (let i = 0; i === 0 || i < json.length; i += TOTALS_CHUNK) {
    out[chunks === 0 ? 'totals' : `totals${chunks}`] = json.slice(i, i + TOTALS_CHUNK);
    chunks++;
  }
  out.totalsChunks = chunks;
  return out;
}

export function totalsFrom(r: Row | undefined): Totals {
  if (!r?.totals) return emptyTotals();
  const chunks = Number(r.totalsChunks ?? 1);
  let json = r.totals as string;
  for (let i = 1; i < chunks; i++) json += r[`totals${i}`] as string;
  return JSON.parse(json) as Totals;
}
