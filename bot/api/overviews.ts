/**
 * The team overview's pilots as JSON, made from the team's index rows (storage/pilotPhases.ts
 * teamListing). Each pilot's overview (views.ts overviewOf) is written once and kept by its index
 * row's ETag, the day and the team it was made for: an overview asked again (a reload, the next
 * member of the team opening the tab) writes only the pilots that changed since, and reads no other
 * row. Bounded: the least recently used go first.
 */
import type { TeamListing } from '../storage/pilots';
import { Recent } from '../storage/recent';
import type { TeamSummary } from './contract';
import { overviewOf } from './views';

/** At most this many pilots' overviews are kept (about 1.6 KB each: some 6 MB at most). */
export const KEPT_OVERVIEWS = 4000;

/** The overview's order: by name, as a Finnish reader sorts (the same as `localeCompare(…, 'fi')`); made by the first overview. */
let finnish: Intl.Collator | undefined;

export interface WrittenOverview {
  name: string;
  /** The pilot's PilotOverview as JSON. */
  json: string;
}

interface Kept extends WrittenOverview {
  etag: string;
  today: string;
  team: string;
}

export class OverviewWriter {
  private readonly kept = new Recent<Kept>(KEPT_OVERVIEWS);

  /** The listed pilots' overviews as of `today`, in the overview's order. */
  written(listing: TeamListing, team: TeamSummary, today: string): WrittenOverview[] {
    const teamJson = JSON.stringify(team);
    const all = listing.pilots.map((p) => {
      const kept = this.kept.get(p.pilotId);
      if (kept && kept.etag === p.etag && kept.today === today && kept.team === teamJson) return kept;
      const overview = overviewOf(p.summary(), team, today);
      const made: Kept = { etag: p.etag, today, team: teamJson, name: overview.name, json: JSON.stringify(overview) };
      this.kept.set(p.pilotId, made);
      return made;
    });
    const order = (finnish ??= new Intl.Collator('fi'));
    return all.sort((a, b) => order.compare(a.name, b.name));
  }
}
