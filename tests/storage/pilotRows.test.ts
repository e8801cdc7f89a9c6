/**
 * The rows of a pilot's partition (bot/storage/pilotRows.ts): each codec reads back what it wrote,
 * history rows keep the column format stored data has, and the bench's raw floor, which writes
 * through the same codec, leaves the rows recordSession leaves.
 */
import { randomUUID } from 'node:crypto';
import { benchPilot, RawFloor, storedSession } from '../../bench/submit';
import { shapeOf } from '../../bench/sweep';
import type { HistoryEntry } from '../../bot/domain/history';
import type { Evaluation } from '../../bot/domain/phases';
import type { Session } from '../../bot/domain/sessions';
import { ROW, teamKey } from '../../bot/storage/keys';
import {
  type Entity,
  evaluationEntity,
  evaluationFrom,
  historyEntity,
  historyFrom,
  sessionEntity,
  sessionFrom,
} from '../../bot/storage/pilotRows';
import { PilotStore } from '../../bot/storage/pilots';
import type { Row } from '../../bot/storage/tables';
import { freshStore, testConnectionString } from '../harness/storage';

const asRead = (e: Entity): Row => ({ ...e, etag: 'W/"1"' });

const session: Session = {
  id: 'session-1',
  pilotId: 'pilot-1',
  date: '2026-03-02',
  hours: 1.5,
  counts: { visitors: 6, offeredTalk: 3, wantedToTalk: 2, declined: 1 },
  place: 'Diakonien päivystys',
  partnersPresent: ['parish'],
  note: 'Hiljainen aamu.',
  loggedBy: 'owner-1',
  loggedAt: '2026-03-02T10:00:00.000Z',
};

it('reads back the session and the evaluation it wrote; an empty answer is no column', () => {
  expect(sessionFrom('pilot-1', asRead(sessionEntity(session)))).toEqual(session);
  const e: Evaluation = {
    pilotId: 'pilot-1',
    phase: 'end',
    answers: { future: 'Enemmän kävijöitä kuin arvioimme.', takeaways: '' },
    decision: 'continueAsIs',
    updatedBy: 'owner-1',
    updatedAt: '2026-03-02T10:00:00.000Z',
  };
  const row = evaluationEntity(e);
  expect(Object.keys(row).filter((k) => k.startsWith('a_'))).toEqual(['a_future']);
  expect(evaluationFrom('pilot-1', 'end', asRead(row))).toEqual({
    ...e,
    answers: { future: 'Enemmän kävijöitä kuin arvioimme.' },
  });
});

it('writes history rows in the stored column format, and reads a cleared answer and decision back', () => {
  const saved: HistoryEntry = {
    at: '2026-03-02T10:00:00.000Z',
    by: 'owner-1',
    what: 'phaseSaved',
    phase: 'end',
    changed: ['future', 'takeaways'],
    answers: { future: 'Uusi vastaus.', takeaways: '' },
    decision: undefined,
  };
  expect(historyEntity('pilot-1', 'idem-1', saved)).toEqual({
    partitionKey: 'pilot-1',
    rowKey: ROW.history(saved.at, 'idem-1'),
    at: saved.at,
    by: 'owner-1',
    what: 'phaseSaved',
    phase: 'end',
    changed: '["future","takeaways"]',
    a_future: 'Uusi vastaus.',
    decision: '',
  });
  const { decision: _cleared, ...read } = saved;
  expect(historyFrom(asRead(historyEntity('pilot-1', 'idem-1', saved)))).toEqual(read);

  const edited: HistoryEntry = {
    at: '2026-03-03T10:00:00.000Z',
    by: 'owner-2',
    what: 'sessionEdited',
    sessionId: session.id,
    before: session,
    after: { ...session, hours: 2 },
  };
  const row = historyEntity('pilot-1', 'idem-2', edited);
  expect(Object.keys(row).sort()).toEqual(
    ['partitionKey', 'rowKey', 'at', 'by', 'what', 'sessionId', 'before', 'after'].sort(),
  );
  expect(historyFrom(asRead(row))).toEqual(edited);
});

it("the bench's raw floor leaves the session, marker, totals and index rows recordSession leaves", async () => {
  const store = await freshStore();
  const pilots = new PilotStore(store);
  const [viaBot, viaFloor] = [benchPilot('Bench: recordSession'), benchPilot('Bench: raw floor')];
  for (const p of [viaBot, viaFloor]) {
    const r = await pilots.createPilotWithStart(p, { answers: {}, by: p.createdBy, at: p.createdAt });
    expect(r.created).toBe(true);
  }
  expect((await pilots.recordSession(storedSession(viaBot, 0), randomUUID())).recorded).toBe(true);
  const floorSession = storedSession(viaFloor, 0);
  const idem = randomUUID();
  await new RawFloor(testConnectionString(), store.prefix).submit(floorSession, idem);

  const pilotsClient = store.table('pilots').client;
  const teamsClient = store.table('teams').client;
  const shapes = async (pilotId: string, sessionKey: string, marker: string) => [
    await shapeOf(pilotsClient, pilotId, sessionKey),
    await shapeOf(pilotsClient, pilotId, marker),
    await shapeOf(pilotsClient, pilotId, ROW.totals),
    await shapeOf(teamsClient, teamKey(viaBot.team), ROW.pilotIndex(pilotId)),
  ];
  const [botSession] = await pilots.listSessions(viaBot.id);
  const botMarker = (await store.table('pilots').range(viaBot.id, ROW.idempotency(''), ROW.idempotency('~')))[0];
  expect(await shapes(viaFloor.id, ROW.session(floorSession.id), ROW.idempotency(idem))).toEqual(
    await shapes(viaBot.id, ROW.session(botSession.id), botMarker.rowKey),
  );
  expect((await pilots.getPilot(viaFloor.id))?.totals).toEqual((await pilots.getPilot(viaBot.id))?.totals);
});
