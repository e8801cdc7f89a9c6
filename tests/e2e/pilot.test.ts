/**
 * A pilot's life in Microsoft 365 Agents Playground: created through the rendered start-phase
 * card, a session logged from the pilot card, the midpoint evaluation opened. One pilot goes
 * through the steps in order, in one message: every button is an Action.Execute whose answer
 * replaces the card in place.
 *
 * The pilot belongs to the team "Raision aikuissosiaalityö" (Polku is installed in its channel
 * first) and is driven from the personal chat. In the channel Polku also updates the pressed
 * card's message for everyone else (the member view, which Teams turns into each owner's view
 * through the card's `refresh`). The Playground has no `refresh` and no user-specific views: it
 * shows that update to the presser too, and whether the presser ends up seeing the invoke answer
 * or the member view depends on which of the two it renders last. The HTTP-harness tests
 * (tests/bot/) cover the channel's everyone-update and refresh.
 *
 * The Playground sends every activity with `locale: "en-US"` (it cannot be changed), so these
 * cards are the English ones; the Finnish ones are checked through HTTP in tests/bot/.
 */
import type { Locator } from 'playwright-core';
import { format, formatDate, strings } from '../../bot/i18n';
import { isTurn, type PlaygroundStack, startPlaygroundInTeam } from '../harness/playground';

jest.setTimeout(60000);

const t = strings('en');
const PILOT = 'Library drop-in';
const KIND = t.kinds.dropIn;
const CO_OWNER = 'Mikko Korhonen'; // the deacon of .m365agentsplayground.yml
const IDENTITY_CODE = '131052-308T'; // a valid Finnish personal identity code (a public example)

/** The personal chat's cards from the new pilot on: the welcome, and the pilot's message. */
const CARDS_IN_CHAT = 2;

let stack: PlaygroundStack;
/** The chat message that holds the pilot's cards from "new pilot" on. */
let message: Locator;

beforeAll(async () => {
  stack = await startPlaygroundInTeam('pilot');
}, 120000);

afterAll(async () => {
  await stack?.stop();
});

/** The card now in the pilot's message. */
const card = () => message.locator('.ac-adaptiveCard');

/** Polku's invokes (button presses) so far. */
const invokes = () => stack.polku.linesSince(0).filter(isTurn('invoke', 'personal')).length;

describe('Polku in the Agents Playground: a pilot from start to midpoint', () => {
  it('creates a pilot through the rendered start-phase card', async () => {
    const { ui, config } = stack;
    await ui.step('step1-card', async () => {
      await ui.send(t.commands.newPilot[0]);
      const step1 = ui.card(t.pilotForm.step1);
      await step1.waitFor();
      message = await ui.message(step1);
      await ui.waitForCount(ui.cards(), CARDS_IN_CHAT);
      await card()
        .getByText(format(t.pilotForm.team, { team: config.team.name }))
        .waitFor();
    });

    let invokesBefore = 0;
    const startDate = await ui.step('step1-required', async () => {
      await ui.fill(card(), t.pilotForm.municipality, 'Raisio');
      await ui.choose(card(), t.pilotForm.kind, KIND);
      await ui.choose(card(), t.pilotForm.owners, CO_OWNER);
      const picked = await ui.pickDay(card(), t.pilotForm.startDate, 1);
      // "Name of the pilot" left empty: the card's own validation stops the press.
      invokesBefore = invokes();
      await ui.press(card(), t.pilotForm.continue);
      await card()
        .getByRole('textbox', { name: `${t.pilotForm.name} ${t.pilotForm.requiredMessage}`, exact: true })
        .waitFor();
      // What was chosen is still there.
      expect(await ui.field(card(), t.pilotForm.kind, 'combobox').inputValue()).toBe(KIND);
      expect(await ui.field(card(), t.pilotForm.owners, 'combobox').inputValue()).toBe(CO_OWNER);
      expect(await ui.field(card(), t.pilotForm.startDate, 'combobox').inputValue()).toBe(
        new Date(`${picked}T12:00:00`).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric' }),
      );
      return picked;
    });

    await ui.step('step2-card', async () => {
      await ui.fill(card(), t.pilotForm.name, PILOT);
      await ui.press(card(), t.pilotForm.continue);
      await card().getByText(t.pilotForm.step2).waitFor();
      // Only this press reached Polku: the one stopped by the card's validation sent nothing.
      expect(invokes()).toBe(invokesBefore + 1);
    });

    const problem = `Low-threshold guidance for the client ${IDENTITY_CODE} and others`;
    await ui.step('step2-identity-code-refused', async () => {
      await ui.fill(card(), t.questions.targetGroup, 'Working-age people with money worries');
      await ui.fill(card(), t.questions.problem, problem);
      await ui.fill(card(), t.questions.activity, 'A social worker at the library two hours a week.');
      await ui.press(card(), t.pilotForm.save);
      await card().getByText(t.validation.identityCode).waitFor();
      expect(await ui.field(card(), t.questions.problem).inputValue()).toBe(problem);
      expect(await ui.field(card(), t.questions.targetGroup).inputValue()).toBe(
        'Working-age people with money worries',
      );
    });

    await ui.step('pilot-created', async () => {
      await ui.fill(card(), t.questions.problem, 'Low-threshold guidance on money matters');
      await ui.press(card(), t.pilotForm.save);
      await card().getByText(t.pilotCard.created).waitFor();
      await card().getByRole('heading', { name: PILOT }).waitFor();
      const text = await card().innerText();
      expect(text).toContain(`Raisio · ${KIND}`);
      expect(text).toContain(config.currentUser.name);
      expect(text).toContain(CO_OWNER);
      expect(text).toContain(t.realisedShort.none);
      expect(text).toContain(`${formatDate('en', startDate)} – `);
      // Created in place: still the same message, and no new one.
      await ui.waitForCount(ui.cards(), CARDS_IN_CHAT);
    });
  });

  it('logs a session from the pilot card, and the pilot card updates in place', async () => {
    const { ui } = stack;
    await ui.step('session-card', async () => {
      await ui.press(card(), t.pilotCard.logSession);
      await card()
        .getByRole('heading', { name: format(t.sessionForm.title, { pilot: PILOT }) })
        .waitFor();
    });

    await ui.step('session-saved', async () => {
      const s = t.session.countLabels;
      // The quick log shows the drop-in's three counts; "More details" shows the others on the same card.
      for (const [label, n] of [
        [s.visitors, 8],
        [s.wantedToTalk, 3],
        [s.referred, 1],
      ] as [string, number][]) {
        await ui.fill(card(), label, n);
      }
      expect(
        await card()
          .getByRole('spinbutton', { name: new RegExp(`^${s.offeredTalk}`) })
          .count(),
      ).toBe(0);
      await ui.shot('quick-log', card().getByText(t.session.quick.intro));
      await ui.press(card(), t.session.quick.more);
      for (const [label, n] of [
        [s.offeredTalk, 6],
        [s.socialWorkMatters, 2],
        [s.moneyOnlyRequests, 1],
      ] as [string, number][]) {
        await ui.fill(card(), label, n);
      }
      await ui.shot('quick-log-more', card().getByText(s.newClients));
      await ui.press(card(), t.sessionForm.save);
      // Saving answers with the pilot card itself, updated, in place of the form.
      await card().getByRole('heading', { name: PILOT, exact: true }).waitFor();
      expect(await card().innerText()).toContain(t.sessionForm.saved.split(':')[0]);
    });

    await ui.step('pilot-card-updated', async () => {
      await card()
        .getByText(format(t.realisedShort.uniform, { sessions: 1, hours: 2, hoursUnit: t.units.hoursOther }), {
          exact: true,
        })
        .waitFor();
      await ui.waitForCount(ui.cards(), CARDS_IN_CHAT);
    });
  });

  it('opens the midpoint evaluation headed with the realised sessions × hours', async () => {
    const { ui } = stack;
    await ui.step('midpoint-card', async () => {
      await ui.press(card(), t.phaseForm.open.midpoint);
      const realised = format(t.realised.uniform, { sessions: 1, hours: 2, hoursUnit: t.units.hoursOther });
      await card()
        .getByRole('heading', {
          name: format(t.phaseForm.headingRealised, { phase: t.phases.midpoint, realised }),
          exact: true,
        })
        .waitFor();
      await ui.waitForCount(ui.cards(), CARDS_IN_CHAT);
    });
  });
});

describe('Polku in the Agents Playground: data protection', () => {
  it('deletes the pilot from "More actions" once its name is typed', async () => {
    const { ui } = stack;
    await ui.step('pilot-delete', async () => {
      await ui.press(card(), t.phaseForm.cancel);
      await ui.press(card(), t.pilotCard.editPhases);
      await ui.press(card(), t.privacy.deleteButton);
      await card()
        .getByText(format(t.privacy.deleteTitle, { name: PILOT }), { exact: true })
        .waitFor();
      await ui.shot('pilot-delete-confirm', message);
      await ui.fill(card(), t.privacy.confirmLabel, 'Library');
      await ui.press(card(), t.privacy.delete);
      // A wrong name: the reason beside the field, what was typed still there.
      await card()
        .getByText(format(t.privacy.confirmMismatch, { name: PILOT }))
        .first()
        .waitFor();
      expect(await ui.field(card(), t.privacy.confirmLabel).inputValue()).toBe('Library');
      await ui.fill(card(), t.privacy.confirmLabel, PILOT);
      await ui.press(card(), t.privacy.delete);
      await card().getByText(t.privacy.deletedTitle, { exact: true }).waitFor();
    });
  });

  it('"my data" lists what Polku holds about Aino, and removes her name and id on request', async () => {
    const { ui } = stack;
    await ui.step('my-data', async () => {
      const before = await ui.cardHeaded(t.privacy.myDataTitle).count();
      await ui.send(t.commands.myData[0]);
      await ui.waitForCount(ui.cardHeaded(t.privacy.myDataTitle), before + 1);
      const report = ui.cardHeaded(t.privacy.myDataTitle).last();
      await report.getByText(t.privacy.yourId, { exact: true }).waitFor();
      await ui.shot('my-data-report', report);
      await ui.press(report, t.privacy.removeButton);
      const ask = ui.cardHeaded(t.privacy.removeTitle).last();
      await ask.waitFor();
      await ui.shot('my-data-remove-confirm', ask);
      await ui.press(ask, t.privacy.remove);
      await ui.cardHeaded(t.privacy.removedTitle).last().waitFor();
    });
  });
});
