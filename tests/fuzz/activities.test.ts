/**
 * Bad input: generated activities and card payloads POSTed to /api/messages of a real server on
 * the test Azurite. Two tenants, a team and a pilot in each; the generated input acts as people
 * of tenant A. Every answer must be a 2xx/4xx that explains (a card, or an error with a
 * message), the server must stay up and log no error, nothing may leak tenant B's pilot, and
 * tenant B's pilot, sessions, totals and history must stay exactly as they were.
 *
 * FUZZ_RUNS sets the number of cases (500 by default; `npm run test:fuzz` runs 10,000).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { pilotFromSeed } from '../../bot/demo/load';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { PHASES, type Pilot } from '../../bot/domain/pilots';
import { countField, SESSION_FORMS } from '../../bot/domain/sessions';
import { PilotStore } from '../../bot/storage/pilots';
import { type Card, inputsOf, press } from '../harness/cardForm';
import { FakeConnector } from '../harness/connector';
import { startTestPolku, type TestPolku } from '../harness/polku';
import {
  type Activity,
  BOT,
  CHANNEL,
  DEACON,
  OWNER,
  type Scope,
  TEAM,
  TeamsClient,
  TENANT,
  USER,
} from '../harness/teams';

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);

/** Tenant B: another municipality, its team and its one member. */
const TENANT_B = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const TEAM_B = { id: '19:turku-team@thread.tacv2', name: 'Turun aikuissosiaalityö', aadGroupId: 'g-turku' };
const CHANNEL_B = { id: '19:turku-channel@thread.tacv2', name: 'Kokeilut' };
const USER_B = { id: '29:user-bertta', name: 'Bertta Bäck', aadObjectId: 'b1b2c3d4-0000-4000-8000-00000000000b' };

const VERBS = [
  'help',
  'pilot',
  'newPilot',
  'pilotDetails',
  'pilotBack',
  'createPilot',
  'cancelNewPilot',
  'openPhase',
  'savePhase',
  'pilots',
  'logSession',
  'saveSession',
  'sessions',
  'editSession',
  'updateSession',
  'deleteSession',
  'status',
  'snooze',
  'promptsOff',
  'reminderSettings',
  'saveReminderSettings',
  'deletePilotAsk',
  'deletePilot',
  'myData',
  'forgetMeAsk',
  'forgetMe',
  'editPilot',
  'savePilotEdit',
  'answerWarning',
] as const;

let polku: TestPolku;
let connector: FakeConnector;
let pilots: PilotStore;
let pilotA: Pilot;
let pilotB: Pilot;
/** Ids and payloads the generators draw on, known once the setup has run. */
const known = {
  sessionA: '',
  sessionB: '',
  etagB: '',
  sessionForm: {} as Record<string, string>,
  detailsForm: {} as Record<string, string>,
};
let snapshotB = '';

async function seedPilot(team: { tenantId: string; teamId: string }, user: typeof USER, key: string): Promise<Pilot> {
  const seed = SEED_PILOTS.find((p) => p.key === key)!;
  const at = new Date().toISOString();
  const pilot: Pilot = {
    ...pilotFromSeed(seed, { id: randomUUID(), team, owner: user.aadObjectId, at }),
    name: `${seed.name} ${randomUUID().slice(0, 8)}`,
    ownerNames: { [user.aadObjectId]: user.name },
  };
  const r = await pilots.createPilotWithStart(pilot, {
    answers: seed.evaluations.start ?? {},
    by: user.aadObjectId,
    at,
  });
  expect(r.created).toBe(true);
  return pilot;
}

/** Everything Polku holds about tenant B's pilot and team, as one comparable string. */
async function stateOfB(): Promise<string> {
  const summary = await pilots.getPilot(pilotB.id);
  const phases = await Promise.all(PHASES.map((p) => pilots.getPhase(pilotB.id, p)));
  return JSON.stringify({
    summary,
    sessions: await pilots.listSessions(pilotB.id),
    history: await pilots.listHistory(pilotB.id),
    phases,
    teamPilots: (await pilots.listTeamPilots({ tenantId: TENANT_B, teamId: TEAM_B.id })).map((s) => s.pilot.id),
    teamName: await pilots.teamName({ tenantId: TENANT_B, teamId: TEAM_B.id }),
  });
}

const clientA = (scope: Scope) =>
  new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope, locale: 'fi-FI' });

/** Logs one session in a pilot through the bot, as the given client; returns its id. */
async function logOne(c: TeamsClient, pilot: Pilot): Promise<{ form: Card; sessionId: string }> {
  const form = (await c.send(c.execute('logSession', { pilotId: pilot.id }))).body as { value: Card };
  const kind = SESSION_FORMS[pilot.kind];
  const typed: Record<string, string> = { date: pilot.startDate, hours: '2' };
  for (const k of kind.counts) typed[countField(k)] = '0';
  const saved = await press(c, form.value, 'Tallenna kirjaus', typed);
  expect(saved.status).toBe(200);
  const sessions = await pilots.listSessions(pilot.id);
  return { form: form.value, sessionId: sessions[0].id };
}

beforeAll(async () => {
  connector = await new FakeConnector().start();
  connector.members.set(TEAM.id, [OWNER, DEACON]);
  connector.members.set(TEAM_B.id, [{ ...USER_B, userRole: 'user' }]);
  polku = await startTestPolku();
  pilots = new PilotStore(polku.store);
  pilotA = await seedPilot({ tenantId: TENANT, teamId: TEAM.id }, USER, 'raisio-parish-dropin');
  pilotB = await seedPilot({ tenantId: TENANT_B, teamId: TEAM_B.id }, USER_B, 'raisio-parish-dropin');
  await pilots.ensureTeam({ tenantId: TENANT_B, teamId: TEAM_B.id }, { name: TEAM_B.name });

  // One session in each pilot, logged through the bot by a member of its own team.
  const a = await logOne(clientA('channel'), pilotA);
  known.sessionA = a.sessionId;
  known.sessionForm = inputsOf(a.form);
  const b = new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope: 'channel', locale: 'fi-FI' });
  const asB = Object.create(b) as TeamsClient;
  asB.base = (extra = {}) => {
    const x = b.base({ from: USER_B, ...extra });
    x.channelData = { tenant: { id: TENANT_B }, team: TEAM_B, channel: CHANNEL_B };
    x.conversation = { id: CHANNEL_B.id, conversationType: 'channel', tenantId: TENANT_B, isGroup: true };
    return x;
  };
  known.sessionB = (await logOne(asB, pilotB)).sessionId;
  known.etagB = (await pilots.getSession(pilotB.id, known.sessionB))!.etag;
  expect((await pilots.getPilot(pilotB.id))!.totals.sessions).toBe(1);

  // The new-pilot form's own values, for createPilot payloads that get far.
  const np = (await clientA('channel').send(clientA('channel').execute('newPilot'))).body as { value: Card };
  known.detailsForm = inputsOf(np.value);

  snapshotB = await stateOfB();
  connector.clear();
}, 60_000);

afterAll(async () => {
  await polku?.stop();
  await connector?.stop();
});

// ---- Generators ------------------------------------------------------------------------------

/** Strings that hurt: unicode, control characters, markup, OData and path syntax, up to 100 KB. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e\u2066',
    '\ud800',
    '<at>Polku</at>',
    '<script>alert(1)</script>',
    "' or PartitionKey ne '",
    '__proto__',
    'constructor',
    'toString',
    '../..',
    '%2e%2e%2f',
    'uusi kokeilu',
    'kirjaa',
    'tila',
    'ohje',
    'NaN',
    '-1',
    '1e308',
  ),
  fc
    .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }), fc.integer({ min: 1_000, max: 100_000 }))
    .map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n)),
);

/** Any JSON value of a wrong type for a field. */
const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

const anyValue = fc.oneof({ weight: 3, arbitrary: nasty }, { weight: 2, arbitrary: wrongType });

/** Placeholders in generated values, replaced by the setup's ids when the activity is built. */
const REFS: Record<string, () => string> = {
  $pilotA: () => pilotA.id,
  $pilotB: () => pilotB.id,
  $sessionA: () => known.sessionA,
  $sessionB: () => known.sessionB,
  $etagB: () => known.etagB,
  $nameB: () => pilotB.name,
};
function resolve(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(/\$(pilotA|pilotB|sessionA|sessionB|etagB|nameB)/g, (m) => REFS[m]());
  if (Array.isArray(v)) return v.map(resolve);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
  return v;
}

/** Pilot ids: the caller's own, tenant B's, random, and forged shapes of both. */
const pilotId = fc.oneof(
  fc.constantFrom('$pilotA', '$pilotB', ' $pilotB', '$pilotB\u0000', '$pilotB ', '$pilotA$pilotB'),
  fc.uuid(),
  fc
    .tuple(fc.constantFrom('/', '\\', '#', '?', '%', '..', '../', '%2F', "'", '*', ''), fc.boolean())
    .map(([sep, b]) => (b ? `$pilotB${sep}` : `..${sep}$pilotB`)),
  fc.tuple(fc.constantFrom('/', '\\', '#', '?', '%', '..'), fc.uuid()).map(([sep, u]) => `$pilotA${sep}${u}`),
  anyValue,
);

const sessionId = fc.oneof(fc.constantFrom('$sessionA', '$sessionB'), fc.uuid(), anyValue);

const FIELDS = [
  'pilotId',
  'teamId',
  'teamName',
  'idem',
  'etag',
  'phase',
  'sessionId',
  'date',
  'hours',
  'name',
  'kind',
  'days',
  'slotDate',
  'sessionPrompts',
  'owners',
  'verb',
  'step',
];

/** A card's data: random fields, or a real form's data with some fields forged or broken. */
const cardData = fc.record({
  shape: fc.constantFrom('empty', 'random', 'session', 'details'),
  pilotId,
  sessionId,
  extra: fc.dictionary(fc.constantFrom(...FIELDS), anyValue, { maxKeys: 5 }),
  idem: fc.oneof(fc.uuid(), fc.constant(''), fc.constant('$pilotB')),
  phase: fc.constantFrom(undefined, ...PHASES, 'start ', 'none'),
  teamId: fc.oneof(fc.constant(TEAM.id), fc.constant(TEAM_B.id), fc.constant(CHANNEL.id), nasty),
  // The name that confirms deleting a pilot: tenant B's pilot's own, or anything.
  confirmName: fc.oneof(fc.constant('$nameB'), nasty),
});
type CardData = typeof cardData extends fc.Arbitrary<infer T> ? T : never;

function dataOf(d: CardData): Record<string, unknown> {
  const base: Record<string, unknown> =
    d.shape === 'session'
      ? { ...known.sessionForm, pilotId: d.pilotId, sessionId: d.sessionId, etag: '$etagB' }
      : d.shape === 'details'
        ? { ...known.detailsForm, teamId: d.teamId, teamName: TEAM_B.name }
        : d.shape === 'random'
          ? { pilotId: d.pilotId, sessionId: d.sessionId, teamId: d.teamId }
          : {};
  if (d.phase) base.phase = d.phase;
  base.idem = d.idem;
  base.confirmName = d.confirmName;
  return resolve({ ...base, ...d.extra }) as Record<string, unknown>;
}

type Envelope = 'personal' | 'groupChat' | 'channel';
type Spec =
  | { execute: { verb: unknown; data: CardData } }
  | { invoke: { name: string; value: unknown } }
  | { message: { text: string; value: unknown; submit?: { verb: string; data: CardData } } }
  | { install: { action: string } }
  | { update: { added: unknown; removed: unknown } }
  | { other: { type: string } }
  | { raw: unknown }
  | { rawBody: { body: string; contentType: string } };

/** Changes to a well-formed envelope: fields removed, of a wrong type, or other tenants' ids. */
type Change =
  | { none: true }
  | { remove: string }
  | { set: string; to: unknown }
  | { tenantB: 'channelData' | 'team' | 'conversation' | 'groupId' }
  | { from: 'deacon' | { id: string; name: string } };
const envelopeChange: fc.Arbitrary<Change> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ none: true as const }) },
  fc
    .constantFrom('from', 'recipient', 'channelData', 'conversation', 'locale', 'timestamp', 'id', 'channelId')
    .map((k) => ({ remove: k })),
  fc
    .tuple(fc.constantFrom('from', 'recipient', 'channelData', 'conversation', 'locale', 'text', 'entities'), wrongType)
    .map(([k, to]) => ({ set: k, to })),
  fc.tuple(fc.constantFrom('locale', 'text', 'name', 'replyToId'), nasty).map(([k, to]) => ({ set: k, to })),
  // Tenant B's ids in channelData or the conversation (never both its tenant and team: see guardTenantB).
  fc.constantFrom('channelData', 'team', 'conversation', 'groupId').map((w) => ({ tenantB: w as 'team' })),
  // Someone else of tenant A acting, or a stranger.
  fc.constant({ from: 'deacon' as const }),
  fc.record({ id: nasty, name: nasty }).map((f) => ({ from: f })),
);

function applyChange(a: Activity, c: Change): Activity {
  if ('remove' in c) {
    const out = { ...a };
    delete out[c.remove];
    return out;
  }
  if ('set' in c) return { ...a, [c.set]: c.to };
  if ('tenantB' in c) {
    const cd = a.channelData as object;
    if (c.tenantB === 'channelData') return { ...a, channelData: { ...cd, tenant: { id: TENANT_B } } };
    if (c.tenantB === 'team') return { ...a, channelData: { ...cd, team: TEAM_B } };
    if (c.tenantB === 'groupId') return { ...a, conversation: { ...(a.conversation as object), id: TEAM_B.id } };
    return {
      ...a,
      conversation: { ...(a.conversation as object), tenantId: TENANT_B },
      channelData: { team: TEAM_B, channel: CHANNEL_B },
    };
  }
  if ('from' in c) {
    if (c.from === 'deacon') return { ...a, from: { ...DEACON } };
    return { ...a, from: { id: `29:${c.from.id.slice(0, 200)}`, name: c.from.name, aadObjectId: c.from.id } };
  }
  return a;
}

/** Odd member lists for conversationUpdates. */
const memberList = fc.oneof(
  wrongType,
  fc.array(
    fc.oneof(
      fc.constant({ id: BOT.id }),
      fc.constant({ ...USER_B }),
      fc.constant({ ...DEACON }),
      fc.record({ id: anyValue, aadObjectId: anyValue, name: anyValue }, { requiredKeys: [] }),
      wrongType,
    ),
    { maxLength: 6 },
  ),
);

const verb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom<unknown>(...VERBS) }, { weight: 1, arbitrary: anyValue });

/** One generated request: a Teams-shaped activity, broken in some way, or a body that is none. */
const request = fc.record({
  scope: fc.constantFrom<Envelope>('personal', 'groupChat', 'channel'),
  change: envelopeChange,
  spec: fc.oneof(
    // Action.Execute invokes: every known verb with random data, unknown verbs.
    { weight: 6, arbitrary: fc.record({ verb, data: cardData }).map((execute): Spec => ({ execute })) },
    // Invokes with odd values or names.
    {
      weight: 2,
      arbitrary: fc
        .record({
          name: fc.constantFrom(
            'adaptiveCard/action',
            'task/fetch',
            'composeExtension/query',
            'signin/verifyState',
            '',
          ),
          value: fc.oneof(
            wrongType,
            fc.record(
              {
                action: fc.oneof(wrongType, fc.record({ type: anyValue, verb: anyValue, data: anyValue })),
                trigger: anyValue,
              },
              { requiredKeys: [] },
            ),
          ),
        })
        .map((invoke): Spec => ({ invoke })),
    },
    // Messages: text, and Action.Submit values holding verbs.
    {
      weight: 3,
      arbitrary: fc
        .record({
          text: nasty,
          value: fc.option(wrongType),
          submit: fc.option(fc.record({ verb: fc.constantFrom(...VERBS), data: cardData }), { nil: undefined }),
        })
        .map((message): Spec => ({ message })),
    },
    // conversationUpdates and installationUpdates.
    { weight: 2, arbitrary: fc.record({ added: memberList, removed: memberList }).map((update): Spec => ({ update })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('add', 'remove', 'upgrade', '').map((action): Spec => ({ install: { action } })),
    },
    // Other activity types and fully random JSON.
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.constantFrom('event', 'typing', 'messageReaction', 'endOfConversation', 'delete'), nasty)
        .map((type): Spec => ({ other: { type } })),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((raw): Spec => ({ raw })) },
    // Bodies that are not JSON, or not what they say.
    {
      weight: 1,
      arbitrary: fc
        .record({
          body: fc.oneof(nasty, fc.constantFrom('{', '{"type":', 'null', '[]', '"x"', '{"type":"message"}')),
          contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
        })
        .map((rawBody): Spec => ({ rawBody })),
    },
  ),
});

/** Builds the activity a generated request stands for, as people of tenant A would send it. */
function build(scope: Envelope, spec: Spec, change: Change): unknown {
  const c = clientA(scope);
  let a: Activity;
  if ('execute' in spec) a = c.execute(resolve(spec.execute.verb) as string, dataOf(spec.execute.data));
  else if ('invoke' in spec) a = c.base({ type: 'invoke', name: spec.invoke.name, value: resolve(spec.invoke.value) });
  else if ('message' in spec) {
    const { text, value, submit } = spec.message;
    const v = submit ? { ...dataOf(submit.data), verb: submit.verb } : value;
    a = c.message(text, v === null || v === undefined ? {} : { value: v });
  } else if ('install' in spec) a = c.base({ type: 'installationUpdate', action: spec.install.action });
  else if ('update' in spec) {
    a = c.base({ type: 'conversationUpdate', membersAdded: spec.update.added, membersRemoved: spec.update.removed });
  } else if ('other' in spec) a = c.base({ type: spec.other.type });
  else if ('raw' in spec) return spec.raw;
  else return undefined;
  a.replyToId = 'card-message-1';
  return guardTenantB(applyChange(a, change));
}

/** As the bot reads them: the activity's tenant and the team it happens in. */
function tenantAndTeam(a: Activity): { tenant?: unknown; team?: unknown } {
  const cd = (a.channelData ?? undefined) as { tenant?: { id?: unknown }; team?: { id?: unknown } } | undefined;
  const conv = (a.conversation ?? undefined) as { tenantId?: unknown; id?: unknown; conversationType?: unknown };
  const tenant = cd?.tenant?.id ?? conv?.tenantId;
  const team = cd?.team?.id ?? (conv?.conversationType === 'groupChat' ? conv.id : undefined);
  return { tenant, team };
}

/**
 * An activity that names both tenant B and its team is, to the bot, tenant B's own conversation:
 * Teams vouches for that envelope (Bot Framework tokens), so a forgery of all of it is the
 * security tests' business. The fuzz keeps the acting side in tenant A.
 */
function guardTenantB(a: Activity): Activity {
  const { tenant, team } = tenantAndTeam(a);
  if (tenant === TENANT_B && (team === TEAM_B.id || team === CHANNEL_B.id)) {
    return { ...a, channelData: { ...((a.channelData as object) ?? {}), tenant: { id: TENANT } } };
  }
  return a;
}

async function post(spec: Spec, built: unknown): Promise<{ status: number; text: string }> {
  const init: RequestInit =
    'rawBody' in spec
      ? {
          method: 'POST',
          headers: spec.rawBody.contentType ? { 'content-type': spec.rawBody.contentType } : {},
          body: spec.rawBody.body,
        }
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(built) };
  const res = await fetch(`${polku.url}/api/messages`, init);
  return { status: res.status, text: await res.text() };
}

function isCard(b: unknown): boolean {
  const o = b as { type?: unknown; value?: { type?: unknown } } | undefined;
  return o?.type === 'application/vnd.microsoft.card.adaptive' && o.value?.type === 'AdaptiveCard';
}

function isErrorWithMessage(b: unknown): boolean {
  const o = b as { value?: { message?: unknown }; message?: unknown; error?: unknown } | undefined;
  return (
    typeof o?.value?.message === 'string' ||
    typeof o?.message === 'string' ||
    typeof o?.error === 'string' ||
    typeof (o?.error as { message?: unknown } | undefined)?.message === 'string'
  );
}

const errorLines = (from: number) => polku.logs.slice(from).filter((l) => l.includes('"level":50'));

describe('generated activities and card payloads', () => {
  it(
    'are each answered with a 2xx/4xx that explains, without an error, a leak or a write to tenant B',
    async () => {
      await fc.assert(
        fc.asyncProperty(request, async ({ scope, spec, change }) => {
          connector.clear();
          const logsFrom = polku.logs.length;
          const built = build(scope, spec, change);
          const { status, text } = await post(spec, built);
          await new Promise((r) => setImmediate(r));

          expect(status).toBeGreaterThanOrEqual(200);
          expect(status).toBeLessThan(500);
          const isInvoke =
            !!built && typeof built === 'object' && (built as Activity).type === 'invoke' && status < 300;
          if (isInvoke && (built as Activity).name === 'adaptiveCard/action') {
            const answer: unknown = text ? JSON.parse(text) : undefined;
            expect(isCard(answer) || isErrorWithMessage(answer)).toBe(true);
          }
          if (status >= 400) {
            const answer: unknown = JSON.parse(text || 'null');
            expect(isCard(answer) || isErrorWithMessage(answer)).toBe(true);
          }
          // B's name must not come from Polku. A refused confirmation hands back what the caller
          // typed, in the field's value: when the request itself held the name, that one place is allowed.
          const typed = JSON.stringify(built ?? '').includes(pilotB.name);
          const leaks = (s: string) =>
            s.split(pilotB.name).length - 1 - (typed ? s.split(`"value":"${pilotB.name}"`).length - 1 : 0);
          expect(leaks(text)).toBe(0);
          expect(leaks(JSON.stringify([connector.sent, connector.updated]))).toBe(0);
          expect(errorLines(logsFrom)).toEqual([]);
          // The cheap check every case (one read); the whole of B's state at the end.
          expect((await pilots.getPilot(pilotB.id))?.totals).toEqual(JSON.parse(snapshotB).summary.totals);
        }),
        { numRuns: RUNS, endOnFailure: false, interruptAfterTimeLimit: 20 * 60_000 },
      );
      const health = await fetch(`${polku.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await stateOfB()).toBe(snapshotB);
      expect(errorLines(0)).toEqual([]);
    },
    30 * 60_000,
  );
});
