/** The demo data is the seeds' evidence: it must hold together as the seeds tell it. */
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { containsIdentityCode } from '../../bot/domain/privacy';
import { realisedReading } from '../../bot/domain/measures';
import { applySession, emptyTotals } from '../../bot/domain/totals';

const isoWeekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay() || 7;

function realisedBefore(key: string) {
  const p = SEED_PILOTS.find((x) => x.key === key)!;
  const before = p.sessions.filter((s) => s.date <= p.midpointDate);
  const totals = before.reduce(
    (acc, s, i) => applySession(acc, { ...s, id: String(i), pilotId: key, loggedBy: 'u', loggedAt: '' }),
    emptyTotals(),
  );
  return realisedReading(totals);
}

describe('seed pilots', () => {
  it('the Raisio parish drop-in reaches its midpoint at "toteutunut 4 x 2 tuntia"', () => {
    expect(realisedBefore('raisio-parish-dropin')).toEqual({ kind: 'uniform', sessions: 4, hoursPerSession: 2 });
  });

  it('the Raisio Kela service point reaches its midpoint at "toteutunut 3 x 2 h"', () => {
    expect(realisedBefore('raisio-kela-service-point')).toEqual({ kind: 'uniform', sessions: 3, hoursPerSession: 2 });
  });

  it.each(SEED_PILOTS.map((p) => [p.key, p] as const))('%s: sessions on plan weekdays, within the dates', (_key, p) => {
    expect(p.startDate <= p.midpointDate && p.midpointDate <= p.endDate).toBe(true);
    for (const s of p.sessions) {
      expect(p.plan.weekdays).toContain(isoWeekday(s.date));
      expect(s.date >= p.startDate && s.date <= p.endDate).toBe(true);
      for (const v of Object.values(s.counts)) expect(Number.isInteger(v) && v >= 0).toBe(true);
      const c = s.counts;
      if (c.wantedToTalk !== undefined && c.visitors !== undefined)
        expect(c.wantedToTalk).toBeLessThanOrEqual(c.visitors);
    }
  });

  it('hold no identity code anywhere', () => {
    expect(containsIdentityCode(JSON.stringify(SEED_PILOTS))).toBe(false);
  });
});
