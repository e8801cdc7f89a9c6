/**
 * Data protection in storage (real Azurite): a pilot exported whole and deleted everywhere, and a
 * person's ids and name found across a tenant and replaced by a pseudonym.
 */
import { randomUUID } from 'node:crypto';
import type { Pilot, TeamRef } from '../../bot/domain/pilots';
import { isPseudonym } from '../../bot/domain/privacy';
import type { Session } from '../../bot/domain/sessions';
import { ConversationStore } from '../../bot/storage/conversations';
import { MemberStore } from '../../bot/storage/members';
import { PersonalData } from '../../bot/storage/personal';
import { PilotData } from '../../bot/storage/pilotData';
import { PilotStore } from '../../bot/storage/pilots';
import { ReminderStore } from '../../bot/storage/reminders';
import type { TableStore } from '../../bot/storage/tables';
import { freshStore } from '../harness/storage';

const AINO = 'a1b2c3d4-0000-4000-8000-0000000000a1';
const PIRJO = 'a1b2c3d4-0000-4000-8000-0000000000d2';
const TENANT = 'tenant-dp';

let store: TableStore;
let pilots: PilotStore;
let reminders: ReminderStore;
let members: MemberStore;
let conversations: ConversationStore;
let data: PilotData;
let personal: PersonalData;

/** The stores on fresh tables (a test that checks every row of every table gets tables of its own). */
async function useFreshStore(): Promise<void> {
  store = await freshStore();
  pilots = new PilotStore(store);
  reminders = new ReminderStore(store);
  members = new MemberStore(store);
  conversations = new ConversationStore(store);
  data = new PilotData({ pilots, reminders });
  personal = new PersonalData(store, { pilots, conversations, members });
}

beforeAll(useFreshStore);

const newTeam = (tenantId = TENANT): TeamRef => ({ tenantId, teamId: `19:${randomUUID()}@thread.tacv2` });

function pilotOf(team: TeamRef, owners: Record<string, string>, name = 'Kelan neuvoja sosiaalitoimistossa'): Pilot {
  const ids = Object.keys(owners);
  return {
    id: randomUUID(),
    team,
    name,
    municipality: 'Raisio',
    kind: 'appointment',
    plan: { weekdays: [3], startTime: '09:00', hoursPerSession: 6, place: 'Sosiaalitoimisto', partners: ['kela'] },
    startDate: '2026-09-02',
    midpointDate: '2026-10-14',
    endDate: '2026-11-25',
    owners: ids,
    ownerNames: owners,
    stage: 'start',
    createdBy: ids[0],
    createdAt: '2026-09-01T08:00:00.000Z',
  };
}

const session = (p: Pilot, date: string, by: string): Session => ({
  id: randomUUID(),
  pilotId: p.id,
  date,
  hours: 6,
  counts: { appointments: 5, newClients: 2 },
  note: 'Ajanvaraukset täyttyivät',
  loggedBy: by,
  loggedAt: `${date}T15:00:00.000Z`,
});

/** A pilot with two sessions, a midpoint evaluation, an edited session (history), reminders and settings. */
async function pilotWithEverything(team: TeamRef): Promise<Pilot> {
  const p = pilotOf(team, { [AINO]: 'Aino Virtanen', [PIRJO]: 'Pirjo Diakoni' });
  await pilots.ensureTeam(team, { name: 'Raision aikuissosiaalityö' });
  const r = await pilots.createPilotWithStart(p, {
    answers: { targetGroup: 'Kelan asiakkaat, joilla on sosiaalityön tarve' },
    by: AINO,
    at: p.createdAt,
  });
  if (!r.created) throw new Error('not created');
  const first = session(p, '2026-09-02', PIRJO);
  await pilots.recordSession(first, randomUUID());
  await pilots.recordSession(session(p, '2026-09-09', AINO), randomUUID());
  await pilots.updateSession({
    pilotId: p.id,
    sessionId: first.id,
    next: { ...first, hours: 5 },
    by: AINO,
    at: '2026-09-10T08:00:00.000Z',
    idempotencyKey: randomUUID(),
  });
  const saved = await pilots.savePhase({
    pilotId: p.id,
    phase: 'midpoint',
    answers: { overallAssessment: 'Ajanvaraukset täyttyivät joka kerta' },
    by: PIRJO,
    at: '2026-10-14T09:00:00.000Z',
    idempotencyKey: randomUUID(),
  });
  expect(saved.status).toBe('saved');
  const now = new Date('2026-09-10T08:00:00.000Z');
  await reminders.schedule(
    p.id,
    { key: 'end|before', kind: 'phase', phase: 'end', dueAt: new Date('2026-11-22T07:00:00.000Z') },
    now,
  );
  await reminders.schedule(
    p.id,
    { key: 'session|2026-09-16', kind: 'session', slotDate: '2026-09-16', dueAt: new Date('2026-09-16T12:00:00.000Z') },
    now,
  );
  await reminders.saveSettings(p.id, { sessionPrompts: false });
  await reminders.mark(p.id, 'consultation|2026-09-09');
  return p;
}

describe("a pilot's data", () => {
  it('exports everything: pilot, totals, evaluations, sessions, history and reminders', async () => {
    const team = newTeam();
    const p = await pilotWithEverything(team);
    const out = await data.export(p.id, new Date('2026-11-23T10:00:00.000Z'));
    expect(out).toBeDefined();
    if (!out) return;
    expect(out.format).toBe('polku-pilot-export');
    expect(out.pilot.name).toBe('Kelan neuvoja sosiaalitoimistossa');
    expect(out.pilot.ownerNames).toEqual({ [AINO]: 'Aino Virtanen', [PIRJO]: 'Pirjo Diakoni' });
    expect(out.teamName).toBe('Raision aikuissosiaalityö');
    expect(out.totals.sessions).toBe(2);
    expect(out.totals.hours).toBe(11);
    expect(out.sessions.map((s) => [s.date, s.hours, s.note])).toEqual([
      ['2026-09-02', 5, 'Ajanvaraukset täyttyivät'],
      ['2026-09-09', 6, 'Ajanvaraukset täyttyivät'],
    ]);
    expect(out.evaluations.map((e) => e.phase).sort()).toEqual(['midpoint', 'start']);
    expect(out.history.map((h) => h.what)).toEqual(['pilotCreated', 'sessionEdited', 'phaseSaved']);
    expect(out.reminders.settings).toEqual({ sessionPrompts: false });
    expect(out.reminders.scheduled.map((r) => r.key)).toEqual(['session|2026-09-16', 'end|before']);
    expect(out.reminders.markers).toEqual(['consultation|2026-09-09']);
    expect(out.idempotencyMarkers).toBeGreaterThanOrEqual(4);
  });

  it('deletes a pilot with all its rows, its index row and its reminders, and leaves other pilots alone', async () => {
    const team = newTeam();
    const p = await pilotWithEverything(team);
    const other = await pilotWithEverything(team);
    const deleted = await data.delete(p.id);
    expect(deleted).toMatchObject({ sessions: 2, evaluations: 2, history: 3, reminders: 4 });

    expect(await pilots.getPilot(p.id)).toBeUndefined();
    expect(await store.table('pilots').partition(p.id)).toEqual([]);
    expect((await pilots.listTeamPilots(team)).map((s) => s.pilot.id)).toEqual([other.id]);
    const left = await reminders.ofPilot(p.id);
    expect(left.scheduled).toEqual([]);
    expect(left.markers).toEqual([]);
    expect(left.settings).toEqual({ sessionPrompts: true });
    // The other pilot keeps everything.
    expect((await reminders.ofPilot(other.id)).scheduled).toHaveLength(2);
    expect((await pilots.getPilot(other.id))?.totals.sessions).toBe(2);
    // Deleting again finds nothing to delete.
    expect(await data.delete(p.id)).toBeUndefined();
  });

  it('a deletion cut short after the index row finishes when run again', async () => {
    const team = newTeam();
    const p = await pilotWithEverything(team);
    await store.table('teams').delete(`${team.tenantId}|${team.teamId}`, `pilot|${p.id}`);
    const deleted = await data.delete(p.id);
    expect(deleted?.sessions).toBe(2);
    expect(await store.table('pilots').partition(p.id)).toEqual([]);
  });
});

describe("a person's data", () => {
  it('finds every pilot of the tenant that names them, and nothing in other tenants', async () => {
    const team = newTeam('tenant-find');
    const p = await pilotWithEverything(team);
    const solo = pilotOf(team, { [PIRJO]: 'Pirjo Diakoni' }, 'Puhelinneuvonta');
    await pilots.createPilotWithStart(solo, { answers: {}, by: PIRJO, at: solo.createdAt });
    const notHers = pilotOf(team, { [AINO]: 'Aino Virtanen' }, 'Pop up -kohtaamispiste');
    await pilots.createPilotWithStart(notHers, { answers: {}, by: AINO, at: notHers.createdAt });
    const elsewhere = pilotOf(newTeam('tenant-other'), { [PIRJO]: 'Pirjo Diakoni' });
    await pilots.createPilotWithStart(elsewhere, { answers: {}, by: PIRJO, at: elsewhere.createdAt });
    await members.record({
      tenantId: 'tenant-find',
      userId: PIRJO,
      teamId: team.teamId,
      standing: 'member',
      source: 'event',
      at: '2026-09-01T08:00:00.000Z',
    });

    const report = await personal.find('tenant-find', PIRJO);
    expect(report.pilots.map((m) => m.pilotName)).toEqual(['Kelan neuvoja sosiaalitoimistossa', 'Puhelinneuvonta']);
    const [kela, phone] = report.pilots;
    expect(kela).toMatchObject({
      pilotId: p.id,
      teamName: 'Raision aikuissosiaalityö',
      owner: true,
      soleOwner: false,
      name: 'Pirjo Diakoni',
      created: false,
      evaluations: ['midpoint'],
      sessions: 1,
      // The edit of the session she logged keeps her id inside the history row.
      history: 2,
    });
    expect(phone).toMatchObject({ owner: true, soleOwner: true, created: true });
    expect(report.memberships.map((m) => m.teamId)).toEqual([team.teamId]);
    expect(report.personalChat).toBe(false);
  });

  it('removal puts one pseudonym in place of the id everywhere, drops the name, and forgets memberships and the personal chat', async () => {
    await useFreshStore();
    const team = newTeam('tenant-remove');
    const p = await pilotWithEverything(team);
    await members.record({
      tenantId: 'tenant-remove',
      userId: PIRJO,
      teamId: team.teamId,
      standing: 'member',
      source: 'event',
      at: '2026-09-01T08:00:00.000Z',
    });
    await conversations.activate({
      tenantId: 'tenant-remove',
      conversationId: 'a:personal-pirjo',
      scope: 'personal',
      userId: PIRJO,
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      reference: { user: { id: '29:pirjo', aadObjectId: PIRJO } },
      updatedAt: '2026-09-01T08:00:00.000Z',
    });
    // A channel whose address an older version stored with her in it, as the one who installed Polku there.
    await conversations.activate({
      tenantId: 'tenant-remove',
      conversationId: team.teamId,
      scope: 'channel',
      teamId: team.teamId,
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      reference: { user: { id: '29:pirjo', aadObjectId: PIRJO }, conversation: { id: team.teamId } },
      updatedAt: '2026-09-01T08:00:00.000Z',
    });
    expect(await personal.find('tenant-remove', PIRJO)).toMatchObject({ personalChat: true, references: 1 });

    const result = await personal.remove('tenant-remove', PIRJO);
    expect(isPseudonym(result.pseudonym)).toBe(true);
    expect(result).toMatchObject({ pilots: 1, memberships: 1, personalChat: true, references: 1 });

    // Nothing in any table names her any more; the pseudonym stands where she stood.
    for (const name of ['pilots', 'teams', 'members', 'conversations', 'reminders'] as const) {
      const rows = await store.table(name).partitions('', '\uffff');
      const naming = rows.filter((r) => JSON.stringify(r).includes(PIRJO) || JSON.stringify(r).includes('Pirjo'));
      expect(naming.map((r) => `${name}: ${r.partitionKey} ${r.rowKey}`)).toEqual([]);
    }
    const after = await pilots.pilotRecord(p.id);
    expect(after?.pilot.owners).toEqual([AINO, result.pseudonym]);
    expect(after?.pilot.ownerNames).toEqual({ [AINO]: 'Aino Virtanen' });
    expect(after?.evaluations.find((e) => e.phase === 'midpoint')?.updatedBy).toBe(result.pseudonym);
    expect(after?.sessions.map((s) => s.loggedBy).sort()).toEqual([AINO, result.pseudonym].sort());
    expect(after?.history.find((h) => h.what === 'sessionEdited')?.before?.loggedBy).toBe(result.pseudonym);
    // Aino is untouched, the totals and the work are all there.
    expect(after?.totals.sessions).toBe(2);
    expect(after?.history.filter((h) => h.by === AINO)).toHaveLength(2);
    const index = (await pilots.listTeamPilots(team)).find((s) => s.pilot.id === p.id);
    expect(index?.pilot.owners).toEqual([AINO, result.pseudonym]);
    // Asked again, Polku holds nothing about her.
    const again = await personal.find('tenant-remove', PIRJO);
    expect(again).toEqual({
      tenantId: 'tenant-remove',
      userId: PIRJO,
      pilots: [],
      memberships: [],
      personalChat: false,
      references: 0,
    });
    // The channel is still reachable: its address is kept, without her.
    const channel = await conversations.get('tenant-remove', team.teamId);
    expect(channel?.reference).toEqual({ conversation: { id: team.teamId } });
  });
});
