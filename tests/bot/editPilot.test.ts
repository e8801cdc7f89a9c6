/**
 * Editing a pilot as the seed pilots changed while they ran (seed 000): the parish drop-in moved
 * from the central parish hall to the districts, and Kela joined it. Through the HTTP harness in
 * Finnish: the owner opens More actions → "Muokkaa kokeilua", changes the place and adds Kela; the
 * pilot card, the tab's API and the history show the change, and sessions logged before it keep
 * the old place.
 */
import { randomUUID } from 'node:crypto';
import type { PilotDetail, SessionPage } from '../../bot/api/contract';
import { pilotFromSeed } from '../../bot/demo/load';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { countField, SESSION_FORMS } from '../../bot/domain/sessions';
import { firstPhaseStep } from '../../bot/domain/reminders';
import { PilotStore } from '../../bot/storage/pilots';
import { ReminderStore } from '../../bot/storage/reminders';
import { APP_ID_URI, bearer, CLIENT_ID, TestIssuer } from '../api/tokens';
import { cardProblems, cardText } from '../harness/cards';
import { buttonsOf, type Card, inputsOf, press } from '../harness/cardForm';
import { FakeConnector } from '../harness/connector';
import { dropInPilot } from '../harness/pilots';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { as, DEACON, OWNER, TEAM, TeamsClient, TENANT, USER } from '../harness/teams';

const raisio = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
const DISTRICTS = 'Raision seurakunnan piirit: Kaanaan ja Vaisaaren kappelit';

let polku: TestPolku;
let connector: FakeConnector;
let issuer: TestIssuer;
let pilots: PilotStore;
/** The server's clock: moved on between the steps, as time passes between logging and editing. */
let clock = new Date('2027-04-20T09:00:00+03:00');

beforeAll(async () => {
  [connector, issuer] = await Promise.all([new FakeConnector().start(), TestIssuer.start()]);
  connector.members.set(TEAM.id, [OWNER, DEACON]);
  polku = await startTestPolku(
    { AAD_APP_CLIENT_ID: CLIENT_ID, AAD_APP_ID_URI: APP_ID_URI, AAD_JWKS_URI: issuer.url },
    { now: () => clock },
  );
  pilots = new PilotStore(polku.store);
  const c = channel();
  expect((await c.send(c.installationUpdate('add'))).status).toBe(200);
});
afterAll(async () => {
  await polku.stop();
  await Promise.all([connector.stop(), issuer.stop()]);
});
beforeEach(() => connector.clear());

const channel = () =>
  new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope: 'channel', locale: 'fi-FI' });

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${polku.url}${path}`, {
    headers: bearer(await issuer.token({ oid: USER.aadObjectId, tid: TENANT, name: USER.name })),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function logSession(c: TeamsClient, pilotId: string, date: string): Promise<void> {
  const form = (await c.send(c.execute('logSession', { pilotId }))).body as { value: Card };
  const typed: Record<string, string> = { date, hours: '2' };
  for (const k of SESSION_FORMS.dropIn.counts) typed[countField(k)] = k === 'visitors' ? '6' : '1';
  const saved = await press(c, form.value, 'Tallenna kirjaus', typed);
  expect(cardText(saved.card)).toContain('Kirjaus tallennettu');
}

describe('"Muokkaa kokeilua": the parish drop-in moves to the districts and Kela joins', () => {
  it('changes the place and partners, shows it on the card, the tab and the history; earlier sessions keep the old place', async () => {
    // The parish drop-in as it began: the parish alone, at the central parish hall (seed 000).
    const id = randomUUID();
    const at = '2027-03-01T10:00:00.000Z';
    const seeded = pilotFromSeed(raisio, {
      id,
      team: { tenantId: TENANT, teamId: TEAM.id },
      owner: USER.aadObjectId,
      at,
    });
    await pilots.createPilotWithStart(
      {
        ...seeded,
        name: `Päivystys ${id.slice(0, 8)}`,
        plan: { ...seeded.plan, partners: ['parish'] },
        startDate: '2027-03-15',
        midpointDate: '2027-05-03',
        endDate: '2027-05-31',
        ownerNames: { [USER.aadObjectId]: USER.name },
      },
      { answers: raisio.evaluations.start ?? {}, by: USER.aadObjectId, at },
    );
    const before = (await pilots.getPilot(id))!.pilot;
    expect(before.plan.place).toBe(raisio.plan.place);
    const c = channel();
    await logSession(c, id, '2027-03-15');
    await logSession(c, id, '2027-03-22');
    clock = new Date('2027-04-20T10:00:00+03:00');

    // The owner's pilot card has the button; the edit form holds the pilot as it is.
    const card = ((await c.send(c.execute('pilot', { pilotId: id }))).body as { value: Card }).value;
    expect(buttonsOf(card)).toContain('Muokkaa kokeilua');
    const form = await press(c, card, 'Muokkaa kokeilua');
    expect(cardProblems(form.card)).toEqual([]);
    expect(cardText(form.card)).toContain('Muokkaa kokeilua: Päivystys');
    const values = inputsOf(form.card);
    expect(values).toMatchObject({ name: before.name, place: raisio.plan.place, startDate: '2027-03-15' });
    expect(values.kind).toBeUndefined(); // the kind stays: the sessions hold its counts

    const saved = await press(c, form.card, 'Tallenna muutokset', {
      ...values,
      place: DISTRICTS,
      partners: [...before.plan.partners, 'kela'].join(','),
    });
    expect(saved.status).toBe(200);
    const text = cardText(saved.card);
    expect(text).toContain('Muutokset tallennettu: suunnitelma.');
    expect(text).toContain(DISTRICTS);
    // Everyone in the channel sees the card as it now stands.
    expect(cardText(connector.updatedCards().at(-1)!)).toContain(DISTRICTS);

    const after = (await pilots.getPilot(id))!.pilot;
    expect(after.plan.place).toBe(DISTRICTS);
    expect(after.plan.partners).toContain('kela');
    expect(after.kind).toBe('dropIn');

    // A session after the change is held in the districts.
    clock = new Date('2027-04-20T11:00:00+03:00');
    await logSession(c, id, '2027-04-19');

    // The tab: the pilot shows the new place, the history the change, the sessions where each was.
    const detail = await api<PilotDetail>(`/api/pilots/${id}`);
    expect(detail.overview.plan.place).toBe(DISTRICTS);
    const edit = detail.history.find((h) => h.what === 'pilotEdited')!;
    expect(edit.by.name).toBe(USER.name);
    expect(edit.edits).toEqual([
      { field: 'plan.place', from: { text: raisio.plan.place }, to: { text: DISTRICTS } },
      {
        field: 'plan.partners',
        from: { partners: before.plan.partners },
        to: { partners: [...before.plan.partners, 'kela'] },
      },
    ]);
    const page = await api<SessionPage>(`/api/pilots/${id}/sessions?sort=date`);
    expect(page.items.map((s) => [s.date, s.place, s.partnersPresent.includes('kela')])).toEqual([
      ['2027-03-15', raisio.plan.place, false],
      ['2027-03-22', raisio.plan.place, false],
      ['2027-04-19', DISTRICTS, true],
    ]);
  });

  it('new dates replan the reminders: the midpoint reminder follows the new midpoint date', async () => {
    const id = await dropInPilot(polku.store, new Date('2027-03-01T10:00:00Z'), pilots);
    clock = new Date('2027-03-10T09:00:00+02:00');
    const reminders = new ReminderStore(polku.store);
    const midpointDue = async () =>
      (await reminders.ofPilot(id)).scheduled
        .filter((r) => r.kind === 'phase' && r.phase === 'midpoint')
        .map((r) => r.dueAt.toISOString());
    const c = channel();
    const card = ((await c.send(c.execute('pilot', { pilotId: id }))).body as { value: Card }).value;
    const form = await press(c, card, 'Muokkaa kokeilua');
    const saved = await press(c, form.card, 'Tallenna muutokset', {
      ...inputsOf(form.card),
      midpointDate: '2027-05-17',
    });
    expect(cardText(saved.card)).toContain('Muutokset tallennettu: väliarvioinnin päivä.');
    const pilot = (await pilots.getPilot(id))!.pilot;
    expect(pilot.midpointDate).toBe('2027-05-17');
    expect(await midpointDue()).toEqual([firstPhaseStep(pilot, 'midpoint', clock)!.dueAt.toISOString()]);
  });

  it('a member who is not an owner has no such button, and a forged press changes nothing', async () => {
    const id = await dropInPilot(polku.store, new Date('2027-03-01T10:00:00Z'), pilots);
    const deacon = as(channel(), DEACON);
    const card = ((await deacon.send(deacon.execute('pilot', { pilotId: id }))).body as { value: Card }).value;
    expect(buttonsOf(card)).not.toContain('Muokkaa kokeilua');
    const forged = (await deacon.send(deacon.execute('savePilotEdit', { pilotId: id, version: 1, name: 'Toinen' })))
      .body as { value: Card };
    expect(cardText(forged.value)).toContain('Vain kokeilun vastuuhenkilö');
    expect((await pilots.getPilot(id))!.pilot.name).toBe(`Päivystys ${id.slice(0, 8)}`);
  });

  it('bad input comes back beside its field with what was typed; a pilot changed meanwhile is not overwritten', async () => {
    const id = await dropInPilot(polku.store, new Date('2027-03-01T10:00:00Z'), pilots);
    const c = channel();
    const card = ((await c.send(c.execute('pilot', { pilotId: id }))).body as { value: Card }).value;
    const form = await press(c, card, 'Muokkaa kokeilua');
    const values = inputsOf(form.card);
    const bad = await press(c, form.card, 'Tallenna muutokset', {
      ...values,
      endDate: '2027-01-01',
      place: 'Uusi paikka',
    });
    expect(cardText(bad.card)).toContain('Korjaa merkityt kohdat');
    expect(inputsOf(bad.card)).toMatchObject({ endDate: '2027-01-01', place: 'Uusi paikka' });
    expect((await pilots.getPilot(id))!.pilot.plan.place).toBe(raisio.plan.place);

    // Two owners' forms built from the same version: the second save finds the pilot changed.
    const second = await press(c, card, 'Muokkaa kokeilua');
    await press(c, form.card, 'Tallenna muutokset', { ...values, municipality: 'Raisio (keskusta)' });
    const late = await press(c, second.card, 'Tallenna muutokset', { ...inputsOf(second.card), name: 'Myöhässä' });
    expect(cardText(late.card)).toContain('Kokeilua muutettiin sillä välin');
    expect(inputsOf(late.card).name).toBe('Myöhässä');
    // The field left alone shows the other owner's change, so saving again does not undo it.
    expect(inputsOf(late.card).municipality).toBe('Raisio (keskusta)');
    const now = (await pilots.getPilot(id))!.pilot;
    expect(now.municipality).toBe('Raisio (keskusta)');
    expect(now.name).not.toBe('Myöhässä');
    const again = await press(c, late.card, 'Tallenna muutokset', inputsOf(late.card));
    expect(cardText(again.card)).toContain('Muutokset tallennettu: nimi.');
    const after = (await pilots.getPilot(id))!.pilot;
    expect([after.name, after.municipality]).toEqual(['Myöhässä', 'Raisio (keskusta)']);
  });
});
