/** The storage layer against the run's real Azurite: rows, transactions, ETags, keys. */
import { AlreadyExistsError, ConflictError } from '../../bot/storage/errors';
import { escapeKey, unescapeKey } from '../../bot/storage/keys';
import type { TableStore } from '../../bot/storage/tables';
import { freshStore } from '../harness/storage';

let store: TableStore;
beforeAll(async () => {
  store = await freshStore();
});

describe('Table', () => {
  it('writes a row and reads it back; an absent row reads as undefined', async () => {
    const t = store.table('teams');
    await t.create({ partitionKey: 'p1', rowKey: 'r1', text: 'Kohderyhmä: diakonien päivystyksessä käyvät', n: 4 });
    const row = await t.get('p1', 'r1');
    expect(row).toMatchObject({
      partitionKey: 'p1',
      rowKey: 'r1',
      text: 'Kohderyhmä: diakonien päivystyksessä käyvät',
      n: 4,
    });
    expect(row?.etag).toMatch(/.+/);
    expect(await t.get('p1', 'missing')).toBeUndefined();
  });

  it('a second insert of the same row is an AlreadyExistsError', async () => {
    const t = store.table('teams');
    await t.create({ partitionKey: 'p2', rowKey: 'r', v: 1 });
    await expect(t.create({ partitionKey: 'p2', rowKey: 'r', v: 2 })).rejects.toBeInstanceOf(AlreadyExistsError);
    expect((await t.get('p2', 'r'))?.v).toBe(1);
  });

  it('a write with a stale ETag is a ConflictError (412) and changes nothing', async () => {
    const t = store.table('pilots');
    await t.create({ partitionKey: 'p3', rowKey: 'totals', sessions: 0 });
    const first = await t.get('p3', 'totals');
    const second = await t.get('p3', 'totals');
    await t.replace({ partitionKey: 'p3', rowKey: 'totals', sessions: 1 }, first!.etag);
    const stale = t.replace({ partitionKey: 'p3', rowKey: 'totals', sessions: 99 }, second!.etag);
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    expect((await t.get('p3', 'totals'))?.sessions).toBe(1);
  });

  it('a transaction in one partition writes all of its rows', async () => {
    const t = store.table('pilots');
    await t.transact([
      ['create', { partitionKey: 'p4', rowKey: 'session|a', hours: 2 }],
      ['create', { partitionKey: 'p4', rowKey: 'session|b', hours: 2 }],
      ['upsert', { partitionKey: 'p4', rowKey: 'totals', sessions: 2, hours: 4 }],
    ]);
    const rows = await t.range('p4', '', '~');
    expect(rows.map((r) => r.rowKey)).toEqual(['session|a', 'session|b', 'totals']);
  });

  it('a transaction that fails on one row writes none of them', async () => {
    const t = store.table('pilots');
    await t.create({ partitionKey: 'p5', rowKey: 'session|dup', hours: 2 });
    const tx = t.transact([
      ['create', { partitionKey: 'p5', rowKey: 'session|new', hours: 2 }],
      ['upsert', { partitionKey: 'p5', rowKey: 'totals', sessions: 2 }],
      ['create', { partitionKey: 'p5', rowKey: 'session|dup', hours: 3 }],
    ]);
    await expect(tx).rejects.toBeInstanceOf(AlreadyExistsError);
    expect(await t.get('p5', 'session|new')).toBeUndefined();
    expect(await t.get('p5', 'totals')).toBeUndefined();
  });

  it('a transaction whose ETag-guarded update lost the race is a ConflictError and rolls back', async () => {
    const t = store.table('pilots');
    await t.create({ partitionKey: 'p6', rowKey: 'totals', sessions: 0 });
    const seen = await t.get('p6', 'totals');
    await t.replace({ partitionKey: 'p6', rowKey: 'totals', sessions: 1 }, seen!.etag);
    const tx = t.transact([
      ['create', { partitionKey: 'p6', rowKey: 'session|x', hours: 2 }],
      ['update', { partitionKey: 'p6', rowKey: 'totals', sessions: 5 }, 'Replace', { etag: seen!.etag }],
    ]);
    await expect(tx).rejects.toBeInstanceOf(ConflictError);
    expect(await t.get('p6', 'session|x')).toBeUndefined();
    expect((await t.get('p6', 'totals'))?.sessions).toBe(1);
  });

  it('range reads exactly the rows of one prefix', async () => {
    const t = store.table('teams');
    const actions = Array.from(
      { length: 100 },
      (_, i) => ['create', { partitionKey: 'p7', rowKey: `pilot|${String(i).padStart(3, '0')}` }] as const,
    );
    await t.transact(actions.map(([a, e]) => [a, { ...e }]));
    await t.create({ partitionKey: 'p7', rowKey: 'team' });
    await t.create({ partitionKey: 'p7', rowKey: 'pilos' });
    const rows = await t.range('p7', 'pilot|', 'pilot}');
    expect(rows).toHaveLength(100);
    expect(rows.every((r) => r.rowKey.startsWith('pilot|'))).toBe(true);
  });
});

describe('keys', () => {
  it('escape what Table Storage forbids, and come back unchanged', () => {
    for (const raw of ['19:abc@thread.tacv2', 'a/b\\c#d?e%f~g', 'tab\there', 'a:1personal;messageid=123']) {
      const key = escapeKey(raw);
      // eslint-disable-next-line no-control-regex
      expect(key).not.toMatch(/[/\\#?%\u0000-\u001f]/);
      expect(unescapeKey(key)).toBe(raw);
    }
  });

  it('work as real keys in Azurite, including characters Teams ids carry', async () => {
    const t = store.table('conversations');
    const pk = escapeKey('tenant/with#odd?chars');
    const rk = escapeKey("19:x@thread.tacv2;messageid=1/2'quote");
    await t.create({ partitionKey: pk, rowKey: rk, v: 1 });
    expect((await t.get(pk, rk))?.v).toBe(1);
    expect(await t.range(pk, '', '~~')).toHaveLength(1);
  });
});

describe('TableStore', () => {
  it('createTables is idempotent, and ping answers true while Azurite runs', async () => {
    await store.createTables();
    expect(await store.ping()).toBe(true);
  });
});
