/**
 * The Teams SDK adapter (bot/adapters/teams) driven directly: a restify route calling
 * adapter.handle with a TurnHandler of this test's own, against the fake Bot Connector. What the
 * connector receives, the invoke answers, the Messenger's calls and their errors, and the token
 * check with a bot identity configured (keys from the local stand-in, botFrameworkKeys.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import restify from 'restify';
import { messageActivity } from '../../bot/adapters/activity';
import { TeamsSdkAdapter } from '../../bot/adapters/teams/adapter';
import type { ChangedMember, TurnHandler } from '../../bot/application/handler';
import { type CardActionResult, ConnectorError, type Turn } from '../../bot/application/port';
import type { Config } from '../../bot/config';
import { createLogger } from '../../bot/log';
import { FakeConnector } from '../harness/connector';
import { BOT, DEACON, TEAM, TEAM_OWNER, TeamsClient, TENANT, USER } from '../harness/teams';
import { BOT_APP_ID, BotFrameworkKeys } from '../security/botFrameworkKeys';

const CARD = { type: 'AdaptiveCard' as const, version: '1.5', body: [{ type: 'TextBlock', text: 'Kortti' }] };

function configOf(o: { appId?: string; authTimeoutMs?: number } = {}): Config {
  return {
    bot: {
      sdk: 'teams',
      appId: o.appId,
      appPassword: o.appId ? 'not-a-real-secret' : undefined,
      appType: undefined,
      tenantId: undefined,
      authTimeoutMs: o.authTimeoutMs ?? 10000,
    },
    localMode: !o.appId,
  } as unknown as Config;
}

/** A handler that records what it is asked and answers as the test's commands say. */
class RecordingHandler implements TurnHandler {
  readonly calls: { kind: string; turn: Turn; arg?: unknown }[] = [];
  readonly results: unknown[] = [];

  async message(turn: Turn, m: { text: string; value?: Record<string, unknown> }): Promise<void> {
    this.calls.push({ kind: 'message', turn, arg: m });
    if (m.text === 'fail') throw new Error('the storage is away (secret user text)');
    if (m.text.startsWith('member ')) {
      this.results.push(await turn.teams.member(TEAM.id, m.text.slice(7)));
      return;
    }
    if (m.text === 'roster') {
      this.results.push(await turn.teams.roster(TEAM.id, 500));
      return;
    }
    if (m.text === 'roster1') {
      this.results.push(await turn.teams.roster(TEAM.id, 1));
      return;
    }
    if (m.text === 'teamName') {
      this.results.push(await turn.teams.teamName(TEAM.id));
      return;
    }
    await turn.reply({ card: CARD, text: 'Hei', mentions: [{ id: DEACON.aadObjectId, name: DEACON.name }] });
  }

  async cardAction(
    turn: Turn,
    a: { verb: string; data: Record<string, unknown>; automatic: boolean },
  ): Promise<CardActionResult> {
    this.calls.push({ kind: 'cardAction', turn, arg: a });
    if (a.verb === 'bad') return { kind: 'badRequest', message: 'Tuntematon toiminto' };
    if (a.verb === 'boom') return { kind: 'failed', message: 'Jokin meni vikaan' };
    if (a.verb === 'throw') throw new Error('a bug');
    if (a.verb === 'update') await turn.updateCard(CARD);
    return { kind: 'card', card: CARD };
  }

  async installed(turn: Turn, o: { welcome: boolean }): Promise<void> {
    this.calls.push({ kind: 'installed', turn, arg: o });
  }

  async removed(turn: Turn): Promise<void> {
    this.calls.push({ kind: 'removed', turn });
  }

  async membersChanged(turn: Turn, o: { added: ChangedMember[]; removed: ChangedMember[] }): Promise<void> {
    this.calls.push({ kind: 'membersChanged', turn, arg: o });
  }

  async meetingEnded(turn: Turn): Promise<void> {
    this.calls.push({ kind: 'meetingEnded', turn });
  }

  failureText(locale: string | undefined): string {
    return `failed (${locale ?? 'none'})`;
  }

  unknownActionText(locale: string | undefined): string {
    return `unknown action (${locale ?? 'none'})`;
  }

  kinds(): unknown[] {
    return this.calls.map((c) => (c.arg === undefined ? c.kind : [c.kind, c.arg]));
  }

  clear(): void {
    this.calls.length = 0;
    this.results.length = 0;
  }
}

interface Bot {
  adapter: TeamsSdkAdapter;
  handler: RecordingHandler;
  url: string;
  logs: string[];
  stop(): Promise<void>;
}

async function startBot(config: Config, options?: ConstructorParameters<typeof TeamsSdkAdapter>[2]): Promise<Bot> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const adapter = new TeamsSdkAdapter(config, createLogger('info', sink), options);
  const handler = new RecordingHandler();
  const server = restify.createServer();
  server.use(restify.plugins.jsonBodyParser({ mapParams: false }));
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await adapter.handle(req, res, handler);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { adapter, handler, url, logs, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The message's own fields as the connector received them. */
const content = (a: Record<string, unknown>) => {
  const { type, text, attachments, entities, attachmentLayout, inputHint } = a;
  return JSON.parse(JSON.stringify({ type, text, attachments, entities, attachmentLayout, inputHint }));
};

describe('the Teams SDK adapter without a bot identity (local mode)', () => {
  let connector: FakeConnector;
  let bot: Bot;
  let personal: TeamsClient;
  let channel: TeamsClient;

  beforeAll(async () => {
    connector = await new FakeConnector().start();
    bot = await startBot(configOf());
    personal = new TeamsClient({ botUrl: bot.url, serviceUrl: connector.url, locale: 'fi-FI' });
    channel = new TeamsClient({ botUrl: bot.url, serviceUrl: connector.url, scope: 'channel', locale: 'sv-SE' });
  });
  afterAll(async () => {
    await bot?.stop();
    await connector?.stop();
  });
  beforeEach(() => {
    connector.clear();
    bot.handler.clear();
    bot.logs.length = 0;
  });

  it('refuses a body that is not an activity (400) and a connector off this machine (403)', async () => {
    const notActivity = await personal.send({ type: 'message' });
    expect(notActivity).toEqual({ status: 400, body: { error: 'the body is not a Bot Framework activity' } });
    const far = await personal.send({
      ...personal.message('ohje'),
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
    });
    expect(far).toEqual({ status: 403, body: { error: 'serviceUrlNotLocal' } });
    expect(bot.handler.calls).toEqual([]);
    expect(connector.attempts).toEqual([]);
  });

  it('a message: the handler gets the turn, and its reply reaches the connector as messageActivity() content', async () => {
    const activity = personal.message('ohje');
    const res = await personal.send(activity);
    expect(res.status).toBe(200);
    expect(res.body).toBeUndefined();
    const [call] = bot.handler.calls;
    expect(call.kind).toBe('message');
    expect(call.arg).toEqual({ text: 'ohje', value: undefined });
    expect(call.turn).toMatchObject({
      tenantId: TENANT,
      actor: { userId: USER.aadObjectId, aadObjectId: USER.aadObjectId, channelUserId: USER.id, name: USER.name },
      conversation: { id: personal.conversationId, scope: 'personal', serviceUrl: connector.url },
      rawLocale: 'fi-FI',
      locale: 'fi',
      address: { activityId: activity.id, serviceUrl: connector.url, bot: BOT },
    });
    expect(connector.sent).toHaveLength(1);
    const sent = connector.sent[0];
    expect(sent.conversationId).toBe(personal.conversationId);
    // As botbuilder's sendActivity in a turn: a reply to the incoming activity.
    expect(sent.replyToId).toBe(activity.id);
    expect(content(sent.activity)).toEqual(
      content(messageActivity({ card: CARD, text: 'Hei', mentions: [{ id: DEACON.aadObjectId, name: DEACON.name }] })),
    );
    expect(sent.activity).toMatchObject({
      channelId: 'msteams',
      locale: 'fi-FI',
      serviceUrl: connector.url,
      conversation: { id: personal.conversationId, conversationType: 'personal', tenantId: TENANT },
      from: BOT,
      recipient: USER,
      replyToId: activity.id,
    });
    // One line for the turn: ids and timing, no content.
    const turnLine = bot.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'turn');
    expect(turnLine).toMatchObject({ activityType: 'message', conversationType: 'personal', status: 200 });
    expect(typeof turnLine?.ms).toBe('number');
    expect(typeof turnLine?.reqId).toBe('string');
    expect(bot.logs.join('\n')).not.toContain('ohje');
  });

  it('an Action.Submit value and a channel @mention are read as botbuilder reads them', async () => {
    await channel.send(channel.message('ohje'));
    await personal.send(personal.submit({ verb: 'pilot', pilotId: 'p1' }));
    expect(bot.handler.calls.map((c) => c.arg)).toEqual([
      { text: 'ohje', value: undefined },
      { text: '', value: { verb: 'pilot', pilotId: 'p1' } },
    ]);
    expect(bot.handler.calls[0].turn.conversation).toMatchObject({
      scope: 'channel',
      team: { id: TEAM.id, name: TEAM.name },
    });
  });

  it('a message turn that fails: logged without its text, answered with the failure sentence, 200', async () => {
    const res = await personal.send(personal.message('fail'));
    expect(res.status).toBe(200);
    expect(connector.sent.map((s) => content(s.activity))).toEqual([
      content(messageActivity({ text: 'failed (fi-FI)' })),
    ]);
    const failed = bot.logs.find((l) => l.includes('turn failed'));
    expect(failed).toContain('"activityType":"message"');
    expect(bot.logs.join('\n')).not.toContain('secret user text');
  });

  it('a message turn whose failure sentence cannot be sent is a 500', async () => {
    connector.failNext(personal.conversationId, { status: 503 });
    const res = await personal.send(personal.message('fail'));
    expect(res).toEqual({ status: 500, body: { error: 'internal error' } });
    expect(bot.logs.some((l) => l.includes('activity failed'))).toBe(true);
  });

  it('Action.Execute: the card answer, the bad-request and failure answers, with the HTTP status of each', async () => {
    const card = await channel.send(channel.execute('pilot', { pilotId: 'p1' }));
    expect(card).toEqual({
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: CARD },
    });
    expect(bot.handler.calls[0].arg).toEqual({ verb: 'pilot', data: { pilotId: 'p1' }, automatic: false });
    const bad = await channel.send(channel.execute('bad'));
    expect(bad).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: 'Tuntematon toiminto' },
      },
    });
    const boom = await channel.send(channel.execute('boom'));
    expect(boom).toEqual({
      status: 500,
      body: {
        statusCode: 500,
        type: 'application/vnd.microsoft.error',
        value: { code: 'InternalError', message: 'Jokin meni vikaan' },
      },
    });
    // A handler that throws: botbuilder's turn error, and no invoke answer (501).
    const thrown = await channel.send(channel.execute('throw'));
    expect(thrown.status).toBe(501);
    expect(bot.logs.some((l) => l.includes('turn failed') && l.includes('"activityType":"invoke"'))).toBe(true);
    expect(connector.sent).toEqual([]);
  });

  it('Action.Execute refresh (automatic), odd data, and invokes Polku does not serve', async () => {
    const auto = channel.execute('pilot', { pilotId: 'p1' });
    (auto.value as Record<string, unknown>).trigger = 'automatic';
    await channel.send(auto);
    const odd = channel.execute('x');
    (odd.value as { action: Record<string, unknown> }).action.data = 'not an object';
    (odd.value as { action: Record<string, unknown> }).action.verb = 42;
    await channel.send(odd);
    expect(bot.handler.calls.map((c) => c.arg)).toEqual([
      { verb: 'pilot', data: { pilotId: 'p1' }, automatic: true },
      { verb: '', data: {}, automatic: false },
    ]);
    const unknown = {
      status: 400,
      body: {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: 'unknown action (sv-SE)' },
      },
    };
    expect(await channel.send(channel.base({ type: 'invoke', name: 'adaptiveCard/action', value: {} }))).toEqual(
      unknown,
    );
    expect(await channel.send(channel.base({ type: 'invoke', name: 'adaptiveCard/action' }))).toEqual(unknown);
    expect(await channel.send(channel.base({ type: 'invoke', name: 'task/fetch', value: {} }))).toEqual(unknown);
    expect(await channel.send(channel.base({ type: 'invoke', name: 'composeExtension/query', value: {} }))).toEqual(
      unknown,
    );
    expect(await channel.send(channel.base({ type: 'invoke', value: {} }))).toEqual(unknown);
    const submit = channel.execute('pilot');
    (submit.value as { action: Record<string, unknown> }).action.type = 'Action.Submit';
    expect(await channel.send(submit)).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'NotSupported', message: "The action 'Action.Submit' is not supported." },
      },
    });
    expect(bot.handler.calls).toHaveLength(2);
  });

  it('updateCard replaces the message that held the pressed card (PUT), with the card and the id', async () => {
    const res = await channel.send({ ...channel.execute('update'), replyToId: 'card-message-1' });
    expect(res.status).toBe(200);
    expect(bot.handler.calls[0].turn.replyToId).toBe('card-message-1');
    expect(connector.updated).toHaveLength(1);
    const u = connector.updated[0];
    expect(u.conversationId).toBe(channel.conversationId);
    expect(u.replyToId).toBe('card-message-1');
    expect(content(u.activity)).toEqual(content(messageActivity({ card: CARD })));
    expect(u.activity.id).toBe('card-message-1');
    expect(connector.updatedCards()).toEqual([CARD]);
  });

  it('installation, members added and removed, and the meeting-end event go to their handlers', async () => {
    await channel.send(channel.installationUpdate('add'));
    await channel.send({ ...channel.installationUpdate('add'), action: 'add-upgrade' });
    await channel.send(channel.installationUpdate('remove'));
    await channel.send(channel.botAdded());
    const added = channel.base({
      type: 'conversationUpdate',
      membersAdded: [
        { id: DEACON.id, aadObjectId: DEACON.aadObjectId },
        { id: '29:guest', aadObjectId: 'not-a-guid' },
      ],
    });
    await channel.send(added);
    await channel.send(
      channel.base({
        type: 'conversationUpdate',
        membersRemoved: [{ id: BOT.id }, { id: DEACON.id, aadObjectId: DEACON.aadObjectId }],
      }),
    );
    await channel.send(channel.base({ type: 'conversationUpdate', membersAdded: [], membersRemoved: [] }));
    const meeting = {
      Id: 'm1',
      JoinUrl: 'https://teams.example/join',
      MeetingType: 'Scheduled',
      Title: 'Kokous',
      EndTime: '2027-01-01T10:00:00Z',
    };
    await channel.send(channel.base({ type: 'event', name: 'application/vnd.microsoft.meetingEnd', value: meeting }));
    // Not a meeting botbuilder would read: the turn fails, quietly (an event gets no answer).
    const broken = await channel.send(
      channel.base({ type: 'event', name: 'application/vnd.microsoft.meetingEnd', value: {} }),
    );
    expect(broken.status).toBe(200);
    // Not from Teams: botbuilder's TeamsActivityHandler does not read it as a meeting's end.
    await channel.send(
      channel.base({
        type: 'event',
        name: 'application/vnd.microsoft.meetingEnd',
        value: meeting,
        channelId: 'webchat',
      }),
    );
    await channel.send(channel.base({ type: 'typing' }));
    expect(bot.handler.kinds()).toEqual([
      ['installed', { welcome: true }],
      ['installed', { welcome: true }],
      'removed',
      ['installed', { welcome: false }],
      ['membersChanged', { added: [], removed: [] }],
      ['membersChanged', { added: [{ aadObjectId: DEACON.aadObjectId }, { aadObjectId: undefined }], removed: [] }],
      'removed',
      ['membersChanged', { added: [], removed: [{ aadObjectId: DEACON.aadObjectId }] }],
      'meetingEnded',
    ]);
    expect(connector.attempts).toEqual([]);
  });

  it('the turn asks Teams: member standing (404 is none), the roster paged, the team name', async () => {
    connector.members.set(TEAM.id, [{ ...TEAM_OWNER }, { ...DEACON }, { id: '29:no-aad', name: '', aadObjectId: '' }]);
    for (const text of [
      `member ${TEAM_OWNER.id}`,
      `member ${DEACON.id}`,
      'member 29:stranger',
      'roster',
      'roster1',
      'teamName',
    ]) {
      await channel.send(channel.message(text));
    }
    expect(bot.handler.results).toEqual([
      'owner',
      'member',
      'none',
      [
        { id: TEAM_OWNER.aadObjectId, name: TEAM_OWNER.name },
        { id: DEACON.aadObjectId, name: DEACON.name },
        { id: '29:no-aad', name: '29:no-aad' },
      ],
      [{ id: TEAM_OWNER.aadObjectId, name: TEAM_OWNER.name }],
      undefined, // the fake connector has no team details: as for a group chat
    ]);
    connector.members.delete(TEAM.id);
  });

  it('a failed member question reaches the handler as a ConnectorError (the turn then fails)', async () => {
    const res = await channel.send(channel.message('roster')); // no such team: 404 on the paged list
    expect(res.status).toBe(200);
    expect(bot.logs.some((l) => l.includes('turn failed') && l.includes('ConnectorError'))).toBe(true);
  });

  describe('the Messenger', () => {
    it('send: proactively into a stored conversation, as a reply to the activity the address names', async () => {
      const activity = channel.installationUpdate('add');
      await channel.send(activity);
      const address = bot.handler.calls[0].turn.address;
      await bot.adapter.send(address, { text: 'Muistutus', card: CARD });
      expect(connector.sent).toHaveLength(1);
      expect(connector.sent[0]).toMatchObject({ conversationId: channel.conversationId, replyToId: activity.id });
      expect(content(connector.sent[0].activity)).toEqual(content(messageActivity({ text: 'Muistutus', card: CARD })));
      expect(connector.sent[0].activity).toMatchObject({ from: BOT, channelId: 'msteams', locale: 'sv-SE' });
      // Without an activity id: posted to the conversation itself.
      await bot.adapter.send({ ...address, activityId: undefined }, { text: 'Toinen' });
      expect(connector.sent[1].replyToId).toBeUndefined();
    });

    it('send: the connector refusing is a ConnectorError with its status and Retry-After in ms', async () => {
      const address = { serviceUrl: connector.url, channelId: 'msteams', conversation: { id: channel.conversationId } };
      connector.failNext(channel.conversationId, { status: 429, headers: { 'retry-after': '3' } }, { status: 403 });
      const first = await bot.adapter.send(address, { text: 'x' }).catch((e: unknown) => e);
      expect(first).toBeInstanceOf(ConnectorError);
      expect(first).toMatchObject({ statusCode: 429, retryAfterMs: 3000, transport: false, code: 'Scripted' });
      const second = await bot.adapter.send(address, { text: 'x' }).catch((e: unknown) => e);
      expect(second).toMatchObject({ statusCode: 403, transport: false });
    });

    it('send: a connector that does not answer is a transport ConnectorError', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const e = await bot.adapter
        .send({ serviceUrl: `http://127.0.0.1:${port}/`, conversation: { id: 'a:x' } }, { text: 'x' })
        .catch((err: unknown) => err);
      expect(e).toBeInstanceOf(ConnectorError);
      expect(e).toMatchObject({ statusCode: undefined, transport: true, code: 'ECONNREFUSED' });
    });

    it('openPersonalChat: creates the conversation as botbuilder does and speaks there; 403 when not installed', async () => {
      connector.openStatus = 200;
      await bot.adapter.openPersonalChat(
        { serviceUrl: connector.url, tenantId: TENANT, userId: DEACON.aadObjectId },
        { card: CARD },
      );
      expect(connector.opened).toEqual([
        {
          isGroup: false,
          members: [{ id: DEACON.aadObjectId }],
          tenantId: TENANT,
          channelData: { tenant: { id: TENANT } },
        },
      ]);
      expect(connector.sent).toHaveLength(1);
      expect(connector.sent[0].conversationId).toBe('a:opened-1');
      // As botbuilder's createConversationAsync turn: a reply to the activity named after the new chat.
      expect(connector.sent[0].replyToId).toBe('a:opened-1');
      expect(content(connector.sent[0].activity)).toEqual(content(messageActivity({ card: CARD })));
      connector.openStatus = 403;
      const e = await bot.adapter
        .openPersonalChat({ serviceUrl: connector.url, tenantId: TENANT, userId: DEACON.aadObjectId }, { card: CARD })
        .catch((err: unknown) => err);
      expect(e).toBeInstanceOf(ConnectorError);
      expect(e).toMatchObject({ statusCode: 403, code: 'Forbidden' });
      expect(connector.sent).toHaveLength(1);
    });

    it('memberStanding: owner, member, and none on 404', async () => {
      connector.members.set(TEAM.id, [{ ...TEAM_OWNER }, { ...DEACON }]);
      const address = { serviceUrl: connector.url, conversation: { id: channel.conversationId } };
      expect(await bot.adapter.memberStanding(address, TEAM.id, TEAM_OWNER.aadObjectId)).toBe('owner');
      expect(await bot.adapter.memberStanding(address, TEAM.id, DEACON.id)).toBe('member');
      expect(await bot.adapter.memberStanding(address, TEAM.id, 'a1b2c3d4-0000-4000-8000-00000000ffff')).toBe('none');
      connector.members.delete(TEAM.id);
    });
  });
});

/** A connector that records each request's Authorization header and answers 200. */
async function headerRecorder(): Promise<{ url: string; seen: (string | undefined)[]; stop(): Promise<void> }> {
  const seen: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers.authorization);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"1"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    seen,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('outgoing calls carry the bot token from the SDK credentials, and none without a bot identity', () => {
  it('local mode: no Authorization header', async () => {
    const rec = await headerRecorder();
    const bot = await startBot(configOf());
    try {
      await bot.adapter.send({ serviceUrl: rec.url, conversation: { id: 'a:1' } }, { text: 'x' });
      expect(rec.seen).toEqual([undefined]);
    } finally {
      await bot.stop();
      await rec.stop();
    }
  });

  it('with a bot identity: Bearer <the token the SDK TokenManager got>, asked for the Bot Framework scope', async () => {
    const rec = await headerRecorder();
    const asked: unknown[] = [];
    // The SDK reads the token as a JWT (its JsonWebToken): a token of that shape, signed by no one.
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const botToken = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ aud: 'https://api.botframework.com', appid: BOT_APP_ID, exp: Math.floor(Date.now() / 1000) + 3600 })}.c2ln`;
    const bot = await startBot(configOf({ appId: BOT_APP_ID }), {
      botToken: async (scope, tenantId) => {
        asked.push([scope, tenantId]);
        return botToken;
      },
    });
    try {
      await bot.adapter.send({ serviceUrl: rec.url, conversation: { id: 'a:1' } }, { text: 'x' });
      expect(rec.seen).toEqual([`Bearer ${botToken}`]);
      expect(asked).toEqual([['https://api.botframework.com/.default', 'botframework.com']]);
    } finally {
      await bot.stop();
      await rec.stop();
    }
  });
});

describe('the Teams SDK adapter with a bot identity: the Bot Connector token', () => {
  let connector: FakeConnector;
  let keys: BotFrameworkKeys;
  let bot: Bot;
  let client: TeamsClient;

  beforeAll(async () => {
    [connector, keys] = await Promise.all([new FakeConnector().start(), BotFrameworkKeys.start()]);
    bot = await startBot(configOf({ appId: BOT_APP_ID }));
    client = new TeamsClient({ botUrl: bot.url, serviceUrl: connector.url, scope: 'channel' });
  });
  afterAll(async () => {
    await bot?.stop();
    await Promise.all([connector?.stop(), keys?.stop()]);
  });

  const refused = async (authorization: string | undefined, what: string) => {
    const before = bot.handler.calls.length;
    const res = await client.send(
      client.installationUpdate('add'),
      authorization === undefined ? {} : { authorization },
    );
    expect({ what, ...res }).toEqual({ what, status: 401, body: { error: 'unauthorized' } });
    expect(bot.handler.calls.length).toBe(before);
  };

  it('refuses junk before fetching any key', async () => {
    const before = keys.requests.length;
    for (const h of [
      undefined,
      '',
      'Bearer',
      'Bearer abc',
      'Bearer a.b.c',
      'Bearer ...',
      'Bearer eyJhbGciOiJSUzI1NiJ9.bm90LWpzb24.c2ln',
      'Basic Ym90OnBhc3N3b3Jk',
      `Bearer ${'x'.repeat(4096)}`,
    ]) {
      await refused(h, String(h).slice(0, 30));
    }
    expect(keys.requests.slice(before)).toEqual([]);
  });

  it('accepts a valid token (the keys read from the stand-in)', async () => {
    const res = await client.send(client.installationUpdate('add'), {
      authorization: `Bearer ${await keys.token(connector.url)}`,
    });
    expect(res.status).toBe(200);
    expect(bot.handler.kinds()).toEqual([['installed', { welcome: true }]]);
    expect(keys.requests).toContain('login.botframework.com/v1/.well-known/keys');
  });

  it('refuses forged, unsigned, expired, not-yet-valid, other-audience, other-issuer, other-service-URL and unknown-key tokens', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const forged = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'x' })}.${b64({ iss: 'https://api.botframework.com', aud: BOT_APP_ID, serviceurl: connector.url, exp: now + 3600 })}.c2lnbmF0dXJl`;
    await refused(`Bearer ${forged}`, 'forged');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: 'https://api.botframework.com', aud: BOT_APP_ID, serviceurl: connector.url, exp: now + 3600 })}.`;
    await refused(`Bearer ${unsigned}`, 'alg none');
    const past = now - 3600;
    await refused(
      `Bearer ${await keys.token(connector.url, { exp: past, nbf: past - 3600, iat: past - 3600 })}`,
      'expired',
    );
    await refused(`Bearer ${await keys.token(connector.url, { nbf: now + 3600 })}`, 'not yet valid');
    await refused(
      `Bearer ${await keys.token(connector.url, { aud: '99999999-8888-7777-6666-555555555555' })}`,
      'other audience',
    );
    await refused(`Bearer ${await keys.token(connector.url, { aud: `api://${BOT_APP_ID}` })}`, 'api:// audience');
    await refused(`Bearer ${await keys.token(connector.url, { iss: 'https://evil.example' })}`, 'other issuer');
    await refused(`Bearer ${await keys.token('https://attacker.example/teams/')}`, 'other service URL');
    await refused(`Bearer ${await keys.token(connector.url.toUpperCase())}`, 'service URL in other case');
    await refused(`Bearer ${await keys.token(connector.url, {}, { signWith: 'unknown' })}`, 'unknown key');
    await refused(
      `Bearer ${await keys.token(connector.url, {}, { signWith: 'unknown', kid: 'someone-else' })}`,
      'unknown key id',
    );
    // Within botbuilder's five minutes of tolerance: let in.
    const ok = await client.send(client.installationUpdate('add'), {
      authorization: `Bearer ${await keys.token(connector.url, { exp: now - 120 })}`,
    });
    expect(ok.status).toBe(200);
  });

  it('logs refusals by name only, never a token', () => {
    const all = bot.logs.join('\n');
    expect(all).toContain('activity refused: not authenticated');
    expect(all).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+/);
  });

  it('a check that takes longer than allowed is a 503 (a fresh adapter, the key service stalled)', async () => {
    const slow = await startBot(configOf({ appId: BOT_APP_ID, authTimeoutMs: 300 }));
    const c = new TeamsClient({ botUrl: slow.url, serviceUrl: connector.url, scope: 'channel' });
    keys.stall = true;
    try {
      const started = Date.now();
      const res = await c.send(c.message('ohje'), { authorization: `Bearer ${await keys.token(connector.url)}` });
      expect(res).toEqual({ status: 503, body: { error: 'unavailable' } });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(slow.logs.some((l) => l.includes('token not checked in time'))).toBe(true);
      expect(slow.handler.calls).toEqual([]);
    } finally {
      keys.stall = false;
      await slow.stop();
    }
  });
});
