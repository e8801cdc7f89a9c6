/**
 * What a person types is shown, not obeyed, in Microsoft 365 Agents Playground, whose cards
 * render Markdown (micromark, links allowed) as Teams does: a pilot named as a Markdown link with
 * a template binding in it shows that text literally, in its heading, and the midpoint form quotes
 * a start answer with emphasis and a link as typed. No link to the address is anywhere on the page.
 *
 * The Playground sends every activity with `locale: "en-US"`, so these are the English cards.
 */
import type { Locator } from 'playwright-core';
import { format, strings } from '../../bot/i18n';
import { type PlaygroundStack, startPlaygroundInTeam } from '../harness/playground';

jest.setTimeout(60000);

const t = strings('en');
const NAME = '[avaa tästä](https://evil.example) ${x}';
const TARGET_GROUP = '**Working-age** people, _see_ [the list](https://evil.example/list) $${}';

let stack: PlaygroundStack;
let message: Locator;

beforeAll(async () => {
  stack = await startPlaygroundInTeam('userText');
}, 120000);

afterAll(async () => {
  await stack?.stop();
});

const card = () => message.locator('.ac-adaptiveCard');
const evilLinks = () => stack.ui.page.locator('a[href*="evil.example"]');

describe('Polku in the Agents Playground: typed Markdown and template syntax', () => {
  it('a pilot named as a Markdown link shows its name as typed, with no link', async () => {
    const { ui } = stack;
    await ui.step('userText-step1', async () => {
      await ui.send(t.commands.newPilot[0]);
      const step1 = ui.card(t.pilotForm.step1);
      await step1.waitFor();
      message = await ui.message(step1);
      await ui.fill(card(), t.pilotForm.name, NAME);
      await ui.fill(card(), t.pilotForm.municipality, 'Raisio');
      await ui.choose(card(), t.pilotForm.kind, t.kinds.dropIn);
      await ui.pickDay(card(), t.pilotForm.startDate, 1);
      await ui.press(card(), t.pilotForm.continue);
      await card().getByText(t.pilotForm.step2).waitFor();
      await card().getByText(`${t.phaseForm.pilotName}: ${NAME}`, { exact: false }).waitFor();
    });

    await ui.step('userText-pilot-card', async () => {
      await ui.fill(card(), t.questions.targetGroup, TARGET_GROUP);
      await ui.fill(card(), t.questions.problem, 'Money worries');
      await ui.fill(card(), t.questions.activity, 'A social worker at the library.');
      await ui.press(card(), t.pilotForm.save);
      await card().getByText(t.pilotCard.created).waitFor();
      await card().getByRole('heading', { name: NAME, exact: true }).waitFor();
      expect(await evilLinks().count()).toBe(0);
      await ui.shot('userText-name-literal', message);
    });
  });

  it('the midpoint form quotes the start answer as typed, not as emphasis and a link', async () => {
    const { ui } = stack;
    await ui.step('userText-midpoint', async () => {
      await ui.press(card(), t.phaseForm.open.midpoint);
      await card()
        .getByText(format(t.phaseForm.headingRealised, { phase: t.phases.midpoint, realised: t.realised.none }))
        .waitFor();
      await card().getByText(TARGET_GROUP, { exact: true }).waitFor();
      expect(await card().locator('strong, em').count()).toBe(0);
      expect(await evilLinks().count()).toBe(0);
    });
  });
});
