/** The demo data is the seeds' evidence: it must hold together as the seeds tell it. */
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { containsIdentityCode } from '../../bot/domain/privacy';
import { realisedReading } from '../../bot/domain/measures';
import { applyEdit, sessionPlace } from '../../bot/domain/pilotEdit';
import { PILOT_KINDS, type Pilot } from '../../bot/domain/pilots';
import { isPlannedSlot, plannedSlotDates } from '../../bot/domain/plan';
import { type CountKey, SESSION_FORMS } from '../../bot/domain/sessions';
import { KIND_MEASURES } from '../../bot/domain/targets';
import { applySession, emptyTotals } from '../../bot/domain/totals';

function realisedBefore(key: string) {
  const p = SEED_PILOTS.find((x) => x.key === key)!;
  const before = p.sessions.filter((s) => s.date <= p.midpointDate);
  const totals = before.reduce(
    (acc, s, i) => applySession(acc, { ...s, id: String(i), pilotId: key, loggedBy: 'u', loggedAt: '' }),
    emptyTotals(),
  );
  return realisedReading(totals);
}

const seed = (key: string) => SEED_PILOTS.find((p) => p.key === key)!;
const each = SEED_PILOTS.map((p) => [p.key, p] as const);
const asList = (k: CountKey | CountKey[]): CountKey[] => (Array.isArray(k) ? k : [k]);

/** A seed pilot as created, with its edits applied as load.ts applies them. */
function edited(key: string): Pilot {
  const p = seed(key);
  let pilot: Pilot = {
    id: key,
    team: { tenantId: 't', teamId: 'team' },
    name: p.name,
    municipality: p.municipality,
    kind: p.kind,
    plan: p.plan,
    startDate: p.startDate,
    midpointDate: p.midpointDate,
    endDate: p.endDate,
    owners: ['u'],
    stage: 'start',
    createdBy: 'u',
    createdAt: `${p.startDate}T08:00:00.000Z`,
  };
  for (const e of p.edits ?? []) pilot = applyEdit(pilot, { ...pilot, plan: { ...pilot.plan, ...e.plan } }, e.at);
  return pilot;
}

describe('seed pilots', () => {
  it('the Raisio parish drop-in reaches its midpoint at "toteutunut 4 x 2 tuntia"', () => {
    expect(realisedBefore('raisio-parish-dropin')).toEqual({ kind: 'uniform', sessions: 4, hoursPerSession: 2 });
  });

  it('the Raisio Kela service point reaches its midpoint at "toteutunut 3 x 2 h"', () => {
    expect(realisedBefore('raisio-kela-service-point')).toEqual({ kind: 'uniform', sessions: 3, hoursPerSession: 2 });
  });

  it('every kind of pilot (PILOT_KINDS) has a demo pilot', () => {
    const kinds = new Set(SEED_PILOTS.map((p) => p.kind));
    for (const kind of PILOT_KINDS) expect([kind, kinds.has(kind)]).toEqual([kind, true]);
  });

  it('keys are unique', () => {
    expect(new Set(SEED_PILOTS.map((p) => p.key)).size).toBe(SEED_PILOTS.length);
  });

  it.each(each)('%s: sessions on planned slots, within the dates', (_key, p) => {
    expect(p.startDate <= p.midpointDate && p.midpointDate <= p.endDate).toBe(true);
    const slots = new Set(plannedSlotDates(p.plan, p.startDate, p.endDate));
    for (const s of p.sessions) {
      expect([s.date, isPlannedSlot(p.plan, p.startDate, p.endDate, s.date), slots.has(s.date)]).toEqual([
        s.date,
        true,
        true,
      ]);
    }
    if (p.plan.plannedSessions !== undefined) expect(p.sessions.length).toBeLessThanOrEqual(p.plan.plannedSessions);
  });

  it.each(each)("%s: every session holds its kind's counts, whole and ≥ 0, within the kind's rules", (_key, p) => {
    const form = SESSION_FORMS[p.kind];
    for (const s of p.sessions) {
      // Every main count is there (0 included), and nothing the kind does not ask for.
      for (const k of form.counts) expect([s.date, k, typeof s.counts[k]]).toEqual([s.date, k, 'number']);
      for (const k of Object.keys(s.counts))
        expect([s.date, k, [...form.counts, ...form.optionalCounts].includes(k as CountKey)]).toEqual([
          s.date,
          k,
          true,
        ]);
      for (const v of Object.values(s.counts)) expect(Number.isInteger(v) && v >= 0).toBe(true);
      for (const rule of form.rules) {
        const sum = (keys: CountKey[]) => keys.reduce((n, k) => n + (s.counts[k] ?? 0), 0);
        expect({ date: s.date, rule, ok: sum(rule.parts) <= sum(asList(rule.whole)) }).toEqual({
          date: s.date,
          rule,
          ok: true,
        });
      }
      // Tags only from the kind's own list, with its prefix.
      for (const t of s.tags ?? []) {
        const list = form.tagList;
        expect(list && t.startsWith(`${list.prefix}:`) && list.values.includes(t.slice(list.prefix.length + 1))).toBe(
          true,
        );
      }
    }
  });

  it.each(each)('%s: targets on measures of its own kind', (_key, p) => {
    for (const t of p.targets ?? []) expect(KIND_MEASURES[p.kind]).toContain(t.measure);
  });

  it('the Raisio parish drop-in and the KuusOTSO phone line carry the illustrative targets', () => {
    expect(seed('raisio-parish-dropin').targets).toEqual([
      { measure: 'wantedToTalkPerSession', op: 'atLeast', value: 1 },
    ]);
    expect(seed('kuusotso-phone-advisory').targets).toEqual([{ measure: 'callsPerWeek', op: 'atLeast', value: 20 }]);
  });

  it('the Raisio parish drop-in starts with the parish alone, and its successor is the three-partner drop-in', () => {
    const parish = seed('raisio-parish-dropin');
    expect(parish.plan.partners).toEqual(['parish']);
    const next = seed(parish.successorKey!);
    expect(next).toMatchObject({ kind: 'dropIn', stage: 'start', municipality: 'Raisio' });
    expect(next.plan.partners).toEqual(['parish', 'kela']);
    expect(next.plan.place).toBe(parish.plan.place);
    expect(next.startDate.slice(0, 7)).toBe('2018-02');
    expect(next.startDate > parish.endDate).toBe(true);
    expect(next.sessions.length).toBeGreaterThan(0);
    // The reason quotes the end form.
    const end = Object.values(parish.evaluations.end ?? {}).join(' ');
    for (const sentence of parish.decisionReason!.split(/(?<=\.) /)) expect(end).toContain(sentence);
  });

  it.each(each)('%s: edits in date order within the pilot, each moving the place or the partners', (_key, p) => {
    const edits = p.edits ?? [];
    expect(edits.map((e) => e.at)).toEqual(edits.map((e) => e.at).sort());
    let plan = p.plan;
    for (const e of edits) {
      expect(e.at.slice(0, 10) > p.startDate && e.at.slice(0, 10) <= p.endDate).toBe(true);
      // Not on a session's day: which era a session belongs to is never a matter of the hour.
      expect(p.sessions.map((s) => s.date)).not.toContain(e.at.slice(0, 10));
      const next = { ...plan, ...e.plan };
      expect(next.place !== plan.place || JSON.stringify(next.partners) !== JSON.stringify(plan.partners)).toBe(true);
      plan = next;
    }
  });

  it('the parish sessions keep the place and partners of their era: hall, districts, hall with Kela', () => {
    const p = seed('raisio-parish-dropin');
    const pilot = edited(p.key);
    expect(pilot.plan).toMatchObject({ place: p.plan.place, partners: ['parish', 'kela'] });
    const eras = p.sessions.map((s) => {
      const at = sessionPlace(pilot, { loggedAt: `${s.date}T12:00:00.000Z` });
      return [s.date, at.place === p.plan.place ? 'hall' : 'districts', at.partners.join('+')];
    });
    expect(eras).toEqual([
      ['2017-10-16', 'hall', 'parish'],
      ['2017-10-23', 'hall', 'parish'],
      ['2017-10-30', 'hall', 'parish'],
      ['2017-11-06', 'hall', 'parish'],
      ['2017-11-13', 'districts', 'parish'],
      ['2017-11-20', 'districts', 'parish'],
      ['2017-11-27', 'districts', 'parish'],
      ['2018-01-08', 'hall', 'parish+kela'],
      ['2018-01-15', 'hall', 'parish+kela'],
      ['2018-01-22', 'hall', 'parish+kela'],
    ]);
  });

  it('the Turku shopping-centre service point ran about half a year and reached no one', () => {
    const p = seed('turku-shopping-centre-service-point');
    const months = (Date.parse(p.endDate) - Date.parse(p.startDate)) / (30.4 * 86_400_000);
    expect(months).toBeGreaterThan(5);
    expect(months).toBeLessThan(7);
    for (const s of p.sessions) {
      for (const k of SESSION_FORMS.dropIn.counts) expect(s.counts[k]).toBe(0);
    }
    expect(p.decision).toBe('stop');
  });

  it('the KuusOTSO phone line keeps its baseline and has the later "0-10" result in its answers', () => {
    const p = seed('kuusotso-phone-advisory');
    expect(p.baseline).toBe('0–6 puhelua päivässä');
    const later = [p.evaluations.midpoint, p.evaluations.end].flatMap((a) => Object.values(a ?? {})).join(' ');
    expect(later).toContain('Puhelumäärät vaihtelee päivittäin 0-10 kpl/päivä/syksyn 2022 tilanne');
    expect(Math.max(...p.sessions.map((s) => s.counts.calls ?? 0))).toBeLessThanOrEqual(10);
  });

  it.each(each)('%s: start answers on the start questions only', (_key, p) => {
    expect(p.evaluations.start).toBeDefined();
    for (const k of Object.keys(p.evaluations.start ?? {}))
      expect([
        'targetGroup',
        'problem',
        'activity',
        'resources',
        'expectationsPositive',
        'expectationsNegative',
        'evaluationMethod',
      ]).toContain(k);
  });

  it('hold no identity code, e-mail address or phone number anywhere', () => {
    const text = JSON.stringify(SEED_PILOTS);
    expect(containsIdentityCode(text)).toBe(false);
    expect(text).not.toMatch(/[\w.+-]+@[\w-]+(\.[\w-]+)+/);
    expect(text).not.toMatch(/\b0\d{1,2}[ -]?\d{3}[ -]?\d{3,4}\b/);
    // Nor the seed 003 chat's own mark of a person.
    expect(text).not.toMatch(/vasso\.fi|Elina/);
  });
});
