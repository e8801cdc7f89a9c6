/**
 * Data protection through the tab's API, signed in with test tokens: the owner's full export, the
 * deletion of a pilot, and a person's own data. Each refusal is checked for what it must not say.
 */
import type { DeletedResponse, PilotDetail, SessionPage } from '../../bot/api/contract';
import { pilotFromSeed } from '../../bot/demo/load';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import type { PilotExport } from '../../bot/storage/pilotData';
import type { PersonalReport } from '../../bot/storage/personal';
import { PilotStore } from '../../bot/storage/pilots';
import type { TestPolku } from '../harness/polku';
import { DEACON, TEAM, TEAM_OWNER, TENANT, USER } from '../harness/teams';
import { type Caller, type SignedInPolku, startSignedInPolku } from './signedIn';

const raisio = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
const aino = { oid: USER.aadObjectId, tid: TENANT, name: USER.name };
const pirjo = { oid: DEACON.aadObjectId, tid: TENANT, name: DEACON.name };
const tuula = { oid: TEAM_OWNER.aadObjectId, tid: TENANT, name: TEAM_OWNER.name };
const stranger = { oid: 'a1b2c3d4-0000-4000-8000-0000000000ff', tid: TENANT, name: 'Ulla Ulkopuolinen' };

let api: SignedInPolku;
let polku: TestPolku;
let pilots: PilotStore;

const call = (method: string, path: string, who: Caller, body?: unknown) => api.call(method, path, who, body);

async function newPilot(id: string): Promise<void> {
  const at = new Date().toISOString();
  const pilot = {
    ...pilotFromSeed(raisio, { id, team: { tenantId: TENANT, teamId: TEAM.id }, owner: USER.aadObjectId, at }),
    ownerNames: { [USER.aadObjectId]: USER.name },
  };
  await pilots.createPilotWithStart(pilot, { answers: raisio.evaluations.start ?? {}, by: USER.aadObjectId, at });
  const s = raisio.sessions[0];
  await pilots.recordSession(
    {
      id: `${id}-s1`,
      pilotId: id,
      date: s.date,
      hours: s.hours,
      counts: s.counts,
      loggedBy: DEACON.aadObjectId,
      loggedAt: at,
    },
    `${id}-k1`,
  );
}

beforeAll(async () => {
  api = await startSignedInPolku();
  polku = api.polku;
  pilots = new PilotStore(polku.store);
});

afterAll(() => api.stop());

describe("the owner's full export", () => {
  it('holds the pilot, its evaluations, sessions, history and reminders, as a JSON file', async () => {
    await newPilot('api-export');
    const res = await call('GET', '/api/pilots/api-export/export?what=all&format=json', aino);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('kaikki%20tiedot.json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = JSON.parse(res.text) as PilotExport;
    expect(body.format).toBe('polku-pilot-export');
    expect(body.pilot.name).toBe(raisio.name);
    expect(body.sessions).toHaveLength(1);
    expect(body.evaluations.map((e) => e.phase)).toEqual(['start']);
    expect(body.history.map((h) => h.what)).toEqual(['pilotCreated']);
    expect(body.reminders.settings).toEqual({ sessionPrompts: true });
  });

  it('is for owners: a member sees the pilot but gets 403, an outsider 404, neither learns the name', async () => {
    await newPilot('api-export-refused');
    const detail = await call('GET', '/api/pilots/api-export-refused', pirjo);
    expect((JSON.parse(detail.text) as PilotDetail).youOwn).toBe(false);
    expect((JSON.parse((await call('GET', '/api/pilots/api-export-refused', aino)).text) as PilotDetail).youOwn).toBe(
      true,
    );
    const member = await call('GET', '/api/pilots/api-export-refused/export?what=all&format=json', pirjo);
    expect(member.status).toBe(403);
    const outsider = await call('GET', '/api/pilots/api-export-refused/export?what=all&format=json', stranger);
    expect(outsider.status).toBe(404);
    for (const r of [member, outsider]) expect(r.text).not.toContain(raisio.name);
    // "all" comes as JSON only, and JSON only as "all".
    expect((await call('GET', '/api/pilots/api-export-refused/export?what=all&format=csv', aino)).status).toBe(400);
    expect((await call('GET', '/api/pilots/api-export-refused/export?what=sessions&format=json', aino)).status).toBe(
      400,
    );
  });
});

describe('deleting a pilot through the API', () => {
  it("needs the pilot's name, refuses non-owners, and then deletes everything", async () => {
    await newPilot('api-delete');
    expect((await call('DELETE', '/api/pilots/api-delete', aino, { confirmName: 'väärä nimi' })).status).toBe(400);
    expect((await call('DELETE', '/api/pilots/api-delete', aino)).status).toBe(400);
    expect((await call('DELETE', '/api/pilots/api-delete', pirjo, { confirmName: raisio.name })).status).toBe(403);
    expect((await call('DELETE', '/api/pilots/api-delete', stranger, { confirmName: raisio.name })).status).toBe(404);
    expect(await pilots.getPilot('api-delete')).toBeDefined();

    const res = await call('DELETE', '/api/pilots/api-delete', aino, { confirmName: raisio.name });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text) as DeletedResponse).toMatchObject({ deleted: 'api-delete', sessions: 1 });
    expect(await pilots.getPilot('api-delete')).toBeUndefined();
    expect((await call('GET', '/api/pilots/api-delete', aino)).status).toBe(404);
  });
});

describe("the team's owner through the API", () => {
  it("owns every pilot of the team as on the bot card: sees the owner's view, exports all and deletes; a member does neither", async () => {
    await newPilot('api-team-owner');
    const detail = JSON.parse((await call('GET', '/api/pilots/api-team-owner', tuula)).text) as PilotDetail;
    expect(detail.youOwn).toBe(true);
    const member = JSON.parse((await call('GET', '/api/pilots/api-team-owner', pirjo)).text) as PilotDetail;
    expect(member.youOwn).toBe(false);
    expect((await call('GET', '/api/pilots/api-team-owner/export?what=all&format=json', tuula)).status).toBe(200);
    expect((await call('DELETE', '/api/pilots/api-team-owner', pirjo, { confirmName: raisio.name })).status).toBe(403);
    const res = await call('DELETE', '/api/pilots/api-team-owner', tuula, { confirmName: raisio.name });
    expect(res.status).toBe(200);
    expect(await pilots.getPilot('api-team-owner')).toBeUndefined();
  });
});

describe("a person's own data through the API", () => {
  it('GET lists where they appear; DELETE puts a pseudonym in their place', async () => {
    await newPilot('api-person');
    const before = JSON.parse((await call('GET', '/api/me/data', pirjo)).text) as PersonalReport;
    expect(before.userId).toBe(DEACON.aadObjectId);
    const mention = before.pilots.find((p) => p.pilotId === 'api-person');
    expect(mention).toMatchObject({ owner: false, sessions: 1 });

    const removed = await call('DELETE', '/api/me/data', pirjo);
    expect(removed.status).toBe(200);
    const record = await pilots.pilotRecord('api-person');
    expect(JSON.stringify(record)).not.toContain(DEACON.aadObjectId);
    // The tab shows the removed person as such, not by a fragment of the pseudonym.
    const detail = JSON.parse((await call('GET', '/api/pilots/api-person', aino)).text) as PilotDetail;
    expect(detail.overview.owners.map((o) => o.name)).toEqual([USER.name]);
    const page = JSON.parse((await call('GET', '/api/pilots/api-person/sessions', aino)).text) as SessionPage;
    expect(page.items[0].loggedBy).toMatchObject({ name: '', removed: true });
    const after = JSON.parse((await call('GET', '/api/me/data', pirjo)).text) as PersonalReport;
    expect(after.pilots).toEqual([]);
  });

  it('without a token, nothing', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(`${polku.url}/api/me/data`, { method });
      expect(res.status).toBe(401);
    }
  });
});
