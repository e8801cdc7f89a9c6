/**
 * Polku installed in Microsoft 365 Agents Playground: in the personal chat and in the team
 * channel the welcome card renders; in the channel Polku hears only posts that mention it.
 *
 * Language: the Playground stamps every activity it sends from its chat with `locale: "en-US"`
 * (hard-coded; neither its yml nor its CLI can change it), so Polku answers those in English.
 * Its install events come as a pair sent at the same moment: an installationUpdate (en-US) and a
 * conversationUpdate with no locale at all. Polku welcomes once, in the language of whichever of
 * the two it handles first, so the welcome here is English or Finnish from run to run (Teams
 * sends the same pair). Finnish by default is checked below with an activity that carries no
 * locale, sent through the Playground's own "Custom activity", and in tests/bot/install.test.ts.
 */
import { strings } from '../../bot/i18n';
import { isTurn, type PlaygroundStack, startPlaygroundStack } from '../harness/playground';

jest.setTimeout(60000);

const fi = strings('fi');
const en = strings('en');
const WELCOME = new RegExp(`${en.welcome.title}|${fi.welcome.title}`);

let stack: PlaygroundStack;

beforeAll(async () => {
  stack = await startPlaygroundStack('install');
}, 120000);

afterAll(async () => {
  await stack?.stop();
});

/** Waits until Polku has handled both install events of a conversation, then checks the welcome. */
async function expectOneWelcome(conversationType: string): Promise<void> {
  const { polku, ui } = stack;
  await Promise.all([
    polku.waitForLine(isTurn('installationUpdate', conversationType)),
    polku.waitForLine(isTurn('conversationUpdate', conversationType)),
  ]);
  const welcome = ui.card(WELCOME);
  await welcome.first().waitFor();
  expect(await welcome.count()).toBe(1);
  const t = (await welcome.innerText()).includes(fi.welcome.title) ? fi : en;
  for (const title of [t.welcome.newPilot, t.welcome.showHelp]) {
    await welcome.getByRole('button', { name: title, exact: true }).waitFor();
  }
  await welcome.getByText(t.welcome.privacy).waitFor();
}

describe('Polku in the Agents Playground: installing', () => {
  it('personal chat: opening the page installs Polku and its welcome card renders once', async () => {
    await stack.ui.step('personal-welcome', () => expectOneWelcome('personal'));
  });

  it('personal chat: a message that carries no locale is answered in Finnish', async () => {
    const { ui, config, playground } = stack;
    await ui.step('personal-no-locale-finnish', async () => {
      const before = await ui.cardHeaded(fi.help.title).count();
      await ui.customActivity({
        type: 'message',
        id: `e2e-${Date.now()}`,
        timestamp: new Date().toISOString(),
        channelId: 'msteams',
        serviceUrl: `${playground.url}_connector`,
        text: en.commands.help[0],
        from: { id: config.currentUser.id, name: config.currentUser.name, aadObjectId: config.currentUser.aadObjectId },
        recipient: { id: config.bot.id, name: config.bot.name },
        conversation: { id: config.personalChat.id, conversationType: 'personal', tenantId: config.tenantId },
        channelData: { tenant: { id: config.tenantId } },
      });
      const help = ui.cardHeaded(fi.help.title);
      await help.nth(before).waitFor();
      await help.nth(before).getByRole('button', { name: fi.welcome.newPilot, exact: true }).waitFor();
    });
  });

  it('team channel: opening "Kokeilut" installs Polku in the team and its welcome card renders once', async () => {
    const { ui, config } = stack;
    await ui.step('channel-welcome', async () => {
      await ui.openChannel(config.team.channels[0].name);
      await expectOneWelcome('channel');
    });
  });

  it('team channel: a post that mentions Polku is answered; one that does not never reaches it', async () => {
    const { ui, polku, config } = stack;
    await ui.step('channel-mention-only', async () => {
      const since = polku.lineCount();
      // The Playground, like Teams, delivers a channel post to a bot only when the post mentions
      // it: "status" without a mention never reaches Polku (which would answer it with a card).
      const unmentioned = en.commands.status[0];
      await ui.post(unmentioned);
      const thread = await ui.mark(
        ui.page.getByRole('group').filter({ has: ui.page.getByText(unmentioned, { exact: true }) }),
      );
      await ui.post(en.commands.help[0], config.bot.name);
      await ui.cardHeaded(en.help.title).first().waitFor();
      await polku.waitForLine(isTurn('message', 'channel'), { since });
      await ui.waitForCount(ui.cardHeaded(en.help.title), 1);
      expect(await thread.locator('.ac-adaptiveCard').count()).toBe(0);
      expect(polku.linesSince(since).filter(isTurn('message', 'channel'))).toHaveLength(1);
    });
  });
});
