/**
 * The team export (bot/api/teamExport.ts) as a coordinator opens it: the seeds' pilots of one
 * team, their sessions folded into totals as the store keeps them, written as a workbook and as
 * CSV, and read back.
 */
import { Workbook, type Worksheet } from 'exceljs';
import { type DataTable, toCsv, toXlsx, toXlsxBook } from '../../bot/api/export';
import {
  type TeamExportItem,
  teamExportFileName,
  teamExportFiles,
  teamPilotsTable,
  teamSessionsTable,
} from '../../bot/api/teamExport';
import { pilotFromSeed } from '../../bot/demo/load';
import { SEED_PILOTS, type SeedPilot } from '../../bot/demo/seedPilots';
import { FIGURE_KEYS, headlineOf } from '../../bot/domain/headline';
import type { Pilot } from '../../bot/domain/pilots';
import { COUNT_KEYS, type CountKey, type Session } from '../../bot/domain/sessions';
import { TARGET_MEASURES, type Target } from '../../bot/domain/targets';
import { applySession, emptyTotals } from '../../bot/domain/totals';
import { LOCALES, type Locale, strings } from '../../bot/i18n';

const TEAM = { tenantId: 'tenant-1', teamId: 'team-1' };
const OWNER = 'owner-1';
const AT = '2026-11-30T08:00:00.000Z';
const TODAY = '2026-12-07';

const PARISH = SEED_PILOTS.find((s) => s.key === 'raisio-parish-dropin')!;
const PHONE = SEED_PILOTS.find((s) => s.key === 'kuusotso-phone-advisory')!;
const POPUP = SEED_PILOTS.find((s) => s.key === 'kuusotso-kohtaamo-popup-tupala')!;
const ALAVUS = SEED_PILOTS.find((s) => s.key === 'kuusotso-kela-adviser-alavus')!;

const AT_LEAST_ONE: Target = { measure: 'wantedToTalkPerSession', op: 'atLeast', value: 1 };
/** More visitors a session than the seed's busiest drop-in had: a target not met. */
const MANY_VISITORS: Target = {
  measure: 'visitorsPerSession',
  op: 'atLeast',
  value: Math.max(...PARISH.sessions.map((s) => s.counts.visitors ?? 0)) + 1,
};
const sum = (seed: SeedPilot, key: CountKey) => seed.sessions.reduce((n, s) => n + (s.counts[key] ?? 0), 0);

/** A seed pilot as the demo load leaves it (its stage and decision saved), its sessions as logged. */
function itemOf(seed: SeedPilot, over: Partial<Pilot> = {}): TeamExportItem {
  const pilot: Pilot = {
    ...pilotFromSeed(seed, { id: `demo-${seed.key}`, team: TEAM, owner: OWNER, at: AT }),
    stage: seed.stage,
    ...(seed.decision ? { decision: seed.decision } : {}),
    ...over,
  };
  const sessions: Session[] = seed.sessions.map((s, i) => ({
    id: `${seed.key}-${String(i + 1).padStart(3, '0')}`,
    pilotId: pilot.id,
    ...s,
    loggedBy: OWNER,
    loggedAt: AT,
  }));
  return { pilot, sessions, totals: sessions.reduce((t, s) => applySession(t, s), emptyTotals()) };
}

/** Every seed pilot; the parish drop-in with two targets given here, the phone line with none. */
const ITEMS: TeamExportItem[] = SEED_PILOTS.map((seed) =>
  itemOf(seed, seed === PARISH ? { targets: [AT_LEAST_ONE, MANY_VISITORS] } : seed === PHONE ? { targets: [] } : {}),
);
const itemFor = (seed: SeedPilot) => ITEMS.find((i) => i.pilot.name === seed.name)!;

async function readBook(file: Buffer): Promise<Workbook> {
  const wb = new Workbook();
  // exceljs's load is typed for an ArrayBuffer: hand it the file's own bytes.
  await wb.xlsx.load(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
  return wb;
}

type Value = ReturnType<Worksheet['getCell']>['value'];

/** A sheet's rows below its header, each keyed by its column's header. */
function rowsOf(ws: Worksheet): Record<string, Value>[] {
  const headers = (ws.getRow(1).values as Value[]).slice(1).map(String);
  const rows: Record<string, Value>[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value ?? null])));
  }
  return rows;
}

function headerCell(ws: Worksheet, header: string) {
  const headers = (ws.getRow(1).values as Value[]).slice(1).map(String);
  const column = headers.indexOf(header) + 1;
  expect(column).toBeGreaterThan(0);
  return ws.getColumn(column);
}

const utc = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

describe('team export workbook', () => {
  let book: Workbook;
  beforeAll(async () => {
    book = await readBook(await teamExportFiles('fi', ITEMS, TODAY).xlsx());
  });
  const fi = strings('fi');

  it('has two sheets named in the language asked, the pilots first', async () => {
    expect(book.worksheets.map((ws) => ws.name)).toEqual(['Kokeilut', 'Käyntikerrat']);
    const sv = await readBook(await teamExportFiles('sv', ITEMS, TODAY).xlsx());
    expect(sv.worksheets.map((ws) => ws.name)).toEqual(['Försök', 'Tillfällen']);
    const en = await readBook(await teamExportFiles('en', ITEMS, TODAY).xlsx());
    expect(en.worksheets.map((ws) => ws.name)).toEqual(['Pilots', 'Sessions']);
  });

  it('each sheet has a bold, frozen header row with a filter', () => {
    for (const ws of book.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(ws.autoFilter).toBeTruthy();
    }
  });

  it('lists every seed pilot once, by name, with its municipality, kind in words and dates as dates', () => {
    const rows = rowsOf(book.worksheets[0]);
    expect(rows).toHaveLength(SEED_PILOTS.length);
    const names = rows.map((r) => r[fi.pilotForm.name]);
    expect(names).toEqual(SEED_PILOTS.map((s) => s.name).sort(new Intl.Collator('fi').compare));
    for (const seed of SEED_PILOTS) {
      const row = rows.find((r) => r[fi.pilotForm.name] === seed.name)!;
      expect(row[fi.pilotForm.municipality]).toBe(seed.municipality);
      expect(row[fi.pilotForm.kind]).toBe(fi.kinds[seed.kind]);
      expect(row[fi.pilotForm.startDate]).toEqual(utc(seed.startDate));
      expect(row[fi.pilotForm.midpointDate]).toEqual(utc(seed.midpointDate));
      expect(row[fi.pilotForm.endDate]).toEqual(utc(seed.endDate));
      expect(row[fi.pilotCard.phase]).toBe(fi.stages[seed.stage]);
      expect(row[fi.decisions.label]).toBe(seed.decision ? fi.decisions[seed.decision] : null);
      expect(row[fi.teamExport.sessions]).toBe(seed.sessions.length);
    }
    const parish = rows.find((r) => r[fi.pilotForm.name] === PARISH.name)!;
    expect(parish[fi.pilotForm.kind]).toBe('Päivystys');
    expect(parish[fi.pilotCard.phase]).toBe('Päättynyt');
    expect(parish[fi.session.fields.hours]).toBe(PARISH.sessions.reduce((n, s) => n + s.hours, 0));
    expect(parish[fi.session.countLabels.visitors]).toBe(sum(PARISH, 'visitors'));
    // The drop-in holds no calls: the phone line's column is empty in its row, not 0.
    expect(parish[fi.session.countLabels.calls]).toBeNull();
  });

  it("shows the drop-in's headline figure as headlineOf computes it, a number the cell formats", () => {
    const ws = book.worksheets[0];
    const rows = rowsOf(ws);
    const parish = rows.find((r) => r[fi.pilotForm.name] === PARISH.name)!;
    const reach = headlineOf('dropIn', itemFor(PARISH).totals)[0];
    expect(reach.value).toBeGreaterThan(0);
    expect(parish[fi.figures.wantedToTalkPerHour]).toBe(reach.value);
    // The phone line's share is the fraction, shown as a percentage; its drop-in neighbours have none.
    const phone = rows.find((r) => r[fi.pilotForm.name] === PHONE.name)!;
    const share = headlineOf('phoneAdvisory', itemFor(PHONE).totals).find((f) => f.key === 'handledAtOnceShare')!;
    expect(phone[fi.figures.handledAtOnceShare]).toBeCloseTo(share.value!, 12);
    expect(headerCell(ws, fi.figures.handledAtOnceShare).numFmt).toBe('0 %');
    expect(parish[fi.figures.handledAtOnceShare]).toBeNull();
    expect(phone[fi.figures.wantedToTalkPerHour]).toBeNull();
    // A pop-up that reached no one did compute: 0 contacts per event is a 0.
    const popUp = rows.find((r) => r[fi.pilotForm.name] === POPUP.name)!;
    expect(popUp[fi.figures.contactsPerEvent]).toBe(0);
    expect(popUp[fi.session.countLabels.attendees]).toBe(0);
  });

  it('leaves a figure that cannot be computed empty, never 0', async () => {
    const fresh: TeamExportItem = {
      pilot: { ...pilotFromSeed(PARISH, { id: 'new-1', team: TEAM, owner: OWNER, at: AT }), name: 'Uusi päivystys' },
      totals: emptyTotals(),
      sessions: [],
    };
    const rows = rowsOf((await readBook(await teamExportFiles('fi', [...ITEMS, fresh], TODAY).xlsx())).worksheets[0]);
    const row = rows.find((r) => r[fi.pilotForm.name] === fresh.pilot.name)!;
    expect(headlineOf('dropIn', fresh.totals)[0].value).toBeUndefined();
    expect(row[fi.figures.wantedToTalkPerHour]).toBeNull();
    expect(row[fi.figures.contactsPerStaffHour]).toBeNull();
    expect(row[fi.session.countLabels.wantedToTalk]).toBeNull();
    expect(row[fi.decisions.label]).toBeNull();
    // What is truly nought stays a number: no session held, no hour spent.
    expect(row[fi.teamExport.sessions]).toBe(0);
    expect(row[fi.session.fields.hours]).toBe(0);
    expect(row[fi.teamExport.plannedSessions]).toBeGreaterThan(0);
  });

  it('words each target and its status; a pilot without targets has both cells empty', () => {
    const rows = rowsOf(book.worksheets[0]);
    const parish = rows.find((r) => r[fi.pilotForm.name] === PARISH.name)!;
    expect(parish[fi.targets.heading]).toBe(
      `Keskustelua haluavat / päivystys: vähintään 1; Kävijät / päivystys: vähintään ${MANY_VISITORS.value}`,
    );
    const met = sum(PARISH, 'wantedToTalk') >= PARISH.sessions.length;
    expect(parish[fi.teamExport.targetStatus]).toBe(`${met ? 'tavoitteessa' : 'alle tavoitteen'}; alle tavoitteen`);
    const phone = rows.find((r) => r[fi.pilotForm.name] === PHONE.name)!;
    expect(phone[fi.targets.heading]).toBeNull();
    expect(phone[fi.teamExport.targetStatus]).toBeNull();
  });

  it('reads a per-week target over the planned weeks up to the day, and a share target in per cent', () => {
    const en = strings('en');
    // Wednesdays from 3 Feb to 31 Mar 2021: 9 planned weeks; 5 appointments on each of the first two.
    const alavus = itemOf(ALAVUS, {
      plan: { ...ALAVUS.plan, weekdays: [3], frequency: undefined, plannedSessions: undefined },
      startDate: '2021-02-03',
      midpointDate: '2021-03-03',
      endDate: '2021-03-31',
      targets: [{ measure: 'appointmentsPerWeek', op: 'atLeast', value: 5 }],
    });
    alavus.sessions = ['2021-02-03', '2021-02-10'].map((date, i) => ({
      id: `a${i}`,
      pilotId: alavus.pilot.id,
      date,
      hours: 6,
      counts: { appointments: 5, walkIns: 0, jointMeetings: 0 },
      loggedBy: OWNER,
      loggedAt: `${date}T12:00:00.000Z`,
    }));
    alavus.totals = alavus.sessions.reduce((t, x) => applySession(t, x), emptyTotals());
    const phone = itemOf(PHONE, { targets: [{ measure: 'handledAtOnceShare', op: 'atMost', value: 1 }] });
    const read = (today: string) => {
      const table = teamPilotsTable('en', [alavus, phone], today);
      const col = (h: string) => table.columns.findIndex((c) => c.header === h);
      const row = (name: string) => table.rows.find((r) => r[0] === name)!;
      return {
        alavusTarget: row(ALAVUS.name)[col(en.targets.heading)],
        alavus: row(ALAVUS.name)[col(en.teamExport.targetStatus)],
        phoneTarget: row(PHONE.name)[col(en.targets.heading)],
        phone: row(PHONE.name)[col(en.teamExport.targetStatus)],
      };
    };
    // 10 in the 2 weeks planned by 10 Feb; the same 10 in all 9 weeks once the pilot has ended.
    expect(read('2021-02-10')).toEqual({
      alavusTarget: 'Appointments and walk-ins / week: at least 5',
      alavus: 'on track',
      phoneTarget: 'Share of calls handled at once: at most 100 %',
      phone: 'on track',
    });
    expect(read(TODAY).alavus).toBe('below target');
    // Read before any planned week, a per-week figure cannot be computed yet.
    expect(read('2021-01-01').alavus).toBe('not yet measurable');
  });

  it('lists every seed session once, each with its pilot, by pilot name then date', () => {
    const rows = rowsOf(book.worksheets[1]);
    expect(rows).toHaveLength(SEED_PILOTS.reduce((n, s) => n + s.sessions.length, 0));
    for (const seed of SEED_PILOTS) {
      const own = rows.filter((r) => r[fi.pilotForm.name] === seed.name);
      expect(own).toHaveLength(seed.sessions.length);
      for (const r of own) {
        expect(r[fi.pilotForm.municipality]).toBe(seed.municipality);
        expect(r[fi.pilotForm.kind]).toBe(fi.kinds[seed.kind]);
      }
      expect(own.map((r) => r[fi.session.fields.date])).toEqual(
        seed.sessions
          .map((s) => s.date)
          .sort()
          .map(utc),
      );
    }
    const names = rows.map((r) => String(r[fi.pilotForm.name]));
    const collator = new Intl.Collator('fi');
    for (let i = 1; i < names.length; i++) expect(collator.compare(names[i - 1], names[i])).toBeLessThanOrEqual(0);
  });

  it('shows a 0 the session recorded as 0 and a count it does not hold as empty', () => {
    const rows = rowsOf(book.worksheets[1]);
    // A Monday at the parish drop-in when nobody wanted to talk.
    const quiet = PARISH.sessions.find((x) => x.counts.wantedToTalk === 0)!;
    const monday = rows.find(
      (r) => r[fi.pilotForm.name] === PARISH.name && (r[fi.session.fields.date] as Date).getTime() === +utc(quiet.date),
    )!;
    expect(monday[fi.session.countLabels.visitors]).toBe(quiet.counts.visitors);
    expect(monday[fi.session.countLabels.wantedToTalk]).toBe(0);
    expect(monday[fi.session.countLabels.calls]).toBeNull();
    expect(monday[fi.session.fields.hours]).toBe(quiet.hours);
    // Place and partners from the plan, in words.
    expect(monday[fi.pilotForm.place]).toBe(PARISH.plan.place);
    expect(monday[fi.session.fields.partnersPresent]).toBe(
      PARISH.plan.partners.map((p) => fi.session.partners[p]).join(', '),
    );
    const call = rows.find((r) => r[fi.pilotForm.name] === PHONE.name)!;
    expect(call[fi.session.fields.hours]).toBe(PHONE.sessions[0].hours);
    expect(typeof call[fi.session.countLabels.calls]).toBe('number');
    expect(call[fi.session.countLabels.visitors]).toBeNull();
    // A column for each count some session holds, and for no other.
    const held = new Set(SEED_PILOTS.flatMap((seed) => seed.sessions.flatMap((x) => Object.keys(x.counts))));
    const headers = (book.worksheets[1].getRow(1).values as Value[]).slice(1);
    for (const key of COUNT_KEYS) expect(headers.includes(fi.session.countLabels[key])).toBe(held.has(key));
  });
});

describe('team export as CSV', () => {
  const fi = strings('fi');
  const typed: TeamExportItem = {
    pilot: {
      ...itemOf(PARISH).pilot,
      id: 'typed-1',
      name: '=HYPERLINK("http://x.example";"klik")',
      kind: 'kelaConsultation',
    },
    totals: emptyTotals(),
    sessions: [],
  };
  typed.sessions = [
    {
      id: 's1',
      pilotId: 'typed-1',
      date: '2026-11-25',
      hours: 1.25,
      counts: { casesConsulted: 3, answered: 2, referred: 1, kelaAppointments: 0 },
      tags: ['topic:pensions', 'topic:housingAllowance'],
      otherTopic: '+ tulorajat',
      note: '@kaikki: seuraava kerta Teamsissa',
      loggedBy: OWNER,
      loggedAt: AT,
    },
  ];
  typed.totals = applySession(emptyTotals(), typed.sessions[0]);
  const files = teamExportFiles('fi', [...ITEMS, typed], TODAY);
  const lines = (b: Buffer) =>
    b
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');

  it('starts with the BOM, separates with ; and ends lines with CRLF', () => {
    for (const file of [files.csvPilots(), files.csvSessions()]) {
      expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = file.toString('utf8');
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    }
    const header = lines(files.csvPilots())[0].split(';');
    expect(header.slice(0, 3)).toEqual([fi.pilotForm.name, fi.pilotForm.municipality, fi.pilotForm.kind]);
    // A header and one line a pilot, the typed one too.
    expect(lines(files.csvPilots()).filter((l) => l !== '')).toHaveLength(1 + ITEMS.length + 1);
  });

  it('writes numbers with a decimal comma and dates as ISO dates', () => {
    const pilots = lines(files.csvPilots());
    const phone = pilots.find((l) => l.startsWith(PHONE.name))!;
    const calls = headlineOf('phoneAdvisory', itemFor(PHONE).totals)[0].value!;
    expect(phone.split(';')).toContain(String(calls).replace('.', ','));
    expect(phone.split(';')).toContain(PHONE.startDate);
    const sessions = lines(files.csvSessions());
    const call = sessions.find((l) => l.startsWith(PHONE.name))!.split(';');
    expect(PHONE.sessions[0].hours).toBe(1.5);
    expect(call[4]).toBe('1,5');
  });

  it('keeps typed text that starts like a formula as text', () => {
    const pilotRow = lines(files.csvPilots()).find((l) => l.includes('HYPERLINK'))!;
    expect(pilotRow.startsWith(`"'=HYPERLINK(""http://x.example"";""klik"")"`)).toBe(true);
    const sessionRow = lines(files.csvSessions()).find((l) => l.includes('HYPERLINK'))!;
    expect(sessionRow.startsWith(`"'=HYPERLINK(`)).toBe(true);
    expect(sessionRow).toContain(";'+ tulorajat;");
    expect(sessionRow).toContain(";'@kaikki: seuraava kerta Teamsissa");
    // The consultation's topics in words, and its recorded 0 as 0.
    expect(sessionRow).toContain(`${fi.session.topics.pensions}, ${fi.session.topics.housingAllowance}`);
    expect(sessionRow).toContain(';1,25;');
  });
});

describe('team export headers', () => {
  const KEYS = new Set<string>([...COUNT_KEYS, ...FIGURE_KEYS, ...TARGET_MEASURES, 'name', 'municipality', 'kind']);
  const tables = (locale: Locale): DataTable[] => [
    teamPilotsTable(locale, ITEMS, TODAY),
    teamSessionsTable(locale, ITEMS),
  ];

  it('differ in fi, sv and en, and none is empty or a key name', () => {
    const [fi, sv, en] = LOCALES.map(tables);
    for (const [n, table] of fi.entries()) {
      expect(sv[n].columns).toHaveLength(table.columns.length);
      expect(en[n].columns).toHaveLength(table.columns.length);
      expect(new Set([table.sheet, sv[n].sheet, en[n].sheet]).size).toBe(3);
      for (const [i, c] of table.columns.entries()) {
        const three = [c.header, sv[n].columns[i].header, en[n].columns[i].header];
        expect(new Set(three).size).toBe(3);
        for (const h of three) {
          expect(h.trim()).not.toBe('');
          expect(KEYS.has(h)).toBe(false);
          expect(h).not.toMatch(/^[a-z]+[A-Z]\w*$|[{}]/);
        }
      }
    }
  });
});

describe('workbooks', () => {
  const table = (sheet: string): DataTable => ({
    sheet,
    columns: [
      { header: 'A', kind: 'date', width: 12 },
      { header: 'B', kind: 'number', width: 8 },
    ],
    rows: [['2026-12-01', 2.5]],
  });

  it('give every sheet a name of its own, within 31 characters', async () => {
    const long = 'Käyntikerrat: kaikki kokeilut yhteensä';
    const wb = await readBook(await toXlsxBook([table('Kirjaukset'), table('kirjaukset'), table(long), table(long)]));
    const names = wb.worksheets.map((ws) => ws.name);
    expect(names.slice(0, 2)).toEqual(['Kirjaukset', 'kirjaukset (2)']);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(4);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31);
    expect(names[3].endsWith(' (2)')).toBe(true);
  });

  it('toXlsx still writes one sheet, dates as dates and numbers as numbers', async () => {
    const wb = await readBook(await toXlsx(table('Kirjaukset')));
    expect(wb.worksheets).toHaveLength(1);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A2').value).toEqual(utc('2026-12-01'));
    expect(ws.getCell('B2').value).toBe(2.5);
    expect(ws.getCell('A2').numFmt).toBe('yyyy-mm-dd');
    expect(toCsv(table('x')).toString('utf8')).toBe('\uFEFFA;B\r\n2026-12-01;2,5\r\n');
  });
});

describe('team export file names', () => {
  it('name the team and what the file holds, in the language asked', () => {
    expect(teamExportFileName('fi', 'Raision aikuissosiaalityö', 'xlsx', 'pilots')).toBe(
      'Raision aikuissosiaalityö - Kokeilut ja käyntikerrat.xlsx',
    );
    expect(teamExportFileName('sv', 'Team/1', 'csv', 'sessions')).toBe('Team 1 - Tillfällen.csv');
    expect(teamExportFileName('en', 'Team', 'csv', 'pilots')).toBe('Team - Pilots.csv');
  });
});
