/**
 * A person's data request through the people index (real Azurite): it reads the partitions of
 * the pilots that name the person and no others, finds them also in a pilot stored before the
 * index existed, finds nothing once they are removed, and a deleted pilot leaves the index.
 */
import { randomUUID } from 'node:crypto';
import type { Pilot, TeamRef } from '../../bot/domain/pilots';
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
const TENANT = 'tenant-people';

let store: TableStore;
let pilots: PilotStore;
let personal: PersonalData;
let data: PilotData;
/** The pilot partitions read (whole-partition queries of table `pilots`) since the last reset. */
const partitionsRead = new Set<string>();

beforeAll(async () => {
  store = await freshStore();
  pilots = new PilotStore(store);
  personal = new PersonalData(store, {
    pilots,
    conversations: new ConversationStore(store),
    members: new MemberStore(store),
  });
  data = new PilotData({ pilots, reminders: new ReminderStore(store) });
  store.table('pilots').client.pipeline.addPolicy({
    name: 'testPartitionReads',
    sendRequest: (request, next) => {
      const filter = new URL(request.url).searchParams.get('$filter') ?? '';
      const whole = /^PartitionKey eq '([^']+)'$/.exec(filter);
      if (whole) partitionsRead.add(whole[1]);
      return next(request);
    },
  });
});

const team: TeamRef = { tenantId: TENANT, teamId: `19:${randomUUID()}@thread.tacv2` };

async function newPilot(owners: string[], name: string): Promise<Pilot> {
  const p: Pilot = {
    id: randomUUID(),
    team,
    name,
    municipality: 'Raisio',
    kind: 'appointment',
    plan: { weekdays: [3], startTime: '09:00', hoursPerSession: 6, place: 'Sosiaalitoimisto', partners: ['kela'] },
    startDate: '2026-09-02',
    midpointDate: '2026-10-14',
    endDate: '2026-11-25',
    owners,
    ownerNames: Object.fromEntries(owners.map((id) => [id, `Nimi ${id.slice(-2)}`])),
    stage: 'start',
    createdBy: owners[0],
    createdAt: '2026-09-01T08:00:00.000Z',
  };
  await pilots.ensureTeam(team, { name: 'Sosiaalityö' });
  expect((await pilots.createPilotWithStart(p, { answers: {}, by: owners[0], at: p.createdAt })).created).toBe(true);
  return p;
}

const session = (p: Pilot, by: string): Session => ({
  id: randomUUID(),
  pilotId: p.id,
  date: '2026-09-02',
  hours: 6,
  counts: { appointments: 5 },
  loggedBy: by,
  loggedAt: '2026-09-02T16:00:00.000Z',
});

const names = (r: { pilots: { pilotName: string }[] }) => r.pilots.map((m) => m.pilotName).sort();

describe("a person's data request over the people index", () => {
  let logged: Pilot;
  let coOwned: Pilot;
  let old: Pilot;

  beforeAll(async () => {
    // Pirjo logs sessions in one pilot of Aino's, co-owns another; five more never name her.
    logged = await newPilot([AINO], 'Aino A: Pirjo kirjaa');
    expect((await pilots.recordSession(session(logged, PIRJO), randomUUID())).recorded).toBe(true);
    expect((await pilots.recordSession(session(logged, PIRJO), randomUUID())).recorded).toBe(true);
    coOwned = await newPilot([AINO, PIRJO], 'Aino B: Pirjo omistaa');
    for (let i = 0; i < 5; i++) {
      const p = await newPilot([AINO], `Aino C${i}: ei Pirjoa`);
      expect((await pilots.recordSession(session(p, AINO), randomUUID())).recorded).toBe(true);
    }
    // A pilot of an earlier version: Pirjo logged in it before there was an index.
    old = await newPilot([AINO], 'Aino D: ennen hakemistoa');
    expect((await pilots.recordSession(session(old, PIRJO), randomUUID())).recorded).toBe(true);
    await pilots.people.forgetPilot(TENANT, old.id);
  });

  it('finds her in the three pilots that name her, the one stored before the index too, and then reads only those', async () => {
    const first = await personal.find(TENANT, PIRJO);
    expect(names(first)).toEqual(['Aino A: Pirjo kirjaa', 'Aino B: Pirjo omistaa', 'Aino D: ennen hakemistoa']);
    expect(first.pilots.find((m) => m.pilotId === logged.id)).toMatchObject({ sessions: 2, owner: false });
    expect(first.pilots.find((m) => m.pilotId === old.id)).toMatchObject({ sessions: 1, teamName: 'Sosiaalityö' });

    partitionsRead.clear();
    const again = await personal.find(TENANT, PIRJO);
    expect(names(again)).toEqual(names(first));
    expect([...partitionsRead].sort()).toEqual([logged.id, coOwned.id, old.id].sort());
  });

  it('after her removal finds her nowhere, and reads no pilot for it; her next session is found again', async () => {
    const removal = await personal.remove(TENANT, PIRJO);
    expect(removal.pilots).toBe(3);
    partitionsRead.clear();
    expect((await personal.find(TENANT, PIRJO)).pilots).toEqual([]);
    expect(partitionsRead.size).toBe(0);
    // Nothing in the pilots or the index holds her id any more (the totals row's list of people included).
    for (const name of ['pilots', 'people'] as const) {
      const rows = await store.table(name).partitions('', '\uffff');
      expect(rows.filter((r) => JSON.stringify(r).includes(PIRJO))).toEqual([]);
    }
    expect((await pilots.recordSession(session(coOwned, PIRJO), randomUUID())).recorded).toBe(true);
    expect((await personal.find(TENANT, PIRJO)).pilots.map((m) => [m.pilotId, m.sessions])).toEqual([[coOwned.id, 1]]);
  });

  it("a deleted pilot leaves everyone's list", async () => {
    expect(await data.delete(logged.id)).toBeDefined();
    const left = await store.table('people').partitions('', '\uffff', `RowKey eq '${logged.id}'`);
    expect(left).toEqual([]);
    partitionsRead.clear();
    const aino = await personal.find(TENANT, AINO);
    expect(aino.pilots.map((m) => m.pilotId)).not.toContain(logged.id);
    expect(aino.pilots).toHaveLength(7);
    expect(partitionsRead.has(logged.id)).toBe(false);
  });
});
