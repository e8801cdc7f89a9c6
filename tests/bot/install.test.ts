/**
 * The bot through HTTP exactly as Teams drives it: activities POSTed to /api/messages, replies
 * caught at a stand-in Bot Connector, storage on the run's real Azurite.
 */
import { ConversationStore } from '../../bot/storage/conversations';
import { cardProblems, cardText } from '../harness/cards';
import { FakeConnector } from '../harness/connector';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { TeamsClient, TENANT, USER } from '../harness/teams';

let polku: TestPolku;
let connector: FakeConnector;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  polku = await startTestPolku();
});
afterAll(async () => {
  await polku.stop();
  await connector.stop();
});
beforeEach(() => connector.clear());

const client = (o: { scope?: 'personal' | 'groupChat' | 'channel'; locale?: string; conversationId?: string } = {}) =>
  new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, ...o });

describe('installation', () => {
  it('posts a Finnish welcome card for fi-FI, to the conversation it was installed in', async () => {
    const c = client({ locale: 'fi-FI' });
    const res = await c.send(c.installationUpdate('add'));
    expect(res.status).toBe(200);
    expect(connector.sent).toHaveLength(1);
    expect(connector.sent[0].conversationId).toBe(c.conversationId);
    const [card] = connector.cards();
    expect(cardText(card)).toContain('Tervetuloa Polkuun');
    expect(cardText(card)).toContain('Näytä ohje');
    expect(cardProblems(card)).toEqual([]);
  });

  it('welcomes in English for en-US', async () => {
    const c = client({ locale: 'en-US' });
    await c.send(c.installationUpdate('add'));
    expect(cardText(connector.cards()[0])).toContain('Welcome to Polku');
  });

  it('welcomes in Finnish when the install event carries no locale', async () => {
    const c = client();
    await c.send(c.installationUpdate('add'));
    expect(cardText(connector.cards()[0])).toContain('Tervetuloa Polkuun');
  });

  it('welcomes once when Teams sends both the installation and the members-added event', async () => {
    const c = client({ scope: 'channel', conversationId: `19:channel-${Date.now()}@thread.tacv2` });
    await Promise.all([c.send(c.installationUpdate('add')), c.send(c.botAdded())]);
    await c.send(c.botAdded()); // a redelivery
    expect(connector.cards()).toHaveLength(1);
  });

  it("welcomes in the installer's language even when the members-added event (with no locale) arrives first", async () => {
    const c = client({ scope: 'personal' });
    const withLocale = new TeamsClient({
      botUrl: polku.url,
      serviceUrl: connector.url,
      locale: 'en-US',
      conversationId: c.conversationId,
    });
    await c.send(c.botAdded());
    await withLocale.send(withLocale.installationUpdate('add'));
    await Promise.all([c.send(c.botAdded()), withLocale.send(withLocale.installationUpdate('add'))]);
    const cards = connector.cards();
    expect(cards).toHaveLength(1);
    expect(cardText(cards[0])).toContain('Welcome to Polku');
  });

  it('stores the conversation reference for later reminders, and marks it inactive on removal', async () => {
    const c = client({ scope: 'groupChat' });
    await c.send(c.installationUpdate('add'));
    const conversations = new ConversationStore(polku.store);
    const stored = await conversations.get(TENANT, c.conversationId);
    expect(stored).toMatchObject({ scope: 'groupChat', active: true, serviceUrl: connector.url });
    expect((stored?.reference.conversation as { id: string }).id).toBe(c.conversationId);
    // A group chat is reached without knowing who installed Polku there: no one's id is kept with it.
    expect(stored?.reference.user).toBeUndefined();
    expect(JSON.stringify(stored)).not.toContain(USER.aadObjectId);

    await c.send(c.installationUpdate('remove'));
    expect((await conversations.get(TENANT, c.conversationId))?.active).toBe(false);

    connector.clear();
    await c.send(c.installationUpdate('add')); // installed again: welcomed again
    expect(connector.cards()).toHaveLength(1);
  });
});

describe('help', () => {
  it.each([
    ['ohje', 'fi-FI', 'Polun ohje'],
    ['hjälp', 'sv-SE', 'Hjälp för Polku'],
    ['help', 'en-GB', 'Polku help'],
    ['HELP', 'fi-FI', 'Polun ohje'],
  ])('"%s" in %s answers with the help card', async (text, locale, title) => {
    const c = client({ locale });
    await c.send(c.message(text));
    expect(connector.cards()).toHaveLength(1);
    expect(cardText(connector.cards()[0])).toContain(title);
    expect(connector.sent[0].replyToId).toBeDefined();
  });

  it('works with an @mention in a channel as in a personal chat', async () => {
    const c = client({ scope: 'channel', locale: 'fi-FI' });
    await c.send(c.message('ohje'));
    expect(cardText(connector.cards()[0])).toContain('Polun ohje');
    expect(connector.sent[0].conversationId).toBe(c.conversationId);
  });

  it('answers an unknown message with a sentence saying so, and the help', async () => {
    const c = client({ locale: 'fi-FI' });
    await c.send(c.message('mitä kuuluu'));
    expect(connector.sent[0].activity.text).toContain('En tunnistanut viestiä');
    expect(cardText(connector.cards()[0])).toContain('Polun ohje');
  });

  it('the welcome card button (Action.Execute "help") gets the help card in the invoke answer', async () => {
    const c = client({ locale: 'en-US' });
    const res = await c.send(c.execute('help', { verb: 'help' }));
    expect(res.status).toBe(200);
    const body = res.body as { statusCode: number; type: string; value: Record<string, unknown> };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(body.value)).toContain('Polku help');
    expect(connector.sent).toHaveLength(0); // the answer replaces the card in place
  });

  it('an unknown verb gets a 400 with an explanation in the user language', async () => {
    const c = client({ locale: 'sv-FI' });
    const res = await c.send(c.execute('dropTables'));
    const body = res.body as { statusCode: number; type: string; value: { message: string } };
    expect(body.statusCode).toBe(400);
    expect(body.type).toBe('application/vnd.microsoft.error');
    expect(body.value.message).toContain('känns inte igen');
  });

  it('the Action.Submit fallback (a message with a value) is handled like the button', async () => {
    const c = client({ locale: 'fi-FI' });
    await c.send(c.submit({ verb: 'help' }));
    expect(cardText(connector.cards()[0])).toContain('Polun ohje');
  });
});

describe('logs', () => {
  it('hold ids and timings of each turn, never a name or message text', async () => {
    const c = client({ locale: 'fi-FI' });
    await c.send(c.message('salainen viesti asiakkaasta'));
    const turns = polku.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'turn');
    expect(turns.length).toBeGreaterThan(0);
    expect(turns[turns.length - 1]).toMatchObject({ activityType: 'message', status: 200 });
    expect(typeof turns[turns.length - 1].ms).toBe('number');
    const all = polku.logs.join('\n');
    expect(all).not.toContain('salainen viesti');
    expect(all).not.toContain(USER.name);
  });
});

describe('the language of later messages', () => {
  it("is the installer's, also when the second install event carries no locale", async () => {
    const sv = new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, locale: 'sv-FI' });
    const bare = new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, conversationId: sv.conversationId });
    await sv.send(sv.installationUpdate('add'));
    await bare.send(bare.botAdded());
    const stored = await new ConversationStore(polku.store).get(TENANT, sv.conversationId);
    expect((stored?.reference as { locale?: string }).locale).toBe('sv-FI');
  });
});
