/**
 * The Innokylä draft on the tab's pilot page and the team export on the overview, in real
 * Chromium against a real Polku (its own server, Azurite, the demo team's seed pilots, the local
 * preview): the files download and open (Word unzipped, the workbook read back, CSV for Finnish
 * Excel), a failed download says so and loses nothing typed, axe clean in the light, dark and
 * high-contrast themes. Needs the components placed on the pages (PilotPage.tsx, Overview.tsx).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import MarkdownIt from 'markdown-it';
import type { Browser, BrowserContext, Download, Locator, Page, Route } from 'playwright-core';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { strings } from '../../bot/i18n';
import en from '../../tab/src/locales/exports.en.json';
import fi from '../../tab/src/locales/exports.fi.json';
import sv from '../../tab/src/locales/exports.sv.json';
import { renderMarkdown } from '../harness/markdown';
import { startTestPolku, type TestPolku } from '../harness/polku';
import {
  ARTIFACTS,
  ensureTabBuilt,
  eventually,
  launchChromium,
  localContext,
  noSeriousViolations,
  shown,
} from './browser';

jest.setTimeout(60000);

const PARISH = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
const PARISH_ID = 'demo-raisio-parish-dropin';
const DRAFT_URL = /\/api\/pilots\/[^/]+\/innokyla\?/;
const TEAM_EXPORT_URL = /\/api\/teams\/[^/]+\/[^/]+\/export\?/;

/** Every leaf path of a locale file, with its value. */
function leaves(o: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (o && typeof o === 'object' && !Array.isArray(o)) {
    for (const [k, v] of Object.entries(o))
      for (const [p, x] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, x);
  } else out.set(prefix, o);
  return out;
}

describe("the exports' tab strings", () => {
  it('Swedish and English have every key Finnish has, none empty', () => {
    const keys = [...leaves(fi).keys()].sort();
    for (const other of [sv, en]) {
      const l = leaves(other);
      expect([...l.keys()].sort()).toEqual(keys);
      for (const [key, value] of l) expect({ key, empty: String(value).trim() === '' }).toEqual({ key, empty: false });
    }
  });
});

let polku: TestPolku;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  ensureTabBuilt();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  [polku, browser] = await Promise.all([startTestPolku({ POLKU_DEMO: 'on' }), launchChromium()]);
  context = await localContext(browser);
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await polku?.stop();
});
afterEach(() => expect(pageErrors).toEqual([]));

/** Presses a button and saves the file it downloads under test-artifacts; its path. */
async function download(button: Locator): Promise<{ file: string; name: string }> {
  const [d] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const name = (d as Download).suggestedFilename();
  const file = path.join(ARTIFACTS, `exports-${name}`);
  await d.saveAs(file);
  return { file, name };
}

/** The text of a Word document's body, a line a paragraph. */
async function docxText(file: string): Promise<string> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"');
}

const draftGroup = () => page.getByRole('group', { name: 'Innokylä-kuvauksen luonnos' });
const teamGroup = () => page.getByRole('group', { name: 'Vie tiimin tiedot' });

describe("the Innokylä draft on a pilot's page", () => {
  it("downloads the pilot's draft as Word and as Markdown, in Finnish", async () => {
    await page.goto(`${polku.url}/tab/#/pilots/${PARISH_ID}`);
    await shown(draftGroup());

    const word = await download(draftGroup().getByRole('button', { name: 'Word (.docx)' }));
    expect(word.name).toBe(`${PARISH.name}.docx`);
    const text = await docxText(word.file);
    expect(text).toContain(PARISH.name);
    expect(text).toContain(PARISH.evaluations.start!.targetGroup!.trim().split('\n')[0]);

    const md = await download(draftGroup().getByRole('button', { name: 'Markdown (.md)' }));
    expect(md.name).toBe(`${PARISH.name}.md`);
    const tokens = new MarkdownIt().parse(fs.readFileSync(md.file, 'utf8'), {});
    const sections = tokens.flatMap((t, i) =>
      t.type === 'heading_open' && t.tag === 'h2' ? [renderMarkdown(tokens[i + 1].content).text] : [],
    );
    expect(sections).toEqual(Object.values(strings('fi').innokyla.sections));
  });

  it('in Swedish, the buttons and the draft are Swedish', async () => {
    await page.goto(`${polku.url}/tab/?locale=sv-FI#/pilots/${PARISH_ID}`);
    const group = page.getByRole('group', { name: sv.innokyla.heading });
    await shown(group);
    const md = await download(group.getByRole('button', { name: sv.innokyla.md }));
    const text = fs.readFileSync(md.file, 'utf8');
    for (const heading of Object.values(strings('sv').innokyla.sections)) expect(text).toContain(heading);
  });

  it('says when the draft could not be downloaded, and keeps what was typed in the edit form', async () => {
    await page.goto(`${polku.url}/tab/#/pilots/${PARISH_ID}`);
    const edit = page.getByRole('region', { name: 'Muokkaa kokeilua' });
    await shown(edit);
    await edit.getByRole('button', { name: 'Muokkaa kokeilua' }).click();
    const place = edit.getByRole('textbox', { name: 'Paikka' });
    await shown(place);
    await place.fill('Kesken oleva muutos');

    const refuse = (route: Route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: 'unavailable' }) });
    await page.route(DRAFT_URL, refuse);
    await draftGroup().getByRole('button', { name: 'Word (.docx)' }).click();
    const alert = page.getByRole('alert').filter({ hasText: fi.innokyla.failed });
    await shown(alert);
    expect(await place.inputValue()).toBe('Kesken oleva muutos');
    await noSeriousViolations(page, 'pilot page, draft failed');
    await page.unroute(DRAFT_URL, refuse);

    // The next try clears the message and downloads.
    const again = await download(draftGroup().getByRole('button', { name: 'Markdown (.md)' }));
    expect(again.name).toBe(`${PARISH.name}.md`);
    await eventually(
      () => alert.count(),
      (n) => expect(n).toBe(0),
    );
    expect(await place.inputValue()).toBe('Kesken oleva muutos');
  });
});

describe("the team's export on the overview", () => {
  it('downloads every pilot of the team in one workbook with two sheets, and as CSV for Finnish Excel', async () => {
    await page.goto(`${polku.url}/tab/`);
    await shown(teamGroup());

    const xlsx = await download(teamGroup().getByRole('button', { name: fi.team.xlsx }));
    expect(xlsx.name).toMatch(/ - Kokeilut ja käyntikerrat\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx.file);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['Kokeilut', 'Käyntikerrat']);
    const names: string[] = [];
    wb.worksheets[0].eachRow((row, n) => {
      if (n > 1) names.push(String(row.getCell(1).value));
    });
    expect(names.sort()).toEqual(SEED_PILOTS.map((p) => p.name).sort());
    expect(wb.worksheets[1].actualRowCount).toBe(SEED_PILOTS.reduce((n, p) => n + p.sessions.length, 0) + 1);

    const csv = await download(teamGroup().getByRole('button', { name: fi.team.csvPilots }));
    expect(csv.name).toMatch(/ - Kokeilut\.csv$/);
    const bytes = fs.readFileSync(csv.file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').trimEnd().split('\r\n');
    expect(lines[0].split(';').slice(0, 2)).toEqual(['\uFEFFKokeilun nimi', 'Kunta tai alue']);
    expect(lines).toHaveLength(SEED_PILOTS.length + 1);

    const sessions = await download(teamGroup().getByRole('button', { name: fi.team.csvSessions }));
    expect(sessions.name).toMatch(/ - Käyntikerrat\.csv$/);
  });

  it('says when a file could not be downloaded, and the overview stays as it was', async () => {
    await page.goto(`${polku.url}/tab/`);
    await shown(teamGroup());
    const cards = await page.getByRole('article').count();
    const refuse = (route: Route) => route.abort('connectionreset');
    await page.route(TEAM_EXPORT_URL, refuse);
    await teamGroup().getByRole('button', { name: fi.team.csvSessions }).click();
    await shown(page.getByRole('alert').filter({ hasText: fi.team.failed }));
    expect(await page.getByRole('article').count()).toBe(cards);
    await noSeriousViolations(page, 'overview, export failed');
    await page.unroute(TEAM_EXPORT_URL, refuse);
  });
});
// The three themes: tests/tab/tab.test.ts runs axe on the overview (with the team export) and the
// pilot page (with the draft buttons) in light, dark and high contrast.
