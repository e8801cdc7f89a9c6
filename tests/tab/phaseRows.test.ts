/**
 * The tab's pilot page shows the three phases side by side by PHASE_ROWS. A question added to a
 * phase in bot/domain/phases.ts and left out of the rows would silently vanish from the page, so
 * every question of every phase must sit in exactly one row, and the rows name no other.
 */
import { QUESTIONS_BY_PHASE } from '../../bot/domain/phases';
import { PHASES } from '../../bot/domain/pilots';
import { PHASE_ROWS } from '../../tab/src/phases';

it.each(PHASES)('every %s question is in exactly one row of the tab, and no row names another', (phase) => {
  const inRows = PHASE_ROWS.flatMap((r) => r.questions[phase]);
  expect([...inRows].sort()).toEqual([...QUESTIONS_BY_PHASE[phase]].sort());
  expect(new Set(inRows).size).toBe(inRows.length);
});
