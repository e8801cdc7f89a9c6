/**
 * Logging sessions through HTTP as Teams drives it, with the totals, the seeds' measures and the
 * midpoint heading read back from what the cards show and what real Azurite holds.
 */
import { answersInput } from '../harness/pilots';
import { randomUUID } from 'node:crypto';
import { pilotFromSeed } from '../../bot/demo/load';
import { SEED_PILOTS, type SeedSession } from '../../bot/demo/seedPilots';
import type { Pilot } from '../../bot/domain/pilots';
import { countField, SESSION_FORMS } from '../../bot/domain/sessions';
import { PilotStore } from '../../bot/storage/pilots';
import { cardProblems, cardText } from '../harness/cards';
import { buttonsOf, type Card, inputsOf, press } from '../harness/cardForm';
import { FakeConnector } from '../harness/connector';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { as, DEACON, OWNER, TEAM, TeamsClient, TENANT, USER } from '../harness/teams';

let polku: TestPolku;
let connector: FakeConnector;
let pilots: PilotStore;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  connector.members.set(TEAM.id, [OWNER, DEACON]);
  polku = await startTestPolku();
  pilots = new PilotStore(polku.store);
});
afterAll(async () => {
  await polku.stop();
  await connector.stop();
});
beforeEach(() => connector.clear());

const channel = () =>
  new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope: 'channel', locale: 'fi-FI' });

async function seedPilot(key: string, extra: Partial<Pilot> = {}): Promise<Pilot> {
  const seed = SEED_PILOTS.find((p) => p.key === key)!;
  const at = new Date().toISOString();
  const pilot: Pilot = {
    ...pilotFromSeed(seed, {
      id: randomUUID(),
      team: { tenantId: TENANT, teamId: TEAM.id },
      owner: USER.aadObjectId,
      at,
    }),
    name: `${seed.name} ${randomUUID().slice(0, 4)}`,
    ownerNames: { [USER.aadObjectId]: USER.name },
    ...extra,
  };
  const r = await pilots.createPilotWithStart(pilot, {
    answers: seed.evaluations.start ?? {},
    by: USER.aadObjectId,
    at: pilot.createdAt,
  });
  expect(r.created).toBe(true);
  return pilot;
}

/** The session card's inputs for a seed session: every count of the kind, 0 where the seed has none. */
function typedFor(pilot: Pilot, s: SeedSession): Record<string, string> {
  const form = SESSION_FORMS[pilot.kind];
  const out: Record<string, string> = { date: s.date, hours: String(s.hours) };
  for (const k of form.counts) out[countField(k)] = String(s.counts[k] ?? 0);
  return out;
}

async function logForm(c: TeamsClient, pilotId: string): Promise<Card> {
  const res = await c.send(c.execute('logSession', { pilotId }));
  return (res.body as { value: Card }).value;
}

describe('the four sessions of the Raisio parish drop-in before its midpoint', () => {
  it('are logged from the card, and the status and the midpoint heading say "toteutunut 4 × 2 tuntia"', async () => {
    const seed = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
    const pilot = await seedPilot('raisio-parish-dropin');
    const c = channel();
    for (const s of seed.sessions.slice(0, 4)) {
      const form = await logForm(c, pilot.id);
      expect(cardProblems(form)).toEqual([]);
      expect(inputsOf(form).hours).toBe('2'); // the plan's hours, ready
      const saved = await press(c, form, 'Tallenna kirjaus', typedFor(pilot, s));
      expect(cardText(saved.card)).toContain('Kirjaus tallennettu');
    }
    const status = (await c.send(c.execute('status', { pilotId: pilot.id }))).body as { value: Card };
    const text = cardText(status.value);
    expect(cardProblems(status.value)).toEqual([]);
    expect(text).toMatch(/4 \/ \d+ kertaa, 8 h/);
    // 4 wanted to talk in 8 hours; 1 social-work matter against 3 money-only requests.
    expect(text).toContain('Tavoittavuus (keskustelua halunneet / tunti)\n0,5');
    expect(text).toContain('Sosiaalityön asioiden osuus keskusteluista\n25 %');
    expect(text).toContain('6.11.2017');
    const { totals } = (await pilots.getPilot(pilot.id))!;
    expect(totals).toMatchObject({ sessions: 4, hours: 8, lastSessionDate: '2017-11-06' });
    expect(totals.counts).toMatchObject({ visitors: 28, wantedToTalk: 4, socialWorkMatters: 1, moneyOnlyRequests: 3 });

    const mid = (await c.send(c.execute('openPhase', { pilotId: pilot.id, phase: 'midpoint' }))).body as {
      value: Card;
    };
    expect(cardText(mid.value)).toContain('Väliarviointivaihe (toteutunut 4 × 2 tuntia)');
  });
});

describe('a midpoint form filled after its date', () => {
  it('heads with what the midpoint had behind it, as the tab and the printed report do', async () => {
    const seed = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
    const pilot = await seedPilot('raisio-parish-dropin');
    const c = channel();
    // Six sessions, the last two after the midpoint date (10.11.2017).
    expect(pilot.midpointDate).toBe('2017-11-10');
    for (const s of seed.sessions.slice(0, 6)) {
      await press(c, await logForm(c, pilot.id), 'Tallenna kirjaus', typedFor(pilot, s));
    }
    expect((await pilots.getPilot(pilot.id))!.totals.sessions).toBe(6);
    const mid = (await c.send(c.execute('openPhase', { pilotId: pilot.id, phase: 'midpoint' }))).body as {
      value: Card;
    };
    expect(cardText(mid.value)).toContain('Väliarviointivaihe (toteutunut 4 × 2 tuntia)');
  });

  it('once saved, the midpoint keeps its "4 × 2 tuntia"; a session logged late for before it shows beside', async () => {
    const seed = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
    const pilot = await seedPilot('raisio-parish-dropin');
    const c = channel();
    for (const s of seed.sessions.slice(0, 4)) {
      await press(c, await logForm(c, pilot.id), 'Tallenna kirjaus', typedFor(pilot, s));
    }
    const open = async () =>
      ((await c.send(c.execute('openPhase', { pilotId: pilot.id, phase: 'midpoint' }))).body as { value: Card }).value;
    const form = await open();
    const answers = answersInput(seed.evaluations.midpoint);
    expect(cardText((await press(c, form, 'Tallenna väliarviointi', answers)).card)).toContain('Väliarviointi tehty');
    expect((await pilots.getPhase(pilot.id, 'midpoint'))?.evaluation.realised).toMatchObject({
      sessions: 4,
      hours: 8,
      hoursMix: { '2': 4 },
      counts: { wantedToTalk: 4 },
    });
    // Two more sessions after the midpoint date change nothing; one dated before it, logged late, shows beside.
    for (const s of seed.sessions.slice(4, 6)) {
      await press(c, await logForm(c, pilot.id), 'Tallenna kirjaus', typedFor(pilot, s));
    }
    expect(cardText(await open())).toContain('Väliarviointivaihe (toteutunut 4 × 2 tuntia)');
    await press(c, await logForm(c, pilot.id), 'Tallenna kirjaus', {
      ...typedFor(pilot, seed.sessions[0]),
      date: '2017-11-08',
    });
    expect(cardText(await open())).toContain('Väliarviointivaihe (toteutunut 4 × 2 tuntia; nyt 5 × 2 tuntia)');
  });
});

describe('the realised volume as the seeds write it', () => {
  it('the library pilot (5 × 2 h and 5 × 4 h) reads 10 sessions and 30 hours, not "10 × 3"', async () => {
    const seed = SEED_PILOTS.find((p) => p.key === 'kotka-kouvola-library-student')!;
    const pilot = await seedPilot('kotka-kouvola-library-student');
    const c = channel();
    for (const s of seed.sessions) {
      const saved = await press(c, await logForm(c, pilot.id), 'Tallenna kirjaus', typedFor(pilot, s));
      expect(cardText(saved.card)).toContain('Kirjaus tallennettu');
    }
    const card = cardText(((await c.send(c.execute('pilot', { pilotId: pilot.id }))).body as { value: Card }).value);
    expect(card).toContain('10 kertaa, yhteensä 30 tuntia (5 × 2 h, 5 × 4 h)');
    expect(card).not.toContain('10 × 3');
  });

  it('a pop-up that reached nobody shows its zeros: "0", not no counts', async () => {
    const pilot = await seedPilot('kuusotso-kohtaamo-popup-tupala');
    const c = channel();
    const saved = await press(c, await logForm(c, pilot.id), 'Tallenna kirjaus', {
      date: pilot.startDate,
      hours: '2',
      [countField('attendees')]: '0',
      [countField('contacts')]: '0',
    });
    expect(cardText(saved.card)).toContain('Kirjaus tallennettu');
    const status = cardText(((await c.send(c.execute('status', { pilotId: pilot.id }))).body as { value: Card }).value);
    expect(status).toContain('Kontaktit / tapahtuma\n0');
    expect((await pilots.getPilot(pilot.id))!.totals.counts).toEqual({ attendees: 0, contacts: 0 });
  });
});

describe("the session card's date", () => {
  it('is the last planned slot on or before today: for the parish drop-in, which ended on Friday 26.1.2018, its last Monday', async () => {
    const pilot = await seedPilot('raisio-parish-dropin');
    expect(pilot.endDate).toBe('2018-01-26');
    const form = await logForm(channel(), pilot.id);
    expect(inputsOf(form).date).toBe('2018-01-22');
  });
});

describe('staff time', () => {
  it('two workers, and the recording time after a slot, give the staff hours and the contacts per staff hour', async () => {
    const seed = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
    const pilot = await seedPilot('raisio-parish-dropin');
    const c = channel();
    const [first, second] = seed.sessions;
    // A 2-hour slot worked by two: 4 staff hours. Another, one worker with preparation and recording: 3.5.
    await press(c, await logForm(c, pilot.id), 'Tallenna kirjaus', { ...typedFor(pilot, first), workers: '2' });
    await press(c, await logForm(c, pilot.id), 'Tallenna kirjaus', { ...typedFor(pilot, second), staffHours: '3,5' });
    const { totals } = (await pilots.getPilot(pilot.id))!;
    expect(totals).toMatchObject({ hours: 4, staffHours: 7.5 });
    const status = cardText(((await c.send(c.execute('status', { pilotId: pilot.id }))).body as { value: Card }).value);
    expect(status).toContain('Henkilöstön työaika\n7,5 h');
    const visitors = (first.counts.visitors ?? 0) + (second.counts.visitors ?? 0);
    const perStaffHour = Math.round((visitors / 7.5) * 100) / 100;
    expect(status).toContain(`Kontaktit / henkilöstötunti\n${String(perStaffHour).replace('.', ',')}`);
  });

  it('a wrong number of workers is explained beside the field, with what was typed kept and nothing saved', async () => {
    const seed = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
    const pilot = await seedPilot('raisio-parish-dropin');
    const c = channel();
    const back = await press(c, await logForm(c, pilot.id), 'Tallenna kirjaus', {
      ...typedFor(pilot, seed.sessions[0]),
      workers: '0',
      staffHours: '200',
    });
    const text = cardText(back.card);
    expect(text).toContain('Kirjoita työntekijöiden määrä kokonaislukuna väliltä 1–20.');
    expect(text).toContain('Kirjoita aika tunteina väliltä 0,25–100');
    expect(inputsOf(back.card)).toMatchObject({ workers: '0', staffHours: '200' });
    expect((await pilots.getPilot(pilot.id))!.totals.sessions).toBe(0);
  });
});

describe('a phone-line week (KuusOTSO)', () => {
  it('totals the calls, services and outcomes of five days', async () => {
    const seed = SEED_PILOTS.find((p) => p.key === 'kuusotso-phone-advisory')!;
    const pilot = await seedPilot('kuusotso-phone-advisory');
    const c = channel();
    const week = seed.sessions.slice(0, 5);
    for (const s of week) {
      const form = await logForm(c, pilot.id);
      expect(cardText(form)).toContain('Puheluita');
      await press(c, form, 'Tallenna kirjaus', typedFor(pilot, s));
    }
    const { totals } = (await pilots.getPilot(pilot.id))!;
    const sum = (k: 'calls' | 'adultServices' | 'familyServices' | 'passedOn') =>
      week.reduce((n, s) => n + (s.counts[k] ?? 0), 0);
    expect(totals).toMatchObject({ sessions: 5, hours: 7.5 });
    expect(totals.counts.calls ?? 0).toBe(sum('calls'));
    expect(totals.counts.adultServices ?? 0).toBe(sum('adultServices'));
    expect(totals.counts.passedOn ?? 0).toBe(sum('passedOn'));
    expect(Object.keys(totals.weeks)).toEqual(['2021-W31']);

    // The status judges the line by its own figures, not by a drop-in's (which read 0 here before).
    const status = cardText(((await c.send(c.execute('status', { pilotId: pilot.id }))).body as { value: Card }).value);
    const perHour = (sum('calls') / 7.5)
      .toFixed(2)
      .replace(/\.?0+$/, '')
      .replace('.', ',');
    expect(status).toContain(`Puhelut / palvelutunti\n${perHour}`);
    expect(status).toContain(`Puhelut / päivä\n${String(sum('calls') / 5).replace('.', ',')}`);
    expect(status).toContain('Heti hoidettujen osuus\n');
    expect(status).not.toContain('Tavoittavuus');
  });

  it('before any day is logged, its figures read "ei laskettavissa", never 0', async () => {
    const pilot = await seedPilot('kuusotso-phone-advisory');
    const c = channel();
    const status = cardText(((await c.send(c.execute('status', { pilotId: pilot.id }))).body as { value: Card }).value);
    expect(status).toContain('Puhelut / palvelutunti\nei laskettavissa');
    expect(status).toContain('Heti hoidettujen osuus\nei laskettavissa');
  });
});

describe('bad input and retries', () => {
  it('inconsistent counts are explained on the card, with the entries kept', async () => {
    const pilot = await seedPilot('raisio-parish-dropin');
    const c = channel();
    const form = await logForm(c, pilot.id);
    const typed = {
      ...typedFor(pilot, { date: '2017-10-16', hours: 2, counts: { visitors: 3, offeredTalk: 3, wantedToTalk: 5 } }),
    };
    const res = await press(c, form, 'Tallenna kirjaus', typed);
    const text = cardText(res.card);
    expect(text).toContain('Korjaa merkityt kohdat');
    expect(text).toMatch(/Halusi keskustella.*\(5\) ei voi olla enemmän kuin .*Kävijöitä.*\(3\)/);
    expect(inputsOf(res.card)).toMatchObject({ c_visitors: '3', c_wantedToTalk: '5', date: '2017-10-16' });
    expect((await pilots.getPilot(pilot.id))!.totals.sessions).toBe(0);
  });

  // As typed, and as Word or Outlook turn it (en dash), or with a space for the hyphen.
  it.each(['131052-308T', '131052–308T', '131052 308T'])(
    'an identity code (%s) in the note is refused with the reason, the note kept and nothing stored',
    async (code) => {
      const pilot = await seedPilot('raisio-parish-dropin');
      const c = channel();
      const form = await logForm(c, pilot.id);
      const typed = {
        ...typedFor(pilot, { date: '2017-10-16', hours: 2, counts: {} }),
        note: `Kävijä ${code} kysyi toimeentulotuesta`,
      };
      const res = await press(c, form, 'Tallenna kirjaus', typed);
      expect(cardText(res.card)).toContain('henkilötunnus');
      expect(inputsOf(res.card).note).toBe(`Kävijä ${code} kysyi toimeentulotuesta`);
      expect(await pilots.listSessions(pilot.id)).toHaveLength(0);
      expect(polku.logs.join('\n')).not.toContain(code);
    },
  );

  it('a submit delivered twice, also at the same moment, records one session', async () => {
    const pilot = await seedPilot('raisio-parish-dropin');
    const c = channel();
    const form = await logForm(c, pilot.id);
    const typed = typedFor(pilot, { date: '2017-10-16', hours: 2, counts: { visitors: 4 } });
    await Promise.all([press(c, form, 'Tallenna kirjaus', typed), press(c, form, 'Tallenna kirjaus', typed)]);
    const third = await press(c, form, 'Tallenna kirjaus', typed);
    expect(cardText(third.card)).toContain('oli jo tallennettu');
    expect(await pilots.listSessions(pilot.id)).toHaveLength(1);
    expect((await pilots.getPilot(pilot.id))!.totals).toMatchObject({ sessions: 1, hours: 2, counts: { visitors: 4 } });
  });

  it('sessions submitted at once by several people all count, and the totals equal their sum', async () => {
    const pilot = await seedPilot('raisio-parish-dropin');
    const c = channel();
    const forms = await Promise.all(Array.from({ length: 12 }, () => logForm(c, pilot.id)));
    await Promise.all(
      forms.map((f, i) =>
        press(c, f, 'Tallenna kirjaus', typedFor(pilot, { date: '2017-10-16', hours: 2, counts: { visitors: i + 1 } })),
      ),
    );
    const { totals } = (await pilots.getPilot(pilot.id))!;
    expect(totals.sessions).toBe(12);
    expect(totals.hours).toBe(24);
    expect(totals.counts.visitors).toBe((12 * 13) / 2);
  });
});

describe('editing and deleting a session', () => {
  it('corrects the totals and leaves a history entry; only the author or an owner may', async () => {
    const pilot = await seedPilot('raisio-parish-dropin');
    const c = channel();
    await press(
      c,
      await logForm(c, pilot.id),
      'Tallenna kirjaus',
      typedFor(pilot, { date: '2017-10-16', hours: 2, counts: { visitors: 8, wantedToTalk: 1 } }),
    );
    // The deacon, a team member, logs one of her own.
    const deacon = as(c, DEACON);
    const deaconForm = await logForm(deacon, pilot.id);
    await press(
      deacon,
      deaconForm,
      'Tallenna kirjaus',
      typedFor(pilot, { date: '2017-10-23', hours: 2, counts: { visitors: 6 } }),
    );

    // The deacon sees edit buttons only for her own session.
    const deaconList = ((await deacon.send(deacon.execute('sessions', { pilotId: pilot.id }))).body as { value: Card })
      .value;
    expect(buttonsOf(deaconList).filter((b) => b === 'Muokkaa')).toHaveLength(1);
    const ownerSession = (await pilots.listSessions(pilot.id)).find((s) => s.loggedBy === USER.aadObjectId)!;
    const forged = await deacon.send(
      deacon.execute('deleteSession', {
        pilotId: pilot.id,
        sessionId: ownerSession.id,
        confirm: true,
        idem: randomUUID(),
      }),
    );
    expect(cardText((forged.body as { value: Card }).value)).toContain('Vain kirjauksen tekijä');
    expect(await pilots.listSessions(pilot.id)).toHaveLength(2);

    // The owner corrects the first session: 8 visitors were 9.
    const list = ((await c.send(c.execute('sessions', { pilotId: pilot.id }))).body as { value: Card }).value;
    expect(cardProblems(list)).toEqual([]);
    const edits = (
      list.body as { items?: { type: string; actions?: { title: string; data: { sessionId: string } }[] }[] }[]
    )
      .flatMap((b) => b.items ?? [])
      .flatMap((i) => i.actions ?? [])
      .filter((a) => a.title === 'Muokkaa' && a.data.sessionId === ownerSession.id);
    const editRes = await c.send(c.execute('editSession', edits[0].data));
    const editCard = (editRes.body as { value: Card }).value;
    expect(inputsOf(editCard)).toMatchObject({ c_visitors: '8', date: '2017-10-16' });
    const updated = await press(c, editCard, 'Tallenna muutokset', { c_visitors: '9' });
    expect(cardText(updated.card)).toContain('Kirjaus päivitetty');
    expect((await pilots.getPilot(pilot.id))!.totals).toMatchObject({
      sessions: 2,
      hours: 4,
      counts: { visitors: 15, wantedToTalk: 1 },
    });

    // The deacon deletes her own, after confirming.
    const deaconSession = (await pilots.listSessions(pilot.id)).find((s) => s.loggedBy === DEACON.aadObjectId)!;
    const ask = (
      (await deacon.send(deacon.execute('deleteSession', { pilotId: pilot.id, sessionId: deaconSession.id }))).body as {
        value: Card;
      }
    ).value;
    expect(cardText(ask)).toContain('Poistetaanko kirjaus 23.10.2017?');
    const done = await press(deacon, ask, 'Poista kirjaus');
    expect(cardText(done.card)).toContain('Kirjaus poistettu');
    const after = (await pilots.getPilot(pilot.id))!.totals;
    expect(after).toMatchObject({
      sessions: 1,
      hours: 2,
      counts: { visitors: 9, wantedToTalk: 1 },
      lastSessionDate: '2017-10-16',
    });

    const history = await pilots.listHistory(pilot.id);
    expect(history.filter((h) => h.what !== 'pilotCreated').map((h) => [h.what, h.by])).toEqual([
      ['sessionEdited', USER.aadObjectId],
      ['sessionDeleted', DEACON.aadObjectId],
    ]);
  });
});

describe('the commands', () => {
  beforeAll(async () => {
    await seedPilot('raisio-parish-dropin');
    await seedPilot('kuusotso-phone-advisory');
  });

  it('"kirjaa" asks which pilot when the team has several, then opens its log card', async () => {
    const c = channel();
    connector.clear();
    await c.send(c.message('kirjaa'));
    const picker = connector.cards()[0];
    expect(cardProblems(picker)).toEqual([]);
    expect(cardText(picker)).toContain('Valitse kokeilu');
    const form = await press(c, picker, buttonsOf(picker)[0]);
    expect(cardText(form.card)).toContain('Kirjaa:');
  });

  it('"tilanne" asks which pilot, then answers with its status card', async () => {
    const c = channel();
    connector.clear();
    await c.send(c.message('tilanne'));
    const picker = connector.cards()[0];
    expect(cardText(picker)).toContain('Valitse kokeilu');
    const status = await press(c, picker, buttonsOf(picker)[0]);
    expect(cardText(status.card)).toContain('Tilanne:');
    expect(cardText(status.card)).toContain('Viimeiset 8 viikkoa');
  });
});

describe('the Wednesday Kela consultation', () => {
  it('is logged per participant with cases, topics from the list plus another, and outcomes', async () => {
    const pilot = await seedPilot('kuusotso-kela-adviser-alavus', {
      kind: 'kelaConsultation',
      startDate: '2021-02-03',
    });
    const c = channel();
    const form = await logForm(c, pilot.id);
    expect(cardProblems(form)).toEqual([]);
    const text = cardText(form);
    expect(text).toContain('Asumistuki');
    const typed = {
      date: '2021-02-10',
      hours: '1',
      c_casesConsulted: '3',
      c_answered: '2',
      c_referred: '1',
      c_kelaAppointments: '0',
      topics: 'housingAllowance,basicAssistance',
      otherTopic: 'Ulosotto',
    };
    const saved = await press(c, form, 'Tallenna kirjaus', typed);
    expect(cardText(saved.card)).toContain('Kirjaus tallennettu');
    const { totals } = (await pilots.getPilot(pilot.id))!;
    expect(totals.counts).toMatchObject({ casesConsulted: 3, answered: 2, referred: 1 });
    expect(totals.tags).toEqual({ 'topic:housingAllowance': 1, 'topic:basicAssistance': 1 });
    const [session] = await pilots.listSessions(pilot.id);
    expect(session.otherTopic).toBe('Ulosotto');

    const tooMany = await press(c, await logForm(c, pilot.id), 'Tallenna kirjaus', { ...typed, c_answered: '4' });
    expect(cardText(tooMany.card)).toContain('ei voi olla enemmän kuin');
  });
});

describe('in a personal chat', () => {
  it('a new pilot is made for the team Polku is installed in, which the user belongs to', async () => {
    const personal = new TeamsClient({
      botUrl: polku.url,
      serviceUrl: connector.url,
      scope: 'personal',
      locale: 'fi-FI',
    });
    const outsider = as(personal, {
      id: '29:nobody',
      name: 'Ulla',
      aadObjectId: 'a1b2c3d4-0000-4000-8000-00000000000f',
    });
    connector.clear();
    await outsider.send(outsider.message('uusi kokeilu'));
    expect(cardText(connector.cards()[0])).toContain('Et ole minkään sellaisen tiimin jäsen');

    const c = channel();
    await c.send(c.installationUpdate('add'));
    connector.clear();
    await personal.send(personal.message('uusi kokeilu'));
    const card = connector.cards()[0];
    expect(cardText(card)).toContain('Tiimi: Raision aikuissosiaalityö');
    expect(inputsOf(card)).toHaveProperty('name');
  });
});
