/**
 * The team export through the tab's API, signed in with test tokens, on real Azurite: every pilot
 * of the caller's team in one workbook (a pilots sheet and a sessions sheet) or as CSV for Finnish
 * Excel, none of another team's, and 404 for a team the caller is not in.
 */
import { randomUUID } from 'node:crypto';
import { Workbook, type Worksheet } from 'exceljs';
import { pilotFromSeed } from '../../bot/demo/load';
import { SEED_PILOTS, type SeedPilot } from '../../bot/demo/seedPilots';
import type { TeamRef } from '../../bot/domain/pilots';
import { strings } from '../../bot/i18n';
import { PilotStore } from '../../bot/storage/pilots';
import { DEACON, TEAM, TENANT, USER } from '../harness/teams';
import { type Caller, type SignedInPolku, startSignedInPolku } from './signedIn';
import { bearer } from './tokens';

const raisio = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
const phone = SEED_PILOTS.find((p) => p.key === 'kuusotso-phone-advisory')!;
const aino = { oid: USER.aadObjectId, tid: TENANT, name: USER.name };
const pirjo = { oid: DEACON.aadObjectId, tid: TENANT, name: DEACON.name };
const stranger = { oid: 'a1b2c3d4-0000-4000-8000-0000000000fe', tid: TENANT, name: 'Ulla Ulkopuolinen' };
const HARNESS_TEAM: TeamRef = { tenantId: TENANT, teamId: TEAM.id };
const OTHER_TEAM: TeamRef = { tenantId: TENANT, teamId: '19:naantali-team@thread.tacv2' };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let api: SignedInPolku;
let pilots: PilotStore;
const clock = new Date('2027-04-20T09:00:00+03:00');
/** The harness team's pilots, and one of another team's: names and session counts. */
const ours: { name: string; sessions: number }[] = [];
let theirs = '';

/** A seed pilot in a team with its first `sessions` seed sessions recorded; named after its id. */
async function seedPilot(seed: SeedPilot, team: TeamRef, sessions: number): Promise<string> {
  const id = randomUUID();
  const at = '2027-03-01T10:00:00.000Z';
  const name = `${seed.name} ${id.slice(0, 8)}`;
  await pilots.createPilotWithStart(
    { ...pilotFromSeed(seed, { id, team, owner: USER.aadObjectId, at }), name },
    { answers: seed.evaluations.start ?? {}, by: USER.aadObjectId, at },
  );
  for (const [i, s] of seed.sessions.slice(0, sessions).entries()) {
    await pilots.recordSession(
      { ...s, id: `${id}-s${i}`, pilotId: id, loggedBy: USER.aadObjectId, loggedAt: at },
      `${id}-k${i}`,
    );
  }
  return name;
}

beforeAll(async () => {
  api = await startSignedInPolku({ now: () => clock });
  pilots = new PilotStore(api.polku.store);
  ours.push({ name: await seedPilot(raisio, HARNESS_TEAM, 3), sessions: 3 });
  ours.push({ name: await seedPilot(phone, HARNESS_TEAM, 2), sessions: 2 });
  theirs = await seedPilot(raisio, OTHER_TEAM, 1);
});
afterAll(() => api.stop());

const exportPath = (query: string, team: TeamRef = HARNESS_TEAM) =>
  `/api/teams/${encodeURIComponent(team.tenantId)}/${encodeURIComponent(team.teamId)}/export?${query}`;

async function get(path: string, who: Caller): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const res = await fetch(`${api.polku.url}${path}`, { headers: bearer(await api.issuer.token(who)) });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

const fileName = (headers: Headers) =>
  decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(headers.get('content-disposition') ?? '')?.[1] ?? '');

/** A sheet's cells as text, row by row, the header row first. */
function rowsOf(ws: Worksheet): string[][] {
  const rows: string[][] = [];
  ws.eachRow((row) => {
    const values = row.values as unknown[];
    rows.push(values.slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
  });
  return rows;
}

/** A CSV's lines split at ';' (the test data holds no quoted ';'). */
const csvRows = (body: Buffer) =>
  body
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(';'));

describe("a team's export", () => {
  it("is one workbook with a pilots sheet and a sessions sheet, holding the team's pilots and none of another team's", async () => {
    const r = await get(exportPath('format=xlsx&locale=fi'), aino);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe(XLSX);
    expect(fileName(r.headers)).toBe(`${TEAM.name} - ${strings('fi').teamExport.workbookFile}.xlsx`);
    const wb = new Workbook();
    await wb.xlsx.load(r.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['Kokeilut', 'Käyntikerrat']);

    const [header, ...pilotRows] = rowsOf(wb.worksheets[0]);
    expect(header[0]).toBe(strings('fi').pilotForm.name);
    expect(pilotRows.map((row) => row[0]).sort()).toEqual(ours.map((p) => p.name).sort());
    const sessionRows = rowsOf(wb.worksheets[1]).slice(1);
    expect(sessionRows).toHaveLength(ours.reduce((n, p) => n + p.sessions, 0));
    for (const p of ours) expect(sessionRows.filter((row) => row[0] === p.name)).toHaveLength(p.sessions);
    expect(JSON.stringify([pilotRows, sessionRows])).not.toContain(theirs);
  });

  it('is CSV for Finnish Excel: a BOM, fields apart by ";", the pilots from the index and every session', async () => {
    const pilotsCsv = await get(exportPath('format=csv&what=pilots&locale=fi'), pirjo);
    expect(pilotsCsv.status).toBe(200);
    expect(pilotsCsv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(fileName(pilotsCsv.headers)).toBe(`${TEAM.name} - Kokeilut.csv`);
    expect([...pilotsCsv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = csvRows(pilotsCsv.body);
    expect(header.slice(0, 3)).toEqual(['Kokeilun nimi', 'Kunta tai alue', 'Kokeilun tyyppi']);
    expect(rows.map((row) => row[0]).sort()).toEqual(ours.map((p) => p.name).sort());

    const sessionsCsv = await get(exportPath('format=csv&what=sessions&locale=fi'), pirjo);
    expect(sessionsCsv.status).toBe(200);
    expect(fileName(sessionsCsv.headers)).toBe(`${TEAM.name} - Käyntikerrat.csv`);
    expect(sessionsCsv.body.toString('utf8').startsWith('\uFEFF')).toBe(true);
    const sessionRows = csvRows(sessionsCsv.body).slice(1);
    expect(sessionRows).toHaveLength(5);
    expect(sessionsCsv.body.toString('utf8')).not.toContain(theirs);
  });

  it('speaks the language asked for: Swedish sheet names', async () => {
    const r = await get(exportPath('format=xlsx&locale=sv'), aino);
    const wb = new Workbook();
    await wb.xlsx.load(r.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['Försök', 'Tillfällen']);
  });

  it('answers 404 to a stranger and for a team the caller is not in, naming nothing', async () => {
    const strangerAsks = await get(exportPath('format=xlsx'), stranger);
    const notInTeam = await get(exportPath('format=xlsx', OTHER_TEAM), aino);
    const noSuchTeam = await get(exportPath('format=xlsx', { tenantId: TENANT, teamId: '19:none@thread.tacv2' }), aino);
    expect([strangerAsks.status, notInTeam.status, noSuchTeam.status]).toEqual([404, 404, 404]);
    for (const r of [strangerAsks, notInTeam, noSuchTeam])
      expect(JSON.parse(r.body.toString())).toEqual({ error: 'notFound' });
  });

  it('refuses a format, a table or a language it does not have with 400', async () => {
    for (const query of ['format=pdf', 'format=csv&what=evaluations', 'format=csv&locale=de']) {
      const r = await get(exportPath(query), aino);
      expect({ query, status: r.status }).toEqual({ query, status: 400 });
    }
  });
});
