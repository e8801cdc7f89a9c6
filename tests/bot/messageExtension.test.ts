/**
 * "Etsi kokeilu" and link unfurling, as Teams drives them over HTTP, on real Azurite: a member of
 * the Raisio team searches from a chat that is not the team's and gets the parish drop-in's card;
 * someone outside the team gets nothing, and no error; a pasted link to the pilot's tab page
 * unfurls into the same card; an unknown command is refused. Run on both SDKs.
 */
import { hrefOf } from '../../tab/src/route';
import { strings } from '../../bot/i18n';
import { PilotStore } from '../../bot/storage/pilots';
import type { Pilot } from '../../bot/domain/pilots';
import { cardProblems, cardText } from '../harness/cards';
import type { Card } from '../harness/cardForm';
import { FakeConnector } from '../harness/connector';
import { cardMarkup, shownAs, shownTexts } from '../harness/markdown';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { createPilotByCards } from '../harness/reminders';
import { as, DEACON, OWNER, TEAM, TeamsClient } from '../harness/teams';

const fi = strings('fi');
const OUTSIDER = {
  id: '29:user-outsider',
  name: 'Olli Ulkopuolinen',
  aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000009',
};
const PARISH = 'Sosiaalityöntekijöiden jalkautuminen seurakunnan päivystykseen';
/** A name and a municipality holding markup: the result list must show them as typed. */
const MYLLY = 'Kauppakeskus <b>Mylly</b> & [avaa](https://evil.example) **Ähtäri**';
const MYLLY_MUNICIPALITY = 'Raisio <i>&</i>';
const TAB = 'https://polku123abc.azurewebsites.net/tab/';

interface Attachment {
  contentType: string;
  content: Card;
  preview: { contentType: string; content: { title: string; text: string } };
}
interface Answer {
  status: number;
  body: { composeExtension?: { type: string; attachmentLayout: string; attachments: Attachment[] } };
}

const NOTHING = {
  status: 200,
  body: { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] } },
};
/** A link's answer asks Teams not to keep it (an unfurl is cached 30 minutes otherwise, whoever pastes the link next). */
const NO_CACHE = { actions: [{ type: 'setCachePolicy', title: 'no-cache', value: '{"type":"no-cache"}' }] };
const NO_LINK = {
  status: 200,
  body: { composeExtension: { type: 'result', attachmentLayout: 'list', suggestedActions: NO_CACHE, attachments: [] } },
};

let polku: TestPolku;
let connector: FakeConnector;
let parish: Pilot;
let mylly: Pilot;
/** The deacon, a member of the Raisio team, in a group chat of her own (Polku is not installed there). */
let deacon: TeamsClient;
/** Someone of the same organisation who is not in the team, in their personal chat. */
let outsider: TeamsClient;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  connector.members.set(TEAM.id, [OWNER, DEACON]);
  polku = await startTestPolku();
  const client = (scope: 'channel' | 'groupChat' | 'personal') =>
    new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope, locale: 'fi-FI' });
  const channel = client('channel');
  await channel.send(channel.installationUpdate('add'));
  const pilots = new PilotStore(polku.store);
  parish = await createPilotByCards({ channel, connector, pilots }, { name: PARISH });
  mylly = await createPilotByCards(
    { channel, connector, pilots },
    { name: MYLLY, municipality: MYLLY_MUNICIPALITY, place: 'Kauppakeskus Mylly' },
  );
  deacon = as(client('groupChat'), DEACON);
  outsider = as(client('personal'), OUTSIDER);
});
afterAll(async () => {
  await polku.stop();
  await connector.stop();
});

async function ask(client: TeamsClient, activity: Record<string, unknown>): Promise<Answer> {
  return (await client.send(activity)) as Answer;
}

const namesIn = (a: Answer) => (a.body.composeExtension?.attachments ?? []).map((x) => x.preview.content.title);

/** The one result's card: valid Adaptive Cards 1.5, Markdown-free, refreshing itself as the pilot's own card does. */
function theCard(a: Answer, pilot: Pilot): Card {
  expect(a.status).toBe(200);
  expect(a.body.composeExtension?.type).toBe('result');
  expect(a.body.composeExtension?.attachmentLayout).toBe('list');
  const [only, ...rest] = a.body.composeExtension?.attachments ?? [];
  expect(rest).toEqual([]);
  expect(only.contentType).toBe('application/vnd.microsoft.card.adaptive');
  expect(only.preview.contentType).toBe('application/vnd.microsoft.card.thumbnail');
  expect(only.preview.content.title).toBe(pilot.name);
  const card = only.content;
  expect(cardProblems(card)).toEqual([]);
  // Its name as a person sees it (the card escapes Markdown in what was typed).
  expect(shownTexts(card).map(shownAs)).toContain(shownAs(pilot.name));
  expect(card.refresh).toMatchObject({
    action: { type: 'Action.Execute', verb: 'pilot', data: { pilotId: pilot.id } },
  });
  return card;
}

describe('Etsi kokeilu (composeExtension/query)', () => {
  it('finds the parish drop-in for "seurakun" for a team member searching from another chat', async () => {
    const answer = await ask(deacon, deacon.search('findPilot', 'seurakun'));
    const card = theCard(answer, parish);
    expect(cardText(card)).toContain('Raisio');
    const preview = answer.body.composeExtension!.attachments[0].preview.content;
    expect(preview.text).toBe(`Raisio · ${fi.kinds.dropIn} · ${fi.stages.start}`);
  });

  it('gives someone outside the team an empty result, not an error', async () => {
    expect(await ask(outsider, outsider.search('findPilot', 'seurakun'))).toEqual(NOTHING);
    expect(await ask(outsider, outsider.search('findPilot', { initialRun: true }))).toEqual(NOTHING);
  });

  it('matches the municipality too, without regard to case or accents', async () => {
    expect(namesIn(await ask(deacon, deacon.search('findPilot', 'RAISIO')))).toEqual([mylly.name, parish.name]);
    expect(namesIn(await ask(deacon, deacon.search('findPilot', 'ahtari mylly')))).toEqual([mylly.name]);
    expect(namesIn(await ask(deacon, deacon.search('findPilot', 'Seurakunnan  PÄIVYSTYKSEEN')))).toEqual([parish.name]);
    expect(namesIn(await ask(deacon, deacon.search('findPilot', 'seurakunta kotka')))).toEqual([]);
  });

  it('opens on the most recent pilots (initialRun), newest first, a page at a time', async () => {
    expect(namesIn(await ask(deacon, deacon.search('findPilot', { initialRun: true })))).toEqual([
      mylly.name,
      parish.name,
    ]);
    expect(namesIn(await ask(deacon, deacon.search('findPilot', '')))).toEqual([mylly.name, parish.name]);
    const second = await ask(deacon, deacon.search('findPilot', { initialRun: true }, { skip: 1, count: 1 }));
    expect(namesIn(second)).toEqual([parish.name]);
  });

  it('lists a name with markup as typed, and its line as text Teams does not read as markup', async () => {
    const answer = await ask(deacon, deacon.search('findPilot', 'mylly'));
    const card = theCard(answer, mylly);
    expect(cardMarkup(card)).toEqual([]);
    const preview = answer.body.composeExtension!.attachments[0].preview.content;
    // A thumbnail's title is shown unformatted; its text is Teams' XML subset.
    expect(preview.title).toBe(MYLLY);
    expect(preview.text).toBe(`Raisio &lt;i&gt;&amp;&lt;/i&gt; · ${fi.kinds.dropIn} · ${fi.stages.start}`);
  });

  it('refuses a command the manifest does not declare, with a message', async () => {
    const refused = {
      status: 400,
      body: {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: fi.errors.unknownAction },
      },
    };
    expect(await deacon.send(deacon.search('findSecrets', 'seurakun'))).toEqual(refused);
    expect(await deacon.send(deacon.invoke('composeExtension/query'))).toEqual(refused);
  });

  it('inserts a live card: its refresh, pressed in the chat it was shared to, shows the pilot to those who may see it', async () => {
    const shared = theCard(await ask(deacon, deacon.search('findPilot', 'seurakun')), parish);
    const refresh = (shared.refresh as { action: { verb: string; data: Record<string, unknown> } }).action;
    const owner = as(deacon, OWNER);
    const now = (await owner.send({
      ...owner.execute(refresh.verb, refresh.data),
      value: { action: { type: 'Action.Execute', ...refresh }, trigger: 'automatic' },
    })) as {
      status: number;
      body: { value: Card };
    };
    expect(now.status).toBe(200);
    expect(shownTexts(now.body.value).map(shownAs)).toContain(shownAs(PARISH));
    const stranger = as(deacon, OUTSIDER);
    const refused = (await stranger.send(stranger.execute(refresh.verb, refresh.data))) as { body: { value: Card } };
    expect(cardText(refused.body.value)).toContain(fi.errors.notFound);
    expect(cardText(refused.body.value)).not.toContain('seurakun');
  });

  it('never writes what was searched for to the log', () => {
    const logs = polku.logs.join('\n');
    for (const typed of ['seurakun', 'RAISIO', 'ahtari', 'PÄIVYSTYKSEEN', 'findSecrets'])
      expect(logs).not.toContain(typed);
  });
});

describe('link unfurling (composeExtension/queryLink)', () => {
  const tabLink = (pilot: Pilot) =>
    `${TAB}?team=${encodeURIComponent(TEAM.id)}&pilots=all${hrefOf({ name: 'pilot', id: pilot.id })}`;

  it("unfurls a pilot's tab page into the pilot's card, not to be cached", async () => {
    const unfurled = await ask(deacon, deacon.pasteLink(tabLink(parish)));
    theCard(unfurled, parish);
    expect(unfurled.body.composeExtension).toMatchObject({ suggestedActions: NO_CACHE });
    theCard(await ask(deacon, deacon.pasteLink(`${TAB}${hrefOf({ name: 'print', id: mylly.id })}`)), mylly);
  });

  it('unfurls a Teams deep link to the tab whose context names the pilot', async () => {
    const context = encodeURIComponent(JSON.stringify({ subEntityId: `pilots/${parish.id}` }));
    const link = `https://teams.microsoft.com/l/entity/11111111-1111-4111-8111-111111111111/polku-pilots?context=${context}`;
    theCard(await ask(deacon, deacon.pasteLink(link)), parish);
  });

  it('gives nothing for a pilot the person may not see, an unknown pilot or another page', async () => {
    expect(await ask(outsider, outsider.pasteLink(tabLink(parish)))).toEqual(NO_LINK);
    expect(await ask(deacon, deacon.pasteLink(`${TAB}#/pilots/00000000-0000-4000-8000-000000000000`))).toEqual(NO_LINK);
    expect(await ask(deacon, deacon.pasteLink(`${TAB}#/compare`))).toEqual(NO_LINK);
    expect(await ask(deacon, deacon.pasteLink('https://polku123abc.azurewebsites.net/api/health'))).toEqual(NO_LINK);
    expect(await ask(deacon, deacon.pasteLink('not a link'))).toEqual(NO_LINK);
    expect(await ask(deacon, deacon.invoke('composeExtension/queryLink', {}))).toEqual(NO_LINK);
  });
});
