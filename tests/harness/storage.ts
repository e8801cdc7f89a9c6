/** Storage for tests: the run's real Azurite, with tables of a fresh prefix per call. */
import { randomBytes } from 'node:crypto';
import { TableStore } from '../../bot/storage/tables';

export function testConnectionString(): string {
  const cs = process.env.POLKU_TEST_STORAGE;
  if (!cs) throw new Error('POLKU_TEST_STORAGE is not set: run the tests through jest (globalSetup starts Azurite)');
  return cs;
}

export function uniquePrefix(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

export async function freshStore(): Promise<TableStore> {
  const store = new TableStore({ mode: 'connectionString', connectionString: testConnectionString() }, uniquePrefix());
  await store.createTables();
  return store;
}
