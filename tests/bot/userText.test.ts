/**
 * Whatever a person types is shown as typed, on every card, in the tab's API and in the exports:
 * never read as a template binding, never obeyed as Markdown, never written to the log. A pilot
 * whose every free-text field holds templating and Markdown syntax is walked through HTTP, as
 * Teams drives it, on real Azurite.
 */
import { answerField } from '../../bot/domain/forms';
import { QUESTIONS_BY_PHASE } from '../../bot/domain/phases';
import type { PilotDetail, SessionPage } from '../../bot/api/contract';
import { countField, SESSION_FORMS } from '../../bot/domain/sessions';
import { strings } from '../../bot/i18n';
import { errorForLog } from '../../bot/log';
import { APP_ID_URI, bearer, CLIENT_ID, TestIssuer } from '../api/tokens';
import { cardProblems } from '../harness/cards';
import { type Card, inputOf, inputsOf, press } from '../harness/cardForm';
import { FakeConnector } from '../harness/connector';
import { cardMarkup, markdownTexts, renderMarkdown, shownAs, shownTexts } from '../harness/markdown';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { DEACON, OWNER, TEAM, TeamsClient, TENANT, USER } from '../harness/teams';

// Each holds the templates' own syntax (bindings, one of the locale's real paths, an escaped
// dollar, Adaptive Cards' text functions) and Markdown that would link, list, emphasise.
const NAME = '[avaa tästä](https://evil.example) ${x} ${t.help.title} $${} {{x}}';
const MUNICIPALITY = 'Raisio **${t.welcome.title}**';
const PLACE = '${x} _seurakuntatalo_ {{DATE(2017-02-14T06:00:00Z, SHORT)}}';
const answer = (key: string) =>
  `${key}: \${x} $\${} {{x}}\n1. eka\n- toka\n# otsikko [avaa tästä](https://evil.example) \${t.help.title}`;
const SESSION_PLACE = '${t.help.title} <https://evil.example>';
const NOTE = 'Muistiinpano ${x} [avaa](https://evil.example) $${} ``koodi`` &amp; {{TIME(2017-02-14T06:00:00Z)}}';
/** An identity code the forms refuse, inside a binding: it must reach neither a card error nor the log. */
const WITH_CODE = '${131052-308T}';
/** Fragments of what was typed; none may be in any log line. */
const TYPED_FRAGMENTS = ['evil.example', '${x}', '$${}', '{{x}}', 'avaa tästä', '131052-308T', 'seurakuntatalo'];

const fi = strings('fi');

let polku: TestPolku;
let connector: FakeConnector;
let issuer: TestIssuer;

beforeAll(async () => {
  [connector, issuer] = await Promise.all([new FakeConnector().start(), TestIssuer.start()]);
  connector.members.set(TEAM.id, [OWNER, DEACON]);
  polku = await startTestPolku({ AAD_APP_CLIENT_ID: CLIENT_ID, AAD_APP_ID_URI: APP_ID_URI, AAD_JWKS_URI: issuer.url });
});
afterAll(async () => {
  await polku.stop();
  await Promise.all([connector.stop(), issuer.stop()]);
});

const channel = () =>
  new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope: 'channel', locale: 'fi-FI' });

const details = {
  name: NAME,
  municipality: MUNICIPALITY,
  kind: 'dropIn',
  weekdays: '1',
  startTime: '09:00',
  hoursPerSession: '2',
  place: PLACE,
  partners: 'parish,kela',
  startDate: '2017-10-16',
  midpointDate: '2017-11-13',
  endDate: '2018-03-26',
};

const answersOf = (phase: 'start' | 'midpoint') =>
  Object.fromEntries(QUESTIONS_BY_PHASE[phase].map((k) => [answerField(k), answer(k)]));

/** What a person sees of the card, each text as Teams' Markdown shows it, whitespace as a browser does. */
const seen = (card: Card) => shownTexts(card).map(shownAs);

/** The card is valid, obeys no Markdown (no link, emphasis, list, heading) and shows each text whole. */
function expectShown(card: Card, ...typed: string[]): void {
  expect(cardProblems(card)).toEqual([]);
  expect(cardMarkup(card)).toEqual([]);
  for (const t of markdownTexts(card)) expect(renderMarkdown(t).html).not.toContain('href');
  const texts = seen(card);
  for (const s of typed)
    expect({ typed: s, shown: texts.some((x) => x.includes(shownAs(s))) }).toEqual({ typed: s, shown: true });
}

function expectOk(r: { status: number; body: unknown }): Card {
  expect(r.status).toBe(200);
  const body = r.body as { statusCode?: number; value?: Card };
  expect(body.statusCode).toBe(200);
  return body.value ?? {};
}

async function api<T>(path: string): Promise<{ status: number; body: T; text: string }> {
  const res = await fetch(`${polku.url}${path}`, {
    headers: bearer(await issuer.token({ oid: USER.aadObjectId, tid: TENANT, name: USER.name })),
  });
  const text = await res.text();
  let body: unknown = undefined;
  if ((res.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text);
  return { status: res.status, body: body as T, text };
}

/** A CSV cell as the export writes text: quoted when it holds `;`, `"` or a line break. */
const csvCell = (s: string) => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

describe('a pilot whose every free text holds template and Markdown syntax', () => {
  let pilotId = '';

  it('is created through the cards, each showing the text as typed, and nothing typed reaches the log', async () => {
    const c = channel();
    expect((await c.send(c.installationUpdate('add'))).status).toBe(200);
    connector.clear();
    expect((await c.send(c.message('uusi kokeilu'))).status).toBe(200);
    const step1 = connector.cards()[0];

    // A partner that is not one of the choices, and a name that hides an identity code: refused,
    // with everything typed kept in the fields exactly (a re-submit keeps it), and no 500.
    const refused = await press(c, step1, 'Jatka aloitusvaiheen kysymyksiin', {
      ...details,
      name: `${NAME} ${WITH_CODE}`,
      partners: 'parish,${x}',
    });
    const again = expectOk(refused);
    expectShown(again, fi.validation.identityCode, fi.validation.unknownChoice);
    expect(inputsOf(again)).toMatchObject({ municipality: MUNICIPALITY, place: PLACE });
    expect(inputOf(again, 'name')?.value).toBe(`${NAME} ${WITH_CODE}`);
    expect(JSON.stringify(again)).not.toMatch(/evil\.example\)[^"]*[^\\]\]/);

    const step2 = await press(c, again, 'Jatka aloitusvaiheen kysymyksiin', details);
    expectShown(expectOk(step2), `Kokeilun nimi: ${NAME}`);

    const created = await press(c, step2.card, 'Tallenna aloitusvaihe ja luo kokeilu', answersOf('start'));
    const pilotCard = expectOk(created);
    expectShown(pilotCard, NAME, MUNICIPALITY, PLACE);
    pilotId = (pilotCard.refresh as { action: { data: { pilotId: string } } }).action.data.pilotId;
    // Everyone else's copy of the card, updated in the channel, shows the same.
    expectShown(connector.updatedCards().at(-1)!, NAME, PLACE);

    // Editing the start phase gives back every answer as it was saved, to the character.
    const edit = expectOk(await c.send(c.execute('openPhase', { pilotId, phase: 'start' })));
    expectShown(edit, NAME);
    expect(inputsOf(edit)).toMatchObject(answersOf('start'));

    const withCode = await press(c, edit, 'Tallenna aloitusvaihe', { [answerField('problem')]: WITH_CODE });
    expectShown(expectOk(withCode), fi.validation.identityCode);
    expect(inputOf(withCode.card, answerField('problem'))?.value).toBe(WITH_CODE);

    // The midpoint form quotes the start's answers above its questions.
    const mid = expectOk(await c.send(c.execute('openPhase', { pilotId, phase: 'midpoint' })));
    expectShown(mid, NAME, answer('targetGroup'), answer('expectationsPositive'));
    const savedMid = await press(c, mid, 'Tallenna väliarviointi', answersOf('midpoint'));
    expectShown(expectOk(savedMid), NAME, fi.stages.midpoint);

    // A session, its list, its edit form and the status.
    const form = expectOk(await c.send(c.execute('logSession', { pilotId })));
    expectShown(form, NAME);
    const counts = Object.fromEntries(SESSION_FORMS.dropIn.counts.map((k) => [countField(k), '1']));
    const saved = await press(c, form, 'Tallenna kirjaus', {
      date: '2017-10-16',
      hours: '2',
      place: SESSION_PLACE,
      note: NOTE,
      ...counts,
    });
    expectShown(expectOk(saved), 'Kirjaus tallennettu: 16.10.2017, 2 h.');
    const list = expectOk(await c.send(c.execute('sessions', { pilotId })));
    expectShown(list, NAME);
    const editSession = await press(c, list, 'Muokkaa');
    expectShown(expectOk(editSession), NAME);
    expect(inputsOf(editSession.card)).toMatchObject({ place: SESSION_PLACE, note: NOTE });
    expectShown(expectOk(await c.send(c.execute('status', { pilotId }))), NAME);

    // The list of the team's pilots, from a text command.
    connector.clear();
    expect((await c.send(c.message('kokeilut'))).status).toBe(200);
    expectShown(connector.cards()[0], NAME);

    const logs = polku.logs.join('\n');
    for (const f of TYPED_FRAGMENTS)
      expect({ fragment: f, inLog: logs.includes(f) }).toEqual({ fragment: f, inLog: false });
    expect(polku.logs.filter((l) => /"level":50/.test(l))).toEqual([]);
  });

  it('the tab API and the exports give back every text byte for byte', async () => {
    expect(pilotId).not.toBe('');
    const detail = await api<PilotDetail>(`/api/pilots/${pilotId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.overview).toMatchObject({ name: NAME, municipality: MUNICIPALITY });
    expect(detail.body.overview.plan.place).toBe(PLACE);
    expect(detail.body.phases.start?.answers).toEqual(
      Object.fromEntries(QUESTIONS_BY_PHASE.start.map((k) => [k, answer(k)])),
    );
    const sessions = await api<SessionPage>(`/api/pilots/${pilotId}/sessions`);
    expect(sessions.body.items[0]).toMatchObject({ place: SESSION_PLACE, note: NOTE });

    const csv = await api<never>(`/api/pilots/${pilotId}/export?what=sessions&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(csvCell(NOTE));
    expect(csv.text).toContain(csvCell(SESSION_PLACE));
    const evaluations = await api<never>(`/api/pilots/${pilotId}/export?what=evaluations&format=csv`);
    expect(evaluations.text).toContain(csvCell(answer('problem')));
    const all = await api<{ pilot: { name: string } }>(`/api/pilots/${pilotId}/export?what=all&format=json`);
    expect(JSON.stringify(all.body)).toContain(JSON.stringify(NAME));
  });
});

describe('errorForLog', () => {
  it("keeps an error's name and frames, never its message", () => {
    const e = new TypeError(`card has ${NAME}\n    at ${WITH_CODE} (typed.ts:1:1)`);
    const logged = errorForLog(e);
    expect(logged.name).toBe('TypeError');
    expect(logged.frames.length).toBeGreaterThan(0);
    expect(JSON.stringify(logged)).not.toContain('evil.example');
    expect(JSON.stringify(logged)).not.toContain('131052');
  });
});
