/**
 * Sessions: one logged drop-in slot, appointment day, phone-line day, event or meeting.
 * A session holds counts of activity, never anything about a client.
 */
import { PARTNERS, type Partner, type PilotKind } from './pilots';
import {
  type FieldError,
  HOURS,
  inputText,
  isCalendarDate,
  parseDecimal,
  readHours,
  STAFF_HOURS,
  WORKERS,
} from './cardInput';
import { containsIdentityCode } from './privacy';

/** Every count a session of any kind may hold. Whole numbers ≥ 0. */
export const COUNT_KEYS = [
  // drop-in
  'visitors',
  'offeredTalk',
  'wantedToTalk',
  'declined',
  'socialWorkMatters',
  'moneyOnlyRequests',
  'referred',
  'appointmentsBooked',
  'newClients',
  'guidanceSupport',
  'intensifiedSupport',
  'rehabilitativeSupport',
  'employmentPromotion',
  // appointment service
  'appointments',
  'walkIns',
  'jointMeetings',
  // phone advisory
  'calls',
  'adultServices',
  'familyServices',
  'handledAtOnce',
  'passedOn',
  // pop-up / event, group outreach
  'attendees',
  'contacts',
  'participants',
  // Kela consultation: cases, and the outcome of each (answered / referred / Kela appointment)
  'casesConsulted',
  'answered',
  'kelaAppointments',
] as const;
export type CountKey = (typeof COUNT_KEYS)[number];
export type Counts = Partial<Record<CountKey, number>>;

export interface Session {
  id: string;
  pilotId: string;
  /** ISO date, YYYY-MM-DD, local (Europe/Helsinki). */
  date: string;
  hours: number;
  counts: Counts;
  /** How many people worked it (staff time), when given. */
  workers?: number;
  /** The staff time in all, in hours: everyone's, preparation, travel and recording included; when given. */
  staffHours?: number;
  /** Where it was held, when it differs from the plan's place. */
  place?: string;
  /** Who was there besides the social worker. */
  partnersPresent?: Partner[];
  /** Chosen list values: Kela consultation topics ("topic:housingAllowance"), pop-up marketing channels ("channel:library"). */
  tags?: string[];
  /** Free text: a consultation topic not in the list. Checked for identity codes like every free text. */
  otherTopic?: string;
  /** A short note about the session, never about a client. */
  note?: string;
  /** Entra object id of whoever logged it. */
  loggedBy: string;
  loggedAt: string;
}

/** Monday-based ISO week of an ISO date, as "2026-W09". */
export function isoWeek(date: string): string {
  return isoWeekOfDay(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

const DAY_MS = 86_400_000;

/** The ISO week of a day number (days since 1 January 1970): its Thursday's year, and the week of that year. */
export function isoWeekOfDay(day: number): string {
  const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
  const thursday = day + 4 - weekday;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1) / DAY_MS) / 7) + 1;
  return `${year}-W${week < 10 ? '0' : ''}${week}`;
}

// ---------------------------------------------------------------------------------------------
// The session form of each kind of pilot
// ---------------------------------------------------------------------------------------------

/** Topics of the Wednesday Kela consultation (a free "other" text beside them). */
export const CONSULTATION_TOPICS = [
  'basicAssistance',
  'housingAllowance',
  'unemploymentBenefits',
  'sicknessAndRehabilitation',
  'familyBenefits',
  'pensions',
  'studentSupport',
] as const;
export type ConsultationTopic = (typeof CONSULTATION_TOPICS)[number];

/** Where a pop-up was marketed (the seeds' channels: word of mouth, Kela, food aid, … local paper, posters). */
export const MARKETING_CHANNELS = [
  'wordOfMouth',
  'kela',
  'foodAid',
  'dayCentre',
  'healthCentre',
  'thirdSector',
  'parish',
  'library',
  'socialMedia',
  'localPaper',
  'posters',
  'website',
] as const;
export type MarketingChannel = (typeof MARKETING_CHANNELS)[number];

/**
 * A count that follows from others when it is left empty, so it is not asked twice: offered a
 * talk = visitors (`copy`); declined = offered − wanted, never below 0 (`difference`).
 */
export type DerivedCount = { key: CountKey; copy: CountKey } | { key: CountKey; difference: [CountKey, CountKey] };

/**
 * Counts read as a share of another (targets.ts, headline.ts: social-work matters among visitors,
 * calls handled at once among calls). Totals keep the other's sum over the sessions that gave the
 * count, so sessions that left it empty are not in the share's base.
 */
export const SHARE_BASES: Partial<Record<CountKey, CountKey>> = {
  socialWorkMatters: 'visitors',
  handledAtOnce: 'calls',
};

/** sum(parts) ≤ sum(whole): e.g. no more people wanted to talk than visited. */
export interface ConsistencyRule {
  parts: CountKey[];
  whole: CountKey | CountKey[];
}

export interface SessionForm {
  /** Main counts, in display order. */
  counts: CountKey[];
  /**
   * The two or three counts the quick log asks (a drop-in: visitors, wanted to talk, referred on):
   * required, a worker types 0 deliberately. Every other count may be left empty, and is then
   * stored as not given, never as 0 (totals.ts counts how many sessions recorded each).
   */
  essential: CountKey[];
  /** Counts that follow from others unless typed (derivedCounts). */
  derived: DerivedCount[];
  /** Counts shown in an optional group (drop-in: the four service packages); may stay empty. */
  optionalCounts: CountKey[];
  askPlace: boolean;
  askPartners: boolean;
  /** A multi-choice list stored as tags ("topic:pensions", "channel:library"); `other` adds a free text. */
  tagList?: { field: 'topics' | 'channels'; prefix: 'topic' | 'channel'; values: readonly string[]; other: boolean };
  rules: ConsistencyRule[];
}

const DROP_IN_MAIN: CountKey[] = [
  'visitors',
  'offeredTalk',
  'wantedToTalk',
  'declined',
  'socialWorkMatters',
  'moneyOnlyRequests',
  'referred',
  'appointmentsBooked',
  'newClients',
];

/** The four service packages of the Varkaus seed (004). */
const SERVICE_PACKAGES: CountKey[] = [
  'guidanceSupport',
  'intensifiedSupport',
  'rehabilitativeSupport',
  'employmentPromotion',
];

export const SESSION_FORMS: Record<PilotKind, SessionForm> = {
  dropIn: {
    counts: DROP_IN_MAIN,
    essential: ['visitors', 'wantedToTalk', 'referred'],
    derived: [
      { key: 'offeredTalk', copy: 'visitors' },
      { key: 'declined', difference: ['offeredTalk', 'wantedToTalk'] },
    ],
    optionalCounts: SERVICE_PACKAGES,
    askPlace: true,
    askPartners: true,
    rules: [
      { parts: ['offeredTalk'], whole: 'visitors' },
      // People may ask for the social worker without being offered: wantedToTalk is bounded by visitors only.
      { parts: ['wantedToTalk'], whole: 'visitors' },
      { parts: ['declined'], whole: 'offeredTalk' },
      { parts: ['socialWorkMatters'], whole: 'visitors' },
      { parts: ['moneyOnlyRequests'], whole: 'visitors' },
      { parts: ['referred'], whole: 'visitors' },
      { parts: ['appointmentsBooked'], whole: 'visitors' },
      { parts: ['newClients'], whole: 'visitors' },
      { parts: SERVICE_PACKAGES, whole: 'visitors' },
    ],
  },
  appointment: {
    counts: ['appointments', 'walkIns', 'jointMeetings'],
    essential: ['appointments', 'walkIns', 'jointMeetings'],
    derived: [],
    optionalCounts: [],
    askPlace: true,
    askPartners: true,
    rules: [{ parts: ['jointMeetings'], whole: ['appointments', 'walkIns'] }],
  },
  phoneAdvisory: {
    counts: ['calls', 'adultServices', 'familyServices', 'handledAtOnce', 'passedOn'],
    essential: ['calls', 'handledAtOnce', 'passedOn'],
    derived: [],
    optionalCounts: [],
    askPlace: false,
    askPartners: false,
    rules: [
      { parts: ['adultServices', 'familyServices'], whole: 'calls' },
      { parts: ['handledAtOnce', 'passedOn'], whole: 'calls' },
    ],
  },
  popUp: {
    counts: ['attendees', 'contacts'],
    essential: ['attendees', 'contacts'],
    derived: [],
    optionalCounts: [],
    askPlace: true,
    askPartners: true,
    tagList: { field: 'channels', prefix: 'channel', values: MARKETING_CHANNELS, other: false },
    rules: [{ parts: ['contacts'], whole: 'attendees' }],
  },
  groupOutreach: {
    counts: ['participants', 'contacts'],
    essential: ['participants', 'contacts'],
    derived: [],
    optionalCounts: [],
    askPlace: true,
    askPartners: true,
    rules: [{ parts: ['contacts'], whole: 'participants' }],
  },
  kelaConsultation: {
    counts: ['casesConsulted', 'answered', 'referred', 'kelaAppointments'],
    essential: ['casesConsulted', 'answered', 'referred'],
    derived: [],
    optionalCounts: [],
    askPlace: false,
    askPartners: false,
    tagList: { field: 'topics', prefix: 'topic', values: CONSULTATION_TOPICS, other: true },
    rules: [{ parts: ['answered', 'referred', 'kelaAppointments'], whole: 'casesConsulted' }],
  },
};

/** The count a pilot of each kind is judged by first, shown in the weekly trend. */
export const MAIN_COUNT: Record<PilotKind, CountKey> = {
  dropIn: 'wantedToTalk',
  appointment: 'appointments',
  phoneAdvisory: 'calls',
  popUp: 'attendees',
  groupOutreach: 'participants',
  kelaConsultation: 'casesConsulted',
};

// ---------------------------------------------------------------------------------------------
// Reading a submitted session card
// ---------------------------------------------------------------------------------------------

export const MAX_NOTE_LENGTH = 500;
export const MAX_PLACE_LENGTH = 200;
export const MAX_OTHER_TOPIC_LENGTH = 200;
export const MAX_COUNT = 10000;

/** Card input id of a count, e.g. "c_visitors". */
export function countField(key: CountKey): string {
  return `c_${key}`;
}

/** Joins the count keys of one side of a rule in an `exceeds` error's params ("adultServices+familyServices"). */
export const RULE_KEY_SEPARATOR = '+';

export type SessionErrorCode =
  | 'required'
  | 'notWholeNumber'
  | 'negative'
  | 'tooLarge'
  | 'hoursRange'
  | 'hoursStep'
  | 'workersRange'
  | 'dateFormat'
  | 'dateInFuture'
  | 'dateBeforeStart'
  | 'tooLong'
  | 'identityCode'
  | 'exceeds'
  | 'unknownChoice'
  | 'contradictsEmpty';

/**
 * One problem with one card field. Params by code: tooLarge, tooLong { max }; dateInFuture { today };
 * dateBeforeStart { startDate } (ISO dates);
 * exceeds { parts, whole } (count keys joined by RULE_KEY_SEPARATOR) and { partsValue, wholeValue } (their sums).
 */
export type SessionFieldError = FieldError<SessionErrorCode>;

export type SessionDraft = Omit<Session, 'id' | 'pilotId' | 'loggedBy' | 'loggedAt'>;

export type ParseResult = { ok: true; value: SessionDraft } | { ok: false; errors: SessionFieldError[] };

function splitChoices(s: string | undefined): string[] {
  if (s === undefined) return [];
  return [
    ...new Set(
      s
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== ''),
    ),
  ];
}

type CountValue = number | 'empty' | 'invalid';

const asList = (k: CountKey | CountKey[]): CountKey[] => (Array.isArray(k) ? k : [k]);

/**
 * Reads and checks a submitted session card for a pilot of the given kind. Reports every
 * problem of every field at once, in card order; fields the kind does not ask for are ignored.
 * The kind's essential counts are required; any other count left empty is not given (not 0),
 * unless it follows from others (derived). `empty` ("Ei ketään tullut"): nobody came, so every
 * count is 0; a count typed above 0 contradicts that and is refused, keeping what was typed.
 */
export function parseSession(
  kind: PilotKind,
  input: Record<string, unknown>,
  ctx: { today: string; pilotStartDate: string },
  opts: { empty?: boolean } = {},
): ParseResult {
  const form = SESSION_FORMS[kind];
  const errors: SessionFieldError[] = [];
  const fail = (field: string, code: SessionErrorCode, params?: Record<string, string | number>) => {
    if (!errors.some((e) => e.field === field && e.code === code)) {
      errors.push(params ? { field, code, params } : { field, code });
    }
  };
  const value: SessionDraft = { date: '', hours: 0, counts: {} };

  // Date
  const date = inputText(input, 'date');
  if (date === undefined) fail('date', 'required');
  else if (!isCalendarDate(date)) fail('date', 'dateFormat');
  else {
    if (date > ctx.today) fail('date', 'dateInFuture', { today: ctx.today });
    if (date < ctx.pilotStartDate) fail('date', 'dateBeforeStart', { startDate: ctx.pilotStartDate });
    value.date = date;
  }

  // Hours
  const hours = readHours(inputText(input, 'hours'));
  if ('problem' in hours) fail('hours', hours.problem, { min: HOURS.min, max: HOURS.max });
  else value.hours = hours.value;

  // Staff time (optional): who worked and how long in all
  const workersRaw = inputText(input, 'workers');
  if (workersRaw !== undefined) {
    const n = parseDecimal(workersRaw);
    if (n === undefined || !Number.isInteger(n) || n < WORKERS.min || n > WORKERS.max)
      fail('workers', 'workersRange', { min: WORKERS.min, max: WORKERS.max });
    else value.workers = n;
  }
  const staffRaw = inputText(input, 'staffHours');
  if (staffRaw !== undefined) {
    const staff = readHours(staffRaw, STAFF_HOURS);
    if ('problem' in staff) fail('staffHours', staff.problem, { min: STAFF_HOURS.min, max: STAFF_HOURS.max });
    else value.staffHours = staff.value;
  }

  const freeText = (field: string, max: number): string | undefined => {
    const s = inputText(input, field);
    if (s === undefined) return undefined;
    // The identity code first: a card that shows one message a field must show this one.
    const hasCode = containsIdentityCode(s);
    if (hasCode) fail(field, 'identityCode');
    if (s.length > max) fail(field, 'tooLong', { max });
    return hasCode || s.length > max ? undefined : s;
  };

  if (form.askPlace) {
    const place = freeText('place', MAX_PLACE_LENGTH);
    if (place !== undefined) value.place = place;
  }

  if (form.askPartners) {
    const chosen = splitChoices(inputText(input, 'partnersPresent'));
    const unknown = chosen.filter((p) => !(PARTNERS as readonly string[]).includes(p));
    if (unknown.length > 0) fail('partnersPresent', 'unknownChoice');
    else if (chosen.length > 0) value.partnersPresent = PARTNERS.filter((p) => chosen.includes(p));
  }

  // Counts
  const counts = new Map<CountKey, CountValue>();
  const readCount = (key: CountKey, required: boolean) => {
    const field = countField(key);
    const s = inputText(input, field);
    if (s === undefined && opts.empty) {
      value.counts[key] = 0;
      counts.set(key, 0);
      return;
    }
    if (s === undefined) {
      if (required) fail(field, 'required');
      counts.set(key, required ? 'invalid' : 'empty');
      return;
    }
    const n = parseDecimal(s);
    let v: CountValue = 'invalid';
    if (n === undefined) fail(field, 'notWholeNumber');
    else if (n < 0) fail(field, 'negative');
    else if (!Number.isInteger(n)) fail(field, 'notWholeNumber');
    else if (n > MAX_COUNT) fail(field, 'tooLarge', { max: MAX_COUNT });
    else if (opts.empty && n > 0) fail(field, 'contradictsEmpty');
    else {
      v = n;
      value.counts[key] = n;
    }
    counts.set(key, v);
  };
  for (const key of form.counts) readCount(key, form.essential.includes(key));
  for (const key of form.optionalCounts) readCount(key, false);
  for (const d of form.derived) {
    if (counts.get(d.key) !== 'empty') continue;
    const from = 'copy' in d ? [d.copy] : d.difference;
    const values = from.map((k) => counts.get(k));
    if (!values.every((v): v is number => typeof v === 'number')) continue;
    const n = 'copy' in d ? values[0] : Math.max(0, values[0] - values[1]);
    value.counts[d.key] = n;
    counts.set(d.key, n);
  }

  for (const rule of form.rules) {
    const whole = asList(rule.whole);
    const all = [...rule.parts, ...whole];
    if (all.some((k) => counts.get(k) === 'invalid')) continue;
    const filledParts = rule.parts.filter((k) => typeof counts.get(k) === 'number');
    if (filledParts.length === 0 || whole.some((k) => counts.get(k) === 'empty')) continue;
    const sum = (keys: CountKey[]) => keys.reduce((acc, k) => acc + (value.counts[k] ?? 0), 0);
    const partsValue = sum(rule.parts);
    const wholeValue = sum(whole);
    if (partsValue > wholeValue) {
      fail(countField(filledParts[0]), 'exceeds', {
        parts: rule.parts.join(RULE_KEY_SEPARATOR),
        whole: whole.join(RULE_KEY_SEPARATOR),
        partsValue,
        wholeValue,
      });
    }
  }

  // Tag list and its free "other"
  if (form.tagList) {
    const { field, prefix, values } = form.tagList;
    const chosen = splitChoices(inputText(input, field)).map((v) =>
      v.startsWith(`${prefix}:`) ? v.slice(prefix.length + 1) : v,
    );
    const unknown = chosen.filter((v) => !values.includes(v));
    if (unknown.length > 0) fail(field, 'unknownChoice');
    else if (chosen.length > 0) value.tags = values.filter((v) => chosen.includes(v)).map((v) => `${prefix}:${v}`);
    if (form.tagList.other) {
      const other = freeText('otherTopic', MAX_OTHER_TOPIC_LENGTH);
      if (other !== undefined) value.otherTopic = other;
    }
  }

  const note = freeText('note', MAX_NOTE_LENGTH);
  if (note !== undefined) value.note = note;

  if (errors.length > 0) return { ok: false, errors: sortByCardOrder(kind, errors) };
  return { ok: true, value };
}

/** The card's field ids of a kind, top to bottom. */
export function sessionFields(kind: PilotKind): string[] {
  const form = SESSION_FORMS[kind];
  return [
    'date',
    'hours',
    'workers',
    'staffHours',
    ...(form.askPlace ? ['place'] : []),
    ...(form.askPartners ? ['partnersPresent'] : []),
    ...form.counts.map(countField),
    ...form.optionalCounts.map(countField),
    ...(form.tagList ? [form.tagList.field] : []),
    ...(form.tagList?.other ? ['otherTopic'] : []),
    'note',
  ];
}

function sortByCardOrder(kind: PilotKind, errors: SessionFieldError[]): SessionFieldError[] {
  const order = sessionFields(kind);
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => order.indexOf(a.e.field) - order.indexOf(b.e.field) || a.i - b.i)
    .map(({ e }) => e);
}

/** The card input of a saved session, to prefill an edit card: the inverse of parseSession. */
export function sessionToInput(s: SessionDraft): Record<string, string> {
  const input: Record<string, string> = { date: s.date, hours: String(s.hours) };
  if (s.workers !== undefined) input.workers = String(s.workers);
  if (s.staffHours !== undefined) input.staffHours = String(s.staffHours);
  if (s.place !== undefined) input.place = s.place;
  if (s.partnersPresent && s.partnersPresent.length > 0) input.partnersPresent = s.partnersPresent.join(',');
  for (const key of COUNT_KEYS) {
    const v = s.counts[key];
    if (v !== undefined) input[countField(key)] = String(v);
  }
  const byPrefix = (prefix: string) =>
    (s.tags ?? []).filter((t) => t.startsWith(`${prefix}:`)).map((t) => t.slice(prefix.length + 1));
  const topics = byPrefix('topic');
  const channels = byPrefix('channel');
  if (topics.length > 0) input.topics = topics.join(',');
  if (channels.length > 0) input.channels = channels.join(',');
  if (s.otherTopic !== undefined) input.otherTopic = s.otherTopic;
  if (s.note !== undefined) input.note = s.note;
  return input;
}

/**
 * A session's staff time: as given; else the slot's length times the people who worked it (one
 * when not given). Preparation, travel and recording count only when the staff time is given.
 */
export function staffHoursOf(s: Pick<Session, 'hours' | 'workers' | 'staffHours'>): number {
  return s.staffHours ?? s.hours * (s.workers ?? 1);
}
