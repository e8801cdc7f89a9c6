/**
 * End-to-end tests through Microsoft 365 Agents Playground: Polku and the Playground run as real
 * processes, started exactly as `npm run playground` starts them (scripts/playground.ts), and the
 * Playground's page is driven in Debian's Chromium with playwright-core. Locators follow what a
 * person sees: field labels, button titles, card text.
 *
 * Every suite keeps its screenshots, both processes' logs and the Playground's recording of every
 * request and response under test-artifacts/playground/<suite>/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import YAML from 'yaml';
import {
  PLAYGROUND_CONFIG,
  ROOT,
  type Service,
  startPlaygroundService,
  startPolkuService,
} from '../../scripts/playground';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTEFACTS = path.join(ROOT, 'test-artifacts', 'playground');

/** The parts of .m365agentsplayground.yml the tests use. */
export interface PlaygroundConfig {
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: { id: string; name: string; aadObjectId: string };
  users: { id: string; name: string }[];
  personalChat: { id: string };
  team: { id: string; name: string; channels: { id: string; name: string }[] };
}

export function playgroundConfig(): PlaygroundConfig {
  return YAML.parse(fs.readFileSync(PLAYGROUND_CONFIG, 'utf8')) as PlaygroundConfig;
}

/** Fails (never skips) when the browser is missing, saying how to get it. */
export function chromiumOrFail(): string {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing (${CHROMIUM}): the end-to-end tests drive the Agents Playground in Debian's ` +
        'Chromium. Run .ci/run, or `apt-get install -y chromium` (or set CHROMIUM_PATH to a Chromium).',
    );
  }
  return CHROMIUM;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Polku's log line for one finished turn, e.g. the installationUpdate of a personal chat. */
export function isTurn(activityType: string, conversationType: string) {
  return (line: string): boolean => {
    if (!line.includes('"msg":"turn"')) return false;
    try {
      const l = JSON.parse(line) as { activityType?: string; conversationType?: string; status?: number };
      return l.activityType === activityType && l.conversationType === conversationType && l.status === 200;
    } catch {
      return false;
    }
  };
}

/** The Playground's page, as a person uses it. */
export class PlaygroundUi {
  private shots = 0;
  private marks = 0;

  constructor(
    readonly page: Page,
    readonly dir: string,
  ) {}

  /** Every Adaptive Card of the open conversation. */
  cards(): Locator {
    return this.page.locator('.ac-adaptiveCard');
  }

  card(text: string | RegExp): Locator {
    return this.cards().filter({ hasText: text });
  }

  /** The cards whose heading is exactly `title`. */
  cardHeaded(title: string): Locator {
    return this.cards().filter({ has: this.page.getByRole('heading', { name: title, exact: true }) });
  }

  /**
   * Waits until `locator` matches exactly `n` elements. (Counting once is not enough: when a
   * message arrives the Playground renders the earlier cards again, and for a moment fewer show.)
   */
  async waitForCount(locator: Locator, n: number, timeoutMs = 5000): Promise<void> {
    const end = Date.now() + timeoutMs;
    for (let count = await locator.count(); count !== n; count = await locator.count()) {
      if (Date.now() > end) throw new Error(`expected ${n} of ${locator.toString()}, found ${count}`);
      await this.page.waitForTimeout(100);
    }
  }

  /** The message box: the chat's, or in a channel the "Start a new post" box above the threads. */
  private composeBox(): Locator {
    return this.page.locator('div[role="textbox"][data-lexical-editor="true"]').first();
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.composeBox().waitFor();
  }

  async openPersonalChat(): Promise<void> {
    await this.page.getByText('Personal Chat', { exact: true }).first().click();
    await this.page.getByRole('button', { name: 'Send Message' }).waitFor();
  }

  /** Opening a channel for the first time installs the bot in the team. */
  async openChannel(name: string): Promise<void> {
    await this.page.getByText(name, { exact: true }).first().click();
    await this.page.getByRole('button', { name: 'Post', exact: true }).waitFor();
  }

  /** Sends a message in the personal chat. */
  async send(text: string): Promise<void> {
    const box = this.composeBox();
    await box.click();
    await box.pressSequentially(text);
    await this.page.getByRole('button', { name: 'Send Message' }).click();
  }

  /** Starts a new post in the open channel, @mentioning `mention` first (picked from the menu). */
  async post(text: string, mention?: string): Promise<void> {
    const box = this.composeBox();
    await box.click();
    if (mention) {
      await box.pressSequentially(`@${mention.slice(0, 3)}`);
      await this.page.getByRole('menuitem', { name: mention }).first().click();
      await box.locator('.mention', { hasText: mention }).waitFor();
      await box.pressSequentially(` ${text}`);
    } else {
      await box.pressSequentially(text);
    }
    await this.page.getByRole('button', { name: 'Post', exact: true }).click();
  }

  /**
   * The message that holds `card`, marked so that it can be followed while its card is replaced:
   * the Playground keeps the message's element when an invoke answer or an update replaces the
   * card, so finding the next card inside the marked element proves that it changed in place.
   */
  async message(card: Locator): Promise<Locator> {
    const mark = String(++this.marks);
    await card.evaluate((el, m) => {
      // Up to the chat message (it has a header) or the channel thread (a group), never so far
      // that another card is inside.
      let p: Element = el;
      while (
        p.parentElement &&
        p.parentElement.querySelectorAll('.ac-adaptiveCard').length === 1 &&
        !p.matches('[role="group"]') &&
        !p.querySelector('[aria-label="Message header"]')
      ) {
        p = p.parentElement;
      }
      p.setAttribute('data-e2e-message', m);
    }, mark);
    return this.page.locator(`[data-e2e-message="${mark}"]`);
  }

  /** Marks the one element `locator` finds, so that it can be found again whatever it then shows. */
  async mark(locator: Locator): Promise<Locator> {
    const mark = String(++this.marks);
    await locator.evaluate((el, m) => el.setAttribute('data-e2e-mark', m), mark);
    return this.page.locator(`[data-e2e-mark="${mark}"]`);
  }

  /** An input of a card by its label (while an error shows, the label is followed by the error). */
  field(card: Locator, label: string, role: 'textbox' | 'spinbutton' | 'combobox' = 'textbox'): Locator {
    return card.getByRole(role, { name: new RegExp(`^${escape(label)}(\\s|$)`) });
  }

  async fill(card: Locator, label: string, value: string | number): Promise<void> {
    const input = this.field(card, label).or(this.field(card, label, 'spinbutton'));
    await input.fill(String(value));
  }

  /** Picks options of a choice set (compact, single or multiple) from its combobox. */
  async choose(card: Locator, label: string, ...options: string[]): Promise<void> {
    const box = this.field(card, label, 'combobox');
    await box.click();
    const list = this.page.locator(`[id="${await box.getAttribute('aria-controls')}"]`);
    for (const option of options) {
      await list
        .locator('[role="option"], [role="menuitemcheckbox"]')
        .filter({ hasText: new RegExp(`^\\s*${escape(option)}\\s*$`) })
        .click();
    }
    // A single choice closes the list; a multiple one stays open until Escape.
    if (await list.isVisible()) await this.page.keyboard.press('Escape');
    await list.waitFor({ state: 'hidden' });
  }

  /**
   * Picks a day of the month the date picker opens at (the month of the field's value) from its
   * calendar; returns the day as yyyy-mm-dd.
   */
  async pickDay(card: Locator, label: string, day: number): Promise<string> {
    await this.field(card, label, 'combobox').click();
    const calendar = this.page.getByRole('dialog', { name: 'Calendar' });
    const month = await calendar.locator('button[aria-label]').first().getAttribute('aria-label'); // "November 2026"
    const [monthName, year] = (month ?? '').split(' ');
    await calendar.getByRole('button', { name: `${day}, ${monthName}, ${year}`, exact: true }).click();
    await calendar.waitFor({ state: 'hidden' });
    const m = new Date(`${monthName} 1, ${year} 12:00`).getMonth() + 1;
    return `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }

  async press(card: Locator, title: string): Promise<void> {
    await card.getByRole('button', { name: title, exact: true }).click();
  }

  /**
   * Sends an activity as written, with the Playground's "Mock an Activity → Custom activity"
   * (its editor is Monaco: one line of JSON, so that no auto-indent or auto-close changes it).
   */
  async customActivity(activity: Record<string, unknown>): Promise<void> {
    await this.page.getByRole('button', { name: 'Mock an Activity' }).click();
    await this.page.getByRole('menuitem', { name: 'Custom activity' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Custom activity' });
    const editor = dialog.locator('.monaco-editor .view-lines');
    await editor.click();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    const json = JSON.stringify(activity);
    await this.page.keyboard.insertText(json);
    if ((await editor.innerText()).replace(/\s/g, '') !== json.replace(/\s/g, '')) {
      throw new Error(
        `the custom activity editor holds something else than what was typed:\n${await editor.innerText()}`,
      );
    }
    await dialog.getByRole('button', { name: 'Send activity' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  /** A screenshot of the page (with `of` scrolled into view), kept as a test artefact. */
  async shot(name: string, of?: Locator): Promise<void> {
    if (of) await of.scrollIntoViewIfNeeded();
    const file = path.join(this.dir, `${String(++this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
  }

  /** Runs one step; when it fails, the page as it was is kept beside the other screenshots. */
  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      const result = await fn();
      await this.shot(name);
      return result;
    } catch (e) {
      await this.shot(`${name}-FAILED`).catch(() => undefined);
      throw e;
    }
  }
}

export interface PlaygroundStack {
  polku: Service;
  playground: Service;
  browser: Browser;
  ui: PlaygroundUi;
  config: PlaygroundConfig;
  /** Where this suite's screenshots and logs are kept. */
  dir: string;
  /**
   * The environment Polku runs with (POLKU_DATA_DIR and the rest), read back from its process, so
   * that a tool run beside it (scripts/reminders.ts) works on the same data with the same settings.
   */
  polkuEnv(): NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** A process' environment as it was started with (Linux: /proc/<pid>/environ). */
function environmentOf(pid: number | undefined): NodeJS.ProcessEnv {
  if (pid === undefined) throw new Error('the process has no pid: it did not start');
  const env: NodeJS.ProcessEnv = {};
  for (const entry of fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/**
 * Starts Polku (own data folder, no demo data, any free port) and the Playground with the
 * repository's .m365agentsplayground.yml (any free port), launches Chromium and opens the page.
 * If any part fails to start, the parts already started are stopped before the error is thrown.
 */
export async function startPlaygroundStack(suite: string): Promise<PlaygroundStack> {
  const executablePath = chromiumOrFail();
  const dir = path.join(ARTEFACTS, suite);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `polku-e2e-${suite}-`));
  const started: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const polku = await startPolkuService({
      env: { POLKU_DATA_DIR: dataDir, POLKU_DEMO: 'off', PORT: '0', LOG_LEVEL: 'info' },
      logFile: path.join(dir, 'polku.log'),
    });
    started.push(polku);
    const playground = await startPlaygroundService({
      appEndpoint: `${polku.url}/api/messages`,
      port: 0,
      cwd: dataDir,
      logFile: path.join(dir, 'playground.log'),
      recordingFile: path.join(dir, 'playground-events.log'),
    });
    started.push(playground);
    const browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    started.push({ stop: () => browser.close() });
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 }, locale: 'en-US' });
    page.setDefaultTimeout(15000);
    const ui = new PlaygroundUi(page, dir);
    await ui.open(playground.url);
    const polkuEnv = () => environmentOf(polku.child.pid);
    return { polku, playground, browser, ui, config: playgroundConfig(), dir, polkuEnv, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * The stack with Polku installed where a pilot can be started: the personal chat opened (and
 * welcomed), then the team's channel, so that a pilot started in the personal chat belongs to
 * that team (the only one Polku knows the user in); back in the personal chat at the end.
 */
export async function startPlaygroundInTeam(suite: string): Promise<PlaygroundStack> {
  const stack = await startPlaygroundStack(suite);
  await stack.polku.waitForLine(isTurn('installationUpdate', 'personal'));
  await stack.polku.waitForLine(isTurn('conversationUpdate', 'personal'));
  await stack.ui.openChannel(stack.config.team.channels[0].name);
  await stack.polku.waitForLine(isTurn('installationUpdate', 'channel'));
  await stack.ui.openPersonalChat();
  await stack.ui.waitForCount(stack.ui.cards(), 1);
  return stack;
}
