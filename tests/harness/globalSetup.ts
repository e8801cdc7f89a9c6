/** One in-memory Azurite for the whole test run; each test file uses its own table prefix. */
import { startAzurite, type EmbeddedAzurite } from '../../bot/storage/azurite';

declare global {
  var __POLKU_AZURITE__: EmbeddedAzurite | undefined;
}

export default async function globalSetup(): Promise<void> {
  const azurite = await startAzurite({ inMemory: true });
  globalThis.__POLKU_AZURITE__ = azurite;
  process.env.POLKU_TEST_STORAGE = azurite.connectionString;
}
