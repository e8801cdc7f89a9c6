/**
 * Every declaration of the Teams manifest has a handler, and every handler a declaration: the
 * message extension's commands are answered by the application (not refused), its link domain
 * is the tab's and its links name pilots, every bot command is one the bot recognises, every
 * configurable-tab context is a page the tab serves; and every compose-extension invoke either
 * adapter serves (asked in-process, with no HTTP and no storage) is declared. Static and fast.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Request, Response } from 'restify';
import { SEARCH_PARAMETER } from '../../bot/adapters/activity';
import { type BotSdk, createBotAdapter } from '../../bot/adapters/contract';
import type { ChangedMember, SearchQuery, TurnHandler } from '../../bot/application/handler';
import type { CardActionResult, SearchAnswer, Turn } from '../../bot/application/port';
import { PilotSearch, pilotIdOfLink, SEARCH_COMMANDS } from '../../bot/application/search';
import type { Config } from '../../bot/config';
import { commandOf, localeOf } from '../../bot/i18n';
import { createLogger } from '../../bot/log';
import { hrefOf, pageParams, tabBase } from '../../tab/src/route';
import { exists, ROOT, read } from './project';

interface Command {
  id: string;
  type?: 'query' | 'action';
  initialRun?: boolean;
  parameters?: { name: string }[];
}
interface ComposeExtension {
  botId: string;
  canUpdateConfiguration?: boolean | null;
  commands?: Command[];
  messageHandlers?: { type: string; value: { domains?: string[]; supportsAnonymizedPayloads?: boolean } }[];
}
interface Manifest {
  bots: { botId: string; commandLists: { commands: { title: string }[] }[] }[];
  composeExtensions?: ComposeExtension[];
  configurableTabs: { configurationUrl: string; context: string[] }[];
  validDomains: string[];
}

const manifest = JSON.parse(read('appPackage/manifest.json')) as Manifest;
const localised = (lang: string) => JSON.parse(read(`appPackage/${lang}.json`)) as Record<string, string>;
const extensions = manifest.composeExtensions ?? [];
const commands = extensions.flatMap((e) => e.commands ?? []);
const linkHandlers = extensions.flatMap((e) => e.messageHandlers ?? []).filter((h) => h.type === 'link');

const TAB_DOMAIN = 'polku123abc.azurewebsites.net';
/** The placeholders as provision fills them (infra/azure.bicep: TAB_ENDPOINT is https:// and TAB_DOMAIN). */
const filled = (s: string) =>
  s.replace('${{TAB_ENDPOINT}}', `https://${TAB_DOMAIN}`).replace('${{TAB_DOMAIN}}', TAB_DOMAIN);

const silent = createLogger('silent');

/** The application's search over no pilots at all: what matters here is only whether it refuses. */
const search = new PilotSearch({
  pilots: { getPilot: async () => undefined, listTeamPilots: async () => [] },
  access: { visibleTeams: async () => [], standingOf: async () => 'none' },
  log: silent,
});

const TURN = {
  tenantId: '0f2e8c1a-7d4b-4c3e-9b5a-2e1f0d9c8b7a',
  actor: { userId: 'u', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000001', channelUserId: '29:u', name: '' },
  conversation: { id: 'c', scope: 'personal', serviceUrl: 'http://127.0.0.1:1/' },
  locale: 'fi',
  address: {},
} as unknown as Turn;

describe('the message extension the manifest declares', () => {
  it('is one, on the bot, with search commands only and the link handler', () => {
    expect(extensions).toHaveLength(1);
    expect(extensions[0].botId).toBe(manifest.bots[0].botId);
    // Without a settings page Teams sends no querySettingUrl / setting invokes.
    expect(extensions[0].canUpdateConfiguration).toBe(false);
    expect(commands.map((c) => c.type ?? 'query')).toEqual(commands.map(() => 'query'));
  });

  it.each(commands.map((c) => [c.id, c] as const))(
    'command %s is answered by the application, typed and on first run',
    async (_id, c) => {
      expect(SEARCH_COMMANDS).toContain(c.id);
      // The adapters read the typed text from this parameter (activity.ts searchQueryOf).
      expect((c.parameters ?? []).map((p) => p.name)).toEqual([SEARCH_PARAMETER]);
      const q: SearchQuery = { commandId: c.id, text: 'Raisio', initialRun: false, skip: 0, count: 25 };
      expect((await search.query(TURN, q)).kind).toBe('results');
      if (c.initialRun) expect((await search.query(TURN, { ...q, text: '', initialRun: true })).kind).toBe('results');
    },
  );

  it('every command the application serves is declared, with its title in Finnish, Swedish and English', () => {
    expect(commands.map((c) => c.id).sort()).toEqual([...SEARCH_COMMANDS].sort());
    for (const lang of ['sv', 'en']) {
      const loc = localised(lang);
      commands.forEach((_c, i) => {
        expect(loc[`composeExtensions[0].commands[${i}].title`]).toBeTruthy();
        expect(loc[`composeExtensions[0].commands[${i}].parameters[0].title`]).toBeTruthy();
      });
    }
  });

  it("unfurls links on the tab's domain only, which the tab's pilot pages are on", () => {
    expect(linkHandlers).toHaveLength(1);
    const domains = linkHandlers.flatMap((h) => h.value.domains ?? []);
    expect(domains).toEqual(['${{TAB_DOMAIN}}']);
    expect(manifest.validDomains).toEqual(expect.arrayContaining(domains));
    expect(linkHandlers[0].value.supportsAnonymizedPayloads ?? false).toBe(false);
    // The address of a pilot's page, as the configured tab builds it (route.ts tabBase, hrefOf).
    const config = new URL(filled(manifest.configurableTabs[0].configurationUrl));
    expect(config.hostname).toBe(filled(domains[0]));
    const page = `${tabBase({ origin: config.origin, pathname: config.pathname })}?team=19%3Ax&pilots=all`;
    const id = '6f1d9a52-0c3b-4b8e-9a57-5d0c2f1e7a10';
    expect(pilotIdOfLink(`${page}${hrefOf({ name: 'pilot', id })}`)).toBe(id);
    expect(pilotIdOfLink(`${page}${hrefOf({ name: 'print', id })}`)).toBe(id);
    expect(pilotIdOfLink(`${page}${hrefOf({ name: 'overview', view: 'cards' })}`)).toBeUndefined();
  });
});

describe('the bot commands and the tab the manifest declares', () => {
  it('every command of the command list is one the bot recognises, in each language', () => {
    const list = manifest.bots[0].commandLists[0].commands;
    const titles: Record<string, string[]> = { fi: list.map((c) => c.title) };
    for (const lang of ['sv', 'en']) {
      titles[lang] = list.map((_c, i) => localised(lang)[`bots[0].commandLists[0].commands[${i}].title`]);
    }
    for (const [lang, ts] of Object.entries(titles)) {
      for (const t of ts)
        expect({ lang, title: t, command: commandOf(t) ?? null }).not.toMatchObject({ command: null });
    }
  });

  it('every configurable-tab context opens a page the tab serves', () => {
    // The page each context opens: the overview (the configuration page writes its address,
    // ConfigPage.tsx contentUrlOf), or the meeting side panel's page of its own.
    const PAGE_OF: Record<string, string> = {
      channelTab: 'index.html',
      privateChatTab: 'index.html',
      meetingChatTab: 'index.html',
      meetingSidePanel: 'sidepanel.html',
    };
    const build = read('scripts/build-tab.mjs');
    const built = (page: string) => exists(`tab/public/${page}`) || build.includes(`'${page}'`);
    for (const c of manifest.configurableTabs[0].context) {
      expect({ context: c, page: PAGE_OF[c] ?? null, built: built(PAGE_OF[c] ?? '') }).toEqual({
        context: c,
        page: PAGE_OF[c],
        built: true,
      });
    }
    // The configuration page is where Teams opens it, and the overview reads the team it was given.
    const config = new URL(filled(manifest.configurableTabs[0].configurationUrl));
    expect(pageParams({ pathname: config.pathname, search: '' }).config).toBe(true);
    expect(pageParams({ pathname: '/tab/', search: '?team=19%3Ax&pilots=all' }).team).toBe('19:x');
    // The side panel's address (/tab/?view=sidepanel) is read as a page of its own, not the overview.
    if (manifest.configurableTabs[0].context.includes('meetingSidePanel')) {
      expect(pageParams({ pathname: '/tab/', search: '?view=sidepanel' })).not.toEqual(
        pageParams({ pathname: '/tab/', search: '' }),
      );
    }
  });
});

// ---- Conversely: what the adapters serve --------------------------------------------------

/** Every compose-extension invoke Teams sends, as botbuilder's TeamsActivityHandler dispatches them. */
const COMPOSE_INVOKES = [
  ...new Set(
    fs
      .readFileSync(path.join(ROOT, 'node_modules', 'botbuilder', 'lib', 'teamsActivityHandler.js'), 'utf8')
      .match(/case '(composeExtension\/[A-Za-z]+)'/g)!
      .map((m) => m.slice(6, -1)),
  ),
];

/** The declaration each compose-extension invoke needs. */
function declares(invoke: string): boolean {
  const anyOf = (t: 'query' | 'action') => commands.some((c) => (c.type ?? 'query') === t);
  switch (invoke) {
    case 'composeExtension/query':
    case 'composeExtension/selectItem':
      return anyOf('query');
    case 'composeExtension/queryLink':
      return linkHandlers.some((h) => (h.value.domains ?? []).length > 0);
    case 'composeExtension/anonymousQueryLink':
      return linkHandlers.some((h) => h.value.supportsAnonymizedPayloads === true);
    case 'composeExtension/submitAction':
    case 'composeExtension/fetchTask':
      return anyOf('action');
    case 'composeExtension/querySettingUrl':
    case 'composeExtension/setting':
      return extensions.some((e) => e.canUpdateConfiguration === true);
    default:
      return extensions.length > 0;
  }
}

/** A handler that serves a search and a link, answering with no results; the rest is never reached. */
class SearchingHandler implements TurnHandler {
  async message(): Promise<void> {}
  async cardAction(): Promise<CardActionResult> {
    return { kind: 'badRequest', message: 'no' };
  }
  async installed(_turn: Turn, _o: { welcome: boolean }): Promise<void> {}
  async removed(): Promise<void> {}
  async membersChanged(_turn: Turn, _o: { added: ChangedMember[]; removed: ChangedMember[] }): Promise<void> {}
  async meetingEnded(): Promise<void> {}
  async searchQuery(): Promise<SearchAnswer> {
    return { kind: 'results', results: [] };
  }
  async linkQuery(): Promise<SearchAnswer> {
    return { kind: 'results', results: [] };
  }
  failureText(): string {
    return 'failed';
  }
  unknownActionText(locale: string | undefined): string {
    return `unknown (${localeOf(locale)})`;
  }
}

/** One invoke through an adapter's handle, in-process: the status it answers with. */
async function statusOf(sdk: BotSdk, name: string): Promise<number> {
  const config = {
    bot: { sdk, appId: undefined, appPassword: undefined, authTimeoutMs: 10000 },
    localMode: true,
  } as unknown as Config;
  const adapter = createBotAdapter(config, createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() })));
  const activity = {
    type: 'invoke',
    name,
    id: 'activity-1',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:1/',
    from: { id: '29:u', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000001' },
    recipient: { id: '28:polku' },
    conversation: { id: 'a:1', conversationType: 'personal', tenantId: TURN.tenantId },
    channelData: { tenant: { id: TURN.tenantId } },
    value: { commandId: SEARCH_COMMANDS[0], parameters: [{ name: SEARCH_PARAMETER, value: 'x' }], url: 'https://x/' },
  };
  const req = { body: activity, id: () => 'req-1', header: () => undefined } as unknown as Request;
  let status = 0;
  const res = {
    statusCode: 200,
    send(code: number) {
      status = code;
      res.statusCode = code;
    },
  } as unknown as Response & { statusCode: number };
  await adapter.handle(req, res, new SearchingHandler());
  return status;
}

describe.each<BotSdk>(['botbuilder', 'teams'])('the compose-extension invokes the %s adapter serves', (sdk) => {
  it('are each declared in the manifest, and are the search and the link', async () => {
    expect(COMPOSE_INVOKES.length).toBeGreaterThanOrEqual(9);
    const served: string[] = [];
    for (const name of COMPOSE_INVOKES) if ((await statusOf(sdk, name)) < 300) served.push(name);
    for (const name of served)
      expect({ invoke: name, declared: declares(name) }).toEqual({ invoke: name, declared: true });
    expect(served.sort()).toEqual(['composeExtension/query', 'composeExtension/queryLink']);
  });
});
