/**
 * The Innokylä draft through the tab's API, signed in with test tokens, on real Azurite: a
 * pilot's draft as Word and Markdown for the members of its team, a practice of several pilots
 * of one team, and refusals that name nothing a caller may not see.
 */
import { randomUUID } from 'node:crypto';
import JSZip from 'jszip';
import MarkdownIt from 'markdown-it';
import type { ApiError } from '../../bot/api/contract';
import { pilotFromSeed } from '../../bot/demo/load';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import type { TeamRef } from '../../bot/domain/pilots';
import { strings } from '../../bot/i18n';
import { PilotStore } from '../../bot/storage/pilots';
import { renderMarkdown } from '../harness/markdown';
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
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let api: SignedInPolku;
let pilots: PilotStore;
const clock = new Date('2027-04-20T09:00:00+03:00');

beforeAll(async () => {
  api = await startSignedInPolku({ now: () => clock });
  pilots = new PilotStore(api.polku.store);
});
afterAll(() => api.stop());

/** The answer as bytes: a download is not text. */
async function get(path: string, who: Caller): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const res = await fetch(`${api.polku.url}${path}`, { headers: bearer(await api.issuer.token(who)) });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** A seed pilot in a team, owned by Aino, with its start phase; named after its id. Returns its id and name. */
async function seedPilot(seed = raisio, team = HARNESS_TEAM): Promise<{ id: string; name: string }> {
  const id = randomUUID();
  const at = '2027-03-01T10:00:00.000Z';
  const name = `${seed.name} ${id.slice(0, 8)}`;
  await pilots.createPilotWithStart(
    {
      ...pilotFromSeed(seed, { id, team, owner: USER.aadObjectId, at }),
      name,
      ownerNames: { [USER.aadObjectId]: USER.name },
    },
    { answers: seed.evaluations.start ?? {}, by: USER.aadObjectId, at },
  );
  return { id, name };
}

/** The text of a Word document's body, paragraph by paragraph. */
async function docxText(file: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(file);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'");
}

/** The texts of a Markdown document's headings of one level, as a reader sees them. */
function headings(md: string, level: 1 | 2 | 3): string[] {
  const tokens = new MarkdownIt().parse(md, {});
  return tokens.flatMap((t, i) =>
    t.type === 'heading_open' && t.tag === `h${level}` ? [renderMarkdown(tokens[i + 1].content).text] : [],
  );
}

/** "attachment; filename=…; filename*=UTF-8''…" → the UTF-8 name. */
const fileName = (headers: Headers) =>
  decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(headers.get('content-disposition') ?? '')?.[1] ?? '');

const SECTIONS_FI = Object.values(strings('fi').innokyla.sections);

describe("a pilot's Innokylä draft", () => {
  it('downloads as a Word document holding the pilot’s name and its target group as the start phase answered it', async () => {
    const { id, name } = await seedPilot();
    const r = await get(`/api/pilots/${id}/innokyla?format=docx&locale=fi`, aino);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe(DOCX);
    expect(fileName(r.headers)).toBe(`${name}.docx`);
    const text = await docxText(r.body);
    expect(text).toContain(name);
    expect(text).toContain(raisio.evaluations.start!.targetGroup!.trim().split('\n')[0]);
    for (const heading of SECTIONS_FI) expect(text).toContain(heading);
  });

  it('downloads as Markdown with Innokylä’s seven sections in order, in the language asked for', async () => {
    const { id, name } = await seedPilot();
    const fi = await get(`/api/pilots/${id}/innokyla?format=md&locale=fi`, aino);
    expect(fi.status).toBe(200);
    expect(fi.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(fileName(fi.headers)).toBe(`${name}.md`);
    const md = fi.body.toString('utf8');
    expect(headings(md, 1)).toEqual([name]);
    expect(headings(md, 2)).toEqual(SECTIONS_FI);
    expect(SECTIONS_FI).toHaveLength(7);

    const sv = await get(`/api/pilots/${id}/innokyla?format=md&locale=sv-FI`, aino);
    expect(headings(sv.body.toString('utf8'), 2)).toEqual(Object.values(strings('sv').innokyla.sections));
  });

  it('a member of the team who owns nothing may read it; a stranger gets 404, as for no pilot at all', async () => {
    const { id } = await seedPilot();
    expect((await get(`/api/pilots/${id}/innokyla?format=md`, pirjo)).status).toBe(200);
    const hidden = await get(`/api/pilots/${id}/innokyla?format=md`, stranger);
    const missing = await get(`/api/pilots/${randomUUID()}/innokyla?format=md`, stranger);
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    expect(hidden.body.toString()).toBe(missing.body.toString());
    expect(JSON.parse(hidden.body.toString())).toEqual({ error: 'notFound' } satisfies ApiError);
  });

  it('refuses a format or a language it does not write with 400', async () => {
    const { id } = await seedPilot();
    for (const query of ['format=pdf', 'format=docx&locale=de', 'format=md&format=docx']) {
      const r = await get(`/api/pilots/${id}/innokyla?${query}`, aino);
      expect({ query, status: r.status }).toEqual({ query, status: 400 });
    }
  });

  it('needs a signed-in caller', async () => {
    const { id } = await seedPilot();
    const res = await fetch(`${api.polku.url}/api/pilots/${id}/innokyla?format=md`);
    expect(res.status).toBe(401);
  });
});

describe('the draft of a practice of several pilots of one team', () => {
  const teamPath = (team: TeamRef = HARNESS_TEAM) =>
    `/api/teams/${encodeURIComponent(team.tenantId)}/${encodeURIComponent(team.teamId)}/innokyla`;

  it('numbers the pilots as models in the order given, under the practice’s name', async () => {
    const a = await seedPilot(phone);
    const b = await seedPilot(raisio);
    const practice = 'Jalkautuva sosiaalityö Raisiossa';
    const r = await get(
      `${teamPath()}?pilots=${b.id},${a.id}&name=${encodeURIComponent(practice)}&format=md&locale=fi`,
      pirjo,
    );
    expect(r.status).toBe(200);
    expect(fileName(r.headers)).toBe(`${practice}.md`);
    const md = r.body.toString('utf8');
    expect(headings(md, 1)).toEqual([practice]);
    expect(headings(md, 2)).toEqual(SECTIONS_FI);
    const models = headings(md, 3);
    expect(models).toContain(`1. ${b.name}`);
    expect(models).toContain(`2. ${a.name}`);

    const word = await get(`${teamPath()}?pilots=${a.id},${b.id}&format=docx`, aino);
    expect(word.status).toBe(200);
    expect(word.headers.get('content-type')).toBe(DOCX);
    // Without a name, the practice is called after its first pilot.
    expect(fileName(word.headers)).toBe(`${a.name}.docx`);
    const text = await docxText(word.body);
    expect(text).toContain(`1. ${a.name}`);
    expect(text).toContain(`2. ${b.name}`);
  });

  it('answers 404 when any pilot is not the team’s or not the caller’s to see, and for a team the caller is not in', async () => {
    const ours = await seedPilot();
    const theirs = await seedPilot(raisio, OTHER_TEAM);
    const other = await get(`${teamPath()}?pilots=${ours.id},${theirs.id}&format=md`, aino);
    const missing = await get(`${teamPath()}?pilots=${ours.id},${randomUUID()}&format=md`, aino);
    const strangerAsks = await get(`${teamPath()}?pilots=${ours.id}&format=md`, stranger);
    const notInTeam = await get(`${teamPath(OTHER_TEAM)}?pilots=${theirs.id}&format=md`, aino);
    expect([other.status, missing.status, strangerAsks.status, notInTeam.status]).toEqual([404, 404, 404, 404]);
    for (const r of [other, missing, strangerAsks, notInTeam]) {
      expect(JSON.parse(r.body.toString())).toEqual({ error: 'notFound' });
    }
  });

  it('refuses a name with an identity code (422, the field and its code), no pilots, or more than 20', async () => {
    const { id } = await seedPilot();
    const coded = await get(`${teamPath()}?pilots=${id}&name=${encodeURIComponent('Asiakas 131052-308T')}`, aino);
    expect(coded.status).toBe(422);
    expect(JSON.parse(coded.body.toString())).toEqual({
      error: 'invalid',
      fields: [{ field: 'name', code: 'identityCode' }],
    } satisfies ApiError);
    const long = await get(`${teamPath()}?pilots=${id}&name=${'x'.repeat(201)}`, aino);
    expect(long.status).toBe(422);
    expect((JSON.parse(long.body.toString()) as ApiError).fields?.[0]).toMatchObject({
      field: 'name',
      code: 'tooLong',
    });

    const many = Array.from({ length: 21 }, () => randomUUID()).join(',');
    for (const query of ['', 'pilots=', `pilots=${id},`, `pilots=${many}`, `pilots=${id}&format=pdf`]) {
      const r = await get(`${teamPath()}?${query}`, aino);
      expect({ query: query.slice(0, 40), status: r.status }).toEqual({ query: query.slice(0, 40), status: 400 });
    }
  });
});
